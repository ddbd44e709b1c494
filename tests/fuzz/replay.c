/*
 * replay.c - run a fuzz target over files, without a fuzzing engine
 *
 * usage: fuzz_<t> PATH...
 * Each PATH is a file, or a directory whose regular files are all run. Each
 * input is copied into a buffer of exactly its size, so that AddressSanitizer
 * sees any read past the end. Exits 1 when a path cannot be read or no input
 * was found; a broken invariant aborts inside the target.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

static int
run_file(const char *path)
{
    FILE          *f   = NULL;
    unsigned char *buf = NULL;
    struct stat    st;
    int            rc = -1;

    f = fopen(path, "rb");
    if (f == NULL || fstat(fileno(f), &st) != 0 || st.st_size < 0)
        goto out;
    /* malloc(0) may return NULL; one spare byte keeps the buffer valid but unused. */
    buf = malloc((size_t) st.st_size + 1);
    if (buf == NULL)
        goto out;
    if (fread(buf, 1, (size_t) st.st_size, f) != (size_t) st.st_size)
        goto out;
    if (st.st_size > 0) {
        unsigned char *exact = realloc(buf, (size_t) st.st_size);
        if (exact == NULL)
            goto out;
        buf = exact;
    }
    LLVMFuzzerTestOneInput(buf, (size_t) st.st_size);
    rc = 0;
out:
    if (rc != 0)
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno ? errno : EIO));
    free(buf);
    if (f != NULL)
        fclose(f);
    return rc;
}

static int
run_path(const char *path, unsigned long *count)
{
    struct stat    st;
    DIR           *dir;
    struct dirent *ent;
    int            rc = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (run_file(path) != 0)
            return -1;
        (*count)++;
        return 0;
    }
    dir = opendir(path);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((ent = readdir(dir)) != NULL) {
        char file[4096];

        if (ent->d_name[0] == '.')
            continue;
        if ((size_t) snprintf(file, sizeof file, "%s/%s", path, ent->d_name) >= sizeof file ||
            stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (run_file(file) != 0) {
            rc = -1;
            break;
        }
        (*count)++;
    }
    closedir(dir);
    return rc;
}

int
main(int argc, char **argv)
{
    unsigned long count = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        if (run_path(argv[i], &count) != 0)
            return 1;
    printf("replay: %lu inputs\n", count);
    if (count == 0) {
        fprintf(stderr, "replay: no inputs found\n");
        return 1;
    }
    return 0;
}
