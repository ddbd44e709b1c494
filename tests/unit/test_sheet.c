/*
 * test_sheet.c - label sheets: layouts, text fitting and refusals, and the
 * PDF read back with poppler (pdftoppm, pdftotext, pdfinfo) and zbarimg
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qr/sheet.h"
#include "tests/tap.h"

#define GTIN "08930000000033"

static const char name_vi[]     = "Sâm Ngọc Linh sấy lát, hộp 40 g";
static const char producer_vi[] = "HTX Sâm Ngọc Linh Tu Mơ Rông";

static const txng_sheet_captions captions_vi = {
    "Lô", "Số sê-ri", "Khối lượng tịnh", "Ngày thu hoạch", "Hạn sử dụng", "Nhà sản xuất",
    "Cào lớp phủ: mã xác thực",
};

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

/* stdout of @p cmd, malloc'd (free()) */
static char *
run(const char *cmd)
{
    FILE  *p   = popen(cmd, "r");
    size_t cap = 65536, n = 0, r;
    char  *out = malloc(cap);

    out[0] = 0;
    if (p == NULL)
        return out;
    while ((r = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (n + 1 == cap)
            out = realloc(out, cap *= 2);
    }
    out[n] = 0;
    pclose(p);
    return out;
}

struct unit {
    char uri[200], hri[100], serial[12], claim[10];
};

static void
unit_make(struct unit *u, int i, const char *lot, bool claim)
{
    snprintf(u->serial, sizeof u->serial, "%06d", i);
    snprintf(u->uri, sizeof u->uri, "https://trace.htx.vn/01/" GTIN "/10/%s/21/%s?17=261119", lot,
             u->serial);
    snprintf(u->hri, sizeof u->hri, "(01)" GTIN "(10)%s(21)%s(17)261119", lot, u->serial);
    snprintf(u->claim, sizeof u->claim, "%s", claim ? "4KX9-2PQM" : "");
}

static txng_sheet_label
label_of(const struct unit *u, const char *lot)
{
    txng_sheet_label l = { 0 };

    l.uri      = u->uri;
    l.hri      = u->hri;
    l.name     = name_vi;
    l.lot      = lot;
    l.serial   = u->serial;
    l.net      = "40 g";
    l.harvest  = "2024-11-12";
    l.expiry   = "2026-11-19";
    l.producer = producer_vi;
    l.claim    = u->claim;
    return l;
}

static void
test_layouts(void)
{
    txng_sheet_layout l;
    txng_diag         d = TXNG_DIAG_INIT;

    ok(txng_sheet_layout_named("a4-3x8", &l) == TXNG_OK && l.cols == 3 && l.rows == 8 &&
           l.label_w == 70 && l.label_h == 37 && l.page_w == 210 && l.page_h == 297,
       "a4-3x8: 3 x 8 labels of 70 x 37 mm on A4");
    ok(txng_sheet_layout_named("a4-2x5", &l) == TXNG_OK && l.cols == 2 && l.rows == 5 &&
           l.label_w == 105 && l.label_h == 57 && l.top == 6,
       "a4-2x5: 2 x 5 labels of 105 x 57 mm");
    ok(txng_sheet_layout_named("roll-50x30", &l) == TXNG_OK && l.page_w == 50 &&
           l.page_h == 30 && l.cols == 1,
       "roll-50x30: one 50 x 30 mm page per label");
    ok(txng_sheet_layout_named("a5", &l) == TXNG_ENOTFOUND && l.cols == 0, "unknown layout");

    ok(txng_sheet_layout_grid(&l, "4x10", "48x25mm", NULL, NULL, &d) == TXNG_OK &&
           l.cols == 4 && l.rows == 10 && l.left == 9 && l.top == 23.5,
       "grid 4x10 of 48 x 25 mm, centred on A4");
    ok(txng_sheet_layout_grid(&l, "2x2", "40.5x20", "5,7.25,2,3", "100x60mm", &d) == TXNG_OK &&
           l.label_w == 40.5 && l.top == 5 && l.left == 7.25 && l.gap_x == 2 &&
           l.gap_y == 3 && l.page_w == 100,
       "grid with margins, gaps and a page size");
#define REFUSED(g, lab, m, p, why, fld, name)                                                      \
    do {                                                                                           \
        txng_diag dd = TXNG_DIAG_INIT;                                                             \
        ok(txng_sheet_layout_grid(&l, g, lab, m, p, &dd) == TXNG_EFORMAT && dd.reason &&          \
               strcmp(dd.reason, why) == 0 && strcmp(dd.field, fld) == 0,                          \
           "grid refused: %s", name);                                                              \
    } while (0)
    REFUSED("4x", "48x25", NULL, NULL, "not COLSxROWS", "grid", "4x");
    REFUSED("x4", "48x25", NULL, NULL, "not COLSxROWS", "grid", "x4");
    REFUSED("4x10y", "48x25", NULL, NULL, "not COLSxROWS", "grid", "4x10y");
    REFUSED("0x3", "48x25", NULL, NULL, "from 1 to 50 labels across and down", "grid",
            "0 columns");
    REFUSED("4x60", "48x25", NULL, NULL, "from 1 to 50 labels across and down", "grid",
            "60 rows");
    REFUSED("4x10", "48x", NULL, NULL, "not WxHmm", "label", "48x");
    REFUSED("4x10", "48x25cm", NULL, NULL, "not WxHmm", "label", "cm");
    REFUSED("4x10", "5x25", NULL, NULL, "width and height from 10 to 500 mm", "label",
            "5 mm wide");
    REFUSED("4x10", "48x25", NULL, "5x300", "width and height from 10 to 2000 mm", "page",
            "page 5 mm wide");
    REFUSED("4x10", "48x25", "0,0,501,0", NULL, "margins and gaps from 0 to 500 mm", "margins",
            "gap of 501 mm");
    REFUSED("4x10", "48x25", "1,2,3", NULL, "not TOP,LEFT or TOP,LEFT,GAPX,GAPY in mm", "margins",
            "three margins");
    REFUSED("4x10", "48x25", "1,-2", NULL, "not TOP,LEFT or TOP,LEFT,GAPX,GAPY in mm", "margins",
            "negative margin");
    REFUSED("4x10", "48x25", NULL, "100", "not WxHmm", "page", "page 100");
    REFUSED("5x10", "48x25", NULL, NULL, "labels do not fit on the page", "grid", "too wide");
    REFUSED("4x10", "48x25", "10,20", NULL, "labels do not fit on the page", "grid",
            "margins push past the edge");
    REFUSED("2x2", "48x25", "0,0,5,5", "100x50", "labels do not fit on the page", "grid",
            "gaps push past the edge");
    {
        txng_diag dd = TXNG_DIAG_INIT;
        int       mc = -1, mr = -1;

        /* a grid that does not fit leaves its layout, to say what fits */
        ok(txng_sheet_layout_grid(&l, "5x10", "48x25", NULL, NULL, &dd) == TXNG_EFORMAT &&
               l.cols == 5 && l.label_w == 48,
           "a grid too large for its page gives back its layout");
        txng_sheet_layout_max(&l, &mc, &mr);
        ok(mc == 4 && mr == 11, "4 x 11 labels of 48 x 25 mm fit on A4 (%d x %d)", mc, mr);
        ok(txng_sheet_layout_grid(&l, "2x2", "48x25", "0,0,5,5", "100x50", &dd) ==
               TXNG_EFORMAT,
           "gaps past the edge");
        txng_sheet_layout_max(&l, &mc, &mr);
        ok(mc == 1 && mr == 1, "with 5 mm gaps, 1 x 1 of 48 x 25 mm fit on 100 x 50 (%d x %d)",
           mc, mr);
        l.page_w = 40;
        txng_sheet_layout_max(&l, &mc, &mr);
        ok(mc == 0, "none fits a page narrower than a label");
    }
}

static void
test_errors(void)
{
    txng_sheet       *s   = NULL;
    txng_sheet_layout l   = { 0 };
    txng_diag         d   = TXNG_DIAG_INIT;
    unsigned char    *pdf = NULL;
    size_t            len;
    struct unit       u;
    txng_sheet_label  lab;
    char              bad[] = "S\xe2m";

    ok(txng_sheet_new(&s, &l, NULL, TXNG_QR_ECC_M) == TXNG_EINVAL && s == NULL, "empty layout");
    if (txng_sheet_layout_named("a4-3x8", &l) != TXNG_OK)
        return;
    l.cols = 4;
    ok(txng_sheet_new(&s, &l, NULL, TXNG_QR_ECC_M) == TXNG_EINVAL, "layout wider than its page");
    l.cols = 3;
    ok(txng_sheet_new(&s, &l, NULL, (txng_qr_ecc) 9) == TXNG_EINVAL, "bad ecc");
    if (txng_sheet_new(&s, &l, NULL, TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "sheet");
        return;
    }
    ok(txng_sheet_finish(s, &pdf, &len) == TXNG_EINVAL && pdf == NULL, "finish with no label");
    unit_make(&u, 1, "L24-017-S", false);
    lab     = label_of(&u, "L24-017-S");
    lab.uri = NULL;
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EINVAL, "label without uri");
    lab      = label_of(&u, "L24-017-S");
    lab.name = bad;
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EFORMAT && strcmp(d.reason, "not UTF-8") == 0 &&
           strcmp(d.field, "product name") == 0,
       "name not UTF-8");
    ok(txng_sheet_count(s) == 0, "nothing drawn");
    lab = label_of(&u, "L24-017-S");
    ok(txng_sheet_add(s, &lab, &d) == TXNG_OK && txng_sheet_count(s) == 1, "one label");
    ok(txng_sheet_finish(s, &pdf, &len) == TXNG_OK && len > 1000 && memcmp(pdf, "%PDF-", 5) == 0,
       "finished: a PDF");
    free(pdf);
    ok(txng_sheet_finish(s, &pdf, &len) == TXNG_EINVAL, "finish twice");
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EINVAL, "add after finish");
    txng_sheet_free(s);
    txng_sheet_free(NULL);
}

/* Text that cannot fit is refused with the label and the field, never cut. */
static void
test_too_long(void)
{
    txng_sheet       *s = NULL;
    txng_sheet_layout l;
    txng_diag         d = TXNG_DIAG_INIT;
    struct unit       u;
    txng_sheet_label  lab;
    char              longname[400], longuri[1400];

    if (txng_sheet_layout_grid(&l, "4x10", "48x25", NULL, NULL, &d) != TXNG_OK ||
        txng_sheet_new(&s, &l, &captions_vi, TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "small sheet");
        return;
    }
    unit_make(&u, 1, "L24-017-S", false);
    lab = label_of(&u, "L24-017-S");
    ok(txng_sheet_add(s, &lab, &d) == TXNG_OK, "a normal label fits 48 x 25 mm");
    memset(longname, 0, sizeof longname);
    for (size_t i = 0; i + 16 < sizeof longname; i += 15)
        memcpy(longname + i, "Sâm Ngọc Linh ", 15);
    lab.name = longname;
    d        = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EFORMAT && d.reason &&
           strcmp(d.reason, "text does not fit the label") == 0 &&
           strcmp(d.field, "product name") == 0 && d.has_index && d.index == 1,
       "a 25-word name is refused: label 1, product name");
    lab      = label_of(&u, "L24-017-S");
    lab.producer = longname + 200;
    d            = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EFORMAT && strcmp(d.field, "producer") == 0,
       "a long producer is refused: producer (got %s)", d.field);
    ok(txng_sheet_count(s) == 1, "refused labels draw nothing");
    memset(longuri, 0, sizeof longuri);
    snprintf(longuri, sizeof longuri, "https://trace.htx.vn/01/" GTIN "/21/1?x=");
    memset(longuri + strlen(longuri), 'a', 1000);
    lab     = label_of(&u, "L24-017-S");
    lab.uri = longuri;
    d       = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_sheet_add(s, &lab, &d) == TXNG_EFORMAT && strcmp(d.field, "QR code") == 0,
       "a 1000-character URI is refused: QR code modules too small");
    txng_sheet_free(s);
}

/* 24 labels on one A4 page: every code decodes, to the right serials; the Vietnamese reads back. */
static void
test_pdf(void)
{
    txng_sheet       *s = NULL;
    txng_sheet_layout l;
    txng_diag         d   = TXNG_DIAG_INIT;
    unsigned char    *pdf = NULL;
    size_t            len;
    struct unit       u[25];
    char              path[128], cmd[1024];
    char             *out;
    bool              all = true;
    int               found;

    if (txng_sheet_layout_named("a4-3x8", &l) != TXNG_OK ||
        txng_sheet_new(&s, &l, &captions_vi, TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "sheet");
        return;
    }
    for (int i = 0; i < 24; i++) {
        txng_sheet_label lab;

        unit_make(&u[i], i + 1, "L24-017-S", i == 6);
        lab = label_of(&u[i], "L24-017-S");
        if (txng_sheet_add(s, &lab, &d) != TXNG_OK)
            all = false;
    }
    ok(all && txng_sheet_count(s) == 24, "24 labels laid out");
    ok(txng_sheet_finish(s, &pdf, &len) == TXNG_OK, "PDF made");
    txng_sheet_free(s);
    snprintf(path, sizeof path, "%s/s24.pdf", tmpdir);
    /* the 25-label and roll sheets go to s25.pdf, roll.pdf */
    if (pdf == NULL || !write_file(path, pdf, len) || !have("pdftoppm") || !have("zbarimg") ||
        !have("pdftotext") || !have("convert")) {
        free(pdf);
        tap_skip(6, "poppler-utils, ImageMagick or zbarimg not installed");
        return;
    }
    free(pdf);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep -c '^Pages: *1$'", path);
    out = run(cmd);
    ok(strcmp(out, "1\n") == 0, "one page");
    free(out);
    /* zbar may miss one code among 24 on a page: cut the page into its 3 x 8 labels first */
    snprintf(cmd, sizeof cmd,
             "pdftoppm -r 300 -gray -png '%s' '%s/p' && convert '%s/p-1.png' -crop 3x8@ +repage "
             "'%s/t-%%02d.png' && for t in '%s'/t-*.png; do zbarimg -q --raw \"$t\" 2>/dev/null "
             "|| echo none; done",
             path, tmpdir, tmpdir, tmpdir, tmpdir);
    out = run(cmd);
    {
        char  want[24 * 210] = "";
        char *w              = want;

        for (int i = 0; i < 24; i++)
            w += sprintf(w, "%.200s\n", u[i].uri);
        ok(strcmp(out, want) == 0,
           "pdftoppm + zbarimg, label by label: 24 codes, serials 000001-000024 in order");
    }
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - | tr -s ' \\n' '  '", path);
    out = run(cmd);
    ok(strstr(out, name_vi) != NULL, "pdftotext gives the Vietnamese product name back");
    ok(strstr(out, producer_vi) != NULL && strstr(out, "Ngày thu hoạch: 2024-11-12") != NULL &&
           strstr(out, "Hạn sử dụng: 2026-11-19") != NULL,
       "pdftotext gives the producer and the captioned dates back");
    ok(strstr(out, "(01)" GTIN "(10)L24-017-S(21)000024(17)261119") != NULL,
       "human-readable line of label 24");
    ok(strstr(out, "4KX9-2PQM") != NULL && strstr(out, "Cào lớp phủ") != NULL,
       "the claim code and its caption on label 7");
    free(out);

    /* 25 labels: two pages; roll: one page per label; the QR of a roll label decodes */
    if (txng_sheet_new(&s, &l, NULL, TXNG_QR_ECC_Q) != TXNG_OK) {
        ok(0, "sheet");
        return;
    }
    all = true;
    for (int i = 0; i < 25; i++) {
        txng_sheet_label lab;

        unit_make(&u[i], i + 1, "L%2F24", false);
        lab = label_of(&u[i], "L/24");
        if (txng_sheet_add(s, &lab, &d) != TXNG_OK)
            all = false;
    }
    snprintf(path, sizeof path, "%s/s25.pdf", tmpdir);
    ok(all && txng_sheet_finish(s, &pdf, &len) == TXNG_OK && write_file(path, pdf, len),
       "25 labels");
    free(pdf);
    txng_sheet_free(s);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep -c '^Pages: *2$'", path);
    out = run(cmd);
    ok(strcmp(out, "1\n") == 0, "25 labels of a4-3x8: two pages");
    free(out);

    if (txng_sheet_layout_named("roll-50x30", &l) != TXNG_OK ||
        txng_sheet_new(&s, &l, &captions_vi, TXNG_QR_ECC_M) != TXNG_OK) {
        ok(0, "roll");
        return;
    }
    all = true;
    for (int i = 0; i < 3; i++) {
        txng_sheet_label lab;

        unit_make(&u[i], i + 1, "L24-017-S", i == 2);
        /* as long as a signed label: 8030 and 86 characters */
        snprintf(u[i].uri + strlen(u[i].uri), sizeof u[i].uri - strlen(u[i].uri),
                 "&8030=%.86s",
                 "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_"
                 "AbCdEfGhIj");
        lab = label_of(&u[i], "L24-017-S");
        /* 50 x 30 mm takes a claim code besides seven Vietnamese fields: under the code */
        if (txng_sheet_add(s, &lab, &d) != TXNG_OK)
            all = false;
    }
    snprintf(path, sizeof path, "%s/roll.pdf", tmpdir);
    ok(all && txng_sheet_finish(s, &pdf, &len) == TXNG_OK && write_file(path, pdf, len),
       "3 roll labels with signed-length URIs, one with a claim code (%s %s)", d.field,
       d.reason ? d.reason : "");
    free(pdf);
    txng_sheet_free(s);
    snprintf(cmd, sizeof cmd,
             "pdftoppm -r 300 -gray -png '%s' '%s/r' && zbarimg -q --raw %s/r*.png "
             "2>/dev/null | sort",
             path, tmpdir, tmpdir);
    out   = run(cmd);
    found = 0;
    for (int i = 0; i < 3; i++) {
        char line[sizeof u[i].uri + 2];

        snprintf(line, sizeof line, "%.200s\n", u[i].uri);
        if (strstr(out, line) != NULL)
            found++;
    }
    ok(found == 3, "roll pages: 3 codes decode (found %d)", found);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -f 3 -l 3 '%s' - | grep -c '^4KX9-2PQM$'", path);
    out = run(cmd);
    ok(strcmp(out, "1\n") == 0, "the claim code is on the third roll label");
    free(out);
}

int
main(void)
{
    char cmd[128];

    snprintf(tmpdir, sizeof tmpdir, "/tmp/txng-sheet-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        printf("1..0 # SKIP no scratch folder\n");
        return 0;
    }
    /*
     * A fontconfig configuration with only the DejaVu fonts: the labels need
     * no other, and parsing Debian 12's /etc/fonts (fontconfig 2.14.1) loses
     * 256 bytes that valgrind and LeakSanitizer would report.
     */
    {
        char  conf[128];
        FILE *f;

        snprintf(conf, sizeof conf, "%s/fonts.conf", tmpdir);
        f = fopen(conf, "w");
        if (f == NULL)
            return 1;
        fprintf(f,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
                "<fontconfig>\n<dir>/usr/share/fonts/truetype/dejavu</dir>\n"
                "<cachedir>%s/fc-cache</cachedir>\n</fontconfig>\n",
                tmpdir);
        if (fclose(f) != 0 || setenv("FONTCONFIG_FILE", conf, 1) != 0)
            return 1;
    }
    test_layouts();
    test_errors();
    test_too_long();
    test_pdf();
    txng_sheet_release_fonts();
    /* TXNG_TEST_KEEP=1 keeps the PDFs and images for a look */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (getenv("TXNG_TEST_KEEP") != NULL)
        printf("# kept %s\n", tmpdir);
    else if (system(cmd) != 0)
        printf("# could not remove %s\n", tmpdir);
    return tap_done();
}
