/*
 * csv.h - strict reader of spreadsheet CSV (RFC 4180 as Excel writes it)
 *
 * A txng_csv reads one whole CSV text held in memory. The text is UTF-8,
 * with or without a byte order mark (skipped). Records end in CRLF or LF;
 * the last one may lack it. A field is either unquoted (no quote, separator,
 * CR or LF in it) or wholly enclosed in double quotes, where "" stands for
 * one quote and the separator, CR and LF are data. The separator is ','
 * unless TXNG_CSV_SNIFF asks to choose ',', ';' or tab from the header line.
 *
 * The first record is the header: its fields, trimmed of surrounding spaces
 * and tabs, name the columns; none may be empty and no two may be equal
 * (compared byte for byte). Every later record must have exactly as many
 * fields as the header, except that a record whose fields are all empty
 * (such as a blank line) is skipped. Field values are given as they are,
 * neither trimmed nor normalised (txng_nfc in core/canon.h does that).
 *
 * Refused: invalid UTF-8 (overlong forms, surrogates, beyond U+10FFFF), a NUL
 * byte, a CR not followed by LF outside quotes, a quote inside an unquoted
 * field, text after a closing quote, a quote never closed, a record with the
 * wrong number of fields. Each refusal fills a txng_diag: reason (a static
 * phrase marked with TXNG_N_), line (1-based physical line: quoted newlines
 * count, so a record starts on the line given for it), offset (the 1-based
 * number of the field within its record, "column 3"; not a byte offset) and
 * field (the header name of that column when known, else "").
 *
 * Threads: a handle is used by one thread at a time; handles are independent.
 */
#ifndef TXNG_CORE_CSV_H
#define TXNG_CORE_CSV_H

#include <stddef.h>

#include "core/error.h"

/** Most columns a header may name. */
#define TXNG_CSV_MAX_COLUMNS 1000

/** A CSV reader over one buffer. Create with txng_csv_open(), free with txng_csv_close(). */
typedef struct txng_csv txng_csv;

/** One field of a row: len bytes at ptr, followed by a NUL (fields never contain NUL). */
typedef struct txng_csv_field {
    const char *ptr;
    size_t      len;
} txng_csv_field;

/** One data row, as returned by txng_csv_next(). */
typedef struct txng_csv_row {
    const txng_csv_field *fields;  /**< nfields entries; NULL at the end of the input */
    size_t                nfields; /**< txng_csv_columns(), or 0 at the end of the input */
    size_t                line;    /**< 1-based physical line the record starts on */
} txng_csv_row;

enum txng_csv_flags {
    /** Choose the separator among ',', ';' and tab: the one that splits the header
     *  line (outside quotes) into the most fields; ties go to ',', then ';'. */
    TXNG_CSV_SNIFF = 1u << 0,
    /** Accept columns of the same name (a spreadsheet with two "input lot" columns);
     *  txng_csv_column_find() gives the first. */
    TXNG_CSV_SAME_NAMES = 1u << 1,
};

/**
 * Open a reader over @p len bytes at @p data and read the header record.
 *
 * @param[out] out    the new handle on success, NULL on failure
 * @param[in]  data   the CSV text; borrowed, and must outlive the handle
 *                    (rows are read from it lazily)
 * @param[in]  flags  zero, or TXNG_CSV_SNIFF and TXNG_CSV_SAME_NAMES
 * @param[out] diag   may be NULL; on TXNG_EFORMAT gets reason, line, column
 * @return TXNG_OK, or
 *         TXNG_EINVAL   @p out is NULL, @p data is NULL with @p len > 0, or an
 *                       unknown flag;
 *         TXNG_EFORMAT  no header (empty input, or only a byte order mark);
 *                       an empty or duplicate column name (diag field is the
 *                       duplicated name; without TXNG_CSV_SAME_NAMES); more than
 * TXNG_CSV_MAX_COLUMNS columns; any refusal listed above within the header; TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_csv_open(txng_csv **out, const void *data, size_t len, unsigned flags,
                                       txng_diag *diag);

/** Close @p csv and free the handle. NULL is accepted and ignored. */
void txng_csv_close(txng_csv *csv);

/** The separator in use: ',', ';' or '\t'. */
char txng_csv_separator(const txng_csv *csv);

/** Number of columns named by the header (at least 1). */
size_t txng_csv_columns(const txng_csv *csv);

/**
 * Name of column @p i (0-based), trimmed, NUL-terminated; valid until
 * txng_csv_close(). NULL when @p i >= txng_csv_columns().
 */
const char *txng_csv_column_name(const txng_csv *csv, size_t i);

/**
 * Find the first column named @p name (compared byte for byte with the trimmed name).
 *
 * @param[out] index  its 0-based index, when found
 * @return TXNG_OK, TXNG_ENOTFOUND.
 */
TXNG_MUST_CHECK txng_err txng_csv_column_find(const txng_csv *csv, const char *name, size_t *index);

/**
 * Read the next data row, skipping rows whose fields are all empty.
 *
 * The fields are NUL-terminated copies held by the handle, unquoted; they
 * stay valid until the next call to txng_csv_next(), txng_csv_rewind() or
 * txng_csv_close(). No memory is allocated per field; the handle's buffer
 * grows only when a row is longer than any before it.
 *
 * After an error, further calls return the same error and diagnostic until
 * txng_csv_rewind().
 *
 * @param[out] row   the row; at the end of the input, TXNG_OK with
 *                   row->nfields == 0 and row->fields == NULL
 * @param[out] diag  may be NULL; on TXNG_EFORMAT gets reason, line, column
 *                   and column name. For a wrong number of fields, line is
 *                   the line the record starts on, the column is that of
 *                   the first missing or first extra field, and
 *                   txng_csv_fields_found() gives the count of the record.
 * @return TXNG_OK, TXNG_EFORMAT (a refusal listed above), TXNG_ENOMEM.
 */
TXNG_MUST_CHECK txng_err txng_csv_next(txng_csv *csv, txng_csv_row *row, txng_diag *diag);

/**
 * Number of fields in the record refused by the last txng_csv_next() for a
 * wrong number of fields; 0 otherwise.
 */
size_t txng_csv_fields_found(const txng_csv *csv);

/** Go back to the first data row (after the header) and clear any error. */
void txng_csv_rewind(txng_csv *csv);

#endif /* TXNG_CORE_CSV_H */
