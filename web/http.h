/*
 * http.h - the checks of an HTTP/1.1 request head (RFC 9112) that both
 * servers of txng make, the resolver (txng serve, web/server.c) and the
 * witness (txng witness serve, cli/cmd_witness.c), on libmicrohttpd's first
 * call for a request, before its body is read
 *
 * A refused request is answered at once, which makes libmicrohttpd close
 * the connection after the answer; each server words the answer its own way
 * (a page, JSON, a line of text) from the English texts given here, in the
 * reader's language (web_http_text()).
 *
 * Threads: any.
 */
#ifndef TXNG_WEB_HTTP_H
#define TXNG_WEB_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

#include <microhttpd.h>

/** Why a request is refused: English texts, translated by web_http_text(). */
typedef struct web_http_refusal {
    unsigned    status; /**< 400 or 501 */
    const char *title;  /**< the title of a page ("Bad request") */
    const char *msg;    /**< one sentence for a page */
    const char *reason; /**< one line, lower case: a JSON "reason", a text answer */
    const char *field;  /**< the header field at fault, or NULL */
} web_http_refusal;

/**
 * The path of a request target @p url: an absolute-form target ("http://host:port/path",
 * RFC 9112 3.2.2, which a server must accept; its authority then stands for the Host header
 * field, which these servers do not use) without its scheme and authority, "/" when it has
 * no path; any other target as it is. NULL for an absolute form whose authority holds user
 * information (RFC 9110 4.2.4: an error). The result points into @p url.
 */
const char *web_http_path(const char *url);

/**
 * Check the head of the request on @p c (target @p url, HTTP version @p version as
 * libmicrohttpd gives them), in this order: exactly one Host header field, with a host name
 * or address and port, in a request of HTTP/1.1 (one of HTTP/1.0 may lack it; RFC 9112 3.2):
 * else 400 naming Host; no user information in an absolute-form target (web_http_path()):
 * else 400; a Transfer-Encoding other than chunked (RFC 9112 6.1: libmicrohttpd reads no
 * other coding): 501 naming Transfer-Encoding; Transfer-Encoding and Content-Length together
 * (the mark of request smuggling): 400 naming Content-Length.
 *
 * @param[out] why  on refusal, what to answer; its strings are static
 * @return true when the request may go on, false when it is refused
 */
bool web_http_check(struct MHD_Connection *c, const char *url, const char *version,
                    web_http_refusal *why);

/** @p en (one of the texts above, or any text of the server's table) in the language the
 *  request on @p c asks for: English when its Accept-Language starts with "en", Vietnamese
 *  otherwise, as the resolver's pages. The string is static. */
const char *web_http_text(struct MHD_Connection *c, const char *en);

#endif /* TXNG_WEB_HTTP_H */
