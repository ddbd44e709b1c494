/*
 * bench_qr.c - speed of label QR codes and label sheets
 *
 * Figures, all measured in the same run on signed-length label URIs
 * (https://trace.htx.vn/01/GTIN/10/LOT/21/SERIAL?17=..&7007=..&8030=<86 chars>):
 *   1. txng_qr_encode + txng_qr_png (4 px per module, to memory) per second,
 *      beside the raw primitive: QRcode_encodeString + a plain libpng write of
 *      the same image (1-bit grey, same scale, to memory); target >= 0.5x;
 *   2. the `qrencode -o FILE.png` command, one process per label (as a shell
 *      script around it would run); target: in-process >= 10x;
 *   3. a 1,000-label PDF (a4-3x8, 42 pages) with txng_sheet_*; target <= 10 s.
 * TXNG_BENCH_N sets the number of codes in figure 1 (default 5000),
 * TXNG_BENCH_LABELS the labels of figure 3 (default 1000). Timings
 * are reported, never asserted; the program fails only when an operation fails.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <png.h>
#include <qrencode.h>

#include "qr/render.h"
#include "qr/sheet.h"

#define SIG "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIj"

static int failures;

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
uri_of(char *out, size_t cap, unsigned i)
{
    snprintf(out, cap,
             "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/%06u?17=261119&7007=241112"
             "&8030=%s",
             i, SIG);
}

struct mem {
    unsigned char *p;
    size_t         len, cap;
};

static void
mem_write(png_structp png, png_bytep data, size_t len)
{
    struct mem *m = png_get_io_ptr(png);

    if (m->len + len > m->cap) {
        m->cap = (m->len + len) * 2;
        m->p   = realloc(m->p, m->cap);
        if (m->p == NULL)
            png_error(png, "out of memory");
    }
    memcpy(m->p + m->len, data, len);
    m->len += len;
}

static void
mem_flush(png_structp png)
{
    (void) png;
}

/* The raw primitive: libqrencode and a straightforward libpng write, same image. */
static size_t
raw_png(const char *uri, unsigned px)
{
    QRcode        *code = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    png_structp    png;
    png_infop      info;
    struct mem     m = { 0 };
    unsigned       side, size, rowbytes;
    unsigned char *row;
    size_t         len;

    if (code == NULL)
        return 0;
    side     = (unsigned) code->width + 8;
    size     = side * px;
    rowbytes = (size + 7) / 8;
    row      = malloc(rowbytes);
    png      = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    info     = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        free(m.p);
        QRcode_free(code);
        return 0;
    }
    png_set_write_fn(png, &m, mem_write, mem_flush);
    png_set_IHDR(png, info, size, size, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (unsigned y = 0; y < size; y++) {
        int my = (int) (y / px) - 4;

        memset(row, 0xff, rowbytes);
        for (unsigned x = 0; x < size; x++) {
            int mx = (int) (x / px) - 4;

            if (mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                (code->data[my * code->width + mx] & 1))
                row[x / 8] &= (unsigned char) ~(0x80u >> (x % 8));
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    len = m.len;
    free(row);
    free(m.p);
    QRcode_free(code);
    return len;
}

static size_t
txng_png(const char *uri, unsigned px)
{
    txng_qr       *qr = NULL;
    unsigned char *png;
    size_t         len = 0;

    if (txng_qr_encode(&qr, uri, strlen(uri), TXNG_QR_ECC_M) != TXNG_OK ||
        txng_qr_png(qr, px, 300, &png, &len) != TXNG_OK) {
        txng_qr_free(qr);
        return 0;
    }
    free(png);
    txng_qr_free(qr);
    return len;
}

int
main(void)
{
    const char       *env = getenv("TXNG_BENCH_N");
    unsigned          n   = env != NULL && atoi(env) > 0 ? (unsigned) atoi(env) : 5000;
    const char       *envl = getenv("TXNG_BENCH_LABELS");
    unsigned          nlab = envl != NULL && atoi(envl) > 0 ? (unsigned) atoi(envl) : 1000;
    unsigned          ncmd = 200;
    char              uri[512], cmd[1024], tmp[] = "/tmp/bench_qr.XXXXXX";
    double            t0, t_raw, t_txng, t_cmd, t_pdf;
    size_t            bytes = 0;
    txng_sheet       *sheet = NULL;
    txng_sheet_layout lay;
    unsigned char    *pdf = NULL;
    size_t            pdf_len = 0;

    /* interleave two rounds each so that neither side gets a warmer cache */
    t_raw = t_txng = 0;
    for (int round = 0; round < 2; round++) {
        t0 = now_s();
        for (unsigned i = 0; i < n / 2; i++) {
            uri_of(uri, sizeof uri, i);
            if (raw_png(uri, 4) == 0)
                failures++;
        }
        t_raw += now_s() - t0;
        t0 = now_s();
        for (unsigned i = 0; i < n / 2; i++) {
            uri_of(uri, sizeof uri, i);
            if ((bytes = txng_png(uri, 4)) == 0)
                failures++;
        }
        t_txng += now_s() - t0;
    }
    printf("# %u codes, %zu-character URIs, 4 px per module, ECC M (last PNG %zu bytes)\n", n,
           strlen(uri), bytes);
    printf("raw QRcode_encodeString + libpng   %9.0f codes/s\n", n / t_raw);
    printf("txng_qr_encode + txng_qr_png       %9.0f codes/s   (%.2fx raw; target >= 0.5x)\n",
           n / t_txng, t_raw / t_txng);

    if (mkdtemp(tmp) == NULL || system("command -v qrencode >/dev/null 2>&1") != 0) {
        printf("qrencode -o: not measured (no qrencode command or no scratch folder)\n");
    } else {
        t0 = now_s();
        for (unsigned i = 0; i < ncmd; i++) {
            uri_of(uri, sizeof uri, i);
            snprintf(cmd, sizeof cmd, "qrencode -s 4 -m 4 -l M -o '%s/q.png' '%s'", tmp, uri);
            if (system(cmd) != 0)
                failures++;
        }
        t_cmd = now_s() - t0;
        printf("qrencode -o FILE.png per label     %9.0f codes/s   (in-process is %.1fx; target "
               ">= 10x)\n",
               ncmd / t_cmd, (n / t_txng) / (ncmd / t_cmd));
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        if (system(cmd) != 0)
            failures++;
    }

    t0 = now_s();
    if (txng_sheet_layout_named("a4-3x8", &lay) != TXNG_OK ||
        txng_sheet_new(&sheet, &lay, NULL, TXNG_QR_ECC_M) != TXNG_OK) {
        failures++;
    } else {
        for (unsigned i = 0; i < nlab; i++) {
            txng_sheet_label l = { 0 };
            char             hri[100], serial[12], code[16];
            txng_diag        diag = TXNG_DIAG_INIT;

            uri_of(uri, sizeof uri, i + 1);
            snprintf(serial, sizeof serial, "%06u", (i + 1) % 1000000);
            snprintf(hri, sizeof hri, "(01)08930000000033(10)L24-017-S(21)%s(17)261119(7007)241112",
                     serial);
            snprintf(code, sizeof code, "4KX9-%04u", i % 10000);
            l.uri      = uri;
            l.hri      = hri;
            l.name     = "Sâm Ngọc Linh sấy lát, hộp 40 g";
            l.lot      = "L24-017-S";
            l.serial   = serial;
            l.net      = "40 g";
            l.harvest  = "2024-11-12";
            l.expiry   = "2026-11-19";
            l.producer = "HTX Sâm Ngọc Linh Tu Mơ Rông";
            l.claim    = code;
            if (txng_sheet_add(sheet, &l, &diag) != TXNG_OK) {
                fprintf(stderr, "bench_qr: label %u: %s %s\n", i, diag.field,
                        diag.reason ? diag.reason : "");
                failures++;
                break;
            }
        }
        if (txng_sheet_finish(sheet, &pdf, &pdf_len) != TXNG_OK)
            failures++;
    }
    t_pdf = now_s() - t0;
    printf("%u-label PDF (a4-3x8, signed URIs, claim codes)  %.2f s, %zu bytes (target for 1000: "
           "<= 10 s)\n",
           nlab, t_pdf, pdf_len);
    free(pdf);
    txng_sheet_free(sheet);
    return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
