/*
 * export.h - export and import formats of the txng command, one file each:
 * EPCIS 2.0 JSON-LD (epcis_io.c), key data element spreadsheets
 * (csv_export.c), and the tiles verifier (tiles_verify.c).
 */
#ifndef TXNG_CLI_EXPORT_H
#define TXNG_CLI_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/log.h"

/*
 * Write records @p idx[0..n) (increasing) of @p log as one EPCIS 2.0 JSON-LD
 * document to @p out (named @p path in messages). Returns an exit status.
 */
int cli_export_epcis(txng_log *log, const uint64_t *idx, size_t n, FILE *out, const char *path);

/*
 * Write the key data elements of records @p idx[0..n) as an RFC 4180 CSV
 * spreadsheet (UTF-8 with BOM), header in Vietnamese when @p vietnamese.
 * Returns an exit status.
 */
int cli_export_csv(txng_log *log, const uint64_t *idx, size_t n, FILE *out, const char *path,
                   bool vietnamese);

/* txng import --format epcis ...: the whole command line of txng import. */
int cli_import_epcis(int argc, char **argv);

/* txng verify --tiles ...: the whole command line of txng verify. */
int cli_verify_tiles(int argc, char **argv);

/* Most witness keys txng verify takes (--witness), for a bundle and for tiles. */
#define CLI_MAX_WITNESSES 32

/*
 * Option --witness VKEY of txng verify: add it to @p keys (@p n of them so far,
 * room for CLI_MAX_WITNESSES). Option --witnesses-needed N: parse @p arg into
 * @p needed. Each prints the usage error and returns its status, or EXIT_DONE.
 */
int cli_witness_opt(txng_pubkey *keys, size_t *n, const char *arg);
int cli_witnesses_needed_opt(const char *arg, uint64_t *needed);

#endif /* TXNG_CLI_EXPORT_H */
