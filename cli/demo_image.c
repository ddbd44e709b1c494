/*
 * demo_image.c - the picture of the demo's product: a Ngọc Linh ginseng
 * plant (five-leaflet leaf, red berries, the forked root) drawn with cairo
 *
 * The demo signs this image's SHA-256 into its product record, so the bytes
 * must not vary between runs: nothing here depends on time, fonts or the
 * environment, and the same cairo, pixman and libpng give the same PNG.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "cli/demo_image.h"

#define SIDE 160

struct png_buf {
    unsigned char *p;
    size_t         len, cap;
};

static cairo_status_t
png_put(void *closure, const unsigned char *data, unsigned int len)
{
    struct png_buf *b = closure;

    if (b->len + len > b->cap) {
        size_t         cap = b->cap ? b->cap * 2 : 16384;
        unsigned char *p;

        while (cap < b->len + len)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return CAIRO_STATUS_NO_MEMORY;
        b->p   = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

static void
leaflet(cairo_t *cr, double x, double y, double angle, double length, double width)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    cairo_translate(cr, length / 2, 0);
    cairo_scale(cr, length / 2, width / 2);
    cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
    cairo_restore(cr);
    cairo_set_source_rgb(cr, 0.49, 0.70, 0.26);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.27, 0.45, 0.13);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

static void
draw(cairo_t *cr)
{
    static const double berries[][2] = { { 80, 13 }, { 75, 16 }, { 85, 16 }, { 78, 10 },
                                         { 83, 10 }, { 80, 18 } };
    cairo_pattern_t    *sky = cairo_pattern_create_linear(0, 0, 0, SIDE);

    /* forest shade, then the soil the root grew in */
    cairo_pattern_add_color_stop_rgb(sky, 0, 0.22, 0.40, 0.26);
    cairo_pattern_add_color_stop_rgb(sky, 1, 0.10, 0.22, 0.13);
    cairo_set_source(cr, sky);
    cairo_paint(cr);
    cairo_pattern_destroy(sky);
    cairo_rectangle(cr, 0, 70, SIDE, SIDE - 70);
    cairo_set_source_rgb(cr, 0.36, 0.23, 0.12);
    cairo_fill(cr);

    /* stem, leaf of five leaflets, berries */
    cairo_set_source_rgb(cr, 0.42, 0.56, 0.14);
    cairo_set_line_width(cr, 3);
    cairo_move_to(cr, 80, 72);
    cairo_line_to(cr, 80, 36);
    cairo_stroke(cr);
    for (int i = 0; i < 5; i++)
        leaflet(cr, 80, 36, M_PI + (double) i * M_PI / 4, i == 2 ? 30 : 24, i == 2 ? 11 : 9);
    cairo_set_source_rgb(cr, 0.83, 0.18, 0.18);
    for (size_t i = 0; i < sizeof berries / sizeof berries[0]; i++) {
        cairo_arc(cr, berries[i][0], berries[i][1], 3, 0, 2 * M_PI);
        cairo_fill(cr);
    }

    /* the root: a neck, a body, two legs */
    cairo_move_to(cr, 76, 72);
    cairo_curve_to(cr, 66, 84, 62, 104, 66, 118);
    cairo_curve_to(cr, 60, 132, 56, 146, 54, 152);
    cairo_curve_to(cr, 60, 150, 68, 138, 76, 124);
    cairo_curve_to(cr, 82, 134, 92, 146, 100, 150);
    cairo_curve_to(cr, 98, 140, 94, 128, 94, 118);
    cairo_curve_to(cr, 98, 102, 94, 84, 84, 72);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.91, 0.84, 0.64);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.62, 0.50, 0.30);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    /* growth rings, one per year, and rootlets */
    cairo_set_line_width(cr, 1);
    for (int y = 80; y <= 112; y += 6) {
        cairo_move_to(cr, 70 + (y - 80) / 8.0, y);
        cairo_curve_to(cr, 76, y + 2, 84, y + 2, 90 - (y - 80) / 16.0, y);
    }
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.80, 0.70, 0.50);
    cairo_move_to(cr, 66, 100);
    cairo_curve_to(cr, 56, 104, 48, 112, 40, 114);
    cairo_move_to(cr, 94, 104);
    cairo_curve_to(cr, 104, 108, 112, 116, 122, 118);
    cairo_move_to(cr, 56, 148);
    cairo_line_to(cr, 50, 158);
    cairo_move_to(cr, 99, 148);
    cairo_line_to(cr, 106, 158);
    cairo_stroke(cr);
}

txng_err
cli_demo_image(unsigned char **out, size_t *out_len)
{
    cairo_surface_t *s  = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE, SIDE);
    cairo_t         *cr = cairo_create(s);
    struct png_buf   b  = { 0 };
    txng_err         err = TXNG_OK;

    *out     = NULL;
    *out_len = 0;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        err = TXNG_ENOMEM;
        goto out;
    }
    draw(cr);
    cairo_surface_flush(s);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_write_to_png_stream(s, png_put, &b) != CAIRO_STATUS_SUCCESS) {
        err = TXNG_ENOMEM;
        goto out;
    }
    *out     = b.p;
    *out_len = b.len;
    b.p      = NULL;
out:
    free(b.p);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return err;
}
