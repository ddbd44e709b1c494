/*
 * test_media.c - the product image store: types, limits, put/get/remove/list,
 * read-only opens, and a stored image that no longer matches its hash
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/media.h"
#include "tests/tap.h"

static const unsigned char png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* A "PNG" of @p len bytes: the signature, then a pattern that depends on @p seed. */
static unsigned char *
fake_png(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len);

    if (p == NULL)
        abort();
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char) (i * 31u + seed);
    memcpy(p, png_head, len < sizeof png_head ? len : sizeof png_head);
    return p;
}

struct seen {
    size_t        n, bytes;
    unsigned char first[TXNG_HASH_BYTES];
};

static txng_err
count_item(void *ctx, const txng_media_item *it)
{
    struct seen *s = ctx;

    if (s->n++ == 0)
        memcpy(s->first, it->hash, TXNG_HASH_BYTES);
    s->bytes += it->len;
    return it->type != NULL ? TXNG_OK : TXNG_ECORRUPT;
}

static txng_err
stop_at_first(void *ctx, const txng_media_item *it)
{
    (void) ctx;
    (void) it;
    return TXNG_EEXIST;
}

static void
test_types(void)
{
    static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F' };
    static const unsigned char webp[] = "RIFF\x10\0\0\0WEBPVP8 ";
    static const unsigned char gif[]  = "GIF89a\x01\0\x01\0";
    static const unsigned char svg[]  = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    txng_diag                  d      = TXNG_DIAG_INIT;
    unsigned char             *big;

    ok(strcmp(txng_media_type(png_head, sizeof png_head), "image/png") == 0, "PNG");
    ok(strcmp(txng_media_type(jpeg, sizeof jpeg), "image/jpeg") == 0, "JPEG");
    ok(strcmp(txng_media_type(webp, sizeof webp - 1), "image/webp") == 0, "WebP");
    ok(txng_media_type(gif, sizeof gif - 1) == NULL, "GIF is not kept");
    ok(txng_media_type(svg, sizeof svg - 1) == NULL, "SVG (it can carry script) is not kept");
    ok(txng_media_type(png_head, 7) == NULL, "a PNG signature cut short");
    ok(txng_media_type(webp, 11) == NULL, "a WebP header cut short");

    ok(txng_media_check(png_head, 0, &d) == TXNG_EFORMAT &&
           strcmp(d.reason, "the image file is empty") == 0 && strcmp(d.field, "image") == 0,
       "empty refused");
    ok(txng_media_check(svg, sizeof svg - 1, &d) == TXNG_EFORMAT &&
           strcmp(d.reason, "not a PNG, JPEG or WebP image") == 0,
       "SVG refused");
    big = fake_png(TXNG_MEDIA_MAX + 1, 1);
    ok(txng_media_check(big, TXNG_MEDIA_MAX + 1, &d) == TXNG_EFORMAT &&
           strcmp(d.reason, "image larger than 2 MiB") == 0,
       "one byte over the limit refused");
    ok(txng_media_check(big, TXNG_MEDIA_MAX, &d) == TXNG_OK, "exactly the limit kept");
    free(big);
}

static void
test_store(const char *dir)
{
    txng_media   *m = NULL, *ro = NULL;
    unsigned char h1[TXNG_HASH_BYTES], h2[TXNG_HASH_BYTES], want[TXNG_HASH_BYTES];
    unsigned char missing[TXNG_HASH_BYTES] = { 0 };
    unsigned char *a = fake_png(5000, 7), *b = fake_png(300000, 9), *got = NULL;
    size_t        len = 0;
    const char   *type = NULL;
    bool          added = false;
    struct seen   seen = { 0 };
    txng_diag     d = TXNG_DIAG_INIT;
    char          path[512];

    ok(txng_media_open(&ro, dir, true) == TXNG_ENOTFOUND && ro == NULL,
       "read-only open before any image: not found");
    ok(txng_media_open(&m, dir, false) == TXNG_OK, "open for writing creates media/");
    snprintf(path, sizeof path, "%s/media/data.mdb", dir);
    ok(access(path, F_OK) == 0, "media/data.mdb exists");

    ok(txng_media_put(m, a, 5000, h1, &added, &d) == TXNG_OK && added, "put a new image");
    txng_sha256(want, a, 5000);
    ok(memcmp(h1, want, sizeof want) == 0, "its key is its SHA-256");
    ok(txng_media_put(m, a, 5000, h1, &added, &d) == TXNG_OK && !added, "put again: not added");
    ok(txng_media_put(m, b, 300000, h2, NULL, &d) == TXNG_OK, "a second, larger image");
    ok(txng_media_put(m, "GIF89a", 6, h2, &added, &d) == TXNG_EFORMAT && !added,
       "a GIF is refused by put too");

    ok(txng_media_get(m, h1, &got, &len, &type) == TXNG_OK && len == 5000 &&
           memcmp(got, a, len) == 0 && strcmp(type, "image/png") == 0,
       "get returns the bytes and type");
    free(got);
    got = NULL;
    ok(txng_media_get(m, missing, &got, &len, &type) == TXNG_ENOTFOUND && got == NULL,
       "unknown hash: not found");

    ok(txng_media_list(m, count_item, &seen) == TXNG_OK && seen.n == 2 &&
           seen.bytes == 305000,
       "list: two images, 305,000 bytes");
    ok(txng_media_list(m, stop_at_first, NULL) == TXNG_EEXIST, "list stops at the callback's error");

    /* a reader in another handle sees the durable store; it cannot write */
    ok(txng_media_open(&ro, dir, true) == TXNG_OK, "read-only open");
    ok(txng_media_get(ro, h2, &got, &len, NULL) == TXNG_OK && len == 300000,
       "read-only get of the larger image");
    free(got);
    got = NULL;
    ok(txng_media_put(ro, a, 5000, h1, &added, &d) == TXNG_EPERM && !added, "read-only put refused");
    ok(txng_media_remove(ro, h1) == TXNG_EPERM, "read-only remove refused");
    txng_media_close(ro);

    ok(txng_media_remove(m, h1) == TXNG_OK, "remove");
    ok(txng_media_get(m, h1, &got, &len, NULL) == TXNG_ENOTFOUND, "removed image is gone");
    ok(txng_media_remove(m, h1) == TXNG_OK, "removing it again is not an error");
    txng_media_close(m);
    txng_media_close(NULL);
    free(a);
    free(b);
}

/* Flip one byte of the image inside data.mdb: get must refuse it, not serve it. */
static void
test_tampered(const char *dir)
{
    txng_media    *m = NULL;
    unsigned char  h[TXNG_HASH_BYTES], *img = fake_png(4096, 3), *got = NULL;
    unsigned char *file = NULL;
    size_t         len = 0, flen = 0;
    char           path[700];
    FILE          *f;
    txng_diag      d = TXNG_DIAG_INIT;

    memcpy(img + 100, "ginseng-root-photo", 18);
    ok(txng_media_open(&m, dir, false) == TXNG_OK && txng_media_put(m, img, 4096, h, NULL, &d) ==
                                                         TXNG_OK,
       "keep an image");
    txng_media_close(m);
    snprintf(path, sizeof path, "%s/media/data.mdb", dir);
    f = fopen(path, "r+b");
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (flen = (size_t) ftell(f)) > 0 &&
        (file = malloc(flen)) != NULL && fseek(f, 0, SEEK_SET) == 0 &&
        fread(file, 1, flen, f) == flen) {
        unsigned char *at = NULL;

        for (size_t i = 0; at == NULL && i + 18 <= flen; i++)
            if (memcmp(file + i, "ginseng-root-photo", 18) == 0)
                at = file + i;

        if (at != NULL) {
            at[0] ^= 0x20;
            fseek(f, (long) (at - file), SEEK_SET);
            fwrite(at, 1, 1, f);
        }
        ok(at != NULL, "found the image bytes in data.mdb");
    } else {
        ok(0, "read %s", path);
    }
    if (f != NULL)
        fclose(f);
    ok(txng_media_open(&m, dir, true) == TXNG_OK, "reopen read-only");
    ok(txng_media_get(m, h, &got, &len, NULL) == TXNG_ECORRUPT && got == NULL,
       "a changed image is refused as corrupt");
    txng_media_close(m);
    free(file);
    free(img);
}

int
main(void)
{
    char root[] = "/tmp/txng-media-XXXXXX", dir2[600], cmd[700];

    if (mkdtemp(root) == NULL)
        return 1;
    snprintf(dir2, sizeof dir2, "%s/b", root);
    test_types();
    test_store(root);
    if (mkdir(dir2, 0700) == 0)
        test_tampered(dir2);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return tap_done();
}
