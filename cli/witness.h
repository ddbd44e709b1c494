/*
 * witness.h - the log side of C2SP tlog-witness: asking the configured
 * witnesses to cosign the newest checkpoint (implemented in cmd_witness.c)
 */
#ifndef TXNG_CLI_WITNESS_H
#define TXNG_CLI_WITNESS_H

#include "core/log.h"

/** Name of the witness list inside a log folder. */
#define CLI_WITNESS_CONFIG "witnesses"

/*
 * Ask every witness listed in DIR/witnesses to cosign the newest checkpoint
 * of @p log (opened for writing from the folder @p dir), as a command does
 * right after it appended (through cli_after_append()): send add-checkpoint
 * with a consistency proof from the size the witness last cosigned (learned
 * again from a 409 reply and retried once), verify the cosignature line
 * against the witness key, store it with txng_log_add_cosignature() and note
 * the new size in DIR/witnesses. Prints nothing on success or when no witness
 * is configured. Each witness that did not cosign gets one warning line on
 * stderr, "txng: witness URL: not cosigned: REASON (the record is kept; run
 * 'txng witness ask -d DIR' later)", and the others are still asked; when
 * the list cannot be read or written, or the checkpoint not made, the error
 * is followed by one such "record is kept" line. Returns EXIT_DONE (also
 * when no witness is configured) or EXIT_FAILED when some witness did not
 * cosign; the caller's exit status must not depend on it.
 */
int cli_witness_ask(txng_log *log, const char *dir);

#endif /* TXNG_CLI_WITNESS_H */
