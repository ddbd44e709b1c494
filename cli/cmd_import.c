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
 * option name or English label, exactly (txng_step_kde_by_heading) or
 * folded as names of places and parties are (cli_fold), and the step in a
 * column "Công đoạn" or "step" unless --step gives it for every row. The
 * headings are checked first, at line 1; then every row is built and
 * checked before anything is appended; then all events go in one
 * transaction, signed by --as.
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
       "Columns are named by the Vietnamese heading, the option (roots or --roots) or the\n"
       "English label of an element of the step (see 'txng record STEP --help'); case,\n"
       "Vietnamese diacritics and spaces do not count (\"so cu\" is \"Số củ\"). Empty cells\n"
       "are left out; a line break in a cell is kept in free text, else read as a space.\n"
       "Nothing is appended unless every row is good. A row whose event is in the log\n"
       "already (the spreadsheet imported again after a power cut) is left out.\n");

/* The element of each column for one step, found once. */
struct step_cols {
    const txng_step *step;
    const txng_kde **kdes; /* per column; NULL when the column is no element of the step */
};

/* One element of the step table, its heading, option and English label folded. */
struct heading {
    const txng_step *step;
    const txng_kde  *kde;
    char            *folded[3];
};

/*
 * The header of the CSV file and what it names: the columns' headings as
 * written (NFC, trimmed) and folded (cli_fold(): case, Vietnamese diacritics,
 * spaces, punctuation and a leading "--" do not count), the step column, and
 * the elements of each step the file uses.
 */
struct sheet {
    const char      *path;
    char           **names, **folded;
    size_t           ncols, step_col;
    struct heading  *heads; /* every element of every step */
    size_t           nheads;
    char           **step_folded; /* per step of the table: name and label_vi, folded */
    struct step_cols cache[32];   /* more than the steps in the table */
};

static void
sheet_free(struct sheet *sh)
{
    for (size_t i = 0; i < sh->ncols; i++) {
        if (sh->names != NULL)
            free(sh->names[i]);
        if (sh->folded != NULL)
            free(sh->folded[i]);
    }
    free(sh->names);
    free(sh->folded);
    for (size_t i = 0; i < sh->nheads; i++)
        for (int f = 0; f < 3; f++)
            free(sh->heads[i].folded[f]);
    free(sh->heads);
    for (size_t i = 0; sh->step_folded != NULL && i < 2 * txng_step_count(); i++)
        free(sh->step_folded[i]);
    free(sh->step_folded);
    for (size_t i = 0; i < sizeof sh->cache / sizeof sh->cache[0]; i++)
        free(sh->cache[i].kdes);
}

/* Fold the step table once: headings, options, labels and step names. */
static txng_err
sheet_fold_table(struct sheet *sh)
{
    size_t n = 0, nsteps = txng_step_count();

    for (size_t s = 0; s < nsteps; s++)
        n += txng_step_at(s)->n_kdes;
    if ((sh->heads = calloc(n, sizeof *sh->heads)) == NULL ||
        (sh->step_folded = calloc(2 * nsteps, sizeof *sh->step_folded)) == NULL)
        return TXNG_ENOMEM;
    for (size_t s = 0; s < nsteps; s++) {
        const txng_step *step = txng_step_at(s);

        if ((sh->step_folded[2 * s] = cli_fold(step->name)) == NULL ||
            (sh->step_folded[2 * s + 1] = cli_fold(step->label_vi)) == NULL)
            return TXNG_ENOMEM;
        for (size_t k = 0; k < step->n_kdes; k++) {
            struct heading *h = &sh->heads[sh->nheads++];

            h->step = step;
            h->kde  = &step->kdes[k];
            if ((h->folded[0] = cli_fold(h->kde->heading)) == NULL ||
                (h->folded[1] = cli_fold(h->kde->option)) == NULL ||
                (h->folded[2] = cli_fold(h->kde->label)) == NULL)
                return TXNG_ENOMEM;
        }
    }
    return TXNG_OK;
}

/* The step a cell or --step names: a step name or its Vietnamese label, exactly or folded. */
static const txng_step *
step_named(const struct sheet *sh, const char *name)
{
    const txng_step *s = txng_step_find(name);
    char            *f;

    for (size_t i = 0; s == NULL && i < txng_step_count(); i++)
        if (strcmp(txng_step_at(i)->label_vi, name) == 0)
            s = txng_step_at(i);
    if (s != NULL || (f = cli_fold(name)) == NULL)
        return s;
    for (size_t i = 0; s == NULL && *f != '\0' && i < 2 * txng_step_count(); i++)
        if (strcmp(sh->step_folded[i], f) == 0)
            s = txng_step_at(i / 2);
    free(f);
    return s;
}

/*
 * The steps nearest to @p name, which names none, into @p list: up to three, nearest first,
 * whose name or Vietnamese label folded is within 2 edits (a third of a long name) of it or
 * contains it, each as "harvest (Thu hoạch củ)"; "" when none is near.
 */
static void
nearest_steps(const struct sheet *sh, const char *name, char *list, size_t cap)
{
    char              *want = cli_fold(name);
    struct cli_nearest near = { 0 };
    size_t             n    = 0, limit;

    list[0] = '\0';
    if (want == NULL || *want == '\0') {
        free(want);
        return;
    }
    limit = strlen(want) / 3 > 2 ? strlen(want) / 3 : 2;
    for (size_t s = 0; s < txng_step_count(); s++) {
        size_t d = SIZE_MAX;

        for (size_t f = 0; f < 2; f++) {
            const char *have = sh->step_folded[2 * s + f];
            size_t      e    = cli_distance(want, have);

            if (e > limit && strlen(want) >= 3 && strlen(have) >= 3 &&
                (strstr(have, want) != NULL || strstr(want, have) != NULL))
                e = limit;
            if (e < d)
                d = e;
        }
        if (d <= limit)
            cli_nearest_offer(&near, s, d);
    }
    free(want);
    for (size_t j = 0; j < near.n && n < cap; j++)
        n += (size_t) snprintf(list + n, cap - n, "%s%s (%s)", j > 0 ? ", " : "",
                               txng_step_at(near.at[j])->name, txng_step_at(near.at[j])->label_vi);
}

/* The element of @p step that column @p c names: exactly (txng_step_kde_by_heading), else folded. */
static const txng_kde *
column_kde(const struct sheet *sh, const txng_step *step, size_t c)
{
    const txng_kde *k = txng_step_kde_by_heading(step, sh->names[c]);

    if (k != NULL || sh->folded[c][0] == '\0')
        return k;
    for (size_t i = 0; i < sh->nheads; i++)
        if (sh->heads[i].step == step)
            for (int f = 0; f < 3; f++)
                if (strcmp(sh->heads[i].folded[f], sh->folded[c]) == 0)
                    return sh->heads[i].kde;
    return NULL;
}

/*
 * Refuse, at line 1, column @p c, which names no element of @p step (or, NULL,
 * of any step): with up to three headings within 2 edits (1 for a heading of
 * up to 4 letters; a third of a long one) or containing it, nearest first.
 */
static void
report_heading(const struct sheet *sh, size_t c, const txng_step *step)
{
    const char        *want  = sh->folded[c];
    struct cli_nearest near  = { 0 };
    size_t             limit = strlen(want) / 3;
    char               where[4200], list[1024] = "";
    size_t             n = 0;

    if (limit < 2)
        limit = strlen(want) > 4 ? 2 : 1;
    for (size_t i = 0; *want != '\0' && i < sh->nheads; i++) {
        const struct heading *h = &sh->heads[i];
        size_t                d = SIZE_MAX;
        bool                  dup = false;

        if (step != NULL && h->step != step)
            continue;
        for (int f = 0; f < 3; f++) {
            size_t e = cli_distance(want, h->folded[f]);

            if (e > limit && strlen(h->folded[f]) >= 3 && strlen(want) >= 3 &&
                (strstr(h->folded[f], want) != NULL || strstr(want, h->folded[f]) != NULL))
                e = limit;
            if (e < d)
                d = e;
        }
        for (size_t j = 0; j < near.n; j++)
            dup = dup || strcmp(sh->heads[near.at[j]].kde->heading, h->kde->heading) == 0;
        if (d <= limit && !dup)
            cli_nearest_offer(&near, i, d);
    }
    for (size_t j = 0; j < near.n && n < sizeof list; j++)
        n += (size_t) snprintf(list + n, sizeof list - n, "%s\"%s\" (%s)", j > 0 ? ", " : "",
                               sh->heads[near.at[j]].kde->heading,
                               sh->heads[near.at[j]].kde->option);
    snprintf(where, sizeof where, "%s:1", sh->path);
    if (step != NULL && near.n > 0)
        cli_error(where, _("%s: not a column of %s; nearest: %s"), sh->names[c], step->name, list);
    else if (step != NULL)
        cli_error(where, _("%s: not a column of %s (see 'txng record %s --help')"), sh->names[c],
                  step->name, step->name);
    else if (near.n > 0)
        cli_error(where, _("%s: no step has this column; nearest: %s"), sh->names[c], list);
    else
        cli_error(where, _("%s: no step has this column (see 'txng record STEP --help')"),
                  sh->names[c]);
}

/*
 * The columns of @p step, resolved on first use; NULL after printing why: two
 * columns for one element that takes one value (line 1), or out of memory.
 */
static struct step_cols *
columns_of(struct sheet *sh, const txng_step *step)
{
    struct step_cols *cache = sh->cache;
    char              where[4200];
    size_t            i = 0;

    while (cache[i].step != NULL && cache[i].step != step)
        i++;
    if (cache[i].step == step)
        return &cache[i];
    cache[i].kdes = calloc(sh->ncols, sizeof *cache[i].kdes);
    if (cache[i].kdes == NULL) {
        cli_report(sh->path, TXNG_ENOMEM, NULL);
        return NULL;
    }
    cache[i].step = step;
    for (size_t c = 0; c < sh->ncols; c++) {
        const txng_kde *k = c == sh->step_col ? NULL : column_kde(sh, step, c);

        cache[i].kdes[c] = k;
        for (size_t o = 0; k != NULL && (k->flags & TXNG_KDE_MULTI) == 0 && o < c; o++)
            if (cache[i].kdes[o] == k) {
                snprintf(where, sizeof where, "%s:1", sh->path);
                cli_error(where,
                          _("%s: the same element as column \"%s\" (--%s), which takes one "
                            "value: keep one of them"),
                          sh->names[c], sh->names[o], k->option);
                return NULL;
            }
    }
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

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A cell as NFC text: surrounding spaces, tabs and line breaks dropped, and
 * each line break inside (a multi-line cell: Excel writes Alt+Enter as LF,
 * other tools CRLF or CR) written as one LF. NULL when out of memory.
 */
static char *
cell_text(const char *s, size_t len)
{
    char  *text, *out = NULL;
    size_t n = 0;

    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (memchr(s, '\r', len) == NULL)
        return txng_nfc(&out, s, len) == TXNG_OK ? out : NULL;
    if ((text = malloc(len + 1)) == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            continue;
        text[n++] = s[i] == '\r' ? '\n' : s[i];
    }
    text[n] = '\0';
    if (txng_nfc(&out, text, n) != TXNG_OK)
        out = NULL;
    free(text);
    return out;
}

/*
 * Whether element @p k of @p step keeps the line breaks of a cell: free text
 * does (the event model allows LF there), except the name or number of master
 * data, which is one line where it is listed and looked up. Elsewhere each
 * line break, with the spaces around it, becomes one space.
 */
static bool
keeps_lines(const txng_step *step, const txng_kde *k)
{
    if (k->type != TXNG_KDE_TEXT)
        return false;
    return !(step->master && k->key != NULL &&
             (strcmp(k->key, "name") == 0 || strcmp(k->key, "number") == 0));
}

/* Write each line break of @p text, with the spaces and tabs around it, as one space. */
static void
join_lines(char *text)
{
    char *w = text;

    for (char *p = text; *p != '\0'; p++) {
        if (*p != '\n') {
            *w++ = *p;
            continue;
        }
        while (w > text && (w[-1] == ' ' || w[-1] == '\t'))
            w--;
        while (p[1] == ' ' || p[1] == '\t' || p[1] == '\n')
            p++;
        *w++ = ' ';
    }
    *w = '\0';
}

/* The CSV file and the events built from its rows, for reporting a refusal at its row. */
struct rows {
    struct sheet            *sh;
    const struct cli_events *evs;
};

/*
 * A refusal of the stateful rules (cli_rules), @p ctx a struct rows: reported at the row,
 * and the column when known, of the event refused.
 */
static void
report_state(void *ctx, txng_err err, txng_diag *diag, uint64_t size)
{
    const struct rows       *r     = ctx;
    struct sheet            *sh    = r->sh;
    const struct cli_events *evs   = r->evs;
    bool                     at    = diag->line > 0 && diag->line <= evs->n;
    const txng_step         *step  = at ? txng_event_step(evs->v[diag->line - 1]) : NULL;
    struct step_cols        *cols  = step != NULL ? columns_of(sh, step) : NULL;
    const char              *field = NULL;
    char                     where[4200], other[64];

    snprintf(where, sizeof where, "%s", sh->path);
    if (at)
        snprintf(where, sizeof where, "%s:%zu", sh->path, evs->line[diag->line - 1]);
    if (cols != NULL && diag->field[0] != '\0')
        field = heading_of(cols, sh->names, sh->ncols, diag->field);
    diag->line = 0;
    cli_rules_print(where, field, err, diag,
                    cli_rules_other(other, sizeof other, diag, size, evs->line, evs->n));
}

/*
 * Say which of the @p n events of a spreadsheet the log held already (@p at[i] below
 * @p first), left out; all of them: nothing new. Returns how many.
 */
static size_t
print_left_out(const uint64_t *at, size_t n, uint64_t first)
{
    char   held[160], line[320];
    size_t nheld = cli_index_ranges(held, sizeof held, at, n, first);

    if (nheld == n)
        snprintf(line, sizeof line,
                 ngettext("nothing new: %zu event is already in the log (record %s)",
                          "nothing new: all %zu events are already in the log (records %s)",
                          nheld),
                 nheld, held);
    else if (nheld > 0)
        snprintf(line, sizeof line,
                 ngettext("left out %zu event already in the log (record %s)",
                          "left out %zu events already in the log (records %s)", nheld),
                 nheld, held);
    if (nheld > 0)
        puts(line);
    return nheld;
}

/* txng import -d DIR BUNDLE --key VKEY --as KEY. */
static int
import_bundle(const char *dir, const char *path, const char *vkey, const char *as, bool only,
              bool have_time, int64_t now, int64_t skew)
{
    txng_log                 *log    = NULL;
    txng_signer              *logkey = NULL, *actor = NULL;
    txng_pubkey               up;
    txng_bundle_import_result res  = { 0 };
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
    if (have_time &&
        (status = cli_recorded_check(&cmd_import, "--recorded", log, now, skew)) != EXIT_DONE)
        goto out;
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
        if ((err == TXNG_EFORK || err == TXNG_EPROOF) && res.prior != NULL && res.note != NULL)
            printf(_("imported before (size %" PRIu64 "):\n%sin this bundle:\n%s"),
                   res.prior_size, res.prior, res.note); /* signed notes end in a newline */
        /* The bundle failing verification is 1, as for txng verify; the job not done is 3. */
        switch (err) {
        case TXNG_EEXIST: /* a bundle of this log */
        case TXNG_EPERM:
        case TXNG_EINVAL:
        case TXNG_ENOMEM:
        case TXNG_ESYS:
        case TXNG_EFULL:
            status = EXIT_FAILED;
            break;
        default:
            status = EXIT_NO;
        }
        goto out;
    }
    if (res.added == 0)
        printf(_("nothing new: all %" PRIu64 " records were imported before\n"), res.skipped);
    else
        printf(_("imported %" PRIu64 " records from %s (checkpoint size %" PRIu64
                 ") as records %" PRIu64 "..%" PRIu64 "; %" PRIu64 " imported before\n"),
               res.added, up.name, res.size, res.first, res.first + res.added,
               res.skipped);
    if (res.added > 0 && only)
        cli_error("import", _("signed as %s (the only key of this log)"), as);
    if (res.added > 0)
        cli_after_append(log, dir);
    status = EXIT_DONE;
out:
    txng_bundle_import_result_free(&res);
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
    static const char   valued[] = "dacsrkF"; /* the options that take one value */
    const char         *dir = NULL, *as = NULL, *path = NULL, *step_opt = NULL;
    const char         *vkey = NULL, *format = NULL;
    const txng_step    *fixed     = NULL;
    bool                have_time = false, dry_run = false;
    bool                seen[sizeof valued] = { false };
    int64_t             t = 0, skew = cli_max_skew(), now;
    int                 c, idx, status;
    char               *text = NULL, where[4200], *bytes = NULL;
    char                only[TXNG_KEY_NAME_MAX + 1] = ""; /* the key that signs without --as */
    char               *cells[TXNG_CSV_MAX_COLUMNS] = { 0 };
    size_t              len = 0, rows = 0;
    struct sheet        sh;
    struct cli_events   evs = { 0 };
    struct cli_resolver res = { 0 };
    txng_csv           *csv = NULL;
    txng_csv_row        row;
    txng_log           *log    = NULL;
    txng_signer        *logkey = NULL, *actor = NULL;
    txng_pubkey         actor_pk;
    txng_diag           diag = TXNG_DIAG_INIT;
    txng_event_opts     opts;
    txng_kde_value      values[TXNG_CSV_MAX_COLUMNS];
    uint64_t            first = 0, *at = NULL;
    size_t              added;
    struct rows         rows_of = { &sh, &evs };
    struct cli_rules    rules   = { 0 };
    txng_err            err;

    for (int i = 1; i + 1 < argc; i++)
        if ((strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-F") == 0) &&
            strcmp(argv[i + 1], "epcis") == 0)
            return cli_import_epcis(argc, argv);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--format=epcis") == 0)
            return cli_import_epcis(argc, argv);
    memset(&sh, 0, sizeof sh);
    sh.step_col = SIZE_MAX;
    optind      = 0;
    opterr      = 0;
    while ((c = getopt_long(argc, argv, ":d:a:c:s:r:k:F:nh", longopts, NULL)) != -1) {
        const char *v = c > 0 ? strchr(valued, c) : NULL;

        if (v != NULL && seen[v - valued]) {
            for (idx = 0; longopts[idx].val != c; idx++)
                ;
            return cli_usage(&cmd_import, _("--%s given twice: it takes one value"),
                             longopts[idx].name);
        }
        if (v != NULL)
            seen[v - valued] = true;
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
                return cli_bad_recorded(&cmd_import, optarg);
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
    if (skew < 0)
        return cli_usage(&cmd_import, _("TXNG_MAX_SKEW: not a number of seconds"));
    if (argc - optind == 1) {
        if ((dir = cli_dir(dir)) == NULL)
            return cli_usage(&cmd_import, _("no log folder: give -d DIR or set TXNG_DIR"));
        if (vkey == NULL)
            return cli_usage(&cmd_import, _("a bundle needs --key VKEY, its log's verifier key"));
        if (dry_run || step_opt != NULL)
            return cli_usage(&cmd_import, _("--dry-run and --step are for CSV"));
        /* no --as: the log folder's only key signs the import record, and says so */
        if (as == NULL && (status = cli_only_key(&cmd_import, dir, NULL, only)) != EXIT_DONE)
            return status;
        return import_bundle(dir, argv[optind], vkey, as != NULL ? as : only, as == NULL,
                             have_time, cli_now(have_time, t), skew);
    }
    if (vkey != NULL)
        return cli_usage(&cmd_import, _("--key is for bundles"));
    if (path == NULL)
        return cli_usage(&cmd_import, _("no input: give a BUNDLE or --csv FILE"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_import, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (as == NULL && !dry_run) {
        if ((status = cli_only_key(&cmd_import, dir, NULL, only)) != EXIT_DONE)
            return status;
        as = only;
    }
    sh.path = path;
    if (sheet_fold_table(&sh) != TXNG_OK) {
        sheet_free(&sh);
        cli_report(path, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    if (step_opt != NULL && (fixed = step_named(&sh, step_opt)) == NULL) {
        char near[512];

        nearest_steps(&sh, step_opt, near, sizeof near);
        sheet_free(&sh);
        if (near[0] != '\0')
            return cli_usage(&cmd_import, _("%s: no such step; nearest: %s"), step_opt, near);
        return cli_usage(&cmd_import, _("%s: no such step (see 'txng record --help')"), step_opt);
    }

    if ((status = cli_open_log(dir, dry_run ? TXNG_LOG_RDONLY : 0, &log)) != EXIT_DONE) {
        sheet_free(&sh);
        return status;
    }
    res.log      = log;
    res.own_kind = -2;
    status       = EXIT_FAILED;
    if ((err = cli_read_input(path, &text, &len)) != TXNG_OK)
        goto out;
    err = txng_csv_open(&csv, text, len, TXNG_CSV_SNIFF | TXNG_CSV_SAME_NAMES, &diag);
    if (err != TXNG_OK)
        goto bad_csv;
    sh.ncols  = txng_csv_columns(csv);
    sh.names  = calloc(sh.ncols, sizeof *sh.names);
    sh.folded = calloc(sh.ncols, sizeof *sh.folded);
    if (sh.names == NULL || sh.folded == NULL) {
        cli_report(path, TXNG_ENOMEM, NULL);
        goto out;
    }
    snprintf(where, sizeof where, "%s:1", path);
    for (size_t i = 0; i < sh.ncols; i++) {
        const char *h = txng_csv_column_name(csv, i);

        if ((sh.names[i] = cell_text(h, strlen(h))) == NULL ||
            (sh.folded[i] = cli_fold(sh.names[i])) == NULL) {
            cli_report(path, TXNG_ENOMEM, NULL);
            goto out;
        }
        if (strcmp(sh.folded[i], "cong-doan") != 0 && strcmp(sh.folded[i], "step") != 0)
            continue;
        if (sh.step_col != SIZE_MAX) {
            cli_error(where, _("%s: a second step column (after \"%s\"): keep one of them"),
                      sh.names[i], sh.names[sh.step_col]);
            goto out;
        }
        sh.step_col = i;
    }
    if (fixed == NULL && sh.step_col == SIZE_MAX) {
        cli_error(where, _("no step: give --step STEP or a column \"Công đoạn\" (step)"));
        status = EXIT_USAGE;
        goto out;
    }
    /* Every heading names an element: of --step, else of some step (each row's step is
     * checked with the row). */
    for (size_t i = 0; i < sh.ncols; i++) {
        bool known = i == sh.step_col;

        for (size_t s = 0; !known && s < txng_step_count(); s++)
            if ((fixed == NULL || txng_step_at(s) == fixed) &&
                column_kde(&sh, txng_step_at(s), i) != NULL)
                known = true;
        if (!known) {
            report_heading(&sh, i, fixed);
            goto out;
        }
    }
    if (fixed != NULL && columns_of(&sh, fixed) == NULL)
        goto out;
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
        for (size_t i = 0; i < sh.ncols; i++) {
            free(cells[i]);
            cells[i] = cell_text(row.fields[i].ptr, row.fields[i].len);
            if (cells[i] == NULL) {
                cli_report(where, TXNG_ENOMEM, NULL);
                goto out;
            }
        }
        if (sh.step_col != SIZE_MAX && cells[sh.step_col][0] != '\0') {
            step = step_named(&sh, cells[sh.step_col]);
            if (step == NULL) {
                char near[512];

                nearest_steps(&sh, cells[sh.step_col], near, sizeof near);
                if (near[0] != '\0')
                    cli_error(where, _("%s: no such step: %s; nearest: %s"), sh.names[sh.step_col],
                              cells[sh.step_col], near);
                else
                    cli_error(where, _("%s: no such step: %s (see 'txng record --help')"),
                              sh.names[sh.step_col], cells[sh.step_col]);
                goto out;
            }
        }
        if (step == NULL) {
            cli_error(where, _("%s: no step given"), sh.names[sh.step_col]);
            goto out;
        }
        if ((cols = columns_of(&sh, step)) == NULL)
            goto out;
        for (size_t i = 0; i < sh.ncols; i++) {
            if (i == sh.step_col || cells[i][0] == '\0')
                continue;
            if (cols->kdes[i] == NULL) {
                cli_error(where, _("%s: not an element of %s (see 'txng record %s --help')"),
                          sh.names[i], step->name, step->name);
                goto out;
            }
            if (!keeps_lines(step, cols->kdes[i]))
                join_lines(cells[i]);
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
                field = heading_of(cols, sh.names, sh.ncols, diag.field);
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
    /* The key first, also for a dry run: the rules need it, and no passphrase is asked. */
    if (as != NULL && ((status = cli_load_pubkey(dir, as, &actor_pk)) != EXIT_DONE ||
                       (status = cli_check_key_for(log, &actor_pk, evs.v, evs.n)) != EXIT_DONE))
        goto out;
    /* Checked now to refuse before any passphrase is asked, and again under the writer lock
     * with the append it guards when another writer appended in between. */
    rules = (struct cli_rules){ .log       = log,
                                .dir       = dir,
                                .events    = evs.v,
                                .n         = evs.n,
                                .report    = report_state,
                                .ctx       = &rows_of,
                                .cmd       = &cmd_import,
                                .have_time = have_time,
                                .t         = t,
                                .skew      = skew,
                                .signer    = as != NULL ? &actor_pk : NULL,
                                .once      = true };
    if ((status = cli_rules_check(&rules)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    /* A spreadsheet imported again (after a power cut): every row's event is in the log
     * already. Nothing to sign, no passphrase to ask. */
    if (!dry_run && rules.ntodo == 0 && !cli_index_repeats(rules.held, evs.n)) {
        print_left_out(rules.held, evs.n, UINT64_MAX);
        status = EXIT_DONE;
        goto out;
    }
    /* Records are kept in time order; a retry above may give the time it was made at. */
    if (have_time &&
        (status = cli_recorded_check(&cmd_import, "--recorded", log, t, skew)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    if (dry_run) {
        status = cli_events_print(&evs, path);
        goto out;
    }
    if ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
        (status = cli_same_key(as, &actor_pk, actor)) != EXIT_DONE ||
        (status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    if ((status = cli_rules_lock(&rules)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    diag   = (txng_diag) TXNG_DIAG_INIT;
    if ((at = malloc(evs.n * sizeof *at)) == NULL)
        err = TXNG_ENOMEM;
    else
        err = txng_log_append_once(log, logkey, actor, evs.v, evs.n, now, &first, at, &diag);
    cli_rules_unlock(&rules);
    if (err != TXNG_OK) {
        /* an event given twice: the row that repeats an earlier one */
        if (diag.line > 0 && diag.line <= evs.n)
            snprintf(where, sizeof where, "%s:%zu", path, evs.line[diag.line - 1]);
        else
            snprintf(where, sizeof where, "%s", path);
        diag.line = 0;
        cli_report(where, err, &diag);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    added = evs.n - print_left_out(at, evs.n, first);
    if (added == 1)
        printf(_("imported 1 event (record %" PRIu64 ")\n"), first);
    else if (added > 0)
        printf(_("imported %zu events (records %" PRIu64 "..%" PRIu64 ")\n"), added, first,
               first + added - 1);
    if (added > 0 && as == only)
        cli_error(path, _("signed as %s (the only key of this log)"), only);
    if (added > 0)
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
    cli_rules_free(&rules);
    free(at);
    for (size_t i = 0; i < sh.ncols; i++)
        free(cells[i]);
    sheet_free(&sh);
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
    "import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | "
    "--format epcis FILE) [--recorded TIME]",
    N_("import a bundle from another log, or events from a spreadsheet or EPCIS"),
};
