/*
 * cmd_stamp.c - txng stamp: where a GI stamp was allocated and used
 *
 * An inspector holding a box reads the number of its GI stamp (tem CDĐL)
 * and asks the log which harvest it was allocated to and which packing put
 * it on a unit (core/stamp.h). A stamp allocated by one harvest and used
 * by at most one packing holds; one never allocated here, allocated twice
 * or used twice (a copied stamp) does not, and the exit status says so.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/event.h"
#include "core/index.h"
#include "core/stamp.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR   the log folder (or $TXNG_DIR)\n"
       "  -j, --json      one JSON object per stamp\n"
       "  -h, --help      show this help\n"
       "STAMP is the number of one GI stamp, or a range FROM-TO of at most 4000.\n"
       "Exit status 0 when every stamp was allocated by one harvest of this log and\n"
       "used by at most one packing, 1 when one was not.\n");

/* The plain code of identifier @p id (a lot's code), or the identifier. */
static const char *
code_of(const char *id, char *out, size_t size)
{
    int kind;

    return txng_index_id_code(id, strlen(id), &kind, out, size) ? out : id;
}

/* "harvest, lot L24-017, 2024-11-12, ho-a-vang": what record @p u is. */
static void
print_use(const txng_stamp_use *u)
{
    char        code[TXNG_GS1_URI_MAX];
    const char *plus = strchr(u->signer, '+');

    printf(_("record %" PRIu64 " ("), u->index);
    printf("%s", u->step[0] != '\0' ? u->step : _("another event"));
    if (u->lot[0] != '\0')
        printf(_(", lot %s"), code_of(u->lot, code, sizeof code));
    if (u->time[0] != '\0')
        printf(", %.10s", u->time);
    if (u->signer[0] != '\0')
        printf(", %.*s", plus != NULL ? (int) (plus - u->signer) : (int) strlen(u->signer),
               u->signer);
    if (u->imported)
        printf(_(", imported"));
    if (u->corrected)
        printf(_(", corrected"));
    printf(")");
}

/* The records of @p info whose step is @p step, as "record N (...)" joined by "; ". */
static void
print_uses(const txng_stamp_info *info, const char *step, const char *lead)
{
    bool first = true;

    for (size_t i = 0; i < info->n; i++) {
        if (strcmp(info->uses[i].step, step) != 0)
            continue;
        printf("%s", first ? lead : "; ");
        print_use(&info->uses[i]);
        first = false;
    }
}

/* Look up one stamp and print what the log says; *@p ok whether it holds. */
static int
one(txng_log *log, const char *stamp, bool json, bool *ok)
{
    txng_stamp_info info = { 0 };
    txng_err        err  = txng_stamp_find(log, stamp, &info);

    if (err != TXNG_OK) {
        cli_report(stamp, err, NULL);
        return cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
    }
    *ok = txng_stamp_holds(&info);
    if (json && !cli_print_json(txng_stamp_to_json(stamp, &info))) {
        txng_stamp_info_free(&info);
        return cli_status(TXNG_ENOMEM);
    }
    if (!json) {
        printf(_("stamp %s: "), stamp);
        if (info.allocated == 0)
            printf(_("not allocated by any harvest in this log"));
        else if (info.allocated > 1)
            printf(_("allocated %zu times: "), info.allocated);
        print_uses(&info, "harvest", info.allocated == 1 ? _("allocated by ") : "");
        if (info.used > 1)
            printf(_("; used %zu times: "), info.used);
        print_uses(&info, "pack", info.used > 1 ? "" : _("; used by "));
        if (info.used == 0 && info.allocated == 1)
            printf(_("; not used by any packing yet"));
        for (size_t i = 0; i < info.n; i++) {
            if (strcmp(info.uses[i].step, "harvest") == 0 || strcmp(info.uses[i].step, "pack") == 0)
                continue;
            printf(_("; also named by "));
            print_use(&info.uses[i]);
        }
        printf("\n");
    }
    txng_stamp_info_free(&info);
    return EXIT_DONE;
}

static int
run(int argc, char **argv)
{
    const char *dir  = NULL;
    bool        json = false, all = true;
    txng_log   *log    = NULL;
    int         status = EXIT_DONE;

    if ((status = cli_dir_json_options(&cmd_stamp, options, argc, argv, &dir, &json)) >= 0)
        return status;
    if (optind >= argc)
        return cli_usage(&cmd_stamp, _("give the number of a GI stamp, or a range FROM-TO"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_stamp, _("no log: give -d DIR"));
    /* every operand is read before the log is opened: a bad one changes nothing */
    for (int i = optind; i < argc; i++) {
        char      first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
        size_t    count;
        txng_diag d = TXNG_DIAG_INIT;

        if (txng_serials_parse(argv[i], first, last, &count, &d) != TXNG_OK)
            return cli_usage(&cmd_stamp, "%s: %s", argv[i], _(d.reason));
        if (count > TXNG_EVENT_SERIALS_MAX)
            return cli_usage(&cmd_stamp, _("%s: more than %d stamps: give a smaller range"),
                             argv[i], TXNG_EVENT_SERIALS_MAX);
    }
    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    for (int i = optind; i < argc && status == EXIT_DONE; i++) {
        char   first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
        size_t count;

        if (txng_serials_parse(argv[i], first, last, &count, NULL) != TXNG_OK)
            continue; /* parsed above */
        for (size_t k = 0; k < count && status == EXIT_DONE; k++, txng_serials_next(first)) {
            bool ok = false;

            status = one(log, first, json, &ok);
            all    = all && ok;
        }
    }
    txng_log_close(log);
    if (status == EXIT_DONE && !all)
        status = EXIT_NO;
    return status;
}

const struct command cmd_stamp = {
    "stamp",
    run,
    N_("stamp -d DIR STAMP... [--json]"),
    N_("show which harvest allocated a GI stamp and which packing used it"),
};
