/*
 * server.c - txng serve: HTTP front (libmicrohttpd), routing, limits, the
 * resolver's Digital Link routes, the JSON API and the group-commit writer
 *
 * Threads. libmicrohttpd runs a pool of worker threads, each with its own
 * epoll loop. Each worker borrows one read-only log handle of its own (a
 * slot); the handles are all opened before the first request, because LMDB
 * must not open an environment in a process that already uses it while
 * read transactions are live (it resets the shared lock table), and they are
 * closed only at exit (closing one releases the process's file locks). With
 * --write one more handle belongs to the writer thread, which takes every
 * queued request at once and appends all their events in one
 * txng_log_append_once() (one LMDB commit, one fsync, one checkpoint): group
 * commit. Requests waiting for it are suspended, not blocking a worker.
 *
 * Caching. What a Digital Link resolves to (the bundle, the server's own
 * verification of it, the pages in both languages, the linkset) depends only
 * on the identifier and the log size, so it is built once per size and kept
 * in a small table; only the scan box and the label check are made per
 * request and put in at a marker.
 *
 * Parsing. The request path is taken raw (the unescape callback does
 * nothing): a Digital Link is parsed by core/gs1 and qr/label from the exact
 * bytes, so %2F in a serial stays one segment, and no path ever reaches the
 * file system: static files are looked up by name in the compiled-in table.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/bundle.h"
#include "core/claim.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/media.h"
#include "core/record.h"
#include "core/rules.h"
#include "core/stamp.h"
#include "core/tiles.h"
#include "core/trace.h"
#include "qr/label.h"
#include "web/assets.h"
#include "web/http.h"
#include "web/internal.h"

#define CACHE_SLOTS 512
#define RL_SLOTS    4096
#define CLAIM_CLIENTS 4096 /* clients whose wrong claim codes are counted (budget.c) */
#define BATCH_MAX   1024
#define DYN_MARK    "<!--txng:dynamic-->"

#define CSP                                                                                       \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "            \
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* ---- server state ---- */

struct slot {
    pthread_mutex_t mu;
    txng_log       *log;
};

/* What one Digital Link resolves to at one log size. */
struct res {
    atomic_int refs;
    char       key[TXNG_GS1_URI_MAX + 8];
    uint64_t   size;
    int        level; /* 0 as asked, 1 lot, 2 product */
    char       resolved[TXNG_GS1_URI_MAX];
    char       path[TXNG_GS1_URI_MAX]; /* the resolver path that leads to it */
    bool       is_class;
    char      *bundle;
    size_t     bundle_len;
    bool       verified;
    char       verify_msg[300];
    char      *html[2];
    size_t     html_len[2];
    char      *linkset;
    size_t     linkset_len;
    uint64_t  *idx;
    size_t     nidx;
    txng_claim_info claim;
    bool       has_claim;
};

enum job_kind { JOB_EVENTS, JOB_CLAIM };

struct job {
    struct job            *next;
    enum job_kind          kind;
    struct MHD_Connection *con;
    json_t                *events; /* array of signed events */
    char                   unit[TXNG_GS1_URI_MAX];
    char                   code[TXNG_CLAIM_CODE_LEN + 1];
    /* results */
    bool                   done;
    txng_err               err;
    txng_diag              diag;
    uint64_t               first; /* the log's size before the append */
    uint64_t              *at;    /* per event: its record, new or held already */
    txng_claim_outcome     outcome;
    int64_t                now;         /* the claim's time, the "recorded" time of its record */
    int64_t                retry_at;    /* info.retry_at of the unit after the claim; 0: none */
    bool                   claimed;     /* the unit is claimed (info.claimed after the claim) */
    uint64_t               claim_index; /* then its claim record */
    char                   claimed_at[40]; /* and that record's eventTime */
    uint64_t               unknown;     /* claims counted in claims-unknown, this one included */
    txng_err               unknown_err; /* TXNG_OK, or the file could not count this one */
    char                   unknown_why[160]; /* then why, for the answer */
    bool                   charged; /* took a wrong code of its client's budget (budget.c) */
};

struct bucket {
    uint64_t addr_hash;
    double   tokens;
    double   at;
};

struct server {
    txng_web_config    cfg;
    struct MHD_Daemon *d;
    struct slot       *slots;
    unsigned           nslots;
    atomic_uint        next_slot;
    txng_log          *wlog;
    web_scans         *scans;
    pthread_mutex_t    media_mu;
    txng_media        *media; /* opened on first use, kept to the end: see media() */
    txng_pubkey        pub;
    char               origin[TXNG_ORIGIN_MAX + 1];
    char               vkey[TXNG_VKEY_MAX];
    char               fpr[40];
    char               base[512];
    char               prefix[512]; /* the path of base: "" or "/trace" */

    pthread_mutex_t rl_mu;
    struct bucket  *rl;
    web_budget     *budget; /* wrong claim codes per client; NULL: no limit */
    pthread_mutex_t over_mu; /* one claim of a client over its budget checked at a time */

    pthread_mutex_t cache_mu;
    struct res     *cache[CACHE_SLOTS];

    pthread_t       writer;
    bool            writer_started;
    pthread_mutex_t wmu;
    pthread_cond_t  wcv;
    struct job     *queue, **queue_tail;
    bool            wstop;

    atomic_int    inflight;
    atomic_bool   stopping; /* SIGTERM: draining, every answer closes its connection */
    atomic_ullong served;

    pthread_mutex_t conn_mu;
    struct conn    *conns;
};

/*
 * One open connection, for the deadline on receiving a request (slowloris):
 * libmicrohttpd's timeout is an idle timeout, which a client sending one
 * byte a second never reaches. The main loop shuts down the socket of a
 * connection past its deadline; libmicrohttpd then sees the end of the
 * stream and closes it. Entries are unlinked under conn_mu by the CLOSED
 * notification, which comes before libmicrohttpd closes the descriptor, so
 * the loop never shuts down a descriptor number already reused.
 */
struct conn {
    struct conn *next, *prev;
    int          fd;
    double       deadline; /* monotonic seconds; 0 while no request is being received */
    bool         killed;
    bool         nul_in_line; /* the request line being handled holds a NUL byte */
    bool         long_uri;    /* its target is longer than URI_LIMIT */
};

/*
 * Limits of the request head, checked here so that the refusals (414, 431)
 * carry the headers and text of every other answer. libmicrohttpd gets
 * HEAD_ROOM times cfg.header_max of memory per connection, so only heads
 * beyond that meet its own bare refusal.
 */
#define URI_LIMIT 8192
#define HEAD_ROOM 4

/* One request. */
struct req {
    struct server *s;
    double         t0;
    char           method[8];
    char          *path;
    int            status;
    char           client[64]; /* the address, as logged */
    char           limit[64];  /* what the limits count it by (limit_key()) */
    web_buf        body;
    bool           too_big;
    bool           limited;
    bool           started;   /* the handler has been called (uri_seen() made it before) */
    bool           vary;      /* the answer is negotiated: Vary: Accept, Accept-Language */
    bool           vary_lang; /* a page in the reader's language: Vary: Accept-Language */
    const char    *allow; /* the methods of the route, for a 405 */
    struct job    *job;
    char           retry_after[24]; /* Retry-After of a 429, in seconds; "" for "1" */
    int            lang;            /* a claim form's lang field (enum web_lang), -1 when none */
};

static _Thread_local int tl_slot = -1;

static double
now_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int64_t
now_wall(void)
{
    return (int64_t) time(NULL);
}

static void
logline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
logline(const char *fmt, ...)
{
    char      line[1024];
    char      ts[32];
    va_list   ap;
    int       n;
    time_t    t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    n = snprintf(line, sizeof line, "txng serve: %s ", ts);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t) n - 1, fmt, ap);
    va_end(ap);
    n = (int) strlen(line);
    line[n++] = '\n';
    if (write(STDERR_FILENO, line, (size_t) n) < 0) {
        return;
    }
}

static struct slot *
slot_take(struct server *s)
{
    if (tl_slot < 0) {
        tl_slot = (int) (atomic_fetch_add(&s->next_slot, 1) % s->nslots);
    }
    pthread_mutex_lock(&s->slots[tl_slot].mu);
    return &s->slots[tl_slot];
}

static void
slot_give(struct slot *sl)
{
    pthread_mutex_unlock(&sl->mu);
}

/* ---- responses ---- */

/* Queue @p resp as the answer to @p r with @p status; while the server stops, the
 * connection closes after it (a kept-alive client sends nothing more into the drain). */
static enum MHD_Result
queue(struct req *r, struct MHD_Connection *c, int status, struct MHD_Response *resp)
{
    if (atomic_load(&r->s->stopping)) {
        MHD_add_response_header(resp, "Connection", "close");
    }
    r->status = status;
    return MHD_queue_response(c, (unsigned) status, resp);
}

static enum MHD_Result
send_bytes(struct req *r, struct MHD_Connection *c, int status, const char *type,
           const void *data, size_t len, const char *cache, bool cors)
{
    struct MHD_Response *resp;
    enum MHD_Result      ret;

    resp = MHD_create_response_from_buffer(len, (void *) (uintptr_t) data, MHD_RESPMEM_MUST_COPY);
    if (resp == NULL) {
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", cache ? cache : "no-store");
    if (cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    }
    if (status == MHD_HTTP_TOO_MANY_REQUESTS) {
        MHD_add_response_header(resp, "Retry-After",
                                r->retry_after[0] != '\0' ? r->retry_after : "1");
    }
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED) {
        MHD_add_response_header(resp, "Allow", r->allow ? r->allow : "GET, HEAD, POST");
    }
    if (r->vary) {
        MHD_add_response_header(resp, "Vary", "Accept, Accept-Language");
    } else if (r->vary_lang) {
        MHD_add_response_header(resp, "Vary", "Accept-Language");
    }
    ret = queue(r, c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void
add_common(struct MHD_Response *resp, bool html, const char *cache, bool cors)
{
    if (html) {
        MHD_add_response_header(resp, "Content-Security-Policy", CSP);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", cache ? cache : "no-store");
    if (cors) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    }
}

static void res_unref(struct res *x);

static void
res_release(void *cls)
{
    res_unref(cls);
}

/* The bundle of @p x without a copy: the response holds a reference to @p x. */
static enum MHD_Result
send_res_bundle(struct req *r, struct MHD_Connection *c, struct res *x)
{
    struct MHD_Response *resp;
    enum MHD_Result      ret;

    atomic_fetch_add(&x->refs, 1);
    resp = MHD_create_response_from_buffer_with_free_callback_cls(x->bundle_len, x->bundle,
                                                                  res_release, x);
    if (resp == NULL) {
        res_unref(x);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/vnd.txng.bundle");
    MHD_add_response_header(resp, "Vary", "Accept, Accept-Language");
    add_common(resp, false, "no-cache", true);
    ret = queue(r, c, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result
send_buf(struct req *r, struct MHD_Connection *c, int status, const char *type, web_buf *b,
         const char *cache, bool cors)
{
    enum MHD_Result ret;

    if (b->failed) {
        web_buf_free(b);
        return send_bytes(r, c, 500, "text/plain; charset=utf-8", "out of memory\n", 14, NULL,
                          false);
    }
    ret = send_bytes(r, c, status, type, b->p ? b->p : "", b->len, cache, cors);
    web_buf_free(b);
    return ret;
}

static enum MHD_Result
send_json(struct req *r, struct MHD_Connection *c, int status, json_t *j, const char *cache)
{
    char           *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII * 0);
    enum MHD_Result ret;

    json_decref(j);
    if (text == NULL) {
        return send_bytes(r, c, 500, "text/plain; charset=utf-8", "out of memory\n", 14, NULL,
                          false);
    }
    ret = send_bytes(r, c, status, "application/json", text, strlen(text), cache, true);
    free(text);
    return ret;
}

/* A JSON error {"error": status, "reason": "...", "field": "..."} */
static enum MHD_Result
send_json_error(struct req *r, struct MHD_Connection *c, int status, const char *reason,
                const char *field)
{
    json_t *j = json_pack("{s:i,s:s}", "error", status, "reason", reason ? reason : "error");

    if (j != NULL && field != NULL && field[0] != '\0') {
        json_object_set_new(j, "field", json_string(field));
    }
    if (j == NULL) {
        return MHD_NO;
    }
    return send_json(r, c, status, j, NULL);
}

static enum MHD_Result
send_page_error(struct req *r, struct MHD_Connection *c, enum web_lang lang, int status,
                const char *title, const char *msg, const char *detail)
{
    web_buf b = {0};

    web_page_message(&b, lang, status, title, msg, detail);
    return send_buf(r, c, status, "text/html; charset=utf-8", &b, NULL, false);
}

/* The 400 page of a Digital Link that txng_label_parse() or txng_gs1_dl_parse() refused:
 * "field: reason", each translated, the field only when the diag names one. The detail is
 * built in a growing buffer, so a long translation is never cut (a fixed buffer cut it in the
 * middle of a UTF-8 sequence). */
static enum MHD_Result
send_dl_malformed(struct req *r, struct MHD_Connection *c, enum web_lang lang,
                  const txng_diag *diag)
{
    web_buf         d = {0};
    enum MHD_Result ret;

    if (diag->field[0] != '\0') {
        web_buf_str(&d, web_tr(lang, diag->field));
        web_buf_str(&d, ": ");
    }
    web_buf_str(&d, web_tr(lang, diag->reason != NULL ? diag->reason : "malformed"));
    if (d.failed) {
        web_buf_free(&d);
        return MHD_NO;
    }
    ret = send_page_error(r, c, lang, 400, "Malformed Digital Link",
                          "The link does not follow the GS1 Digital Link rules.", d.p);
    web_buf_free(&d);
    return ret;
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* ---- rate limits ---- */

static bool
rate_ok(struct server *s, const char *client)
{
    uint64_t       h = 0xcbf29ce484222325u;
    struct bucket *b;
    double         t = now_mono();
    bool           ok;

    if (s->cfg.rate == UINT_MAX) {
        return true;
    }
    for (const char *p = client; *p; p++) {
        h = (h ^ (unsigned char) *p) * 0x100000001b3u;
    }
    pthread_mutex_lock(&s->rl_mu);
    b = &s->rl[h % RL_SLOTS];
    if (b->addr_hash != h) {
        b->addr_hash = h;
        b->tokens    = s->cfg.burst;
        b->at        = t;
    }
    b->tokens += (t - b->at) * s->cfg.rate;
    if (b->tokens > s->cfg.burst) {
        b->tokens = s->cfg.burst;
    }
    b->at = t;
    ok    = b->tokens >= 1.0;
    if (ok) {
        b->tokens -= 1.0;
    }
    pthread_mutex_unlock(&s->rl_mu);
    return ok;
}

static void
client_addr(struct server *s, struct MHD_Connection *c, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char                     *xff;

    snprintf(out, cap, "?");
    if (s->cfg.trust_proxy && (xff = header(c, "X-Forwarded-For")) != NULL) {
        size_t n = strcspn(xff, ", ");

        if (n > 0 && n < cap) {
            memcpy(out, xff, n);
            out[n] = '\0';
            return;
        }
    }
    if (ci == NULL || ci->client_addr == NULL) {
        return;
    }
    if (ci->client_addr->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *) (const void *) ci->client_addr)->sin_addr,
                  out, (socklen_t) cap);
    } else if (ci->client_addr->sa_family == AF_INET6) {
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *) (const void *) ci->client_addr)->sin6_addr, out,
                  (socklen_t) cap);
    }
}

/*
 * What the rate limit and the wrong-code budget count client @p addr by: an
 * IPv4 address as it is (an IPv4-mapped IPv6 one too); an IPv6 address by its
 * /64, the prefix of one network (RFC 4291 §2.5.1): one host may take any of
 * its 2^64 addresses, and would otherwise get a budget with each. Anything
 * else (a proxy's header that is no address) as it came.
 */
static void
limit_key(const char *addr, char *out, size_t cap)
{
    struct in6_addr a6;
    struct in_addr  a4;
    char            p[INET6_ADDRSTRLEN];

    if (inet_pton(AF_INET6, addr, &a6) != 1) {
        snprintf(out, cap, "%s", addr);
    } else if (IN6_IS_ADDR_V4MAPPED(&a6)) {
        memcpy(&a4, &a6.s6_addr[12], sizeof a4);
        if (inet_ntop(AF_INET, &a4, p, sizeof p) == NULL) {
            p[0] = '\0';
        }
        snprintf(out, cap, "%s", p);
    } else {
        memset(&a6.s6_addr[8], 0, 8);
        if (inet_ntop(AF_INET6, &a6, p, sizeof p) == NULL) {
            p[0] = '\0';
        }
        snprintf(out, cap, "%s/64", p);
    }
}

/* Coarse region from the proxy: two to seven letters, digits or '-', upper-cased. */
static void
client_region(struct server *s, struct MHD_Connection *c, char out[8])
{
    const char *v = NULL;
    size_t      n = 0;

    out[0] = '\0';
    if (!s->cfg.trust_proxy) {
        return;
    }
    v = header(c, "X-Region");
    if (v == NULL) {
        v = header(c, "CF-IPCountry");
    }
    if (v == NULL) {
        return;
    }
    for (; v[n] != '\0' && n < 7; n++) {
        char ch = v[n];

        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-')) {
            out[0] = '\0';
            return;
        }
        out[n] = (char) (ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    }
    out[n] = '\0';
    if (v[n] != '\0' || n < 2) {
        out[0] = '\0';
    }
}

/* ---- query parameters ---- */

#define QMAX 16

struct query {
    size_t      n;
    const char *k[QMAX];
    const char *v[QMAX];
    bool        overflow;
};

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct query *q = cls;

    (void) kind;
    if (q->n == QMAX) {
        q->overflow = true;
        return MHD_NO;
    }
    q->k[q->n]   = key;
    q->v[q->n++] = value ? value : "";
    return MHD_YES;
}

static const char *
qget(const struct query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++) {
        if (strcmp(q->k[i], key) == 0) {
            return q->v[i];
        }
    }
    return NULL;
}

/* Why a parameter is refused (JSON reasons and claim refusals; translated on pages). */
#define Q_PCT  "bad percent-encoding: a % must be followed by two hexadecimal digits"
#define Q_TEXT "a parameter holds a character that is not allowed"
#define Q_LONG "too long"

/*
 * Decode a raw query or form value into @p out: NULL, or why not: Q_PCT when a % does not
 * start an escape of two hexadecimal digits (txng_gs1_uri_unescape() keeps such a % as it is,
 * which would let "%2" pass as text), Q_TEXT when the decoded bytes are not UTF-8 text without
 * control characters (a NUL included), Q_LONG when @p cap is too small.
 */
static const char *
qdecode_why(const char *raw, char *out, size_t cap)
{
    size_t n;

    for (const char *p = strchr(raw, '%'); p != NULL; p = strchr(p + 1, '%')) {
        if (!isxdigit((unsigned char) p[1]) || !isxdigit((unsigned char) p[2])) {
            return Q_PCT;
        }
    }
    if (strlen(raw) + 1 > cap || txng_gs1_uri_unescape(out, cap, &n, raw, strlen(raw), true) != TXNG_OK) {
        return Q_LONG;
    }
    if (strlen(out) != n) {
        return Q_TEXT; /* a NUL byte */
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char) out[i] < 0x20 || out[i] == 0x7f) {
            return Q_TEXT;
        }
    }
    {
        /* UTF-8 check */
        const unsigned char *p = (const unsigned char *) out;
        size_t               i = 0;

        while (i < n) {
            unsigned c = p[i], len, cp;

            if (c < 0x80) {
                i++;
                continue;
            }
            if ((c & 0xe0) == 0xc0) {
                len = 2, cp = c & 0x1f;
            } else if ((c & 0xf0) == 0xe0) {
                len = 3, cp = c & 0x0f;
            } else if ((c & 0xf8) == 0xf0) {
                len = 4, cp = c & 0x07;
            } else {
                return Q_TEXT;
            }
            if (i + len > n) {
                return Q_TEXT;
            }
            for (unsigned j = 1; j < len; j++) {
                if ((p[i + j] & 0xc0) != 0x80) {
                    return Q_TEXT;
                }
                cp = (cp << 6) | (p[i + j] & 0x3f);
            }
            if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return Q_TEXT;
            }
            i += len;
        }
    }
    return NULL;
}

/* Decode a raw query value into @p out; false when qdecode_why() refuses it. */
static bool
qdecode(const char *raw, char *out, size_t cap)
{
    return qdecode_why(raw, out, cap) == NULL;
}

static enum web_lang
pick_lang(struct MHD_Connection *c, const struct query *q)
{
    const char *l = q ? qget(q, "lang") : NULL;
    const char *al;

    if (l != NULL) {
        char dec[8];

        if (qdecode(l, dec, sizeof dec) && (strcmp(dec, "en") == 0 || strcmp(dec, "vi") == 0)) {
            return strcmp(dec, "en") == 0 ? WEB_EN : WEB_VI;
        }
        /* a lang that is neither: its refusal comes in the browser's language */
    }
    al = header(c, "Accept-Language");
    if (al != NULL && strncmp(al, "en", 2) == 0) {
        return WEB_EN;
    }
    return WEB_VI;
}

/* Whether the media range's parameters [p, end) hold q=0 (0, 0.0, 0.00 or 0.000): "not
 * acceptable" (RFC 9110 12.4.2). */
static bool
q_zero(const char *p, const char *end)
{
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t) (end - p));
        const char *e    = semi ? semi : end;

        while (p < e && (*p == ' ' || *p == '\t')) {
            p++;
        }
        if (e - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            const char *v = p + 2;
            size_t      n = (size_t) (e - v);

            while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) {
                n--;
            }
            if (n >= 1 && v[0] == '0' && (n == 1 || (v[1] == '.' && strspn(v + 2, "0") >= n - 2))) {
                return true;
            }
        }
        p = semi ? semi + 1 : end;
    }
    return false;
}

/* Whether the Accept header names @p type (exactly, case-insensitive) with a weight above 0. */
static bool
accepts(struct MHD_Connection *c, const char *type)
{
    const char *a = header(c, "Accept");
    size_t      tl = strlen(type);

    while (a != NULL && *a) {
        size_t n, m;

        while (*a == ' ' || *a == '\t' || *a == ',') {
            a++;
        }
        n = strcspn(a, ",;");
        m = strcspn(a, ",");
        while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t')) {
            n--;
        }
        if (n == tl && strncasecmp(a, type, tl) == 0 && !q_zero(a + strcspn(a, ",;"), a + m)) {
            return true;
        }
        a += m;
    }
    return false;
}

/* Whether an If-None-Match header matches @p etag (a strong tag "..."): weak comparison
 * (RFC 9110 13.1.2), so W/"x" matches "x"; a list matches when one member does; "*" matches. */
static bool
etag_match(const char *inm, const char *etag)
{
    size_t el = strlen(etag);

    while (inm != NULL && *inm) {
        size_t n;

        while (*inm == ' ' || *inm == '\t' || *inm == ',') {
            inm++;
        }
        n = strcspn(inm, ",");
        while (n > 0 && (inm[n - 1] == ' ' || inm[n - 1] == '\t')) {
            n--;
        }
        if (n == 1 && inm[0] == '*') {
            return true;
        }
        if (n >= 2 && inm[0] == 'W' && inm[1] == '/') {
            inm += 2;
            n -= 2;
        }
        if (n == el && memcmp(inm, etag, el) == 0) {
            return true;
        }
        inm += strcspn(inm, ",");
    }
    return false;
}

/* ---- the cache ---- */

static void
res_unref(struct res *x)
{
    if (x == NULL || atomic_fetch_sub(&x->refs, 1) != 1) {
        return;
    }
    free(x->bundle);
    free(x->html[0]);
    free(x->html[1]);
    free(x->linkset);
    free(x->idx);
    free(x);
}

static uint64_t
strhash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (; *s; s++) {
        h = (h ^ (unsigned char) *s) * 0x100000001b3u;
    }
    return h;
}

static struct res *
cache_get(struct server *s, const char *key, uint64_t size)
{
    struct res *x;

    pthread_mutex_lock(&s->cache_mu);
    x = s->cache[strhash(key) % CACHE_SLOTS];
    if (x != NULL && (x->size != size || strcmp(x->key, key) != 0)) {
        x = NULL;
    }
    if (x != NULL) {
        atomic_fetch_add(&x->refs, 1);
    }
    pthread_mutex_unlock(&s->cache_mu);
    return x;
}

static void
cache_put(struct server *s, struct res *x)
{
    struct res **slot;
    struct res  *old;

    atomic_fetch_add(&x->refs, 1);
    pthread_mutex_lock(&s->cache_mu);
    slot  = &s->cache[strhash(x->key) % CACHE_SLOTS];
    old   = *slot;
    *slot = x;
    pthread_mutex_unlock(&s->cache_mu);
    res_unref(old);
}

/* ---- reading master data and records ---- */

static json_t *
record_json(txng_log *log, uint64_t index)
{
    char        *bytes = NULL;
    size_t       len   = 0;
    json_t      *j;
    json_error_t e;

    if (txng_log_get(log, index, &bytes, &len) != TXNG_OK) {
        return NULL;
    }
    j = json_loadb(bytes, len, 0, &e);
    free(bytes);
    return j;
}

/* The newest master data event of @p kind whose "id" is @p id (new reference), or NULL. */
static json_t *
master(txng_log *log, txng_gs1_kind kind, const char *id)
{
    char            code[TXNG_GS1_URI_MAX];
    int             k;
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    json_t         *found = NULL;

    if (id == NULL || !txng_index_id_code(id, strlen(id), &k, code, sizeof code)) {
        return NULL;
    }
    if (txng_index_find_name(log, kind, code, strlen(code), &hits, &n) != TXNG_OK) {
        return NULL;
    }
    for (size_t i = n; i-- > 0 && found == NULL;) {
        json_t *rec, *ev;

        if (hits[i].role != TXNG_ROLE_CODE) {
            continue;
        }
        rec = record_json(log, hits[i].index);
        ev  = json_object_get(rec, "event");
        if (ev != NULL && json_is_string(json_object_get(ev, "id")) &&
            strcmp(json_string_value(json_object_get(ev, "id")), id) == 0) {
            found = json_incref(ev);
        }
        json_decref(rec);
    }
    free(hits);
    return found;
}

static const char *
jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * What the page says of record @p index, whose event is @p ev, being declared
 * wrong (txng_index_declared_wrong()): [{"index", "reason", "replacedBy"?}], one
 * per declaration not itself declared wrong (undone); NULL when none holds.
 */
static json_t *
corrections_of(txng_log *log, uint64_t index, const json_t *ev)
{
    uint64_t *by = NULL;
    size_t    n  = 0;
    json_t   *out = NULL;

    if (txng_index_declared_wrong(log, index, ev, &by, &n) != TXNG_OK) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t       *rec   = record_json(log, by[i]);
        const json_t *cev   = txng_index_unwrap(json_object_get(rec, "event"), NULL);
        const char   *why   = jstr(json_object_get(cev, "errorDeclaration"), "reason");
        uint64_t     *undo  = NULL, rep = 0;
        size_t        nundo = 0;
        bool          found = false;
        json_t       *c;

        if (rec != NULL && txng_index_declared_wrong(log, by[i], cev, &undo, &nundo) == TXNG_OK &&
            nundo == 0 && (out != NULL || (out = json_array()) != NULL) &&
            (c = json_pack("{s:I,s:s}", "index", (json_int_t) by[i], "reason", why ? why : "")) !=
                NULL) {
            if (txng_index_replacement(log, by[i], &rep, &found) == TXNG_OK && found) {
                json_object_set_new(c, "replacedBy", json_integer((json_int_t) rep));
            }
            json_array_append_new(out, c);
        }
        free(undo);
        json_decref(rec);
    }
    free(by);
    return out;
}

/* ---- building what a Digital Link resolves to ---- */

static txng_err
mem_write(void *ctx, const void *data, size_t len)
{
    web_buf *b = ctx;

    web_buf_add(b, data, len);
    return b->failed ? TXNG_ENOMEM : TXNG_OK;
}

static void
add_place(txng_log *log, json_t *places, json_t *parties, const char *id)
{
    json_t     *pl;
    const char *party;

    if (id == NULL || json_object_get(places, id) != NULL) {
        return;
    }
    pl = master(log, TXNG_GS1_KIND_PLACE, id);
    if (pl == NULL) {
        return;
    }
    json_object_set_new(places, id, pl);
    party = jstr(pl, "party");
    if (party != NULL && json_object_get(parties, party) == NULL) {
        json_t *pa = master(log, TXNG_GS1_KIND_PARTY, party);

        if (pa != NULL) {
            json_object_set_new(parties, party, pa);
        }
    }
}

/* An event of the timeline with its time in UTC, for sorting. */
struct timed {
    json_t *e;     /* {"index", "event", ...} */
    int64_t t, ix; /* eventTime as seconds since the epoch (0 without one), record index */
};

static int
cmp_timed(const void *a, const void *b)
{
    const struct timed *x = a, *y = b;

    if (x->t != y->t) {
        return x->t < y->t ? -1 : 1;
    }
    return x->ix < y->ix ? -1 : x->ix > y->ix;
}

/* Sort the timeline @p events by event time in UTC, then record index. */
static void
sort_by_time(json_t *events)
{
    size_t        n = json_array_size(events);
    struct timed *v = n ? malloc(n * sizeof *v) : NULL;

    if (v == NULL) {
        return; /* left in record order */
    }
    for (size_t i = 0; i < n; i++) {
        json_t     *e    = json_array_get(events, i);
        const char *when = jstr(json_object_get(e, "event"), "eventTime");

        v[i].e  = json_incref(e);
        v[i].ix = json_integer_value(json_object_get(e, "index"));
        if (when == NULL || txng_event_time_parse(when, NULL, NULL, &v[i].t, NULL) != TXNG_OK) {
            v[i].t = 0;
        }
    }
    qsort(v, n, sizeof *v, cmp_timed);
    json_array_clear(events);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(events, v[i].e);
    }
    free(v);
}

static void
build_linkset(struct server *s, struct res *x)
{
    json_t *anchor, *ls, *arr;
    char    href[1200];
    char   *text;

    anchor = json_object();
    if (anchor == NULL) {
        return;
    }
    json_object_set_new(anchor, "anchor", json_string(x->resolved));
    snprintf(href, sizeof href, "%s%s", s->base, x->path);
    arr = json_array();
    json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:[s,s]}", "href", href, "title",
                                         "Trang truy xuất nguồn gốc / Traceability page", "type",
                                         "text/html", "hreflang", "vi", "en"));
    json_object_set_new(anchor, "https://gs1.org/voc/defaultLink", arr);
    json_object_set_new(anchor, "https://gs1.org/voc/pip", json_deep_copy(arr));
    if (x->bundle != NULL) {
        char h2[1300];

        snprintf(h2, sizeof h2, "%s?linkType=gs1:traceability", href);
        json_object_set_new(anchor, "https://gs1.org/voc/traceability",
                            json_pack("[{s:s,s:s,s:s}]", "href", h2, "title",
                                      "txng bundle: records with their proof",
                                      "type", "application/vnd.txng.bundle"));
    }
    if (s->cfg.epcis != NULL && x->nidx > 0) {
        char h3[1300];

        snprintf(h3, sizeof h3, "%s?linkType=gs1:epcis", href);
        json_object_set_new(anchor, "https://gs1.org/voc/epcis",
                            json_pack("[{s:s,s:s,s:s}]", "href", h3, "title",
                                      "EPCIS 2.0 events", "type", "application/ld+json"));
    }
    ls   = json_pack("{s:[o]}", "linkset", anchor);
    text = ls ? json_dumps(ls, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(ls);
    if (text != NULL) {
        x->linkset     = text;
        x->linkset_len = strlen(text);
    }
}

/*
 * The log's image store, opened on first use (`txng media add` or
 * `product add --image FILE` may create it after the server started) and
 * then kept: LMDB must not open one environment twice in a process.
 */
static txng_media *
media(struct server *s)
{
    txng_media *m;

    pthread_mutex_lock(&s->media_mu);
    if (s->media == NULL && txng_media_open(&s->media, s->cfg.dir, true) != TXNG_OK) {
        s->media = NULL;
    }
    m = s->media;
    pthread_mutex_unlock(&s->media_mu);
    return m;
}

/*
 * Does the store hold the image whose SHA-256 is the hex string @p hex? If
 * so, @p out gets the hash in lower-case hex, the form of its /media/ address.
 */
static bool
media_held(struct server *s, const char *hex, char out[2 * TXNG_HASH_BYTES + 1])
{
    unsigned char  h[TXNG_HASH_BYTES];
    unsigned char *data = NULL;
    size_t         len  = 0;
    txng_media    *m    = media(s);
    bool           held;

    if (m == NULL || hex == NULL || strlen(hex) != 2 * TXNG_HASH_BYTES ||
        txng_hex_decode(h, sizeof h, hex, strlen(hex)) != TXNG_OK) {
        return false;
    }
    held = txng_media_get(m, h, &data, &len, NULL) == TXNG_OK;
    free(data);
    if (held) {
        txng_hex_encode(out, h, sizeof h);
    }
    return held;
}

/*
 * Resolve canonical identifier @p id (already known to exist) at log size
 * @p size into a new struct res: bundle, server verification, pages.
 */
static void vn_time(char out[32], int64_t t);

static struct res *
build_res(struct server *s, txng_log *log, const char *key, const char *requested, const char *id,
          const char *at, int level, uint64_t size, uint64_t product_index)
{
    struct res        *x = calloc(1, sizeof *x);
    txng_bundle_sel    sel;
    txng_diag          diag = TXNG_DIAG_INIT;
    web_buf            bb   = {0};
    txng_err           err;
    json_t            *events = json_array(), *places = json_object(), *parties = json_object();
    json_t            *certs = json_array(), *product = NULL, *producer = NULL;
    txng_gs1_id        gid;
    txng_gs1_code      lot;
    bool               unit_or_lot = false;
    txng_diag          d2 = TXNG_DIAG_INIT;
    web_page_in        in;
    char               image[2 * TXNG_HASH_BYTES + 1], claim_wait[32];

    if (x == NULL || events == NULL || places == NULL || parties == NULL || certs == NULL) {
        free(x);
        x = NULL;
        goto out;
    }
    atomic_init(&x->refs, 1);
    snprintf(x->key, sizeof x->key, "%s", key);
    snprintf(x->resolved, sizeof x->resolved, "%s", id);
    /* relative to this resolver: the canonical Digital Link without its stem */
    snprintf(x->path, sizeof x->path, "%s",
             at + (strncmp(at, TXNG_GS1_CANONICAL_STEM, strlen(TXNG_GS1_CANONICAL_STEM)) == 0
                       ? strlen(TXNG_GS1_CANONICAL_STEM)
                       : 0));
    x->size     = size;
    x->level    = level;
    x->is_class = txng_index_is_class(id, strlen(id));

    /* the bundle */
    memset(&sel, 0, sizeof sel);
    if (level == 2) {
        sel.kind = TXNG_BUNDLE_INDEX;
        sel.idx  = &product_index;
        sel.nidx = 1;
    } else {
        txng_gs1_id   g;
        txng_gs1_code u;
        txng_diag     d3 = TXNG_DIAG_INIT;

        sel.kind = TXNG_BUNDLE_UNIT;
        if ((txng_gs1_dl_parse(&g, id, strlen(id), 0, &d3) == TXNG_OK &&
             g.key == TXNG_GS1_KEY_GTIN && g.lot[0] != '\0' && g.serial[0] == '\0') ||
            (txng_gs1_code_parse(&u, id, strlen(id), NULL) == TXNG_OK &&
             u.kind == TXNG_GS1_KIND_LOT)) {
            sel.kind = TXNG_BUNDLE_LOT;
        }
        sel.id = id;
    }
    err = txng_bundle_select(log, &sel, &x->idx, &x->nidx, &diag);
    if (err == TXNG_OK) {
        err = txng_bundle_write(log, &sel, x->idx, x->nidx, NULL, mem_write, &bb);
    }
    if (err == TXNG_OK && !bb.failed) {
        txng_bundle_mem    m   = {bb.p, bb.len, 0};
        txng_bundle_result br  = {0};
        txng_bundle_vopts  vo  = {0};
        txng_diag          vd  = TXNG_DIAG_INIT;
        txng_err           ve;

        vo.threads    = 1;
        x->bundle     = bb.p;
        x->bundle_len = bb.len;
        bb.p          = NULL;
        ve            = txng_bundle_verify(txng_bundle_mem_read, &m, &s->pub, &vo, &br, &vd);
        x->verified   = ve == TXNG_OK;
        if (!x->verified) {
            if (vd.has_index) {
                snprintf(x->verify_msg, sizeof x->verify_msg, "record %" PRIu64 ": %s", vd.index,
                         vd.reason ? vd.reason : txng_strerror(ve));
            } else {
                snprintf(x->verify_msg, sizeof x->verify_msg, "%s",
                         vd.reason ? vd.reason : txng_strerror(ve));
            }
        }
        txng_bundle_result_free(&br);
    } else {
        snprintf(x->verify_msg, sizeof x->verify_msg, "%s",
                 diag.reason ? diag.reason : txng_strerror(err));
    }
    web_buf_free(&bb);

    /* the events of the page: those of this log, and those an imported bundle carries
     * (signed upstream); error declarations and corrections mark what they declare wrong */
    for (size_t i = 0; i < x->nidx; i++) {
        json_t       *rec = record_json(log, x->idx[i]);
        const json_t *up  = NULL;
        json_t       *ev;
        const char   *type;
        const char   *signer;
        json_t       *ci, *corr;
        char          name[TXNG_KEY_NAME_MAX + 1];
        txng_key_info ki;
        json_t       *item;

        (void) txng_index_unwrap(json_object_get(rec, "event"), &up);
        ev     = json_object_get(up != NULL ? up : rec, "event");
        type   = jstr(ev, "type");
        signer = jstr(json_array_get(json_object_get(up != NULL ? up : rec, "signatures"), 0), "key");
        if (type == NULL || strncmp(type, "txng:", 5) == 0 ||
            json_object_get(ev, "errorDeclaration") != NULL) {
            json_decref(rec);
            continue;
        }
        item = json_pack("{s:I,s:O,s:s}", "index", (json_int_t) x->idx[i], "event", ev, "signer",
                         signer ? signer : "");
        if (item != NULL && (corr = corrections_of(log, x->idx[i], ev)) != NULL) {
            json_object_set_new(item, "corrections", corr);
        }
        if (item != NULL && up != NULL) {
            json_object_set_new(item, "imported", json_true());
        }
        if (signer != NULL && up == NULL) {
            size_t n = strcspn(signer, "+");

            if (n < sizeof name) {
                memcpy(name, signer, n);
                name[n] = '\0';
                if (txng_log_key(log, name, &ki) == TXNG_OK) {
                    json_object_set_new(item, "role", json_string(ki.role));
                }
            }
        }
        json_array_append_new(events, item);
        add_place(log, places, parties, jstr(json_object_get(ev, "bizLocation"), "id"));
        add_place(log, places, parties, jstr(json_object_get(ev, "readPoint"), "id"));
        ci = json_object_get(ev, "certificationInfo");
        if (json_is_string(ci)) {
            json_t *c = master(log, TXNG_GS1_KIND_CERTIFICATE, json_string_value(ci));

            if (c != NULL) {
                json_array_append_new(certs, c);
            }
        } else if (json_is_array(ci)) {
            size_t  k;
            json_t *v;

            json_array_foreach(ci, k, v) {
                json_t *c = json_is_string(v) ? master(log, TXNG_GS1_KIND_CERTIFICATE,
                                                       json_string_value(v))
                                              : NULL;

                if (c != NULL) {
                    json_array_append_new(certs, c);
                }
            }
        }
        {
            const char *lab = jstr(ev, "txng:lab");

            if (lab != NULL && json_object_get(parties, lab) == NULL) {
                json_t *pa = master(log, TXNG_GS1_KIND_PARTY, lab);

                if (pa != NULL) {
                    json_object_set_new(parties, lab, pa);
                }
            }
        }
        json_decref(rec);
    }
    sort_by_time(events);

    /* the product and its producer; a lot the log keeps as a urn:txng code has the
     * product of the label that led to it */
    if (txng_gs1_dl_parse(&gid, id, strlen(id), 0, &d2) == TXNG_OK && gid.key == TXNG_GS1_KEY_GTIN) {
        unit_or_lot = gid.serial[0] != '\0' || gid.lot[0] != '\0';
    } else if (txng_gs1_code_parse(&lot, id, strlen(id), NULL) == TXNG_OK &&
               lot.kind == TXNG_GS1_KIND_LOT &&
               txng_gs1_dl_parse(&gid, requested, strlen(requested), 0, &d2) == TXNG_OK) {
        unit_or_lot = true;
    } else {
        gid.key = TXNG_GS1_KEY_NONE;
    }
    if (gid.key == TXNG_GS1_KEY_GTIN) {
        char pid[TXNG_GS1_URI_MAX];

        snprintf(pid, sizeof pid, TXNG_GS1_CANONICAL_STEM "/01/%s", gid.key_digits);
        product = master(log, TXNG_GS1_KIND_PRODUCT, pid);
        if (product != NULL && jstr(product, "producer") != NULL) {
            producer = master(log, TXNG_GS1_KIND_PARTY, jstr(product, "producer"));
        }
        /* a unit: its pack, codes, claim and recalls; a lot: the recalls naming it */
        if (unit_or_lot) {
            x->has_claim = txng_claim_info_get(log, id, &x->claim) == TXNG_OK;
        }
    }

    /* the pages, with a marker where the per-request box goes */
    memset(&in, 0, sizeof in);
    in.base        = s->base;
    in.requested   = requested;
    in.resolved    = id;
    in.level       = level;
    in.vkey        = s->vkey;
    in.fingerprint = s->fpr;
    in.server_ok   = x->verified;
    in.server_msg  = x->verify_msg;
    in.product     = product;
    in.image       = media_held(s, jstr(product, "imageSha256"), image) ? image : NULL;
    in.producer    = jstr(producer, "name");
    in.events      = events;
    in.places      = places;
    in.parties     = parties;
    in.certs       = certs;
    in.size        = size;
    in.packed      = x->has_claim && x->claim.packed;
    in.claimed     = x->has_claim && x->claim.claimed;
    in.recalled    = x->has_claim && x->claim.recalled;
    in.claimed_at  = x->claim.claimed_at;
    in.recalled_at = x->claim.recalled_at;
    in.claimable   = s->cfg.write && s->cfg.claim_actor != NULL && x->has_claim &&
                   x->claim.has_codes && !x->claim.claimed && !x->claim.recalled;
    if (in.claimable && x->claim.retry_at > (int64_t) time(NULL)) {
        /* to the minute, rounded up, as the claim's own answer says it */
        vn_time(claim_wait, (x->claim.retry_at / 60 + (x->claim.retry_at % 60 != 0)) * 60);
        in.claim_wait = claim_wait;
    }
    {
        char bundle_url[TXNG_GS1_URI_MAX + 64];

        snprintf(bundle_url, sizeof bundle_url, "%s?linkType=gs1:traceability", x->path);
        in.bundle_url = x->bundle ? bundle_url : NULL;
        in.at         = x->path;
        for (int lang = 0; lang < 2; lang++) {
            web_buf pb = {0};

            in.lang = (enum web_lang) lang;
            web_page_render(&pb, &in);
            if (pb.failed) {
                web_buf_free(&pb);
                continue;
            }
            x->html[lang]     = pb.p;
            x->html_len[lang] = pb.len;
        }
    }
    build_linkset(s, x);
out:
    json_decref(events);
    json_decref(places);
    json_decref(parties);
    json_decref(certs);
    json_decref(product);
    json_decref(producer);
    return x;
}

/* Whether identifier @p id names a thing in the log (as a thing, not a place or party). */
static bool
exists_thing(txng_log *log, const char *id)
{
    txng_trace_result *t = NULL;
    txng_err           err = txng_trace(log, id, TXNG_TRACE_BACK, 1, &t);

    txng_trace_free(t);
    return err == TXNG_OK;
}

/* ---- the per-request parts: language switch, scans, warnings, label signature ---- */

/* What a page shows that depends on the request, not only on the identifier. */
struct dyn {
    const web_scan_info *scan;         /* NULL when not counted */
    int                  label_sig;    /* -1 no 8030, 0 no key made it, 1 valid, 2 revoked key */
    char                 label_who[TXNG_KEYREF_MAX];
    char                 label_revoked[40]; /* eventTime of the revocation, or "" */
    bool                 never_packed; /* the label names a serial the page falls back from */
    const char          *path;         /* request path, raw */
    const struct query  *q;            /* request parameters, raw; lang is replaced */
};

/* Seconds since the epoch as Vietnam time, "dd/mm/yyyy HH:MM" (UTC+7, no daylight saving). */
static void
vn_time(char out[32], int64_t t)
{
    struct tm tm;
    time_t    tt = (time_t) (t + 7 * 3600);

    gmtime_r(&tt, &tm);
    strftime(out, 32, "%d/%m/%Y %H:%M", &tm);
}

/* An RFC 3339 time as vn_time(), or as it is when it does not parse. */
static void
vn_time_str(web_buf *b, const char *rfc3339)
{
    int64_t t;
    char    when[32];

    if (rfc3339 == NULL || txng_event_time_parse(rfc3339, NULL, NULL, &t, NULL) != TXNG_OK) {
        web_buf_html(b, rfc3339 ? rfc3339 : "");
        return;
    }
    vn_time(when, t);
    web_buf_str(b, when);
}

/* The language switch: the same path and parameters, only lang changed. */
static void
render_lang_nav(web_buf *b, enum web_lang lang, const struct dyn *d)
{
    web_buf link = {0};
    bool    any  = false;

    web_buf_str(&link, d->path);
    for (size_t i = 0; d->q != NULL && i < d->q->n; i++) {
        if (strcmp(d->q->k[i], "lang") == 0) {
            continue;
        }
        web_buf_str(&link, any ? "&" : "?");
        web_buf_str(&link, d->q->k[i]);
        if (d->q->v[i][0] != '\0') {
            web_buf_str(&link, "=");
            web_buf_str(&link, d->q->v[i]);
        }
        any = true;
    }
    web_buf_str(&link, any ? "&lang=" : "?lang=");
    web_buf_str(&link, lang == WEB_VI ? "en" : "vi");
    if (link.failed) {
        b->failed = true;
    } else {
        web_buf_add(&link, "", 1);
        web_page_lang_nav(b, lang, link.p);
    }
    web_buf_free(&link);
}

static void
render_dynamic(web_buf *b, struct server *s, const struct res *x, enum web_lang lang,
               const struct dyn *d)
{
    const web_scan_info *scan = d->scan;
    char                 when[32];

    web_buf_str(b, "<section class=\"box\" id=\"status\">");
    if (d->label_sig >= 0) {
        web_buf_printf(b, "<p class=\"%s\" id=\"label-sig\">", d->label_sig == 1 ? "ok" : "bad");
        if (d->label_sig == 1) {
            web_buf_html(b, web_tr(lang, "The label's signature (AI 8030) is valid; it was made "
                                         "by the key"));
            web_buf_str(b, " <code>");
            web_buf_html(b, d->label_who);
            web_buf_str(b, "</code>.");
        } else if (d->label_sig == 2) {
            web_buf_html(b, web_tr(lang, "The label's signature (AI 8030) is NOT valid:"));
            web_buf_str(b, " ");
            web_buf_html(b, web_tr(lang, "it was made by the key"));
            web_buf_str(b, " <code>");
            web_buf_html(b, d->label_who);
            web_buf_str(b, "</code>, ");
            web_buf_html(b, web_tr(lang, "which was revoked on"));
            web_buf_str(b, " ");
            vn_time_str(b, d->label_revoked);
            web_buf_str(b, lang == WEB_VI ? " (giờ Việt Nam)." : " (Vietnam time).");
        } else {
            web_buf_html(b, web_tr(lang, "The label's signature (AI 8030) is NOT valid:"));
            web_buf_str(b, " ");
            web_buf_html(b, web_tr(lang, "no key enrolled in this log made this signature"));
        }
        web_buf_str(b, "</p>");
    }
    if (scan != NULL && scan->count > 0) {
        vn_time(when, scan->first);
        web_buf_str(b, "<p id=\"scans\">");
        if (lang == WEB_VI) {
            web_buf_printf(b, "Mã này đã được quét %" PRIu64 " lần; lần đầu lúc %s (giờ Việt Nam)",
                           scan->count, when);
        } else {
            web_buf_printf(b, "Scanned %" PRIu64 " time%s; first on %s (Vietnam time)",
                           scan->count, scan->count == 1 ? "" : "s", when);
        }
        if (x->has_claim && x->claim.claimed) {
            web_buf_str(b, lang == WEB_VI ? "; đã kích hoạt lúc " : "; claimed on ");
            vn_time_str(b, x->claim.claimed_at);
        }
        web_buf_str(b, ".</p>");
    }
    /* warnings */
    if (x->has_claim && x->claim.recalled) {
        web_buf_str(b, "<p class=\"warn\" id=\"warn-recalled\">");
        web_buf_html(b, web_tr(lang, "Warning: this product has been recalled. Do not use it."));
        web_buf_str(b, "</p>");
    }
    if (x->has_claim && x->claim.claimed) {
        web_buf_str(b, "<p class=\"warn\" id=\"warn-claimed\">");
        web_buf_html(b, web_tr(lang, "This unit was already claimed on"));
        web_buf_str(b, " ");
        vn_time_str(b, x->claim.claimed_at);
        web_buf_str(b, lang == WEB_VI ? " (giờ Việt Nam). " : " (Vietnam time). ");
        web_buf_html(b, web_tr(lang, "If you just bought it sealed, it may be a copy."));
        web_buf_str(b, "</p>");
    }
    if (d->never_packed) {
        web_buf_str(b, "<p class=\"warn\" id=\"warn-never-packed\">");
        web_buf_html(b, web_tr(lang, "The serial on this label was never packed: the page shows "
                                     "what is known of its lot or product."));
        web_buf_str(b, "</p>");
    }
    if (scan != NULL && scan->count > s->cfg.scan_warn) {
        web_buf_str(b, "<p class=\"warn\" id=\"warn-scans\">");
        web_buf_html(b, web_tr(lang, "This code has been scanned unusually often: the label may "
                                     "have been copied."));
        web_buf_str(b, "</p>");
    }
    if (scan != NULL && scan->nregions >= s->cfg.region_warn && s->cfg.region_warn > 0) {
        web_buf_str(b, "<p class=\"warn\" id=\"warn-regions\">");
        web_buf_html(b, web_tr(lang, "This code has been scanned in places far apart:"));
        for (unsigned i = 0; i < scan->nregions; i++) {
            web_buf_str(b, i ? ", " : " ");
            web_buf_html(b, scan->regions[i]);
        }
        web_buf_str(b, ".</p>");
    }
    web_buf_str(b, "</section>");
}

struct page_hold {
    struct res *x;
    web_buf     nav, dyn;
};

static void
page_release(void *cls)
{
    struct page_hold *h = cls;

    res_unref(h->x);
    web_buf_free(&h->nav);
    web_buf_free(&h->dyn);
    free(h);
}

/* The cached page of @p x with the per-request parts put in at their markers, without copying
 * the cached parts: an iovec response that holds a reference to @p x. */
static enum MHD_Result
send_page(struct req *r, struct MHD_Connection *c, struct res *x, enum web_lang lang,
          const struct dyn *d, int status)
{
    const char          *html = x->html[lang];
    const char          *nav  = html ? strstr(html, WEB_LANG_MARK) : NULL;
    const char          *mark = nav ? strstr(nav, DYN_MARK) : NULL;
    struct page_hold    *h;
    struct MHD_IoVec     iov[5];
    struct MHD_Response *resp;
    enum MHD_Result      ret;

    if (html == NULL || mark == NULL || (h = calloc(1, sizeof *h)) == NULL) {
        return send_page_error(r, c, lang, 500, "Error", "the page could not be made", NULL);
    }
    render_lang_nav(&h->nav, lang, d);
    render_dynamic(&h->dyn, r->s, x, lang, d);
    if (h->dyn.failed || h->nav.failed) {
        web_buf_free(&h->nav);
        web_buf_free(&h->dyn);
        free(h);
        return MHD_NO;
    }
    atomic_fetch_add(&x->refs, 1);
    h->x            = x;
    iov[0].iov_base = html;
    iov[0].iov_len  = (size_t) (nav - html);
    iov[1].iov_base = h->nav.p;
    iov[1].iov_len  = h->nav.len;
    iov[2].iov_base = nav + strlen(WEB_LANG_MARK);
    iov[2].iov_len  = (size_t) (mark - nav) - strlen(WEB_LANG_MARK);
    iov[3].iov_base = h->dyn.p;
    iov[3].iov_len  = h->dyn.len;
    iov[4].iov_base = mark + strlen(DYN_MARK);
    iov[4].iov_len  = x->html_len[lang] - (size_t) (mark - html) - strlen(DYN_MARK);
    resp            = MHD_create_response_from_iovec(iov, 5, page_release, h);
    if (resp == NULL) {
        page_release(h);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Vary", "Accept, Accept-Language");
    add_common(resp, true, "no-cache", false);
    ret = queue(r, c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- the writer thread: group commit ---- */

/*
 * Append those of @p n signed events the log does not hold yet, once its rules accept
 * them, under the writer lock so that nothing is appended between the check and the
 * append: at[i] is the record that holds event i. An event held already (the retry of a
 * POST whose answer was lost) is left out, and the rules are not asked about it again, as
 * `txng append` does.
 */
static txng_err
append_checked(struct server *s, json_t *const *events, size_t n, int64_t now, uint64_t *first,
               uint64_t *at, txng_diag *diag)
{
    json_t  *todo[BATCH_MAX];
    size_t   ntodo = 0;
    txng_err err   = txng_log_lock(s->wlog, diag);

    if (err != TXNG_OK) {
        return err;
    }
    err = txng_log_holds(s->wlog, NULL, (const json_t *const *) events, n, at);
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        if (at[i] == TXNG_LOG_NONE) {
            todo[ntodo++] = events[i];
        }
    }
    if (err == TXNG_OK) {
        err = txng_rules_check_state_as(s->wlog, (const json_t *const *) todo, ntodo, NULL, diag);
    }
    if (err == TXNG_OK) {
        err = txng_log_append_once(s->wlog, s->cfg.logkey, NULL, events, n, now, first, at, diag);
    }
    txng_log_unlock(s->wlog);
    return err;
}

/*
 * Count a claim of a unit the log never packed in DIR/claims-unknown, as
 * `txng claim` does: such claims append nothing to the signed log, so
 * strangers cannot grow it, and the operator still sees fake labels per
 * product. A file that is not a count is left as it is.
 */
static void
count_unknown(struct server *s, struct job *j)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/claims-unknown", s->cfg.dir);
    j->unknown_err = txng_claim_count_unknown(path, j->unit, &j->unknown);
    if (j->unknown_err == TXNG_OK) {
        return;
    }
    if (j->unknown_err == TXNG_ECORRUPT) {
        snprintf(j->unknown_why, sizeof j->unknown_why,
                 "not a count of unknown claims: move it away to count again");
    } else if (j->unknown_err != TXNG_ESYS ||
               strerror_r(errno, j->unknown_why, sizeof j->unknown_why) != 0) {
        snprintf(j->unknown_why, sizeof j->unknown_why, "%s", txng_strerror(j->unknown_err));
    }
    j->unknown = 0;
    logline("%s: %s", path, j->unknown_why);
}

static void *
writer_main(void *arg)
{
    struct server *s = arg;

    pthread_mutex_lock(&s->wmu);
    for (;;) {
        struct job *batch;
        json_t     *all[BATCH_MAX];
        uint64_t    at_all[BATCH_MAX];
        size_t      n = 0;
        txng_err    err;
        uint64_t    first = 0;
        txng_diag   diag  = TXNG_DIAG_INIT;
        int64_t     now;

        while (s->queue == NULL && !s->wstop) {
            pthread_cond_wait(&s->wcv, &s->wmu);
        }
        if (s->queue == NULL && s->wstop) {
            break;
        }
        /* take the queued jobs whose events fit in one batch */
        batch = s->queue;
        {
            struct job **pp = &batch, *j;

            while ((j = *pp) != NULL) {
                size_t k = j->kind == JOB_EVENTS ? json_array_size(j->events) : 0;

                if (j->kind == JOB_CLAIM || n + k > BATCH_MAX) {
                    if (pp == &batch) {
                        pp = &j->next; /* a claim goes alone, or a big job first */
                        n += k;
                    }
                    break;
                }
                n += k;
                pp = &j->next;
            }
            s->queue = *pp;
            if (s->queue == NULL) {
                s->queue_tail = &s->queue;
            }
            *pp = NULL;
        }
        pthread_mutex_unlock(&s->wmu);

        now = now_wall();
        if (batch->kind == JOB_CLAIM) {
            char               t[40];
            struct tm          tm;
            time_t             tt = (time_t) now;
            txng_claim_info    info;
            uint64_t           index = 0;

            gmtime_r(&tt, &tm);
            strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
            batch->err = txng_claim_check_and_record(s->wlog, s->cfg.logkey, s->cfg.claim_actor,
                                                     batch->unit, batch->code, t, now,
                                                     &batch->outcome, &info, &index, &batch->diag);
            batch->now      = now;
            if (batch->err == TXNG_OK && info.claimed) {
                batch->claimed     = true;
                batch->claim_index = info.claim_index;
                snprintf(batch->claimed_at, sizeof batch->claimed_at, "%s", info.claimed_at);
            }
            batch->retry_at = batch->err == TXNG_OK && (batch->outcome == TXNG_CLAIM_WAIT ||
                                                        batch->outcome == TXNG_CLAIM_WRONG_CODE)
                                  ? info.retry_at
                                  : 0;
            if (batch->err == TXNG_OK && batch->outcome == TXNG_CLAIM_UNKNOWN) {
                count_unknown(s, batch);
            }
        } else {
            size_t k = 0;

            for (struct job *j = batch; j != NULL; j = j->next) {
                for (size_t i = 0; i < json_array_size(j->events); i++) {
                    all[k++] = json_array_get(j->events, i);
                }
            }
            err = append_checked(s, all, k, now, &first, at_all, &diag);
            if (err == TXNG_OK) {
                size_t o = 0;

                for (struct job *j = batch; j != NULL; j = j->next) {
                    j->err   = TXNG_OK;
                    j->first = first;
                    memcpy(j->at, at_all + o, json_array_size(j->events) * sizeof *j->at);
                    o += json_array_size(j->events);
                }
            } else {
                /* one bad job must not sink the others: append them one by one (two jobs
                 * carrying the same event: the second finds it held) */
                for (struct job *j = batch; j != NULL; j = j->next) {
                    txng_diag dj = TXNG_DIAG_INIT;

                    k = json_array_size(j->events);
                    {
                        json_t *one[BATCH_MAX];

                        for (size_t i = 0; i < k; i++) {
                            one[i] = json_array_get(j->events, i);
                        }
                        j->err = append_checked(s, one, k, now, &j->first, j->at, &dj);
                    }
                    j->diag = dj;
                }
            }
        }
        pthread_mutex_lock(&s->wmu);
        for (struct job *j = batch, *next; j != NULL; j = next) {
            next    = j->next;
            j->next = NULL;
            j->done = true;
            MHD_resume_connection(j->con);
        }
    }
    pthread_mutex_unlock(&s->wmu);
    return NULL;
}

/* Let the writer finish what is queued, then end it. Safe to call twice. */
static void
writer_stop(struct server *s)
{
    if (!s->writer_started) {
        return;
    }
    pthread_mutex_lock(&s->wmu);
    s->wstop = true;
    pthread_cond_signal(&s->wcv);
    pthread_mutex_unlock(&s->wmu);
    pthread_join(s->writer, NULL);
    s->writer_started = false;
}

static void
enqueue(struct server *s, struct job *j)
{
    pthread_mutex_lock(&s->wmu);
    j->next        = NULL;
    *s->queue_tail = j;
    s->queue_tail  = &j->next;
    pthread_cond_signal(&s->wcv);
    pthread_mutex_unlock(&s->wmu);
}

/* ---- routes ---- */

static const char *
err_status_reason(txng_err err, int *status)
{
    switch (err) {
    case TXNG_EBADSIG: *status = 403; return "signature does not verify, or the key is not enrolled";
    case TXNG_EPERM: *status = 403; return "the key is revoked or not allowed";
    case TXNG_EFORMAT: *status = 422; return "the event breaks a rule of this log";
    case TXNG_EEXIST: *status = 409; return "already exists";
    case TXNG_ENOTFOUND: *status = 404; return "not found";
    /* the only refusal of an append's own arguments: the server's clock is behind the log */
    case TXNG_EINVAL: *status = 503; return "the server cannot append now";
    default: *status = 500; return txng_strerror(err);
    }
}

static enum MHD_Result
route_events_done(struct req *r, struct MHD_Connection *c)
{
    struct job *j = r->job;
    json_t     *out, *hashes, *records;
    size_t      fresh = 0;
    int         status;
    char       *note = NULL;
    size_t      note_len = 0;
    struct slot *sl;

    if (j->err != TXNG_OK) {
        const char *reason = err_status_reason(j->err, &status);
        char        msg[400], at[40] = "";

        if (j->diag.has_index && j->diag.reason != NULL) {
            /* the record the reason names (a replay: the record holding the event), as the
             * command line names it */
            snprintf(at, sizeof at, "record %" PRIu64 ": ", j->diag.index);
        }
        snprintf(msg, sizeof msg, "%s%s%s%s", reason, j->diag.reason ? ": " : "", at,
                 j->diag.reason ? j->diag.reason : "");
        if (j->diag.reason != NULL && j->diag.value_name != NULL) {
            size_t n = strlen(msg);

            /* the figure behind the refusal, as the command line gives it */
            snprintf(msg + n, sizeof msg - n, " (%s: %s)", j->diag.value_name, j->diag.value);
        }
        out = json_pack("{s:i,s:s}", "error", status, "reason", msg);
        if (out != NULL && j->diag.field[0] != '\0') {
            json_object_set_new(out, "field", json_string(j->diag.field));
        }
        if (out != NULL && j->diag.has_index) {
            json_object_set_new(out, "record", json_integer((json_int_t) j->diag.index));
        }
        if (out == NULL) {
            return MHD_NO;
        }
        return send_json(r, c, status, out, NULL);
    }
    hashes  = json_array();
    records = json_array();
    sl      = slot_take(r->s);
    for (size_t i = 0; i < json_array_size(j->events); i++) {
        char          *bytes = NULL;
        size_t         len   = 0;
        unsigned char  h[TXNG_HASH_BYTES];
        char           b64[64];

        /* the reader sees the commit: the writer returned after it */
        if (j->at[i] >= j->first) {
            fresh++;
        }
        json_array_append_new(records, json_integer((json_int_t) j->at[i]));
        if (txng_log_get(sl->log, j->at[i], &bytes, &len) == TXNG_OK) {
            txng_hash_leaf(h, bytes, len);
            b64[txng_b64_encode(b64, h, sizeof h)] = '\0';
            json_array_append_new(hashes, json_string(b64));
        }
        free(bytes);
    }
    if (txng_log_checkpoint(sl->log, 0, &note, &note_len) != TXNG_OK) {
        note = NULL;
    }
    slot_give(sl);
    /* index: the record of the first event, as before records could be held */
    out = json_pack("{s:I,s:I,s:I,s:o,s:o,s:s#}", "index", (json_int_t) j->at[0], "count",
                    (json_int_t) json_array_size(j->events), "held",
                    (json_int_t) (json_array_size(j->events) - fresh), "records", records,
                    "leafHashes", hashes, "checkpoint", note ? note : "",
                    note ? note_len : (size_t) 0);
    free(note);
    /* 201 when a record was created; a retry of a POST that landed creates none: 200 */
    return send_json(r, c, fresh > 0 ? 201 : 200, out, NULL);
}

/* Check signed events before they reach the writer: shape, keys known, signatures. */
static bool body_is(struct MHD_Connection *c, const char *type);

static enum MHD_Result
route_events(struct req *r, struct MHD_Connection *c)
{
    json_error_t je;
    json_t      *root, *events, *v[BATCH_MAX];
    uint64_t     held[BATCH_MAX];
    struct slot *sl;
    txng_diag    diag = TXNG_DIAG_INIT;

    if (!r->s->cfg.write) {
        return send_json_error(r, c, 403, "this server is read-only (start it with --write)", NULL);
    }
    if (!body_is(c, "application/json")) {
        return send_json_error(r, c, 415, "Content-Type: application/json", "Content-Type");
    }
    root = json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        char msg[300];

        snprintf(msg, sizeof msg, "not JSON: %s (line %d)", je.text, je.line);
        return send_json_error(r, c, 400, msg, NULL);
    }
    if (json_is_object(root)) {
        events = json_pack("[o]", root);
    } else if (json_is_array(root) && json_array_size(root) > 0 &&
               json_array_size(root) <= BATCH_MAX) {
        events = root;
    } else {
        json_decref(root);
        return send_json_error(r, c, 400, "expected a signed event or an array of 1 to 1024", NULL);
    }
    sl = slot_take(r->s);
    /* Those in the log already, byte for byte (a retry): the writer leaves them out, and a
     * key revoked since, or a clock moved on, does not refuse them. An event that is not
     * well formed is not held. */
    for (size_t i = 0; i < json_array_size(events); i++) {
        v[i] = json_array_get(events, i);
    }
    if (txng_log_holds(sl->log, NULL, (const json_t *const *) v, json_array_size(events), held) !=
        TXNG_OK) {
        for (size_t i = 0; i < json_array_size(events); i++) {
            held[i] = TXNG_LOG_NONE; /* each is checked; the writer looks again */
        }
    }
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t       *se = json_array_get(events, i);
        json_t       *sigs;
        size_t        k;
        json_t       *sg;
        txng_err      err = txng_signed_event_check(se, &diag);
        char          msg[400];

        if (err != TXNG_OK) {
            slot_give(sl);
            snprintf(msg, sizeof msg, "event %zu: %s", i + 1, diag.reason ? diag.reason : "bad form");
            json_decref(events);
            return send_json_error(r, c, 400, msg, diag.field);
        }
        if (held[i] != TXNG_LOG_NONE) {
            continue;
        }
        sigs = json_object_get(se, "signatures");
        json_array_foreach(sigs, k, sg) {
            const char   *ref = jstr(sg, "key");
            char          name[TXNG_KEY_NAME_MAX + 1];
            size_t        n = strcspn(ref, "+");
            txng_key_info ki;
            char          kref[TXNG_KEYREF_MAX];

            memcpy(name, ref, n < sizeof name ? n : sizeof name - 1);
            name[n < sizeof name ? n : sizeof name - 1] = '\0';
            err = txng_log_key(sl->log, name, &ki);
            if (err == TXNG_OK) {
                txng_pubkey_ref(&ki.key, kref);
                if (strcmp(kref, ref) != 0) {
                    err = TXNG_ENOTFOUND;
                }
            }
            if (err != TXNG_OK) {
                slot_give(sl);
                snprintf(msg, sizeof msg, "event %zu: key %s is not enrolled in this log", i + 1, ref);
                json_decref(events);
                return send_json_error(r, c, 403, msg, "signatures");
            }
            if (ki.is_revoked) {
                slot_give(sl);
                snprintf(msg, sizeof msg, "event %zu: key %s is revoked", i + 1, ref);
                json_decref(events);
                return send_json_error(r, c, 403, msg, "signatures");
            }
            err = txng_event_verify(json_object_get(se, "event"), &ki.key, jstr(sg, "sig"));
            if (err != TXNG_OK) {
                slot_give(sl);
                snprintf(msg, sizeof msg, "event %zu: the signature by %s does not verify", i + 1, ref);
                json_decref(events);
                return send_json_error(r, c, 403, msg, "signatures");
            }
        }
        /* The rules txng record and txng append apply to every event; those that need the
         * log run again in the writer, under the log's writer lock. */
        err = txng_event_rules_check(json_object_get(se, "event"), &diag);
        if (err == TXNG_OK) {
            err = txng_event_time_check(json_object_get(se, "event"), now_wall(),
                                        r->s->cfg.max_skew, &diag);
        }
        if (err != TXNG_OK) {
            slot_give(sl);
            snprintf(msg, sizeof msg, "event %zu: %s", i + 1,
                     diag.reason ? diag.reason : txng_strerror(err));
            json_decref(events);
            return send_json_error(r, c, 422, msg, diag.field);
        }
    }
    slot_give(sl);
    r->job = calloc(1, sizeof *r->job);
    if (r->job == NULL) {
        json_decref(events);
        return MHD_NO;
    }
    r->job->at = malloc(json_array_size(events) * sizeof *r->job->at);
    if (r->job->at == NULL) {
        free(r->job);
        r->job = NULL;
        json_decref(events);
        return MHD_NO;
    }
    r->job->kind   = JOB_EVENTS;
    r->job->con    = c;
    r->job->events = events;
    MHD_suspend_connection(c);
    enqueue(r->s, r->job);
    return MHD_YES;
}

static enum MHD_Result
route_checkpoint(struct req *r, struct MHD_Connection *c)
{
    struct slot    *sl = slot_take(r->s);
    char           *note = NULL;
    size_t          len  = 0;
    txng_err        err  = txng_log_checkpoint(sl->log, 0, &note, &len);
    enum MHD_Result ret;

    slot_give(sl);
    if (err != TXNG_OK) {
        return send_bytes(r, c, 500, "text/plain; charset=utf-8", "no checkpoint\n", 14, NULL, true);
    }
    ret = send_bytes(r, c, 200, "text/plain; charset=utf-8", note, len, "public, max-age=5", true);
    free(note);
    return ret;
}

static enum MHD_Result
route_tile(struct req *r, struct MHD_Connection *c, const char *path)
{
    struct slot    *sl = slot_take(r->s);
    unsigned char  *data = NULL;
    size_t          len  = 0;
    txng_err        err  = txng_tiles_read(sl->log, 0, path, strlen(path), &data, &len);
    enum MHD_Result ret;

    slot_give(sl);
    if (err == TXNG_EFORMAT) {
        return send_bytes(r, c, 400, "text/plain; charset=utf-8", "not a tile path\n", 16, NULL,
                          true);
    }
    if (err == TXNG_ENOTFOUND) {
        return send_bytes(r, c, 404, "text/plain; charset=utf-8", "no such tile\n", 13, NULL, true);
    }
    if (err != TXNG_OK) {
        return send_bytes(r, c, 500, "text/plain; charset=utf-8", "tile unavailable\n", 17, NULL,
                          true);
    }
    ret = send_bytes(r, c, 200, "application/octet-stream", data, len,
                     "public, max-age=31536000, immutable", true);
    free(data);
    return ret;
}

static bool wants_page(struct MHD_Connection *c);

/* Refuse a request for a file (/static/, /media/): a page in the reader's language (@p title,
 * @p msg) to a browser asking for one, JSON (@p reason) to anyone else (an img or script
 * element, a program), as every other refusal of a machine route. */
static enum MHD_Result
file_refuse(struct req *r, struct MHD_Connection *c, int status, const char *title,
            const char *msg, const char *reason)
{
    r->vary = true;
    if (wants_page(c)) {
        return send_page_error(r, c, pick_lang(c, NULL), status, title, msg, NULL);
    }
    return send_json_error(r, c, status, reason, NULL);
}

static enum MHD_Result
route_static(struct req *r, struct MHD_Connection *c, const char *name)
{
    for (const struct web_asset *a = web_assets; a->name != NULL; a++) {
        if (strcmp(a->name, name) == 0) {
            const char *inm = header(c, "If-None-Match");

            if (etag_match(inm, a->etag)) {
                struct MHD_Response *resp =
                    MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
                enum MHD_Result ret;

                MHD_add_response_header(resp, "ETag", a->etag);
                ret = queue(r, c, 304, resp);
                MHD_destroy_response(resp);
                return ret;
            }
            {
                struct MHD_Response *resp = MHD_create_response_from_buffer(
                    a->len, (void *) (uintptr_t) a->data, MHD_RESPMEM_PERSISTENT);
                enum MHD_Result ret;

                MHD_add_response_header(resp, "Content-Type", a->type);
                MHD_add_response_header(resp, "ETag", a->etag);
                MHD_add_response_header(resp, "Cache-Control", "public, max-age=3600");
                MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
                MHD_add_response_header(resp, "Content-Security-Policy", CSP);
                ret = queue(r, c, 200, resp);
                MHD_destroy_response(resp);
                return ret;
            }
        }
    }
    return file_refuse(r, c, 404, "Not found", "No such file.", "no such file");
}

/* GET /media/<64 lower-case hex>: a product image, checked against its SHA-256. */
static enum MHD_Result
route_media(struct req *r, struct MHD_Connection *c, const char *hex)
{
    unsigned char        h[TXNG_HASH_BYTES];
    unsigned char       *data = NULL;
    size_t               len  = 0;
    const char          *type = NULL, *inm = header(c, "If-None-Match");
    char                 etag[2 * TXNG_HASH_BYTES + 3];
    txng_media          *m;
    txng_err             err;
    struct MHD_Response *resp;
    enum MHD_Result      ret;

    for (size_t i = 0; hex[i] != '\0'; i++) {
        if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f'))) {
            return file_refuse(r, c, 400, "Bad request",
                               "An image address is /media/ and 64 lower-case hex digits.",
                               "an image address is /media/ and 64 lower-case hex digits");
        }
    }
    if (strlen(hex) != 2 * TXNG_HASH_BYTES || txng_hex_decode(h, sizeof h, hex, strlen(hex)) != TXNG_OK) {
        return file_refuse(r, c, 400, "Bad request",
                           "An image address is /media/ and 64 lower-case hex digits.",
                           "an image address is /media/ and 64 lower-case hex digits");
    }
    snprintf(etag, sizeof etag, "\"%s\"", hex);
    m   = media(r->s);
    err = m != NULL ? txng_media_get(m, h, &data, &len, &type) : TXNG_ENOTFOUND;
    if (err == TXNG_ECORRUPT) {
        logline("media %s: the stored image no longer matches its SHA-256", hex);
        return file_refuse(r, c, 500, "Damaged image",
                           "The stored image no longer matches the hash its record signs.",
                           "the stored image no longer matches the hash its record signs");
    }
    if (err != TXNG_OK || type == NULL) {
        free(data);
        return file_refuse(r, c, 404, "Not found", "This server holds no image with that hash.",
                           "this server holds no image with that hash");
    }
    if (etag_match(inm, etag)) {
        free(data);
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (resp == NULL) {
            return MHD_NO;
        }
        MHD_add_response_header(resp, "ETag", etag);
        ret = queue(r, c, 304, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "ETag", etag);
    /* the address is the content's hash: it can never change */
    add_common(resp, false, "public, max-age=31536000, immutable", true);
    ret = queue(r, c, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result
route_wellknown(struct req *r, struct MHD_Connection *c)
{
    json_t *j = json_pack(
        "{s:s,s:s,s:[s,s,s,s],s:b,s:s,s:[s,s],s:[s,s,s,s,s]}", "name", "txng resolver",
        "resolverRoot", r->s->base, "supportedPrimaryKeys", "01", "00", "414", "417",
        "linkTypeDefaultCanBeLinkset", 0, "origin", r->s->origin,
        "supportedContextValuesEnumerated", "vi", "en",
        "supportedLinkTypes", "gs1:defaultLink", "gs1:pip", "gs1:traceability", "gs1:epcis",
        "linkset");

    if (j == NULL) {
        return MHD_NO;
    }
    json_object_set_new(j, "logKey", json_string(r->s->vkey));
    json_object_set_new(j, "checkpoint", json_sprintf("%s/checkpoint", r->s->base));
    return send_json(r, c, 200, j, "public, max-age=300");
}

/*
 * What a person may type from a label into the search box, as a Digital Link
 * for txng_gs1_canonicalize(): the human-readable element string
 * "(01)08930000000033(10)L24-017-S(21)000007(17)261119" (its key and
 * qualifiers go in the path, into @p out; the other elements, data attributes
 * such as 17 and 7007, into @p attrs as a query "?17=261119", which the
 * canonicaliser does not take and the unit's page reads), or a bare GTIN of
 * 8, 12, 13 or 14 digits. Returns false when @p in is neither (the caller
 * then reports the canonicaliser's reason).
 */
static bool
typed_to_dl(const char *in, char *out, size_t cap, char *attrs, size_t attrs_cap)
{
    static const char *const in_path[] = {"01", "00", "414", "417", "22", "10", "21", "254", NULL};
    web_buf                  path = {0}, query = {0};
    const char              *p    = in;
    size_t                   n    = strlen(in);
    bool                     ok   = true;

    if (n >= 8 && n <= 14 && strspn(in, "0123456789") == n) {
        char gtin[TXNG_GS1_GTIN_LEN + 1];

        if (txng_gs1_gtin_normalize(gtin, in, n, NULL) != TXNG_OK) {
            return false;
        }
        snprintf(out, cap, "https://resolver.invalid/01/%s", gtin);
        attrs[0] = '\0';
        return true;
    }
    if (in[0] != '(') {
        return false;
    }
    web_buf_str(&path, "https://resolver.invalid");
    while (ok && *p == '(') {
        size_t ai_len = strspn(p + 1, "0123456789");
        size_t v_len;
        char   ai[8], esc[3 * TXNG_GS1_VALUE_MAX + 1];
        bool   is_path = false;

        if (ai_len < 2 || ai_len > 4 || p[1 + ai_len] != ')') {
            ok = false;
            break;
        }
        memcpy(ai, p + 1, ai_len);
        ai[ai_len] = '\0';
        p += ai_len + 2;
        v_len = strcspn(p, "(");
        if (v_len == 0 ||
            txng_gs1_uri_escape(esc, sizeof esc, p, v_len, false) != TXNG_OK) {
            ok = false;
            break;
        }
        for (const char *const *a = in_path; *a != NULL && !is_path; a++) {
            is_path = strcmp(*a, ai) == 0;
        }
        if (is_path) {
            web_buf_printf(&path, "/%s/%s", ai, esc);
        } else {
            web_buf_printf(&query, "%s%s=%s", query.len ? "&" : "?", ai, esc);
        }
        p += v_len;
    }
    ok = ok && *p == '\0' && !path.failed && !query.failed && path.len + 1 <= cap &&
         query.len + 1 <= attrs_cap;
    if (ok) {
        snprintf(out, cap, "%.*s", (int) path.len, path.p);
        snprintf(attrs, attrs_cap, "%.*s", (int) query.len, query.p ? query.p : "");
    }
    web_buf_free(&path);
    web_buf_free(&query);
    return ok;
}

static enum MHD_Result
route_home(struct req *r, struct MHD_Connection *c, const struct query *q)
{
    web_buf      b  = {0};
    uint64_t     size = 0;
    struct slot *sl = slot_take(r->s);
    const char  *id = qget(q, "id");

    if (txng_log_size(sl->log, &size) != TXNG_OK) {
        size = 0;
    }
    slot_give(sl);
    if (id != NULL) {
        /* the search form: go to the identifier's page */
        char          dec[TXNG_GS1_URI_MAX], typed[TXNG_GS1_URI_MAX];
        char                 canon[TXNG_GS1_URI_MAX] = "", attrs[TXNG_GS1_URI_MAX] = "";
        txng_diag     diag = TXNG_DIAG_INIT;
        txng_err      err  = TXNG_EFORMAT;
        struct MHD_Response *resp;
        enum MHD_Result ret;
        char          loc[TXNG_GS1_URI_MAX + 600];
        enum web_lang lang = pick_lang(c, q);
        char                 raw[TXNG_GS1_URI_MAX];
        size_t               k = 0;

        /* spaces typed in the box (sent as + or %20; "(01) 0893... (21) 000007", a space
         * a phone's keyboard adds): no identifier holds one */
        for (const char *p = id; *p != '\0' && k + 1 < sizeof raw; p++) {
            if (*p != ' ') {
                raw[k++] = *p;
            }
        }
        raw[k] = '\0';
        if (strlen(id) < sizeof raw && qdecode(raw, dec, sizeof dec)) {
            char *qm;

            k = 0;
            for (const char *p = dec; *p != '\0'; p++) {
                if (*p != ' ') {
                    dec[k++] = *p;
                }
            }
            dec[k] = '\0';
            qm     = strchr(dec, '?');

            /* a whole label URI pasted: its data attributes (17, 7007, 8030 ...) go on to
             * the unit's page, which checks them strictly; the path is canonicalised */
            if (qm != NULL && strchr(dec, '(') == NULL &&
                strspn(qm + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789=&%-._~") == strlen(qm + 1) &&
                strlen(qm) < sizeof attrs) {
                snprintf(attrs, sizeof attrs, "%s", qm);
                *qm = '\0';
            }
            err = txng_gs1_canonicalize(canon, dec, strlen(dec), &diag);
            if (err != TXNG_OK && typed_to_dl(dec, typed, sizeof typed, attrs, sizeof attrs)) {
                txng_diag d2 = TXNG_DIAG_INIT;

                err = txng_gs1_canonicalize(canon, typed, strlen(typed), &d2);
                if (err != TXNG_OK) {
                    diag = d2; /* the element string's own fault is the one to show */
                }
            }
        }
        if (err == TXNG_OK &&
            strncmp(canon, TXNG_GS1_CANONICAL_STEM "/", sizeof TXNG_GS1_CANONICAL_STEM) != 0) {
            diag.reason = TXNG_N_("a code outside GS1 (urn:txng) has no page here: look it up "
                                  "with /api/v1/search?id=");
            err         = TXNG_EFORMAT;
        }
        if (err != TXNG_OK) {
            return send_page_error(r, c, lang, 400, "Not a GS1 identifier",
                                   "Type a GS1 Digital Link, the line under the barcode, e.g. "
                                   "(01)08930000000033(21)000007, or a GTIN.",
                                   diag.reason ? web_tr(lang, diag.reason) : NULL);
        }
        snprintf(loc, sizeof loc, "%s%s%s%s%s", r->s->prefix,
                 canon + strlen(TXNG_GS1_CANONICAL_STEM), attrs,
                 qget(q, "lang") == NULL ? ""
                 : attrs[0] != '\0'      ? "&"
                                         : "?",
                 qget(q, "lang") == NULL ? ""
                 : lang == WEB_EN        ? "lang=en"
                                         : "lang=vi");
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (resp == NULL) {
            return MHD_NO;
        }
        MHD_add_response_header(resp, "Location", loc);
        add_common(resp, false, NULL, false); /* nosniff and Cache-Control, as every answer */
        ret = queue(r, c, 303, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    web_page_home(&b, pick_lang(c, q), r->s->origin, size);
    return send_buf(r, c, 200, "text/html; charset=utf-8", &b, "no-cache", false);
}

/* Parse a decimal query value strictly. */
static bool
q_u64(const struct query *q, const char *key, uint64_t *out, bool *present)
{
    const char *v = qget(q, key);

    *present = v != NULL;
    return v == NULL || txng_dec_parse(v, strlen(v), out);
}

static enum MHD_Result
bad_param(struct req *r, struct MHD_Connection *c, const char *rule, const char *name)
{
    return send_json_error(r, c, 400, rule, name);
}

/* Unknown parameters are refused: each route lists the ones it takes. */
static const char *
unknown_param(const struct query *q, const char *const *allowed)
{
    for (size_t i = 0; i < q->n; i++) {
        bool ok = false;

        for (const char *const *a = allowed; *a != NULL && !ok; a++) {
            ok = strcmp(*a, q->k[i]) == 0;
        }
        if (!ok) {
            return q->k[i];
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(q->k[j], q->k[i]) == 0) {
                return q->k[i];
            }
        }
    }
    return NULL;
}

/* {"id", "records": [{"index", "role"}]} of every record naming @p id in any role but the
 * signature's, in record order; NULL when none does. */
static json_t *
search_named(txng_log *log, const char *id)
{
    static const unsigned char roles[] = {TXNG_ROLE_CODE, TXNG_ROLE_LOCATION, TXNG_ROLE_PARTY};
    json_t                    *arr     = json_array();
    txng_index_hit            *hits    = NULL;
    size_t                     n       = 0;

    for (size_t k = 0; arr != NULL && k < sizeof roles; k++) {
        txng_err err;

        if (roles[k] == TXNG_ROLE_CODE) {
            /* master data: its code's name key, each candidate checked by its id */
            static const txng_gs1_kind kinds[] = {TXNG_GS1_KIND_PLACE, TXNG_GS1_KIND_PARTY};

            for (size_t j = 0; j < 2; j++) {
                json_t  *ev = NULL;
                uint64_t index;
                bool     found = false;

                if (txng_index_master(log, kinds[j], id, &index, &ev, &found) == TXNG_OK && found) {
                    json_array_append_new(arr, json_pack("{s:I,s:s}", "index", (json_int_t) index,
                                                         "role", "master data"));
                }
                json_decref(ev);
            }
            continue;
        }
        err = txng_index_find(log, id, strlen(id), roles[k], &hits, &n);
        for (size_t i = 0; err == TXNG_OK && i < n; i++) {
            json_array_append_new(arr, json_pack("{s:I,s:s}", "index", (json_int_t) hits[i].index,
                                                 "role", txng_index_role_name(roles[k])));
        }
        free(hits);
        hits = NULL;
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return NULL;
    }
    return json_pack("{s:s,s:o}", "id", id, "records", arr);
}

static enum MHD_Result
route_api(struct req *r, struct MHD_Connection *c, const char *rest, const struct query *q)
{
    struct slot *sl;
    uint64_t     v, size = 0;
    bool         present;

    r->allow = "GET, HEAD";
    if (strcmp(rest, "events") == 0 || strcmp(rest, "claim") == 0) {
        r->allow = "POST";
    }
    if (strcmp(rest, "events") == 0) {
        if (strcmp(r->method, "POST") != 0) {
            return send_json_error(r, c, 405, "use POST", NULL);
        }
        if (q->n > 0) {
            return bad_param(r, c, "unknown or repeated parameter", q->k[0]);
        }
        return route_events(r, c);
    }
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        return send_json_error(r, c, 405, "use GET", NULL);
    }
    if (strcmp(rest, "checkpoint") == 0) {
        static const char *const ok[] = {NULL};
        char               *note = NULL;
        size_t              len  = 0;
        txng_checkpoint     cp;
        txng_diag           diag = TXNG_DIAG_INIT;
        size_t              tl   = 0;
        json_t             *j;
        char                root[64];

        if (unknown_param(q, ok) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter", unknown_param(q, ok));
        }
        sl = slot_take(r->s);
        if (txng_log_checkpoint(sl->log, 0, &note, &len) != TXNG_OK) {
            slot_give(sl);
            return send_json_error(r, c, 500, "no checkpoint", NULL);
        }
        slot_give(sl);
        if (txng_note_verify(note, len, &r->s->pub, 1, &tl, &diag) != TXNG_OK ||
            txng_checkpoint_parse(&cp, note, tl, &diag) != TXNG_OK) {
            free(note);
            return send_json_error(r, c, 500, "stored checkpoint does not verify", NULL);
        }
        root[txng_b64_encode(root, cp.root, sizeof cp.root)] = '\0';
        j = json_pack("{s:s,s:I,s:s,s:s#,s:s}", "origin", cp.origin, "size", (json_int_t) cp.size,
                      "root", root, "note", note, len, "key", r->s->vkey);
        free(note);
        return send_json(r, c, 200, j, "public, max-age=5");
    }
    if (strncmp(rest, "records/", 8) == 0) {
        static const char *const ok[] = {NULL};
        char          *bytes = NULL;
        size_t         len   = 0;
        txng_err       err;
        enum MHD_Result ret;

        if (!txng_dec_parse(rest + 8, strlen(rest + 8), &v)) {
            return bad_param(r, c, "record index: decimal digits without sign or leading zeros",
                             "index");
        }
        if (unknown_param(q, ok) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter", unknown_param(q, ok));
        }
        sl  = slot_take(r->s);
        err = txng_log_get(sl->log, v, &bytes, &len);
        slot_give(sl);
        if (err == TXNG_ENOTFOUND) {
            return send_json_error(r, c, 404, "no record with that index", "index");
        }
        if (err != TXNG_OK) {
            return send_json_error(r, c, 500, txng_strerror(err), NULL);
        }
        ret = send_bytes(r, c, 200, "application/json", bytes, len,
                         "public, max-age=31536000, immutable", true);
        free(bytes);
        return ret;
    }
    if (strncmp(rest, "proofs/", 7) == 0) {
        static const char *const ok[] = {"size", NULL};
        unsigned char      proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
        size_t             n = 0;
        txng_err           err;
        json_t            *arr, *j;
        char              *note = NULL, *bytes = NULL;
        size_t             note_len = 0, blen = 0;
        unsigned char      leaf[TXNG_HASH_BYTES];
        char               b64[64];

        if (!txng_dec_parse(rest + 7, strlen(rest + 7), &v)) {
            return bad_param(r, c, "record index: decimal digits without sign or leading zeros",
                             "index");
        }
        if (unknown_param(q, ok) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter", unknown_param(q, ok));
        }
        if (!q_u64(q, "size", &size, &present)) {
            return bad_param(r, c, "size: decimal digits without sign or leading zeros", "size");
        }
        if (present && size == 0) {
            /* 0 is how txng_log_prove() names the newest size: never what a client asks */
            return bad_param(r, c, "size: a tree of size 0 holds no record to prove", "size");
        }
        /* the checkpoint first, then the proof at its size: an append landing between the
         * two reads must not pair a proof with another tree */
        sl  = slot_take(r->s);
        err = txng_log_checkpoint(sl->log, size, &note, &note_len);
        if (err == TXNG_OK && !present) {
            const char *nl = memchr(note, '\n', note_len), *end = NULL;

            if (nl != NULL) {
                end = memchr(nl + 1, '\n', note_len - (size_t) (nl + 1 - note));
            }
            if (end == NULL || !txng_dec_parse(nl + 1, (size_t) (end - nl - 1), &size)) {
                err = TXNG_ECORRUPT;
            }
        }
        if (err == TXNG_OK) {
            err = txng_log_prove(sl->log, v, size, proof, &n);
        }
        if (err == TXNG_OK) {
            err = txng_log_get(sl->log, v, &bytes, &blen);
        }
        slot_give(sl);
        if (err == TXNG_ENOTFOUND) {
            free(note);
            return send_json_error(r, c, 404, "no such record, or no checkpoint of that size",
                                   present ? "size" : "index");
        }
        if (err != TXNG_OK) {
            free(note);
            free(bytes);
            return send_json_error(r, c, 500, txng_strerror(err), NULL);
        }
        arr = json_array();
        for (size_t i = 0; i < n; i++) {
            b64[txng_b64_encode(b64, proof[i], TXNG_HASH_BYTES)] = '\0';
            json_array_append_new(arr, json_string(b64));
        }
        txng_hash_leaf(leaf, bytes, blen);
        b64[txng_b64_encode(b64, leaf, sizeof leaf)] = '\0';
        j = json_pack("{s:I,s:s,s:o,s:s#}", "index", (json_int_t) v, "leafHash", b64, "proof", arr,
                      "checkpoint", note, note_len);
        free(note);
        free(bytes);
        return send_json(r, c, 200, j, "no-cache");
    }
    if (strcmp(rest, "trace") == 0 || strcmp(rest, "search") == 0) {
        static const char *const ok_t[] = {"id", "direction", "depth", NULL};
        static const char *const ok_s[] = {"id", NULL};
        bool                     is_trace = rest[0] == 't';
        const char              *idv = qget(q, "id"), *dir = qget(q, "direction");
        char                     dec[TXNG_GS1_URI_MAX], canon[TXNG_GS1_URI_MAX];
        txng_diag                diag = TXNG_DIAG_INIT;
        txng_trace_result       *t    = NULL;
        txng_err                 err;
        uint64_t                 depth = 0;
        json_t                  *j = NULL;

        if (unknown_param(q, is_trace ? ok_t : ok_s) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter",
                             unknown_param(q, is_trace ? ok_t : ok_s));
        }
        if (idv == NULL) {
            return bad_param(r, c, "id is required", "id");
        }
        if (!qdecode(idv, dec, sizeof dec)) {
            return bad_param(r, c, "id: not UTF-8 text", "id");
        }
        if (txng_gs1_canonicalize(canon, dec, strlen(dec), &diag) != TXNG_OK) {
            return bad_param(r, c, diag.reason ? diag.reason : "not an identifier", "id");
        }
        if (dir != NULL && strcmp(dir, "back") != 0 && strcmp(dir, "forward") != 0) {
            return bad_param(r, c, "direction: back or forward", "direction");
        }
        if (!q_u64(q, "depth", &depth, &present) || depth > 1000) {
            return bad_param(r, c, "depth: decimal 0 to 1000", "depth");
        }
        sl  = slot_take(r->s);
        err = txng_trace(sl->log, canon, dir && dir[0] == 'f' ? TXNG_TRACE_FORWARD : TXNG_TRACE_BACK,
                         is_trace ? (unsigned) depth : 1, &t);
        if (err == TXNG_ENOTFOUND && !is_trace) {
            /* a place or party is not a thing to trace, but records name it */
            json_t *found = search_named(sl->log, canon);

            slot_give(sl);
            if (found != NULL) {
                return send_json(r, c, 200, found, "no-cache");
            }
            return send_json_error(r, c, 404, "no record names this identifier", "id");
        }
        slot_give(sl);
        if (err == TXNG_ENOTFOUND) {
            return send_json_error(r, c, 404, "no record names this identifier", "id");
        }
        if (err != TXNG_OK) {
            return send_json_error(r, c, 500, txng_strerror(err), NULL);
        }
        if (is_trace) {
            if (txng_trace_to_json(t, &j) != TXNG_OK) {
                j = NULL;
            }
        } else {
            json_t *arr = json_array();

            for (size_t i = 0; i < t->nodes[0].nevents; i++) {
                const txng_trace_link *l = &t->nodes[0].events[i];

                json_array_append_new(
                    arr, json_pack("{s:I,s:s}", "index", (json_int_t) t->events[l->event].index,
                                   "role", txng_index_role_name(l->role)));
            }
            j = json_pack("{s:s,s:o}", "id", canon, "records", arr);
        }
        txng_trace_free(t);
        if (j == NULL) {
            return send_json_error(r, c, 500, "out of memory", NULL);
        }
        return send_json(r, c, 200, j, "no-cache");
    }
    if (strncmp(rest, "stamps/", 7) == 0) {
        static const char *const ok[] = { NULL };
        txng_stamp_info          info;
        txng_err                 err;
        json_t                  *j;
        int                      status;

        if (unknown_param(q, ok) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter", unknown_param(q, ok));
        }
        sl  = slot_take(r->s);
        err = txng_stamp_find(sl->log, rest + 7, &info);
        slot_give(sl);
        if (err == TXNG_EINVAL) {
            return bad_param(r, c, "a GI stamp: one serial of 1-20 characters of GS1 set 82",
                             "stamp");
        }
        if (err != TXNG_OK) {
            return send_json_error(r, c, 500, txng_strerror(err), NULL);
        }
        /* as /api/v1/search: 404 when no record names it, the answer in the body either way */
        status = info.n > 0 ? 200 : 404;
        j      = txng_stamp_to_json(rest + 7, &info);
        txng_stamp_info_free(&info);
        if (j == NULL) {
            return send_json_error(r, c, 500, "out of memory", NULL);
        }
        return send_json(r, c, status, j, "no-cache");
    }
    if (strcmp(rest, "scans") == 0) {
        static const char *const ok[] = {"id", NULL};
        const char   *idv = qget(q, "id");
        char          dec[TXNG_GS1_URI_MAX], canon[TXNG_GS1_URI_MAX];
        txng_diag     diag = TXNG_DIAG_INIT;
        web_scan_info si;
        json_t       *j, *regions;
        char          first[32] = "", last[32] = "";

        if (unknown_param(q, ok) != NULL) {
            return bad_param(r, c, "unknown or repeated parameter", unknown_param(q, ok));
        }
        if (idv == NULL || !qdecode(idv, dec, sizeof dec) ||
            txng_gs1_canonicalize(canon, dec, strlen(dec), &diag) != TXNG_OK) {
            return bad_param(r, c, diag.reason ? diag.reason : "id is required", "id");
        }
        web_scans_get(r->s->scans, canon, &si);
        if (si.count > 0) {
            txng_time_format(first, si.first);
            txng_time_format(last, si.last);
        }
        regions = json_array();
        for (unsigned i = 0; i < si.nregions; i++) {
            json_array_append_new(regions, json_string(si.regions[i]));
        }
        j = json_pack("{s:s,s:I,s:o}", "id", canon, "count", (json_int_t) si.count, "regions",
                      regions);
        if (si.count > 0) {
            json_object_set_new(j, "first", json_string(first));
            json_object_set_new(j, "last", json_string(last));
        }
        return send_json(r, c, 200, j, "no-store");
    }
    if (strcmp(rest, "claim") == 0) {
        return send_json_error(r, c, 405, "use POST", NULL);
    }
    return send_json_error(r, c, 404, "no such API route", NULL);
}

/* ---- Digital Link routes ---- */

struct label_keys {
    const txng_label *label;
    bool              revoked; /* the pass over revoked keys */
    bool              ok;
    uint64_t          revoked_at; /* index of the revocation record of the key found */
    char              who[TXNG_KEYREF_MAX];
};

/* The producer signs labels with its own enrolled key: try each unrevoked key, or (the second
 * pass) each revoked one, to say whose revoked key it was. */
static txng_err
try_label_key(void *ctx, const txng_key_info *key)
{
    struct label_keys *lk   = ctx;
    txng_diag          diag = TXNG_DIAG_INIT;

    if (key->is_revoked == lk->revoked && txng_label_verify(lk->label, &key->key, &diag) == TXNG_OK) {
        lk->ok         = true;
        lk->revoked_at = key->revoked;
        txng_pubkey_ref(&key->key, lk->who);
        return TXNG_EEXIST; /* stop */
    }
    return TXNG_OK;
}

/* Check the label's 8030 signature against the keys of @p log into @p d. */
static void
check_label(txng_log *log, const txng_label *label, struct dyn *d)
{
    struct label_keys lk = {label, false, false, 0, ""};

    d->label_sig = -1;
    if (!label->has_sig) {
        return;
    }
    if (txng_log_keys(log, try_label_key, &lk) != TXNG_EEXIST) {
        lk.ok = false; /* every key tried (TXNG_OK) or the list unreadable: none made it */
    }
    d->label_sig = lk.ok ? 1 : 0;
    if (!lk.ok) {
        lk.revoked = true;
        if (txng_log_keys(log, try_label_key, &lk) == TXNG_EEXIST) {
            json_t     *rec  = record_json(log, lk.revoked_at);
            const char *when = jstr(json_object_get(rec, "event"), "eventTime");

            if (when == NULL) {
                when = jstr(rec, "recorded"); /* a txng:KeyRevoke has no eventTime */
            }

            d->label_sig = 2;
            snprintf(d->label_revoked, sizeof d->label_revoked, "%s", when ? when : "");
            json_decref(rec);
        }
    }
    snprintf(d->label_who, sizeof d->label_who, "%s", lk.who);
}

#define MASTER_EVENTS 200

/*
 * The page of a place (414) or a party (417): its newest master data event
 * and the newest MASTER_EVENTS events that name it (readPoint or bizLocation
 * for a place, sourceList or destinationList for a party). Not cached: these
 * pages are not what labels point to.
 */
static enum MHD_Result
route_master(struct req *r, struct MHD_Connection *c, const char *path, const char *id,
             bool party, enum web_lang lang, const char *lt)
{
    struct server  *s = r->s;
    struct slot    *sl;
    json_t         *ev = NULL, *events = json_array(), *places = json_object();
    json_t         *parties = json_object();
    txng_index_hit *hits = NULL;
    size_t          n = 0;
    uint64_t        mindex = 0, size = 0;
    bool            found = false;
    txng_err        err;
    web_page_in     in;
    web_buf         b = {0};
    enum MHD_Result ret;

    if (events == NULL || places == NULL || parties == NULL) {
        ret = send_page_error(r, c, lang, 500, "Error", "the page could not be made", NULL);
        goto out;
    }
    sl  = slot_take(s);
    err = txng_index_master(sl->log, party ? TXNG_GS1_KIND_PARTY : TXNG_GS1_KIND_PLACE, id, &mindex,
                            &ev, &found);
    if (err == TXNG_OK && found) {
        err = txng_index_find(sl->log, id, strlen(id), party ? TXNG_ROLE_PARTY : TXNG_ROLE_LOCATION,
                              &hits, &n);
    }
    if (err == TXNG_OK && found && txng_log_size(sl->log, &size) != TXNG_OK) {
        size = 0;
    }
    for (size_t i = n > MASTER_EVENTS ? n - MASTER_EVENTS : 0; err == TXNG_OK && i < n; i++) {
        json_t     *rec = record_json(sl->log, hits[i].index);
        json_t     *e   = json_object_get(rec, "event");
        const char *signer = jstr(json_array_get(json_object_get(rec, "signatures"), 0), "key");

        if (e != NULL && (jstr(e, "type") == NULL || strncmp(jstr(e, "type"), "txng:", 5) != 0)) {
            json_array_append_new(events, json_pack("{s:I,s:O,s:s}", "index",
                                                    (json_int_t) hits[i].index, "event", e,
                                                    "signer", signer ? signer : ""));
            add_place(sl->log, places, parties, jstr(json_object_get(e, "bizLocation"), "id"));
            add_place(sl->log, places, parties, jstr(json_object_get(e, "readPoint"), "id"));
        }
        json_decref(rec);
    }
    slot_give(sl);
    if (err != TXNG_OK) {
        ret = send_page_error(r, c, lang, 500, "Error", "The log cannot be read.", NULL);
        goto out;
    }
    if (!found) {
        if ((lt != NULL && (strcmp(lt, "linkset") == 0 || strcmp(lt, "all") == 0)) ||
            (lt == NULL && (accepts(c, "application/linkset+json") ||
                            accepts(c, "application/json")))) {
            ret = send_json_error(r, c, 404, "unknown identifier", id);
        } else {
            ret = send_page_error(r, c, lang, 404, "Not found",
                                  "This log has no master data for this place or party.", id);
        }
        goto out;
    }
    if ((lt != NULL && (strcmp(lt, "linkset") == 0 || strcmp(lt, "all") == 0)) ||
        (lt == NULL && (accepts(c, "application/linkset+json") || accepts(c, "application/json")))) {
        web_buf href = {0};
        json_t *ls;
        char   *text;

        web_buf_str(&href, s->base);
        web_buf_str(&href, id + strlen(TXNG_GS1_CANONICAL_STEM));
        web_buf_add(&href, "", 1);
        ls   = href.failed ? NULL : json_pack("{s:[{s:s,s:[{s:s,s:s,s:s,s:[s,s]}]}]}", "linkset", "anchor", id,
                         "https://gs1.org/voc/defaultLink", "href", href.p, "title",
                         jstr(ev, "name") ? jstr(ev, "name") : id, "type", "text/html",
                         "hreflang", "vi", "en");
        text = ls ? json_dumps(ls, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(ls);
        web_buf_free(&href);
        ret = text ? send_bytes(r, c, 200, "application/linkset+json", text, strlen(text),
                                "no-cache", true)
                   : MHD_NO;
        free(text);
        goto out;
    }
    if (lt != NULL && strcmp(lt, "gs1:defaultLink") != 0 && strcmp(lt, "gs1:pip") != 0) {
        ret = send_page_error(r, c, lang, 404, "No such link",
                              "This resolver has no link of that type for this item.", lt);
        goto out;
    }
    sort_by_time(events);
    memset(&in, 0, sizeof in);
    in.lang     = lang;
    in.base     = s->base;
    in.path     = path;
    in.requested = id;
    in.resolved = id;
    in.vkey     = s->vkey;
    in.fingerprint = s->fpr;
    in.events   = events;
    in.places   = places;
    in.parties  = parties;
    in.size     = size;
    web_page_master(&b, &in, ev, party);
    ret = send_buf(r, c, 200, "text/html; charset=utf-8", &b, "no-cache", false);
out:
    free(hits);
    json_decref(ev);
    json_decref(events);
    json_decref(places);
    json_decref(parties);
    return ret;
}

static const char *const link_types[] = {"gs1:defaultLink", "gs1:pip", "gs1:traceability",
                                         "gs1:epcis", "linkset", "all", NULL};

static enum MHD_Result
route_dl(struct req *r, struct MHD_Connection *c, const char *path, const struct query *q)
{
    struct server *s  = r->s;
    enum web_lang  lang = pick_lang(c, q);
    web_buf        uri = {0};
    txng_label     label;
    txng_gs1_id    gid;
    txng_diag      diag = TXNG_DIAG_INIT;
    char           cands[3][TXNG_GS1_URI_MAX];
    int            ncand = 0;
    const char    *lt = qget(q, "linkType");
    struct slot   *sl;
    uint64_t       size = 0, product_index = 0;
    struct res    *x = NULL;
    char           key[TXNG_GS1_URI_MAX + 8];
    bool           is_gtin;
    enum MHD_Result ret;
    struct dyn     d;
    char           ltd[32], langd[8];

    r->vary = true;
    /* strict parameters: AIs go to the parser; of the others only linkType and lang */
    for (size_t i = 0; i < q->n; i++) {
        const char *k = q->k[i];
        bool        numeric = k[0] != '\0' && strspn(k, "0123456789") == strlen(k);

        for (size_t j = 0; j < i; j++) {
            if (strcmp(q->k[j], k) == 0) {
                return send_page_error(r, c, lang, 400, "Bad request", "A parameter is repeated.",
                                       k);
            }
        }
        if (!numeric && strcmp(k, "linkType") != 0 && strcmp(k, "lang") != 0) {
            return send_page_error(r, c, lang, 400, "Bad request",
                                   "Unknown parameter: only GS1 application identifiers, "
                                   "linkType and lang are accepted.",
                                   k);
        }
    }
    if (qget(q, "lang") != NULL &&
        (!qdecode(qget(q, "lang"), langd, sizeof langd) ||
         (strcmp(langd, "vi") != 0 && strcmp(langd, "en") != 0))) {
        return send_page_error(r, c, lang, 400, "Bad request", "lang must be vi or en.", "lang");
    }
    if (lt != NULL) {
        /* compared decoded: gs1%3Atraceability is gs1:traceability */
        if (!qdecode(lt, ltd, sizeof ltd)) {
            return send_page_error(r, c, lang, 404, "No such link",
                                   "This resolver has no link of that type for this item.", NULL);
        }
        lt = ltd;
    }
    if (lt != NULL) {
        bool ok = false;

        for (const char *const *t = link_types; *t != NULL && !ok; t++) {
            ok = strcmp(*t, lt) == 0;
        }
        if (!ok) {
            return send_page_error(r, c, lang, 404, "No such link",
                                   "This resolver has no link of that type for this item.", lt);
        }
    }
    /* the URI as the label carries it, minus linkType and lang */
    web_buf_str(&uri, "https://resolver.invalid");
    web_buf_str(&uri, path);
    {
        bool first = true;

        for (size_t i = 0; i < q->n; i++) {
            if (strcmp(q->k[i], "linkType") == 0 || strcmp(q->k[i], "lang") == 0) {
                continue;
            }
            web_buf_str(&uri, first ? "?" : "&");
            web_buf_str(&uri, q->k[i]);
            web_buf_str(&uri, "=");
            web_buf_str(&uri, q->v[i]);
            first = false;
        }
    }
    if (uri.failed) {
        web_buf_free(&uri);
        return MHD_NO;
    }
    is_gtin = strncmp(path, "/01/", 4) == 0;
    if (is_gtin && strstr(path, "/22/") == NULL) {
        txng_err err = txng_label_parse(&label, NULL, uri.p, uri.len, &diag);

        if (err != TXNG_OK) {
            web_buf_free(&uri);
            return send_dl_malformed(r, c, lang, &diag);
        }
        if (txng_label_unit_id(cands[ncand], &label, &diag) == TXNG_OK) {
            ncand++;
        }
        if (label.serial[0] != '\0' && label.lot[0] != '\0') {
            snprintf(cands[ncand++], TXNG_GS1_URI_MAX, TXNG_GS1_CANONICAL_STEM "/01/%s/10/%s",
                     label.gtin, "");
            /* rebuild the lot identifier with proper escaping */
            memset(&gid, 0, sizeof gid);
            gid.key = TXNG_GS1_KEY_GTIN;
            snprintf(gid.key_digits, sizeof gid.key_digits, "%s", label.gtin);
            snprintf(gid.lot, sizeof gid.lot, "%s", label.lot);
            if (txng_gs1_dl_format(cands[ncand - 1], &gid, NULL, false, &diag) != TXNG_OK) {
                ncand--;
            }
        }
        if (label.serial[0] != '\0' || label.lot[0] != '\0') {
            snprintf(cands[ncand++], TXNG_GS1_URI_MAX, TXNG_GS1_CANONICAL_STEM "/01/%s",
                     label.gtin);
        }
    } else {
        if (txng_gs1_dl_parse(&gid, uri.p, uri.len, 0, &diag) != TXNG_OK ||
            txng_gs1_dl_format(cands[0], &gid, NULL, false, &diag) != TXNG_OK) {
            web_buf_free(&uri);
            return send_dl_malformed(r, c, lang, &diag);
        }
        ncand = 1;
        memset(&label, 0, sizeof label);
        if (gid.key == TXNG_GS1_KEY_GLN || gid.key == TXNG_GS1_KEY_PARTY_GLN) {
            web_buf_free(&uri);
            return route_master(r, c, path, cands[0], gid.key == TXNG_GS1_KEY_PARTY_GLN, lang, lt);
        }
    }
    web_buf_free(&uri);

    sl = slot_take(s);
    if (txng_log_size(sl->log, &size) != TXNG_OK) {
        slot_give(sl);
        return send_page_error(r, c, lang, 500, "Error", "The log cannot be read.", NULL);
    }
    /* fallback: serial -> lot -> product */
    for (int i = 0; i < ncand && x == NULL; i++) {
        int lvl = i == 0 ? 0 : (i == ncand - 1 && is_gtin && ncand > 1 ? 2 : 1);

        snprintf(key, sizeof key, "%d|%s", lvl, cands[i]);
        x = cache_get(s, key, size);
        if (x != NULL) {
            break;
        }
        if (lvl == 2 || (is_gtin && ncand == 1 && label.serial[0] == '\0' && label.lot[0] == '\0')) {
            json_t *pm = master(sl->log, TXNG_GS1_KIND_PRODUCT, cands[i]);

            if (pm != NULL) {
                /* find the product record's index again for the bundle */
                txng_index_hit *hits = NULL;
                size_t          nh   = 0;

                if (txng_index_find_name(sl->log, TXNG_GS1_KIND_PRODUCT, label.gtin,
                                         strlen(label.gtin), &hits, &nh) == TXNG_OK && nh > 0) {
                    product_index = hits[nh - 1].index;
                }
                free(hits);
                json_decref(pm);
                x = build_res(s, sl->log, key, cands[0], cands[i], cands[i], 2, size,
                              product_index);
            }
        } else if (exists_thing(sl->log, cands[i])) {
            x = build_res(s, sl->log, key, cands[0], cands[i], cands[i], lvl, size, 0);
        } else if (is_gtin && label.lot[0] != '\0' && (label.serial[0] == '\0' || i > 0)) {
            /* the label's lot code with the unit's GTIN: the log may keep the lot under a
             * bulk GTIN or as a urn:txng lot (txng labels prints it so) */
            char lot[TXNG_GS1_URI_MAX];

            if (txng_label_find_lot(sl->log, label.gtin, label.lot, lot, NULL) == TXNG_OK) {
                x = build_res(s, sl->log, key, cands[0], lot, cands[i], lvl, size, 0);
            }
        }
        if (x != NULL) {
            cache_put(s, x);
        }
    }
    /* the 8030 signature: by the log key or any enrolled key of the producer */
    memset(&d, 0, sizeof d);
    check_label(sl->log, &label, &d);
    slot_give(sl);

    if (x == NULL) {
        char detail[TXNG_GS1_URI_MAX + 8];

        snprintf(detail, sizeof detail, "%s", cands[0]);
        if ((lt != NULL && (strcmp(lt, "linkset") == 0 || strcmp(lt, "all") == 0)) ||
            (lt == NULL && (accepts(c, "application/linkset+json") ||
                            accepts(c, "application/json")) && !accepts(c, "text/html"))) {
            return send_json_error(r, c, 404, "unknown identifier", cands[0]);
        }
        return send_page_error(r, c, lang, 404, "Not found",
                               "This log has no record of this product, lot or serial. Check the "
                               "number on the label, or ask the seller.",
                               detail);
    }

    /* negotiation */
    if ((lt != NULL && (strcmp(lt, "linkset") == 0 || strcmp(lt, "all") == 0)) ||
        (lt == NULL && (accepts(c, "application/linkset+json") || accepts(c, "application/json")))) {
        ret = send_bytes(r, c, 200, "application/linkset+json", x->linkset ? x->linkset : "{}",
                         x->linkset_len, "no-cache", true);
    } else if ((lt != NULL && strcmp(lt, "gs1:traceability") == 0) ||
               (lt == NULL && accepts(c, "application/vnd.txng.bundle"))) {
        web_scan_info si;
        char          region[8];

        if (x->bundle == NULL) {
            res_unref(x);
            return send_page_error(r, c, lang, 404, "No such link", "No bundle for this item.",
                                   x->verify_msg);
        }
        /* the page's script marks its own fetch: that visit was counted with the page; a HEAD
         * request fetches nothing */
        if (x->level == 0 && !x->is_class && header(c, "X-Txng-Page") == NULL &&
            strcmp(r->method, "HEAD") != 0) {
            client_region(s, c, region);
            web_scans_hit(s->scans, x->resolved, region, now_wall(), &si);
        }
        ret = send_res_bundle(r, c, x);
    } else if ((lt != NULL && strcmp(lt, "gs1:epcis") == 0) ||
               (lt == NULL && accepts(c, "application/ld+json"))) {
        char  *doc = NULL;
        size_t len = 0;
        FILE  *f;
        txng_err err = TXNG_ENOTFOUND;

        if (s->cfg.epcis == NULL || x->nidx == 0) {
            res_unref(x);
            return send_page_error(r, c, lang, 404, "No such link", "No EPCIS link for this item.",
                                   NULL);
        }
        f = open_memstream(&doc, &len);
        if (f != NULL) {
            sl  = slot_take(s);
            err = s->cfg.epcis(s->cfg.epcis_ctx, sl->log, x->idx, x->nidx, f);
            slot_give(sl);
            if (fclose(f) != 0 && err == TXNG_OK) {
                err = TXNG_ESYS;
            }
        }
        if (err != TXNG_OK) {
            free(doc);
            res_unref(x);
            return send_page_error(r, c, lang, 500, "Error", "The EPCIS document could not be made.",
                                   txng_strerror(err));
        }
        ret = send_bytes(r, c, 200, "application/ld+json", doc, len, "no-cache", true);
        free(doc);
    } else {
        web_scan_info si;
        bool          unit = x->level == 0 && !x->is_class;
        char          region[8];

        /* a scan is a visit from the label: following the language switch (lang=) is not, nor
         * is a HEAD request (link checkers, crawlers), which gets no page */
        if (unit && qget(q, "lang") == NULL && strcmp(r->method, "HEAD") != 0) {
            client_region(s, c, region);
            web_scans_hit(s->scans, x->resolved, region, now_wall(), &si);
        } else if (unit) {
            web_scans_get(s->scans, x->resolved, &si);
        }
        d.scan         = unit ? &si : NULL;
        d.never_packed = x->level > 0 && label.serial[0] != '\0';
        d.path         = path;
        d.q            = q;
        /* A serial never packed is not found, whatever its page falls back to: the status
         * says so to a script as the warning says so to a reader. */
        ret = send_page(r, c, x, lang, &d, d.never_packed ? 404 : 200);
    }
    res_unref(x);
    return ret;
}

/*
 * The unit a claim is for, as `txng claim` finds it: a label's URI (with its
 * lot, dates or 8030) comes down to GTIN and serial with txng_label_unit_id();
 * any other identifier is canonicalised as it is. A lot or a product is no
 * unit: refused, as the command refuses it, before anything is counted.
 */
static txng_err
claim_unit(char *out, const char *id, txng_diag *diag)
{
    static const char no_serial[] = "the URI names no serial (21): a claim is for one unit";
    static const char gtin_stem[] = TXNG_GS1_CANONICAL_STEM "/01/";
    txng_label        l;
    txng_diag         ld = TXNG_DIAG_INIT;
    txng_err          err;

    if (txng_label_parse(&l, NULL, id, strlen(id), &ld) == TXNG_OK) {
        if (l.serial[0] == '\0') {
            txng_diag_set(diag, no_serial, "id");
            return TXNG_EFORMAT;
        }
        return txng_label_unit_id(out, &l, diag);
    }
    err = txng_gs1_canonicalize(out, id, strlen(id), diag);
    if (err == TXNG_OK && strncmp(out, gtin_stem, sizeof gtin_stem - 1) == 0 &&
        strstr(out, "/21/") == NULL) {
        /* a lot or product in another form, e.g. an EPC class URN */
        txng_diag_set(diag, no_serial, "id");
        return TXNG_EFORMAT;
    }
    return err;
}

/* Whether the request body is of media type @p type (parameters such as charset aside). */
static bool
body_is(struct MHD_Connection *c, const char *type)
{
    const char *ct = header(c, "Content-Type");
    size_t      n;

    if (ct == NULL) {
        return false;
    }
    ct += strspn(ct, " \t");
    n = strcspn(ct, "; \t");
    return n == strlen(type) && strncasecmp(ct, type, n) == 0;
}

/* Whether the answer goes to a form posted by a browser without JavaScript: a page. */
static bool
wants_page(struct MHD_Connection *c)
{
    return !accepts(c, "application/json") && accepts(c, "text/html");
}

/* The language of the answer to a claim: that of the page whose form was posted (its hidden
 * field lang, vi or en), else the browser's (Accept-Language). */
static enum web_lang
claim_lang(const struct req *r, struct MHD_Connection *c)
{
    return r->lang >= 0 ? (enum web_lang) r->lang : pick_lang(c, NULL);
}

/* The lang field of a form body when it is vi or en, read before the form is parsed (which
 * cuts the body) so that every refusal comes in it; -1 when there is none. */
static int
form_lang(const web_buf *body)
{
    const char *p = body->p, *end = body->p != NULL ? body->p + body->len : NULL;

    while (p != NULL && p < end) {
        const char *amp = memchr(p, '&', (size_t) (end - p));
        const char *e   = amp != NULL ? amp : end;

        if (e - p == 7 && (memcmp(p, "lang=vi", 7) == 0 || memcmp(p, "lang=en", 7) == 0)) {
            return p[5] == 'e' ? WEB_EN : WEB_VI;
        }
        p = amp != NULL ? amp + 1 : end;
    }
    return -1;
}

/* The lang member of JSON claim @p j when it is "vi" or "en", read before anything else so
 * that every refusal comes in it; -1 when there is none (or @p j is no JSON object). */
static int
json_lang(const json_t *j)
{
    const char *l = jstr(j, "lang");

    if (l != NULL && (strcmp(l, "vi") == 0 || strcmp(l, "en") == 0)) {
        return l[0] == 'e' ? WEB_EN : WEB_VI;
    }
    return -1;
}

/* A JSON answer to a claim carries "message": its outcome or reason (English, fixed) in the
 * language of the page that posted it (claim_lang()), so the page's script shows it as it is
 * and holds no copy of the catalogue. */
static void
claim_message(json_t *j, struct req *r, struct MHD_Connection *c, const char *en)
{
    if (j != NULL) {
        json_object_set_new(j, "message", json_string(web_tr(claim_lang(r, c), en)));
    }
}

/* Refuse a claim: JSON, or a page for a form posted by a browser without JavaScript, in the
 * language of its page (claim_lang()), with the rule broken and the field. */
static enum MHD_Result
claim_refuse(struct req *r, struct MHD_Connection *c, int status, const char *reason,
             const char *field)
{
    json_t *j;

    if (wants_page(c)) {
        return send_page_error(r, c, claim_lang(r, c), status, "The claim was not accepted", reason,
                               field);
    }
    j = json_pack("{s:i,s:s}", "error", status, "reason", reason != NULL ? reason : "error");
    if (j != NULL && field != NULL && field[0] != '\0') {
        json_object_set_new(j, "field", json_string(field));
    }
    claim_message(j, r, c, reason != NULL ? reason : "error");
    if (j == NULL) {
        return MHD_NO;
    }
    return send_json(r, c, status, j, NULL);
}

/* Decode the form value @p raw into a new string (free()): TXNG_OK; TXNG_EFORMAT, @p *why
 * saying why (qdecode_why(): a bad percent-encoding, or not UTF-8 text without controls);
 * TXNG_ENOMEM. */
static txng_err
form_value(char **out, const char *raw, const char **why)
{
    size_t cap = strlen(raw) + 1;

    *out = malloc(cap);
    if (*out == NULL) {
        return TXNG_ENOMEM;
    }
    if ((*why = qdecode_why(raw, *out, cap)) != NULL) {
        free(*out);
        *out = NULL;
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

/* The name of the member a JSON_REJECT_DUPLICATES error names ("duplicate object key near
 * '"code"'"), or "" when the text does not hold it. */
static void
duplicate_name(char *out, size_t cap, const json_error_t *je)
{
    const char *p = strstr(je->text, "near '\"");
    size_t      n;

    out[0] = '\0';
    if (p == NULL) {
        return;
    }
    p += 7;
    n = strlen(p);
    if (n >= 2 && strcmp(p + n - 2, "\"'") == 0) {
        snprintf(out, cap, "%.*s", (int) (n - 2), p);
    }
}

/*
 * Whether claiming @p unit with @p code would be refused as a wrong code: the claim is decided
 * on this worker's read-only handle, where an outcome that would be recorded fails with
 * TXNG_EPERM (core/claim.h) and nothing is written. Only a client over its budget of wrong
 * codes pays for this check (one Argon2id), so that a right code still claims. A code
 * registered anew between this check and the writer's is not seen here. The checks take
 * turns, as the writer's claims do: clients over their budgets get at most one core
 * between them, whatever their number, and each waits its turn.
 */
static bool
claim_would_be_wrong(struct server *s, const char *unit, const char *code)
{
    struct slot       *sl;
    txng_claim_outcome outcome = TXNG_CLAIM_CLAIMED;
    txng_diag          diag    = TXNG_DIAG_INIT;
    int64_t            now     = now_wall();
    char               t[40];
    struct tm          tm;
    time_t             tt = (time_t) now;
    txng_err           err;

    gmtime_r(&tt, &tm);
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    /* a wrong code is recorded: on this handle that fails with TXNG_EPERM, the outcome set */
    pthread_mutex_lock(&s->over_mu); /* before a read slot, which pages need */
    sl  = slot_take(s);
    err = txng_claim_check_and_record(sl->log, s->cfg.logkey, s->cfg.claim_actor, unit, code, t,
                                      now, &outcome, NULL, NULL, &diag);
    slot_give(sl);
    pthread_mutex_unlock(&s->over_mu);
    return err == TXNG_EPERM && outcome == TXNG_CLAIM_WRONG_CODE;
}

/* Refuse a wrong code from a client over its budget (budget.c), @p wait seconds before it
 * has one again: 429 with Retry-After, the time to try again, and nothing appended. */
static enum MHD_Result
claim_throttled(struct req *r, struct MHD_Connection *c, const char *unit, double wait)
{
    static const char why[] = "too many wrong claim codes from this network address";
    int64_t           secs  = wait < 1.0 ? 1 : (int64_t) wait + (wait > (double) (int64_t) wait);
    int64_t           at    = now_wall() + secs;
    char              retry[32];
    json_t           *j;

    snprintf(r->retry_after, sizeof r->retry_after, "%" PRId64, secs);
    txng_time_format(retry, at);
    if (wants_page(c)) {
        web_buf b = {0};
        char    back[TXNG_GS1_URI_MAX], when[32];

        snprintf(back, sizeof back, "%s",
                 unit + (strncmp(unit, TXNG_GS1_CANONICAL_STEM, strlen(TXNG_GS1_CANONICAL_STEM)) == 0
                             ? strlen(TXNG_GS1_CANONICAL_STEM)
                             : 0));
        vn_time(when, (at / 60 + (at % 60 != 0)) * 60);
        web_page_claim(&b, claim_lang(r, c), 429, false, why, 0, when, "", back);
        return send_buf(r, c, 429, "text/html; charset=utf-8", &b, NULL, false);
    }
    j = json_pack("{s:i,s:s,s:s,s:s}", "error", 429, "reason", why, "id", unit, "retryAfter",
                  retry);
    claim_message(j, r, c, why);
    if (j == NULL) {
        return MHD_NO;
    }
    return send_json(r, c, 429, j, NULL);
}

/* POST /api/v1/claim (form or JSON): id, code */
static enum MHD_Result
route_claim(struct req *r, struct MHD_Connection *c)
{
    struct server  *s = r->s;
    char            canon[TXNG_GS1_URI_MAX];
    char           *id = NULL, *code = NULL;
    size_t          code_len = 0;
    txng_diag       diag     = TXNG_DIAG_INIT;
    json_t         *body     = NULL;
    json_error_t    je;
    enum MHD_Result ret;

    r->vary = true; /* a page or JSON, in the browser's language */
    if (r->job != NULL) {
        static const char *const names[] = {
            [TXNG_CLAIM_CLAIMED] = "claimed",          [TXNG_CLAIM_UNKNOWN] = "unknown unit",
            [TXNG_CLAIM_NO_CODES] = "no claim code",   [TXNG_CLAIM_RECALLED] = "recalled",
            [TXNG_CLAIM_WRONG_CODE] = "wrong code",    [TXNG_CLAIM_ALREADY] = "already claimed",
            [TXNG_CLAIM_WAIT] = "too many wrong codes"
        };
        struct job *j = r->job;
        json_t     *out;
        int         status    = j->outcome == TXNG_CLAIM_CLAIMED ? 200
                                : j->outcome == TXNG_CLAIM_WAIT  ? 429
                                                                 : 409;
        char        retry[32] = "";

        if (j->charged && (j->err != TXNG_OK || j->outcome != TXNG_CLAIM_WRONG_CODE)) {
            /* only a wrong code counts against the client */
            web_budget_give_back(s->budget, r->limit, now_mono());
            j->charged = false;
        } else if (s->budget != NULL && !j->charged && j->err == TXNG_OK &&
                   j->outcome == TXNG_CLAIM_WRONG_CODE) {
            /* the codes were registered anew since claim_would_be_wrong(): count it all the same */
            (void) web_budget_take(s->budget, r->limit, now_mono(), NULL);
        }
        if (j->err != TXNG_OK) {
            return claim_refuse(r, c, 500, txng_strerror(j->err), NULL);
        }
        if (j->unknown_err != TXNG_OK) {
            /* the operator's file, in the log folder, named by the field; the server log
               has its path */
            return claim_refuse(r, c, 500, j->unknown_why, "claims-unknown");
        }
        if (j->retry_at != 0) {
            /* the unit takes its next attempt from then on (core/claim.h back-off) */
            txng_time_format(retry, j->retry_at);
            snprintf(r->retry_after, sizeof r->retry_after, "%" PRId64,
                     j->retry_at > j->now ? j->retry_at - j->now : 1);
        }
        if (wants_page(c)) {
            /* the form posted without JavaScript: a page with the outcome */
            enum web_lang lang = claim_lang(r, c);
            web_buf       b    = {0};
            char          back[TXNG_GS1_URI_MAX], when[32] = "", claimed_at[32] = "";

            snprintf(back, sizeof back, "%s", j->unit + (strncmp(j->unit, TXNG_GS1_CANONICAL_STEM, strlen(TXNG_GS1_CANONICAL_STEM)) == 0 ? strlen(TXNG_GS1_CANONICAL_STEM) : 0));
            if (retry[0] != '\0') {
                /* to the minute, rounded up: at the time shown the attempt is taken */
                vn_time(when, (j->retry_at / 60 + (j->retry_at % 60 != 0)) * 60);
            }
            if (j->outcome == TXNG_CLAIM_ALREADY && j->claimed) {
                int64_t t;

                if (txng_event_time_parse(j->claimed_at, NULL, NULL, &t, NULL) == TXNG_OK) {
                    vn_time(claimed_at, t);
                }
            }
            web_page_claim(&b, lang, status, j->outcome == TXNG_CLAIM_CLAIMED, names[j->outcome],
                           j->unknown, when, claimed_at, back);
            return send_buf(r, c, status, "text/html; charset=utf-8", &b, NULL, false);
        }
        out = json_pack("{s:s,s:s,s:b}", "id", j->unit, "outcome", names[j->outcome], "claimed",
                        j->outcome == TXNG_CLAIM_CLAIMED);
        claim_message(out, r, c, names[j->outcome]);
        if (out != NULL && j->claimed) {
            /* as txng claim --json gives them: when and by which record the unit was claimed */
            json_object_set_new(out, "claimedAt", json_string(j->claimed_at));
            json_object_set_new(out, "claimRecord", json_integer((json_int_t) j->claim_index));
        }
        if (out != NULL && retry[0] != '\0') {
            json_object_set_new(out, "retryAfter", json_string(retry));
        }
        if (out != NULL && j->unknown > 0) {
            json_object_set_new(out, "unknownClaims",
                                json_integer(j->unknown > INT64_MAX ? INT64_MAX
                                                                    : (json_int_t) j->unknown));
        }
        return send_json(r, c, status, out, NULL);
    }
    if (body_is(c, "application/x-www-form-urlencoded")) {
        r->lang = form_lang(&r->body);
    } else if (body_is(c, "application/json")) {
        /* read once, first: its lang says the language of every answer, refusals too */
        body = json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
        r->lang = json_lang(body);
    }
    if (!s->cfg.write || s->cfg.claim_actor == NULL) {
        json_decref(body);
        return claim_refuse(r, c, 403, "claims are not enabled on this server", NULL);
    }
    if (body_is(c, "application/json")) {
        json_t     *j = body;
        const char *a = jstr(j, "id"), *b = jstr(j, "code");
        json_t      *l = json_object_get(j, "lang");

        if (j == NULL && json_error_code(&je) == json_error_duplicate_key) {
            char name[64];

            duplicate_name(name, sizeof name, &je);
            return claim_refuse(r, c, 400, "repeated parameter", name);
        }
        if (a == NULL || b == NULL) {
            json_decref(j);
            return claim_refuse(r, c, 400, "expected {\"id\": ..., \"code\": ...}", NULL);
        }
        if (l != NULL && r->lang < 0) {
            /* the page's language, as a form's lang field */
            json_decref(j);
            return claim_refuse(r, c, 400, "lang must be vi or en.", "lang");
        }
        if (json_object_size(j) != (l != NULL ? 3u : 2u)) {
            /* as a form's unknown field: refused before anything is counted */
            const char *k;
            json_t     *v;
            char        name[64] = "";

            json_object_foreach(j, k, v)
            {
                if (strcmp(k, "id") != 0 && strcmp(k, "code") != 0 && strcmp(k, "lang") != 0 &&
                    name[0] == '\0') {
                    snprintf(name, sizeof name, "%s", k);
                }
            }
            json_decref(j);
            return claim_refuse(r, c, 400, "unknown member", name);
        }
        if (strlen(a) != json_string_length(json_object_get(j, "id"))) {
            json_decref(j);
            return claim_refuse(r, c, 400, "id: not UTF-8 text", "id"); /* a NUL, as in a form */
        }
        /* the whole code, however long: txng_claim_code_parse() names its fault */
        code_len = json_string_length(json_object_get(j, "code"));
        id       = strdup(a);
        code     = malloc(code_len + 1);
        if (code != NULL) {
            memcpy(code, b, code_len + 1);
        }
        json_decref(j);
        if (id == NULL || code == NULL) {
            ret = MHD_NO;
            goto out;
        }
    } else if (body_is(c, "application/x-www-form-urlencoded")) {
        /* id=...&code=... */
        char        empty[1] = "";
        char       *p        = r->body.p ? r->body.p : empty;
        char       *save     = NULL, *tok;
        const char *id_raw = NULL, *code_raw = NULL, *lang_raw = NULL, *why = NULL;
        txng_err    err;

        if (strlen(p) != r->body.len) {
            /* cut at each & as a C string: a NUL byte would hide what follows it */
            return claim_refuse(r, c, 400, "the form holds a NUL byte", NULL);
        }
        for (tok = strtok_r(p, "&", &save); tok != NULL; tok = strtok_r(NULL, "&", &save)) {
            char        *eq = strchr(tok, '=');
            const char **slot;

            if (eq == NULL) {
                return claim_refuse(r, c, 400, "form field without a value", NULL);
            }
            *eq = '\0';
            slot = strcmp(tok, "id") == 0     ? &id_raw
                   : strcmp(tok, "code") == 0 ? &code_raw
                   : strcmp(tok, "lang") == 0 ? &lang_raw
                                              : NULL;
            if (slot == NULL) {
                return claim_refuse(r, c, 400, "unknown form field", tok);
            }
            if (*slot != NULL) {
                return claim_refuse(r, c, 400, "repeated parameter", tok);
            }
            *slot = eq + 1;
        }
        if (lang_raw != NULL && strcmp(lang_raw, "vi") != 0 && strcmp(lang_raw, "en") != 0) {
            /* the page's language, sent by its form (claim_lang()) */
            return claim_refuse(r, c, 400, "lang must be vi or en.", "lang");
        }
        if (id_raw == NULL) {
            return claim_refuse(r, c, 400, "id is required", "id");
        }
        if (code_raw == NULL) {
            return claim_refuse(r, c, 400, "code is required", "code");
        }
        err = form_value(&id, id_raw, &why);
        if (err == TXNG_EFORMAT) {
            return claim_refuse(r, c, 400, strcmp(why, Q_PCT) == 0 ? Q_PCT : "id: not UTF-8 text",
                                "id");
        }
        if (err == TXNG_OK && (err = form_value(&code, code_raw, &why)) == TXNG_EFORMAT) {
            ret = claim_refuse(r, c, 400, strcmp(why, Q_PCT) == 0 ? Q_PCT : "code: not UTF-8 text",
                               "code");
            goto out;
        }
        if (err != TXNG_OK) {
            ret = MHD_NO;
            goto out;
        }
        code_len = strlen(code);
    } else {
        return claim_refuse(r, c, 415,
                            "Content-Type: application/json or application/x-www-form-urlencoded",
                            "Content-Type");
    }
    if (claim_unit(canon, id, &diag) != TXNG_OK) {
        ret = claim_refuse(r, c, 400, diag.reason ? diag.reason : "not an identifier", "id");
        goto out;
    }
    r->job = calloc(1, sizeof *r->job);
    if (r->job == NULL) {
        ret = MHD_NO;
        goto out;
    }
    if (txng_claim_code_parse(r->job->code, code, code_len, &diag) != TXNG_OK) {
        free(r->job);
        r->job = NULL;
        ret    = claim_refuse(r, c, 400, diag.reason ? diag.reason : "bad code", "code");
        goto out;
    }
    r->job->kind = JOB_CLAIM;
    r->job->con  = c;
    snprintf(r->job->unit, sizeof r->job->unit, "%s", canon);
    if (s->budget != NULL) {
        double wait = 0;

        r->job->charged = web_budget_take(s->budget, r->limit, now_mono(), &wait);
        if (!r->job->charged && claim_would_be_wrong(s, canon, r->job->code)) {
            free(r->job);
            r->job = NULL;
            ret    = claim_throttled(r, c, canon, wait);
            goto out;
        }
    }
    MHD_suspend_connection(c);
    enqueue(s, r->job);
    ret = MHD_YES;
out:
    free(code);
    free(id);
    return ret;
}

/* ---- dispatch ---- */

static bool
path_chars_ok(const char *p)
{
    for (; *p; p++) {
        unsigned char ch = (unsigned char) *p;

        if (ch <= 0x20 || ch >= 0x7f) {
            return false;
        }
    }
    return true;
}

/* The typed identifier of the search box: printable ASCII and spaces. */
static bool
search_chars_ok(const char *p)
{
    for (; *p; p++) {
        unsigned char ch = (unsigned char) *p;

        if (ch < 0x20 || ch >= 0x7f) {
            return false;
        }
    }
    return true;
}

/* Whether @p url is a Digital Link address (route_dl()). */
static bool
dl_route(const char *url)
{
    return strncmp(url, "/01/", 4) == 0 || strncmp(url, "/00/", 4) == 0 ||
           strncmp(url, "/414/", 5) == 0 || strncmp(url, "/417/", 5) == 0;
}

/* Whether @p url is answered with pages, refusals included: the home page, Digital Link
 * addresses and the 404 page of unknown paths; not the API, checkpoint, tiles or files. */
static bool
html_route(const char *url)
{
    static const char *const machine[] = { "/api/",   "/checkpoint",   "/tile/",       "/static/",
                                           "/media/", "/.well-known/", "/favicon.ico", NULL };

    for (const char *const *m = machine; *m != NULL; m++) {
        size_t n = strlen(*m);

        /* a name ending in / is a folder of routes, the others are routes */
        if ((*m)[n - 1] == '/' ? strncmp(url, *m, n) == 0 : strcmp(url, *m) == 0) {
            return false;
        }
    }
    return true;
}

/* Whether @p url is one of the files (assets, product images), whose refusals are negotiated:
 * a page for a browser asking for one (Accept naming text/html, not application/json), JSON
 * otherwise, as for a claim. */
static bool
file_route(const char *url)
{
    return strncmp(url, "/static/", 8) == 0 || strncmp(url, "/media/", 7) == 0 ||
           strcmp(url, "/favicon.ico") == 0;
}

/* Whether a refusal of a request for @p url is a page (in the reader's language), not JSON. */
static bool
page_wanted(struct MHD_Connection *c, const char *url)
{
    return html_route(url) || (file_route(url) && wants_page(c));
}

/*
 * Refuse a request before its route: JSON naming @p field on the machine routes (@p reason),
 * a page in the reader's language on the page routes (@p msg, the detail @p field), and for a
 * claim what route_claim() gives (a page to a form posted without JavaScript).
 */
static enum MHD_Result
refuse(struct req *r, struct MHD_Connection *c, const char *url, const struct query *q,
       const char *msg, const char *reason, const char *field)
{
    if (strcmp(url, "/api/v1/claim") == 0 && strcmp(r->method, "POST") == 0) {
        return claim_refuse(r, c, 400, reason, field);
    }
    if (!page_wanted(c, url)) {
        return send_json_error(r, c, 400, reason, field);
    }
    return send_page_error(r, c, pick_lang(c, q), 400, "Bad request", msg, field);
}

static enum MHD_Result
dispatch(struct req *r, struct MHD_Connection *c, const char *url)
{
    struct query q = {0};
    bool         get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;

    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
    if (q.overflow) {
        if (page_wanted(c, url)) {
            /* as every other 400 of these routes: a page in the reader's language */
            r->vary      = dl_route(url) || file_route(url);
            r->vary_lang = html_route(url);
            return send_page_error(r, c, pick_lang(c, &q), 400, "Bad request",
                                   "Too many parameters (at most 16).", NULL);
        }
        return send_json_error(r, c, 400, "too many parameters (at most 16)", NULL);
    }
    /* refusals of the request line: a page in the reader's language on the page routes,
     * JSON on the others (the API answers every error in JSON) */
    r->vary      = dl_route(url) || file_route(url);
    r->vary_lang = html_route(url); /* the home page and the 404 page too */
    if (!path_chars_ok(url) || url[0] != '/') {
        if (!page_wanted(c, url)) {
            return send_json_error(r, c, 400, "the path holds a character that is not allowed",
                                   NULL);
        }
        return send_page_error(r, c, pick_lang(c, &q), 400, "Bad request",
                               "The path holds a character that is not allowed.", NULL);
    }
    for (size_t i = 0; i < q.n; i++) {
        /* the search box: a typed identifier may hold spaces (route_home() drops them); a
         * browser sends them as + or %20 */
        bool typed = strcmp(url, "/") == 0 && strcmp(q.k[i], "id") == 0;

        if (!path_chars_ok(q.k[i]) || !(typed ? search_chars_ok(q.v[i]) : path_chars_ok(q.v[i]))) {
            return refuse(r, c, url, &q, "A parameter holds a character that is not allowed.",
                          Q_TEXT, q.k[i]);
        }
        /* GS1 Digital Link separates parameters with & only: a ';' is refused, not read as
         * part of a value (which hid what followed it) */
        if (strchr(q.k[i], ';') != NULL || strchr(q.v[i], ';') != NULL) {
            return refuse(r, c, url, &q,
                          "Parameters are separated by & only (GS1 Digital Link); write ; as %3B "
                          "inside a value.",
                          "parameters are separated by & only; write ; as %3B inside a value",
                          q.k[i]);
        }
    }
    for (size_t i = 0; i < q.n; i++) {
        /* every parameter, name and value, is text once decoded: a % starts an escape of two
         * hexadecimal digits, and no NUL, control character or invalid UTF-8 comes of it */
        const char *kv[2] = { q.k[i], q.v[i] };

        for (size_t j = 0; j < 2; j++) {
            size_t      cap = strlen(kv[j]) + 1;
            char       *dec = malloc(cap);
            const char *why;

            if (dec == NULL) {
                return MHD_NO;
            }
            why = qdecode_why(kv[j], dec, cap);
            free(dec);
            if (why != NULL && strcmp(why, Q_PCT) == 0) {
                return refuse(r, c, url, &q,
                              "A parameter holds a bad percent-encoding: a % must be followed by "
                              "two hexadecimal digits.",
                              Q_PCT, q.k[i]);
            }
            if (why != NULL) {
                return refuse(r, c, url, &q, "A parameter holds a character that is not allowed.",
                              Q_TEXT, q.k[i]);
            }
        }
    }
    if (strstr(url, "//") != NULL || strstr(url, "/./") != NULL || strstr(url, "/../") != NULL ||
        (strlen(url) >= 3 && strcmp(url + strlen(url) - 3, "/..") == 0) ||
        (strlen(url) >= 2 && strcmp(url + strlen(url) - 2, "/.") == 0)) {
        return refuse(r, c, url, &q, "Empty or dot segments are not allowed in the path.",
                      "empty or dot segments are not allowed in the path", NULL);
    }
    if (strncmp(url, "/api/v1/", 8) == 0) {
        if (strcmp(url + 8, "claim") == 0 && strcmp(r->method, "POST") == 0) {
            if (q.n > 0) {
                /* as on every API route: the claim takes its id and code in the body */
                return claim_refuse(r, c, 400, "unknown or repeated parameter", q.k[0]);
            }
            return route_claim(r, c);
        }
        return route_api(r, c, url + 8, &q);
    }
    if (!get) {
        r->allow = "GET, HEAD";
        if (page_wanted(c, url)) {
            return send_page_error(r, c, pick_lang(c, &q), 405, "Method not allowed",
                                   "This address answers GET and HEAD only.", NULL);
        }
        return send_json_error(r, c, 405, "only GET and HEAD here", NULL);
    }
    if (q.n > 0 &&
        (strcmp(url, "/checkpoint") == 0 || strncmp(url, "/tile/", 6) == 0 ||
         strcmp(url, "/.well-known/gs1resolver") == 0 || strncmp(url, "/media/", 7) == 0)) {
        /* these take no parameter: each one would make another cache key (at a CDN too) for
         * the same bytes, an immutable tile's or image's included */
        return refuse(r, c, url, &q, "Unknown parameter.", "unknown or repeated parameter",
                      q.k[0]);
    }
    if (strcmp(url, "/") == 0) {
        static const char *const ok[] = {"id", "lang", NULL};
        const char              *l    = qget(&q, "lang");
        char                     ld[8];

        if (unknown_param(&q, ok) != NULL) {
            return send_page_error(r, c, pick_lang(c, &q), 400, "Bad request", "Unknown parameter.",
                                   unknown_param(&q, ok));
        }
        if (l != NULL &&
            (!qdecode(l, ld, sizeof ld) || (strcmp(ld, "vi") != 0 && strcmp(ld, "en") != 0))) {
            /* as on a Digital Link address */
            return send_page_error(r, c, pick_lang(c, &q), 400, "Bad request",
                                   "lang must be vi or en.", "lang");
        }
        return route_home(r, c, &q);
    }
    if (strcmp(url, "/checkpoint") == 0) {
        return route_checkpoint(r, c);
    }
    if (strncmp(url, "/tile/", 6) == 0) {
        return route_tile(r, c, url + 1);
    }
    if (strncmp(url, "/static/", 8) == 0) {
        return route_static(r, c, url + 8);
    }
    if (strcmp(url, "/.well-known/gs1resolver") == 0) {
        return route_wellknown(r, c);
    }
    if (strncmp(url, "/media/", 7) == 0) {
        return route_media(r, c, url + 7);
    }
    if (dl_route(url)) {
        return route_dl(r, c, url, &q);
    }
    if (strcmp(url, "/favicon.ico") == 0) {
        return route_static(r, c, "favicon.svg");
    }
    return send_page_error(r, c, pick_lang(c, &q), 404, "Not found",
                           "There is nothing at this address. A product page address looks like "
                           "/01/<GTIN>/21/<serial>.",
                           NULL);
}

/* ---- receive deadlines ---- */

static void
notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
            enum MHD_ConnectionNotificationCode toe)
{
    struct server                  *s  = cls;
    struct conn                    *k  = *socket_context;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

    pthread_mutex_lock(&s->conn_mu);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED && ci != NULL && (k = calloc(1, sizeof *k)) != NULL) {
        /* idle (at most one timeout) then the request line: see conn_deadline() */
        k->fd       = ci->connect_fd;
        k->deadline = now_mono() + 2.0 * s->cfg.timeout;
        k->next     = s->conns;
        if (s->conns != NULL) {
            s->conns->prev = k;
        }
        s->conns        = k;
        *socket_context = k;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && k != NULL) {
        if (k->prev != NULL) {
            k->prev->next = k->next;
        } else {
            s->conns = k->next;
        }
        if (k->next != NULL) {
            k->next->prev = k->prev;
        }
        free(k);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&s->conn_mu);
}

/* What notify_conn() keeps about the connection of @p c; NULL if it could not. */
static struct conn *
conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci != NULL ? ci->socket_context : NULL;
}

/*
 * Set the receive deadline of the connection of @p c: @p at seconds from
 * now, or none (@p at < 0) once the request is fully received; @p tighten
 * only moves an existing deadline earlier.
 */
static void
conn_deadline(struct server *s, struct MHD_Connection *c, double at, bool tighten)
{
    struct conn *k = conn_of(c);
    double       d = at < 0 ? 0 : now_mono() + at;

    if (k == NULL) {
        return;
    }
    pthread_mutex_lock(&s->conn_mu);
    if (!tighten || k->deadline == 0 || d < k->deadline) {
        k->deadline = d;
    }
    pthread_mutex_unlock(&s->conn_mu);
}

/*
 * Called when the request line is in: the rest must follow within the
 * timeout. Also the one place where a NUL byte in the request target can be
 * seen: libmicrohttpd cuts the line in place, writing a NUL over the space
 * before the version, and hands the target on as a C string, so a NUL sent
 * inside it would silently shorten it. The byte after the string's end is
 * therefore the "H" of "HTTP/" unless the client sent a NUL.
 *
 * The request is in flight from here, not from the handler's first call: a request whose
 * header fields are still arriving when the server is told to stop is waited for and
 * answered. What this returns is the handler's *con_cls, and libmicrohttpd calls
 * completed() for it whether or not the handler is ever called.
 */
static void *
uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct server *s = cls;
    struct conn   *k = conn_of(c);
    struct req    *r = calloc(1, sizeof *r);

    conn_deadline(s, c, s->cfg.timeout, true);
    if (k != NULL) {
        k->nul_in_line = strncmp(uri + strlen(uri) + 1, "HTTP/", 5) != 0;
        k->long_uri    = strlen(uri) > URI_LIMIT;
    }
    if (r != NULL) {
        r->s    = s;
        r->lang = -1;
        atomic_fetch_add(&s->inflight, 1);
    }
    return r; /* NULL: the handler makes it */
}

/* Whether the request head (line and header fields) is longer than cfg.header_max. */
static bool
head_too_big(struct server *s, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);

    return ci != NULL && ci->header_size > s->cfg.header_max;
}

/* Shut down every connection past its deadline (from the main loop). */
static void
conns_reap(struct server *s)
{
    double t = now_mono();

    pthread_mutex_lock(&s->conn_mu);
    for (struct conn *k = s->conns; k != NULL; k = k->next) {
        if (k->deadline != 0 && t > k->deadline && !k->killed) {
            k->killed = true;
            shutdown(k->fd, SHUT_RDWR);
            logline("closed a connection: request not received within %u s", s->cfg.timeout);
        }
    }
    pthread_mutex_unlock(&s->conn_mu);
}

/*
 * The request path without the path of --base: a proxy may pass /trace/01/... as the labels
 * carry it, or strip /trace; both are served, and the pages link with the prefix.
 */
static const char *
unprefix(const struct server *s, const char *url)
{
    size_t n = strlen(s->prefix);

    if (n == 0 || strncmp(url, s->prefix, n) != 0) {
        return url;
    }
    if (url[n] == '\0') {
        return "/";
    }
    return url[n] == '/' ? url + n : url;
}

/*
 * Refuse a request on libmicrohttpd's first call, before it is read (target, head, method):
 * a page in the reader's language (lang, else Accept-Language) on the page routes of @p url,
 * JSON (@p reason, @p field) on the others.
 */
static enum MHD_Result
refuse_early(struct req *r, struct MHD_Connection *c, const char *url, int status,
             const char *title, const char *msg, const char *reason, const char *field)
{
    struct query q = { 0 };

    r->vary      = dl_route(url) || file_route(url);
    r->vary_lang = html_route(url);
    if (!page_wanted(c, url)) {
        return send_json_error(r, c, status, reason, field);
    }
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
    return send_page_error(r, c, pick_lang(c, &q), status, title, msg, field);
}

/*
 * Refuse a request over the rate limit (429, Retry-After: 1) on the first call, as
 * refuse_early() refuses: a page in the reader's language where a page would have come (the
 * page routes, a file asked for by a browser, a claim form posted without JavaScript), JSON
 * on the others; a JSON claim's carries its message in the reader's language (the page's
 * script sends the page's as Accept-Language: the body, with its lang, is not read yet).
 */
static enum MHD_Result
refuse_limited(struct req *r, struct MHD_Connection *c, const char *url, const char *method)
{
    static const char title[] = "Too many requests";
    static const char msg[]   = "Too many requests came from your network address. Wait a "
                                "moment, then try again.";
    static const char why[]   = "too many requests: slow down";

    if (strcmp(url, "/api/v1/claim") == 0 && strcmp(method, "POST") == 0) {
        r->vary = true;
        if (wants_page(c)) {
            return send_page_error(r, c, pick_lang(c, NULL), 429, title, msg, NULL);
        }
        return claim_refuse(r, c, 429, why, NULL);
    }
    return refuse_early(r, c, url, 429, title, msg, why, NULL);
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
        const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct server *s = cls;
    struct req    *r = *con_cls;
    const char    *path = web_http_path(url);

    if (r == NULL || !r->started) {
        const struct conn *k = conn_of(c); /* what uri_seen() saw of the request line */
        const char        *cl;
        web_http_refusal   why;
        const char        *at = unprefix(s, path != NULL ? path : url); /* the route */

        if (r == NULL) {
            r = calloc(1, sizeof *r);
            if (r == NULL) {
                return MHD_NO;
            }
            r->s    = s;
            r->lang = -1;
            *con_cls = r;
            atomic_fetch_add(&s->inflight, 1);
        }
        r->started = true;
        r->t0      = now_mono();
        snprintf(r->method, sizeof r->method, "%s", method);
        r->path = strdup(url); /* as asked, for the log */
        client_addr(s, c, r->client, sizeof r->client);
        limit_key(r->client, r->limit, sizeof r->limit);
        if (!rate_ok(s, r->limit)) {
            r->limited = true;
            return refuse_limited(r, c, at, method);
        }
        if (k != NULL && k->long_uri) {
            return refuse_early(r, c, at, 414, "Address too long",
                                "This address is longer than any label carries (8192 bytes at "
                                "most).",
                                "request target too long (8192 bytes at most)", NULL);
        }
        if (head_too_big(s, c)) {
            return refuse_early(r, c, at, 431, "Request header too large",
                                "The request's header fields are larger than this server "
                                "accepts.",
                                "request header fields too large", NULL);
        }
        if (k != NULL && k->nul_in_line) {
            return refuse_early(r, c, at, 400, "Bad request",
                                "The path holds a character that is not allowed.",
                                "the path holds a character that is not allowed", NULL);
        }
        if (!web_http_check(c, url, version, &why)) {
            /* Host, the absolute form, the framing of the body (web/http.h); the connection
             * is closed after the answer (an answer on the first call closes it) */
            return refuse_early(r, c, at, (int) why.status, why.title, why.msg, why.reason,
                                why.field);
        }
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
            strcmp(method, "POST") != 0) {
            r->allow = strcmp(at, "/api/v1/events") == 0 || strcmp(at, "/api/v1/claim") == 0
                           ? "POST"
                           : "GET, HEAD";
            return refuse_early(r, c, at, 405, "Method not allowed",
                                "This address answers GET and HEAD only.", "method not allowed",
                                NULL);
        }
        cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl != NULL) {
            uint64_t n;

            if (!txng_dec_parse(cl, strlen(cl), &n)) {
                return send_json_error(r, c, 400, "bad Content-Length", NULL);
            }
            if (n > s->cfg.body_max) {
                r->too_big = true;
                return send_json_error(r, c, 413, "request body too large", NULL);
            }
        }
        /* answer on the next call, once the request is read: a response queued on the first
         * call makes libmicrohttpd close the connection (no keep-alive) */
        return MHD_YES;
    }
    if (r->job != NULL && r->job->done) {
        enum MHD_Result ret = r->job->kind == JOB_CLAIM ? route_claim(r, c) : route_events_done(r, c);

        return ret;
    }
    if (*upload_data_size != 0) {
        if (r->body.len + *upload_data_size > s->cfg.body_max) {
            r->too_big = true;
        } else if (!r->too_big) {
            web_buf_add(&r->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    conn_deadline(s, c, -1, false); /* the request is in */
    if (r->too_big) {
        return send_json_error(r, c, 413, "request body too large", NULL);
    }
    if (r->status != 0 || r->job != NULL) {
        return MHD_YES;
    }
    return dispatch(r, c, unprefix(s, path != NULL ? path : url));
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct server *s = cls;
    struct req    *r = *con_cls;

    /* the next request on this connection: idle, then its request line */
    conn_deadline(s, c, 2.0 * s->cfg.timeout, false);
    if (r == NULL) {
        return;
    }
    *con_cls = NULL;
    if (!r->started) {
        /* the request line came, the request did not (or libmicrohttpd refused it itself) */
        free(r);
        atomic_fetch_sub(&s->inflight, 1);
        return;
    }
    atomic_fetch_add(&s->served, 1);
    /* no control or non-ASCII bytes reach the log: a path cannot forge log lines */
    for (char *p = r->path; p != NULL && *p; p++) {
        if ((unsigned char) *p < 0x20 || (unsigned char) *p >= 0x7f) {
            *p = '?';
        }
    }
    for (char *p = r->client; *p; p++) {
        if ((unsigned char) *p < 0x20 || (unsigned char) *p >= 0x7f) {
            *p = '?';
        }
    }
    if (!s->cfg.quiet || r->status >= 500 || toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        logline("%s %s %s %d %.1fms%s", r->client, r->method, r->path ? r->path : "-", r->status,
                (now_mono() - r->t0) * 1000.0,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (not completed)");
    }
    if (r->job != NULL) {
        json_decref(r->job->events);
        free(r->job->at);
        free(r->job);
    }
    web_buf_free(&r->body);
    free(r->path);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void) cls;
    (void) c;
    return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];

    (void) cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    logline("http: %s", msg);
}

/* ---- start and stop ---- */

static txng_err
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char        host[128];
    const char *colon;
    uint64_t    port;

    memset(ss, 0, sizeof *ss);
    if (listen[0] == '[') {
        const char *end = strchr(listen, ']');

        if (end == NULL || end[1] != ':' || (size_t) (end - listen - 1) >= sizeof host) {
            return TXNG_EINVAL;
        }
        memcpy(host, listen + 1, (size_t) (end - listen - 1));
        host[end - listen - 1] = '\0';
        colon                  = end + 1;
    } else {
        colon = strrchr(listen, ':');
        if (colon == NULL || (size_t) (colon - listen) >= sizeof host) {
            return TXNG_EINVAL;
        }
        memcpy(host, listen, (size_t) (colon - listen));
        host[colon - listen] = '\0';
    }
    if (!txng_dec_parse(colon + 1, strlen(colon + 1), &port) || port > 65535) {
        return TXNG_EINVAL;
    }
    {
        struct sockaddr_in  *v4 = (struct sockaddr_in *) (void *) ss;
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) (void *) ss;

        if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            v4->sin_port   = htons((uint16_t) port);
            *len           = sizeof *v4;
        } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port   = htons((uint16_t) port);
            *len            = sizeof *v6;
        } else {
            return TXNG_EINVAL;
        }
    }
    return TXNG_OK;
}

/*
 * Bind and listen ourselves rather than through libmicrohttpd, so that the
 * reason of a refusal (EADDRINUSE above all) reaches the caller in errno.
 * SO_REUSEADDR only lets a restarted server bind past sockets in TIME_WAIT;
 * SO_REUSEPORT is never set, so a second server on a port in use fails
 * instead of sharing the port with the first one.
 */
static txng_err
listen_socket(const struct sockaddr_storage *ss, socklen_t len, int *out)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1, saved;

    *out = -1;
    if (fd < 0) {
        return TXNG_ESYS;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (ss->ss_family == AF_INET6 &&
         setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
        bind(fd, (const struct sockaddr *) (const void *) ss, len) != 0 || listen(fd, 1024) != 0) {
        saved = errno;
        close(fd);
        errno = saved;
        return TXNG_ESYS;
    }
    *out = fd;
    return TXNG_OK;
}

txng_err
txng_web_run(const txng_web_config *cfg, volatile sig_atomic_t *stop)
{
    int                     lsock = -1;
    struct server          *s = NULL;
    txng_err                err = TXNG_OK;
    struct sockaddr_storage ss;
    socklen_t               sslen = 0;
    unsigned                flags;
    char                    url[200];

    if (cfg == NULL || cfg->dir == NULL || stop == NULL || (cfg->write && cfg->logkey == NULL)) {
        return TXNG_EINVAL;
    }
    if (sodium_init() < 0) {
        return TXNG_ENOMEM;
    }
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        return TXNG_ENOMEM;
    }
    s->cfg = *cfg;
    if (s->cfg.listen == NULL) s->cfg.listen = "127.0.0.1:8080";
    if (s->cfg.threads == 0) s->cfg.threads = 4;
    if (s->cfg.body_max == 0) s->cfg.body_max = 1u << 20;
    if (s->cfg.header_max == 0) s->cfg.header_max = 16u << 10;
    if (s->cfg.rate == 0) s->cfg.rate = 50;
    if (s->cfg.burst == 0) s->cfg.burst = 200;
    if (s->cfg.timeout == 0) s->cfg.timeout = 15;
    if (s->cfg.max_conns == 0) s->cfg.max_conns = 1024;
    if (s->cfg.per_ip == 0) s->cfg.per_ip = 128;
    if (s->cfg.scan_warn == 0) s->cfg.scan_warn = 20;
    if (s->cfg.max_skew == 0) s->cfg.max_skew = 600;
    if (s->cfg.region_warn == 0) s->cfg.region_warn = 3;
    if (s->cfg.claim_fails == 0) s->cfg.claim_fails = 5;
    pthread_mutex_init(&s->rl_mu, NULL);
    pthread_mutex_init(&s->cache_mu, NULL);
    pthread_mutex_init(&s->over_mu, NULL);
    pthread_mutex_init(&s->media_mu, NULL);
    pthread_mutex_init(&s->wmu, NULL);
    pthread_cond_init(&s->wcv, NULL);
    pthread_mutex_init(&s->conn_mu, NULL);
    s->queue_tail = &s->queue;
    s->rl         = calloc(RL_SLOTS, sizeof *s->rl);
    if (s->rl == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    if (s->cfg.claim_fails != UINT_MAX &&
        (err = web_budget_new(&s->budget, s->cfg.claim_fails, CLAIM_CLIENTS)) != TXNG_OK) {
        goto out;
    }
    err = parse_listen(s->cfg.listen, &ss, &sslen);
    if (err != TXNG_OK) {
        goto out;
    }

    /* every log handle before the first transaction (see the top of this file) */
    if (s->cfg.write) {
        err = txng_log_open(&s->wlog, s->cfg.dir, 0);
        if (err != TXNG_OK) {
            goto out;
        }
    }
    s->nslots = s->cfg.threads;
    s->slots  = calloc(s->nslots, sizeof *s->slots);
    if (s->slots == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    for (unsigned i = 0; i < s->nslots; i++) {
        pthread_mutex_init(&s->slots[i].mu, NULL);
        err = txng_log_open(&s->slots[i].log, s->cfg.dir, TXNG_LOG_RDONLY);
        if (err != TXNG_OK) {
            goto out;
        }
    }
    snprintf(s->origin, sizeof s->origin, "%s", txng_log_origin(s->slots[0].log));
    s->pub = *txng_log_pubkey(s->slots[0].log);
    txng_pubkey_format(&s->pub, s->vkey);
    {
        unsigned char h[TXNG_HASH_BYTES];

        txng_sha256(h, s->pub.pk, sizeof s->pub.pk);
        for (int i = 0; i < 8; i++) {
            snprintf(s->fpr + i * 5, 6, "%02x%02x%s", h[2 * i], h[2 * i + 1], i < 7 ? ":" : "");
        }
    }
    if (s->cfg.write && s->cfg.logkey != NULL) {
        char k2[TXNG_VKEY_MAX];

        txng_pubkey_format(txng_signer_pubkey(s->cfg.logkey), k2);
        if (strcmp(k2, s->vkey) != 0) {
            err = TXNG_EPERM;
            goto out;
        }
    }
    err = web_scans_open(&s->scans, s->cfg.dir);
    if (err != TXNG_OK) {
        goto out;
    }
    if (s->cfg.write) {
        if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
            err = TXNG_ESYS;
            goto out;
        }
        s->writer_started = true;
    }

    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    err = listen_socket(&ss, sslen, &lsock);
    if (err != TXNG_OK) {
        goto out;
    }
    /* The URL, the base and the prefix before the first request can read them: the
     * daemon's threads serve from the moment it starts. */
    {
        struct sockaddr_storage bound;
        socklen_t               blen = sizeof bound;
        uint16_t                port = 0;
        char                    host[80];

        if (getsockname(lsock, (struct sockaddr *) (void *) &bound, &blen) == 0) {
            port = ntohs(bound.ss_family == AF_INET6
                             ? ((struct sockaddr_in6 *) (void *) &bound)->sin6_port
                             : ((struct sockaddr_in *) (void *) &bound)->sin_port);
        }

        if (ss.ss_family == AF_INET6) {
            char a[64];

            inet_ntop(AF_INET6, &((struct sockaddr_in6 *) (void *) &ss)->sin6_addr, a, sizeof a);
            snprintf(host, sizeof host, "[%s]", a);
        } else {
            inet_ntop(AF_INET, &((struct sockaddr_in *) (void *) &ss)->sin_addr, host, sizeof host);
        }
        snprintf(url, sizeof url, "http://%s:%u", host, (unsigned) port);
    }
    snprintf(s->base, sizeof s->base, "%s", s->cfg.base ? s->cfg.base : url);
    {
        size_t bl = strlen(s->base);

        if (bl > 0 && s->base[bl - 1] == '/') {
            s->base[bl - 1] = '\0';
        }
    }
    {
        /* the path after scheme://host[:port] (checked by txng_label_base_check()) */
        const char *p = strstr(s->base, "://");

        p = p != NULL ? strchr(p + 3, '/') : NULL;
        snprintf(s->prefix, sizeof s->prefix, "%s", p != NULL ? p : "");
        web_page_set_prefix(s->prefix);
    }
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, lsock,
        MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads, MHD_OPTION_CONNECTION_LIMIT,
        s->cfg.max_conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        s->cfg.trust_proxy ? 0u : s->cfg.per_ip, MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, HEAD_ROOM * s->cfg.header_max,
        MHD_OPTION_NOTIFY_COMPLETED,
        completed, s, MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s, MHD_OPTION_URI_LOG_CALLBACK, uri_seen, s,
        MHD_OPTION_END);
    if (s->d == NULL) {
        err   = TXNG_ESYS;
        errno = ENOMEM; /* the socket is bound: what fails now is threads or memory */
        goto out;
    }
    lsock = -1; /* the daemon owns it */
    logline("listening on %s (log %s, %s, %u threads)", url, s->origin,
            s->cfg.write ? "read-write" : "read-only", s->cfg.threads);
    if (s->cfg.on_listen != NULL) {
        s->cfg.on_listen(s->cfg.on_listen_ctx, url);
    }
    {
        int ticks = 0;

        while (!*stop) {
            usleep(100000);
            conns_reap(s);
            if (++ticks % 10 == 0) {
                web_scans_flush(s->scans);
            }
        }
    }
    /* graceful: stop accepting, let requests in flight finish (10 s at most) */
    atomic_store(&s->stopping, true);
    logline("stopping: finishing %d request(s) in flight", atomic_load(&s->inflight));
    {
        MHD_socket ls = MHD_quiesce_daemon(s->d);

        /* New clients are refused at once, not left in the backlog to wait out the drain.
         * libmicrohttpd's threads may still hold the descriptor until MHD_stop_daemon() (its
         * manual says to close it only then), so the socket is shut down now, which stops it
         * listening (a connect is refused), and closed after. */
        if (ls != MHD_INVALID_SOCKET) {
            shutdown(ls, SHUT_RDWR);
        }
        for (int i = 0; i < 100 && atomic_load(&s->inflight) > 0; i++) {
            usleep(100000);
        }
        writer_stop(s); /* it resumes connections: before the daemon goes */
        MHD_stop_daemon(s->d);
        s->d = NULL;
        if (ls != MHD_INVALID_SOCKET) {
            close(ls);
        }
    }
    logline("stopped after %llu requests", (unsigned long long) atomic_load(&s->served));
out:
    writer_stop(s);
    if (s->d != NULL) {
        MHD_stop_daemon(s->d);
    }
    if (lsock >= 0) {
        int saved = errno;

        close(lsock);
        errno = saved;
    }
    web_scans_close(s->scans);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        res_unref(s->cache[i]);
    }
    {
        int saved = errno;

        for (unsigned i = 0; s->slots != NULL && i < s->nslots; i++) {
            txng_log_close(s->slots[i].log);
            pthread_mutex_destroy(&s->slots[i].mu);
        }
        txng_log_close(s->wlog);
        txng_media_close(s->media);
        errno = saved;
    }
    free(s->slots);
    free(s->rl);
    web_budget_free(s->budget);
    pthread_mutex_destroy(&s->rl_mu);
    pthread_mutex_destroy(&s->cache_mu);
    pthread_mutex_destroy(&s->over_mu);
    pthread_mutex_destroy(&s->media_mu);
    pthread_mutex_destroy(&s->wmu);
    pthread_cond_destroy(&s->wcv);
    while (s->conns != NULL) {
        struct conn *k = s->conns;

        s->conns = k->next;
        free(k);
    }
    pthread_mutex_destroy(&s->conn_mu);
    free(s);
    return err;
}
