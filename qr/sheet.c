/*
 * sheet.c - PDF label sheets: grid layouts, text fitting with pango, QR codes as vector paths
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "qr/sheet.h"

#define PT_PER_MM (72.0 / 25.4)
#define SLACK     0.01 /* mm: rounding in sums of decimal lengths */
#define LINE_GAP  0.2  /* mm between fields */
#define GAP       1.0  /* mm between the code, the text column and the human-readable line */
#define BOX_PAD   0.6  /* mm inside the claim-code box */
#define QR_SHARE  0.42 /* most of the inner width the code takes */

enum field {
    F_NAME,
    F_LOT,
    F_SERIAL,
    F_NET,
    F_HARVEST,
    F_EXPIRY,
    F_PRODUCER,
    F_CLAIM_CAPTION,
    F_CLAIM,
    F_HRI,
    NFIELDS
};

static const struct {
    const char *name; /* for refusals */
    double      nominal, min;
    bool        bold, mono;
} spec[NFIELDS] = {
    [F_NAME]          = { TXNG_N_("product name"), 9, 4.5, true, false },
    [F_LOT]           = { TXNG_N_("lot"), 7, 4.5, false, false },
    [F_SERIAL]        = { TXNG_N_("serial"), 7, 4.5, false, false },
    [F_NET]           = { TXNG_N_("net weight"), 7, 4.5, false, false },
    [F_HARVEST]       = { TXNG_N_("harvest date"), 7, 4.5, false, false },
    [F_EXPIRY]        = { TXNG_N_("expiry date"), 7, 4.5, false, false },
    [F_PRODUCER]      = { TXNG_N_("producer"), 7, 4.5, false, false },
    [F_CLAIM_CAPTION] = { TXNG_N_("claim code"), 6, 4.5, false, false },
    [F_CLAIM]         = { TXNG_N_("claim code"), 9, 5.5, true, true },
    [F_HRI]           = { TXNG_N_("human-readable line"), 6.5, 4, false, true },
};

/* Default captions, by txng_sheet_captions member order. */
static const char *const default_caption[7] = { "Lot",      "Serial",
                                                "Net",      "Harvested",
                                                "Expiry",   "Producer",
                                                "Scratch off: claim code" };

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TXNG_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(TXNG_ASAN)
/*
 * Sanitizer builds only: LeakSanitizer reads its default suppressions here.
 * fontconfig, which pango starts in a thread of its own, loses memory that no
 * call of ours can free (256 bytes parsing Debian 12's /etc/fonts, and at
 * times the patterns of that thread when the process ends soon after).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* Without this, every run that matched lists the suppressions on stderr. */
const char *
__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

struct buf {
    unsigned char *p;
    size_t         len, cap;
    bool           failed;
};

/* How one field was set: its size, wrapped or not, its extent in points. */
struct placed {
    bool   used;
    double size, w, h;
};

/* The last text set in a field's layout and how: labels of one lot repeat most fields. */
struct fitted {
    char         *text;
    double        width;
    bool          at_min;
    struct placed p;
};

struct txng_sheet {
    txng_sheet_layout     l;
    struct fitted         last[NFIELDS];
    char                 *caption[7];
    txng_qr_ecc           ecc;
    struct buf            pdf;
    cairo_surface_t      *surface;
    cairo_t              *cr;
    PangoLayout          *layout[NFIELDS];
    PangoFontDescription *font[NFIELDS];
    size_t                count;
    bool                  finished;
};

/* A decimal number without sign: digits, optionally '.' and digits. Locale-free. */
static const char *
parse_mm(const char *s, double *out)
{
    double v = 0, scale = 1;
    bool   digits = false;

    while (*s >= '0' && *s <= '9') {
        v      = v * 10 + (*s++ - '0');
        digits = true;
        if (v > 1e6)
            return NULL;
    }
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            scale /= 10;
            v += (*s++ - '0') * scale;
            digits = true;
        }
    }
    if (!digits)
        return NULL;
    *out = v;
    return s;
}

/* "WxH" or "WxHmm" */
static bool
parse_size(const char *s, double *w, double *h)
{
    s = parse_mm(s, w);
    if (s == NULL || *s++ != 'x')
        return false;
    s = parse_mm(s, h);
    if (s == NULL)
        return false;
    return *s == 0 || strcmp(s, "mm") == 0;
}

static bool
layout_fits(const txng_sheet_layout *l)
{
    return l->left + l->cols * l->label_w + (l->cols - 1) * l->gap_x <= l->page_w + SLACK &&
           l->top + l->rows * l->label_h + (l->rows - 1) * l->gap_y <= l->page_h + SLACK;
}

static bool
layout_in_range(const txng_sheet_layout *l)
{
    return l->cols >= 1 && l->cols <= 50 && l->rows >= 1 && l->rows <= 50 &&
           l->label_w >= 10 && l->label_w <= 500 && l->label_h >= 10 && l->label_h <= 500 &&
           l->page_w >= 10 && l->page_w <= 2000 && l->page_h >= 10 && l->page_h <= 2000 &&
           l->top >= 0 && l->top <= 500 && l->left >= 0 && l->left <= 500 && l->gap_x >= 0 &&
           l->gap_x <= 500 && l->gap_y >= 0 && l->gap_y <= 500;
}

txng_err
txng_sheet_layout_named(const char *name, txng_sheet_layout *out)
{
    static const struct {
        const char       *name;
        txng_sheet_layout l;
    } named[] = {
        { "a4-3x8", { 210, 297, 3, 8, 70, 37, 0.5, 0, 0, 0 } },
        { "a4-2x5", { 210, 297, 2, 5, 105, 57, 6, 0, 0, 0 } },
        { "roll-50x30", { 50, 30, 1, 1, 50, 30, 0, 0, 0, 0 } },
    };

    memset(out, 0, sizeof *out);
    for (size_t i = 0; name != NULL && i < sizeof named / sizeof named[0]; i++) {
        if (strcmp(name, named[i].name) == 0) {
            *out = named[i].l;
            return TXNG_OK;
        }
    }
    return TXNG_ENOTFOUND;
}

txng_err
txng_sheet_layout_grid(txng_sheet_layout *out, const char *grid, const char *label,
                       const char *margins, const char *page, txng_diag *diag)
{
    txng_sheet_layout l = { 210, 297, 0, 0, 0, 0, 0, 0, 0, 0 };
    unsigned long     cols, rows;
    char             *end;
    const char       *s;

    memset(out, 0, sizeof *out);
    if (grid == NULL || !(grid[0] >= '0' && grid[0] <= '9'))
        goto bad_grid;
    cols = strtoul(grid, &end, 10);
    if (*end != 'x' || !(end[1] >= '0' && end[1] <= '9'))
        goto bad_grid;
    rows = strtoul(end + 1, &end, 10);
    if (*end != 0)
        goto bad_grid;
    if (cols < 1 || cols > 50 || rows < 1 || rows > 50) {
        txng_diag_set(diag, TXNG_N_("from 1 to 50 labels across and down"), "grid");
        return TXNG_EFORMAT;
    }
    l.cols = (int) cols;
    l.rows = (int) rows;
    if (label == NULL || !parse_size(label, &l.label_w, &l.label_h)) {
        txng_diag_set(diag, TXNG_N_("not WxHmm"), "label");
        return TXNG_EFORMAT;
    }
    if (l.label_w < 10 || l.label_w > 500 || l.label_h < 10 || l.label_h > 500) {
        txng_diag_set(diag, TXNG_N_("width and height from 10 to 500 mm"), "label");
        return TXNG_EFORMAT;
    }
    if (page != NULL && !parse_size(page, &l.page_w, &l.page_h)) {
        txng_diag_set(diag, TXNG_N_("not WxHmm"), "page");
        return TXNG_EFORMAT;
    }
    if (l.page_w < 10 || l.page_w > 2000 || l.page_h < 10 || l.page_h > 2000) {
        txng_diag_set(diag, TXNG_N_("width and height from 10 to 2000 mm"), "page");
        return TXNG_EFORMAT;
    }
    if (margins != NULL) {
        double v[4] = { 0, 0, 0, 0 };
        int    n    = 0;

        for (s = margins; n < 4; n++) {
            s = parse_mm(s, &v[n]);
            if (s == NULL || (*s != ',' && *s != 0))
                break;
            if (*s == 0) {
                n++;
                break;
            }
            s++;
        }
        if (s == NULL || *s != 0 || (n != 2 && n != 4)) {
            txng_diag_set(diag, TXNG_N_("not TOP,LEFT or TOP,LEFT,GAPX,GAPY in mm"), "margins");
            return TXNG_EFORMAT;
        }
        l.top   = v[0];
        l.left  = v[1];
        l.gap_x = v[2];
        l.gap_y = v[3];
        if (l.top > 500 || l.left > 500 || l.gap_x > 500 || l.gap_y > 500) {
            txng_diag_set(diag, TXNG_N_("margins and gaps from 0 to 500 mm"), "margins");
            return TXNG_EFORMAT;
        }
    } else {
        l.left = (l.page_w - l.cols * l.label_w) / 2;
        l.top  = (l.page_h - l.rows * l.label_h) / 2;
        if (l.left < 0 || l.top < 0) {
            l.left = 0;
            l.top  = 0;
            *out   = l;
            txng_diag_set(diag, TXNG_N_("labels do not fit on the page"), "grid");
            return TXNG_EFORMAT;
        }
    }
    if (!layout_fits(&l)) {
        *out = l;
        txng_diag_set(diag, TXNG_N_("labels do not fit on the page"), "grid");
        return TXNG_EFORMAT;
    }
    *out = l;
    return TXNG_OK;
bad_grid:
    txng_diag_set(diag, TXNG_N_("not COLSxROWS"), "grid");
    return TXNG_EFORMAT;
}

void
txng_sheet_layout_max(const txng_sheet_layout *l, int *cols, int *rows)
{
    double w = l->page_w - l->left + l->gap_x + SLACK, h = l->page_h - l->top + l->gap_y + SLACK;

    *cols = w > 0 && l->label_w + l->gap_x > 0 ? (int) (w / (l->label_w + l->gap_x)) : 0;
    *rows = h > 0 && l->label_h + l->gap_y > 0 ? (int) (h / (l->label_h + l->gap_y)) : 0;
    *cols = *cols > 50 ? 50 : *cols;
    *rows = *rows > 50 ? 50 : *rows;
}

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct buf *b = closure;

    if (b->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (b->len + len > b->cap) {
        size_t         cap = b->cap ? b->cap : 65536;
        unsigned char *p;

        while (cap < b->len + len)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = true;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        b->p   = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

txng_err
txng_sheet_new(txng_sheet **out, const txng_sheet_layout *layout,
               const txng_sheet_captions *captions, txng_qr_ecc ecc)
{
    txng_sheet           *s    = NULL;
    cairo_font_options_t *opts = NULL;
    const char           *given[7];
    txng_err    err = TXNG_ENOMEM;

    *out = NULL;
    if (layout == NULL || !layout_in_range(layout) || !layout_fits(layout) || (unsigned) ecc > 3)
        return TXNG_EINVAL;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return TXNG_ENOMEM;
    s->l   = *layout;
    s->ecc = ecc;
    given[0] = captions ? captions->lot : NULL;
    given[1] = captions ? captions->serial : NULL;
    given[2] = captions ? captions->net : NULL;
    given[3] = captions ? captions->harvest : NULL;
    given[4] = captions ? captions->expiry : NULL;
    given[5] = captions ? captions->producer : NULL;
    given[6] = captions ? captions->claim : NULL;
    for (int i = 0; i < 7; i++) {
        const char *c = given[i] ? given[i] : default_caption[i];

        if (!g_utf8_validate(c, -1, NULL)) {
            err = TXNG_EINVAL;
            goto fail;
        }
        if ((s->caption[i] = strdup(c)) == NULL)
            goto fail;
    }
    s->surface = cairo_pdf_surface_create_for_stream(pdf_write, &s->pdf, layout->page_w * PT_PER_MM,
                                                     layout->page_h * PT_PER_MM);
    if (cairo_surface_status(s->surface) != CAIRO_STATUS_SUCCESS)
        goto fail;
    cairo_pdf_surface_set_metadata(s->surface, CAIRO_PDF_METADATA_CREATOR, "txng");
    s->cr = cairo_create(s->surface);
    if (cairo_status(s->cr) != CAIRO_STATUS_SUCCESS)
        goto fail;
    opts = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    for (int f = 0; f < NFIELDS; f++) {
        s->layout[f] = pango_cairo_create_layout(s->cr);
        s->font[f]   = pango_font_description_new();
        if (s->layout[f] == NULL || s->font[f] == NULL)
            goto fail;
        /* User units are points: rounded glyph positions would move small
         * letters by a visible fraction of their width (and text extractors
         * then see spaces inside words). */
        pango_context_set_round_glyph_positions(pango_layout_get_context(s->layout[f]), FALSE);
        pango_cairo_context_set_font_options(pango_layout_get_context(s->layout[f]), opts);
        pango_layout_context_changed(s->layout[f]);
        pango_font_description_set_family_static(s->font[f],
                                                 spec[f].mono ? "DejaVu Sans Mono" : "DejaVu Sans");
        pango_font_description_set_weight(s->font[f],
                                          spec[f].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
    cairo_font_options_destroy(opts);
    *out = s;
    return TXNG_OK;
fail:
    cairo_font_options_destroy(opts);
    txng_sheet_free(s);
    return err;
}

/*
 * Set @p text in field @p f at most @p width points wide: from the nominal
 * size (or straight at the minimum when @p at_min), smaller until it fits
 * on one line, else wrapped at the minimum size.
 */
static void
fit(txng_sheet *s, enum field f, const char *text, double width, double scale, bool at_min,
    struct placed *p)
{
    PangoLayout   *lay  = s->layout[f];
    struct fitted *last = &s->last[f];
    double         min = spec[f].min, size = at_min ? min : spec[f].nominal * scale;
    int            w, h;

    /* The layout still holds this text set this way: nothing to measure again. */
    if (last->text != NULL && last->width == width && last->at_min == at_min &&
        strcmp(last->text, text) == 0) {
        *p = last->p;
        return;
    }
    free(last->text);
    last->text = NULL;
    if (size < min)
        size = min;
    pango_layout_set_text(lay, text, -1);
    pango_layout_set_width(lay, -1);
    for (;;) {
        pango_font_description_set_absolute_size(s->font[f], size * PANGO_SCALE);
        pango_layout_set_font_description(lay, s->font[f]);
        pango_layout_get_size(lay, &w, &h);
        if ((double) w / PANGO_SCALE <= width || size <= min)
            break;
        /* Width is nearly proportional to size: jump close, then step down. */
        {
            double next = size * width * PANGO_SCALE / w;

            next = (double) (int) (next * 4) / 4; /* quarter points, rounded down */
            size = next < size - 0.25 ? next : size - 0.25;
            if (size < min)
                size = min;
        }
    }
    if ((double) w / PANGO_SCALE > width) {
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_width(lay, (int) (width * PANGO_SCALE));
        pango_layout_get_size(lay, &w, &h);
    }
    p->used = true;
    p->size = size;
    p->w    = (double) w / PANGO_SCALE;
    p->h    = (double) h / PANGO_SCALE;
    /* Remembered only when the copy succeeds; otherwise measured again next time. */
    last->text   = strdup(text);
    last->width  = width;
    last->at_min = at_min;
    last->p      = *p;
}

/*
 * The symbol as an image of one pixel per module, scaled without
 * interpolation: the PDF holds a 1-bit image (cairo finds it monochrome) and
 * one drawing operation per code. As vector paths of rectangles, cairo's
 * PDF page analysis made a 1,000-label sheet take over ten times as long.
 */
static txng_err
draw_qr(cairo_t *cr, const txng_qr *qr, double x, double y, double module)
{
    int              width = txng_qr_width(qr);
    cairo_surface_t *img   = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, width);
    cairo_pattern_t *pat;
    unsigned char   *data;
    int              stride;

    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return TXNG_ENOMEM;
    }
    cairo_surface_flush(img);
    data   = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (int r = 0; r < width; r++) {
        uint32_t *row = (uint32_t *) (void *) (data + (size_t) r * (size_t) stride);

        for (int c = 0; c < width; c++)
            row[c] = txng_qr_dark(qr, c, r) ? 0x000000u : 0xffffffu;
    }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, x + TXNG_QR_QUIET * module, y + TXNG_QR_QUIET * module);
    cairo_scale(cr, module, module);
    cairo_set_source_surface(cr, img, 0, 0);
    pat = cairo_get_source(cr);
    cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, width, width);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    return TXNG_OK;
}

static txng_err
refuse(txng_diag *diag, const char *reason, enum field f, size_t index)
{
    txng_diag_set(diag, reason, f == NFIELDS ? TXNG_N_("QR code") : spec[f].name);
    if (diag != NULL) {
        diag->index     = index;
        diag->has_index = true;
    }
    return TXNG_EFORMAT;
}

txng_err
txng_sheet_add(txng_sheet *s, const txng_sheet_label *label, txng_diag *diag)
{
    const txng_sheet_layout *l      = &s->l;
    char                    *text[NFIELDS] = { NULL };
    const char              *value[NFIELDS] = { NULL };
    struct placed            p[NFIELDS];
    txng_qr                 *qr    = NULL;
    txng_err                 err   = TXNG_OK;
    const double             scale = l->label_h / 37 < 0.8   ? 0.8
                                     : l->label_h / 37 > 1.6 ? 1.6
                                                             : l->label_h / 37;
    double pad, inner_w, inner_h, qr_col, qr_side = 0, module = 0, text_x, text_w, text_h, x0, y0,
        y, need;
    size_t slot;
    int    over = -1, over0 = -1;
    bool   under = false;

    memset(p, 0, sizeof p);
    if (s->finished || label == NULL || label->uri == NULL || label->hri == NULL ||
        label->uri[0] == 0 || label->hri[0] == 0)
        return TXNG_EINVAL;
    value[F_NAME]     = label->name;
    value[F_LOT]      = label->lot;
    value[F_SERIAL]   = label->serial;
    value[F_NET]      = label->net;
    value[F_HARVEST]  = label->harvest;
    value[F_EXPIRY]   = label->expiry;
    value[F_PRODUCER] = label->producer;
    value[F_CLAIM]    = label->claim;
    value[F_HRI]      = label->hri;
    if (label->claim != NULL && label->claim[0] != 0)
        value[F_CLAIM_CAPTION] = "";
    for (int f = 0; f < NFIELDS; f++) {
        const char *cap = NULL;
        size_t      n;

        if (value[f] == NULL || (value[f][0] == 0 && f != F_CLAIM_CAPTION))
            continue;
        if (!g_utf8_validate(value[f], -1, NULL)) {
            txng_diag_set(diag, TXNG_N_("not UTF-8"), spec[f].name);
            err = TXNG_EFORMAT;
            goto out;
        }
        if (f >= F_LOT && f <= F_PRODUCER)
            cap = s->caption[f - F_LOT];
        else if (f == F_CLAIM_CAPTION)
            cap = s->caption[6];
        n       = strlen(value[f]) + (cap ? strlen(cap) + 2 : 0) + 1;
        text[f] = malloc(n);
        if (text[f] == NULL) {
            err = TXNG_ENOMEM;
            goto out;
        }
        if (f == F_CLAIM_CAPTION)
            snprintf(text[f], n, "%s", cap);
        else if (cap != NULL)
            snprintf(text[f], n, "%s: %s", cap, value[f]);
        else
            snprintf(text[f], n, "%s", value[f]);
    }
    err = txng_qr_encode(&qr, label->uri, strlen(label->uri), s->ecc);
    if (err != TXNG_OK)
        goto out;

    /* Geometry in millimetres; pango measures in points. */
    pad     = (l->label_w < l->label_h ? l->label_w : l->label_h) * 0.06;
    pad     = pad < 1 ? 1 : pad > 2.5 ? 2.5 : pad;
    inner_w = l->label_w - 2 * pad;
    inner_h = l->label_h - 2 * pad;
    fit(s, F_HRI, text[F_HRI], inner_w * PT_PER_MM, scale, false, &p[F_HRI]);
    /* The line under the code may wrap, but not take more than a third of the label. */
    if (p[F_HRI].h / PT_PER_MM > inner_h / 3) {
        err = refuse(diag, TXNG_N_("text does not fit the label"), F_HRI, s->count);
        goto out;
    }
    text_h = inner_h - p[F_HRI].h / PT_PER_MM - GAP;
    qr_col = text_h < inner_w * QR_SHARE ? text_h : inner_w * QR_SHARE;
    text_x = pad + qr_col + GAP;
    text_w = inner_w - qr_col - GAP;

    /*
     * Layout 0 sets the claim code at the foot of the text column. When that
     * does not fit (small labels), layout 1 moves it under the QR code, which
     * shrinks to leave room, and gives the text column the whole height. The
     * refusal reported is that of layout 0, the usual one.
     */
    for (int mode = 0; mode < (text[F_CLAIM] != NULL ? 2 : 1); mode++) {
        double claim_h = 0;

        under = mode == 1;
        over  = -1;
        if (under) {
            for (int pass = 0; pass < 2; pass++) {
                fit(s, F_CLAIM_CAPTION, text[F_CLAIM_CAPTION], qr_col * PT_PER_MM, scale,
                    pass == 1, &p[F_CLAIM_CAPTION]);
                fit(s, F_CLAIM, text[F_CLAIM], (qr_col - 2 * BOX_PAD) * PT_PER_MM, scale,
                    pass == 1, &p[F_CLAIM]);
                claim_h = p[F_CLAIM_CAPTION].h / PT_PER_MM + LINE_GAP + p[F_CLAIM].h / PT_PER_MM +
                          2 * BOX_PAD;
                if ((text_h - claim_h - GAP) / (txng_qr_width(qr) + 2 * TXNG_QR_QUIET) >=
                    TXNG_QR_MIN_MODULE_MM)
                    break;
            }
        }
        qr_side = under ? text_h - claim_h - GAP : text_h;
        if (qr_side > qr_col)
            qr_side = qr_col;
        module = qr_side / (txng_qr_width(qr) + 2 * TXNG_QR_QUIET);
        /* First at nominal sizes, then everything at the minimum. */
        for (int pass = 0; pass < 2 && module >= TXNG_QR_MIN_MODULE_MM; pass++) {
            need = 0;
            over = -1;
            for (int f = 0; f < F_HRI; f++) {
                double w = text_w;

                if (text[f] == NULL || (under && (f == F_CLAIM_CAPTION || f == F_CLAIM)))
                    continue;
                if (f == F_CLAIM)
                    w -= 2 * BOX_PAD;
                fit(s, f, text[f], w * PT_PER_MM, scale, pass == 1, &p[f]);
                need += p[f].h / PT_PER_MM + LINE_GAP;
                if (f == F_CLAIM_CAPTION)
                    need += 2 * LINE_GAP;
                if (f == F_CLAIM)
                    need += 2 * BOX_PAD;
                if (need - LINE_GAP > text_h + SLACK && over < 0)
                    over = f;
            }
            if (over < 0)
                break;
        }
        if (module < TXNG_QR_MIN_MODULE_MM)
            over = NFIELDS;
        if (over < 0)
            break;
        if (!under)
            over0 = over;
    }
    if (over >= 0) {
        err = over0 == NFIELDS
                  ? refuse(diag, TXNG_N_("QR code modules smaller than 0.25 mm"), NFIELDS,
                           s->count)
                  : refuse(diag, TXNG_N_("text does not fit the label"), (enum field) over0,
                           s->count);
        goto out;
    }

    /* Draw. */
    slot = s->count % (size_t) (l->cols * l->rows);
    if (slot == 0 && s->count > 0)
        cairo_show_page(s->cr);
    x0 = l->left + (double) (slot % (size_t) l->cols) * (l->label_w + l->gap_x);
    y0 = l->top + (double) (slot / (size_t) l->cols) * (l->label_h + l->gap_y);
    err = draw_qr(s->cr, qr, (x0 + pad + (qr_col - qr_side) / 2) * PT_PER_MM,
                  (y0 + pad) * PT_PER_MM, module * PT_PER_MM);
    if (err != TXNG_OK)
        goto out;
    cairo_set_source_rgb(s->cr, 0, 0, 0);
    y = y0 + pad;
    for (int f = 0; f < F_HRI; f++) {
        double x = x0 + text_x, w = text_w;

        if (!p[f].used)
            continue;
        if (under && f == F_CLAIM_CAPTION) {
            /* the claim code under the QR code, across its column */
            x = x0 + pad;
            w = qr_col;
            y = y0 + pad + qr_side + GAP;
        } else if (under && f == F_CLAIM) {
            x = x0 + pad;
            w = qr_col;
        } else if (f == F_CLAIM_CAPTION) {
            y += 2 * LINE_GAP;
        }
        if (f == F_CLAIM) {
            /* The box that the scratch-off layer covers: dashed, round the code only. */
            double dash = 1.0 * PT_PER_MM;

            cairo_save(s->cr);
            cairo_set_line_width(s->cr, 0.3 * PT_PER_MM);
            cairo_set_dash(s->cr, &dash, 1, 0);
            cairo_rectangle(s->cr, x * PT_PER_MM, y * PT_PER_MM, w * PT_PER_MM,
                            (p[f].h / PT_PER_MM + 2 * BOX_PAD) * PT_PER_MM);
            cairo_stroke(s->cr);
            cairo_restore(s->cr);
            x += BOX_PAD;
            y += BOX_PAD;
        }
        cairo_move_to(s->cr, x * PT_PER_MM, y * PT_PER_MM);
        pango_cairo_show_layout(s->cr, s->layout[f]);
        y += p[f].h / PT_PER_MM + LINE_GAP + (f == F_CLAIM ? BOX_PAD : 0);
    }
    cairo_move_to(s->cr, (x0 + pad) * PT_PER_MM,
                  (y0 + l->label_h - pad) * PT_PER_MM - p[F_HRI].h);
    pango_cairo_show_layout(s->cr, s->layout[F_HRI]);
    if (cairo_status(s->cr) != CAIRO_STATUS_SUCCESS) {
        err = TXNG_ENOMEM;
        goto out;
    }
    s->count++;
out:
    txng_qr_free(qr);
    for (int f = 0; f < NFIELDS; f++)
        free(text[f]);
    return err;
}

size_t
txng_sheet_count(const txng_sheet *sheet)
{
    return sheet->count;
}

txng_err
txng_sheet_finish(txng_sheet *s, unsigned char **pdf, size_t *pdf_len)
{
    *pdf     = NULL;
    *pdf_len = 0;
    if (s->finished || s->count == 0)
        return TXNG_EINVAL;
    s->finished = true;
    cairo_destroy(s->cr);
    s->cr = NULL;
    cairo_surface_finish(s->surface);
    if (cairo_surface_status(s->surface) != CAIRO_STATUS_SUCCESS || s->pdf.failed)
        return TXNG_ENOMEM;
    *pdf       = s->pdf.p;
    *pdf_len   = s->pdf.len;
    s->pdf.p   = NULL;
    s->pdf.len = 0;
    return TXNG_OK;
}

void
txng_sheet_free(txng_sheet *s)
{
    if (s == NULL)
        return;
    for (int f = 0; f < NFIELDS; f++) {
        free(s->last[f].text);
        if (s->layout[f] != NULL)
            g_object_unref(s->layout[f]);
        if (s->font[f] != NULL)
            pango_font_description_free(s->font[f]);
    }
    if (s->cr != NULL)
        cairo_destroy(s->cr);
    if (s->surface != NULL)
        cairo_surface_destroy(s->surface);
    for (int i = 0; i < 7; i++)
        free(s->caption[i]);
    free(s->pdf.p);
    free(s);
}

void
txng_sheet_release_fonts(void)
{
    /* Drops the default font map and the fonts it holds. cairo's own caches
     * stay reachable: cairo_debug_reset_static_data() asserts when pango
     * still holds a font, which an early return can leave. */
    pango_cairo_font_map_set_default(NULL);
}
