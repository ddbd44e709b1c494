/*
 * cmd_record.c - txng record STEP, txng party|place|product|certificate
 * add|list: critical tracking events and master data from the step table
 *
 * The options of a step come from its key data elements (core/event.h), so
 * the command line is parsed with a getopt_long table built per step. Names
 * and plain codes of places, parties, products, certificates, lots and
 * cohorts are looked up through the name keys of the log's `ids` index
 * (core/index.h): only the records a key leads to are read, and what they
 * say is checked here as before (exact code or name, then folded name).
 * The index files a txng:Imported record under the keys of the record it
 * carries, so the master data of imported bundles is found the same way; it
 * is kept apart and looked up only when the log's own names do not answer.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/bundle.h"
#include "core/canon.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/media.h"
#include "core/record.h"
#include "core/rules.h"

/* ---- names of the log ---- */

/* A key and the names it leads to: more than one is ambiguous. */
struct cli_slot {
    char   *key;
    size_t  name; /* index into names of the first */
    size_t  n;    /* how many different names, all counted */
    size_t *more; /* the next CLI_CANDIDATES - 1 of them, once there are two; or NULL */
};

/* Name @p i (< CLI_CANDIDATES) of @p s, or SIZE_MAX when not kept. */
static size_t
slot_name(const struct cli_slot *s, size_t i)
{
    if (i == 0)
        return s->name;
    return i < s->n && i < CLI_CANDIDATES && s->more != NULL ? s->more[i - 1] : SIZE_MAX;
}

static uint64_t
hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char) *s) * 1099511628211u;
    return h;
}

static struct cli_slot *
slot_find(struct cli_resolver *r, const char *key)
{
    size_t i;

    if (r->nslots == 0)
        return NULL;
    for (i = (size_t) hash_str(key) & (r->nslots - 1); r->slots[i].key != NULL;
         i = (i + 1) & (r->nslots - 1))
        if (strcmp(r->slots[i].key, key) == 0)
            return &r->slots[i];
    return &r->slots[i];
}

static txng_err
slots_grow(struct cli_resolver *r)
{
    struct cli_slot *old = r->slots;
    size_t           n = r->nslots, cap = n == 0 ? 256 : n * 2;

    r->slots = calloc(cap, sizeof *r->slots);
    if (r->slots == NULL) {
        r->slots = old;
        return TXNG_ENOMEM;
    }
    r->nslots = cap;
    for (size_t i = 0; i < n; i++)
        if (old[i].key != NULL)
            *slot_find(r, old[i].key) = old[i];
    free(old);
    return TXNG_OK;
}

/* Map @p key (kind and text) to name @p name too; a key of two names is ambiguous. */
static txng_err
slot_put(struct cli_resolver *r, const char *kind, const char *text, size_t name)
{
    struct cli_slot *s;
    size_t           len = strlen(kind) + strlen(text) + 2;
    char            *key;

    if ((r->used + 1) * 2 > r->nslots && slots_grow(r) != TXNG_OK)
        return TXNG_ENOMEM;
    key = malloc(len);
    if (key == NULL)
        return TXNG_ENOMEM;
    snprintf(key, len, "%s|%s", kind, text);
    s = slot_find(r, key);
    if (s->key != NULL) {
        free(key);
        for (size_t i = 0; i < s->n && i < CLI_CANDIDATES; i++)
            if (slot_name(s, i) == name)
                return TXNG_OK;
        /* Kept for the message only: past CLI_CANDIDATES names, or out of memory, a
         * repeat is counted again, and the key is still ambiguous. */
        if (s->n == 1)
            s->more = malloc((CLI_CANDIDATES - 1) * sizeof *s->more);
        if (s->more != NULL && s->n < CLI_CANDIDATES)
            s->more[s->n - 1] = name;
        s->n++;
        return TXNG_OK;
    }
    s->key  = key;
    s->name = name;
    s->n    = 1;
    s->more = NULL;
    r->used++;
    return TXNG_OK;
}

static struct cli_slot *
slot_get(struct cli_resolver *r, const char *kind, const char *text)
{
    char             key[1024];
    struct cli_slot *s;

    if ((size_t) snprintf(key, sizeof key, "%s|%s", kind, text) >= sizeof key)
        return NULL;
    s = slot_find(r, key);
    return s != NULL && s->key != NULL ? s : NULL;
}

static txng_err
set_str(char **dst, const char *src)
{
    char *copy;

    if (src == NULL || (*dst != NULL && strcmp(*dst, src) == 0))
        return TXNG_OK;
    copy = strdup(src);
    if (copy == NULL)
        return TXNG_ENOMEM;
    free(*dst);
    *dst = copy;
    return TXNG_OK;
}

/*
 * Learn identifier @p id of @p kind, with its name and code (either may be
 * NULL), as record @p index names it; @p imported: a record of another log
 * kept in a txng:Imported record. The names and codes of imported records
 * have keys of their own ("i<kind>", "if<kind>"), looked up after the log's
 * own; an identifier both name keeps the name its own records give.
 */
static txng_err
learn_id(struct cli_resolver *r, int kind, const char *id, const char *name, const char *code,
         uint64_t index, bool imported)
{
    struct cli_slot *s = slot_get(r, "id", id);
    struct cli_name *e;
    size_t           at;
    char             k[8];
    bool             take = true;
    txng_err         err;

    if (s != NULL) {
        at = s->name;
        e  = &r->names[at];
        /* Records are read on demand, not in order: the newest one names it. */
        if (index < e->first)
            e->first = index;
        if (index > e->index)
            e->index = index;
        if (imported != e->imported)
            take = !imported;
        else
            take = index >= e->named;
        if (take) {
            e->named    = index;
            e->imported = imported;
        }
    } else {
        if (r->n == r->cap) {
            size_t           cap   = r->cap == 0 ? 64 : r->cap * 2;
            struct cli_name *grown = realloc(r->names, cap * sizeof *grown);

            if (grown == NULL)
                return TXNG_ENOMEM;
            r->names = grown;
            r->cap   = cap;
        }
        at = r->n;
        e  = &r->names[at];
        memset(e, 0, sizeof *e);
        e->kind     = kind;
        e->first    = index;
        e->index    = index;
        e->named    = index;
        e->imported = imported;
        if ((e->id = strdup(id)) == NULL)
            return TXNG_ENOMEM;
        r->n++;
        if ((err = slot_put(r, "id", id, at)) != TXNG_OK)
            return err;
    }
    e = &r->names[at];
    r->any_imported = r->any_imported || imported;
    if (take &&
        ((err = set_str(&e->name, name)) != TXNG_OK || (err = set_str(&e->code, code)) != TXNG_OK))
        return err;
    snprintf(k, sizeof k, "%s%d", imported ? "i" : "", kind);
    if (code != NULL && (err = slot_put(r, k, code, at)) != TXNG_OK)
        return err;
    if (name != NULL && (err = slot_put(r, k, name, at)) != TXNG_OK)
        return err;
    err = TXNG_OK;
    if (name != NULL) {
        char *f = cli_fold(name);

        snprintf(k, sizeof k, "%sf%d", imported ? "i" : "", kind);
        err = f == NULL ? TXNG_ENOMEM : *f != '\0' ? slot_put(r, k, f, at) : TXNG_OK;
        free(f);
    }
    return err;
}

/* The plain code of an identifier: a urn:txng code, a lot (kind LOT), or GS1 key digits. */
static bool
id_code(const char *id, int *kind, char *code, size_t cap)
{
    return txng_index_id_code(id, strlen(id), kind, code, cap);
}

/* Learn a lot or cohort identifier named by an EPCIS event. */
static txng_err
learn_thing(struct cli_resolver *r, const char *id, uint64_t index)
{
    char code[TXNG_GS1_URI_MAX];
    int  kind;

    if (id == NULL || !id_code(id, &kind, code, sizeof code))
        return TXNG_OK;
    if (kind != TXNG_GS1_KIND_LOT && kind != TXNG_GS1_KIND_COHORT)
        return TXNG_OK;
    return learn_id(r, kind, id, NULL, code, index, false);
}

txng_err
cli_names_learn(struct cli_resolver *r, const json_t *event, uint64_t index)
{
    static const struct {
        const char *type, *name;
        int         kind;
    } masters[] = {
        { "txng:Party", "name", TXNG_GS1_KIND_PARTY },
        { "txng:Place", "name", TXNG_GS1_KIND_PLACE },
        { "txng:Product", "name", TXNG_GS1_KIND_PRODUCT },
        { "txng:Certificate", "number", TXNG_GS1_KIND_CERTIFICATE },
    };
    static const char *const epcs[] = { "epcList", "inputEPCList", "outputEPCList", "childEPCs" };
    static const char *const qtys[] = { "quantityList", "inputQuantityList", "outputQuantityList",
                                        "childQuantityList" };
    const char              *type   = json_string_value(json_object_get(event, "type"));
    const char              *id, *name;
    char                     code[TXNG_GS1_URI_MAX];
    int                      kind;
    bool                     imported = false;
    txng_err                 err      = TXNG_OK;
    size_t                   i;
    json_t                  *v;

    /* The record another log kept, imported from a bundle (core/bundle.h), as the
     * index files it (core/index.h): imports of imports are unwrapped too. */
    for (int depth = 0; depth < 8 && type != NULL && strcmp(type, TXNG_TYPE_IMPORTED) == 0;
         depth++) {
        const json_t *inner = json_object_get(json_object_get(event, "record"), "event");

        if (!json_is_object(inner))
            return TXNG_OK;
        event    = inner;
        type     = json_string_value(json_object_get(event, "type"));
        imported = true;
    }
    if (type == NULL)
        return TXNG_OK;
    for (size_t m = 0; m < sizeof masters / sizeof masters[0]; m++) {
        if (strcmp(type, masters[m].type) != 0)
            continue;
        id   = json_string_value(json_object_get(event, "id"));
        name = json_string_value(json_object_get(event, masters[m].name));
        if (id == NULL)
            return TXNG_OK;
        return learn_id(r, masters[m].kind, id, name,
                        id_code(id, &kind, code, sizeof code) ? code : NULL, index, imported);
    }
    /* Lots and cohorts of other logs are not taken for plain codes of this one. */
    if (imported)
        return TXNG_OK;
    for (size_t l = 0; l < sizeof epcs / sizeof epcs[0] && err == TXNG_OK; l++)
        json_array_foreach(json_object_get(event, epcs[l]), i, v)
        {
            if ((err = learn_thing(r, json_string_value(v), index)) != TXNG_OK)
                break;
        }
    for (size_t l = 0; l < sizeof qtys / sizeof qtys[0] && err == TXNG_OK; l++)
        json_array_foreach(json_object_get(event, qtys[l]), i, v)
        {
            if ((err = learn_thing(r, json_string_value(json_object_get(v, "epcClass")), index)) !=
                TXNG_OK)
                break;
        }
    return err;
}

/* Read record @p index and learn what it names, once. */
static txng_err
load_record(struct cli_resolver *r, uint64_t index, txng_diag *diag)
{
    char         key[32], *bytes = NULL;
    size_t       len;
    txng_record *rec = NULL;
    txng_err     err;

    snprintf(key, sizeof key, "%" PRIu64, index);
    if (slot_get(r, "r", key) != NULL)
        return TXNG_OK;
    err = txng_log_get(r->log, index, &bytes, &len);
    if (err == TXNG_OK)
        err = txng_record_decode(&rec, bytes, len, diag);
    if (err == TXNG_OK)
        err = cli_names_learn(r, rec->event, index);
    if (err == TXNG_OK)
        err = slot_put(r, "r", key, 0);
    if (err != TXNG_OK && diag != NULL) {
        diag->has_index = true;
        diag->index     = index;
    }
    txng_record_free(rec);
    free(bytes);
    return err;
}

static int
hit_cmp(const void *a, const void *b)
{
    const txng_index_hit *x = a, *y = b;

    return (x->index > y->index) - (x->index < y->index);
}

/* Read, in record order, the @p n records of @p hits (sorted here). */
static txng_err
load_hits(struct cli_resolver *r, txng_index_hit *hits, size_t n, txng_diag *diag)
{
    txng_err err = TXNG_OK;

    if (n > 1)
        qsort(hits, n, sizeof *hits, hit_cmp);
    for (size_t i = 0; i < n && err == TXNG_OK; i++)
        if (i == 0 || hits[i].index != hits[i - 1].index)
            err = load_record(r, hits[i].index, diag);
    return err;
}

/* Read the records whose name key of @p kind is that of @p text, once per key. */
static txng_err
names_fetch(struct cli_resolver *r, int kind, const char *text, txng_diag *diag)
{
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    char            k[8];
    txng_err        err;

    if (txng_index_kind_letter((txng_gs1_kind) kind) == 0 || *text == '\0')
        return TXNG_OK;
    snprintf(k, sizeof k, "q%d", kind);
    if (slot_get(r, k, text) != NULL)
        return TXNG_OK;
    err = txng_index_find_name(r->log, (txng_gs1_kind) kind, text, strlen(text), &hits, &n);
    if (err == TXNG_EFORMAT) /* not UTF-8: no name has it */
        err = TXNG_OK;
    if (err == TXNG_OK)
        err = load_hits(r, hits, n, diag);
    if (err == TXNG_OK)
        err = slot_put(r, k, text, 0);
    free(hits);
    return err;
}

/* The words of folded name @p want ('-' between words), and how many of them @p cand has. */
static size_t
words_shared(const char *want, const char *cand, size_t *nwords)
{
    size_t shared = 0;

    *nwords = 0;
    for (const char *w = want; *w != '\0';) {
        size_t wl = strcspn(w, "-");

        for (const char *c = cand; wl > 0 && *c != '\0';) {
            size_t cl = strcspn(c, "-");

            if (cl == wl && memcmp(c, w, wl) == 0) {
                shared++;
                break;
            }
            c += cl + (c[cl] == '-');
        }
        *nwords += wl > 0;
        w += wl + (w[wl] == '-');
    }
    return shared;
}

/*
 * How far the folded name @p cand is from the folded text @p want, for
 * ranking: the words of @p want it lacks first, then the edit distance.
 * SIZE_MAX when it is not near: near is within @p limit edits, containing
 * @p want, or having at least half of its words and at least @p best of them
 * (the most any name has: "Vuon 3" is not near "Vườn 4, tiểu khu 12" when
 * "Vườn 3, tiểu khu 12" is there). "HTX Tu Mo Rong" is near "HTX Sâm Ngọc
 * Linh Tu Mơ Rông", 15 edits away.
 */
static size_t
name_rank(const char *want, const char *cand, size_t limit, size_t best)
{
    size_t nwords, shared = words_shared(want, cand, &nwords), d = cli_distance(want, cand);

    if (*want != '\0' && strstr(cand, want) != NULL && d > limit)
        d = limit;
    if (d > limit && (shared == 0 || 2 * shared < nwords || shared < best))
        return SIZE_MAX;
    return (nwords - shared) * 1024 + (d < 1023 ? d : 1023);
}

/* Whether name @p i of @p r is of the kind of its unknown name. */
static bool
of_kind(const struct cli_resolver *r, size_t i)
{
    return (r->names[i].kind == r->unknown_kind || r->unknown_kind == TXNG_KDE_KIND_ANY) &&
           r->names[i].name != NULL;
}

/* Text @p w of @p n folded (cli_fold()), malloc'd: 0 its name, 1 a certificate's code (a
 * certificate is named by its code as often as by its number); NULL when there is none. */
static char *
name_folded(const struct cli_name *n, int w)
{
    const char *text = w == 0 ? n->name
                       : n->kind == TXNG_GS1_KIND_CERTIFICATE ? n->code
                                                              : NULL;

    return text != NULL ? cli_fold(text) : NULL;
}

/* The most words of @p want that a name of @p r of its kind has, among those that have at
 * least half of them: name_rank()'s @p best. */
static size_t
most_words(const struct cli_resolver *r, const char *want)
{
    size_t best = 0;

    for (size_t i = 0; i < r->n; i++) {
        for (int w = 0; of_kind(r, i) && w < 2; w++) {
            char  *cand = name_folded(&r->names[i], w);
            size_t nwords, shared;

            if (cand == NULL)
                continue;
            shared = words_shared(want, cand, &nwords);
            free(cand);
            if (2 * shared >= nwords && shared > best)
                best = shared;
        }
    }
    return best;
}

/*
 * Read the records of every name key of @p kind: all of them, or (@p want
 * not NULL) those whose folded name is near @p want (name_rank()), and
 * those that fold to nothing (kept as they are).
 */
static txng_err
names_load_kind(struct cli_resolver *r, int kind, const char *want, size_t limit)
{
    txng_index_names names = { 0 };
    txng_index_hit  *hits  = NULL;
    size_t           n     = 0;
    txng_err         err;

    if (txng_index_kind_letter((txng_gs1_kind) kind) == 0)
        return TXNG_OK;
    err = txng_index_names_of(r->log, (txng_gs1_kind) kind, &names);
    if (err == TXNG_OK && names.n > 0 && (hits = malloc(names.n * sizeof *hits)) == NULL)
        err = TXNG_ENOMEM;
    for (size_t i = 0; err == TXNG_OK && i < names.n; i++) {
        const char *f = names.v[i].folded;

        if (want != NULL) {
            bool raw = false;

            for (const char *p = f; *p != '\0'; p++)
                raw = raw || (unsigned char) *p >= 0x80;
            /* certificates are named by their code as often as by their number */
            if ((names.v[i].role != TXNG_ROLE_NAME &&
                 (names.v[i].role != TXNG_ROLE_CODE || kind != TXNG_GS1_KIND_CERTIFICATE)) ||
                (!raw && name_rank(want, f, limit, 0) == SIZE_MAX))
                continue;
        }
        hits[n++] = (txng_index_hit){ names.v[i].index, names.v[i].role };
    }
    if (err == TXNG_OK)
        err = load_hits(r, hits, n, NULL);
    free(hits);
    txng_index_names_free(&names);
    return err;
}

void
cli_resolver_free(struct cli_resolver *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->names[i].id);
        free(r->names[i].name);
        free(r->names[i].code);
    }
    free(r->names);
    for (size_t i = 0; i < r->nslots; i++) {
        free(r->slots[i].key);
        free(r->slots[i].more);
    }
    free(r->slots);
    memset(r, 0, sizeof *r);
}

char *
cli_fold(const char *text)
{
    char *out = NULL;

    return txng_index_fold(&out, text, strlen(text)) == TXNG_OK ? out : NULL;
}

size_t
cli_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[257], prev, tmp;

    if (la > 256 || lb > 256)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        prev   = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev + (a[i - 1] != b[j - 1]);

            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            tmp    = row[j];
            row[j] = best;
            prev   = tmp;
        }
    }
    return row[lb];
}

void
cli_nearest_offer(struct cli_nearest *near, size_t at, size_t d)
{
    if (near->n < 3) {
        near->at[near->n]   = at;
        near->dist[near->n] = d;
        near->n++;
    } else if (d < near->dist[2]) {
        near->at[2]   = at;
        near->dist[2] = d;
    } else {
        return;
    }
    for (size_t j = near->n - 1; j > 0 && near->dist[j] < near->dist[j - 1]; j--) {
        size_t ta = near->at[j], td = near->dist[j];

        near->at[j]       = near->at[j - 1];
        near->dist[j]     = near->dist[j - 1];
        near->at[j - 1]   = ta;
        near->dist[j - 1] = td;
    }
}

static const char *
kind_word(int kind)
{
    switch (kind) {
    case TXNG_GS1_KIND_PLACE:
        return _("place");
    case TXNG_GS1_KIND_PARTY:
        return _("party");
    case TXNG_GS1_KIND_CERTIFICATE:
        return _("certificate");
    default:
        return _("name");
    }
}

/* What to suggest for @p e: its name, or for a certificate its code (--certificate takes both). */
static const char *
suggestion(const struct cli_name *e)
{
    return e->kind == TXNG_GS1_KIND_CERTIFICATE && e->code != NULL ? e->code : e->name;
}

/* The command that adds master data of @p kind (place, party or certificate). */
static const char *
kind_command(int kind)
{
    switch (kind) {
    case TXNG_GS1_KIND_PLACE:
        return "place";
    case TXNG_GS1_KIND_CERTIFICATE:
        return "certificate";
    default:
        return "party";
    }
}

/* Names in the order the log first named them (pending ones last, in build order). */
struct order {
    uint64_t first;
    size_t   at;
};

static int
order_cmp(const void *a, const void *b)
{
    const struct order *x = a, *y = b;

    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

void
cli_build_report(const char *where, const char *field, txng_err err, const txng_diag *diag,
                 struct cli_resolver *r)
{
    char        opt[128] = "";
    const char *f        = field != NULL ? field : diag != NULL ? diag->field : "";

    if (f != NULL && *f != '\0')
        snprintf(opt, sizeof opt, "%s%s: ", field != NULL ? "" : "--", f);
    if (r != NULL && r->unknown[0] != '\0' && r->ncand > 1) {
        char   list[1200] = "";
        size_t n          = 0;

        for (size_t j = 0; j < r->ncand && n < sizeof list; j++)
            n += (size_t) snprintf(list + n, sizeof list - n, "%s%s", j > 0 ? ", " : "",
                                   r->names[r->cand[j]].id);
        if (r->cand_more && n < sizeof list)
            snprintf(list + n, sizeof list - n, ", ...");
        if (r->cand_imported)
            cli_error(where,
                      _("%s\"%s\" names more than one identifier in imported master data: %s; "
                        "give one of them"),
                      opt, r->unknown, list);
        else
            cli_error(where, _("%s\"%s\" names more than one identifier: %s; give one of them"),
                      opt, r->unknown, list);
        r->unknown[0] = '\0';
        r->ncand      = 0;
        return;
    }
    if (r != NULL && r->unknown[0] != '\0') {
        /* Up to three near names (name_rank(): 3 edits, or a third of the name; containing
         * it; most of its words), those with most of its words first. */
        char              *want = cli_fold(r->unknown), *cand;
        struct cli_nearest near = { 0 };
        size_t             d, limit, best;
        char               list[1024] = "";
        size_t             n          = 0;
        const char        *kind       = kind_word(r->unknown_kind);
        struct order      *order      = NULL;

        limit = want != NULL && strlen(want) / 3 > 3 ? strlen(want) / 3 : 3;
        /* The candidates' records, read now; then every known name in log order. */
        for (int k = 0; want != NULL && k < TXNG_GS1_NKINDS; k++)
            if ((k == r->unknown_kind || r->unknown_kind == TXNG_KDE_KIND_ANY) &&
                names_load_kind(r, k, want, limit) != TXNG_OK)
                break; /* suggest from what could be read */
        if (want != NULL && (order = malloc((r->n ? r->n : 1) * sizeof *order)) != NULL) {
            for (size_t i = 0; i < r->n; i++)
                order[i] = (struct order){ r->names[i].first, i };
            if (r->n > 1)
                qsort(order, r->n, sizeof *order, order_cmp);
        }
        best = want != NULL ? most_words(r, want) : 0;
        for (size_t o = 0; order != NULL && o < r->n; o++) {
            size_t i = order[o].at;

            if (!of_kind(r, i))
                continue;
            d = SIZE_MAX;
            for (int w = 0; w < 2; w++) {
                size_t e;

                if ((cand = name_folded(&r->names[i], w)) == NULL)
                    continue;
                e = name_rank(want, cand, limit, best);
                free(cand);
                if (e < d)
                    d = e;
            }
            if (d == SIZE_MAX)
                continue;
            for (size_t j = 0; j < near.n; j++)
                if (strcmp(suggestion(&r->names[near.at[j]]), suggestion(&r->names[i])) == 0)
                    d = SIZE_MAX;
            if (d != SIZE_MAX)
                cli_nearest_offer(&near, i, d);
        }
        free(want);
        free(order);
        for (size_t j = 0; j < near.n && n < sizeof list; j++)
            n += (size_t) snprintf(list + n, sizeof list - n, "%s\"%s\"", j > 0 ? ", " : "",
                                   suggestion(&r->names[near.at[j]]));
        if (near.n > 0)
            cli_error(where, _("%sunknown %s \"%s\"; nearest: %s"), opt, kind, r->unknown, list);
        else if (r->unknown_kind == TXNG_KDE_KIND_ANY)
            cli_error(where, _("%sunknown name \"%s\": give an identifier"), opt, r->unknown);
        else
            cli_error(where, _("%sunknown %s \"%s\": add it with txng %s add"), opt, kind,
                      r->unknown, kind_command(r->unknown_kind));
        r->unknown[0] = '\0';
        return;
    }
    if (err == TXNG_EFORMAT && diag != NULL && diag->reason != NULL) {
        char because[1024];

        cli_error(where, "%s%s", opt, cli_why(because, sizeof because, diag));
    } else
        cli_report(where, err, diag);
}

txng_err
cli_resolve(void *ctx, int kind, const char *text, char *out, txng_diag *diag)
{
    struct cli_resolver *r = ctx;
    size_t               cand[CLI_CANDIDATES], nc = 0;
    bool                 from_imported = false;
    char                 k[8], *f = NULL;
    int                  from = kind, to = kind;

    r->unknown[0] = '\0';
    r->ncand      = 0;
    if (kind == r->own_kind && r->own_code != NULL && strcmp(text, r->own_code) == 0)
        return TXNG_ENOTFOUND;
    if (kind == TXNG_KDE_KIND_ANY) {
        from = 0;
        to   = TXNG_GS1_NKINDS - 1;
    }
    /* Every record whose name key is the text's: the exact code or name is among them. */
    for (int i = from; i <= to; i++) {
        txng_diag d = TXNG_DIAG_INIT;
        txng_err  err;

        if ((err = names_fetch(r, i, text, &d)) == TXNG_ENOMEM)
            return err;
        if (err != TXNG_OK) {
            txng_diag_set(diag, TXNG_N_("cannot read the names in the log"), NULL);
            return TXNG_ECORRUPT;
        }
    }
    /* The log's own names first, then those of imported records; in each, the code or
     * the exact name, then the folded name. The first of these that names anything wins. */
    for (int step = 0; step < (r->any_imported ? 4 : 2) && nc == 0; step++) {
        bool        imported = step >= 2, folded = step % 2 == 1;
        const char *key      = text;

        if (folded && f == NULL && (f = cli_fold(text)) == NULL)
            break; /* out of memory: as if not found */
        if (folded && *f == '\0')
            continue;
        if (folded)
            key = f;
        for (int i = from; i <= to; i++) {
            struct cli_slot *got;

            snprintf(k, sizeof k, "%s%s%d", imported ? "i" : "", folded ? "f" : "", i);
            if ((got = slot_get(r, k, key)) == NULL)
                continue;
            for (size_t g = 0; g < got->n; g++) {
                size_t at   = g < CLI_CANDIDATES ? slot_name(got, g) : SIZE_MAX;
                bool   seen = false;

                for (size_t c = 0; c < nc && c < CLI_CANDIDATES; c++)
                    seen = seen || cand[c] == at;
                if (seen)
                    continue;
                if (nc < CLI_CANDIDATES)
                    cand[nc] = at;
                nc++;
            }
        }
        from_imported = imported;
    }
    free(f);
    if (nc == 1) {
        snprintf(out, TXNG_GS1_URI_MAX, "%s", r->names[cand[0]].id);
        return TXNG_OK;
    }
    if (nc > 1) {
        /* the candidates, for cli_build_report() */
        r->ncand = 0;
        for (size_t c = 0; c < nc && c < CLI_CANDIDATES; c++)
            if (cand[c] != SIZE_MAX)
                r->cand[r->ncand++] = cand[c];
        r->cand_more     = nc > r->ncand;
        r->cand_imported = from_imported;
        snprintf(r->unknown, sizeof r->unknown, "%s", text);
        r->unknown_kind = kind;
        txng_diag_set(diag, TXNG_N_("names more than one identifier: give the identifier"), NULL);
        return TXNG_EFORMAT;
    }
    if (kind == TXNG_GS1_KIND_PLACE || kind == TXNG_GS1_KIND_PARTY ||
        kind == TXNG_GS1_KIND_CERTIFICATE || kind == TXNG_KDE_KIND_ANY) {
        r->unknown_kind = kind;
        snprintf(r->unknown, sizeof r->unknown, "%s", text);
        txng_diag_set(diag,
                      kind == TXNG_GS1_KIND_PLACE         ? TXNG_N_("unknown place")
                      : kind == TXNG_GS1_KIND_CERTIFICATE ? TXNG_N_("unknown certificate")
                                                          : TXNG_N_("unknown party"),
                      NULL);
        return TXNG_EFORMAT;
    }
    return TXNG_ENOTFOUND;
}

int
cli_bad_recorded(const struct command *cmd, const char *text)
{
    cli_error(cmd->name,
              _("--recorded: not a time: %s: give an RFC 3339 time such as "
                "2026-12-07T11:00+07:00, or seconds since 1970"),
              text);
    return EXIT_FAILED;
}

int64_t
cli_max_skew(void)
{
    const char *env = getenv("TXNG_MAX_SKEW");
    uint64_t    v;

    if (env == NULL || *env == '\0')
        return CLI_MAX_SKEW;
    if (!cli_parse_u64(env, &v) || v > (uint64_t) INT64_MAX / 2)
        return -1;
    return (int64_t) v;
}

int
cli_recorded_check(const struct command *cmd, const char *option, txng_log *log, int64_t t,
                   int64_t skew)
{
    char        *bytes = NULL, when[32], last[32];
    size_t       len;
    uint64_t     size;
    int64_t      newest;
    txng_record *rec  = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_err     err;
    int          status = EXIT_FAILED;

    txng_time_format(when, t);
    if (t > cli_now(false, 0) + skew)
        return cli_usage(cmd,
                         _("%s: %s is more than %" PRId64
                           " seconds after the clock: give a time that has passed"),
                         option, when, skew);
    err = txng_log_size(log, &size);
    if (err == TXNG_OK && size == 0)
        return EXIT_DONE;
    if (err == TXNG_OK)
        err = txng_log_get(log, size - 1, &bytes, &len);
    if (err == TXNG_OK)
        err = txng_record_decode(&rec, bytes, len, &diag);
    if (err != TXNG_OK) {
        diag.has_index = size > 0;
        diag.index     = size - 1;
        cli_report(cmd->name, err, &diag);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    if (!cli_parse_time(rec->recorded, &newest)) {
        cli_error(cmd->name, _("record %" PRIu64 ": recorded time %s cannot be read"), size - 1,
                  rec->recorded);
        goto out;
    }
    if (t < newest) {
        txng_time_format(last, newest);
        cli_error(cmd->name,
                  _("%s: %s is before record %" PRIu64 ", recorded %s: records are kept in "
                    "time order; give %s or later"),
                  option, when, size - 1, last, last);
        goto out;
    }
    status = EXIT_DONE;
out:
    txng_record_free(rec);
    free(bytes);
    return status;
}

/*
 * With r->once: which events the log holds (r->held), and the others to check (r->todo,
 * r->pos, r->ntodo). The log size is read first: a check made again when it grew finds
 * what another writer appended in between.
 */
static txng_err
rules_todo(struct cli_rules *r)
{
    txng_err err;

    if (r->held == NULL) {
        r->held = calloc(r->n ? r->n : 1, sizeof *r->held);
        r->todo = calloc(r->n ? r->n : 1, sizeof *r->todo);
        r->pos  = calloc(r->n ? r->n : 1, sizeof *r->pos);
        if (r->held == NULL || r->todo == NULL || r->pos == NULL)
            return TXNG_ENOMEM;
    }
    err = txng_log_holds(r->log, r->signer, (const json_t *const *) r->events, r->n, r->held);
    r->ntodo = 0;
    for (size_t i = 0; err == TXNG_OK && i < r->n; i++)
        if (r->held[i] == TXNG_LOG_NONE) {
            r->todo[r->ntodo] = r->events[i];
            r->pos[r->ntodo++] = i;
        }
    return err;
}

int
cli_rules_check(struct cli_rules *r)
{
    txng_diag       diag = TXNG_DIAG_INIT;
    json_t *const  *events = r->events;
    size_t          n      = r->n;
    txng_err        err;

    if (txng_log_size(r->log, &r->checked) != TXNG_OK)
        r->checked = UINT64_MAX; /* no size: check again under the lock */
    if (r->once) {
        if ((err = rules_todo(r)) != TXNG_OK) {
            cli_report(r->dir, err, NULL);
            return cli_status(err);
        }
        events = r->todo;
        n      = r->ntodo;
    }
    err = txng_rules_check_state_as(r->log, (const json_t *const *) events, n, r->signer, &diag);
    if (err == TXNG_OK)
        return EXIT_DONE;
    /* positions among the events checked, to those among r->events */
    if (r->once && diag.line > 0 && diag.line <= n)
        diag.line = r->pos[diag.line - 1] + 1;
    if (r->once && diag.has_index && r->checked != UINT64_MAX && diag.index >= r->checked &&
        diag.index - r->checked < n)
        diag.index = r->checked + r->pos[diag.index - r->checked];
    r->report(r->ctx, err, &diag, r->checked);
    if (err == TXNG_EFORMAT && r->missing_is_usage && txng_rules_missing(&diag))
        return EXIT_USAGE;
    return err == TXNG_EFORMAT ? EXIT_FAILED : cli_status(err);
}

int
cli_rules_lock(struct cli_rules *r)
{
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;
    uint64_t  size;
    int       status;

    if ((err = txng_log_lock(r->log, &diag)) != TXNG_OK) {
        cli_report(r->dir, err, &diag);
        return cli_status(err);
    }
    r->locked = true;
    if ((txng_log_size(r->log, &size) != TXNG_OK || size != r->checked) &&
        (status = cli_rules_check(r)) != EXIT_DONE)
        return status;
    /* first checked before any passphrase is asked; another writer may have appended since.
     * Nothing left to append (a retry that landed): no record, whatever its time. */
    if (r->have_time && !(r->once && r->ntodo == 0))
        return cli_recorded_check(r->cmd, r->option != NULL ? r->option : "--recorded", r->log,
                                  r->t, r->skew);
    return EXIT_DONE;
}

void
cli_rules_unlock(struct cli_rules *r)
{
    if (r->locked)
        txng_log_unlock(r->log);
    r->locked = false;
}

void
cli_rules_free(struct cli_rules *r)
{
    cli_rules_unlock(r);
    free(r->held);
    free(r->todo);
    free(r->pos);
    r->held = NULL;
    r->todo = NULL;
    r->pos  = NULL;
}

static int
u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

    return x < y ? -1 : x > y;
}

bool
cli_index_repeats(const uint64_t *at, size_t n)
{
    uint64_t *v     = malloc((n ? n : 1) * sizeof *v);
    bool      twice = v == NULL; /* not known: the append tells */

    if (v != NULL) {
        memcpy(v, at, n * sizeof *v);
        qsort(v, n, sizeof *v, u64_cmp);
        for (size_t i = 1; i < n && !twice; i++)
            twice = v[i] == v[i - 1];
    }
    free(v);
    return twice;
}

size_t
cli_index_ranges(char *buf, size_t cap, const uint64_t *at, size_t n, uint64_t first)
{
    uint64_t *v = malloc((n ? n : 1) * sizeof *v);
    size_t    m = 0, len = 0, ranges = 0;

    buf[0] = '\0';
    for (size_t i = 0; v != NULL && i < n; i++)
        if (at[i] < first)
            v[m++] = at[i];
    if (v == NULL)
        return 0;
    qsort(v, m, sizeof *v, u64_cmp);
    for (size_t i = 0; i < m; ranges++) {
        size_t j = i;
        int    w;

        while (j + 1 < m && v[j + 1] <= v[j] + 1)
            j++;
        if (ranges == 6) {
            snprintf(buf + len, cap - len, ", ...");
            break;
        }
        if (v[j] == v[i])
            w = snprintf(buf + len, cap - len, "%s%" PRIu64, ranges ? ", " : "", v[i]);
        else
            w = snprintf(buf + len, cap - len, "%s%" PRIu64 "..%" PRIu64, ranges ? ", " : "",
                         v[i], v[j]);
        if (w < 0 || (size_t) w >= cap - len)
            break;
        len += (size_t) w;
        i = j + 1;
    }
    free(v);
    return m;
}

const char *
cli_rules_other(char *buf, size_t cap, const txng_diag *diag, uint64_t size, const size_t *lines,
                size_t n)
{
    buf[0] = '\0';
    if (!diag->has_index)
        return buf;
    if (size != UINT64_MAX && diag->index >= size && diag->index - size < n && lines != NULL)
        snprintf(buf, cap, _("line %zu"), lines[diag->index - size]);
    else
        snprintf(buf, cap, _("record %" PRIu64), diag->index);
    return buf;
}

void
cli_rules_print(const char *where, const char *field, txng_err err, txng_diag *diag,
                const char *other)
{
    char        opt[128] = "";
    const char *f        = field != NULL ? field : diag->field;

    diag->has_index = false; /* cli_report() would take it for the record refused */
    if (other == NULL || *other == '\0' || err != TXNG_EFORMAT || diag->reason == NULL) {
        cli_build_report(where, field, err, diag, NULL);
        return;
    }
    if (*f != '\0')
        snprintf(opt, sizeof opt, "%s%s: ", field != NULL ? "" : "--", f);
    if (diag->value_name != NULL)
        cli_error(where, "%s%s (%s: %s; %s)", opt, _(diag->reason), _(diag->value_name),
                  diag->value, other);
    else
        cli_error(where, "%s%s (%s)", opt, _(diag->reason), other);
}

bool
cli_missing_reason(const txng_step *step, const char *reason)
{
    for (size_t i = 0; reason != NULL && i < step->n_kdes; i++)
        if (step->kdes[i].missing != NULL && strcmp(step->kdes[i].missing, reason) == 0)
            return true;
    return false;
}

int
cli_check_actor(txng_log *log, const txng_signer *actor)
{
    return cli_check_key(log, txng_signer_pubkey(actor));
}

int
cli_check_key(txng_log *log, const txng_pubkey *pk)
{
    return cli_check_key_for(log, pk, NULL, 0);
}

/* Whether @p log holds each of @p n events, signed by @p pk for a bare one, each once. */
static bool
all_held(txng_log *log, const txng_pubkey *pk, json_t *const *events, size_t n)
{
    uint64_t *at   = n > 0 ? malloc(n * sizeof *at) : NULL;
    bool      held = at != NULL &&
                txng_log_holds(log, pk, (const json_t *const *) events, n, at) == TXNG_OK;

    for (size_t i = 0; held && i < n; i++)
        held = at[i] != TXNG_LOG_NONE;
    held = held && !cli_index_repeats(at, n);
    free(at);
    return held;
}

int
cli_check_key_for(txng_log *log, const txng_pubkey *pk, json_t *const *events, size_t n)
{
    txng_key_info info;
    char          ref[TXNG_KEYREF_MAX];
    txng_err      err;

    txng_pubkey_ref(pk, ref);
    err = txng_log_key(log, pk->name, &info);
    if (err != TXNG_OK && err != TXNG_ENOTFOUND) {
        cli_report(ref, err, NULL);
        return EXIT_FAILED;
    }
    if (err == TXNG_ENOTFOUND || memcmp(info.key.pk, pk->pk, sizeof pk->pk) != 0) {
        cli_error(ref, _("key not enrolled in this log"));
        return EXIT_FAILED;
    }
    if (info.is_revoked && !all_held(log, pk, events, n)) {
        cli_error(ref, _("key revoked at record %" PRIu64 "; it may not sign new records"),
                  info.revoked);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

int
cli_same_key(const char *as, const txng_pubkey *checked, const txng_signer *actor)
{
    if (txng_pubkey_equal(checked, txng_signer_pubkey(actor)))
        return EXIT_DONE;
    cli_error(as, _("the key file changed while the command ran: run it again"));
    return EXIT_FAILED;
}

void
cli_print_notes(const char *where, unsigned notes)
{
    if (notes & TXNG_EVENT_NOTE_FOREIGN_GS1)
        cli_error(where, _("note: a GTIN or GLN outside Vietnam's prefix 893, accepted"));
    if (notes & TXNG_EVENT_NOTE_UNWEIGHED)
        cli_error(where, _("note: inputs and outputs share no unit (e.g. kg in, pieces out), so "
                           "the mass balance was not checked"));
}

/* ---- txng record ---- */

static const char record_options[] =
    N_("options:\n"
       "  -d, --dir DIR        the log folder (or $TXNG_DIR)\n"
       "  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file\n"
       "  -r, --recorded TIME  the recorded time of the new record (RFC 3339, or seconds\n"
       "                       since 1970; default: now); event times may not be later\n"
       "                       than it by more than $TXNG_MAX_SKEW seconds (600)\n"
       "  -n, --dry-run        print the event that would be appended; append nothing\n"
       "  -j, --json           print the new index as JSON\n"
       "  -h, --help           show this help\n");

static const char master_options[] =
    N_("options:\n"
       "  -d, --dir DIR        the log folder (or $TXNG_DIR)\n"
       "  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file\n"
       "  -r, --recorded TIME  the recorded time of the new record (default: now)\n"
       "  -n, --dry-run        print the event that would be appended; append nothing\n"
       "  -j, --json           print the new index (add) or the entries (list) as JSON\n"
       "  -h, --help           show this help\n"
       "Without --gln, --gtin or --code, the code is made from the name (or the number):\n"
       "'HTX Sâm Ngọc Linh' becomes htx-sam-ngoc-linh; a code so made that an entry of\n"
       "another name has is refused (give --code). An entry added with the code of an\n"
       "entry of the log is its newer version: the newest record counts.\n");

/* The common options of record and add, and the parsed values. */
struct record_args {
    const char    *dir, *as;
    bool           have_time, dry_run, json;
    int64_t        t;
    txng_kde_value values[256];
    size_t         n;
};

enum { OPT_KDE = 256 };

/*
 * A step's label in the language of messages, then its Vietnamese name (which
 * the CSV step column takes) unless the translation starts with it.
 */
static void
print_step_label(const txng_step *step)
{
    const char *label = _(step->label);

    if (strncmp(label, step->label_vi, strlen(step->label_vi)) == 0)
        printf("%s", label);
    else
        printf("%s (%s)", label, step->label_vi);
}

static void
step_help(const struct command *cmd, const txng_step *step, const char *verb)
{
    printf(_("usage: txng %s %s -d DIR [--as KEY] [OPTIONS]\n"), cmd->name, verb);
    print_step_label(step);
    printf(": %s", step->type);
    if (step->biz_step != NULL)
        printf(", bizStep %s", step->biz_step);
    printf("\n\n%s", _("key data elements (CSV heading in brackets):\n"));
    for (size_t i = 0; i < step->n_kdes; i++) {
        const txng_kde *k = &step->kdes[i];
        char            opt[64];

        snprintf(opt, sizeof opt, "--%s %s", k->option, k->metavar);
        printf("  %-24s %s [%s]", opt, _(k->label), k->heading);
        if ((k->flags & TXNG_KDE_REQUIRED) && k->group != NULL)
            printf(_(" (required: one of group %s)"), cli_pgettext("group of options", k->group));
        else if (k->flags & TXNG_KDE_REQUIRED)
            printf("%s", _(" (required)"));
        if (k->flags & TXNG_KDE_MULTI)
            printf("%s", _(" (may repeat)"));
        if (k->type == TXNG_KDE_ENUM)
            printf(_(" (one of %s)"), k->values);
        if (k->flags & TXNG_KDE_IMAGE)
            printf("%s", _(" (a PNG, JPEG or WebP file, kept for txng serve; or its SHA-256)"));
        else if (k->type == TXNG_KDE_SHA256)
            printf("%s", _(" (or a file to hash)"));
        putchar('\n');
    }
    printf("\n%s", _(cmd == &cmd_record ? record_options : master_options));
}

static bool
is_hex64(const char *s)
{
    size_t i;

    for (i = 0; s[i] != '\0'; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    return i == 64;
}

/*
 * Parse the arguments after STEP (argv[0] is STEP or the verb) into @p a, with
 * the step's elements as long options. Returns EXIT_DONE, or the status after
 * printing help or a usage error (@p *stop set).
 */
static int
parse_step_args(const struct command *cmd, const txng_step *step, const char *verb, int argc,
                char **argv, struct record_args *a, bool *stop)
{
    static const struct option common[] = {
        { "dir", required_argument, NULL, 'd' },      { "as", required_argument, NULL, 'a' },
        { "recorded", required_argument, NULL, 'r' }, { "dry-run", no_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },           { "help", no_argument, NULL, 'h' },
    };
    struct option longopts[sizeof common / sizeof common[0] + 64 + 1];
    size_t        nc = sizeof common / sizeof common[0];
    bool          seen[64] = { false }, seen_d = false, seen_a = false, seen_r = false;
    int           c, idx;

    *stop = true;
    memcpy(longopts, common, sizeof common);
    for (size_t i = 0; i < step->n_kdes && i < 64; i++)
        longopts[nc + i] =
            (struct option){ step->kdes[i].option, required_argument, NULL, OPT_KDE + (int) i };
    memset(&longopts[nc + (step->n_kdes < 64 ? step->n_kdes : 64)], 0, sizeof longopts[0]);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:r:njh", longopts, &idx)) != -1) {
        /* An option of one value given twice is a usage error (the builder would say so
         * only as a refused event). */
        if ((c == 'd' && seen_d) || (c == 'a' && seen_a) || (c == 'r' && seen_r) ||
            (c >= OPT_KDE && seen[c - OPT_KDE] &&
             (step->kdes[c - OPT_KDE].flags & TXNG_KDE_MULTI) == 0))
            return cli_usage(cmd, _("--%s given twice: it takes one value"),
                             c >= OPT_KDE ? step->kdes[c - OPT_KDE].option
                             : c == 'd'   ? "dir"
                             : c == 'a'   ? "as"
                                          : "recorded");
        switch (c) {
        case 'd':
            a->dir = optarg;
            seen_d = true;
            break;
        case 'a':
            a->as  = optarg;
            seen_a = true;
            break;
        case 'r':
            if (!cli_parse_time(optarg, &a->t))
                return cli_bad_recorded(cmd, optarg);
            a->have_time = true;
            seen_r       = true;
            break;
        case 'n':
            a->dry_run = true;
            break;
        case 'j':
            a->json = true;
            break;
        case 'h':
            step_help(cmd, step, verb);
            return EXIT_DONE;
        case ':':
            return cli_usage(cmd, _("%s needs a value"), argv[optind - 1]);
        case '?':
            return cli_usage(cmd, _("unknown option %s for %s (see 'txng %s %s --help')"),
                             argv[optind - 1], step->name, cmd->name, verb);
        default:
            if (a->n == sizeof a->values / sizeof a->values[0])
                return cli_usage(cmd, _("too many options"));
            seen[c - OPT_KDE] = true;
            a->values[a->n].option  = step->kdes[c - OPT_KDE].option;
            a->values[a->n++].value = optarg;
            break;
        }
    }
    if (optind < argc)
        return cli_usage(cmd, _("unexpected argument %s"), argv[optind]);
    if ((a->dir = cli_dir(a->dir)) == NULL)
        return cli_usage(cmd, _("no log folder: give -d DIR or set TXNG_DIR"));
    *stop = false;
    return EXIT_DONE;
}

/* Whether @p s holds nothing but white space. */
static bool
blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

/* The option of @p step whose element is the master identifier of @p kind ("code"). */
static const char *
given(const struct record_args *a, const char *option)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->values[i].option, option) == 0)
            return a->values[i].value;
    return NULL;
}

/*
 * A code made from a name (or a number) is refused when it is already the code of an entry
 * of another name: names that differ in tone marks alone ("Hộ ông A Vang", "Hồ ông A Vang")
 * fold to one code, and the second entry would silently replace the first. An entry of the
 * same name is updated, as with an explicit --code. Prints why; returns the status.
 */
static int
code_taken(struct cli_resolver *res, const char *where, int kind, const char *code,
           const char *name)
{
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;

    if ((err = names_fetch(res, kind, code, &d)) != TXNG_OK) {
        cli_report(where, err, &d);
        return cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
    }
    for (size_t i = 0; i < res->n; i++) {
        const struct cli_name *e = &res->names[i];

        if (e->kind != kind || e->imported || e->code == NULL || strcmp(e->code, code) != 0 ||
            e->name == NULL || strcmp(e->name, name) == 0)
            continue;
        cli_error(where, _("code %s already belongs to '%s' (record %" PRIu64 "): give --code"),
                  code, e->name, e->named);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/* A refusal of the stateful rules (cli_rules), reported at @p ctx, the command's "where". */
static void
report_state(void *ctx, txng_err err, txng_diag *diag, uint64_t size)
{
    char other[64];

    diag->line = 0;
    cli_rules_print(ctx, NULL, err, diag,
                    cli_rules_other(other, sizeof other, diag, size, NULL, 0));
}

/*
 * Record one event of @p step from the values in @p a: NFC, hash files of
 * SHA-256 options, make a master code from the name, build, check, append.
 * The rules are checked first on their own, to refuse before any passphrase
 * is asked, then again under the writer lock with the append they guard
 * when another writer appended in between.
 */
static int
record_step(const struct command *cmd, const txng_step *step, const char *verb,
            struct record_args *a)
{
    struct cli_resolver res = { 0 };
    txng_event_opts     opts;
    txng_log           *log    = NULL;
    txng_signer        *logkey = NULL, *actor = NULL;
    txng_pubkey         actor_pk;
    json_t             *ev   = NULL;
    txng_diag           diag = TXNG_DIAG_INIT;
    char               *owned[256], hex[65], where[128], *text = NULL, *bytes = NULL;
    char               *image = NULL; /* an image file to keep (TXNG_KDE_IMAGE) */
    const char         *image_path = NULL;
    unsigned char       image_hash[TXNG_HASH_BYTES];
    size_t              nowned = 0, len, image_len = 0;
    bool                image_added = false;
    const char         *made_code   = NULL; /* a code made from the name, to say */
    unsigned            notes  = 0;
    int64_t             skew   = cli_max_skew(), now;
    uint64_t            first       = 0, at = 0;
    char                held_at[24], only[TXNG_KEY_NAME_MAX + 1] = "";
    struct cli_rules    rules       = { 0 };
    int                 status;
    txng_err            err;

    snprintf(where, sizeof where, "%s %s", cmd->name, verb);
    if (skew < 0)
        return cli_usage(cmd, _("TXNG_MAX_SKEW: not a number of seconds"));
    status = cli_open_log(a->dir, a->dry_run ? TXNG_LOG_RDONLY : 0, &log);
    if (status != EXIT_DONE)
        return status;
    res.log      = log;
    res.own_kind = -2;
    /* no --as: the log's only key signs, said once the record is made */
    if (a->as == NULL && !a->dry_run) {
        if ((status = cli_only_key(cmd, a->dir, log, only)) != EXIT_DONE)
            goto out;
        a->as = only;
    }
    status = EXIT_FAILED;

    for (size_t i = 0; i < a->n; i++) {
        const txng_kde *k = txng_step_kde(step, a->values[i].option);
        char           *nfc;
        struct stat     st;

        if (k->type == TXNG_KDE_SHA256 && !is_hex64(a->values[i].value)) {
            unsigned char h[TXNG_HASH_BYTES];
            const char   *path = a->values[i].value;

            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
                cli_error(path, _("no such file (--%s takes a file or 64 hex digits)"), k->option);
                goto out;
            }
            if ((err = cli_read_file(path, &text, &len)) != TXNG_OK) {
                cli_report(path, err, NULL);
                goto out;
            }
            txng_sha256(h, text, len);
            if (k->flags & TXNG_KDE_IMAGE) {
                txng_diag d = TXNG_DIAG_INIT;

                if (txng_media_check(text, len, &d) != TXNG_OK) {
                    cli_error(path, "%s: %s", _(d.reason),
                              _("give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. "
                                "convert IN -resize 1200x1200 OUT.jpg)"));
                    goto out; /* status is EXIT_FAILED: an input refused */
                }
                free(image);
                image      = text; /* kept once the record has passed every rule */
                image_len  = len;
                image_path = path;
                memcpy(image_hash, h, sizeof h);
                text = NULL;
            }
            free(text);
            text = NULL;
            txng_hex_encode(hex, h, sizeof h);
            nfc = strdup(hex);
        } else if (txng_nfc(&nfc, a->values[i].value, strlen(a->values[i].value)) != TXNG_OK) {
            cli_error(where, _("--%s: not valid UTF-8"), k->option);
            goto out;
        }
        if (nfc == NULL) {
            cli_report(where, TXNG_ENOMEM, NULL);
            goto out;
        }
        owned[nowned++]    = nfc;
        a->values[i].value = nfc;
    }

    /* Master data: its own code is not looked up; made from the name when missing. */
    if (step->master && txng_step_kde(step, "code") != NULL) {
        const txng_kde *code = txng_step_kde(step, "code");
        const char     *src  = given(a, "name") != NULL ? given(a, "name") : given(a, "number");

        res.own_kind = code->kind;
        res.own_code = given(a, "code");
        if (src != NULL && blank(src)) {
            cli_error(where, "%s",
                      given(a, "name") != NULL
                          ? _("--name: the name is empty: give the name")
                          : _("--number: the number is empty: give the number"));
            goto out; /* status is EXIT_FAILED: a value refused */
        }
        if (res.own_code == NULL && given(a, "gln") == NULL && given(a, "gtin") == NULL &&
            src != NULL && a->n < sizeof a->values / sizeof a->values[0]) {
            char *f = cli_fold(src);

            if (f == NULL) {
                cli_report(where, TXNG_ENOMEM, NULL);
                goto out;
            }
            if (strlen(f) > TXNG_GS1_CODE_MAX) {
                f[TXNG_GS1_CODE_MAX] = '\0';
                while (strlen(f) > 1 && f[strlen(f) - 1] == '-')
                    f[strlen(f) - 1] = '\0';
            }
            if (*f != '\0') {
                owned[nowned++]         = f;
                a->values[a->n].option  = "code";
                a->values[a->n++].value = f;
                res.own_code            = f;
                /* a refusal is the one line said */
                if ((status = code_taken(&res, where, code->kind, f, src)) != EXIT_DONE)
                    goto out;
                status    = EXIT_FAILED;
                made_code = f; /* said once the record is made: a refusal is the one line */
            } else {
                free(f);
            }
        }
    }

    opts.origin      = txng_log_origin(log);
    opts.resolve     = cli_resolve;
    opts.resolve_ctx = &res;
    err              = txng_event_build_ex(&ev, step, &opts, a->values, a->n, &notes, &diag);
    if (err == TXNG_EFORMAT && res.unknown[0] == '\0' && cli_missing_reason(step, diag.reason)) {
        status = cli_usage(cmd, "%s", _(diag.reason));
        goto out;
    }
    now = cli_now(a->have_time, a->t);
    if (err == TXNG_OK)
        err = txng_event_time_check(ev, now, skew, &diag);
    if (err != TXNG_OK) {
        cli_build_report(where, NULL, err, &diag, &res);
        status = err == TXNG_EFORMAT ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    cli_print_notes(where, notes);
    /* The key is checked before the rules, which need it, and before any passphrase. */
    if (a->as != NULL && ((status = cli_load_pubkey(a->dir, a->as, &actor_pk)) != EXIT_DONE ||
                          (status = cli_check_key_for(log, &actor_pk, &ev, 1)) != EXIT_DONE))
        goto out;
    rules = (struct cli_rules){ .log       = log,
                                .dir       = a->dir,
                                .events    = &ev,
                                .n         = 1,
                                .report    = report_state,
                                .ctx       = where,
                                .cmd       = cmd,
                                .have_time = a->have_time,
                                .t         = a->t,
                                .skew      = skew,
                                .signer    = a->as != NULL ? &actor_pk : NULL,
                                .once      = true,
                                .missing_is_usage = true };
    if ((status = cli_rules_check(&rules)) != EXIT_DONE)
        goto out;
    /* The same record made again (a retry after a power cut): it is there; nothing to sign,
     * no passphrase to ask. */
    if (!a->dry_run && rules.ntodo == 0) {
        first = rules.held[0];
        goto held;
    }
    /* Records are kept in time order; a retry above may give the time it was made at. */
    if (a->have_time && (status = cli_recorded_check(cmd, "--recorded", log, a->t, skew)) !=
                            EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    if (a->dry_run) {
        if ((err = txng_canon_encode(ev, &bytes, &len)) != TXNG_OK) {
            cli_report(where, err, NULL);
            goto out;
        }
        printf("%s\n", bytes);
        status = EXIT_DONE;
        goto made;
    }
    if ((status = cli_load_signer(a->dir, a->as, &actor)) != EXIT_DONE ||
        (status = cli_same_key(a->as, &actor_pk, actor)) != EXIT_DONE ||
        (status = cli_log_signer(a->dir, log, &logkey)) != EXIT_DONE)
        goto out;
    if ((status = cli_rules_lock(&rules)) != EXIT_DONE)
        goto out;
    /* the image is durable before the record that names it */
    if (image != NULL && (status = cli_media_keep(a->dir, image_path, image, image_len,
                                                  &image_added, image_hash)) != EXIT_DONE)
        goto out;
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_log_append_once(log, logkey, actor, &ev, 1, now, &first, &at, &diag);
    cli_rules_unlock(&rules);
    if (err != TXNG_OK && image_added)
        cli_media_forget(a->dir, image_hash);
    if (err != TXNG_OK) {
        diag.line = 0;
        cli_build_report(where, NULL, err, &diag, NULL);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    if (at < first) {
        first = at;
        goto held;
    }
    if (a->json)
        printf("{\"index\":%" PRIu64 "}\n", first);
    else
        printf("%" PRIu64 "\n", first);
    if (*only != '\0')
        cli_error(where, _("signed as %s (the only key of this log)"), only);
    cli_after_append(log, a->dir);
    status = EXIT_DONE;
    goto made;
held:
    if (a->json)
        printf("{\"index\":%" PRIu64 ",\"left_out\":true}\n", first);
    else
        printf("%" PRIu64 "\n", first);
    fflush(stdout);
    snprintf(held_at, sizeof held_at, "%" PRIu64, first);
    cli_error(where,
              ngettext("nothing new: %zu event is already in the log (record %s)",
                       "nothing new: all %zu events are already in the log (records %s)", 1),
              (size_t) 1, held_at);
    status = EXIT_DONE;
made:
    if (made_code != NULL)
        cli_error(where, _("no --code given: using the code %s from the %s"), made_code,
                  given(a, "name") != NULL ? _("name") : _("number"));
out:
    cli_rules_free(&rules);
    free(bytes);
    free(text);
    free(image);
    json_decref(ev);
    txng_signer_free(actor);
    txng_signer_free(logkey);
    cli_resolver_free(&res);
    txng_log_close(log);
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    return status;
}

static void
steps_help(void)
{
    printf(_("usage: txng %s\n"), cmd_record.synopsis);
    printf("%s\n\n%s", _(cmd_record.summary), _("steps:\n"));
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *s = txng_step_at(i);

        printf("  %-12s ", s->name);
        print_step_label(s);
        putchar('\n');
    }
    printf("\n%s", _(record_options));
    printf("%s", _("Run 'txng record STEP --help' for the options of a step.\n"));
}

static int
run_record(int argc, char **argv)
{
    struct record_args a = { 0 };
    const txng_step   *step;
    bool               stop;
    int                status;

    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        if (argc >= 2) {
            steps_help();
            return EXIT_DONE;
        }
        return cli_usage(&cmd_record, _("no step (see 'txng record --help' for the steps)"));
    }
    step = txng_step_find(argv[1]);
    if (step == NULL)
        return cli_usage(&cmd_record, _("%s: no such step (see 'txng record --help')"), argv[1]);
    status = parse_step_args(&cmd_record, step, step->name, argc - 1, argv + 1, &a, &stop);
    if (stop)
        return status;
    return record_step(&cmd_record, step, step->name, &a);
}

const struct command cmd_record = {
    "record",
    run_record,
    "record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]",
    N_("record a critical tracking event: a step of the chain with its key data elements"),
};

/* ---- txng party|place|product|certificate add|list ---- */

static int
print_list(const char *dir, int kind, bool json)
{
    struct cli_resolver res = { 0 };
    txng_log           *log = NULL;
    struct cli_name   **order;
    size_t              n = 0;
    int                 status;
    txng_err            err;

    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    res.log      = log;
    res.own_kind = -2;
    if ((err = names_load_kind(&res, kind, NULL, 0)) != TXNG_OK) {
        cli_report(dir, err, NULL);
        status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        goto out;
    }
    order = malloc((res.n + 1) * sizeof *order);
    if (order == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    /* the log's own entries: imported master data is the other log's to list */
    for (size_t i = 0; i < res.n; i++)
        if (res.names[i].kind == kind && !res.names[i].imported)
            order[n++] = &res.names[i];
    /* by the record that last named each (insertion sort: lists are short) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && order[j]->index < order[j - 1]->index; j--) {
            struct cli_name *t = order[j];

            order[j]     = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        if (json) {
            json_t *o   = json_pack("{s:I, s:s, s:s?}", "index", (json_int_t) order[i]->index, "id",
                                    order[i]->id, "name", order[i]->name);
            char   *txt = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

            json_decref(o);
            if (txt == NULL) {
                cli_report(dir, TXNG_ENOMEM, NULL);
                status = EXIT_FAILED;
                break;
            }
            printf("%s\n", txt);
            free(txt);
        } else {
            printf("%" PRIu64 "\t%s\t%s\n", order[i]->index, order[i]->id,
                   order[i]->name != NULL ? order[i]->name : "");
        }
    }
    free(order);
out:
    cli_resolver_free(&res);
    txng_log_close(log);
    return status;
}

static int
run_master(const struct command *cmd, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const txng_step   *step = txng_step_find(cmd->name);
    struct record_args a    = { 0 };
    const char        *dir  = NULL;
    bool               json = false, stop;
    int                c, status;

    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        if (argc >= 2) {
            step_help(cmd, step, "add");
            printf(_("list: print the %s entries of the log, newest record last:\n"
                     "INDEX, identifier and name, separated by tabs (-j: JSON Lines)\n"),
                   cmd->name);
            return EXIT_DONE;
        }
        return cli_usage(cmd, _("give add or list"));
    }
    if (strcmp(argv[1], "add") == 0) {
        status = parse_step_args(cmd, step, "add", argc - 1, argv + 1, &a, &stop);
        if (stop)
            return status;
        return record_step(cmd, step, "add", &a);
    }
    if (strcmp(argv[1], "list") != 0)
        return cli_usage(cmd, _("%s: give add or list"), argv[1]);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, ":d:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (dir != NULL)
                return cli_usage(cmd, _("--%s given twice: it takes one value"), "dir");
            dir = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(cmd, master_options);
        case ':':
            return cli_usage(cmd, _("%s needs a value"), argv[optind]);
        default:
            return cli_usage(cmd, _("unknown option %s"), argv[optind]);
        }
    }
    if (optind < argc - 1)
        return cli_usage(cmd, _("unexpected argument %s"), argv[optind + 1]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(cmd, _("no log folder: give -d DIR or set TXNG_DIR"));
    return print_list(dir, txng_step_kde(step, "code")->kind, json);
}

static int
run_party(int argc, char **argv)
{
    return run_master(&cmd_party, argc, argv);
}

static int
run_place(int argc, char **argv)
{
    return run_master(&cmd_place, argc, argv);
}

static int
run_product(int argc, char **argv)
{
    return run_master(&cmd_product, argc, argv);
}

static int
run_certificate(int argc, char **argv)
{
    return run_master(&cmd_certificate, argc, argv);
}

const struct command cmd_party = {
    "party",
    run_party,
    "party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR",
    N_("add a party (master data) or list the parties of the log"),
};

const struct command cmd_place = {
    "place",
    run_place,
    "place add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR",
    N_("add a place (master data) or list the places of the log"),
};

const struct command cmd_product = {
    "product",
    run_product,
    "product add -d DIR [--as KEY] --name NAME --producer PARTY [--gtin GTIN|--code CODE] "
    "[OPTIONS] | list -d DIR",
    N_("add a product (master data) or list the products of the log"),
};

const struct command cmd_certificate = {
    "certificate",
    run_certificate,
    "certificate add -d DIR [--as KEY] --kind KIND --number N --issuer TEXT --valid-from DATE "
    "--subject ID [OPTIONS] | list -d DIR",
    N_("add a certificate (master data) or list the certificates of the log"),
};
