/*
 * fuzz_tile.c - fuzz target: tlog-tiles paths, parsed and written back
 *
 * Two round trips, checked with abort():
 * - the input as a path: when txng_tile_parse() accepts it, the tile is in
 *   range (level -1..63, width 1..256) and txng_tile_path() writes back
 *   exactly the input bytes (the encoding is unique), and those parse to the
 *   same tile;
 * - the input as a tile: its first bytes give a level, an index and a width;
 *   txng_tile_path() of that tile fits TXNG_TILE_PATH_MAX and parses back to
 *   it. The index is kept below 2^56, the largest tile index of a tree of
 *   at most 2^64 - 1 leaves.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tiles.h"
#include "tests/fuzz/fuzz.h"

static bool
same_tile(const txng_tile *a, const txng_tile *b)
{
    return a->level == b->level && a->index == b->index && a->width == b->width;
}

static void
path_round_trip(const uint8_t *data, size_t size)
{
    txng_tile t, again;
    char      path[TXNG_TILE_PATH_MAX + 1];

    if (txng_tile_parse(&t, (const char *) data, size) != TXNG_OK)
        return;
    if (t.level < TXNG_TILE_ENTRIES || t.level > 63 || t.width == 0 ||
        t.width > TXNG_TILE_WIDTH)
        abort();
    memset(path, 0x55, sizeof path);
    txng_tile_path(path, &t);
    if (path[TXNG_TILE_PATH_MAX] != 0x55 || memchr(path, '\0', TXNG_TILE_PATH_MAX) == NULL)
        abort();
    if (strlen(path) != size || memcmp(path, data, size) != 0)
        abort();
    if (txng_tile_parse(&again, path, strlen(path)) != TXNG_OK || !same_tile(&t, &again))
        abort();
}

static void
tile_round_trip(const uint8_t *data, size_t size)
{
    txng_tile t, again;
    char      path[TXNG_TILE_PATH_MAX + 1];
    uint64_t  index = 0;

    if (size < 10)
        return;
    for (int i = 0; i < 8; i++)
        index = index << 8 | data[2 + i];
    t.level = (int) (data[0] % 65) - 1; /* -1 (entries) .. 63 */
    t.width = (unsigned) data[1] + 1;   /* 1 .. 256 */
    t.index = index >> 8;               /* below 2^56 */
    memset(path, 0x55, sizeof path);
    txng_tile_path(path, &t);
    if (path[TXNG_TILE_PATH_MAX] != 0x55 || memchr(path, '\0', TXNG_TILE_PATH_MAX) == NULL)
        abort();
    if (txng_tile_parse(&again, path, strlen(path)) != TXNG_OK || !same_tile(&t, &again))
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    path_round_trip(data, size);
    tile_round_trip(data, size);
    return 0;
}
