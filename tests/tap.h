/*
 * tap.h - a minimal TAP producer for unit tests
 *
 * ok(expr, name...) prints "ok N - name" or "not ok N - name" followed by
 * "# file:line: expr"; it does not stop the test. main returns tap_done().
 */
#ifndef TXNG_TESTS_TAP_H
#define TXNG_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 4, 5))) static inline int
tap_ok(int pass, const char *expr, const char *where, const char *fmt, ...)
{
    va_list ap;

    printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (!pass) {
        printf("# %s: %s\n", where, expr);
        tap_failed++;
    }
    fflush(stdout);
    return pass;
}

#define TAP_STR2(x) #x
#define TAP_STR(x)  TAP_STR2(x)
#define ok(expr, ...) tap_ok(!!(expr), #expr, __FILE__ ":" TAP_STR(__LINE__), __VA_ARGS__)

/** Skip @p n tests with @p why (each counts as passed with a SKIP directive). */
static inline void
tap_skip(int n, const char *why)
{
    for (int i = 0; i < n; i++)
        printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/*
 * The cases on published vectors (../shared/vectors) run as their own meson
 * test, "vectors-NAME", which sets TXNG_ONLY_VECTORS: there the binary runs
 * only those cases, and the whole test is skipped when the folder is absent.
 * The plain test runs everything else.
 */
static inline int
tap_vectors_only(void)
{
    const char *v = getenv("TXNG_ONLY_VECTORS");

    return v != NULL && *v != '\0';
}

/* In a vectors run: 0 to go on, or print the TAP plan of a skipped test and return 1. */
static inline int
tap_vectors_absent(void)
{
    const char *dir = getenv("TXNG_VECTORS");
    struct stat st;

    if (dir != NULL && *dir != '\0' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    printf("1..0 # SKIP the published vectors (../shared/vectors) are absent\n");
    return 1;
}

static inline int
tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TXNG_TESTS_TAP_H */
