/*
 * http.c - the checks of an HTTP/1.1 request head both servers make (http.h)
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "web/http.h"
#include "web/internal.h"

const char *
web_http_path(const char *url)
{
    const char *p;
    size_t      n;

    if (strncasecmp(url, "http://", 7) == 0) {
        p = url + 7;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        p = url + 8;
    } else {
        return url;
    }
    n = strcspn(p, "/");
    if (memchr(p, '@', n) != NULL) {
        return NULL;
    }
    return p[n] == '\0' ? "/" : p + n;
}

static enum MHD_Result
count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    unsigned   *n  = cls;
    const char *ok = "-._~!$&'()*+,;=%:[]";

    (void) kind;
    if (strcasecmp(key, "Host") == 0) {
        /* uri-host [":" port] (RFC 9110 7.2): a bad value counts as a second field */
        *n += 1;
        for (const char *p = value ? value : ""; *p; p++) {
            if (!isalnum((unsigned char) *p) && strchr(ok, *p) == NULL) {
                *n += 1;
                break;
            }
        }
    }
    return MHD_YES;
}

bool
web_http_check(struct MHD_Connection *c, const char *url, const char *version,
               web_http_refusal *why)
{
    unsigned    hosts = 0;
    const char *cl, *te;

    MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &hosts);
    if (!(hosts == 1 || (hosts == 0 && strcmp(version, MHD_HTTP_VERSION_1_0) == 0))) {
        *why = (web_http_refusal){
            400, "Bad request",
            "An HTTP/1.1 request carries exactly one Host header field, with a host name or "
            "address.",
            "an HTTP/1.1 request carries exactly one Host header field, with a host name or "
            "address",
            "Host"
        };
        return false;
    }
    if (web_http_path(url) == NULL) {
        *why = (web_http_refusal){ 400, "Bad request",
                                   "The address holds user information (@), which is not "
                                   "allowed.",
                                   "the request target holds user information (@)", NULL };
        return false;
    }
    cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    if (te != NULL && strcasecmp(te, "chunked") != 0) {
        /* RFC 9112 6.1: a coding this server does not know (libmicrohttpd would wait for a
         * body it cannot read) */
        *why = (web_http_refusal){ 501, "Not implemented",
                                   "This server reads request bodies sent whole or chunked "
                                   "only.",
                                   "Transfer-Encoding: only chunked is understood",
                                   "Transfer-Encoding" };
        return false;
    }
    if (te != NULL && cl != NULL) {
        /* RFC 9112 6.1: both framings at once, the mark of request smuggling */
        *why = (web_http_refusal){ 400, "Bad request",
                                   "The request has both Content-Length and Transfer-Encoding.",
                                   "both Content-Length and Transfer-Encoding",
                                   "Content-Length" };
        return false;
    }
    return true;
}

const char *
web_http_text(struct MHD_Connection *c, const char *en)
{
    const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");

    return web_tr(al != NULL && strncmp(al, "en", 2) == 0 ? WEB_EN : WEB_VI, en);
}
