/*
 * fuzz.h - the libFuzzer entry points shared by every fuzz target
 *
 * A target defines LLVMFuzzerTestOneInput() and, when it needs set-up such
 * as sodium_init(), LLVMFuzzerInitialize(). The same object links with
 * libFuzzer (-Dfuzzing_engine=libfuzzer or oss-fuzz) or with replay.c, which
 * runs it over a corpus directory as a plain test.
 */
#ifndef TXNG_TESTS_FUZZ_H
#define TXNG_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/** Run one input; return 0. Crash (abort()) on a broken invariant. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Optional one-time set-up; weak, so replay.c can tell whether a target has it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#endif /* TXNG_TESTS_FUZZ_H */
