/*
 * cmd_export.c - txng export: a selection of records as a signed bundle,
 * EPCIS 2.0 JSON-LD or a CSV spreadsheet
 *
 * The selection is made once (core/bundle txng_bundle_select()) and handed
 * to the writer of the format. With -o the output goes to a temporary file
 * next to FILE, is fsync'd and renamed over FILE only when everything was
 * written, so a failed export leaves nothing behind.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "cli/ident.h"
#include "core/bundle.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/record.h"

static const char options[] =
    N_("selection (one of):\n"
       "  URI                    the lineage of one unit (Digital Link URI or code)\n"
       "  -l, --lot LOT          the lineage of a lot (Digital Link URI of 01+10, or its code)\n"
       "  -f, --from DATE        events from DATE (RFC 3339 date or date-time) ...\n"
       "  -t, --to DATE          ... to DATE, inclusive (either may be left out);\n"
       "                         a date is the event's own local date, a date-time\n"
       "                         with an offset an instant\n"
       "  -a, --all              every record\n"
       "  -i, --index LIST       the records of a comma-separated list of indexes\n"
       "options:\n"
       "  -d, --dir DIR          the log folder (or $TXNG_DIR)\n"
       "  -o, --output FILE      write FILE atomically (default: standard output)\n"
       "  -F, --format FORMAT    bundle (default), epcis or csv\n"
       "  -s, --sign-as KEY      sign the bundle as KEY (a key name or a key file;\n"
       "                         a key the log did not enrol must be given to\n"
       "                         txng verify with --exporter-key)\n"
       "  -c, --consistency-from SIZE\n"
       "                         add a consistency proof from SIZE (repeatable)\n"
       "  -L, --lang LANG        csv header language: vi or en (default: from the locale)\n"
       "  -h, --help             show this help\n"
       "Record 0 and every key enrolment and revocation are always in a bundle.\n");

/* Output: a FILE * on a temporary file next to the target, or stdout. */
struct out {
    FILE *f;
    char *tmp;
};

static txng_err
put(void *ctx, const void *data, size_t len)
{
    struct out *o = ctx;

    if (fwrite(data, 1, len, o->f) != len)
        return TXNG_ESYS;
    return TXNG_OK;
}

static int
out_open(struct out *o, const char *path)
{
    int fd;

    memset(o, 0, sizeof *o);
    if (path == NULL) {
        o->f = stdout;
        return EXIT_DONE;
    }
    o->tmp = malloc(strlen(path) + 8);
    if (o->tmp == NULL)
        return EXIT_FAILED;
    sprintf(o->tmp, "%s.XXXXXX", path);
    fd = mkstemp(o->tmp);
    if (fd < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
        cli_error(path, "%s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/* Finish: rename into place when @p ok, else remove the temporary file. */
static int
out_close(struct out *o, const char *path, bool ok)
{
    int status = ok ? EXIT_DONE : EXIT_FAILED;

    if (o->tmp == NULL)
        return status;
    if (ok && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)) {
        cli_error(path, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    if (fclose(o->f) != 0 && status == EXIT_DONE) {
        cli_error(path, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    if (status == EXIT_DONE && rename(o->tmp, path) != 0) {
        cli_error(path, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    if (status != EXIT_DONE)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return status;
}

static int
u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return x < y ? -1 : x > y;
}

static size_t
sort_unique(uint64_t *v, size_t n)
{
    size_t k = 0;

    if (n > 1)
        qsort(v, n, sizeof *v, u64_cmp);
    for (size_t i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i])
            v[k++] = v[i];
    return k;
}

/* Comma-separated record indexes. */
static bool
parse_list(const char *s, uint64_t **out, size_t *n)
{
    size_t    cap = 1;
    uint64_t *v;

    for (const char *p = s; *p; p++)
        cap += *p == ',';
    v = calloc(cap, sizeof *v);
    if (v == NULL)
        return false;
    *n = 0;
    for (const char *p = s;;) {
        const char *e = strchr(p, ',');
        char        num[24];
        size_t      len = e != NULL ? (size_t) (e - p) : strlen(p);

        if (len == 0 || len >= sizeof num)
            break;
        memcpy(num, p, len);
        num[len] = '\0';
        if (!cli_parse_u64(num, &v[*n]))
            break;
        (*n)++;
        if (e == NULL) {
            *out = v;
            return true;
        }
        p = e + 1;
    }
    free(v);
    return false;
}

/*
 * The lot whose plain code is @p code (a Digital Link of a GTIN and a lot,
 * or a urn:txng lot), found through the name keys of the index: 1 found,
 * 0 none, -1 more than one (ambiguous).
 */
static int
lot_by_code(txng_log *log, const char *code, char out[TXNG_GS1_URI_MAX])
{
    txng_index_hit *hits = NULL;
    txng_index_list list = { 0 };
    size_t          n    = 0;
    int             found = 0;

    if (txng_index_find_name(log, TXNG_GS1_KIND_LOT, code, strlen(code), &hits, &n) != TXNG_OK)
        return 0;
    for (size_t i = 0; i < n && found >= 0; i++) {
        char        *bytes = NULL, c[TXNG_GS1_URI_MAX];
        size_t       len;
        txng_record *rec = NULL;
        int          kind;

        if (txng_log_get(log, hits[i].index, &bytes, &len) != TXNG_OK ||
            txng_record_decode(&rec, bytes, len, NULL) != TXNG_OK ||
            txng_index_extract(&list, rec->event) != TXNG_OK)
            list.n = 0;
        for (size_t j = 0; j < list.n; j++) {
            const txng_index_entry *e = &list.v[j];

            if (e->id_len >= TXNG_GS1_URI_MAX ||
                !txng_index_id_code(e->id, e->id_len, &kind, c, sizeof c) ||
                kind != TXNG_GS1_KIND_LOT || strcmp(c, code) != 0)
                continue;
            if (found == 1 && (strlen(out) != e->id_len || memcmp(out, e->id, e->id_len) != 0)) {
                found = -1;
                break;
            }
            memcpy(out, e->id, e->id_len);
            out[e->id_len] = '\0';
            found          = 1;
        }
        txng_record_free(rec);
        free(bytes);
    }
    txng_index_list_free(&list);
    free(hits);
    return found;
}

/* Canonical identifier of a lot given on the command line as a URI or code. */
static bool
lot_identifier(txng_log *log, const char *input, char out[TXNG_GS1_URI_MAX])
{
    if (txng_gs1_canonicalize(out, input, strlen(input), NULL) == TXNG_OK)
        return true;
    if (strchr(input, ':') != NULL || strchr(input, ' ') != NULL || input[0] == '\0')
        return false;
    return (size_t) snprintf(out, TXNG_GS1_URI_MAX, "urn:txng:%s:lot:%s", txng_log_origin(log),
                             input) < TXNG_GS1_URI_MAX;
}

/*
 * Whether messages are read in Vietnamese, by the rule gettext follows:
 * LANGUAGE (a colon-separated list, its first entry) when the locale is not
 * "C", then the first of LC_ALL, LC_MESSAGES and LANG that is set.
 */
static bool
locale_vietnamese(void)
{
    const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    const char *locale = NULL, *language = getenv("LANGUAGE");

    for (size_t i = 0; i < 3 && locale == NULL; i++) {
        const char *v = getenv(vars[i]);

        if (v != NULL && v[0] != '\0')
            locale = v;
    }
    /* gettext ignores LANGUAGE in the "C" locale, but not in C.UTF-8. */
    if (language != NULL && language[0] != '\0' && language[0] != ':' &&
        (locale == NULL || (strcmp(locale, "C") != 0 && strcmp(locale, "POSIX") != 0)))
        return strncmp(language, "vi", 2) == 0 && (language[2] == '\0' || language[2] == '_' ||
                                                   language[2] == ':' || language[2] == '.' ||
                                                   language[2] == '@');
    return locale != NULL && strncmp(locale, "vi", 2) == 0;
}

/*
 * Say, once the bundle is written, when @p signer is not an enrolled key of
 * @p log or is revoked: the bundle is signed all the same (an auditor signs
 * a copy of a cooperative's log with a key of their own), but a verifier
 * then needs its key, and the line gives it.
 */
static int
note_exporter(txng_log *log, const txng_signer *signer)
{
    const txng_pubkey *pub = txng_signer_pubkey(signer);
    txng_key_info      info;
    txng_err           err = txng_log_key(log, pub->name, &info);
    char               ref[TXNG_KEYREF_MAX], vkey[TXNG_VKEY_MAX];

    if (err != TXNG_OK && err != TXNG_ENOTFOUND) {
        cli_report("export", err, NULL);
        return cli_status(err);
    }
    txng_pubkey_ref(pub, ref);
    txng_pubkey_format(pub, vkey);
    if (err == TXNG_ENOTFOUND || !txng_pubkey_equal(&info.key, pub))
        cli_error("export",
                  _("--sign-as: %s is not a key of this log: verifiers must give its key with "
                    "--exporter-key %s"),
                  ref, vkey);
    else if (info.is_revoked)
        cli_error("export",
                  _("--sign-as: key %s is revoked (record %" PRIu64
                    "): verifiers must give its key with --exporter-key %s"),
                  ref, info.revoked, vkey);
    return EXIT_DONE;
}

/*
 * Select the records of the unit @p input names (cli/ident.c): the first
 * of its identifiers some record names.
 */
static txng_err
select_unit(txng_log *log, const char *input, txng_bundle_sel *sel, char id[TXNG_GS1_URI_MAX],
            uint64_t **idx, size_t *n, txng_diag *diag, int *status)
{
    struct cli_idlist ids = { 0 };
    txng_err          err = TXNG_ENOTFOUND;

    *status = cli_ident_read(log, input, &ids);
    for (size_t i = 0; *status == EXIT_DONE && i < ids.n && err == TXNG_ENOTFOUND; i++) {
        txng_diag d = TXNG_DIAG_INIT;

        memcpy(id, ids.v[i], TXNG_GS1_URI_MAX);
        sel->id = id;
        err     = txng_bundle_select(log, sel, idx, n, &d);
        if (err != TXNG_ENOTFOUND || i == 0)
            *diag = d;
    }
    cli_idlist_free(&ids);
    return err;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "lot", required_argument, NULL, 'l' },
        { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' },
        { "all", no_argument, NULL, 'a' },
        { "index", required_argument, NULL, 'i' },
        { "output", required_argument, NULL, 'o' },
        { "format", required_argument, NULL, 'F' },
        { "sign-as", required_argument, NULL, 's' },
        { "consistency-from", required_argument, NULL, 'c' },
        { "lang", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char       *dir = NULL, *lot = NULL, *from = NULL, *to = NULL, *list = NULL;
    const char       *path = NULL, *format = "bundle", *sign_as = NULL, *lang = NULL;
    const char       *unit = NULL;
    bool              all = false, vietnamese;
    uint64_t          cons[64], *sel_idx = NULL, *idx = NULL;
    size_t            ncons = 0, nsel = 0, n = 0, kinds = 0;
    char              id[TXNG_GS1_URI_MAX];
    txng_bundle_sel   sel = { 0 };
    txng_bundle_wopts wo  = { 0 };
    txng_log         *log = NULL;
    txng_signer      *signer = NULL;
    txng_diag         diag = TXNG_DIAG_INIT;
    txng_err          err;
    struct out        o;
    int               c, status;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:f:t:ai:o:F:s:c:L:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'l': lot = optarg; break;
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'a': all = true; break;
        case 'i': list = optarg; break;
        case 'o': path = optarg; break;
        case 'F': format = optarg; break;
        case 's': sign_as = optarg; break;
        case 'L': lang = optarg; break;
        case 'c':
            if (ncons == sizeof cons / sizeof cons[0] || !cli_parse_u64(optarg, &cons[ncons]) ||
                cons[ncons] == 0)
                return cli_usage(&cmd_export, _("--consistency-from: a tree size above 0: %s"),
                                 optarg);
            ncons++;
            break;
        case 'h':
            return cli_help(&cmd_export, options);
        case ':':
            return cli_usage(&cmd_export, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_export, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind > 1)
        return cli_usage(&cmd_export, _("unexpected argument %s"), argv[optind + 1]);
    if (argc - optind == 1)
        unit = argv[optind];
    kinds = (unit != NULL) + (lot != NULL) + (from != NULL || to != NULL) + all + (list != NULL);
    if (kinds != 1)
        return cli_usage(&cmd_export,
                         _("give exactly one selection: URI, --lot, --from/--to, --all or --index"));
    if (strcmp(format, "bundle") != 0 && strcmp(format, "epcis") != 0 &&
        strcmp(format, "csv") != 0)
        return cli_usage(&cmd_export, _("--format: bundle, epcis or csv: %s"), format);
    if (strcmp(format, "bundle") != 0 && (sign_as != NULL || ncons > 0))
        return cli_usage(&cmd_export, _("--sign-as and --consistency-from are for bundles"));
    if (lang != NULL && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return cli_usage(&cmd_export, _("--lang: vi or en: %s"), lang);
    vietnamese = lang != NULL ? strcmp(lang, "vi") == 0 : locale_vietnamese();
    if (list != NULL && !parse_list(list, &sel_idx, &nsel))
        return cli_usage(&cmd_export, _("--index: a comma-separated list of record indexes: %s"),
                         list);
    if ((dir = cli_dir(dir)) == NULL) {
        free(sel_idx);
        return cli_usage(&cmd_export, _("no log folder: give -d DIR or set TXNG_DIR"));
    }
    ncons = sort_unique(cons, ncons);
    status = cli_open_log(dir, TXNG_LOG_RDONLY, &log);
    if (status != EXIT_DONE)
        goto out;
    if (all) {
        sel.kind = TXNG_BUNDLE_ALL;
    } else if (list != NULL) {
        sel.kind = TXNG_BUNDLE_INDEX;
        sel.idx  = sel_idx;
        sel.nidx = nsel;
    } else if (from != NULL || to != NULL) {
        sel.kind = TXNG_BUNDLE_RANGE;
        sel.from = from != NULL ? from : "0001-01-01";
        sel.to   = to != NULL ? to : "9999-12-31";
    } else {
        sel.kind = unit != NULL ? TXNG_BUNDLE_UNIT : TXNG_BUNDLE_LOT;
        int by_code = lot != NULL && txng_gs1_canonicalize(id, lot, strlen(lot), NULL) != TXNG_OK
                          ? lot_by_code(log, lot, id)
                          : 0;

        if (by_code < 0) {
            cli_error("export", _("lot code %s names more than one lot: give its Digital Link URI"),
                      lot);
            status = EXIT_USAGE;
            goto out;
        }
        if (lot != NULL && by_code == 0 && !lot_identifier(log, lot, id)) {
            status = cli_usage(&cmd_export, _("not a Digital Link URI or code: %s"), lot);
            goto out;
        }
        sel.id = id;
    }
    if (sign_as != NULL && (status = cli_load_signer(dir, sign_as, &signer)) != EXIT_DONE)
        goto out;
    if (unit != NULL) {
        err = select_unit(log, unit, &sel, id, &idx, &n, &diag, &status);
        if (status != EXIT_DONE)
            goto out;
    } else {
        err = txng_bundle_select(log, &sel, &idx, &n, &diag);
    }
    if (err == TXNG_ENOTFOUND && sel.kind == TXNG_BUNDLE_RANGE && strcmp(format, "bundle") != 0) {
        /*
         * A spreadsheet with its header row only, or an EPCIS document with an
         * empty event list, is a true answer for an empty range. A bundle is not:
         * it would still carry record 0 and the key records and verify "ok",
         * reading as proof about a range it says nothing of (an unsigned bundle
         * cannot show that nothing was left out), so it is refused below.
         */
        cli_error("export", _("no event in this range: the document has no event"));
        err = TXNG_OK;
    }
    if (err != TXNG_OK) {
        cli_report(unit != NULL ? unit : lot != NULL ? lot : "export", err, &diag);
        status = err == TXNG_EINVAL ? EXIT_USAGE : cli_status(err);
        goto out;
    }
    if (sel.kind == TXNG_BUNDLE_INDEX) {
        /* The select line lists the indexes asked for, sorted. */
        sel.nidx = sort_unique(sel_idx, nsel);
    }
    if ((status = out_open(&o, path)) != EXIT_DONE)
        goto out;
    if (strcmp(format, "epcis") == 0) {
        status = cli_export_epcis(log, idx, n, o.f, path != NULL ? path : "-");
    } else if (strcmp(format, "csv") == 0) {
        status = cli_export_csv(log, idx, n, o.f, path != NULL ? path : "-", vietnamese);
    } else {
        wo.consistency_from = cons;
        wo.nconsistency     = ncons;
        wo.exporter         = signer;
        err = txng_bundle_write(log, &sel, sel.kind == TXNG_BUNDLE_ALL ? NULL : idx, n, &wo, put,
                                &o);
        if (err == TXNG_EINVAL && ncons > 0) {
            cli_error("export", _("--consistency-from: not a size from 1 to the checkpoint size"));
            status = EXIT_USAGE;
        } else if (err == TXNG_ESYS) {
            cli_error(path != NULL ? path : "-", "%s", strerror(errno));
            status = EXIT_FAILED;
        } else if (err != TXNG_OK) {
            cli_report("export", err, NULL);
            status = cli_status(err);
        } else if (signer != NULL) {
            status = note_exporter(log, signer);
        }
    }
    status = out_close(&o, path, status == EXIT_DONE) == EXIT_DONE ? status
             : status == EXIT_DONE                                  ? EXIT_FAILED
                                                                    : status;
    if (status == EXIT_DONE && path != NULL && strcmp(format, "bundle") == 0)
        printf(_("exported %" PRIu64 " records of %" PRIu64 " to %s\n"), wo.records, wo.size,
               path);
out:
    txng_signer_free(signer);
    txng_log_close(log);
    free(idx);
    free(sel_idx);
    return status;
}

const struct command cmd_export = {
    "export",
    run,
    N_("export -d DIR (URI | --lot LOT | --from DATE --to DATE | --all | --index LIST) "
       "[-o FILE] [--format bundle|epcis|csv] [--sign-as KEY] [--consistency-from SIZE]..."),
    N_("write records as a signed bundle, EPCIS 2.0 or CSV"),
};
