/*
 * assets.h - the page's static files, compiled into txng (web/embed.c)
 */
#ifndef TXNG_WEB_ASSETS_H
#define TXNG_WEB_ASSETS_H

#include <stddef.h>

/** One compiled-in file, served at /static/<name>. */
struct web_asset {
    const char          *name; /**< base name, e.g. "app.js" */
    const char          *type; /**< Content-Type */
    const char          *etag; /**< strong ETag, quoted */
    const unsigned char *data;
    size_t               len;
};

/** Every asset, ending with an entry whose name is NULL. */
extern const struct web_asset web_assets[];

#endif /* TXNG_WEB_ASSETS_H */
