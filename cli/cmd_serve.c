/*
 * cmd_serve.c - txng serve: the resolver, the inspector's page and the API over HTTP
 *
 * The command reads its options, loads the log key (only with --write: it
 * signs the checkpoints of appended events) and the key that signs claims
 * made from the page (--claim-as), and hands over to web/ until SIGTERM or
 * SIGINT, after which requests in flight finish and the scan counters are
 * written. The URL it listens on goes to stdout as one line as soon as it is
 * bound (with --listen HOST:0 the system picks the port), the request log to
 * stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "cli/record.h"
#include "qr/label.h"
#include "web/web.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR          the log folder (or $TXNG_DIR)\n"
       "  -l, --listen ADDR:PORT address to listen on (default 127.0.0.1:8080; port 0: any free\n"
       "                         port; [::1]:8080 for IPv6)\n"
       "  -b, --base URL         public URL of this resolver for links (e.g. https://trace.htx.vn)\n"
       "  -w, --write            accept signed events: POST /api/v1/events (needs the log key;\n"
       "                         passphrase from $TXNG_PASSPHRASE)\n"
       "  -a, --claim-as KEY     with --write, sign claims made from the page with KEY\n"
       "                         (default: the log key)\n"
       "  -P, --trust-proxy      take the client address from X-Forwarded-For and the region\n"
       "                         from X-Region or CF-IPCountry (only behind your own proxy)\n"
       "  -j, --threads N        worker threads (default 4)\n"
       "  -r, --rate N           requests per second per client (default 50; 0 = no limit)\n"
       "  -B, --burst N          requests a client may send at once (default 200)\n"
       "  -c, --claim-fails N    wrong claim codes a client may send per hour (default 5;\n"
       "                         0 = no limit); a right code is always taken\n"
       "  -m, --body-max BYTES   largest request body (default 1048576)\n"
       "  -t, --timeout S        idle connection timeout in seconds (default 15)\n"
       "  -s, --scan-warn N      warn on the page when a serial was scanned more than N times\n"
       "                         (default 20)\n"
       "  -R, --region-warn N    warn when a serial was scanned in N regions or more (default 3)\n"
       "  -q, --quiet            log errors, start and stop only, not every request\n"
       "  -h, --help             show this help\n");

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
    (void) sig;
    stop_flag = 1;
}

static void
on_listen(void *ctx, const char *url)
{
    (void) ctx;
    printf("%s\n", url);
    fflush(stdout);
}

static txng_err
epcis(void *ctx, txng_log *log, const uint64_t *idx, size_t n, FILE *out)
{
    (void) ctx;
    return cli_export_epcis(log, idx, n, out, "epcis") == EXIT_DONE ? TXNG_OK : TXNG_EFORMAT;
}

static bool
parse_uint(const char *s, unsigned *out)
{
    uint64_t v;

    if (!cli_parse_u64(s, &v) || v > UINT_MAX - 1) {
        return false;
    }
    *out = (unsigned) v;
    return true;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},       {"listen", required_argument, NULL, 'l'},
        {"base", required_argument, NULL, 'b'},      {"write", no_argument, NULL, 'w'},
        {"claim-as", required_argument, NULL, 'a'},  {"trust-proxy", no_argument, NULL, 'P'},
        {"threads", required_argument, NULL, 'j'},   {"rate", required_argument, NULL, 'r'},
        {"burst", required_argument, NULL, 'B'},     {"body-max", required_argument, NULL, 'm'},
        {"claim-fails", required_argument, NULL, 'c'},
        {"timeout", required_argument, NULL, 't'},   {"scan-warn", required_argument, NULL, 's'},
        {"region-warn", required_argument, NULL, 'R'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
    };
    txng_web_config  cfg;
    const char      *dir = NULL, *claim_as = NULL;
    txng_signer     *logkey = NULL, *actor = NULL;
    txng_log        *log = NULL;
    int              c, status = EXIT_DONE;
    unsigned         rate = 50, claim_fails = 5;
    uint64_t         body = 0;
    txng_err         err;
    struct sigaction sa;

    memset(&cfg, 0, sizeof cfg);
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:b:wa:Pj:r:B:c:m:t:s:R:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 'b': {
            txng_diag d = TXNG_DIAG_INIT;

            /* the check of txng qr and txng labels: links and labels agree on the base */
            if (txng_label_base_check(optarg, NULL, &d) != TXNG_OK) {
                return cli_usage(&cmd_serve, _("--base: %s: %s"), _(d.reason), optarg);
            }
            cfg.base = optarg;
            break;
        }
        case 'w': cfg.write = true; break;
        case 'a': claim_as = optarg; break;
        case 'P': cfg.trust_proxy = true; break;
        case 'j':
            if (!parse_uint(optarg, &cfg.threads) || cfg.threads == 0 || cfg.threads > 64) {
                return cli_usage(&cmd_serve, _("--threads: a number from 1 to 64"));
            }
            break;
        case 'r':
            if (!parse_uint(optarg, &rate)) {
                return cli_usage(&cmd_serve, _("--rate: a number"));
            }
            break;
        case 'B':
            if (!parse_uint(optarg, &cfg.burst) || cfg.burst == 0) {
                return cli_usage(&cmd_serve, _("--burst: a number above 0"));
            }
            break;
        case 'c':
            if (!parse_uint(optarg, &claim_fails)) {
                return cli_usage(&cmd_serve, _("--claim-fails: a number"));
            }
            break;
        case 'm':
            if (!cli_parse_u64(optarg, &body) || body == 0 || body > (64u << 20)) {
                return cli_usage(&cmd_serve, _("--body-max: bytes, 1 to 67108864"));
            }
            cfg.body_max = (size_t) body;
            break;
        case 't':
            if (!parse_uint(optarg, &cfg.timeout) || cfg.timeout == 0) {
                return cli_usage(&cmd_serve, _("--timeout: seconds above 0"));
            }
            break;
        case 's':
            if (!parse_uint(optarg, &cfg.scan_warn) || cfg.scan_warn == 0) {
                return cli_usage(&cmd_serve, _("--scan-warn: a number above 0"));
            }
            break;
        case 'R':
            if (!parse_uint(optarg, &cfg.region_warn) || cfg.region_warn == 0) {
                return cli_usage(&cmd_serve, _("--region-warn: a number above 0"));
            }
            break;
        case 'q': cfg.quiet = true; break;
        case 'h': return cli_help(&cmd_serve, _(options));
        default: return cli_usage(&cmd_serve, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind != argc) {
        return cli_usage(&cmd_serve, _("unexpected argument %s"), argv[optind]);
    }
    dir = cli_dir(dir);
    if (dir == NULL) {
        return cli_usage(&cmd_serve, _("no log folder: give -d DIR or set TXNG_DIR"));
    }
    if (claim_as != NULL && !cfg.write) {
        return cli_usage(&cmd_serve, _("--claim-as needs --write"));
    }
    cfg.rate        = rate == 0 ? UINT_MAX : rate;
    cfg.claim_fails = claim_fails == 0 ? UINT_MAX : claim_fails;
    if ((cfg.max_skew = cli_max_skew()) < 0)
        return cli_usage(&cmd_serve, _("TXNG_MAX_SKEW: not a number of seconds"));
    cfg.dir  = dir;
    /* a missing or damaged log is reported as every command reports it (status 3) */
    status = cli_open_log(dir, cfg.write ? 0 : TXNG_LOG_RDONLY, &log);
    if (status != EXIT_DONE) {
        return status;
    }
    if (!cfg.write) {
        txng_log_close(log); /* before the server opens its own handles */
        log = NULL;
    }
    if (cfg.write) {
        status = cli_log_signer(dir, log, &logkey);
        if (status == EXIT_DONE && claim_as != NULL) {
            status = cli_load_signer(dir, claim_as, &actor);
        }
        /* every claim it signed would be refused ("signature does not verify"): refuse it
         * now, as txng claim --as does */
        if (status == EXIT_DONE && actor != NULL) {
            status = cli_check_actor(log, actor);
        }
        txng_log_close(log); /* before the server opens its own handles */
        if (status != EXIT_DONE) {
            goto out;
        }
    }
    cfg.logkey        = logkey;
    cfg.claim_actor   = actor != NULL ? actor : logkey; /* txng claim's default too */
    cfg.epcis         = epcis;
    cfg.on_listen     = on_listen;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    err = txng_web_run(&cfg, &stop_flag);
    if (err == TXNG_EINVAL) {
        status = cli_usage(&cmd_serve, _("--listen: expected HOST:PORT or [IPV6]:PORT with a "
                                         "numeric address and a port from 0 to 65535: %s"),
                           cfg.listen ? cfg.listen : "127.0.0.1:8080");
    } else if (err == TXNG_EPERM) {
        cli_error(dir, _("the log key found is not the key of this log"));
        status = EXIT_FAILED;
    } else if (err == TXNG_ESYS) {
        int e = errno;

        cli_error(NULL, _("cannot listen on %s: %s"), cfg.listen ? cfg.listen : "127.0.0.1:8080",
                  e == EADDRINUSE ? _("address in use (is another server running on it?)")
                                  : strerror(e));
        status = EXIT_FAILED;
    } else if (err != TXNG_OK) {
        cli_report(dir, err, NULL);
        status = cli_status(err);
    }
out:
    txng_signer_free(actor);
    txng_signer_free(logkey);
    return status;
}

const struct command cmd_serve = {"serve", run,
                                  N_("serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]"),
                                  N_("run the resolver: pages, linksets, bundles, tiles")};
