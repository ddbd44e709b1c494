/*
 * buf.c - growing buffers for the responses of txng serve
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/internal.h"

static bool
reserve(web_buf *b, size_t more)
{
    size_t cap;
    char  *p;

    if (b->failed) {
        return false;
    }
    if (b->len + more + 1 <= b->cap) {
        return true;
    }
    cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1) {
        cap *= 2;
    }
    p = realloc(b->p, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->p   = p;
    b->cap = cap;
    return true;
}

void
web_buf_add(web_buf *b, const void *data, size_t len)
{
    if (!reserve(b, len)) {
        return;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
}

void
web_buf_str(web_buf *b, const char *s)
{
    web_buf_add(b, s, strlen(s));
}

void
web_buf_printf(web_buf *b, const char *fmt, ...)
{
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t) n)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t) n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t) n;
}

void
web_buf_html(web_buf *b, const char *s)
{
    const char *start = s;

    for (; *s; s++) {
        const char *rep = NULL;

        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep != NULL) {
            web_buf_add(b, start, (size_t) (s - start));
            web_buf_str(b, rep);
            start = s + 1;
        }
    }
    web_buf_add(b, start, (size_t) (s - start));
}

void
web_buf_urlq(web_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char) *s;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            web_buf_add(b, s, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};

            web_buf_add(b, esc, 3);
        }
    }
}

void
web_buf_free(web_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
