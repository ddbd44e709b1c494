/*
 * index.c - the identifiers an event names, and on which side of its lineage
 *
 * Extraction borrows the identifier strings from the event (jansson keeps
 * them until the event is freed); only the "#<index>" keys of txng:corrects
 * are made here, in a side buffer sized before the first pointer into it is
 * taken, since a realloc would move it. Name keys (master data names, codes
 * of ids, lot codes) are folded into a second buffer that may move while it
 * grows: their entries get their pointers only when extraction is done, in
 * the order they were pushed. The list is sorted and
 * made unique because LMDB keeps one copy of a (key, value) pair, and
 * txng_log_verify() must expect exactly what the database holds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>
#include <utf8proc.h>

#include "core/event.h"
#include "core/index.h"
#include "core/log.h"
#include "core/record.h"
#include "core/store.h"

#define NUM_BYTES 24

/* What the event's type and action make of each role. */
struct sides {
    unsigned char epc, parent, child, input, output, from;
};

static txng_err
push(txng_index_list *l, const char *id, size_t len, unsigned char role)
{
    if (len == 0)
        return TXNG_OK;
    if (l->n == l->cap) {
        size_t            cap = l->cap ? l->cap * 2 : 16;
        txng_index_entry *v   = realloc(l->v, cap * sizeof *v);

        if (v == NULL)
            return TXNG_ENOMEM;
        l->v   = v;
        l->cap = cap;
    }
    l->v[l->n++] = (txng_index_entry){ id, len, role, TXNG_SIDE_NONE };
    return TXNG_OK;
}

static txng_err
push_string(txng_index_list *l, const json_t *s, unsigned char role)
{
    if (!json_is_string(s))
        return TXNG_OK;
    return push(l, json_string_value(s), json_string_length(s), role);
}

/* An array of identifier strings. */
static txng_err
push_strings(txng_index_list *l, const json_t *a, unsigned char role)
{
    size_t   i;
    json_t  *s;
    txng_err err = TXNG_OK;

    if (!json_is_array(a))
        return TXNG_OK;
    json_array_foreach(a, i, s)
    {
        if (err == TXNG_OK)
            err = push_string(l, s, role);
    }
    return err;
}

/* An array of objects, each naming an identifier in member @p member. */
static txng_err
push_members(txng_index_list *l, const json_t *a, const char *member, unsigned char role)
{
    size_t   i;
    json_t  *o;
    txng_err err = TXNG_OK;

    if (!json_is_array(a))
        return TXNG_OK;
    json_array_foreach(a, i, o)
    {
        if (err == TXNG_OK && json_is_object(o))
            err = push_string(l, json_object_get(o, member), role);
    }
    return err;
}

/* "#<index>" for a record index named by txng:corrects; room was reserved. */
static txng_err
push_record(txng_index_list *l, json_int_t index)
{
    char *p;
    int   n;

    if (index < 0 || l->num_n == l->num_cap)
        return TXNG_OK;
    p = l->num + l->num_n++ * NUM_BYTES;
    n = snprintf(p, NUM_BYTES, "#%" PRIu64, (uint64_t) index);
    return push(l, p, (size_t) n, TXNG_ROLE_CORRECTS);
}

static txng_err
push_corrects(txng_index_list *l, const json_t *c)
{
    size_t  i, ints = json_is_integer(c) ? 1 : 0;
    json_t *e;

    json_array_foreach(c, i, e)
    {
        if (json_is_integer(e))
            ints++;
    }
    /* Reserved once, before any pointer into it is taken. */
    if (ints > l->num_cap) {
        char *p = realloc(l->num, ints * NUM_BYTES);

        if (p == NULL)
            return TXNG_ENOMEM;
        l->num     = p;
        l->num_cap = ints;
    }
    if (json_is_integer(c))
        return push_record(l, json_integer_value(c));
    if (json_is_string(c))
        return push_string(l, c, TXNG_ROLE_CORRECTS);
    json_array_foreach(c, i, e)
    {
        txng_err err = json_is_integer(e) ? push_record(l, json_integer_value(e))
                                          : push_string(l, e, TXNG_ROLE_CORRECTS);

        if (err != TXNG_OK)
            return err;
    }
    return TXNG_OK;
}


/* ---- name keys ------------------------------------------------------------------------- */

/* Fold @p n decomposed, mark-free bytes into @p out (room for @p n + 1); returns the length. */
static size_t
fold_bytes(char *out, const unsigned char *m, size_t n)
{
    size_t o    = 0;
    bool   dash = false;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = m[i];

        if (c == 0xc4 && i + 1 < n && (m[i + 1] == 0x90 || m[i + 1] == 0x91)) {
            c = 'd'; /* Đ U+0110, đ U+0111: no decomposition */
            i++;
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char) (c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && o > 0)
                out[o++] = '-';
            dash     = false;
            out[o++] = (char) c;
        } else if (c < 0x80) {
            dash = true; /* spaces and punctuation separate words */
        }
    }
    out[o] = '\0';
    return o;
}

static bool
is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) s[i] >= 0x80 || s[i] == '\0')
            return false;
    return true;
}

txng_err
txng_index_fold(char **out, const char *text, size_t len)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t  n;

    *out = NULL;
    if (text == NULL || len > (size_t) PTRDIFF_MAX / 8)
        return TXNG_EINVAL;
    if (is_ascii(text, len)) { /* nothing to decompose: skip utf8proc */
        if ((*out = malloc(len + 1)) == NULL)
            return TXNG_ENOMEM;
        fold_bytes(*out, (const unsigned char *) text, len);
        return TXNG_OK;
    }
    n = utf8proc_map((const utf8proc_uint8_t *) text, (utf8proc_ssize_t) len, &m,
                     UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? TXNG_ENOMEM : TXNG_EFORMAT;
    *out = malloc((size_t) n + 1);
    if (*out != NULL)
        fold_bytes(*out, m, (size_t) n);
    free(m);
    return *out != NULL ? TXNG_OK : TXNG_ENOMEM;
}

char
txng_index_kind_letter(txng_gs1_kind kind)
{
    switch (kind) {
    case TXNG_GS1_KIND_PARTY:
        return 'A';
    case TXNG_GS1_KIND_PLACE:
        return 'S';
    case TXNG_GS1_KIND_PRODUCT:
        return 'G';
    case TXNG_GS1_KIND_CERTIFICATE:
        return 'C';
    case TXNG_GS1_KIND_LOT:
        return 'L';
    case TXNG_GS1_KIND_COHORT:
        return 'H';
    default:
        return 0;
    }
}

bool
txng_index_id_code(const char *id, size_t id_len, int *kind, char *code, size_t cap)
{
    txng_gs1_code c;
    txng_gs1_id   g;

    if (id_len > 9 && strncmp(id, "urn:txng:", 9) == 0) {
        if (txng_gs1_code_parse(&c, id, id_len, NULL) != TXNG_OK)
            return false;
        *kind = (int) c.kind;
        snprintf(code, cap, "%s", c.code);
        return true;
    }
    if (id_len <= 8 || strncmp(id, "https://", 8) != 0 ||
        txng_gs1_dl_parse(&g, id, id_len, 0, NULL) != TXNG_OK)
        return false;
    if (g.key == TXNG_GS1_KEY_GTIN && g.lot[0] != '\0' && g.serial[0] == '\0') {
        *kind = TXNG_GS1_KIND_LOT;
        snprintf(code, cap, "%s", g.lot);
    } else {
        *kind = -1;
        snprintf(code, cap, "%s", g.key_digits);
    }
    return true;
}

/*
 * The name key of @p text (0x01 ‖ letter ‖ folded text, or the text when it
 * folds to nothing) into a malloc'd *key of *len bytes.
 */
static txng_err
name_key(char **key, size_t *len, char letter, const char *text, size_t text_len)
{
    char    *f = NULL, *k;
    size_t   flen;
    txng_err err = txng_index_fold(&f, text, text_len);

    *key = NULL;
    if (err != TXNG_OK)
        return err;
    flen = strlen(f);
    if (flen == 0) {
        free(f);
        f    = NULL;
        flen = text_len;
    }
    k = malloc(flen + 3);
    if (k != NULL) {
        k[0] = TXNG_INDEX_NAME_TAG;
        k[1] = letter;
        memcpy(k + 2, f != NULL ? f : text, flen);
        k[flen + 2] = '\0';
        *key        = k;
        *len        = flen + 2;
    }
    free(f);
    return k != NULL ? TXNG_OK : TXNG_ENOMEM;
}

/*
 * Push an entry for @p a ‖ @p b (@p blen may be 0), copied into the names
 * buffer; its pointer is set by fix_names().
 */
static txng_err
push_owned(txng_index_list *l, const char *a, size_t alen, const char *b, size_t blen,
           unsigned char role)
{
    size_t len = alen + blen;

    if (len == 0)
        return TXNG_OK;
    if (l->names_len + len > l->names_cap) {
        size_t cap = l->names_cap ? l->names_cap : 256;
        char  *p;

        while (cap < l->names_len + len)
            cap *= 2;
        if ((p = realloc(l->names, cap)) == NULL)
            return TXNG_ENOMEM;
        l->names     = p;
        l->names_cap = cap;
    }
    memcpy(l->names + l->names_len, a, alen);
    if (blen > 0)
        memcpy(l->names + l->names_len + alen, b, blen);
    l->names_len += len;
    return push(l, NULL, len, role);
}

/* Push the name key of @p text; its pointer is set by fix_names(). Bad UTF-8 gives no key. */
static txng_err
push_name(txng_index_list *l, txng_gs1_kind kind, const char *text, size_t len,
          unsigned char role)
{
    char    *key = NULL;
    size_t   klen;
    txng_err err;

    if (len == 0)
        return TXNG_OK;
    err = name_key(&key, &klen, txng_index_kind_letter(kind), text, len);
    if (err != TXNG_OK)
        return err == TXNG_ENOMEM ? err : TXNG_OK;
    err = push_owned(l, key, klen, NULL, 0, role);
    free(key);
    return err;
}

/* Master data: the name (or certificate number) and the code of its id. */
static txng_err
push_master(txng_index_list *l, const json_t *ev, const char *type)
{
    static const struct {
        const char   *type, *name;
        txng_gs1_kind kind;
    } masters[] = {
        { "txng:Party", "name", TXNG_GS1_KIND_PARTY },
        { "txng:Place", "name", TXNG_GS1_KIND_PLACE },
        { "txng:Product", "name", TXNG_GS1_KIND_PRODUCT },
        { "txng:Certificate", "number", TXNG_GS1_KIND_CERTIFICATE },
    };
    const json_t *id, *name;
    char          code[TXNG_GS1_URI_MAX];
    int           kind;
    txng_err      err;

    for (size_t m = 0; m < sizeof masters / sizeof masters[0]; m++) {
        if (strcmp(type, masters[m].type) != 0)
            continue;
        id   = json_object_get(ev, "id");
        name = json_object_get(ev, masters[m].name);
        if (!json_is_string(id))
            return TXNG_OK;
        err = json_is_string(name) ? push_name(l, masters[m].kind, json_string_value(name),
                                               json_string_length(name), TXNG_ROLE_NAME)
                                   : TXNG_OK;
        if (err != TXNG_OK)
            return err;
        if (txng_index_id_code(json_string_value(id), json_string_length(id), &kind, code,
                               sizeof code))
            return push_name(l, masters[m].kind, code, strlen(code), TXNG_ROLE_CODE);
        return push_name(l, masters[m].kind, json_string_value(id), json_string_length(id),
                         TXNG_ROLE_CODE);
    }
    return TXNG_OK;
}

/* The lot and cohort codes among the first @p n entries (the things the event is about). */
static txng_err
push_lot_codes(txng_index_list *l, size_t n)
{
    char     code[TXNG_GS1_URI_MAX];
    int      kind;
    txng_err err = TXNG_OK;

    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        const txng_index_entry *e = &l->v[i];
        const char             *id = e->id;
        size_t                  len = e->id_len;

        if (e->role != TXNG_ROLE_EPC && e->role != TXNG_ROLE_CHILD &&
            e->role != TXNG_ROLE_INPUT && e->role != TXNG_ROLE_OUTPUT)
            continue;
        /* Cheap test first: only classes can be lots or cohorts. */
        if (!txng_index_is_class(id, len) ||
            !txng_index_id_code(id, len, &kind, code, sizeof code) ||
            (kind != TXNG_GS1_KIND_LOT && kind != TXNG_GS1_KIND_COHORT))
            continue;
        err = push_name(l, (txng_gs1_kind) kind, code, strlen(code), TXNG_ROLE_CODE);
    }
    return err;
}

/* Point the name-key entries into the names buffer, now that it no longer moves. */
static void
fix_names(txng_index_list *l)
{
    size_t at = 0;

    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == NULL) {
            l->v[i].id = l->names + at;
            at += l->v[i].id_len;
        }
}

static int
entry_cmp(const void *a, const void *b)
{
    const txng_index_entry *x = a, *y = b;
    size_t                  n = x->id_len < y->id_len ? x->id_len : y->id_len;
    int                     c;

    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    c = memcmp(x->id, y->id, n);
    if (c != 0)
        return c;
    return (x->id_len > y->id_len) - (x->id_len < y->id_len);
}

static unsigned char
side_of(const struct sides *s, unsigned char role)
{
    switch (role) {
    case TXNG_ROLE_EPC:
        return s->epc;
    case TXNG_ROLE_PARENT:
        return s->parent;
    case TXNG_ROLE_CHILD:
        return s->child;
    case TXNG_ROLE_INPUT:
        return s->input;
    case TXNG_ROLE_OUTPUT:
        return s->output;
    case TXNG_ROLE_FROM:
        return s->from;
    default:
        return TXNG_SIDE_NONE;
    }
}

static bool
str_is(const json_t *v, const char *s)
{
    return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

static void
sides_for(struct sides *s, const json_t *event)
{
    const json_t *type   = json_object_get(event, "type");
    const json_t *action = json_object_get(event, "action");
    const json_t *parent = json_object_get(event, "parentID");

    memset(s, 0, sizeof *s);
    if (str_is(type, "TransformationEvent")) {
        s->input  = TXNG_SIDE_IN;
        s->output = TXNG_SIDE_OUT;
    } else if (str_is(type, "AggregationEvent") &&
               (str_is(action, "ADD") || str_is(action, "OBSERVE"))) {
        bool cls = json_is_string(parent) &&
                   txng_index_is_class(json_string_value(parent), json_string_length(parent));

        s->child  = cls ? TXNG_SIDE_OUT : TXNG_SIDE_IN;
        s->parent = cls ? TXNG_SIDE_IN : TXNG_SIDE_OUT;
    } else if (str_is(type, "ObjectEvent") && str_is(action, "ADD")) {
        s->epc  = TXNG_SIDE_OUT;
        s->from = TXNG_SIDE_IN;
    }
}

/* Each GI stamp of "txng:giStamps" under its stamp key; a range too large to file files none. */
static txng_err
push_stamps(txng_index_list *l, const json_t *v)
{
    const char tag = TXNG_INDEX_STAMP_TAG;
    char       first[TXNG_GS1_VALUE_MAX + 1], last[TXNG_GS1_VALUE_MAX + 1];
    size_t     count;
    txng_err   err = TXNG_OK;

    if (!json_is_string(v) ||
        txng_serials_parse(json_string_value(v), first, last, &count, NULL) != TXNG_OK ||
        count > TXNG_EVENT_SERIALS_MAX)
        return TXNG_OK;
    for (size_t i = 0; i < count && err == TXNG_OK; i++) {
        err = push_owned(l, &tag, 1, first, strlen(first), TXNG_ROLE_STAMP);
        txng_serials_next(first);
    }
    return err;
}

static txng_err
extract(txng_index_list *l, const json_t *ev)
{
    static const struct {
        const char   *name;
        const char   *member; /* NULL: an array of strings */
        unsigned char role;
    } lists[] = {
        { "epcList", NULL, TXNG_ROLE_EPC },
        { "quantityList", "epcClass", TXNG_ROLE_EPC },
        { "childEPCs", NULL, TXNG_ROLE_CHILD },
        { "childQuantityList", "epcClass", TXNG_ROLE_CHILD },
        { "inputEPCList", NULL, TXNG_ROLE_INPUT },
        { "inputQuantityList", "epcClass", TXNG_ROLE_INPUT },
        { "outputEPCList", NULL, TXNG_ROLE_OUTPUT },
        { "outputQuantityList", "epcClass", TXNG_ROLE_OUTPUT },
        { "txng:inputs", NULL, TXNG_ROLE_FROM },
        { "sourceList", "source", TXNG_ROLE_PARTY },
        { "destinationList", "destination", TXNG_ROLE_PARTY },
    };
    const json_t *decl = json_object_get(ev, "errorDeclaration");
    txng_err      err  = TXNG_OK;

    if (json_is_object(decl)) {
        err = push_string(l, json_object_get(ev, "eventID"), TXNG_ROLE_CORRECTS);
        return err == TXNG_OK ? push_corrects(l, json_object_get(ev, "txng:corrects")) : err;
    }
    for (size_t i = 0; i < sizeof lists / sizeof lists[0] && err == TXNG_OK; i++) {
        const json_t *a = json_object_get(ev, lists[i].name);

        err = lists[i].member == NULL ? push_strings(l, a, lists[i].role)
                                      : push_members(l, a, lists[i].member, lists[i].role);
    }
    if (err == TXNG_OK)
        err = push_string(l, json_object_get(ev, "eventID"), TXNG_ROLE_EVENTID);
    if (err == TXNG_OK)
        err = push_string(l, json_object_get(ev, "parentID"), TXNG_ROLE_PARENT);
    if (err == TXNG_OK)
        err = push_string(l, json_object_get(ev, "txng:cohort"), TXNG_ROLE_FROM);
    if (err == TXNG_OK)
        err = push_string(l, json_object_get(json_object_get(ev, "readPoint"), "id"),
                          TXNG_ROLE_LOCATION);
    if (err == TXNG_OK)
        err = push_string(l, json_object_get(json_object_get(ev, "bizLocation"), "id"),
                          TXNG_ROLE_LOCATION);
    if (err == TXNG_OK)
        err = push_corrects(l, json_object_get(ev, "txng:corrects"));
    if (err == TXNG_OK) {
        const json_t *cert = json_object_get(ev, "certificationInfo");

        err = json_is_array(cert) ? push_strings(l, cert, TXNG_ROLE_CERT)
                                  : push_string(l, cert, TXNG_ROLE_CERT);
    }
    if (err == TXNG_OK)
        err = push_stamps(l, json_object_get(ev, "txng:giStamps"));
    if (err == TXNG_OK)
        err = push_lot_codes(l, l->n);
    if (err == TXNG_OK && json_is_string(json_object_get(ev, "type")))
        err = push_master(l, ev, json_string_value(json_object_get(ev, "type")));
    return err;
}

/* The import key of a txng:Import or txng:Imported event @p ev (the outermost one). */
static txng_err
push_import(txng_index_list *l, const json_t *ev)
{
    const json_t *type   = json_object_get(ev, "type");
    const json_t *origin = json_object_get(ev, "origin");
    const json_t *index  = json_object_get(json_object_get(ev, "record"), "index");
    const char    tag    = TXNG_INDEX_IMPORT_TAG;
    char          text[TXNG_INDEX_IMPORTED_TEXT];

    if (str_is(type, "txng:Import") && json_is_string(origin) && json_string_length(origin) > 0)
        return push_owned(l, &tag, 1, json_string_value(origin), json_string_length(origin),
                          TXNG_ROLE_IMPORT);
    if (str_is(type, "txng:Imported") && json_is_integer(index) && json_integer_value(index) >= 0)
        return push_owned(l, text,
                          txng_index_imported_text(text, (uint64_t) json_integer_value(index)),
                          NULL, 0, TXNG_ROLE_IMPORTED);
    return TXNG_OK;
}

void
txng_index_list_free(txng_index_list *list)
{
    if (list == NULL)
        return;
    free(list->v);
    free(list->num);
    free(list->names);
    memset(list, 0, sizeof *list);
}

const json_t *
txng_index_unwrap(const json_t *event, const json_t **record)
{
    if (record != NULL)
        *record = NULL;
    for (int depth = 0; depth < 8 && json_is_object(event); depth++) {
        const json_t *type = json_object_get(event, "type");
        const json_t *up   = json_object_get(event, "record");

        if (!json_is_string(type) || strcmp(json_string_value(type), "txng:Imported") != 0 ||
            !json_is_object(json_object_get(up, "event")))
            break;
        if (record != NULL)
            *record = up;
        event = json_object_get(up, "event");
    }
    return event;
}

txng_err
txng_index_extract(txng_index_list *list, const json_t *event)
{
    struct sides s;
    size_t       w = 0;
    txng_err     err;

    list->n         = 0;
    list->num_n     = 0;
    list->names_len = 0;
    err             = push_import(list, event);
    /* A txng:Imported record is indexed as the event it carries (core/bundle.h), so that a
     * trace crosses the boundary between logs; imports of imports are unwrapped too. */
    event = txng_index_unwrap(event, NULL);
    if (err == TXNG_OK && json_is_object(event))
        err = extract(list, event);
    if (err != TXNG_OK) {
        list->n = list->num_n = list->names_len = 0;
        return err;
    }
    fix_names(list);
    if (list->n > 1)
        qsort(list->v, list->n, sizeof *list->v, entry_cmp);
    sides_for(&s, event);
    for (size_t i = 0; i < list->n; i++) {
        if (w > 0 && entry_cmp(&list->v[w - 1], &list->v[i]) == 0)
            continue;
        list->v[w]      = list->v[i];
        list->v[w].side = side_of(&s, list->v[w].role);
        w++;
    }
    list->n = w;
    return TXNG_OK;
}

size_t
txng_index_key(unsigned char *key, const char *id, size_t id_len)
{
    if (id_len >= 1 && id_len <= TXNG_INDEX_ID_MAX && id[0] != '\0') {
        memcpy(key, id, id_len);
        return id_len;
    }
    key[0] = 0;
    crypto_hash_sha256(key + 1, (const unsigned char *) id, id_len);
    return 1 + crypto_hash_sha256_BYTES;
}

void
txng_index_value(unsigned char val[TXNG_INDEX_VAL_BYTES], uint64_t index, unsigned char role)
{
    txng_be64_store(val, index);
    val[8] = role;
}

uint64_t
txng_index_sig_time(const json_t *event)
{
    const char *s = json_string_value(json_object_get(event, "eventTime"));
    int64_t     t;

    if (s == NULL || txng_event_time_parse(s, NULL, NULL, &t, NULL) != TXNG_OK)
        return 0;
    return (uint64_t) t ^ UINT64_C(0x8000000000000000);
}

size_t
txng_index_sig_key(unsigned char key[TXNG_INDEX_SIG_KEY], uint64_t when, const unsigned char *sig)
{
    key[0] = TXNG_INDEX_SIG_TAG;
    txng_be64_store(key + 1, when);
    memcpy(key + 9, sig, TXNG_INDEX_SIG_KEY - 9);
    return TXNG_INDEX_SIG_KEY;
}

size_t
txng_index_imported_text(char out[TXNG_INDEX_IMPORTED_TEXT], uint64_t index)
{
    return (size_t) snprintf(out, TXNG_INDEX_IMPORTED_TEXT, "%c#%" PRIu64,
                             TXNG_INDEX_IMPORT_TAG, index);
}

/* True when the path of Digital Link @p p (after the host) has the segment /ai/. */
static bool
has_ai(const char *p, size_t len, const char *ai)
{
    size_t n = strlen(ai);

    for (size_t i = 0; i + n + 2 <= len; i++)
        if (p[i] == '/' && memcmp(p + i + 1, ai, n) == 0 && p[i + n + 1] == '/')
            return true;
    return false;
}

bool
txng_index_is_class(const char *id, size_t id_len)
{
    static const char *const kinds[] = { "lot", "product", "cohort" };

    if (id_len > 8 && strncmp(id, "https://", 8) == 0) {
        const char *path = memchr(id + 8, '/', id_len - 8);
        size_t      len;

        if (path == NULL)
            return false;
        len = id_len - (size_t) (path - id);
        return has_ai(path, len, "01") && !has_ai(path, len, "21") && !has_ai(path, len, "235");
    }
    if (id_len > 9 && strncmp(id, "urn:txng:", 9) == 0) {
        size_t last = id_len, prev;

        while (last > 9 && id[last - 1] != ':')
            last--;
        if (last <= 9)
            return false;
        prev = last - 1;
        while (prev > 9 && id[prev - 1] != ':')
            prev--;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (last - 1 - prev == strlen(kinds[i]) &&
                memcmp(id + prev, kinds[i], strlen(kinds[i])) == 0)
                return true;
    }
    return false;
}

const char *
txng_index_role_name(unsigned char role)
{
    switch (role) {
    case TXNG_ROLE_EPC:
        return "epc";
    case TXNG_ROLE_PARENT:
        return "parent";
    case TXNG_ROLE_CHILD:
        return "child";
    case TXNG_ROLE_INPUT:
        return "input";
    case TXNG_ROLE_OUTPUT:
        return "output";
    case TXNG_ROLE_FROM:
        return "from";
    case TXNG_ROLE_LOCATION:
        return "location";
    case TXNG_ROLE_PARTY:
        return "party";
    case TXNG_ROLE_CORRECTS:
        return "corrects";
    case TXNG_ROLE_EVENTID:
        return "event-id";
    case TXNG_ROLE_NAME:
        return "name";
    case TXNG_ROLE_CODE:
        return "code";
    case TXNG_ROLE_IMPORT:
        return "import";
    case TXNG_ROLE_IMPORTED:
        return "imported";
    case TXNG_ROLE_SIG:
        return "signature";
    case TXNG_ROLE_CERT:
        return "certificate";
    case TXNG_ROLE_STAMP:
        return "gi-stamp";
    default:
        return "unknown";
    }
}

/* ---- finding names ----------------------------------------------------------------------- */

/* The records that key @p k (@p klen bytes, before txng_index_key()) leads to in
 * role @p r1 or @p r2, ascending. */
static txng_err
find_hits(struct txng_log *log, const char *k_text, size_t klen, unsigned char r1,
          unsigned char r2, txng_index_hit **hits, size_t *n)
{
    unsigned char     key[TXNG_INDEX_KEY_MAX];
    size_t            cap = 0;
    const txng_store *st;
    MDB_txn          *txn;
    MDB_cursor       *cur = NULL;
    MDB_val           k, v;
    txng_err          err;
    int               rc;

    k.mv_size = txng_index_key(key, k_text, klen);
    k.mv_data = key;
    err       = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        return err;
    rc = mdb_cursor_open(txn, st->ids, &cur);
    for (rc = rc != MDB_SUCCESS ? rc : mdb_cursor_get(cur, &k, &v, MDB_SET); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
        unsigned char role;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES) {
            err = TXNG_ECORRUPT;
            goto out;
        }
        role = ((const unsigned char *) v.mv_data)[8];
        if (role != r1 && role != r2)
            continue; /* another role, or another identifier of the same hashed key */
        if (*n == cap) {
            size_t          c = cap ? cap * 2 : 8;
            txng_index_hit *p = realloc(*hits, c * sizeof *p);

            if (p == NULL) {
                err = TXNG_ENOMEM;
                goto out;
            }
            *hits = p;
            cap   = c;
        }
        (*hits)[(*n)++] = (txng_index_hit){ txng_be64_load(v.mv_data), role };
    }
    err = rc == MDB_NOTFOUND ? TXNG_OK : txng_store_from_mdb(rc);
out:
    mdb_cursor_close(cur);
    txng_log_read_end(log);
    if (err != TXNG_OK) {
        free(*hits);
        *hits = NULL;
        *n    = 0;
    }
    return err;
}

txng_err
txng_index_name_key(char **key, size_t *klen, txng_gs1_kind kind, const char *text, size_t len)
{
    char letter = txng_index_kind_letter(kind);

    *key = NULL;
    if (letter == 0 || text == NULL)
        return TXNG_EINVAL;
    return name_key(key, klen, letter, text, len);
}

txng_err
txng_index_find_name(struct txng_log *log, txng_gs1_kind kind, const char *text, size_t len,
                     txng_index_hit **hits, size_t *n)
{
    char     letter = txng_index_kind_letter(kind), *nk = NULL;
    size_t   nklen  = 0;
    txng_err err;

    if (hits != NULL)
        *hits = NULL;
    if (n != NULL)
        *n = 0;
    if (log == NULL || text == NULL || hits == NULL || n == NULL || letter == 0)
        return TXNG_EINVAL;
    if (len == 0)
        return TXNG_OK;
    err = name_key(&nk, &nklen, letter, text, len);
    if (err == TXNG_OK)
        err = find_hits(log, nk, nklen, TXNG_ROLE_NAME, TXNG_ROLE_CODE, hits, n);
    free(nk);
    return err;
}

static txng_err master_find(struct txng_log *log, txng_gs1_kind kind, const char *id, bool imported,
                            uint64_t *index, json_t **event, bool *found);

txng_err
txng_index_master(struct txng_log *log, txng_gs1_kind kind, const char *id, uint64_t *index,
                  json_t **event, bool *found)
{
    return master_find(log, kind, id, false, index, event, found);
}

txng_err
txng_index_master_any(struct txng_log *log, txng_gs1_kind kind, const char *id, uint64_t *index,
                      json_t **event, bool *found)
{
    txng_err err = master_find(log, kind, id, false, index, event, found);

    if (err == TXNG_OK && !*found)
        err = master_find(log, kind, id, true, index, event, found);
    return err;
}

/*
 * The newest master record of @p id among this log's own records, or with
 * @p imported among those that txng:Imported records carry (its event is
 * then the upstream event).
 */
static txng_err
master_find(struct txng_log *log, txng_gs1_kind kind, const char *id, bool imported,
            uint64_t *index, json_t **event, bool *found)
{
    char            code[TXNG_GS1_URI_MAX];
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    int             k;
    txng_err        err;

    if (event != NULL)
        *event = NULL;
    if (found != NULL)
        *found = false;
    if (log == NULL || id == NULL || index == NULL || event == NULL || found == NULL)
        return TXNG_EINVAL;
    if (txng_index_kind_letter(kind) == 0)
        return TXNG_EINVAL;
    if (!txng_index_id_code(id, strlen(id), &k, code, sizeof code))
        return TXNG_OK;
    if ((err = txng_index_find_name(log, kind, code, strlen(code), &hits, &n)) != TXNG_OK)
        return err;
    for (size_t i = n; i-- > 0 && !*found && err == TXNG_OK;) {
        char        *bytes = NULL;
        size_t       len;
        txng_record  *rec = NULL;
        const json_t *ev;
        const char   *rid;

        if (hits[i].role != TXNG_ROLE_CODE)
            continue;
        err = txng_log_get(log, hits[i].index, &bytes, &len);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, len, NULL);
        free(bytes);
        ev  = rec != NULL ? txng_index_unwrap(rec->event, NULL) : NULL;
        rid = ev != NULL && (ev != rec->event) == imported
                  ? json_string_value(json_object_get(ev, "id"))
                  : NULL;
        if (err == TXNG_OK && rid != NULL && strcmp(rid, id) == 0) {
            *found = true;
            *index = hits[i].index;
            if ((*event = json_deep_copy(ev)) == NULL)
                err = TXNG_ENOMEM;
        }
        txng_record_free(rec);
    }
    free(hits);
    return err;
}

txng_err
txng_index_find(struct txng_log *log, const char *id, size_t len, unsigned char role,
                txng_index_hit **hits, size_t *n)
{
    if (hits != NULL)
        *hits = NULL;
    if (n != NULL)
        *n = 0;
    if (log == NULL || id == NULL || hits == NULL || n == NULL)
        return TXNG_EINVAL;
    if (len == 0)
        return TXNG_OK;
    return find_hits(log, id, len, role, role, hits, n);
}

/* Record @p index of @p log, decoded; a record `ids` names must be there. */
static txng_err
load_record(struct txng_log *log, uint64_t index, txng_record **rec)
{
    char    *bytes = NULL;
    size_t   len   = 0;
    txng_err err   = txng_log_get(log, index, &bytes, &len);

    *rec = NULL;
    if (err == TXNG_OK && (err = txng_record_decode(rec, bytes, len, NULL)) == TXNG_EFORMAT)
        err = TXNG_ECORRUPT;
    free(bytes);
    return err;
}

bool
txng_index_correction_number(const json_t *event, uint64_t index, uint64_t *number,
                             uint64_t *import)
{
    const json_t *up = NULL, *back = json_object_get(event, "import");

    *number = index;
    *import = UINT64_MAX;
    (void) txng_index_unwrap(event, &up);
    if (up == NULL)
        return false;
    if (json_is_integer(json_object_get(up, "index")))
        *number = (uint64_t) json_integer_value(json_object_get(up, "index"));
    if (json_is_integer(back) && json_integer_value(back) >= 1 &&
        (uint64_t) json_integer_value(back) <= index)
        *import = index - (uint64_t) json_integer_value(back);
    return true;
}

/*
 * Of record @p rec: the number corrections name it by in the log it was
 * made in (*@p number), and for a txng:Imported record the origin of the
 * txng:Import it names (*@p origin, malloc'd; "" when it names none), NULL
 * for a record of this log.
 */
static txng_err
correction_name(struct txng_log *log, const txng_record *rec, uint64_t *number, char **origin)
{
    const json_t *o   = NULL;
    txng_record  *imp = NULL;
    uint64_t      at;
    txng_err      err = TXNG_OK;

    *origin = NULL;
    if (!txng_index_correction_number(rec->event, rec->index, number, &at))
        return TXNG_OK;
    if (at != UINT64_MAX && (err = load_record(log, at, &imp)) == TXNG_OK) {
        const char *type = json_string_value(json_object_get(imp->event, "type"));

        if (type != NULL && strcmp(type, "txng:Import") == 0)
            o = json_object_get(imp->event, "origin");
    }
    if (err == TXNG_ENOTFOUND)
        err = TXNG_ECORRUPT;
    if (err == TXNG_OK && (*origin = strdup(json_is_string(o) ? json_string_value(o) : "")) == NULL)
        err = TXNG_ENOMEM;
    txng_record_free(imp);
    return err;
}

/* txng_index_corrected_by() of record @p index, read already into @p rec. */
static txng_err
corrected_by(struct txng_log *log, uint64_t index, const txng_record *rec, uint64_t **by,
             size_t *n)
{
    char            key[24], *origin = NULL;
    txng_index_hit *hits = NULL;
    size_t          nh   = 0;
    uint64_t        number;
    txng_err        err;

    *by = NULL;
    *n  = 0;
    if ((err = correction_name(log, rec, &number, &origin)) != TXNG_OK)
        goto out;
    snprintf(key, sizeof key, "#%" PRIu64, number);
    if ((err = txng_index_find(log, key, strlen(key), TXNG_ROLE_CORRECTS, &hits, &nh)) != TXNG_OK)
        goto out;
    if (nh > 0 && (*by = malloc(nh * sizeof **by)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    for (size_t i = 0; err == TXNG_OK && i < nh; i++) {
        txng_record *c        = NULL;
        char        *c_origin = NULL;
        uint64_t     c_number;

        if (hits[i].index == index || (*n > 0 && (*by)[*n - 1] == hits[i].index))
            continue;
        if ((err = load_record(log, hits[i].index, &c)) == TXNG_ENOTFOUND)
            err = TXNG_ECORRUPT;
        if (err == TXNG_OK && (err = correction_name(log, c, &c_number, &c_origin)) == TXNG_OK &&
            c_number > number &&
            (origin == NULL ? c_origin == NULL
                            : c_origin != NULL && *origin != '\0' && strcmp(origin, c_origin) == 0))
            (*by)[(*n)++] = hits[i].index;
        free(c_origin);
        txng_record_free(c);
    }
out:
    if (err != TXNG_OK) {
        free(*by);
        *by = NULL;
        *n  = 0;
    }
    free(hits);
    free(origin);
    return err;
}

/* Read record @p index into *@p rec and find what corrects it (txng_index_corrected_by()). */
static txng_err
read_corrected_by(struct txng_log *log, uint64_t index, txng_record **rec, uint64_t **by,
                  size_t *n)
{
    txng_err err;

    *rec = NULL;
    if (by != NULL)
        *by = NULL;
    if (n != NULL)
        *n = 0;
    if (log == NULL || by == NULL || n == NULL)
        return TXNG_EINVAL;
    if ((err = load_record(log, index, rec)) == TXNG_OK)
        err = corrected_by(log, index, *rec, by, n);
    return err;
}

txng_err
txng_index_corrected_by(struct txng_log *log, uint64_t index, uint64_t **by, size_t *n)
{
    txng_record *rec;
    txng_err     err = read_corrected_by(log, index, &rec, by, n);

    txng_record_free(rec);
    return err;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return (x > y) - (x < y);
}

txng_err
txng_index_declared_wrong(struct txng_log *log, uint64_t index, const json_t *ev, uint64_t **by,
                          size_t *n)
{
    const json_t   *id;
    txng_record    *rec;
    txng_index_hit *hits = NULL;
    size_t          nh   = 0, m;
    uint64_t       *v;
    txng_err        err = read_corrected_by(log, index, &rec, by, n);

    if (err == TXNG_EINVAL)
        return err;
    if (ev == NULL && rec != NULL)
        ev = txng_index_unwrap(rec->event, NULL);
    id = json_object_get(ev, "eventID");
    if (err != TXNG_OK || !json_is_string(id) || json_object_get(ev, "errorDeclaration") != NULL) {
        txng_record_free(rec);
        return err;
    }
    err = txng_index_find(log, json_string_value(id), json_string_length(id), TXNG_ROLE_CORRECTS,
                          &hits, &nh);
    if (err == TXNG_OK && nh > 0) {
        if ((v = realloc(*by, (*n + nh) * sizeof *v)) == NULL) {
            err = TXNG_ENOMEM;
        } else {
            *by = v;
            for (size_t i = 0; i < nh; i++)
                if (hits[i].index != index)
                    v[(*n)++] = hits[i].index;
            qsort(v, *n, sizeof *v, cmp_u64);
            m = 0;
            for (size_t i = 0; i < *n; i++)
                if (m == 0 || v[m - 1] != v[i])
                    v[m++] = v[i];
            *n = m;
        }
    }
    free(hits);
    txng_record_free(rec);
    if (err != TXNG_OK) {
        free(*by);
        *by = NULL;
        *n  = 0;
    }
    return err;
}

txng_err
txng_index_replacement(struct txng_log *log, uint64_t index, uint64_t *by, bool *found)
{
    char            text[TXNG_INDEX_IMPORTED_TEXT], *origin = NULL;
    txng_record    *rec  = NULL;
    txng_index_hit *hits = NULL;
    size_t          nh   = 0;
    const json_t   *up   = NULL, *ev, *m;
    uint64_t        number;
    txng_err        err;

    if (found != NULL)
        *found = false;
    if (log == NULL || by == NULL || found == NULL)
        return TXNG_EINVAL;
    if ((err = load_record(log, index, &rec)) != TXNG_OK)
        return err;
    ev = txng_index_unwrap(rec->event, &up);
    m  = json_object_get(ev, "txng:replacedBy");
    if (!json_is_integer(m) || json_integer_value(m) < 1) {
        /* an EPCIS error declaration: the first of its correctiveEventIDs */
        const json_t *id = json_array_get(
            json_object_get(json_object_get(ev, "errorDeclaration"), "correctiveEventIDs"), 0);

        if (json_is_string(id))
            err = txng_index_find(log, json_string_value(id), json_string_length(id),
                                  TXNG_ROLE_EVENTID, &hits, &nh);
        /* long keys are hashed: the record led to must hold the eventID */
        for (size_t i = 0; err == TXNG_OK && i < nh && !*found; i++) {
            txng_record *r = NULL;

            if ((err = load_record(log, hits[i].index, &r)) == TXNG_ENOTFOUND)
                err = TXNG_ECORRUPT;
            if (err == TXNG_OK &&
                json_equal(json_object_get(txng_index_unwrap(r->event, NULL), "eventID"), id)) {
                *by    = hits[i].index;
                *found = true;
            }
            txng_record_free(r);
        }
        goto out;
    }
    number = (uint64_t) json_integer_value(m);
    if (up == NULL) {
        *by    = number;
        *found = number < index;
        goto out;
    }
    if ((err = correction_name(log, rec, &number, &origin)) != TXNG_OK ||
        (err = txng_index_find(log, text,
                               txng_index_imported_text(text, (uint64_t) json_integer_value(m)),
                               TXNG_ROLE_IMPORTED, &hits, &nh)) != TXNG_OK)
        goto out;
    for (size_t i = 0; err == TXNG_OK && i < nh && !*found; i++) {
        txng_record *r        = NULL;
        char        *r_origin = NULL;
        uint64_t     r_number;

        if ((err = load_record(log, hits[i].index, &r)) == TXNG_ENOTFOUND)
            err = TXNG_ECORRUPT;
        if (err == TXNG_OK && (err = correction_name(log, r, &r_number, &r_origin)) == TXNG_OK &&
            r_origin != NULL && *origin != '\0' && strcmp(origin, r_origin) == 0) {
            *by    = hits[i].index;
            *found = true;
        }
        free(r_origin);
        txng_record_free(r);
    }
out:
    free(hits);
    free(origin);
    txng_record_free(rec);
    return err;
}

void
txng_index_names_free(txng_index_names *names)
{
    if (names == NULL)
        return;
    free(names->v);
    free(names->text);
    memset(names, 0, sizeof *names);
}

/* Append @p len bytes and a NUL to the growing buffer @p *buf. */
static bool
text_add(char **buf, size_t *used, size_t *cap, const void *p, size_t len)
{
    if (*used + len + 1 > *cap) {
        size_t c = *cap ? *cap : 1024;
        char  *b;

        while (c < *used + len + 1)
            c *= 2;
        if ((b = realloc(*buf, c)) == NULL)
            return false;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *used, p, len);
    (*buf)[*used + len] = '\0';
    *used += len + 1;
    return true;
}

txng_err
txng_index_names_of(struct txng_log *log, txng_gs1_kind kind, txng_index_names *out)
{
    char              letter = txng_index_kind_letter(kind);
    unsigned char     prefix[2];
    const txng_store *st;
    MDB_txn          *txn;
    MDB_cursor       *cur     = NULL;
    bool              reading = false;
    size_t           *offs    = NULL, used = 0, tcap = 0, cap = 0, last = 0, last_len = 0;
    MDB_val           k, v;
    txng_err          err;
    int               rc;

    if (out == NULL)
        return TXNG_EINVAL;
    txng_index_names_free(out);
    if (log == NULL || letter == 0)
        return TXNG_EINVAL;
    prefix[0] = TXNG_INDEX_NAME_TAG;
    prefix[1] = (unsigned char) letter;
    k         = (MDB_val){ sizeof prefix, prefix };
    err       = txng_log_read_begin(log, &st, &txn);
    if (err != TXNG_OK)
        goto out;
    reading = true;
    rc      = mdb_cursor_open(txn, st->ids, &cur);
    for (rc = rc != MDB_SUCCESS ? rc : mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
         rc == MDB_SUCCESS && k.mv_size >= 2 && memcmp(k.mv_data, prefix, 2) == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        unsigned char role;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES) {
            err = TXNG_ECORRUPT;
            goto out;
        }
        role = ((const unsigned char *) v.mv_data)[8];
        if (role != TXNG_ROLE_NAME && role != TXNG_ROLE_CODE)
            continue;
        if (out->n == cap) {
            size_t           c  = cap ? cap * 2 : 64;
            txng_index_name *p  = realloc(out->v, c * sizeof *p);
            size_t          *po = p != NULL ? realloc(offs, c * sizeof *po) : NULL;

            if (p != NULL)
                out->v = p;
            if (po == NULL) {
                err = TXNG_ENOMEM;
                goto out;
            }
            offs = po;
            cap  = c;
        }
        /* One copy of the text per key, shared by its records. */
        if (out->n == 0 || last_len != k.mv_size - 2 ||
            memcmp(out->text + last, (const char *) k.mv_data + 2, last_len) != 0) {
            last     = used;
            last_len = k.mv_size - 2;
            if (!text_add(&out->text, &used, &tcap, (const char *) k.mv_data + 2, k.mv_size - 2)) {
                err = TXNG_ENOMEM;
                goto out;
            }
        }
        offs[out->n]     = last;
        out->v[out->n++] = (txng_index_name){ NULL, txng_be64_load(v.mv_data), role };
    }
    err = rc == MDB_SUCCESS || rc == MDB_NOTFOUND ? TXNG_OK : txng_store_from_mdb(rc);
    for (size_t i = 0; err == TXNG_OK && i < out->n; i++)
        out->v[i].folded = out->text + offs[i];
out:
    mdb_cursor_close(cur);
    if (reading)
        txng_log_read_end(log);
    free(offs);
    if (err != TXNG_OK)
        txng_index_names_free(out);
    return err;
}
