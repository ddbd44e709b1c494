/*
 * label.c - the content of a unit label: GS1 Digital Link URI, element string, AI 8030
 *
 * The path (key and qualifiers) is parsed and checked by core/gs1.c; the
 * query is parsed here, because core/gs1.c knows only the date attributes
 * that identifiers use, and a label also carries 422, 7007 and 8030.
 * The element string is built from the decoded values, so two URIs that
 * differ only in escaping (%2D or -) or in the order of query attributes
 * carry the same signed data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/index.h"
#include "core/log.h"
#include "core/record.h"
#include "qr/label.h"

#define F_GTIN    TXNG_N_("GTIN (01)")
#define F_LOT     TXNG_N_("lot (10)")
#define F_SERIAL  TXNG_N_("serial (21)")
#define F_EXPIRY  TXNG_N_("expiry (17)")
#define F_HARVEST TXNG_N_("harvest date (7007)")
#define F_ORIGIN  TXNG_N_("origin (422)")
#define F_SIG     TXNG_N_("signature (8030)")

/* Longest query value kept (8030 is the longest legitimate one). */
#define QVALUE_MAX 128

static txng_err
fail(txng_diag *diag, const char *reason, const char *field, size_t offset)
{
    txng_diag_set(diag, reason, field);
    if (diag != NULL)
        diag->offset = offset;
    return TXNG_EFORMAT;
}

/* Runs a core/gs1.h element check and puts our field name on its refusal. */
static txng_err
ai_check(const char *ai, const char *v, const char *field, txng_diag *diag)
{
    txng_diag d   = TXNG_DIAG_INIT;
    txng_err  err = txng_gs1_ai_check(ai, v, strlen(v), &d);

    if (err != TXNG_OK)
        return fail(diag, d.reason, field, d.offset);
    return TXNG_OK;
}

static bool
digits(const char *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') {
            *bad = i + 1;
            return false;
        }
    return true;
}

/* AI 7007: YYMMDD or YYMMDDYYMMDD, every date real (no day 00). */
static txng_err
harvest_check(const char *h, txng_diag *diag)
{
    size_t n = strlen(h), bad = 0;

    if (!digits(h, n, &bad))
        return fail(diag, TXNG_N_("not a digit"), F_HARVEST, bad);
    if (n != 6 && n != 12)
        return fail(diag, TXNG_N_("wrong length"), F_HARVEST, 0);
    for (size_t off = 0; off < n; off += 6) {
        char     d[7];
        txng_err err;

        memcpy(d, h + off, 6);
        d[6] = '\0';
        if (d[4] == '0' && d[5] == '0')
            return fail(diag, TXNG_N_("day out of range"), F_HARVEST, off + 5);
        if ((err = ai_check("17", d, F_HARVEST, diag)) != TXNG_OK) {
            if (diag != NULL && diag->offset != 0)
                diag->offset += off;
            return err;
        }
    }
    return TXNG_OK;
}

txng_err
txng_label_check(const txng_label *l, txng_diag *diag)
{
    size_t   bad = 0;
    txng_err err;

    if (l == NULL)
        return TXNG_EINVAL;
    if (l->gtin[0] == '\0')
        return fail(diag, TXNG_N_("missing GTIN"), F_GTIN, 0);
    if ((err = ai_check("01", l->gtin, F_GTIN, diag)) != TXNG_OK)
        return err;
    if (l->lot[0] != '\0' && (err = ai_check("10", l->lot, F_LOT, diag)) != TXNG_OK)
        return err;
    if (l->serial[0] != '\0' && (err = ai_check("21", l->serial, F_SERIAL, diag)) != TXNG_OK)
        return err;
    if (l->expiry[0] != '\0' && (err = ai_check("17", l->expiry, F_EXPIRY, diag)) != TXNG_OK)
        return err;
    if (l->origin[0] != '\0') {
        if (!digits(l->origin, strlen(l->origin), &bad))
            return fail(diag, TXNG_N_("not a digit"), F_ORIGIN, bad);
        if (strlen(l->origin) != 3)
            return fail(diag, TXNG_N_("wrong length"), F_ORIGIN, 0);
    }
    if (l->harvest[0] != '\0')
        return harvest_check(l->harvest, diag);
    return TXNG_OK;
}

/* The elements present, in signing order; fixed: no FNC1 after it. */
struct elem {
    const char *ai, *value;
    bool        fixed;
};

static size_t
elements(const txng_label *l, struct elem e[6])
{
    size_t n = 0;

    e[n++] = (struct elem){ "01", l->gtin, true };
    if (l->lot[0] != '\0')
        e[n++] = (struct elem){ "10", l->lot, false };
    if (l->serial[0] != '\0')
        e[n++] = (struct elem){ "21", l->serial, false };
    if (l->expiry[0] != '\0')
        e[n++] = (struct elem){ "17", l->expiry, true };
    if (l->origin[0] != '\0')
        e[n++] = (struct elem){ "422", l->origin, false };
    if (l->harvest[0] != '\0')
        e[n++] = (struct elem){ "7007", l->harvest, false };
    return n;
}

txng_err
txng_label_element_string(char *out, size_t *out_len, const txng_label *l, txng_diag *diag)
{
    struct elem e[6];
    size_t      n, len = 0;
    txng_err    err;

    if (out == NULL || out_len == NULL || l == NULL)
        return TXNG_EINVAL;
    out[0]   = '\0';
    *out_len = 0;
    if ((err = txng_label_check(l, diag)) != TXNG_OK)
        return err;
    n = elements(l, e);
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + len, TXNG_LABEL_HRI_MAX - len, "%s%s%s", e[i].ai, e[i].value,
                         (!e[i].fixed && i + 1 < n) ? "\x1d" : "");

        if (w < 0 || (size_t) w >= TXNG_LABEL_HRI_MAX - len)
            return TXNG_EINVAL; /* cannot happen: lengths are checked */
        len += (size_t) w;
    }
    *out_len = len;
    return TXNG_OK;
}

txng_err
txng_label_message(unsigned char **out, size_t *out_len, const txng_label *l, txng_diag *diag)
{
    char     es[TXNG_LABEL_HRI_MAX];
    size_t   es_len;
    txng_err err;

    if (out == NULL || out_len == NULL)
        return TXNG_EINVAL;
    *out = NULL;
    if ((err = txng_label_element_string(es, &es_len, l, diag)) != TXNG_OK)
        return err;
    return txng_pae(out, out_len, TXNG_LABEL_PAYLOAD_TYPE, es, es_len);
}

txng_err
txng_label_sign(txng_label *l, const txng_signer *signer, txng_diag *diag)
{
    unsigned char *msg = NULL;
    size_t         len = 0;
    txng_err       err;

    if (l == NULL || signer == NULL)
        return TXNG_EINVAL;
    if ((err = txng_label_message(&msg, &len, l, diag)) != TXNG_OK)
        return err;
    txng_signer_sign(signer, l->sig, msg, len);
    l->has_sig = true;
    free(msg);
    return TXNG_OK;
}

txng_err
txng_label_verify(const txng_label *l, const txng_pubkey *key, txng_diag *diag)
{
    unsigned char *msg = NULL;
    size_t         len = 0;
    txng_err       err;

    if (l == NULL || key == NULL)
        return TXNG_EINVAL;
    if (!l->has_sig)
        return TXNG_ENOTFOUND;
    if ((err = txng_label_message(&msg, &len, l, diag)) != TXNG_OK)
        return err;
    err = txng_pubkey_verify(key, l->sig, msg, len);
    free(msg);
    return err;
}

/* Appends "text" to out (TXNG_LABEL_URI_MAX bytes) at *len. */
static bool
put(char *out, size_t *len, const char *s, size_t n)
{
    if (*len + n >= TXNG_LABEL_URI_MAX)
        return false;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
    return true;
}

static bool
put_escaped(char *out, size_t *len, const char *v, bool query)
{
    char esc[3 * TXNG_GS1_VALUE_MAX + 1];

    if (txng_gs1_uri_escape(esc, sizeof esc, v, strlen(v), query) != TXNG_OK)
        return false;
    return put(out, len, esc, strlen(esc));
}

/* Whether the path segment @p s of @p len bytes is "." or "..", each dot maybe as %2E. */
static bool
dot_segment(const char *s, size_t len)
{
    size_t dots = 0;

    for (size_t i = 0; i < len; dots++) {
        if (s[i] == '.')
            i++;
        else if (len - i >= 3 && s[i] == '%' && s[i + 1] == '2' && (s[i + 2] | 0x20) == 'e')
            i += 3;
        else
            return false;
    }
    return dots == 1 || dots == 2;
}

txng_err
txng_label_base_check(const char *base, size_t *len, txng_diag *diag)
{
    size_t n, p;

    if (base == NULL)
        return TXNG_EINVAL;
    n = strlen(base);
    if (n > TXNG_LABEL_BASE_MAX)
        return fail(diag, TXNG_N_("resolver base is too long"), NULL, 0);
    if (n > 0 && base[n - 1] == '/')
        n--;
    if (strncmp(base, "https://", 8) == 0 || strncmp(base, "HTTPS://", 8) == 0)
        p = 8;
    else if (strncmp(base, "http://", 7) == 0 || strncmp(base, "HTTP://", 7) == 0)
        p = 7;
    else
        return fail(diag, TXNG_N_("resolver base is not an http or https URL"), NULL, 1);
    if (p >= n || base[p] == '/' || base[p] == ':')
        return fail(diag, TXNG_N_("resolver base names no host"), NULL, p + 1);
    for (size_t i = p; i < n && base[i] != '/'; i++) {
        if (base[i] == '@')
            return fail(diag, TXNG_N_("resolver base has user information (@): give only the host"),
                        NULL, i + 1);
    }
    /* a port after the host: 1 to 65535 digits, as RFC 3986 leaves it to the scheme */
    for (size_t i = p, colon = 0; i <= n; i++) {
        if (i < n && base[i] == '[') {
            while (i < n && base[i] != ']')
                i++;
            if (i == n)
                return fail(diag, TXNG_N_("resolver base: an IPv6 host has no closing ]"), NULL,
                            p + 1);
        } else if (i < n && base[i] == ':') {
            colon = i + 1;
        } else if (i == n || base[i] == '/') {
            unsigned long port = 0;

            for (size_t k = colon; colon > 0 && k < i; k++) {
                if (base[k] < '0' || base[k] > '9' || port > 65535)
                    return fail(diag, TXNG_N_("resolver base: the port is a number from 1 to "
                                              "65535"),
                                NULL, colon + 1);
                port = port * 10 + (unsigned long) (base[k] - '0');
            }
            if (colon > 0 && (port < 1 || port > 65535))
                return fail(diag, TXNG_N_("resolver base: the port is a number from 1 to 65535"),
                            NULL, colon + 1);
            break;
        }
    }
    /* The path is written as it is: a . or .. segment would make the label's URI say
     * something other than what a client requests after resolving it (RFC 3986 §5.2.4). */
    for (size_t i = p; i < n; i++) {
        size_t seg = i + 1, end = seg;

        if (base[i] != '/')
            continue;
        while (end < n && base[end] != '/')
            end++;
        if (dot_segment(base + seg, end - seg))
            return fail(
                diag,
                TXNG_N_("resolver base has a . or .. segment in its path: give the path as it is "
                        "requested"),
                NULL, seg + 1);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) base[i];

        if (c == '?' || c == '#')
            return fail(diag, TXNG_N_("resolver base has a query or fragment"), NULL, i + 1);
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL)
            return fail(diag, TXNG_N_("character not allowed in a URI"), NULL, i + 1);
    }
    if (len != NULL)
        *len = n;
    return TXNG_OK;
}

txng_err
txng_label_uri(char *out, const txng_label *l, const char *base, txng_diag *diag)
{
    size_t   len = 0, blen = 0;
    char     sig[TXNG_LABEL_SIG_CHARS + 1];
    bool     q = false, okay;
    txng_err err;

    if (out == NULL || l == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if (base == NULL)
        base = TXNG_GS1_CANONICAL_STEM;
    if ((err = txng_label_base_check(base, &blen, diag)) != TXNG_OK)
        return err;
    if ((err = txng_label_check(l, diag)) != TXNG_OK)
        return err;
    okay = put(out, &len, base, blen) && put(out, &len, "/01/", 4) &&
           put(out, &len, l->gtin, strlen(l->gtin));
    if (okay && l->lot[0] != '\0')
        okay = put(out, &len, "/10/", 4) && put_escaped(out, &len, l->lot, false);
    if (okay && l->serial[0] != '\0')
        okay = put(out, &len, "/21/", 4) && put_escaped(out, &len, l->serial, false);
    if (okay && l->expiry[0] != '\0') {
        okay = put(out, &len, "?17=", 4) && put(out, &len, l->expiry, strlen(l->expiry));
        q    = true;
    }
    if (okay && l->origin[0] != '\0') {
        okay = put(out, &len, q ? "&422=" : "?422=", 5) && put(out, &len, l->origin, 3);
        q    = true;
    }
    if (okay && l->harvest[0] != '\0') {
        okay = put(out, &len, q ? "&7007=" : "?7007=", 6) &&
               put(out, &len, l->harvest, strlen(l->harvest));
        q = true;
    }
    if (okay && l->has_sig) {
        sodium_bin2base64(sig, sizeof sig, l->sig, sizeof l->sig,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        okay = put(out, &len, q ? "&8030=" : "?8030=", 6) &&
               put(out, &len, sig, TXNG_LABEL_SIG_CHARS);
    }
    if (!okay) {
        out[0] = '\0';
        return TXNG_EINVAL; /* cannot happen: the buffer holds the longest label */
    }
    return TXNG_OK;
}

/*
 * AI 8030 value -> 64 bytes; strict: 86 characters of the base64url alphabet
 * that re-encode to themselves. Each refusal says what is wrong: the length,
 * a character outside the alphabet (padding included), or unused bits set in
 * the last character (86 characters hold 516 bits; the last 4 must be 0).
 */
static txng_err
sig_decode(txng_label *l, const char *v, size_t n, txng_diag *diag)
{
    char   again[TXNG_LABEL_SIG_CHARS + 1];
    size_t got = 0;

    for (size_t i = 0; i < n; i++) {
        char c = v[i];

        if (c == '=')
            return fail(diag,
                        TXNG_N_("padding '=' in the signature: 86 base64url characters "
                                "without padding expected"),
                        F_SIG, i + 1);
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return fail(diag, TXNG_N_("character not in base64url (A-Z a-z 0-9 - _)"), F_SIG,
                        i + 1);
    }
    if (n != TXNG_LABEL_SIG_CHARS)
        return fail(diag, TXNG_N_("not an Ed25519 signature: 86 base64url characters expected"),
                    F_SIG, 0);
    /* 86 characters of the alphabet: only the unused bits can be wrong now
     * (libsodium refuses them, or the re-encoding tells). */
    if (sodium_base642bin(l->sig, sizeof l->sig, v, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
        got == sizeof l->sig)
        sodium_bin2base64(again, sizeof again, l->sig, sizeof l->sig,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    else
        again[0] = '\0';
    if (got != sizeof l->sig || memcmp(again, v, n) != 0)
        return fail(diag,
                    TXNG_N_("not the canonical encoding: the last character must be A, Q, "
                            "g or w (its 4 unused bits are zero)"),
                    F_SIG, n);
    l->has_sig = true;
    return TXNG_OK;
}

static bool
query_char_ok(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("\"<>\\^`{|}#", c) == NULL;
}

/* One "k=v" of the query, at byte @p off (0-based) of the URI. */
static txng_err
query_pair(txng_label *l, const char *p, size_t n, size_t off, unsigned *seen, txng_diag *diag)
{
    static const struct {
        const char *ai;
        const char *field;
        size_t      cap;
    } known[] = {
        { "17", F_EXPIRY, sizeof l->expiry },
        { "422", F_ORIGIN, sizeof l->origin },
        { "7007", F_HARVEST, sizeof l->harvest },
        { "8030", F_SIG, QVALUE_MAX },
    };
    const char *eq = memchr(p, '=', n);
    size_t      klen = eq != NULL ? (size_t) (eq - p) : n, vlen, dlen = 0, bad = 0;
    char        key[8], val[QVALUE_MAX + 1];
    size_t      k;

    if (klen == 0 || !digits(p, klen, &bad))
        return TXNG_OK; /* linkType and other non-GS1 parameters */
    if (klen >= sizeof key)
        return fail(diag, TXNG_N_("unsupported application identifier"), NULL, off + 1);
    memcpy(key, p, klen);
    key[klen] = '\0';
    if (strcmp(key, "01") == 0 || strcmp(key, "10") == 0 || strcmp(key, "21") == 0 ||
        strcmp(key, "22") == 0 || strcmp(key, "235") == 0)
        return fail(diag, TXNG_N_("key qualifier in the query string"), key, off + 1);
    for (k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strcmp(key, known[k].ai) == 0)
            break;
    if (k == sizeof known / sizeof known[0])
        return fail(diag, TXNG_N_("unsupported application identifier"), key, off + 1);
    if (*seen & (1u << k))
        return fail(diag, TXNG_N_("application identifier repeated"), known[k].field, off + 1);
    *seen |= 1u << k;
    vlen = eq != NULL ? n - klen - 1 : 0;
    if (vlen == 0)
        return fail(diag, TXNG_N_("empty value"), known[k].field, off + 1);
    if (vlen > QVALUE_MAX ||
        txng_gs1_uri_unescape(val, sizeof val, &dlen, eq + 1, vlen, true) != TXNG_OK)
        return fail(diag, k == 3 ? TXNG_N_("not an Ed25519 signature: 86 base64url characters "
                                           "expected")
                                 : TXNG_N_("wrong length"),
                    known[k].field, 0);
    if (memchr(val, '\0', dlen) != NULL)
        return fail(diag, TXNG_N_("not a digit"), known[k].field, 0);
    if (k == 3)
        return sig_decode(l, val, dlen, diag);
    if (dlen >= known[k].cap)
        return fail(diag, TXNG_N_("wrong length"), known[k].field, 0);
    memcpy(k == 0 ? l->expiry : k == 1 ? l->origin : l->harvest, val, dlen + 1);
    return TXNG_OK;
}

txng_err
txng_label_parse(txng_label *out, char *base, const char *uri, size_t len, txng_diag *diag)
{
    txng_gs1_id id;
    const char *q, *h;
    size_t      path_end, segs, start;
    unsigned    seen = 0;
    txng_err    err;

    if (out == NULL || uri == NULL)
        return TXNG_EINVAL;
    memset(out, 0, sizeof *out);
    if (base != NULL)
        base[0] = '\0';
    /* A URI is printable ASCII without spaces (RFC 3986), fragment included: the
     * fragment is ignored, but a control character there would still reach
     * whoever prints the URI. */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) uri[i] <= 0x20 || (unsigned char) uri[i] >= 0x7f)
            return fail(diag,
                        uri[i] == ' ' ? TXNG_N_("space in a URI: a Digital Link has none")
                                      : TXNG_N_("control character or non-ASCII byte in a URI"),
                        NULL, i + 1);
    if ((h = memchr(uri, '#', len)) != NULL)
        len = (size_t) (h - uri);
    /* Every part, the base above all, must fit the caller's TXNG_LABEL_URI_MAX bytes. */
    if (len >= TXNG_LABEL_URI_MAX)
        return fail(diag, TXNG_N_("the label URI is too long (at most 767 bytes)"), NULL,
                    TXNG_LABEL_URI_MAX);
    if (!(len >= 7 && (strncmp(uri, "http://", 7) == 0 || strncmp(uri, "HTTP://", 7) == 0)) &&
        !(len >= 8 && (strncmp(uri, "https://", 8) == 0 || strncmp(uri, "HTTPS://", 8) == 0)))
        return fail(diag, TXNG_N_("not a GS1 Digital Link URI"), NULL, 1);
    q        = memchr(uri, '?', len);
    path_end = q != NULL ? (size_t) (q - uri) : len;
    err      = txng_gs1_dl_parse(&id, uri, path_end, 0, diag);
    if (err != TXNG_OK)
        goto fail;
    if (id.key != TXNG_GS1_KEY_GTIN) {
        err = fail(diag, TXNG_N_("the label's key must be a GTIN (01)"), NULL, 0);
        goto fail;
    }
    if (id.cpv[0] != '\0') {
        err = fail(diag, TXNG_N_("CPV (22) is not supported on labels"), NULL, 0);
        goto fail;
    }
    memcpy(out->gtin, id.key_digits, sizeof out->gtin);
    memcpy(out->lot, id.lot, sizeof out->lot);
    memcpy(out->serial, id.serial, sizeof out->serial);
    /* The base ends where the key's segments begin. */
    segs  = 2 + (id.lot[0] != '\0' ? 2 : 0) + (id.serial[0] != '\0' ? 2 : 0);
    start = path_end;
    while (segs > 0 && start > 0) {
        start--;
        if (uri[start] == '/')
            segs--;
    }
    if (base != NULL) {
        memcpy(base, uri, start);
        base[start] = '\0';
    }
    for (size_t p = path_end + 1; q != NULL && p <= len;) {
        size_t e = p;

        while (e < len && uri[e] != '&' && uri[e] != ';') {
            if (!query_char_ok((unsigned char) uri[e])) {
                err = fail(diag, TXNG_N_("character not allowed in a URI"), NULL, e + 1);
                goto fail;
            }
            e++;
        }
        if (e > p && (err = query_pair(out, uri + p, e - p, p, &seen, diag)) != TXNG_OK)
            goto fail;
        p = e + 1;
    }
    if ((err = txng_label_check(out, diag)) != TXNG_OK)
        goto fail;
    return TXNG_OK;
fail:
    memset(out, 0, sizeof *out);
    if (base != NULL)
        base[0] = '\0';
    return err;
}

txng_err
txng_label_hri(char *out, const txng_label *l, txng_diag *diag)
{
    struct elem e[6];
    size_t      n, len = 0;
    txng_err    err;

    if (out == NULL || l == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if ((err = txng_label_check(l, diag)) != TXNG_OK)
        return err;
    n = elements(l, e);
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + len, TXNG_LABEL_HRI_MAX - len, "(%s)%s", e[i].ai, e[i].value);

        if (w < 0 || (size_t) w >= TXNG_LABEL_HRI_MAX - len) {
            out[0] = '\0';
            return TXNG_EINVAL; /* cannot happen: lengths are checked */
        }
        len += (size_t) w;
    }
    return TXNG_OK;
}

txng_err
txng_label_unit_id(char *out, const txng_label *l, txng_diag *diag)
{
    txng_gs1_id id;
    txng_err    err;

    if (out == NULL || l == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if ((err = txng_label_check(l, diag)) != TXNG_OK)
        return err;
    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_GTIN;
    memcpy(id.key_digits, l->gtin, sizeof l->gtin);
    if (l->serial[0] != '\0')
        memcpy(id.serial, l->serial, sizeof id.serial);
    else
        memcpy(id.lot, l->lot, sizeof id.lot);
    return txng_gs1_dl_format(out, &id, NULL, false, diag);
}

bool
txng_label_same_lot(const char *lot_id, const char *code)
{
    txng_gs1_id   g;
    txng_gs1_code u;

    if (lot_id == NULL || code == NULL || code[0] == '\0')
        return false;
    if (txng_gs1_dl_parse(&g, lot_id, strlen(lot_id), 0, NULL) == TXNG_OK)
        return g.lot[0] != '\0' && strcmp(g.lot, code) == 0;
    if (txng_gs1_code_parse(&u, lot_id, strlen(lot_id), NULL) == TXNG_OK)
        return u.kind == TXNG_GS1_KIND_LOT && strcmp(u.code, code) == 0;
    return false;
}

/* The lot identifier @p id names, canonical in @p canon, when its code is @p code. */
static bool
lot_of_code(const char *id, size_t len, const char *code, char *canon)
{
    txng_gs1_id   g;
    txng_gs1_code u;

    if (txng_gs1_dl_parse(&g, id, len, 0, NULL) == TXNG_OK)
        return g.key == TXNG_GS1_KEY_GTIN && g.serial[0] == '\0' && strcmp(g.lot, code) == 0 &&
               txng_gs1_dl_format(canon, &g, NULL, false, NULL) == TXNG_OK;
    if (len >= TXNG_GS1_URI_MAX || txng_gs1_code_parse(&u, id, len, NULL) != TXNG_OK ||
        u.kind != TXNG_GS1_KIND_LOT || strcmp(u.code, code) != 0)
        return false;
    memcpy(canon, id, len);
    canon[len] = '\0';
    return true;
}

txng_err
txng_label_find_lot(struct txng_log *log, const char *gtin, const char *code, char *out,
                    char *other)
{
    txng_index_hit *hits                    = NULL;
    txng_index_list list                    = { 0 };
    size_t          n                       = 0;
    char            mine[TXNG_GS1_URI_MAX]  = "", canon[TXNG_GS1_URI_MAX];
    char            exact[TXNG_GS1_URI_MAX] = "", second[TXNG_GS1_URI_MAX] = "";
    txng_err        err;

    if (log == NULL || code == NULL || out == NULL)
        return TXNG_EINVAL;
    out[0] = '\0';
    if (gtin != NULL)
        snprintf(mine, sizeof mine, TXNG_GS1_CANONICAL_STEM "/01/%s/10/", gtin);
    err = txng_index_find_name(log, TXNG_GS1_KIND_LOT, code, strlen(code), &hits, &n);
    if (err == TXNG_EFORMAT)
        err = TXNG_OK; /* not UTF-8: no lot has that code */
    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        char   *bytes = NULL;
        size_t  len;
        json_t *rec;

        if ((err = txng_log_get(log, hits[i].index, &bytes, &len)) != TXNG_OK)
            break;
        rec = json_loadb(bytes, len, 0, NULL);
        free(bytes);
        if (rec == NULL) {
            err = TXNG_ECORRUPT;
            break;
        }
        err = txng_index_extract(&list, json_object_get(rec, "event"));
        for (size_t k = 0; k < list.n && err == TXNG_OK; k++) {
            if (!lot_of_code(list.v[k].id, list.v[k].id_len, code, canon))
                continue;
            if (mine[0] != '\0' && strncmp(canon, mine, strlen(mine)) == 0)
                memcpy(exact, canon, strlen(canon) + 1);
            else if (out[0] == '\0')
                memcpy(out, canon, strlen(canon) + 1);
            else if (second[0] == '\0' && strcmp(out, canon) != 0)
                memcpy(second, canon, strlen(canon) + 1);
        }
        json_decref(rec);
    }
    txng_index_list_free(&list);
    free(hits);
    if (err != TXNG_OK) {
        out[0] = '\0';
        return err;
    }
    if (exact[0] != '\0') {
        memcpy(out, exact, strlen(exact) + 1);
        return TXNG_OK;
    }
    if (out[0] == '\0')
        return TXNG_ENOTFOUND;
    if (second[0] == '\0')
        return TXNG_OK;
    if (other != NULL)
        memcpy(other, second, strlen(second) + 1);
    return TXNG_EEXIST;
}

bool
txng_label_date_matches(const char *label_date, const char *log_date)
{
    char   d[7];
    size_t n, bad = 0;

    if (label_date == NULL || log_date == NULL || strlen(log_date) < 10 ||
        !digits(log_date, 4, &bad) || log_date[4] != '-' || !digits(log_date + 5, 2, &bad) ||
        log_date[7] != '-' || !digits(log_date + 8, 2, &bad))
        return false;
    n = strlen(label_date);
    if ((n != 6 && n != 12) || !digits(label_date, n, &bad))
        return false;
    /* YYMMDD of the log's date: compared as text, within one century. */
    memcpy(d, log_date + 2, 2);
    memcpy(d + 2, log_date + 5, 2);
    memcpy(d + 4, log_date + 8, 2);
    d[6] = '\0';
    if (n == 12)
        return memcmp(label_date, d, 6) <= 0 && memcmp(d, label_date + 6, 6) <= 0;
    if (label_date[4] == '0' && label_date[5] == '0')
        return memcmp(label_date, d, 4) == 0;
    return memcmp(label_date, d, 6) == 0;
}
