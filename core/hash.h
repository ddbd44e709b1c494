/*
 * hash.h - SHA-256 with RFC 6962 domain separation, base64 and hex
 */
#ifndef TXNG_CORE_HASH_H
#define TXNG_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define TXNG_HASH_BYTES 32
/** Length of base64 (with padding) of a hash, without the terminating NUL. */
#define TXNG_HASH_B64_LEN 44

/** SHA-256 of @p len bytes at @p data. */
void txng_sha256(unsigned char out[TXNG_HASH_BYTES], const void *data, size_t len);

/** RFC 6962 leaf hash: SHA-256(0x00 || data). */
void txng_hash_leaf(unsigned char out[TXNG_HASH_BYTES], const void *data, size_t len);

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). @p out may alias an input. */
void txng_hash_node(unsigned char out[TXNG_HASH_BYTES], const unsigned char left[TXNG_HASH_BYTES],
                    const unsigned char right[TXNG_HASH_BYTES]);

/** Bytes needed by txng_b64_encode() for @p len input bytes, including the NUL. */
#define TXNG_B64_SIZE(len) ((((len) + 2) / 3) * 4 + 1)

/**
 * Standard base64 (RFC 4648 §4, with padding) of @p len bytes into @p out,
 * which holds at least TXNG_B64_SIZE(len) bytes; NUL-terminated.
 * @return the length written, without the NUL.
 */
size_t txng_b64_encode(char *out, const void *in, size_t len);

/**
 * Decode strict standard base64 (padding required, no white space, no
 * trailing bits set) of @p in_len characters into @p out (capacity @p cap).
 * Its time depends on the characters: for public data (signatures, hashes,
 * keys). On failure @p out is zeroed.
 * @return TXNG_OK, or TXNG_EFORMAT (not base64, or longer than @p cap).
 */
TXNG_MUST_CHECK txng_err txng_b64_decode(void *out, size_t cap, size_t *out_len, const char *in,
                                         size_t in_len);

/**
 * txng_b64_decode() in time that does not depend on the characters (libsodium's
 * decoder, then a constant-time comparison with the bytes encoded again), for
 * secret key material; many times slower.
 */
TXNG_MUST_CHECK txng_err txng_b64_decode_secret(void *out, size_t cap, size_t *out_len,
                                                const char *in, size_t in_len);

/** Lower-case hex of @p len bytes into @p out (2*len+1 bytes, NUL-terminated). */
void txng_hex_encode(char *out, const void *in, size_t len);

/** Decode exactly 2*@p len hex digits (either case) into @p out. TXNG_EFORMAT otherwise. */
TXNG_MUST_CHECK txng_err txng_hex_decode(void *out, size_t len, const char *in, size_t in_len);

/** Most digits of a uint64 in decimal. */
#define TXNG_DEC_MAX_DIGITS 20

/**
 * Parse @p len bytes of ASCII decimal without sign, white space or leading
 * zeros ("0" alone is fine) that fit in a uint64.
 * @return whether it parsed; @p out is set only then.
 */
bool txng_dec_parse(const char *s, size_t len, uint64_t *out);

#endif /* TXNG_CORE_HASH_H */
