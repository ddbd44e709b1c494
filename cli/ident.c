/*
 * ident.c - the identifier a user gives on the command line, read once for
 * txng trace and txng export
 *
 * A Digital Link URI, an EPC URN or a urn:txng code is
 * canonicalised; a Digital Link that names a serial under a lot (what a unit
 * label carries) also stands for GTIN + serial, the form the pack step
 * writes. A label URI on any resolver, with its data attributes and
 * signature (17, 422, 7007, 8030), is read as verify-label reads it
 * (qr/label.h) and reduced to the unit it names. Input that starts like one
 * of these and does not parse is refused with the parser's reason, never
 * traced as it is. A plain code is looked up as the lot, cohort, unit
 * (serial) or product code of any identifier the log knows, imported ones
 * included, through the resolver of txng record (cli/record.h); more than
 * one match is refused with the candidates. A GS1 element string as a label
 * prints it under the code, "(01)08930000000033(21)000007", is read as the
 * Digital Link URI with the same elements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/ident.h"
#include "cli/record.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/record.h"
#include "core/trace.h"
#include "qr/label.h"



static txng_err
idlist_add(struct cli_idlist *l, const char *id)
{
    if (strlen(id) >= TXNG_GS1_URI_MAX)
        return TXNG_OK;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], id) == 0)
            return TXNG_OK;
    if (l->n == l->cap) {
        size_t cap                     = l->cap == 0 ? 4 : l->cap * 2;
        char(*grown)[TXNG_GS1_URI_MAX] = realloc(l->v, cap * sizeof *grown);

        if (grown == NULL)
            return TXNG_ENOMEM;
        l->v   = grown;
        l->cap = cap;
    }
    snprintf(l->v[l->n++], TXNG_GS1_URI_MAX, "%s", id);
    return TXNG_OK;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether @p id is named by some record of @p log as a thing. */
static txng_err
id_known(txng_log *log, const char *id, bool *known)
{
    txng_trace_result *r   = NULL;
    txng_err           err = txng_trace(log, id, TXNG_TRACE_BACK, 1, &r);

    txng_trace_free(r);
    *known = err == TXNG_OK;
    return err == TXNG_ENOTFOUND ? TXNG_OK : err;
}

/*
 * The event a txng:Imported record carries, through imports of imports, as
 * core/index.c indexes it; @p event itself when it is not one.
 */
static const json_t *
imported_event(const json_t *event)
{
    for (int depth = 0; depth < 8; depth++) {
        const char   *type  = json_string_value(json_object_get(event, "type"));
        const json_t *inner = json_object_get(json_object_get(event, "record"), "event");

        if (type == NULL || strcmp(type, "txng:Imported") != 0 || !json_is_object(inner))
            break;
        event = inner;
    }
    return event;
}

/*
 * Read record @p index and let the resolver learn what it names; an
 * imported record as the event it carries. With @p imported_only, a record
 * of this log is skipped (cli_resolve() has read it).
 */
static txng_err
learn_record(struct cli_resolver *res, uint64_t index, bool imported_only)
{
    char         *bytes = NULL;
    size_t        len;
    txng_record  *rec = NULL;
    const json_t *ev;
    txng_err      err = txng_log_get(res->log, index, &bytes, &len);

    if (err == TXNG_OK)
        err = txng_record_decode(&rec, bytes, len, NULL);
    if (err == TXNG_OK && ((ev = imported_event(rec->event)) != rec->event || !imported_only))
        err = cli_names_learn(res, ev, index);
    txng_record_free(rec);
    free(bytes);
    return err == TXNG_EFORMAT ? TXNG_ECORRUPT : err;
}

/* Learn every product and lot of the log: the GTINs and origins units may have. */
static txng_err
learn_kinds(struct cli_resolver *res)
{
    static const txng_gs1_kind kinds[] = { TXNG_GS1_KIND_PRODUCT, TXNG_GS1_KIND_LOT };
    txng_index_names           names   = { 0 };
    txng_err                   err     = TXNG_OK;

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && err == TXNG_OK; k++) {
        err = txng_index_names_of(res->log, kinds[k], &names);
        for (size_t i = 0; i < names.n && err == TXNG_OK; i++)
            if (i == 0 || names.v[i].index != names.v[i - 1].index)
                err = learn_record(res, names.v[i].index, false);
    }
    txng_index_names_free(&names);
    return err;
}

/*
 * The units whose serial (or urn:txng unit code) is @p code, under every
 * GTIN and origin the resolver learned, and the products whose urn:txng code
 * it is; only those some record names.
 */
static txng_err
unit_candidates(struct cli_resolver *res, const char *code, struct cli_idlist *out)
{
    struct cli_idlist tries = { 0 };
    char          id[TXNG_GS1_URI_MAX];
    txng_gs1_id   g;
    txng_gs1_code c;
    bool          serial = txng_gs1_ai_check("21", code, strlen(code), NULL) == TXNG_OK, known;
    txng_err      err    = learn_kinds(res);

    if (err == TXNG_OK && txng_gs1_code_format(id, txng_log_origin(res->log), TXNG_GS1_KIND_UNIT,
                                               code, NULL) == TXNG_OK)
        err = idlist_add(&tries, id);
    for (size_t i = 0; i < res->n && err == TXNG_OK; i++) {
        const char *nid = res->names[i].id;

        if (serial && txng_gs1_dl_parse(&g, nid, strlen(nid), 0, NULL) == TXNG_OK &&
            g.key == TXNG_GS1_KEY_GTIN) {
            char gtin[TXNG_GS1_GTIN_LEN + 1];

            memcpy(gtin, g.key_digits, sizeof gtin);
            memset(&g, 0, sizeof g);
            g.key = TXNG_GS1_KEY_GTIN;
            memcpy(g.key_digits, gtin, sizeof gtin);
            snprintf(g.serial, sizeof g.serial, "%s", code);
            if (txng_gs1_dl_format(id, &g, NULL, false, NULL) == TXNG_OK)
                err = idlist_add(&tries, id);
        } else if (txng_gs1_code_parse(&c, nid, strlen(nid), NULL) == TXNG_OK &&
                   txng_gs1_code_format(id, c.origin, TXNG_GS1_KIND_UNIT, code, NULL) == TXNG_OK) {
            err = idlist_add(&tries, id);
        }
    }
    if (err == TXNG_OK && txng_gs1_code_format(id, txng_log_origin(res->log), TXNG_GS1_KIND_PRODUCT,
                                               code, NULL) == TXNG_OK)
        err = idlist_add(&tries, id);
    for (size_t i = 0; i < tries.n && err == TXNG_OK; i++)
        if ((err = id_known(res->log, tries.v[i], &known)) == TXNG_OK && known)
            err = idlist_add(out, tries.v[i]);
    free(tries.v);
    return err;
}

/* Every identifier of the log whose lot, cohort, serial or code is @p code. */
static txng_err
plain_candidates(txng_log *log, const char *code, struct cli_idlist *out)
{
    static const int    kinds[] = { TXNG_GS1_KIND_LOT, TXNG_GS1_KIND_COHORT };
    struct cli_resolver res     = { 0 };
    char                id[TXNG_GS1_URI_MAX];
    txng_err            err = TXNG_OK;

    res.log      = log;
    res.own_kind = -2; /* no master step: nothing is left to a builder */
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && err == TXNG_OK; k++) {
        txng_diag       d    = TXNG_DIAG_INIT;
        txng_index_hit *hits = NULL;
        size_t          n    = 0;

        err = cli_resolve(&res, kinds[k], code, id, &d);
        /* One match, none, or several (EFORMAT): the names say which. */
        if (err == TXNG_ENOTFOUND || err == TXNG_EFORMAT)
            err = TXNG_OK;
        /* The resolver reads imported records as they are: learn what they carry. */
        if (err == TXNG_OK)
            err =
                txng_index_find_name(log, (txng_gs1_kind) kinds[k], code, strlen(code), &hits, &n);
        if (err == TXNG_EFORMAT) /* not UTF-8: no lot has it */
            err = TXNG_OK;
        for (size_t i = 0; i < n && err == TXNG_OK; i++)
            err = learn_record(&res, hits[i].index, true);
        free(hits);
    }
    for (size_t i = 0; i < res.n && err == TXNG_OK; i++)
        if ((res.names[i].kind == TXNG_GS1_KIND_LOT || res.names[i].kind == TXNG_GS1_KIND_COHORT) &&
            res.names[i].code != NULL && strcmp(res.names[i].code, code) == 0)
            err = idlist_add(out, res.names[i].id);
    if (err == TXNG_OK)
        err = unit_candidates(&res, code, out);
    cli_resolver_free(&res);
    return err;
}

/* Print the parser's refusal of @p input: "txng: INPUT: FIELD: REASON". */
static int
refuse_input(const char *input, const txng_diag *d)
{
    cli_error(input, _("not a valid identifier: %s%s%s"), d->field[0] != '\0' ? _(d->field) : "",
              d->field[0] != '\0' ? ": " : "", d->reason != NULL ? _(d->reason) : "");
    return EXIT_FAILED;
}

/* Append @p sep, @p ai, @p mid and value @p v (@p n bytes, percent-encoded) to @p out. */
static bool
put_element(char *out, size_t *len, char sep, const char *ai, size_t ai_len, char mid,
            const char *v, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";

    if (*len + ai_len + 3 > TXNG_GS1_URI_MAX)
        return false;
    out[(*len)++] = sep;
    memcpy(out + *len, ai, ai_len);
    *len += ai_len;
    out[(*len)++] = mid;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) v[i];

        if (*len + 4 > TXNG_GS1_URI_MAX)
            return false;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out[(*len)++] = (char) c;
        } else {
            out[(*len)++] = '%';
            out[(*len)++] = hex[c >> 4];
            out[(*len)++] = hex[c & 15];
        }
    }
    out[*len] = '\0';
    return true;
}

/* The length of the "(AI)" at @p s: 2-4 digits in brackets; 0 when there is none. */
static size_t
ai_at(const char *s)
{
    size_t a = 0;

    if (s[0] != '(')
        return 0;
    while (s[1 + a] >= '0' && s[1 + a] <= '9')
        a++;
    return a >= 2 && a <= 4 && s[1 + a] == ')' ? a + 2 : 0;
}

/*
 * A GS1 element string in brackets, "(01)08930000000033(10)L24-017(21)000007",
 * as the Digital Link URI with the same elements into @p out: the key (00, 01,
 * 414, 417) and its qualifiers (22, 10, 21; 254) in the path in that order,
 * the other elements (dates, 8030) in the query, for txng_gs1_canonicalize()
 * and the label parser to check. An element's value runs to the next "(AI)",
 * so a value that holds one cannot be given this way. False when @p in is not
 * such a string.
 */
static bool
hri_to_uri(const char *in, char *out)
{
    static const char *const path[] = { "00", "01", "414", "417", "22", "10", "21", "254" };
    struct hri_elem {
        const char *ai, *v;
        size_t      ai_len, v_len;
        bool        done;
    } e[16];
    size_t n = 0, len = 0;
    bool   query = false;

    while (*in != '\0') {
        size_t a = ai_at(in);

        if (a == 0 || n == sizeof e / sizeof e[0])
            return false;
        e[n] = (struct hri_elem){ .ai = in + 1, .ai_len = a - 2, .v = in + a };
        for (in += a; *in != '\0' && ai_at(in) == 0; in++)
            ;
        e[n].v_len = (size_t) (in - e[n].v);
        if (e[n++].v_len == 0)
            return false;
    }
    if (n == 0)
        return false;
    len = (size_t) snprintf(out, TXNG_GS1_URI_MAX, "https://id.gs1.org");
    for (size_t k = 0; k < sizeof path / sizeof path[0]; k++)
        for (size_t i = 0; i < n; i++)
            if (!e[i].done && e[i].ai_len == strlen(path[k]) &&
                memcmp(e[i].ai, path[k], e[i].ai_len) == 0) {
                if (!put_element(out, &len, '/', e[i].ai, e[i].ai_len, '/', e[i].v, e[i].v_len))
                    return false;
                e[i].done = true;
            }
    for (size_t i = 0; i < n; i++) {
        if (e[i].done)
            continue;
        if (!put_element(out, &len, query ? '&' : '?', e[i].ai, e[i].ai_len, '=', e[i].v,
                         e[i].v_len))
            return false;
        query = true;
    }
    return true;
}

/* The identifiers @p input may stand for; @p choose when it is a plain code. */
static int
input_ids(txng_log *log, const char *input, struct cli_idlist *ids, bool *choose)
{
    char        id[TXNG_GS1_URI_MAX], hri[TXNG_GS1_URI_MAX];
    txng_diag   d = TXNG_DIAG_INIT, ld = TXNG_DIAG_INIT;
    txng_gs1_id g;
    txng_label  label;
    const char *raw    = input; /* the input itself, in messages */
    bool        uri    = starts_with_ci(input, "http://") || starts_with_ci(input, "https://");
    bool        hri_in = input[0] == '(' && hri_to_uri(input, hri);
    txng_err    err;

    if (hri_in) {
        input = hri;
        uri   = true;
    }
    if (txng_gs1_canonicalize(id, input, strlen(input), &d) == TXNG_OK) {
        err = idlist_add(ids, id);
        /* A unit under its lot: the log names it by GTIN + serial. */
        if (err == TXNG_OK && txng_gs1_dl_parse(&g, id, strlen(id), 0, NULL) == TXNG_OK &&
            g.key == TXNG_GS1_KEY_GTIN && g.serial[0] != '\0' && g.lot[0] != '\0') {
            g.lot[0] = '\0';
            if (txng_gs1_dl_format(id, &g, NULL, false, NULL) == TXNG_OK)
                err = idlist_add(ids, id);
        }
    } else if (uri && txng_label_parse(&label, NULL, input, strlen(input), &ld) == TXNG_OK &&
               txng_label_unit_id(id, &label, &ld) == TXNG_OK) {
        err = idlist_add(ids, id);
    } else if (uri && !hri_in && d.reason != NULL &&
               strcmp(d.reason, "no supported GS1 primary key in the path") == 0) {
        /* Not a Digital Link: any URI an EPCIS event may name. */
        err = idlist_add(ids, input);
    } else if (uri || starts_with_ci(input, "urn:epc:") || starts_with_ci(input, "urn:txng:")) {
        /* The label parser's reason when it went further (its own attributes). */
        bool label_further = uri && ld.reason != NULL && d.reason != NULL &&
                             strcmp(d.reason, "unsupported application identifier") == 0;

        return refuse_input(raw, label_further ? &ld : &d);
    } else if (strchr(input, ':') != NULL || strpbrk(input, " \t\n") != NULL || *input == '\0') {
        err = idlist_add(ids, input);
    } else {
        *choose = true;
        err     = plain_candidates(log, input, ids);
        if (err == TXNG_OK && ids->n == 0)
            err = idlist_add(ids, input);
    }
    if (err != TXNG_OK) {
        cli_report(raw, err, NULL);
        return cli_status(err);
    }
    return EXIT_DONE;
}

int
cli_ident_read(txng_log *log, const char *input, struct cli_idlist *ids)
{
    bool choose = false;
    int  status = input_ids(log, input, ids, &choose);

    if (status == EXIT_DONE && choose && ids->n > 1) {
        char   list[1024] = "";
        size_t n          = 0;

        for (size_t i = 0; i < ids->n && n < sizeof list; i++)
            n += (size_t) snprintf(list + n, sizeof list - n, "%s%s", i > 0 ? ", " : "", ids->v[i]);
        cli_error(input, _("names more than one identifier: %s; give one of them"), list);
        status = EXIT_USAGE;
    }
    if (status != EXIT_DONE)
        cli_idlist_free(ids);
    return status;
}

void
cli_idlist_free(struct cli_idlist *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}
