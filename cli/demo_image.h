/*
 * demo_image.h - the picture of the demo's product (cli/demo_image.c)
 */
#ifndef TXNG_CLI_DEMO_IMAGE_H
#define TXNG_CLI_DEMO_IMAGE_H

#include <stddef.h>

#include "core/error.h"

/**
 * A 160 x 160 PNG of a ginseng plant, the same bytes on every run.
 * @param[out] out  malloc'd PNG (free())
 * @return TXNG_OK, TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err cli_demo_image(unsigned char **out, size_t *out_len);

#endif /* TXNG_CLI_DEMO_IMAGE_H */
