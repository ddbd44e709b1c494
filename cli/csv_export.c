/*
 * csv_export.c - the key data elements of events as a sortable spreadsheet
 *
 * Modelled on the FSMA 204 "electronic sortable spreadsheet": one row per
 * lot entry of each event, one for an event without any (EPCIS types only:
 * the genesis, keys and master data are not events), fixed columns first
 * (record, times, CTE, bizStep, signers, GTIN, lot, serials, quantity, unit,
 * place, from, to, documents, corrected by), then one column per other key
 * data element of the steps present (core/event.h), in the order of the step
 * table, each element once whichever steps share it. The GTIN, lot, serials,
 * quantity and unit cells are the row's lot entry's; every other cell is the
 * event's, repeated on each of its rows so that a row stands alone when the
 * sheet is sorted or filtered. Cells hold one kind of value each, times in
 * RFC 3339 so that they sort as text; other lists are joined with "; ".
 * Identifiers are shown by their code (GLN, lot, serial, urn:txng code); the
 * names of places and parties come from the master data records of the log.
 * A record imported from another log's bundle (txng:Imported) is the
 * upstream event it carries, with its upstream signers, as trace shows it;
 * imported master data names what the log's own does not.
 *
 * Output: UTF-8 with a byte order mark (Excel reads the file as UTF-8 only
 * then), RFC 4180 (fields with a comma, quote, CR or LF quoted, quotes
 * doubled, rows ending in CRLF), and every cell that begins with = + - @ TAB
 * or CR prefixed with a single quote so that no spreadsheet runs it as a
 * formula (OWASP "CSV injection").
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "core/event.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/record.h"

#define SEP "; "

/* The fixed columns, in English and in Vietnamese. */
static const char *const fixed_en[] = {
    "record",  "recorded (UTC)", "event time",   "CTE",   "bizStep",    "actor", "GTIN",      "lot",
    "serials", "quantity",       "unit",         "place", "place name", "from",  "from name", "to",
    "to name", "documents",      "corrected by",
};
static const char *const fixed_vi[] = {
    "Bản ghi số",
    "Thời điểm ghi sổ (UTC)",
    "Thời gian sự kiện",
    "Công đoạn (CTE)",
    "Bước nghiệp vụ (bizStep)",
    "Người ký",
    "GTIN",
    "Mã lô",
    "Số sê-ri",
    "Số lượng",
    "Đơn vị",
    "Địa điểm (mã)",
    "Tên địa điểm",
    "Bên giao (mã)",
    "Tên bên giao",
    "Bên nhận (mã)",
    "Tên bên nhận",
    "Chứng từ",
    "Bị sửa sai bởi",
};
#define NFIXED (sizeof fixed_en / sizeof fixed_en[0])

/*
 * Vietnamese column headings where the short heading of a key data element
 * (core/cte.c, written for paper forms) is shared by two elements or says
 * less than the English label: a spreadsheet needs every heading distinct.
 */
static const struct {
    const char *en, *vi;
} heading_vi[] = {
    { "GI stamps allocated", "Tem CDĐL được cấp" },
    { "GI stamps used", "Tem CDĐL đã sử dụng" },
    { "input lot and quantity", "Lô đầu vào và khối lượng" },
    { "output lot and quantity by grade", "Lô đầu ra và khối lượng theo loại" },
    { "output lot and quantity", "Lô đầu ra và khối lượng" },
    { "certification mark dossier", "Hồ sơ nhãn hiệu chứng nhận" },
    { "grade (roots per kg)", "Phân loại (số củ/kg)" },
    { "condition on arrival", "Tình trạng khi nhận" },
    { "dose and area", "Liều lượng và diện tích" },
    { "GPS accuracy (m)", "Độ chính xác GPS (m)" },
    { "plants planted", "Số cây trồng" },
    { "net content of a unit", "Khối lượng tịnh của một đơn vị" },
    { "supplier's lot of the input", "Lô vật tư của nhà cung cấp" },
    { "supplier of the input", "Nhà cung cấp vật tư" },
};

static const char *
col_heading_vi(const char *en, const char *vi)
{
    for (size_t i = 0; i < sizeof heading_vi / sizeof heading_vi[0]; i++)
        if (strcmp(heading_vi[i].en, en) == 0)
            return heading_vi[i].vi;
    return vi;
}

/* A key data element column: the elements of one English label, of any step. */
struct col {
    const char *en, *vi;
};

/* A growing text buffer. */
struct text {
    char  *p;
    size_t len, cap;
    bool   oom;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        char  *p;

        while (cap < t->len + n + 1)
            cap *= 2;
        p = realloc(t->p, cap);
        if (p == NULL) {
            t->oom = true;
            return;
        }
        t->p   = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void
text_str(struct text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

/* Add @p s to a list cell, after SEP unless it is the first item. */
static void
text_item(struct text *t, const char *s)
{
    if (t->len > 0)
        text_str(t, SEP);
    text_str(t, s);
}

/* Empty @p t, keeping its buffer. */
static void
text_clear(struct text *t)
{
    t->len = 0;
    if (t->p != NULL)
        t->p[0] = '\0';
}

/* ---- identifiers ------------------------------------------------------------------------- */

/*
 * The GS1 key of a Digital Link URI or an EPC URN (an imported event keeps
 * its partner's URNs): sgtin, lgtin, sscc, sgln, pgln, and the sgtin pattern
 * of a whole GTIN (urn:epc:idpat:sgtin:C.IR.*), which names no serial.
 */
static bool
gs1_key_of(const char *id, txng_gs1_id *g)
{
    static const char idpat[] = "urn:epc:idpat:sgtin:";
    char              urn[TXNG_GS1_URI_MAX];
    size_t            len = strlen(id);

    if (txng_gs1_dl_parse(g, id, len, 0, NULL) == TXNG_OK ||
        txng_gs1_epc_parse(g, id, len, NULL) == TXNG_OK)
        return true;
    if (strncmp(id, idpat, sizeof idpat - 1) != 0 || len < sizeof idpat + 1 ||
        strcmp(id + len - 2, ".*") != 0 ||
        (size_t) snprintf(urn, sizeof urn, "urn:epc:id:sgtin:%.*s.0",
                          (int) (len - (sizeof idpat - 1) - 2), id + sizeof idpat - 1) >=
            sizeof urn ||
        txng_gs1_epc_parse(g, urn, strlen(urn), NULL) != TXNG_OK)
        return false;
    g->serial[0] = '\0';
    return true;
}

/* The code an identifier is shown by: serial, lot, GS1 key, urn:txng code, or the id. */
static void
id_short(const char *id, char *out, size_t cap)
{
    txng_gs1_id g;
    int         kind;

    if (gs1_key_of(id, &g)) {
        snprintf(out, cap, "%s", g.serial[0] ? g.serial : g.lot[0] ? g.lot : g.key_digits);
        return;
    }
    if (txng_index_id_code(id, strlen(id), &kind, out, cap))
        return;
    snprintf(out, cap, "%s", id);
}

/* ---- master data names ------------------------------------------------------------------- */

/* id -> name of every txng:Party, txng:Place and txng:Product record, imported ones
   included (the last one wins; the log's own over imported ones). */
static int
load_names(txng_log *log, json_t *names, json_t *imported)
{
    uint64_t    size;
    txng_err    err = txng_log_size(log, &size);
    const char *key;
    json_t     *value;

    if (err != TXNG_OK) {
        cli_report("export", err, NULL);
        return EXIT_FAILED;
    }
    for (uint64_t i = 0; i < size; i++) {
        char        *bytes = NULL;
        size_t       len;
        json_t       *rec;
        const json_t *ev, *up;
        const char  *id, *name;

        err = txng_log_get(log, i, &bytes, &len);
        if (err != TXNG_OK) {
            cli_report("export", err, NULL);
            return EXIT_FAILED;
        }
        /* Records are canonical JSON: a cheap look for the master data types first. */
        if (strstr(bytes, "\"type\":\"txng:P") == NULL) {
            free(bytes);
            continue;
        }
        rec = json_loadb(bytes, len, 0, NULL);
        free(bytes);
        ev   = txng_index_unwrap(json_object_get(rec, "event"), &up);
        id   = json_string_value(json_object_get(ev, "id"));
        name = json_string_value(json_object_get(ev, "name"));
        /* the log's own master data wins over imported master data */
        if (id != NULL && name != NULL)
            json_object_set_new(up != NULL ? imported : names, id, json_string(name));
        json_decref(rec);
    }
    json_object_foreach(imported, key, value)
    {
        if (json_object_get(names, key) == NULL)
            json_object_set(names, key, value);
    }
    return EXIT_DONE;
}

/* ---- cells ------------------------------------------------------------------------------- */

/* Render a JSON value as cell text (lists joined; identifiers shortened when @p ids). */
static void
render(struct text *t, const json_t *v, bool ids)
{
    char num[64];

    switch (json_typeof(v)) {
    case JSON_STRING:
        if (ids) {
            char code[TXNG_GS1_URI_MAX + 1];

            id_short(json_string_value(v), code, sizeof code);
            text_str(t, code);
        } else {
            text_add(t, json_string_value(v), json_string_length(v));
        }
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        text_str(t, num);
        break;
    case JSON_REAL:
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        text_str(t, num);
        break;
    case JSON_TRUE:
        text_str(t, "true");
        break;
    case JSON_FALSE:
        text_str(t, "false");
        break;
    case JSON_ARRAY: {
        size_t        i;
        const json_t *e;

        json_array_foreach((json_t *) (uintptr_t) v, i, e)
        {
            if (i > 0)
                text_str(t, SEP);
            render(t, e, ids);
        }
        break;
    }
    case JSON_OBJECT: {
        const json_t *id = json_object_get(v, "id");
        char         *s;

        const json_t *q = json_object_get(v, "quantity"), *u = json_object_get(v, "uom");

        if (json_is_string(id)) {
            render(t, id, true);
        } else if (q != NULL && json_object_size(v) == 1 + (u != NULL)) {
            render(t, q, false);
            if (json_is_string(u)) {
                text_str(t, " ");
                text_str(t, json_string_value(u));
            }
        } else if ((s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS)) != NULL) {
            text_str(t, s);
            free(s);
        }
        break;
    }
    default:
        break;
    }
}

/* Member "a.b" of @p ev. */
static const json_t *
member(const json_t *ev, const char *key)
{
    char        part[128];
    const char *dot;

    while ((dot = strchr(key, '.')) != NULL && (size_t) (dot - key) < sizeof part) {
        memcpy(part, key, (size_t) (dot - key));
        part[dot - key] = '\0';
        ev  = json_object_get(ev, part);
        key = dot + 1;
    }
    return json_object_get(ev, key);
}

/* "code:quantity unit" for each entry of a quantity list. */
static void
render_quantities(struct text *t, const json_t *list)
{
    size_t        i;
    const json_t *q;

    json_array_foreach((json_t *) (uintptr_t) list, i, q)
    {
        const char *cls = json_string_value(json_object_get(q, "epcClass"));
        const json_t *qty = json_object_get(q, "quantity");
        const char *uom = json_string_value(json_object_get(q, "uom"));
        struct text one = { 0 };
        char        code[TXNG_GS1_URI_MAX + 1];

        if (cls == NULL)
            continue;
        id_short(cls, code, sizeof code);
        text_str(&one, code);
        if (qty != NULL) {
            text_str(&one, ":");
            render(&one, qty, false);
            if (uom != NULL) {
                text_str(&one, " ");
                text_str(&one, uom);
            }
        }
        if (one.p != NULL)
            text_item(t, one.p);
        t->oom |= one.oom;
        free(one.p);
    }
}

/* Add the value of element @p k of @p ev to cell @p t. */
static void
cell_kde(struct text *t, const json_t *ev, const txng_kde *k)
{
    const json_t *v = member(ev, k->key);
    struct text   one = { 0 };

    if (v == NULL)
        return;
    if (k->at == TXNG_AT_QUANTITIES)
        render_quantities(&one, v);
    else
        render(&one, v, k->at == TXNG_AT_EPCS || k->type == TXNG_KDE_ID);
    if (one.p != NULL && one.len > 0)
        text_item(t, one.p);
    t->oom |= one.oom;
    free(one.p);
}

/* Whether an element gets a column of its own (the others fill the fixed columns). */
static bool
kde_is_column(const txng_kde *k)
{
    if (k->key == NULL)
        return false;
    switch (k->at) {
    case TXNG_AT_MEMBER:
    case TXNG_AT_TIME:
        return true;
    case TXNG_AT_EPCS:
        return k->type != TXNG_KDE_SERIALS && (k->group == NULL || strcmp(k->group, "what") != 0);
    case TXNG_AT_QUANTITIES:
        return k->type != TXNG_KDE_LOT;
    default:
        return false;
    }
}

/* Serials run together: "000001-000040; 000050" (digit strings of one length, consecutive). */
static void
compact_serials(struct text *t, const char *const *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t j = i, len = strlen(s[i]);
        bool   digits = len > 0 && len < 19 && strspn(s[i], "0123456789") == len;

        while (digits && j + 1 < n && strlen(s[j + 1]) == len &&
               strspn(s[j + 1], "0123456789") == len &&
               strtoull(s[j + 1], NULL, 10) == strtoull(s[j], NULL, 10) + 1)
            j++;
        if (t->len > 0)
            text_str(t, SEP);
        text_str(t, s[i]);
        if (j > i) {
            text_str(t, "-");
            text_str(t, s[j]);
        }
        i = j + 1;
    }
}

/*
 * What an event is about, for the fixed GTIN, lot, serials, quantity and unit
 * columns: its entries, one row each, and the serials of its EPC list.
 *
 * An entry is a GTIN and lot pair: one per class of the quantity list (the
 * first non-empty of qlists[]), then one per GTIN of the EPC list not named
 * yet. A class that is not a GS1 key of a GTIN (a urn:txng lot) has no GTIN
 * and is shown as the lot by its code; a GTIN pattern and a serialised unit's
 * GTIN have no lot. The serials come from the first of elists[] that names
 * serialised units: sgtin keys with their GTIN, urn:txng units without one.
 */
struct entry {
    char          gtin[TXNG_GS1_SSCC_LEN + 1]; /* as txng_gs1_id.key_digits; "" for none */
    char          lot[TXNG_GS1_URI_MAX + 1];
    const json_t *quantity; /* its element of the quantity list; NULL for a GTIN of the EPC list */
};

struct serial {
    char gtin[TXNG_GS1_SSCC_LEN + 1]; /* as txng_gs1_id.key_digits; "" for a urn:txng unit */
    char code[TXNG_GS1_CODE_MAX + 1];
};

struct what {
    struct entry  *entries;
    size_t         nentries, capentries;
    struct serial *serials;
    size_t         nserials, capserials; /* a packing may list thousands: room doubles */
};

/* Room for one more of @p size bytes in *@p v of @p *cap, doubling; false when out of memory. */
static bool
room(void **v, size_t *cap, size_t n, size_t size)
{
    void  *grown;
    size_t want = *cap > 0 ? 2 * *cap : 8;

    if (n < *cap)
        return true;
    if ((grown = realloc(*v, want * size)) == NULL)
        return false;
    *v   = grown;
    *cap = want;
    return true;
}

static void
what_free(struct what *w)
{
    free(w->entries);
    free(w->serials);
}

/* A new zeroed entry at the end of @p w, or NULL when out of memory. */
static struct entry *
entry_add(struct what *w)
{
    void *v = w->entries;

    if (!room(&v, &w->capentries, w->nentries, sizeof *w->entries))
        return NULL;
    w->entries = v;
    memset(&w->entries[w->nentries], 0, sizeof *w->entries);
    return &w->entries[w->nentries++];
}

/* Serial @p code of @p gtin at the end of @p w; false when out of memory. */
static bool
serial_add(struct what *w, const char *gtin, const char *code)
{
    void *v = w->serials;

    if (!room(&v, &w->capserials, w->nserials, sizeof *w->serials))
        return false;
    w->serials = v;
    snprintf(w->serials[w->nserials].gtin, sizeof w->serials->gtin, "%s", gtin);
    snprintf(w->serials[w->nserials].code, sizeof w->serials->code, "%s", code);
    w->nserials++;
    return true;
}

/* Whether an entry of @p w has GTIN @p gtin. */
static bool
what_has_gtin(const struct what *w, const char *gtin)
{
    for (size_t i = 0; i < w->nentries; i++)
        if (strcmp(w->entries[i].gtin, gtin) == 0)
            return true;
    return false;
}

/* The entries and serials of @p ev into @p w (zeroed); false when out of memory. */
static bool
what_of(struct what *w, const json_t *ev)
{
    static const char *const qlists[] = { "quantityList", "childQuantityList",
                                          "outputQuantityList", "inputQuantityList" };
    static const char *const elists[] = { "epcList", "childEPCs", "outputEPCList",
                                          "inputEPCList" };
    const json_t *list = NULL;
    size_t        i;
    const json_t *e;

    for (size_t k = 0; k < sizeof qlists / sizeof qlists[0] && list == NULL; k++)
        if (json_array_size(json_object_get(ev, qlists[k])) > 0)
            list = json_object_get(ev, qlists[k]);
    json_array_foreach((json_t *) (uintptr_t) list, i, e)
    {
        const char   *cls = json_string_value(json_object_get(e, "epcClass"));
        struct entry *en;
        txng_gs1_id   g;

        if (cls == NULL)
            continue;
        if ((en = entry_add(w)) == NULL)
            return false;
        en->quantity = e;
        if (gs1_key_of(cls, &g) && g.key == TXNG_GS1_KEY_GTIN) {
            snprintf(en->gtin, sizeof en->gtin, "%s", g.key_digits);
            snprintf(en->lot, sizeof en->lot, "%s", g.lot);
        } else {
            id_short(cls, en->lot, sizeof en->lot);
        }
    }
    for (size_t k = 0; k < sizeof elists / sizeof elists[0] && w->nserials == 0; k++) {
        json_array_foreach(json_object_get(ev, elists[k]), i, e)
        {
            const char   *id = json_string_value(e);
            struct entry *en;
            txng_gs1_id   g;
            char          code[TXNG_GS1_CODE_MAX + 1];
            int           kind;

            if (id == NULL)
                continue;
            if (gs1_key_of(id, &g)) {
                if (g.key != TXNG_GS1_KEY_GTIN || g.serial[0] == '\0')
                    continue;
                if (!what_has_gtin(w, g.key_digits)) {
                    if ((en = entry_add(w)) == NULL)
                        return false;
                    snprintf(en->gtin, sizeof en->gtin, "%s", g.key_digits);
                }
                if (!serial_add(w, g.key_digits, g.serial))
                    return false;
            } else if (txng_index_id_code(id, strlen(id), &kind, code, sizeof code) &&
                       kind == TXNG_GS1_KIND_UNIT) {
                if (!serial_add(w, "", code))
                    return false;
            }
        }
    }
    return true;
}

/*
 * The GTIN, lot, serials, quantity and unit cells of row @p r of an event
 * about @p w: entry @p r (none when the event has no entry), the serials of
 * its GTIN, and on row 0 the serials without a GTIN. @p codes has room for
 * every serial. The quantity and unit are left empty unless @p counts.
 */
static void
cells_what(struct text *cells, const struct what *w, size_t r, const char **codes, bool counts)
{
    const struct entry *en = r < w->nentries ? &w->entries[r] : NULL;
    size_t              n  = 0;

    for (size_t c = 6; c <= 10; c++)
        text_clear(&cells[c]);
    if (en != NULL) {
        text_str(&cells[6], en->gtin);
        text_str(&cells[7], en->lot);
    }
    for (size_t i = 0; i < w->nserials; i++) {
        const struct serial *s = &w->serials[i];

        if (s->gtin[0] == '\0' ? r == 0 : en != NULL && strcmp(s->gtin, en->gtin) == 0)
            codes[n++] = s->code;
    }
    compact_serials(&cells[8], codes, n);
    if (counts && en != NULL && en->quantity != NULL) {
        const json_t *q   = json_object_get(en->quantity, "quantity");
        const char   *uom = json_string_value(json_object_get(en->quantity, "uom"));

        if (q != NULL) {
            render(&cells[9], q, false);
            if (uom != NULL)
                text_str(&cells[10], uom);
        }
    }
}

/* Identifier @p id into a code cell and a name cell. */
static void
cell_party(struct text *code_cell, struct text *name_cell, const char *id, const json_t *names)
{
    char        code[TXNG_GS1_URI_MAX + 1];
    const char *name;

    if (id == NULL)
        return;
    id_short(id, code, sizeof code);
    text_item(code_cell, code);
    name = json_string_value(json_object_get(names, id));
    text_item(name_cell, name != NULL ? name : "");
}

/* Record @p index decoded, or NULL (a record that is not there is left out). */
static txng_record *
record_at(txng_log *log, uint64_t index)
{
    char        *bytes = NULL;
    size_t       len;
    txng_record *rec = NULL;

    if (txng_log_get(log, index, &bytes, &len) == TXNG_OK &&
        txng_record_decode(&rec, bytes, len, NULL) != TXNG_OK)
        rec = NULL;
    free(bytes);
    return rec;
}

/*
 * "N reason" into @p cell for record N, which declares a record wrong, and
 * " → M" when it names record M as recorded in its place.
 */
static void
cell_correction(struct text *cell, txng_log *log, uint64_t index)
{
    txng_record *c = record_at(log, index);
    const char  *why;
    char         item[96];
    uint64_t     by;
    bool         found = false;
    size_t       n;

    if (c == NULL)
        return;
    why = json_string_value(json_object_get(
        json_object_get(txng_index_unwrap(c->event, NULL), "errorDeclaration"), "reason"));
    n = (size_t) snprintf(item, sizeof item, "%" PRIu64 " %s", index, why != NULL ? why : "");
    if (txng_index_replacement(log, index, &by, &found) == TXNG_OK && found && n < sizeof item)
        snprintf(item + n, sizeof item - n, " \u2192 %" PRIu64, by);
    text_item(cell, item);
    txng_record_free(c);
}

/*
 * "N reason" into @p cell for each record N that declares record @p rec
 * (standing for event @p ev) wrong (txng_index_declared_wrong()).
 */
static void
cell_corrections(struct text *cell, txng_log *log, const txng_record *rec, const json_t *ev)
{
    uint64_t *by  = NULL;
    size_t    nby = 0;

    if (txng_index_declared_wrong(log, rec->index, ev, &by, &nby) != TXNG_OK)
        nby = 0;
    for (size_t i = 0; i < nby; i++)
        cell_correction(cell, log, by[i]);
    free(by);
}

/* The spreadsheet being written. */
struct sheet {
    FILE             *out;
    txng_log         *log;
    const json_t     *names; /* id -> name of places and parties (load_names()) */
    const struct col *cols;  /* the element columns */
    size_t            ncols;
    struct text      *cells; /* of the row being written: NFIXED + ncols */
    bool              vietnamese;
};

/*
 * Whether @p ev is an EPCIS error declaration (an event with an
 * errorDeclaration, imported: it declares the event of its eventID wrong,
 * whose rows name it under "corrected by"). Its rows repeat that event's but
 * count nothing: the CTE cell says "error declaration", the quantity, unit and
 * element cells are left empty, so that no column counts the event twice.
 */
static bool
is_declaration(const json_t *ev)
{
    return json_is_object(json_object_get(ev, "errorDeclaration"));
}

/*
 * The cells that every row of record @p rec has, standing for event @p ev
 * signed by @p sigs: the fixed ones but the "what" ones (cells_what()), then
 * one per KDE column.
 */
static void
event_cells(struct sheet *sh, const txng_record *rec, const json_t *ev, const json_t *sigs)
{
    struct text     *cells = sh->cells;
    const json_t    *loc;
    const bool       decl = is_declaration(ev);
    const txng_step *step = decl ? NULL : txng_event_step(ev);
    const char      *s;
    char             num[24];
    size_t           i;
    const json_t    *e;

    snprintf(num, sizeof num, "%" PRIu64, rec->index);
    text_str(&cells[0], num);
    text_str(&cells[1], rec->recorded);
    if ((s = json_string_value(json_object_get(ev, "eventTime"))) != NULL)
        text_str(&cells[2], s);
    if (decl)
        text_str(&cells[3], sh->vietnamese ? "khai báo lỗi" : "error declaration");
    else if (step != NULL)
        text_str(&cells[3], step->name);
    if ((s = json_string_value(json_object_get(ev, "bizStep"))) != NULL)
        text_str(&cells[4], s);
    json_array_foreach(sigs, i, e)
    {
        const char *ref  = json_string_value(json_object_get(e, "key"));
        const char *plus = ref != NULL ? strchr(ref, '+') : NULL;

        if (plus != NULL) {
            if (cells[5].len > 0)
                text_str(&cells[5], SEP);
            text_add(&cells[5], ref, (size_t) (plus - ref));
        }
    }
    loc = json_object_get(ev, "bizLocation");
    if (!json_is_string(json_object_get(loc, "id")))
        loc = json_object_get(ev, "readPoint");
    cell_party(&cells[11], &cells[12], json_string_value(json_object_get(loc, "id")), sh->names);
    json_array_foreach(json_object_get(ev, "sourceList"), i, e)
        cell_party(&cells[13], &cells[14], json_string_value(json_object_get(e, "source")),
                   sh->names);
    json_array_foreach(json_object_get(ev, "destinationList"), i, e)
        cell_party(&cells[15], &cells[16], json_string_value(json_object_get(e, "destination")),
                   sh->names);
    json_array_foreach(json_object_get(ev, "bizTransactionList"), i, e)
    {
        const char *id = json_string_value(json_object_get(e, "bizTransaction"));
        char        code[TXNG_GS1_URI_MAX + 1];

        if (id != NULL) {
            id_short(id, code, sizeof code);
            text_item(&cells[17], code);
        }
    }
    cell_corrections(&cells[18], sh->log, rec, ev);
    /* The elements of the event's own step, each in the column of its label. */
    for (size_t k = 0; step != NULL && k < step->n_kdes; k++) {
        const txng_kde *kde = &step->kdes[k];

        if (!kde_is_column(kde))
            continue;
        for (size_t c = 0; c < sh->ncols; c++)
            if (strcmp(sh->cols[c].en, kde->label) == 0) {
                cell_kde(&cells[NFIXED + c], ev, kde);
                break;
            }
    }
    /* A name cell of only separators says nothing. */
    for (size_t c = 12; c <= 16; c += 2)
        if (cells[c].p != NULL && strspn(cells[c].p, "; ") == cells[c].len)
            cells[c].len = 0;
}

/* ---- writing ----------------------------------------------------------------------------- */

/* One RFC 4180 field, defused against formula injection. */
static void
put_field(FILE *out, const char *s, size_t len)
{
    bool quote = false;

    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                    s[0] == '\r'))
        quote = true;
    if (quote)
        putc('"', out);
    if (len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                    s[0] == '\r'))
        putc('\'', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    if (quote)
        putc('"', out);
}

/* The cells of the row as one CSV row; false when a cell ran out of memory. */
static bool
put_row(struct sheet *sh)
{
    bool oom = false;

    for (size_t c = 0; c < NFIXED + sh->ncols; c++) {
        const struct text *t = &sh->cells[c];

        oom |= t->oom;
        if (c > 0)
            putc(',', sh->out);
        put_field(sh->out, t->p != NULL ? t->p : "", t->len);
    }
    fputs("\r\n", sh->out);
    return !oom;
}

/*
 * The rows of record @p rec, standing for event @p ev signed by @p sigs: one
 * per entry of the event (what_of()), or one when it has none. Every row has
 * the cells of the event (event_cells()), so that each stands alone when the
 * sheet is sorted or filtered, and those of its own entry (cells_what()).
 * Returns false when out of memory.
 */
static bool
write_event(struct sheet *sh, const txng_record *rec, const json_t *ev, const json_t *sigs)
{
    struct what  w     = { 0 };
    const char **codes = NULL;
    bool         ok;

    for (size_t c = 0; c < NFIXED + sh->ncols; c++)
        text_clear(&sh->cells[c]);
    event_cells(sh, rec, ev, sigs);
    ok = what_of(&w, ev) && (codes = calloc(w.nserials + 1, sizeof *codes)) != NULL;
    for (size_t r = 0; ok && r < (w.nentries > 0 ? w.nentries : 1); r++) {
        cells_what(sh->cells, &w, r, codes, !is_declaration(ev));
        ok = put_row(sh);
    }
    free(codes);
    what_free(&w);
    return ok;
}

static int
read_record(txng_log *log, uint64_t index, txng_record **rec)
{
    char     *bytes = NULL;
    size_t    len;
    txng_diag diag  = TXNG_DIAG_INIT;
    txng_err  err   = txng_log_get(log, index, &bytes, &len);

    if (err == TXNG_OK)
        err = txng_record_decode(rec, bytes, len, &diag);
    free(bytes);
    if (err != TXNG_OK) {
        diag.has_index = true;
        diag.index     = index;
        cli_report("export", err, &diag);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/*
 * The event record @p rec stands for and its signatures: an imported record
 * (txng:Imported) stands for the upstream event it carries, signed upstream.
 */
static const json_t *
record_event(const txng_record *rec, const json_t **sigs)
{
    const json_t *up = NULL, *ev = txng_index_unwrap(rec->event, &up);

    *sigs = up != NULL ? json_object_get(up, "signatures") : rec->signatures;
    return ev;
}

/* Whether event @p ev gets a row: EPCIS event types, not txng's own. */
static bool
is_event(const json_t *ev)
{
    const char *type = json_string_value(json_object_get(ev, "type"));

    return type != NULL && strncmp(type, "txng:", 5) != 0;
}

int
cli_export_csv(txng_log *log, const uint64_t *idx, size_t n, FILE *out, const char *path,
               bool vietnamese)
{
    json_t      *names = json_object(), *imported = json_object();
    bool        *used  = calloc(txng_step_count() + 1, sizeof *used);
    struct col  *cols  = NULL;
    size_t       ncols = 0;
    struct text *cells = NULL;
    txng_record *rec   = NULL;
    struct sheet sh;
    int          status;

    if (names == NULL || imported == NULL || used == NULL) {
        cli_report("export", TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    status = load_names(log, names, imported);
    if (status != EXIT_DONE)
        goto out;
    /* The steps present decide the element columns. */
    for (size_t r = 0; r < n; r++) {
        const txng_step *step;
        const json_t    *ev, *sigs;

        if ((status = read_record(log, idx[r], &rec)) != EXIT_DONE)
            goto out;
        ev = record_event(rec, &sigs);
        if (is_event(ev) && !is_declaration(ev) && (step = txng_event_step(ev)) != NULL)
            for (size_t i = 0; i < txng_step_count(); i++)
                if (txng_step_at(i) == step)
                    used[i] = true;
        txng_record_free(rec);
        rec = NULL;
    }
    for (size_t i = 0; i < txng_step_count(); i++) {
        const txng_step *step = txng_step_at(i);

        if (!used[i])
            continue;
        for (size_t k = 0; k < step->n_kdes; k++) {
            const txng_kde *kde = &step->kdes[k];
            bool            have = false;

            if (!kde_is_column(kde))
                continue;
            for (size_t c = 0; c < ncols && !have; c++)
                have = strcmp(cols[c].en, kde->label) == 0;
            if (have)
                continue;
            struct col *grown = realloc(cols, (ncols + 1) * sizeof *cols);

            if (grown == NULL) {
                cli_report("export", TXNG_ENOMEM, NULL);
                status = EXIT_FAILED;
                goto out;
            }
            cols          = grown;
            cols[ncols++] = (struct col){ kde->label, col_heading_vi(kde->label, kde->heading) };
        }
    }
    cells = calloc(NFIXED + ncols, sizeof *cells);
    if (cells == NULL) {
        cli_report("export", TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }

    fputs("\xEF\xBB\xBF", out);
    for (size_t c = 0; c < NFIXED + ncols; c++) {
        const char *h = c < NFIXED ? (vietnamese ? fixed_vi[c] : fixed_en[c])
                                   : (vietnamese ? cols[c - NFIXED].vi : cols[c - NFIXED].en);

        if (c > 0)
            putc(',', out);
        put_field(out, h, strlen(h));
    }
    fputs("\r\n", out);
    sh = (struct sheet){ .out        = out,
                         .log        = log,
                         .names      = names,
                         .cols       = cols,
                         .ncols      = ncols,
                         .cells      = cells,
                         .vietnamese = vietnamese };
    for (size_t r = 0; r < n; r++) {
        bool          oom = false;
        const json_t *ev, *sigs;

        if ((status = read_record(log, idx[r], &rec)) != EXIT_DONE)
            goto out;
        ev = record_event(rec, &sigs);
        if (is_event(ev))
            oom = !write_event(&sh, rec, ev, sigs);
        txng_record_free(rec);
        rec = NULL;
        if (oom) {
            cli_report("export", TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
    }
    if (fflush(out) != 0 || ferror(out)) {
        cli_error(path, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
out:
    txng_record_free(rec);
    if (cells != NULL)
        for (size_t c = 0; c < NFIXED + ncols; c++)
            free(cells[c].p);
    free(cells);
    free(cols);
    free(used);
    json_decref(names);
    json_decref(imported);
    return status;
}
