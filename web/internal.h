/*
 * internal.h - what the files of web/ share: the server state, growing
 * buffers, the page renderer and the scan counter (not installed)
 */
#ifndef TXNG_WEB_INTERNAL_H
#define TXNG_WEB_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/gs1.h"
#include "core/log.h"
#include "web/web.h"

/* ---- growing byte buffer (buf.c) ---- */

/** A growing buffer; zero it to start. On allocation failure @c failed is set
 *  and later appends do nothing, so callers check once at the end. */
typedef struct web_buf {
    char  *p;
    size_t len, cap;
    bool   failed;
} web_buf;

void web_buf_add(web_buf *b, const void *data, size_t len);
void web_buf_str(web_buf *b, const char *s);
__attribute__((format(printf, 2, 3))) void web_buf_printf(web_buf *b, const char *fmt, ...);
/** Append @p s escaped for HTML text and attribute values (& < > " '). */
void web_buf_html(web_buf *b, const char *s);
/** Append @p s percent-encoded for a URL query value. */
void web_buf_urlq(web_buf *b, const char *s);
void web_buf_free(web_buf *b);

/* ---- scan counter (scans.c) ---- */

typedef struct web_scans web_scans;

/** What is known about the scans of one identifier. */
typedef struct web_scan_info {
    uint64_t count;
    int64_t  first, last; /**< seconds since the epoch; 0 when count is 0 */
    unsigned nregions;    /**< distinct regions seen (at most WEB_SCAN_REGIONS kept) */
    char     regions[4][8];
} web_scan_info;

#define WEB_SCAN_REGIONS 4

/** Open (creating) the scan store in @p dir/scans (an LMDB environment of its own). */
txng_err web_scans_open(web_scans **out, const char *dir);
/** Count one scan of @p id now, from @p region ("" if unknown); return the state after it. */
void web_scans_hit(web_scans *s, const char *id, const char *region, int64_t now,
                   web_scan_info *info);
/** The state of @p id without counting. */
void web_scans_get(web_scans *s, const char *id, web_scan_info *info);
/** Write what changed since the last flush. */
void web_scans_flush(web_scans *s);
void web_scans_close(web_scans *s);

/* ---- wrong claim codes per client (budget.c) ---- */

/** The wrong claim codes each client address may still send: a token bucket per client of
 *  @c per_hour tokens refilled at @c per_hour an hour, for at most @c cap clients (the least
 *  recently used one is forgotten for a new one). Thread-safe. */
typedef struct web_budget web_budget;

/** A table for at most @p cap clients of @p per_hour wrong codes an hour each.
 *  @return TXNG_OK, TXNG_EINVAL (@p per_hour or @p cap 0, @p cap too large), TXNG_ENOMEM. */
txng_err web_budget_new(web_budget **out, unsigned per_hour, size_t cap);
/** Take one wrong code of @p client's budget at @p now (monotonic seconds): true if one was
 *  left; else false and @p *wait (if not NULL) the seconds until one is. */
bool web_budget_take(web_budget *b, const char *client, double now, double *wait);
/** Give back the code web_budget_take() took (the claim's code was not wrong); nothing when
 *  the client was forgotten since. */
void web_budget_give_back(web_budget *b, const char *client, double now);
/** Clients held now (at most the table's @c cap). */
size_t web_budget_clients(web_budget *b);
void   web_budget_free(web_budget *b);

/* ---- the page (page.c) ---- */

/** Language of a page. */
enum web_lang { WEB_VI = 0, WEB_EN = 1 };

/** What the page of one Digital Link shows, gathered by the server. */
typedef struct web_page_in {
    enum web_lang      lang;
    const char        *base;       /**< public base URL */
    const char        *path;       /**< request path (for the language switch) */
    const char        *requested;  /**< canonical identifier asked for */
    const char        *resolved;   /**< canonical identifier found (after fallback) */
    int                level;      /**< 0 unit, 1 lot, 2 product */
    const char        *vkey;       /**< the log's verifier key */
    const char        *fingerprint;/**< hex SHA-256 of the public key, first 16 bytes */
    const char        *bundle_url; /**< relative URL of the bundle */
    const char        *at;         /**< resolver path of the page (no query) */
    bool               server_ok;  /**< the server's own verification of the records shown */
    const char        *server_msg; /**< why not, when !server_ok */
    const web_scan_info *scans;    /**< NULL for lots and products */
    unsigned           scan_warn, region_warn;
    int                label_sig;  /**< -1 none, 0 bad, 1 good (8030 checked) */
    const char        *label_msg;
    bool               claimable;  /**< show the claim box */
    const char          *claim_wait; /**< Vietnam time before which the unit takes no claim
                                          attempt (core/claim.h back-off), or NULL */
    const char        *claim_msg;  /**< outcome of a claim just made, or NULL */
    bool               claim_good;
    /* from the log */
    json_t            *product;    /**< txng:Product event or NULL */
    const char        *image;      /**< hex SHA-256 of its image when the server holds it */
    const char        *producer;   /**< name or NULL */
    json_t            *events;     /**< array of {"index", "event", "signer", "role"} by time */
    json_t            *places;     /**< object id -> txng:Place event */
    json_t            *parties;    /**< object id -> txng:Party event */
    json_t            *certs;      /**< array of txng:Certificate events */
    bool               claimed, recalled, packed;
    const char        *claimed_at, *recalled_at;
    uint64_t           size;       /**< checkpoint size */
} web_page_in;

/** Where web_page_render() leaves the language switch for the server to put in per request
 *  (it keeps the request's own path and parameters), before the DYN_MARK of the status box. */
#define WEB_LANG_MARK "<!--txng:lang-->"

/** Append the language switch of a page in @p lang whose other language is at @p href
 *  (a relative URL, HTML-escaped here). */
void web_page_lang_nav(web_buf *out, enum web_lang lang, const char *link);
/** Render the page of @p in into @p out (HTML). */
void web_page_render(web_buf *out, const web_page_in *in);
/** The path of the public base URL (--base), "" or "/trace" without a final /, put before every
 * path the pages link to (assets, bundles, forms, the language switch). Set once, before
 * serving. */
void web_page_set_prefix(const char *path);
/** Render the page of a place (414) or party (417): its master data event @p master and the
 *  events of @p in (lang, path, resolved, vkey, size, events, places, parties) that name it. */
void web_page_master(web_buf *out, const web_page_in *in, const json_t *master, bool party);
/** Render a short page with a title and a message (404, 400, errors). */
void web_page_message(web_buf *out, enum web_lang lang, int status, const char *title,
                      const char *msg, const char *detail);
/** Render the answer to a claim posted by a form without JavaScript: the @p outcome (English,
 *  translated here), with @p unknown, when above 0, the claims of unknown units of the
 *  product counted so far, @p retry, when not NULL or "", the Vietnam time ("dd/mm/yyyy
 *  HH:MM") from which the unit takes its next attempt (core/claim.h back-off), @p claimed_at,
 *  when not NULL or "", the Vietnam time at which a unit claimed before was claimed, and the
 *  unit's path @p unit; @p status is the HTTP status the page is sent with (data-status). */
void web_page_claim(web_buf *out, enum web_lang lang, int status, bool claimed, const char *outcome,
                    uint64_t unknown, const char *retry, const char *claimed_at, const char *unit);
/** Render the home page with its search form. */
void web_page_home(web_buf *out, enum web_lang lang, const char *origin, uint64_t size);
/** Translate an English message into @p lang: for vi the built-in table, then the program's
 *  Vietnamese catalogue (vi/LC_MESSAGES/txng.mo where its text domain is bound) for phrases of
 *  core/ and qr/; the English text when neither holds it. NULL and "" are returned as they are
 *  (the catalogue's empty msgid is its header, not a translation). Thread-safe. */
const char *web_tr(enum web_lang lang, const char *en);

#endif /* TXNG_WEB_INTERNAL_H */
