/*
 * index.c - the identifiers an event names, and on which side of its lineage
 *
 * Extraction borrows the identifier strings from the event (jansson keeps
 * them until the event is freed); only the "#<index>" keys of txng:corrects
 * are made here, in a side buffer sized before the first pointer into it is
 * taken, since a realloc would move it. The list is sorted and
 * made unique because LMDB keeps one copy of a (key, value) pair, and
 * txng_log_verify() must expect exactly what the database holds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/index.h"
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
    return err;
}

void
txng_index_list_free(txng_index_list *list)
{
    if (list == NULL)
        return;
    free(list->v);
    free(list->num);
    memset(list, 0, sizeof *list);
}

txng_err
txng_index_extract(txng_index_list *list, const json_t *event)
{
    struct sides s;
    size_t       w = 0;
    txng_err     err;

    list->n     = 0;
    list->num_n = 0;
    if (!json_is_object(event))
        return TXNG_OK;
    err = extract(list, event);
    if (err != TXNG_OK) {
        list->n = list->num_n = 0;
        return err;
    }
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
    default:
        return "unknown";
    }
}
