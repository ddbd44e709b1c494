/*
 * test_gs1.c - GS1 keys, Digital Link, EPC URNs and urn:txng codes
 *
 * Known answers of our own for every function and refusal, then the
 * gs1-syntax-engine Digital Link vectors and the EPC/DL normaliser cases
 * from $TXNG_VECTORS/gs1 (skipped when absent). Vector cases that need AIs
 * or options outside this module's scope are skipped with the reason.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gs1.h"
#include "tests/tap.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static bool
reason_is(const txng_diag *d, const char *reason)
{
    return d->reason != NULL && strcmp(d->reason, reason) == 0;
}

/* ---- known answers ---- */

static void
test_check_digit(void)
{
    char      out[TXNG_GS1_GTIN_LEN + 1];
    txng_diag d = TXNG_DIAG_INIT;

    ok(txng_gs1_check_digit(S("0950600013435")) == 2, "check digit of 0950600013435");
    ok(txng_gs1_check_digit(S("10614141123456789")) == 7, "check digit of an SSCC");
    ok(txng_gs1_check_digit(S("952061400000")) == 1, "check digit of a GLN");
    ok(txng_gs1_check_digit(S("401234500000")) == 9, "check digit 9");
    ok(txng_gs1_check_digit(S("893000000001")) == 9, "check digit of 893 GLN");
    ok(txng_gs1_check_digit(S("0000000")) == 0, "check digit 0");
    ok(txng_gs1_check_digit(NULL, 0) == -1, "check digit of nothing");
    ok(txng_gs1_check_digit(S("12a4")) == -1, "check digit of a non-digit");

    ok(txng_gs1_gtin_normalize(out, S("09506000134352"), &d) == TXNG_OK &&
           strcmp(out, "09506000134352") == 0,
       "GTIN-14 stays");
    ok(txng_gs1_gtin_normalize(out, S("9506000134352"), &d) == TXNG_OK &&
           strcmp(out, "09506000134352") == 0,
       "GTIN-13 padded");
    ok(txng_gs1_gtin_normalize(out, S("416000336108"), &d) == TXNG_OK &&
           strcmp(out, "00416000336108") == 0,
       "GTIN-12 padded");
    ok(txng_gs1_gtin_normalize(out, S("02345673"), &d) == TXNG_OK &&
           strcmp(out, "00000002345673") == 0,
       "GTIN-8 padded");

    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_gtin_normalize(out, S("09506000134353"), &d) == TXNG_EFORMAT && out[0] == '\0' &&
           reason_is(&d, "wrong check digit: expected 2") && strcmp(d.field, "GTIN (01)") == 0 &&
           d.offset == 14,
       "wrong check digit names the expected digit and its position");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_gtin_normalize(out, S("9506000134350"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong check digit: expected 2") && d.offset == 13,
       "wrong check digit of a GTIN-13 at position 13");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_gtin_normalize(out, S("08930000000023"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong check digit: expected 6"),
       "expected 6");
    /* Any single changed digit, at any position, is caught. */
    for (int pos = 0; pos < 14; pos++) {
        char g[] = "09506000134352";

        g[pos] = (char) ('0' + (g[pos] - '0' + 1) % 10);
        d      = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_gs1_gtin_normalize(out, g, 14, &d) == TXNG_EFORMAT && d.offset == 14 &&
               strncmp(d.reason, "wrong check digit: expected ", 28) == 0,
           "digit %d changed is refused", pos + 1);
    }
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_gtin_normalize(out, S("12345678901"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong length for a GTIN"),
       "11 digits are no GTIN");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_gtin_normalize(out, S("0950600013435A"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "not a digit") && d.offset == 14,
       "a letter in a GTIN is named by position");
    ok(txng_gs1_gtin_normalize(NULL, S("09506000134352"), &d) == TXNG_EINVAL, "NULL out");
}

static void
test_ai_check(void)
{
    txng_diag d;
    int       accepted = 0;

    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("ABCDEFGHIJ0123456789"), &d) == TXNG_OK, "lot of 20 characters");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("ABCDEFGHIJ0123456789X"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "longer than 20 characters") && strcmp(d.field, "lot (10)") == 0 &&
           d.offset == 21,
       "lot of 21 characters refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("21", S("ABCDEFGHIJ0123456789X"), &d) == TXNG_EFORMAT &&
           strcmp(d.field, "serial (21)") == 0,
       "serial of 21 characters refused");
    ok(txng_gs1_ai_check("10", S("L24-017\"%&'()*+,./:;<=>?_!"), NULL) == TXNG_EFORMAT,
       "27 characters of set 82 are too long");
    ok(txng_gs1_ai_check("10", S("\"%&'()*+,-./:;<=>?_!"), NULL) == TXNG_OK,
       "punctuation of set 82, '\"' and '%%' included");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L24 017"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "character not in GS1 character set 82") && d.offset == 4 &&
           d.value_name != NULL && strcmp(d.value_name, "character") == 0 &&
           strcmp(d.value, "U+0020") == 0,
       "space at position 4 refused, named U+0020");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L#"), &d) == TXNG_EFORMAT && d.offset == 2 &&
           strcmp(d.value, "'#' (U+0023)") == 0,
       "'#' refused, named");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L\xc3\xa9"), &d) == TXNG_EFORMAT && d.offset == 2 &&
           strcmp(d.value, "'\xc3\xa9' (U+00E9)") == 0,
       "a Vietnamese letter refused, named with its code point");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L\x01"), &d) == TXNG_EFORMAT && strcmp(d.value, "U+0001") == 0,
       "a control character is named by its code point alone");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L\xff"), &d) == TXNG_EFORMAT && strcmp(d.value, "\\xFF") == 0,
       "a byte that is not UTF-8 is named as \\xFF");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("L\xc3"), &d) == TXNG_EFORMAT && strcmp(d.value, "\\xC3") == 0,
       "a UTF-8 sequence cut short is named by its byte");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("21", S("~1"), &d) == TXNG_EFORMAT && d.offset == 1, "'~' refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S("S\xc3\xa2m"), &d) == TXNG_EFORMAT && d.offset == 2,
       "non-ASCII refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("10", S(""), &d) == TXNG_EFORMAT && reason_is(&d, "empty value"),
       "empty lot refused");
    for (int c = 0; c < 256; c++) {
        char ch = (char) c;

        accepted += txng_gs1_ai_check("21", &ch, 1, NULL) == TXNG_OK;
    }
    ok(accepted == 82, "exactly 82 characters accepted (%d)", accepted);

    ok(txng_gs1_ai_check("00", S("106141411234567897"), NULL) == TXNG_OK, "SSCC");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("00", S("106141411234567890"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong check digit: expected 7") && strcmp(d.field, "SSCC (00)") == 0 &&
           d.offset == 18,
       "SSCC check digit");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("00", S("10614141123456789"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong length"),
       "SSCC of 17 digits");
    ok(txng_gs1_ai_check("414", S("8930000000019"), NULL) == TXNG_OK, "GLN");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("417", S("8930000000010"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong check digit: expected 9") &&
           strcmp(d.field, "party GLN (417)") == 0,
       "party GLN check digit");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("01", S("0950600013435X"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "not a digit") && d.offset == 14,
       "AI 01 letter");
    ok(txng_gs1_ai_check("01", S("9506000134352"), NULL) == TXNG_EFORMAT, "AI 01 needs 14");
    ok(txng_gs1_ai_check("22", S("2A"), NULL) == TXNG_OK, "CPV");
    ok(txng_gs1_ai_check("254", S("32a/b"), NULL) == TXNG_OK, "GLN extension");

    ok(txng_gs1_ai_check("17", S("261231"), NULL) == TXNG_OK, "expiry date");
    ok(txng_gs1_ai_check("11", S("251200"), NULL) == TXNG_OK, "day 00");
    ok(txng_gs1_ai_check("15", S("240229"), NULL) == TXNG_OK, "29 February 2024");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("15", S("250229"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "day out of range") && d.offset == 5,
       "29 February 2025 refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("13", S("251301"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "month out of range"),
       "month 13 refused");
    ok(txng_gs1_ai_check("16", S("250001"), NULL) == TXNG_EFORMAT, "month 00 refused");
    ok(txng_gs1_ai_check("17", S("250431"), NULL) == TXNG_EFORMAT, "31 April refused");
    ok(txng_gs1_ai_check("17", S("25043"), NULL) == TXNG_EFORMAT, "5-digit date refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_ai_check("99", S("X"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "unsupported application identifier") && strcmp(d.field, "99") == 0,
       "unsupported AI");
    ok(txng_gs1_ai_check(NULL, S("X"), NULL) == TXNG_EINVAL, "NULL AI");
}

static void
test_vietnam(void)
{
    ok(txng_gs1_is_vietnam(S("08930000000026")), "893 GTIN-14");
    ok(txng_gs1_is_vietnam(S("8930000000026")), "893 GTIN-13");
    ok(txng_gs1_is_vietnam(S("8930000000019")), "893 GLN");
    ok(!txng_gs1_is_vietnam(S("09506000134352")), "950 GTIN is not Vietnamese");
    ok(!txng_gs1_is_vietnam(S("08940000000001")), "894 is not Vietnamese");
    ok(!txng_gs1_is_vietnam(S("08920000000001")), "892 is not Vietnamese");
    ok(txng_gs1_is_vietnam(S("18930000000023")), "indicator digit 1 then 893");
    ok(txng_gs1_is_vietnam(S("89312349")), "893 GTIN-8");
    ok(txng_gs1_is_vietnam(S("00000089312349")), "893 GTIN-8 padded to 14");
    ok(!txng_gs1_is_vietnam(S("893123456787")), "GTIN-12 never");
    ok(txng_gs1_is_vietnam(S("389300000000000003")), "893 SSCC");
    ok(!txng_gs1_is_vietnam(S("893")), "3 digits");
    ok(!txng_gs1_is_vietnam(S("893000000001X")), "non-digit");
}

static void
test_country(void)
{
    char num[4] = "";

    ok(txng_gs1_country("VN", num) && strcmp(num, "704") == 0, "VN is 704");
    ok(txng_gs1_country("TH", num) && strcmp(num, "764") == 0, "TH is 764");
    ok(txng_gs1_country("AD", num) && strcmp(num, "020") == 0, "AD, the first, is 020");
    ok(txng_gs1_country("ZW", num) && strcmp(num, "716") == 0, "ZW, the last, is 716");
    ok(txng_gs1_country("CN", NULL), "CN without its number");
    ok(!txng_gs1_country("vn", num), "lower case is not a code");
    ok(!txng_gs1_country("XX", num) && !txng_gs1_country("UK", num), "XX, UK: not assigned");
    ok(!txng_gs1_country("VNM", num) && !txng_gs1_country("V", num) &&
           !txng_gs1_country("", num) && !txng_gs1_country(NULL, num),
       "not two letters");
}

static void
test_escape(void)
{
    char   buf[64];
    size_t n;

    ok(txng_gs1_uri_escape(buf, sizeof buf, S("L24/017 A"), false) == TXNG_OK &&
           strcmp(buf, "L24%2F017%20A") == 0,
       "path escape");
    ok(txng_gs1_uri_escape(buf, sizeof buf, S("L24/017 A"), true) == TXNG_OK &&
           strcmp(buf, "L24%2F017+A") == 0,
       "query escape");
    ok(txng_gs1_uri_escape(buf, 4, S("A/B"), false) == TXNG_EINVAL && buf[0] == '\0',
       "escape into a small buffer");
    ok(txng_gs1_uri_escape(buf, 4, S("ABC"), false) == TXNG_OK, "exact fit");
    ok(txng_gs1_uri_unescape(buf, sizeof buf, &n, S("a%2fb+c%2"), false) == TXNG_OK && n == 7 &&
           memcmp(buf, "a/b+c%2", 7) == 0,
       "path unescape");
    ok(txng_gs1_uri_unescape(buf, sizeof buf, &n, S("a%2Fb+c"), true) == TXNG_OK && n == 5 &&
           memcmp(buf, "a/b c", 5) == 0,
       "query unescape");
    ok(txng_gs1_uri_unescape(buf, 3, &n, S("abc"), false) == TXNG_EINVAL, "unescape too small");
}

static void
test_dl_parse(void)
{
    txng_gs1_id id;
    txng_diag   d;
    char        out[TXNG_GS1_URI_MAX];
    static const struct {
        const char *uri;
        const char *reason;
        const char *field;
        size_t      offset;
    } bad[] = {
        { "ftp://a/01/09506000134352", "not an http or https URI", "", 1 },
        { "Https://a/01/09506000134352", "not an http or https URI", "", 1 },
        { "https://a b/01/09506000134352", "bad host", "", 9 },
        { "https://a:123456/01/09506000134352", "bad host", "", 9 },
        { "https://[fe80::1%25lo]/01/09506000134352", "bad host", "", 9 },
        { "https:///01/09506000134352", "bad host", "", 9 },
        { "https://a/01/09506000134352/10/A<B", "character not allowed in a URI", "", 33 },
        { "https://a/01/09506000134352/10/A%4G", "bad percent-escape", "", 33 },
        { "https://a/01/09506000134352?17=2%", "bad percent-escape", "", 33 },
        { "https://a/01//09506000134352", "empty path segment", "", 14 },
        { "https://a/01/09506000134352/", "empty path segment", "", 29 },
        { "https://a", "no supported GS1 primary key in the path", "", 0 },
        { "https://a/b/c", "no supported GS1 primary key in the path", "", 0 },
        { "https://a/8004/0180451111ABC987", "unsupported primary key", "8004", 11 },
        { "https://a/01/09506000134352/21/S/10/L", "key qualifier not allowed or out of order",
          "10", 34 },
        { "https://a/01/09506000134352/99/X", "key qualifier not allowed or out of order", "99",
          29 },
        { "https://a/00/106141411234567897/10/L", "key qualifier not allowed or out of order", "10",
          33 },
        { "https://a/01/09506000134353", "wrong check digit: expected 2", "GTIN (01)", 14 },
        { "https://a/01/9506000134352", "wrong length", "GTIN (01)", 0 },
        { "https://a/414/8930000000010/254/X", "wrong check digit: expected 9", "GLN (414)", 13 },
        { "https://a/01/09506000134352/10/ABCDEFGHIJ0123456789X", "longer than 20 characters",
          "lot (10)", 21 },
        { "https://a/01/09506000134352/10/AB%23", "character not in GS1 character set 82",
          "lot (10)", 3 },
        { "https://a/01/09506000134352/21/%00", "character not in GS1 character set 82",
          "serial (21)", 1 },
        { "https://a/01/09506000134352?10=L", "key qualifier in the query string", "10", 29 },
        { "https://a/01/09506000134352?01=09506000134352", "application identifier repeated", "01",
          29 },
        { "https://a/01/09506000134352?17=261231&17=261231", "application identifier repeated",
          "expiry date (17)", 39 },
        { "https://a/01/09506000134352?3103=000195", "unsupported application identifier", "3103",
          29 },
        { "https://a/01/09506000134352?17=", "empty value", "17", 29 },
        { "https://a/01/09506000134352?17", "empty value", "17", 29 },
        { "https://a/414/8930000000019?17=261231", "data attribute without a GTIN",
          "expiry date (17)", 29 },
        { "https://a/01/09506000134352?17=261331", "month out of range", "expiry date (17)", 3 },
        { "https://a/01/09506000134352?17=26+231", "not a digit", "expiry date (17)", 3 },
    };

    ok(txng_gs1_dl_parse(&id, S("https://id.gs1.org/01/08930000000033/21/000007"), 0, NULL) ==
               TXNG_OK &&
           id.key == TXNG_GS1_KEY_GTIN && strcmp(id.key_digits, "08930000000033") == 0 &&
           strcmp(id.serial, "000007") == 0 && id.lot[0] == '\0',
       "unit DL");
    ok(txng_gs1_dl_parse(&id,
                         S("HTTPS://EXAMPLE.com:8443/a/b/01/08930000000026/22/V%2F1/10/"
                           "L24-017/21/%22%25?linkType=gs1:pip&17=261231&x&15=2612%30"
                           "0#frag"),
                         0, NULL) == TXNG_OK &&
           strcmp(id.cpv, "V/1") == 0 && strcmp(id.lot, "L24-017") == 0 &&
           strcmp(id.serial, "\"%") == 0 && strcmp(id.dates[TXNG_GS1_DATE_EXPIRY], "261231") == 0 &&
           strcmp(id.dates[TXNG_GS1_DATE_BEST_BEFORE], "261200") == 0,
       "DL with stem, port, all qualifiers, escapes, dates, fragment");
    ok(txng_gs1_dl_format(out, &id, NULL, false, NULL) == TXNG_OK &&
           strcmp(out, "https://id.gs1.org/01/08930000000026/22/V%2F1/10/L24-017/21/%22%25") == 0,
       "its canonical form");
    ok(txng_gs1_dl_format(out, &id, "https://example.com/", true, NULL) == TXNG_OK &&
           strcmp(out, "https://example.com/01/08930000000026/22/V%2F1/10/L24-017/21/%22%25"
                       "?15=261200&17=261231") == 0,
       "with a stem and attributes in AI order");
    ok(txng_gs1_dl_parse(&id, S("https://a/01/9506000134352"), TXNG_GS1_DL_SHORT_GTIN, NULL) ==
               TXNG_OK &&
           strcmp(id.key_digits, "09506000134352") == 0,
       "GTIN-13 padded with the flag");
    ok(txng_gs1_dl_parse(&id, S("http://a/414/8930000000019/254/0"), 0, NULL) == TXNG_OK &&
           id.key == TXNG_GS1_KEY_GLN && strcmp(id.gln_ext, "0") == 0,
       "GLN with extension");
    ok(txng_gs1_dl_parse(&id, S("http://a/417/8930000000019"), 0, NULL) == TXNG_OK &&
           id.key == TXNG_GS1_KEY_PARTY_GLN,
       "party GLN");
    ok(txng_gs1_dl_parse(&id, S("http://a/01/10/01/09506000134352/10/21/21/22"), 0, NULL) ==
               TXNG_OK &&
           strcmp(id.lot, "21") == 0 && strcmp(id.serial, "22") == 0,
       "values that look like AIs");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = (txng_diag) TXNG_DIAG_INIT;
        memset(&id, 0x55, sizeof id);
        ok(txng_gs1_dl_parse(&id, bad[i].uri, strlen(bad[i].uri), 0, &d) == TXNG_EFORMAT &&
               id.key == TXNG_GS1_KEY_NONE && reason_is(&d, bad[i].reason) &&
               strcmp(d.field, bad[i].field) == 0 && d.offset == bad[i].offset,
           "refused: %s (%s; got %s, '%s', %zu)", bad[i].uri, bad[i].reason,
           d.reason ? d.reason : "-", d.field, d.offset);
    }
    ok(txng_gs1_dl_parse(NULL, S("https://a/01/09506000134352"), 0, NULL) == TXNG_EINVAL,
       "NULL out");
    ok(txng_gs1_dl_parse(&id, NULL, 3, 0, NULL) == TXNG_EINVAL, "NULL input");
    ok(txng_gs1_dl_parse(&id, NULL, 0, 0, NULL) == TXNG_EFORMAT, "empty input");
}

static void
test_dl_format(void)
{
    txng_gs1_id id;
    txng_diag   d;
    char        out[TXNG_GS1_URI_MAX];
    char        stem[300];

    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_SSCC;
    strcpy(id.key_digits, "106141411234567897");
    ok(txng_gs1_dl_format(out, &id, NULL, true, NULL) == TXNG_OK &&
           strcmp(out, "https://id.gs1.org/00/106141411234567897") == 0,
       "SSCC DL");
    strcpy(id.lot, "L1");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_dl_format(out, &id, NULL, false, &d) == TXNG_EFORMAT && out[0] == '\0' &&
           reason_is(&d, "key qualifier not allowed or out of order") &&
           strcmp(d.field, "lot (10)") == 0,
       "lot on an SSCC refused");
    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_GLN;
    strcpy(id.key_digits, "8930000000019");
    strcpy(id.gln_ext, "A B");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_dl_format(out, &id, NULL, false, &d) == TXNG_EFORMAT &&
           strcmp(d.field, "GLN extension (254)") == 0 && d.offset == 2,
       "space in a GLN extension refused");
    strcpy(id.gln_ext, "A/B");
    ok(txng_gs1_dl_format(out, &id, NULL, false, NULL) == TXNG_OK &&
           strcmp(out, "https://id.gs1.org/414/8930000000019/254/A%2FB") == 0,
       "GLN extension escaped");
    strcpy(id.dates[TXNG_GS1_DATE_EXPIRY], "261231");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_dl_format(out, &id, NULL, true, &d) == TXNG_EFORMAT &&
           reason_is(&d, "data attribute without a GTIN"),
       "date on a GLN refused");
    memset(&id, 0, sizeof id);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_dl_format(out, &id, NULL, false, &d) == TXNG_EFORMAT &&
           reason_is(&d, "no supported GS1 primary key"),
       "no key");
    id.key = TXNG_GS1_KEY_GTIN;
    strcpy(id.key_digits, "08930000000033");
    strcpy(id.lot, "L24-017-S");
    strcpy(id.serial, "000007");
    strcpy(id.dates[TXNG_GS1_DATE_EXPIRY], "261331");
    ok(txng_gs1_dl_format(out, &id, NULL, false, NULL) == TXNG_EFORMAT, "bad date refused");
    id.dates[TXNG_GS1_DATE_EXPIRY][0] = '\0';
    memset(stem, 'a', sizeof stem - 1);
    stem[sizeof stem - 1] = '\0';
    ok(txng_gs1_dl_format(out, &id, stem, false, NULL) == TXNG_EINVAL, "stem too long");
    memcpy(stem, "https://", 8);
    stem[200] = '\0';
    ok(txng_gs1_dl_format(out, &id, stem, false, NULL) == TXNG_OK, "stem of 200 bytes");
    memset(id.serial, 'Z', sizeof id.serial); /* not terminated: a caller bug caught */
    ok(txng_gs1_dl_format(out, &id, NULL, false, NULL) == TXNG_EFORMAT, "unterminated serial");
    ok(txng_gs1_dl_format(NULL, &id, NULL, false, NULL) == TXNG_EINVAL, "NULL out");
}

static void
test_epc(void)
{
    txng_gs1_id id;
    txng_diag   d;
    char        out[TXNG_GS1_URI_MAX];
    static const struct {
        const char *urn, *dl;
        unsigned    gcp;
    } good[] = {
        /* The brief's example with the indicator digit 0, as the Tag Data Standard places it. */
        { "urn:epc:id:sgtin:0614141.012345.6789", "https://id.gs1.org/01/00614141123452/21/6789",
          7 },
        { "urn:epc:id:sgtin:0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6789",
          7 },
        { "urn:epc:id:sgtin:893000000.0002.A%2FB%22",
          "https://id.gs1.org/01/08930000000026/21/"
          "A%2FB%22",
          9 },
        { "urn:epc:class:lgtin:893000.0000002.L24-017",
          "https://id.gs1.org/01/08930000000026/10/L24-017", 6 },
        { "urn:epc:id:sscc:0614141.1123456789", "https://id.gs1.org/00/106141411234567897", 7 },
        { "urn:epc:id:sgln:893000.000001.0", "https://id.gs1.org/414/8930000000019", 6 },
        { "urn:epc:id:sgln:893000.000001.V3", "https://id.gs1.org/414/8930000000019/254/V3", 6 },
        { "urn:epc:id:pgln:893000.000001", "https://id.gs1.org/417/8930000000019", 6 },
    };
    static const struct {
        const char *urn, *reason;
    } bad[] = {
        { "urn:epc:id:giai:4012345.ABC345", "not a supported EPC URN" },
        { "urn:epc:idpat:sgtin:4012345.012345.*", "not a supported EPC URN" },
        { "urn:epc:id:SGTIN:0614141.012345.6789", "not a supported EPC URN" },
        { "urn:epc:id:sgtin:0614141.012345", "wrong number of fields" },
        { "urn:epc:id:sscc:0614141", "wrong number of fields" },
        { "urn:epc:id:sgtin:06141.0123456.6789", "bad company prefix" },
        { "urn:epc:id:sgtin:0614141.01234.6789", "wrong length" },
        { "urn:epc:id:sgtin:0614141.01234X.6789", "not a digit" },
        { "urn:epc:id:sgtin:0614141.012345.", "empty value" },
        { "urn:epc:id:sgtin:0614141.012345.A%2", "bad percent-escape" },
        { "urn:epc:id:sgtin:0614141.012345.A%23", "character not in GS1 character set 82" },
        { "urn:epc:id:sgtin:0614141.012345.ABCDEFGHIJ0123456789X", "longer than 20 characters" },
        { "urn:epc:id:sscc:0614141.123456789", "wrong length" },
        { "urn:epc:id:sgln:893000.00001.0", "wrong length" },
        { "urn:epc:id:pgln:893000.0000A1", "not a digit" },
        { "urn:epc:id:sgln:893000.000001.", "empty value" },
    };

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        bool pass = txng_gs1_epc_parse(&id, good[i].urn, strlen(good[i].urn), NULL) == TXNG_OK &&
                    txng_gs1_dl_format(out, &id, NULL, false, NULL) == TXNG_OK;

        if (good[i].dl[0] != '\0')
            pass = pass && strcmp(out, good[i].dl) == 0;
        ok(pass, "EPC %s -> %s (got %s)", good[i].urn, good[i].dl, out);
        ok(txng_gs1_epc_format(out, &id, good[i].gcp, NULL) == TXNG_OK &&
               (strcmp(out, good[i].urn) == 0 || good[i].dl[0] == '\0'),
           "and back (got %s)", out);
    }
    ok(txng_gs1_epc_parse(&id, S("urn:epc:id:sgln:893000000001."), NULL) == TXNG_EFORMAT,
       "sgln with an empty extension field refused");
    ok(txng_gs1_epc_parse(&id, S("URN:EPC:id:pgln:893000.000001"), NULL) == TXNG_OK,
       "urn:epc in upper case");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = (txng_diag) TXNG_DIAG_INIT;
        memset(&id, 0x55, sizeof id);
        ok(txng_gs1_epc_parse(&id, bad[i].urn, strlen(bad[i].urn), &d) == TXNG_EFORMAT &&
               id.key == TXNG_GS1_KEY_NONE && reason_is(&d, bad[i].reason),
           "refused: %s (%s; got %s)", bad[i].urn, bad[i].reason, d.reason ? d.reason : "-");
    }

    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_GTIN;
    strcpy(id.key_digits, "08930000000026");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_epc_format(out, &id, 7, &d) == TXNG_EFORMAT && out[0] == '\0' &&
           reason_is(&d, "no EPC URN for this identifier"),
       "GTIN alone refused with reason");
    strcpy(id.lot, "L");
    strcpy(id.serial, "S");
    ok(txng_gs1_epc_format(out, &id, 7, NULL) == TXNG_EFORMAT, "lot and serial refused");
    id.lot[0] = '\0';
    strcpy(id.cpv, "C");
    ok(txng_gs1_epc_format(out, &id, 7, NULL) == TXNG_EFORMAT, "CPV refused");
    id.cpv[0] = '\0';
    ok(txng_gs1_epc_format(out, &id, 5, NULL) == TXNG_EINVAL, "company prefix of 5");
    ok(txng_gs1_epc_format(out, &id, 13, NULL) == TXNG_EINVAL, "company prefix of 13");
    strcpy(id.serial, "a\"%&/<>?b");
    ok(txng_gs1_epc_format(out, &id, 12, NULL) == TXNG_OK &&
           strcmp(out, "urn:epc:id:sgtin:893000000002.0.a%22%25%26%2F%3C%3E%3Fb") == 0,
       "EPC escapes (got %s)", out);
    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_GLN;
    strcpy(id.key_digits, "8930000000019");
    strcpy(id.gln_ext, "0");
    ok(txng_gs1_epc_format(out, &id, 7, NULL) == TXNG_EFORMAT, "extension \"0\" has no sgln");
    strcpy(id.key_digits, "8930000000010");
    ok(txng_gs1_epc_format(out, &id, 7, NULL) == TXNG_EFORMAT, "bad GLN refused");
}

static void
test_code(void)
{
    txng_gs1_code c;
    txng_diag     d;
    char          out[TXNG_GS1_URI_MAX];
    char          code[80];
    static const struct {
        const char *urn, *reason, *field;
        size_t      offset;
    } bad[] = {
        { "urn:txn:a:lot:b", "not a urn:txng code", "", 0 },
        { "urn:txng:lot:b", "wrong number of fields", "", 0 },
        { "urn:txng:b", "wrong number of fields", "", 0 },
        { "urn:txng::lot:b", "bad origin", "origin", 0 },
        { "urn:txng:a b:lot:b", "bad origin", "origin", 0 },
        { "urn:txng:a+b:lot:b", "bad origin", "origin", 0 },
        { "urn:txng:a:Lot:b", "unknown kind", "kind", 0 },
        { "urn:txng:a:batch:b", "unknown kind", "kind", 0 },
        { "urn:txng:a:lot:", "empty value", "code", 0 },
        { "urn:txng:a:lot:L 1",
          "character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'", "code", 2 },
        { "urn:txng:a:lot:L%201",
          "character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'", "code", 2 },
        { "urn:txng:a:lot:L/1",
          "character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'", "code", 2 },
    };

    ok(txng_gs1_kind_name(TXNG_GS1_KIND_COHORT) != NULL &&
           strcmp(txng_gs1_kind_name(TXNG_GS1_KIND_COHORT), "cohort") == 0,
       "kind name");
    ok(txng_gs1_kind_name(TXNG_GS1_NKINDS) == NULL, "kind out of range");
    ok(txng_gs1_code_format(out, "txng.example/ho-a-vang", TXNG_GS1_KIND_LOT, "L24-017", NULL) ==
               TXNG_OK &&
           strcmp(out, "urn:txng:txng.example/ho-a-vang:lot:L24-017") == 0,
       "code format");
    ok(txng_gs1_code_parse(&c, out, strlen(out), NULL) == TXNG_OK &&
           strcmp(c.origin, "txng.example/ho-a-vang") == 0 && c.kind == TXNG_GS1_KIND_LOT &&
           strcmp(c.code, "L24-017") == 0,
       "code parse");
    ok(txng_gs1_code_parse(&c, S("URN:TXNG:x:y:cohort:V3_2019.a"), NULL) == TXNG_OK &&
           strcmp(c.origin, "x:y") == 0 && c.kind == TXNG_GS1_KIND_COHORT &&
           strcmp(c.code, "V3_2019.a") == 0,
       "origin with ':' and upper-case prefix");
    for (int k = 0; k < TXNG_GS1_NKINDS; k++) {
        char urn[64];

        snprintf(urn, sizeof urn, "urn:txng:o:%s:c", txng_gs1_kind_name((txng_gs1_kind) k));
        ok(txng_gs1_code_parse(&c, urn, strlen(urn), NULL) == TXNG_OK && (int) c.kind == k,
           "kind %s", urn);
    }
    memset(code, 'x', 64);
    code[64] = '\0';
    ok(txng_gs1_code_format(out, "o", TXNG_GS1_KIND_UNIT, code, NULL) == TXNG_OK, "64 characters");
    code[64] = 'x';
    code[65] = '\0';
    d        = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_code_format(out, "o", TXNG_GS1_KIND_UNIT, code, &d) == TXNG_EFORMAT &&
           out[0] == '\0' && reason_is(&d, "longer than 64 characters") && d.offset == 65,
       "65 characters refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_code_format(out, "o", (txng_gs1_kind) 99, "c", &d) == TXNG_EFORMAT &&
           reason_is(&d, "unknown kind"),
       "bad kind refused");
    ok(txng_gs1_code_format(out, NULL, TXNG_GS1_KIND_UNIT, "c", NULL) == TXNG_EINVAL,
       "NULL origin");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = (txng_diag) TXNG_DIAG_INIT;
        memset(&c, 0x55, sizeof c);
        ok(txng_gs1_code_parse(&c, bad[i].urn, strlen(bad[i].urn), &d) == TXNG_EFORMAT &&
               c.origin[0] == '\0' && reason_is(&d, bad[i].reason) &&
               strcmp(d.field, bad[i].field) == 0 && d.offset == bad[i].offset,
           "refused: %s (%s; got %s)", bad[i].urn, bad[i].reason, d.reason ? d.reason : "-");
    }
}

static void
test_canonicalize(void)
{
    char      out[TXNG_GS1_URI_MAX];
    txng_diag d;
    static const struct {
        const char *in, *out;
    } good[] = {
        { "https://example.com/shop/01/8930000000026/10/L24-017?linkType=gs1:pip&17=261231",
          "https://id.gs1.org/01/08930000000026/10/L24-017" },
        { "https://id.gs1.org/01/08930000000033/21/000007",
          "https://id.gs1.org/01/08930000000033/21/000007" },
        { "http://a/01/08930000000033/21/%2d%41+",
          "https://id.gs1.org/01/08930000000033/21/-A%2B" },
        { "urn:epc:id:sgtin:893000000.0003.000007",
          "https://id.gs1.org/01/08930000000033/21/000007" },
        { "urn:txng:ho-a:cohort:V3-2019", "urn:txng:ho-a:cohort:V3-2019" },
        { "Urn:Txng:ho-a:cohort:V3-2019", "urn:txng:ho-a:cohort:V3-2019" },
    };

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ok(txng_gs1_canonicalize(out, good[i].in, strlen(good[i].in), NULL) == TXNG_OK &&
               strcmp(out, good[i].out) == 0,
           "canonical of %s (got %s)", good[i].in, out);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_canonicalize(out, S("08930000000026"), &d) == TXNG_EFORMAT && out[0] == '\0' &&
           reason_is(&d, "not a Digital Link URI, EPC URN or urn:txng code"),
       "a bare GTIN is not an identifier string");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_canonicalize(out, S("https://a/01/08930000000027"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "wrong check digit: expected 6") && strcmp(d.field, "GTIN (01)") == 0,
       "DL with a wrong check digit");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_canonicalize(out, S("urn:epc:id:sgtin:1.2.3"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "bad company prefix"),
       "bad EPC");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_gs1_canonicalize(out, S("urn:txng:a:lot:"), &d) == TXNG_EFORMAT &&
           reason_is(&d, "empty value"),
       "bad code");
    ok(txng_gs1_canonicalize(out, NULL, 0, NULL) == TXNG_EFORMAT, "empty input");
    ok(txng_gs1_canonicalize(NULL, S("urn:txng:a:lot:b"), NULL) == TXNG_EINVAL, "NULL out");
}

/* ---- vectors ---- */

struct tsv {
    char  *buf;
    char **rows[512];
    size_t ncols[512];
    size_t nrows;
};

/* Reads a TSV file with \\, \t and \n escapes; row 0 is the header. */
static bool
tsv_read(struct tsv *t, const char *dir, const char *name)
{
    char  path[1024];
    FILE *f;
    long  size;
    char *line, *next;

    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL)
        return false;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (t->buf = malloc((size_t) size + 1)) == NULL ||
        fread(t->buf, 1, (size_t) size, f) != (size_t) size) {
        fclose(f);
        free(t->buf);
        t->buf = NULL;
        return false;
    }
    fclose(f);
    t->buf[size] = '\0';
    for (line = t->buf; *line != '\0' && t->nrows < 512; line = next) {
        char **cols = calloc(16, sizeof *cols);
        size_t n    = 0;
        char  *p, *w;

        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        else
            next = line + strlen(line);
        if (cols == NULL)
            break;
        cols[n++] = line;
        for (p = w = line; *p != '\0'; p++) {
            if (*p == '\t' && n < 16) {
                *w++      = '\0';
                cols[n++] = w;
            } else if (*p == '\\' && (p[1] == '\\' || p[1] == 't' || p[1] == 'n')) {
                p++;
                *w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : '\\';
            } else {
                *w++ = *p;
            }
        }
        *w                   = '\0';
        t->rows[t->nrows]    = cols;
        t->ncols[t->nrows++] = n;
    }
    return true;
}

static void
tsv_free(struct tsv *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        free(t->rows[i]);
    free(t->buf);
}

static const char *
col(const struct tsv *t, size_t row, size_t c)
{
    return c < t->ncols[row] ? t->rows[row][c] : "";
}

/* The vectors' UTF-8 rendering of a decoded byte >= 0x80 back to that byte. */
static size_t
latin1(char *out, const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        if ((p[0] == 0xc2 || p[0] == 0xc3) && p[1] >= 0x80 && p[1] < 0xc0) {
            out[n++] = (char) (((p[0] & 3) << 6) | (p[1] & 0x3f));
            p++;
        } else {
            out[n++] = (char) *p;
        }
    }
    out[n] = '\0';
    return n;
}

/* AI element strings ("^" = FNC1) of supported AIs into a txng_gs1_id;
 * false when an AI is outside this module's scope. */
static bool
elements_to_id(const char *s, txng_gs1_id *id)
{
    static const struct {
        const char *ai;
        size_t      len; /* 0: variable, ends at ^ */
    } tab[] = { { "00", 18 }, { "01", 14 },  { "10", 0 },  { "11", 6 }, { "13", 6 },
                { "15", 6 },  { "16", 6 },   { "17", 6 },  { "21", 0 }, { "22", 0 },
                { "254", 0 }, { "414", 13 }, { "417", 13 } };

    memset(id, 0, sizeof *id);
    while (*s != '\0') {
        size_t i, n;
        char  *dst;

        if (*s == '^') {
            s++;
            continue;
        }
        for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
            if (strncmp(s, tab[i].ai, strlen(tab[i].ai)) == 0)
                break;
        if (i == sizeof tab / sizeof tab[0])
            return false;
        s += strlen(tab[i].ai);
        n = tab[i].len != 0 ? tab[i].len : strcspn(s, "^");
        if (strlen(s) < n || n > TXNG_GS1_VALUE_MAX)
            return false;
        if (strcmp(tab[i].ai, "00") == 0 || strcmp(tab[i].ai, "01") == 0 ||
            strcmp(tab[i].ai, "414") == 0 || strcmp(tab[i].ai, "417") == 0) {
            if (id->key != TXNG_GS1_KEY_NONE)
                return false;
            id->key = tab[i].ai[0] == '4'
                          ? (tab[i].ai[2] == '4' ? TXNG_GS1_KEY_GLN : TXNG_GS1_KEY_PARTY_GLN)
                          : (tab[i].ai[1] == '0' ? TXNG_GS1_KEY_SSCC : TXNG_GS1_KEY_GTIN);
            dst     = id->key_digits;
        } else if (strcmp(tab[i].ai, "10") == 0) {
            dst = id->lot;
        } else if (strcmp(tab[i].ai, "21") == 0) {
            dst = id->serial;
        } else if (strcmp(tab[i].ai, "22") == 0) {
            dst = id->cpv;
        } else if (strcmp(tab[i].ai, "254") == 0) {
            dst = id->gln_ext;
        } else {
            static const char *const dates[] = { "11", "13", "15", "16", "17" };
            size_t                   d       = 0;

            while (strcmp(dates[d], tab[i].ai) != 0)
                d++;
            dst = id->dates[d];
        }
        memcpy(dst, s, n);
        dst[n] = '\0';
        s += n;
    }
    return true;
}

/* Whether every all-digit path segment or query key of @p uri of 2-4
 * digits is a supported AI (a rough test for refusal vectors). */
static bool
uri_in_scope(const char *uri)
{
    static const char *const ours[] = { "00", "01", "10", "11",  "13",  "15", "16",
                                        "17", "21", "22", "254", "414", "417" };
    const char              *p      = uri;

    while (*p != '\0') {
        size_t n = strspn(p, "0123456789");

        if (n >= 2 && n <= 4 && (p == uri || strchr("/?&", p[-1]) != NULL) &&
            strchr("/=", p[n]) != NULL && p[n] != '\0') {
            bool found = false;

            for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
                found = found || (strlen(ours[i]) == n && strncmp(ours[i], p, n) == 0);
            if (!found)
                return false;
        }
        p += n > 0 ? n : 1;
    }
    return true;
}

static bool
id_equal(const txng_gs1_id *a, const txng_gs1_id *b)
{
    return a->key == b->key && strcmp(a->key_digits, b->key_digits) == 0 &&
           strcmp(a->cpv, b->cpv) == 0 && strcmp(a->lot, b->lot) == 0 &&
           strcmp(a->serial, b->serial) == 0 && strcmp(a->gln_ext, b->gln_ext) == 0 &&
           memcmp(a->dates, b->dates, sizeof a->dates) == 0;
}

static void
vectors_dl_parse(const char *dir)
{
    struct tsv t;
    size_t     pass = 0, skip_opt = 0, skip_ai = 0;

    if (!tsv_read(&t, dir, "dl_parse_uri.tsv")) {
        tap_skip(1, "dl_parse_uri.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *opts = col(&t, r, 1), *uri = col(&t, r, 2), *exp = col(&t, r, 3);
        bool        succeed = strcmp(col(&t, r, 0), "true") == 0;
        unsigned    flags   = 0;
        txng_gs1_id want, got;
        txng_diag   d = TXNG_DIAG_INIT;
        txng_err    err;

        if (strcmp(opts, "PermitZeroSuppressedGTINinDLuris") == 0) {
            flags = TXNG_GS1_DL_SHORT_GTIN;
        } else if (opts[0] != '\0') {
            printf("# skip %s: option %s not supported\n", col(&t, r, 4), opts);
            skip_opt++;
            continue;
        }
        if (succeed ? !elements_to_id(exp, &want) : !uri_in_scope(uri)) {
            printf("# skip %s: AI outside scope\n", col(&t, r, 4));
            skip_ai++;
            continue;
        }
        err = txng_gs1_dl_parse(&got, uri, strlen(uri), flags, &d);
        if (succeed) {
            char        canon[TXNG_GS1_URI_MAX];
            txng_gs1_id again;

            pass += ok(err == TXNG_OK && id_equal(&got, &want) &&
                           txng_gs1_dl_format(canon, &got, NULL, true, NULL) == TXNG_OK &&
                           txng_gs1_dl_parse(&again, canon, strlen(canon), 0, NULL) == TXNG_OK &&
                           id_equal(&again, &want),
                       "dl_parse %s: %s (%s)", col(&t, r, 4), uri, d.reason ? d.reason : "ok");
        } else {
            pass += ok(err == TXNG_EFORMAT && d.reason != NULL, "dl_parse %s refuses %s (%s)",
                       col(&t, r, 4), uri, d.reason ? d.reason : "accepted");
        }
    }
    printf("# dl_parse_uri.tsv: %zu passed, %zu skipped (options), %zu skipped (AIs)\n", pass,
           skip_opt, skip_ai);
    tap_skip((int) (skip_opt + skip_ai), "dl_parse_uri.tsv case outside scope (listed above)");
    tsv_free(&t);
}

/* "(01)...(21)..." into an identifier; false when an AI is outside scope. */
static bool
bracketed_to_id(const char *s, txng_gs1_id *id)
{
    char   elems[256];
    size_t n = 0;

    for (; *s != '\0' && n + 2 < sizeof elems; s++) {
        if (*s == '(') {
            elems[n++] = '^';
            continue;
        }
        if (*s != ')')
            elems[n++] = *s;
    }
    elems[n] = '\0';
    return elements_to_id(elems, id);
}

static void
vectors_dl_generate(const char *dir)
{
    struct tsv t;
    size_t     pass = 0, skip = 0;

    if (!tsv_read(&t, dir, "dl_generate_uri.tsv")) {
        tap_skip(1, "dl_generate_uri.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *opts = col(&t, r, 1), *stem = col(&t, r, 2), *data = col(&t, r, 3);
        const char *exp = col(&t, r, 4);
        txng_gs1_id id;
        char        out[TXNG_GS1_URI_MAX];

        if (opts[0] != '\0' || strcmp(col(&t, r, 0), "true") != 0 || !bracketed_to_id(data, &id)) {
            printf("# skip %s: %s\n", col(&t, r, 5),
                   opts[0] != '\0' ? "option" : "AI outside scope or refusal of one");
            skip++;
            continue;
        }
        if (stem[0] == '(')
            stem = NULL;
        pass +=
            ok(txng_gs1_dl_format(out, &id, stem, true, NULL) == TXNG_OK && strcmp(out, exp) == 0,
               "dl_generate %s: %s (got %s)", col(&t, r, 5), exp, out);
    }
    printf("# dl_generate_uri.tsv: %zu passed, %zu skipped\n", pass, skip);
    tap_skip((int) skip, "dl_generate_uri.tsv case outside scope (listed above)");
    tsv_free(&t);
}

static void
vectors_escape(const char *dir)
{
    struct tsv t;
    size_t     pass = 0;

    if (!tsv_read(&t, dir, "dl_uri_escape.tsv")) {
        tap_skip(1, "dl_uri_escape.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *in = col(&t, r, 0);
        char        path[256], query[256];

        pass += ok(txng_gs1_uri_escape(path, sizeof path, in, strlen(in), false) == TXNG_OK &&
                       txng_gs1_uri_escape(query, sizeof query, in, strlen(in), true) == TXNG_OK &&
                       strcmp(path, col(&t, r, 1)) == 0 && strcmp(query, col(&t, r, 2)) == 0,
                   "escape %s: '%s' '%s'", col(&t, r, 3), path, query);
    }
    tsv_free(&t);
    if (!tsv_read(&t, dir, "dl_uri_unescape.tsv")) {
        tap_skip(1, "dl_uri_unescape.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *in = col(&t, r, 0);
        char        path[256], query[256], ep[256], eq[256];
        size_t pn = 0, qn = 0, epn = latin1(ep, col(&t, r, 1)), eqn = latin1(eq, col(&t, r, 2));

        pass += ok(
            txng_gs1_uri_unescape(path, sizeof path, &pn, in, strlen(in), false) == TXNG_OK &&
                txng_gs1_uri_unescape(query, sizeof query, &qn, in, strlen(in), true) == TXNG_OK &&
                pn == epn && memcmp(path, ep, pn) == 0 && qn == eqn && memcmp(query, eq, qn) == 0,
            "unescape %s", col(&t, r, 3));
    }
    printf("# dl_uri_escape.tsv + dl_uri_unescape.tsv: %zu passed, 0 skipped\n", pass);
    tsv_free(&t);
}

/* ai_process_unbracketed.tsv: the cases whose elements are all supported
 * AIs, each value checked with txng_gs1_ai_check(); the string is
 * element-split with our own table (FNC1 rules of fixed-length AIs). */
static void
vectors_ai(const char *dir)
{
    static const struct {
        const char *ai;
        size_t      len;
    } tab[] = { { "00", 18 }, { "01", 14 },  { "10", 0 },  { "11", 6 }, { "13", 6 },
                { "15", 6 },  { "16", 6 },   { "17", 6 },  { "21", 0 }, { "22", 0 },
                { "254", 0 }, { "414", 13 }, { "417", 13 } };
    struct tsv t;
    size_t     pass = 0, skip = 0;

    if (!tsv_read(&t, dir, "ai_process_unbracketed.tsv")) {
        tap_skip(1, "ai_process_unbracketed.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *s       = col(&t, r, 2);
        bool        succeed = strcmp(col(&t, r, 0), "true") == 0, in_scope = s[0] == '^';
        bool        valid = s[1] != '\0';

        if (col(&t, r, 1)[0] != '\0')
            in_scope = false;
        for (s++; in_scope && *s != '\0';) {
            size_t i, n;
            char   v[64];

            for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
                if (strncmp(s, tab[i].ai, strlen(tab[i].ai)) == 0)
                    break;
            if (i == sizeof tab / sizeof tab[0]) {
                in_scope = false;
                break;
            }
            s += strlen(tab[i].ai);
            n = strcspn(s, "^");
            if (tab[i].len != 0 && n > tab[i].len)
                n = tab[i].len;
            if (n >= sizeof v) {
                valid = false;
                break;
            }
            memcpy(v, s, n);
            v[n]  = '\0';
            valid = valid && txng_gs1_ai_check(tab[i].ai, v, n, NULL) == TXNG_OK;
            s += n;
            /* FNC1 ends a variable-length element; it may also end the string. */
            if (*s == '^')
                s++;
            else if (tab[i].len == 0 && *s != '\0')
                valid = false;
        }
        if (!in_scope) {
            skip++;
            continue;
        }
        pass += ok(valid == succeed, "ai %s: %s", col(&t, r, 3), col(&t, r, 2));
    }
    printf("# ai_process_unbracketed.tsv: %zu passed, %zu skipped (AIs outside scope)\n", pass,
           skip);
    tap_skip((int) skip, "ai_process_unbracketed.tsv case with AIs outside scope");
    tsv_free(&t);
}

/* ai_parse_bracketed.tsv: rows whose AIs are all supported; each value
 * checked with txng_gs1_ai_check(). Rows with escaped parentheses skip. */
static void
vectors_bracketed(const char *dir)
{
    static const char *const ours[] = { "00", "01", "10", "11",  "13",  "15", "16",
                                        "17", "21", "22", "254", "414", "417" };
    struct tsv               t;
    size_t                   pass = 0, skip = 0;

    if (!tsv_read(&t, dir, "ai_parse_bracketed.tsv")) {
        tap_skip(1, "ai_parse_bracketed.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *s        = col(&t, r, 2);
        bool        in_scope = s[0] == '(' && strchr(s, '\\') == NULL && col(&t, r, 1)[0] == '\0';
        bool        valid    = true;

        while (in_scope && *s != '\0') {
            const char *close = strchr(s, ')');
            size_t      n, i;
            char        ai[8];

            if (*s != '(' || close == NULL || (size_t) (close - s - 1) >= sizeof ai) {
                in_scope = false;
                break;
            }
            memcpy(ai, s + 1, (size_t) (close - s - 1));
            ai[close - s - 1] = '\0';
            for (i = 0; i < sizeof ours / sizeof ours[0]; i++)
                if (strcmp(ours[i], ai) == 0)
                    break;
            if (i == sizeof ours / sizeof ours[0]) {
                in_scope = false;
                break;
            }
            s     = close + 1;
            n     = strcspn(s, "(");
            valid = valid && txng_gs1_ai_check(ai, s, n, NULL) == TXNG_OK;
            s += n;
        }
        if (!in_scope) {
            skip++;
            continue;
        }
        pass += ok(valid == (strcmp(col(&t, r, 0), "true") == 0), "bracketed %s: %s", col(&t, r, 4),
                   col(&t, r, 2));
    }
    printf("# ai_parse_bracketed.tsv: %zu passed, %zu skipped (AIs outside scope, escapes)\n", pass,
           skip);
    tap_skip((int) skip, "ai_parse_bracketed.tsv case outside scope");
    tsv_free(&t);
}

/* EPC URN / DL -> constrained canonical DL (event-hash/derived). Our canonical
 * form keeps every key qualifier, so rows where that form drops one, and
 * convenience-alpha and pattern inputs, are skipped. */
static void
vectors_normaliser(const char *dir)
{
    struct tsv t;
    size_t     pass = 0, skip = 0;

    if (!tsv_read(&t, dir, "dl_normaliser_cases.tsv")) {
        tap_skip(1, "dl_normaliser_cases.tsv not readable");
        return;
    }
    for (size_t r = 1; r < t.nrows; r++) {
        const char *in = col(&t, r, 0), *exp = col(&t, r, 1);
        char        out[TXNG_GS1_URI_MAX];
        txng_err    err;
        bool        epc_ours =
            strncmp(in, "urn:epc:id:sgtin:", 17) == 0 || strncmp(in, "urn:epc:id:sscc:", 16) == 0 ||
            strncmp(in, "urn:epc:id:sgln:", 16) == 0 || strncmp(in, "urn:epc:id:pgln:", 16) == 0 ||
            strncmp(in, "urn:epc:class:lgtin:", 20) == 0;
        bool dl_ours = (strncmp(in, "http", 4) == 0 && uri_in_scope(in) &&
                        strspn(in, "htps:") >= 5 && strstr(in, "/gtin") == NULL &&
                        strstr(in, "/ser/") == NULL && strstr(in, "/cpv/") == NULL &&
                        strstr(in, "/party/") == NULL && strstr(in, "/itip/") == NULL &&
                        !(strstr(in, "/21/") != NULL &&
                          (strstr(in, "/10/") != NULL || strstr(in, "/22/") != NULL)) &&
                        !(strstr(in, "/10/") != NULL && strstr(in, "/22/") != NULL));

        if (strcmp(exp, "None") == 0) {
            /* Refusals are checked for every row: whatever is outside
             * scope is refused as well. */
            pass += ok(txng_gs1_canonicalize(out, in, strlen(in), NULL) == TXNG_EFORMAT,
                       "normaliser: %s refused", in);
            continue;
        }
        if (!(epc_ours || dl_ours) || strncmp(exp, "https://id.gs1.org/", 19) != 0 ||
            strncmp(in, "urn:epc:idpat", 13) == 0) {
            skip++;
            continue;
        }
        err = txng_gs1_canonicalize(out, in, strlen(in), NULL);
        pass += ok(err == TXNG_OK && strcmp(out, exp) == 0, "normaliser: %s -> %s (got %s)", in,
                   exp, out);
    }
    printf("# dl_normaliser_cases.tsv: %zu passed, %zu skipped\n", pass, skip);
    tap_skip((int) skip, "dl_normaliser_cases.tsv row outside scope or constrained form");
    tsv_free(&t);
}

int
main(void)
{
    const char *vectors = getenv("TXNG_VECTORS");
    char        dir[1024];

    if (tap_vectors_only() && tap_vectors_absent())
        return 0;
    if (tap_vectors_only())
        goto vectors;
    test_check_digit();
    test_ai_check();
    test_vietnam();
    test_country();
    test_escape();
    test_dl_parse();
    test_dl_format();
    test_epc();
    test_code();
    test_canonicalize();
    return tap_done();

vectors:
    if (vectors == NULL || vectors[0] == '\0') {
        tap_skip(1, "TXNG_VECTORS not set: GS1 vectors");
        return tap_done();
    }
    snprintf(dir, sizeof dir, "%s/gs1/digital-link/gs1-syntax-engine", vectors);
    {
        FILE *probe;
        char  p[1100];

        snprintf(p, sizeof p, "%s/dl_parse_uri.tsv", dir);
        probe = fopen(p, "rb");
        if (probe == NULL) {
            tap_skip(1, "GS1 vectors absent");
            return tap_done();
        }
        fclose(probe);
    }
    vectors_dl_parse(dir);
    vectors_dl_generate(dir);
    vectors_escape(dir);
    vectors_ai(dir);
    vectors_bracketed(dir);
    snprintf(dir, sizeof dir, "%s/gs1/event-hash/derived", vectors);
    vectors_normaliser(dir);
    return tap_done();
}
