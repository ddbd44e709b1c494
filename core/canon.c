/*
 * canon.c - JSON under txng's rules and its RFC 8785 canonical bytes
 *
 * jansson parses (it already refuses invalid UTF-8, duplicate keys, "\u0000"
 * and trailing data); a walk over the value then refuses reals, integers
 * beyond 2^53-1 and strings that are not NFC, or rewrites them to NFC. The
 * encoder is our own: json_dumps() escapes differently from ECMAScript and
 * sorts keys by bytes, where RFC 8785 sorts by UTF-16 code units.
 *
 * jansson reads "-0" as the integer 0, so parse looks for it in the text.
 *
 * Speed: every append and every verify hashes one event of a few hundred
 * bytes, so the common cases avoid allocation. Strings made of ASCII, of
 * U+0080..U+02FF and of U+1E00..U+1EFF (all of Vietnamese) are NFC without
 * asking utf8proc: each of those code points is its own NFC, has combining
 * class 0 and is never the second half of a canonical composition (checked
 * against Unicode 14 data). Anything else goes through utf8proc_map().
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>
#include <utf8proc.h>

#include "core/canon.h"

/* jansson's own parser limit; it also stops reference cycles in built values. */
#define MAX_DEPTH JSON_PARSER_MAX_DEPTH

/* Object members sorted on the stack before falling back to malloc. */
#define SMALL_OBJECT 16

#define PATH_SIZE sizeof(((txng_diag *) 0)->field)

static const char R_SYNTAX[]    = TXNG_N_("not valid JSON");
static const char R_EOF[]       = TXNG_N_("unexpected end of input");
static const char R_TRAILING[]  = TXNG_N_("unexpected data after the value");
static const char R_UTF8[]      = TXNG_N_("invalid UTF-8");
static const char R_DUPLICATE[] = TXNG_N_("duplicate key");
static const char R_DUP_NFC[]   = TXNG_N_("duplicate key after NFC normalisation");
static const char R_NUL[]       = TXNG_N_("string contains U+0000");
static const char R_REAL[]      = TXNG_N_("numbers must be integers");
static const char R_RANGE[]     = TXNG_N_("integer out of range");
static const char R_NEGZERO[]   = TXNG_N_("negative zero");
static const char R_NFC[]       = TXNG_N_("string is not in NFC");
static const char R_KEY_NFC[]   = TXNG_N_("key is not in NFC");
static const char R_DEEP[]      = TXNG_N_("nesting too deep");
static const char R_NOT_CANON[] = TXNG_N_("not in canonical form");
static const char R_UNKNOWN[]   = TXNG_N_("unknown JSON type");

/* State of one walk over a value: flags, and the JSON-pointer path for diag. */
struct walk {
    unsigned   flags;
    txng_diag *diag;
    size_t     path_len;
    char       path[PATH_SIZE];
};

/* One object member, for sorting. */
struct member {
    const char   *key;
    size_t        key_len;
    const json_t *value;
};

/* A growing output buffer. */
struct buf {
    char  *p;
    size_t len, cap;
};

/*
 * jansson's iterator functions take json_t * although they only read; the
 * const qualifier is dropped here, once, for values this module never writes.
 */
static json_t *
unconst(const json_t *v)
{
    union {
        const json_t *c;
        json_t       *m;
    } u = { .c = v };
    return u.m;
}

static size_t
path_push(struct walk *w, const char *seg, size_t len)
{
    size_t old = w->path_len;

    if (w->diag == NULL || w->path_len + 1 >= PATH_SIZE)
        return old;
    w->path[w->path_len++] = '/';
    for (size_t i = 0; i < len && w->path_len + 1 < PATH_SIZE; i++) {
        /* RFC 6901: '~' is written "~0" and '/' is written "~1". */
        if (seg[i] == '~' || seg[i] == '/') {
            if (w->path_len + 2 >= PATH_SIZE)
                break;
            w->path[w->path_len++] = '~';
            w->path[w->path_len++] = seg[i] == '~' ? '0' : '1';
        } else {
            w->path[w->path_len++] = seg[i];
        }
    }
    return old;
}

static size_t
path_push_index(struct walk *w, size_t index)
{
    char   digits[24];
    size_t n = sizeof digits;

    if (w->diag == NULL)
        return w->path_len;
    do {
        digits[--n] = (char) ('0' + index % 10);
        index /= 10;
    } while (index != 0);
    return path_push(w, digits + n, sizeof digits - n);
}

static txng_err
refuse(struct walk *w, const char *reason)
{
    if (w->diag != NULL) {
        w->path[w->path_len] = '\0';
        txng_diag_set(w->diag, reason, w->path);
    }
    return TXNG_EFORMAT;
}

/*
 * Length of the longest prefix of @p s made of whole UTF-8 characters in
 * U+0000..U+02FF or U+1E00..U+1EFF (ASCII, the Latin blocks with Vietnamese
 * letters). Each of these has canonical combining class 0, is its own NFC
 * and never composes with a character before it, so a string made of them
 * alone is in NFC as it is (tests/unit/test_event.c compares with utf8proc).
 */
static size_t
nfc_stable(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *) s;
    size_t               i = 0;

    while (i < len) {
        unsigned char c = u[i];

        if (c < 0x80)
            i++;
        else if (c >= 0xC2 && c <= 0xCB && i + 1 < len && (u[i + 1] & 0xC0) == 0x80)
            i += 2; /* U+0080..U+02FF */
        else if (c == 0xE1 && i + 2 < len && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB &&
                 (u[i + 2] & 0xC0) == 0x80)
            i += 3; /* U+1E00..U+1EFF */
        else
            break;
    }
    return i;
}

/* utf8proc's NFC of @p len bytes; *out is malloc'd. */
static txng_err
nfc_map(char **out, size_t *out_len, const char *s, size_t len)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t  n;

    *out = NULL;
    if (len > (size_t) SSIZE_MAX / 4)
        return TXNG_ENOMEM;
    n = utf8proc_map((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) len, &dst,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM || n == UTF8PROC_ERROR_OVERFLOW ? TXNG_ENOMEM
                                                                         : TXNG_EFORMAT;
    *out     = (char *) dst;
    *out_len = (size_t) n;
    return TXNG_OK;
}

/*
 * Check one string or key: no U+0000, valid UTF-8, NFC. When it is valid
 * but not NFC and @p nfc is not NULL, *nfc gets the malloc'd NFC form and
 * the result is TXNG_OK; otherwise *nfc stays NULL.
 */
static txng_err
check_text(struct walk *w, const char *s, size_t len, bool is_key, char **nfc, size_t *nfc_len)
{
    char    *m     = NULL;
    size_t   m_len = 0;
    txng_err err;

    if (nfc != NULL)
        *nfc = NULL;
    if (memchr(s, '\0', len) != NULL)
        return refuse(w, R_NUL);
    if (nfc_stable(s, len) == len)
        return TXNG_OK;
    err = nfc_map(&m, &m_len, s, len);
    if (err == TXNG_EFORMAT)
        return refuse(w, R_UTF8);
    if (err != TXNG_OK)
        return err;
    if (m_len == len && memcmp(m, s, len) == 0) {
        free(m);
        return TXNG_OK;
    }
    if (nfc == NULL) {
        free(m);
        return refuse(w, is_key ? R_KEY_NFC : R_NFC);
    }
    *nfc     = m;
    *nfc_len = m_len;
    return TXNG_OK;
}

/*
 * Rewrite the keys of @p obj to NFC, keeping member order. Two keys that are
 * equal only after normalisation make the input ambiguous: refuse it.
 */
static txng_err
rebuild_keys(struct walk *w, json_t *obj)
{
    size_t      n = json_object_size(obj), k = 0, i;
    char      **keys = NULL;
    size_t     *lens = NULL;
    json_t    **vals = NULL;
    const char *key;
    json_t     *value;
    txng_err    err = TXNG_ENOMEM;

    keys = calloc(n, sizeof *keys);
    lens = calloc(n, sizeof *lens);
    vals = calloc(n, sizeof *vals);
    if (keys == NULL || lens == NULL || vals == NULL)
        goto out;
    json_object_foreach(obj, key, value)
    {
        size_t key_len = json_object_iter_key_len(json_object_key_to_iter(key));
        char  *m       = NULL;

        err = nfc_map(&m, &lens[k], key, key_len);
        if (err != TXNG_OK)
            goto out;
        keys[k]   = m;
        vals[k++] = json_incref(value);
    }
    json_object_clear(obj);
    for (i = 0; i < k; i++) {
        if (json_object_getn(obj, keys[i], lens[i]) != NULL) {
            path_push(w, keys[i], lens[i]);
            err = refuse(w, R_DUP_NFC);
            goto out;
        }
        err     = json_object_setn_new(obj, keys[i], lens[i], vals[i]) == 0 ? TXNG_OK : TXNG_ENOMEM;
        vals[i] = NULL; /* stolen, even on failure */
        if (err != TXNG_OK)
            goto out;
    }
    err = TXNG_OK;
out:
    for (i = 0; i < k; i++) {
        free(keys[i]);
        json_decref(vals[i]);
    }
    free(keys);
    free(lens);
    free(vals);
    return err;
}

/* Check @p v (and normalise it in place when w->flags asks); @p v is only written then. */
static txng_err
walk_value(struct walk *w, json_t *v, int depth)
{
    bool     normalise = (w->flags & TXNG_CANON_NORMALISE) != 0;
    txng_err err       = TXNG_OK;

    if (depth > MAX_DEPTH)
        return refuse(w, R_DEEP);
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t     *value;
        bool        rebuild = false;

        json_object_foreach(v, key, value)
        {
            size_t key_len = json_object_iter_key_len(json_object_key_to_iter(key));
            size_t old     = path_push(w, key, key_len);
            char  *m       = NULL;
            size_t m_len   = 0;

            err = check_text(w, key, key_len, true, normalise ? &m : NULL, &m_len);
            if (err != TXNG_OK)
                return err;
            if (m != NULL) {
                rebuild = true;
                free(m);
            }
            err = walk_value(w, value, depth + 1);
            if (err != TXNG_OK)
                return err;
            w->path_len = old;
        }
        return rebuild ? rebuild_keys(w, v) : TXNG_OK;
    }
    case JSON_ARRAY: {
        size_t  i;
        json_t *value;

        json_array_foreach(v, i, value)
        {
            size_t old = path_push_index(w, i);

            err = walk_value(w, value, depth + 1);
            if (err != TXNG_OK)
                return err;
            w->path_len = old;
        }
        return TXNG_OK;
    }
    case JSON_STRING: {
        char  *m     = NULL;
        size_t m_len = 0;

        err = check_text(w, json_string_value(v), json_string_length(v), false,
                         normalise ? &m : NULL, &m_len);
        if (err == TXNG_OK && m != NULL) {
            if (json_string_setn(v, m, m_len) != 0)
                err = TXNG_ENOMEM;
            free(m);
        }
        return err;
    }
    case JSON_INTEGER: {
        json_int_t n = json_integer_value(v);
        if (n > TXNG_CANON_INT_MAX || n < -TXNG_CANON_INT_MAX)
            return refuse(w, R_RANGE);
        return TXNG_OK;
    }
    case JSON_REAL:
        return refuse(w, R_REAL);
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_NULL:
        return TXNG_OK;
    }
    return refuse(w, R_UNKNOWN);
}

/*
 * Offset of the first "-0" number in JSON text that jansson accepted, or
 * SIZE_MAX. "-0.5" and "-0e1" are reals and refused by the walk instead.
 */
static size_t
find_negative_zero(const char *s, size_t len)
{
    bool in_string = false;

    for (size_t i = 0; i < len; i++) {
        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = false;
        } else if (s[i] == '"') {
            in_string = true;
        } else if (s[i] == '-' && i + 1 < len && s[i + 1] == '0' &&
                   (i + 2 == len || (s[i + 2] != '.' && s[i + 2] != 'e' && s[i + 2] != 'E'))) {
            return i;
        }
    }
    return SIZE_MAX;
}

/*
 * The key jansson names in a duplicate-key error ("duplicate object key near
 * '"q"'"), as written in the input, without its quotes, into @p out; "" when
 * the text does not hold it whole (a long key is cut short there).
 */
static void
duplicate_key_name(const json_error_t *je, char *out, size_t cap)
{
    static const char near[] = " near '\"";
    const char       *p      = strstr(je->text, near), *end;

    out[0] = '\0';
    if (p == NULL)
        return;
    p += sizeof near - 1;
    end = strrchr(p, '\'');
    if (end == NULL || end - p < 1 || end[-1] != '"' || (size_t) (end - 1 - p) >= cap)
        return;
    memcpy(out, p, (size_t) (end - 1 - p));
    out[end - 1 - p] = '\0';
}

static txng_err
from_jansson(const json_error_t *je, txng_diag *diag)
{
    const char *reason;

    /*
     * jansson reports most allocation failures while parsing with an empty
     * message (and some as syntax errors, which cannot be told apart);
     * every real syntax error has a message.
     */
    if (je->text[0] == '\0')
        return TXNG_ENOMEM;
    switch (json_error_code(je)) {
    case json_error_out_of_memory:
        return TXNG_ENOMEM;
    case json_error_premature_end_of_input:
        reason = R_EOF;
        break;
    case json_error_end_of_input_expected:
        reason = R_TRAILING;
        break;
    case json_error_invalid_utf8:
        reason = R_UTF8;
        break;
    case json_error_duplicate_key:
        reason = R_DUPLICATE;
        break;
    case json_error_null_character:
        reason = R_NUL;
        break;
    case json_error_numeric_overflow:
        reason = R_RANGE;
        break;
    case json_error_stack_overflow:
        reason = R_DEEP;
        break;
    default:
        reason = R_SYNTAX;
        break;
    }
    if (diag != NULL) {
        txng_diag_set(diag, reason, NULL);
        if (reason == R_DUPLICATE)
            duplicate_key_name(je, diag->field, sizeof diag->field);
        diag->offset = je->position > 0 ? (size_t) je->position : 0;
        diag->line   = je->line > 0 ? (size_t) je->line : 0;
    }
    return TXNG_EFORMAT;
}

static bool
buf_reserve(struct buf *b, size_t more)
{
    size_t cap = b->cap;
    char  *p;

    if (more <= b->cap - b->len)
        return true;
    if (more > SIZE_MAX / 2 - b->len)
        return false;
    while (cap - b->len < more)
        cap = cap < 256 ? 256 : cap * 2;
    p = realloc(b->p, cap);
    if (p == NULL)
        return false;
    b->p   = p;
    b->cap = cap;
    return true;
}

/* Copy @p len bytes with ECMAScript JSON.stringify escaping, quotes included. */
static txng_err
put_string(struct buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char             *o;

    /* Worst case: every byte a control character written as \u00xx. */
    if (len > SIZE_MAX / 8 || !buf_reserve(b, len * 6 + 2))
        return TXNG_ENOMEM;
    o    = b->p + b->len;
    *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char) c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *o++ = (char) c;
            break;
        case '\b':
            *o++ = 'b';
            break;
        case '\f':
            *o++ = 'f';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xF];
            break;
        }
    }
    *o++   = '"';
    b->len = (size_t) (o - b->p);
    return TXNG_OK;
}

static txng_err
put_int(struct buf *b, json_int_t n)
{
    char               digits[24];
    size_t             k = sizeof digits;
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long) n : (unsigned long long) n;

    do {
        digits[--k] = (char) ('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (n < 0)
        digits[--k] = '-';
    if (!buf_reserve(b, sizeof digits - k))
        return TXNG_ENOMEM;
    memcpy(b->p + b->len, digits + k, sizeof digits - k);
    b->len += sizeof digits - k;
    return TXNG_OK;
}

static txng_err
put_raw(struct buf *b, const char *s, size_t len)
{
    if (!buf_reserve(b, len))
        return TXNG_ENOMEM;
    memcpy(b->p + b->len, s, len);
    b->len += len;
    return TXNG_OK;
}

/*
 * UTF-16 order of a code point: U+E000..U+FFFF sort after every supplementary
 * character, whose high surrogate (D800..DBFF) comes first in UTF-16.
 */
static uint32_t
utf16_rank(const unsigned char *s, size_t len)
{
    uint32_t cp;

    if (len == 0)
        return 0;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] < 0xE0)
        return len < 2 ? 0 : ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    if (s[0] < 0xF0) {
        if (len < 3)
            return 0;
        cp = ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return cp >= 0xE000 ? cp + 0x100000 : cp;
    }
    if (len < 4)
        return 0;
    return ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
           ((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/*
 * Compare two valid UTF-8 keys by UTF-16 code units. UTF-8 byte order is code
 * point order, which differs from UTF-16 order only between U+E000..U+FFFF
 * and supplementary characters; so find the first differing byte and rank the
 * code points that contain it.
 */
static int
member_cmp(const void *pa, const void *pb)
{
    const struct member *a = pa, *b = pb;
    size_t               n = a->key_len < b->key_len ? a->key_len : b->key_len, i = 0;
    const unsigned char *x = (const unsigned char *) a->key, *y = (const unsigned char *) b->key;
    uint32_t             rx, ry;

    while (i < n && x[i] == y[i])
        i++;
    if (i == n)
        return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
    while (i > 0 && (x[i] & 0xC0) == 0x80)
        i--;
    rx = utf16_rank(x + i, a->key_len - i);
    ry = utf16_rank(y + i, b->key_len - i);
    return rx < ry ? -1 : rx > ry;
}

static txng_err encode_value(struct buf *b, const json_t *v, int depth);

static txng_err
encode_object(struct buf *b, const json_t *obj, int depth)
{
    struct member  small[SMALL_OBJECT];
    struct member *m = small;
    size_t         n = json_object_size(obj), k = 0;
    struct walk    w = { 0 };
    void          *it;
    txng_err       err = TXNG_OK;

    if (n > SMALL_OBJECT) {
        m = calloc(n, sizeof *m);
        if (m == NULL)
            return TXNG_ENOMEM;
    }
    for (it = json_object_iter(unconst(obj)); it != NULL && k < n;
         it = json_object_iter_next(unconst(obj), it)) {
        m[k].key     = json_object_iter_key(it);
        m[k].key_len = json_object_iter_key_len(it);
        m[k].value   = json_object_iter_value(it);
        /* Keys must be valid UTF-8 before member_cmp decodes them. */
        err = check_text(&w, m[k].key, m[k].key_len, true, NULL, NULL);
        if (err != TXNG_OK)
            goto out;
        k++;
    }
    qsort(m, k, sizeof *m, member_cmp);
    err = put_raw(b, "{", 1);
    for (size_t i = 0; i < k && err == TXNG_OK; i++) {
        if (i > 0)
            err = put_raw(b, ",", 1);
        if (err == TXNG_OK)
            err = put_string(b, m[i].key, m[i].key_len);
        if (err == TXNG_OK)
            err = put_raw(b, ":", 1);
        if (err == TXNG_OK)
            err = encode_value(b, m[i].value, depth + 1);
    }
    if (err == TXNG_OK)
        err = put_raw(b, "}", 1);
out:
    if (m != small)
        free(m);
    return err;
}

static txng_err
encode_value(struct buf *b, const json_t *v, int depth)
{
    struct walk w = { 0 };
    txng_err    err;

    if (depth > MAX_DEPTH)
        return TXNG_EFORMAT;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return encode_object(b, v, depth);
    case JSON_ARRAY: {
        size_t n = json_array_size(v);

        err = put_raw(b, "[", 1);
        for (size_t i = 0; i < n && err == TXNG_OK; i++) {
            if (i > 0)
                err = put_raw(b, ",", 1);
            if (err == TXNG_OK)
                err = encode_value(b, json_array_get(v, i), depth + 1);
        }
        return err == TXNG_OK ? put_raw(b, "]", 1) : err;
    }
    case JSON_STRING:
        err = check_text(&w, json_string_value(v), json_string_length(v), false, NULL, NULL);
        if (err != TXNG_OK)
            return err;
        return put_string(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: {
        json_int_t n = json_integer_value(v);
        if (n > TXNG_CANON_INT_MAX || n < -TXNG_CANON_INT_MAX)
            return TXNG_EFORMAT;
        return put_int(b, n);
    }
    case JSON_TRUE:
        return put_raw(b, "true", 4);
    case JSON_FALSE:
        return put_raw(b, "false", 5);
    case JSON_NULL:
        return put_raw(b, "null", 4);
    case JSON_REAL:
        break;
    }
    return TXNG_EFORMAT;
}

/* ---- the canonical bytes read back ------------------------------------------------------ */

/* Nesting the exact parser takes on; deeper values go to the full parser. */
#define EXACT_DEPTH 64

/* State of txng_canon_parse_exact(): the bytes, the position, a buffer for strings, and
 * per nesting level the key before, which the next key of that object must follow. */
struct exact {
    const unsigned char *s;
    size_t               len, at;
    struct buf           str;
    struct buf           last[EXACT_DEPTH + 1];
    bool                 nomem;
};

/* Length of the well-formed UTF-8 sequence at @p s (Unicode table 3-7), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

        return n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

        return n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
                       (s[3] & 0xC0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

/* The value of a lower-case hex digit, or -1. */
static int
lower_hex(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * A string exactly as put_string() writes it, its text valid UTF-8 in NFC without
 * U+0000, decoded into x->str; false otherwise (or when out of memory: x->nomem).
 */
static bool
exact_string(struct exact *x)
{
    struct walk w = { 0 };

    x->str.len = 0;
    if (x->at >= x->len || x->s[x->at] != '"')
        return false;
    x->at++;
    for (;;) {
        size_t begin = x->at, n;

        /* a run of bytes written as they are */
        while (x->at < x->len && x->s[x->at] >= 0x20 && x->s[x->at] != '"' &&
               x->s[x->at] != '\\') {
            n = utf8_seq(x->s + x->at, x->len - x->at);
            if (n == 0)
                return false;
            x->at += n;
        }
        if (x->at > begin &&
            put_raw(&x->str, (const char *) x->s + begin, x->at - begin) != TXNG_OK) {
            x->nomem = true;
            return false;
        }
        if (x->at >= x->len || x->s[x->at] < 0x20)
            return false;
        if (x->s[x->at] == '"')
            break;
        /* an escape, only those put_string() writes */
        if (x->len - x->at < 2)
            return false;
        {
            unsigned char e = x->s[x->at + 1], c;

            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                /* \u00xx in lower case, for a control character without a short form */
                int lo = x->len - x->at < 6 ? -1 : lower_hex(x->s[x->at + 5]);

                if (lo < 0 || x->s[x->at + 2] != '0' || x->s[x->at + 3] != '0' ||
                    (x->s[x->at + 4] != '0' && x->s[x->at + 4] != '1'))
                    return false;
                c = (unsigned char) ((x->s[x->at + 4] - '0') << 4 | lo);
                if (c == '\0' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
                    return false; /* U+0000 is refused; the others have a short form */
                x->at += 4;
                break;
            }
            default: return false;
            }
            if (put_raw(&x->str, (const char *) &c, 1) != TXNG_OK) {
                x->nomem = true;
                return false;
            }
            x->at += 2;
        }
    }
    x->at++;
    /* valid UTF-8 now: NFC, and no U+0000 */
    return check_text(&w, x->str.p != NULL ? x->str.p : "", x->str.len, false, NULL, NULL) ==
           TXNG_OK;
}

/* An integer exactly as put_int() writes it, within the range. */
static json_t *
exact_int(struct exact *x)
{
    bool               neg = x->s[x->at] == '-';
    size_t             i   = x->at + neg, digits = 0;
    unsigned long long u   = 0;
    json_t            *v;

    while (i < x->len && x->s[i] >= '0' && x->s[i] <= '9' && digits < 17) {
        u = u * 10 + (unsigned) (x->s[i] - '0');
        i++;
        digits++;
    }
    /* no leading zero, no "-0", not too long, and no fraction or exponent after it */
    if (digits == 0 || (x->s[x->at + neg] == '0' && (digits > 1 || neg)) ||
        u > (unsigned long long) TXNG_CANON_INT_MAX ||
        (i < x->len && ((x->s[i] >= '0' && x->s[i] <= '9') || x->s[i] == '.' ||
                        x->s[i] == 'e' || x->s[i] == 'E')))
        return NULL;
    x->at = i;
    v     = json_integer(neg ? -(json_int_t) u : (json_int_t) u);
    x->nomem = v == NULL;
    return v;
}

static json_t *exact_value(struct exact *x, int depth);

static json_t *
exact_object(struct exact *x, int depth)
{
    json_t     *obj  = json_object();
    struct buf *last = &x->last[depth];

    if (obj == NULL) {
        x->nomem = true;
        return NULL;
    }
    x->at++;
    if (x->at < x->len && x->s[x->at] == '}') {
        x->at++;
        return obj;
    }
    for (size_t i = 0;; i++) {
        struct member key, prev;
        json_t       *v;

        if (!exact_string(x) || x->at >= x->len || x->s[x->at] != ':')
            break;
        key  = (struct member){ x->str.p != NULL ? x->str.p : "", x->str.len, NULL };
        prev = (struct member){ last->p != NULL ? last->p : "", last->len, NULL };
        /* strictly after the key before: in JCS order, and no key twice */
        if (i > 0 && member_cmp(&prev, &key) >= 0)
            break;
        last->len = 0;
        if (key.key_len > 0 && put_raw(last, key.key, key.key_len) != TXNG_OK) {
            x->nomem = true;
            break;
        }
        x->at++;
        v = exact_value(x, depth + 1);
        if (v == NULL ||
            json_object_setn_new_nocheck(obj, last->p != NULL ? last->p : "", last->len, v) != 0) {
            x->nomem = x->nomem || v != NULL;
            break;
        }
        if (x->at < x->len && x->s[x->at] == ',') {
            x->at++;
            continue;
        }
        if (x->at < x->len && x->s[x->at] == '}') {
            x->at++;
            return obj;
        }
        break;
    }
    json_decref(obj);
    return NULL;
}

static json_t *
exact_array(struct exact *x, int depth)
{
    json_t *arr = json_array();

    if (arr == NULL) {
        x->nomem = true;
        return NULL;
    }
    x->at++;
    if (x->at < x->len && x->s[x->at] == ']') {
        x->at++;
        return arr;
    }
    for (;;) {
        json_t *v = exact_value(x, depth + 1);

        if (v == NULL || json_array_append_new(arr, v) != 0) {
            x->nomem = x->nomem || v != NULL;
            break;
        }
        if (x->at < x->len && x->s[x->at] == ',') {
            x->at++;
            continue;
        }
        if (x->at < x->len && x->s[x->at] == ']') {
            x->at++;
            return arr;
        }
        break;
    }
    json_decref(arr);
    return NULL;
}

static json_t *
exact_literal(struct exact *x, const char *word, json_t *v)
{
    size_t n = strlen(word);

    if (x->len - x->at < n || memcmp(x->s + x->at, word, n) != 0)
        return NULL;
    x->at += n;
    return v;
}

static json_t *
exact_value(struct exact *x, int depth)
{
    json_t *v;

    if (depth > EXACT_DEPTH || x->at >= x->len)
        return NULL;
    switch (x->s[x->at]) {
    case '{': return exact_object(x, depth);
    case '[': return exact_array(x, depth);
    case '"':
        if (!exact_string(x))
            return NULL;
        v = json_stringn_nocheck(x->str.p != NULL ? x->str.p : "", x->str.len);
        x->nomem = v == NULL;
        return v;
    case 't': return exact_literal(x, "true", json_true());
    case 'f': return exact_literal(x, "false", json_false());
    case 'n': return exact_literal(x, "null", json_null());
    default:
        if (x->s[x->at] != '-' && (x->s[x->at] < '0' || x->s[x->at] > '9'))
            return NULL;
        return exact_int(x);
    }
}

txng_err
txng_canon_parse_exact(json_t **out, const void *bytes, size_t len)
{
    struct exact x = { .s = bytes, .len = len };
    json_t      *v;

    *out = NULL;
    if (bytes == NULL)
        return TXNG_EFORMAT;
    v = exact_value(&x, 0);
    free(x.str.p);
    for (size_t i = 0; i <= EXACT_DEPTH; i++)
        free(x.last[i].p);
    if (v != NULL && x.at == len) {
        *out = v;
        return TXNG_OK;
    }
    json_decref(v);
    return x.nomem ? TXNG_ENOMEM : TXNG_EFORMAT;
}

txng_err
txng_canon_parse(json_t **out, const void *text, size_t len, unsigned flags, txng_diag *diag)
{
    json_t      *value = NULL;
    json_error_t je;
    struct walk  w = { .flags = flags, .diag = diag };
    size_t       at;
    txng_err     err;

    *out = NULL;
    if (text == NULL)
        text = "";
    value = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (value == NULL)
        return from_jansson(&je, diag);
    at = find_negative_zero(text, len);
    if (at != SIZE_MAX) {
        err = refuse(&w, R_NEGZERO);
        if (diag != NULL)
            diag->offset = at;
        goto fail;
    }
    err = walk_value(&w, value, 0);
    if (err != TXNG_OK)
        goto fail;
    *out = value;
    return TXNG_OK;
fail:
    json_decref(value);
    return err;
}

txng_err
txng_canon_check(const json_t *value, txng_diag *diag)
{
    struct walk w = { .flags = 0, .diag = diag };

    if (value == NULL)
        return refuse(&w, R_UNKNOWN);
    /* With flags 0 the walk never writes. */
    return walk_value(&w, unconst(value), 0);
}

txng_err
txng_canon_encode(const json_t *value, char **out, size_t *out_len)
{
    struct buf b = { 0 };
    txng_err   err;

    *out     = NULL;
    *out_len = 0;
    if (value == NULL)
        return TXNG_EFORMAT;
    err = encode_value(&b, value, 0);
    if (err == TXNG_OK)
        err = put_raw(&b, "", 1);
    if (err != TXNG_OK) {
        free(b.p);
        return err;
    }
    *out     = b.p;
    *out_len = b.len - 1;
    return TXNG_OK;
}

txng_err
txng_canon_is_canonical(const void *bytes, size_t len, txng_diag *diag)
{
    json_t  *value   = NULL;
    char    *enc     = NULL;
    size_t   enc_len = 0, i = 0;
    txng_err err;

    err = txng_canon_parse(&value, bytes, len, 0, diag);
    if (err != TXNG_OK)
        goto out;
    err = txng_canon_encode(value, &enc, &enc_len);
    if (err != TXNG_OK)
        goto out;
    if (enc_len != len || memcmp(enc, bytes, len) != 0) {
        const char *in = bytes;

        while (i < len && i < enc_len && in[i] == enc[i])
            i++;
        txng_diag_set(diag, R_NOT_CANON, NULL);
        if (diag != NULL)
            diag->offset = i;
        err = TXNG_EFORMAT;
    }
out:
    free(enc);
    json_decref(value);
    return err;
}

txng_err
txng_nfc(char **out, const char *text, size_t len)
{
    size_t   n = 0;
    txng_err err;

    *out = NULL;
    if (nfc_stable(text, len) == len) {
        /* already NFC: a copy, without utf8proc's decomposition and recomposition */
        if ((*out = malloc(len + 1)) == NULL)
            return TXNG_ENOMEM;
        memcpy(*out, text, len);
        (*out)[len] = '\0';
        return TXNG_OK;
    }
    err = nfc_map(out, &n, text, len);
    return err;
}

size_t
txng_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n;

    if (len == 0)
        return 0;
    n = utf8proc_iterate(s, (utf8proc_ssize_t) (len > 4 ? 4 : len), &c);
    if (n <= 0 || c < 0)
        return 0;
    *cp = (uint32_t) c;
    return (size_t) n;
}
