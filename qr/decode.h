/*
 * decode.h - read the QR code in a photo or scan (PNG or JPEG) with zbar
 *
 * The image is read to 8-bit greyscale (PNG with libpng's simplified API,
 * JPEG with libjpeg-turbo; the format is told by its first bytes, not by the
 * file name) and handed to zbar with only the QR symbology enabled. A label
 * holds exactly one code: none, or more than one, is a refusal, so a photo
 * of two labels cannot pass for one.
 *
 * No function prints or reads the environment; each call has its own zbar
 * scanner, so any thread may call them.
 */
#ifndef TXNG_QR_DECODE_H
#define TXNG_QR_DECODE_H

#include <stddef.h>

#include "core/error.h"

/** Largest image accepted, in pixels (width times height). */
#define TXNG_DECODE_MAX_PIXELS (100u * 1000u * 1000u)
/** Largest image file accepted, in bytes. */
#define TXNG_DECODE_MAX_BYTES (64u * 1024u * 1024u)

/**
 * Decode the one QR code in the PNG or JPEG image of @p len bytes at @p data.
 *
 * @param[out] out      malloc'd text of the code, NUL-terminated (free()); NULL on failure
 * @param[out] out_len  its length in bytes (a code may hold a NUL byte)
 * @param[out] count    if not NULL, the number of QR codes found (also on failure)
 * @param[out] diag     reason of a refusal
 * @return TXNG_OK, TXNG_EINVAL (NULL argument), TXNG_ENOMEM, or
 *         TXNG_EFORMAT with diag->reason: "not a PNG or JPEG image",
 *         "damaged PNG image", "damaged JPEG image", "image too large";
 *         TXNG_ENOTFOUND: "no QR code found in the image";
 *         TXNG_EEXIST: "more than one QR code in the image" (@p count says
 *         how many).
 */
TXNG_MUST_CHECK txng_err txng_qr_decode(char **out, size_t *out_len, size_t *count,
                                        const void *data, size_t len, txng_diag *diag);

/**
 * txng_qr_decode() of the file at @p path.
 * @return as txng_qr_decode(), and TXNG_ESYS (the file cannot be read; see
 *         errno), TXNG_EFORMAT "image too large" past TXNG_DECODE_MAX_BYTES.
 */
TXNG_MUST_CHECK txng_err txng_qr_decode_file(char **out, size_t *out_len, size_t *count,
                                             const char *path, txng_diag *diag);

#endif /* TXNG_QR_DECODE_H */
