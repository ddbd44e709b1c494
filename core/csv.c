/*
 * csv.c - strict reader of spreadsheet CSV
 *
 * The reader scans the borrowed input once per pass, one record per call,
 * with a 256-entry byte class table so that the common byte (ASCII, not the
 * separator) costs one load and one compare. Every field is copied, unquoted
 * and NUL-terminated, into one buffer reused for every record; fields are
 * kept as offsets while the record is read (the buffer may move when it
 * grows) and turned into pointers once it is complete. UTF-8 is checked as
 * the bytes are scanned, so an error can name the field it is in.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

/* Byte classes; the separator's class is set per handle. */
enum { C_PLAIN = 0, C_HIGH, C_SEP, C_QUOTE, C_CR, C_LF, C_NUL };

struct span {
    size_t off;
    size_t len;
};

struct txng_csv {
    const unsigned char *data;
    size_t               len;
    size_t               pos;        /* next byte to read */
    size_t               line;       /* physical line of data[pos], from 1 */
    size_t               start;      /* first byte after the header record */
    size_t               start_line; /* its line */
    unsigned char        sep;
    unsigned char        cls[256];
    size_t               ncols;
    char                *names;    /* the trimmed names, each NUL-terminated */
    const char         **name_ptr; /* ncols pointers into names */
    struct span         *spans;    /* TXNG_CSV_MAX_COLUMNS + 1 entries */
    txng_csv_field      *fields;   /* ncols entries */
    char                *buf;      /* fields of the current record */
    size_t               buf_len;
    size_t               buf_cap;
    size_t               found; /* fields of a record refused for its count */
    txng_err             err;   /* sticky error of txng_csv_next */
    txng_diag            err_diag;
};

/* Length of the valid UTF-8 sequence at p (p[0] >= 0x80), or 0 (RFC 3629 table 3-7). */
static size_t
utf8_seq(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xbf;
    size_t        n;

    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (avail < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    }
    return n;
}

/* Copy at most sizeof diag->field - 1 bytes of s, cut at a UTF-8 character boundary. */
static void
diag_field(txng_diag *diag, const char *s)
{
    size_t n = strlen(s);

    if (n >= sizeof diag->field) {
        n = sizeof diag->field - 1;
        while (n > 0 && ((unsigned char) s[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(diag->field, s, n);
    diag->field[n] = '\0';
}

/* Record a refusal at @p line, column @p col (0 if none) in the handle's diagnostic. */
static txng_err
fail(txng_csv *csv, const char *reason, size_t line, size_t col)
{
    csv->err_diag.reason = reason;
    csv->err_diag.line   = line;
    csv->err_diag.offset = col;
    if (col >= 1 && col <= csv->ncols)
        diag_field(&csv->err_diag, csv->name_ptr[col - 1]);
    else
        csv->err_diag.field[0] = '\0';
    return TXNG_EFORMAT;
}

static void
diag_copy(txng_diag *diag, const txng_diag *from)
{
    if (diag == NULL)
        return;
    diag->reason = from->reason;
    diag->line   = from->line;
    diag->offset = from->offset;
    memcpy(diag->field, from->field, sizeof diag->field);
}

/* Append n bytes and, when nul, a terminating NUL to the record buffer. */
static txng_err
buf_put(txng_csv *csv, const unsigned char *p, size_t n, bool nul)
{
    size_t need = n + nul;

    if (need > csv->buf_cap - csv->buf_len) {
        size_t cap = csv->buf_cap ? csv->buf_cap : 256;
        char  *nbuf;

        if (need > SIZE_MAX / 2 - csv->buf_len)
            return TXNG_ENOMEM;
        while (cap - csv->buf_len < need)
            cap *= 2;
        nbuf = realloc(csv->buf, cap);
        if (nbuf == NULL)
            return TXNG_ENOMEM;
        csv->buf     = nbuf;
        csv->buf_cap = cap;
    }
    if (n > 0)
        memcpy(csv->buf + csv->buf_len, p, n);
    csv->buf_len += n;
    if (nul)
        csv->buf[csv->buf_len++] = '\0';
    return TXNG_OK;
}

/* Scan a quoted field whose opening quote is at *pos; leave *pos after the closing quote. */
static txng_err
read_quoted(txng_csv *csv, size_t *pos, size_t *line, size_t col)
{
    const unsigned char *d   = csv->data;
    size_t               len = csv->len, p = *pos + 1, ln = *line;
    size_t               start = p;
    txng_err             err;

    for (;;) {
        unsigned k;

        if (p == len)
            return fail(csv, TXNG_N_("quote is never closed"), *line, col);
        k = csv->cls[d[p]];
        if (k == C_PLAIN || k == C_SEP || k == C_CR) {
            p++;
        } else if (k == C_HIGH) {
            size_t n = utf8_seq(d + p, len - p);

            if (n == 0)
                return fail(csv, TXNG_N_("invalid UTF-8"), ln, col);
            p += n;
        } else if (k == C_LF) {
            ln++;
            p++;
        } else if (k == C_NUL) {
            return fail(csv, TXNG_N_("NUL byte"), ln, col);
        } else if (p + 1 < len && d[p + 1] == '"') {
            /* "" is one quote: keep the first, skip the second */
            if ((err = buf_put(csv, d + start, p + 1 - start, false)) != TXNG_OK)
                return err;
            p += 2;
            start = p;
        } else {
            if ((err = buf_put(csv, d + start, p - start, true)) != TXNG_OK)
                return err;
            p++;
            break;
        }
    }
    if (p < len) {
        unsigned k = csv->cls[d[p]];

        if (k != C_SEP && k != C_CR && k != C_LF)
            return fail(csv, TXNG_N_("text after a closing quote"), ln, col);
    }
    *pos  = p;
    *line = ln;
    return TXNG_OK;
}

/*
 * Read the record at csv->pos into the buffer; the first TXNG_CSV_MAX_COLUMNS
 * + 1 fields get spans. On success csv->pos and csv->line move past the record.
 */
static txng_err
read_record(txng_csv *csv, size_t *nfields)
{
    const unsigned char *d   = csv->data;
    size_t               len = csv->len, pos = csv->pos, line = csv->line, n = 0;
    txng_err             err;

    csv->buf_len = 0;
    for (;;) {
        size_t col = n + 1, off = csv->buf_len;

        if (pos < len && d[pos] == '"') {
            if ((err = read_quoted(csv, &pos, &line, col)) != TXNG_OK)
                return err;
        } else {
            size_t start = pos;

            while (pos < len) {
                unsigned k = csv->cls[d[pos]];

                if (k == C_PLAIN) {
                    pos++;
                } else if (k == C_HIGH) {
                    size_t u = utf8_seq(d + pos, len - pos);

                    if (u == 0)
                        return fail(csv, TXNG_N_("invalid UTF-8"), line, col);
                    pos += u;
                } else if (k == C_QUOTE) {
                    return fail(csv, TXNG_N_("quote inside an unquoted field"), line, col);
                } else if (k == C_NUL) {
                    return fail(csv, TXNG_N_("NUL byte"), line, col);
                } else {
                    break; /* separator, CR or LF */
                }
            }
            if ((err = buf_put(csv, d + start, pos - start, true)) != TXNG_OK)
                return err;
        }
        if (n <= TXNG_CSV_MAX_COLUMNS) {
            csv->spans[n].off = off;
            csv->spans[n].len = csv->buf_len - 1 - off;
        }
        n++;
        if (pos == len)
            break;
        if (d[pos] == csv->sep) {
            pos++;
            continue;
        }
        if (d[pos] == '\r') {
            if (pos + 1 == len || d[pos + 1] != '\n')
                return fail(csv, TXNG_N_("carriage return without line feed"), line, col);
            pos++;
        }
        pos++; /* the line feed */
        line++;
        break;
    }
    csv->pos  = pos;
    csv->line = line;
    *nfields  = n;
    return TXNG_OK;
}

/* Keep the header record read into the buffer as the trimmed column names. */
static txng_err
take_header(txng_csv *csv, size_t n, bool same_names)
{
    char *w;

    if (n > TXNG_CSV_MAX_COLUMNS)
        return fail(csv, TXNG_N_("too many columns"), 1, TXNG_CSV_MAX_COLUMNS + 1);
    csv->names    = malloc(csv->buf_len);
    csv->name_ptr = calloc(n, sizeof *csv->name_ptr);
    csv->fields   = calloc(n, sizeof *csv->fields);
    if (csv->names == NULL || csv->name_ptr == NULL || csv->fields == NULL)
        return TXNG_ENOMEM;
    w = csv->names;
    for (size_t i = 0; i < n; i++) {
        const char *s   = csv->buf + csv->spans[i].off;
        size_t      len = csv->spans[i].len;

        while (len > 0 && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len == 0)
            return fail(csv, TXNG_N_("empty column name"), 1, i + 1);
        memcpy(w, s, len);
        w[len]           = '\0';
        csv->name_ptr[i] = w;
        w += len + 1;
        for (size_t j = 0; j < i && !same_names; j++) {
            if (strcmp(csv->name_ptr[j], csv->name_ptr[i]) == 0) {
                fail(csv, TXNG_N_("duplicate column name"), 1, i + 1);
                diag_field(&csv->err_diag, csv->name_ptr[i]);
                return TXNG_EFORMAT;
            }
        }
    }
    csv->ncols = n;
    return TXNG_OK;
}

/* The separator that splits the first record, outside quotes, into the most fields. */
static unsigned char
sniff(const unsigned char *d, size_t len)
{
    static const unsigned char cand[]   = { ',', ';', '\t' };
    size_t                     count[3] = { 0, 0, 0 }, best = 0;
    bool                       quoted = false;

    for (size_t p = 0; p < len; p++) {
        unsigned char c = d[p];

        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (c == '\n')
                break;
            for (size_t i = 0; i < 3; i++)
                count[i] += c == cand[i];
        }
    }
    for (size_t i = 1; i < 3; i++) {
        if (count[i] > count[best])
            best = i;
    }
    return cand[best];
}

txng_err
txng_csv_open(txng_csv **out, const void *data, size_t len, unsigned flags, txng_diag *diag)
{
    txng_csv *csv = NULL;
    txng_err  err;
    size_t    n;

    if (out == NULL)
        return TXNG_EINVAL;
    *out = NULL;
    if ((data == NULL && len > 0) ||
        (flags & ~(unsigned) (TXNG_CSV_SNIFF | TXNG_CSV_SAME_NAMES)) != 0)
        return TXNG_EINVAL;
    csv = calloc(1, sizeof *csv);
    if (csv == NULL)
        return TXNG_ENOMEM;
    csv->data  = data != NULL ? data : (const void *) "";
    csv->len   = len;
    csv->line  = 1;
    csv->spans = calloc(TXNG_CSV_MAX_COLUMNS + 1, sizeof *csv->spans);
    if (csv->spans == NULL) {
        err = TXNG_ENOMEM;
        goto fail;
    }
    if (len >= 3 && memcmp(csv->data, "\xef\xbb\xbf", 3) == 0)
        csv->pos = 3;
    csv->sep = ',';
    if (flags & TXNG_CSV_SNIFF)
        csv->sep = sniff(csv->data + csv->pos, len - csv->pos);
    for (unsigned c = 0x80; c < 256; c++)
        csv->cls[c] = C_HIGH;
    csv->cls[0]        = C_NUL;
    csv->cls['"']      = C_QUOTE;
    csv->cls['\r']     = C_CR;
    csv->cls['\n']     = C_LF;
    csv->cls[csv->sep] = C_SEP;
    if (csv->pos == len) {
        err = fail(csv, TXNG_N_("no header row"), 1, 0);
        goto fail;
    }
    if ((err = read_record(csv, &n)) != TXNG_OK ||
        (err = take_header(csv, n, (flags & TXNG_CSV_SAME_NAMES) != 0)) != TXNG_OK)
        goto fail;
    csv->start      = csv->pos;
    csv->start_line = csv->line;
    *out            = csv;
    return TXNG_OK;

fail:
    if (err == TXNG_EFORMAT)
        diag_copy(diag, &csv->err_diag);
    txng_csv_close(csv);
    return err;
}

void
txng_csv_close(txng_csv *csv)
{
    if (csv == NULL)
        return;
    free(csv->buf);
    free(csv->fields);
    free(csv->spans);
    free(csv->name_ptr);
    free(csv->names);
    free(csv);
}

char
txng_csv_separator(const txng_csv *csv)
{
    return (char) csv->sep;
}

size_t
txng_csv_columns(const txng_csv *csv)
{
    return csv->ncols;
}

const char *
txng_csv_column_name(const txng_csv *csv, size_t i)
{
    return i < csv->ncols ? csv->name_ptr[i] : NULL;
}

txng_err
txng_csv_column_find(const txng_csv *csv, const char *name, size_t *index)
{
    for (size_t i = 0; i < csv->ncols; i++) {
        if (strcmp(csv->name_ptr[i], name) == 0) {
            *index = i;
            return TXNG_OK;
        }
    }
    return TXNG_ENOTFOUND;
}

txng_err
txng_csv_next(txng_csv *csv, txng_csv_row *row, txng_diag *diag)
{
    size_t   n, line;
    txng_err err;

    row->fields  = NULL;
    row->nfields = 0;
    row->line    = 0;
    if (csv->err != TXNG_OK)
        goto fail;
    for (;;) {
        if (csv->pos == csv->len)
            return TXNG_OK;
        line = csv->line;
        if ((err = read_record(csv, &n)) != TXNG_OK) {
            csv->err = err;
            goto fail;
        }
        if (csv->buf_len != n) /* not every field is empty */
            break;
    }
    if (n != csv->ncols) {
        csv->found = n;
        csv->err   = fail(csv,
                        n < csv->ncols ? TXNG_N_("row has too few fields")
                                         : TXNG_N_("row has too many fields"),
                          line, n < csv->ncols ? n + 1 : csv->ncols + 1);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        csv->fields[i].ptr = csv->buf + csv->spans[i].off;
        csv->fields[i].len = csv->spans[i].len;
    }
    row->fields  = csv->fields;
    row->nfields = n;
    row->line    = line;
    return TXNG_OK;

fail:
    if (csv->err == TXNG_EFORMAT)
        diag_copy(diag, &csv->err_diag);
    return csv->err;
}

size_t
txng_csv_fields_found(const txng_csv *csv)
{
    return csv->found;
}

void
txng_csv_rewind(txng_csv *csv)
{
    csv->pos   = csv->start;
    csv->line  = csv->start_line;
    csv->found = 0;
    csv->err   = TXNG_OK;
    memset(&csv->err_diag, 0, sizeof csv->err_diag);
}
