/*
 * hash.c - SHA-256 with RFC 6962 domain separation, strict base64 and hex
 *
 * Everything here is libsodium. None of the functions used needs
 * sodium_init(), which callers (the command line's main, the tests) still
 * call once at start-up for the rest of the library.
 *
 * Base64 is decoded strictly so that one value has one text: libsodium
 * already refuses white space (no ignore set), missing padding and stray
 * characters; the decoded bytes are then encoded again and compared with
 * the input, which also refuses non-zero trailing bits ("QR==" vs "QQ==").
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "core/hash.h"

/* Bytes of input re-encoded at a time when checking a decoded text. */
#define RECHECK_CHUNK 48

/* Compare @p in with the base64 of @p bin, chunk by chunk, in constant time per chunk. */
static bool
same_base64(const unsigned char *bin, size_t bin_len, const char *in, size_t in_len)
{
    char   enc[TXNG_B64_SIZE(RECHECK_CHUNK)];
    size_t done = 0, pos = 0;
    bool   same = true;

    if (in_len != TXNG_B64_SIZE(bin_len) - 1)
        return false;
    while (done < bin_len) {
        size_t n       = bin_len - done < RECHECK_CHUNK ? bin_len - done : RECHECK_CHUNK;
        size_t enc_len = TXNG_B64_SIZE(n) - 1;

        sodium_bin2base64(enc, sizeof enc, bin + done, n, sodium_base64_VARIANT_ORIGINAL);
        if (sodium_memcmp(enc, in + pos, enc_len) != 0)
            same = false;
        done += n;
        pos += enc_len;
    }
    sodium_memzero(enc, sizeof enc);
    return same;
}

void
txng_sha256(unsigned char out[TXNG_HASH_BYTES], const void *data, size_t len)
{
    crypto_hash_sha256(out, data, len);
}

void
txng_hash_leaf(unsigned char out[TXNG_HASH_BYTES], const void *data, size_t len)
{
    static const unsigned char prefix = 0x00;
    crypto_hash_sha256_state   st;

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, out);
}

void
txng_hash_node(unsigned char out[TXNG_HASH_BYTES], const unsigned char left[TXNG_HASH_BYTES],
               const unsigned char right[TXNG_HASH_BYTES])
{
    static const unsigned char prefix = 0x01;
    crypto_hash_sha256_state   st;

    /* Both children are absorbed before out is written, so out may alias them. */
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, left, TXNG_HASH_BYTES);
    crypto_hash_sha256_update(&st, right, TXNG_HASH_BYTES);
    crypto_hash_sha256_final(&st, out);
}

size_t
txng_b64_encode(char *out, const void *in, size_t len)
{
    sodium_bin2base64(out, TXNG_B64_SIZE(len), in, len, sodium_base64_VARIANT_ORIGINAL);
    return TXNG_B64_SIZE(len) - 1;
}

txng_err
txng_b64_decode_secret(void *out, size_t cap, size_t *out_len, const char *in, size_t in_len)
{
    const char *end     = NULL;
    size_t      bin_len = 0;

    if (out_len != NULL)
        *out_len = 0;
    if (in_len == 0)
        return TXNG_OK;
    /* Base64 of at least one character decodes to at least one byte. */
    if (in == NULL || out == NULL || cap == 0)
        return TXNG_EFORMAT;
    if (sodium_base642bin(out, cap, in, in_len, NULL, &bin_len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != in + in_len || !same_base64(out, bin_len, in, in_len)) {
        /* The output may hold part of a secret key file: leave nothing behind. */
        sodium_memzero(out, cap);
        return TXNG_EFORMAT;
    }
    if (out_len != NULL)
        *out_len = bin_len;
    return TXNG_OK;
}

#define XX 0xff
/* The value of each base64 character; XX for any other byte, '=' included. */
static const unsigned char b64_value[256] = {
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  62,  XX,  XX,  XX,  63,
     52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
     15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  XX,  XX,  XX,  XX,  XX,
     XX,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
     41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
     XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,  XX,
};
#undef XX

txng_err
txng_b64_decode(void *out, size_t cap, size_t *out_len, const char *in, size_t in_len)
{
    const unsigned char *s = (const unsigned char *) in;
    unsigned char       *o = out;
    size_t               pad, n, j = 0;

    if (out_len != NULL)
        *out_len = 0;
    if (in_len == 0)
        return TXNG_OK;
    if (in == NULL || out == NULL || cap == 0)
        return TXNG_EFORMAT;
    if (in_len % 4 != 0)
        goto bad;
    pad = s[in_len - 1] != '=' ? 0 : s[in_len - 2] != '=' ? 1 : 2;
    n   = in_len / 4 * 3 - pad;
    if (n > cap)
        goto bad;
    for (size_t i = 0; i < in_len; i += 4) {
        unsigned a = b64_value[s[i]], b = b64_value[s[i + 1]];
        unsigned c = b64_value[s[i + 2]], d = b64_value[s[i + 3]];

        if (i + 4 < in_len || pad == 0) {
            if ((a | b | c | d) > 63)
                goto bad;
            o[j++] = (unsigned char) (a << 2 | b >> 4);
            o[j++] = (unsigned char) ((b & 15) << 4 | c >> 2);
            o[j++] = (unsigned char) ((c & 3) << 6 | d);
        } else if (pad == 1) {
            /* "xyz=": the low 2 bits of z carry nothing and must be zero */
            if ((a | b | c) > 63 || (c & 3) != 0)
                goto bad;
            o[j++] = (unsigned char) (a << 2 | b >> 4);
            o[j++] = (unsigned char) ((b & 15) << 4 | c >> 2);
        } else {
            /* "xy==": the low 4 bits of y must be zero */
            if ((a | b) > 63 || (b & 15) != 0)
                goto bad;
            o[j++] = (unsigned char) (a << 2 | b >> 4);
        }
    }
    if (out_len != NULL)
        *out_len = n;
    return TXNG_OK;
bad:
    memset(out, 0, cap);
    return TXNG_EFORMAT;
}

void
txng_hex_encode(char *out, const void *in, size_t len)
{
    sodium_bin2hex(out, 2 * len + 1, in, len);
}

txng_err
txng_hex_decode(void *out, size_t len, const char *in, size_t in_len)
{
    size_t bin_len = 0;

    if (len > SIZE_MAX / 2 || in_len != 2 * len)
        return TXNG_EFORMAT;
    if (len == 0)
        return TXNG_OK;
    if (sodium_hex2bin(out, len, in, in_len, NULL, &bin_len, NULL) != 0 || bin_len != len) {
        sodium_memzero(out, len);
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

bool
txng_dec_parse(const char *s, size_t len, uint64_t *out)
{
    uint64_t x = 0;

    if (len == 0 || len > TXNG_DEC_MAX_DIGITS || (len > 1 && s[0] == '0'))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || x > (UINT64_MAX - (uint64_t) (s[i] - '0')) / 10)
            return false;
        x = x * 10 + (uint64_t) (s[i] - '0');
    }
    *out = x;
    return true;
}
