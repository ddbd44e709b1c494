/*
 * decode.c - read the QR code in a PNG or JPEG image with zbar
 *
 * libjpeg reports errors by calling error_exit, which must not return: it
 * longjmps back to jpeg_grey(), which then releases the decompressor. The
 * variables that change after setjmp (the pixel buffer, the reason) are
 * volatile, so their values survive the jump. libjpeg fills a truncated
 * file with grey and only warns; such an image is still scanned, and only
 * when no code is found is it reported as damaged.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <zbar.h>

#include "qr/decode.h"

static txng_err
refuse(txng_diag *diag, const char *reason, txng_err err)
{
    txng_diag_set(diag, reason, NULL);
    return err;
}

/* PNG -> 8-bit grey, malloc'd. */
static txng_err
png_grey(const void *data, size_t len, unsigned char **px, unsigned *w, unsigned *h,
         txng_diag *diag)
{
    png_image img;

    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        return refuse(diag, TXNG_N_("damaged PNG image"), TXNG_EFORMAT);
    img.format = PNG_FORMAT_GRAY;
    if (img.width == 0 || img.height == 0 ||
        (size_t) img.width * img.height > TXNG_DECODE_MAX_PIXELS) {
        png_image_free(&img);
        return refuse(diag, TXNG_N_("image too large"), TXNG_EFORMAT);
    }
    *px = malloc(PNG_IMAGE_SIZE(img));
    if (*px == NULL) {
        png_image_free(&img);
        return TXNG_ENOMEM;
    }
    /* A white background for transparent pixels: codes are dark on light. */
    {
        png_color white = { 255, 255, 255 };

        if (!png_image_finish_read(&img, &white, *px, 0, NULL)) {
            free(*px);
            *px = NULL;
            png_image_free(&img);
            return refuse(diag, TXNG_N_("damaged PNG image"), TXNG_EFORMAT);
        }
    }
    *w = img.width;
    *h = img.height;
    return TXNG_OK;
}

struct jerr {
    struct jpeg_error_mgr mgr;
    jmp_buf               jump;
};

static void
jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((struct jerr *) (void *) cinfo->err)->jump, 1);
}

/* Counts warnings (a truncated file is one) without printing them. */
static void
jpeg_quiet(j_common_ptr cinfo, int level)
{
    if (level < 0)
        cinfo->err->num_warnings++;
}

/*
 * One CMYK pixel as grey: each of R, G, B is what its ink and K leave of
 * white, (255 - C)(255 - K) / 255, then ITU-R BT.601 luma with integer
 * weights summing to 1000. @p inverted: the values are stored as 255 - ink.
 */
static unsigned char
cmyk_grey(const unsigned char px[4], bool inverted)
{
    unsigned c = px[0], m = px[1], y = px[2], k = px[3], r, g, b;

    if (!inverted) {
        c = 255 - c;
        m = 255 - m;
        y = 255 - y;
        k = 255 - k;
    }
    r = c * k / 255;
    g = m * k / 255;
    b = y * k / 255;
    return (unsigned char) ((299 * r + 587 * g + 114 * b + 500) / 1000);
}

/* JPEG -> 8-bit grey, malloc'd. */
static txng_err
jpeg_grey(const void *data, size_t len, unsigned char **px, unsigned *w, unsigned *h,
          bool *damaged, txng_diag *diag)
{
    struct jpeg_decompress_struct cinfo;
    struct jerr                   jerr;
    unsigned char *volatile buf = NULL, *volatile row4 = NULL;
    const char *volatile why    = TXNG_N_("damaged JPEG image");
    bool cmyk = false, inverted = false;

    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err               = jpeg_std_error(&jerr.mgr);
    jerr.mgr.error_exit     = jpeg_fail;
    jerr.mgr.emit_message   = jpeg_quiet;
    if (setjmp(jerr.jump) != 0) {
        jpeg_destroy_decompress(&cinfo);
        free(buf);
        free(row4);
        return refuse(diag, why, TXNG_EFORMAT);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *) data, (unsigned long) len);
    jpeg_read_header(&cinfo, TRUE);
    /* libjpeg turns YCbCr and RGB into grey, but not CMYK or YCCK (Adobe's
     * YCbCr + K): those are read as CMYK and made grey below. */
    cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    /* Adobe applications write CMYK inverted (255 = no ink) and mark the file
     * with an APP14 "Adobe" segment; ImageMagick and others follow them. */
    inverted              = cmyk && cinfo.saw_Adobe_marker;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_width == 0 || cinfo.output_height == 0 ||
        (size_t) cinfo.output_width * cinfo.output_height > TXNG_DECODE_MAX_PIXELS) {
        why = TXNG_N_("image too large");
        longjmp(jerr.jump, 1);
    }
    if (cinfo.output_components != (cmyk ? 4 : 1))
        longjmp(jerr.jump, 1); /* "damaged JPEG image" */
    buf = malloc((size_t) cinfo.output_width * cinfo.output_height);
    if (cmyk && buf != NULL)
        row4 = malloc((size_t) cinfo.output_width * 4);
    if (buf == NULL || (cmyk && row4 == NULL)) {
        jpeg_destroy_decompress(&cinfo);
        free(buf);
        return TXNG_ENOMEM;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        unsigned char *grey = buf + (size_t) cinfo.output_scanline * cinfo.output_width;
        JSAMPROW       row  = cmyk ? row4 : grey;

        jpeg_read_scanlines(&cinfo, &row, 1);
        for (size_t x = 0; cmyk && x < cinfo.output_width; x++)
            grey[x] = cmyk_grey(row4 + 4 * x, inverted);
    }
    free(row4);
    row4 = NULL;
    *w = cinfo.output_width;
    *h = cinfo.output_height;
    jpeg_finish_decompress(&cinfo);
    *damaged = jerr.mgr.num_warnings > 0;
    jpeg_destroy_decompress(&cinfo);
    *px = buf;
    return TXNG_OK;
}

txng_err
txng_qr_decode(char **out, size_t *out_len, size_t *count, const void *data, size_t len,
               txng_diag *diag)
{
    static const unsigned char png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    const unsigned char       *b            = data;
    zbar_image_scanner_t      *scanner      = NULL;
    zbar_image_t              *image        = NULL;
    const zbar_symbol_t       *sym, *found  = NULL;
    unsigned char             *px           = NULL;
    unsigned                   w = 0, h = 0;
    size_t                     n = 0;
    bool                       damaged = false;
    txng_err                   err;

    if (out == NULL || out_len == NULL || (data == NULL && len > 0))
        return TXNG_EINVAL;
    *out     = NULL;
    *out_len = 0;
    if (count != NULL)
        *count = 0;
    if (len >= 8 && memcmp(b, png_magic, 8) == 0)
        err = png_grey(data, len, &px, &w, &h, diag);
    else if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
        err = jpeg_grey(data, len, &px, &w, &h, &damaged, diag);
    else
        err = refuse(diag, TXNG_N_("not a PNG or JPEG image"), TXNG_EFORMAT);
    if (err != TXNG_OK)
        return err;

    scanner = zbar_image_scanner_create();
    image   = zbar_image_create();
    if (scanner == NULL || image == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, w, h);
    zbar_image_set_data(image, px, (unsigned long) w * h, NULL);
    if (zbar_scan_image(scanner, image) < 0) {
        err = TXNG_ENOMEM;
        goto out;
    }
    for (sym = zbar_image_first_symbol(image); sym != NULL; sym = zbar_symbol_next(sym)) {
        if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            continue;
        n++;
        found = sym;
    }
    if (count != NULL)
        *count = n;
    if (n == 0 && damaged) {
        err = refuse(diag, TXNG_N_("damaged JPEG image"), TXNG_EFORMAT);
        goto out;
    }
    if (n == 0) {
        err = refuse(diag, TXNG_N_("no QR code found in the image"), TXNG_ENOTFOUND);
        goto out;
    }
    if (n > 1) {
        err = refuse(diag, TXNG_N_("more than one QR code in the image"), TXNG_EEXIST);
        goto out;
    }
    {
        size_t      dlen = zbar_symbol_get_data_length(found);
        const char *d    = zbar_symbol_get_data(found);

        *out = malloc(dlen + 1);
        if (*out == NULL) {
            err = TXNG_ENOMEM;
            goto out;
        }
        memcpy(*out, d, dlen);
        (*out)[dlen] = '\0';
        *out_len     = dlen;
    }
    err = TXNG_OK;
out:
    zbar_image_destroy(image);
    zbar_image_scanner_destroy(scanner);
    free(px);
    return err;
}

txng_err
txng_qr_decode_file(char **out, size_t *out_len, size_t *count, const char *path,
                    txng_diag *diag)
{
    FILE    *f;
    char    *buf = NULL;
    size_t   len = 0, cap = 0, got;
    txng_err err;

    if (out == NULL || out_len == NULL || path == NULL)
        return TXNG_EINVAL;
    *out     = NULL;
    *out_len = 0;
    if (count != NULL)
        *count = 0;
    f = fopen(path, "rb");
    if (f == NULL)
        return TXNG_ESYS;
    do {
        if (len == cap) {
            char *p;

            if (cap >= TXNG_DECODE_MAX_BYTES) {
                free(buf);
                fclose(f);
                return refuse(diag, TXNG_N_("image too large"), TXNG_EFORMAT);
            }
            cap = cap == 0 ? 65536 : cap * 2;
            p   = realloc(buf, cap);
            if (p == NULL) {
                free(buf);
                fclose(f);
                return TXNG_ENOMEM;
            }
            buf = p;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        int e = errno;

        free(buf);
        fclose(f);
        errno = e;
        return TXNG_ESYS;
    }
    fclose(f);
    err = txng_qr_decode(out, out_len, count, buf, len, diag);
    free(buf);
    return err;
}
