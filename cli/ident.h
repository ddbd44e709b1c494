/*
 * ident.h - the identifier a user gives on the command line (a Digital Link
 * URI, a label URI on any resolver, an EPC URN, a urn:txng code or a plain
 * code), read into the identifiers of the log it may stand for
 */
#ifndef TXNG_CLI_IDENT_H
#define TXNG_CLI_IDENT_H

#include <stddef.h>

#include "core/gs1.h"
#include "core/log.h"

/* Candidate identifiers of one input, in the order they are tried. */
struct cli_idlist {
    char (*v)[TXNG_GS1_URI_MAX];
    size_t n, cap;
};

/*
 * Read @p input into @p ids (empty on entry; released with cli_idlist_free()).
 * Returns an exit status with the refusal printed: EXIT_FAILED (3) for input
 * that looks like a URI, URN or code and does not parse, EXIT_USAGE (2) for a
 * plain code that names more than one identifier (the candidates listed),
 * or the status of a failure to read @p log. On EXIT_DONE, @p ids holds at
 * least one identifier; the caller tries them in order and uses the first
 * some record names. On any other status @p ids is empty.
 */
int cli_ident_read(txng_log *log, const char *input, struct cli_idlist *ids);

/* Release the identifiers of @p l and empty it. */
void cli_idlist_free(struct cli_idlist *l);

#endif /* TXNG_CLI_IDENT_H */
