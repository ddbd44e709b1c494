/*
 * test_label.c - label content: Digital Link URI, element string, AI 8030 signature
 *
 * Known answers computed outside txng: the signatures below were made with
 * Python's `cryptography` (Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))
 * over b"DSSEv1 26 application/vnd.txng.label <len> " + E, E written by hand
 * from the rules in qr/label.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qr/decode.h"
#include "qr/label.h"
#include "tests/tap.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static const char sig_full[] =
    "oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg";
static const char sig_serial[] =
    "r4-afrl9yCrcOuozsETozCv_4jfnky-uQB4zd0eQLIwJI9BFO5zr7w43KGETJcyIQYnvyq170MtLOjKcto06DA";
static const char sig_all[] =
    "IZJZctc1Hq1JDNawSL_59WZ8n5ga3yvD7PKEKRe4L5TQRoYEzQeQPS9Cr-mJ1w98gcRx9M6OdThWheWhqnO2CA";

static txng_signer *signer, *other;

static bool
reason_is(const txng_diag *d, const char *reason)
{
    return d->reason != NULL && strcmp(d->reason, reason) == 0;
}

static bool
field_is(const txng_diag *d, const char *field)
{
    return strcmp(d->field, field) == 0;
}

static txng_label
base_label(void)
{
    txng_label l;

    memset(&l, 0, sizeof l);
    strcpy(l.gtin, "08930000000033");
    strcpy(l.lot, "L24-017-S");
    strcpy(l.serial, "000007");
    strcpy(l.expiry, "271231");
    return l;
}

static void
test_element_string(void)
{
    txng_label     l = base_label();
    char           es[TXNG_LABEL_HRI_MAX];
    size_t         len = 0;
    unsigned char *msg = NULL;
    size_t         mlen = 0;
    static const char want[] = "0108930000000033"
                               "10L24-017-S\x1d"
                               "21000007\x1d"
                               "17271231";
    static const char want_msg[] = "DSSEv1 26 application/vnd.txng.label 45 "
                                   "0108930000000033"
                                   "10L24-017-S\x1d"
                                   "21000007\x1d"
                                   "17271231";

    ok(txng_label_element_string(es, &len, &l, NULL) == TXNG_OK && len == sizeof want - 1 &&
           memcmp(es, want, len) == 0,
       "element string: 01, 10 GS, 21 GS, 17 (fixed-length last)");
    ok(txng_label_message(&msg, &mlen, &l, NULL) == TXNG_OK && mlen == sizeof want_msg - 1 &&
           memcmp(msg, want_msg, mlen) == 0,
       "signed message is the PAE of the element string");
    free(msg);

    l.expiry[0] = '\0';
    ok(txng_label_element_string(es, &len, &l, NULL) == TXNG_OK &&
           len == strlen("010893000000003310L24-017-S\x1d" "21000007") &&
           memcmp(es, "010893000000003310L24-017-S\x1d" "21000007", len) == 0,
       "no separator after the last element");
    strcpy(l.expiry, "271231");
    strcpy(l.origin, "704");
    strcpy(l.harvest, "250920");
    ok(txng_label_element_string(es, &len, &l, NULL) == TXNG_OK &&
           len == strlen("010893000000003310L24-017-S\x1d" "21000007\x1d" "17271231422704\x1d"
                         "7007250920") &&
           memcmp(es,
                  "010893000000003310L24-017-S\x1d" "21000007\x1d" "17271231422704\x1d"
                  "7007250920",
                  len) == 0,
       "422 and 7007 follow 17, each variable element separated");
}

static void
test_sign_uri(void)
{
    txng_label l = base_label(), p;
    char       uri[TXNG_LABEL_URI_MAX], want[TXNG_LABEL_URI_MAX], base[TXNG_LABEL_URI_MAX];
    char       hri[TXNG_LABEL_HRI_MAX], id[TXNG_GS1_URI_MAX];
    txng_diag  d = TXNG_DIAG_INIT;

    ok(txng_label_uri(uri, &l, "https://trace.htx.vn", NULL) == TXNG_OK &&
           strcmp(uri, "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231") ==
               0,
       "unsigned URI: key, qualifiers in order, expiry as query");
    ok(txng_label_sign(&l, signer, NULL) == TXNG_OK && l.has_sig, "sign");
    snprintf(want, sizeof want,
             "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=%s",
             sig_full);
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn/", NULL) == TXNG_OK && strcmp(uri, want) == 0,
       "signed URI carries the known-answer signature (final / of the base dropped)");
    ok(strlen(sig_full) == TXNG_LABEL_SIG_CHARS, "8030 value is 86 characters");
    ok(txng_label_verify(&l, txng_signer_pubkey(signer), NULL) == TXNG_OK, "verifies");
    ok(txng_label_verify(&l, txng_signer_pubkey(other), NULL) == TXNG_EBADSIG,
       "another key: bad signature");

    ok(txng_label_parse(&p, base, uri, strlen(uri), &d) == TXNG_OK && p.has_sig &&
           memcmp(p.sig, l.sig, sizeof l.sig) == 0 && strcmp(base, "https://trace.htx.vn") == 0 &&
           strcmp(p.lot, "L24-017-S") == 0 && strcmp(p.serial, "000007") == 0 &&
           strcmp(p.expiry, "271231") == 0,
       "parse gives back the label and the base");
    ok(txng_label_verify(&p, txng_signer_pubkey(signer), NULL) == TXNG_OK, "parsed label verifies");

    /* Altered by one character: every data character of the URI. */
    {
        bool   all_fail = true;
        size_t start = strlen("https://trace.htx.vn/01/"), end = strstr(uri, "&8030=") - uri;

        for (size_t i = start; i < end; i++) {
            char       alt[TXNG_LABEL_URI_MAX];
            txng_label a;

            if (uri[i] == '/' || uri[i] == '?' || uri[i] == '=')
                continue;
            strcpy(alt, uri);
            alt[i] = (char) (uri[i] == '9' ? '8' : uri[i] >= '0' && uri[i] <= '8' ? uri[i] + 1
                             : uri[i] == 'Z' ? 'Y' : uri[i] == '-' ? '.' : uri[i] + 1);
            if (txng_label_parse(&a, NULL, alt, strlen(alt), NULL) == TXNG_OK &&
                txng_label_verify(&a, txng_signer_pubkey(signer), NULL) == TXNG_OK) {
                all_fail = false;
                printf("# altered at %zu still verifies: %s\n", i, alt);
            }
        }
        ok(all_fail, "a URI altered in any one data character fails (check digit or signature)");
    }
    {
        char       alt[TXNG_LABEL_URI_MAX];
        txng_label a;
        size_t     at = strlen(uri) - 5;

        strcpy(alt, uri);
        alt[at] = alt[at] == 'A' ? 'B' : 'A';
        ok(txng_label_parse(&a, NULL, alt, strlen(alt), NULL) == TXNG_OK &&
               txng_label_verify(&a, txng_signer_pubkey(signer), NULL) == TXNG_EBADSIG,
           "a URI with one signature character changed fails");
        snprintf(alt, sizeof alt,
                 "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000008?17=271231&8030=%s",
                 sig_full);
        ok(txng_label_parse(&a, NULL, alt, strlen(alt), NULL) == TXNG_OK &&
               txng_label_verify(&a, txng_signer_pubkey(signer), NULL) == TXNG_EBADSIG,
           "another serial under the same signature fails");
        snprintf(alt, sizeof alt,
                 "HTTPS://other.example/x/01/08930000000033/10/L24%%2D017%%2DS/21/000007"
                 "?linkType=gs1:pip&8030=%s;17=271231#frag",
                 sig_full);
        ok(txng_label_parse(&a, base, alt, strlen(alt), &d) == TXNG_OK &&
               strcmp(base, "HTTPS://other.example/x") == 0 &&
               txng_label_verify(&a, txng_signer_pubkey(signer), NULL) == TXNG_OK,
           "escapes, query order, other parameters, host and fragment are not signed");
    }

    ok(txng_label_hri(hri, &l, NULL) == TXNG_OK &&
           strcmp(hri, "(01)08930000000033(10)L24-017-S(21)000007(17)271231") == 0,
       "human-readable line");
    ok(txng_label_unit_id(id, &l, NULL) == TXNG_OK &&
           strcmp(id, "https://id.gs1.org/01/08930000000033/21/000007") == 0,
       "unit identifier drops the lot");
    l.serial[0] = '\0';
    ok(txng_label_unit_id(id, &l, NULL) == TXNG_OK &&
           strcmp(id, "https://id.gs1.org/01/08930000000033/10/L24-017-S") == 0,
       "without a serial: the lot's identifier");

    /* GTIN and serial only */
    l = base_label();
    l.lot[0] = l.expiry[0] = '\0';
    ok(txng_label_sign(&l, signer, NULL) == TXNG_OK, "sign a GTIN + serial label");
    snprintf(want, sizeof want, "https://id.gs1.org/01/08930000000033/21/000007?8030=%s",
             sig_serial);
    ok(txng_label_uri(uri, &l, NULL, NULL) == TXNG_OK && strcmp(uri, want) == 0,
       "known answer for GTIN + serial on the canonical host");

    /* Every attribute */
    l = base_label();
    strcpy(l.origin, "704");
    strcpy(l.harvest, "250920");
    ok(txng_label_sign(&l, signer, NULL) == TXNG_OK, "sign a label with 422 and 7007");
    snprintf(want, sizeof want,
             "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007"
             "?17=271231&422=704&7007=250920&8030=%s",
             sig_all);
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn", NULL) == TXNG_OK && strcmp(uri, want) == 0,
       "known answer with 17, 422, 7007 in AI order");
    ok(txng_label_parse(&p, NULL, uri, strlen(uri), NULL) == TXNG_OK &&
           strcmp(p.origin, "704") == 0 && strcmp(p.harvest, "250920") == 0 &&
           txng_label_verify(&p, txng_signer_pubkey(signer), NULL) == TXNG_OK,
       "round trip with every attribute");

    /* Escaping in the URI, not in the element string */
    l = base_label();
    strcpy(l.lot, "A/B 1");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_uri(uri, &l, NULL, &d) == TXNG_EFORMAT && reason_is(&d, "character not in GS1 character set 82") &&
           field_is(&d, "lot (10)") && d.offset == 4,
       "a lot with a space is refused: character set 82, position 4");
    strcpy(l.lot, "A/B%1");
    ok(txng_label_uri(uri, &l, NULL, NULL) == TXNG_OK &&
           strstr(uri, "/10/A%2FB%251/") != NULL,
       "a lot with / and %% is percent-encoded");
    ok(txng_label_parse(&p, NULL, uri, strlen(uri), NULL) == TXNG_OK && strcmp(p.lot, "A/B%1") == 0,
       "and decoded back");
}

static void
refused(const char *uri, const char *reason, const char *field, const char *name)
{
    txng_label p;
    char       base[TXNG_LABEL_URI_MAX];
    txng_diag  d   = TXNG_DIAG_INIT;
    txng_err   err = txng_label_parse(&p, base, uri, strlen(uri), &d);

    ok(err == TXNG_EFORMAT && reason_is(&d, reason) && (field == NULL || field_is(&d, field)) &&
           p.gtin[0] == '\0' && base[0] == '\0',
       "refused: %s", name);
    if (err != TXNG_EFORMAT || !reason_is(&d, reason) || (field != NULL && !field_is(&d, field)))
        printf("#   got %d \"%s\" field \"%s\"\n", err, d.reason ? d.reason : "", d.field);
}

static void
test_refusals(void)
{
    txng_label l;
    char       uri[TXNG_LABEL_URI_MAX], long_uri[TXNG_LABEL_URI_MAX + 200];
    txng_diag  d = TXNG_DIAG_INIT;

    refused("urn:epc:id:sgtin:893000.0000003.7", "not a GS1 Digital Link URI", NULL,
            "an EPC URN");
    refused("ftp://x/01/08930000000033", "not a GS1 Digital Link URI", NULL, "ftp");
    refused("https://example.com/products/42", "no supported GS1 primary key in the path", NULL,
            "a web page");
    refused("https://x.vn/01/08930000000034/21/1", "wrong check digit: expected 3", "GTIN (01)",
            "wrong check digit");
    refused("https://x.vn/01/0893000000003/21/1", "wrong length", "GTIN (01)",
            "a GTIN-13 in the path");
    refused("https://x.vn/414/8930000000019", "the label's key must be a GTIN (01)", NULL,
            "a GLN key");
    refused("https://x.vn/01/08930000000033/22/A/21/1", "CPV (22) is not supported on labels",
            NULL, "a CPV");
    refused("https://x.vn/01/08930000000033/21/1/10/L", "key qualifier not allowed or out of order",
            NULL, "qualifiers out of order");
    refused("https://x.vn/01/08930000000033/10/L%7B1", "character not in GS1 character set 82",
            "lot (10)", "lot outside set 82");
    refused("https://x.vn/01/08930000000033/21/123456789012345678901", "longer than 20 characters",
            "serial (21)", "serial too long");
    refused("https://x.vn/01/08930000000033/21/1?10=L", "key qualifier in the query string", "10",
            "lot in the query");
    refused("https://x.vn/01/08930000000033/21/1?17=271231&17=271230",
            "application identifier repeated", "expiry (17)", "17 twice");
    refused("https://x.vn/01/08930000000033/21/1?3103=000250", "unsupported application identifier",
            "3103", "an AI labels do not carry");
    refused("https://x.vn/01/08930000000033/21/1?17=271331", "month out of range", "expiry (17)",
            "month 13");
    refused("https://x.vn/01/08930000000033/21/1?7007=250900", "day out of range",
            "harvest date (7007)", "harvest day 00");
    refused("https://x.vn/01/08930000000033/21/1?7007=2509", "wrong length", "harvest date (7007)",
            "harvest date of 4 digits");
    refused("https://x.vn/01/08930000000033/21/1?422=7O4", "not a digit", "origin (422)",
            "origin not digits");
    refused("https://x.vn/01/08930000000033/21/1?422=", "empty value", "origin (422)",
            "empty origin");
    refused("https://x.vn/01/08930000000033/21/1?8030=abc",
            "not an Ed25519 signature: 86 base64url characters expected", "signature (8030)",
            "short signature");
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/1?8030=%.85s+", sig_full);
    refused(uri, "character not in base64url (A-Z a-z 0-9 - _)", "signature (8030)",
            "signature with a character outside base64url");
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/1?8030=%.85sh", sig_full);
    refused(uri,
            "not the canonical encoding: the last character must be A, Q, g or w (its 4 unused "
            "bits are zero)",
            "signature (8030)", "signature with non-zero padding bits");
    refused("https://x.vn/01/08930000000033/21/1?17=271231 ",
            "space in a URI: a Digital Link has none", NULL, "a space in the query");

    memset(&l, 0, sizeof l);
    ok(txng_label_uri(uri, &l, NULL, &d) == TXNG_EFORMAT && reason_is(&d, "missing GTIN"),
       "no GTIN: refused");
    l = base_label();
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_uri(uri, &l, "trace.htx.vn", &d) == TXNG_EFORMAT &&
           reason_is(&d, "resolver base is not an http or https URL") && uri[0] == '\0',
       "base without a scheme: refused");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn/?a=1", &d) == TXNG_EFORMAT &&
           reason_is(&d, "resolver base has a query or fragment"),
       "base with a query: refused");
    memset(long_uri, 'a', sizeof long_uri);
    memcpy(long_uri, "https://", 8);
    long_uri[TXNG_LABEL_BASE_MAX + 1] = '\0';
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_uri(uri, &l, long_uri, &d) == TXNG_EFORMAT &&
           reason_is(&d, "resolver base is too long"),
       "base too long: refused");
    {
        /* A base longer than the caller's buffer (found by fuzz_label): refused, not copied. */
        char        huge[2048], pbase[TXNG_LABEL_URI_MAX];
        txng_label  pl;
        const char *tail = "/01/08930000000033";

        memset(huge, 'a', sizeof huge);
        memcpy(huge, "https://", 8);
        memcpy(huge + sizeof huge - strlen(tail) - 1, tail, strlen(tail) + 1);
        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_label_parse(&pl, pbase, huge, strlen(huge), &d) == TXNG_EFORMAT &&
               reason_is(&d, "the label URI is too long (at most 767 bytes)") &&
               pbase[0] == '\0',
           "a URI longer than TXNG_LABEL_URI_MAX: refused");
    }
    long_uri[TXNG_LABEL_BASE_MAX] = '\0';
    strcpy(l.lot, "!!!!!!!!!!!!!!!!!!!!");
    strcpy(l.serial, "%%%%%%%%%%%%%%%%%%%%");
    strcpy(l.origin, "704");
    strcpy(l.harvest, "250920251001");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_sign(&l, signer, &d) == TXNG_OK &&
           txng_label_uri(uri, &l, long_uri, &d) == TXNG_OK && strlen(uri) == 530,
       "the longest label is 530 bytes, within TXNG_LABEL_URI_MAX");
    if (strlen(uri) != 530)
        printf("# %zu bytes, %s %s\n", strlen(uri), d.reason ? d.reason : "", d.field);
    l = base_label();
    strcpy(l.gtin, "08930000000034");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_sign(&l, signer, &d) == TXNG_EFORMAT && !l.has_sig &&
           reason_is(&d, "wrong check digit: expected 3"),
       "signing a bad GTIN: refused, label unchanged");
    l = base_label();
    ok(txng_label_verify(&l, txng_signer_pubkey(signer), NULL) == TXNG_ENOTFOUND,
       "verify an unsigned label: no signature");
    ok(txng_label_parse(NULL, NULL, "x", 1, NULL) == TXNG_EINVAL &&
           txng_label_uri(NULL, &l, NULL, NULL) == TXNG_EINVAL &&
           txng_label_sign(&l, NULL, NULL) == TXNG_EINVAL &&
           txng_label_verify(&l, NULL, NULL) == TXNG_EINVAL &&
           txng_label_check(NULL, NULL) == TXNG_EINVAL,
       "NULL arguments: EINVAL");
}

/* ---- decoding images (qrencode and ImageMagick make them at test time) ---- */

static char tmpdir[] = "/tmp/txng-label-XXXXXX";

static txng_err
decode(const char *name, char **text, size_t *count, txng_diag *d)
{
    char   path[256];
    size_t len = 0;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    *d = (txng_diag) TXNG_DIAG_INIT;
    return txng_qr_decode_file(text, &len, count, path, d);
}

static void
test_decode(void)
{
    static const char *const levels[] = { "L", "M", "Q", "H" };
    char       uri[TXNG_LABEL_URI_MAX], *text = NULL, name[32];
    txng_label l = base_label();
    txng_diag  d;
    size_t     count = 0;
    bool       all   = true;

    if (system("command -v qrencode >/dev/null && command -v convert >/dev/null") != 0 ||
        mkdtemp(tmpdir) == NULL) {
        tap_skip(13, "qrencode or ImageMagick not installed");
        return;
    }
    strcpy(l.lot, "L/24 017");
    l.lot[4] = '-'; /* "L/24-017": a lot that is percent-encoded in the URI */
    if (txng_label_sign(&l, signer, NULL) != TXNG_OK ||
        txng_label_uri(uri, &l, "https://trace.htx.vn", NULL) != TXNG_OK)
        abort();
    for (size_t i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "u-%s.png", levels[i]);
        {
            char cmd[2048];

            snprintf(cmd, sizeof cmd, "qrencode -l %s -o %s/%s '%s'", levels[i], tmpdir, name,
                     uri);
            all &= system(cmd) == 0;
        }
        text = NULL;
        all &= decode(name, &text, &count, &d) == TXNG_OK && count == 1 && strcmp(text, uri) == 0;
        free(text);
    }
    ok(all, "qrencode PNGs at ECC L, M, Q, H decode to the URI (lot %%2F-encoded)");

    {
        char cmd[2048];

        snprintf(cmd, sizeof cmd,
                 "cd %s && convert u-M.png -filter point -resize 400%% -background white "
                 "-rotate 10 -blur 0x1.2 -quality 85 photo.jpg && "
                 "convert u-M.png u-Q.png +append two.png && "
                 "convert -size 200x200 xc:white blank.png && "
                 "printf 'hello' > text.txt && head -c 300 u-M.png > cut.png && "
                 "head -c 400 photo.jpg > cut.jpg && "
                 "convert u-M.png -scale 300%% -colorspace CMYK cmyk.jpg",
                 tmpdir);
        ok(system(cmd) == 0, "ImageMagick made the photo-like and bad images");
    }
    text = NULL;
    ok(decode("photo.jpg", &text, &count, &d) == TXNG_OK && text != NULL && strcmp(text, uri) == 0,
       "a photo-like JPEG (scaled, rotated 10 degrees, blurred) decodes");
    if (text != NULL) {
        txng_label p;

        ok(txng_label_parse(&p, NULL, text, strlen(text), NULL) == TXNG_OK &&
               txng_label_verify(&p, txng_signer_pubkey(signer), NULL) == TXNG_OK &&
               strcmp(p.lot, "L/24-017") == 0,
           "and its signature verifies");
    } else {
        ok(false, "and its signature verifies");
    }
    free(text);
    text = NULL;
    ok(decode("two.png", &text, &count, &d) == TXNG_EEXIST && count == 2 && text == NULL &&
           reason_is(&d, "more than one QR code in the image"),
       "two codes: refused, 2 counted");
    ok(decode("blank.png", &text, &count, &d) == TXNG_ENOTFOUND && count == 0 &&
           reason_is(&d, "no QR code found in the image"),
       "no code: refused");
    ok(decode("text.txt", &text, &count, &d) == TXNG_EFORMAT &&
           reason_is(&d, "not a PNG or JPEG image"),
       "not an image: refused");
    ok(decode("cut.png", &text, &count, &d) == TXNG_EFORMAT && reason_is(&d, "damaged PNG image"),
       "a truncated PNG: refused");
    ok(decode("cut.jpg", &text, &count, &d) == TXNG_EFORMAT &&
           reason_is(&d, "damaged JPEG image"),
       "a truncated JPEG: refused");
    text = NULL;
    ok(decode("cmyk.jpg", &text, &count, &d) == TXNG_OK && text != NULL && strcmp(text, uri) == 0,
       "a CMYK JPEG (Adobe, inverted) decodes");
    free(text);
    text = NULL;
    ok(decode("missing.png", &text, &count, &d) == TXNG_ESYS, "a missing file: ESYS");
    ok(txng_qr_decode(&text, NULL, NULL, "x", 1, NULL) == TXNG_EINVAL, "NULL length: EINVAL");
    {
        unsigned char big[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                  'I', 'H', 'D', 'R', 0, 0, 0x7f, 0xff, 0, 0, 0x7f, 0xff,
                                  8, 0, 0, 0, 0, 0, 0, 0, 0 };

        d = (txng_diag) TXNG_DIAG_INIT;
        ok(txng_qr_decode(&text, &count, NULL, big, sizeof big, &d) == TXNG_EFORMAT &&
               (reason_is(&d, "image too large") || reason_is(&d, "damaged PNG image")),
           "a PNG header of 32767 x 32767 pixels: refused before allocating");
    }
    {
        char cmd[128];

        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd) != 0)
            printf("# could not remove %s\n", tmpdir);
    }
}

/* Control characters, spaces and non-ASCII bytes are refused anywhere, fragment included. */
static void
test_untrusted(void)
{
    static const struct {
        const char *uri;
        size_t      offset;
        const char *reason;
    } bad[] = {
        { "https://trace.htx.vn/01/08930000000033/21/000099#\r\x1b[1A\x1b[2K\nverdict: GENUINE", 50,
          "control character or non-ASCII byte in a URI" },
        { "https://id.gs1.org/01/0893\x1b[2J", 27, "control character or non-ASCII byte in a URI" },
        { "https://trace.htx.vn/01/08930000000033/21/000007#a b", 51,
          "space in a URI: a Digital Link has none" },
        { "https://trace.htx.vn/01/08930000000033/21/000007?17=271231\t", 59,
          "control character or non-ASCII byte in a URI" },
        { "https://trace.htx.vn/01/08930000000033/21/000007#\xc2\x9b"
          "2J",
          50, "control character or non-ASCII byte in a URI" },
        { "https://trace.htx.vn/01/08930000000033/21/0000\x7f"
          "7",
          47, "control character or non-ASCII byte in a URI" },
    };
    txng_label l;
    char       base[TXNG_LABEL_URI_MAX];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        txng_diag d = TXNG_DIAG_INIT;

        strcpy(base, "x");
        ok(txng_label_parse(&l, base, bad[i].uri, strlen(bad[i].uri), &d) == TXNG_EFORMAT &&
               reason_is(&d, bad[i].reason) && d.offset == bad[i].offset && base[0] == '\0' &&
               l.gtin[0] == '\0',
           "refused: %s at byte %zu (got %zu)", bad[i].reason, bad[i].offset, d.offset);
    }
    ok(txng_label_parse(&l, NULL, S("https://trace.htx.vn/01/08930000000033/21/000007#top"),
                        NULL) == TXNG_OK &&
           strcmp(l.serial, "000007") == 0,
       "a printable fragment is still ignored");
}

/* AI 8030 refusals say what is wrong. */
static void
test_sig_refusals(void)
{
    char       uri[TXNG_LABEL_URI_MAX], sig[TXNG_LABEL_SIG_CHARS + 1];
    txng_label l;
    txng_diag  d;

    strcpy(sig, sig_full);
    sig[10] = '=';
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/7?8030=%s", sig);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_parse(&l, NULL, uri, strlen(uri), &d) == TXNG_EFORMAT &&
           reason_is(&d, "padding '=' in the signature: 86 base64url characters without padding "
                         "expected") &&
           field_is(&d, "signature (8030)") && d.offset == 11,
       "8030 with '=': padding named, at character 11");
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/7?8030=%s%%3D%%3D", sig_full);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_parse(&l, NULL, uri, strlen(uri), &d) == TXNG_EFORMAT &&
           reason_is(&d, "padding '=' in the signature: 86 base64url characters without padding "
                         "expected") &&
           d.offset == 87,
       "8030 with trailing '==': padding named");
    strcpy(sig, sig_full);
    sig[20] = '+';
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/7?8030=%s", sig);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_parse(&l, NULL, uri, strlen(uri), &d) == TXNG_EFORMAT &&
           reason_is(&d, "character not in base64url (A-Z a-z 0-9 - _)") && d.offset == 21,
       "8030 with '+' (base64, not base64url): the character and its position");
    strcpy(sig, sig_full);
    sig[TXNG_LABEL_SIG_CHARS - 1] = 'h'; /* 'g' + 1: an unused bit set */
    snprintf(uri, sizeof uri, "https://x.vn/01/08930000000033/21/7?8030=%s", sig);
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_parse(&l, NULL, uri, strlen(uri), &d) == TXNG_EFORMAT &&
           reason_is(&d, "not the canonical encoding: the last character must be A, Q, g or w "
                         "(its 4 unused bits are zero)") &&
           d.offset == 86,
       "8030 of 86 characters with unused bits set: named, not a length error");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_parse(&l, NULL, S("https://x.vn/01/08930000000033/21/7?8030=abc"), &d) ==
               TXNG_EFORMAT &&
           reason_is(&d, "not an Ed25519 signature: 86 base64url characters expected"),
       "8030 too short: the length");
}

static void
test_compare(void)
{
    ok(txng_label_same_lot("https://id.gs1.org/01/08930000000040/10/L24-017-S", "L24-017-S"),
       "same lot: a Digital Link lot of another GTIN, same code");
    ok(!txng_label_same_lot("https://id.gs1.org/01/08930000000040/10/L24-017-S", "L99-999"),
       "other lot code: differs");
    ok(txng_label_same_lot("urn:txng:htx.vn:lot:L24-017-S", "L24-017-S"),
       "same lot: a urn:txng lot code");
    ok(!txng_label_same_lot("urn:txng:htx.vn:place:L24-017-S", "L24-017-S"),
       "a urn:txng code of a place is not a lot");
    ok(!txng_label_same_lot("https://id.gs1.org/01/08930000000033/21/7", "7"),
       "a unit is not a lot");
    ok(!txng_label_same_lot("not a uri", "x") && !txng_label_same_lot(NULL, "x") &&
           !txng_label_same_lot("urn:txng:htx.vn:lot:x", ""),
       "malformed, NULL, empty: false");
    ok(txng_label_date_matches("261119", "2026-11-19") &&
           txng_label_date_matches("261119", "2026-11-19T09:00:00+07:00"),
       "expiry equal to the best-before date (date or date-time)");
    ok(!txng_label_date_matches("991231", "2026-11-19"), "another date differs");
    ok(txng_label_date_matches("261100", "2026-11-19") &&
           !txng_label_date_matches("261200", "2026-11-19"),
       "day 00: any day of that month");
    ok(txng_label_date_matches("241101241130", "2024-11-12") &&
           txng_label_date_matches("241101241130", "2024-11-30") &&
           !txng_label_date_matches("241101241130", "2024-12-01"),
       "a harvest range holds its ends and no more");
    ok(!txng_label_date_matches("2611", "2026-11-19") &&
           !txng_label_date_matches("261119", "2026/11/19") &&
           !txng_label_date_matches(NULL, "2026-11-19") &&
           !txng_label_date_matches("26111x", "2026-11-19"),
       "malformed: false");
}

/* The port of a resolver base: 1 to 65535. */
static void
test_base_port(void)
{
    txng_label l = base_label();
    txng_diag  d = TXNG_DIAG_INIT;
    char       uri[TXNG_LABEL_URI_MAX];

    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:8443/x", &d) == TXNG_OK &&
           strncmp(uri, "https://trace.htx.vn:8443/x/01/", 31) == 0,
       "base with port 8443 accepted");
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:65535", &d) == TXNG_OK, "port 65535 accepted");
    ok(txng_label_uri(uri, &l, "https://[::1]:8080", &d) == TXNG_OK, "IPv6 host with port accepted");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:99999", &d) == TXNG_EFORMAT &&
           d.reason != NULL &&
           strcmp(d.reason, "resolver base: the port is a number from 1 to 65535") == 0 &&
           d.offset == 22,
       "port 99999 refused at its first digit");
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:0/", &d) == TXNG_EFORMAT, "port 0 refused");
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:8a/", &d) == TXNG_EFORMAT,
       "port with a letter refused");
    ok(txng_label_uri(uri, &l, "https://trace.htx.vn:/x", &d) == TXNG_EFORMAT, "empty port refused");
}

static bool
base_refused(const char *base, const char *reason, size_t offset)
{
    txng_diag d   = TXNG_DIAG_INIT;
    size_t    len = 99;

    return txng_label_base_check(base, &len, &d) == TXNG_EFORMAT && d.reason != NULL &&
           strcmp(d.reason, reason) == 0 && d.offset == offset && d.field[0] == '\0' && len == 99;
}

static void
test_base_check(void)
{
    txng_diag d   = TXNG_DIAG_INIT;
    size_t    len = 0;
    char      long_base[TXNG_LABEL_BASE_MAX + 2];

    ok(txng_label_base_check(NULL, &len, &d) == TXNG_EINVAL, "base check: NULL is a caller bug");
    ok(txng_label_base_check("https://trace.htx.vn:65535/r/", &len, &d) == TXNG_OK && len == 28,
       "base check: port 65535 and a prefix; the final / is not counted");
    ok(txng_label_base_check("HTTP://[::1]:8080", NULL, &d) == TXNG_OK,
       "base check: upper-case scheme, IPv6 host, no length wanted");
    ok(base_refused("https://trace.htx.vn:0", "resolver base: the port is a number from 1 to 65535",
                    22),
       "base check: port 0");
    ok(base_refused("https://trace.htx.vn:65536", "resolver base: the port is a number from 1 to "
                    "65535", 22),
       "base check: port 65536");
    ok(base_refused("https://trace.htx.vn:8a", "resolver base: the port is a number from 1 to 65535",
                    22),
       "base check: a port that is not a number");
    ok(base_refused("https://:8080", "resolver base names no host", 9), "base check: no host");
    ok(base_refused("https://", "resolver base names no host", 9), "base check: nothing after //");
    ok(base_refused("http://[::1:80", "resolver base: an IPv6 host has no closing ]", 8),
       "base check: IPv6 host without ]");
    ok(base_refused("ftp://trace.htx.vn", "resolver base is not an http or https URL", 1),
       "base check: another scheme");
    ok(base_refused("https://a/#x", "resolver base has a query or fragment", 11),
       "base check: a fragment");
    ok(base_refused("https://a b", "character not allowed in a URI", 10),
       "base check: a space");
    ok(base_refused("https://trace.htx.vn@evil.example",
                    "resolver base has user information (@): give only the host", 21),
       "base check: user information");
    ok(base_refused(
           "https://a/p/../q",
           "resolver base has a . or .. segment in its path: give the path as it is requested", 13),
       "base check: a .. segment");
    ok(base_refused(
           "https://a/p/.",
           "resolver base has a . or .. segment in its path: give the path as it is requested", 13),
       "base check: a final . segment");
    ok(base_refused(
           "https://a/%2E%2e/",
           "resolver base has a . or .. segment in its path: give the path as it is requested", 11),
       "base check: a .. segment percent-encoded");
    ok(txng_label_base_check("https://a/.well/..x/%2Ex/p@q", NULL, &d) == TXNG_OK,
       "base check: dots, %% and @ inside path segments are kept");
    memset(long_base, 'a', sizeof long_base);
    memcpy(long_base, "https://", 8);
    long_base[TXNG_LABEL_BASE_MAX + 1] = '\0';
    ok(base_refused(long_base, "resolver base is too long", 0), "base check: too long");
}

int
main(void)
{
    unsigned char seed[TXNG_SEED_BYTES], seed2[TXNG_SEED_BYTES];

    for (size_t i = 0; i < sizeof seed; i++) {
        seed[i]  = (unsigned char) (i + 1);
        seed2[i] = (unsigned char) (0xa0 + i);
    }
    if (txng_signer_from_seed(&signer, "htx", seed) != TXNG_OK ||
        txng_signer_from_seed(&other, "other", seed2) != TXNG_OK) {
        printf("Bail out! no signer\n");
        return 1;
    }
    test_element_string();
    test_sign_uri();
    test_refusals();
    test_untrusted();
    test_sig_refusals();
    test_compare();
    test_decode();
    test_base_port();
    test_base_check();
    txng_signer_free(signer);
    txng_signer_free(other);
    return tap_done();
}
