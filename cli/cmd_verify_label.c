/*
 * cmd_verify_label.c - txng verify-label: is this label genuine?
 *
 * Takes a photo or scan (PNG, JPEG: qr/decode.h) or the URI itself, checks
 * the Digital Link syntax and check digits (qr/label.h), the AI 8030
 * signature against --key or against every key the log (or bundle) has
 * enrolled (the signature carries no key hint: a log has a handful of keys,
 * and trying each costs one Ed25519 verification), and with -d or --bundle
 * what the records say of the unit: packed, from which lot, best before
 * when, harvested when, recalled, claimed, refused claim attempts
 * (core/claim.h). Facts go to standard output one per line, then a verdict
 * in words.
 *
 * The text of the code is untrusted: it is printed through cli_print_safe()
 * (txng_label_parse() refuses control characters anyway), and a refusal is a
 * JSON object too when --json is given, so a program reading standard output
 * always gets one.
 *
 * A bundle is read whole into memory, checked by txng_bundle_verify(), and
 * only then are its records read (txng_bundle_records()), from the same
 * bytes: what was verified is what is read. The unit's state comes from
 * core/claim.c either way, txng_claim_info_get() for a log and
 * txng_claim_info_bundle() for a bundle, so both give one verdict.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/bundle.h"
#include "core/claim.h"
#include "core/trace.h"
#include "qr/decode.h"
#include "qr/label.h"

static const char options[] =
    N_("options:\n"
       "  -k, --key VKEY     check the signature (AI 8030) with this verifier key;\n"
       "                     with --bundle, the verifier key of the bundle's log\n"
       "  -d, --dir DIR      check the signature with the keys enrolled in this log,\n"
       "                     and whether the unit was packed, recalled or claimed\n"
       "  -b, --bundle FILE  the same from a bundle (txng export), verified first\n"
       "  -j, --json         print the result as JSON\n"
       "  -h, --help         show this help\n"
       "IMAGE is a PNG or JPEG photo or scan holding one QR code; URI is the text of\n"
       "the code (anything with \"://\" or starting with \"urn:\" is taken as a URI).\n"
       "Exit status: 0 the label checks out, 1 it does not (bad signature, unknown or\n"
       "recalled unit, lot or dates that differ from the log, no code in the image),\n"
       "2 usage, 3 could not run.\n");

/* Most harvest dates kept: a lot comes from a few harvests. */
#define MAX_HARVESTS 64

/* What the log or bundle says of the unit. */
struct facts {
    txng_claim_info info;
    char            best_before[40];           /* txng:bestBefore of the pack record, or "" */
    char            harvest[MAX_HARVESTS][40]; /* eventTime of harvests upstream of the lot */
    size_t          nharvest;
};

/* Keys enrolled in a bundle, by position. */
struct keys {
    txng_key_info *v;
    size_t         n;
};

struct sig_check {
    const txng_label *label;
    bool              found;
    txng_key_info     key;
};

static txng_err
try_key(void *ctx, const txng_key_info *key)
{
    struct sig_check *s = ctx;

    if (!s->found && txng_label_verify(s->label, &key->key, NULL) == TXNG_OK) {
        s->found = true;
        s->key   = *key;
    }
    return TXNG_OK;
}

/* @p s escaped by cli_print_safe(), malloc'd; NULL when out of memory. */
static char *
safe_text(const char *s)
{
    char  *out = NULL;
    size_t len = 0;
    FILE  *f   = open_memstream(&out, &len);

    if (f == NULL)
        return NULL;
    cli_print_safe(f, s, strlen(s));
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void
print_json(json_t *j)
{
    char *s = j != NULL ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

    if (s != NULL)
        printf("%s\n", s);
    else
        cli_report("verify-label", TXNG_ENOMEM, NULL);
    free(s);
    json_decref(j);
}

/*
 * With --json, the refusal as an object on standard output, besides the line
 * on standard error: {"ok": false, "verdict": "invalid" (the image or URI)
 * or "error" (the log or bundle), "reason" (English), and "uri", "field",
 * "position" when known}.
 */
static void
json_refusal(bool json, const char *verdict, const char *text, const char *field, size_t position,
             const char *reason)
{
    json_t *j;
    char   *uri;

    if (!json)
        return;
    j = json_pack("{s:b, s:s}", "ok", 0, "verdict", verdict);
    if (j != NULL && text != NULL) {
        uri = safe_text(text);
        json_object_set_new(j, "uri", uri != NULL ? json_string(uri) : json_null());
        free(uri);
    }
    if (j != NULL && field != NULL && field[0] != '\0')
        json_object_set_new(j, "field", json_string(field));
    if (j != NULL && position > 0)
        json_object_set_new(j, "position", json_integer((json_int_t) position));
    if (j != NULL)
        json_object_set_new(j, "reason", json_string(reason));
    print_json(j);
}

/* The text to check: the operand itself, or the code decoded from the image it names. */
static int
read_text(const char *arg, char **text, bool json)
{
    size_t    len = 0, count = 0;
    txng_diag d   = TXNG_DIAG_INIT;
    txng_err  err;

    if (strstr(arg, "://") != NULL || strncmp(arg, "urn:", 4) == 0 ||
        strncmp(arg, "URN:", 4) == 0) {
        *text = strdup(arg);
        if (*text == NULL) {
            cli_report("verify-label", TXNG_ENOMEM, NULL);
            return EXIT_FAILED;
        }
        return EXIT_DONE;
    }
    err = txng_qr_decode_file(text, &len, &count, arg, &d);
    if (err == TXNG_ESYS && errno == ENOENT) {
        cli_error(arg, _("no such file"));
        json_refusal(json, "invalid", NULL, NULL, 0, "no such file");
        return EXIT_FAILED;
    }
    if (err == TXNG_EEXIST) {
        cli_error(arg, _("%zu QR codes in the image: photograph one label at a time"), count);
        json_refusal(json, "invalid", NULL, NULL, 0, "more than one QR code in the image");
        return EXIT_NO;
    }
    if (err != TXNG_OK) {
        cli_report(arg, err, &d);
        json_refusal(json, "invalid", NULL, NULL, 0,
                     err == TXNG_ESYS   ? strerror(errno)
                     : d.reason != NULL ? d.reason
                                        : txng_strerror(err));
        return err == TXNG_ENOTFOUND ? EXIT_NO : EXIT_FAILED;
    }
    if (strlen(*text) != len) {
        cli_error(arg, _("the QR code holds a NUL byte: not a label"));
        json_refusal(json, "invalid", NULL, NULL, 0, "the QR code holds a NUL byte: not a label");
        free(*text);
        *text = NULL;
        return EXIT_NO;
    }
    return EXIT_DONE;
}

static bool
is_harvest(const char *biz_step)
{
    return cli_biz_step_is(biz_step, "harvest") || cli_biz_step_is(biz_step, "harvesting");
}

static void
add_harvest(struct facts *f, const char *event_time)
{
    if (event_time != NULL && f->nharvest < MAX_HARVESTS)
        snprintf(f->harvest[f->nharvest++], sizeof f->harvest[0], "%s", event_time);
}

static void
set_best_before(struct facts *f, const json_t *pack)
{
    const char *best = json_string_value(json_object_get(pack, "txng:bestBefore"));

    snprintf(f->best_before, sizeof f->best_before, "%s", best != NULL ? best : "");
}

/* From the log: the unit's state, its pack record's best-before date, the harvests upstream. */
static txng_err
log_facts(txng_log *log, const char *unit, struct facts *f)
{
    txng_trace_result *r     = NULL;
    char              *bytes = NULL;
    size_t             len   = 0;
    json_t            *rec;
    txng_err           err;

    if ((err = txng_claim_info_get(log, unit, &f->info)) != TXNG_OK || !f->info.packed)
        return err;
    if ((err = txng_log_get(log, f->info.pack_index, &bytes, &len)) != TXNG_OK)
        return err;
    rec = json_loadb(bytes, len, 0, NULL);
    free(bytes);
    if (rec == NULL)
        return TXNG_ECORRUPT;
    set_best_before(f, json_object_get(rec, "event"));
    json_decref(rec);
    if (f->info.lot[0] == '\0')
        return TXNG_OK;
    err = txng_trace(log, f->info.lot, TXNG_TRACE_BACK, 0, &r);
    if (err == TXNG_ENOTFOUND)
        return TXNG_OK;
    for (size_t e = 0; err == TXNG_OK && e < r->nevents; e++)
        if (is_harvest(r->events[e].biz_step))
            add_harvest(f, r->events[e].event_time);
    txng_trace_free(r);
    return err;
}

/*
 * From the log, for a label naming a lot and no serial: the lot it names
 * (txng_label_find_lot(); "" when none) and its recalls. Of two lots with
 * that code, a recall of either counts.
 */
static txng_err
lot_facts(txng_log *log, const txng_label *label, char *lot_id, txng_claim_info *info)
{
    char            other[TXNG_GS1_URI_MAX] = "";
    txng_claim_info more;
    txng_err        err = txng_label_find_lot(log, label->gtin, label->lot, lot_id, other);

    if (err == TXNG_ENOTFOUND) {
        lot_id[0] = '\0';
        return TXNG_OK;
    }
    if (err != TXNG_OK && err != TXNG_EEXIST)
        return err;
    if ((err = txng_claim_info_get(log, lot_id, info)) != TXNG_OK || other[0] == '\0' ||
        info->recalled)
        return err;
    if ((err = txng_claim_info_get(log, other, &more)) == TXNG_OK && more.recalled) {
        info->recalled     = true;
        info->recall_index = more.recall_index;
        memcpy(info->recalled_at, more.recalled_at, sizeof info->recalled_at);
    }
    return err;
}

/* ---- bundles ------------------------------------------------------------------------------ */

/* The keys the bundle's key records enrol and revoke (checked by txng_bundle_verify()). */
static txng_err
bundle_keys(txng_record *const *r, size_t n, struct keys *ks)
{
    for (size_t i = 0; i < n; i++) {
        const char *type = json_string_value(json_object_get(r[i]->event, "type"));
        const char *key  = json_string_value(json_object_get(r[i]->event, "key"));

        if (type == NULL || key == NULL)
            continue;
        if (strcmp(type, "txng:Genesis") == 0 || strcmp(type, "txng:KeyEnrol") == 0) {
            txng_key_info *grown = realloc(ks->v, (ks->n + 1) * sizeof *grown);

            if (grown == NULL)
                return TXNG_ENOMEM;
            ks->v = grown;
            memset(&ks->v[ks->n], 0, sizeof ks->v[0]);
            if (txng_pubkey_parse(&ks->v[ks->n].key, key, strlen(key), NULL) != TXNG_OK)
                return TXNG_ECORRUPT;
            ks->v[ks->n++].enrolled = r[i]->index;
        } else if (strcmp(type, "txng:KeyRevoke") == 0) {
            for (size_t k = 0; k < ks->n; k++) {
                char ref[TXNG_KEYREF_MAX];

                txng_pubkey_ref(&ks->v[k].key, ref);
                if (strcmp(ref, key) == 0 && !ks->v[k].is_revoked) {
                    ks->v[k].is_revoked = true;
                    ks->v[k].revoked    = r[i]->index;
                }
            }
        }
    }
    return TXNG_OK;
}

/*
 * From a bundle: the unit's state (txng_claim_info_bundle(): TXNG_ENOTFOUND
 * when the bundle does not hold the unit's lineage), its pack record's
 * best-before date, and every harvest record of the bundle (a unit or lot
 * bundle holds the lineage of the unit, so these are the harvests upstream
 * of it).
 */
static txng_err
bundle_facts(const txng_bundle_result *res, txng_record *const *r, size_t n, const char *unit,
             struct facts *f)
{
    txng_err err = txng_claim_info_bundle(res, r, n, unit, &f->info);

    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        const json_t *ev = r[i]->event;

        if (f->info.packed && r[i]->index == f->info.pack_index)
            set_best_before(f, ev);
        if (is_harvest(json_string_value(json_object_get(ev, "bizStep"))))
            add_harvest(f, json_string_value(json_object_get(ev, "eventTime")));
    }
    return err;
}

/* Read and verify the bundle @p path with the log key @p key; what it holds, its records, keys. */
static int
open_bundle(const char *path, const txng_pubkey *key, txng_bundle_result *res, txng_record ***recs,
            size_t *nrecs, struct keys *ks, bool json)
{
    txng_diag       diag = TXNG_DIAG_INIT;
    txng_bundle_mem m    = { NULL, 0, 0 };
    char           *data = NULL;
    size_t          len  = 0;
    txng_err        err;
    int             status = EXIT_DONE;

    if ((err = cli_read_input(path, &data, &len)) != TXNG_OK) {
        json_refusal(json, "error", NULL, NULL, 0,
                     err == TXNG_ENOTFOUND ? "no such file" : txng_strerror(err));
        return EXIT_FAILED;
    }
    m.p   = data;
    m.len = len;
    err   = txng_bundle_verify(txng_bundle_mem_read, &m, key, NULL, res, &diag);
    if (err != TXNG_OK) {
        cli_report(path, err, &diag);
        json_refusal(json, "error", NULL, diag.field, 0,
                     diag.reason != NULL ? diag.reason : txng_strerror(err));
        status = err == TXNG_ENOMEM ? EXIT_FAILED : EXIT_NO;
        goto out;
    }
    err = txng_bundle_records(recs, nrecs, data, len, res->size);
    if (err == TXNG_OK)
        err = bundle_keys(*recs, *nrecs, ks);
    if (err != TXNG_OK) {
        cli_report(path, err, NULL);
        json_refusal(json, "error", NULL, NULL, 0, txng_strerror(err));
        status = EXIT_FAILED;
    }
out:
    free(data);
    return status;
}

/* ---- the label against the records -------------------------------------------------------- */

/* Which elements of the label differ from the records; the names, for the verdict. */
struct mismatch {
    bool lot, expiry, harvest;
    char names[160];
};

static void
mismatch_add(struct mismatch *mm, const char *name)
{
    size_t n = strlen(mm->names);

    snprintf(mm->names + n, sizeof mm->names - n, "%s%s", n > 0 ? ", " : "", _(name));
}

static void
compare(const txng_label *label, const struct facts *f, struct mismatch *mm)
{
    memset(mm, 0, sizeof *mm);
    if (!f->info.packed)
        return;
    if (label->lot[0] != '\0' && f->info.lot[0] != '\0' &&
        !txng_label_same_lot(f->info.lot, label->lot)) {
        mm->lot = true;
        mismatch_add(mm, TXNG_N_("lot (10)"));
    }
    if (label->expiry[0] != '\0' && f->best_before[0] != '\0' &&
        !txng_label_date_matches(label->expiry, f->best_before)) {
        mm->expiry = true;
        mismatch_add(mm, TXNG_N_("expiry (17)"));
    }
    if (label->harvest[0] != '\0' && f->nharvest > 0) {
        bool any = false;

        for (size_t i = 0; i < f->nharvest && !any; i++)
            any = txng_label_date_matches(label->harvest, f->harvest[i]);
        if (!any) {
            mm->harvest = true;
            mismatch_add(mm, TXNG_N_("harvest date (7007)"));
        }
    }
}

/* The date part of an RFC 3339 time, "2026-11-19". */
static const char *
date_part(const char *t, char out[11])
{
    snprintf(out, 11, "%.10s", t);
    return out;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "key", required_argument, NULL, 'k' },    { "dir", required_argument, NULL, 'd' },
        { "bundle", required_argument, NULL, 'b' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
    };
    const char           *dir = NULL, *vkey = NULL, *bundle = NULL, *where;
    bool             json = false, have_key = false, sig_ok = false, sig_checked = false;
    bool                  log_checked = false, have_records, good, complete;
    bool                  lot_checked = false;
    txng_pubkey      key;
    txng_label       label;
    struct sig_check sc;
    struct facts          facts;
    struct mismatch       mm;
    struct keys           ks    = { NULL, 0 };
    txng_bundle_result    res   = { 0 };
    txng_record         **recs  = NULL;
    size_t                nrecs = 0;
    txng_claim_info      *info  = &facts.info;
    txng_log             *log   = NULL;
    char                 *text  = NULL, base[TXNG_LABEL_URI_MAX], hri[TXNG_LABEL_HRI_MAX];
    char                  unit[TXNG_GS1_URI_MAX], ref[TXNG_KEYREF_MAX] = "", verdict[768], day[11];
    char                  lot_id[TXNG_GS1_URI_MAX] = "";
    txng_diag        d = TXNG_DIAG_INIT;
    struct stat           st;
    int              c, status;
    txng_err         err;

    memset(&sc, 0, sizeof sc);
    memset(&facts, 0, sizeof facts);
    memset(&mm, 0, sizeof mm);
    optind = 0;
    while ((c = getopt_long(argc, argv, "k:d:b:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            vkey = optarg;
            break;
        case 'd':
            dir = optarg;
            break;
        case 'b':
            bundle = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_verify_label, _(options));
        default:
            return cli_usage(&cmd_verify_label, _("unknown option"));
        }
    }
    if (optind + 1 != argc)
        return cli_usage(&cmd_verify_label, _("give one image or URI"));
    if (dir != NULL && bundle != NULL)
        return cli_usage(&cmd_verify_label, _("give -d DIR or --bundle FILE, not both"));
    if (bundle != NULL && vkey == NULL)
        return cli_usage(&cmd_verify_label, _("a bundle needs --key VKEY, the log's verifier key"));
    if (vkey != NULL) {
        if (txng_pubkey_parse(&key, vkey, strlen(vkey), &d) != TXNG_OK)
            return cli_usage(&cmd_verify_label, _("--key: %s"), _(d.reason));
        have_key = bundle == NULL; /* with a bundle, the key is the log's, not the label's */
    }
    if (dir != NULL && stat(dir, &st) == 0 && S_ISREG(st.st_mode)) {
        cli_error(dir, _("this is a file; for a bundle use --bundle FILE --key KEY"));
        return EXIT_USAGE;
    }
    if (*argv[optind] == '\0')
        return cli_usage(&cmd_verify_label, _("give the label: its URI or an image file"));
    if ((status = read_text(argv[optind], &text, json)) != EXIT_DONE)
        return status;
    err = txng_label_parse(&label, base, text, strlen(text), &d);
    if (err == TXNG_OK)
        err = txng_label_hri(hri, &label, &d);
    if (err == TXNG_OK)
        err = txng_label_unit_id(unit, &label, &d);
    if (err == TXNG_EFORMAT) {
        cli_error(text, _("not a valid label: %s%s%s"), d.field[0] != '\0' ? _(d.field) : "",
                  d.field[0] != '\0' ? ": " : "", _(d.reason));
        json_refusal(json, "invalid", text, d.field, d.offset, d.reason);
        status = EXIT_NO;
        goto out;
    }
    if (err != TXNG_OK) {
        cli_report(text, err, &d);
        json_refusal(json, "invalid", text, NULL, 0, txng_strerror(err));
        status = cli_status(err);
        goto out;
    }
    if (dir != NULL && (status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE) {
        json_refusal(json, "error", NULL, NULL, 0, "the log cannot be opened");
        goto out;
    }
    if (bundle != NULL &&
        (status = open_bundle(bundle, &key, &res, &recs, &nrecs, &ks, json)) != EXIT_DONE)
        goto out;
    have_records = log != NULL || bundle != NULL;
    /* What a bundle leaves out is known to be absent only when its exporter signed it: the
     * checkpoint proves each record it holds, not that it holds every claim or recall. */
    complete     = log != NULL || res.exporter_verified;
    where        = log != NULL ? dir : bundle;

    /* The signature. */
    sc.label = &label;
    if (label.has_sig && have_key) {
        sig_checked = true;
        sig_ok      = txng_label_verify(&label, &key, NULL) == TXNG_OK;
        txng_pubkey_ref(&key, ref);
    } else if (label.has_sig && have_records) {
        sig_checked = true;
        err         = TXNG_OK;
        if (log != NULL)
            err = txng_log_keys(log, try_key, &sc);
        for (size_t k = 0; k < ks.n; k++)
            (void) try_key(&sc, &ks.v[k]);
        if (err != TXNG_OK) {
            cli_report(where, err, NULL);
            json_refusal(json, "error", NULL, NULL, 0, txng_strerror(err));
            status = cli_status(err);
            goto out;
        }
        sig_ok = sc.found;
        if (sc.found)
            txng_pubkey_ref(&sc.key.key, ref);
    }

    /* The records. */
    if (have_records && label.serial[0] != '\0') {
        err = log != NULL ? log_facts(log, unit, &facts)
                          : bundle_facts(&res, recs, nrecs, unit, &facts);
        if (err == TXNG_ENOTFOUND && log == NULL) {
            cli_error(bundle,
                      _("the bundle does not hold the lineage of %s: export that unit's "
                        "bundle (txng export -d DIR %s)"),
                      unit, unit);
            json_refusal(json, "error", NULL, NULL, 0,
                         "the bundle does not hold the lineage of this unit");
            status = EXIT_FAILED;
            goto out;
        }
        if (err != TXNG_OK) {
            cli_report(where, err, NULL);
            json_refusal(json, "error", NULL, NULL, 0, txng_strerror(err));
            status = cli_status(err);
            goto out;
        }
        log_checked = true;
        compare(&label, &facts, &mm);
    } else if (log != NULL && label.lot[0] != '\0') {
        /* a lot label: the lot the log keeps under that code, and its recalls */
        if ((err = lot_facts(log, &label, lot_id, info)) != TXNG_OK) {
            cli_report(where, err, NULL);
            json_refusal(json, "error", NULL, NULL, 0, txng_strerror(err));
            status = cli_status(err);
            goto out;
        }
        lot_checked = true;
    }

    /* The verdict: the first thing that fails, else what holds. */
    good = true;
    if (sig_checked && !sig_ok) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT GENUINE: the signature does not match; the label was altered or not "
                   "issued by this producer."));
    } else if (!label.has_sig && have_key) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT VERIFIED: the label carries no signature (AI 8030), so its issuer "
                   "cannot be checked."));
    } else if (sig_ok && sc.found && sc.key.is_revoked) {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("NOT TRUSTED: signed by %s, a key revoked at record %" PRIu64 "."), ref,
                 sc.key.revoked);
    } else if (lot_checked && lot_id[0] == '\0') {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT GENUINE: this log recorded no lot of this code; the label may be "
                   "fake."));
    } else if (lot_checked && info->recalled) {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("RECALLED: this lot was recalled on %s; do not use it."), info->recalled_at);
    } else if (lot_checked && sig_ok) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE: issued by %s; its lot is in this log and not recalled."), ref);
    } else if (lot_checked) {
        snprintf(verdict, sizeof verdict, "%s",
                 _("LOT KNOWN: the lot is in this log and not recalled, but the label is not "
                   "signed."));
    } else if (log_checked && !info->packed) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT GENUINE: this serial was never packed in this log; the label may be "
                   "fake."));
    } else if (mm.names[0] != '\0') {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("NOT GENUINE: the label does not match what the log recorded for this unit "
                   "(%s); the label was altered or is fake."),
                 mm.names);
    } else if (log_checked && info->recalled) {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("RECALLED: this unit was recalled on %s; do not use it."), info->recalled_at);
    } else if (log_checked && info->claimed && sig_ok) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE, ALREADY CLAIMED on %s: if you bought it new and did not claim it "
                   "yourself, this label may be a copy."),
                 info->claimed_at);
    } else if (log_checked && info->claimed) {
        snprintf(verdict, sizeof verdict,
                 _("PACKED, ALREADY CLAIMED on %s: the label is not signed; if you bought it "
                   "new and did not claim it yourself, it may be a copy."),
                 info->claimed_at);
    } else if (sig_ok && log_checked && !complete) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE: issued by %s and packed in this log; whether it was claimed or "
                   "recalled is not known, because the bundle is not signed by its exporter and "
                   "may leave records out: ask the producer's resolver."),
                 ref);
    } else if (sig_ok && log_checked) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE: issued by %s and packed in this log; not claimed yet."), ref);
    } else if (sig_ok) {
        snprintf(verdict, sizeof verdict, _("GENUINE: issued by %s."), ref);
    } else if (log_checked) {
        snprintf(verdict, sizeof verdict, "%s",
                 _("PACKED: the unit was packed in this log, but the label is not signed."));
    } else {
        snprintf(verdict, sizeof verdict, "%s",
                 label.has_sig
                     ? _("WELL-FORMED: the signature was not checked (give --key or -d).")
                     : _("WELL-FORMED: a valid GS1 Digital Link, not signed."));
    }

    if (json) {
        json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "uri", text, "resolver", base, "label",
                              hri, "unit", unit);
        json_t *sig = json_pack("{s:b, s:b, s:b}", "present", label.has_sig, "checked", sig_checked,
                                "valid", sig_ok);

        if (j == NULL || sig == NULL) {
            json_decref(j);
            json_decref(sig);
            cli_report("verify-label", TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
        if (ref[0] != '\0' && sig_ok)
            json_object_set_new(sig, "key", json_string(ref));
        if (sc.found && sc.key.is_revoked)
            json_object_set_new(sig, "revokedAt", json_integer((json_int_t) sc.key.revoked));
        json_object_set_new(j, "signature", sig);
        if (log_checked) {
            json_t *l = json_pack(
                "{s:b, s:o, s:o, s:I, s:I, s:b}", "packed", info->packed, "recalled",
                info->recalled || complete ? json_boolean(info->recalled) : json_null(), "claimed",
                info->claimed || complete ? json_boolean(info->claimed) : json_null(),
                "refusedAttempts", (json_int_t) info->refused, "wrongCodes",
                (json_int_t) info->wrong, "complete", complete);

            if (l != NULL && info->packed)
                json_object_set_new(l, "packRecord", json_integer((json_int_t) info->pack_index));
            if (l != NULL && info->recalled)
                json_object_set_new(l, "recalledAt", json_string(info->recalled_at));
            if (l != NULL && info->claimed)
                json_object_set_new(l, "claimedAt", json_string(info->claimed_at));
            if (l != NULL && mm.names[0] != '\0') {
                json_t *m = json_array();

                if (mm.lot)
                    json_array_append_new(m, json_string("10"));
                if (mm.expiry)
                    json_array_append_new(m, json_string("17"));
                if (mm.harvest)
                    json_array_append_new(m, json_string("7007"));
                json_object_set_new(l, "differs", m != NULL ? m : json_null());
            }
            json_object_set_new(j, "log", l != NULL ? l : json_null());
        } else if (lot_checked) {
            json_t *l = json_pack("{s:o, s:b}", "lot",
                                  lot_id[0] != '\0' ? json_string(lot_id) : json_null(), "recalled",
                                  info->recalled);

            if (l != NULL && info->recalled)
                json_object_set_new(l, "recalledAt", json_string(info->recalled_at));
            json_object_set_new(j, "log", l != NULL ? l : json_null());
        }
        json_object_set_new(j, "ok", json_boolean(good));
        json_object_set_new(j, "verdict", json_string(verdict));
        print_json(j);
    } else {
        fputs(_("uri: "), stdout);
        cli_print_safe(stdout, text, strlen(text));
        fputc('\n', stdout);
        printf(_("resolver: %s\n"), base);
        printf(_("label: %s\n"), hri);
        if (!label.has_sig)
            fputs(_("signature: none\n"), stdout);
        else if (!sig_checked)
            fputs(_("signature: not checked\n"), stdout);
        else if (!sig_ok)
            fputs(_("signature: does not verify\n"), stdout);
        else if (sc.found && sc.key.is_revoked)
            printf(_("signature: valid, by %s, revoked at record %" PRIu64 "\n"), ref,
                   sc.key.revoked);
        else
            printf(_("signature: valid, by %s\n"), ref);
        if (bundle != NULL) {
            if (res.exporter_verified)
                printf(_("bundle: signed by %s\n"), res.exporter);
            else
                fputs(_("bundle: not signed\n"), stdout);
        }
        if (log_checked) {
            if (info->packed)
                printf(_("packed: record %" PRIu64 "\n"), info->pack_index);
            else
                fputs(_("packed: no\n"), stdout);
            if (mm.lot)
                printf(_("lot: %s, but the unit was packed from %s\n"), label.lot, info->lot);
            if (mm.expiry)
                printf(_("expiry: %s, but the log says best before %s\n"), label.expiry,
                       date_part(facts.best_before, day));
            if (mm.harvest) {
                printf(_("harvest date: %s, but the lot was harvested on"), label.harvest);
                for (size_t i = 0; i < facts.nharvest; i++)
                    printf("%s %s", i > 0 ? "," : "", date_part(facts.harvest[i], day));
                putchar('\n');
            }
            if (info->recalled)
                printf(_("recalled: %s (record %" PRIu64 ")\n"), info->recalled_at,
                       info->recall_index);
            else if (complete)
                fputs(_("recalled: no\n"), stdout);
            else
                fputs(_("recalled: not known (unsigned bundle)\n"), stdout);
            if (info->claimed)
                printf(_("claimed: %s (record %" PRIu64 ")\n"), info->claimed_at,
                       info->claim_index);
            else if (complete)
                fputs(_("claimed: no\n"), stdout);
            else
                fputs(_("claimed: not known (unsigned bundle)\n"), stdout);
            printf(_("refused claim attempts: %u (wrong codes: %u)\n"), info->refused, info->wrong);
            if (!info->claimed && info->retry_at > (int64_t) time(NULL)) {
                char when[32];

                txng_time_format(when, info->retry_at);
                printf(_("next claim attempt: from %s\n"), when);
            }
        } else if (lot_checked) {
            printf(_("lot: %s\n"), lot_id[0] != '\0' ? lot_id : _("not in this log"));
            if (info->recalled)
                printf(_("recalled: %s (record %" PRIu64 ")\n"), info->recalled_at,
                       info->recall_index);
            else if (lot_id[0] != '\0')
                fputs(_("recalled: no\n"), stdout);
        } else if (have_records) {
            fputs(_("packed: not checked (the label names no serial)\n"), stdout);
        }
        printf(_("verdict: %s\n"), verdict);
    }
    status = good ? EXIT_DONE : EXIT_NO;
out:
    txng_log_close(log);
    txng_bundle_records_free(recs, nrecs);
    txng_bundle_result_free(&res);
    free(ks.v);
    free(text);
    return status;
}

const struct command cmd_verify_label = { "verify-label", run,
                                          N_("verify-label IMAGE|URI [--key VKEY] "
                                             "[-d DIR | --bundle FILE] [--json]"),
                                          N_("check a label's code and signature") };
