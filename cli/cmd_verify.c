/*
 * cmd_verify.c - txng verify: check a whole log
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/hash.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR      the log folder (or $TXNG_DIR)\n"
       "  -k, --key VKEY     trust this verifier key (default: the one in the genesis record)\n"
       "  -T, --threads N    signature-checking threads (default: one per core)\n"
       "  -j, --json         print the result as JSON\n"
       "  -h, --help         show this help\n"
       "Exit status: 0 the log verifies, 1 it does not, 2 usage, 3 could not run.\n");

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },     { "key", required_argument, NULL, 'k' },
        { "threads", required_argument, NULL, 'T' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
    };
    const char        *dir = NULL, *vkey = NULL;
    bool               json = false;
    uint64_t           threads = 0;
    int                c, status;
    txng_pubkey        trusted;
    txng_log          *log = NULL;
    txng_verify_result res = { 0 };
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    char               root[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:k:T:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'k':
            vkey = optarg;
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
    if (optind != argc)
        return cli_usage(&cmd_verify, _("unexpected argument %s"), argv[optind]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_verify, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (vkey != NULL && txng_pubkey_parse(&trusted, vkey, strlen(vkey), &diag) != TXNG_OK)
        return cli_usage(&cmd_verify, "--key: %s",
                         diag.reason != NULL ? _(diag.reason) : _(txng_strerror(TXNG_EFORMAT)));
    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    err = txng_log_verify(log, vkey != NULL ? &trusted : NULL, (unsigned) threads, cli_progress,
                          (void *) _("verifying"), &res, &diag);
    cli_progress_end();
    if (err == TXNG_ENOMEM || err == TXNG_ESYS) {
        cli_report("verify", err, &diag);
        status = EXIT_FAILED;
    } else if (err != TXNG_OK) {
        if (json) {
            json_t *j = json_pack("{s:b, s:s}", "ok", 0, "reason",
                                  diag.reason != NULL ? diag.reason : txng_strerror(err));
            char   *s;

            if (j != NULL && diag.has_index)
                json_object_set_new(j, "index", json_integer((json_int_t) diag.index));
            if (j != NULL && (s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)) != NULL) {
                printf("%s\n", s);
                free(s);
            }
            json_decref(j);
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
            char   *s = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

            if (s != NULL)
                printf("%s\n", s);
            free(s);
            json_decref(j);
        } else {
            printf(_("ok: %s: %" PRIu64 " records, %" PRIu64 " keys, %" PRIu64
                     " checkpoints, root %s\n"),
                   txng_log_origin(log), res.size, res.keys, res.checkpoints, root);
        }
    }
    txng_log_close(log);
    return status;
}

const struct command cmd_verify = {
    "verify",
    run,
    "verify -d DIR [--key VKEY] [--threads N] [--json]",
    N_("check every record, signature, checkpoint and index of a log"),
};
