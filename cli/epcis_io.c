/*
 * epcis_io.c - EPCIS 2.0 JSON-LD export and import
 *
 * Export streams: a first pass over the selected records gathers the
 * prefixes that imported events use (their "txng:context"), then the
 * document head is written and each event follows as it is read, so memory
 * stays bounded by one record however large the selection. Records that are
 * not EPCIS events (genesis, keys, master data, corrections) are left out.
 *
 * Import reads one document, checks it whole (core/epcis.h), converts every
 * event, applies the stateless rules of txng's steps (txng_event_rules_check)
 * to events of those steps, and appends all
 * events in one transaction signed by --as, or nothing. The stateful rules of
 * the lineage index are not applied: they need the upstream records, which
 * are in the partner's log, not in this one.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "cli/record.h"
#include "core/canon.h"
#include "core/epcis.h"
#include "core/event.h"
#include "core/index.h"
#include "core/record.h"

/* Record @p index decoded, with its leaf hash. */
static txng_err
read_record(txng_log *log, uint64_t index, txng_record **rec, unsigned char leaf[TXNG_HASH_BYTES],
            txng_diag *diag)
{
    char    *bytes = NULL;
    size_t   len   = 0;
    txng_err err;

    *rec = NULL;
    if ((err = txng_log_get(log, index, &bytes, &len)) != TXNG_OK)
        return err;
    txng_hash_leaf(leaf, bytes, len);
    err = txng_record_decode(rec, bytes, len, diag);
    free(bytes);
    return err;
}

/* The creation time: $SOURCE_DATE_EPOCH (reproducible output) or the clock. */
static void
creation_date(char out[32])
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    uint64_t    t;

    if (env != NULL && cli_parse_u64(env, &t) && t < 253402300800u)
        txng_time_format(out, (int64_t) t);
    else
        txng_time_format(out, (int64_t) time(NULL));
}

int
cli_export_epcis(txng_log *log, const uint64_t *idx, size_t n, FILE *out, const char *path)
{
    json_t       *prefixes = json_object(), *ctx = NULL, *ev = NULL;
    txng_record  *rec = NULL;
    unsigned char leaf[TXNG_HASH_BYTES];
    txng_diag     diag   = TXNG_DIAG_INIT;
    char         *text   = NULL, date[32], where[64];
    size_t        count  = 0;
    int           status = EXIT_FAILED;
    txng_err      err    = TXNG_OK;

    if (prefixes == NULL) {
        cli_report(path, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    /* pass 1: the namespaces of imported events, for the @context */
    for (size_t i = 0; i < n; i++) {
        const char *k;
        json_t     *v;

        snprintf(where, sizeof where, _("record %" PRIu64), idx[i]);
        if ((err = read_record(log, idx[i], &rec, leaf, &diag)) != TXNG_OK)
            goto bad;
        json_object_foreach(json_object_get(rec->event, "txng:context"), k, v)
        {
            const json_t *have = json_object_get(prefixes, k);

            if (strcmp(k, "txng") == 0 || !json_is_string(v))
                continue;
            if (have != NULL && !json_equal(have, v)) {
                cli_error(path, _("%s: prefix %s names two namespaces: %s and %s"), where, k,
                          json_string_value(have), json_string_value(v));
                goto out;
            }
            if (json_object_set(prefixes, k, v) != 0) {
                err = TXNG_ENOMEM;
                goto bad;
            }
        }
        txng_record_free(rec);
        rec = NULL;
    }
    if (json_object_set_new(prefixes, "txng", json_string(TXNG_EPCIS_NS)) != 0 ||
        (ctx = json_pack("[s,O]", TXNG_EPCIS_CONTEXT, prefixes)) == NULL ||
        (err = txng_epcis_dump(ctx, &text, NULL)) != TXNG_OK) {
        err = err != TXNG_OK ? err : TXNG_ENOMEM;
        goto bad;
    }
    creation_date(date);
    fprintf(out,
            "{\"@context\":%s,\n\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
            "\"creationDate\":\"%s\",\n\"epcisBody\":{\"eventList\":[",
            text, date);
    free(text);
    text = NULL;
    /* pass 2: the events, one at a time */
    for (size_t i = 0; i < n; i++) {
        snprintf(where, sizeof where, _("record %" PRIu64), idx[i]);
        if ((err = read_record(log, idx[i], &rec, leaf, &diag)) != TXNG_OK)
            goto bad;
        err = txng_epcis_from_record(&ev, NULL, rec, leaf, &diag);
        txng_record_free(rec);
        rec = NULL;
        if (err == TXNG_ENOTFOUND)
            continue;
        if (err != TXNG_OK || (err = txng_epcis_dump(ev, &text, NULL)) != TXNG_OK)
            goto bad;
        fprintf(out, "%s\n%s", count == 0 ? "" : ",", text);
        count++;
        free(text);
        text = NULL;
        json_decref(ev);
        ev = NULL;
    }
    fputs("]}}\n", out);
    if (ferror(out)) {
        cli_error(path, _("could not write the document"));
        goto out;
    }
    status = EXIT_DONE;
    goto out;
bad : {
    char ctx_text[400];

    snprintf(ctx_text, sizeof ctx_text, "%s: %s", path, where);
    cli_report(ctx_text, err, &diag);
    status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
}
out:
    free(text);
    json_decref(ev);
    json_decref(ctx);
    json_decref(prefixes);
    txng_record_free(rec);
    return status;
}

static const char import_options[] =
    N_("options:\n"
       "  -d, --dir DIR        the log folder (or $TXNG_DIR)\n"
       "  -F, --format epcis   FILE is an EPCIS 2.0 JSON-LD document (EPCISDocument or\n"
       "                       EPCISQueryDocument)\n"
       "  -a, --as KEY         sign the events with KEY: a key name or a key file\n"
       "  -r, --recorded TIME  the recorded time of the new records (default: now)\n"
       "  -n, --dry-run        check the document and print the events as JSON Lines;\n"
       "                       append nothing\n"
       "  -h, --help           show this help\n"
       "Every event keeps the partner's members and its eventID (the CBV 2.0 hash ID is\n"
       "computed when it has none). Nothing is appended unless every event is good.\n");

static const struct command import_epcis = {
    "import",
    NULL,
    "import -d DIR --format epcis FILE --as KEY [--recorded TIME] [--dry-run]",
    N_("import the events of an EPCIS 2.0 JSON-LD document, all or nothing"),
};

/*
 * Whether @p log holds an event with the eventID of @p ev already (imported
 * before): the index leads to candidates, and each is read to be sure.
 */
static txng_err
imported_before(txng_log *log, const json_t *ev, bool *seen)
{
    const json_t   *id = json_object_get(ev, "eventID");
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    txng_err        err;

    *seen = false;
    if (!json_is_string(id))
        return TXNG_OK;
    err = txng_index_find(log, json_string_value(id), json_string_length(id),
                          TXNG_ROLE_EVENTID, &hits, &n);
    for (size_t i = 0; i < n && err == TXNG_OK && !*seen; i++) {
        char        *bytes = NULL;
        size_t       blen;
        txng_record *rec = NULL;

        err = txng_log_get(log, hits[i].index, &bytes, &blen);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, blen, NULL);
        if (err == TXNG_OK)
            *seen = json_equal(json_object_get(rec->event, "eventID"), id);
        txng_record_free(rec);
        free(bytes);
    }
    free(hits);
    return err;
}

int
cli_import_epcis(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "as", required_argument, NULL, 'a' },
        { "format", required_argument, NULL, 'F' },
        { "recorded", required_argument, NULL, 'r' },
        { "dry-run", no_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char       *dir = NULL, *as = NULL, *path = NULL;
    bool              have_time = false, dry_run = false;
    int64_t           t = 0, skew = cli_max_skew(), now;
    int               c, status   = EXIT_FAILED;
    char             *text = NULL, *bytes = NULL, where[700];
    size_t            len = 0;
    json_t           *doc = NULL, *ev = NULL;
    const json_t     *events = NULL, *context;
    struct cli_events evs    = { 0 };
    txng_log         *log    = NULL;
    txng_signer      *logkey = NULL, *actor = NULL;
    txng_diag         diag = TXNG_DIAG_INIT;
    json_error_t      jerr;
    uint64_t          first = 0;
    size_t            skipped = 0;
    bool              seen;
    txng_err          err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:F:r:nh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'a':
            as = optarg;
            break;
        case 'F':
            if (strcmp(optarg, "epcis") != 0)
                return cli_usage(&import_epcis, _("--format: only epcis here: %s"), optarg);
            break;
        case 'r':
            if (!cli_parse_time(optarg, &t))
                return cli_usage(&import_epcis, _("--recorded: not a time: %s"), optarg);
            have_time = true;
            break;
        case 'n':
            dry_run = true;
            break;
        case 'h':
            return cli_help(&import_epcis, import_options);
        case ':':
            return cli_usage(&import_epcis, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&import_epcis, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind == argc)
        return cli_usage(&import_epcis, _("no input: give the EPCIS document FILE"));
    path = argv[optind++];
    if (optind < argc)
        return cli_usage(&import_epcis, _("unexpected argument %s"), argv[optind]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&import_epcis, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (as == NULL && !dry_run)
        return cli_usage(&import_epcis, _("no key: give --as KEY"));
    if (skew < 0)
        return cli_usage(&import_epcis, _("TXNG_MAX_SKEW: not a number of seconds"));

    if ((status = cli_open_log(dir, dry_run ? TXNG_LOG_RDONLY : 0, &log)) != EXIT_DONE)
        return status;
    status = EXIT_FAILED;
    if ((err = cli_read_file(path, &text, &len)) != TXNG_OK) {
        if (err == TXNG_ENOTFOUND)
            cli_error(path, _("no such file"));
        else
            cli_report(path, err, NULL);
        goto out;
    }
    if (len > TXNG_EPCIS_DOC_MAX) {
        cli_error(path, _("larger than %u MiB"), TXNG_EPCIS_DOC_MAX >> 20);
        goto out;
    }
    doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        cli_error(path, _("line %d: not JSON: %s"), jerr.line, jerr.text);
        goto out;
    }
    if ((err = txng_epcis_document_check(doc, &events, &diag)) != TXNG_OK) {
        cli_report(path, err, &diag);
        goto out;
    }
    context = json_object_get(doc, "@context");
    now     = cli_now(have_time, t);
    for (size_t i = 0; i < json_array_size(events); i++) {
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_epcis_to_event(&ev, json_array_get(events, i), context, &diag);
        if (err == TXNG_OK)
            err = txng_event_check(ev, &diag);
        /* the step rules hold for events of txng's steps; a partner's own events
           keep their identifiers as written (EPC URNs, other GS1 keys), which
           those rules would refuse, so the document checks are theirs */
        if (err == TXNG_OK && txng_event_step(ev) != NULL)
            err = txng_event_rules_check(ev, &diag);
        if (err == TXNG_OK)
            err = txng_event_time_check(ev, now, skew, &diag);
        if (err == TXNG_OK && (err = imported_before(log, ev, &seen)) == TXNG_OK && seen) {
            /* the same event, imported before: an append-only log must not hold it twice */
            skipped++;
            json_decref(ev);
            ev = NULL;
            continue;
        }
        if (err == TXNG_OK) {
            err = cli_events_add(&evs, ev, i + 1);
            ev  = NULL;
        }
        if (err != TXNG_OK) {
            snprintf(where, sizeof where, "%s: /epcisBody/eventList/%zu", path, i);
            cli_report(where, err, &diag);
            goto out;
        }
    }
    if (evs.n == 0 && skipped > 0) {
        /* the actor is checked all the same: a wrong --as is wrong whatever the document */
        if (!dry_run && ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
                         (status = cli_check_actor(log, actor)) != EXIT_DONE))
            goto out;
        printf(ngettext("nothing new: the event was imported before\n",
                        "nothing new: all %zu events were imported before\n", skipped),
               skipped);
        status = EXIT_DONE;
        goto out;
    }
    if (evs.n == 0) {
        cli_error(path, _("no events to import"));
        goto out;
    }
    if (dry_run) {
        status = cli_events_print(&evs, path);
        goto out;
    }
    if ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
        (status = cli_check_actor(log, actor)) != EXIT_DONE ||
        (status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    err    = txng_log_append_as(log, logkey, actor, evs.v, evs.n, now, &first, &diag);
    if (err != TXNG_OK) {
        if (diag.line > 0 && diag.line <= evs.n)
            snprintf(where, sizeof where, "%s: /epcisBody/eventList/%zu", path, diag.line - 1);
        else
            snprintf(where, sizeof where, "%s", path);
        diag.line = 0;
        cli_report(where, err, &diag);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    if (evs.n == 1)
        printf(_("imported 1 event (record %" PRIu64 ")\n"), first);
    else
        printf(_("imported %zu events (records %" PRIu64 "..%" PRIu64 ")\n"), evs.n, first,
               first + evs.n - 1);
    if (skipped > 0)
        printf(ngettext("left out %zu event imported before\n",
                        "left out %zu events imported before\n", skipped),
               skipped);
    cli_after_append(log, dir);
    status = EXIT_DONE;
out:
    cli_events_free(&evs);
    json_decref(ev);
    json_decref(doc);
    free(bytes);
    free(text);
    txng_signer_free(actor);
    txng_signer_free(logkey);
    txng_log_close(log);
    return status;
}
