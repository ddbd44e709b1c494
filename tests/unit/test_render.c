/*
 * test_render.c - QR symbols: matrix, PNG, SVG and terminal output, decoded
 * again by independent tools (qrencode, zbarimg, rsvg-convert) when present
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qr/render.h"
#include "tests/tap.h"

static const char uri_unit[] = "https://id.gs1.org/01/08930000000033/21/000007";
/* lot "L24/017&S" percent-encoded, as a Digital Link path segment */
static const char uri_escaped[] =
    "https://trace.htx.vn/01/08930000000033/10/L24%2F017%26S/21/000007?17=261119";

static char tmpdir[64];

static bool
have(const char *tool)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static bool
write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool  good;

    if (f == NULL)
        return false;
    good = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && good;
}

/* Run @p cmd and return its stdout without the final newline (static buffer). */
static const char *
run(const char *cmd)
{
    static char out[8192];
    FILE       *p = popen(cmd, "r");
    size_t      n;

    out[0] = 0;
    if (p == NULL)
        return out;
    n      = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    pclose(p);
    while (n > 0 && out[n - 1] == '\n')
        out[--n] = 0;
    return out;
}

/* What zbarimg reads in @p path: the single code's text, or "" */
static const char *
zbar(const char *path)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
    return run(cmd);
}

static const unsigned char *
find(const unsigned char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static unsigned long
be32(const unsigned char *p)
{
    return (unsigned long) p[0] << 24 | (unsigned long) p[1] << 16 | (unsigned long) p[2] << 8 |
           p[3];
}

static void
test_ecc_parse(void)
{
    txng_qr_ecc e = TXNG_QR_ECC_M;

    ok(txng_qr_ecc_parse("L", &e) && e == TXNG_QR_ECC_L, "ecc L");
    ok(txng_qr_ecc_parse("q", &e) && e == TXNG_QR_ECC_Q, "ecc q, lower case");
    ok(txng_qr_ecc_parse("H", &e) && e == TXNG_QR_ECC_H, "ecc H");
    ok(txng_qr_ecc_parse("M", &e) && e == TXNG_QR_ECC_M, "ecc M");
    ok(!txng_qr_ecc_parse("X", &e), "ecc X refused");
    ok(!txng_qr_ecc_parse("", &e), "empty ecc refused");
    ok(!txng_qr_ecc_parse("LM", &e), "ecc LM refused");
}

static void
test_encode_errors(void)
{
    txng_qr *qr = (txng_qr *) 1;
    char    *big;
    txng_err err;

    ok(txng_qr_encode(&qr, "", 0, TXNG_QR_ECC_M) == TXNG_EINVAL && qr == NULL, "empty text");
    ok(txng_qr_encode(&qr, "a\0b", 3, TXNG_QR_ECC_M) == TXNG_EINVAL, "NUL in text");
    ok(txng_qr_encode(&qr, "abc", 3, (txng_qr_ecc) 7) == TXNG_EINVAL, "ecc out of range");
    big = malloc(3000);
    memset(big, 'a', 3000);
    ok(txng_qr_encode(&qr, big, 3000, TXNG_QR_ECC_L) == TXNG_EFULL, "3000 bytes: too long");
    /* 40-H holds 1273 bytes: 1400 lower-case letters fit L, not H */
    ok(txng_qr_encode(&qr, big, 1400, TXNG_QR_ECC_H) == TXNG_EFULL && qr == NULL,
       "1400 bytes at H: too long");
    err = txng_qr_encode(&qr, big, 1400, TXNG_QR_ECC_L);
    ok(err == TXNG_OK && txng_qr_version(qr) == 27 && txng_qr_width(qr) == 17 + 4 * 27,
       "1400 bytes at L: version 27");
    txng_qr_free(qr);
    free(big);
    txng_qr_free(NULL);
}

/* The matrix against the qrencode command's ASCII drawing of the same text. */
static void
test_matrix(void)
{
    static const char *const lv = "LMQH";
    txng_qr                 *qr = NULL;

    if (!have("qrencode")) {
        tap_skip(4, "qrencode not installed");
        return;
    }
    for (int e = 0; e < 4; e++) {
        char        cmd[512];
        const char *ascii;
        bool        same = true;
        int         w;

        if (txng_qr_encode(&qr, uri_unit, strlen(uri_unit), (txng_qr_ecc) e) != TXNG_OK) {
            ok(0, "encode at %c", lv[e]);
            continue;
        }
        w = txng_qr_width(qr);
        snprintf(cmd, sizeof cmd, "qrencode -t ASCII -m 0 -l %c -o - '%s'", lv[e], uri_unit);
        ascii = run(cmd);
        /* "##" per dark module, "  " per light one, one line per row */
        for (int y = 0; y < w && same; y++) {
            const char *line = ascii;

            for (int i = 0; i < y && line; i++) {
                line = strchr(line, '\n');
                line = line ? line + 1 : NULL;
            }
            if (line == NULL) {
                same = false;
                break;
            }
            for (int x = 0; x < w; x++) {
                if ((line[2 * x] == '#') != txng_qr_dark(qr, x, y)) {
                    same = false;
                    break;
                }
            }
        }
        ok(same && w == 17 + 4 * txng_qr_version(qr),
           "matrix at %c equals qrencode's (version %d)", lv[e], txng_qr_version(qr));
        txng_qr_free(qr);
        qr = NULL;
    }
}

static void
test_module_px(void)
{
    unsigned px = 99;

    /* 20 mm at 300 dpi = 236.2 px over 25 + 8 modules: 7 */
    ok(txng_qr_module_px(25, 20, 300, &px) == TXNG_OK && px == 7, "20 mm 300 dpi: 7 px");
    /* 30 mm at 600 dpi = 708.7 px over 33 + 8: 17 */
    ok(txng_qr_module_px(33, 30, 600, &px) == TXNG_OK && px == 17, "30 mm 600 dpi: 17 px");
    ok(txng_qr_module_px(33, 5, 72, &px) == TXNG_EINVAL && px == 0, "5 mm at 72 dpi: too small");
    /* 0.25 mm is 2.95 dots at 300 dpi: 3 dots per module at least */
    ok(txng_qr_module_px(53, 10, 300, &px) == TXNG_EINVAL && px == 0,
       "10 mm at 300 dpi, 61 modules: 1 dot (0.08 mm) per module refused");
    ok(txng_qr_module_px(53, 15.4, 300, &px) == TXNG_EINVAL, "15.4 mm: 2 dots per module refused");
    ok(txng_qr_module_px(53, 15.5, 300, &px) == TXNG_OK && px == 3, "15.5 mm: 3 dots (0.254 mm)");
    /* at 72 dpi one dot is 0.35 mm: enough */
    ok(txng_qr_module_px(25, 12, 72, &px) == TXNG_OK && px == 1, "12 mm at 72 dpi: 1 dot");
    ok(txng_qr_min_mm(53, 300) > 15.49 && txng_qr_min_mm(53, 300) < 15.5,
       "smallest at 300 dpi: 3 dots x 61 = 15.49 mm");
    ok(txng_qr_min_mm(53, 0) == 0.25 * 61, "smallest vector: 0.25 mm x 61");
    ok(txng_qr_min_mm(25, 72) > 11.6 && txng_qr_min_mm(25, 72) < 11.7, "smallest at 72 dpi: 33 dots");
    ok(txng_qr_min_mm(0, 300) == 0 && txng_qr_min_mm(25, 50) == 0, "out of range: 0");
    ok(txng_qr_module_px(25, 0, 300, &px) == TXNG_EINVAL, "0 mm");
    ok(txng_qr_module_px(25, 2000, 300, &px) == TXNG_EINVAL, "2000 mm");
    ok(txng_qr_module_px(25, 20, 50, &px) == TXNG_EINVAL, "50 dpi");
    ok(txng_qr_module_px(25, 20, 9600, &px) == TXNG_EINVAL, "9600 dpi");
}

static void
test_png(void)
{
    static const char *const lv = "LMQH";
    txng_qr                 *qr = NULL;
    unsigned char           *png;
    size_t                   len;
    char                     path[128];
    bool                     zb = have("zbarimg");

    for (int e = 0; e < 4; e++) {
        for (int u = 0; u < 2; u++) {
            const char *uri = u ? uri_escaped : uri_unit;

            if (txng_qr_encode(&qr, uri, strlen(uri), (txng_qr_ecc) e) != TXNG_OK ||
                txng_qr_png(qr, 4, 300, &png, &len) != TXNG_OK) {
                ok(0, "png at %c", lv[e]);
                txng_qr_free(qr);
                qr = NULL;
                continue;
            }
            /* signature, IHDR: size = (width + 8) * 4, bit depth 1, grey */
            ok(len > 33 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0 &&
                   be32(png + 16) == (unsigned long) (txng_qr_width(qr) + 8) * 4 &&
                   png[24] == 1 && png[25] == 0,
               "PNG header at %c, uri %d", lv[e], u);
            snprintf(path, sizeof path, "%s/%c%d.png", tmpdir, lv[e], u);
            if (zb && write_file(path, png, len))
                ok(strcmp(zbar(path), uri) == 0, "zbarimg reads the URI back at %c, uri %d",
                   lv[e], u);
            else
                tap_skip(1, "zbarimg not installed");
            free(png);
            txng_qr_free(qr);
            qr = NULL;
        }
    }

    if (txng_qr_encode(&qr, uri_unit, strlen(uri_unit), TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "encode");
        return;
    }
    ok(txng_qr_png(qr, 0, 300, &png, &len) == TXNG_EINVAL && png == NULL, "0 px per module");
    ok(txng_qr_png(qr, 5000, 300, &png, &len) == TXNG_EINVAL, "image too large");
    ok(txng_qr_png(qr, 2, 0, &png, &len) == TXNG_EINVAL, "0 dpi");
    if (txng_qr_png(qr, 3, 600, &png, &len) == TXNG_OK) {
        const unsigned char *p     = find(png, len, "pHYs");
        bool                 found = p != NULL && p + 13 <= png + len;

        /* 600 dpi = 23622 pixels per metre, unit 1 (metre) */
        ok(found && be32(p + 4) == 23622 && be32(p + 8) == 23622 && p[12] == 1,
           "pHYs says 600 dpi");
        free(png);
    } else {
        ok(0, "png at 600 dpi");
    }
    txng_qr_free(qr);
}

/* Read the SVG path back into a matrix and compare; rasterise and decode. */
static void
test_svg(void)
{
    txng_qr    *qr = NULL;
    char       *svg;
    size_t      len;
    const char *d;
    int         w;
    bool        same = true;
    char       *grid;
    char        path[128], cmd[512];

    if (txng_qr_encode(&qr, uri_escaped, strlen(uri_escaped), TXNG_QR_ECC_Q) != TXNG_OK ||
        txng_qr_svg(qr, 25, &svg, &len) != TXNG_OK) {
        ok(0, "svg");
        txng_qr_free(qr);
        return;
    }
    w = txng_qr_width(qr);
    ok(strlen(svg) == len && strstr(svg, "width=\"25.000mm\"") != NULL &&
           strstr(svg, "viewBox=\"0 0 49 49\"") != NULL,
       "SVG size 25 mm, viewBox of %d + 8 modules", w);
    grid = calloc((size_t) (w + 8) * (size_t) (w + 8), 1);
    d    = strstr(svg, " d=\"");
    for (d = d ? d + 4 : ""; *d == 'M' || *d == '\n'; d++) {
        int x, y, n, n2, used;

        if (*d == '\n')
            continue;
        if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 || n != n2) {
            same = false;
            break;
        }
        for (int i = 0; i < n; i++)
            grid[y * (w + 8) + x + i] = 1;
        d += used - 1;
    }
    for (int y = 0; y < w + 8; y++)
        for (int x = 0; x < w + 8; x++)
            if (grid[y * (w + 8) + x] != txng_qr_dark(qr, x - 4, y - 4))
                same = false;
    ok(same, "SVG path has exactly the dark modules");
    free(grid);
    snprintf(path, sizeof path, "%s/q.svg", tmpdir);
    if (have("rsvg-convert") && have("zbarimg") && write_file(path, svg, len)) {
        snprintf(cmd, sizeof cmd, "rsvg-convert -w 400 -b white -o '%s/q-svg.png' '%s'", tmpdir,
                 path);
        ok(system(cmd) == 0, "rsvg-convert");
        snprintf(path, sizeof path, "%s/q-svg.png", tmpdir);
        ok(strcmp(zbar(path), uri_escaped) == 0, "rasterised SVG decodes to the URI");
    } else {
        tap_skip(2, "rsvg-convert or zbarimg not installed");
    }
    free(svg);
    ok(txng_qr_svg(qr, -1, &svg, &len) == TXNG_EINVAL && svg == NULL, "negative SVG size");
    if (txng_qr_svg(qr, 0, &svg, &len) == TXNG_OK) {
        ok(strstr(svg, "width=\"196\"") != NULL, "SVG without size: 4 px per module");
        free(svg);
    } else {
        ok(0, "svg without size");
    }
    txng_qr_free(qr);
}

/* Decode half blocks back into modules; the inverted drawing is the complement. */
static void
test_terminal(void)
{
    static const char *const glyph[4] = { " ", "\xe2\x96\x80", "\xe2\x96\x84", "\xe2\x96\x88" };
    txng_qr                 *qr       = NULL;
    char                    *text[2]  = { NULL, NULL };
    size_t                   len;

    if (txng_qr_encode(&qr, uri_unit, strlen(uri_unit), TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "encode");
        return;
    }
    for (int inv = 0; inv < 2; inv++) {
        const char *p     = NULL;
        int         side  = txng_qr_width(qr) + 8, lines = 0;
        bool        same  = true;

        if (txng_qr_terminal(qr, inv, &text[inv], &len) != TXNG_OK) {
            ok(0, "terminal");
            continue;
        }
        p = text[inv];
        for (int y = 0; y < side && same; y += 2, lines++) {
            for (int x = 0; x < side; x++) {
                int g;

                for (g = 0; g < 4; g++)
                    if (strncmp(p, glyph[g], strlen(glyph[g])) == 0)
                        break;
                if (g == 4) {
                    same = false;
                    break;
                }
                p += strlen(glyph[g]);
                if (((g & 1) != 0) != (txng_qr_dark(qr, x - 4, y - 4) != inv) ||
                    ((g & 2) != 0) != (txng_qr_dark(qr, x - 4, y - 3) != inv)) {
                    same = false;
                }
            }
            if (*p++ != '\n')
                same = false;
        }
        ok(same && *p == 0 && lines == (side + 1) / 2,
           "terminal drawing (%s) holds the modules, %d lines", inv ? "inverted" : "normal",
           lines);
    }
    ok(text[0] && text[1] && strncmp(text[0], " ", 1) == 0 &&
           strncmp(text[1], glyph[3], 3) == 0,
       "quiet zone: blank normally, full blocks inverted");
    free(text[0]);
    free(text[1]);
    txng_qr_free(qr);
}

int
main(void)
{
    char cmd[128];

    snprintf(tmpdir, sizeof tmpdir, "/tmp/txng-render-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        printf("1..0 # SKIP no scratch folder\n");
        return 0;
    }
    test_ecc_parse();
    test_encode_errors();
    test_matrix();
    test_module_px();
    test_png();
    test_svg();
    test_terminal();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", tmpdir);
    return tap_done();
}
