/*
 * cmd_import.c - txng import: a signed bundle from another log, or a
 * spreadsheet of events (--csv), or EPCIS (--format epcis, cli/epcis_io.c)
 *
 * A bundle is verified whole (core/bundle txng_bundle_import()) before its
 * records go in as txng:Imported records under one txng:Import record, in
 * one batch signed by --as; records imported before are skipped.
 *
 * CSV:
 * The header names the columns: a key data element's Vietnamese heading,
 * option name or English label (txng_step_kde_by_heading), and the step in
 * a column "Công đoạn" or "step" unless --step gives it for every row. Every
 * row is built and checked before anything is appended; then all events go
 * in one transaction, signed by --as.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "cli/record.h"
#include "core/bundle.h"
#include "core/canon.h"
#include "core/csv.h"
#include "core/event.h"
#include "core/rules.h"

static const char import_options[] =
    N_("options:\n"
       "  BUNDLE               a bundle from another log (see 'txng export')\n"
       "  -k, --key VKEY       the verifier key of the bundle's log (needed for a bundle)\n"
       "  -F, --format epcis   import an EPCIS 2.0 JSON-LD document instead\n"
       "  -d, --dir DIR        the log folder (or $TXNG_DIR)\n"
       "  -a, --as KEY         sign the events with KEY: a key name or a key file\n"
       "  -c, --csv FILE       the CSV file (',', ';' or tab; UTF-8, with or without BOM)\n"
       "  -s, --step STEP      the step of every row (else a column \"Công đoạn\" or \"step\")\n"
       "  -r, --recorded TIME  the recorded time of the new records (default: now)\n"
       "  -n, --dry-run        check every row and print the events as JSON Lines;\n"
       "                       append nothing\n"
       "  -h, --help           show this help\n"
       "Columns are named by the Vietnamese heading, the option or the English label of\n"
       "an element of the step (see 'txng record STEP --help'); empty cells are left out.\n"
       "Nothing is appended unless every row is good.\n");

/* The element of each column for one step, found once. */
struct step_cols {
    const txng_step *step;
    const txng_kde **kdes; /* per column; NULL when the column is no element of the step */
};

static const txng_step *
step_named(const char *name)
{
    const txng_step *s = txng_step_find(name);

    for (size_t i = 0; s == NULL && i < txng_step_count(); i++)
        if (strcmp(txng_step_at(i)->label_vi, name) == 0)
            s = txng_step_at(i);
    return s;
}

/* Columns of @p step, resolved on first use. */
static struct step_cols *
columns_of(struct step_cols *cache, const txng_step *step, char **names, size_t ncols)
{
    size_t i = 0;

    while (cache[i].step != NULL && cache[i].step != step)
        i++;
    if (cache[i].step == step)
        return &cache[i];
    cache[i].kdes = calloc(ncols, sizeof *cache[i].kdes);
    if (cache[i].kdes == NULL)
        return NULL;
    cache[i].step = step;
    for (size_t c = 0; c < ncols; c++)
        cache[i].kdes[c] = txng_step_kde_by_heading(step, names[c]);
    return &cache[i];
}

/* The heading of the column of @p option in @p cols, else the element's heading. */
static const char *
heading_of(const struct step_cols *cols, char **names, size_t ncols, const char *option)
{
    const txng_kde *k = txng_step_kde(cols->step, option);

    for (size_t c = 0; c < ncols; c++)
        if (cols->kdes[c] != NULL && strcmp(cols->kdes[c]->option, option) == 0)
            return names[c];
    return k != NULL ? k->heading : NULL;
}

static char *
trimmed_nfc(const char *s, size_t len)
{
    char *out = NULL;

    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (txng_nfc(&out, s, len) != TXNG_OK)
        return NULL;
    return out;
}

/*
 * The stateful rules for the events read from the CSV file @p path (core/rules.h); a refusal
 * is reported at the row, and the column when known, of the event refused.
 */
static int
check_state(txng_log *log, const char *path, const struct cli_events *evs,
            struct step_cols *cache, char **names, size_t ncols)
{
    txng_diag         diag = TXNG_DIAG_INIT;
    txng_err          err;
    bool              at;
    const txng_step  *step;
    struct step_cols *cols;
    const char       *field = NULL;
    char              where[4200];

    err = txng_rules_check_state(log, (const json_t *const *) evs->v, evs->n, &diag);
    if (err == TXNG_OK)
        return EXIT_DONE;
    at   = diag.line > 0 && diag.line <= evs->n;
    step = at ? txng_event_step(evs->v[diag.line - 1]) : NULL;
    cols = step != NULL ? columns_of(cache, step, names, ncols) : NULL;
    snprintf(where, sizeof where, "%s", path);
    if (at)
        snprintf(where, sizeof where, "%s:%zu", path, evs->line[diag.line - 1]);
    if (cols != NULL && diag.field[0] != '\0')
        field = heading_of(cols, names, ncols, diag.field);
    diag.line = 0;
    cli_build_report(where, field, err, &diag, NULL);
    return err == TXNG_EFORMAT ? EXIT_FAILED : cli_status(err);
}

/* txng import -d DIR BUNDLE --key VKEY --as KEY. */
static int
import_bundle(const char *dir, const char *path, const char *vkey, const char *as, int64_t now)
{
    txng_log                 *log    = NULL;
    txng_signer              *logkey = NULL, *actor = NULL;
    txng_pubkey               up;
    txng_bundle_import_result res;
    txng_diag                 diag = TXNG_DIAG_INIT;
    char                     *data = NULL;
    size_t                    len  = 0;
    txng_err                  err;
    int                       status;

    if (txng_pubkey_parse(&up, vkey, strlen(vkey), &diag) != TXNG_OK)
        return cli_usage(&cmd_import, "--key: %s",
                         diag.reason != NULL ? _(diag.reason) : _(txng_strerror(TXNG_EFORMAT)));
    if ((status = cli_open_log(dir, 0, &log)) != EXIT_DONE)
        return status;
    status = EXIT_FAILED;
    if ((err = cli_read_input(path, &data, &len)) != TXNG_OK)
        goto out;
    if ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
        (status = cli_check_actor(log, actor)) != EXIT_DONE ||
        (status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    /* decides what is new and appends it under the log's writer lock */
    err = txng_bundle_import(log, logkey, actor, data, len, &up, now, &res, &diag);
    if (err != TXNG_OK) {
        cli_report(path, err, &diag);
        status = err == TXNG_ENOMEM || err == TXNG_ESYS || err == TXNG_EFULL ? EXIT_FAILED
                                                                              : EXIT_NO;
        goto out;
    }
    if (res.added == 0)
        printf(_("nothing new: all %" PRIu64 " records were imported before\n"), res.skipped);
    else
        printf(_("imported %" PRIu64 " records from %s (checkpoint size %" PRIu64
                 ") as records %" PRIu64 "..%" PRIu64 "; %" PRIu64 " imported before\n"),
               res.added, up.name, res.size, res.first, res.first + res.added,
               res.skipped);
    if (res.added > 0)
        cli_after_append(log, dir);
    status = EXIT_DONE;
out:
    txng_signer_free(actor);
    txng_signer_free(logkey);
    txng_log_close(log);
    free(data);
    return status;
}

static int
run_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },      { "as", required_argument, NULL, 'a' },
        { "csv", required_argument, NULL, 'c' },      { "step", required_argument, NULL, 's' },
        { "recorded", required_argument, NULL, 'r' }, { "dry-run", no_argument, NULL, 'n' },
        { "key", required_argument, NULL, 'k' },      { "format", required_argument, NULL, 'F' },
        { "help", no_argument, NULL, 'h' },           { NULL, 0, NULL, 0 },
    };
    const char         *dir = NULL, *as = NULL, *path = NULL, *step_opt = NULL;
    const char         *vkey = NULL, *format = NULL;
    const txng_step    *fixed     = NULL;
    bool                have_time = false, dry_run = false, locked = false;
    int64_t             t = 0, skew = cli_max_skew(), now;
    int                 c, status;
    char               *text = NULL, **names = NULL, where[4200], *bytes = NULL;
    char               *cells[TXNG_CSV_MAX_COLUMNS] = { 0 };
    size_t              len = 0, ncols = 0, step_col = SIZE_MAX, rows = 0;
    struct step_cols    cache[32]; /* more than the steps in the table */
    struct cli_events   evs = { 0 };
    struct cli_resolver res = { 0 };
    txng_csv           *csv = NULL;
    txng_csv_row        row;
    txng_log           *log    = NULL;
    txng_signer        *logkey = NULL, *actor = NULL;
    txng_diag           diag = TXNG_DIAG_INIT;
    txng_event_opts     opts;
    txng_kde_value      values[TXNG_CSV_MAX_COLUMNS];
    uint64_t            first = 0, checked, size;
    txng_err            err;

    for (int i = 1; i + 1 < argc; i++)
        if ((strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-F") == 0) &&
            strcmp(argv[i + 1], "epcis") == 0)
            return cli_import_epcis(argc, argv);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--format=epcis") == 0)
            return cli_import_epcis(argc, argv);
    memset(cache, 0, sizeof cache);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:c:s:r:k:F:nh", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            vkey = optarg;
            break;
        case 'F':
            format = optarg;
            break;
        case 'd':
            dir = optarg;
            break;
        case 'a':
            as = optarg;
            break;
        case 'c':
            path = optarg;
            break;
        case 's':
            step_opt = optarg;
            break;
        case 'r':
            if (!cli_parse_time(optarg, &t))
                return cli_usage(&cmd_import, _("--recorded: not a time: %s"), optarg);
            have_time = true;
            break;
        case 'n':
            dry_run = true;
            break;
        case 'h':
            return cli_help(&cmd_import, import_options);
        case ':':
            return cli_usage(&cmd_import, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_import, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (format != NULL && strcmp(format, "bundle") != 0 && strcmp(format, "csv") != 0)
        return cli_usage(&cmd_import, _("--format: bundle, csv or epcis: %s"), format);
    if (argc - optind > 1 || (argc - optind == 1 && path != NULL))
        return cli_usage(&cmd_import, _("unexpected argument %s"), argv[argc - 1]);
    if (argc - optind == 1) {
        if ((dir = cli_dir(dir)) == NULL)
            return cli_usage(&cmd_import, _("no log folder: give -d DIR or set TXNG_DIR"));
        if (vkey == NULL)
            return cli_usage(&cmd_import, _("a bundle needs --key VKEY, its log's verifier key"));
        if (as == NULL)
            return cli_usage(&cmd_import, _("no key: give --as KEY"));
        if (dry_run || step_opt != NULL)
            return cli_usage(&cmd_import, _("--dry-run and --step are for CSV"));
        return import_bundle(dir, argv[optind], vkey, as, cli_now(have_time, t));
    }
    if (vkey != NULL)
        return cli_usage(&cmd_import, _("--key is for bundles"));
    if (path == NULL)
        return cli_usage(&cmd_import, _("no input: give a BUNDLE or --csv FILE"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_import, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (as == NULL && !dry_run)
        return cli_usage(&cmd_import, _("no key: give --as KEY"));
    if (step_opt != NULL && (fixed = step_named(step_opt)) == NULL)
        return cli_usage(&cmd_import, _("%s: no such step (see 'txng record --help')"), step_opt);
    if (skew < 0)
        return cli_usage(&cmd_import, _("TXNG_MAX_SKEW: not a number of seconds"));

    if ((status = cli_open_log(dir, dry_run ? TXNG_LOG_RDONLY : 0, &log)) != EXIT_DONE)
        return status;
    status       = EXIT_FAILED;
    res.log      = log;
    res.own_kind = -2;
    if ((err = cli_read_input(path, &text, &len)) != TXNG_OK)
        goto out;
    err = txng_csv_open(&csv, text, len, TXNG_CSV_SNIFF, &diag);
    if (err != TXNG_OK)
        goto bad_csv;
    ncols = txng_csv_columns(csv);
    names = calloc(ncols, sizeof *names);
    if (names == NULL) {
        cli_report(path, TXNG_ENOMEM, NULL);
        goto out;
    }
    for (size_t i = 0; i < ncols; i++) {
        const char *h = txng_csv_column_name(csv, i);

        if ((names[i] = trimmed_nfc(h, strlen(h))) == NULL) {
            cli_report(path, TXNG_ENOMEM, NULL);
            goto out;
        }
        if (strcmp(names[i], "Công đoạn") == 0 || strcmp(names[i], "step") == 0)
            step_col = i;
    }
    if (fixed == NULL && step_col == SIZE_MAX) {
        cli_error(path, _("no step: give --step STEP or a column \"Công đoạn\" (step)"));
        status = EXIT_USAGE;
        goto out;
    }
    now              = cli_now(have_time, t);
    opts.origin      = txng_log_origin(log);
    opts.resolve     = cli_resolve;
    opts.resolve_ctx = &res;

    for (;;) {
        const txng_step  *step = fixed;
        struct step_cols *cols;
        size_t            n     = 0;
        json_t           *ev    = NULL;
        unsigned          notes = 0;
        const char       *field = NULL;

        diag = (txng_diag) TXNG_DIAG_INIT;
        if ((err = txng_csv_next(csv, &row, &diag)) != TXNG_OK)
            goto bad_csv;
        if (row.nfields == 0)
            break;
        rows++;
        if ((rows & 1023) == 0)
            cli_progress((void *) _("checking"), rows, 0);
        snprintf(where, sizeof where, "%s:%zu", path, row.line);
        for (size_t i = 0; i < ncols; i++) {
            free(cells[i]);
            cells[i] = trimmed_nfc(row.fields[i].ptr, row.fields[i].len);
            if (cells[i] == NULL) {
                cli_report(where, TXNG_ENOMEM, NULL);
                goto out;
            }
        }
        if (step_col != SIZE_MAX && cells[step_col][0] != '\0') {
            step = step_named(cells[step_col]);
            if (step == NULL) {
                cli_error(where, _("%s: no such step: %s"), names[step_col], cells[step_col]);
                goto out;
            }
        }
        if (step == NULL) {
            cli_error(where, _("%s: no step given"), names[step_col]);
            goto out;
        }
        if ((cols = columns_of(cache, step, names, ncols)) == NULL) {
            cli_report(where, TXNG_ENOMEM, NULL);
            goto out;
        }
        for (size_t i = 0; i < ncols; i++) {
            if (i == step_col || cells[i][0] == '\0')
                continue;
            if (cols->kdes[i] == NULL) {
                cli_error(where, _("%s: not an element of %s (see 'txng record %s --help')"),
                          names[i], step->name, step->name);
                goto out;
            }
            values[n].option  = cols->kdes[i]->option;
            values[n++].value = cells[i];
        }
        res.own_kind = -2;
        res.own_code = NULL;
        if (step->master && txng_step_kde(step, "code") != NULL) {
            res.own_kind = txng_step_kde(step, "code")->kind;
            for (size_t i = 0; i < n; i++)
                if (strcmp(values[i].option, "code") == 0)
                    res.own_code = values[i].value;
        }
        err = txng_event_build_ex(&ev, step, &opts, values, n, &notes, &diag);
        if (err == TXNG_OK)
            err = txng_event_time_check(ev, now, skew, &diag);
        if (err == TXNG_OK)
            err = cli_names_learn(&res, ev, UINT64_MAX);
        if (err == TXNG_OK)
            err = cli_events_add(&evs, ev, row.line);
        if (err != TXNG_OK) {
            json_decref(ev);
            if (diag.field[0] != '\0')
                field = heading_of(cols, names, ncols, diag.field);
            cli_build_report(where, field, err, &diag, &res);
            goto out;
        }
        cli_print_notes(where, notes);
    }
    cli_progress_end();
    /* The names are for building rows only. Freed now, before the events: see "out". */
    cli_resolver_free(&res);
    if (evs.n == 0) {
        cli_error(path, _("no rows to import"));
        goto out;
    }
    /* Checked now to refuse before any passphrase is asked, and again under the writer lock
     * with the append it guards when another writer appended in between. */
    if (txng_log_size(log, &checked) != TXNG_OK)
        checked = UINT64_MAX; /* no size: check again under the lock */
    if ((status = check_state(log, path, &evs, cache, names, ncols)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    if (dry_run) {
        status = cli_events_print(&evs, path);
        goto out;
    }
    if ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
        (status = cli_check_actor(log, actor)) != EXIT_DONE ||
        (status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    diag = (txng_diag) TXNG_DIAG_INIT;
    if ((err = txng_log_lock(log, &diag)) != TXNG_OK) {
        cli_report(dir, err, &diag);
        status = cli_status(err);
        goto out;
    }
    locked = true;
    /* The log only grows: at the size the first check began from, it saw all there is. */
    if ((txng_log_size(log, &size) != TXNG_OK || size != checked) &&
        (status = check_state(log, path, &evs, cache, names, ncols)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    err    = txng_log_append_as(log, logkey, actor, evs.v, evs.n, now, &first, &diag);
    txng_log_unlock(log);
    locked = false;
    if (err != TXNG_OK) {
        diag.line = 0;
        cli_report(path, err, &diag);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    if (evs.n == 1)
        printf(_("imported 1 event (record %" PRIu64 ")\n"), first);
    else
        printf(_("imported %zu events (records %" PRIu64 "..%" PRIu64 ")\n"), evs.n, first,
               first + evs.n - 1);
    cli_after_append(log, dir);
    status = EXIT_DONE;
    goto out;
bad_csv:
    if (diag.line > 0)
        snprintf(where, sizeof where, "%s:%zu", path, diag.line);
    else
        snprintf(where, sizeof where, "%s", path);
    diag.line = 0;
    cli_report(where, err, &diag);
out:
    if (locked)
        txng_log_unlock(log);
    for (size_t i = 0; i < ncols; i++) {
        free(cells[i]);
        if (names != NULL)
            free(names[i]);
    }
    for (size_t i = 0; i < sizeof cache / sizeof cache[0]; i++)
        free(cache[i].kdes);
    free(names);
    free(bytes);
    txng_signer_free(actor);
    txng_signer_free(logkey);
    txng_csv_close(csv);
    cli_resolver_free(&res);
    txng_log_close(log);
    free(text);
    /* Last: the events are hundreds of thousands of small blocks, and freeing a large block
     * after them makes glibc coalesce them all (a fifth of a dry run's time at 20,000 rows). */
    cli_events_free(&evs);
    return status;
}

const struct command cmd_import = {
    "import",
    run_import,
    "import -d DIR --as KEY (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | "
    "--format epcis FILE) [--recorded TIME]",
    N_("import a bundle from another log, or events from a spreadsheet or EPCIS"),
};
