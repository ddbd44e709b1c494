/*
 * cmd_tiles.c - txng tiles: write the log as C2SP tlog-tiles into a folder
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/tiles.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR      the log folder (or $TXNG_DIR)\n"
       "  -o, --out FOLDER   the tiles folder (created if missing)\n"
       "  -c, --check        also compare every tile with the log, byte for byte\n"
       "  -q, --quiet        print nothing when done\n"
       "  -h, --help         show this help\n"
       "Writes FOLDER/checkpoint, FOLDER/tile/<L>/<N>[.p/<W>] and\n"
       "FOLDER/tile/entries/<N>[.p/<W>] (c2sp.org/tlog-tiles). Run it again after\n"
       "appending: only new tiles are written, and the checkpoint last. Tiles\n"
       "written before that are missing or of the wrong size (with --check: of the\n"
       "wrong bytes) are written again and counted as repaired.\n");

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' }, { "out", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' },     { "check", no_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char      *dir = NULL, *out = NULL;
    bool             quiet = false;
    unsigned         flags = 0;
    int              c, status;
    txng_log        *log  = NULL;
    txng_tiles_stats st   = { 0 };
    txng_diag        diag = TXNG_DIAG_INIT;
    txng_err         err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:o:cqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'c':
            flags |= TXNG_TILES_CHECK;
            break;
        case 'h':
            return cli_help(&cmd_tiles, options);
        case ':':
            return cli_usage(&cmd_tiles, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_tiles, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage(&cmd_tiles, _("unexpected argument %s"), argv[optind]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_tiles, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (out == NULL || *out == '\0')
        return cli_usage(&cmd_tiles, _("no tiles folder: give -o FOLDER"));
    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    err = txng_tiles_write(log, out, flags, cli_progress, (void *) _("writing tiles"), &st, &diag);
    cli_progress_end();
    if (err != TXNG_OK) {
        cli_report(out, err, &diag);
        status = err == TXNG_EEXIST || err == TXNG_EFORMAT || err == TXNG_EBADSIG ||
                         err == TXNG_EFORK
                     ? EXIT_NO
                     : EXIT_FAILED;
    } else if (!quiet) {
        printf(_("%s: size %" PRIu64 " (was %" PRIu64 "), %" PRIu64 " files written (%" PRIu64
                 " bytes), %" PRIu64 " partial tiles removed\n"),
               out, st.size, st.old_size, st.files, st.bytes, st.removed);
        if (st.repaired > 0)
            printf(ngettext("%s: %" PRIu64 " tile was missing or damaged: written again\n",
                            "%s: %" PRIu64 " tiles were missing or damaged: written again\n",
                            st.repaired),
                   out, st.repaired);
    }
    txng_log_close(log);
    return status;
}

const struct command cmd_tiles = {
    "tiles",
    run,
    "tiles -d DIR -o FOLDER [--check] [--quiet]",
    N_("write the log as C2SP tlog-tiles, incrementally"),
};
