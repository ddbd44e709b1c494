/*
 * event.c - building CTE events from user values, and the stateless rules
 *
 * Values go through one parser per type (parse_*) that writes the
 * canonical text; the rules check an event by parsing each value it holds
 * again and requiring the same text, so the builder and the rules cannot
 * disagree on what a well-formed value is. The builder ends by running the
 * rules on what it built.
 *
 * Quantities are compared in millionths of their unit as int64 (at most 12
 * integer and 6 fraction digits), with overflow checks, so a mass balance
 * of "9.6" against "9.60" is exact.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/canon.h"
#include "core/civil.h"
#include "core/event.h"
#include "core/gs1.h"
#include "core/note.h"

#define MAX_KDES      40 /* most elements of one step; checked by the unit test */
#define MAX_UNITS     16 /* most distinct units in one transformation */
#define QTY_INT_MAX   12
#define QTY_FRAC_MAX  6
#define QTY_TEXT_MAX  (QTY_INT_MAX + 1 + QTY_FRAC_MAX + 1)
#define MICRO         1000000
#define DL_GTIN       TXNG_GS1_CANONICAL_STEM "/01/"
/* The refusal of a time that is no RFC 3339 time, with one to copy. */
#define NOT_RFC3339 TXNG_N_("not an RFC 3339 time: give e.g. 2026-12-07T11:00+07:00")
#define NEGATIVE    TXNG_N_("must not be negative")

static const char *const epcis_types[] = {
    "ObjectEvent", "AggregationEvent", "TransformationEvent", "TransactionEvent",
    "AssociationEvent",
};

/* UN/CEFACT Rec 20 codes accepted, with the symbols users type. */
static const struct unit {
    const char *symbol;
    const char *code;
    int64_t     mg; /* milligrams in one unit; 0: not a mass */
} units[] = {
    { "kg", "KGM", 1000000 }, { "g", "GRM", 1000 }, { "mg", "MGM", 1 },  { "t", "TNE", 1000000000 },
    { "l", "LTR", 0 },        { "ml", "MLT", 0 },   { "pcs", "H87", 0 }, { "pc", "H87", 0 },
};

struct build {
    const txng_event_opts *opts;
    char                   gtin[TXNG_GS1_GTIN_LEN + 1]; /* "" when not given */
    char                   amount[QTY_TEXT_MAX];        /* "" when not given */
    char                   amount_uom[4];
    unsigned               notes;
};

static bool balance_unchecked(const json_t *ev);

static txng_err
refuse(txng_diag *diag, const char *reason, const char *field, size_t offset)
{
    txng_diag_set(diag, reason, field);
    if (diag != NULL)
        diag->offset = offset;
    return TXNG_EFORMAT;
}

/* Whether @p s holds nothing but white space (a reason given as "   "). */
static bool
blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

/* The event's eventTimeZoneOffset must be @p off, the offset its eventTime has. */
static txng_err
offset_check(const json_t *ev, const char *off, txng_diag *diag, const char *field)
{
    const json_t *o = json_object_get(ev, "eventTimeZoneOffset");

    if (json_is_string(o) && strcmp(json_string_value(o), off) == 0)
        return TXNG_OK;
    refuse(diag,
           o == NULL ? TXNG_N_("missing eventTimeZoneOffset: give the offset of eventTime")
                     : TXNG_N_("eventTimeZoneOffset does not match eventTime"),
           field, 0);
    txng_diag_value(diag, TXNG_N_("offset of eventTime"), "%s", off);
    return TXNG_EFORMAT;
}

/* Keep the reason and offset a parser gave, but name the option. */
static txng_err
name_field(txng_err err, txng_diag *diag, const char *option)
{
    if (err != TXNG_OK && diag != NULL)
        snprintf(diag->field, sizeof diag->field, "%s", option);
    return err;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t
digits_at(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

static int
num(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* @p v (0 <= v < 10^width) in @p width decimal digits; returns the end. */
static char *
put_digits(char *p, int v, int width)
{
    for (int i = width; i-- > 0; v /= 10)
        p[i] = (char) ('0' + v % 10);
    return p + width;
}

/* "+hh:mm" or "-hh:mm" and a NUL: 7 bytes. */
static void
put_offset(char *p, int sign, int oh, int om)
{
    *p++ = sign < 0 ? '-' : '+';
    p    = put_digits(p, oh, 2);
    *p++ = ':';
    p    = put_digits(p, om, 2);
    *p   = '\0';
}

/* YYYY-MM-DD at s (10 bytes available). */
static txng_err
parse_ymd(const char *s, int *y, int *m, int *d, txng_diag *diag, const char *field)
{
    if (digits_at(s, 4) != 4 || s[4] != '-' || digits_at(s + 5, 2) != 2 || s[7] != '-' ||
        digits_at(s + 8, 2) != 2)
        return refuse(diag, TXNG_N_("not a date (YYYY-MM-DD)"), field, 0);
    *y = num(s, 4);
    *m = num(s + 5, 2);
    *d = num(s + 8, 2);
    if (*m < 1 || *m > 12)
        return refuse(diag, TXNG_N_("month out of range"), field, 6);
    if (*d < 1 || *d > month_days(*y, *m))
        return refuse(diag, TXNG_N_("day out of range"), field, 9);
    return TXNG_OK;
}

txng_err
txng_event_time_parse(const char *text, char *norm, char *offset, int64_t *epoch,
                      txng_diag *diag)
{
    int         y, mo, d, h, mi, s = 0, oh, om, sign;
    size_t      len, i, frac = 0;
    const char *f = NULL;
    txng_err    err;

    if (norm != NULL)
        norm[0] = '\0';
    if (offset != NULL)
        offset[0] = '\0';
    if (text == NULL)
        return TXNG_EINVAL;
    len = strlen(text);
    if (len < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
        return refuse(diag, NOT_RFC3339, "time", 0);
    err = parse_ymd(text, &y, &mo, &d, diag, "time");
    if (err == TXNG_EFORMAT && diag != NULL && diag->offset == 0)
        diag->reason = NOT_RFC3339;
    if (err != TXNG_OK)
        return err;
    if (digits_at(text + 11, 2) != 2 || text[13] != ':' || digits_at(text + 14, 2) != 2)
        return refuse(diag, NOT_RFC3339, "time", 12);
    h  = num(text + 11, 2);
    mi = num(text + 14, 2);
    i  = 16;
    if (i < len && text[i] == ':') {
        if (digits_at(text + i + 1, len - i - 1) < 2)
            return refuse(diag, NOT_RFC3339, "time", i + 2);
        s = num(text + i + 1, 2);
        i += 3;
        if (i < len && text[i] == '.') {
            f    = text + i + 1;
            frac = digits_at(f, len - i - 1);
            if (frac == 0 || frac > 9)
                return refuse(diag, NOT_RFC3339, "time", i + 2);
            i += 1 + frac;
        }
    }
    if (h > 23)
        return refuse(diag, TXNG_N_("hour out of range"), "time", 12);
    if (mi > 59)
        return refuse(diag, TXNG_N_("minute out of range"), "time", 15);
    if (s > 59)
        return refuse(diag, TXNG_N_("second out of range"), "time", 18);
    if (i == len)
        return refuse(diag, TXNG_N_("time without an offset: give e.g. 2025-10-01T08:00+07:00"),
                      "time", i + 1);
    if ((text[i] == 'Z' || text[i] == 'z') && i + 1 == len) {
        sign = 1;
        oh = om = 0;
    } else if ((text[i] == '+' || text[i] == '-') && len - i == 6 &&
               digits_at(text + i + 1, 2) == 2 && text[i + 3] == ':' &&
               digits_at(text + i + 4, 2) == 2) {
        sign = text[i] == '-' ? -1 : 1;
        oh   = num(text + i + 1, 2);
        om   = num(text + i + 4, 2);
        if (oh > 14 || om > 59 || (oh == 14 && om != 0))
            return refuse(diag, TXNG_N_("offset out of range"), "time", i + 1);
        /* RFC 3339 4.3: -00:00 says the offset is unknown. */
        if (sign < 0 && oh == 0 && om == 0)
            return refuse(diag, TXNG_N_("time without an offset: give e.g. 2025-10-01T08:00+07:00"),
                          "time", i + 1);
    } else {
        return refuse(diag, NOT_RFC3339, "time", i + 1);
    }
    /* Written by hand, not with snprintf: an import formats two times per row. */
    if (norm != NULL) {
        char *p = norm;

        p = put_digits(p, y, 4);
        *p++ = '-';
        p    = put_digits(p, mo, 2);
        *p++ = '-';
        p    = put_digits(p, d, 2);
        *p++ = 'T';
        p    = put_digits(p, h, 2);
        *p++ = ':';
        p    = put_digits(p, mi, 2);
        *p++ = ':';
        p    = put_digits(p, s, 2);
        if (f != NULL) {
            *p++ = '.';
            memcpy(p, f, frac);
            p += frac;
        }
        put_offset(p, sign, oh, om);
    }
    if (offset != NULL)
        put_offset(offset, sign, oh, om);
    if (epoch != NULL)
        *epoch = txng_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
                 sign * (oh * 3600 + om * 60);
    return TXNG_OK;
}

static txng_err
parse_date(const char *text, char out[11], txng_diag *diag)
{
    int y, m, d;

    if (strlen(text) != 10)
        return refuse(diag, TXNG_N_("not a date (YYYY-MM-DD)"), NULL, 0);
    if (parse_ymd(text, &y, &m, &d, diag, NULL) != TXNG_OK)
        return TXNG_EFORMAT;
    memcpy(out, text, 11);
    return TXNG_OK;
}

/*
 * A non-negative decimal of n bytes: digits, optionally '.' and digits.
 * Writes it without leading zeros to out (QTY_TEXT_MAX) and its value in
 * millionths to micro.
 */
static txng_err
parse_decimal(const char *s, size_t n, char *out, int64_t *micro, txng_diag *diag)
{
    size_t  ip = digits_at(s, n), fp = 0, skip = 0;
    int64_t v  = 0;

    if (ip == 0 && n > 1 && s[0] == '-' && digits_at(s + 1, n - 1) > 0)
        return refuse(diag, NEGATIVE, NULL, 1);
    if (ip == 0)
        return refuse(diag, TXNG_N_("not a number"), NULL, 1);
    if (ip < n) {
        if (s[ip] != '.')
            return refuse(diag, s[ip] == ',' ? TXNG_N_("use a decimal point, not a comma")
                                             : TXNG_N_("not a number"),
                          NULL, ip + 1);
        fp = digits_at(s + ip + 1, n - ip - 1);
        if (fp == 0 || ip + 1 + fp != n)
            return refuse(diag, TXNG_N_("not a number"), NULL, ip + 2 + fp);
    }
    while (skip + 1 < ip && s[skip] == '0')
        skip++;
    if (ip - skip > QTY_INT_MAX || fp > QTY_FRAC_MAX)
        return refuse(diag, TXNG_N_("too many digits"), NULL, 0);
    for (size_t i = skip; i < ip; i++)
        v = v * 10 + (s[i] - '0');
    for (size_t i = 0; i < QTY_FRAC_MAX; i++)
        v = v * 10 + (i < fp ? s[ip + 1 + i] - '0' : 0);
    memcpy(out, s + skip, n - skip);
    out[n - skip] = '\0';
    if (micro != NULL)
        *micro = v;
    return TXNG_OK;
}

static const struct unit *
unit_of_code(const char *code)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].code, code) == 0)
            return &units[i];
    return NULL;
}

static const struct unit *
unit_of_text(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        const char *sym = units[i].symbol, *code = units[i].code;
        size_t      k;

        if (strlen(code) == n && memcmp(code, s, n) == 0)
            return &units[i];
        if (strlen(sym) != n)
            continue;
        for (k = 0; k < n; k++) {
            char c = s[k];

            if (c >= 'A' && c <= 'Z')
                c = (char) (c - 'A' + 'a');
            if (c != sym[k])
                break;
        }
        if (k == n)
            return &units[i];
    }
    return NULL;
}

/* "9.6kg", "9.6 kg", "9.6 KGM", "120" (pieces). */
static txng_err
parse_quantity(const char *text, bool mass, char *num_out, char uom[4], int64_t *micro,
               txng_diag *diag)
{
    size_t             n = strlen(text), i = 0, end;
    const struct unit *u;
    int64_t            v;

    if (n > 1 && text[0] == '-' && is_digit(text[1]))
        return refuse(diag, TXNG_N_("quantity must be more than zero"), NULL, 1);
    while (i < n && (is_digit(text[i]) || text[i] == '.' || text[i] == ','))
        i++;
    end = i;
    if (parse_decimal(text, end, num_out, &v, diag) != TXNG_OK) {
        if (diag != NULL && end == 0)
            diag->reason = TXNG_N_("not a quantity: give e.g. 9.6kg");
        return TXNG_EFORMAT;
    }
    if (v == 0)
        return refuse(diag, TXNG_N_("quantity must be more than zero"), NULL, 1);
    while (i < n && text[i] == ' ')
        i++;
    if (i == n) {
        if (mass)
            return refuse(diag, TXNG_N_("give a mass unit, e.g. 9.6kg"), NULL, n + 1);
        u = unit_of_code("H87");
    } else if ((u = unit_of_text(text + i, n - i)) == NULL) {
        return refuse(diag,
                      mass ? TXNG_N_("unknown unit: use a mass unit, kg, g, mg or t (KGM, GRM, "
                                     "MGM, TNE)")
                           : TXNG_N_("unknown unit: use kg, g, mg, t, l, ml or pcs (KGM, GRM, "
                                     "MGM, TNE, LTR, MLT, H87)"),
                      NULL, i + 1);
    }
    if (mass && u->mg == 0)
        return refuse(diag, TXNG_N_("give a mass unit, e.g. 9.6kg"), NULL, i + 1);
    if (strcmp(u->code, "H87") == 0 && v % MICRO != 0)
        return refuse(diag,
                      TXNG_N_("a count of pieces is a whole number: give e.g. 50, or a mass "
                              "such as 9.6kg"),
                      NULL, 1);
    memcpy(uom, u->code, 4);
    if (micro != NULL)
        *micro = v;
    return TXNG_OK;
}

static txng_err
parse_int(const char *text, json_int_t *out, txng_diag *diag)
{
    size_t     n = strlen(text);
    json_int_t v = 0;

    if (n > 1 && text[0] == '-' && digits_at(text + 1, n - 1) == n - 1)
        return refuse(diag, NEGATIVE, NULL, 1);
    if (n == 0 || digits_at(text, n) != n)
        return refuse(diag, TXNG_N_("not a whole number"), NULL, digits_at(text, n) + 1);
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (text[i] - '0');
        if (v > TXNG_CANON_INT_MAX)
            return refuse(diag, TXNG_N_("number too large"), NULL, i + 1);
    }
    *out = v;
    return TXNG_OK;
}

/* One coordinate: [-]digits[.digits], |value| <= limit. */
static bool
coord_ok(const char *s, size_t n, double limit)
{
    char   buf[32];
    size_t i = 0, ip, fp = 0;
    double v;

    if (n == 0 || n >= sizeof buf)
        return false;
    if (s[0] == '-')
        i = 1;
    ip = digits_at(s + i, n - i);
    if (ip == 0 || ip > 3)
        return false;
    if (i + ip < n) {
        if (s[i + ip] != '.')
            return false;
        fp = digits_at(s + i + ip + 1, n - i - ip - 1);
        if (fp == 0 || i + ip + 1 + fp != n)
            return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    v      = strtod(buf, NULL);
    return v >= -limit && v <= limit;
}

static txng_err
parse_gps(const char *text, char *out, size_t cap, txng_diag *diag)
{
    const char *comma = strchr(text, ',');
    const char *lon;
    size_t      lat_len;

    if (comma == NULL)
        return refuse(diag, TXNG_N_("not a GPS position: give LAT,LON in degrees"), NULL, 0);
    lat_len = (size_t) (comma - text);
    lon     = comma + 1;
    while (*lon == ' ')
        lon++;
    if (!coord_ok(text, lat_len, 90.0) || !coord_ok(lon, strlen(lon), 180.0))
        return refuse(diag, TXNG_N_("not a GPS position: give LAT,LON in degrees"), NULL, 0);
    if (lat_len + 1 + strlen(lon) + 1 > cap)
        return refuse(diag, TXNG_N_("not a GPS position: give LAT,LON in degrees"), NULL, 0);
    snprintf(out, cap, "%.*s,%s", (int) lat_len, text, lon);
    return TXNG_OK;
}

static txng_err
parse_sha256(const char *text, char out[65], txng_diag *diag)
{
    size_t n = strlen(text);

    if (n != 64)
        return refuse(diag, TXNG_N_("not a SHA-256 (64 hex digits)"), NULL, 0);
    for (size_t i = 0; i < n; i++) {
        char c = text[i];

        if (c >= 'A' && c <= 'F')
            c = (char) (c - 'A' + 'a');
        if (!is_digit(c) && !(c >= 'a' && c <= 'f'))
            return refuse(diag, TXNG_N_("not a SHA-256 (64 hex digits)"), NULL, i + 1);
        out[i] = c;
    }
    out[64] = '\0';
    return TXNG_OK;
}

/* C + 4 digits + '-' + 2-16 capitals, e.g. C0004-SNLKTG. */
static txng_err
parse_gi_code(const char *text, txng_diag *diag)
{
    size_t n = strlen(text), i;

    if (n < 8 || text[0] != 'C' || digits_at(text + 1, 4) != 4 || text[5] != '-' || n > 22)
        return refuse(diag, TXNG_N_("not a GI code like C0004-SNLKTG"), NULL, 0);
    for (i = 6; i < n; i++)
        if (text[i] < 'A' || text[i] > 'Z')
            return refuse(diag, TXNG_N_("not a GI code like C0004-SNLKTG"), NULL, i + 1);
    return TXNG_OK;
}

/* An ISO 3166-1 alpha-2 country code, in either case, into @p out in capitals ("vn": "VN"). */
static txng_err
parse_country(const char *text, char out[3], txng_diag *diag)
{
    for (size_t i = 0; i < 2 && text[i] != '\0'; i++)
        out[i] = text[i] >= 'a' && text[i] <= 'z' ? (char) (text[i] - 'a' + 'A') : text[i];
    out[2] = '\0';
    if (strlen(text) != 2 || !txng_gs1_country(out, NULL))
        return refuse(diag, TXNG_N_("not an ISO 3166-1 alpha-2 country code, such as VN"), NULL,
                      0);
    return TXNG_OK;
}

/* NFC text without control characters; *out is malloc'd. */
static txng_err
parse_text(const char *text, char **out, txng_diag *diag)
{
    size_t   n = strlen(text);
    txng_err err;

    *out = NULL;
    if (n == 0)
        return refuse(diag, TXNG_N_("empty value"), NULL, 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) text[i];

        /* tabs and line breaks are kept (notes from spreadsheet cells); CR is not */
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            return refuse(diag, TXNG_N_("control character in text"), NULL, i + 1);
    }
    err = txng_nfc(out, text, n);
    if (err == TXNG_EFORMAT)
        return refuse(diag, TXNG_N_("text is not UTF-8"), NULL, 0);
    if (err != TXNG_OK)
        return err;
    if (strlen(*out) > TXNG_EVENT_TEXT_MAX) {
        free(*out);
        *out = NULL;
        return refuse(diag, TXNG_N_("text too long"), NULL, TXNG_EVENT_TEXT_MAX + 1);
    }
    return TXNG_OK;
}

/*
 * The stored value of @p text among "a|b" or "a=x|b=y"; with @p stored
 * true, @p text is matched against the stored values instead.
 */
static bool
enum_value(const char *values, const char *text, bool stored, char *out, size_t cap)
{
    const char *p = values;

    while (*p != '\0') {
        const char *bar = strchr(p, '|'), *end = bar != NULL ? bar : p + strlen(p);
        const char *eq  = memchr(p, '=', (size_t) (end - p));
        const char *u0 = p, *u1 = eq != NULL ? eq : end;
        const char *s0 = eq != NULL ? eq + 1 : p, *s1 = end;
        const char *m0 = stored ? s0 : u0, *m1 = stored ? s1 : u1;

        if (strlen(text) == (size_t) (m1 - m0) && memcmp(text, m0, (size_t) (m1 - m0)) == 0) {
            if ((size_t) (s1 - s0) >= cap)
                return false;
            memcpy(out, s0, (size_t) (s1 - s0));
            out[s1 - s0] = '\0';
            return true;
        }
        p = bar != NULL ? bar + 1 : end;
    }
    return false;
}

/*
 * The refusal of a value outside an ENUM element's @p values, naming the
 * values a user types. One phrase per list of the table (core/cte.c), so the
 * phrase stays static and translatable; the unit test checks that every ENUM
 * element of the table has its own.
 */
static const char *
enum_refusal(const char *values)
{
    static const struct {
        const char *values, *reason;
    } lists[] = {
        { "pass=conformant|fail=non_conformant",
          TXNG_N_("not one of the allowed values: pass, fail") },
        { "fix|change-use|re-export|destroy",
          TXNG_N_("not one of the allowed values: fix, change-use, re-export, destroy") },
        { "return|destroy|change-use|re-export",
          TXNG_N_("not one of the allowed values: return, destroy, change-use, re-export") },
        { "claimed|wrong-code|already-claimed",
          TXNG_N_("not one of the allowed values: claimed, wrong-code, already-claimed") },
        { "did-not-occur=did_not_occur|incorrect=incorrect_data",
          TXNG_N_("not one of the allowed values: did-not-occur, incorrect") },
        { "vietgap|gacp|organic|iso22000|gi|mark|other",
          TXNG_N_("not one of the allowed values: vietgap, gacp, organic, iso22000, gi, mark, "
                  "other") },
        { "genuine|already-sold|duplicate|recalled|unknown|not-genuine",
          TXNG_N_("not one of the allowed values: genuine, already-sold, duplicate, recalled, "
                  "unknown, not-genuine") },
        { "consumer|retailer|cooperative|producer|qltt|auditor|certifier|other",
          TXNG_N_("not one of the allowed values: consumer, retailer, cooperative, producer, "
                  "qltt, auditor, certifier, other") },
    };

    for (size_t i = 0; values != NULL && i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(lists[i].values, values) == 0)
            return lists[i].reason;
    return TXNG_N_("not one of the allowed values");
}

txng_err
txng_serials_parse(const char *text, char *first, char *last, size_t *count, txng_diag *diag)
{
    const char *dash = strchr(text, '-');
    size_t      n = strlen(text), a = dash != NULL ? (size_t) (dash - text) : 0, b;
    uint64_t    va = 0, vb = 0;
    size_t      skip;
    txng_err    err;

    if (dash == NULL || a == 0 || digits_at(text, a) != a || dash[1] == '\0' ||
        digits_at(dash + 1, n - a - 1) != n - a - 1) {
        err = txng_gs1_ai_check("21", text, n, diag);
        if (err != TXNG_OK)
            return err;
        memcpy(first, text, n + 1);
        memcpy(last, text, n + 1);
        *count = 1;
        return TXNG_OK;
    }
    b = n - a - 1;
    if (a != b)
        return refuse(diag, TXNG_N_("range ends differ in length"), NULL, a + 2);
    if (a > TXNG_GS1_VALUE_MAX)
        return refuse(diag, TXNG_N_("longer than 20 characters"), NULL, TXNG_GS1_VALUE_MAX + 1);
    if (memcmp(text, dash + 1, a) > 0)
        return refuse(diag, TXNG_N_("range ends before it starts"), NULL, a + 2);
    memcpy(first, text, a);
    first[a] = '\0';
    memcpy(last, dash + 1, b);
    last[b] = '\0';
    /* Ends longer than 18 digits must share their leading digits to stay countable. */
    skip = a > 18 ? a - 18 : 0;
    if (skip > 0 && memcmp(text, dash + 1, skip) != 0) {
        *count = TXNG_EVENT_SERIALS_MAX + 1;
        return TXNG_OK;
    }
    for (size_t i = skip; i < a; i++) {
        va = va * 10 + (uint64_t) (text[i] - '0');
        vb = vb * 10 + (uint64_t) (dash[1 + i] - '0');
    }
    *count = vb - va >= TXNG_EVENT_SERIALS_MAX ? TXNG_EVENT_SERIALS_MAX + 1 : (size_t) (vb - va) + 1;
    return TXNG_OK;
}

void
txng_serials_next(char *s)
{
    for (size_t i = strlen(s); i-- > 0;) {
        if (s[i] != '9') {
            s[i]++;
            return;
        }
        s[i] = '0';
    }
}

static bool
is_uri(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
           strncasecmp(s, "urn:", 4) == 0;
}

static bool
id_canonical(const char *s, txng_diag *diag)
{
    char          buf[TXNG_GS1_URI_MAX];
    txng_gs1_code code;
    txng_err      err;

    err = txng_gs1_canonicalize(buf, s, strlen(s), diag);
    if (err != TXNG_OK)
        return false;
    if (strcmp(buf, s) != 0) {
        txng_diag_set(diag, TXNG_N_("not a canonical identifier"), NULL);
        return false;
    }
    /* A lot code is a GS1 lot (set 82, 1-20 characters) in a urn:txng code too, as the
     * builder makes it from a plain code: one lot, one spelling, printable as AI 10. */
    if (strncmp(s, "urn:txng:", 9) == 0 &&
        txng_gs1_code_parse(&code, s, strlen(s), NULL) == TXNG_OK && code.kind == TXNG_GS1_KIND_LOT &&
        txng_gs1_ai_check("10", code.code, strlen(code.code), diag) != TXNG_OK)
        return false;
    return true;
}

/*
 * The identifier of a value of @p kind: a URI is canonicalised; anything
 * else goes to the resolver, then becomes urn:txng:<origin>:<kind>:<text>.
 * Lots are checked as GS1 lots (set 82, 1-20 characters) first.
 */
static txng_err
make_id(struct build *b, int kind, bool lot, const char *text, char *out, txng_diag *diag)
{
    txng_err err;

    if (is_uri(text))
        return txng_gs1_canonicalize(out, text, strlen(text), diag);
    if (lot && (err = txng_gs1_ai_check("10", text, strlen(text), diag)) != TXNG_OK)
        return err;
    if (b->opts->resolve != NULL) {
        err = b->opts->resolve(b->opts->resolve_ctx, kind, text, out, diag);
        if (err == TXNG_OK) {
            if (!id_canonical(out, diag))
                return TXNG_EFORMAT;
            return TXNG_OK;
        }
        if (err != TXNG_ENOTFOUND) {
            if (diag != NULL && diag->reason == NULL)
                diag->reason = TXNG_N_("unknown name");
            return err;
        }
    }
    if (kind == TXNG_KDE_KIND_ANY)
        return refuse(diag,
                      TXNG_N_("not an identifier: give a Digital Link URI, an EPC URN or a "
                              "urn:txng code"),
                      NULL, 0);
    return txng_gs1_code_format(out, b->opts->origin, (txng_gs1_kind) kind, text, diag);
}

static txng_err
gtin_id(const char *gtin, const char *lot, const char *serial, char *out,
        txng_diag *diag)
{
    txng_gs1_id id;

    memset(&id, 0, sizeof id);
    id.key = TXNG_GS1_KEY_GTIN;
    memcpy(id.key_digits, gtin, TXNG_GS1_GTIN_LEN + 1);
    if (lot != NULL)
        snprintf(id.lot, sizeof id.lot, "%s", lot);
    if (serial != NULL)
        snprintf(id.serial, sizeof id.serial, "%s", serial);
    if ((lot != NULL && strlen(lot) > TXNG_GS1_VALUE_MAX) ||
        (serial != NULL && strlen(serial) > TXNG_GS1_VALUE_MAX))
        return refuse(diag, TXNG_N_("longer than 20 characters"), NULL, TXNG_GS1_VALUE_MAX + 1);
    return txng_gs1_dl_format(out, &id, NULL, false, diag);
}

static txng_err
norm_gtin(struct build *b, const char *text, char *out, txng_diag *diag)
{
    txng_err err = txng_gs1_gtin_normalize(out, text, strlen(text), diag);

    if (err == TXNG_OK && !txng_gs1_is_vietnam(out, TXNG_GS1_GTIN_LEN))
        b->notes |= TXNG_EVENT_NOTE_FOREIGN_GS1;
    return err;
}

/* ---- JSON helpers ---- */

/* Member @p key of @p obj, following "a.b" paths; NULL if absent. */
static json_t *
get_path(const json_t *obj, const char *key)
{
    const char *dot;
    char        head[64];

    while ((dot = strchr(key, '.')) != NULL) {
        if ((size_t) (dot - key) >= sizeof head)
            return NULL;
        memcpy(head, key, (size_t) (dot - key));
        head[dot - key] = '\0';
        obj             = json_object_get(obj, head);
        if (!json_is_object(obj))
            return NULL;
        key = dot + 1;
    }
    return json_object_get(obj, key);
}

/* Set member @p key (a path) to @p value, which is stolen; refuse a member already set. */
static txng_err
set_path(json_t *obj, const char *key, json_t *value, txng_diag *diag)
{
    const char *dot;
    char        head[64];

    if (value == NULL)
        return TXNG_ENOMEM;
    while ((dot = strchr(key, '.')) != NULL) {
        json_t *sub;

        memcpy(head, key, (size_t) (dot - key));
        head[dot - key] = '\0';
        sub             = json_object_get(obj, head);
        if (sub == NULL) {
            sub = json_object();
            if (json_object_set_new(obj, head, sub) != 0) {
                json_decref(value);
                return TXNG_ENOMEM;
            }
        }
        obj = sub;
        key = dot + 1;
    }
    if (json_object_get(obj, key) != NULL) {
        json_decref(value);
        return refuse(diag, TXNG_N_("conflicts with another option"), NULL, 0);
    }
    return json_object_set_new(obj, key, value) == 0 ? TXNG_OK : TXNG_ENOMEM;
}

/* Append @p value (stolen) to the array member @p key, creating it. */
static txng_err
append(json_t *obj, const char *key, json_t *value)
{
    json_t *arr;

    if (value == NULL)
        return TXNG_ENOMEM;
    arr = json_object_get(obj, key);
    if (arr == NULL) {
        arr = json_array();
        if (json_object_set_new(obj, key, arr) != 0) {
            json_decref(value);
            return TXNG_ENOMEM;
        }
    }
    return json_array_append_new(arr, value) == 0 ? TXNG_OK : TXNG_ENOMEM;
}

static json_t *
quantity_element(const char *id, const char *qty, const char *uom)
{
    json_t *e = json_object();

    if (e == NULL)
        return NULL;
    if (json_object_set_new(e, "epcClass", json_string(id)) != 0 ||
        (qty != NULL && qty[0] != '\0' &&
         (json_object_set_new(e, "quantity", json_string(qty)) != 0 ||
          json_object_set_new(e, "uom", json_string(uom)) != 0))) {
        json_decref(e);
        return NULL;
    }
    return e;
}

static json_t *
typed_element(const char *type, const char *value_key, const char *value)
{
    return json_pack("{s:s, s:s}", "type", type, value_key, value);
}

static const char *
list_of(txng_kde_at at)
{
    switch (at) {
    case TXNG_AT_SOURCE:
        return "sourceList";
    case TXNG_AT_DEST:
        return "destinationList";
    case TXNG_AT_BIZ_TX:
        return "bizTransactionList";
    default:
        return NULL;
    }
}

static const char *
value_key_of(txng_kde_at at)
{
    switch (at) {
    case TXNG_AT_SOURCE:
        return "source";
    case TXNG_AT_DEST:
        return "destination";
    default:
        return "bizTransaction";
    }
}

/* ---- building ---- */

/* The JSON value of a scalar element (not LOT, SERIALS-in-a-list, ID_QTY, AMOUNT, GTIN-at). */
static txng_err
scalar_value(struct build *b, const txng_kde *k, const char *text, json_t **out, txng_diag *diag)
{
    char        buf[TXNG_GS1_URI_MAX];
    char       *s = NULL;
    txng_err    err;
    json_int_t  iv;
    int64_t     micro;

    *out = NULL;
    switch (k->type) {
    case TXNG_KDE_ID:
        err = make_id(b, k->kind, false, text, buf, diag);
        break;
    case TXNG_KDE_GTIN: {
        char gtin[TXNG_GS1_GTIN_LEN + 1];

        err = norm_gtin(b, text, gtin, diag);
        if (err == TXNG_OK)
            err = gtin_id(gtin, NULL, NULL, buf, diag);
        break;
    }
    case TXNG_KDE_GLN: {
        txng_gs1_id id;

        err = txng_gs1_ai_check(k->sub, text, strlen(text), diag);
        if (err != TXNG_OK)
            break;
        if (!txng_gs1_is_vietnam(text, strlen(text)))
            b->notes |= TXNG_EVENT_NOTE_FOREIGN_GS1;
        memset(&id, 0, sizeof id);
        id.key = strcmp(k->sub, "417") == 0 ? TXNG_GS1_KEY_PARTY_GLN : TXNG_GS1_KEY_GLN;
        snprintf(id.key_digits, sizeof id.key_digits, "%s", text);
        err = txng_gs1_dl_format(buf, &id, NULL, false, diag);
        break;
    }
    case TXNG_KDE_INT:
        err = parse_int(text, &iv, diag);
        if (err == TXNG_OK && iv == 0 && (k->flags & TXNG_KDE_POSITIVE))
            err = refuse(diag, TXNG_N_("a count must be at least 1"), NULL, 1);
        if (err == TXNG_OK)
            *out = json_integer(iv);
        return err == TXNG_OK && *out == NULL ? TXNG_ENOMEM : err;
    case TXNG_KDE_QUANTITY: {
        char q[QTY_TEXT_MAX], uom[4];

        err = parse_quantity(text, (k->flags & TXNG_KDE_MASS) != 0, q, uom, &micro, diag);
        if (err == TXNG_OK && (*out = json_pack("{s:s, s:s}", "quantity", q, "uom", uom)) == NULL)
            err = TXNG_ENOMEM;
        return err;
    }
    case TXNG_KDE_DECIMAL:
        err = parse_decimal(text, strlen(text), buf, &micro, diag);
        break;
    case TXNG_KDE_DATE:
        err = parse_date(text, buf, diag);
        break;
    case TXNG_KDE_TEXT:
        err = parse_text(text, &s, diag);
        if (err == TXNG_OK && (*out = json_string(s)) == NULL)
            err = TXNG_ENOMEM;
        free(s);
        return err;
    case TXNG_KDE_ENUM:
        err = enum_value(k->values, text, false, buf, sizeof buf)
                  ? TXNG_OK
                  : refuse(diag, enum_refusal(k->values), NULL, 0);
        break;
    case TXNG_KDE_GPS:
        err = parse_gps(text, buf, sizeof buf, diag);
        break;
    case TXNG_KDE_SHA256:
        err = parse_sha256(text, buf, diag);
        break;
    case TXNG_KDE_GI_CODE:
        err = parse_gi_code(text, diag);
        if (err == TXNG_OK)
            snprintf(buf, sizeof buf, "%s", text);
        break;
    case TXNG_KDE_COUNTRY:
        err = parse_country(text, buf, diag);
        break;
    case TXNG_KDE_SERIALS: {
        char   first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
        size_t count;

        err = txng_serials_parse(text, first, last, &count, diag);
        if (err == TXNG_OK && count > TXNG_EVENT_SERIALS_MAX)
            err = refuse(diag, TXNG_N_("too many serials in one event"), NULL, 0);
        if (err == TXNG_OK)
            snprintf(buf, sizeof buf, "%s", text);
        break;
    }
    default:
        return TXNG_EINVAL;
    }
    if (err != TXNG_OK)
        return err;
    *out = json_string(buf);
    return *out == NULL ? TXNG_ENOMEM : TXNG_OK;
}

static txng_err
add_serials(struct build *b, json_t *ev, const txng_kde *k, const char *text, txng_diag *diag)
{
    char     first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
    char     id[TXNG_GS1_URI_MAX];
    size_t   count;
    txng_err err;
    bool     gtin = b->gtin[0] != '\0' && (k->flags & TXNG_KDE_NOGTIN) == 0;

    err = txng_serials_parse(text, first, last, &count, diag);
    if (err != TXNG_OK)
        return err;
    if (count > TXNG_EVENT_SERIALS_MAX)
        return refuse(diag, TXNG_N_("too many serials in one event"), NULL, 0);
    for (size_t i = 0; i < count; i++) {
        if (gtin)
            err = gtin_id(b->gtin, NULL, first, id, diag);
        else
            err = txng_gs1_code_format(id, b->opts->origin, TXNG_GS1_KIND_UNIT, first, diag);
        if (err != TXNG_OK)
            return err;
        err = append(ev, k->key, json_string(id));
        if (err != TXNG_OK)
            return err;
        txng_serials_next(first);
    }
    return TXNG_OK;
}

static txng_err
add_value(struct build *b, json_t *ev, const txng_kde *k, const char *text, txng_diag *diag)
{
    char     id[TXNG_GS1_URI_MAX], t[TXNG_EVENT_TIME_MAX], off[7];
    json_t  *v = NULL;
    txng_err err;

    switch (k->at) {
    case TXNG_AT_GTIN:
    case TXNG_AT_AMOUNT:
        return TXNG_OK; /* taken in the first pass */
    case TXNG_AT_TIME:
        err = txng_event_time_parse(text, t, off, NULL, diag);
        if (err != TXNG_OK)
            return err;
        if (k->key != NULL)
            return set_path(ev, k->key, json_string(t), diag);
        err = set_path(ev, "eventTime", json_string(t), diag);
        if (err == TXNG_OK)
            err = set_path(ev, "eventTimeZoneOffset", json_string(off), diag);
        return err;
    case TXNG_AT_EPCS:
        if (k->type == TXNG_KDE_SERIALS)
            return add_serials(b, ev, k, text, diag);
        err = make_id(b, k->kind, false, text, id, diag);
        return err != TXNG_OK ? err : append(ev, k->key, json_string(id));
    case TXNG_AT_QUANTITIES:
        if (k->type == TXNG_KDE_ID_QTY) {
            const char *colon = strrchr(text, ':');
            char        q[QTY_TEXT_MAX], uom[4], *lot;

            if (colon == NULL || colon == text)
                return refuse(diag, TXNG_N_("give LOT:QUANTITY, e.g. L24-017:9.6kg"), NULL, 0);
            err = parse_quantity(colon + 1, false, q, uom, NULL, diag);
            if (err != TXNG_OK)
                return err;
            lot = strndup(text, (size_t) (colon - text));
            if (lot == NULL)
                return TXNG_ENOMEM;
            err = make_id(b, k->kind, true, lot, id, diag);
            free(lot);
            return err != TXNG_OK ? err : append(ev, k->key, quantity_element(id, q, uom));
        }
        /* a LOT, with the step's GTIN and amount */
        if (b->gtin[0] != '\0' && (k->flags & TXNG_KDE_NOGTIN) == 0) {
            if (is_uri(text))
                return refuse(diag, TXNG_N_("give a plain lot code with --gtin"), NULL, 0);
            err = txng_gs1_ai_check("10", text, strlen(text), diag);
            if (err == TXNG_OK)
                err = gtin_id(b->gtin, text, NULL, id, diag);
        } else {
            err = make_id(b, k->kind, true, text, id, diag);
        }
        if (err != TXNG_OK)
            return err;
        return append(ev, k->key, quantity_element(id, b->amount, b->amount_uom));
    case TXNG_AT_LOCATION:
        err = make_id(b, k->kind, false, text, id, diag);
        return err != TXNG_OK ? err : set_path(ev, k->key, json_pack("{s:s}", "id", id), diag);
    case TXNG_AT_SOURCE:
    case TXNG_AT_DEST:
    case TXNG_AT_BIZ_TX:
        err = make_id(b, k->kind, false, text, id, diag);
        return err != TXNG_OK
                   ? err
                   : append(ev, list_of(k->at), typed_element(k->sub, value_key_of(k->at), id));
    case TXNG_AT_MEMBER:
        err = scalar_value(b, k, text, &v, diag);
        if (err != TXNG_OK)
            return err;
        if (k->flags & TXNG_KDE_MULTI)
            return append(ev, k->key, v);
        return set_path(ev, k->key, v, diag);
    }
    return TXNG_EINVAL;
}

/* The members the step fixes. The table's strings are ASCII: jansson need not check them. */
static txng_err
header(json_t *ev, const txng_step *step)
{
    if (json_object_set_new(ev, "type", json_string_nocheck(step->type)) != 0)
        return TXNG_ENOMEM;
    if (step->master)
        return TXNG_OK;
    if (json_object_set_new(ev, "txng:step", json_string_nocheck(step->name)) != 0 ||
        (step->biz_step != NULL &&
         json_object_set_new(ev, "bizStep", json_string_nocheck(step->biz_step)) != 0) ||
        (step->disposition != NULL &&
         json_object_set_new(ev, "disposition", json_string_nocheck(step->disposition)) != 0) ||
        (step->action != NULL &&
         json_object_set_new(ev, "action", json_string_nocheck(step->action)) != 0))
        return TXNG_ENOMEM;
    return TXNG_OK;
}

static bool
group_given(const txng_step *step, const char *group, const unsigned *given)
{
    for (size_t i = 0; i < step->n_kdes; i++)
        if (step->kdes[i].group != NULL && strcmp(step->kdes[i].group, group) == 0 && given[i])
            return true;
    return false;
}

/* ---- public: lookup ---- */

const txng_step *
txng_event_step(const json_t *event)
{
    const char *name = json_string_value(json_object_get(event, "txng:step"));
    const char *biz  = json_string_value(json_object_get(event, "bizStep"));
    const char *type = json_string_value(json_object_get(event, "type"));

    if (name != NULL)
        return txng_step_find(name);
    if (biz != NULL && strncmp(biz, TXNG_BIZSTEP_PREFIX, strlen(TXNG_BIZSTEP_PREFIX)) == 0)
        return txng_step_find(biz + strlen(TXNG_BIZSTEP_PREFIX));
    if (type == NULL)
        return NULL;
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s = txng_step_at(i);

        if (s->master && strcmp(s->type, type) == 0)
            return s;
    }
    return NULL;
}

/* ---- public: building ---- */

txng_err
txng_event_build(json_t **out, const txng_step *step, const char *origin,
                 const txng_kde_value *values, size_t n, txng_diag *diag)
{
    txng_event_opts opts = { origin, NULL, NULL };

    return txng_event_build_ex(out, step, &opts, values, n, NULL, diag);
}

txng_err
txng_event_build_ex(json_t **out, const txng_step *step, const txng_event_opts *opts,
                    const txng_kde_value *values, size_t n, unsigned *notes, txng_diag *diag)
{
    unsigned        given[MAX_KDES] = { 0 };
    struct build    b;
    json_t         *ev  = NULL;
    txng_err        err = TXNG_OK;
    const txng_kde *k;
    bool            lot_given = false, gtin_used = false;

    if (out != NULL)
        *out = NULL;
    if (notes != NULL)
        *notes = 0;
    if (out == NULL || step == NULL || opts == NULL || (values == NULL && n > 0) ||
        step->n_kdes > MAX_KDES || opts->origin == NULL || !txng_origin_valid(opts->origin))
        return TXNG_EINVAL;
    memset(&b, 0, sizeof b);
    b.opts = opts;

    for (size_t i = 0; i < n; i++) {
        if (values[i].option == NULL || values[i].value == NULL)
            return TXNG_EINVAL;
        k = txng_step_kde(step, values[i].option);
        if (k == NULL)
            return refuse(diag, TXNG_N_("unknown option for this step"), values[i].option, 0);
        if (given[k - step->kdes]++ > 0 && (k->flags & TXNG_KDE_MULTI) == 0)
            return refuse(diag, TXNG_N_("option given twice"), k->option, 0);
    }
    for (size_t i = 0; i < step->n_kdes; i++) {
        k = &step->kdes[i];
        if ((k->flags & TXNG_KDE_REQUIRED) == 0 || given[i] ||
            (k->group != NULL && group_given(step, k->group, given)))
            continue;
        return refuse(diag, k->missing, k->option, 0);
    }
    /* GTIN and amount qualify other elements, so they come first. */
    for (size_t i = 0; i < n; i++) {
        k = txng_step_kde(step, values[i].option);
        if (k->at == TXNG_AT_GTIN)
            err = norm_gtin(&b, values[i].value, b.gtin, diag);
        else if (k->at == TXNG_AT_AMOUNT)
            err = parse_quantity(values[i].value, (k->flags & TXNG_KDE_MASS) != 0, b.amount,
                                 b.amount_uom, NULL, diag);
        if (err != TXNG_OK)
            return name_field(err, diag, k->option);
    }

    /* A GTIN or an amount that qualifies nothing would be dropped: refuse it. */
    for (size_t i = 0; i < step->n_kdes; i++) {
        const txng_kde *o = &step->kdes[i];

        if (!given[i] || o->at == TXNG_AT_MEMBER)
            continue;
        if (o->type == TXNG_KDE_LOT)
            lot_given = true;
        if ((o->type == TXNG_KDE_LOT || o->type == TXNG_KDE_SERIALS) &&
            (o->flags & TXNG_KDE_NOGTIN) == 0)
            gtin_used = true;
    }
    if (b.amount[0] != '\0' && !lot_given)
        return refuse(diag, TXNG_N_("the quantity goes with a lot: give --lot LOT"), "weight", 0);
    if (b.gtin[0] != '\0' && !gtin_used)
        return refuse(diag, TXNG_N_("the GTIN goes with --lot or --serials"), "gtin", 0);

    ev = json_object();
    if (ev == NULL)
        return TXNG_ENOMEM;
    err = header(ev, step);
    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        k   = txng_step_kde(step, values[i].option);
        err = name_field(add_value(&b, ev, k, values[i].value, diag), diag, k->option);
    }
    if (err == TXNG_OK)
        err = txng_event_rules_check(ev, diag);
    if (err == TXNG_OK)
        err = txng_canon_check(ev, diag);
    if (err != TXNG_OK) {
        json_decref(ev);
        return err;
    }
    if (balance_unchecked(ev))
        b.notes |= TXNG_EVENT_NOTE_UNWEIGHED;
    if (notes != NULL)
        *notes = b.notes;
    *out = ev;
    return TXNG_OK;
}

/* ---- the rules ---- */

static bool
is_epcis_type(const char *type)
{
    for (size_t i = 0; i < sizeof epcis_types / sizeof epcis_types[0]; i++)
        if (strcmp(epcis_types[i], type) == 0)
            return true;
    return false;
}

/* Refuse unit @p uom, not a UN/CEFACT code; a symbol typed by hand ("kg") is told its code. */
static txng_err
refuse_uom(txng_diag *diag, const char *uom, const char *field)
{
    const struct unit *sym = uom != NULL ? unit_of_text(uom, strlen(uom)) : NULL;
    txng_err           err;

    if (sym == NULL || strcmp(sym->code, uom) == 0)
        return refuse(diag,
                      TXNG_N_("uom is not a UN/CEFACT unit code: give one, e.g. KGM (kg), "
                              "GRM (g), TNE (t), LTR (l), H87 (pieces)"),
                      field, 0);
    err = refuse(diag, TXNG_N_("uom is a unit symbol, not its UN/CEFACT code: give the code"),
                 field, 0);
    txng_diag_value(diag, TXNG_N_("UN/CEFACT code"), "%s", sym->code);
    return err;
}

/* A quantity element; *micro its value (0 when absent), uom its unit ("" when absent). */
static txng_err
check_quantity_element(const json_t *e, int64_t *micro, const char **uom, txng_diag *diag,
                       const char *field)
{
    const json_t *q = json_object_get(e, "quantity"), *u = json_object_get(e, "uom");
    char          norm[QTY_TEXT_MAX];

    *micro = 0;
    *uom   = "";
    if (!json_is_object(e) || !json_is_string(json_object_get(e, "epcClass")))
        return refuse(diag,
                      TXNG_N_("a quantity element needs its epcClass: give {\"epcClass\": ID, "
                              "\"quantity\": \"9.6\", \"uom\": \"KGM\"}"),
                      field, 0);
    if (json_object_size(e) != (size_t) (1 + (q != NULL) + (u != NULL)))
        return refuse(diag,
                      TXNG_N_("a quantity element has only epcClass, quantity and uom: drop the "
                              "other members"),
                      field, 0);
    if (!id_canonical(json_string_value(json_object_get(e, "epcClass")), diag))
        return name_field(TXNG_EFORMAT, diag, field);
    if (q == NULL)
        return u == NULL ? TXNG_OK
                         : refuse(diag,
                                  TXNG_N_("a uom without a quantity: give the quantity too, or "
                                          "drop uom"),
                                  field, 0);
    if (json_is_integer(q)) {
        json_int_t v = json_integer_value(q);

        if (v < 0 || v > INT64_MAX / MICRO)
            return refuse(diag,
                          TXNG_N_("quantity is not a decimal string in canonical form: give "
                                  "e.g. \"9.6\""),
                          field, 0);
        *micro = (int64_t) v * MICRO;
    } else if (!json_is_string(q) ||
               parse_decimal(json_string_value(q), json_string_length(q), norm, micro, diag) !=
                   TXNG_OK ||
               strcmp(norm, json_string_value(q)) != 0) {
        return refuse(diag,
                      TXNG_N_("quantity is not a decimal string in canonical form: give "
                              "e.g. \"9.6\""),
                      field, 0);
    }
    if (u != NULL) {
        const char *s    = json_string_value(u);
        size_t      n    = s != NULL ? strlen(s) : 0;
        bool        code = n >= 2 && n <= 3;

        for (size_t i = 0; code && i < n; i++)
            code = (s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]);
        if (!code)
            return refuse_uom(diag, s, field);
        *uom = s;
    } else {
        *uom = "EA"; /* EPCIS: a quantity without uom counts instances */
    }
    return TXNG_OK;
}

bool
txng_quantity_micrograms(const json_t *e, int64_t *ug)
{
    const struct unit *u;
    int64_t            micro;
    const char        *uom;

    if (check_quantity_element(e, &micro, &uom, NULL, NULL) != TXNG_OK ||
        json_object_get(e, "quantity") == NULL || (u = unit_of_code(uom)) == NULL || u->mg == 0)
        return false;
    /* micro-units times milligrams per unit is nanograms */
    if (__builtin_mul_overflow(micro, u->mg, ug))
        return false;
    *ug /= 1000;
    return true;
}

struct unit_sum {
    char    uom[4];
    int64_t in, out;
    bool    has_in, has_out;
};

static txng_err
sum_list(const json_t *list, bool output, struct unit_sum *sums, size_t *n, txng_diag *diag,
         const char *field)
{
    size_t  i, j;
    json_t *e;

    if (list == NULL)
        return TXNG_OK;
    if (!json_is_array(list))
        return refuse(diag,
                      TXNG_N_("a quantity list is not an array: give [{\"epcClass\": ID, "
                              "\"quantity\": \"9.6\", \"uom\": \"KGM\"}]"),
                      field, 0);
    json_array_foreach(list, i, e)
    {
        int64_t     v;
        const char *uom;
        txng_err    err = check_quantity_element(e, &v, &uom, diag, field);

        if (err != TXNG_OK)
            return err;
        if (json_object_get(e, "quantity") == NULL)
            continue;
        for (j = 0; j < *n; j++)
            if (strcmp(sums[j].uom, uom) == 0)
                break;
        if (j == *n) {
            if (*n == MAX_UNITS)
                return refuse(diag, TXNG_N_("too many units in one event"), field, 0);
            memset(&sums[j], 0, sizeof sums[j]);
            snprintf(sums[j].uom, sizeof sums[j].uom, "%s", uom);
            (*n)++;
        }
        if (__builtin_add_overflow(output ? sums[j].out : sums[j].in, v,
                                   output ? &sums[j].out : &sums[j].in))
            return refuse(diag, TXNG_N_("quantity too large"), field, 0);
        if (output)
            sums[j].has_out = true;
        else
            sums[j].has_in = true;
    }
    return TXNG_OK;
}

static txng_err
epcis_rules(const json_t *ev, txng_diag *diag)
{
    static const char *const qlists[] = { "quantityList", "childQuantityList" };
    struct unit_sum          sums[MAX_UNITS];
    size_t                   n = 0, masses = 0;
    const json_t            *t    = json_object_get(ev, "eventTime");
    const char              *type = json_string_value(json_object_get(ev, "type"));
    char                     off[7];
    const json_t            *gain;
    txng_err                 err;

    if (t == NULL)
        return refuse(diag, TXNG_N_("missing eventTime"), "time", 0);
    if (!json_is_string(t))
        return refuse(diag, NOT_RFC3339, "time", 0);
    err = txng_event_time_parse(json_string_value(t), NULL, off, NULL, diag);
    if (err != TXNG_OK)
        return err;
    if ((err = offset_check(ev, off, diag, "time")) != TXNG_OK)
        return err;
    for (size_t i = 0; i < 2; i++) {
        err = sum_list(json_object_get(ev, qlists[i]), false, sums, &n, diag, qlists[i]);
        if (err != TXNG_OK)
            return err;
    }
    if (strcmp(type, "TransformationEvent") != 0)
        return TXNG_OK;
    n   = 0;
    err = sum_list(json_object_get(ev, "inputQuantityList"), false, sums, &n, diag, "in");
    if (err == TXNG_OK)
        err = sum_list(json_object_get(ev, "outputQuantityList"), true, sums, &n, diag, "out");
    if (err != TXNG_OK)
        return err;
    for (size_t i = 0; i < n; i++) {
        const struct unit *u = unit_of_code(sums[i].uom);

        if (u != NULL && u->mg != 0)
            masses++;
    }
    if (masses > 1)
        return refuse(diag,
                      TXNG_N_("inputs and outputs use different mass units: give every "
                              "quantity in one unit, e.g. all in kg"),
                      "out", 0);
    gain = json_object_get(ev, "txng:allowGain");
    if (json_is_string(gain) && blank(json_string_value(gain)))
        return refuse(diag, TXNG_N_("the reason is empty: give why outputs outweigh inputs"),
                      "allow-gain", 0);
    for (size_t i = 0; i < n; i++)
        if (sums[i].has_in && sums[i].has_out && sums[i].out > sums[i].in &&
            !json_is_string(gain))
            return refuse(diag, TXNG_N_("outputs outweigh inputs: give --allow-gain REASON"),
                          "out", 0);
    return TXNG_OK;
}

/*
 * Whether a TransformationEvent has quantities on both sides but no unit on
 * both (seeds in kg sown to seedlings in pieces): the mass balance, made unit
 * by unit, then checks nothing, which the builder notes.
 */
static bool
balance_unchecked(const json_t *ev)
{
    struct unit_sum sums[MAX_UNITS];
    size_t          n   = 0;
    bool            ins = false, outs = false, both = false;
    const char     *type = json_string_value(json_object_get(ev, "type"));

    if (type == NULL || strcmp(type, "TransformationEvent") != 0 ||
        sum_list(json_object_get(ev, "inputQuantityList"), false, sums, &n, NULL, "in") !=
            TXNG_OK ||
        sum_list(json_object_get(ev, "outputQuantityList"), true, sums, &n, NULL, "out") != TXNG_OK)
        return false;
    for (size_t i = 0; i < n; i++) {
        ins |= sums[i].has_in;
        outs |= sums[i].has_out;
        both |= sums[i].has_in && sums[i].has_out;
    }
    return ins && outs && !both;
}

/*
 * Dates that must come in order, checked once each is valid on its own: a
 * certificate's validity does not end before it starts; a pack's best-before
 * date is not before the local date of the packing.
 */
static txng_err
dates_check(const json_t *ev, const txng_step *step, txng_diag *diag)
{
    const char *from  = json_string_value(json_object_get(ev, "validFrom"));
    const char *until = json_string_value(json_object_get(ev, "validUntil"));
    const char *best  = json_string_value(json_object_get(ev, "txng:bestBefore"));
    const char *when  = json_string_value(json_object_get(ev, "eventTime"));

    if (strcmp(step->name, "certificate") == 0 && from != NULL && until != NULL &&
        strcmp(until, from) < 0)
        return refuse(diag,
                      TXNG_N_("the validity ends before it starts: check --valid-until and "
                              "--valid-from"),
                      "valid-until", 0);
    if (strcmp(step->name, "pack") == 0 && best != NULL && when != NULL &&
        strncmp(best, when, 10) < 0)
        return refuse(diag,
                      TXNG_N_("the best-before date is before the packing: check --best-before "
                              "and --time"),
                      "best-before", 0);
    return TXNG_OK;
}

/* Whether a string value is the canonical text of element type @p k. */
static txng_err
check_scalar(const txng_kde *k, const json_t *v, txng_diag *diag)
{
    char        buf[TXNG_GS1_URI_MAX];
    const char *s = json_string_value(v);
    char       *text = NULL;
    bool        same;
    txng_err    err;
    int64_t     micro;

    switch (k->type) {
    case TXNG_KDE_INT:
        if (!json_is_integer(v))
            return refuse(diag, TXNG_N_("not a whole number"), NULL, 0);
        if (json_integer_value(v) < 0)
            return refuse(diag, NEGATIVE, NULL, 0);
        if (json_integer_value(v) == 0 && (k->flags & TXNG_KDE_POSITIVE))
            return refuse(diag, TXNG_N_("a count must be at least 1"), NULL, 0);
        return TXNG_OK;
    case TXNG_KDE_QUANTITY: {
        const json_t *q = json_object_get(v, "quantity");
        const char   *uom;

        if (!json_is_object(v) || json_object_size(v) != 2 || !json_is_string(q))
            return refuse(diag,
                          TXNG_N_("a quantity has only quantity and uom: give {\"quantity\": "
                                  "\"9.6\", \"uom\": \"KGM\"}"),
                          NULL, 0);
        snprintf(buf, sizeof buf, "%s %s", json_string_value(q),
                 json_string_value(json_object_get(v, "uom")) != NULL
                     ? json_string_value(json_object_get(v, "uom"))
                     : "");
        {
            char q2[QTY_TEXT_MAX], u2[4];

            err = parse_quantity(buf, (k->flags & TXNG_KDE_MASS) != 0, q2, u2, &micro, diag);
            if (err != TXNG_OK)
                return err;
            uom = json_string_value(json_object_get(v, "uom"));
            if (uom == NULL || strcmp(u2, uom) != 0)
                return refuse_uom(diag, uom, NULL);
            if (strcmp(q2, json_string_value(q)) != 0)
                return refuse(diag,
                              TXNG_N_("quantity is not a decimal string in canonical form: give "
                                      "e.g. \"9.6\""),
                              NULL, 0);
        }
        return TXNG_OK;
    }
    default:
        break;
    }
    if (s == NULL)
        return refuse(diag, TXNG_N_("not a string"), NULL, 0);
    switch (k->type) {
    case TXNG_KDE_ID:
    case TXNG_KDE_GTIN:
    case TXNG_KDE_GLN:
    case TXNG_KDE_LOT:
        return id_canonical(s, diag) ? TXNG_OK : TXNG_EFORMAT;
    case TXNG_KDE_DECIMAL:
        err = parse_decimal(s, strlen(s), buf, &micro, diag);
        if (err == TXNG_OK && (k->flags & TXNG_KDE_PERCENT) && micro > 100 * MICRO)
            return refuse(diag, TXNG_N_("a percentage is at most 100"), NULL, 0);
        break;
    case TXNG_KDE_DATE:
        err = parse_date(s, buf, diag);
        break;
    case TXNG_KDE_TIME:
        err = txng_event_time_parse(s, buf, NULL, NULL, diag);
        break;
    case TXNG_KDE_TEXT:
        err = parse_text(s, &text, diag);
        if (err == TXNG_OK) {
            same = strcmp(text, s) == 0;
            free(text);
            return same ? TXNG_OK : refuse(diag, TXNG_N_("text is not in NFC"), NULL, 0);
        }
        return err;
    case TXNG_KDE_ENUM:
        return enum_value(k->values, s, true, buf, sizeof buf)
                   ? TXNG_OK
                   : refuse(diag, enum_refusal(k->values), NULL, 0);
    case TXNG_KDE_GPS:
        err = parse_gps(s, buf, sizeof buf, diag);
        break;
    case TXNG_KDE_SHA256:
        err = parse_sha256(s, buf, diag);
        break;
    case TXNG_KDE_GI_CODE:
        err = parse_gi_code(s, diag);
        snprintf(buf, sizeof buf, "%s", s);
        break;
    case TXNG_KDE_COUNTRY:
        /* stored in capitals: "vn" is not the canonical form */
        err = parse_country(s, buf, diag);
        if (err == TXNG_OK && strcmp(buf, s) != 0)
            err = refuse(diag, TXNG_N_("not an ISO 3166-1 alpha-2 country code, such as VN"),
                         NULL, 0);
        break;
    case TXNG_KDE_SERIALS: {
        char   first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
        size_t count;

        err = txng_serials_parse(s, first, last, &count, diag);
        if (err == TXNG_OK && count > TXNG_EVENT_SERIALS_MAX)
            err = refuse(diag, TXNG_N_("too many serials in one event"), NULL, 0);
        snprintf(buf, sizeof buf, "%s", s);
        break;
    }
    default:
        return refuse(diag, TXNG_N_("bad value"), NULL, 0);
    }
    if (err != TXNG_OK)
        return err;
    return strcmp(buf, s) == 0 ? TXNG_OK : refuse(diag, TXNG_N_("value not in canonical form"), NULL, 0);
}

static const txng_kde *
step_lot(const txng_step *step)
{
    for (size_t i = 0; i < step->n_kdes; i++)
        if (step->kdes[i].type == TXNG_KDE_LOT)
            return &step->kdes[i];
    return NULL;
}

static int
str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * An identifier is listed once in an event's list of them (@p list, strings
 * already checked): a unit packed, sold or shipped twice in one event (two
 * ranges that overlap, a range and an --id) is a mistake, and would count
 * twice against the roots of a harvest.
 */
static txng_err
epcs_once(const json_t *list, txng_diag *diag)
{
    size_t       n = json_array_size(list);
    const char **v;
    txng_err     err = TXNG_OK;

    if (n < 2)
        return TXNG_OK;
    if ((v = malloc(n * sizeof *v)) == NULL)
        return TXNG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        v[i] = json_string_value(json_array_get(list, i));
    qsort(v, n, sizeof *v, str_ptr_cmp);
    for (size_t i = 1; i < n && err == TXNG_OK; i++)
        if (strcmp(v[i - 1], v[i]) == 0) {
            err = refuse(diag,
                         TXNG_N_("listed twice in this event: give each identifier once, check "
                                 "for ranges that overlap"),
                         NULL, 0);
            txng_diag_value(diag, TXNG_N_("identifier"), "%s", v[i]);
        }
    free(v);
    return err;
}

/* Whether element @p k is present in @p ev; if so, check it. */
static txng_err
kde_check(const json_t *ev, const txng_step *step, const txng_kde *k, bool *present,
          txng_diag *diag)
{
    const json_t   *v = NULL, *e;
    const txng_kde *lot;
    size_t          i;
    txng_err        err;
    char            off[7];

    *present = false;
    switch (k->at) {
    case TXNG_AT_MEMBER:
        v = get_path(ev, k->key);
        if (v == NULL)
            return TXNG_OK;
        *present = true;
        if ((k->flags & TXNG_KDE_MULTI) == 0)
            return check_scalar(k, v, diag);
        if (!json_is_array(v) || json_array_size(v) == 0)
            return refuse(diag, TXNG_N_("not a list"), NULL, 0);
        json_array_foreach(v, i, e)
        {
            if ((err = check_scalar(k, e, diag)) != TXNG_OK)
                return err;
        }
        return TXNG_OK;
    case TXNG_AT_TIME:
        v = get_path(ev, k->key != NULL ? k->key : "eventTime");
        if (v == NULL)
            return TXNG_OK;
        *present = true;
        if (!json_is_string(v))
            return refuse(diag, NOT_RFC3339, NULL, 0);
        err = txng_event_time_parse(json_string_value(v), NULL, off, NULL, diag);
        if (err != TXNG_OK || k->key != NULL)
            return err;
        return offset_check(ev, off, diag, NULL);
    case TXNG_AT_EPCS:
    case TXNG_AT_QUANTITIES:
        v = json_object_get(ev, k->key);
        if (v == NULL)
            return TXNG_OK;
        if (!json_is_array(v))
            return refuse(diag, TXNG_N_("not a list"), NULL, 0);
        *present = json_array_size(v) > 0;
        if (k->at == TXNG_AT_EPCS) {
            json_array_foreach(v, i, e)
            {
                if (!json_is_string(e) || !id_canonical(json_string_value(e), diag))
                    return refuse(diag, TXNG_N_("not a canonical identifier"), NULL, 0);
            }
            return epcs_once(v, diag);
        }
        json_array_foreach(v, i, e)
        {
            int64_t     micro;
            const char *uom;

            if ((err = check_quantity_element(e, &micro, &uom, diag, k->option)) != TXNG_OK)
                return err;
            if (strcmp(uom, "H87") == 0 && micro % MICRO != 0)
                return refuse(diag,
                              TXNG_N_("a count of pieces is a whole number: give e.g. 50, or a "
                                      "mass such as 9.6kg"),
                              NULL, 0);
            if (k->type == TXNG_KDE_ID_QTY && json_object_get(e, "quantity") == NULL)
                return refuse(diag,
                              TXNG_N_("a quantity element needs its quantity here: give e.g. "
                                      "\"quantity\": \"9.6\", \"uom\": \"KGM\""),
                              NULL, 0);
        }
        return TXNG_OK;
    case TXNG_AT_AMOUNT:
        lot = step_lot(step);
        v   = lot != NULL ? json_object_get(ev, lot->key) : NULL;
        json_array_foreach(v, i, e)
        {
            const json_t      *u = json_object_get(e, "uom");
            const struct unit *unit;

            if (json_object_get(e, "quantity") == NULL)
                continue;
            *present = true;
            unit     = json_is_string(u) ? unit_of_code(json_string_value(u)) : NULL;
            if ((k->flags & TXNG_KDE_MASS) && (unit == NULL || unit->mg == 0))
                return refuse(diag, TXNG_N_("give a mass unit, e.g. 9.6kg"), NULL, 0);
        }
        return TXNG_OK;
    case TXNG_AT_GTIN:
        /* present when every identifier of the step's GTIN-qualified lists carries a GTIN */
        for (size_t j = 0; j < step->n_kdes; j++) {
            const txng_kde *o = &step->kdes[j];
            const json_t   *list;

            if ((o->type != TXNG_KDE_LOT && o->type != TXNG_KDE_SERIALS) ||
                (o->flags & TXNG_KDE_NOGTIN) || o->at == TXNG_AT_MEMBER)
                continue;
            list = json_object_get(ev, o->key);
            json_array_foreach(list, i, e)
            {
                const char *id = json_is_string(e) ? json_string_value(e)
                                                   : json_string_value(
                                                         json_object_get(e, "epcClass"));

                if (id == NULL || strncmp(id, DL_GTIN, strlen(DL_GTIN)) != 0)
                    return TXNG_OK;
                *present = true;
            }
        }
        return TXNG_OK;
    case TXNG_AT_LOCATION:
        v = json_object_get(ev, k->key);
        if (v == NULL)
            return TXNG_OK;
        *present = true;
        e        = json_object_get(v, "id");
        if (!json_is_object(v) || !json_is_string(e) || !id_canonical(json_string_value(e), diag))
            return refuse(diag, TXNG_N_("not a canonical identifier"), NULL, 0);
        return TXNG_OK;
    case TXNG_AT_SOURCE:
    case TXNG_AT_DEST:
    case TXNG_AT_BIZ_TX:
        v = json_object_get(ev, list_of(k->at));
        json_array_foreach(v, i, e)
        {
            const char *id;

            if (!json_is_string(json_object_get(e, "type")) ||
                strcmp(json_string_value(json_object_get(e, "type")), k->sub) != 0)
                continue;
            *present = true;
            id       = json_string_value(json_object_get(e, value_key_of(k->at)));
            if (id == NULL || !id_canonical(id, diag))
                return refuse(diag, TXNG_N_("not a canonical identifier"), NULL, 0);
        }
        return TXNG_OK;
    }
    return TXNG_EINVAL;
}

static txng_err
step_rules(const json_t *ev, const txng_step *step, txng_diag *diag)
{
    bool        present[MAX_KDES] = { false };
    const char *type              = json_string_value(json_object_get(ev, "type"));
    const char *field;
    txng_err    err;

    if (strcmp(type, step->type) != 0)
        return refuse(diag, TXNG_N_("type does not match the step"), "type", 0);
    if (!step->master) {
        const json_t *biz = json_object_get(ev, "bizStep");
        const json_t *act = json_object_get(ev, "action");
        const json_t *dis = json_object_get(ev, "disposition");

        if (!json_is_string(biz) || strcmp(json_string_value(biz), step->biz_step) != 0)
            return refuse(diag, TXNG_N_("bizStep does not match the step"), "bizStep", 0);
        if ((step->action == NULL) != (act == NULL) ||
            (act != NULL &&
             (!json_is_string(act) || strcmp(json_string_value(act), step->action) != 0)))
            return refuse(diag, TXNG_N_("action does not match the step"), "action", 0);
        if (step->disposition != NULL &&
            (!json_is_string(dis) || strcmp(json_string_value(dis), step->disposition) != 0))
            return refuse(diag, TXNG_N_("disposition does not match the step"), "disposition",
                          0);
    }
    if (step->n_kdes > MAX_KDES)
        return TXNG_EINVAL;
    for (size_t i = 0; i < step->n_kdes; i++) {
        field = step->kdes[i].option;
        err   = kde_check(ev, step, &step->kdes[i], &present[i], diag);
        if (err != TXNG_OK)
            return name_field(err, diag, field);
    }
    for (size_t i = 0; i < step->n_kdes; i++) {
        const txng_kde *k  = &step->kdes[i];
        bool            ok = present[i];

        if ((k->flags & TXNG_KDE_REQUIRED) == 0 || ok)
            continue;
        for (size_t j = 0; k->group != NULL && j < step->n_kdes && !ok; j++)
            ok = present[j] && step->kdes[j].group != NULL &&
                 strcmp(step->kdes[j].group, k->group) == 0;
        if (!ok)
            return refuse(diag, k->missing, k->option, 0);
    }
    return dates_check(ev, step, diag);
}

txng_err
txng_event_rules_check(const json_t *event, txng_diag *diag)
{
    const json_t    *type = json_object_get(event, "type");
    const json_t    *name = json_object_get(event, "txng:step");
    const txng_step *step;
    txng_err         err;

    if (event == NULL)
        return TXNG_EINVAL;
    if (!json_is_object(event) || !json_is_string(type))
        return refuse(diag, TXNG_N_("event without a type"), "type", 0);
    step = txng_event_step(event);
    if (name != NULL && step == NULL)
        return refuse(diag, TXNG_N_("unknown txng:step"), "txng:step", 0);
    if (step == NULL) {
        const char *biz = json_string_value(json_object_get(event, "bizStep"));

        if (biz != NULL && strncmp(biz, TXNG_BIZSTEP_PREFIX, strlen(TXNG_BIZSTEP_PREFIX)) == 0)
            return refuse(diag, TXNG_N_("unknown txng:step"), "bizStep", 0);
    }
    if (is_epcis_type(json_string_value(type))) {
        err = epcis_rules(event, diag);
        if (err != TXNG_OK)
            return err;
    }
    return step != NULL ? step_rules(event, step, diag) : TXNG_OK;
}

txng_err
txng_event_time_check(const json_t *event, int64_t now, int64_t max_skew, txng_diag *diag)
{
    static const char *const paths[] = { "eventTime", "errorDeclaration.declarationTime" };
    int64_t                  t, ahead;
    txng_err                 err;

    if (event == NULL || max_skew < 0)
        return TXNG_EINVAL;
    for (size_t i = 0; i < 2; i++) {
        const json_t *v = get_path(event, paths[i]);

        if (v == NULL)
            continue;
        if (!json_is_string(v))
            return refuse(diag, NOT_RFC3339, "time", 0);
        err = txng_event_time_parse(json_string_value(v), NULL, NULL, &t, diag);
        if (err != TXNG_OK)
            return err;
        if (!__builtin_sub_overflow(t, now, &ahead) ? ahead > max_skew : t > now)
            return refuse(diag,
                          TXNG_N_("event time is more than TXNG_MAX_SKEW seconds (600 unless "
                                  "set) ahead of the clock: check --time and the clock"),
                          "time", 0);
    }
    return TXNG_OK;
}
