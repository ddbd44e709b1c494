/*
 * cmd_init.c - txng init: create a log and its key
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/note.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR        the log folder to create (or $TXNG_DIR)\n"
       "  -o, --origin ORIGIN  the log's name, e.g. htx-samngoclinh.vn/log\n"
       "  -n, --no-passphrase  write the log key without a passphrase\n"
       "  -t, --time TIME      time of the genesis record (RFC 3339, or seconds\n"
       "                       since 1970)\n"
       "  -j, --json           {\"dir\",\"file\",\"key\",\"origin\"}: the log folder,\n"
       "                       its key file, verifier key and origin\n"
       "  -h, --help           show this help\n");

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },  { "origin", required_argument, NULL, 'o' },
        { "no-passphrase", no_argument, NULL, 'n' }, { "time", required_argument, NULL, 't' },
        { "json", no_argument, NULL, 'j' },       { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char  *dir = NULL, *origin = NULL;
    bool         plain = false, have_time = false, json = false;
    int64_t      skew = 0;
    int64_t      t = 0;
    int          c, status;
    txng_signer *logkey = NULL;
    txng_log    *log    = NULL;
    char        *keyfile = NULL, vkey[TXNG_VKEY_MAX], where[4096];
    size_t       keyfile_len = 0;
    txng_err     err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:nt:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'o':
            origin = optarg;
            break;
        case 'n':
            plain = true;
            break;
        case 't':
            if (!cli_parse_time(optarg, &t))
                return cli_usage(&cmd_init, _("--time: not a time: %s"), optarg);
            have_time = true;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_init, options);
        case ':':
            return cli_usage(&cmd_init, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_init, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage(&cmd_init, _("unexpected argument %s"), argv[optind]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_init, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (origin == NULL || *origin == '\0')
        return cli_usage(&cmd_init, _("no origin: give --origin NAME, e.g. example.vn/log"));
    if (!txng_origin_valid(origin) || !txng_key_name_valid(origin))
        return cli_usage(&cmd_init,
                         _("--origin: not a valid origin (no spaces, no '+'): %s"), origin);
    /* Records are kept in time order: a genesis in the future would date every later
     * record before it. */
    if (have_time && (skew = cli_max_skew()) < 0)
        return cli_usage(&cmd_init, _("TXNG_MAX_SKEW: not a number of seconds"));
    if (have_time && t > cli_now(false, 0) + skew) {
        char when[32];

        txng_time_format(when, t);
        return cli_usage(&cmd_init,
                         _("%s: %s is more than %" PRId64
                           " seconds after the clock: give a time that has passed"),
                         "--time", when, skew);
    }

    if (txng_log_open(&log, dir, TXNG_LOG_RDONLY) == TXNG_OK) {
        txng_log_close(log);
        log = NULL;
        cli_error(dir, _("a log already exists here"));
        return EXIT_FAILED;
    }
    status = cli_new_signer(origin, &logkey);
    if (status != EXIT_DONE)
        goto out;
    status = cli_keyfile_text(logkey, plain, true, _("the log key"), &keyfile, &keyfile_len);
    if (status != EXIT_DONE)
        goto out;
    err = txng_log_create(&log, dir, origin, logkey, keyfile, keyfile_len, cli_now(have_time, t));
    if (err == TXNG_EEXIST) {
        cli_error(dir, _("a log already exists here"));
        status = EXIT_FAILED;
        goto out;
    }
    if (err != TXNG_OK) {
        cli_report(dir, err, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    txng_pubkey_format(txng_signer_pubkey(logkey), vkey);
    snprintf(where, sizeof where, "%s/%s", dir, TXNG_LOG_KEY_FILE);
    if (json) {
        /* as key new --json: one compact line, keys sorted */
        json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "dir", dir, "file", where, "key", vkey,
                              "origin", origin);
        char   *s = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

        json_decref(j);
        if (s == NULL) {
            cli_report(dir, TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
        printf("%s\n", s);
        free(s);
    } else {
        printf("%s\n", vkey);
    }
    if (plain)
        cli_warn_plain(where);
out:
    txng_log_close(log);
    if (keyfile != NULL) {
        sodium_memzero(keyfile, keyfile_len);
        free(keyfile);
    }
    txng_signer_free(logkey);
    return status;
}

const struct command cmd_init = {
    "init",
    run,
    "init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]",
    N_("create a new log and its key; print the log's verifier key"),
};
