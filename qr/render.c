/*
 * render.c - QR symbols with libqrencode, drawn as PNG (libpng), SVG, text
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>
#include <qrencode.h>

#include "qr/render.h"

struct txng_qr {
    int            width;
    int            version;
    unsigned char *dark; /* width * width bytes, 1 = dark */
};

/* A growing byte buffer; on allocation failure it keeps failed set and stops. */
struct buf {
    unsigned char *p;
    size_t         len, cap;
    bool           failed;
};

static void
buf_add(struct buf *b, const void *data, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t         cap = b->cap ? b->cap : 1024;
        unsigned char *p;

        while (cap < b->len + len + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = true;
            return;
        }
        b->p   = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = 0;
}

__attribute__((format(printf, 2, 3))) static void
buf_printf(struct buf *b, const char *fmt, ...)
{
    char    tmp[128];
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t) n >= sizeof tmp) {
        b->failed = true;
        return;
    }
    buf_add(b, tmp, (size_t) n);
}

/* Hand the buffer to the caller, or free it and report ENOMEM. */
static txng_err
buf_take(struct buf *b, void *out, size_t *out_len)
{
    if (b->failed || b->p == NULL) {
        free(b->p);
        *(void **) out = NULL;
        *out_len       = 0;
        return TXNG_ENOMEM;
    }
    *(void **) out = b->p;
    *out_len       = b->len;
    return TXNG_OK;
}

bool
txng_qr_ecc_parse(const char *name, txng_qr_ecc *out)
{
    static const char levels[] = "LMQH";

    if (name == NULL || name[0] == 0 || name[1] != 0)
        return false;
    for (int i = 0; i < 4; i++) {
        if (name[0] == levels[i] || name[0] == levels[i] + ('a' - 'A')) {
            *out = (txng_qr_ecc) i;
            return true;
        }
    }
    return false;
}

txng_err
txng_qr_encode(txng_qr **out, const char *text, size_t len, txng_qr_ecc ecc)
{
    static const QRecLevel level[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
    char                  *copy    = NULL;
    QRcode                *code    = NULL;
    txng_qr               *qr      = NULL;
    txng_err               err     = TXNG_OK;
    size_t                 n;

    *out = NULL;
    if (text == NULL || len == 0 || memchr(text, 0, len) != NULL || (unsigned) ecc > 3)
        return TXNG_EINVAL;
    if (len > TXNG_QR_TEXT_MAX)
        return TXNG_EFULL;
    copy = malloc(len + 1);
    if (copy == NULL)
        return TXNG_ENOMEM;
    memcpy(copy, text, len);
    copy[len] = 0;
    /* Byte mode as the hint: libqrencode still packs runs of digits and
     * upper-case letters into their denser modes; case is kept. */
    errno = 0;
    code  = QRcode_encodeString(copy, 0, level[ecc], QR_MODE_8, 1);
    if (code == NULL) {
        err = errno == ERANGE ? TXNG_EFULL : errno == ENOMEM ? TXNG_ENOMEM : TXNG_EINVAL;
        goto out;
    }
    qr = calloc(1, sizeof *qr);
    n  = (size_t) code->width * (size_t) code->width;
    if (qr == NULL || (qr->dark = malloc(n)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    qr->width   = code->width;
    qr->version = code->version;
    for (size_t i = 0; i < n; i++)
        qr->dark[i] = code->data[i] & 1; /* the other bits say what the module is for */
    *out = qr;
    qr   = NULL;
out:
    txng_qr_free(qr);
    QRcode_free(code);
    free(copy);
    return err;
}

void
txng_qr_free(txng_qr *qr)
{
    if (qr == NULL)
        return;
    free(qr->dark);
    free(qr);
}

int
txng_qr_width(const txng_qr *qr)
{
    return qr->width;
}

int
txng_qr_version(const txng_qr *qr)
{
    return qr->version;
}

bool
txng_qr_dark(const txng_qr *qr, int x, int y)
{
    if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
        return false;
    return qr->dark[(size_t) y * (size_t) qr->width + (size_t) x] != 0;
}

/* Whole pixels per module at @p dpi for modules of at least TXNG_QR_MIN_MODULE_MM. */
static unsigned
min_module_px(unsigned dpi)
{
    double   want = TXNG_QR_MIN_MODULE_MM / 25.4 * dpi;
    unsigned px   = (unsigned) want; /* no libm: truncation is floor for positive values */

    return px < want || px == 0 ? px + 1 : px;
}

txng_err
txng_qr_module_px(int width, double mm, unsigned dpi, unsigned *px)
{
    double per;

    *px = 0;
    if (width <= 0 || !(mm > 0) || mm > 1000 || dpi < 72 || dpi > 4800)
        return TXNG_EINVAL;
    per = mm / 25.4 * dpi / (width + 2 * TXNG_QR_QUIET);
    if (per < min_module_px(dpi))
        return TXNG_EINVAL;
    *px = (unsigned) per;
    return TXNG_OK;
}

double
txng_qr_min_mm(int width, unsigned dpi)
{
    if (width <= 0 || (dpi != 0 && (dpi < 72 || dpi > 4800)))
        return 0;
    if (dpi == 0)
        return TXNG_QR_MIN_MODULE_MM * (width + 2 * TXNG_QR_QUIET);
    return min_module_px(dpi) * 25.4 / dpi * (width + 2 * TXNG_QR_QUIET);
}

static void
png_write_buf(png_structp png, png_bytep data, size_t len)
{
    struct buf *b = png_get_io_ptr(png);

    buf_add(b, data, len);
    if (b->failed)
        png_error(png, "out of memory");
}

static void
png_flush_none(png_structp png)
{
    (void) png;
}

/* libpng reports through longjmp; keep quiet instead of printing warnings. */
static void
png_quiet(png_structp png, png_const_charp msg)
{
    (void) png;
    (void) msg;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
    (void) msg;
    png_longjmp(png, 1);
}

txng_err
txng_qr_png(const txng_qr *qr, unsigned px, unsigned dpi, unsigned char **out, size_t *out_len)
{
    png_structp        png  = NULL;
    png_infop          info = NULL;
    struct buf         b    = { 0 };
    unsigned char     *row  = NULL;
    volatile txng_err  err  = TXNG_OK;
    const unsigned     side = (unsigned) (qr->width + 2 * TXNG_QR_QUIET);
    unsigned           size, rowbytes;
    png_uint_32        ppm;

    *out     = NULL;
    *out_len = 0;
    if (px == 0 || dpi == 0 || px > 32768 / side)
        return TXNG_EINVAL;
    size     = side * px;
    rowbytes = (size + 7) / 8;
    row      = malloc(rowbytes);
    png      = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    if (row == NULL || png == NULL || (info = png_create_info_struct(png)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    if (setjmp(png_jmpbuf(png))) {
        err = TXNG_ENOMEM; /* the only failure of writing to memory */
        goto out;
    }
    png_set_write_fn(png, &b, png_write_buf, png_flush_none);
    png_set_IHDR(png, info, size, size, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    ppm = (png_uint_32) (dpi / 0.0254 + 0.5);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    /* Long runs of equal bytes: no filter compresses best and is fastest. */
    png_set_filter(png, 0, PNG_FILTER_NONE);
    png_write_info(png, info);
    /* One row of pixels per row of modules, written px times. */
    for (int my = -TXNG_QR_QUIET; my < qr->width + TXNG_QR_QUIET; my++) {
        memset(row, 0xff, rowbytes); /* 1 = white in greyscale */
        for (int mx = 0; my >= 0 && my < qr->width && mx < qr->width; mx++) {
            unsigned x0 = (unsigned) (mx + TXNG_QR_QUIET) * px;

            if (!qr->dark[(size_t) my * (size_t) qr->width + (size_t) mx])
                continue;
            for (unsigned x = x0; x < x0 + px; x++)
                row[x / 8] &= (unsigned char) ~(0x80u >> (x % 8));
        }
        for (unsigned k = 0; k < px; k++)
            png_write_row(png, row);
    }
    png_write_end(png, NULL);
out:
    png_destroy_write_struct(&png, &info);
    free(row);
    if (err != TXNG_OK) {
        free(b.p);
        return err;
    }
    return buf_take(&b, out, out_len);
}

txng_err
txng_qr_svg(const txng_qr *qr, double mm, char **out, size_t *out_len)
{
    struct buf b    = { 0 };
    const int  side = qr->width + 2 * TXNG_QR_QUIET;

    *out     = NULL;
    *out_len = 0;
    if (!(mm >= 0) || mm > 1000) /* NaN too */
        return TXNG_EINVAL;
    buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (mm > 0)
        buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.3fmm\" height=\"%.3fmm\"",
                   mm, mm);
    else
        buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"",
                   side * 4, side * 4);
    buf_printf(&b, " viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">\n", side, side);
    buf_printf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
               side, side);
    for (int y = 0; y < qr->width; y++) {
        for (int x = 0; x < qr->width;) {
            int run = 0;

            while (x + run < qr->width && txng_qr_dark(qr, x + run, y))
                run++;
            if (run == 0) {
                x++;
                continue;
            }
            buf_printf(&b, "M%d %dh%dv1h-%dz", x + TXNG_QR_QUIET, y + TXNG_QR_QUIET, run, run);
            x += run;
        }
        buf_add(&b, "\n", 1);
    }
    buf_printf(&b, "\"/>\n</svg>\n");
    return buf_take(&b, out, out_len);
}

txng_err
txng_qr_terminal(const txng_qr *qr, bool invert, char **out, size_t *out_len)
{
    static const char *const glyph[4] = { " ", "\xe2\x96\x80", "\xe2\x96\x84", "\xe2\x96\x88" };
    struct buf               b        = { 0 };
    const int                lo = -TXNG_QR_QUIET, hi = qr->width + TXNG_QR_QUIET;

    *out     = NULL;
    *out_len = 0;
    for (int y = lo; y < hi; y += 2) {
        for (int x = lo; x < hi; x++) {
            bool top = txng_qr_dark(qr, x, y), bottom = txng_qr_dark(qr, x, y + 1);

            if (invert) {
                top    = !top;
                bottom = !bottom;
            }
            buf_add(&b, glyph[(top ? 1 : 0) | (bottom ? 2 : 0)],
                    strlen(glyph[(top ? 1 : 0) | (bottom ? 2 : 0)]));
        }
        buf_add(&b, "\n", 1);
    }
    return buf_take(&b, out, out_len);
}

struct txng_outfile {
    char *path; /* the final name */
    char *tmp;  /* the temporary name; NULL once committed */
    int   fd;
};

txng_err
txng_outfile_open(txng_outfile **out, const char *path, bool secret)
{
    txng_outfile *f = NULL;
    const char   *slash;
    size_t        dir_len, len;
    int           saved;
    txng_err      err = TXNG_ENOMEM;

    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return TXNG_EINVAL;
    if (access(path, F_OK) == 0)
        return TXNG_EEXIST;
    slash   = strrchr(path, '/');
    dir_len = slash != NULL ? (size_t) (slash - path) + 1 : 0;
    len     = strlen(path);
    if ((f = calloc(1, sizeof *f)) == NULL)
        return TXNG_ENOMEM;
    f->fd = -1;
    if ((f->path = strdup(path)) == NULL || (f->tmp = malloc(len + 32)) == NULL)
        goto fail;
    /* open() applies the umask to 0666; mkstemp() would force 0600 */
    for (unsigned i = 0; i < 100 && f->fd < 0; i++) {
        snprintf(f->tmp, len + 32, "%.*s.%s.%ld.%u", (int) dir_len, path, path + dir_len,
                 (long) getpid(), i);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0600 : 0666);
        if (f->fd < 0 && errno != EEXIST)
            break;
    }
    if (f->fd < 0) {
        err = TXNG_ESYS;
        free(f->tmp);
        f->tmp = NULL;
        goto fail;
    }
    *out = f;
    return TXNG_OK;
fail:
    saved = errno;
    txng_outfile_free(f);
    errno = saved;
    return err;
}

txng_err
txng_outfile_commit(txng_outfile *f, const void *data, size_t len)
{
    const unsigned char *p = data;
    int                  saved;

    if (f == NULL || f->tmp == NULL || f->fd < 0)
        return TXNG_EINVAL;
    while (len > 0) {
        ssize_t w = write(f->fd, p, len);

        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        len -= (size_t) w;
    }
    if (fsync(f->fd) != 0)
        goto fail;
    saved = close(f->fd);
    f->fd = -1;
    if (saved != 0)
        goto fail;
    /*
     * link() never replaces an existing file, unlike rename(). File systems
     * without hard links (FAT on a USB stick) refuse it: there, rename() after
     * a check, which leaves a short race with another writer of that name.
     */
    saved = link(f->tmp, f->path) == 0 ? 0 : errno;
    if ((saved == EPERM || saved == ENOTSUP || saved == ENOSYS) && access(f->path, F_OK) != 0 &&
        errno == ENOENT)
        saved = rename(f->tmp, f->path) == 0 ? 0 : errno;
    if (saved != 0) {
        unlink(f->tmp);
        free(f->tmp);
        f->tmp = NULL;
        errno  = saved;
        return saved == EEXIST ? TXNG_EEXIST : TXNG_ESYS;
    }
    unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    return TXNG_OK;
fail:
    saved = errno;
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
    unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    errno = saved;
    return TXNG_ESYS;
}

void
txng_outfile_free(txng_outfile *f)
{
    if (f == NULL)
        return;
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp != NULL)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    free(f);
}
