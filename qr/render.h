/*
 * render.h - QR codes of label URIs: PNG, SVG and terminal text
 *
 * txng_qr_encode() turns a text (a GS1 Digital Link URI) into a QR symbol
 * with libqrencode: byte mode with automatic numeric and alphanumeric
 * segments, case kept, the smallest version that holds the text at the
 * chosen error-correction level (default M; Q or H when a logo is printed
 * over the code). The symbol is then drawn with a quiet zone of
 * TXNG_QR_QUIET modules on every side:
 *
 *   - PNG: 1-bit greyscale, each module a square of whole pixels (no
 *     resampling, no grey edges), with a pHYs chunk giving the resolution so
 *     that a printer reproduces the intended size;
 *   - SVG: the exact modules as one path of unit squares in a viewBox of
 *     (width + 2 * quiet) units, no raster;
 *   - terminal: UTF-8 half blocks (U+2580, U+2584, U+2588), one character for
 *     one module wide and two modules high.
 *
 * Module size rule (txng_qr_module_px): a requested print size S mm (the
 * whole symbol, quiet zone included) at R dpi gives
 *   px = floor(S / 25.4 * R / (width + 2 * quiet))
 * pixels per module; the image is then px * (width + 8) pixels square, never
 * larger than asked and never blurred by a fractional scale. A module must
 * print at least TXNG_QR_MIN_MODULE_MM wide (px * 25.4 / R mm), in every
 * output with a print size: smaller, a phone camera or a label printer's
 * dot gain loses it.
 *
 * No function prints or reads the environment. Every function may be called
 * from any thread (libqrencode is built thread-safe on Debian).
 */
#ifndef TXNG_QR_RENDER_H
#define TXNG_QR_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/** Quiet zone on each side, in modules (ISO/IEC 18004: at least 4). */
#define TXNG_QR_QUIET 4
/** Pixels per module when no print size is asked. */
#define TXNG_QR_DEFAULT_PX 8
/** Resolution written in PNG files when none is asked. */
#define TXNG_QR_DEFAULT_DPI 300
/** Smallest module printed, in mm (3 dots at 300 dpi, 6 at 600). */
#define TXNG_QR_MIN_MODULE_MM 0.25
/** Longest text accepted (a version 40-L symbol holds 2953 bytes). */
#define TXNG_QR_TEXT_MAX 2953

/** Error-correction level: recovers about 7, 15, 25, 30 % of the symbol. */
typedef enum txng_qr_ecc {
    TXNG_QR_ECC_L = 0,
    TXNG_QR_ECC_M = 1, /**< the default */
    TXNG_QR_ECC_Q = 2,
    TXNG_QR_ECC_H = 3,
} txng_qr_ecc;

/** A QR symbol: a square of modules, without quiet zone. */
typedef struct txng_qr txng_qr;

/**
 * Parse an error-correction level name: "L", "M", "Q" or "H" (either case).
 * @return true and @p *out set, or false for anything else.
 */
bool txng_qr_ecc_parse(const char *name, txng_qr_ecc *out);

/**
 * Encode @p len bytes of @p text at level @p ecc.
 *
 * @param[out] out  the symbol, freed with txng_qr_free(); NULL on failure
 * @param[in]  text @p len bytes; borrowed
 * @return TXNG_OK, or TXNG_EINVAL (empty text, a NUL byte in it, or an @p ecc
 *         out of range), TXNG_EFULL (longer than a version 40 symbol holds at
 *         that level), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_qr_encode(txng_qr **out, const char *text, size_t len,
                                        txng_qr_ecc ecc);

/** Release @p qr; NULL is accepted. */
void txng_qr_free(txng_qr *qr);

/** Modules per side (21 for version 1, ... 177 for version 40), without quiet zone. */
int txng_qr_width(const txng_qr *qr);

/** The version, 1 to 40. */
int txng_qr_version(const txng_qr *qr);

/**
 * Whether the module at column @p x, row @p y (0-based, without quiet zone)
 * is dark. False outside the symbol, so callers may walk the quiet zone too.
 */
bool txng_qr_dark(const txng_qr *qr, int x, int y);

/**
 * Pixels per module for a symbol of @p width modules printed @p mm wide
 * (quiet zone included) at @p dpi, by the rule above.
 *
 * @param[out] px  the module size in pixels
 * @return TXNG_OK, or TXNG_EINVAL (@p mm not above 0 or above 1000, @p dpi
 *         outside 72-4800, or modules of whole pixels narrower than
 *         TXNG_QR_MIN_MODULE_MM: the code cannot be printed that small at
 *         that resolution; txng_qr_min_mm() says how small it can be).
 */
TXNG_MUST_CHECK txng_err txng_qr_module_px(int width, double mm, unsigned dpi, unsigned *px);

/**
 * The smallest print size in mm (quiet zone included) of a symbol of
 * @p width modules whose modules are at least TXNG_QR_MIN_MODULE_MM: at
 * @p dpi (72-4800) in whole pixels per module, or with @p dpi 0 as a vector
 * (SVG, PDF) of exact modules. 0 when an argument is out of range.
 */
double txng_qr_min_mm(int width, unsigned dpi);

/**
 * The symbol as a PNG image: 1-bit greyscale, @p px pixels per module,
 * TXNG_QR_QUIET modules of white around, pHYs set to @p dpi.
 *
 * @param[out] out      malloc'd PNG bytes (free()); NULL on failure
 * @param[out] out_len  their number
 * @return TXNG_OK, TXNG_EINVAL (@p px 0 or the image wider than 32768
 *         pixels, @p dpi 0), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_qr_png(const txng_qr *qr, unsigned px, unsigned dpi,
                                     unsigned char **out, size_t *out_len);

/**
 * The symbol as an SVG document: a white square of width + 2 * quiet units,
 * the dark modules as one black path (each horizontal run of dark modules a
 * rectangle "M x y h n v 1 h -n z"), shape-rendering crispEdges. The
 * document is @p mm millimetres square when @p mm > 0, else 4 px per unit.
 *
 * @param[out] out      malloc'd NUL-terminated text (free()); NULL on failure
 * @param[out] out_len  its length without the NUL
 * @return TXNG_OK, TXNG_EINVAL (@p mm negative or above 1000), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_qr_svg(const txng_qr *qr, double mm, char **out, size_t *out_len);

/**
 * The symbol as lines of UTF-8 text for a terminal, quiet zone included:
 * each character stands for one module across and two down ("▀" upper
 * half, "▄" lower half, "█" both, " " neither; an odd last row is paired
 * with a quiet-zone row). Normally a glyph marks dark modules, for dark
 * text on a light background; with @p invert it marks light modules, for
 * light text on a dark background. Every line ends in "\n".
 *
 * @param[out] out      malloc'd NUL-terminated text (free()); NULL on failure
 * @param[out] out_len  its length without the NUL
 * @return TXNG_OK, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_qr_terminal(const txng_qr *qr, bool invert, char **out,
                                          size_t *out_len);

/**
 * An output file being written: created under a temporary name in the
 * folder of its final name before any work, so that a name that cannot be
 * written is found before anything is recorded, and put in place under its
 * final name (never replacing a file) only when complete.
 */
typedef struct txng_outfile txng_outfile;

/**
 * Create the temporary file "<dir>/.<base>.<pid>.<n>" next to @p path, with mode
 * 0666 less the umask, or 0600 when @p secret (a sheet of claim codes).
 *
 * @param[out] out    the new handle, released with txng_outfile_free(); NULL on failure
 * @param[in]  path   the final name; copied
 * @return TXNG_OK, or TXNG_EEXIST (@p path exists), TXNG_ENOMEM, TXNG_ESYS
 *         (the folder cannot hold a new file; errno says why).
 */
TXNG_MUST_CHECK txng_err txng_outfile_open(txng_outfile **out, const char *path, bool secret);

/**
 * Write @p len bytes into the temporary file, flush it to the disk and link
 * it under its final name (link(), which never replaces a file; on a file
 * system without hard links, rename() when no file has that name). On
 * failure the temporary file is removed and no file has the final name.
 *
 * @return TXNG_OK, TXNG_EEXIST (a file of the final name appeared meanwhile),
 *         TXNG_EINVAL (already committed), TXNG_ESYS (errno says why).
 */
TXNG_MUST_CHECK txng_err txng_outfile_commit(txng_outfile *f, const void *data, size_t len);

/** Release @p f, removing its temporary file unless committed; NULL is accepted. */
void txng_outfile_free(txng_outfile *f);

#endif /* TXNG_QR_RENDER_H */
