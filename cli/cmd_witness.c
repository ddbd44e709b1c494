/*
 * cmd_witness.c - txng witness: cosign checkpoints (C2SP tlog-witness)
 *
 * The witness side (init, add-log, list, serve) keeps its key and state in
 * a witness folder: witness.key (a txng key file), witness.vkey (its
 * cosignature verifier key) and the LMDB state of core/witness.h. serve
 * answers POST /add-checkpoint over HTTP with libmicrohttpd, on one thread,
 * so the state handle is never shared.
 *
 * The log side (add, ask, list) keeps the witnesses of a log in the text
 * file DIR/witnesses, one "URL VKEY SIZE" line per witness, SIZE being the
 * size the witness last cosigned as far as this log knows; the file is
 * replaced atomically (write, fsync, rename, fsync of the folder). ask posts
 * with libcurl; every command that appends asks too (cli_witness_ask), where
 * a witness that does not cosign is a warning, not a failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>
#include <sodium.h>

#include "cli/cli.h"
#include "cli/witness.h"
#include "core/hash.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/witness.h"
#include "web/http.h"

#define MAX_WITNESSES  32
#define REPLY_MAX      (64u << 10)
#define SIZE_TYPE      "text/x.tlog.size"
#define ADD_CHECKPOINT "/add-checkpoint"

static const char options[] =
    N_("subcommands, witness side (DIR is the witness folder):\n"
       "  init -d DIR --name NAME        make the witness key; print its verifier key\n"
       "  add-log -d DIR VKEY            trust a log's verifier key (origin = key name)\n"
       "  list -d DIR                    the witness key and, per log, the last cosigned size\n"
       "  serve -d DIR --listen HOST:PORT   answer add-checkpoint requests over HTTP\n"
       "subcommands, log side (DIR is the log folder):\n"
       "  add -d DIR URL VKEY            ask the witness at URL to cosign this log\n"
       "  ask -d DIR                     ask every configured witness now\n"
       "  list -d DIR                    the configured witnesses\n"
       "options:\n"
       "  -d, --dir DIR           the witness or log folder (or $TXNG_DIR)\n"
       "  -N, --name NAME         the witness's key name, e.g. witness.example.com/w1\n"
       "  -n, --no-passphrase     write the witness key file without a passphrase\n"
       "  -o, --origin ORIGIN     add-log: the log's origin, if not its key name\n"
       "  -l, --listen HOST:PORT  serve: the address (port 0 picks a free one)\n"
       "  -t, --time TIME         serve: cosign with this fixed time (tests)\n"
       "  -h, --help              show this help\n");

struct wopts {
    const char *dir, *name, *origin, *listen;
    bool        plain, have_time;
    int64_t     t;
};

/* One line of DIR/witnesses. */
struct witness_cfg {
    char        url[1024];
    char        vkey[TXNG_VKEY_MAX];
    txng_pubkey key;
    uint64_t    size;
};

struct witness_list {
    struct witness_cfg w[MAX_WITNESSES];
    size_t             n;
};

static char *
path_join(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char  *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* ---- the log's witness list ---- */

/* Read DIR/witnesses; a missing file is an empty list. Prints why on failure. */
static int
config_read(const char *dir, struct witness_list *list)
{
    char       *path = path_join(dir, CLI_WITNESS_CONFIG), *text = NULL, *line, *next;
    size_t      len = 0, lineno = 0;
    txng_diag   diag = TXNG_DIAG_INIT;
    txng_err    err;
    int         status = EXIT_FAILED;

    list->n = 0;
    if (path == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    err = cli_read_file(path, &text, &len);
    if (err == TXNG_ENOTFOUND || (err == TXNG_ESYS && errno == ENOENT)) {
        status = EXIT_DONE;
        goto out;
    }
    if (err != TXNG_OK) {
        cli_report(path, err, NULL);
        goto out;
    }
    for (line = text; line != NULL && *line != '\0'; line = next) {
        struct witness_cfg *w = &list->w[list->n];
        char               *url, *vkey, *size, *save = NULL;

        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        lineno++;
        if (*line == '#' || *line == '\0')
            continue;
        url  = strtok_r(line, " ", &save);
        vkey = strtok_r(NULL, " ", &save);
        size = strtok_r(NULL, " ", &save);
        if (url == NULL || vkey == NULL || size == NULL || strtok_r(NULL, " ", &save) != NULL ||
            strlen(url) >= sizeof w->url || strlen(vkey) >= sizeof w->vkey ||
            !cli_parse_u64(size, &w->size) ||
            txng_witness_key_parse(&w->key, vkey, strlen(vkey), &diag) != TXNG_OK) {
            cli_error(path, _("line %zu: not \"URL VKEY SIZE\""), lineno);
            goto out;
        }
        if (list->n == MAX_WITNESSES) {
            cli_error(path, _("more than %d witnesses"), MAX_WITNESSES);
            goto out;
        }
        snprintf(w->url, sizeof w->url, "%s", url);
        snprintf(w->vkey, sizeof w->vkey, "%s", vkey);
        list->n++;
    }
    status = EXIT_DONE;
out:
    free(text);
    free(path);
    return status;
}

/* Replace DIR/witnesses atomically. Prints why on failure. */
static int
config_write(const char *dir, const struct witness_list *list)
{
    char    *path = path_join(dir, CLI_WITNESS_CONFIG), *tmp = path_join(dir, ".witnesses.tmp");
    char    *text = NULL;
    size_t   cap, len = 0;
    txng_err err;
    int      fd, status = EXIT_FAILED;

    cap  = 128 + list->n * (sizeof list->w[0].url + TXNG_VKEY_MAX + TXNG_DEC_MAX_DIGITS + 3);
    text = malloc(cap);
    if (path == NULL || tmp == NULL || text == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        goto out;
    }
    len = (size_t) snprintf(text, cap, "# txng witnesses of this log: URL VKEY SIZE\n");
    for (size_t i = 0; i < list->n; i++)
        len += (size_t) snprintf(text + len, cap - len, "%s %s %" PRIu64 "\n", list->w[i].url,
                                 list->w[i].vkey, list->w[i].size);
    unlink(tmp);
    err = cli_write_new_file(tmp, text, len);
    if (err != TXNG_OK) {
        cli_report(tmp, err, NULL);
        goto out;
    }
    if (chmod(tmp, 0644) != 0 || rename(tmp, path) != 0) {
        cli_report(path, TXNG_ESYS, NULL);
        unlink(tmp);
        goto out;
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void) fsync(fd);
        close(fd);
    }
    status = EXIT_DONE;
out:
    free(text);
    free(tmp);
    free(path);
    return status;
}

/* Who asks: txng witness ask, or a command that has just appended. */
struct asker {
    const char *dir;
    bool        after_append; /* failures are warnings; nothing said on success */
};

/*
 * Say why witness @p w did not cosign: "txng: WHERE: REASON" for txng witness
 * ask (WHERE is w->url when NULL), one warning line after an append.
 */
__attribute__((format(printf, 4, 5))) static void
not_cosigned(const struct asker *a, const struct witness_cfg *w, const char *where,
             const char *fmt, ...)
{
    char    why[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (a->after_append)
        cli_error(NULL,
                  _("witness %s: not cosigned: %s (the record is kept; run 'txng witness ask "
                    "-d %s' later)"),
                  w->url, why, a->dir);
    else
        cli_error(where != NULL ? where : w->url, "%s", why);
}

/* The reason cli_report() would give for @p err without a diagnostic. */
static const char *
reason_of(txng_err err)
{
    return err == TXNG_ESYS ? strerror(errno) : _(txng_strerror(err));
}

/* ---- HTTP client ---- */

struct http_reply {
    long   status;
    char  *body;
    size_t len;
    bool   too_long;
};

static size_t
http_collect(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct http_reply *r = ctx;
    size_t             n = size * nmemb;
    char              *grown;

    if (r->len + n > REPLY_MAX) {
        r->too_long = true;
        return 0;
    }
    grown = realloc(r->body, r->len + n + 1);
    if (grown == NULL)
        return 0;
    r->body = grown;
    memcpy(r->body + r->len, data, n);
    r->len += n;
    r->body[r->len] = '\0';
    return n;
}

/* POST @p body to URL/add-checkpoint of @p w. Says why on a transport failure. */
static bool
http_post(const struct asker *a, const struct witness_cfg *w, const char *body, size_t len,
          struct http_reply *r, bool *size_type)
{
    const char        *url = w->url;
    CURL              *curl;
    struct curl_slist *hdr = NULL;
    char               full[1100], *ctype = NULL;
    size_t             ulen = strlen(url);
    CURLcode           rc;

    memset(r, 0, sizeof *r);
    *size_type = false;
    while (ulen > 0 && url[ulen - 1] == '/')
        ulen--;
    snprintf(full, sizeof full, "%.*s" ADD_CHECKPOINT, (int) ulen, url);
    curl = curl_easy_init();
    if (curl == NULL) {
        not_cosigned(a, w, NULL, "%s", reason_of(TXNG_ENOMEM));
        return false;
    }
    hdr = curl_slist_append(hdr, "Content-Type: text/plain; charset=utf-8");
    curl_easy_setopt(curl, CURLOPT_URL, full);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, http_collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
    /* every append waits for this: a witness that cannot be reached soon is skipped */
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
        if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype != NULL)
            *size_type = strncmp(ctype, SIZE_TYPE, strlen(SIZE_TYPE)) == 0;
    } else {
        not_cosigned(a, w, full, "%s",
                     r->too_long ? _("reply is too long") : curl_easy_strerror(rc));
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        free(r->body);
        r->body = NULL;
        return false;
    }
    return true;
}

/* ---- asking the witnesses ---- */

/* Keep the valid cosignature lines of @p w in @p r's body; 1 if one was stored. */
static int
store_cosignatures(const struct asker *a, txng_log *log, const struct witness_cfg *w,
                   uint64_t size, const char *note, size_t text_len, const char *body, size_t len)
{
    const char *p = body, *end = body + len, *nl;
    txng_cosig  cos;
    txng_err    err;
    int         stored = 0;

    for (; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == NULL)
            break;
        if (txng_witness_line_parse(&cos, p, (size_t) (nl - p), NULL) != TXNG_OK ||
            cos.id != w->key.id || strcmp(cos.name, w->key.name) != 0)
            continue; /* another key of the witness: ignored, as the spec says */
        if (txng_witness_verify(&w->key, &cos, note, text_len) != TXNG_OK) {
            not_cosigned(a, w, NULL, "%s", _("the witness's cosignature does not verify"));
            return -1;
        }
        err = txng_log_add_cosignature(log, size, p, (size_t) (nl + 1 - p));
        if (err != TXNG_OK && err != TXNG_EEXIST) {
            not_cosigned(a, w, NULL, "%s", reason_of(err));
            return -1;
        }
        stored = 1;
    }
    return stored;
}

/* First line of a reply body, for messages. */
static const char *
first_line(char *body)
{
    if (body == NULL)
        return "";
    body[strcspn(body, "\n")] = '\0';
    return body;
}

/* Ask witness @p w; true when it cosigned. Updates w->size. */
static bool
ask_one(const struct asker *a, txng_log *log, struct witness_cfg *w, const txng_checkpoint *cp,
        const char *note, size_t note_len, size_t text_len)
{
    unsigned char     proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    struct http_reply r;
    char             *req = NULL;
    size_t            n = 0, req_len;
    uint64_t          old = w->size, told;
    bool              size_type, done = false;
    txng_err          err;

    for (int attempt = 0; attempt < 2; attempt++) {
        if (old > cp->size) {
            not_cosigned(a, w, NULL,
                         _("the witness has cosigned size %" PRIu64
                           ", larger than this log's %" PRIu64),
                         old, cp->size);
            return false;
        }
        n   = 0;
        err = old == 0 ? TXNG_OK : txng_log_prove_consistency(log, old, cp->size, proof, &n);
        if (err == TXNG_OK)
            err = txng_witness_request(&req, &req_len, old,
                                       (const unsigned char (*)[TXNG_HASH_BYTES]) proof, n, note,
                                       note_len);
        if (err != TXNG_OK) {
            not_cosigned(a, w, NULL, "%s", reason_of(err));
            return false;
        }
        if (!http_post(a, w, req, req_len, &r, &size_type)) {
            free(req);
            return false;
        }
        free(req);
        req = NULL;
        if (r.status == 409 && size_type && attempt == 0 && r.body != NULL &&
            r.len > 1 && r.body[r.len - 1] == '\n' &&
            txng_dec_parse(r.body, r.len - 1, &told) && told != old) {
            old = told; /* the witness knows another size: prove from there once */
            free(r.body);
            continue;
        }
        if (r.status == 200) {
            int s = store_cosignatures(a, log, w, cp->size, note, text_len, r.body, r.len);

            if (s == 0)
                not_cosigned(a, w, NULL, _("the reply holds no cosignature by %s"),
                             w->key.name);
            done = s == 1;
        } else {
            not_cosigned(a, w, NULL, _("the witness answered %ld: %s"), r.status,
                         first_line(r.body));
        }
        free(r.body);
        break;
    }
    if (done) {
        w->size = cp->size;
        if (!a->after_append)
            printf(_("cosigned by %s at size %" PRIu64 "\n"), w->key.name, cp->size);
    }
    return done;
}

/*
 * Ask the witnesses of DIR; see cli/witness.h. After an append a failure of
 * the list itself (read, checkpoint, write) gets one more line saying that
 * the record is kept.
 */
static int
witness_ask(txng_log *log, const char *dir, bool after_append)
{
    static struct witness_list list; /* 32 lines of 1.2 KiB: off the stack */
    const struct asker         a      = { dir, after_append };
    txng_checkpoint            cp;
    txng_note                 *parsed = NULL;
    txng_diag                  diag   = TXNG_DIAG_INIT;
    char                      *note   = NULL;
    size_t                     note_len = 0, failed = 0;
    bool                       listed = false; /* the list was read and written back */
    txng_err                   err;
    int                        status;

    if ((status = config_read(dir, &list)) != EXIT_DONE)
        goto out;
    if (list.n == 0)
        return EXIT_DONE;
    status = EXIT_FAILED;
    parsed = malloc(sizeof *parsed);
    if (parsed == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        goto out;
    }
    err = txng_log_checkpoint(log, 0, &note, &note_len);
    if (err == TXNG_OK)
        err = txng_note_parse(parsed, note, note_len, &diag);
    if (err == TXNG_OK)
        err = txng_checkpoint_parse(&cp, note, parsed->text_len, &diag);
    if (err != TXNG_OK) {
        cli_report(dir, err, &diag);
        goto out;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (size_t i = 0; i < list.n; i++)
        failed += !ask_one(&a, log, &list.w[i], &cp, note, note_len, parsed->text_len);
    curl_global_cleanup();
    if ((status = config_write(dir, &list)) != EXIT_DONE)
        goto out;
    listed = true;
    if (failed > 0)
        status = EXIT_FAILED; /* each failing witness has said so */
out:
    if (status != EXIT_DONE && !listed && after_append)
        cli_error(NULL,
                  _("witnesses of %s: the witness list failed (the record is kept; run "
                    "'txng witness ask -d %s' later)"),
                  dir, dir);
    free(note);
    free(parsed);
    return status;
}

int
cli_witness_ask(txng_log *log, const char *dir)
{
    return witness_ask(log, dir, true);
}

/* ---- log side commands ---- */

static int
log_add(const struct wopts *o, int argc, char **argv)
{
    static struct witness_list list;
    struct witness_cfg        *w;
    txng_log                  *log = NULL;
    txng_diag                  diag = TXNG_DIAG_INIT;
    txng_pubkey                key;
    int                        status;

    if (argc != 2)
        return cli_usage(&cmd_witness, _("add needs URL and VKEY"));
    if (strncmp(argv[0], "http://", 7) != 0 && strncmp(argv[0], "https://", 8) != 0)
        return cli_usage(&cmd_witness, _("not an http:// or https:// URL: %s"), argv[0]);
    if (strlen(argv[0]) >= sizeof list.w[0].url || strchr(argv[0], ' ') != NULL)
        return cli_usage(&cmd_witness, _("URL too long or with a space: %s"), argv[0]);
    if (txng_witness_key_parse(&key, argv[1], strlen(argv[1]), &diag) != TXNG_OK) {
        cli_report(argv[1], TXNG_EFORMAT, &diag);
        return cli_usage(&cmd_witness, _("give a witness verifier key NAME+ID+KEY (type 0x04)"));
    }
    status = cli_open_log(o->dir, TXNG_LOG_RDONLY, &log); /* only to check it is a log */
    txng_log_close(log);
    if (status != EXIT_DONE)
        return status;
    if ((status = config_read(o->dir, &list)) != EXIT_DONE)
        return status;
    for (size_t i = 0; i < list.n; i++) {
        if (strcmp(list.w[i].key.name, key.name) == 0) {
            cli_error(key.name, _("this witness is already configured"));
            return EXIT_FAILED;
        }
    }
    if (list.n == MAX_WITNESSES) {
        cli_error(o->dir, _("more than %d witnesses"), MAX_WITNESSES);
        return EXIT_FAILED;
    }
    w = &list.w[list.n++];
    memset(w, 0, sizeof *w);
    snprintf(w->url, sizeof w->url, "%s", argv[0]);
    snprintf(w->vkey, sizeof w->vkey, "%s", argv[1]);
    w->key = key;
    if ((status = config_write(o->dir, &list)) == EXIT_DONE)
        printf(_("witness %s at %s\n"), key.name, argv[0]);
    return status;
}

static int
log_ask(const struct wopts *o)
{
    txng_log *log = NULL;
    int       status;

    if ((status = cli_open_log(o->dir, 0, &log)) != EXIT_DONE)
        return status;
    status = witness_ask(log, o->dir, false);
    txng_log_close(log);
    return status;
}

static int
log_list(const struct wopts *o)
{
    static struct witness_list list;
    int                        status;

    if ((status = config_read(o->dir, &list)) != EXIT_DONE)
        return status;
    for (size_t i = 0; i < list.n; i++)
        printf("%s %s %" PRIu64 "\n", list.w[i].url, list.w[i].vkey, list.w[i].size);
    return EXIT_DONE;
}

/* ---- witness side commands ---- */

static int
open_state(const char *dir, bool create, txng_witness **w)
{
    txng_err err = txng_witness_open(w, dir, create);

    if (err == TXNG_ENOTFOUND) {
        cli_error(dir, _("no witness here: run txng witness init first"));
        return EXIT_FAILED;
    }
    if (err != TXNG_OK) {
        cli_report(dir, err, NULL);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

static int
w_init(const struct wopts *o)
{
    txng_signer  *signer = NULL;
    txng_witness *w      = NULL;
    txng_pubkey   key;
    char         *kpath = NULL, *vpath = NULL, *text = NULL, vkey[TXNG_VKEY_MAX + 1];
    size_t        len = 0;
    txng_err      err;
    int           status;

    if (o->name == NULL)
        return cli_usage(&cmd_witness, _("no name: give --name NAME"));
    if (!txng_key_name_valid(o->name))
        return cli_usage(&cmd_witness, _("not a valid key name (no spaces, no '+'): %s"),
                         o->name);
    if (mkdir(o->dir, 0700) != 0 && errno != EEXIST) {
        cli_report(o->dir, TXNG_ESYS, NULL);
        return EXIT_FAILED;
    }
    kpath = path_join(o->dir, TXNG_WITNESS_KEY_FILE);
    vpath = path_join(o->dir, TXNG_WITNESS_VKEY_FILE);
    if (kpath == NULL || vpath == NULL) {
        cli_report(o->dir, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    if (access(kpath, F_OK) == 0) {
        cli_error(kpath, _("a witness already lives here"));
        status = EXIT_FAILED;
        goto out;
    }
    if ((status = cli_new_signer(o->name, &signer)) != EXIT_DONE)
        goto out;
    if ((status = cli_keyfile_text(signer, o->plain, false, o->name, &text, &len)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    txng_witness_key(&key, signer);
    txng_witness_key_format(&key, vkey);
    strcat(vkey, "\n");
    if ((err = cli_write_new_file(kpath, text, len)) != TXNG_OK) {
        cli_report(kpath, err, NULL);
        goto out;
    }
    unlink(vpath);
    if ((err = cli_write_new_file(vpath, vkey, strlen(vkey))) != TXNG_OK) {
        cli_report(vpath, err, NULL);
        unlink(kpath);
        goto out;
    }
    if ((status = open_state(o->dir, true, &w)) != EXIT_DONE) {
        unlink(kpath);
        goto out;
    }
    fputs(vkey, stdout);
    if (o->plain)
        cli_warn_plain(kpath);
out:
    txng_witness_close(w);
    if (text != NULL) {
        sodium_memzero(text, len);
        free(text);
    }
    txng_signer_free(signer);
    free(kpath);
    free(vpath);
    return status;
}

static int
w_add_log(const struct wopts *o, int argc, char **argv)
{
    txng_witness *w = NULL;
    txng_pubkey   key;
    txng_diag     diag = TXNG_DIAG_INIT;
    const char   *origin;
    txng_err      err;
    int           status;

    if (argc != 1)
        return cli_usage(&cmd_witness, _("add-log needs one VKEY"));
    if (txng_pubkey_parse(&key, argv[0], strlen(argv[0]), &diag) != TXNG_OK) {
        cli_report(argv[0], TXNG_EFORMAT, &diag);
        return cli_usage(&cmd_witness, _("give the log's verifier key, as txng init prints"));
    }
    origin = o->origin != NULL ? o->origin : key.name;
    if ((status = open_state(o->dir, false, &w)) != EXIT_DONE)
        return status;
    err = txng_witness_add_log(w, origin, &key);
    if (err == TXNG_EEXIST) {
        cli_error(origin, _("this log is already known"));
        status = EXIT_FAILED;
    } else if (err != TXNG_OK) {
        cli_report(origin, err, NULL);
        status = EXIT_FAILED;
    } else {
        printf(_("trusting %s\n"), origin);
    }
    txng_witness_close(w);
    return status;
}

static txng_err
print_log(void *ctx, const txng_witness_log *log)
{
    char vkey[TXNG_VKEY_MAX];

    (void) ctx;
    txng_pubkey_format(&log->key, vkey);
    printf("%s %" PRIu64 " %s\n", log->origin, log->size, vkey);
    return TXNG_OK;
}

static int
w_list(const struct wopts *o)
{
    txng_witness *w     = NULL;
    char         *vpath = path_join(o->dir, TXNG_WITNESS_VKEY_FILE), *vkey = NULL;
    size_t        len;
    txng_err      err;
    int           status;

    if (vpath == NULL || cli_read_file(vpath, &vkey, &len) != TXNG_OK) {
        free(vpath);
        return log_list(o); /* not a witness folder: the log's witnesses */
    }
    free(vpath);
    if ((status = open_state(o->dir, false, &w)) != EXIT_DONE) {
        free(vkey);
        return status;
    }
    printf("witness %s", vkey);
    free(vkey);
    err = txng_witness_logs(w, print_log, NULL);
    if (err != TXNG_OK) {
        cli_report(o->dir, err, NULL);
        status = EXIT_FAILED;
    }
    txng_witness_close(w);
    return status;
}

/* ---- serve ---- */

struct server {
    txng_witness      *w;
    const txng_signer *signer;
    bool               have_time;
    int64_t            t;
};

struct upload {
    char  *body;
    size_t len;
    bool   too_long;
};

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
          size_t len)
{
    struct MHD_Response *resp;
    enum MHD_Result      ret;

    resp = MHD_create_response_from_buffer(len, (void *) (uintptr_t) body,
                                           MHD_RESPMEM_MUST_COPY);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct server     *srv = cls;
    struct upload     *up  = *con_cls;
    txng_witness_reply reply;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_err           err;
    enum MHD_Result    ret;

    if (up == NULL) {
        web_http_refusal why;

        up = calloc(1, sizeof *up);
        if (up == NULL)
            return MHD_NO;
        *con_cls = up;
        if (!web_http_check(c, url, version, &why)) {
            /* the resolver's checks of the head (web/http.h), answered before the body is
             * read: one line in the reader's language; the connection is then closed */
            char line[300];

            snprintf(line, sizeof line, "%s\n", web_http_text(c, why.reason));
            fprintf(stderr, "%s %u %s\n", method, why.status, why.reason);
            return send_text(c, why.status, "text/plain; charset=utf-8", line, strlen(line));
        }
        return MHD_YES;
    }
    url = web_http_path(url); /* checked above: not NULL */
    if (*upload_size > 0) {
        if (!up->too_long && up->len + *upload_size <= TXNG_WITNESS_BODY_MAX) {
            char *grown = realloc(up->body, up->len + *upload_size);

            if (grown == NULL)
                return MHD_NO;
            up->body = grown;
            memcpy(up->body + up->len, upload_data, *upload_size);
            up->len += *upload_size;
        } else {
            up->too_long = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(url, ADD_CHECKPOINT) != 0)
        return send_text(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", "not found\n", 10);
    if (strcmp(method, "POST") != 0)
        return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                         "use POST\n", 9);
    if (up->too_long)
        return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "text/plain; charset=utf-8",
                         "request is too long\n", 20);
    err = txng_witness_add_checkpoint(srv->w, srv->signer,
                                      (uint64_t) cli_now(srv->have_time, srv->t),
                                      up->body == NULL ? "" : up->body, up->len, &reply, &diag);
    if (err != TXNG_OK) {
        cli_report("add-checkpoint", err, NULL);
        return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
                         "internal error\n", 15);
    }
    fprintf(stderr, "add-checkpoint %d%s%s\n", reply.status, diag.reason != NULL ? " " : "",
            diag.reason != NULL ? _(diag.reason) : "");
    ret = send_text(c, (unsigned) reply.status, reply.content_type, reply.body, reply.body_len);
    free(reply.body);
    return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    struct upload *up = *con_cls;

    (void) cls;
    (void) c;
    (void) t;
    if (up != NULL) {
        free(up->body);
        free(up);
        *con_cls = NULL;
    }
}

/* Parse "HOST:PORT" or "[HOST6]:PORT" into @p ss. */
static bool
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sl)
{
    char        host[64];
    const char *colon = strrchr(s, ':');
    uint64_t    port;
    size_t      hl;

    memset(ss, 0, sizeof *ss);
    if (colon == NULL || !cli_parse_u64(colon + 1, &port) || port > 65535)
        return false;
    hl = (size_t) (colon - s);
    if (hl >= sizeof host)
        return false;
    memcpy(host, s, hl);
    host[hl] = '\0';
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) ss;

        host[hl - 1]  = '\0';
        a->sin6_family = AF_INET6;
        a->sin6_port   = htons((uint16_t) port);
        *sl            = sizeof *a;
        return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *) ss;

        a->sin_family = AF_INET;
        a->sin_port   = htons((uint16_t) port);
        *sl           = sizeof *a;
        return inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host,
                         &a->sin_addr) == 1;
    }
}

static int
w_serve(const struct wopts *o)
{
    struct sockaddr_storage   ss;
    socklen_t                 sl = 0;
    struct server             srv;
    struct MHD_Daemon        *d = NULL;
    const union MHD_DaemonInfo *info;
    txng_signer              *signer = NULL;
    char                     *kpath  = NULL, host[64];
    sigset_t                  set;
    int                       sig, status;
    unsigned                  flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

    if (o->listen == NULL)
        return cli_usage(&cmd_witness, _("no address: give --listen HOST:PORT"));
    if (!parse_listen(o->listen, &ss, &sl))
        return cli_usage(&cmd_witness, _("--listen: not HOST:PORT with a numeric address: %s"),
                         o->listen);
    memset(&srv, 0, sizeof srv);
    if ((kpath = path_join(o->dir, TXNG_WITNESS_KEY_FILE)) == NULL) {
        cli_report(o->dir, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    status = cli_load_signer(NULL, kpath, &signer);
    free(kpath);
    if (status != EXIT_DONE)
        return status;
    if ((status = open_state(o->dir, false, &srv.w)) != EXIT_DONE)
        goto out;
    srv.signer    = signer;
    srv.have_time = o->have_time;
    srv.t         = o->t;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* The server thread inherits this mask: only the main thread takes the signals. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    d = MHD_start_daemon(flags, 0, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *) &ss, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL) {
        cli_error(o->listen, _("cannot listen here"));
        status = EXIT_FAILED;
        goto out;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(host, sizeof host, "%.*s", (int) (strrchr(o->listen, ':') - o->listen), o->listen);
    printf(_("listening on http://%s:%u/\n"), host, info != NULL ? info->port : 0);
    fflush(stdout);
    if (sigwait(&set, &sig) != 0)
        status = EXIT_FAILED;
    MHD_stop_daemon(d);
out:
    txng_witness_close(srv.w);
    txng_signer_free(signer);
    return status;
}

/* ---- dispatch ---- */

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },    { "name", required_argument, NULL, 'N' },
        { "no-passphrase", no_argument, NULL, 'n' }, { "origin", required_argument, NULL, 'o' },
        { "listen", required_argument, NULL, 'l' }, { "time", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
    };
    struct wopts o;
    const char  *sub;
    int          c;

    memset(&o, 0, sizeof o);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:N:no:l:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o.dir = optarg;
            break;
        case 'N':
            o.name = optarg;
            break;
        case 'n':
            o.plain = true;
            break;
        case 'o':
            o.origin = optarg;
            break;
        case 'l':
            o.listen = optarg;
            break;
        case 't':
            if (!cli_parse_time(optarg, &o.t))
                return cli_usage(&cmd_witness, _("--time: not a time: %s"), optarg);
            o.have_time = true;
            break;
        case 'h':
            return cli_help(&cmd_witness, _(options));
        case ':':
            return cli_usage(&cmd_witness, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_witness, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage(&cmd_witness, _("no subcommand: init, add-log, list, serve, add or ask"));
    sub = argv[optind++];
    if ((o.dir = cli_dir(o.dir)) == NULL)
        return cli_usage(&cmd_witness, _("no folder: give -d DIR or set TXNG_DIR"));
    argc -= optind;
    argv += optind;
    if (strcmp(sub, "add") == 0)
        return log_add(&o, argc, argv);
    if (strcmp(sub, "add-log") == 0)
        return w_add_log(&o, argc, argv);
    if (argc > 0)
        return cli_usage(&cmd_witness, _("unexpected argument %s"), argv[0]);
    if (strcmp(sub, "init") == 0)
        return w_init(&o);
    if (strcmp(sub, "list") == 0)
        return w_list(&o);
    if (strcmp(sub, "serve") == 0)
        return w_serve(&o);
    if (strcmp(sub, "ask") == 0)
        return log_ask(&o);
    return cli_usage(&cmd_witness, _("unknown subcommand %s"), sub);
}

const struct command cmd_witness = {
    "witness",
    run,
    "witness init|add-log|list|serve|add|ask -d DIR ...",
    N_("cosign checkpoints of logs (C2SP tlog-witness)"),
};
