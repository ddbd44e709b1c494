/*
 * media.h - product images kept beside the log, addressed by their SHA-256
 *
 * A product's master-data record commits to its image by "imageSha256"
 * (docs/format.md, "Master data"); the bytes themselves are not evidence
 * and do not belong in the Merkle tree, but the resolver must be able to
 * show them. They live in an LMDB environment of their own, the folder
 * "media" inside the log folder: key the 32-byte SHA-256 of the image,
 * value the image bytes. Anyone can check an image against the signed
 * record by hashing it; txng_media_get() does so before it hands one out.
 *
 * Only PNG, JPEG and WebP images of at most TXNG_MEDIA_MAX bytes are kept:
 * the page shows them on cheap phones, and a type browsers decode as an
 * image cannot carry script.
 */
#ifndef TXNG_CORE_MEDIA_H
#define TXNG_CORE_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/hash.h"

/** Largest image kept, in bytes. */
#define TXNG_MEDIA_MAX (2u * 1024u * 1024u)

/** The media store of one log folder. */
typedef struct txng_media txng_media;

/**
 * The media type of the image @p data, from its first bytes.
 * @return "image/png", "image/jpeg", "image/webp", or NULL when it is none
 *         of them.
 */
const char *txng_media_type(const void *data, size_t len);

/**
 * Check that @p data may be kept: a PNG, JPEG or WebP image of 1 to
 * TXNG_MEDIA_MAX bytes.
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag (reason and field "image").
 */
TXNG_MUST_CHECK txng_err txng_media_check(const void *data, size_t len, txng_diag *diag);

/**
 * Open the media store of the log folder @p logdir, creating the folder
 * "media" unless @p rdonly.
 * @return TXNG_OK, TXNG_ENOTFOUND (@p rdonly and no store yet), TXNG_ESYS,
 *         TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_media_open(txng_media **out, const char *logdir, bool rdonly);

/** Close @p m. NULL is accepted. */
void txng_media_close(txng_media *m);

/**
 * Keep @p data (checked as by txng_media_check()) under its SHA-256, in one
 * durable transaction. Keeping an image already held changes nothing.
 * @param[out] hash   the SHA-256 of @p data
 * @param[out] added  if not NULL, whether the image was new to the store
 * @return TXNG_OK, TXNG_EFORMAT with @p diag, TXNG_EPERM (opened read-only),
 *         TXNG_EFULL, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_media_put(txng_media *m, const void *data, size_t len,
                                        unsigned char hash[TXNG_HASH_BYTES], bool *added,
                                        txng_diag *diag);

/**
 * Remove the image @p hash, to undo a txng_media_put() that added it when
 * the record naming it was refused.
 * @return TXNG_OK (also when it was not held), TXNG_EPERM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_media_remove(txng_media *m, const unsigned char hash[TXNG_HASH_BYTES]);

/**
 * A copy of the image @p hash, after checking that it still hashes to
 * @p hash.
 * @param[out] out   malloc'd bytes (free())
 * @param[out] type  its media type (see txng_media_type()); may be NULL
 * @return TXNG_OK, TXNG_ENOTFOUND, TXNG_ECORRUPT (the stored bytes no longer
 *         match), TXNG_ENOMEM, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_media_get(txng_media *m, const unsigned char hash[TXNG_HASH_BYTES],
                                        unsigned char **out, size_t *len, const char **type);

/** One image as listed by txng_media_list(). */
typedef struct txng_media_item {
    unsigned char hash[TXNG_HASH_BYTES];
    size_t        len;
    const char   *type; /**< NULL when the stored bytes are not an image */
} txng_media_item;

/**
 * Call @p fn for every image held, in hash order; stop at the first error
 * @p fn returns and return it.
 * @return TXNG_OK, @p fn's error, TXNG_ESYS.
 */
TXNG_MUST_CHECK txng_err txng_media_list(txng_media *m,
                                         txng_err (*fn)(void *ctx, const txng_media_item *item),
                                         void *ctx);

#endif /* TXNG_CORE_MEDIA_H */
