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
 * of @p log (opened for writing from the folder @p dir): send add-checkpoint
 * with a consistency proof from the size the witness last cosigned (learned
 * again from a 409 reply and retried once), verify the cosignature line
 * against the witness key and store it with txng_log_add_cosignature().
 * Prints nothing on success; each failing witness is named on stderr and the
 * others are still asked. Returns EXIT_DONE (also when no witness is
 * configured) or EXIT_FAILED when some witness did not cosign.
 */
int cli_witness_ask(txng_log *log, const char *dir);

#endif /* TXNG_CLI_WITNESS_H */
