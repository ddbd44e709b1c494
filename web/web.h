/*
 * web.h - txng serve: the GS1 Digital Link resolver, the inspector's page,
 * the C2SP checkpoint and tiles, and the JSON API, over HTTP (libmicrohttpd)
 *
 * txng_web_run() opens the log in @c dir, binds @c listen, serves until
 * @c *stop becomes non-zero (set it from a SIGTERM/SIGINT handler), lets
 * requests in flight finish, flushes the scan counters and returns. Every
 * request is logged on stderr as one line. Reads use their own read-only log
 * handles (one per worker thread) and never wait for a writer; with
 * @c write set, POST /api/v1/events appends signed events through one writer
 * thread that groups concurrent requests into one LMDB commit, and POST
 * /api/v1/claim claims units through the same thread (a claim of a unit the
 * log never packed is counted in @c dir/claims-unknown with
 * txng_claim_count_unknown(), not in the log). Routes, media types and
 * limits are documented in docs/resolver.md.
 *
 * Threads: call txng_web_run() from one thread; it starts its own.
 */
#ifndef TXNG_WEB_WEB_H
#define TXNG_WEB_WEB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "core/keys.h"
#include "core/log.h"

/** Settings of one server; zero means the default given at each member. */
typedef struct txng_web_config {
    const char *dir;        /**< the log folder; required */
    const char *listen;     /**< "HOST:PORT", "[V6]:PORT"; default "127.0.0.1:8080"; port 0 = any */
    const char *base;       /**< public base URL for links, e.g. "https://trace.htx.vn";
                                 default "http://<listen>" */
    bool        write;      /**< accept POST /api/v1/events and claims */
    bool        trust_proxy; /**< take the client address from X-Forwarded-For and the region
                                  from X-Region (or CF-IPCountry) */
    const txng_signer *logkey; /**< the log key, required with @c write; borrowed */
    unsigned threads;       /**< worker threads; default 4 */
    size_t   body_max;      /**< largest request body in bytes; default 1 MiB (413 above) */
    size_t   header_max;    /**< memory per connection for the request head; default 16 KiB */
    unsigned rate;          /**< requests per second per client; default 50 (429 above);
                                 UINT_MAX turns the limit off */
    unsigned burst;         /**< bucket size of the rate limit; default 200 */
    unsigned claim_fails;   /**< wrong claim codes per client per hour (a bucket of that many,
                                 refilled over the hour); default 5; a client over it is
                                 answered 429 before its claim reaches the log, unless its code
                                 is right; UINT_MAX turns the limit off */
    unsigned timeout;       /**< seconds a connection may stay idle, and seconds from its
                                 request line within which a request must be received whole
                                 (at most twice this from the connection's opening or the
                                 previous answer); default 15 */
    unsigned max_conns;     /**< connections at once; default 1024 */
    unsigned per_ip;        /**< connections at once per client address; default 128 */
    unsigned scan_warn;     /**< scans of one serial above which the page warns; default 20 */
    unsigned region_warn;   /**< distinct regions of one serial above which it warns; default 3 */
    const txng_signer *claim_actor; /**< signs claim records made from the page; claims are
                                          offered only with @c write and this key */
    bool     quiet;         /**< log only errors, start and stop, not every request */
    int64_t  max_skew;      /**< seconds an event time may lie ahead of the clock in a POSTed
                                 event (txng_event_time_check()); default 600 */
    /** Writes records @p idx[0..n) of @p log as one EPCIS 2.0 JSON-LD document to @p out
     *  (linkType=gs1:epcis); NULL answers 404 for that link type. Returns TXNG_OK or an error. */
    txng_err (*epcis)(void *ctx, txng_log *log, const uint64_t *idx, size_t n, FILE *out);
    void *epcis_ctx;
    /** Called once when listening, with the URL bound (for tests: port 0); may be NULL. */
    void (*on_listen)(void *ctx, const char *url);
    void *on_listen_ctx;
} txng_web_config;

/**
 * Serve until @p *stop is non-zero.
 *
 * @return TXNG_OK after a clean shutdown, or
 *         TXNG_EINVAL    a setting is wrong (listen not HOST:PORT with a port of 0 to 65535
 *                        and a numeric address, write without a log key);
 *         TXNG_EPERM     @c logkey is not the key of the log in @c dir;
 *         TXNG_ENOTFOUND no log in @c dir;
 *         TXNG_ESYS      the address could not be bound (errno EADDRINUSE when another
 *                        socket listens on it: the port is never shared), or a thread not
 *                        started (errno);
 *         TXNG_ENOMEM, or an error of txng_log_open().
 */
TXNG_MUST_CHECK txng_err txng_web_run(const txng_web_config *cfg, volatile sig_atomic_t *stop);

#endif /* TXNG_WEB_WEB_H */
