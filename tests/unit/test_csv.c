/*
 * test_csv.c - csv module: strict spreadsheet CSV reader
 *
 * Each input is read whole and rendered as "name|name" then "\nLINE:f|f"
 * per row, so one string comparison checks names, fields, quoting and line
 * numbers at once. Every refusal is checked for its reason, line, column
 * and column name. Ends with a 10,000-row file whose row 7,321 is bad and a
 * throughput measurement printed as a TAP comment.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/csv.h"
#include "tests/tap.h"

struct sbuf {
    char  *p;
    size_t len, cap;
};

static void
sb_add(struct sbuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->cap) {
        sb->cap = (sb->len + n + 1) * 2;
        sb->p   = realloc(sb->p, sb->cap);
        if (sb->p == NULL)
            abort();
    }
    memcpy(sb->p + sb->len, s, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

static void
sb_str(struct sbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

/* Read all of in[0..len) and render it; the rendering is kept even on error. */
static txng_err
render(const char *in, size_t len, unsigned flags, txng_diag *diag, char **out)
{
    struct sbuf  sb  = { NULL, 0, 0 };
    txng_csv    *csv = NULL;
    txng_csv_row row;
    txng_err     err;
    char         num[32];

    sb_str(&sb, "");
    err = txng_csv_open(&csv, in, len, flags, diag);
    if (err != TXNG_OK)
        goto out;
    for (size_t i = 0; i < txng_csv_columns(csv); i++) {
        if (i > 0)
            sb_str(&sb, "|");
        sb_str(&sb, txng_csv_column_name(csv, i));
    }
    while ((err = txng_csv_next(csv, &row, diag)) == TXNG_OK && row.nfields > 0) {
        snprintf(num, sizeof num, "\n%zu:", row.line);
        sb_str(&sb, num);
        for (size_t i = 0; i < row.nfields; i++) {
            if (i > 0)
                sb_str(&sb, "|");
            if (row.fields[i].ptr[row.fields[i].len] != '\0')
                sb_str(&sb, "<not terminated>");
            sb_add(&sb, row.fields[i].ptr, row.fields[i].len);
        }
    }
out:
    txng_csv_close(csv);
    *out = sb.p;
    return err;
}

static void
check_ok(const char *in, unsigned flags, const char *want, const char *name)
{
    txng_diag diag = TXNG_DIAG_INIT;
    char     *got  = NULL;
    txng_err  err  = render(in, strlen(in), flags, &diag, &got);

    if (!ok(err == TXNG_OK && strcmp(got, want) == 0, "%s", name))
        printf("# err %d (%s, line %zu col %zu)\n# got:  [%s]\n# want: [%s]\n", (int) err,
               diag.reason ? diag.reason : "-", diag.line, diag.offset, got, want);
    free(got);
}

/* Expect TXNG_EFORMAT with this reason, line, column and column name. */
static void
check_bad_len(const char *in, size_t len, unsigned flags, const char *reason, size_t line,
              size_t col, const char *field, const char *name)
{
    txng_diag diag = TXNG_DIAG_INIT;
    char     *got  = NULL;
    txng_err  err  = render(in, len, flags, &diag, &got);

    if (!ok(err == TXNG_EFORMAT && diag.reason != NULL && strcmp(diag.reason, reason) == 0 &&
                diag.line == line && diag.offset == col && strcmp(diag.field, field) == 0,
            "%s", name))
        printf("# err %d reason '%s' line %zu col %zu field '%s'\n", (int) err,
               diag.reason ? diag.reason : "-", diag.line, diag.offset, diag.field);
    free(got);
}

static void
check_bad(const char *in, unsigned flags, const char *reason, size_t line, size_t col,
          const char *field, const char *name)
{
    check_bad_len(in, strlen(in), flags, reason, line, col, field, name);
}

static void
test_basics(void)
{
    check_ok("a,b\n1,2\n3,4\n", 0, "a|b\n2:1|2\n3:3|4", "LF");
    check_ok("a,b\r\n1,2\r\n3,4\r\n", 0, "a|b\n2:1|2\n3:3|4", "CRLF");
    check_ok("a,b\r\n1,2\n3,4", 0, "a|b\n2:1|2\n3:3|4", "mixed, no final newline");
    check_ok("\xef\xbb\xbf"
             "a,b\n1,2\n",
             0, "a|b\n2:1|2", "BOM skipped");
    check_ok("\xef\xbb\xbf"
             "a,b\r\n1,2",
             0, "a|b\n2:1|2", "BOM, CRLF, no final newline");
    check_ok("a,b\n1,\xef\xbb\xbfx\n", 0, "a|b\n2:1|\xef\xbb\xbfx",
             "BOM only skipped at the start");
    check_ok("a,b\n1,2\n\n", 0, "a|b\n2:1|2", "trailing empty line ignored");
    check_ok("a,b\n1,2\r\n\r\n", 0, "a|b\n2:1|2", "trailing empty CRLF line ignored");
    check_ok("a,b\n\n1,2\n,\n\"\",\"\"\n3,4\n", 0, "a|b\n3:1|2\n6:3|4", "empty rows skipped");
    check_ok("a,b\n,,,,\n1,2\n", 0, "a|b\n3:1|2", "empty row with extra separators skipped");
    check_ok("a,b\n1,\n,2\n", 0, "a|b\n2:1|\n3:|2", "empty fields kept when the row is not empty");
    check_ok("  a ,\tb\t\n 1 , 2 \n", 0, "a|b\n2: 1 | 2 ", "names trimmed, values not");
    check_ok("a,b\n", 0, "a|b", "header only");
    check_ok("a,b", 0, "a|b", "header only, no newline");
    check_ok("x\n1\n\n2\n", 0, "x\n2:1\n4:2", "one column");
    check_ok("a,b\n1,2\t3\n", 0, "a|b\n2:1|2\t3", "tab is data with ',' separator");
}

static void
test_quoting(void)
{
    check_ok("name,note\n\"x,y\",\"line1\nline2\"\n\"z\",w\n", 0,
             "name|note\n2:x,y|line1\nline2\n4:z|w", "quoted separator and newline; lines counted");
    check_ok("a,b\n\"1\r\n2\",3\r\n4,5\r\n", 0, "a|b\n2:1\r\n2|3\n4:4|5", "quoted CRLF kept");
    check_ok("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", 0, "a|b\n2:say \"hi\"|\"", "\"\" escapes");
    check_ok("a,b\n\"\",x\n", 0, "a|b\n2:|x", "quoted empty field");
    check_ok("\"a,1\",\" b \"\n1,2\n", 0, "a,1|b\n2:1|2", "quoted header names, trimmed");
    check_ok("a,b\n1,\"2\"", 0, "a|b\n2:1|2", "quoted last field at EOF");
    check_ok("a,b\n1,\"\"\n", 0, "a|b\n2:1|", "quoted empty last field");
    check_ok("a;b\n\"x;y\";\"\"\"z\"\"\"\n", TXNG_CSV_SNIFF, "a|b\n2:x;y|\"z\"",
             "quoted ';' with ';' separator");
}

static void
test_sniff(void)
{
    txng_csv *csv = NULL;
    struct {
        const char *in;
        unsigned    flags;
        char        sep;
        size_t      cols;
        const char *name;
    } cases[] = {
        { "a;b;c\n1;2;3\n", TXNG_CSV_SNIFF, ';', 3, "semicolon sniffed" },
        { "a;b;c\n1;2;3\n", 0, ',', 1, "semicolon not sniffed without the flag" },
        { "a\tb\tc\n1\t2\t3\n", TXNG_CSV_SNIFF, '\t', 3, "tab sniffed" },
        { "a,b\n1,2\n", TXNG_CSV_SNIFF, ',', 2, "comma sniffed" },
        { "a,b;c;d\n", TXNG_CSV_SNIFF, ';', 3, "more ';' than ','" },
        { "a,b;c\n", TXNG_CSV_SNIFF, ',', 2, "tie goes to ','" },
        { "a;b\tc\n", TXNG_CSV_SNIFF, ';', 2, "tie between ';' and tab goes to ';'" },
        { "\"x;y;z\",b\n", TXNG_CSV_SNIFF, ',', 2, "separators inside quotes not counted" },
        { "a,b\n1;2;3;4;5\n", TXNG_CSV_SNIFF, ',', 2, "only the header line counts" },
        { "\"a\nb;c;d\",e\n", TXNG_CSV_SNIFF, ',', 2, "header with a quoted newline" },
        { "\xef\xbb\xbf"
          "a;b\n",
          TXNG_CSV_SNIFF, ';', 2, "sniffed after the BOM" },
        { "abc\n", TXNG_CSV_SNIFF, ',', 1, "no separator at all gives ','" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        txng_err err = txng_csv_open(&csv, cases[i].in, strlen(cases[i].in), cases[i].flags, NULL);

        ok(err == TXNG_OK && txng_csv_separator(csv) == cases[i].sep &&
               txng_csv_columns(csv) == cases[i].cols,
           "%s", cases[i].name);
        txng_csv_close(csv);
        csv = NULL;
    }
    check_ok("t\xc3\xaan;s\xe1\xbb\x91 l\xc6\xb0\xe1\xbb\xa3ng\n\"a;b\";2\n", TXNG_CSV_SNIFF,
             "t\xc3\xaan|s\xe1\xbb\x91 l\xc6\xb0\xe1\xbb\xa3ng\n2:a;b|2", "Excel ';' file read");
    check_bad("t\xc3\xaan;s\xe1\xbb\x91\n\"a;b\";2\n", 0, "text after a closing quote", 2, 1,
              "t\xc3\xaan;s\xe1\xbb\x91", "the same file without sniffing is refused");
    check_ok("a\tb\n\"x\ty\"\t2\n", TXNG_CSV_SNIFF, "a|b\n2:x\ty|2", "tab file with quoted tab");
}

static void
test_vietnamese(void)
{
    static const char in[] =
        "T\xc3\xaan s\xe1\xba\xa3n ph\xe1\xba\xa9m,N\xc6\xa1i tr\xe1\xbb\x93ng\n"
        "S\xc3\xa2m Ng\xe1\xbb\x8d"
        "c Linh,Tu M\xc6\xa1 R\xc3\xb4ng\n";
    txng_csv    *csv = NULL;
    txng_csv_row row;
    size_t       idx = 99;

    ok(txng_csv_open(&csv, in, sizeof in - 1, 0, NULL) == TXNG_OK, "Vietnamese header opens");
    if (csv == NULL)
        return;
    ok(strcmp(txng_csv_column_name(csv, 0), "T\xc3\xaan s\xe1\xba\xa3n ph\xe1\xba\xa9m") == 0,
       "column 0 name");
    ok(txng_csv_column_find(csv, "N\xc6\xa1i tr\xe1\xbb\x93ng", &idx) == TXNG_OK && idx == 1,
       "find column by Vietnamese name");
    ok(txng_csv_column_find(csv, "Noi trong", &idx) == TXNG_ENOTFOUND, "unknown name not found");
    ok(txng_csv_column_name(csv, 2) == NULL, "column name out of range is NULL");
    ok(txng_csv_next(csv, &row, NULL) == TXNG_OK && row.nfields == 2 && row.line == 2, "one row");
    ok(row.fields != NULL && row.fields[0].len == 16 &&
           memcmp(row.fields[0].ptr,
                  "S\xc3\xa2m Ng\xe1\xbb\x8d"
                  "c Linh",
                  16) == 0,
       "S\xc3\xa2m Ng\xe1\xbb\x8d"
       "c Linh: 16 bytes");
    ok(row.fields != NULL && strcmp(row.fields[1].ptr, "Tu M\xc6\xa1 R\xc3\xb4ng") == 0,
       "Tu M\xc6\xa1 R\xc3\xb4ng");
    ok(txng_csv_next(csv, &row, NULL) == TXNG_OK && row.nfields == 0 && row.fields == NULL,
       "then the end");
    txng_csv_close(csv);
    check_ok("a\n\xf0\x9f\x8c\xb1 \xe2\x82\xab \xc2\xa0 \xf4\x8f\xbf\xbf\n", 0,
             "a\n2:\xf0\x9f\x8c\xb1 \xe2\x82\xab \xc2\xa0 \xf4\x8f\xbf\xbf",
             "4-, 3- and 2-byte sequences, U+10FFFF");
}

static void
test_refusals(void)
{
    static const char nul1[] = "a,b\n1,2\n3,\0\n";
    static const char nul2[] = "a,b\n1,\"x\ny\0\"\n";
    static const char nul3[] = "a,\0b\n";

    check_bad("a,b\n1,\"abc\n", 0, "quote is never closed", 2, 2, "b", "unterminated quote at EOF");
    check_bad("a,b\n1,2\n3,\"x\ny", 0, "quote is never closed", 3, 2, "b",
              "unterminated quote names the line it opens on");
    check_bad("a,b\n\"", 0, "quote is never closed", 2, 1, "a", "lone quote at EOF");
    check_bad("a,\"b\n", 0, "quote is never closed", 1, 2, "", "unterminated quote in the header");
    check_bad("a,b\n1,ab\"c\n", 0, "quote inside an unquoted field", 2, 2, "b", "stray quote");
    check_bad("a,b\n1, \"c\"\n", 0, "quote inside an unquoted field", 2, 2, "b",
              "space before an opening quote");
    check_bad("a,b\n\"x\"y,2\n", 0, "text after a closing quote", 2, 1, "a",
              "text after a closing quote");
    check_bad("a,b\n1,\"x\ny\"z\n", 0, "text after a closing quote", 3, 2, "b",
              "text after a closing quote on a later line");
    check_bad("a,b\n\"x\" ,2\n", 0, "text after a closing quote", 2, 1, "a",
              "space after a closing quote");
    check_bad("a,b,c\n1,2\n", 0, "row has too few fields", 2, 3, "c", "too few fields");
    check_bad("a,b\n1,2,3,4\n", 0, "row has too many fields", 2, 3, "", "too many fields");
    check_bad("a,b\n1,2\n\"x\ny\",2,3\n", 0, "row has too many fields", 3, 3, "",
              "field count error names the line the record starts on");
    check_bad("a,b\n1,x\xff\n", 0, "invalid UTF-8", 2, 2, "b", "invalid UTF-8 byte");
    check_bad("a,b\n1,\xc0\xaf\n", 0, "invalid UTF-8", 2, 2, "b", "overlong form");
    check_bad("a,b\n1,\xe0\x80\xaf\n", 0, "invalid UTF-8", 2, 2, "b", "overlong 3-byte form");
    check_bad("a,b\n\xed\xa0\x80,2\n", 0, "invalid UTF-8", 2, 1, "a", "surrogate");
    check_bad("a,b\n\xf4\x90\x80\x80,2\n", 0, "invalid UTF-8", 2, 1, "a", "beyond U+10FFFF");
    check_bad("a,b\n1,\xe1\xba", 0, "invalid UTF-8", 2, 2, "b", "sequence cut by EOF");
    check_bad("a,b\n1,\xe1\xba,\n", 0, "invalid UTF-8", 2, 2, "b", "sequence cut by a separator");
    check_bad("a,b\n1,\"x\n\xff\"\n", 0, "invalid UTF-8", 3, 2, "b",
              "invalid UTF-8 inside quotes names its physical line");
    check_bad("a,\xfe\n", 0, "invalid UTF-8", 1, 2, "", "invalid UTF-8 in the header");
    check_bad_len(nul1, sizeof nul1 - 1, 0, "NUL byte", 3, 2, "b", "NUL byte");
    check_bad_len(nul2, sizeof nul2 - 1, 0, "NUL byte", 3, 2, "b", "NUL byte inside quotes");
    check_bad_len(nul3, sizeof nul3 - 1, 0, "NUL byte", 1, 2, "", "NUL byte in the header");
    check_bad("a,b\r1,2\n", 0, "carriage return without line feed", 1, 2, "", "bare CR");
    check_bad("a,b\n1,2\r", 0, "carriage return without line feed", 2, 2, "b", "CR at EOF");
    check_bad("a,,c\n", 0, "empty column name", 1, 2, "", "empty header name");
    check_bad(" \t,b\n", 0, "empty column name", 1, 1, "", "blank header name");
    check_bad("a,b,\n", 0, "empty column name", 1, 3, "", "trailing separator in the header");
    check_bad("\n", 0, "empty column name", 1, 1, "", "empty header line");
    check_bad("\n\na,b\n", 0, "empty column name", 1, 1, "", "blank lines before the header");
    check_bad("a,b, a\n", 0, "duplicate column name", 1, 3, "a", "duplicate header name");
    check_bad("x,\"y\",y\n", 0, "duplicate column name", 1, 3, "y", "duplicate, one quoted");
    check_bad("", 0, "no header row", 1, 0, "", "empty input");
    check_bad("\xef\xbb\xbf", 0, "no header row", 1, 0, "", "only a BOM");
}

static void
test_limits_and_args(void)
{
    struct sbuf sb   = { NULL, 0, 0 };
    txng_csv   *csv  = (txng_csv *) &sb;
    txng_diag   diag = TXNG_DIAG_INIT;
    char        name[16];
    char        big_name[200];
    txng_err    err;

    for (int i = 0; i < TXNG_CSV_MAX_COLUMNS; i++) {
        snprintf(name, sizeof name, "%sc%d", i ? "," : "", i);
        sb_str(&sb, name);
    }
    err = txng_csv_open(&csv, sb.p, sb.len, 0, NULL);
    ok(err == TXNG_OK && txng_csv_columns(csv) == TXNG_CSV_MAX_COLUMNS, "1000 columns accepted");
    txng_csv_close(csv);
    sb_str(&sb, ",extra\n");
    check_bad(sb.p, 0, "too many columns", 1, TXNG_CSV_MAX_COLUMNS + 1, "", "1001 columns refused");
    free(sb.p);

    csv = (txng_csv *) &diag;
    ok(txng_csv_open(&csv, NULL, 0, 0, &diag) == TXNG_EFORMAT && csv == NULL,
       "NULL, 0 is empty input; *out NULL on failure");
    ok(txng_csv_open(NULL, "a\n", 2, 0, NULL) == TXNG_EINVAL, "out NULL: EINVAL");
    ok(txng_csv_open(&csv, NULL, 3, 0, NULL) == TXNG_EINVAL && csv == NULL,
       "data NULL with len > 0: EINVAL");
    ok(txng_csv_open(&csv, "a\n", 2, 0x80, NULL) == TXNG_EINVAL && csv == NULL,
       "unknown flag: EINVAL");
    ok(txng_csv_open(&csv, "a\n", 2, 0, NULL) == TXNG_OK, "diag may be NULL");
    txng_csv_close(csv);
    txng_csv_close(NULL);
    {
        size_t       idx = 9;
        txng_csv_row row;

        ok(txng_csv_open(&csv, "in,out,in\nA:1kg,C:1kg,B:1kg\n", 28, TXNG_CSV_SAME_NAMES, &diag) ==
                   TXNG_OK &&
               txng_csv_columns(csv) == 3 && strcmp(txng_csv_column_name(csv, 2), "in") == 0 &&
               txng_csv_column_find(csv, "in", &idx) == TXNG_OK && idx == 0,
           "TXNG_CSV_SAME_NAMES: two columns named in; find gives the first");
        ok(csv != NULL && txng_csv_next(csv, &row, &diag) == TXNG_OK && row.nfields == 3 &&
               row.fields[2].len == 5 && memcmp(row.fields[2].ptr, "B:1kg", 5) == 0,
           "TXNG_CSV_SAME_NAMES: the second column's cells are read");
        txng_csv_close(csv);
    }

    /* a long duplicated name is cut at a character boundary in diag.field */
    memset(big_name, 0, sizeof big_name);
    for (size_t i = 0; i + 3 < 150; i += 3)
        memcpy(big_name + i, "\xe1\xbb\x8d", 3);
    sb = (struct sbuf){ NULL, 0, 0 };
    sb_str(&sb, big_name);
    sb_str(&sb, ",");
    sb_str(&sb, big_name);
    memset(&diag, 0, sizeof diag);
    err = txng_csv_open(&csv, sb.p, sb.len, 0, &diag);
    ok(err == TXNG_EFORMAT && strlen(diag.field) == 93 && memcmp(diag.field, big_name, 93) == 0,
       "long name cut at a UTF-8 boundary (93 bytes)");
    free(sb.p);
}

static void
test_sticky_and_rewind(void)
{
    static const char in[] = "a,b\n1,2\n3\n5,6\n";
    txng_csv         *csv  = NULL;
    txng_csv_row      row;
    txng_diag         d1 = TXNG_DIAG_INIT, d2 = TXNG_DIAG_INIT;

    if (!ok(txng_csv_open(&csv, in, sizeof in - 1, 0, NULL) == TXNG_OK, "open"))
        return;
    ok(txng_csv_next(csv, &row, &d1) == TXNG_OK && row.nfields == 2 &&
           strcmp(row.fields[0].ptr, "1") == 0,
       "first row");
    ok(txng_csv_fields_found(csv) == 0, "fields_found is 0 before a count error");
    ok(txng_csv_next(csv, &row, &d1) == TXNG_EFORMAT && d1.line == 3 && d1.offset == 2 &&
           row.nfields == 0 && row.fields == NULL,
       "second row refused");
    ok(txng_csv_fields_found(csv) == 1, "fields_found gives the record's count");
    ok(txng_csv_next(csv, &row, &d2) == TXNG_EFORMAT && d2.line == 3 && d2.offset == 2 &&
           d2.reason == d1.reason && strcmp(d2.field, "b") == 0,
       "the error repeats");
    txng_csv_rewind(csv);
    ok(txng_csv_fields_found(csv) == 0, "rewind clears fields_found");
    ok(txng_csv_next(csv, &row, NULL) == TXNG_OK && row.line == 2 &&
           strcmp(row.fields[1].ptr, "2") == 0,
       "rewind gives the first row again");
    txng_csv_close(csv);
}

/* A field longer than any before grows the buffer; earlier fields of the row stay right. */
static void
test_long_field(void)
{
    struct sbuf  sb  = { NULL, 0, 0 };
    txng_csv    *csv = NULL;
    txng_csv_row row;
    size_t       n   = 200000;
    char        *big = malloc(n + 1);
    bool         same;

    if (big == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        big[i] = (char) ('a' + i % 26);
    big[n] = '\0';
    sb_str(&sb, "a,b,c\nfirst,\"");
    sb_str(&sb, big);
    sb_str(&sb, "\"\"\",last\n");
    ok(txng_csv_open(&csv, sb.p, sb.len, 0, NULL) == TXNG_OK &&
           txng_csv_next(csv, &row, NULL) == TXNG_OK && row.nfields == 3,
       "row with a 200 kB field");
    same = row.nfields == 3 && row.fields[1].len == n + 1 &&
           memcmp(row.fields[1].ptr, big, n) == 0 && row.fields[1].ptr[n] == '"';
    ok(same && strcmp(row.fields[0].ptr, "first") == 0 && strcmp(row.fields[2].ptr, "last") == 0,
       "its fields are intact");
    txng_csv_close(csv);
    free(big);
    free(sb.p);
}

static void
make_rows(struct sbuf *sb, size_t rows, size_t bad)
{
    char line[256];

    sb_str(sb, "\xef\xbb\xbfl\xc3\xb4,gtin,weight,unit,time,place,note,a,b,c\r\n");
    for (size_t i = 1; i <= rows; i++) {
        if (i == bad)
            snprintf(line, sizeof line, "L24-%05zu,08930000000026,9.6\r\n", i);
        else
            snprintf(line, sizeof line,
                     "L24-%05zu,08930000000026,%zu.5,kg,2024-10-20T08:00+07:00,"
                     "\"V\xc6\xb0\xe1\xbb\x9dn 3, ti\xe1\xbb\x83u khu 12\",\"S\xc3\xa2m "
                     "Ng\xe1\xbb\x8d"
                     "c Linh \"\"c\xe1\xbb\xa7\"\"\",x,y,z\r\n",
                     i, i % 100);
        sb_str(sb, line);
    }
}

static void
test_ten_thousand(void)
{
    struct sbuf  sb  = { NULL, 0, 0 };
    txng_csv    *csv = NULL;
    txng_csv_row row;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_err     err;
    size_t       good = 0;

    make_rows(&sb, 10000, 7321);
    if (!ok(txng_csv_open(&csv, sb.p, sb.len, TXNG_CSV_SNIFF, &diag) == TXNG_OK,
            "10,000 rows open"))
        goto out;
    while ((err = txng_csv_next(csv, &row, &diag)) == TXNG_OK && row.nfields > 0)
        good++;
    ok(err == TXNG_EFORMAT && good == 7320, "7,320 rows read before the bad one (%zu)", good);
    ok(diag.line == 7322 && diag.offset == 4 && strcmp(diag.field, "unit") == 0 &&
           strcmp(diag.reason, "row has too few fields") == 0 && txng_csv_fields_found(csv) == 3,
       "row 7,321 refused at line 7,322, column 4 (unit), 3 fields of 10");
out:
    txng_csv_close(csv);
    free(sb.p);
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
test_throughput(void)
{
    struct sbuf  sb  = { NULL, 0, 0 };
    txng_csv    *csv = NULL;
    txng_csv_row row;
    size_t       rows = 0, total = 0, reps = 20, bytes = 0;
    double       t0, t;
    txng_err     err = TXNG_OK;

    make_rows(&sb, 8000, 0);
    t0 = now();
    for (size_t r = 0; r < reps && err == TXNG_OK; r++) {
        rows = 0;
        err  = txng_csv_open(&csv, sb.p, sb.len, 0, NULL);
        while (err == TXNG_OK && (err = txng_csv_next(csv, &row, NULL)) == TXNG_OK &&
               row.nfields > 0) {
            bytes += row.fields[9].len;
            rows++;
        }
        txng_csv_close(csv);
        csv = NULL;
        total += rows;
    }
    t = now() - t0;
    ok(err == TXNG_OK && rows == 8000 && bytes == reps * 8000, "throughput input read whole");
    printf("# csv: %zu rows x %zu passes of %.2f MB (10 columns, quoted, UTF-8) in %.3f s: "
           "%.0f rows/s, %.0f MB/s\n",
           rows, reps, (double) sb.len / 1e6, t, (double) total / t,
           (double) sb.len * (double) reps / 1e6 / t);
    free(sb.p);
}

int
main(void)
{
    test_basics();
    test_quoting();
    test_sniff();
    test_vietnamese();
    test_refusals();
    test_limits_and_args();
    test_sticky_and_rewind();
    test_long_field();
    test_ten_thousand();
    test_throughput();
    return tap_done();
}
