/*
 * gs1.c - GS1 keys, GS1 Digital Link URIs, EPC URNs and urn:txng codes
 *
 * Finding the primary key in a Digital Link path: a path is an optional
 * prefix of any segments followed by key/value pairs, the first pair being
 * a primary key and the rest its qualifiers in order. A supported key takes
 * at most three qualifiers, so only the last eight segments can hold the
 * key; of the candidate starts (last 8, 6, 4, 2 segments) the leftmost one
 * whose pairs form a valid sequence wins. "/00/faux/00/<sscc>" thus has the
 * prefix "/00/faux", as gs1-syntax-engine reads it.
 *
 * Nothing here allocates: values are at most 20 characters, keys 18 digits,
 * and outputs fit in TXNG_GS1_URI_MAX bytes (stems are capped at STEM_MAX).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/gs1.h"
#include "core/note.h"

#define STEM_MAX     200
#define MAX_KEY_SEGS 8
#define DECODE_CAP   32 /* longer than any value we accept, so lengths are still told */

enum ai_type { AI_KEY, AI_CSET82, AI_DATE };

struct ai_def {
    const char  *ai;
    const char  *field;
    enum ai_type type;
    size_t       len; /* exact for keys and dates, maximum for CSET 82 values */
};

/* Indexes into ais[]; keep in step with the table. */
enum {
    AI_00,
    AI_01,
    AI_10,
    AI_11,
    AI_13,
    AI_15,
    AI_16,
    AI_17,
    AI_21,
    AI_22,
    AI_254,
    AI_414,
    AI_417,
    AI_COUNT
};

static const struct ai_def ais[AI_COUNT] = {
    [AI_00]  = { "00", "SSCC (00)", AI_KEY, TXNG_GS1_SSCC_LEN },
    [AI_01]  = { "01", "GTIN (01)", AI_KEY, TXNG_GS1_GTIN_LEN },
    [AI_10]  = { "10", "lot (10)", AI_CSET82, TXNG_GS1_VALUE_MAX },
    [AI_11]  = { "11", "production date (11)", AI_DATE, TXNG_GS1_DATE_LEN },
    [AI_13]  = { "13", "packaging date (13)", AI_DATE, TXNG_GS1_DATE_LEN },
    [AI_15]  = { "15", "best before date (15)", AI_DATE, TXNG_GS1_DATE_LEN },
    [AI_16]  = { "16", "sell by date (16)", AI_DATE, TXNG_GS1_DATE_LEN },
    [AI_17]  = { "17", "expiry date (17)", AI_DATE, TXNG_GS1_DATE_LEN },
    [AI_21]  = { "21", "serial (21)", AI_CSET82, TXNG_GS1_VALUE_MAX },
    [AI_22]  = { "22", "CPV (22)", AI_CSET82, TXNG_GS1_VALUE_MAX },
    [AI_254] = { "254", "GLN extension (254)", AI_CSET82, TXNG_GS1_VALUE_MAX },
    [AI_414] = { "414", "GLN (414)", AI_KEY, TXNG_GS1_GLN_LEN },
    [AI_417] = { "417", "party GLN (417)", AI_KEY, TXNG_GS1_GLN_LEN },
};

static const int date_ai[TXNG_GS1_NDATES] = { AI_11, AI_13, AI_15, AI_16, AI_17 };

/* Primary keys and their qualifiers in the order the grammar requires. */
struct key_def {
    txng_gs1_key key;
    int          ai;
    int          quals[3];
    size_t       nquals;
};

static const struct key_def keys[] = {
    { TXNG_GS1_KEY_GTIN, AI_01, { AI_22, AI_10, AI_21 }, 3 },
    { TXNG_GS1_KEY_SSCC, AI_00, { 0 }, 0 },
    { TXNG_GS1_KEY_GLN, AI_414, { AI_254 }, 1 },
    { TXNG_GS1_KEY_PARTY_GLN, AI_417, { 0 }, 0 },
};

/* Primary keys of the Digital Link grammar that this module does not take. */
static const char *const other_keys[] = { "253",  "255",  "401",  "402",  "8003", "8004",
                                          "8006", "8010", "8013", "8017", "8018" };

static const char *const wrong_check_digit[10] = {
    TXNG_N_("wrong check digit: expected 0"), TXNG_N_("wrong check digit: expected 1"),
    TXNG_N_("wrong check digit: expected 2"), TXNG_N_("wrong check digit: expected 3"),
    TXNG_N_("wrong check digit: expected 4"), TXNG_N_("wrong check digit: expected 5"),
    TXNG_N_("wrong check digit: expected 6"), TXNG_N_("wrong check digit: expected 7"),
    TXNG_N_("wrong check digit: expected 8"), TXNG_N_("wrong check digit: expected 9"),
};

static const char *const kind_names[TXNG_GS1_NKINDS] = {
    [TXNG_GS1_KIND_PRODUCT]     = "product",
    [TXNG_GS1_KIND_LOT]         = "lot",
    [TXNG_GS1_KIND_UNIT]        = "unit",
    [TXNG_GS1_KIND_PLACE]       = "place",
    [TXNG_GS1_KIND_PARTY]       = "party",
    [TXNG_GS1_KIND_COHORT]      = "cohort",
    [TXNG_GS1_KIND_CERTIFICATE] = "certificate",
    [TXNG_GS1_KIND_DOCUMENT]    = "document",
};

/* A bounded string builder: overflow is remembered, never written. */
struct sbuf {
    char  *buf;
    size_t len;
    size_t cap;
    bool   overflow;
};

static void
sb_put(struct sbuf *sb, const char *s, size_t n)
{
    if (sb->overflow || n >= sb->cap - sb->len) {
        sb->overflow = true;
        return;
    }
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

static void
sb_str(struct sbuf *sb, const char *s)
{
    sb_put(sb, s, strlen(s));
}

static txng_err
fail(txng_diag *diag, const char *reason, const char *field, size_t offset)
{
    txng_diag_set(diag, reason, field);
    if (diag != NULL)
        diag->offset = offset;
    return TXNG_EFORMAT;
}

/*
 * fail() for the character at byte @p i of @p s (@p n bytes), which is named as the
 * figure of the refusal: "'é' (U+00E9)", or for a character that does not show (a
 * space, a control or format character) "U+0020", or for a byte that is not UTF-8
 * "\\xFF" (as the command line shows such bytes). The figure holds no raw control
 * bytes.
 */
static txng_err
fail_char(txng_diag *diag, const char *reason, const char *field, const char *s, size_t n, size_t i)
{
    const unsigned char *p   = (const unsigned char *) s + i;
    size_t               len = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
    uint32_t             cp  = p[0] < 0x80 ? p[0] : p[0] & (0x3f >> (len - 1));
    bool                 ok  = p[0] < 0x80 || (p[0] >= 0xc2 && p[0] <= 0xf4 && i + len <= n);
    txng_err             err = fail(diag, reason, field, i + 1);

    for (size_t k = 1; ok && k < len; k++) {
        ok = (p[k] & 0xc0) == 0x80;
        cp = cp << 6 | (p[k] & 0x3f);
    }
    if (ok && (cp < 0x21 || (cp >= 0x7f && cp < 0xa1) || (cp >= 0x200b && cp <= 0x200f) ||
               (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
               (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff))
        txng_diag_value(diag, TXNG_N_("character"), "U+%04X", (unsigned) cp);
    else if (ok)
        txng_diag_value(diag, TXNG_N_("character"), "'%.*s' (U+%04X)", (int) len, s + i,
                        (unsigned) cp);
    else
        txng_diag_value(diag, TXNG_N_("character"), "\\x%02X", p[0]);
    return err;
}

/* Sets diag->field to @p n bytes of @p s, e.g. an unknown AI or a path segment. */
static txng_err
fail_text(txng_diag *diag, const char *reason, const char *s, size_t n, size_t offset)
{
    char field[sizeof(txng_diag){ 0 }.field];

    if (n >= sizeof field)
        n = sizeof field - 1;
    memcpy(field, s, n);
    field[n] = '\0';
    return fail(diag, reason, field, offset);
}

static bool
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool
is_cset82(int c)
{
    return c != '\0' && (is_alnum(c) || strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL);
}

static bool
is_unreserved(int c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 pchar without pct-encoded (handled by the caller). */
static bool
is_pchar(int c)
{
    return is_unreserved(c) || (c != '\0' && strchr("!$&'()*+,;=:@", c) != NULL);
}

static bool
all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char) s[i]))
            return false;
    return true;
}

static bool
prefix_icase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char) s[i];

        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (c != prefix[i])
            return false;
    }
    return true;
}

static int
ai_lookup(const char *s, size_t n)
{
    for (int i = 0; i < AI_COUNT; i++)
        if (strlen(ais[i].ai) == n && memcmp(ais[i].ai, s, n) == 0)
            return i;
    return -1;
}

static const struct key_def *
key_by_ai(int ai)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].ai == ai)
            return &keys[i];
    return NULL;
}

static const struct key_def *
key_by_type(txng_gs1_key key)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].key == key)
            return &keys[i];
    return NULL;
}

static bool
is_other_key(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof other_keys / sizeof other_keys[0]; i++)
        if (strlen(other_keys[i]) == n && memcmp(other_keys[i], s, n) == 0)
            return true;
    return false;
}

static int
days_in_month(int yy, int mm)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return mm == 2 && yy % 4 == 0 ? 29 : days[mm - 1];
}

static txng_err
check_value(const struct ai_def *def, const char *v, size_t n, txng_diag *diag)
{
    int cd, yy, mm, dd;

    if (n == 0)
        return fail(diag, TXNG_N_("empty value"), def->field, 0);
    switch (def->type) {
    case AI_CSET82:
        for (size_t i = 0; i < n && i < def->len; i++)
            if (!is_cset82((unsigned char) v[i]))
                return fail_char(diag, TXNG_N_("character not in GS1 character set 82"), def->field,
                                 v, n, i);
        if (n > def->len)
            return fail(diag, TXNG_N_("longer than 20 characters"), def->field, def->len + 1);
        return TXNG_OK;
    case AI_KEY:
    case AI_DATE:
        if (n != def->len)
            return fail(diag, TXNG_N_("wrong length"), def->field, 0);
        for (size_t i = 0; i < n; i++)
            if (!is_digit((unsigned char) v[i]))
                return fail(diag, TXNG_N_("not a digit"), def->field, i + 1);
        break;
    }
    if (def->type == AI_KEY) {
        cd = txng_gs1_check_digit(v, n - 1);
        if (v[n - 1] - '0' != cd)
            return fail(diag, wrong_check_digit[cd], def->field, n);
        return TXNG_OK;
    }
    yy = (v[0] - '0') * 10 + (v[1] - '0');
    mm = (v[2] - '0') * 10 + (v[3] - '0');
    dd = (v[4] - '0') * 10 + (v[5] - '0');
    if (mm < 1 || mm > 12)
        return fail(diag, TXNG_N_("month out of range"), def->field, 3);
    if (dd > days_in_month(yy, mm))
        return fail(diag, TXNG_N_("day out of range"), def->field, 5);
    return TXNG_OK;
}

/* Decodes %XX (and "+" in a query); stores at most cap - 1 bytes and a NUL,
 * returns the full decoded length. */
static size_t
unescape(char *out, size_t cap, const char *in, size_t len, bool query)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char) in[i];

        if (c == '%' && i + 2 < len && hex_value((unsigned char) in[i + 1]) >= 0 &&
            hex_value((unsigned char) in[i + 2]) >= 0) {
            c = hex_value((unsigned char) in[i + 1]) * 16 + hex_value((unsigned char) in[i + 2]);
            i += 2;
        } else if (c == '+' && query) {
            c = ' ';
        }
        if (n + 1 < cap)
            out[n] = (char) c;
        n++;
    }
    if (cap > 0)
        out[n < cap ? n : cap - 1] = '\0';
    return n;
}

/* Decodes a value and checks it as AI @p ai into @p out (@p cap bytes). */
static txng_err
decode_check(char *out, size_t cap, int ai, const char *raw, size_t raw_len, bool query,
             txng_diag *diag)
{
    char   buf[DECODE_CAP];
    size_t n = unescape(buf, sizeof buf, raw, raw_len, query);

    /* Longer than the buffer: the kept prefix is longer than any value
     * allowed, so check_value refuses it with the right reason. */
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    if (check_value(&ais[ai], buf, n, diag) != TXNG_OK)
        return TXNG_EFORMAT;
    if (n + 1 > cap)
        return fail(diag, TXNG_N_("wrong length"), ais[ai].field, 0);
    memcpy(out, buf, n + 1);
    return TXNG_OK;
}

static bool
host_ok(const char *h, size_t n)
{
    size_t i = 0, digits = 0;

    if (n == 0)
        return false;
    if (h[0] == '[') {
        for (i = 1; i < n && h[i] != ']'; i++)
            if (hex_value((unsigned char) h[i]) < 0 && h[i] != ':' && h[i] != '.')
                return false;
        if (i >= n || i == 1)
            return false;
        i++;
    } else {
        for (; i < n && h[i] != ':'; i++)
            if (!is_alnum((unsigned char) h[i]) && h[i] != '-' && h[i] != '.' && h[i] != '_' &&
                h[i] != '~')
                return false;
        if (i == 0)
            return false;
    }
    if (i == n)
        return true;
    if (h[i] != ':')
        return false;
    for (i++; i < n; i++, digits++)
        if (!is_digit((unsigned char) h[i]))
            return false;
    return digits >= 1 && digits <= 5;
}

/* Every byte is a pchar, "/" (path), "?" (query) or a valid %XX. */
static txng_err
check_uri_chars(const char *s, size_t from, size_t to, bool query, txng_diag *diag)
{
    for (size_t i = from; i < to; i++) {
        int c = (unsigned char) s[i];

        if (c == '%') {
            if (i + 2 >= to || hex_value((unsigned char) s[i + 1]) < 0 ||
                hex_value((unsigned char) s[i + 2]) < 0)
                return fail(diag, TXNG_N_("bad percent-escape"), NULL, i + 1);
            i += 2;
        } else if (!is_pchar(c) && c != '/' && !(query && c == '?')) {
            return fail(diag, TXNG_N_("character not allowed in a URI"), NULL, i + 1);
        }
    }
    return TXNG_OK;
}

struct seg {
    size_t off;
    size_t len;
};

/* Whether segs[0..n) (n even) are a supported key and its qualifiers in
 * order; if not, *why and *bad (a segment index) say why when that is more
 * than "no key here". */
static const struct key_def *
key_sequence(const char *uri, const struct seg *segs, size_t n, const char **why, size_t *bad)
{
    const struct key_def *kd;
    size_t                next = 0;

    kd = key_by_ai(ai_lookup(uri + segs[0].off, segs[0].len));
    if (kd == NULL) {
        if (is_other_key(uri + segs[0].off, segs[0].len)) {
            *why = TXNG_N_("unsupported primary key");
            *bad = 0;
        }
        return NULL;
    }
    for (size_t k = 2; k < n; k += 2) {
        int    ai = ai_lookup(uri + segs[k].off, segs[k].len);
        size_t q;

        for (q = next; q < kd->nquals; q++)
            if (kd->quals[q] == ai)
                break;
        if (ai < 0 || q == kd->nquals) {
            *why = TXNG_N_("key qualifier not allowed or out of order");
            *bad = k;
            return NULL;
        }
        next = q + 1;
    }
    return kd;
}

static char *
id_value(txng_gs1_id *id, int ai, size_t *cap)
{
    switch (ai) {
    case AI_10:
        *cap = sizeof id->lot;
        return id->lot;
    case AI_21:
        *cap = sizeof id->serial;
        return id->serial;
    case AI_22:
        *cap = sizeof id->cpv;
        return id->cpv;
    case AI_254:
        *cap = sizeof id->gln_ext;
        return id->gln_ext;
    default:
        *cap = sizeof id->key_digits;
        return id->key_digits;
    }
}

static txng_err
parse_key_value(txng_gs1_id *out, int ai, const char *raw, size_t raw_len, unsigned flags,
                txng_diag *diag)
{
    char   buf[DECODE_CAP];
    char  *dst;
    size_t n, cap;

    if (ai != AI_01 || (flags & TXNG_GS1_DL_SHORT_GTIN) == 0) {
        dst = id_value(out, ai, &cap);
        return decode_check(dst, cap, ai, raw, raw_len, false, diag);
    }
    n = unescape(buf, sizeof buf, raw, raw_len, false);
    if (n >= sizeof buf)
        return fail(diag, TXNG_N_("wrong length for a GTIN"), ais[AI_01].field, 0);
    return txng_gs1_gtin_normalize(out->key_digits, buf, n, diag);
}

static txng_err
parse_query(txng_gs1_id *out, const struct key_def *kd, const char *uri, size_t from, size_t to,
            txng_diag *diag)
{
    size_t i = from;

    while (i < to) {
        size_t end = i, eq;
        int    ai, d;

        while (end < to && uri[end] != '&')
            end++;
        for (eq = i; eq < end && uri[eq] != '='; eq++)
            ;
        if (eq > i && all_digits(uri + i, eq - i)) {
            ai = ai_lookup(uri + i, eq - i);
            if (eq + 1 >= end)
                return fail_text(diag, TXNG_N_("empty value"), uri + i, eq - i, i + 1);
            if (ai == kd->ai)
                return fail_text(diag, TXNG_N_("application identifier repeated"), uri + i, eq - i,
                                 i + 1);
            for (size_t q = 0; q < kd->nquals; q++)
                if (kd->quals[q] == ai)
                    return fail_text(diag, TXNG_N_("key qualifier in the query string"), uri + i,
                                     eq - i, i + 1);
            for (d = 0; d < TXNG_GS1_NDATES; d++)
                if (date_ai[d] == ai)
                    break;
            if (d == TXNG_GS1_NDATES)
                return fail_text(diag, TXNG_N_("unsupported application identifier"), uri + i,
                                 eq - i, i + 1);
            if (kd->key != TXNG_GS1_KEY_GTIN)
                return fail(diag, TXNG_N_("data attribute without a GTIN"), ais[ai].field, i + 1);
            if (out->dates[d][0] != '\0')
                return fail(diag, TXNG_N_("application identifier repeated"), ais[ai].field, i + 1);
            if (decode_check(out->dates[d], sizeof out->dates[d], ai, uri + eq + 1, end - eq - 1,
                             true, diag) != TXNG_OK)
                return TXNG_EFORMAT;
        }
        i = end + 1;
    }
    return TXNG_OK;
}

static txng_err
dl_parse(txng_gs1_id *out, const char *uri, size_t len, unsigned flags, txng_diag *diag)
{
    struct seg            segs[MAX_KEY_SEGS];
    const struct key_def *kd  = NULL;
    const char           *why = NULL;
    size_t                p, host, path, path_end, nsegs = 0, m, bad = 0, start = 0;
    const void           *hash;

    hash = memchr(uri, '#', len);
    if (hash != NULL)
        len = (size_t) ((const char *) hash - uri);
    if (len >= 7 && (memcmp(uri, "http://", 7) == 0 || memcmp(uri, "HTTP://", 7) == 0))
        p = 7;
    else if (len >= 8 && (memcmp(uri, "https://", 8) == 0 || memcmp(uri, "HTTPS://", 8) == 0))
        p = 8;
    else
        return fail(diag, TXNG_N_("not an http or https URI"), NULL, 1);
    host = p;
    while (p < len && uri[p] != '/' && uri[p] != '?')
        p++;
    if (!host_ok(uri + host, p - host))
        return fail(diag, TXNG_N_("bad host"), NULL, host + 1);
    path = p;
    while (p < len && uri[p] != '?')
        p++;
    path_end = p;
    if (check_uri_chars(uri, path, path_end, false, diag) != TXNG_OK ||
        (path_end < len && check_uri_chars(uri, path_end + 1, len, true, diag) != TXNG_OK))
        return TXNG_EFORMAT;
    if (path == path_end)
        return fail(diag, TXNG_N_("no supported GS1 primary key in the path"), NULL, 0);
    for (size_t i = path; i < path_end; i++)
        if (uri[i] == '/' && (i + 1 == path_end || uri[i + 1] == '/'))
            return fail(diag, TXNG_N_("empty path segment"), NULL, i + 2);
    /* The last MAX_KEY_SEGS segments, in order. */
    for (size_t e = path_end; e > path && nsegs < MAX_KEY_SEGS;) {
        size_t b = e;

        while (uri[b - 1] != '/')
            b--;
        memmove(segs + 1, segs, nsegs * sizeof segs[0]);
        segs[0].off = b;
        segs[0].len = e - b;
        nsegs++;
        e = b - 1;
    }
    /* Leftmost candidate first; the first refusal is the one reported. */
    for (m = nsegs - nsegs % 2; m >= 2; m -= 2) {
        const char *w = NULL;
        size_t      b = 0;

        start = nsegs - m;
        kd    = key_sequence(uri, segs + start, m, &w, &b);
        if (kd != NULL)
            break;
        if (w != NULL && why == NULL) {
            why = w;
            bad = start + b;
        }
    }
    if (kd == NULL) {
        if (why == NULL)
            return fail(diag, TXNG_N_("no supported GS1 primary key in the path"), NULL, 0);
        return fail_text(diag, why, uri + segs[bad].off, segs[bad].len, segs[bad].off + 1);
    }
    out->key = kd->key;
    for (size_t k = start; k < nsegs; k += 2) {
        int ai = ai_lookup(uri + segs[k].off, segs[k].len);

        if (parse_key_value(out, ai, uri + segs[k + 1].off, segs[k + 1].len, flags, diag) !=
            TXNG_OK)
            return TXNG_EFORMAT;
    }
    if (path_end < len)
        return parse_query(out, kd, uri, path_end + 1, len, diag);
    return TXNG_OK;
}

/* Checks a caller-filled identifier. */
static txng_err
id_check(const txng_gs1_id *id, txng_diag *diag)
{
    const struct key_def *kd       = key_by_type(id->key);
    const char *const     vals[]   = { id->cpv, id->lot, id->serial, id->gln_ext };
    static const int      val_ai[] = { AI_22, AI_10, AI_21, AI_254 };
    bool                  allowed;

    if (kd == NULL)
        return fail(diag, TXNG_N_("no supported GS1 primary key"), NULL, 0);
    if (check_value(&ais[kd->ai], id->key_digits, strnlen(id->key_digits, sizeof id->key_digits),
                    diag) != TXNG_OK)
        return TXNG_EFORMAT;
    for (size_t v = 0; v < 4; v++) {
        size_t n = strnlen(vals[v], TXNG_GS1_VALUE_MAX + 1);

        if (n == 0)
            continue;
        allowed = false;
        for (size_t q = 0; q < kd->nquals; q++)
            allowed = allowed || kd->quals[q] == val_ai[v];
        if (!allowed)
            return fail(diag, TXNG_N_("key qualifier not allowed or out of order"),
                        ais[val_ai[v]].field, 0);
        if (check_value(&ais[val_ai[v]], vals[v], n, diag) != TXNG_OK)
            return TXNG_EFORMAT;
    }
    for (int d = 0; d < TXNG_GS1_NDATES; d++) {
        size_t n = strnlen(id->dates[d], sizeof id->dates[d]);

        if (n == 0)
            continue;
        if (id->key != TXNG_GS1_KEY_GTIN)
            return fail(diag, TXNG_N_("data attribute without a GTIN"), ais[date_ai[d]].field, 0);
        if (check_value(&ais[date_ai[d]], id->dates[d], n, diag) != TXNG_OK)
            return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

static void
sb_escaped(struct sbuf *sb, const char *s, size_t n, bool query)
{
    char buf[TXNG_GS1_VALUE_MAX * 3 + 1];

    if (txng_gs1_uri_escape(buf, sizeof buf, s, n, query) != TXNG_OK)
        sb->overflow = true;
    else
        sb_str(sb, buf);
}

static void
sb_pair(struct sbuf *sb, int ai, const char *value)
{
    size_t n = strlen(value); /* id_check() bounded it */

    if (n == 0)
        return;
    sb_str(sb, "/");
    sb_str(sb, ais[ai].ai);
    sb_str(sb, "/");
    sb_escaped(sb, value, n, false);
}

/* EPC URN characters that the Tag Data Standard requires as %XX. */
static void
sb_epc_escaped(struct sbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s != '\0'; s++) {
        if (strchr("\"%&/<>?", *s) != NULL) {
            char e[3] = { '%', hex[(unsigned char) *s >> 4], hex[(unsigned char) *s & 15] };

            sb_put(sb, e, 3);
        } else {
            sb_put(sb, s, 1);
        }
    }
}

/* Splits @p s at the first @p n - 1 dots into f[0..n); the last field keeps any further dots. */
static bool
split_dots(const char *s, size_t len, struct seg *f, size_t n)
{
    size_t k = 0, b = 0;

    for (size_t i = 0; i < len && k + 1 < n; i++) {
        if (s[i] == '.') {
            f[k].off = b;
            f[k].len = i - b;
            k++;
            b = i + 1;
        }
    }
    if (k + 1 != n)
        return false;
    f[k].off = b;
    f[k].len = len - b;
    return true;
}

/* A key from a company prefix @p cp and a reference @p ref whose first digit
 * (indicator or extension) goes in front when @p lead is true. */
static txng_err
epc_key(char *out, size_t total, const char *cp, size_t cp_len, const char *ref, size_t ref_len,
        bool lead, const char *field, txng_diag *diag)
{
    size_t n = 0;

    if (cp_len < 6 || cp_len > 12 || !all_digits(cp, cp_len))
        return fail(diag, TXNG_N_("bad company prefix"), field, 0);
    if (!all_digits(ref, ref_len))
        return fail(diag, TXNG_N_("not a digit"), field, 0);
    if (cp_len + ref_len != total - 1 || (lead && ref_len == 0))
        return fail(diag, TXNG_N_("wrong length"), field, 0);
    if (lead)
        out[n++] = ref[0];
    memcpy(out + n, cp, cp_len);
    n += cp_len;
    memcpy(out + n, ref + (lead ? 1 : 0), ref_len - (lead ? 1 : 0));
    n += ref_len - (lead ? 1 : 0);
    out[n]     = (char) ('0' + txng_gs1_check_digit(out, n));
    out[n + 1] = '\0';
    return TXNG_OK;
}

static txng_err
epc_value(char *out, size_t cap, int ai, const char *raw, size_t len, txng_diag *diag)
{
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '%' && (i + 2 >= len || hex_value((unsigned char) raw[i + 1]) < 0 ||
                              hex_value((unsigned char) raw[i + 2]) < 0))
            return fail(diag, TXNG_N_("bad percent-escape"), ais[ai].field, i + 1);
    return decode_check(out, cap, ai, raw, len, false, diag);
}

static txng_err
epc_parse(txng_gs1_id *out, const char *urn, size_t len, txng_diag *diag)
{
    static const struct {
        const char *prefix;
        size_t      nfields;
    } schemes[] = {
        { "urn:epc:id:sgtin:", 3 }, { "urn:epc:class:lgtin:", 3 }, { "urn:epc:id:sscc:", 2 },
        { "urn:epc:id:sgln:", 3 },  { "urn:epc:id:pgln:", 2 },
    };
    struct seg  f[3];
    const char *body;
    size_t      s, body_len;

    for (s = 0; s < sizeof schemes / sizeof schemes[0]; s++)
        if (prefix_icase(urn, len, "urn:epc:") && len >= strlen(schemes[s].prefix) &&
            memcmp(urn + 8, schemes[s].prefix + 8, strlen(schemes[s].prefix) - 8) == 0)
            break;
    if (s == sizeof schemes / sizeof schemes[0])
        return fail(diag, TXNG_N_("not a supported EPC URN"), NULL, 0);
    body     = urn + strlen(schemes[s].prefix);
    body_len = len - strlen(schemes[s].prefix);
    if (!split_dots(body, body_len, f, schemes[s].nfields))
        return fail(diag, TXNG_N_("wrong number of fields"), NULL, 0);
    switch (s) {
    case 0:
    case 1:
        out->key = TXNG_GS1_KEY_GTIN;
        if (epc_key(out->key_digits, TXNG_GS1_GTIN_LEN, body + f[0].off, f[0].len, body + f[1].off,
                    f[1].len, true, ais[AI_01].field, diag) != TXNG_OK)
            return TXNG_EFORMAT;
        if (s == 0)
            return epc_value(out->serial, sizeof out->serial, AI_21, body + f[2].off, f[2].len,
                             diag);
        return epc_value(out->lot, sizeof out->lot, AI_10, body + f[2].off, f[2].len, diag);
    case 2:
        out->key = TXNG_GS1_KEY_SSCC;
        return epc_key(out->key_digits, TXNG_GS1_SSCC_LEN, body + f[0].off, f[0].len,
                       body + f[1].off, f[1].len, true, ais[AI_00].field, diag);
    case 3:
        out->key = TXNG_GS1_KEY_GLN;
        if (epc_key(out->key_digits, TXNG_GS1_GLN_LEN, body + f[0].off, f[0].len, body + f[1].off,
                    f[1].len, false, ais[AI_414].field, diag) != TXNG_OK)
            return TXNG_EFORMAT;
        if (f[2].len == 1 && body[f[2].off] == '0')
            return TXNG_OK;
        return epc_value(out->gln_ext, sizeof out->gln_ext, AI_254, body + f[2].off, f[2].len,
                         diag);
    default:
        out->key = TXNG_GS1_KEY_PARTY_GLN;
        return epc_key(out->key_digits, TXNG_GS1_GLN_LEN, body + f[0].off, f[0].len,
                       body + f[1].off, f[1].len, false, ais[AI_417].field, diag);
    }
}

static txng_err
code_check(const char *origin, size_t origin_len, txng_gs1_kind kind, const char *code,
           size_t code_len, txng_diag *diag)
{
    char buf[TXNG_ORIGIN_MAX + 1];

    if (origin_len > TXNG_ORIGIN_MAX || memchr(origin, '\0', origin_len) != NULL)
        return fail(diag, TXNG_N_("bad origin"), "origin", 0);
    memcpy(buf, origin, origin_len);
    buf[origin_len] = '\0';
    if (!txng_origin_valid(buf))
        return fail(diag, TXNG_N_("bad origin"), "origin", 0);
    if ((unsigned) kind >= TXNG_GS1_NKINDS)
        return fail(diag, TXNG_N_("unknown kind"), "kind", 0);
    if (code_len == 0)
        return fail(diag, TXNG_N_("empty value"), "code", 0);
    for (size_t i = 0; i < code_len && i < TXNG_GS1_CODE_MAX; i++) {
        int c = (unsigned char) code[i];

        if (!is_alnum(c) && c != '-' && c != '.' && c != '_')
            return fail_char(
                diag,
                TXNG_N_("character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' "
                        "and '_'"),
                "code", code, code_len, i);
    }
    if (code_len > TXNG_GS1_CODE_MAX)
        return fail(diag, TXNG_N_("longer than 64 characters"), "code", TXNG_GS1_CODE_MAX + 1);
    return TXNG_OK;
}

int
txng_gs1_check_digit(const char *digits, size_t len)
{
    int sum = 0;

    if (digits == NULL || len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char) digits[len - 1 - i];

        if (!is_digit(c))
            return -1;
        sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10;
}

txng_err
txng_gs1_gtin_normalize(char *out, const char *gtin, size_t len, txng_diag *diag)
{
    size_t pad;
    int    cd;

    if (out == NULL || (gtin == NULL && len > 0))
        return TXNG_EINVAL;
    out[0] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!is_digit((unsigned char) gtin[i]))
            return fail(diag, TXNG_N_("not a digit"), ais[AI_01].field, i + 1);
    if (len != 8 && len != 12 && len != 13 && len != 14)
        return fail(diag, TXNG_N_("wrong length for a GTIN"), ais[AI_01].field, 0);
    cd = txng_gs1_check_digit(gtin, len - 1);
    if (gtin[len - 1] - '0' != cd)
        return fail(diag, wrong_check_digit[cd], ais[AI_01].field, len);
    pad = TXNG_GS1_GTIN_LEN - len;
    memset(out, '0', pad);
    memcpy(out + pad, gtin, len);
    out[TXNG_GS1_GTIN_LEN] = '\0';
    return TXNG_OK;
}

txng_err
txng_gs1_ai_check(const char *ai, const char *value, size_t len, txng_diag *diag)
{
    int i;

    if (ai == NULL || (value == NULL && len > 0))
        return TXNG_EINVAL;
    i = ai_lookup(ai, strlen(ai));
    if (i < 0)
        return fail(diag, TXNG_N_("unsupported application identifier"), ai, 0);
    return check_value(&ais[i], value, len, diag);
}

bool
txng_gs1_is_vietnam(const char *digits, size_t len)
{
    const char *p;

    if (digits == NULL || !all_digits(digits, len))
        return false;
    switch (len) {
    case 8:
    case 13:
        p = digits;
        break;
    case 14:
        /* A GTIN-8 padded to 14 digits keeps its GS1-8 prefix after six zeros. */
        p = memcmp(digits + 1, "00000", 5) == 0 ? digits + 6 : digits + 1;
        break;
    case 18:
        p = digits + 1;
        break;
    default:
        return false;
    }
    return memcmp(p, "893", 3) == 0;
}

/* ISO 3166-1: the 249 officially assigned alpha-2 codes, in order, with their numeric codes
 * (the form GS1 AI 422 and its kin take). */
struct country {
    char alpha2[3], numeric[4];
};

static const struct country countries[] = {
    {"AD", "020"}, {"AE", "784"}, {"AF", "004"}, {"AG", "028"}, {"AI", "660"}, {"AL", "008"},
    {"AM", "051"}, {"AO", "024"}, {"AQ", "010"}, {"AR", "032"}, {"AS", "016"}, {"AT", "040"},
    {"AU", "036"}, {"AW", "533"}, {"AX", "248"}, {"AZ", "031"}, {"BA", "070"}, {"BB", "052"},
    {"BD", "050"}, {"BE", "056"}, {"BF", "854"}, {"BG", "100"}, {"BH", "048"}, {"BI", "108"},
    {"BJ", "204"}, {"BL", "652"}, {"BM", "060"}, {"BN", "096"}, {"BO", "068"}, {"BQ", "535"},
    {"BR", "076"}, {"BS", "044"}, {"BT", "064"}, {"BV", "074"}, {"BW", "072"}, {"BY", "112"},
    {"BZ", "084"}, {"CA", "124"}, {"CC", "166"}, {"CD", "180"}, {"CF", "140"}, {"CG", "178"},
    {"CH", "756"}, {"CI", "384"}, {"CK", "184"}, {"CL", "152"}, {"CM", "120"}, {"CN", "156"},
    {"CO", "170"}, {"CR", "188"}, {"CU", "192"}, {"CV", "132"}, {"CW", "531"}, {"CX", "162"},
    {"CY", "196"}, {"CZ", "203"}, {"DE", "276"}, {"DJ", "262"}, {"DK", "208"}, {"DM", "212"},
    {"DO", "214"}, {"DZ", "012"}, {"EC", "218"}, {"EE", "233"}, {"EG", "818"}, {"EH", "732"},
    {"ER", "232"}, {"ES", "724"}, {"ET", "231"}, {"FI", "246"}, {"FJ", "242"}, {"FK", "238"},
    {"FM", "583"}, {"FO", "234"}, {"FR", "250"}, {"GA", "266"}, {"GB", "826"}, {"GD", "308"},
    {"GE", "268"}, {"GF", "254"}, {"GG", "831"}, {"GH", "288"}, {"GI", "292"}, {"GL", "304"},
    {"GM", "270"}, {"GN", "324"}, {"GP", "312"}, {"GQ", "226"}, {"GR", "300"}, {"GS", "239"},
    {"GT", "320"}, {"GU", "316"}, {"GW", "624"}, {"GY", "328"}, {"HK", "344"}, {"HM", "334"},
    {"HN", "340"}, {"HR", "191"}, {"HT", "332"}, {"HU", "348"}, {"ID", "360"}, {"IE", "372"},
    {"IL", "376"}, {"IM", "833"}, {"IN", "356"}, {"IO", "086"}, {"IQ", "368"}, {"IR", "364"},
    {"IS", "352"}, {"IT", "380"}, {"JE", "832"}, {"JM", "388"}, {"JO", "400"}, {"JP", "392"},
    {"KE", "404"}, {"KG", "417"}, {"KH", "116"}, {"KI", "296"}, {"KM", "174"}, {"KN", "659"},
    {"KP", "408"}, {"KR", "410"}, {"KW", "414"}, {"KY", "136"}, {"KZ", "398"}, {"LA", "418"},
    {"LB", "422"}, {"LC", "662"}, {"LI", "438"}, {"LK", "144"}, {"LR", "430"}, {"LS", "426"},
    {"LT", "440"}, {"LU", "442"}, {"LV", "428"}, {"LY", "434"}, {"MA", "504"}, {"MC", "492"},
    {"MD", "498"}, {"ME", "499"}, {"MF", "663"}, {"MG", "450"}, {"MH", "584"}, {"MK", "807"},
    {"ML", "466"}, {"MM", "104"}, {"MN", "496"}, {"MO", "446"}, {"MP", "580"}, {"MQ", "474"},
    {"MR", "478"}, {"MS", "500"}, {"MT", "470"}, {"MU", "480"}, {"MV", "462"}, {"MW", "454"},
    {"MX", "484"}, {"MY", "458"}, {"MZ", "508"}, {"NA", "516"}, {"NC", "540"}, {"NE", "562"},
    {"NF", "574"}, {"NG", "566"}, {"NI", "558"}, {"NL", "528"}, {"NO", "578"}, {"NP", "524"},
    {"NR", "520"}, {"NU", "570"}, {"NZ", "554"}, {"OM", "512"}, {"PA", "591"}, {"PE", "604"},
    {"PF", "258"}, {"PG", "598"}, {"PH", "608"}, {"PK", "586"}, {"PL", "616"}, {"PM", "666"},
    {"PN", "612"}, {"PR", "630"}, {"PS", "275"}, {"PT", "620"}, {"PW", "585"}, {"PY", "600"},
    {"QA", "634"}, {"RE", "638"}, {"RO", "642"}, {"RS", "688"}, {"RU", "643"}, {"RW", "646"},
    {"SA", "682"}, {"SB", "090"}, {"SC", "690"}, {"SD", "729"}, {"SE", "752"}, {"SG", "702"},
    {"SH", "654"}, {"SI", "705"}, {"SJ", "744"}, {"SK", "703"}, {"SL", "694"}, {"SM", "674"},
    {"SN", "686"}, {"SO", "706"}, {"SR", "740"}, {"SS", "728"}, {"ST", "678"}, {"SV", "222"},
    {"SX", "534"}, {"SY", "760"}, {"SZ", "748"}, {"TC", "796"}, {"TD", "148"}, {"TF", "260"},
    {"TG", "768"}, {"TH", "764"}, {"TJ", "762"}, {"TK", "772"}, {"TL", "626"}, {"TM", "795"},
    {"TN", "788"}, {"TO", "776"}, {"TR", "792"}, {"TT", "780"}, {"TV", "798"}, {"TW", "158"},
    {"TZ", "834"}, {"UA", "804"}, {"UG", "800"}, {"UM", "581"}, {"US", "840"}, {"UY", "858"},
    {"UZ", "860"}, {"VA", "336"}, {"VC", "670"}, {"VE", "862"}, {"VG", "092"}, {"VI", "850"},
    {"VN", "704"}, {"VU", "548"}, {"WF", "876"}, {"WS", "882"}, {"YE", "887"}, {"YT", "175"},
    {"ZA", "710"}, {"ZM", "894"}, {"ZW", "716"},
};

static int
country_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct country *) elem)->alpha2);
}

bool
txng_gs1_country(const char *alpha2, char numeric[4])
{
    const struct country *hit;

    if (alpha2 == NULL || strlen(alpha2) != 2)
        return false;
    hit = bsearch(alpha2, countries, sizeof countries / sizeof countries[0], sizeof countries[0],
                  country_cmp);
    if (hit == NULL)
        return false;
    if (numeric != NULL)
        memcpy(numeric, hit->numeric, sizeof hit->numeric);
    return true;
}

txng_err
txng_gs1_uri_escape(char *out, size_t cap, const char *in, size_t len, bool query)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t            n     = 0;

    if (out == NULL || cap == 0 || (in == NULL && len > 0))
        return TXNG_EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) in[i];

        if (is_unreserved(c) || (query && c == ' ')) {
            if (n + 1 >= cap)
                goto small;
            out[n++] = c == ' ' ? '+' : (char) c;
        } else {
            if (n + 3 >= cap)
                goto small;
            out[n++] = '%';
            out[n++] = hex[c >> 4];
            out[n++] = hex[c & 15];
        }
    }
    out[n] = '\0';
    return TXNG_OK;
small:
    out[0] = '\0';
    return TXNG_EINVAL;
}

txng_err
txng_gs1_uri_unescape(char *out, size_t cap, size_t *out_len, const char *in, size_t len,
                      bool query)
{
    if (out == NULL || out_len == NULL || (in == NULL && len > 0) || cap < len + 1)
        return TXNG_EINVAL;
    *out_len = unescape(out, cap, in, len, query);
    return TXNG_OK;
}

txng_err
txng_gs1_dl_parse(txng_gs1_id *out, const char *uri, size_t len, unsigned flags, txng_diag *diag)
{
    txng_err err;

    if (out == NULL || (uri == NULL && len > 0))
        return TXNG_EINVAL;
    memset(out, 0, sizeof *out);
    err = dl_parse(out, uri == NULL ? "" : uri, len, flags, diag);
    if (err != TXNG_OK)
        memset(out, 0, sizeof *out);
    return err;
}

txng_err
txng_gs1_dl_format(char *out, const txng_gs1_id *id, const char *stem, bool attributes,
                   txng_diag *diag)
{
    struct sbuf           sb = { out, 0, TXNG_GS1_URI_MAX, false };
    const struct key_def *kd;
    size_t                stem_len;
    bool                  first = true;

    if (out == NULL || id == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if (stem == NULL)
        stem = TXNG_GS1_CANONICAL_STEM;
    stem_len = strnlen(stem, STEM_MAX + 1);
    if (stem_len > STEM_MAX)
        return TXNG_EINVAL;
    if (id_check(id, diag) != TXNG_OK)
        return TXNG_EFORMAT;
    kd = key_by_type(id->key);
    while (stem_len > 0 && stem[stem_len - 1] == '/')
        stem_len--;
    sb_put(&sb, stem, stem_len);
    sb_pair(&sb, kd->ai, id->key_digits);
    if (id->key == TXNG_GS1_KEY_GTIN) {
        sb_pair(&sb, AI_22, id->cpv);
        sb_pair(&sb, AI_10, id->lot);
        sb_pair(&sb, AI_21, id->serial);
    } else if (id->key == TXNG_GS1_KEY_GLN) {
        sb_pair(&sb, AI_254, id->gln_ext);
    }
    for (int d = 0; attributes && d < TXNG_GS1_NDATES; d++) {
        if (id->dates[d][0] == '\0')
            continue;
        sb_str(&sb, first ? "?" : "&");
        sb_str(&sb, ais[date_ai[d]].ai);
        sb_str(&sb, "=");
        sb_put(&sb, id->dates[d], TXNG_GS1_DATE_LEN);
        first = false;
    }
    /* Unreachable with STEM_MAX and TXNG_GS1_URI_MAX as they are. */
    if (sb.overflow) {
        out[0] = '\0';
        return TXNG_EINVAL;
    }
    return TXNG_OK;
}

txng_err
txng_gs1_epc_parse(txng_gs1_id *out, const char *urn, size_t len, txng_diag *diag)
{
    txng_err err;

    if (out == NULL || (urn == NULL && len > 0))
        return TXNG_EINVAL;
    memset(out, 0, sizeof *out);
    err = epc_parse(out, urn == NULL ? "" : urn, len, diag);
    if (err != TXNG_OK)
        memset(out, 0, sizeof *out);
    return err;
}

txng_err
txng_gs1_epc_format(char *out, const txng_gs1_id *id, unsigned gcp_len, txng_diag *diag)
{
    struct sbuf sb = { out, 0, TXNG_GS1_URI_MAX, false };
    const char *k;

    if (out == NULL || id == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if (gcp_len < 6 || gcp_len > 12)
        return TXNG_EINVAL;
    if (id_check(id, diag) != TXNG_OK)
        return TXNG_EFORMAT;
    k = id->key_digits;
    switch (id->key) {
    case TXNG_GS1_KEY_GTIN:
        if (id->cpv[0] != '\0' || (id->lot[0] != '\0') == (id->serial[0] != '\0'))
            return fail(diag, TXNG_N_("no EPC URN for this identifier"), ais[AI_01].field, 0);
        sb_str(&sb, id->serial[0] != '\0' ? "urn:epc:id:sgtin:" : "urn:epc:class:lgtin:");
        sb_put(&sb, k + 1, gcp_len);
        sb_str(&sb, ".");
        sb_put(&sb, k, 1);
        sb_put(&sb, k + 1 + gcp_len, TXNG_GS1_GTIN_LEN - 2 - gcp_len);
        sb_str(&sb, ".");
        sb_epc_escaped(&sb, id->serial[0] != '\0' ? id->serial : id->lot);
        break;
    case TXNG_GS1_KEY_SSCC:
        sb_str(&sb, "urn:epc:id:sscc:");
        sb_put(&sb, k + 1, gcp_len);
        sb_str(&sb, ".");
        sb_put(&sb, k, 1);
        sb_put(&sb, k + 1 + gcp_len, TXNG_GS1_SSCC_LEN - 2 - gcp_len);
        break;
    case TXNG_GS1_KEY_GLN:
        /* In an sgln URN, extension "0" means none, so "0" itself has no URN. */
        if (strcmp(id->gln_ext, "0") == 0)
            return fail(diag, TXNG_N_("no EPC URN for this identifier"), ais[AI_254].field, 0);
        sb_str(&sb, "urn:epc:id:sgln:");
        sb_put(&sb, k, gcp_len);
        sb_str(&sb, ".");
        sb_put(&sb, k + gcp_len, TXNG_GS1_GLN_LEN - 1 - gcp_len);
        sb_str(&sb, ".");
        sb_epc_escaped(&sb, id->gln_ext[0] != '\0' ? id->gln_ext : "0");
        break;
    default:
        sb_str(&sb, "urn:epc:id:pgln:");
        sb_put(&sb, k, gcp_len);
        sb_str(&sb, ".");
        sb_put(&sb, k + gcp_len, TXNG_GS1_GLN_LEN - 1 - gcp_len);
        break;
    }
    if (sb.overflow) {
        out[0] = '\0';
        return TXNG_EINVAL;
    }
    return TXNG_OK;
}

const char *
txng_gs1_kind_name(txng_gs1_kind kind)
{
    return (unsigned) kind < TXNG_GS1_NKINDS ? kind_names[kind] : NULL;
}

txng_err
txng_gs1_code_format(char *out, const char *origin, txng_gs1_kind kind, const char *code,
                     txng_diag *diag)
{
    size_t origin_len, code_len;

    if (out == NULL || origin == NULL || code == NULL)
        return TXNG_EINVAL;
    out[0]     = '\0';
    origin_len = strnlen(origin, TXNG_ORIGIN_MAX + 1);
    code_len   = strnlen(code, TXNG_GS1_CODE_MAX + 1);
    if (code_check(origin, origin_len, kind, code, code_len, diag) != TXNG_OK)
        return TXNG_EFORMAT;
    snprintf(out, TXNG_GS1_URI_MAX, "urn:txng:%s:%s:%s", origin, kind_names[kind], code);
    return TXNG_OK;
}

txng_err
txng_gs1_code_parse(txng_gs1_code *out, const char *urn, size_t len, txng_diag *diag)
{
    const char *body;
    size_t      body_len, c1, c2;
    int         kind;

    if (out == NULL || (urn == NULL && len > 0))
        return TXNG_EINVAL;
    memset(out, 0, sizeof *out);
    if (urn == NULL || !prefix_icase(urn, len, "urn:txng:"))
        return fail(diag, TXNG_N_("not a urn:txng code"), NULL, 0);
    body     = urn + 9;
    body_len = len - 9;
    for (c2 = body_len; c2 > 0 && body[c2 - 1] != ':'; c2--)
        ;
    for (c1 = c2 > 0 ? c2 - 1 : 0; c1 > 0 && body[c1 - 1] != ':'; c1--)
        ;
    if (c2 == 0 || c1 == 0)
        return fail(diag, TXNG_N_("wrong number of fields"), NULL, 0);
    for (kind = 0; kind < TXNG_GS1_NKINDS; kind++)
        if (strlen(kind_names[kind]) == c2 - 1 - c1 &&
            memcmp(kind_names[kind], body + c1, c2 - 1 - c1) == 0)
            break;
    if (code_check(body, c1 - 1, (txng_gs1_kind) kind, body + c2, body_len - c2, diag) != TXNG_OK)
        return TXNG_EFORMAT;
    memcpy(out->origin, body, c1 - 1);
    out->origin[c1 - 1] = '\0';
    out->kind           = (txng_gs1_kind) kind;
    memcpy(out->code, body + c2, body_len - c2);
    out->code[body_len - c2] = '\0';
    return TXNG_OK;
}

txng_err
txng_gs1_canonicalize(char *out, const char *input, size_t len, txng_diag *diag)
{
    txng_gs1_id   id;
    txng_gs1_code code;
    txng_err      err;

    if (out == NULL || (input == NULL && len > 0))
        return TXNG_EINVAL;
    out[0] = '\0';
    if (input == NULL)
        return fail(diag, TXNG_N_("not a Digital Link URI, EPC URN or urn:txng code"), NULL, 0);
    if (prefix_icase(input, len, "urn:txng:")) {
        err = txng_gs1_code_parse(&code, input, len, diag);
        if (err != TXNG_OK)
            return err;
        return txng_gs1_code_format(out, code.origin, code.kind, code.code, diag);
    }
    if (prefix_icase(input, len, "urn:epc:"))
        err = txng_gs1_epc_parse(&id, input, len, diag);
    else if (prefix_icase(input, len, "http://") || prefix_icase(input, len, "https://"))
        err = txng_gs1_dl_parse(&id, input, len, TXNG_GS1_DL_SHORT_GTIN, diag);
    else
        return fail(diag, TXNG_N_("not a Digital Link URI, EPC URN or urn:txng code"), NULL, 0);
    if (err != TXNG_OK)
        return err;
    return txng_gs1_dl_format(out, &id, NULL, false, diag);
}
