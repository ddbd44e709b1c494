/*
 * sheet.h - print-ready PDF sheets of unit labels (cairo + pango)
 *
 * A sheet is a grid of equal labels on equal pages. Each label holds, in a
 * box of the layout's label size less a padding on every side:
 *
 *   +-----------------------------------------------+
 *   | +---------+  product name (bold)              |
 *   | |         |  lot, serial, net weight,         |
 *   | |   QR    |  harvest date, expiry date,       |
 *   | |         |  producer                         |
 *   | +---------+  [claim code box: scratch-off]    |
 *   | (01)08930000000033(10)L24-017-S(21)000007     |
 *   +-----------------------------------------------+
 *
 * The QR code (render.h, quiet zone of 4 modules included) is a square as
 * tall as the space above the human-readable line, at most 42 % of the
 * inner width; the human-readable line runs under it across the whole
 * width, in DejaVu Sans Mono; the other fields are set in DejaVu Sans
 * (Debian fonts-dejavu-core: full Vietnamese coverage) in the column to the
 * right of the code. Text never gets cut: a field wider than its column is
 * set smaller, down to a minimum size, then wrapped at that size (between
 * words, or inside a word that is still too long); when the fields still
 * do not fit the column's height, all are set at the minimum size; when
 * even that does not fit, the label is refused and the field that runs
 * past the bottom is named. Nominal and minimum sizes are listed in
 * txng_sheet_add().
 *
 * Text is UTF-8 and drawn as it is given (the caller normalises it to NFC,
 * as core/ stores names). Labels are drawn one by one into a PDF kept in
 * memory; nothing reaches a file until the caller writes the bytes of
 * txng_sheet_finish().
 *
 * Threads: a txng_sheet is used by one thread at a time.
 */
#ifndef TXNG_QR_SHEET_H
#define TXNG_QR_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "qr/render.h"

/** Where the labels sit on a page; every length in millimetres. */
typedef struct txng_sheet_layout {
    double page_w, page_h;   /**< page size */
    int    cols, rows;       /**< labels across and down */
    double label_w, label_h; /**< one label */
    double top, left;        /**< page edge to the first label */
    double gap_x, gap_y;     /**< between neighbouring labels */
} txng_sheet_layout;

/**
 * One of the standard layouts:
 *   "a4-3x8"     A4 (210 x 297), 3 x 8 labels of 70 x 37, top 0.5, left 0, no gaps
 *   "a4-2x5"     A4, 2 x 5 labels of 105 x 57, top 6, left 0, no gaps
 *   "roll-50x30" a 50 x 30 page per label (thermal roll printers), no margins
 *
 * @return TXNG_OK, or TXNG_ENOTFOUND (no layout of that name; @p out zeroed).
 */
TXNG_MUST_CHECK txng_err txng_sheet_layout_named(const char *name, txng_sheet_layout *out);

/**
 * A custom grid from the command line's words:
 *   @p grid     "COLSxROWS", 1-50 each ("4x10")
 *   @p label    "WxH" or "WxHmm", millimetres, 10-500 each ("48.5x25.4mm")
 *   @p margins  NULL (centred on the page), or "TOP,LEFT" or
 *               "TOP,LEFT,GAPX,GAPY", millimetres, 0-500 each
 *   @p page     NULL (A4), or "WxH[mm]", 10-2000 each
 * Numbers are decimal, with an optional fraction after '.'.
 *
 * @return TXNG_OK, or TXNG_EFORMAT with @p diag: "not COLSxROWS" (field
 *         "grid"), "not WxHmm" (field "label" or "page"), "not TOP,LEFT or
 *         TOP,LEFT,GAPX,GAPY in mm" (field "margins"), the range of a value
 *         out of range ("from 1 to 50 labels across and down", "width and
 *         height from 10 to 500 mm" (label), "width and height from 10 to
 *         2000 mm" (page), "margins and gaps from 0 to 500 mm"), or "labels
 *         do not fit on the page" (field "grid"; then @p out holds the
 *         parsed layout, margins of a centred grid set to 0, for
 *         txng_sheet_layout_max()). Otherwise @p out is zeroed on failure.
 */
TXNG_MUST_CHECK txng_err txng_sheet_layout_grid(txng_sheet_layout *out, const char *grid,
                                                const char *label, const char *margins,
                                                const char *page, txng_diag *diag);

/**
 * How many labels of @p l's size, margins and gaps fit across (@p cols) and
 * down (@p rows) its page, at most 50 each; 0 when none does.
 */
void txng_sheet_layout_max(const txng_sheet_layout *l, int *cols, int *rows);

/** Captions printed before the values; a NULL member takes the English default. */
typedef struct txng_sheet_captions {
    const char *lot;      /**< "Lot" */
    const char *serial;   /**< "Serial" */
    const char *net;      /**< "Net" */
    const char *harvest;  /**< "Harvested" */
    const char *expiry;   /**< "Expiry" */
    const char *producer; /**< "Producer" */
    const char *claim;    /**< "Scratch off: claim code" */
} txng_sheet_captions;

/** What one label shows. Strings are UTF-8; NULL or "" leaves a field out. */
typedef struct txng_sheet_label {
    const char *uri;      /**< the QR code's text; required */
    const char *hri;      /**< human-readable line "(01)...(10)...(21)..."; required */
    const char *name;     /**< product name */
    const char *lot;
    const char *serial;
    const char *net;      /**< net weight as printed ("40 g") */
    const char *harvest;  /**< date as printed */
    const char *expiry;
    const char *producer;
    const char *claim;    /**< claim code, printed in a box for the scratch-off layer */
} txng_sheet_label;

/** A sheet being drawn. */
typedef struct txng_sheet txng_sheet;

/**
 * Start a PDF of labels.
 *
 * @param[out] out       the sheet, freed with txng_sheet_free(); NULL on failure
 * @param[in]  layout    copied; checked as txng_sheet_layout_grid() checks
 * @param[in]  captions  NULL for English; copied (the strings too)
 * @param[in]  ecc       error-correction level of the QR codes
 * @return TXNG_OK, TXNG_EINVAL (a layout out of range, or not fitting its
 *         page), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_sheet_new(txng_sheet **out, const txng_sheet_layout *layout,
                                        const txng_sheet_captions *captions, txng_qr_ecc ecc);

/**
 * Lay out and draw the next label (left to right, top to bottom, a new page
 * when one is full). Nominal sizes (scaled by the label's height over 37 mm,
 * between 0.8 and 1.6 times) and minimum sizes: product name 9 pt bold,
 * at least 4.5 pt; other fields 7 pt, at least 4.5 pt; human-readable
 * line 6.5 pt, at least 4 pt; claim-code caption 6 pt, at least 4.5 pt;
 * claim code 9 pt bold monospace, at least 5.5 pt. A refused
 * label draws nothing and the sheet stays usable.
 *
 * @param[in] label  borrowed for the call
 * @return TXNG_OK, or TXNG_EINVAL (no uri or hri), TXNG_EFORMAT (text is
 *         not UTF-8: reason "not UTF-8"), TXNG_EFULL (the uri does not fit a
 *         QR code), TXNG_ENOMEM, or TXNG_EFORMAT with @p diag reason "text
 *         does not fit the label" (field: the field's English name,
 *         "product name", "lot", "serial", "net weight", "harvest date",
 *         "expiry date", "producer", "claim code", "human-readable line")
 *         or "QR code modules smaller than 0.25 mm" (field "QR code");
 *         diag->index is the label's position from 0 (has_index set).
 */
TXNG_MUST_CHECK txng_err txng_sheet_add(txng_sheet *sheet, const txng_sheet_label *label,
                                        txng_diag *diag);

/** Labels drawn so far. */
size_t txng_sheet_count(const txng_sheet *sheet);

/**
 * End the document and hand over its bytes. The sheet can take no more
 * labels afterwards (txng_sheet_add() gives TXNG_EINVAL).
 *
 * @param[out] pdf      malloc'd PDF bytes (free()); NULL on failure
 * @param[out] pdf_len  their number
 * @return TXNG_OK, TXNG_EINVAL (no label, or already finished), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_sheet_finish(txng_sheet *sheet, unsigned char **pdf,
                                           size_t *pdf_len);

/** Release @p sheet; NULL is accepted. */
void txng_sheet_free(txng_sheet *sheet);

/**
 * Release the default font map that pango keeps for the whole process once
 * text was laid out, with the fonts it holds, so that memory checkers
 * (valgrind, LeakSanitizer) find them freed at exit. Call it at the end, when
 * no sheet is alive and no other thread uses pango; pango makes a new font
 * map if text is laid out again.
 */
void txng_sheet_release_fonts(void);

#endif /* TXNG_QR_SHEET_H */
