/*
 * cmd_claim.c - txng claim: a buyer's claim of one unit with the code under its scratch-off
 *
 * What the resolver page does for a buyer, from the command line: the unit
 * named by a label URI (or any identifier of a unit) is looked up in the
 * log and the code checked against the packer's salted hash (core/claim.h).
 * The answer is one of the outcomes of txng_claim_check_and_record(); a
 * claim, a wrong code and a repeated claim are appended as claim records,
 * signed by --as KEY or, without it, by the log key (the operator of the log
 * runs the resolver). After TXNG_CLAIM_MAX_REFUSED wrong codes, the refusal
 * gives the time from which the next attempt is checked (the back-off of
 * core/claim.h), in UTC like the records' "recorded" times and --time.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/claim.h"
#include "core/record.h"
#include "qr/label.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR      the log folder (or $TXNG_DIR)\n"
       "  -c, --code CODE    the claim code under the scratch-off, e.g. 4KX9-2PQM\n"
       "  -a, --as KEY       sign the claim record with KEY (default: the log key)\n"
       "  -t, --time TIME    time of the claim (default: now)\n"
       "  -j, --json         print the outcome as JSON\n"
       "  -h, --help         show this help\n"
       "URI is the label's Digital Link URI (or the unit's identifier); it must name a\n"
       "serial.\n"
       "Claims of units the log never packed are counted per product in\n"
       "DIR/claims-unknown, not in the log.\n"
       "Exit status: 0 claimed, 1 refused (unknown unit, no code registered,\n"
       "recalled, wrong code, already claimed, wait after too many wrong\n"
       "codes), 2 usage, 3 could not run.\n");

/* The unit's canonical identifier from a label URI or an identifier. */
static int
unit_of(const char *uri, char *unit)
{
    txng_label l;
    txng_diag  d = TXNG_DIAG_INIT;
    txng_err   err;

    err = txng_label_parse(&l, NULL, uri, strlen(uri), &d);
    if (err == TXNG_OK && l.serial[0] == '\0') {
        cli_error(uri, _("the URI names no serial (21): a claim is for one unit"));
        return EXIT_NO;
    }
    if (err == TXNG_OK)
        err = txng_label_unit_id(unit, &l, &d);
    if (err != TXNG_OK) {
        cli_report(uri, err, &d);
        return EXIT_NO;
    }
    return EXIT_DONE;
}

static void
print_json(const char *unit, txng_claim_outcome o, const txng_claim_info *info, bool recorded,
           uint64_t index, uint64_t unknown)
{
    json_t *j = json_pack("{s:s, s:s, s:b, s:b, s:b, s:i, s:i}", "unit", unit, "outcome",
                          txng_claim_outcome_name(o), "claimed", info->claimed, "recalled",
                          info->recalled, "packed", info->packed, "refusedAttempts",
                          (json_int_t) info->refused, "wrongCodes", (json_int_t) info->wrong);
    char   *s;

    if (j == NULL)
        return;
    if (info->claimed) {
        json_object_set_new(j, "claimedAt", json_string(info->claimed_at));
        json_object_set_new(j, "claimRecord", json_integer((json_int_t) info->claim_index));
    }
    if (info->recalled) {
        json_object_set_new(j, "recalledAt", json_string(info->recalled_at));
        json_object_set_new(j, "recallRecord", json_integer((json_int_t) info->recall_index));
    }
    if ((o == TXNG_CLAIM_WAIT || o == TXNG_CLAIM_WRONG_CODE) && info->retry_at != 0) {
        char at[32];

        txng_time_format(at, info->retry_at);
        json_object_set_new(j, "retryAfter", json_string(at));
    }
    if (recorded)
        json_object_set_new(j, "record", json_integer((json_int_t) index));
    if (unknown > 0)
        json_object_set_new(j, "unknownClaims",
                            json_integer(unknown > INT64_MAX ? INT64_MAX : (json_int_t) unknown));
    s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s != NULL)
        printf("%s\n", s);
    free(s);
    json_decref(j);
}

/* The refusal in words, on standard error. */
static void
explain(const char *unit, txng_claim_outcome o, const txng_claim_info *info, uint64_t unknown)
{
    char at[32];

    txng_time_format(at, info->retry_at);
    switch (o) {
    case TXNG_CLAIM_UNKNOWN:
        if (unknown > 0)
            cli_error(unit, _("this unit was never packed in this log: the label may be fake "
                              "(claim %" PRIu64 " of an unknown unit of this product)"),
                      unknown);
        else
            cli_error(unit, _("this unit was never packed in this log: the label may be fake"));
        break;
    case TXNG_CLAIM_NO_CODES:
        cli_error(unit, _("no claim code was registered for this unit"));
        break;
    case TXNG_CLAIM_RECALLED:
        cli_error(unit, _("this unit is recalled (record %" PRIu64 ", %s): do not use it"),
                  info->recall_index, info->recalled_at);
        break;
    case TXNG_CLAIM_WRONG_CODE:
        if (info->retry_at != 0)
            cli_error(unit, _("wrong code: too many wrong codes: try again after %s"), at);
        else
            cli_error(unit, _("wrong code (attempt %u of %u without a wait)"), info->wrong,
                      (unsigned) TXNG_CLAIM_MAX_REFUSED);
        break;
    case TXNG_CLAIM_ALREADY:
        cli_error(unit, _("already claimed on %s (record %" PRIu64 ")"), info->claimed_at,
                  info->claim_index);
        break;
    case TXNG_CLAIM_WAIT:
        cli_error(unit, _("too many wrong codes: try again after %s"), at);
        break;
    case TXNG_CLAIM_CLAIMED:
        break;
    }
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },  { "code", required_argument, NULL, 'c' },
        { "as", required_argument, NULL, 'a' },   { "time", required_argument, NULL, 't' },
        { "json", no_argument, NULL, 'j' },       { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char        *dir = NULL, *code_text = NULL, *as = NULL, *time_text = NULL;
    bool               json = false;
    txng_log          *log    = NULL;
    txng_signer       *logkey = NULL, *actor = NULL;
    txng_claim_info    info;
    txng_claim_outcome o;
    txng_diag          d = TXNG_DIAG_INIT;
    char               unit[TXNG_GS1_URI_MAX], code[TXNG_CLAIM_CODE_LEN + 1], when[32];
    uint64_t           index = UINT64_MAX, unknown = 0;
    int64_t            t     = 0;
    int                c, status;
    txng_err           err;

    optind = 0;
    while ((c = getopt_long(argc, argv, "d:c:a:t:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'c':
            code_text = optarg;
            break;
        case 'a':
            as = optarg;
            break;
        case 't':
            time_text = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_claim, _(options));
        default:
            return cli_usage(&cmd_claim, _("unknown option"));
        }
    }
    if (optind + 1 != argc)
        return cli_usage(&cmd_claim, _("give one URI"));
    if (code_text == NULL)
        return cli_usage(&cmd_claim, _("no code: give --code CODE"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_claim, _("no log: give -d DIR"));
    if (time_text != NULL && !cli_parse_time(time_text, &t))
        return cli_usage(&cmd_claim, _("--time: not an RFC 3339 time or seconds"));
    if (txng_claim_code_parse(code, code_text, strlen(code_text), &d) != TXNG_OK) {
        if (d.offset > 0)
            cli_error("claim", _("code: character %zu: %s"), d.offset, _(d.reason));
        else
            cli_error("claim", _("code: %s"), _(d.reason));
        return EXIT_NO;
    }
    if ((status = unit_of(argv[optind], unit)) != EXIT_DONE)
        return status;
    t = cli_now(time_text != NULL, t);
    txng_time_format(when, t);

    if ((status = cli_open_log(dir, 0, &log)) != EXIT_DONE)
        return status;
    /* records are kept in time order: refused before any passphrase is asked */
    if (time_text != NULL &&
        (status = cli_recorded_check(&cmd_claim, "--time", log, t, cli_max_skew())) != EXIT_DONE)
        goto out;
    if ((status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
        goto out;
    if (as != NULL && ((status = cli_load_signer(dir, as, &actor)) != EXIT_DONE ||
                       (status = cli_check_actor(log, actor)) != EXIT_DONE))
        goto out;
    err = txng_claim_check_and_record(log, logkey, actor != NULL ? actor : logkey, unit, code,
                                      when, t, &o, &info, &index, &d);
    if (err != TXNG_OK) {
        cli_report("claim", err, &d);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    if (o == TXNG_CLAIM_UNKNOWN) {
        char path[4096];

        snprintf(path, sizeof path, "%s/claims-unknown", dir);
        err = txng_claim_count_unknown(path, unit, &unknown);
        if (err == TXNG_ECORRUPT)
            cli_error(path, _("not a count of unknown claims: move it away to count again"));
        else if (err != TXNG_OK)
            cli_report(path, err, NULL);
    }
    if (json)
        print_json(unit, o, &info, index != UINT64_MAX, index, unknown);
    if (o == TXNG_CLAIM_CLAIMED) {
        if (!json)
            printf(_("claimed: %s on %s (record %" PRIu64 ")\n"), unit, info.claimed_at,
                   info.claim_index);
        status = EXIT_DONE;
    } else {
        explain(unit, o, &info, unknown);
        status = EXIT_NO;
    }
    if (index != UINT64_MAX)
        cli_after_append(log, dir);
out:
    txng_signer_free(actor);
    txng_signer_free(logkey);
    txng_log_close(log);
    return status;
}

const struct command cmd_claim = { "claim", run,
                                   N_("claim -d DIR URI --code CODE [--as KEY] [--time TIME] "
                                      "[--json]"),
                                   N_("claim a unit with the code under its scratch-off") };
