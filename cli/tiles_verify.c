/*
 * tiles_verify.c - txng verify --tiles: check a tlog-tiles copy of a log, from a
 * folder or an http(s) URL prefix, with only the log's verifier key
 *
 * core/tiles.c does the checking and asks for each file through a callback;
 * the callbacks here read a folder or fetch over HTTP with libcurl (one easy
 * handle, so one kept-alive connection; timeouts; every file limited to the
 * size the layout allows). 404 and 410 mean "missing" (the data is wrong,
 * exit 1); anything else that stops a fetch means the copy is unreachable
 * (exit 3).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "core/hash.h"
#include "core/tiles.h"
#include "core/vstate.h"
#include "core/witness.h"

#define CONNECT_TIMEOUT 10L  /* seconds to connect */
#define FETCH_TIMEOUT   120L /* seconds for one file */
#define LOW_SPEED       1L   /* abort below 1 byte/s ... */
#define LOW_SPEED_TIME  30L  /* ... for 30 s */

static const char options[] =
    N_("options:\n"
       "  --tiles SRC        a tiles folder, or an http:// or https:// URL prefix\n"
       "  -k, --key VKEY     the log's verifier key (required)\n"
       "  --state DIR        the verifier state folder (default: the user's data folder):\n"
       "                     remember the checkpoint, refuse a rollback or a fork\n"
       "  -w, --witness VKEY a witness key (repeatable)\n"
       "  -W, --witnesses-needed K\n"
       "                     cosignatures needed from the witnesses (default: all)\n"
       "  -j, --json         print the result as JSON\n"
       "  -h, --help         show this help\n"
       "Fetches the checkpoint, every entry bundle and every level tile, checks\n"
       "every record and signature, recomputes the tiles and the root.\n"
       "Exit status: 0 the copy verifies, 1 it does not, 2 usage, 3 unreachable.\n");

/* Where the files come from, and why the last fetch failed. */
struct source {
    const char *src;
    bool        http;
    CURL       *curl;
    char       *url; /* scratch */
    size_t      url_cap;
    char        why[CURL_ERROR_SIZE + 64];
};

struct sink {
    unsigned char *p;
    size_t         len, cap, max;
    bool           too_big, no_mem;
};

static size_t
on_data(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *s   = ctx;
    size_t       add = size * n;

    if (add > s->max - s->len) {
        s->too_big = true;
        return 0;
    }
    if (s->len + add > s->cap) {
        size_t         cap = s->cap ? s->cap : 16384;
        unsigned char *p;

        while (cap < s->len + add)
            cap *= 2;
        p = realloc(s->p, cap);
        if (p == NULL) {
            s->no_mem = true;
            return 0;
        }
        s->p   = p;
        s->cap = cap;
    }
    memcpy(s->p + s->len, data, add);
    s->len += add;
    return add;
}

/* Make so->url hold at least @p need bytes. */
static txng_err
url_room(struct source *so, size_t need)
{
    char *u;

    if (need <= so->url_cap)
        return TXNG_OK;
    if ((u = realloc(so->url, need)) == NULL)
        return TXNG_ENOMEM;
    so->url     = u;
    so->url_cap = need;
    return TXNG_OK;
}

static txng_err
fetch_http(struct source *so, const char *path, size_t max, unsigned char **out,
           size_t *out_len)
{
    struct sink sink = { NULL, 0, 0, max, false, false };
    size_t      need = strlen(so->src) + strlen(path) + 2;
    long        code = 0;
    CURLcode    rc;

    if (url_room(so, need) != TXNG_OK)
        return TXNG_ENOMEM;
    snprintf(so->url, so->url_cap, "%s%s%s", so->src,
             so->src[strlen(so->src) - 1] == '/' ? "" : "/", path);
    curl_easy_setopt(so->curl, CURLOPT_URL, so->url);
    curl_easy_setopt(so->curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(so->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) max);
    so->why[0] = '\0';
    rc         = curl_easy_perform(so->curl);
    /* The status is known once the headers came, whatever stopped the body. */
    curl_easy_getinfo(so->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code == 404 || code == 410) {
        free(sink.p);
        return TXNG_ENOTFOUND;
    }
    if (sink.no_mem) {
        free(sink.p);
        return TXNG_ENOMEM;
    }
    if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        free(sink.p);
        return TXNG_EFULL;
    }
    if (rc == CURLE_HTTP_RETURNED_ERROR) {
        snprintf(so->why, sizeof so->why, "%s: HTTP %ld", so->url, code);
        free(sink.p);
        return TXNG_ESYS;
    }
    if (rc != CURLE_OK) {
        snprintf(so->why, sizeof so->why, "%s: %s", so->url, curl_easy_strerror(rc));
        free(sink.p);
        return TXNG_ESYS;
    }
    if (code != 200) {
        snprintf(so->why, sizeof so->why, "%s: HTTP %ld", so->url, code);
        free(sink.p);
        return TXNG_ESYS;
    }
    if (sink.p == NULL && (sink.p = malloc(1)) == NULL)
        return TXNG_ENOMEM;
    *out     = sink.p;
    *out_len = sink.len;
    return TXNG_OK;
}

static txng_err
fetch_file(struct source *so, const char *path, size_t max, unsigned char **out,
           size_t *out_len)
{
    size_t         need = strlen(so->src) + strlen(path) + 2, got = 0;
    struct stat    sb;
    unsigned char *p = NULL;
    int            fd;

    if (url_room(so, need) != TXNG_OK)
        return TXNG_ENOMEM;
    snprintf(so->url, so->url_cap, "%s/%s", so->src, path);
    fd = open(so->url, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return TXNG_ENOTFOUND;
        snprintf(so->why, sizeof so->why, "%s: %s", so->url, strerror(errno));
        return TXNG_ESYS;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(so->why, sizeof so->why, "%s: %s", so->url, _("not a regular file"));
        close(fd);
        return TXNG_ESYS;
    }
    if ((uint64_t) sb.st_size > max) {
        close(fd);
        return TXNG_EFULL;
    }
    p = malloc((size_t) sb.st_size + 1);
    if (p == NULL) {
        close(fd);
        return TXNG_ENOMEM;
    }
    while (got < (size_t) sb.st_size) {
        ssize_t n = read(fd, p + got, (size_t) sb.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(so->why, sizeof so->why, "%s: %s", so->url, strerror(errno));
            close(fd);
            free(p);
            return TXNG_ESYS;
        }
        if (n == 0)
            break;
        got += (size_t) n;
    }
    close(fd);
    *out     = p;
    *out_len = got;
    return TXNG_OK;
}

static txng_err
fetch(void *ctx, const char *path, size_t max, unsigned char **out, size_t *out_len)
{
    struct source *so = ctx;

    *out     = NULL;
    *out_len = 0;
    return so->http ? fetch_http(so, path, max, out, out_len)
                    : fetch_file(so, path, max, out, out_len);
}

static int
source_open(struct source *so, const char *src)
{
    memset(so, 0, sizeof *so);
    so->src  = src;
    so->http = strncmp(src, "http://", 7) == 0 || strncmp(src, "https://", 8) == 0;
    if (!so->http)
        return EXIT_DONE;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (so->curl = curl_easy_init()) == NULL) {
        cli_error("verify", _("cannot start libcurl"));
        return EXIT_FAILED;
    }
    curl_easy_setopt(so->curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(so->curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
    curl_easy_setopt(so->curl, CURLOPT_TIMEOUT, FETCH_TIMEOUT);
    curl_easy_setopt(so->curl, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED);
    curl_easy_setopt(so->curl, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME);
    curl_easy_setopt(so->curl, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(so->curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(so->curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(so->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(so->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(so->curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(so->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(so->curl, CURLOPT_USERAGENT, "txng");
    return EXIT_DONE;
}

static void
source_close(struct source *so)
{
    if (so->curl != NULL) {
        curl_easy_cleanup(so->curl);
        curl_global_cleanup();
    }
    free(so->url);
}

/* The size of the checkpoint the state in @p dir holds for @p key's origin; 0 if none. */
static uint64_t
state_size(const char *dir, const txng_pubkey *key)
{
    char            name[2 * TXNG_HASH_BYTES + 1], *path, *note = NULL;
    size_t          len, text_len;
    txng_checkpoint cp;
    uint64_t        size = 0;

    txng_vstate_name(name, key->name);
    path = malloc(strlen(dir) + sizeof name + 2);
    if (path == NULL)
        return 0;
    sprintf(path, "%s/%s", dir, name);
    if (cli_read_file(path, &note, &len) == TXNG_OK &&
        txng_note_verify(note, len, key, 1, &text_len, NULL) == TXNG_OK &&
        txng_checkpoint_parse(&cp, note, text_len, NULL) == TXNG_OK)
        size = cp.size;
    free(note);
    free(path);
    return size;
}

static void
print_json(bool ok, const txng_tiles_result *res, const char *state, txng_err err,
           const txng_diag *diag)
{
    json_t *j;
    char    root[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

    if (ok) {
        txng_b64_encode(root, res->cp.root, TXNG_HASH_BYTES);
        j = json_pack("{s:b, s:s, s:I, s:I, s:I, s:s}", "ok", 1, "origin", res->cp.origin,
                      "records", (json_int_t) res->cp.size, "keys", (json_int_t) res->keys,
                      "tiles", (json_int_t) res->tiles, "root", root);
        if (j != NULL)
            json_object_set_new(j, "state", json_string(state));
    } else {
        j = json_pack("{s:b, s:s}", "ok", 0, "reason",
                      diag->reason != NULL ? diag->reason : txng_strerror(err));
        if (j != NULL && diag->field[0] != '\0')
            json_object_set_new(j, "field", json_string(diag->field));
        if (j != NULL && diag->has_index)
            json_object_set_new(j, "index", json_integer((json_int_t) diag->index));
    }
    (void) cli_print_json(j);
}

int
cli_verify_tiles(int argc, char **argv)
{
    enum { OPT_TILES = 256, OPT_STATE };
    static const struct option longopts[] = {
        { "tiles", required_argument, NULL, OPT_TILES },
        { "key", required_argument, NULL, 'k' },
        { "state", required_argument, NULL, OPT_STATE },
        { "json", no_argument, NULL, 'j' },
        { "witness", required_argument, NULL, 'w' },
        { "witnesses-needed", required_argument, NULL, 'W' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    txng_pubkey             witnesses[CLI_MAX_WITNESSES];
    size_t                  nwit = 0, found = 0;
    uint64_t                needed = 0;
    const char             *src = NULL, *vkey = NULL, *state = NULL;
    bool                    json = false;
    int                     c, status;
    txng_pubkey             key;
    struct source           so;
    txng_tiles_result       res  = { 0 };
    txng_vstate_result      vs   = { 0 };
    txng_bundle_consistency cons = { 0 };
    txng_diag               diag = TXNG_DIAG_INIT;
    txng_err                err;
    char                    root[TXNG_B64_SIZE(TXNG_HASH_BYTES)], *dir = NULL;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":k:w:W:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if ((status = cli_witness_opt(witnesses, &nwit, optarg)) != EXIT_DONE)
                return status;
            break;
        case 'W':
            if ((status = cli_witnesses_needed_opt(optarg, &needed)) != EXIT_DONE)
                return status;
            break;
        case OPT_TILES:
            src = optarg;
            break;
        case 'k':
            vkey = optarg;
            break;
        case OPT_STATE:
            state = optarg;
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
    if (src == NULL || *src == '\0')
        return cli_usage(&cmd_verify, _("no tiles: give --tiles FOLDER or URL"));
    if (vkey == NULL)
        return cli_usage(&cmd_verify, _("--tiles needs the log's key: give --key VKEY"));
    if (txng_pubkey_parse(&key, vkey, strlen(vkey), &diag) != TXNG_OK)
        return cli_usage(&cmd_verify, "--key: %s",
                         diag.reason != NULL ? _(diag.reason) : _(txng_strerror(TXNG_EFORMAT)));
    if (needed > nwit)
        return cli_usage(&cmd_verify, _("--witnesses-needed: more than the witnesses given"));
    if (needed == 0)
        needed = nwit;
    diag = (txng_diag) TXNG_DIAG_INIT;
    if ((dir = cli_state_dir(state)) == NULL) {
        cli_error("verify", _("no verifier state folder: give --state DIR or set HOME"));
        return EXIT_FAILED;
    }
    if ((status = source_open(&so, src)) != EXIT_DONE) {
        free(dir);
        return status;
    }
    /* The tiles carry no consistency proof: the verifier makes one from the
     * subtrees it recomputed, from the size its state remembers. */
    cons.old = state_size(dir, &key);
    err = txng_tiles_verify_from(&key, fetch, &so, cli_progress, (void *) _("verifying tiles"),
                                 cons.old, cons.proof, &cons.n, &res, &diag);
    cli_progress_end();
    /* the witness policy, on the checkpoint the tiles verified against */
    if (err == TXNG_OK && nwit > 0 &&
        txng_witness_check(res.note, res.note_len, witnesses, nwit, (size_t) needed, NULL) !=
            TXNG_OK) {
        for (size_t i = 0; i < nwit; i++)
            if (txng_witness_check(res.note, res.note_len, &witnesses[i], 1, 1, NULL) == TXNG_OK)
                found++;
        if (json) {
            json_t *j = json_pack("{s:b, s:s, s:I, s:I}", "ok", 0, "reason",
                                  "too few witness cosignatures", "witnessesFound",
                                  (json_int_t) found, "witnessesNeeded", (json_int_t) needed);

            (void) cli_print_json(j);
        }
        cli_error(src,
                  ngettext("checkpoint: %zu witness cosignature found of the %zu needed: ask the "
                           "witnesses (txng witness ask) and write the tiles again",
                           "checkpoint: %zu witness cosignatures found of the %zu needed: ask "
                           "the witnesses (txng witness ask) and write the tiles again",
                           found),
                  found, (size_t) needed);
        status = EXIT_NO;
        goto out;
    }
    if (err == TXNG_OK) {
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_vstate_update(dir, &key, res.note, res.note_len, cons.old > 0 ? &cons : NULL,
                                  cons.old > 0 ? 1 : 0, &vs, &diag);
        if (err == TXNG_EFORK) {
            cli_report("verify", err, &diag);
            cli_print_accepted(&vs);
            printf(_("in these tiles (size %" PRIu64 "):\n"), res.cp.size);
            fwrite(res.note, 1, res.note_len, stdout);
            status = EXIT_NO;
            goto out;
        }
        if (err != TXNG_OK) {
            cli_report(dir, err, &diag);
            status = err == TXNG_ECORRUPT || err == TXNG_EPROOF ? EXIT_NO : EXIT_FAILED;
            goto out;
        }
    }
    if (err == TXNG_OK) {
        status = EXIT_DONE;
        txng_b64_encode(root, res.cp.root, TXNG_HASH_BYTES);
        if (json) {
            print_json(true, &res,
                       cli_vstate_word(&vs),
                       err, &diag);
        } else {
            printf(_("ok: %s: %" PRIu64 " records, %" PRIu64 " keys, %" PRIu64
                     " tiles, root %s\n"),
                   res.cp.origin, res.cp.size, res.keys, res.tiles, root);
            cli_print_vstate(&vs);
        }
    } else if (err == TXNG_ESYS || err == TXNG_ENOMEM) {
        if (so.why[0] != '\0')
            cli_error("verify", "%s", so.why);
        else
            cli_report("verify", err, &diag);
        status = EXIT_FAILED;
    } else {
        if (json)
            print_json(false, &res, NULL, err, &diag);
        cli_report(src, err, &diag); /* the folder or URL whose file fails */
        status = EXIT_NO;
    }
out:
    free(res.note);
    free(dir);
    txng_vstate_result_free(&vs);
    source_close(&so);
    return status;
}
