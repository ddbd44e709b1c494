/*
 * epcis.c - EPCIS 2.0 JSON-LD: event hash IDs, export and strict import
 *
 * The pre-hash string follows the reference implementation at the commit
 * whose published vectors we reproduce (../shared/notes/gs1.md §3): fields
 * 1-20 in a fixed order, then one sorted group made of bizTransactionList,
 * sourceList, destinationList, ilmd and the top-level extension members.
 * Inside bizTransaction, source and destination objects the members keep
 * their JSON order; the entries of those lists are sorted.
 * Sorting is byte-wise over UTF-8, which is code point order.
 *
 * The streaming reader at the end of the file is a tokenizer that knows the
 * document only by its spine (root, epcisBody, queryResults, resultsBody):
 * jansson parses each event, and each other member, alone.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/civil.h"
#include "core/epcis.h"
#include "core/event.h"
#include "core/gs1.h"
#include "core/index.h"

/* The jansson iteration macros take non-const values; they do not change them. */
static json_t *
unconst(const json_t *v)
{
    union {
        const json_t *c;
        json_t       *m;
    } u = { .c = v };
    return u.m;
}

/* ---- growable strings and string lists ---- */

struct sbuf {
    char  *p;
    size_t len, cap;
    bool   oom;
};

static void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char  *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            b->oom = true;
            return;
        }
        b->p   = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void
sb_add(struct sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

/* Take the text out of @p b (malloc'd; "" when empty); NULL when out of memory. */
static char *
sb_take(struct sbuf *b)
{
    char *p;

    if (b->oom) {
        free(b->p);
        *b = (struct sbuf){ 0 };
        return NULL;
    }
    p  = b->p != NULL ? b->p : strdup("");
    *b = (struct sbuf){ 0 };
    return p;
}

/*
 * Append the text of @p src to @p dst when it is longer than @p min bytes or
 * ran out of memory (then @p dst is marked too), and empty @p src.
 */
static void
sb_move(struct sbuf *dst, struct sbuf *src, size_t min)
{
    if (src->len > min || src->oom) {
        char *s = sb_take(src);

        if (s == NULL)
            dst->oom = true;
        else
            sb_add(dst, s);
        free(s);
    }
    free(src->p);
    *src = (struct sbuf){ 0 };
}

struct svec {
    char **v;
    size_t n, cap;
    bool   oom;
};

/* Add @p s (the list takes it; NULL marks out of memory). */
static void
sv_push(struct svec *l, char *s)
{
    if (s == NULL) {
        l->oom = true;
        return;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v   = realloc(l->v, cap * sizeof *v);

        if (v == NULL) {
            free(s);
            l->oom = true;
            return;
        }
        l->v   = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Append the items of @p l to @p b, sorted when @p sort, and free them. */
static void
sv_flush(struct svec *l, struct sbuf *b, bool sort)
{
    if (l->oom)
        b->oom = true;
    if (sort && l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
    for (size_t i = 0; i < l->n; i++) {
        sb_add(b, l->v[i]);
        free(l->v[i]);
    }
    free(l->v);
    *l = (struct svec){ 0 };
}

/* ---- numbers ---- */

/* One character of a number into @p clean (NUL kept room for); false when it is full. */
static bool
num_take(char *clean, size_t cap, size_t *o, char c)
{
    if (*o + 1 >= cap)
        return false;
    clean[(*o)++] = c;
    return true;
}

/*
 * A run digit ("_"? digit)* from s[*i], its digits copied to @p clean without
 * the underscores; their count in @p *digits. False when @p clean is full.
 */
static bool
num_digits(const char *s, size_t n, size_t *i, char *clean, size_t cap, size_t *o,
           size_t *digits)
{
    bool prev_digit = false;

    *digits = 0;
    while (*i < n && (isdigit((unsigned char) s[*i]) ||
                      (s[*i] == '_' && prev_digit && *i + 1 < n &&
                       isdigit((unsigned char) s[*i + 1])))) {
        if (s[*i] != '_') {
            if (!num_take(clean, cap, o, s[*i]))
                return false;
            (*digits)++;
        }
        prev_digit = s[*i] != '_';
        (*i)++;
    }
    return true;
}

/* Python float() syntax after strip: sign, digits with single '_' between, '.', exponent. */
static bool
py_float_syntax(const char *s, size_t n, char *clean, size_t cap)
{
    size_t i = 0, o = 0, whole = 0, frac = 0, exp = 0;

    if (i < n && (s[i] == '+' || s[i] == '-') && !num_take(clean, cap, &o, s[i++]))
        return false;
    if (!num_digits(s, n, &i, clean, cap, &o, &whole))
        return false;
    if (i < n && s[i] == '.' &&
        (!num_take(clean, cap, &o, s[i++]) || !num_digits(s, n, &i, clean, cap, &o, &frac)))
        return false;
    if (whole + frac == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        if (!num_take(clean, cap, &o, s[i++]))
            return false;
        if (i < n && (s[i] == '+' || s[i] == '-') && !num_take(clean, cap, &o, s[i++]))
            return false;
        if (!num_digits(s, n, &i, clean, cap, &o, &exp) || exp == 0)
            return false;
    }
    clean[o] = '\0';
    return i == n;
}

/*
 * Python's str() of a float made int when integral: integral values in full
 * decimal, others in the shortest digits that read back the same, with an
 * exponent below 1e-4 ("1e-07").
 */
static void
py_number(char *out, size_t cap, double v)
{
    if (v == floor(v) && fabs(v) < 1e300) {
        if (v == 0)
            snprintf(out, cap, "0");
        else
            snprintf(out, cap, "%.0f", v);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(out, cap, "%.*g", p, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* ---- times ---- */

static bool
digits_at(const char *s, size_t n, size_t at, size_t count, unsigned *out)
{
    unsigned v = 0;

    if (at + count > n)
        return false;
    for (size_t i = 0; i < count; i++) {
        if (!isdigit((unsigned char) s[at + i]))
            return false;
        v = v * 10 + (unsigned) (s[at + i] - '0');
    }
    *out = v;
    return true;
}

/*
 * Parse an ISO 8601 date-time: YYYY-MM-DD[Tt ]hh:mm[:ss[.f+]][Z|z|+hh:mm|-hh:mm|+hhmm].
 * Sets seconds since the epoch (UTC; no offset counts as UTC), microseconds
 * (the first six fraction digits), and whether an offset was given.
 */
static bool
iso_parse(const char *s, int64_t *secs, unsigned *usec, bool *has_offset)
{
    size_t                n = strlen(s), i;
    unsigned              y, mo, d, h, mi, sec = 0, us = 0, oh, om;
    int                   sign = 0;
    int64_t               t;
    static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (!digits_at(s, n, 0, 4, &y) || n < 16 || s[4] != '-' || !digits_at(s, n, 5, 2, &mo) ||
        s[7] != '-' || !digits_at(s, n, 8, 2, &d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits_at(s, n, 11, 2, &h) ||
        s[13] != ':' || !digits_at(s, n, 14, 2, &mi))
        return false;
    i = 16;
    if (i < n && s[i] == ':') {
        if (!digits_at(s, n, i + 1, 2, &sec))
            return false;
        i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t k = 0;

            i++;
            if (i >= n || !isdigit((unsigned char) s[i]))
                return false;
            for (; i < n && isdigit((unsigned char) s[i]); i++, k++)
                if (k < 6)
                    us = us * 10 + (unsigned) (s[i] - '0');
            for (; k < 6; k++)
                us *= 10;
        }
    }
    *has_offset = false;
    oh = om = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        *has_offset = true;
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        sign = s[i] == '-' ? -1 : 1;
        if (!digits_at(s, n, i + 1, 2, &oh))
            return false;
        i += 3;
        if (i < n && s[i] == ':')
            i++;
        if (!digits_at(s, n, i, 2, &om))
            return false;
        i += 2;
        *has_offset = true;
    }
    if (i != n || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) || h > 23 ||
        mi > 59 || sec > 60 || oh > 23 || om > 59)
        return false;
    t = txng_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    t -= sign * (int64_t) (oh * 3600 + om * 60);
    *secs = t;
    *usec = us;
    return true;
}

/* UTC, milliseconds rounded half to even from microseconds: "YYYY-MM-DDThh:mm:ss.mmmZ". */
static bool
time_utc_ms(char *out, size_t cap, const char *s)
{
    int64_t  t, days, y;
    unsigned us, ms, m, d, rem;
    bool     has_offset;

    if (!iso_parse(s, &t, &us, &has_offset))
        return false;
    ms  = us / 1000;
    rem = us % 1000;
    if (rem > 500 || (rem == 500 && ms % 2 == 1))
        ms++;
    if (ms == 1000) {
        ms = 0;
        t++;
    }
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    t -= days * 86400;
    txng_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return false;
    snprintf(out, cap, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", (long long) y, m, d,
             (unsigned) (t / 3600), (unsigned) (t / 60 % 60), (unsigned) (t % 60), ms);
    return true;
}

/* ---- identifiers: constrained canonical Digital Link ---- */

#define DL "https://id.gs1.org/"

static bool
all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char) s[i]))
            return false;
    return true;
}

static bool
is_hex(char c)
{
    return isxdigit((unsigned char) c) != 0;
}

/*
 * Count the characters of an EPC URN component made of %XX escapes and the
 * characters ! ' ( ) * + , . 0-9 : ; = A-Z a-z _ - (escapes limited as the
 * Tag Data Standard grammar); -1 when another character appears.
 */
static long
epc_chars(const char *s, size_t n)
{
    long count = 0;

    for (size_t i = 0; i < n; count++) {
        unsigned char c = (unsigned char) s[i];

        if (c == '%') {
            char hi, lo;

            if (i + 2 >= n)
                return -1;
            hi = s[i + 1];
            lo = (char) toupper((unsigned char) s[i + 2]);
            if (!is_hex(lo))
                return -1;
            if (!((hi == '2' && strchr("125679ABCDEF", lo)) || hi == '3' ||
                  (hi == '4' && lo != '0') || (hi == '5' && strchr("0123456789AF", lo)) ||
                  (hi == '6' && lo != '0') || (hi == '7' && strchr("0123456789A", lo))))
                return -1;
            i += 3;
            continue;
        }
        if (!(isalnum(c) || strchr("!')(*+,.:;=_-", c) != NULL) || c == '\0')
            return -1;
        i++;
    }
    return count;
}

/* Escape ! ( ) * + , : as the reference does (other escapes stay as they are). */
static void
dl_escape(struct sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char e[4];

        if (strchr("!()*+,:", s[i]) != NULL && s[i] != '\0') {
            snprintf(e, sizeof e, "%%%02X", (unsigned char) s[i]);
            sb_add(b, e);
        } else {
            sb_addn(b, &s[i], 1);
        }
    }
}

/* Append @p n digits and their GS1 check digit. */
static void
with_check(struct sbuf *b, const char *digits, size_t n)
{
    char cd = (char) ('0' + txng_gs1_check_digit(digits, n));

    sb_addn(b, digits, n);
    sb_addn(b, &cd, 1);
}

/* Split "C.R..." after @p prefix into up to @p max fields on '.'; the last takes the rest. */
static size_t
split_dots(const char *s, const char **f, size_t *fl, size_t max)
{
    size_t k = 0;

    while (k + 1 < max) {
        const char *dot = strchr(s, '.');

        if (dot == NULL)
            break;
        f[k]    = s;
        fl[k++] = (size_t) (dot - s);
        s       = dot + 1;
    }
    f[k]    = s;
    fl[k++] = strlen(s);
    return k;
}

/* Company prefix (6-12 digits) and reference digits summing to @p total digits. */
static bool
gcp_ref(const char *c, size_t cl, const char *r, size_t rl, size_t total)
{
    return cl >= 6 && cl <= 12 && all_digits(c, cl) && all_digits(r, rl) && cl + rl == total;
}

/*
 * Append @p ai and the GS1 key of an EPC whose reference (@p f[1]) starts with
 * the indicator or extension digit: that digit, the company prefix (@p f[0]),
 * the rest of the reference, then the check digit, @p n digits before it.
 */
static void
key_indicator_first(struct sbuf *b, const char *ai, const char *const *f, const size_t *fl,
                    size_t n)
{
    char raw[40];

    raw[0] = f[1][0];
    memcpy(raw + 1, f[0], fl[0]);
    memcpy(raw + 1 + fl[0], f[1] + 1, fl[1] - 1);
    sb_add(b, ai);
    with_check(b, raw, n);
}

static bool
epc_to_dl(struct sbuf *b, const char *u)
{
    const char *f[6];
    size_t      fl[6], k;
    char        raw[40];

#define PFX(p)                                                                                     \
    (strncmp(u, (p), sizeof(p) - 1) == 0 ? (k = split_dots(u + sizeof(p) - 1, f, fl, 6), true)     \
                                         : false)

    if (PFX("urn:epc:id:sgtin:") || PFX("urn:epc:class:lgtin:") || PFX("urn:epc:id:upui:")) {
        bool lgtin = strncmp(u, "urn:epc:class:", 14) == 0, upui = strstr(u, ":upui:") != NULL;
        const char *rest;
        long        nch;

        if (k < 3 || !gcp_ref(f[0], fl[0], f[1], fl[1], 13))
            return false;
        rest = f[2];
        nch  = epc_chars(rest, strlen(rest));
        if (nch < 1 || nch > (upui ? 28 : 20))
            return false;
        key_indicator_first(b, DL "01/", f, fl, 13);
        sb_add(b, upui ? "/235/" : lgtin ? "/10/" : "/21/");
        dl_escape(b, rest, strlen(rest));
        return true;
    }
    if (PFX("urn:epc:id:sscc:")) {
        if (k != 2 || !gcp_ref(f[0], fl[0], f[1], fl[1], 17))
            return false;
        key_indicator_first(b, DL "00/", f, fl, 17);
        return true;
    }
    if (PFX("urn:epc:id:sgln:")) {
        const char *ext;
        long        nch;

        if (k < 3 || !gcp_ref(f[0], fl[0], f[1], fl[1], 12))
            return false;
        ext = f[2];
        nch = epc_chars(ext, strlen(ext));
        if (nch < 1 || nch > 20)
            return false;
        memcpy(raw, f[0], fl[0]);
        memcpy(raw + fl[0], f[1], fl[1]);
        sb_add(b, DL "414/");
        with_check(b, raw, 12);
        if (strcmp(ext, "0") != 0) {
            sb_add(b, "/254/");
            dl_escape(b, ext, strlen(ext));
        }
        return true;
    }
    if (PFX("urn:epc:id:pgln:")) {
        if (k != 2 || !gcp_ref(f[0], fl[0], f[1], fl[1], 12))
            return false;
        memcpy(raw, f[0], fl[0]);
        memcpy(raw + fl[0], f[1], fl[1]);
        sb_add(b, DL "417/");
        with_check(b, raw, 12);
        return true;
    }
    if (PFX("urn:epc:id:grai:") || PFX("urn:epc:id:gdti:") || PFX("urn:epc:id:sgcn:")) {
        bool        grai = strstr(u, ":grai:") != NULL, sgcn = strstr(u, ":sgcn:") != NULL;
        const char *ser;
        long        nch;
        size_t      o = 0;

        if (k < 3 || !gcp_ref(f[0], fl[0], f[1], fl[1], 12))
            return false;
        ser = f[2];
        if (sgcn) {
            if (strlen(ser) < 1 || strlen(ser) > 12 || !all_digits(ser, strlen(ser)))
                return false;
        } else {
            nch = epc_chars(ser, strlen(ser));
            if (nch < (grai ? 1 : 0) || nch > (grai ? 16 : 19))
                return false;
        }
        if (grai)
            raw[o++] = '0';
        memcpy(raw + o, f[0], fl[0]);
        memcpy(raw + o + fl[0], f[1], fl[1]);
        sb_add(b, grai ? DL "8003/" : sgcn ? DL "255/" : DL "253/");
        with_check(b, raw, o + 12);
        if (sgcn)
            sb_add(b, ser);
        else
            dl_escape(b, ser, strlen(ser));
        return true;
    }
    if (PFX("urn:epc:id:giai:") || PFX("urn:epc:id:ginc:")) {
        const char *ref = u + strlen("urn:epc:id:giai:") + fl[0] + 1;
        long        nch;

        if (k < 2 || fl[0] < 6 || fl[0] > 12 || !all_digits(f[0], fl[0]))
            return false;
        nch = epc_chars(ref, strlen(ref));
        if (nch < 1 || (size_t) nch > 30 - fl[0])
            return false;
        sb_add(b, strstr(u, ":giai:") != NULL ? DL "8004/" : DL "401/");
        sb_addn(b, f[0], fl[0]);
        dl_escape(b, ref, strlen(ref));
        return true;
    }
    if (PFX("urn:epc:id:gsrn:") || PFX("urn:epc:id:gsrnp:") || PFX("urn:epc:id:gsin:")) {
        bool gsin = strstr(u, ":gsin:") != NULL;

        if (k != 2 || !gcp_ref(f[0], fl[0], f[1], fl[1], gsin ? 16 : 17))
            return false;
        memcpy(raw, f[0], fl[0]);
        memcpy(raw + fl[0], f[1], fl[1]);
        sb_add(b, gsin ? DL "402/" : strstr(u, ":gsrnp:") != NULL ? DL "8017/" : DL "8018/");
        with_check(b, raw, gsin ? 16 : 17);
        return true;
    }
    if (PFX("urn:epc:id:itip:")) {
        const char *ser;
        long        nch;

        if (k < 5 || !gcp_ref(f[0], fl[0], f[1], fl[1], 13) || fl[2] != 2 || fl[3] != 2 ||
            !all_digits(f[2], 2) || !all_digits(f[3], 2))
            return false;
        ser = f[4];
        nch = epc_chars(ser, strlen(ser));
        if (nch < 1 || nch > 20)
            return false;
        key_indicator_first(b, DL "8006/", f, fl, 13);
        sb_addn(b, f[2], 2);
        sb_addn(b, f[3], 2);
        sb_add(b, "/21/");
        dl_escape(b, ser, strlen(ser));
        return true;
    }
    if (PFX("urn:epc:id:cpi:") || PFX("urn:epc:idpat:cpi:")) {
        bool        pat  = strstr(u, ":idpat:") != NULL;
        const char *body = u + (pat ? strlen("urn:epc:idpat:cpi:") : strlen("urn:epc:id:cpi:"));
        const char *last = strrchr(body, '.');
        const char *ref  = body + fl[0] + 1;
        size_t      rl;

        if (k < 3 || fl[0] < 6 || fl[0] > 12 || !all_digits(f[0], fl[0]) || last < ref)
            return false;
        rl = (size_t) (last - ref);
        if (rl < 1 || rl > 30 - fl[0])
            return false;
        for (size_t i = 0; i < rl; i++)
            if (!(isdigit((unsigned char) ref[i]) || isupper((unsigned char) ref[i]) ||
                  ref[i] == '-' || ref[i] == '%'))
                return false;
        if (pat ? strcmp(last + 1, "*") != 0
                : (strlen(last + 1) < 1 || strlen(last + 1) > 12 ||
                   !all_digits(last + 1, strlen(last + 1))))
            return false;
        sb_add(b, DL "8010/");
        sb_addn(b, f[0], fl[0]);
        dl_escape(b, ref, rl);
        if (!pat) {
            sb_add(b, "/8011/");
            sb_add(b, last + 1);
        }
        return true;
    }
    if (PFX("urn:epc:idpat:sgtin:") || PFX("urn:epc:idpat:upui:")) {
        if (k != 3 || !gcp_ref(f[0], fl[0], f[1], fl[1], 13) || strcmp(f[2], "*") != 0)
            return false;
        key_indicator_first(b, DL "01/", f, fl, 13);
        return true;
    }
    if (PFX("urn:epc:idpat:grai:") || PFX("urn:epc:idpat:gdti:") || PFX("urn:epc:idpat:sgcn:")) {
        bool   grai = strstr(u, ":grai:") != NULL;
        size_t o    = 0;

        if (k != 3 || !gcp_ref(f[0], fl[0], f[1], fl[1], 12) || strcmp(f[2], "*") != 0)
            return false;
        if (grai)
            raw[o++] = '0';
        memcpy(raw + o, f[0], fl[0]);
        memcpy(raw + o + fl[0], f[1], fl[1]);
        sb_add(b, grai ? DL "8003/" : strstr(u, ":sgcn:") != NULL ? DL "255/" : DL "253/");
        with_check(b, raw, o + 12);
        return true;
    }
    if (PFX("urn:epc:idpat:itip:")) {
        if (k != 5 || !gcp_ref(f[0], fl[0], f[1], fl[1], 13) || fl[2] != 2 || fl[3] != 2 ||
            !all_digits(f[2], 2) || !all_digits(f[3], 2) || strcmp(f[4], "*") != 0)
            return false;
        key_indicator_first(b, DL "8006/", f, fl, 13);
        sb_addn(b, f[2], 2);
        sb_addn(b, f[3], 2);
        return true;
    }
#undef PFX
    return false;
}

/* Characters allowed in values of the strict output patterns. */
static bool
dl_value_char(char c)
{
    return c == '"' || c == '\'' || c == '-' || c == '.' || isdigit((unsigned char) c) ||
           (c >= ';' && c <= '?') || isupper((unsigned char) c) || c == '_' ||
           islower((unsigned char) c);
}

static bool
dl_values(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);

    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!dl_value_char(s[i]))
            return false;
    return true;
}

static bool
digits_then(const char *s, size_t nd, const char **rest)
{
    if (strlen(s) < nd || !all_digits(s, nd))
        return false;
    *rest = s + nd;
    return true;
}

/* The strict patterns a normalised Digital Link must match (after "https://id.gs1.org/"). */
static bool
dl_valid(const char *p)
{
    const char *r;

#define KEY(k) (strncmp(p, k "/", sizeof(k)) == 0 ? (r = p + sizeof(k), true) : false)
    if (KEY("00"))
        return strlen(r) == 18 && all_digits(r, 18);
    if (KEY("01")) {
        if (!digits_then(r, 14, &r))
            return false;
        if (*r == '\0')
            return true;
        if (strncmp(r, "/21/", 4) == 0 || strncmp(r, "/10/", 4) == 0)
            return dl_values(r + 4, 0, 20);
        if (strncmp(r, "/235/", 5) == 0)
            return dl_values(r + 5, 0, 28);
        return false;
    }
    if (KEY("253"))
        return digits_then(r, 13, &r) && dl_values(r, 0, 17);
    if (KEY("255"))
        return digits_then(r, 13, &r) && strlen(r) <= 12 && all_digits(r, strlen(r));
    if (KEY("401") || KEY("8004"))
        return dl_values(r, 0, 30);
    if (KEY("402"))
        return strlen(r) == 17 && all_digits(r, 17);
    if (KEY("414")) {
        if (!digits_then(r, 13, &r))
            return false;
        return *r == '\0' || (strncmp(r, "/254/", 5) == 0 && dl_values(r + 5, 0, 20));
    }
    if (KEY("417"))
        return strlen(r) == 13 && all_digits(r, 13);
    if (KEY("8003"))
        return digits_then(r, 14, &r) && dl_values(r, 0, 16);
    if (KEY("8006")) {
        if (!digits_then(r, 18, &r))
            return false;
        return *r == '\0' || ((strncmp(r, "/21/", 4) == 0 || strncmp(r, "/10/", 4) == 0) &&
                              dl_values(r + 4, 0, 20));
    }
    if (KEY("8010")) {
        const char *e = strstr(r, "/8011/");
        size_t      n = e != NULL ? (size_t) (e - r) : strlen(r);

        if (n > 30)
            return false;
        for (size_t i = 0; i < n; i++)
            if (!(r[i] == '#' || r[i] == '-' || r[i] == '/' || isdigit((unsigned char) r[i]) ||
                  isupper((unsigned char) r[i])))
                return false;
        return e == NULL || (strlen(e + 6) <= 12 && all_digits(e + 6, strlen(e + 6)));
    }
    if (KEY("8017") || KEY("8018"))
        return strlen(r) == 18 && all_digits(r, 18);
#undef KEY
    return false;
}

static const char *const dl_keys[] = { "01",   "gtin", "8006",  "itip", "8010",  "cpid", "414",
                                       "gln",  "417",  "party", "8017", "gsrnp", "8018", "gsrn",
                                       "255",  "gcn",  "00",    "sscc", "253",   "gdti", "401",
                                       "ginc", "402",  "gsin",  "8003", "grai",  "8004", "giai" };

/* Whether @p u looks like a Digital Link: http(s), and "/<key>/dddd?" in the path. */
static bool
dl_shape(const char *u)
{
    size_t end;

    if (strncmp(u, "http:", 5) != 0 && strncmp(u, "https:", 6) != 0)
        return false;
    end = strcspn(u, "?#");
    for (size_t i = 0; i < end; i++) {
        if (u[i] != '/')
            continue;
        for (size_t k = 0; k < sizeof dl_keys / sizeof dl_keys[0]; k++) {
            size_t      kl = strlen(dl_keys[k]);
            const char *v  = u + i + 1 + kl + 1;

            if (strncmp(u + i + 1, dl_keys[k], kl) == 0 && u[i + 1 + kl] == '/' && strlen(v) >= 5 &&
                all_digits(v, 4) && v[4] != '/')
                return true;
        }
    }
    return false;
}

/* Replace every @p from in @p s (in place into @p out) with @p to. */
static void
replace_all(char *s, size_t cap, const char *from, const char *to)
{
    char  *p;
    size_t fl = strlen(from), tl = strlen(to);

    for (p = strstr(s, from); p != NULL; p = strstr(p + tl, from)) {
        size_t rest = strlen(p + fl);

        if ((size_t) (p - s) + tl + rest + 1 > cap)
            return;
        memmove(p + tl, p + fl, rest + 1);
        memcpy(p, to, tl);
    }
}

static bool
dl_normalise(char *out, size_t cap, const char *in)
{
    static const char *const alias[][2] = {
        { "/gtin/", "/01/" },   { "/itip/", "/8006/" }, { "/cpid/", "/8010/" },
        { "/gln/", "/414/" },   { "/party/", "/417/" }, { "/gsrnp/", "/8017/" },
        { "/gsrn/", "/8018/" }, { "/gcn/", "/255/" },   { "/sscc/", "/00/" },
        { "/gdti/", "/253/" },  { "/ginc/", "/401/" },  { "/gsin/", "/402/" },
        { "/grai/", "/8003/" }, { "/giai/", "/8004/" }, { "/cpv/", "/22/" },
        { "/lot/", "/10/" },    { "/ser/", "/21/" },
    };
    static const char *const order[] = { "/00/",   "/01/",   "/253/",  "/255/",  "/401/",
                                         "/402/",  "/414/",  "/417/",  "/8003/", "/8004/",
                                         "/8006/", "/8010/", "/8017/", "/8018/" };
    char                     u[TXNG_EPCIS_ID_MAX + 32], t[TXNG_EPCIS_ID_MAX + 32];
    char                    *q, *p;
    size_t                   dl = strlen(DL) - 1; /* "https://id.gs1.org" */

    if (strlen(in) >= TXNG_EPCIS_ID_MAX || !dl_shape(in))
        return false;
    snprintf(u, sizeof u, "%s", in);
    if ((q = strchr(u, '?')) != NULL)
        *q = '\0';
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        replace_all(u, sizeof u, alias[i][0], alias[i][1]);
    if (strncmp(u, DL, strlen(DL)) != 0 || !dl_shape(u)) {
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
            if ((p = strstr(u, order[i])) != NULL) {
                snprintf(t, sizeof t, "%.*s%s", (int) dl, DL, p);
                memcpy(u, t, strlen(t) + 1);
                break;
            }
        }
    }
    if (strncmp(u, DL "01/", strlen(DL "01/")) == 0) {
        const char *g   = u + strlen(DL "01/");
        size_t      nd  = strspn(g, "0123456789");
        const char *pad = nd >= 14   ? ""
                          : nd == 13 ? "0"
                          : nd == 12 ? "00"
                          : nd >= 8  ? "000000"
                                     : "";

        if (*pad != '\0') {
            snprintf(t, sizeof t, DL "01/%s%.*s", pad, TXNG_EPCIS_ID_MAX, g);
            memcpy(u, t, strlen(t) + 1);
        }
    }
    /* drop the CPV, then a lot in front of a serial */
    if ((strncmp(u, DL "01/", strlen(DL "01/")) == 0 && all_digits(u + strlen(DL "01/"), 14) &&
         strncmp(u + strlen(DL "01/") + 14, "/22/", 4) == 0) ||
        (strncmp(u, DL "8006/", strlen(DL "8006/")) == 0 &&
         all_digits(u + strlen(DL "8006/"), 18) &&
         strncmp(u + strlen(DL "8006/") + 18, "/22/", 4) == 0)) {
        char       *cpv = strstr(u, "/22/");
        const char *v   = cpv + 4;
        size_t      vl  = strlen(v);
        bool        ok  = vl <= 20;

        for (size_t i = 0; ok && i < vl; i++)
            ok = dl_value_char(v[i]) || v[i] == '/';
        if (ok) {
            const char *slash = strchr(v, '/');

            memmove(cpv, slash != NULL ? slash : v + vl,
                    strlen(slash != NULL ? slash : v + vl) + 1);
        }
    }
    if ((p = strstr(u, "/10/")) != NULL && strstr(p, "/21/") != NULL &&
        (strncmp(u, DL "01/", strlen(DL "01/")) == 0 ||
         strncmp(u, DL "8006/", strlen(DL "8006/")) == 0)) {
        char *ser = strstr(p, "/21/");
        bool  ok  = true;

        for (const char *c = p + 4; c < ser; c++)
            ok = ok && dl_value_char(*c);
        ok = ok && dl_values(ser + 4, 0, 20) && ser - (p + 4) <= 20;
        if (ok)
            memmove(p, ser, strlen(ser) + 1);
    }
    if (strncmp(u, DL, strlen(DL)) != 0 || !dl_valid(u + strlen(DL)) || strlen(u) + 1 > cap)
        return false;
    memcpy(out, u, strlen(u) + 1);
    return true;
}

bool
txng_epcis_normalise_id(char *out, size_t cap, const char *uri)
{
    struct sbuf b = { 0 };
    bool        done;

    if (out == NULL || cap == 0)
        return false;
    out[0] = '\0';
    if (uri == NULL)
        return false;
    if (strncmp(uri, "urn:epc:", 8) == 0) {
        done = epc_to_dl(&b, uri);
        if (done && !b.oom && b.len + 1 <= cap)
            memcpy(out, b.p, b.len + 1);
        else
            done = false;
        free(b.p);
        return done;
    }
    if (!dl_normalise(out, cap, uri)) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* ---- the pre-hash string ---- */

#define NS_MAX 64

/* Prefix -> namespace, later entries first on lookup. */
struct nsmap {
    const char *prefix[NS_MAX];
    const char *ns[NS_MAX];
    size_t      n;
};

static void
ns_put(struct nsmap *m, const char *prefix, const char *ns)
{
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->prefix[i], prefix) == 0) {
            m->ns[i] = ns;
            return;
        }
    }
    if (m->n < NS_MAX) {
        m->prefix[m->n] = prefix;
        m->ns[m->n++]   = ns;
    }
}

static void
ns_object(struct nsmap *m, const json_t *obj)
{
    const char *k;
    json_t     *v;

    json_object_foreach(unconst(obj), k, v)
    {
        if (json_is_string(v) && k[0] != '@')
            ns_put(m, k, json_string_value(v));
    }
}

static void
ns_init(struct nsmap *m, const json_t *context)
{
    /* Only the document's own prefixes count, as in the reference: an
     * undeclared "cbv:" or "cbvmda:" stays as written. */
    m->n = 0;
    if (json_is_object(context)) {
        ns_object(m, context);
    } else if (json_is_array(context)) {
        size_t  i;
        json_t *c;

        json_array_foreach(unconst(context), i, c)
        {
            if (json_is_object(c))
                ns_object(m, c);
        }
    }
}

static const char *
ns_find(const struct nsmap *m, const char *s, size_t plen)
{
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->prefix[i]) == plen && strncmp(m->prefix[i], s, plen) == 0)
            return m->ns[i];
    return NULL;
}

/* "{namespace}name" for "prefix:name" with a known prefix, else the key. */
static char *
key_expand(const struct nsmap *m, const char *key)
{
    const char *colon = strchr(key, ':');
    const char *ns    = colon != NULL ? ns_find(m, key, (size_t) (colon - key)) : NULL;
    struct sbuf b     = { 0 };

    if (ns == NULL)
        return strdup(key);
    sb_add(&b, "{");
    sb_add(&b, ns);
    sb_add(&b, "}");
    sb_add(&b, colon + 1);
    return sb_take(&b);
}

static bool
key_ignored(const char *k)
{
    return strcmp(k, "#text") == 0 || strcmp(k, "comment") == 0 || strcmp(k, "rdfs:comment") == 0;
}

/* The text of a scalar as the reference reads it; NULL for objects and arrays. */
static char *
leaf_text(const json_t *v)
{
    char num[64];

    switch (json_typeof(v)) {
    case JSON_STRING:
        return strdup(json_string_value(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long) json_integer_value(v));
        return strdup(num);
    case JSON_REAL:
        py_number(num, sizeof num, json_real_value(v));
        return strdup(num);
    case JSON_TRUE:
        return strdup("True");
    case JSON_FALSE:
        return strdup("False");
    case JSON_NULL:
        return strdup("None");
    default:
        return NULL;
    }
}

static bool
ws(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Value rules of the pre-hash: CURIE, trim, CBV URN, number, identifier. malloc'd. */
static char *
canon_text(const struct nsmap *m, const char *raw)
{
    static const char *const urns[][2] = {
        { "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-" },
        { "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-" },
        { "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-" },
        { "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-" },
        { "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-" },
    };
    struct sbuf b     = { 0 };
    const char *colon = strchr(raw, ':');
    const char *ns    = colon != NULL ? ns_find(m, raw, (size_t) (colon - raw)) : NULL;
    char       *t, *s, *num = NULL, id[TXNG_EPCIS_ID_MAX];
    size_t      n;

    if (ns != NULL) {
        sb_add(&b, ns);
        sb_add(&b, colon + 1);
    } else {
        sb_add(&b, raw);
    }
    if ((t = sb_take(&b)) == NULL)
        return NULL;
    s = t;
    n = strlen(s);
    while (n > 0 && ws(*s)) {
        s++;
        n--;
    }
    while (n > 0 && ws(s[n - 1]))
        n--;
    sb_addn(&b, s, n);
    for (size_t i = 0; i < sizeof urns / sizeof urns[0]; i++) {
        if (b.p != NULL && strncmp(b.p, urns[i][0], strlen(urns[i][0])) == 0) {
            struct sbuf c = { 0 };

            sb_add(&c, urns[i][1]);
            sb_add(&c, b.p + strlen(urns[i][0]));
            free(b.p);
            b = c;
            break;
        }
    }
    free(t);
    if ((t = sb_take(&b)) == NULL)
        return NULL;
    n = strlen(t);
    if (n > 0 && n < 400 && (num = malloc(n + 1)) != NULL && py_float_syntax(t, n, num, n + 1)) {
        double v;

        errno = 0;
        v     = strtod(num, NULL);
        if (isfinite(v)) {
            char out[400];

            py_number(out, sizeof out, v);
            free(t);
            t = strdup(out);
        }
    }
    free(num);
    if (t != NULL && txng_epcis_normalise_id(id, sizeof id, t)) {
        free(t);
        t = strdup(id);
    }
    return t;
}

/* "key=value" (or "key" when the value is empty) of a scalar; @p vocab prefixes a bare word. */
static char *
render_leaf(const struct nsmap *m, const char *key, const json_t *v, const char *vocab,
            bool is_time)
{
    struct sbuf b   = { 0 };
    char       *raw = leaf_text(v), *val = NULL, tbuf[40];

    if (raw == NULL)
        return strdup(key);
    if (is_time) {
        char  *s = raw;
        size_t n = strlen(s);

        while (n > 0 && ws(*s)) {
            s++;
            n--;
        }
        while (n > 0 && ws(s[n - 1]))
            n--;
        s[n] = '\0';
        val  = strdup(time_utc_ms(tbuf, sizeof tbuf, s) ? tbuf : s);
    } else if (vocab != NULL && json_is_string(v) && raw[0] != '\0' && strchr(raw, ':') == NULL) {
        struct sbuf w = { 0 };

        sb_add(&w, vocab);
        sb_add(&w, raw);
        val = sb_take(&w);
    } else {
        val = canon_text(m, raw);
    }
    free(raw);
    if (val == NULL)
        return NULL;
    sb_add(&b, key);
    if (val[0] != '\0') {
        sb_add(&b, "=");
        sb_add(&b, val);
    }
    free(val);
    return sb_take(&b);
}

static char *render_generic(const struct nsmap *m, const char *key, const json_t *v);

/* The strings of the members of @p obj, arrays as repeated keys, into @p out. */
static void
render_members(const struct nsmap *m, const json_t *obj, struct svec *out, const char *const *skip)
{
    const char *k;
    json_t     *v;

    json_object_foreach(unconst(obj), k, v)
    {
        bool    skipped = key_ignored(k);
        char   *ek;
        size_t  i;
        json_t *e;

        for (size_t s = 0; skip != NULL && skip[s] != NULL && !skipped; s++)
            skipped = strcmp(skip[s], k) == 0;
        if (skipped)
            continue;
        if ((ek = key_expand(m, k)) == NULL) {
            out->oom = true;
            return;
        }
        if (json_is_array(v)) {
            json_array_foreach(v, i, e) sv_push(out, render_generic(m, ek, e));
        } else {
            sv_push(out, render_generic(m, ek, v));
        }
        free(ek);
    }
}

static char *
render_generic(const struct nsmap *m, const char *key, const json_t *v)
{
    struct sbuf b  = { 0 };
    struct svec ch = { 0 };

    if (!json_is_object(v) && !json_is_array(v))
        return render_leaf(m, key, v, NULL, false);
    sb_add(&b, key);
    if (json_is_object(v)) {
        render_members(m, v, &ch, NULL);
    } else {
        size_t  i;
        json_t *e;

        json_array_foreach(unconst(v), i, e) sv_push(&ch, render_generic(m, key, e));
    }
    sv_flush(&ch, &b, true);
    return sb_take(&b);
}

/* "name" + sorted "epc=..." of a list of identifiers; "" when it gives nothing. */
static void
add_epcs(struct sbuf *b, const struct nsmap *m, const json_t *ev, const char *name)
{
    const json_t *list = json_object_get(ev, name);
    struct svec   l    = { 0 };
    size_t        i;
    json_t       *e;

    if (!json_is_array(list))
        return;
    json_array_foreach(unconst(list), i, e)
    {
        char *s = render_leaf(m, "epc", e, NULL, false);

        if (s != NULL && strcmp(s, "epc") == 0) {
            free(s);
            continue;
        }
        sv_push(&l, s);
    }
    if (l.n > 0)
        sb_add(b, name);
    sv_flush(&l, b, true);
}

static void
add_quantities(struct sbuf *b, const struct nsmap *m, const json_t *ev, const char *name)
{
    static const char *const fields[] = { "epcClass", "quantity", "uom" };
    const json_t            *list     = json_object_get(ev, name);
    struct svec              l        = { 0 };
    size_t                   i;
    json_t                  *e;

    if (!json_is_array(list))
        return;
    json_array_foreach(unconst(list), i, e)
    {
        struct sbuf q = { 0 };

        if (!json_is_object(e))
            continue;
        for (size_t f = 0; f < 3; f++) {
            json_t *v = json_object_get(e, fields[f]);
            char   *s;

            if (v == NULL || json_is_object(v) || json_is_array(v))
                continue;
            s = render_leaf(m, fields[f], v, NULL, false);
            if (s == NULL)
                q.oom = true;
            else if (strcmp(s, fields[f]) != 0)
                sb_add(&q, s);
            free(s);
        }
        if (q.len > 0 || q.oom) {
            struct sbuf w = { 0 };

            sb_add(&w, "quantityElement");
            sb_move(&w, &q, 0);
            sv_push(&l, sb_take(&w));
        }
    }
    if (l.n > 0)
        sb_add(b, name);
    sv_flush(&l, b, true);
}

/* One scalar member in order: "name=value". */
static void
add_scalar(struct sbuf *b, const struct nsmap *m, const json_t *obj, const char *name,
           const char *vocab, bool is_time)
{
    const json_t *v = json_object_get(obj, name);
    char         *s;

    if (v == NULL || json_is_object(v) || json_is_array(v))
        return;
    if ((s = render_leaf(m, name, v, vocab, is_time)) == NULL) {
        b->oom = true;
        return;
    }
    if (strcmp(s, name) != 0)
        sb_add(b, s);
    free(s);
}

/* Fields in @p order (scalars, vocab/time rules per field), then sorted extensions. */
struct field_rule {
    const char *name;
    const char *vocab;
    bool        is_time;
};

static char *
render_ordered(const struct nsmap *m, const char *name, const json_t *obj,
               const struct field_rule *rules, size_t nrules)
{
    struct sbuf b   = { 0 };
    struct svec ext = { 0 };
    const char *skip[32];
    size_t      ns = 0;

    sb_add(&b, name);
    for (size_t i = 0; i < nrules; i++) {
        add_scalar(&b, m, obj, rules[i].name, rules[i].vocab, rules[i].is_time);
        if (ns + 1 < sizeof skip / sizeof skip[0])
            skip[ns++] = rules[i].name;
    }
    skip[ns] = NULL;
    render_members(m, obj, &ext, skip);
    sv_flush(&ext, &b, true);
    return sb_take(&b);
}

static const struct field_rule metadata_rules[] = {
    { "time", NULL, true },
    { "startTime", NULL, true },
    { "endTime", NULL, true },
    { "deviceID", NULL, false },
    { "deviceMetadata", NULL, false },
    { "rawData", NULL, false },
    { "dataProcessingMethod", NULL, false },
    { "bizRules", NULL, false },
};

static const struct field_rule report_rules[] = {
    { "type", "https://gs1.org/voc/", false },
    { "exception", "https://gs1.org/voc/", false },
    { "deviceID", NULL, false },
    { "deviceMetadata", NULL, false },
    { "rawData", NULL, false },
    { "dataProcessingMethod", NULL, false },
    { "time", NULL, true },
    { "microorganism", NULL, false },
    { "chemicalSubstance", NULL, false },
    { "value", NULL, false },
    { "component", "https://ref.gs1.org/cbv/Comp-", false },
    { "stringValue", NULL, false },
    { "booleanValue", NULL, false },
    { "hexBinaryValue", NULL, false },
    { "uriValue", NULL, false },
    { "minValue", NULL, false },
    { "maxValue", NULL, false },
    { "meanValue", NULL, false },
    { "sDev", NULL, false },
    { "percRank", NULL, false },
    { "percValue", NULL, false },
    { "uom", NULL, false },
    { "coordinateReferenceSystem", NULL, false },
};

static void
add_sensors(struct sbuf *b, const struct nsmap *m, const json_t *ev)
{
    static const char *const skip[] = { "sensorMetadata", "sensorReport", NULL };
    const json_t            *list   = json_object_get(ev, "sensorElementList");
    struct svec              elems  = { 0 };
    size_t                   i;
    json_t                  *el;

    if (!json_is_array(list))
        return;
    json_array_foreach(unconst(list), i, el)
    {
        struct sbuf   e    = { 0 };
        struct svec   reps = { 0 }, ext = { 0 };
        const json_t *md = json_object_get(el, "sensorMetadata");
        const json_t *rl = json_object_get(el, "sensorReport");
        size_t        r;
        json_t       *rep;

        if (!json_is_object(el))
            continue;
        sb_add(&e, "sensorElement");
        if (json_is_object(md)) {
            char *s = render_ordered(m, "sensorMetadata", md, metadata_rules,
                                     sizeof metadata_rules / sizeof metadata_rules[0]);

            if (s == NULL)
                e.oom = true;
            else
                sb_add(&e, s);
            free(s);
        }
        if (json_is_array(rl)) {
            json_array_foreach(unconst(rl), r, rep)
            {
                if (json_is_object(rep))
                    sv_push(&reps, render_ordered(m, "sensorReport", rep, report_rules,
                                                  sizeof report_rules / sizeof report_rules[0]));
            }
        }
        sv_flush(&reps, &e, true);
        render_members(m, el, &ext, skip);
        sv_flush(&ext, &e, true);
        sv_push(&elems, sb_take(&e));
    }
    if (elems.n > 0)
        sb_add(b, "sensorElementList");
    sv_flush(&elems, b, true);
}

/*
 * readPoint / bizLocation: "name" + "id=..." + sorted extensions. Extensions
 * whose namespace does not end in "/" go to the sorted group as a second
 * "name..." string, as the reference does (gs1.md §3.6 item 7).
 */
static void
add_location(struct sbuf *b, struct svec *group, const struct nsmap *m, const json_t *ev,
             const char *name)
{
    static const char *const skip[] = { "id", NULL };
    const json_t            *loc    = json_object_get(ev, name);
    struct svec              ext = { 0 }, in = { 0 }, out = { 0 };
    struct sbuf              o = { 0 };

    if (!json_is_object(loc))
        return;
    sb_add(&o, name);
    add_scalar(&o, m, loc, "id", NULL, false);
    render_members(m, loc, &ext, skip);
    if (ext.oom)
        o.oom = true;
    for (size_t i = 0; i < ext.n; i++) {
        const char *close = ext.v[i][0] == '{' ? strchr(ext.v[i], '}') : NULL;

        sv_push(close != NULL && close[-1] != '/' ? &out : &in, ext.v[i]);
    }
    free(ext.v);
    sv_flush(&in, &o, true);
    sb_move(b, &o, strlen(name));
    if (out.n > 0 || out.oom) {
        struct sbuf g = { 0 };

        sb_add(&g, name);
        sv_flush(&out, &g, true);
        sv_push(group, sb_take(&g));
    }
}

/* bizTransactionList, sourceList, destinationList: entries and members in document order. */
static char *
render_typed_list(const struct nsmap *m, const char *name, const json_t *list, const char *vocab)
{
    struct sbuf b       = { 0 };
    struct svec entries = { 0 };
    size_t      i;
    json_t     *e;

    sb_add(&b, name);
    json_array_foreach(unconst(list), i, e)
    {
        struct sbuf one = { 0 };
        const char *k;
        json_t     *v;

        if (!json_is_object(e))
            continue;
        json_object_foreach(e, k, v)
        {
            char *ek = NULL, *s;

            if (key_ignored(k))
                continue;
            if (json_is_object(v) || json_is_array(v)) {
                if ((ek = key_expand(m, k)) == NULL) {
                    one.oom = true;
                    continue;
                }
                s = render_generic(m, ek, v);
            } else {
                s = render_leaf(m, k, v, strcmp(k, "type") == 0 ? vocab : NULL, false);
            }
            free(ek);
            if (s == NULL)
                one.oom = true;
            else
                sb_add(&one, s);
            free(s);
        }
        sv_push(&entries, sb_take(&one));
    }
    sv_flush(&entries, &b, true);
    return sb_take(&b);
}

static bool
member_known(const char *k)
{
    static const char *const known[] = {
        "type",
        "eventTime",
        "eventTimeZoneOffset",
        "certificationInfo",
        "parentID",
        "epcList",
        "inputEPCList",
        "childEPCs",
        "quantityList",
        "childQuantityList",
        "inputQuantityList",
        "outputEPCList",
        "outputQuantityList",
        "action",
        "transformationID",
        "bizStep",
        "disposition",
        "persistentDisposition",
        "readPoint",
        "bizLocation",
        "sensorElementList",
        "eventID",
        "recordTime",
        "errorDeclaration",
        "@context",
    };

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(k, known[i]) == 0)
            return true;
    return key_ignored(k);
}

static char *
prehash_string(const json_t *ev, const struct nsmap *m)
{
    struct sbuf   b = { 0 };
    struct svec   l = { 0 }, group = { 0 };
    const json_t *v;
    const char   *k;
    json_t       *x;
    size_t        i;

    sb_add(&b, "eventType=");
    sb_add(&b, json_string_value(json_object_get(ev, "type")));
    add_scalar(&b, m, ev, "eventTime", NULL, true);
    add_scalar(&b, m, ev, "eventTimeZoneOffset", NULL, false);
    v = json_object_get(ev, "certificationInfo");
    if (json_is_array(v)) {
        json_array_foreach(unconst(v), i, x)
            sv_push(&l, render_leaf(m, "certificationInfo", x, NULL, false));
        sv_flush(&l, &b, true);
    } else {
        add_scalar(&b, m, ev, "certificationInfo", NULL, false);
    }
    add_scalar(&b, m, ev, "parentID", NULL, false);
    add_epcs(&b, m, ev, "epcList");
    add_epcs(&b, m, ev, "inputEPCList");
    add_epcs(&b, m, ev, "childEPCs");
    add_quantities(&b, m, ev, "quantityList");
    add_quantities(&b, m, ev, "childQuantityList");
    add_quantities(&b, m, ev, "inputQuantityList");
    add_epcs(&b, m, ev, "outputEPCList");
    add_quantities(&b, m, ev, "outputQuantityList");
    add_scalar(&b, m, ev, "action", NULL, false);
    add_scalar(&b, m, ev, "transformationID", NULL, false);
    add_scalar(&b, m, ev, "bizStep", "https://ref.gs1.org/cbv/BizStep-", false);
    add_scalar(&b, m, ev, "disposition", "https://ref.gs1.org/cbv/Disp-", false);
    v = json_object_get(ev, "persistentDisposition");
    if (json_is_object(v)) {
        struct sbuf p = { 0 };

        sb_add(&p, "persistentDisposition");
        for (int s = 0; s < 2; s++) {
            const char   *name = s == 0 ? "set" : "unset";
            const json_t *a    = json_object_get(v, name);

            if (!json_is_array(a))
                continue;
            json_array_foreach(unconst(a), i, x)
                sv_push(&l, render_leaf(m, name, x, "https://ref.gs1.org/cbv/Disp-", false));
            sv_flush(&l, &p, true);
        }
        sb_move(&b, &p, strlen("persistentDisposition"));
    }
    add_location(&b, &group, m, ev, "readPoint");
    add_location(&b, &group, m, ev, "bizLocation");
    add_sensors(&b, m, ev);

    json_object_foreach(unconst(ev), k, x)
    {
        char *ek;

        if (member_known(k))
            continue;
        if (json_is_array(x) && strcmp(k, "bizTransactionList") == 0) {
            sv_push(&group, render_typed_list(m, k, x, "https://ref.gs1.org/cbv/BTT-"));
        } else if (json_is_array(x) &&
                   (strcmp(k, "sourceList") == 0 || strcmp(k, "destinationList") == 0)) {
            sv_push(&group, render_typed_list(m, k, x, "https://ref.gs1.org/cbv/SDT-"));
        } else if ((ek = key_expand(m, k)) == NULL) {
            group.oom = true;
        } else {
            if (json_is_array(x)) {
                json_array_foreach(x, i, v) sv_push(&group, render_generic(m, ek, v));
            } else {
                sv_push(&group, render_generic(m, ek, x));
            }
            free(ek);
        }
    }
    sv_flush(&group, &b, true);
    return sb_take(&b);
}

txng_err
txng_epcis_hash_id(const json_t *event, const json_t *context, char id[TXNG_EPCIS_HASH_ID_MAX],
                   char **prehash, size_t *prehash_len, txng_diag *diag)
{
    struct nsmap  m;
    unsigned char h[TXNG_HASH_BYTES];
    char          hex[2 * TXNG_HASH_BYTES + 1];
    char         *pre;

    if (prehash != NULL)
        *prehash = NULL;
    if (prehash_len != NULL)
        *prehash_len = 0;
    if (event == NULL || id == NULL)
        return TXNG_EINVAL;
    id[0] = '\0';
    if (!json_is_object(event) || !json_is_string(json_object_get(event, "type"))) {
        txng_diag_set(diag, TXNG_N_("not an event: no type"), "/type");
        return TXNG_EFORMAT;
    }
    ns_init(&m, context);
    if ((pre = prehash_string(event, &m)) == NULL)
        return TXNG_ENOMEM;
    txng_sha256(h, pre, strlen(pre));
    txng_hex_encode(hex, h, sizeof h);
    snprintf(id, TXNG_EPCIS_HASH_ID_MAX, "ni:///sha-256;%s?ver=CBV2.0", hex);
    if (prehash_len != NULL)
        *prehash_len = strlen(pre);
    if (prehash != NULL)
        *prehash = pre;
    else
        free(pre);
    return TXNG_OK;
}

/* ---- compact JSON with short numbers ---- */

static void
dump_string(struct sbuf *b, const char *s, size_t n)
{
    sb_add(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        char          e[8];

        if (c == '"' || c == '\\') {
            e[0] = '\\';
            e[1] = (char) c;
            sb_addn(b, e, 2);
        } else if (c == '\n') {
            sb_add(b, "\\n");
        } else if (c == '\r') {
            sb_add(b, "\\r");
        } else if (c == '\t') {
            sb_add(b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(e, sizeof e, "\\u%04x", c);
            sb_add(b, e);
        } else {
            sb_addn(b, &s[i], 1);
        }
    }
    sb_add(b, "\"");
}

static bool
dump_value(struct sbuf *b, const json_t *v, int depth)
{
    char        num[64];
    const char *k;
    json_t     *x;
    size_t      i;
    bool        first = true;

    if (depth > 64)
        return false;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        sb_add(b, "{");
        json_object_foreach(unconst(v), k, x)
        {
            if (!first)
                sb_add(b, ",");
            first = false;
            dump_string(b, k, strlen(k));
            sb_add(b, ":");
            if (!dump_value(b, x, depth + 1))
                return false;
        }
        sb_add(b, "}");
        return true;
    case JSON_ARRAY:
        sb_add(b, "[");
        json_array_foreach(unconst(v), i, x)
        {
            if (i > 0)
                sb_add(b, ",");
            if (!dump_value(b, x, depth + 1))
                return false;
        }
        sb_add(b, "]");
        return true;
    case JSON_STRING:
        dump_string(b, json_string_value(v), json_string_length(v));
        return true;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long) json_integer_value(v));
        sb_add(b, num);
        return true;
    case JSON_REAL:
        if (!isfinite(json_real_value(v)))
            return false;
        for (int p = 1; p <= 17; p++) {
            snprintf(num, sizeof num, "%.*g", p, json_real_value(v));
            if (strtod(num, NULL) == json_real_value(v))
                break;
        }
        sb_add(b, num);
        return true;
    case JSON_TRUE:
        sb_add(b, "true");
        return true;
    case JSON_FALSE:
        sb_add(b, "false");
        return true;
    default:
        sb_add(b, "null");
        return true;
    }
}

txng_err
txng_epcis_dump(const json_t *value, char **out, size_t *out_len)
{
    struct sbuf b = { 0 };

    if (out != NULL)
        *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (value == NULL || out == NULL)
        return TXNG_EINVAL;
    if (!dump_value(&b, value, 0)) {
        free(b.p);
        return TXNG_EINVAL;
    }
    if ((*out = sb_take(&b)) == NULL)
        return TXNG_ENOMEM;
    if (out_len != NULL)
        *out_len = strlen(*out);
    return TXNG_OK;
}

/* ---- strict checks of a partner's document ---- */

#define R_OBJ      TXNG_N_("not an object")
#define R_ARR      TXNG_N_("not an array")
#define R_STR      TXNG_N_("not a string")
#define R_NUM      TXNG_N_("not a number")
#define R_BOOL     TXNG_N_("not true or false")
#define R_REQ      TXNG_N_("required member missing")
#define R_NOTHERE  TXNG_N_("member not allowed here")
#define R_UNPREFIX TXNG_N_("extension member without a prefix")
#define R_DOC      TXNG_N_("not an EPCIS document")
#define R_TYPE     TXNG_N_("unknown event type")
#define R_VERSION  TXNG_N_("not a schema version")
#define R_TIME     TXNG_N_("not a date-time with an offset")
#define R_OFFSET   TXNG_N_("not a time zone offset")
#define R_ACTION   TXNG_N_("not ADD, OBSERVE or DELETE")
#define R_BIZSTEP  TXNG_N_("not a CBV 2.0 bizStep or a URI")
#define R_DISP     TXNG_N_("not a CBV 2.0 disposition or a URI")
#define R_BTT      TXNG_N_("not a CBV 2.0 business transaction type or a URI")
#define R_SDT      TXNG_N_("not a CBV 2.0 source or destination type or a URI")
#define R_VOCAB    TXNG_N_("not a CBV 2.0 word or a URI")
#define R_URI      TXNG_N_("not a URI")
#define R_URN      TXNG_N_("CBV URN not allowed in JSON: use the bare word")
#define R_ILMD     TXNG_N_("ilmd needs action ADD")
#define R_EMPTY    TXNG_N_("empty list")
#define R_UOM      TXNG_N_("not a unit of measure (UN/ECE Rec 20)")
#define R_NOOBJ    TXNG_N_("no objects: give epcList, quantityList or sensorElementList")
#define R_NOIO     TXNG_N_("no inputs or outputs")
#define R_NOCHILD  TXNG_N_("no child objects")
#define R_UNIQUE   TXNG_N_("values repeated")
#define R_HEX      TXNG_N_("not hexadecimal")

static const char *const biz_steps[] = {
    "accepting",
    "arriving",
    "assembling",
    "collecting",
    "commissioning",
    "consigning",
    "creating_class_instance",
    "cycle_counting",
    "decommissioning",
    "departing",
    "destroying",
    "disassembling",
    "dispensing",
    "encoding",
    "entering_exiting",
    "holding",
    "inspecting",
    "installing",
    "killing",
    "loading",
    "other",
    "packing",
    "picking",
    "receiving",
    "removing",
    "repackaging",
    "repairing",
    "replacing",
    "reserving",
    "retail_selling",
    "shipping",
    "staging_outbound",
    "stock_taking",
    "stocking",
    "storing",
    "transporting",
    "unloading",
    "unpacking",
    "void_shipping",
    "sensor_reporting",
    "sampling",
    NULL,
};

static const char *const dispositions[] = {
    "active",
    "container_closed",
    "damaged",
    "destroyed",
    "dispensed",
    "disposed",
    "encoded",
    "expired",
    "in_progress",
    "in_transit",
    "inactive",
    "no_pedigree_match",
    "non_sellable_other",
    "partially_dispensed",
    "recalled",
    "reserved",
    "retail_sold",
    "returned",
    "sellable_accessible",
    "sellable_not_accessible",
    "stolen",
    "unknown",
    "available",
    "completeness_verified",
    "completeness_inferred",
    "conformant",
    "container_open",
    "mismatch_instance",
    "mismatch_class",
    "mismatch_quantity",
    "needs_replacement",
    "non_conformant",
    "unavailable",
    NULL,
};

static const char *const btt_words[]    = { "bol",     "cert",    "desadv",    "inv",    "pedigree",
                                            "po",      "poc",     "prodorder", "recadv", "rma",
                                            "testprd", "testres", "upevt",     NULL };
static const char *const sdt_words[]    = { "owning_party", "possessing_party", "location", NULL };
static const char *const comp_words[]   = { "x",
                                            "y",
                                            "z",
                                            "axial_distance",
                                            "azimuth",
                                            "height",
                                            "spherical_radius",
                                            "polar_angle",
                                            "elevation_angle",
                                            "easting",
                                            "northing",
                                            "latitude",
                                            "longitude",
                                            "altitude",
                                            NULL };
static const char *const alert_words[]  = { "ALARM_CONDITION", "ERROR_CONDITION", NULL };
static const char *const reason_words[] = { "did_not_occur", "incorrect_data", NULL };

/* Path of the element being checked, as a JSON Pointer. */
struct jpath {
    char   p[512];
    size_t len;
};

static size_t
jp_push(struct jpath *j, const char *key)
{
    size_t old = j->len;

    if (j->len + 2 < sizeof j->p) {
        j->p[j->len++] = '/';
        for (const char *c = key; *c != '\0' && j->len + 3 < sizeof j->p; c++) {
            if (*c == '~' || *c == '/') {
                j->p[j->len++] = '~';
                j->p[j->len++] = *c == '~' ? '0' : '1';
            } else {
                j->p[j->len++] = *c;
            }
        }
    }
    j->p[j->len] = '\0';
    return old;
}

static size_t
jp_index(struct jpath *j, size_t i)
{
    char n[24];

    snprintf(n, sizeof n, "%zu", i);
    return jp_push(j, n);
}

static void
jp_pop(struct jpath *j, size_t old)
{
    j->len       = old;
    j->p[j->len] = '\0';
}

static txng_err
refuse(txng_diag *diag, const struct jpath *j, const char *reason)
{
    if (diag != NULL) {
        diag->reason = reason;
        /* keep the end of a long path: it names the element */
        if (j->len < sizeof diag->field)
            memcpy(diag->field, j->p, j->len + 1);
        else
            snprintf(diag->field, sizeof diag->field, "...%s",
                     j->p + j->len - (sizeof diag->field - 4));
    }
    return TXNG_EFORMAT;
}

/* Refuse @p reason at member @p key of path @p j; the path is left as it was. */
static txng_err
refuse_at(txng_diag *diag, struct jpath *j, const char *key, const char *reason)
{
    size_t old = jp_push(j, key);

    refuse(diag, j, reason);
    jp_pop(j, old);
    return TXNG_EFORMAT;
}

/* An absolute URI as RFC 3986 reads it: scheme ":" then URI characters and escapes. */
static bool
uri_ok(const char *s)
{
    size_t i = 0;

    if (!isalpha((unsigned char) s[0]))
        return false;
    while (isalnum((unsigned char) s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    if (s[i] != ':')
        return false;
    for (i++; s[i] != '\0'; i++) {
        unsigned char c = (unsigned char) s[i];

        if (c == '%') {
            if (!is_hex(s[i + 1]) || !is_hex(s[i + 2]))
                return false;
            i += 2;
            continue;
        }
        if (c <= 0x20 || c >= 0x7f || strchr("<>\"{}|\\^`", c) != NULL)
            return false;
    }
    return true;
}

static bool
in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* A URI member: GS1 keys in it are checked for their check digits. */
static txng_err
check_uri(const json_t *v, struct jpath *j, txng_diag *diag, bool gs1)
{
    const char *s;

    if (!json_is_string(v))
        return refuse(diag, j, R_STR);
    s = json_string_value(v);
    if (!uri_ok(s))
        return refuse(diag, j, R_URI);
    if (gs1) {
        txng_gs1_id id;
        txng_diag   d = TXNG_DIAG_INIT;
        txng_err    err;

        if (strncmp(s, "urn:epc:id:sgtin:", 17) == 0 || strncmp(s, "urn:epc:id:sscc:", 16) == 0 ||
            strncmp(s, "urn:epc:id:sgln:", 16) == 0 || strncmp(s, "urn:epc:id:pgln:", 16) == 0 ||
            strncmp(s, "urn:epc:class:lgtin:", 20) == 0) {
            err = txng_gs1_epc_parse(&id, s, strlen(s), &d);
        } else if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0) {
            err = txng_gs1_dl_parse(&id, s, strlen(s), 0, &d);
            /* other keys and plain web URIs are not ours to judge */
            if (err != TXNG_OK && d.reason != NULL &&
                (strcmp(d.reason, "no supported GS1 primary key in the path") == 0 ||
                 strcmp(d.reason, "unsupported primary key") == 0 ||
                 strcmp(d.reason, "unsupported application identifier") == 0 ||
                 strcmp(d.reason, "key qualifier not allowed or out of order") == 0 ||
                 strcmp(d.reason, "character not allowed in a URI") == 0 ||
                 strcmp(d.reason, "empty path segment") == 0))
                err = TXNG_OK;
        } else {
            err = TXNG_OK;
        }
        if (err != TXNG_OK)
            return refuse(diag, j, d.reason != NULL ? d.reason : R_URI);
    }
    return TXNG_OK;
}

/* A CBV word of @p words or a URI that is not a CBV URN. */
static txng_err
check_vocab(const json_t *v, struct jpath *j, txng_diag *diag, const char *const *words,
            const char *reason)
{
    const char *s;

    if (!json_is_string(v))
        return refuse(diag, j, R_STR);
    s = json_string_value(v);
    if (in_list(s, words))
        return TXNG_OK;
    if (!uri_ok(s))
        return refuse(diag, j, reason);
    if (strncmp(s, "urn:epcglobal:cbv", 17) == 0 || strncmp(s, "http://ns.gs1.org/cbv/", 22) == 0 ||
        strncmp(s, "https://ns.gs1.org/cbv/", 23) == 0)
        return refuse(diag, j, R_URN);
    return TXNG_OK;
}

static txng_err
check_time(const json_t *v, struct jpath *j, txng_diag *diag)
{
    int64_t  t;
    unsigned us;
    bool     off;

    if (!json_is_string(v))
        return refuse(diag, j, R_STR);
    /* RFC 3339 as ajv-formats reads it: 'T' or 't' or ' ', seconds required, an offset */
    if (!iso_parse(json_string_value(v), &t, &us, &off) || !off ||
        strlen(json_string_value(v)) < 20 || json_string_value(v)[16] != ':')
        return refuse(diag, j, R_TIME);
    return TXNG_OK;
}

static bool
offset_ok(const char *s)
{
    return strlen(s) == 6 && (s[0] == '+' || s[0] == '-') && isdigit((unsigned char) s[1]) &&
           isdigit((unsigned char) s[2]) && s[3] == ':' && s[4] >= '0' && s[4] <= '5' &&
           isdigit((unsigned char) s[5]) &&
           ((s[1] == '0') || (s[1] == '1' && s[2] <= '3') ||
            (s[1] == '1' && s[2] == '4' && s[4] == '0' && s[5] == '0'));
}

/* Members other than @p allowed must be extensions (URIs such as "prefix:name"). */
static txng_err
check_members(const json_t *obj, struct jpath *j, txng_diag *diag, const char *const *allowed)
{
    const char *k;
    json_t     *v;

    json_object_foreach(unconst(obj), k, v)
    {
        if (!in_list(k, allowed) && !uri_ok(k))
            return refuse_at(diag, j, k, strchr(k, ':') == NULL ? R_UNPREFIX : R_NOTHERE);
    }
    return TXNG_OK;
}

/* Apply @p fn to member @p key when present. */
#define MEMBER(obj, key, call)                                                                     \
    do {                                                                                           \
        const json_t *v_ = json_object_get((obj), (key));                                          \
        if (v_ != NULL) {                                                                          \
            size_t   old_ = jp_push(j, (key));                                                     \
            txng_err e_   = (call);                                                                \
            if (e_ != TXNG_OK)                                                                     \
                return e_;                                                                         \
            jp_pop(j, old_);                                                                       \
        }                                                                                          \
    } while (0)

static txng_err
check_uri_list(const json_t *v, struct jpath *j, txng_diag *diag, size_t min)
{
    size_t  i;
    json_t *x;

    if (!json_is_array(v))
        return refuse(diag, j, R_ARR);
    if (json_array_size(v) < min)
        return refuse(diag, j, R_EMPTY);
    json_array_foreach(unconst(v), i, x)
    {
        size_t   old = jp_index(j, i);
        txng_err err = check_uri(x, j, diag, true);

        if (err != TXNG_OK)
            return err;
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_quantity(const json_t *q, struct jpath *j, txng_diag *diag)
{
    static const char *const allowed[] = { "epcClass", "quantity", "uom", NULL };
    const char              *k;
    json_t                  *v;

    if (!json_is_object(q))
        return refuse(diag, j, R_OBJ);
    json_object_foreach(unconst(q), k, v)
    {
        if (!in_list(k, allowed))
            return refuse_at(diag, j, k, R_NOTHERE);
    }
    if (json_object_get(q, "epcClass") == NULL)
        return refuse_at(diag, j, "epcClass", R_REQ);
    MEMBER(q, "epcClass", check_uri(v_, j, diag, true));
    MEMBER(q, "quantity", json_is_number(v_) ? TXNG_OK : refuse(diag, j, R_NUM));
    if ((v = json_object_get(q, "uom")) != NULL) {
        const char *u    = json_string_value(v);
        size_t      old  = jp_push(j, "uom");
        bool        good = u != NULL && strlen(u) >= 2 && strlen(u) <= 3;

        for (size_t i = 0; good && u[i] != '\0'; i++)
            good = isupper((unsigned char) u[i]) || isdigit((unsigned char) u[i]);
        if (!good)
            return refuse(diag, j, json_is_string(v) ? R_UOM : R_STR);
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_quantity_list(const json_t *v, struct jpath *j, txng_diag *diag)
{
    size_t  i;
    json_t *x;

    if (!json_is_array(v))
        return refuse(diag, j, R_ARR);
    json_array_foreach(unconst(v), i, x)
    {
        size_t   old = jp_index(j, i);
        txng_err err = check_quantity(x, j, diag);

        if (err != TXNG_OK)
            return err;
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_location(const json_t *v, struct jpath *j, txng_diag *diag)
{
    if (!json_is_object(v))
        return refuse(diag, j, R_OBJ);
    if (json_object_get(v, "id") == NULL)
        return refuse_at(diag, j, "id", R_REQ);
    MEMBER(v, "id", check_uri(v_, j, diag, true));
    return TXNG_OK;
}

/* bizTransactionList (kind 0), sourceList (1), destinationList (2). */
static txng_err
check_typed_list(const json_t *v, struct jpath *j, txng_diag *diag, int kind)
{
    static const char *const names[]   = { "bizTransaction", "source", "destination" };
    const char              *allowed[] = { "type", names[kind], NULL };
    size_t                   i;
    json_t                  *x;

    if (!json_is_array(v))
        return refuse(diag, j, R_ARR);
    json_array_foreach(unconst(v), i, x)
    {
        size_t      old = jp_index(j, i);
        const char *k;
        json_t     *y;

        if (!json_is_object(x))
            return refuse(diag, j, R_OBJ);
        json_object_foreach(x, k, y)
        {
            if (!in_list(k, allowed))
                return refuse_at(diag, j, k, R_NOTHERE);
        }
        for (int r = kind == 0 ? 1 : 0; r < 2; r++) {
            if (json_object_get(x, allowed[r]) == NULL)
                return refuse_at(diag, j, allowed[r], R_REQ);
        }
        MEMBER(
            x, "type",
            check_vocab(v_, j, diag, kind == 0 ? btt_words : sdt_words, kind == 0 ? R_BTT : R_SDT));
        MEMBER(x, names[kind], check_uri(v_, j, diag, kind != 0));
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_disp_list(const json_t *v, struct jpath *j, txng_diag *diag)
{
    size_t  i, k;
    json_t *x;

    if (!json_is_array(v))
        return refuse(diag, j, R_ARR);
    if (json_array_size(v) == 0)
        return refuse(diag, j, R_EMPTY);
    json_array_foreach(unconst(v), i, x)
    {
        size_t   old = jp_index(j, i);
        txng_err err = check_vocab(x, j, diag, dispositions, R_DISP);

        if (err != TXNG_OK)
            return err;
        for (k = 0; k < i; k++)
            if (json_equal(x, json_array_get(v, k)))
                return refuse(diag, j, R_UNIQUE);
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_persistent(const json_t *v, struct jpath *j, txng_diag *diag)
{
    static const char *const allowed[] = { "set", "unset", NULL };
    const char              *k;
    json_t                  *x;

    if (!json_is_object(v))
        return refuse(diag, j, R_OBJ);
    json_object_foreach(unconst(v), k, x)
    {
        if (!in_list(k, allowed))
            return refuse_at(diag, j, k, R_NOTHERE);
    }
    if (json_object_get(v, "set") == NULL && json_object_get(v, "unset") == NULL)
        return refuse_at(diag, j, "set", R_REQ);
    MEMBER(v, "set", check_disp_list(v_, j, diag));
    MEMBER(v, "unset", check_disp_list(v_, j, diag));
    return TXNG_OK;
}

static txng_err
check_uri_member(const json_t *obj, struct jpath *j, txng_diag *diag, const char *key)
{
    MEMBER(obj, key, check_uri(v_, j, diag, false));
    return TXNG_OK;
}

static txng_err
check_sensor_report(const json_t *r, struct jpath *j, txng_diag *diag)
{
    static const char *const allowed[] = {
        "type",
        "exception",
        "deviceID",
        "deviceMetadata",
        "rawData",
        "dataProcessingMethod",
        "bizRules",
        "time",
        "microorganism",
        "chemicalSubstance",
        "coordinateReferenceSystem",
        "value",
        "component",
        "stringValue",
        "booleanValue",
        "hexBinaryValue",
        "uriValue",
        "minValue",
        "maxValue",
        "meanValue",
        "sDev",
        "percRank",
        "percValue",
        "uom",
        NULL,
    };
    static const char *const uris[]    = { "deviceID",          "deviceMetadata",
                                           "rawData",           "dataProcessingMethod",
                                           "bizRules",          "microorganism",
                                           "chemicalSubstance", "coordinateReferenceSystem",
                                           "uriValue",          NULL };
    static const char *const numbers[] = { "value", "minValue", "maxValue",  "meanValue",
                                           "sDev",  "percRank", "percValue", NULL };
    txng_err                 err;

    if (!json_is_object(r))
        return refuse(diag, j, R_OBJ);
    if ((err = check_members(r, j, diag, allowed)) != TXNG_OK)
        return err;
    MEMBER(r, "type",
           json_is_string(v_) && strchr(json_string_value(v_), ':') == NULL
               ? TXNG_OK
               : check_vocab(v_, j, diag, alert_words, R_VOCAB));
    MEMBER(r, "exception", check_vocab(v_, j, diag, alert_words, R_VOCAB));
    MEMBER(r, "component", check_vocab(v_, j, diag, comp_words, R_VOCAB));
    MEMBER(r, "time", check_time(v_, j, diag));
    for (size_t i = 0; uris[i] != NULL; i++)
        if ((err = check_uri_member(r, j, diag, uris[i])) != TXNG_OK)
            return err;
    for (size_t i = 0; numbers[i] != NULL; i++)
        MEMBER(r, numbers[i], json_is_number(v_) ? TXNG_OK : refuse(diag, j, R_NUM));
    MEMBER(r, "stringValue", json_is_string(v_) ? TXNG_OK : refuse(diag, j, R_STR));
    MEMBER(r, "booleanValue", json_is_boolean(v_) ? TXNG_OK : refuse(diag, j, R_BOOL));
    MEMBER(r, "hexBinaryValue",
           json_is_string(v_) && json_string_length(v_) > 0 &&
                   strspn(json_string_value(v_), "0123456789abcdefABCDEF") == json_string_length(v_)
               ? TXNG_OK
               : refuse(diag, j, R_HEX));
    MEMBER(r, "uom", json_is_string(v_) ? TXNG_OK : refuse(diag, j, R_STR));
    return TXNG_OK;
}

static txng_err
check_sensor_list(const json_t *v, struct jpath *j, txng_diag *diag)
{
    static const char *const el_allowed[] = { "sensorMetadata", "sensorReport", NULL };
    static const char *const md_allowed[] = {
        "time",      "deviceID", "deviceMetadata",       "rawData",
        "startTime", "endTime",  "dataProcessingMethod", "bizRules",
        NULL
    };
    size_t   i, r;
    json_t  *x, *rep;
    txng_err err;

    if (!json_is_array(v))
        return refuse(diag, j, R_ARR);
    json_array_foreach(unconst(v), i, x)
    {
        size_t        old = jp_index(j, i);
        const json_t *md  = json_object_get(x, "sensorMetadata");
        const json_t *rl  = json_object_get(x, "sensorReport");

        if (!json_is_object(x))
            return refuse(diag, j, R_OBJ);
        if ((err = check_members(x, j, diag, el_allowed)) != TXNG_OK)
            return err;
        if (md != NULL) {
            size_t o2 = jp_push(j, "sensorMetadata");

            if (!json_is_object(md))
                return refuse(diag, j, R_OBJ);
            if ((err = check_members(md, j, diag, md_allowed)) != TXNG_OK)
                return err;
            MEMBER(md, "time", check_time(v_, j, diag));
            MEMBER(md, "startTime", check_time(v_, j, diag));
            MEMBER(md, "endTime", check_time(v_, j, diag));
            for (size_t u = 3; u < 8; u++)
                if (u != 4 && u != 5 &&
                    (err = check_uri_member(md, j, diag, md_allowed[u])) != TXNG_OK)
                    return err;
            if ((err = check_uri_member(md, j, diag, "deviceID")) != TXNG_OK ||
                (err = check_uri_member(md, j, diag, "deviceMetadata")) != TXNG_OK)
                return err;
            jp_pop(j, o2);
        }
        if (rl == NULL)
            return refuse_at(diag, j, "sensorReport", R_REQ);
        {
            size_t o2 = jp_push(j, "sensorReport");

            if (!json_is_array(rl))
                return refuse(diag, j, R_ARR);
            if (json_array_size(rl) == 0)
                return refuse(diag, j, R_EMPTY);
            json_array_foreach(unconst(rl), r, rep)
            {
                size_t o3 = jp_index(j, r);

                if ((err = check_sensor_report(rep, j, diag)) != TXNG_OK)
                    return err;
                jp_pop(j, o3);
            }
            jp_pop(j, o2);
        }
        jp_pop(j, old);
    }
    return TXNG_OK;
}

static txng_err
check_error_declaration(const json_t *v, struct jpath *j, txng_diag *diag)
{
    static const char *const allowed[] = { "declarationTime", "reason", "correctiveEventIDs",
                                           NULL };
    txng_err                 err;

    if (!json_is_object(v))
        return refuse(diag, j, R_OBJ);
    if ((err = check_members(v, j, diag, allowed)) != TXNG_OK)
        return err;
    if (json_object_get(v, "declarationTime") == NULL)
        return refuse_at(diag, j, "declarationTime", R_REQ);
    MEMBER(v, "declarationTime", check_time(v_, j, diag));
    MEMBER(v, "reason", check_vocab(v_, j, diag, reason_words, R_VOCAB));
    MEMBER(v, "correctiveEventIDs", check_uri_list(v_, j, diag, 0));
    return TXNG_OK;
}

static txng_err
check_ilmd(const json_t *v, struct jpath *j, txng_diag *diag)
{
    static const char *const none[] = { NULL };

    if (!json_is_object(v))
        return refuse(diag, j, R_OBJ);
    return check_members(v, j, diag, none);
}

static bool
nonempty_list(const json_t *ev, const char *key)
{
    const json_t *v = json_object_get(ev, key);

    return json_is_array(v) && json_array_size(v) > 0;
}

static txng_err
check_event(const json_t *ev, struct jpath *j, txng_diag *diag)
{
    static const char *const types[]        = { "ObjectEvent",      "AggregationEvent",
                                                "TransactionEvent", "TransformationEvent",
                                                "AssociationEvent", NULL };
    static const char *const common[]       = { "@context",
                                                "type",
                                                "eventTime",
                                                "recordTime",
                                                "eventTimeZoneOffset",
                                                "eventID",
                                                "certificationInfo",
                                                "errorDeclaration",
                                                "bizStep",
                                                "disposition",
                                                "readPoint",
                                                "bizLocation",
                                                "bizTransactionList",
                                                "sourceList",
                                                "destinationList",
                                                "sensorElementList",
                                                NULL };
    static const char *const per_type[5][9] = {
        { "action", "epcList", "quantityList", "persistentDisposition", "ilmd", NULL },
        { "action", "parentID", "childEPCs", "childQuantityList", NULL },
        { "action", "parentID", "epcList", "quantityList", NULL },
        { "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
          "transformationID", "persistentDisposition", "ilmd", NULL },
        { "action", "parentID", "childEPCs", "childQuantityList", NULL },
    };
    const char *type, *action = NULL, *k;
    json_t     *v;
    int         t;

    if (!json_is_object(ev))
        return refuse(diag, j, R_OBJ);
    v = json_object_get(ev, "type");
    if (v == NULL)
        return refuse_at(diag, j, "type", R_REQ);
    if (!json_is_string(v))
        return refuse_at(diag, j, "type", R_STR);
    type = json_string_value(v);
    for (t = 0; types[t] != NULL && strcmp(types[t], type) != 0; t++)
        ;
    if (types[t] == NULL)
        return refuse_at(diag, j, "type", R_TYPE);
    json_object_foreach(unconst(ev), k, v)
    {
        bool standard = false;

        if (in_list(k, common) || in_list(k, per_type[t]) || uri_ok(k))
            continue;
        for (int o = 0; o < 5 && !standard; o++)
            standard = in_list(k, per_type[o]);
        return refuse_at(diag, j, k, standard || strchr(k, ':') != NULL ? R_NOTHERE : R_UNPREFIX);
    }
    for (size_t r = 0; r < 2; r++) {
        const char *req = r == 0 ? "eventTime" : "eventTimeZoneOffset";

        if (json_object_get(ev, req) == NULL)
            return refuse_at(diag, j, req, R_REQ);
    }
    if (t != 3 && json_object_get(ev, "action") == NULL)
        return refuse_at(diag, j, "action", R_REQ);
    if (t == 4 && json_object_get(ev, "parentID") == NULL)
        return refuse_at(diag, j, "parentID", R_REQ);
    if (t == 2 && json_object_get(ev, "bizTransactionList") == NULL)
        return refuse_at(diag, j, "bizTransactionList", R_REQ);
    MEMBER(ev, "eventTime", check_time(v_, j, diag));
    MEMBER(ev, "recordTime", check_time(v_, j, diag));
    MEMBER(ev, "eventTimeZoneOffset",
           !json_is_string(v_)                ? refuse(diag, j, R_STR)
           : offset_ok(json_string_value(v_)) ? TXNG_OK
                                              : refuse(diag, j, R_OFFSET));
    MEMBER(ev, "eventID", check_uri(v_, j, diag, false));
    v = json_object_get(ev, "certificationInfo");
    if (json_is_array(v))
        MEMBER(ev, "certificationInfo", check_uri_list(v_, j, diag, 0));
    else
        MEMBER(ev, "certificationInfo", check_uri(v_, j, diag, false));
    MEMBER(ev, "errorDeclaration", check_error_declaration(v_, j, diag));
    MEMBER(ev, "action",
           !json_is_string(v_) ? refuse(diag, j, R_STR)
           : (strcmp(json_string_value(v_), "ADD") == 0 ||
              strcmp(json_string_value(v_), "OBSERVE") == 0 ||
              strcmp(json_string_value(v_), "DELETE") == 0)
               ? TXNG_OK
               : refuse(diag, j, R_ACTION));
    action = json_string_value(json_object_get(ev, "action"));
    MEMBER(ev, "parentID", check_uri(v_, j, diag, true));
    MEMBER(ev, "epcList", check_uri_list(v_, j, diag, 0));
    MEMBER(ev, "childEPCs", check_uri_list(v_, j, diag, 0));
    MEMBER(ev, "inputEPCList", check_uri_list(v_, j, diag, 0));
    MEMBER(ev, "outputEPCList", check_uri_list(v_, j, diag, 0));
    MEMBER(ev, "quantityList", check_quantity_list(v_, j, diag));
    MEMBER(ev, "childQuantityList", check_quantity_list(v_, j, diag));
    MEMBER(ev, "inputQuantityList", check_quantity_list(v_, j, diag));
    MEMBER(ev, "outputQuantityList", check_quantity_list(v_, j, diag));
    MEMBER(ev, "transformationID", check_uri(v_, j, diag, false));
    MEMBER(ev, "bizStep", check_vocab(v_, j, diag, biz_steps, R_BIZSTEP));
    MEMBER(ev, "disposition", check_vocab(v_, j, diag, dispositions, R_DISP));
    MEMBER(ev, "persistentDisposition", check_persistent(v_, j, diag));
    MEMBER(ev, "readPoint", check_location(v_, j, diag));
    MEMBER(ev, "bizLocation", check_location(v_, j, diag));
    MEMBER(ev, "bizTransactionList", check_typed_list(v_, j, diag, 0));
    MEMBER(ev, "sourceList", check_typed_list(v_, j, diag, 1));
    MEMBER(ev, "destinationList", check_typed_list(v_, j, diag, 2));
    MEMBER(ev, "sensorElementList", check_sensor_list(v_, j, diag));
    MEMBER(ev, "ilmd", check_ilmd(v_, j, diag));
    if (t == 2 && json_array_size(json_object_get(ev, "bizTransactionList")) == 0)
        return refuse_at(diag, j, "bizTransactionList", R_EMPTY);
    if (t == 0 && json_object_get(ev, "ilmd") != NULL && action != NULL &&
        strcmp(action, "ADD") != 0) {
        return refuse_at(diag, j, "ilmd", R_ILMD);
    }
    if (t == 0 && json_object_get(ev, "epcList") == NULL && !nonempty_list(ev, "quantityList") &&
        !(nonempty_list(ev, "sensorElementList") && json_object_get(ev, "readPoint") != NULL))
        return refuse(diag, j, R_NOOBJ);
    if ((t == 1 || t == 4) && !nonempty_list(ev, "childEPCs") &&
        !nonempty_list(ev, "childQuantityList") &&
        (action == NULL || strcmp(action, "DELETE") != 0))
        return refuse(diag, j, R_NOCHILD);
    if (t == 3) {
        bool in  = nonempty_list(ev, "inputEPCList") || nonempty_list(ev, "inputQuantityList");
        bool out = nonempty_list(ev, "outputEPCList") || nonempty_list(ev, "outputQuantityList");

        if (!(in && out) && !((in || out) && json_object_get(ev, "transformationID") != NULL))
            return refuse(diag, j, R_NOIO);
    }
    return TXNG_OK;
}

/*
 * The header checks of txng_epcis_document_check(): everything but the
 * events, which only need to be in an array.
 */
static txng_err
check_head(const json_t *doc, bool *query_out, const json_t **list_out, txng_diag *diag)
{
    static const char *const doc_members[] = { "@context",
                                               "id",
                                               "type",
                                               "schemaVersion",
                                               "creationDate",
                                               "instanceIdentifier",
                                               "sender",
                                               "receiver",
                                               "epcisHeader",
                                               "epcisBody",
                                               NULL };
    struct jpath             jp = { .p = "", .len = 0 }, *j = &jp;
    const json_t            *body, *list, *type, *ctx;
    bool                     query;
    size_t                   i;
    json_t                  *ev;
    txng_err                 err;

    if (doc == NULL)
        return TXNG_EINVAL;
    if (!json_is_object(doc))
        return refuse(diag, j, R_OBJ);
    type = json_object_get(doc, "type");
    if (!json_is_string(type) || (strcmp(json_string_value(type), "EPCISDocument") != 0 &&
                                  strcmp(json_string_value(type), "EPCISQueryDocument") != 0)) {
        return refuse_at(diag, j, "type", type == NULL ? R_REQ : R_DOC);
    }
    query = strcmp(json_string_value(type), "EPCISQueryDocument") == 0;
    if ((err = check_members(doc, j, diag, doc_members)) != TXNG_OK)
        return err;
    for (const char *const *req = (const char *const[]){ "@context", "schemaVersion",
                                                         "creationDate", "epcisBody", NULL };
         *req != NULL; req++) {
        if (json_object_get(doc, *req) == NULL)
            return refuse_at(diag, j, *req, R_REQ);
    }
    ctx = json_object_get(doc, "@context");
    if (!json_is_string(ctx) && !json_is_object(ctx) && !json_is_array(ctx))
        return refuse_at(diag, j, "@context", R_ARR);
    if (json_is_array(ctx)) {
        json_array_foreach(unconst(ctx), i, ev)
        {
            size_t old = jp_push(j, "@context");

            jp_index(j, i);
            if (json_is_string(ev) ? !uri_ok(json_string_value(ev)) : !json_is_object(ev))
                return refuse(diag, j, json_is_string(ev) ? R_URI : R_OBJ);
            jp_pop(j, old);
        }
    }
    MEMBER(doc, "schemaVersion",
           json_is_string(v_) && json_string_length(v_) > 0 &&
                   strspn(json_string_value(v_), "0123456789.") == json_string_length(v_) &&
                   json_string_value(v_)[0] != '.' &&
                   json_string_value(v_)[json_string_length(v_) - 1] != '.' &&
                   strstr(json_string_value(v_), "..") == NULL
               ? TXNG_OK
               : refuse(diag, j, R_VERSION));
    MEMBER(doc, "creationDate", check_time(v_, j, diag));
    MEMBER(doc, "id", check_uri(v_, j, diag, false));
    MEMBER(doc, "epcisHeader", json_is_object(v_) ? TXNG_OK : refuse(diag, j, R_OBJ));
    body = json_object_get(doc, "epcisBody");
    jp_push(j, "epcisBody");
    if (!json_is_object(body))
        return refuse(diag, j, R_OBJ);
    if (query) {
        const json_t *qr = json_object_get(body, "queryResults");

        jp_push(j, "queryResults");
        if (!json_is_object(qr))
            return refuse(diag, j, qr == NULL ? R_REQ : R_OBJ);
        body = json_object_get(qr, "resultsBody");
        jp_push(j, "resultsBody");
        if (!json_is_object(body))
            return refuse(diag, j, body == NULL ? R_REQ : R_OBJ);
    }
    list = json_object_get(body, "eventList");
    jp_push(j, "eventList");
    if (list == NULL)
        return refuse(diag, j, R_REQ);
    if (!json_is_array(list))
        return refuse(diag, j, R_ARR);
    *query_out = query;
    *list_out  = list;
    return TXNG_OK;
}

txng_err
txng_epcis_document_check(const json_t *doc, const json_t **events, txng_diag *diag)
{
    const json_t *list;
    bool          query;
    size_t        i;
    json_t       *ev;
    txng_err      err;

    if (events != NULL)
        *events = NULL;
    if ((err = check_head(doc, &query, &list, diag)) != TXNG_OK)
        return err;
    json_array_foreach(unconst(list), i, ev)
    {
        if ((err = txng_epcis_event_check(ev, query, i, diag)) != TXNG_OK)
            return err;
    }
    if (events != NULL)
        *events = list;
    return TXNG_OK;
}

txng_err
txng_epcis_head_check(const json_t *head, bool *query, txng_diag *diag)
{
    const json_t *list;
    bool          q = false;
    txng_err      err;

    if (query == NULL)
        return TXNG_EINVAL;
    *query = false;
    if ((err = check_head(head, &q, &list, diag)) != TXNG_OK)
        return err;
    *query = q;
    return TXNG_OK;
}

txng_err
txng_epcis_event_check(const json_t *event, bool query, size_t index, txng_diag *diag)
{
    struct jpath j = { .p = "", .len = 0 };

    if (event == NULL)
        return TXNG_EINVAL;
    jp_push(&j, "epcisBody");
    if (query) {
        jp_push(&j, "queryResults");
        jp_push(&j, "resultsBody");
    }
    jp_push(&j, "eventList");
    jp_index(&j, index);
    return check_event(event, &j, diag);
}

/* ---- partner event -> txng event ---- */

/* Decimal text of a number that canonical JSON cannot hold as an integer. */
static json_t *
number_text(double v)
{
    char out[400];

    if (v == floor(v) && fabs(v) < 1e300) {
        snprintf(out, sizeof out, "%.0f", v == 0 ? 0.0 : v);
    } else {
        py_number(out, sizeof out, v);
        if (strchr(out, 'e') != NULL) {
            /* no exponents in decimal strings: write the digits out */
            for (int p = 1; p <= 40; p++) {
                char *end;

                snprintf(out, sizeof out, "%.*f", p, v);
                if (strtod(out, &end) == v)
                    break;
            }
        }
    }
    return json_string(out);
}

/*
 * A copy of @p v under canonical JSON rules: reals and too large integers as
 * decimal strings, strings in NFC, nested "@context" dropped.
 */
static txng_err
to_canonical(json_t **out, const json_t *v, int depth, txng_diag *diag)
{
    json_t     *c = NULL, *x, *y;
    const char *k;
    size_t      i;
    txng_err    err = TXNG_OK;
    char       *nfc = NULL;

    *out = NULL;
    if (depth > 64) {
        txng_diag_set(diag, TXNG_N_("nested too deeply"), NULL);
        return TXNG_EFORMAT;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        if ((c = json_object()) == NULL)
            return TXNG_ENOMEM;
        json_object_foreach(unconst(v), k, x)
        {
            if (strcmp(k, "@context") == 0)
                continue;
            if ((err = txng_nfc(&nfc, k, strlen(k))) != TXNG_OK)
                goto fail;
            if ((err = to_canonical(&y, x, depth + 1, diag)) != TXNG_OK)
                goto fail;
            if (json_object_set_new(c, nfc, y) != 0) {
                err = TXNG_ENOMEM;
                goto fail;
            }
            free(nfc);
            nfc = NULL;
        }
        break;
    case JSON_ARRAY:
        if ((c = json_array()) == NULL)
            return TXNG_ENOMEM;
        json_array_foreach(unconst(v), i, x)
        {
            if ((err = to_canonical(&y, x, depth + 1, diag)) != TXNG_OK)
                goto fail;
            if (json_array_append_new(c, y) != 0) {
                err = TXNG_ENOMEM;
                goto fail;
            }
        }
        break;
    case JSON_STRING:
        if ((err = txng_nfc(&nfc, json_string_value(v), json_string_length(v))) != TXNG_OK)
            goto fail;
        c = json_stringn(nfc, strlen(nfc));
        break;
    case JSON_INTEGER:
        if (json_integer_value(v) > TXNG_CANON_INT_MAX ||
            json_integer_value(v) < -TXNG_CANON_INT_MAX)
            c = number_text((double) json_integer_value(v));
        else
            c = json_integer(json_integer_value(v));
        break;
    case JSON_REAL:
        if (!isfinite(json_real_value(v))) {
            txng_diag_set(diag, R_NUM, NULL);
            return TXNG_EFORMAT;
        }
        c = number_text(json_real_value(v));
        break;
    default:
        c = json_deep_copy(v);
        break;
    }
    if (c == NULL) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    free(nfc);
    *out = c;
    return TXNG_OK;
fail:
    if (err == TXNG_EFORMAT && diag != NULL && diag->reason == NULL)
        txng_diag_set(diag, TXNG_N_("not UTF-8"), NULL);
    free(nfc);
    json_decref(c);
    return err;
}

/* Prefixes that member names of @p v use, with their namespaces from @p m. */
static txng_err
collect_prefixes(json_t *into, const json_t *v, const struct nsmap *m, int depth)
{
    const char *k;
    json_t     *x;
    size_t      i;
    txng_err    err;

    if (depth > 64)
        return TXNG_OK;
    if (json_is_string(v)) {
        /* values may be CURIEs too: the hash ID expands them */
        const char *s     = json_string_value(v);
        const char *colon = strchr(s, ':');
        const char *ns    = colon != NULL ? ns_find(m, s, (size_t) (colon - s)) : NULL;

        if (ns != NULL && colon - s < 128) {
            char p[128];

            snprintf(p, sizeof p, "%.*s", (int) (colon - s), s);
            if (json_object_set_new(into, p, json_string(ns)) != 0)
                return TXNG_ENOMEM;
        }
        return TXNG_OK;
    }
    if (json_is_array(v)) {
        json_array_foreach(unconst(v), i, x) if ((err = collect_prefixes(into, x, m, depth + 1)) !=
                                                 TXNG_OK) return err;
        return TXNG_OK;
    }
    if (!json_is_object(v))
        return TXNG_OK;
    json_object_foreach(unconst(v), k, x)
    {
        const char *colon = strchr(k, ':');
        const char *ns    = colon != NULL ? ns_find(m, k, (size_t) (colon - k)) : NULL;

        if (ns != NULL && colon - k < 128) {
            char p[128];

            snprintf(p, sizeof p, "%.*s", (int) (colon - k), k);
            if (json_object_set_new(into, p, json_string(ns)) != 0)
                return TXNG_ENOMEM;
        }
        if ((err = collect_prefixes(into, x, m, depth + 1)) != TXNG_OK)
            return err;
    }
    return TXNG_OK;
}

/* eventTime in the offset of eventTimeZoneOffset (same instant), when they differ. */
static txng_err
time_in_offset(json_t *ev, txng_diag *diag)
{
    const char *t   = json_string_value(json_object_get(ev, "eventTime"));
    const char *off = json_string_value(json_object_get(ev, "eventTimeZoneOffset"));
    char        norm[TXNG_EVENT_TIME_MAX], have[8], frac[32] = "", out[64];
    int64_t     secs, local, days, y;
    unsigned    m, d;
    const char *dot;
    int         sign, oh, om;
    txng_err    err;

    if (t == NULL || off == NULL || !offset_ok(off))
        return TXNG_OK;
    if ((err = txng_event_time_parse(t, norm, have, &secs, diag)) != TXNG_OK)
        return err;
    if (strcmp(have, off) == 0)
        return TXNG_OK;
    sign  = off[0] == '-' ? -1 : 1;
    oh    = (off[1] - '0') * 10 + (off[2] - '0');
    om    = (off[4] - '0') * 10 + (off[5] - '0');
    local = secs + sign * (oh * 3600 + om * 60);
    days  = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    local -= days * 86400;
    txng_civil_from_days(days, &y, &m, &d);
    if ((dot = strchr(norm, '.')) != NULL)
        snprintf(frac, sizeof frac, "%.*s", (int) strspn(dot + 1, "0123456789") + 1, dot);
    snprintf(out, sizeof out, "%04lld-%02u-%02uT%02u:%02u:%02u%s%s", (long long) y, m, d,
             (unsigned) (local / 3600), (unsigned) (local / 60 % 60), (unsigned) (local % 60), frac,
             off);
    if (json_object_set_new(ev, "eventTime", json_string(out)) != 0)
        return TXNG_ENOMEM;
    return TXNG_OK;
}

txng_err
txng_epcis_to_event(json_t **out, const json_t *event, const json_t *context, txng_diag *diag)
{
    struct nsmap m;
    json_t      *ev = NULL, *prefixes = NULL;
    char         id[TXNG_EPCIS_HASH_ID_MAX];
    const char  *txng_ns;
    txng_err     err;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || event == NULL)
        return TXNG_EINVAL;
    if (!json_is_object(event)) {
        txng_diag_set(diag, R_OBJ, NULL);
        return TXNG_EFORMAT;
    }
    ns_init(&m, context);
    txng_ns = ns_find(&m, "txng", 4);
    if (txng_ns != NULL && strcmp(txng_ns, TXNG_EPCIS_NS) != 0) {
        txng_diag_set(diag, TXNG_N_("prefix txng names another namespace"), "@context");
        return TXNG_EFORMAT;
    }
    if (!json_is_string(json_object_get(event, "eventID"))) {
        if ((err = txng_epcis_hash_id(event, context, id, NULL, NULL, diag)) != TXNG_OK)
            return err;
    }
    if ((err = to_canonical(&ev, event, 0, diag)) != TXNG_OK)
        goto fail;
    if (!json_is_string(json_object_get(event, "eventID")) &&
        json_object_set_new(ev, "eventID", json_string(id)) != 0) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    if ((prefixes = json_object()) == NULL) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    if ((err = collect_prefixes(prefixes, event, &m, 0)) != TXNG_OK)
        goto fail;
    json_object_del(prefixes, "txng");
    if (json_object_size(prefixes) > 0 && json_object_set(ev, "txng:context", prefixes) != 0) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    if ((err = time_in_offset(ev, diag)) != TXNG_OK)
        goto fail;
    json_decref(prefixes);
    *out = ev;
    return TXNG_OK;
fail:
    json_decref(prefixes);
    json_decref(ev);
    return err;
}

/* ---- txng record -> EPCIS event ---- */

static bool
is_epcis_type(const char *t)
{
    return t != NULL &&
           (strcmp(t, "ObjectEvent") == 0 || strcmp(t, "AggregationEvent") == 0 ||
            strcmp(t, "TransactionEvent") == 0 || strcmp(t, "TransformationEvent") == 0 ||
            strcmp(t, "AssociationEvent") == 0);
}

static const char *const quantity_lists[] = { "quantityList", "childQuantityList",
                                              "inputQuantityList", "outputQuantityList", NULL };
static const char *const sensor_numbers[] = { "value", "minValue", "maxValue",  "meanValue",
                                              "sDev",  "percRank", "percValue", NULL };

/* A decimal string as a JSON number; NULL when it is not one. */
static json_t *
decimal_number(const char *s)
{
    char  *end;
    double v;
    size_t n = strlen(s);

    if (n == 0 || n > 40 || strspn(s, "-0123456789.") != n)
        return NULL;
    if (strchr(s, '.') == NULL && n < 16)
        return json_integer(strtoll(s, NULL, 10));
    v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v))
        return NULL;
    return json_real(v);
}

/* Quantities and sensor values as numbers; @p exact is cleared when text would not come back. */
static txng_err
numbers_out(json_t *ev, bool *exact)
{
    size_t  i, r, e;
    json_t *q, *el, *rep;

    for (size_t l = 0; quantity_lists[l] != NULL; l++) {
        json_array_foreach(json_object_get(ev, quantity_lists[l]), i, q)
        {
            json_t *v = json_object_get(q, "quantity");
            json_t *n;
            char    back[64];

            if (json_is_integer(v))
                *exact = false; /* the way back would make it a string */
            if (!json_is_string(v))
                continue;
            if ((n = decimal_number(json_string_value(v))) == NULL) {
                *exact = false;
                continue;
            }
            if (json_is_real(n))
                py_number(back, sizeof back, json_real_value(n));
            else
                snprintf(back, sizeof back, "%lld", (long long) json_integer_value(n));
            if (strcmp(back, json_string_value(v)) != 0)
                *exact = false;
            if (json_object_set_new(q, "quantity", n) != 0)
                return TXNG_ENOMEM;
        }
    }
    json_array_foreach(json_object_get(ev, "sensorElementList"), e, el)
    {
        json_array_foreach(json_object_get(el, "sensorReport"), r, rep)
        {
            for (size_t k = 0; sensor_numbers[k] != NULL; k++) {
                json_t *v = json_object_get(rep, sensor_numbers[k]);
                json_t *n;

                if (!json_is_string(v))
                    continue;
                *exact = false;
                if ((n = decimal_number(json_string_value(v))) != NULL &&
                    json_object_set_new(rep, sensor_numbers[k], n) != 0)
                    return TXNG_ENOMEM;
            }
        }
    }
    return TXNG_OK;
}

txng_err
txng_epcis_from_record(json_t **out, json_t **context, const txng_record *rec,
                       const unsigned char leaf[TXNG_HASH_BYTES], txng_diag *diag)
{
    json_t     *ev = NULL, *ctx = NULL, *copy = NULL;
    const char *type;
    bool        imported, exact = true;
    char        id[TXNG_EPCIS_HASH_ID_MAX], b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    txng_err    err;

    if (out != NULL)
        *out = NULL;
    if (context != NULL)
        *context = NULL;
    if (out == NULL || rec == NULL || leaf == NULL || !json_is_object(rec->event))
        return TXNG_EINVAL;
    type = json_string_value(json_object_get(rec->event, "type"));
    if (!is_epcis_type(type))
        return TXNG_ENOTFOUND;
    imported = json_is_string(json_object_get(rec->event, "eventID"));
    /* "type" and "eventID" first, then copies of the members in their stored order */
    if ((ev = json_object()) == NULL || json_object_set_new(ev, "type", json_string(type)) != 0 ||
        json_object_set_new(ev, "eventID", json_string("")) != 0 ||
        (copy = json_deep_copy(rec->event)) == NULL || json_object_update(ev, copy) != 0) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    json_decref(copy);
    copy = NULL;
    ctx  = json_object_get(ev, "txng:context");
    if (ctx != NULL) {
        json_incref(ctx);
        json_object_del(ev, "txng:context");
    }
    if ((err = numbers_out(ev, &exact)) != TXNG_OK)
        goto fail;
    if (!imported && strcmp(type, "TransformationEvent") == 0 &&
        json_object_get(ev, "transformationID") == NULL &&
        !((nonempty_list(ev, "inputEPCList") || nonempty_list(ev, "inputQuantityList")) &&
          (nonempty_list(ev, "outputEPCList") || nonempty_list(ev, "outputQuantityList")))) {
        /* EPCIS lets a transformation with only inputs or only outputs (a
           planting) stand when it has a transformationID: name it by the leaf */
        char hex[2 * TXNG_HASH_BYTES + 1], tid[sizeof "ni:///sha-256;" + sizeof hex];

        txng_hex_encode(hex, leaf, TXNG_HASH_BYTES);
        snprintf(tid, sizeof tid, "ni:///sha-256;%s", hex);
        if (json_object_set_new(ev, "transformationID", json_string(tid)) != 0) {
            err = TXNG_ENOMEM;
            goto fail;
        }
        exact = false;
    }
    if (!imported) {
        txng_b64_encode(b64, leaf, TXNG_HASH_BYTES);
        if (json_object_set_new(ev, "txng:index", json_integer((json_int_t) rec->index)) != 0 ||
            json_object_set_new(ev, "txng:leaf", json_string(b64)) != 0 ||
            json_object_set(ev, "txng:signatures", rec->signatures) != 0 ||
            (!exact && json_object_set(ev, "txng:event", rec->event) != 0)) {
            err = TXNG_ENOMEM;
            goto fail;
        }
        {
            json_t *full = json_pack("[s,{s:s}]", TXNG_EPCIS_CONTEXT, "txng", TXNG_EPCIS_NS);

            if (full == NULL) {
                err = TXNG_ENOMEM;
                goto fail;
            }
            err = txng_epcis_hash_id(ev, full, id, NULL, NULL, diag);
            json_decref(full);
            if (err != TXNG_OK)
                goto fail;
        }
        json_object_set_new(ev, "eventID", json_string(id));
    } else {
        json_object_set(ev, "eventID", json_object_get(rec->event, "eventID"));
    }
    *out = ev;
    if (context != NULL)
        *context = ctx;
    else
        json_decref(ctx);
    return TXNG_OK;
fail:
    json_decref(copy);
    json_decref(ctx);
    json_decref(ev);
    return err;
}

txng_err
txng_epcis_signed_event(json_t **out, const json_t *epcis_event, txng_diag *diag)
{
    static const char *const drop[] = { "eventID",         "txng:index", "txng:leaf",
                                        "txng:signatures", "txng:event", NULL };
    const json_t            *kept;
    json_t                  *ev, *q;
    size_t                   i;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || epcis_event == NULL)
        return TXNG_EINVAL;
    if (!json_is_object(epcis_event) ||
        !json_is_array(json_object_get(epcis_event, "txng:signatures"))) {
        txng_diag_set(diag, TXNG_N_("not a txng event"), "txng:signatures");
        return TXNG_EFORMAT;
    }
    if ((kept = json_object_get(epcis_event, "txng:event")) != NULL) {
        if ((*out = json_deep_copy(kept)) == NULL)
            return TXNG_ENOMEM;
        return TXNG_OK;
    }
    if ((ev = json_deep_copy(epcis_event)) == NULL)
        return TXNG_ENOMEM;
    for (i = 0; drop[i] != NULL; i++)
        json_object_del(ev, drop[i]);
    for (size_t l = 0; quantity_lists[l] != NULL; l++) {
        json_array_foreach(json_object_get(ev, quantity_lists[l]), i, q)
        {
            json_t *v = json_object_get(q, "quantity");
            char    text[64];

            if (json_is_real(v))
                py_number(text, sizeof text, json_real_value(v));
            else if (json_is_integer(v))
                snprintf(text, sizeof text, "%lld", (long long) json_integer_value(v));
            else
                continue;
            if (json_object_set_new(q, "quantity", json_string(text)) != 0) {
                json_decref(ev);
                return TXNG_ENOMEM;
            }
        }
    }
    *out = ev;
    return TXNG_OK;
}

/* ---- streaming reader of a document ---- */

/*
 * A byte-at-a-time JSON tokenizer fed in chunks. It keeps one byte per open
 * container, the decoded name of the member being read on the "spine" (the
 * root, epcisBody, queryResults, resultsBody) and the bytes of the one value
 * it is capturing: a member of a spine object, or an element of an event
 * list. Spine objects and event lists become objects and empty arrays of
 * the head as they open, so a repeated member name is found when its name
 * ends; other members enter the head once their text is complete and parsed.
 */
#define SCAN_DEPTH_MAX 512
#define SCAN_KEY_MAX   4096

#define R_SYNTAX    TXNG_N_("unexpected character")
#define R_EOF       TXNG_N_("unexpected end of input")
#define R_TRAILING  TXNG_N_("data after the end of the document")
#define R_STRCTRL   TXNG_N_("control character in a string")
#define R_ESCAPE    TXNG_N_("invalid escape in a string")
#define R_SURROGATE TXNG_N_("unpaired surrogate escape in a string")
#define R_NUL       TXNG_N_("\\u0000 in a string")
#define R_UTF8      TXNG_N_("not UTF-8")
#define R_NUMBER    TXNG_N_("malformed number")
#define R_RANGE     TXNG_N_("number out of range")
#define R_LITERAL   TXNG_N_("not true, false or null")
#define R_DEPTH     TXNG_N_("nested more than 512 deep")
#define R_DUP       TXNG_N_("member repeated")
#define R_NAMELEN   TXNG_N_("member name longer than 4096 bytes")
#define R_HEADBIG   TXNG_N_("header larger than 16 MiB")
#define R_EVENTBIG  TXNG_N_("event larger than 1 MiB")
#define R_JSON      TXNG_N_("malformed JSON")

enum scan_state {
    ST_VALUE,     /* a value is expected */
    ST_ARR_FIRST, /* after '[': a value or ']' */
    ST_OBJ_FIRST, /* after '{': a name or '}' */
    ST_KEY,       /* after ',' in an object: a name */
    ST_COLON,
    ST_AFTER, /* after a value: ',' or the closing bracket */
    ST_DONE,  /* after the document: only white space */
    ST_STRING,
    ST_ESCAPE,
    ST_UHEX,
    ST_NUMBER,
    ST_LITERAL,
};

/* Numbers: RFC 8259's grammar as states; the final ones end a number. */
enum num_state { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };

/* What an open container is to the reader. */
enum role { ROLE_PLAIN, ROLE_ROOT, ROLE_BODY, ROLE_QR, ROLE_RB, ROLE_LIST, ROLE_QLIST };

struct txng_epcis_scan {
    txng_epcis_event_fn fn;
    void               *ctx;
    enum scan_state     st;
    enum num_state      num;
    bool                is_key;  /* the string being read is a member name */
    bool                decode;  /* ... on the spine: keep its decoded text */
    bool                failed;  /* a refusal was returned; feed no more */
    const char         *literal; /* the literal being read, and how far */
    size_t              lit_pos;
    unsigned            utf8_need; /* continuation bytes still expected */
    unsigned char       utf8_lo, utf8_hi;
    unsigned            hex_n;
    uint32_t            hex, high; /* \u digits; a high surrogate waiting for its pair */
    size_t              depth;
    unsigned char       type[SCAN_DEPTH_MAX]; /* '{' or '[' per open container */
    unsigned char       role[SCAN_DEPTH_MAX];
    json_t             *spine[8]; /* head objects and lists of the spine, by depth */
    json_t             *head;
    char                key[SCAN_KEY_MAX + 8]; /* decoded name on the spine */
    size_t              key_len;
    uint64_t            key_off; /* where that name starts */
    size_t              key_line, key_col;
    /* the value captured: its text, where it starts, what it is */
    bool     capturing, cap_event, cap_query;
    size_t   cap_depth, cap_from;
    char    *cap;
    size_t   cap_len, cap_cap, cap_max;
    uint64_t cap_off;
    size_t   cap_line, cap_col;
    size_t   head_bytes;
    uint64_t n_events[2]; /* elements of the event list, the query's */
    /* position of the byte being read */
    uint64_t off;
    size_t   line, col;
    /* position of the refusal */
    uint64_t err_off;
    size_t   err_line, err_col;
};

static txng_err
scan_refuse_at(txng_epcis_scan *s, txng_diag *diag, const char *reason, const char *field,
               uint64_t off, size_t line, size_t col)
{
    s->failed   = true;
    s->err_off  = off;
    s->err_line = line;
    s->err_col  = col;
    if (diag != NULL) {
        txng_diag_set(diag, reason, field);
        diag->line   = line;
        diag->offset = col;
    }
    return TXNG_EFORMAT;
}

static txng_err
scan_refuse(txng_epcis_scan *s, txng_diag *diag, const char *reason)
{
    return scan_refuse_at(s, diag, reason, NULL, s->off, s->line, s->col);
}

/* Where byte @p pos of @p text is, when text starts at (line, col). */
static void
text_position(const char *text, size_t pos, size_t *line, size_t *col)
{
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* The one mapping of jansson's refusals of a captured text. */
static txng_err
from_jansson(const json_error_t *e, const char **reason)
{
    switch (json_error_code(e)) {
    case json_error_out_of_memory:
        return TXNG_ENOMEM;
    case json_error_duplicate_key:
        *reason = R_DUP;
        break;
    case json_error_numeric_overflow:
        *reason = R_RANGE;
        break;
    case json_error_null_character:
    case json_error_null_byte_in_key:
        *reason = R_NUL;
        break;
    case json_error_invalid_utf8:
        *reason = R_UTF8;
        break;
    case json_error_stack_overflow:
        *reason = R_DEPTH;
        break;
    default:
        *reason = R_JSON;
        break;
    }
    return TXNG_EFORMAT;
}

txng_err
txng_epcis_elem_parse(json_t **out, const txng_epcis_elem *elem, txng_diag *diag)
{
    json_error_t e;
    const char  *reason = NULL;
    size_t       line, col, pos;
    txng_err     err;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || elem == NULL || elem->text == NULL)
        return TXNG_EINVAL;
    *out = json_loadb(elem->text, elem->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (*out != NULL)
        return TXNG_OK;
    if ((err = from_jansson(&e, &reason)) != TXNG_EFORMAT)
        return err;
    line = elem->line;
    col  = elem->column;
    pos  = e.position > 0 && (size_t) e.position <= elem->len ? (size_t) e.position : 0;
    text_position(elem->text, pos, &line, &col);
    if (diag != NULL) {
        txng_diag_set(diag, reason, NULL);
        diag->line   = line;
        diag->offset = col;
    }
    return TXNG_EFORMAT;
}

txng_err
txng_epcis_scan_new(txng_epcis_scan **out, txng_epcis_event_fn fn, void *ctx)
{
    txng_epcis_scan *s;

    if (out == NULL)
        return TXNG_EINVAL;
    *out = NULL;
    if ((s = calloc(1, sizeof *s)) == NULL)
        return TXNG_ENOMEM;
    if ((s->head = json_object()) == NULL) {
        free(s);
        return TXNG_ENOMEM;
    }
    s->fn   = fn;
    s->ctx  = ctx;
    s->st   = ST_VALUE;
    s->line = 1;
    s->col  = 1;
    *out    = s;
    return TXNG_OK;
}

void
txng_epcis_scan_free(txng_epcis_scan *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < sizeof s->spine / sizeof s->spine[0]; i++)
        json_decref(s->spine[i]);
    json_decref(s->head);
    free(s->cap);
    free(s);
}

/* Keep bytes [from, to) of the chunk as part of the captured value. */
static txng_err
cap_add(txng_epcis_scan *s, const char *p, size_t n, txng_diag *diag)
{
    if (n == 0)
        return TXNG_OK;
    if (n > s->cap_max - s->cap_len)
        return scan_refuse_at(s, diag, s->cap_event ? R_EVENTBIG : R_HEADBIG, NULL, s->cap_off,
                              s->cap_line, s->cap_col);
    if (s->cap_len + n + 1 > s->cap_cap) {
        size_t want = s->cap_cap == 0 ? 4096 : s->cap_cap;
        char  *grown;

        while (want < s->cap_len + n + 1)
            want *= 2;
        if ((grown = realloc(s->cap, want)) == NULL)
            return TXNG_ENOMEM;
        s->cap     = grown;
        s->cap_cap = want;
    }
    memcpy(s->cap + s->cap_len, p, n);
    s->cap_len += n;
    s->cap[s->cap_len] = '\0';
    return TXNG_OK;
}

/* The captured value is complete: hand an event over, or put a member in the head. */
static txng_err
cap_done(txng_epcis_scan *s, txng_diag *diag)
{
    txng_epcis_elem e;
    json_t         *v   = NULL;
    txng_err        err = TXNG_OK;

    s->capturing = false;
    if (s->cap == NULL) /* a value has one byte at least: cap_add() ran */
        return TXNG_EINVAL;
    e = (txng_epcis_elem){ .query  = s->cap_query,
                           .index  = s->n_events[s->cap_query] - 1,
                           .text   = s->cap,
                           .len    = s->cap_len,
                           .offset = s->cap_off,
                           .line   = s->cap_line,
                           .column = s->cap_col };
    if (s->cap_event) {
        err = s->fn(s->ctx, &e);
    } else {
        err = txng_epcis_elem_parse(&v, &e, diag);
        if (err == TXNG_OK) {
            s->head_bytes += s->cap_len;
            if (json_object_set_new(s->spine[s->cap_depth - 1], s->key, v) != 0)
                err = TXNG_ENOMEM;
        } else if (err == TXNG_EFORMAT && diag != NULL) {
            s->failed   = true;
            s->err_line = diag->line;
            s->err_col  = diag->offset;
            s->err_off  = s->cap_off;
        }
    }
    if (err != TXNG_OK)
        s->failed = true;
    s->cap_len = 0;
    return err;
}

/* A value ended (the last byte read, or just before the byte being read). */
static txng_err
value_done(txng_epcis_scan *s, const char *chunk, size_t end, txng_diag *diag)
{
    txng_err err;

    if (s->capturing && s->depth == s->cap_depth) {
        if ((err = cap_add(s, chunk + s->cap_from, end - s->cap_from, diag)) != TXNG_OK)
            return err;
        if ((err = cap_done(s, diag)) != TXNG_OK)
            return err;
    }
    s->st = s->depth == 0 ? ST_DONE : ST_AFTER;
    return TXNG_OK;
}

/* A value starts at byte @p i of the chunk: decide what it is to the reader. */
static txng_err
value_start(txng_epcis_scan *s, unsigned char c, size_t i, enum role *opens, txng_diag *diag)
{
    enum role parent = s->depth > 0 ? (enum role) s->role[s->depth - 1] : ROLE_PLAIN;

    *opens = ROLE_PLAIN;
    if (s->depth == 0) {
        if (c != '{')
            return scan_refuse(s, diag, R_OBJ);
        *opens = ROLE_ROOT;
        return TXNG_OK;
    }
    if (s->capturing || parent == ROLE_PLAIN)
        return TXNG_OK;
    if (parent == ROLE_LIST || parent == ROLE_QLIST) {
        bool q = parent == ROLE_QLIST;

        s->n_events[q]++;
        if (s->fn == NULL)
            return TXNG_OK;
        s->cap_event = true;
        s->cap_query = q;
        s->cap_max   = TXNG_EPCIS_EVENT_MAX;
    } else {
        if (c == '{' && ((parent == ROLE_ROOT && strcmp(s->key, "epcisBody") == 0) ||
                         (parent == ROLE_BODY && strcmp(s->key, "queryResults") == 0) ||
                         (parent == ROLE_QR && strcmp(s->key, "resultsBody") == 0))) {
            *opens = parent + 1;
            return TXNG_OK;
        }
        if (c == '[' && strcmp(s->key, "eventList") == 0 &&
            (parent == ROLE_BODY || parent == ROLE_RB)) {
            *opens = parent == ROLE_BODY ? ROLE_LIST : ROLE_QLIST;
            return TXNG_OK;
        }
        s->cap_event = false;
        s->cap_max   = TXNG_EPCIS_HEAD_MAX - s->head_bytes;
    }
    s->capturing = true;
    s->cap_depth = s->depth;
    s->cap_from  = i;
    s->cap_len   = 0;
    s->cap_off   = s->off;
    s->cap_line  = s->line;
    s->cap_col   = s->col;
    return TXNG_OK;
}

/* Open a container; spine objects and event lists enter the head now. */
static txng_err
open_container(txng_epcis_scan *s, unsigned char c, enum role r, txng_diag *diag)
{
    json_t *v = NULL;

    if (s->depth >= SCAN_DEPTH_MAX)
        return scan_refuse(s, diag, R_DEPTH);
    if (r == ROLE_ROOT) {
        v = json_incref(s->head);
    } else if (r != ROLE_PLAIN) {
        v = r == ROLE_LIST || r == ROLE_QLIST ? json_array() : json_object();
        if (v == NULL || json_object_set(s->spine[s->depth - 1], s->key, v) != 0) {
            json_decref(v);
            return TXNG_ENOMEM;
        }
    }
    if (r != ROLE_PLAIN) {
        json_decref(s->spine[s->depth]);
        s->spine[s->depth] = v;
    }
    s->type[s->depth] = c;
    s->role[s->depth] = (unsigned char) r;
    s->depth++;
    s->st = c == '{' ? ST_OBJ_FIRST : ST_ARR_FIRST;
    return TXNG_OK;
}

/* Append the UTF-8 encoding of @p cp to the decoded name. */
static txng_err
key_put(txng_epcis_scan *s, uint32_t cp, txng_diag *diag)
{
    unsigned char b[4];
    size_t        n;

    if (cp < 0x80) {
        b[0] = (unsigned char) cp;
        n    = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char) (0xC0 | (cp >> 6));
        b[1] = (unsigned char) (0x80 | (cp & 0x3F));
        n    = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char) (0xE0 | (cp >> 12));
        b[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char) (0x80 | (cp & 0x3F));
        n    = 3;
    } else {
        b[0] = (unsigned char) (0xF0 | (cp >> 18));
        b[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char) (0x80 | (cp & 0x3F));
        n    = 4;
    }
    if (s->key_len + n > SCAN_KEY_MAX)
        return scan_refuse_at(s, diag, R_NAMELEN, NULL, s->key_off, s->key_line, s->key_col);
    memcpy(s->key + s->key_len, b, n);
    s->key_len += n;
    s->key[s->key_len] = '\0';
    return TXNG_OK;
}

/* A member name on the spine ended: refuse it when the object has it already. */
static txng_err
key_done(txng_epcis_scan *s, txng_diag *diag)
{
    char   field[SCAN_KEY_MAX + 64];
    size_t n = 0;

    if (json_object_get(s->spine[s->depth - 1], s->key) == NULL)
        return TXNG_OK;
    /* the JSON Pointer of the repeated member */
    for (size_t d = 1; d < s->depth; d++) {
        enum role   r    = (enum role) s->role[d];
        const char *name = r == ROLE_BODY ? "/epcisBody"
                           : r == ROLE_QR ? "/queryResults"
                                          : "/resultsBody";

        n += (size_t) snprintf(field + n, sizeof field - n, "%s", name);
    }
    snprintf(field + n, sizeof field - n, "/%s", s->key);
    return scan_refuse_at(s, diag, R_DUP, field, s->key_off, s->key_line, s->key_col);
}

/* Append one byte of a name as written to the decoded name. */
static txng_err
key_raw(txng_epcis_scan *s, unsigned char c, txng_diag *diag)
{
    if (s->key_len + 1 > SCAN_KEY_MAX)
        return scan_refuse_at(s, diag, R_NAMELEN, NULL, s->key_off, s->key_line, s->key_col);
    s->key[s->key_len++] = (char) c;
    s->key[s->key_len]   = '\0';
    return TXNG_OK;
}

/*
 * One byte inside a string (not its opening quote): escapes, \u pairs and
 * UTF-8 sequences as RFC 3629 allows them. *ended when it is the closing quote.
 */
static txng_err
string_byte(txng_epcis_scan *s, unsigned char c, bool *ended, txng_diag *diag)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char       *at;

    *ended = false;
    if (s->st == ST_ESCAPE) {
        if (c == 'u') {
            s->st    = ST_UHEX;
            s->hex_n = 0;
            s->hex   = 0;
            return TXNG_OK;
        }
        if (s->high != 0)
            return scan_refuse(s, diag, R_SURROGATE);
        if (c == '\0' || (at = strchr(from, c)) == NULL)
            return scan_refuse(s, diag, R_ESCAPE);
        s->st = ST_STRING;
        return s->decode ? key_raw(s, (unsigned char) to[at - from], diag) : TXNG_OK;
    }
    if (s->st == ST_UHEX) {
        if (!is_hex((char) c))
            return scan_refuse(s, diag, R_ESCAPE);
        s->hex = s->hex << 4 | (uint32_t) (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
        if (++s->hex_n < 4)
            return TXNG_OK;
        s->st = ST_STRING;
        if (s->high != 0) {
            uint32_t cp;

            if (s->hex < 0xDC00 || s->hex > 0xDFFF)
                return scan_refuse(s, diag, R_SURROGATE);
            cp      = 0x10000 + ((s->high - 0xD800) << 10) + (s->hex - 0xDC00);
            s->high = 0;
            return s->decode ? key_put(s, cp, diag) : TXNG_OK;
        }
        if (s->hex >= 0xDC00 && s->hex <= 0xDFFF)
            return scan_refuse(s, diag, R_SURROGATE);
        if (s->hex >= 0xD800 && s->hex <= 0xDBFF) {
            s->high = s->hex;
            return TXNG_OK;
        }
        if (s->hex == 0)
            return scan_refuse(s, diag, R_NUL);
        return s->decode ? key_put(s, s->hex, diag) : TXNG_OK;
    }
    if (s->utf8_need > 0) {
        if (c < s->utf8_lo || c > s->utf8_hi)
            return scan_refuse(s, diag, R_UTF8);
        s->utf8_need--;
        s->utf8_lo = 0x80;
        s->utf8_hi = 0xBF;
        return s->decode ? key_raw(s, c, diag) : TXNG_OK;
    }
    if (s->high != 0 && c != '\\')
        return scan_refuse(s, diag, R_SURROGATE);
    if (c == '\\') {
        s->st = ST_ESCAPE;
        return TXNG_OK;
    }
    if (c == '"') {
        *ended = true;
        return TXNG_OK;
    }
    if (c < 0x20)
        return scan_refuse(s, diag, R_STRCTRL);
    if (c >= 0x80) {
        /* lead bytes and the range of the byte after them (no overlong forms,
           no surrogates, nothing past U+10FFFF) */
        s->utf8_lo = 0x80;
        s->utf8_hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            s->utf8_need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            s->utf8_need = 2;
            if (c == 0xE0)
                s->utf8_lo = 0xA0;
            else if (c == 0xED)
                s->utf8_hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            s->utf8_need = 3;
            if (c == 0xF0)
                s->utf8_lo = 0x90;
            else if (c == 0xF4)
                s->utf8_hi = 0x8F;
        } else {
            return scan_refuse(s, diag, R_UTF8);
        }
    }
    return s->decode ? key_raw(s, c, diag) : TXNG_OK;
}

/* One byte of a number; *ended (and the byte not used) when it cannot continue one. */
static txng_err
number_byte(txng_epcis_scan *s, unsigned char c, bool *ended, txng_diag *diag)
{
    bool digit = c >= '0' && c <= '9';

    *ended = false;
    switch (s->num) {
    case N_MINUS:
        if (!digit)
            return scan_refuse(s, diag, R_NUMBER);
        s->num = c == '0' ? N_ZERO : N_INT;
        return TXNG_OK;
    case N_ZERO:
    case N_INT:
        if (digit && s->num == N_ZERO)
            return scan_refuse(s, diag, R_NUMBER);
        if (digit)
            return TXNG_OK;
        if (c == '.')
            s->num = N_DOT;
        else if (c == 'e' || c == 'E')
            s->num = N_E;
        else
            *ended = true;
        return TXNG_OK;
    case N_DOT:
        if (!digit)
            return scan_refuse(s, diag, R_NUMBER);
        s->num = N_FRAC;
        return TXNG_OK;
    case N_FRAC:
        if (digit)
            return TXNG_OK;
        if (c == 'e' || c == 'E')
            s->num = N_E;
        else
            *ended = true;
        return TXNG_OK;
    case N_E:
    case N_ESIGN:
        if (s->num == N_E && (c == '+' || c == '-')) {
            s->num = N_ESIGN;
            return TXNG_OK;
        }
        if (!digit)
            return scan_refuse(s, diag, R_NUMBER);
        s->num = N_EXP;
        return TXNG_OK;
    case N_EXP:
        if (!digit)
            *ended = true;
        return TXNG_OK;
    }
    return TXNG_OK;
}

/* A byte where a value may start: open it, or refuse. */
static txng_err
value_byte(txng_epcis_scan *s, const char *chunk, size_t i, txng_diag *diag)
{
    unsigned char c = (unsigned char) chunk[i];
    enum role     r;
    txng_err      err;

    if (c != '{' && c != '[' && c != '"' && c != '-' && !(c >= '0' && c <= '9') && c != 't' &&
        c != 'f' && c != 'n')
        return scan_refuse(s, diag, R_SYNTAX);
    if ((err = value_start(s, c, i, &r, diag)) != TXNG_OK)
        return err;
    switch (c) {
    case '{':
    case '[':
        return open_container(s, c, r, diag);
    case '"':
        s->st     = ST_STRING;
        s->is_key = false;
        s->decode = false;
        return TXNG_OK;
    case 't':
    case 'f':
    case 'n':
        s->literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
        s->lit_pos = 1;
        s->st      = ST_LITERAL;
        return TXNG_OK;
    default:
        s->st  = ST_NUMBER;
        s->num = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
        return TXNG_OK;
    }
}

/* A byte between tokens. */
static txng_err
structure_byte(txng_epcis_scan *s, const char *chunk, size_t i, txng_diag *diag)
{
    unsigned char c = (unsigned char) chunk[i];

    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return TXNG_OK;
    if ((s->st == ST_ARR_FIRST && c == ']') || (s->st == ST_OBJ_FIRST && c == '}')) {
        /* an empty container closes */
        s->depth--;
        return value_done(s, chunk, i + 1, diag);
    }
    switch (s->st) {
    case ST_DONE:
        return scan_refuse(s, diag, R_TRAILING);
    case ST_ARR_FIRST:
    case ST_VALUE:
        return value_byte(s, chunk, i, diag);
    case ST_OBJ_FIRST:
    case ST_KEY:
        if (c != '"')
            return scan_refuse(s, diag, R_SYNTAX);
        s->st     = ST_STRING;
        s->is_key = true;
        s->decode = !s->capturing && s->role[s->depth - 1] != ROLE_PLAIN;
        if (s->decode) {
            s->key_len  = 0;
            s->key[0]   = '\0';
            s->key_off  = s->off;
            s->key_line = s->line;
            s->key_col  = s->col;
        }
        return TXNG_OK;
    case ST_COLON:
        if (c != ':')
            return scan_refuse(s, diag, R_SYNTAX);
        s->st = ST_VALUE;
        return TXNG_OK;
    case ST_AFTER:
        if (c == ',') {
            s->st = s->type[s->depth - 1] == '{' ? ST_KEY : ST_VALUE;
            return TXNG_OK;
        }
        if (c == (s->type[s->depth - 1] == '{' ? '}' : ']'))
            break;
        return scan_refuse(s, diag, R_SYNTAX);
    default:
        return scan_refuse(s, diag, R_SYNTAX);
    }
    /* a container closes */
    s->depth--;
    return value_done(s, chunk, i + 1, diag);
}

txng_err
txng_epcis_scan_feed(txng_epcis_scan *s, const void *data, size_t len, txng_diag *diag)
{
    const char *chunk = data;
    bool        ended;
    txng_err    err = TXNG_OK;

    if (s == NULL || (data == NULL && len > 0) || s->failed)
        return TXNG_EINVAL;
    if (s->capturing)
        s->cap_from = 0;
    for (size_t i = 0; i < len && err == TXNG_OK; i++) {
        unsigned char c = (unsigned char) chunk[i];

        switch (s->st) {
        case ST_STRING:
        case ST_ESCAPE:
        case ST_UHEX:
            err = string_byte(s, c, &ended, diag);
            if (err != TXNG_OK || !ended)
                break;
            if (s->is_key) {
                s->st = ST_COLON;
                if (s->decode)
                    err = key_done(s, diag);
            } else {
                err = value_done(s, chunk, i + 1, diag);
            }
            break;
        case ST_LITERAL:
            if (c != (unsigned char) s->literal[s->lit_pos])
                err = scan_refuse(s, diag, R_LITERAL);
            else if (s->literal[++s->lit_pos] == '\0')
                err = value_done(s, chunk, i + 1, diag);
            break;
        case ST_NUMBER:
            err = number_byte(s, c, &ended, diag);
            if (err == TXNG_OK && ended && (err = value_done(s, chunk, i, diag)) == TXNG_OK)
                err = structure_byte(s, chunk, i, diag);
            break;
        default:
            err = structure_byte(s, chunk, i, diag);
            break;
        }
        if (err != TXNG_OK)
            break;
        s->off++;
        if (c == '\n') {
            s->line++;
            s->col = 1;
        } else {
            s->col++;
        }
    }
    if (err == TXNG_OK && s->capturing)
        err = cap_add(s, chunk + s->cap_from, len - s->cap_from, diag);
    if (err != TXNG_OK)
        s->failed = true;
    return err;
}

txng_err
txng_epcis_scan_end(txng_epcis_scan *s, json_t **head, txng_diag *diag)
{
    if (head != NULL)
        *head = NULL;
    if (s == NULL || head == NULL || s->failed || s->head == NULL)
        return TXNG_EINVAL;
    if (s->st != ST_DONE)
        return scan_refuse(s, diag, R_EOF);
    *head   = s->head;
    s->head = NULL;
    return TXNG_OK;
}

void
txng_epcis_scan_where(const txng_epcis_scan *s, uint64_t *offset, size_t *line, size_t *column)
{
    *offset = s != NULL ? s->err_off : 0;
    *line   = s != NULL ? s->err_line : 0;
    *column = s != NULL ? s->err_col : 0;
}

uint64_t
txng_epcis_scan_events(const txng_epcis_scan *s, bool query)
{
    return s != NULL ? s->n_events[query] : 0;
}

/* ---- master data of the exported events ---- */

/* The sets of identifiers, one per vocabulary, in the order they are written. */
enum { VOC_READPOINT, VOC_BIZLOC, VOC_SOURCEDEST, VOC_EPCCLASS, VOC_N };

static const char *const vocab_types[VOC_N] = { TXNG_EPCIS_VTYPE_READPOINT, TXNG_EPCIS_VTYPE_BIZLOC,
                                                TXNG_EPCIS_VTYPE_SOURCEDEST,
                                                TXNG_EPCIS_VTYPE_EPCCLASS };

/* The master data that describes the elements of each. */
static const txng_gs1_kind vocab_kinds[VOC_N] = { TXNG_GS1_KIND_PLACE, TXNG_GS1_KIND_PLACE,
                                                  TXNG_GS1_KIND_PARTY, TXNG_GS1_KIND_PRODUCT };

#define MDA "urn:epcglobal:cbv:mda#"

struct txng_epcis_master {
    json_t         *ids[VOC_N]; /* objects used as sets: identifier -> true */
    txng_index_list list;       /* reused by every txng_epcis_master_add() */
};

txng_err
txng_epcis_master_new(txng_epcis_master **out)
{
    txng_epcis_master *m;

    if (out == NULL)
        return TXNG_EINVAL;
    *out = NULL;
    if ((m = calloc(1, sizeof *m)) == NULL)
        return TXNG_ENOMEM;
    for (size_t v = 0; v < VOC_N; v++) {
        if ((m->ids[v] = json_object()) == NULL) {
            txng_epcis_master_free(m);
            return TXNG_ENOMEM;
        }
    }
    *out = m;
    return TXNG_OK;
}

void
txng_epcis_master_free(txng_epcis_master *m)
{
    if (m == NULL)
        return;
    for (size_t v = 0; v < VOC_N; v++)
        json_decref(m->ids[v]);
    txng_index_list_free(&m->list);
    free(m);
}

/* Add string @p id (when it is a non-empty string) to the set @p set. */
static txng_err
note_id(json_t *set, const json_t *id)
{
    if (!json_is_string(id) || json_string_length(id) == 0)
        return TXNG_OK;
    return json_object_setn_new(set, json_string_value(id), json_string_length(id), json_true()) ==
                   0
               ? TXNG_OK
               : TXNG_ENOMEM;
}

/* Add the @p member of every element of list @p name of @p ev. */
static txng_err
note_list(json_t *set, const json_t *ev, const char *name, const char *member)
{
    size_t   i;
    json_t  *el;
    txng_err err = TXNG_OK;

    json_array_foreach(json_object_get(ev, name), i, el)
    {
        if (err == TXNG_OK)
            err = note_id(set, json_object_get(el, member));
    }
    return err;
}

txng_err
txng_epcis_master_add(txng_epcis_master *m, const json_t *event)
{
    txng_err err;

    if (m == NULL || event == NULL)
        return TXNG_EINVAL;
    if (!is_epcis_type(json_string_value(json_object_get(event, "type"))))
        return TXNG_OK;
    err =
        note_id(m->ids[VOC_READPOINT], json_object_get(json_object_get(event, "readPoint"), "id"));
    if (err == TXNG_OK)
        err = note_id(m->ids[VOC_BIZLOC],
                      json_object_get(json_object_get(event, "bizLocation"), "id"));
    if (err == TXNG_OK)
        err = note_list(m->ids[VOC_SOURCEDEST], event, "sourceList", "source");
    if (err == TXNG_OK)
        err = note_list(m->ids[VOC_SOURCEDEST], event, "destinationList", "destination");
    if (err == TXNG_OK)
        err = txng_index_extract(&m->list, event);
    for (size_t i = 0; err == TXNG_OK && i < m->list.n; i++) {
        const txng_index_entry *e = &m->list.v[i];
        char                    id[TXNG_GS1_URI_MAX], code[TXNG_GS1_URI_MAX];
        txng_gs1_id             g;
        int                     kind;

        if (memchr("EPCIO", e->role, 5) == NULL || e->id_len >= sizeof id)
            continue;
        memcpy(id, e->id, e->id_len);
        id[e->id_len] = '\0';
        if (txng_gs1_dl_parse(&g, id, e->id_len, 0, NULL) == TXNG_OK && g.key == TXNG_GS1_KEY_GTIN)
            snprintf(id, sizeof id, "%s/01/%s", TXNG_GS1_CANONICAL_STEM, g.key_digits);
        else if (strncmp(id, "urn:txng:", 9) != 0 ||
                 !txng_index_id_code(id, e->id_len, &kind, code, sizeof code) ||
                 kind != TXNG_GS1_KIND_PRODUCT)
            continue;
        if (json_object_set_new(m->ids[VOC_EPCCLASS], id, json_true()) != 0)
            err = TXNG_ENOMEM;
    }
    return err;
}

/* Append {"id":@p id,"attribute":@p value} to @p attrs; arrays give one per element. */
static txng_err
attr_add(json_t *attrs, const char *id, json_t *value)
{
    size_t  i;
    json_t *el, *a;

    if (json_is_array(value)) {
        json_array_foreach(value, i, el)
        {
            if (!json_is_array(el) && attr_add(attrs, id, el) != TXNG_OK)
                return TXNG_ENOMEM;
        }
        return TXNG_OK;
    }
    if (!json_is_string(value) && !json_is_number(value) && !json_is_object(value))
        return TXNG_OK;
    a = json_pack("{s:s,s:O}", "id", id, "attribute", value);
    return a != NULL && json_array_append_new(attrs, a) == 0 ? TXNG_OK : TXNG_ENOMEM;
}

/* Trimmed copy of @p s[0..n) as a new JSON string, or NULL when empty. */
static json_t *
trimmed(const char *s, size_t n)
{
    while (n > 0 && ws(*s)) {
        s++;
        n--;
    }
    while (n > 0 && ws(s[n - 1]))
        n--;
    return n > 0 ? json_stringn(s, n) : NULL;
}

/* The latitude and longitude of a "LAT,LON" text; false when it is not two parts. */
static bool
gps_split(const char *gps, json_t **lat, json_t **lon)
{
    const char *comma = strchr(gps, ',');

    *lat = *lon = NULL;
    if (comma == NULL || strchr(comma + 1, ',') != NULL)
        return false;
    *lat = trimmed(gps, (size_t) (comma - gps));
    *lon = trimmed(comma + 1, strlen(comma + 1));
    if (*lat == NULL || *lon == NULL) {
        json_decref(*lat);
        json_decref(*lon);
        *lat = *lon = NULL;
        return false;
    }
    return true;
}

static int
cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The keys of object @p obj, sorted by bytes (malloc'd, borrowed strings). */
static const char **
sorted_keys(const json_t *obj, size_t *n)
{
    const char **keys;
    const char  *k;
    json_t      *v;
    size_t       i = 0;

    *n = json_object_size(obj);
    if ((keys = malloc((*n > 0 ? *n : 1) * sizeof *keys)) == NULL)
        return NULL;
    json_object_foreach(unconst(obj), k, v)
    {
        keys[i++] = k;
    }
    qsort(keys, *n, sizeof *keys, cmp_cstr);
    return keys;
}

static bool
type_is(const json_t *ev, const char *type)
{
    const char *t = json_string_value(json_object_get(ev, "type"));

    return t != NULL && strcmp(t, type) == 0;
}

/* The vocabulary element of master record @p ev for @p id. */
static txng_err
vocab_element(json_t **out, const char *id, const json_t *ev)
{
    const bool   product = type_is(ev, "txng:Product");
    const char **keys    = NULL;
    json_t      *attrs = json_array(), *lat = NULL, *lon = NULL, *v;
    const char  *gps   = json_string_value(json_object_get(ev, "gps"));
    bool         split = gps != NULL && gps_split(gps, &lat, &lon);
    size_t       n     = 0;
    txng_err     err   = attrs != NULL ? TXNG_OK : TXNG_ENOMEM;

    *out = NULL;
    if (err == TXNG_OK && (v = json_object_get(ev, "name")) != NULL)
        err = attr_add(attrs, product ? MDA "descriptionShort" : MDA "name", v);
    if (err == TXNG_OK && (v = json_object_get(ev, "address")) != NULL)
        err = attr_add(attrs, MDA "streetAddressOne", v);
    if (err == TXNG_OK && split)
        err = attr_add(attrs, MDA "latitude", lat);
    if (err == TXNG_OK && split)
        err = attr_add(attrs, MDA "longitude", lon);
    if (err == TXNG_OK && (keys = sorted_keys(ev, &n)) == NULL)
        err = TXNG_ENOMEM;
    for (size_t i = 0; err == TXNG_OK && i < n; i++) {
        static const char *const skip[] = { "type", "id",      "eventTime", "eventTimeZoneOffset",
                                            "name", "address", NULL };
        char                     name[256];

        if (in_list(keys[i], skip) || (split && strcmp(keys[i], "gps") == 0) ||
            strlen(keys[i]) + 6 > sizeof name)
            continue; /* no member of master data is this long */
        snprintf(name, sizeof name, "%s%s",
                 strncmp(keys[i], "txng:", 5) == 0 ? "" : "txng:", keys[i]);
        err = attr_add(attrs, name, json_object_get(ev, keys[i]));
    }
    if (err == TXNG_OK && (*out = json_pack("{s:s,s:O}", "id", id, "attributes", attrs)) == NULL)
        err = TXNG_ENOMEM;
    free(keys);
    json_decref(lat);
    json_decref(lon);
    json_decref(attrs);
    return err;
}

txng_err
txng_epcis_master_data(json_t **out, size_t *count, const txng_epcis_master *m,
                       struct txng_log *log)
{
    json_t  *list = NULL, *voc = NULL, *elems = NULL, *ev = NULL, *el = NULL;
    size_t   total = 0;
    txng_err err   = TXNG_OK;

    if (out != NULL)
        *out = NULL;
    if (count != NULL)
        *count = 0;
    if (out == NULL || m == NULL || log == NULL)
        return TXNG_EINVAL;
    if ((list = json_array()) == NULL)
        return TXNG_ENOMEM;
    for (size_t v = 0; v < VOC_N && err == TXNG_OK; v++) {
        const char **keys;
        size_t       n;

        if ((keys = sorted_keys(m->ids[v], &n)) == NULL || (elems = json_array()) == NULL) {
            free(keys);
            err = TXNG_ENOMEM;
            break;
        }
        for (size_t i = 0; i < n && err == TXNG_OK; i++) {
            uint64_t index;
            bool     found = false;

            /* a source or destination is a party, or a place (type location) */
            err = txng_index_master_any(log, vocab_kinds[v], keys[i], &index, &ev, &found);
            if (err == TXNG_OK && !found && v == VOC_SOURCEDEST)
                err = txng_index_master_any(log, TXNG_GS1_KIND_PLACE, keys[i], &index, &ev, &found);
            if (err == TXNG_OK && found)
                err = vocab_element(&el, keys[i], ev);
            if (err == TXNG_OK && found && json_array_append_new(elems, el) != 0)
                err = TXNG_ENOMEM;
            el = NULL;
            json_decref(ev);
            ev = NULL;
        }
        free(keys);
        if (err == TXNG_OK && json_array_size(elems) > 0) {
            total += json_array_size(elems);
            if ((voc = json_pack("{s:s,s:O}", "type", vocab_types[v], "vocabularyElementList",
                                 elems)) == NULL ||
                json_array_append_new(list, voc) != 0)
                err = TXNG_ENOMEM;
        }
        json_decref(elems);
        elems = NULL;
    }
    if (err == TXNG_OK && total > 0 && (*out = json_pack("{s:O}", "vocabularyList", list)) == NULL)
        err = TXNG_ENOMEM;
    if (err == TXNG_OK && count != NULL)
        *count = total;
    json_decref(list);
    return err;
}
