/*
 * fuzz_csv.c - fuzz target: the CSV reader, with and without separator sniffing
 *
 * Reads the input whole, twice (flags 0 and TXNG_CSV_SNIFF). Nothing may
 * crash; a refusal must carry a reason and a line; every row must have as
 * many NUL-terminated fields as the header, on nondecreasing lines. When an
 * input is accepted whole, its header and rows are written again as CSV
 * with every field quoted and read back: the names and fields must be the
 * same (read in step with the first reader, rewound).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "tests/fuzz/fuzz.h"

struct out {
    char  *p;
    size_t len, cap;
};

static void
put(struct out *o, const char *s, size_t n)
{
    if (n > o->cap - o->len) {
        size_t cap = (o->len + n) * 2 + 64;
        char  *np  = realloc(o->p, cap);

        if (np == NULL)
            abort();
        o->p   = np;
        o->cap = cap;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

/* Append s[0..n) as a quoted field, doubling quotes. */
static void
put_quoted(struct out *o, const char *s, size_t n)
{
    size_t start = 0;

    put(o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            put(o, s + start, i + 1 - start);
            put(o, "\"", 1);
            start = i + 1;
        }
    }
    put(o, s + start, n - start);
    put(o, "\"", 1);
}

static void
check_row(const txng_csv *csv, const txng_csv_row *row, size_t *last_line)
{
    if (row->nfields != txng_csv_columns(csv) || row->fields == NULL || row->line < 2 ||
        row->line < *last_line)
        abort();
    *last_line = row->line;
    for (size_t i = 0; i < row->nfields; i++) {
        if (row->fields[i].ptr[row->fields[i].len] != '\0' ||
            memchr(row->fields[i].ptr, '\0', row->fields[i].len) != NULL)
            abort();
    }
}

/* Read again the rows of @p csv from @p text and compare them with the first pass. */
static void
reread(txng_csv *csv, const struct out *text)
{
    txng_csv    *again = NULL;
    txng_csv_row a, b;

    if (txng_csv_open(&again, text->p, text->len, 0, NULL) != TXNG_OK ||
        txng_csv_columns(again) != txng_csv_columns(csv))
        abort();
    for (size_t i = 0; i < txng_csv_columns(csv); i++) {
        if (strcmp(txng_csv_column_name(csv, i), txng_csv_column_name(again, i)) != 0)
            abort();
    }
    txng_csv_rewind(csv);
    for (;;) {
        if (txng_csv_next(csv, &a, NULL) != TXNG_OK || txng_csv_next(again, &b, NULL) != TXNG_OK ||
            a.nfields != b.nfields)
            abort();
        if (a.nfields == 0)
            break;
        for (size_t i = 0; i < a.nfields; i++) {
            if (a.fields[i].len != b.fields[i].len ||
                memcmp(a.fields[i].ptr, b.fields[i].ptr, a.fields[i].len) != 0)
                abort();
        }
    }
    txng_csv_close(again);
}

static void
run(const uint8_t *data, size_t size, unsigned flags)
{
    txng_csv    *csv  = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_csv_row row;
    txng_err     err;
    struct out   text = { NULL, 0, 0 };
    size_t       last = 0;

    err = txng_csv_open(&csv, data, size, flags, &diag);
    if (err != TXNG_OK) {
        if (csv != NULL || (err == TXNG_EFORMAT && (diag.reason == NULL || diag.line == 0)))
            abort();
        return;
    }
    for (size_t i = 0; i < txng_csv_columns(csv); i++) {
        const char *name = txng_csv_column_name(csv, i);
        size_t      idx  = SIZE_MAX;

        if (name == NULL || name[0] == '\0' || txng_csv_column_find(csv, name, &idx) != TXNG_OK ||
            idx != i)
            abort();
        if (i > 0)
            put(&text, ",", 1);
        put_quoted(&text, name, strlen(name));
    }
    put(&text, "\r\n", 2);
    while ((err = txng_csv_next(csv, &row, &diag)) == TXNG_OK && row.nfields > 0) {
        check_row(csv, &row, &last);
        for (size_t i = 0; i < row.nfields; i++) {
            if (i > 0)
                put(&text, ",", 1);
            put_quoted(&text, row.fields[i].ptr, row.fields[i].len);
        }
        put(&text, "\n", 1);
    }
    if (err == TXNG_OK)
        reread(csv, &text);
    else if (err == TXNG_EFORMAT && (diag.reason == NULL || diag.line == 0))
        abort();
    txng_csv_close(csv);
    free(text.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size, 0);
    run(data, size, TXNG_CSV_SNIFF);
    return 0;
}
