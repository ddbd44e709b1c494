/*
 * cmd_verify.c - txng verify: check a whole log, or a bundle offline
 *
 * A bundle is read as a stream (core/bundle txng_bundle_verify()); once it
 * verifies, its checkpoint is compared with the verifier state of its origin
 * (core/vstate): a rollback or a fork prints both signed notes on standard
 * output as evidence, after the one-line reason on standard error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "core/bundle.h"
#include "core/hash.h"
#include "core/vstate.h"
#include "core/witness.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR      the log folder (or $TXNG_DIR)\n"
       "  -k, --key VKEY     trust this verifier key (default for a log: the one in its\n"
       "                     genesis record; a bundle needs it)\n"
       "  -e, --exporter-key VKEY\n"
       "                     the bundle must be signed by this exporter key\n"
       "  -S, --state DIR    verifier state folder (default:\n"
       "                     $XDG_DATA_HOME/txng/verifier-state)\n"
       "  -w, --witness VKEY a witness key (repeatable)\n"
       "  -W, --witnesses-needed K\n"
       "                     cosignatures needed from the witnesses (default: all)\n"
       "  -T, --threads N    signature-checking threads (default: one per core)\n"
       "  -j, --json         print the result as JSON\n"
       "      --tiles URL    verify a tlog-tiles folder or URL prefix instead\n"
       "  -h, --help         show this help\n"
       "Exit status: 0 it verifies, 1 it does not, 2 usage, 3 could not run.\n");

int
cli_witness_opt(txng_pubkey *keys, size_t *n, const char *arg)
{
    txng_diag diag = TXNG_DIAG_INIT;

    if (*n == CLI_MAX_WITNESSES)
        return cli_usage(&cmd_verify, _("--witness: at most %d"), CLI_MAX_WITNESSES);
    if (txng_witness_key_parse(&keys[*n], arg, strlen(arg), &diag) != TXNG_OK)
        return cli_usage(&cmd_verify, "--witness: %s",
                         diag.reason != NULL ? _(diag.reason) : _(txng_strerror(TXNG_EFORMAT)));
    /* a key given twice would count as two witnesses in K of N */
    for (size_t i = 0; i < *n; i++)
        if (keys[i].id == keys[*n].id && strcmp(keys[i].name, keys[*n].name) == 0)
            return cli_usage(&cmd_verify, _("--witness: %s is given twice: give each witness once"),
                             keys[*n].name);
    ++*n;
    return EXIT_DONE;
}

int
cli_witnesses_needed_opt(const char *arg, uint64_t *needed)
{
    if (!cli_parse_u64(arg, needed) || *needed == 0 || *needed > CLI_MAX_WITNESSES)
        return cli_usage(&cmd_verify, _("--witnesses-needed: a number from 1 to %d: %s"),
                         CLI_MAX_WITNESSES, arg);
    return EXIT_DONE;
}

struct witness_policy {
    const txng_pubkey *keys;
    size_t             n, needed;
    size_t             found;   /* valid cosignatures, counted when too few */
    bool               counted; /* found is set */
};

/* The policy; when it is not met, count the witnesses that did cosign, one by one. */
static txng_err
witness_hook(void *ctx, const char *note, size_t len, txng_diag *diag)
{
    struct witness_policy *w   = ctx;
    txng_err               err = txng_witness_check(note, len, w->keys, w->n, w->needed, diag);

    if (err == TXNG_EBADSIG) {
        w->found = 0;
        for (size_t i = 0; i < w->n; i++)
            if (txng_witness_check(note, len, &w->keys[i], 1, 1, NULL) == TXNG_OK)
                w->found++;
        w->counted = true;
    }
    return err;
}

static txng_err
file_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    FILE *f = ctx;

    *got = fread(buf, 1, cap, f);
    if (*got == 0 && ferror(f))
        return TXNG_ESYS;
    return TXNG_OK;
}

static const char *const kind_names[] = { "all", "unit", "lot", "range", "index" };

/*
 * The JSON object of a refusal by the verifier state (rollback, fork, an
 * inconsistent or missing consistency proof): the reason, the verdict, both
 * signed notes as strings and the evidence file.
 */
static json_t *
state_failure_json(txng_err err, const txng_diag *diag, const txng_vstate_result *vs,
                   const txng_bundle_result *res)
{
    static const char *const words[] = { "first",   "same",     "forward", "rollback",
                                         "fork",    "no-proof", "bad-proof" };
    const char *reason = err == TXNG_EPROOF
                             ? "no consistency proof from the size accepted before"
                             : (diag->reason != NULL ? diag->reason : txng_strerror(err));
    json_t     *j      = json_pack("{s:b, s:s, s:s, s:I, s:I, s:s%, s:s%}", "ok", 0, "reason",
                                   reason, "state",
                                   (size_t) vs->verdict < sizeof words / sizeof *words
                                       ? words[vs->verdict]
                                       : "refused",
                                   "acceptedSize", (json_int_t) vs->old_size, "size",
                                   (json_int_t) res->size, "accepted",
                                   vs->old_note != NULL ? vs->old_note : "", vs->old_len,
                                   "refused", res->note, res->note_len);

    if (j != NULL && vs->evidence != NULL)
        json_object_set_new(j, "evidence", json_string(vs->evidence));
    return j;
}

/* The lineage line of a unit or lot bundle: its sources, the first few named. */
static void
print_sources(const txng_bundle_result *res)
{
    if (res->sources == 0) {
        printf(_("lineage: no source outside the bundle\n"));
        return;
    }
    printf(ngettext("lineage: %" PRIu64 " source outside the bundle:",
                    "lineage: %" PRIu64 " sources outside the bundle:", res->sources),
           res->sources);
    for (size_t i = 0; i < res->nsource_ids; i++)
        printf("%s %s", i == 0 ? "" : ",", res->source_ids[i]);
    printf("%s\n", res->nsource_ids < res->sources ? ", …" : "");
}

/* The same as JSON members "sources" and "sourceIds" (the first few); false on ENOMEM. */
static bool
json_sources(json_t *j, const txng_bundle_result *res)
{
    json_t *ids = json_array();
    bool    ok  = ids != NULL;

    for (size_t i = 0; ok && i < res->nsource_ids; i++)
        ok = json_array_append_new(ids, json_string(res->source_ids[i])) == 0;
    ok = ok && json_object_set_new(j, "sources", json_integer((json_int_t) res->sources)) == 0 &&
         json_object_set(j, "sourceIds", ids) == 0;
    json_decref(ids);
    return ok;
}

static int
verify_bundle(const char *path, const txng_pubkey *key, const txng_pubkey *exporter,
              const char *state_opt, struct witness_policy *wp, unsigned threads, bool json)
{
    FILE              *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    txng_bundle_result res = { 0 };
    txng_bundle_vopts  vo  = { 0 };
    txng_vstate_result vs  = { 0 };
    txng_diag          diag = TXNG_DIAG_INIT;
    char               root[TXNG_B64_SIZE(TXNG_HASH_BYTES)], *dir = NULL;
    const char        *state = NULL;
    bool               complete;
    txng_err           err;
    int                status = EXIT_DONE;

    if (f == NULL) {
        cli_error(path, "%s", strerror(errno));
        return EXIT_FAILED;
    }
    vo.exporter = exporter;
    vo.threads  = threads;
    if (wp->n > 0) {
        vo.witness     = witness_hook;
        vo.witness_ctx = wp;
    }
    err = txng_bundle_verify(file_read, f, key, &vo, &res, &diag);
    if (err == TXNG_ESYS) {
        cli_error(path, "%s", strerror(errno));
        status = EXIT_FAILED;
        goto out;
    }
    if (err != TXNG_OK) {
        if (json) {
            json_t *j = json_pack("{s:b, s:s}", "ok", 0, "reason",
                                  diag.reason != NULL ? diag.reason : txng_strerror(err));

            if (j != NULL && diag.has_index)
                json_object_set_new(j, "index", json_integer((json_int_t) diag.index));
            if (j != NULL && diag.line > 0)
                json_object_set_new(j, "line", json_integer((json_int_t) diag.line));
            if (j != NULL && diag.field[0] != '\0')
                json_object_set_new(j, "field", json_string(diag.field));
            if (j != NULL && wp->counted) {
                json_object_set_new(j, "witnessesFound", json_integer((json_int_t) wp->found));
                json_object_set_new(j, "witnessesNeeded", json_integer((json_int_t) wp->needed));
            }
            (void) cli_print_json(j);
        }
        /* one line: the count of cosignatures says more than "too few" */
        if (!wp->counted)
            cli_report(path, err, &diag);
        else
            cli_error(path,
                      ngettext("%zu witness cosignature found of the %zu needed: ask the witnesses "
                               "(txng witness ask) and export again",
                               "%zu witness cosignatures found of the %zu needed: ask the "
                               "witnesses (txng witness ask) and export again",
                               wp->found),
                      wp->found, wp->needed);
        status = err == TXNG_ENOMEM ? EXIT_FAILED : EXIT_NO;
        goto out;
    }
    dir = cli_state_dir(state_opt);
    if (dir == NULL) {
        cli_error(path, _("no verifier state folder: give --state DIR or set HOME"));
        status = EXIT_FAILED;
        goto out;
    }
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_vstate_update(dir, key, res.note, res.note_len, res.cons, res.ncons, &vs, &diag);
    if (err == TXNG_EFORK || err == TXNG_EPROOF) {
        if (json)
            (void) cli_print_json(state_failure_json(err, &diag, &vs, &res));
    }
    if (err == TXNG_EFORK && json) {
        /* The notes are in the JSON object: standard output stays one JSON value. */
        cli_report(path, err, &diag);
        if (vs.evidence != NULL)
            cli_error(vs.evidence,
                      _("the refused checkpoint is kept here as evidence, beside the state"));
        status = EXIT_NO;
        goto out;
    }
    if (err == TXNG_EFORK) {
        cli_report(path, err, &diag);
        cli_print_accepted(&vs);
        printf(_("in this bundle (size %" PRIu64 "):\n"), res.size);
        fwrite(res.note, 1, res.note_len, stdout);
        status = EXIT_NO;
        goto out;
    }
    if (err == TXNG_EPROOF) {
        cli_error(path,
                  _("no consistency proof from size %" PRIu64 ", the size accepted before: "
                    "export with 'txng export --consistency-from %" PRIu64 "'"),
                  vs.old_size, vs.old_size);
        status = EXIT_NO;
        goto out;
    }
    if (err != TXNG_OK) {
        char name[2 * TXNG_HASH_BYTES + 1], *file;
        size_t flen = strlen(dir) + sizeof name + 1;

        /* Name the damaged or unwritable state file, not only its folder. */
        txng_vstate_name(name, key->name);
        if ((file = malloc(flen)) != NULL)
            snprintf(file, flen, "%s/%s", dir, name);
        cli_report(file != NULL ? file : dir, err, &diag);
        free(file);
        status = err == TXNG_ECORRUPT ? EXIT_NO : EXIT_FAILED;
        goto out;
    }
    state = cli_vstate_word(&vs);
    txng_b64_encode(root, res.root, sizeof res.root);
    /* A bundle of the whole log has no gaps; any other selection could leave records out
     * and still fold into the root, unless its exporter vouches for it. */
    complete = res.kind == TXNG_BUNDLE_ALL || res.exporter_verified;
    if (json) {
        json_t *j = json_pack("{s:b, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:b}", "ok", 1,
                              "origin", res.origin, "select", kind_names[res.kind], "argument",
                              res.select, "records", (json_int_t) res.records, "size",
                              (json_int_t) res.size, "keys", (json_int_t) res.keys, "root", root,
                              "state", state, "exporter_verified", res.exporter_verified);

        if (j != NULL)
            json_object_set_new(j, "complete", json_boolean(complete));
        if (j != NULL && res.exported)
            json_object_set_new(j, "exporter", json_string(res.exporter));
        if (j != NULL && (res.kind == TXNG_BUNDLE_UNIT || res.kind == TXNG_BUNDLE_LOT) &&
            !json_sources(j, &res)) {
            json_decref(j);
            j = NULL;
        }
        (void) cli_print_json(j);
    } else {
        /* "all -" is the select line's token: say what it means. */
        if (res.kind == TXNG_BUNDLE_ALL)
            printf(_("ok: %s: %" PRIu64 " records (the whole log), checkpoint size %" PRIu64
                     ", root %s\n"),
                   res.origin, res.records, res.size, root);
        else
            printf(_("ok: %s: %" PRIu64 " records (%s %s), checkpoint size %" PRIu64
                     ", root %s\n"),
                   res.origin, res.records, kind_names[res.kind], res.select, res.size, root);
        if (res.kind == TXNG_BUNDLE_UNIT || res.kind == TXNG_BUNDLE_LOT)
            print_sources(&res);
        if (res.exported)
            printf(res.exporter_verified ? _("exporter: %s (signature verified)\n")
                                         : _("exporter: %s (unknown key, not checked)\n"),
                   res.exporter);
        if (!complete)
            printf("%s\n", _("selection: not signed by its exporter, so each record is proven "
                             "but not that none was left out (txng export --sign-as signs it)"));
        cli_print_vstate(&vs);
    }
out:
    if (f != stdin)
        fclose(f);
    free(dir);
    txng_vstate_result_free(&vs);
    txng_bundle_result_free(&res);
    return status;
}

/*
 * --tiles: refuse -d (a tiles folder is checked instead of a log), and name a
 * tiles folder that does not exist before cli_verify_tiles() reads it.
 */
static int
verify_tiles(int argc, char **argv, int at)
{
    const char *src = argv[at][7] == '=' ? argv[at] + 8 : (at + 1 < argc ? argv[at + 1] : NULL);
    struct stat st;

    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-d") == 0 || strncmp(argv[i], "--dir", 5) == 0 ||
            (strncmp(argv[i], "-d", 2) == 0 && argv[i][2] != '-'))
            return cli_usage(&cmd_verify, _("--tiles and -d cannot be combined: give one"));
    if (src != NULL && *src != '\0' && strncmp(src, "http://", 7) != 0 &&
        strncmp(src, "https://", 8) != 0 && stat(src, &st) != 0) {
        cli_error(src, _("no such tiles folder: give the folder a tlog-tiles log was written to"));
        return EXIT_FAILED;
    }
    return cli_verify_tiles(argc, argv);
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "key", required_argument, NULL, 'k' },
        { "exporter-key", required_argument, NULL, 'e' },
        { "state", required_argument, NULL, 'S' },
        { "witness", required_argument, NULL, 'w' },
        { "witnesses-needed", required_argument, NULL, 'W' },
        { "threads", required_argument, NULL, 'T' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char        *dir = NULL, *vkey = NULL, *ekey = NULL, *state = NULL;
    bool               json = false;
    uint64_t           threads = 0, needed = 0;
    txng_pubkey           exporter, witnesses[CLI_MAX_WITNESSES];
    struct witness_policy wp = { witnesses, 0, 0, 0, false };
    txng_bundle_origin *orgs = NULL;
    size_t             norgs = 0;
    int                c, status;
    txng_pubkey        trusted;
    txng_log          *log = NULL;
    txng_verify_result res = { 0 };
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    char               root[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--tiles") == 0 || strncmp(argv[i], "--tiles=", 8) == 0)
            return verify_tiles(argc, argv, i);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:k:e:S:w:W:T:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'k':
            vkey = optarg;
            break;
        case 'e':
            ekey = optarg;
            if (txng_pubkey_parse(&exporter, ekey, strlen(ekey), &diag) != TXNG_OK)
                return cli_usage(&cmd_verify, "--exporter-key: %s",
                                 diag.reason != NULL ? _(diag.reason)
                                                     : _(txng_strerror(TXNG_EFORMAT)));
            break;
        case 'S':
            state = optarg;
            break;
        case 'w':
            if ((status = cli_witness_opt(witnesses, &wp.n, optarg)) != EXIT_DONE)
                return status;
            break;
        case 'W':
            if ((status = cli_witnesses_needed_opt(optarg, &needed)) != EXIT_DONE)
                return status;
            break;
        case 'T':
            if (!cli_parse_u64(optarg, &threads) || threads == 0 || threads > 256)
                return cli_usage(&cmd_verify, _("--threads: a number from 1 to 256: %s"),
                                 optarg);
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_verify, options);
        case ':':
            return cli_usage(&cmd_verify, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_verify, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (needed > 0 && needed > wp.n)
        return cli_usage(&cmd_verify, _("--witnesses-needed: more than the witnesses given"));
    wp.needed = needed > 0 ? needed : wp.n;
    if (argc - optind > 1)
        return cli_usage(&cmd_verify, _("unexpected argument %s"), argv[optind + 1]);
    if (argc - optind == 1) {
        if (dir != NULL)
            return cli_usage(&cmd_verify, _("unexpected argument %s"), argv[optind]);
        if (vkey == NULL)
            return cli_usage(&cmd_verify, _("a bundle needs --key VKEY, the log's verifier key"));
        if (txng_pubkey_parse(&trusted, vkey, strlen(vkey), &diag) != TXNG_OK)
            return cli_usage(&cmd_verify, "--key: %s",
                             diag.reason != NULL ? _(diag.reason)
                                                 : _(txng_strerror(TXNG_EFORMAT)));
        return verify_bundle(argv[optind], &trusted, ekey != NULL ? &exporter : NULL, state, &wp,
                             (unsigned) threads, json);
    }
    if (ekey != NULL || state != NULL || wp.n > 0)
        return cli_usage(&cmd_verify, _("--exporter-key, --state and --witness are for bundles"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_verify, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (vkey != NULL && txng_pubkey_parse(&trusted, vkey, strlen(vkey), &diag) != TXNG_OK)
        return cli_usage(&cmd_verify, "--key: %s",
                         diag.reason != NULL ? _(diag.reason) : _(txng_strerror(TXNG_EFORMAT)));
    /* A log whose genesis or metadata is damaged cannot be opened: that is a failed
     * verification (1), not a bad input; everything else is reported by cli_open_log(). */
    err = txng_log_open(&log, dir, TXNG_LOG_RDONLY);
    if (err == TXNG_ECORRUPT) {
        cli_error(dir, _("record 0, the log's metadata or data.mdb itself is damaged: the log "
                         "does not verify"));
        return EXIT_NO;
    }
    if (err != TXNG_OK && (status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    err = txng_log_verify(log, vkey != NULL ? &trusted : NULL, (unsigned) threads, cli_progress,
                          (void *) _("verifying"), &res, &diag);
    cli_progress_end();
    if (err == TXNG_OK) {
        err = txng_bundle_check_imports(log, &orgs, &norgs, &diag);
    }
    if (err == TXNG_ENOMEM || err == TXNG_ESYS) {
        cli_report("verify", err, &diag);
        status = EXIT_FAILED;
    } else if (err != TXNG_OK) {
        if (json) {
            json_t *j = json_pack("{s:b, s:s}", "ok", 0, "reason",
                                  diag.reason != NULL ? diag.reason : txng_strerror(err));

            if (j != NULL && diag.has_index)
                json_object_set_new(j, "index", json_integer((json_int_t) diag.index));
            if (j != NULL && diag.field[0] != '\0')
                json_object_set_new(j, "field", json_string(diag.field));
            (void) cli_print_json(j);
        }
        cli_report("verify", err, &diag);
        status = EXIT_NO;
    } else {
        txng_b64_encode(root, res.root, sizeof res.root);
        if (json) {
            json_t *j = json_pack("{s:b, s:s, s:I, s:I, s:I, s:s}", "ok", 1, "origin",
                                  txng_log_origin(log), "records", (json_int_t) res.size, "keys",
                                  (json_int_t) res.keys, "checkpoints",
                                  (json_int_t) res.checkpoints, "root", root);
            json_t *imports = norgs > 0 ? json_array() : NULL;

            for (size_t i = 0; imports != NULL && i < norgs; i++)
                json_array_append_new(imports,
                                      json_pack("{s:s, s:I, s:I}", "origin", orgs[i].origin,
                                                "records", (json_int_t) orgs[i].records, "size",
                                                (json_int_t) orgs[i].size));
            if (j != NULL && imports != NULL)
                json_object_set_new(j, "imports", imports);
            (void) cli_print_json(j);
        } else {
            printf(_("ok: %s: %" PRIu64 " records, %" PRIu64 " keys, %" PRIu64
                     " checkpoints, root %s\n"),
                   txng_log_origin(log), res.size, res.keys, res.checkpoints, root);
            for (size_t i = 0; i < norgs; i++)
                printf(_("imported: %" PRIu64 " records from %s (checkpoint size %" PRIu64 ")\n"),
                       orgs[i].records, orgs[i].origin, orgs[i].size);
        }
    }
    free(orgs);
    txng_log_close(log);
    return status;
}

const struct command cmd_verify = {
    "verify",
    run,
    "verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... "
    "[--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... "
    "[--witnesses-needed K]) [--threads N] [--json]",
    N_("check every record, signature, checkpoint and index of a log"),
};
