/*
 * test_canon.c - txng's JSON rules and RFC 8785 canonical bytes
 *
 * Expected encodings were worked out by hand from RFC 8785 and checked with
 * Python's json.dumps(ensure_ascii=False, separators=(',', ':')), which
 * escapes like ECMAScript, and with keys sorted by UTF-16 code units.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/canon.h"
#include "tests/tap.h"

/* Vietnamese in NFC and in NFD. */
#define SAM_NFC                                                                                    \
    "S\xc3\xa2m Ng\xe1\xbb\x8d"                                                                    \
    "c Linh"
#define SAM_NFD                                                                                    \
    "Sa\xcc\x82m Ngo\xcc\xa3"                                                                      \
    "c Linh"

static const char R_UTF8[] = "invalid UTF-8";

/* Length argument of bad(): take strlen() of the input. */
#define S ((size_t) -1)

/* Parse @p in with @p flags, encode, and compare with @p want. */
static void
good(const char *in, unsigned flags, const char *want, const char *name)
{
    json_t   *v       = NULL;
    char     *enc     = NULL;
    size_t    enc_len = 0;
    txng_diag d       = TXNG_DIAG_INIT;
    txng_err  err;

    err = txng_canon_parse(&v, in, strlen(in), flags, &d);
    if (err == TXNG_OK)
        err = txng_canon_encode(v, &enc, &enc_len);
    if (!ok(err == TXNG_OK && enc_len == strlen(want) && strcmp(enc, want) == 0, "%s", name))
        printf("# err %d reason %s field %s got %s\n", err, d.reason ? d.reason : "-", d.field,
               enc ? enc : "-");
    free(enc);
    json_decref(v);
}

/* Parse @p len bytes and expect TXNG_EFORMAT with @p reason, @p field and, unless -1, @p off. */
static void
bad(const char *in, size_t len, unsigned flags, const char *reason, const char *field, long off,
    const char *name)
{
    json_t   *v = (json_t *) 1;
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;

    if (len == S)
        len = strlen(in);
    err = txng_canon_parse(&v, in, len, flags, &d);
    if (!ok(err == TXNG_EFORMAT && v == NULL && d.reason != NULL && strcmp(d.reason, reason) == 0 &&
                strcmp(d.field, field) == 0 && (off < 0 || d.offset == (size_t) off),
            "%s", name))
        printf("# err %d reason '%s' field '%s' offset %zu\n", err, d.reason ? d.reason : "-",
               d.field, d.offset);
    json_decref(v == (json_t *) 1 ? NULL : v);
}

static void
test_basic(void)
{
    good("{\"b\":1,\"a\":[true,false,null,\"x\"],\"c\":{}}", 0,
         "{\"a\":[true,false,null,\"x\"],\"b\":1,\"c\":{}}", "keys sorted, literals kept");
    good(" \n\t{ \"a\" : [ 1 , 2 ] , \"\" : { } }\r\n", 0, "{\"\":{},\"a\":[1,2]}",
         "white space around and inside removed");
    good("\"scalar\"", 0, "\"scalar\"", "a bare string is a value");
    good("42", 0, "42", "a bare integer is a value");
    good("[]", 0, "[]", "empty array");
    good("{\"ab\":1,\"a\":2,\"b\":3,\"aa\":4}", 0, "{\"a\":2,\"aa\":4,\"ab\":1,\"b\":3}",
         "a prefix sorts first");
    good("{\"a\":{\"z\":1,\"y\":{\"x\":2,\"w\":3}}}", 0,
         "{\"a\":{\"y\":{\"w\":3,\"x\":2},\"z\":1}}", "nested objects sorted");
}

static void
test_rfc8785_sort(void)
{
    /* RFC 8785 §3.2.3, with U+FB33 replaced by U+FF21 (see the next test). */
    good("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\uff21\":\"A\",\"1\":\"One\","
         "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
         "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
         0,
         "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
         "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
         "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\",\"\xef\xbc\xa1\":\"A\"}",
         "RFC 8785 sort order: UTF-16 code units, not code points");
    good("{\"\xef\xbf\xbd\":1,\"\xf0\x90\x80\x80\":2,\"\xee\x80\x80\":3,\"\xed\x9f\xbf\":4}", 0,
         "{\"\xed\x9f\xbf\":4,\"\xf0\x90\x80\x80\":2,\"\xee\x80\x80\":3,\"\xef\xbf\xbd\":1}",
         "U+D7FF < U+10000 < U+E000 < U+FFFD");
    good("{\"\xf0\x9f\x98\x81\":1,\"\xf0\x9f\x98\x80\":2,\"\xf0\x90\x80\x80\":3}", 0,
         "{\"\xf0\x90\x80\x80\":3,\"\xf0\x9f\x98\x80\":2,\"\xf0\x9f\x98\x81\":1}",
         "supplementary keys in code point order");
    good("{\"a\xc3\xb6\":1,\"a\xc2\x80\":2,\"a\xef\xbc\xa1\":3,\"a\xf0\x9f\x98\x80\":4}", 0,
         "{\"a\xc2\x80\":2,\"a\xc3\xb6\":1,\"a\xf0\x9f\x98\x80\":4,\"a\xef\xbc\xa1\":3}",
         "UTF-16 order after a common prefix");

    /* The RFC's own example has U+FB33, which NFC replaces by U+05D3 U+05BC. */
    bad("{\"\\u20ac\":1,\"\\ufb33\":2}", S, 0, "key is not in NFC", "/\xef\xac\xb3", -1,
        "RFC 8785 key U+FB33 is not NFC");
    good("{\"\\u20ac\":1,\"\\ufb33\":2,\"\\u00f6\":3}", TXNG_CANON_NORMALISE,
         "{\"\xc3\xb6\":3,\"\xd7\x93\xd6\xbc\":2,\"\xe2\x82\xac\":1}",
         "U+FB33 normalised to U+05D3 U+05BC sorts before U+20AC");
}

static void
test_escaping(void)
{
    good("\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000e"
         "\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a"
         "\\u001B\\u001c\\u001d\\u001e\\u001f\\\"\\\\\\/\\u007f\\u2028\\u2029\\u00e9"
         "\\uD83D\\uDE00\"",
         0,
         "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e"
         "\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a"
         "\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\x7f\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9"
         "\xf0\x9f\x98\x80\"",
         "ECMAScript escaping: short forms, lower-case \\u00xx, the rest literal");
    good("{\"k\\n\\\"\":\"\\t\"}", 0, "{\"k\\n\\\"\":\"\\t\"}", "keys are escaped like strings");
    good("\"\\u0041\\u00e2\"", 0, "\"A\xc3\xa2\"", "needless escapes become literal");
}

static void
test_vietnamese(void)
{
    char *nfc = NULL;

    good("{\"name\":\"" SAM_NFC "\"}", 0, "{\"name\":\"" SAM_NFC "\"}", "Vietnamese NFC accepted");
    good("{\"ph\xc6\xb0\xe1\xbb\x9dng\":\"Tu M\xc6\xa1 R\xc3\xb4ng, \xc4\x90\xe1\xba\xaf"
         "k\"}",
         0,
         "{\"ph\xc6\xb0\xe1\xbb\x9dng\":\"Tu M\xc6\xa1 R\xc3\xb4ng, \xc4\x90\xe1\xba\xaf"
         "k\"}",
         "Vietnamese key and value round-trip");
    bad("{\"event\":{\"name\":\"" SAM_NFD "\"}}", strlen("{\"event\":{\"name\":\"" SAM_NFD "\"}}"),
        0, "string is not in NFC", "/event/name", -1, "Vietnamese NFD refused");
    good("{\"event\":{\"name\":\"" SAM_NFD "\"}}", TXNG_CANON_NORMALISE,
         "{\"event\":{\"name\":\"" SAM_NFC "\"}}", "Vietnamese NFD normalised to the NFC bytes");
    bad("{\"a\":[1,{\"" SAM_NFD "\":1}]}", strlen("{\"a\":[1,{\"" SAM_NFD "\":1}]}"), 0,
        "key is not in NFC", "/a/1/" SAM_NFD, -1, "NFD key refused");
    good("{\"a\":[1,{\"" SAM_NFD "\":1,\"b\":\"" SAM_NFD "\"}]}", TXNG_CANON_NORMALISE,
         "{\"a\":[1,{\"" SAM_NFC "\":1,\"b\":\"" SAM_NFC "\"}]}", "NFD key and value normalised");
    good("{\"z\":1,\"" SAM_NFD "\":2,\"a\":3}", TXNG_CANON_NORMALISE,
         "{\"" SAM_NFC "\":2,\"a\":3,\"z\":1}", "normalised keys are sorted");
    good("\"\xe4\xb8\xad\xe6\x96\x87 \xed\x95\x9c\"", 0,
         "\"\xe4\xb8\xad\xe6\x96\x87 \xed\x95\x9c\"", "NFC text outside the fast ranges");
    good("\"e\\u0301\"", TXNG_CANON_NORMALISE, "\"\xc3\xa9\"", "escaped NFD normalised");

    ok(txng_nfc(&nfc, SAM_NFD, strlen(SAM_NFD)) == TXNG_OK && strcmp(nfc, SAM_NFC) == 0,
       "txng_nfc composes");
    free(nfc);
    ok(txng_nfc(&nfc, "abc", 3) == TXNG_OK && strcmp(nfc, "abc") == 0, "txng_nfc keeps ASCII");
    free(nfc);
    ok(txng_nfc(&nfc, "", 0) == TXNG_OK && nfc != NULL && nfc[0] == '\0', "txng_nfc of nothing");
    free(nfc);
    nfc = (char *) 1;
    ok(txng_nfc(&nfc, "a\xff", 2) == TXNG_EFORMAT && nfc == NULL, "txng_nfc refuses bad UTF-8");
    ok(txng_nfc(&nfc, "\xed\xa0\x80", 3) == TXNG_EFORMAT && nfc == NULL,
       "txng_nfc refuses a surrogate");
}

static void
test_numbers(void)
{
    good("[9007199254740991,-9007199254740991,0,-1,10]", 0,
         "[9007199254740991,-9007199254740991,0,-1,10]", "integers up to 2^53-1");
    bad("{\"n\":9007199254740992}", 22, 0, "integer out of range", "/n", -1, "2^53 refused");
    bad("[-9007199254740992]", 19, 0, "integer out of range", "/0", -1, "-2^53 refused");
    bad("[99999999999999999999]", 22, 0, "integer out of range", "", -1,
        "integer beyond 64 bits refused");
    bad("[1,1.5]", 7, 0, "numbers must be integers", "/1", -1, "1.5 refused");
    bad("{\"q\":1.0}", 9, 0, "numbers must be integers", "/q", -1, "1.0 refused");
    bad("1e2", 3, 0, "numbers must be integers", "", -1, "1e2 refused");
    bad("[-0.0]", 6, 0, "numbers must be integers", "/0", -1, "-0.0 refused");
    bad("[1E400]", 7, 0, "integer out of range", "", -1, "huge real refused");
    bad("[1,-0]", 6, 0, "negative zero", "", 3, "-0 refused");
    bad("-0", 2, 0, "negative zero", "", 0, "bare -0 refused");
    bad("{\"a\":\"-0\",\"b\" : -0 }", 20, 0, "negative zero", "", 16,
        "-0 found after a string holding -0");
    good("{\"-0\":\"-0\\\"-0\",\"x\":[-10,-1]}", 0, "{\"-0\":\"-0\\\"-0\",\"x\":[-10,-1]}",
         "-0 inside strings and -10 are fine");
}

static void
test_refusals(void)
{
    bad("{\"a\":1,\"a\":2}", 13, 0, "duplicate key", "a", -1, "duplicate key refused");
    bad("{\"x\":{\"type\":1,\"s\\u00e2m\":1,\"s\\u00e2m\":2}}", S, 0, "duplicate key", "s\\u00e2m",
        -1, "a duplicate key is named as written");
    bad("{\"x\":{\"e\xcc\x81\":1,\"\xc3\xa9\":2}}", 22, TXNG_CANON_NORMALISE,
        "duplicate key after NFC normalisation", "/x/\xc3\xa9", -1, "keys equal after NFC refused");
    bad("{\"x\":{\"e\\u0301\":1,\"\\u00e9\":2}}", S, 0, "key is not in NFC", "/x/e\xcc\x81", -1,
        "NFD key refused before the duplicate");
    bad("\"a\xff\"", 4, 0, R_UTF8, "", -1, "0xFF refused");
    bad("\"\xc0\xaf\"", 4, 0, R_UTF8, "", -1, "overlong UTF-8 refused");
    bad("\"\xed\xa0\x80\"", 5, 0, R_UTF8, "", -1, "encoded surrogate refused");
    bad("\"\xf4\x90\x80\x80\"", 6, 0, R_UTF8, "", -1, "beyond U+10FFFF refused");
    bad("\"\xe1\xbb\"", 4, 0, R_UTF8, "", -1, "truncated UTF-8 refused");
    bad("\"\\ud800\"", 8, 0, "not valid JSON", "", -1, "lone surrogate escape refused");
    bad("\"a\\u0000b\"", 10, 0, "string contains U+0000", "", -1, "escaped NUL refused");
    bad("\"a\0b\"", 5, 0, "not valid JSON", "", -1, "raw NUL refused");
    bad("{\"a\":1} x", 9, 0, "unexpected data after the value", "", 9, "trailing garbage");
    bad("{\"a\":1}{}", 9, 0, "unexpected data after the value", "", 8, "two values");
    bad("", 0, 0, "unexpected end of input", "", 0, "empty input");
    bad(NULL, 0, 0, "unexpected end of input", "", 0, "NULL input");
    bad("{\"a\":", 5, 0, "unexpected end of input", "", -1, "cut short");
    bad("{'a':1}", 7, 0, "not valid JSON", "", 2, "single quotes");
    bad("[1,]", 4, 0, "not valid JSON", "", -1, "trailing comma");
    bad("\xef\xbb\xbf{}", 5, 0, "not valid JSON", "", -1, "byte order mark");
    bad("\"\t\"", 3, 0, "not valid JSON", "", -1, "raw tab in a string");
    bad("[NaN]", 5, 0, "not valid JSON", "", -1, "NaN");

    /* Line and offset of a syntax error. */
    {
        const char *in = "{\n  \"a\": 1,\n  \"b\": tru\n}";
        txng_diag   d  = TXNG_DIAG_INIT;
        json_t     *v  = NULL;

        ok(txng_canon_parse(&v, in, strlen(in), 0, &d) == TXNG_EFORMAT && d.line == 3 &&
               d.offset >= 19 && d.offset <= 23,
           "syntax error reports line 3 and an offset near 'tru' (line %zu offset %zu)", d.line,
           d.offset);
        ok(txng_canon_parse(&v, in, strlen(in), 0, NULL) == TXNG_EFORMAT && v == NULL,
           "diag may be NULL");
        ok(txng_canon_parse(&v, "1.5", 3, 0, NULL) == TXNG_EFORMAT, "diag may be NULL (walk)");
        ok(txng_canon_parse(&v, "-0", 2, 0, NULL) == TXNG_EFORMAT, "diag may be NULL (-0)");
    }

    /* Nesting: jansson stops at its limit. */
    {
        char  *deep = malloc(2 * 3000);
        size_t n    = 0;

        for (int i = 0; i < 3000; i++)
            deep[n++] = '[';
        for (int i = 0; i < 3000; i++)
            deep[n++] = ']';
        bad(deep, n, 0, "nesting too deep", "", -1, "3000 nested arrays refused");
        free(deep);
    }
    {
        /* At jansson's limit: 2048 objects deep is accepted and encodes back unchanged. */
        size_t  depth = JSON_PARSER_MAX_DEPTH, n = 0;
        char   *deep    = malloc(depth * 6 + 1);
        json_t *v       = NULL;
        char   *enc     = NULL;
        size_t  enc_len = 0;

        for (size_t i = 0; i < depth; i++) {
            memcpy(deep + n, i + 1 < depth ? "{\"a\":" : "{}", i + 1 < depth ? 5 : 2);
            n += i + 1 < depth ? 5 : 2;
        }
        for (size_t i = 0; i + 1 < depth; i++)
            deep[n++] = '}';
        ok(txng_canon_parse(&v, deep, n, TXNG_CANON_NORMALISE, NULL) == TXNG_OK &&
               txng_canon_encode(v, &enc, &enc_len) == TXNG_OK && enc_len == n &&
               memcmp(enc, deep, n) == 0 && txng_canon_is_canonical(deep, n, NULL) == TXNG_OK,
           "%zu nested objects accepted and canonical", depth);
        free(enc);
        json_decref(v);
        memmove(deep + 1, deep, n);
        deep[0]     = '[';
        deep[n + 1] = ']';
        bad(deep, n + 2, 0, "nesting too deep", "", -1, "one level more refused");
        free(deep);
    }
}

static void
test_paths(void)
{
    char   in[512];
    char   want[] = "/key0000/key0001/key0002/key0003/key0004/key0005/key0006/key0007/key0008/"
                    "key0009/key0010/key0011/x";
    size_t n      = 0;

    bad("{\"a/b\":{\"c~d\":[0,{\"\":1.5}]}}", S, 0, "numbers must be integers", "/a~1b/c~0d/1/", -1,
        "JSON pointer escapes '/' and '~'");
    bad("[[0,1,2,3,4,5,6,7,8,9,10,[true]],[\"" SAM_NFD "\"]]",
        strlen("[[0,1,2,3,4,5,6,7,8,9,10,[true]],[\"" SAM_NFD "\"]]"), 0, "string is not in NFC",
        "/1/0", -1, "array indexes in the path");
    bad("[[0,1,2,3,4,5,6,7,8,9,10,1.5]]", 30, 0, "numbers must be integers", "/0/11", -1,
        "two-digit index");

    /* A path longer than the field keeps its beginning. */
    n += (size_t) snprintf(in + n, sizeof in - n, "{");
    for (int i = 0; i < 12; i++)
        n += (size_t) snprintf(in + n, sizeof in - n, "\"key%04d\":{", i);
    n += (size_t) snprintf(in + n, sizeof in - n, "\"x\":0.5");
    for (int i = 0; i < 13; i++)
        n += (size_t) snprintf(in + n, sizeof in - n, "}");
    want[95] = '\0';
    bad(in, n, 0, "numbers must be integers", want, -1, "long path truncated to the field");
    ok(strlen(want) == 95, "the field holds 95 characters");
}

static void
test_is_canonical(void)
{
    static const struct {
        const char *in;
        const char *reason;
        long        off;
    } cases[] = {
        { "{\"a\":1,\"b\":[1,2]}", NULL, 0 },
        { "\"" SAM_NFC "\"", NULL, 0 },
        { "{\"a\":1, \"b\":2}", "not in canonical form", 7 },
        { "{\"b\":1,\"a\":2}", "not in canonical form", 2 },
        { "\"\\u00e9\"", "not in canonical form", 1 },
        { "\"\\/\"", "not in canonical form", 1 },
        { "\"\\u001F\"", "not in canonical form", 6 },
        { "{\"a\":1}\n", "not in canonical form", 7 },
        { " 1", "not in canonical form", 0 },
        { "[-0]", "negative zero", 1 },
        { "[1.0]", "numbers must be integers", -1 },
        { "\"" SAM_NFD "\"", "string is not in NFC", -1 },
        { "{\"a\":1,\"a\":1}", "duplicate key", -1 },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        txng_diag d   = TXNG_DIAG_INIT;
        txng_err  err = txng_canon_is_canonical(cases[i].in, strlen(cases[i].in), &d);

        if (cases[i].reason == NULL)
            ok(err == TXNG_OK && d.reason == NULL, "canonical: %s", cases[i].in);
        else if (!ok(err == TXNG_EFORMAT && d.reason != NULL &&
                         strcmp(d.reason, cases[i].reason) == 0 &&
                         (cases[i].off < 0 || d.offset == (size_t) cases[i].off),
                     "not canonical (%s): %s", cases[i].reason, cases[i].in))
            printf("# err %d reason %s offset %zu\n", err, d.reason ? d.reason : "-", d.offset);
    }
    ok(txng_canon_is_canonical("{\"b\":1,\"a\":2}", 13, NULL) == TXNG_EFORMAT,
       "is_canonical with NULL diag");
    ok(txng_canon_is_canonical(NULL, 0, NULL) == TXNG_EFORMAT, "is_canonical of nothing");
}

static void
test_built(void)
{
    json_t   *v, *a, *b, *o;
    char     *enc = (char *) 1;
    size_t    len = 1;
    txng_diag d   = TXNG_DIAG_INIT;
    char      want[2048], key[16];
    size_t    n = 0;

    v = json_pack("{s:i, s:[s, b, n], s:{s:I}, s:s}", "z", 3, "a", "t\xe1\xbb\x8d\n", 1, "m",
                  "\xf0\x9f\x98\x80", (json_int_t) TXNG_CANON_INT_MAX, "\xee\x80\x80", "pua");
    ok(txng_canon_check(v, &d) == TXNG_OK, "built value passes the check");
    ok(txng_canon_encode(v, &enc, &len) == TXNG_OK &&
           strcmp(enc, "{\"a\":[\"t\xe1\xbb\x8d\\n\",true,null],\"m\":{\"\xf0\x9f\x98\x80\":"
                       "9007199254740991},\"z\":3,\"\xee\x80\x80\":\"pua\"}") == 0 &&
           len == strlen(enc),
       "encode a value built in memory");
    free(enc);
    json_decref(v);

    /* More members than the on-stack sort array. */
    v = json_object();
    for (int i = 39; i >= 0; i--) {
        snprintf(key, sizeof key, "k%02d", i);
        json_object_set_new(v, key, json_integer(i));
    }
    n += (size_t) snprintf(want + n, sizeof want - n, "{");
    for (int i = 0; i < 40; i++)
        n += (size_t) snprintf(want + n, sizeof want - n, "%s\"k%02d\":%d", i ? "," : "", i, i);
    snprintf(want + n, sizeof want - n, "}");
    ok(txng_canon_encode(v, &enc, &len) == TXNG_OK && strcmp(enc, want) == 0,
       "encode sorts 40 members");
    free(enc);
    json_decref(v);

    /* Each rule, on a value built in memory: check names the field, encode refuses. */
    {
        static const char *const reasons[] = {
            "numbers must be integers", "integer out of range",   "integer out of range",
            "string contains U+0000",   "string is not in NFC",   "invalid UTF-8",
            "key is not in NFC",        "string contains U+0000",
        };
        json_t *bads[8];

        bads[0] = json_real(1.0);
        bads[1] = json_integer(TXNG_CANON_INT_MAX + 1);
        bads[2] = json_integer(-TXNG_CANON_INT_MAX - 1);
        bads[3] = json_stringn("a\0b", 3);
        bads[4] = json_string("e\xcc\x81");
        bads[5] = json_stringn_nocheck("\xff", 1);
        bads[6] = json_object();
        bads[7] = json_object();
        json_object_set_new(bads[6], "e\xcc\x81", json_true());
        json_object_setn_new(bads[7], "a\0b", 3, json_true());
        for (int i = 0; i < 8; i++) {
            json_t     *wrap  = json_pack("{s:[i,o]}", "w", 1, bads[i]);
            txng_diag   dd    = TXNG_DIAG_INIT;
            const char *field = i < 6 ? "/w/1" : i == 6 ? "/w/1/e\xcc\x81" : "/w/1/a";

            enc = (char *) 1;
            ok(txng_canon_check(wrap, &dd) == TXNG_EFORMAT && dd.reason != NULL &&
                   strcmp(dd.reason, reasons[i]) == 0 && strcmp(dd.field, field) == 0,
               "check refuses built value %d: %s at %s", i, dd.reason ? dd.reason : "-", dd.field);
            ok(txng_canon_encode(wrap, &enc, &len) == TXNG_EFORMAT && enc == NULL && len == 0,
               "encode refuses built value %d", i);
            ok(txng_canon_check(wrap, NULL) == TXNG_EFORMAT, "check with NULL diag %d", i);
            json_decref(wrap);
        }
    }

    v = json_stringn("\xe4\xb8\xad\0", 4);
    memset(&d, 0, sizeof d);
    ok(txng_canon_check(v, &d) == TXNG_EFORMAT && d.reason != NULL &&
           strcmp(d.reason, "string contains U+0000") == 0,
       "U+0000 after a character outside the fast ranges refused");
    json_decref(v);
    ok(txng_canon_check(NULL, &d) == TXNG_EFORMAT, "check refuses NULL");
    ok(txng_canon_encode(NULL, &enc, &len) == TXNG_EFORMAT && enc == NULL, "encode refuses NULL");

    /* A reference cycle is refused, not followed forever. */
    a = json_array();
    b = json_array();
    o = json_object();
    json_array_append(a, b);
    json_array_append(b, o);
    json_object_set(o, "loop", a);
    memset(&d, 0, sizeof d);
    ok(txng_canon_check(a, &d) == TXNG_EFORMAT && d.reason != NULL &&
           strcmp(d.reason, "nesting too deep") == 0,
       "check refuses a cycle");
    ok(txng_canon_encode(a, &enc, &len) == TXNG_EFORMAT && enc == NULL, "encode refuses a cycle");
    json_object_clear(o);
    json_decref(o);
    json_decref(b);
    json_decref(a);
}

/* ---- txng_canon_parse_exact() against the full parser ------------------------------------ */

static unsigned long rng_state = 88172645463325252UL;

/* xorshift: the same cases on every run */
static unsigned
rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned) (rng_state % n);
}

/* A random string: ASCII, controls, quotes, Vietnamese letters, other scripts, emoji. */
static json_t *
random_string(void)
{
    static const char *const parts[] = {
        "a", "Z", "0", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f",
        "\x7f", "ệ", "Sâm", "Ngọc Linh", "đ", "é", "ü", "€", "中", "\xef\xbf\xbd", "😀",
        "\xee\x80\x80", "key", "event",
    };
    char   s[64] = "";
    size_t n     = rnd(5);

    for (size_t i = 0; i < n; i++)
        strcat(s, parts[rnd(sizeof parts / sizeof parts[0])]);
    return json_string(s);
}

static json_t *
random_value(int depth)
{
    switch (depth > 3 ? 3 + rnd(4) : rnd(7)) {
    case 0:
    case 1: {
        json_t *o = json_object();

        for (unsigned i = rnd(5); i > 0; i--) {
            json_t *k = random_string();

            json_object_set_new(o, json_string_value(k), random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    case 2: {
        json_t *a = json_array();

        for (unsigned i = rnd(4); i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    case 3: return random_string();
    case 4: {
        static const json_int_t ints[] = { 0, 1, -1, 9, 10, -10, 123456789,
                                           TXNG_CANON_INT_MAX, -TXNG_CANON_INT_MAX };
        return json_integer(ints[rnd(sizeof ints / sizeof ints[0])]);
    }
    case 5: return rnd(2) ? json_true() : json_false();
    default: return json_null();
    }
}

/*
 * What the full parser says of @p bytes: accepted and canonical, then *@p v holds the value.
 */
static bool
full_accepts(const char *bytes, size_t len, json_t **v)
{
    char  *enc = NULL;
    size_t enc_len;
    bool   yes;

    *v  = NULL;
    yes = txng_canon_parse(v, bytes, len, 0, NULL) == TXNG_OK &&
          txng_canon_encode(*v, &enc, &enc_len) == TXNG_OK && enc_len == len &&
          memcmp(enc, bytes, len) == 0;
    free(enc);
    if (!yes) {
        json_decref(*v);
        *v = NULL;
    }
    return yes;
}

/*
 * Check one input: the exact parser may accept only what the full parser accepts as
 * canonical, and then with the same value. Counts into @p n: [0] accepted by both, [1]
 * declined by the exact parser, [2] wrongly accepted or a different value, [3] canonical
 * but declined.
 */
static void
exact_case(const char *bytes, size_t len, size_t n[4])
{
    json_t *fast = NULL, *full = NULL;
    bool    f    = txng_canon_parse_exact(&fast, bytes, len) == TXNG_OK;
    bool    g    = full_accepts(bytes, len, &full);

    if (f && g && json_equal(fast, full))
        n[0]++;
    else if (f)
        n[2]++;
    else if (g)
        n[3]++; /* only values deeper than 64 may be declined; none here are */
    else
        n[1]++;
    json_decref(fast);
    json_decref(full);
}

static void
test_exact(void)
{
    static const char *const bad[] = {
        "-0", "01", "-01", "1.0", "1e5", "1E5", "+1", "9007199254740992", "-9007199254740992",
        "12345678901234567", "\"\\u0000\"", "\"\\u001F\"", "\"\\u0008\"", "\"\\/\"",
        "\"\\u00e9\"", "\"\\u007f\"", "\"a\\x\"", "\"\x01\"", "\"e\xcc\x81\"",
        "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xf4\x90\x80\x80\"",
        "\"\xff\"", "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"\xee\x80\x80\":1,\"\xf0\x9f\x98\x80\":2}",
        "{ }", "[1 ]", " 1", "1 ", "[1,]", "{\"a\":1,}", "{\"a\"1}", "tru", "nul", "[", "\"",
        "", "{}x", "[true,false,null]x", "\"\\u00",
    };
    static const char change[] = "\"\\{}[],:-0123456789eE.ux \x01\x80\xc3\xe1\xed\xff";
    static const char insert[] = "\"\\{}[],:-0a \x01\x80\xcc";
    size_t            n[4]     = { 0 }, bad_taken = 0;
    json_t           *v        = NULL;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (txng_canon_parse_exact(&v, bad[i], strlen(bad[i])) != TXNG_EFORMAT || v != NULL)
            bad_taken++;
        json_decref(v);
        v = NULL;
    }
    ok(bad_taken == 0, "the exact parser declines %zu non-canonical texts (%zu taken)",
       sizeof bad / sizeof bad[0], bad_taken);
    {
        static const char utf16[] = "{\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}";

        ok(txng_canon_parse_exact(&v, utf16, sizeof utf16 - 1) == TXNG_OK &&
               json_object_size(v) == 2,
           "the exact parser takes keys in UTF-16 order (U+1F600 before U+E000)");
        json_decref(v);
    }

    /* Random values: their canonical bytes are taken, the same value back; then each
     * with one byte changed, inserted or removed, compared with the full parser. */
    for (unsigned round = 0; round < 20000; round++) {
        json_t *val = random_value(0);
        char   *c   = NULL, m[4096];
        size_t  len = 0, at;

        if (txng_canon_encode(val, &c, &len) != TXNG_OK || len + 1 > sizeof m) {
            free(c);
            json_decref(val);
            continue;
        }
        exact_case(c, len, n);
        memcpy(m, c, len);
        at = rnd((unsigned) len + 1);
        switch (rnd(3)) {
        case 0: /* change a byte */
            if (len == 0)
                break;
            m[at % len] = change[rnd(sizeof change - 1)];
            exact_case(m, len, n);
            break;
        case 1: /* insert one */
            memmove(m + at + 1, m + at, len - at);
            m[at] = insert[rnd(sizeof insert - 1)];
            exact_case(m, len + 1, n);
            break;
        default: /* remove one */
            if (len == 0)
                break;
            memmove(m + at % len, m + at % len + 1, len - at % len - 1);
            exact_case(m, len - 1, n);
            break;
        }
        free(c);
        json_decref(val);
    }
    ok(n[2] == 0 && n[3] == 0 && n[0] > 20000 && n[1] > 5000,
       "the exact parser agrees with the full one: %zu taken by both, %zu declined, %zu taken "
       "wrongly, %zu canonical but declined",
       n[0], n[1], n[2], n[3]);
}

/* A jansson allocator that fails after a budget, to reach the out-of-memory paths. */
static long alloc_budget = -1;

static void *
failing_malloc(size_t size)
{
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(size);
}

static void
test_nomem(void)
{
    const char *in  = "{\"b\":[1,\"" SAM_NFD "\"],\"" SAM_NFD "\":{\"e\\u0301\":true}}";
    int         oom = 0, format = 0, other = 0;
    long        budget;

    json_set_alloc_funcs(failing_malloc, free);
    for (budget = 0; budget < 1000; budget++) {
        json_t  *v = NULL;
        txng_err err;

        alloc_budget = budget;
        err          = txng_canon_parse(&v, in, strlen(in), TXNG_CANON_NORMALISE, NULL);
        json_decref(v);
        if (err == TXNG_OK)
            break;
        if (err == TXNG_ENOMEM)
            oom++;
        else if (err == TXNG_EFORMAT)
            format++; /* jansson reports a few failed allocations as syntax errors */
        else
            other++;
    }
    alloc_budget = -1;
    json_set_alloc_funcs(malloc, free);
    ok(budget < 1000 && oom > format && other == 0,
       "each failed allocation of %ld fails the parse (%d out of memory, %d format)", budget, oom,
       format);

    /* The exact parser: every failed allocation is out of memory, never a value. */
    {
        const char *canon = "{\"a\":[1,\"x\",{\"b\":null}],\"c\":\"Sâm\"}";

        oom = other = 0;
        json_set_alloc_funcs(failing_malloc, free);
        for (budget = 0; budget < 1000; budget++) {
            json_t  *v = NULL;
            txng_err err;

            alloc_budget = budget;
            err          = txng_canon_parse_exact(&v, canon, strlen(canon));
            json_decref(v);
            if (err == TXNG_OK)
                break;
            if (err == TXNG_ENOMEM)
                oom++;
            else
                other++;
        }
        alloc_budget = -1;
        json_set_alloc_funcs(malloc, free);
        ok(budget < 1000 && oom == budget && other == 0,
           "each failed allocation of %ld fails the exact parse as out of memory (%d)", budget,
           oom);
    }
}

int
main(void)
{
    test_basic();
    test_rfc8785_sort();
    test_escaping();
    test_vietnamese();
    test_numbers();
    test_refusals();
    test_paths();
    test_is_canonical();
    test_built();
    test_exact();
    test_nomem();
    return tap_done();
}
