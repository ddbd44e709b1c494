/*
 * util.h - helpers shared by the durability tests: fixed keys, scratch
 * directories, building a log, reading it back
 */
#ifndef TXNG_TESTS_DURABILITY_UTIL_H
#define TXNG_TESTS_DURABILITY_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/keys.h"
#include "core/log.h"

/** Origin of every test log; also the log key's name. */
#define DUR_ORIGIN "txng.test/durability"
/** Time of the genesis; record i is appended at DUR_T0 + 60 * i. */
#define DUR_T0 1780000000

/** The key @p name derived from 32 bytes of @p seed_byte (initialises libsodium); aborts on
 * failure. */
txng_signer *dur_signer(const char *name, unsigned char seed_byte);

/** A new scratch directory under $TMPDIR (or /tmp) into @p out (4096 bytes); aborts on failure. */
void dur_tmpdir(char *out, const char *tag);

/** Remove @p path and everything below it. */
void dur_rm_rf(const char *path);

/** Copy the files of the log in @p src into the new directory @p dst (holes stay holes). */
bool dur_copy_log(const char *src, const char *dst);

/** Create a log in @p dir with a plain log.key. */
txng_err dur_create(txng_log **out, const char *dir, const txng_signer *logkey);

/** Sign @p event (borrowed) with @p n signers and append it alone. */
txng_err dur_append(txng_log *log, const txng_signer *logkey, const json_t *event,
                    const txng_signer *const *signers, size_t n, int64_t now, uint64_t *index,
                    txng_diag *diag);

/** The signed event {"event": event, "signatures": [...]} by @p n signers; NULL on failure. */
json_t *dur_sign(const json_t *event, const txng_signer *const *signers, size_t n);

/** {"type":"txng:KeyEnrol","key":VKEY,"role":role} for @p key. */
json_t *dur_enrol_event(const txng_signer *key, const char *role);

/** {"type":"txng:KeyRevoke","key":"name+hex8","reason":"lost"} for @p key. */
json_t *dur_revoke_event(const txng_signer *key);

/** Run @p argv (NULL-terminated) and return its exit status, or -1 if it did not exit. */
int dur_run(char *const argv[]);

/** Print the outcome of a verify as a TAP comment. */
void dur_print_diag(const char *what, txng_err err, const txng_diag *diag);

#endif /* TXNG_TESTS_DURABILITY_UTIL_H */
