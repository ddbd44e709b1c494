/*
 * cmd_media.c - txng media: the product images kept beside the log
 *
 * `txng product add --image FILE` signs the image's SHA-256 into the
 * product record and keeps the image in the log folder's media store
 * (core/media.h), from where `txng serve` shows it. This command adds images
 * for records that named only a hash, lists what is kept, and copies one out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/hash.h"
#include "core/media.h"

static const char options[] =
    N_("commands:\n"
       "  add FILE...          keep PNG, JPEG or WebP images (at most 2 MiB each)\n"
       "  list                 list the images kept, by SHA-256\n"
       "  get SHA256 -o FILE   copy one image out\n"
       "options:\n"
       "  -d, --dir DIR    the log folder (or $TXNG_DIR)\n"
       "  -o, --output F   where get writes (must not exist)\n"
       "  -j, --json       list as JSON Lines\n"
       "  -h, --help       show this help\n"
       "A product record names its image by SHA-256 (product add --image FILE keeps\n"
       "the file too); txng serve shows a kept image on the product's page.\n");

/* Read @p path and check it may be kept; prints why not. */
static int
read_image(const char *path, char **data, size_t *len)
{
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;

    if ((err = cli_read_file(path, data, len)) != TXNG_OK) {
        cli_report(path, err, NULL);
        return cli_status(err);
    }
    if (txng_media_check(*data, *len, &d) != TXNG_OK) {
        cli_error(path, "%s: %s", _(d.reason),
                  _("give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. "
                    "convert IN -resize 1200x1200 OUT.jpg)"));
        free(*data);
        *data = NULL;
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

int
cli_media_keep(const char *dir, const char *path, const void *data, size_t len, bool *added,
               unsigned char hash[TXNG_HASH_BYTES])
{
    txng_media *m = NULL;
    txng_diag   d = TXNG_DIAG_INIT;
    txng_err    err;

    err = txng_media_open(&m, dir, false);
    if (err == TXNG_OK)
        err = txng_media_put(m, data, len, hash, added, &d);
    txng_media_close(m);
    if (err != TXNG_OK) {
        cli_report(path, err, &d);
        return cli_status(err);
    }
    return EXIT_DONE;
}

void
cli_media_forget(const char *dir, const unsigned char hash[TXNG_HASH_BYTES])
{
    txng_media *m = NULL;

    if (txng_media_open(&m, dir, false) == TXNG_OK && txng_media_remove(m, hash) != TXNG_OK)
        cli_error(dir, "%s", _("could not remove the image kept for the refused record"));
    txng_media_close(m);
}

static int
add(const char *dir, int n, char **files)
{
    char        **data = calloc((size_t) n, sizeof *data);
    size_t       *len  = calloc((size_t) n, sizeof *len);
    int           status = EXIT_DONE;

    if (data == NULL || len == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    /* every file checked before any is kept */
    for (int i = 0; i < n && status == EXIT_DONE; i++)
        status = read_image(files[i], &data[i], &len[i]);
    for (int i = 0; i < n && status == EXIT_DONE; i++) {
        unsigned char h[TXNG_HASH_BYTES];
        char          hex[2 * TXNG_HASH_BYTES + 1];
        bool          added = false;

        status = cli_media_keep(dir, files[i], data[i], len[i], &added, h);
        if (status != EXIT_DONE)
            break;
        txng_hex_encode(hex, h, sizeof h);
        printf("%s  %s  %s\n", hex, files[i], added ? _("kept") : _("already kept"));
    }
out:
    for (int i = 0; data != NULL && i < n; i++)
        free(data[i]);
    free(data);
    free(len);
    return status;
}

struct lister {
    bool   json;
    size_t n;
};

static txng_err
list_one(void *ctx, const txng_media_item *it)
{
    struct lister *l = ctx;
    char           hex[2 * TXNG_HASH_BYTES + 1];

    txng_hex_encode(hex, it->hash, sizeof it->hash);
    l->n++;
    if (l->json) {
        if (!cli_print_json(json_pack("{s:s, s:s?, s:I}", "sha256", hex, "type", it->type, "bytes",
                                      (json_int_t) it->len)))
            return TXNG_ENOMEM;
    } else {
        printf("%s  %-10s  %zu\n", hex, it->type != NULL ? it->type : "?", it->len);
    }
    return TXNG_OK;
}

static int
list(const char *dir, bool json)
{
    txng_media   *m = NULL;
    struct lister l = { json, 0 };
    txng_err      err = txng_media_open(&m, dir, true);

    if (err == TXNG_ENOTFOUND)
        return EXIT_DONE; /* nothing kept yet */
    if (err == TXNG_OK)
        err = txng_media_list(m, list_one, &l);
    txng_media_close(m);
    if (err != TXNG_OK) {
        cli_report(dir, err, NULL);
        return cli_status(err);
    }
    return EXIT_DONE;
}

static int
get(const char *dir, const char *hex, const char *output)
{
    unsigned char  h[TXNG_HASH_BYTES], *data = NULL;
    size_t         len = 0;
    txng_media    *m   = NULL;
    txng_err       err;

    if (strlen(hex) != 2 * TXNG_HASH_BYTES || txng_hex_decode(h, sizeof h, hex, strlen(hex)) != TXNG_OK)
        return cli_usage(&cmd_media, _("get: give the image's SHA-256 as 64 hex digits"));
    err = txng_media_open(&m, dir, true);
    if (err == TXNG_OK)
        err = txng_media_get(m, h, &data, &len, NULL);
    txng_media_close(m);
    if (err == TXNG_ENOTFOUND) {
        cli_error(hex, "%s", _("no image with this SHA-256 is kept in this log folder"));
        return EXIT_NO;
    }
    if (err == TXNG_OK)
        err = cli_write_new_file(output, data, len);
    free(data);
    if (err != TXNG_OK) {
        cli_report(err == TXNG_ECORRUPT ? hex : output, err, NULL);
        return cli_status(err);
    }
    return EXIT_DONE;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' }, { "output", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },      { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL, *output = NULL, *verb;
    bool        json = false;
    int         c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "d:o:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_media, _(options));
        default:
            return cli_usage(&cmd_media, _("unknown option"));
        }
    }
    if (optind >= argc)
        return cli_usage(&cmd_media, _("give a command: add, list or get"));
    verb = argv[optind++];
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_media, _("no log: give -d DIR"));
    if (strcmp(verb, "add") == 0) {
        if (optind >= argc)
            return cli_usage(&cmd_media, _("add: give one or more image files"));
        {
            txng_log *log = NULL;
            int       status = cli_open_log(dir, TXNG_LOG_RDONLY, &log);

            txng_log_close(log); /* only to say so when DIR is not a log */
            if (status != EXIT_DONE)
                return status;
        }
        return add(dir, argc - optind, argv + optind);
    }
    if (strcmp(verb, "list") == 0) {
        if (optind != argc)
            return cli_usage(&cmd_media, _("list takes no operand"));
        return list(dir, json);
    }
    if (strcmp(verb, "get") == 0) {
        if (optind + 1 != argc)
            return cli_usage(&cmd_media, _("get: give one SHA-256"));
        if (output == NULL)
            return cli_usage(&cmd_media, _("get: give -o FILE"));
        return get(dir, argv[optind], output);
    }
    return cli_usage(&cmd_media, _("unknown command %s: add, list or get"), verb);
}

const struct command cmd_media = {
    "media", run, N_("media (add FILE...|list|get SHA256 -o FILE) -d DIR [--json]"),
    N_("keep, list or copy out product images shown by the resolver"),
};
