/*
 * cmd_append.c - txng append (events into the log) and txng sign (offline)
 *
 * Input is one JSON event, possibly spread over several lines, or JSON
 * Lines: one event per line. Every line is checked before anything is
 * appended, and all events go into the log in one transaction, so a bad
 * line leaves the log as it was. Events the log holds already (a retry after
 * a power cut) are left out with txng_log_append_once(), and of the rules
 * too (cli_rules once); the record of every event is printed.
 *
 * An event passes the rules that txng record and txng import --csv apply to
 * the events they build, whoever built it: of a signed event, the event
 * inside. First every line is read and its shape checked; then, line by line,
 * the stateless rules (txng_event_rules_check(), the clock skew of
 * txng_event_time_check()); then the stateful rules of core/rules.h over the
 * whole batch, before any passphrase is asked, and again under the log's
 * writer lock, with the append they guard, if the log grew in between.
 * Events of no txng step get what applies to them: the EPCIS rules (a time
 * with an offset, quantities, the mass balance of a transformation) for EPCIS
 * types; the stateful rules let them pass.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/canon.h"
#include "core/event.h"
#include "core/record.h"
#include "core/rules.h"

static const char append_options[] =
    N_("options:\n"
       "  -d, --dir DIR    the log folder (or $TXNG_DIR)\n"
       "  -a, --as KEY     sign unsigned events with KEY: a key name (DIR/keys/KEY.key)\n"
       "                   or a key file path\n"
       "  -t, --time TIME  the recorded time of the new records (RFC 3339, or\n"
       "                   seconds since 1970; default: now); event times may not be\n"
       "                   later than it by more than $TXNG_MAX_SKEW seconds (600)\n"
       "  -j, --json       print the indexes as JSON\n"
       "  -h, --help       show this help\n"
       "FILE holds one JSON event or JSON Lines; '-' reads standard input.\n"
       "Events signed with 'txng sign', and records of another log (txng log --json),\n"
       "are appended with their signatures as they are.\n"
       "Every event, signed or not, must pass the rules 'txng record' applies; if one\n"
       "line is refused, nothing is appended.\n"
       "Running it again is safe (after a power cut, say): an event already in the log,\n"
       "with the same signatures, is left out and said so; the same event twice in FILE\n"
       "is refused. The record of each event is printed, in input order (with --json,\n"
       "\"left_out\":true marks one that was in the log already).\n");

static const char sign_options[] =
    N_("options:\n"
       "  -k, --key FILE   the secret key file to sign with\n"
       "  -o, --out FILE   write the signed event to FILE instead of standard output\n"
       "  -h, --help       show this help\n"
       "EVENT is a file holding one JSON event ('-' or nothing: standard input).\n"
       "The output is the signed event, ready for 'txng append' in any log that\n"
       "has enrolled the key.\n");

static bool
is_signed(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "signatures") != NULL &&
           json_object_get(v, "event") != NULL;
}

/*
 * A record of another log (from txng log --json or txng show --json) carries
 * its event with the actors' signatures: keep those two members, so the event
 * moves into this log signed as it was. The other log's index, prev and
 * recorded time belong to that log.
 */
static txng_err
record_to_signed(json_t **v)
{
    json_t *se;

    if (!is_signed(*v) || json_object_get(*v, "index") == NULL ||
        json_object_get(*v, "v") == NULL)
        return TXNG_OK;
    se = json_pack("{s:O, s:O}", "event", json_object_get(*v, "event"), "signatures",
                   json_object_get(*v, "signatures"));
    if (se == NULL)
        return TXNG_ENOMEM;
    json_decref(*v);
    *v = se;
    return TXNG_OK;
}

/* Check one parsed value: a signed event, a record of another log, or an event. */
static txng_err
check_value(json_t **v, txng_diag *diag)
{
    txng_err err = record_to_signed(v);

    if (err != TXNG_OK)
        return err;
    return is_signed(*v) ? txng_signed_event_check(*v, diag) : txng_event_check(*v, diag);
}

/* Number of lines in @p text that hold more than white space. */
static size_t
count_lines(const char *text, size_t len)
{
    size_t n = 0;
    bool   blank = true;

    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            n += !blank;
            blank = true;
        } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
            blank = false;
        }
    }
    return n + !blank;
}

/* Number of the first line of @p text that holds more than white space. */
static size_t
first_line(const char *text, size_t len)
{
    size_t line = 1;

    for (size_t i = 0;
         i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'); i++)
        line += text[i] == '\n';
    return line;
}

/* Whether the first non-blank line of @p text parses as JSON by itself (syntax only). */
static bool
first_line_is_value(const char *text, size_t len)
{
    const char  *p = text, *end = text + len, *nl;
    json_error_t je;
    json_t      *v;

    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    nl = memchr(p, '\n', (size_t) (end - p));
    v  = json_loadb(p, (size_t) ((nl != NULL ? nl : end) - p), JSON_DECODE_ANY, &je);
    json_decref(v);
    return v != NULL;
}

/*
 * Parse @p text as one JSON value or as JSON Lines into @p b. On error,
 * report it as PATH:LINE and return the exit status.
 */
static int
parse_input(const char *path, const char *text, size_t len, struct cli_events *b)
{
    txng_diag   diag = TXNG_DIAG_INIT;
    json_t     *v    = NULL;
    txng_err    err;
    const char *p = text, *end = text + len, *nl;
    size_t      line = 1, total = count_lines(text, len);
    char        where[512];

    if (total == 0) {
        cli_error(path, _("no event in the input"));
        return EXIT_FAILED;
    }

    err = txng_canon_parse(&v, text, len, TXNG_CANON_NORMALISE, &diag);
    if (err == TXNG_OK) {
        if ((err = check_value(&v, &diag)) != TXNG_OK)
            goto bad;
        if ((err = cli_events_add(b, v, first_line(text, len))) != TXNG_OK)
            goto bad;
        return EXIT_DONE;
    }
    json_decref(v);
    v = NULL;
    /* Not one good value: JSON Lines, if its first line is a whole JSON value by itself;
     * else one value over several lines (pretty-printed), whose own error is the one to
     * report, with the line jansson gives. */
    if (total == 1 || !first_line_is_value(text, len))
        goto bad;
    for (; p < end; p = nl + 1, line++) {
        const char *s = p;

        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL)
            nl = end;
        while (s < nl && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s == nl)
            continue;
        if ((line & 1023) == 0)
            cli_progress((void *) _("reading"), line, total);
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_canon_parse(&v, p, (size_t) (nl - p), TXNG_CANON_NORMALISE, &diag);
        if (err == TXNG_OK)
            err = check_value(&v, &diag);
        if (err == TXNG_OK)
            err = cli_events_add(b, v, line);
        if (err != TXNG_OK) {
            json_decref(v);
            diag.line = 0;
            snprintf(where, sizeof where, "%s:%zu", path, line);
            cli_report(where, err, &diag);
            return EXIT_FAILED;
        }
        v = NULL;
        if (nl == end)
            break;
    }
    return EXIT_DONE;
bad:
    json_decref(v);
    if (diag.line == 0 && total == 1)
        diag.line = first_line(text, len); /* a one-line input: name its line too */
    if (diag.line > 0) {
        snprintf(where, sizeof where, "%s:%zu", path, diag.line);
        diag.line = 0;
    } else {
        snprintf(where, sizeof where, "%s", path);
    }
    cli_report(where, err, &diag);
    return EXIT_FAILED;
}

/* The event a value carries: the "event" member of a signed event, else the value. */
static const json_t *
inner_event(const json_t *v)
{
    return is_signed(v) ? json_object_get(v, "event") : v;
}

/* "NAME:LINE" for the value of @p b at @p i (0-based), or "NAME" when @p i is out of range. */
static void
line_of(char *where, size_t size, const char *name, const struct cli_events *b, size_t i)
{
    if (i < b->n)
        snprintf(where, size, "%s:%zu", name, b->line[i]);
    else
        snprintf(where, size, "%s", name);
}

/*
 * The stateless rules for every event of @p b, in input order: those of
 * txng_event_rules_check() and an event time at most @p skew seconds after
 * @p now. The first refusal is reported at its line as NAME:LINE: FIELD: REASON.
 */
static int
check_rules(const char *name, const struct cli_events *b, int64_t now, int64_t skew)
{
    char where[512];

    for (size_t i = 0; i < b->n; i++) {
        const json_t *ev   = inner_event(b->v[i]);
        txng_diag     diag = TXNG_DIAG_INIT;
        txng_err      err  = txng_event_rules_check(ev, &diag);

        if (err == TXNG_OK)
            err = txng_event_time_check(ev, now, skew, &diag);
        if (err == TXNG_OK)
            continue;
        line_of(where, sizeof where, name, b, i);
        diag.line = 0;
        cli_report(where, err, &diag);
        return err == TXNG_EFORMAT ? EXIT_FAILED : cli_status(err);
    }
    return EXIT_DONE;
}

/* The input named in messages and its events, for reporting a refusal at its line. */
struct input {
    const char              *name;
    const struct cli_events *b;
};

/*
 * Report @p err, @p diag at the input line of the event diag->line (from 1) of the batch;
 * @p ctx is the struct input.
 */
static void
report_at_line(void *ctx, txng_err err, txng_diag *diag)
{
    const struct input *in = ctx;
    char                where[512];

    line_of(where, sizeof where, in->name, in->b, diag->line > 0 ? diag->line - 1 : SIZE_MAX);
    diag->line = 0;
    cli_report(where, err, diag);
}

/* The report function of cli_rules: as report_at_line(), naming the other record. */
static void
report_rules(void *ctx, txng_err err, txng_diag *diag, uint64_t size)
{
    const struct input *in = ctx;
    char                where[512], other[64];

    cli_rules_other(other, sizeof other, diag, size, in->b->line, in->b->n);
    line_of(where, sizeof where, in->name, in->b, diag->line > 0 ? diag->line - 1 : SIZE_MAX);
    diag->line = 0;
    if (other[0] == '\0') {
        cli_report(where, err, diag);
        return;
    }
    cli_rules_print(where, diag->field, err, diag, other);
}

/*
 * Print the record of each event of @p b, in input order (@p at[i] below @p first: held
 * already, left out), as indexes or (@p json) JSON Lines, and say on stderr, at @p name,
 * what was left out and what was appended: the new records, from @p first, are consecutive.
 */
static void
print_records(const char *name, const struct cli_events *b, const uint64_t *at, uint64_t first,
              bool json)
{
    char   held[160], added[64], left[320], appended[160];
    size_t nheld, nadded;

    for (size_t i = 0; i < b->n; i++) {
        if (json)
            printf("{\"index\":%" PRIu64 "%s}\n", at[i],
                   at[i] < first ? ",\"left_out\":true" : "");
        else
            printf("%" PRIu64 "\n", at[i]);
    }
    fflush(stdout); /* the records first, then what stderr says of them */
    nheld = cli_index_ranges(held, sizeof held, at, b->n, first);
    if (nheld == 0)
        return;
    if (nheld == b->n) {
        cli_error(name,
                  ngettext("nothing new: %zu event is already in the log (record %s)",
                           "nothing new: all %zu events are already in the log (records %s)",
                           nheld),
                  nheld, held);
        return;
    }
    nadded = b->n - nheld;
    if (nadded == 1)
        snprintf(added, sizeof added, "%" PRIu64, first);
    else
        snprintf(added, sizeof added, "%" PRIu64 "..%" PRIu64, first, first + nadded - 1);
    snprintf(left, sizeof left,
             ngettext("%zu event already in the log (record %s) was left out",
                      "%zu events already in the log (records %s) were left out", nheld),
             nheld, held);
    snprintf(appended, sizeof appended,
             ngettext("appended %zu (record %s)", "appended %zu (records %s)", nadded), nadded,
             added);
    cli_error(name, "%s; %s", left, appended);
}

static int
run_append(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },  { "as", required_argument, NULL, 'a' },
        { "time", required_argument, NULL, 't' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 },
    };
    const char       *dir = NULL, *as = NULL, *path, *name;
    bool              have_time = false, json = false;
    int64_t           t = 0, skew = cli_max_skew(), now;
    int               c, status;
    struct cli_events b    = { 0 };
    char             *text = NULL, where[512];
    size_t            len = 0, unsigned_n = 0;
    txng_log         *log    = NULL;
    txng_signer      *logkey = NULL, *actor = NULL;
    txng_pubkey       actor_pk;
    txng_diag         diag   = TXNG_DIAG_INIT;
    uint64_t          first  = 0, *at = NULL;
    struct input      in;
    struct cli_rules  rules = { 0 };
    txng_err          err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:t:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'a':
            as = optarg;
            break;
        case 't':
            if (!cli_parse_time(optarg, &t))
                return cli_usage(&cmd_append, _("--time: not a time: %s"), optarg);
            have_time = true;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_append, append_options);
        case ':':
            return cli_usage(&cmd_append, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_append, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage(&cmd_append, argc == optind ? _("no input: give FILE or -")
                                                     : _("too many arguments"));
    path = argv[optind];
    name = strcmp(path, "-") == 0 ? _("stdin") : path;
    in   = (struct input){ name, &b };
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_append, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (skew < 0)
        return cli_usage(&cmd_append, _("TXNG_MAX_SKEW: not a number of seconds"));

    status = cli_open_log(dir, 0, &log);
    if (status != EXIT_DONE)
        return status;
    err = cli_read_input(path, &text, &len);
    if (err != TXNG_OK) {
        status = EXIT_FAILED;
        goto out;
    }
    if ((status = parse_input(name, text, len, &b)) != EXIT_DONE)
        goto out;
    for (size_t i = 0; i < b.n; i++)
        if (!is_signed(b.v[i]))
            unsigned_n++;
    if (unsigned_n > 0 && as == NULL) {
        for (size_t i = 0; i < b.n; i++)
            if (!is_signed(b.v[i])) {
                line_of(where, sizeof where, name, &b, i);
                break;
            }
        cli_error(where, _("the event is not signed: give --as KEY, or sign it with txng sign"));
        status = EXIT_USAGE;
        goto out;
    }
    now = cli_now(have_time, t);
    if ((status = check_rules(name, &b, now, skew)) != EXIT_DONE)
        goto out;
    /* The key that signs the bare events, before the rules (they need it) and the
     * passphrase. */
    if (as != NULL && unsigned_n > 0 &&
        ((status = cli_load_pubkey(dir, as, &actor_pk)) != EXIT_DONE ||
         (status = cli_check_key_for(log, &actor_pk, b.v, b.n)) != EXIT_DONE))
        goto out;
    /* Checked now to refuse before any passphrase is asked, and again under the writer lock
     * with the append it guards when another writer appended in between. */
    rules = (struct cli_rules){ .log       = log,
                                .dir       = dir,
                                .events    = b.v,
                                .n         = b.n,
                                .report    = report_rules,
                                .ctx       = &in,
                                .cmd       = &cmd_append,
                                .have_time = have_time,
                                .t         = t,
                                .skew      = skew,
                                .option    = "--time",
                                .signer    = as != NULL && unsigned_n > 0 ? &actor_pk : NULL,
                                .once      = true };
    if ((status = cli_rules_check(&rules)) != EXIT_DONE)
        goto out;
    /* Every event in the log already (a retry of an append that landed): nothing to sign,
     * no passphrase to ask; the log only grows, so they stay there. An event given twice is
     * the append's to refuse. */
    if (rules.ntodo == 0 && !cli_index_repeats(rules.held, b.n)) {
        print_records(name, &b, rules.held, UINT64_MAX, json);
        status = EXIT_DONE;
        goto out;
    }
    /* Records are kept in time order, as for txng record --recorded. */
    if (have_time &&
        (status = cli_recorded_check(&cmd_append, "--time", log, t, skew)) != EXIT_DONE)
        goto out;
    if (as != NULL && (status = cli_load_signer(dir, as, &actor)) != EXIT_DONE)
        goto out;
    if (actor != NULL && unsigned_n > 0 &&
        (status = cli_same_key(as, &actor_pk, actor)) != EXIT_DONE)
        goto out;
    if ((status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    for (size_t i = 0; i < b.n && unsigned_n > 0 && unsigned_n < b.n; i++) {
        json_t *signed_event = NULL;

        if (is_signed(b.v[i]))
            continue;
        err = txng_event_sign(&signed_event, b.v[i], actor, &diag);
        if (err != TXNG_OK) {
            diag.line = i + 1;
            goto refused;
        }
        json_decref(b.v[i]);
        b.v[i] = signed_event;
    }
    if ((status = cli_rules_lock(&rules)) != EXIT_DONE)
        goto out;
    /* One transaction, all or nothing: a line that says so instead of a stale count. */
    if (b.n >= 1000) {
        char note[160];

        snprintf(note, sizeof note, _("signing and appending %zu events in one transaction"),
                 b.n);
        cli_progress_note(note);
    }
    diag = (txng_diag) TXNG_DIAG_INIT;
    if ((at = malloc(b.n * sizeof *at)) == NULL)
        err = TXNG_ENOMEM;
    else
        err = txng_log_append_once(log, logkey, unsigned_n == b.n ? actor : NULL, b.v, b.n, now,
                                   &first, at, &diag);
    cli_progress_end();
    cli_rules_unlock(&rules);
    if (err != TXNG_OK)
        goto refused;
    print_records(name, &b, at, first, json);
    for (size_t i = 0; i < b.n; i++)
        if (at[i] >= first) {
            cli_after_append(log, dir); /* a new checkpoint, for the witnesses */
            break;
        }
    status = EXIT_DONE;
    goto out;
refused:
    /* diag.line is the position in the batch; report the input line. */
    report_at_line(&in, err, &diag);
    status = EXIT_FAILED;
out:
    cli_rules_free(&rules);
    free(at);
    txng_signer_free(actor);
    txng_signer_free(logkey);
    txng_log_close(log);
    cli_events_free(&b);
    free(text);
    return status;
}

static int
run_sign(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "key", required_argument, NULL, 'k' },
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char  *key = NULL, *out = NULL, *path = "-";
    int          c, status;
    char        *text = NULL, *bytes = NULL;
    size_t       len = 0, bytes_len = 0;
    json_t      *v = NULL, *signed_event = NULL;
    txng_signer *signer = NULL;
    txng_diag    diag   = TXNG_DIAG_INIT;
    txng_err     err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":k:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            key = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            return cli_help(&cmd_sign, sign_options);
        case ':':
            return cli_usage(&cmd_sign, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_sign, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind > 1)
        return cli_usage(&cmd_sign, _("too many arguments"));
    if (argc - optind == 1)
        path = argv[optind];
    if (key == NULL)
        return cli_usage(&cmd_sign, _("no key: give --key FILE"));

    if ((status = cli_load_signer(NULL, key, &signer)) != EXIT_DONE)
        return status;
    status = EXIT_FAILED;
    if ((err = cli_read_input(path, &text, &len)) != TXNG_OK)
        goto out;
    err = txng_canon_parse(&v, text, len, TXNG_CANON_NORMALISE, &diag);
    /* JSON Lines, as append takes them: say that sign takes one event. */
    if (err == TXNG_EFORMAT && diag.reason != NULL &&
        strcmp(diag.reason, "unexpected data after the value") == 0 &&
        first_line_is_value(text, len))
        diag.reason = N_("a second event: txng sign signs one event; give each its own file");
    if (err == TXNG_OK)
        err = txng_event_sign(&signed_event, v, signer, &diag);
    /* The stateless rules of append (not the clock skew: a device offline may not know the
     * time): an event that append would refuse is refused now, while its signer is at hand. */
    if (err == TXNG_OK) {
        err = txng_event_rules_check(inner_event(signed_event), &diag);
        if (err != TXNG_OK && diag.line == 0 && count_lines(text, len) == 1)
            diag.line = first_line(text, len); /* as append names it */
    }
    if (err == TXNG_OK)
        err = txng_canon_encode(signed_event, &bytes, &bytes_len);
    if (err != TXNG_OK) {
        char where[512];

        if (diag.line > 0)
            snprintf(where, sizeof where, "%s:%zu", strcmp(path, "-") == 0 ? _("stdin") : path,
                     diag.line);
        else
            snprintf(where, sizeof where, "%s", strcmp(path, "-") == 0 ? _("stdin") : path);
        diag.line = 0;
        cli_report(where, err, &diag);
        goto out;
    }
    if (out != NULL) {
        bytes[bytes_len] = '\n';
        err              = cli_write_new_file(out, bytes, bytes_len + 1);
        if (err != TXNG_OK) {
            if (err == TXNG_EEXIST)
                cli_error(out, _("already exists; not overwritten"));
            else
                cli_report(out, err, NULL);
            goto out;
        }
    } else {
        printf("%s\n", bytes);
    }
    status = EXIT_DONE;
out:
    free(bytes);
    free(text);
    json_decref(v);
    json_decref(signed_event);
    txng_signer_free(signer);
    return status;
}

const struct command cmd_append = {
    "append",
    run_append,
    "append -d DIR [--as KEY] [--time TIME] FILE|-",
    N_("append events (one JSON event or JSON Lines) to the log"),
};

const struct command cmd_sign = {
    "sign",
    run_sign,
    "sign --key FILE [--out FILE] [EVENT|-]",
    N_("sign an event offline, for appending later in any log that enrolled the key"),
};
