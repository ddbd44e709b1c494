/*
 * csv_export.c - the key data elements of events as a sortable spreadsheet
 *
 * Modelled on the FSMA 204 "electronic sortable spreadsheet": one row per
 * event (EPCIS types only: the genesis, keys and master data are not events),
 * fixed columns first (record, times, CTE, bizStep, signers, GTIN, lot,
 * serials, quantity, unit, place, from, to, documents), then one column per
 * other key data element of the steps present (core/event.h), in the order of
 * the step table, each element once whichever steps share it. Cells hold one
 * kind of value each, times in RFC 3339 so that they sort as text; lists are
 * joined with "; ". Identifiers are shown by their code (GLN, lot, serial,
 * urn:txng code); the names of places and parties come from the master data
 * records of the log. A record imported from another log's bundle
 * (txng:Imported) is the upstream event it carries, with its upstream signers,
 * as trace shows it; imported master data names what the log's own does not.
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

/* Whether the list @p t holds @p s as an item. */
static bool
text_has(const struct text *t, const char *s)
{
    size_t n = strlen(s);

    for (const char *p = t->p; p != NULL && (p = strstr(p, s)) != NULL; p++)
        if ((p == t->p || (p - t->p >= 2 && memcmp(p - 2, SEP, 2) == 0)) &&
            (p[n] == '\0' || memcmp(p + n, SEP, 2) == 0))
            return true;
    return false;
}

/* Add @p s unless the list already holds it. */
static void
text_item_once(struct text *t, const char *s)
{
    if (!text_has(t, s))
        text_item(t, s);
}

/* Item @p k of a list: the separator before every item but the first, even an empty one. */
static void
text_slot(struct text *t, size_t k, const char *s)
{
    if (k > 0)
        text_str(t, SEP);
    text_str(t, s);
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
compact_serials(struct text *t, char **s, size_t n)
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
 * The fixed "what" columns: GTIN, lot, serials, quantity, unit. The GTIN and
 * lot lists line up: one entry each per class of the quantity list, then one
 * per GTIN of the EPC list not named yet, empty where an identifier has no
 * GTIN or no lot; a class that is not a GS1 key (a urn:txng lot) is shown in
 * the lot list by its code.
 */
static void
cells_what(struct text *cells, const json_t *ev)
{
    static const char *const qlists[] = { "quantityList", "childQuantityList",
                                          "outputQuantityList", "inputQuantityList" };
    static const char *const elists[] = { "epcList", "childEPCs", "outputEPCList",
                                          "inputEPCList" };
    struct text *gtin = &cells[6], *lot = &cells[7], *ser = &cells[8], *qty = &cells[9],
                *unit = &cells[10];
    const json_t *list = NULL;
    size_t        i;
    const json_t *e;
    char        **serials = NULL;
    size_t        nser = 0, nid = 0;

    for (size_t k = 0; k < sizeof qlists / sizeof qlists[0] && list == NULL; k++)
        if (json_array_size(json_object_get(ev, qlists[k])) > 0)
            list = json_object_get(ev, qlists[k]);
    json_array_foreach((json_t *) (uintptr_t) list, i, e)
    {
        const char   *cls = json_string_value(json_object_get(e, "epcClass"));
        const json_t *q   = json_object_get(e, "quantity");
        const char   *uom = json_string_value(json_object_get(e, "uom"));
        txng_gs1_id   g;
        char          code[TXNG_GS1_URI_MAX + 1];

        if (cls == NULL)
            continue;
        if (gs1_key_of(cls, &g) && g.key == TXNG_GS1_KEY_GTIN) {
            text_slot(gtin, nid, g.key_digits);
            text_slot(lot, nid++, g.lot);
        } else {
            id_short(cls, code, sizeof code);
            text_slot(gtin, nid, "");
            text_slot(lot, nid++, code);
        }
        if (q != NULL) {
            struct text one = { 0 };

            render(&one, q, false);
            if (one.p != NULL)
                text_item(qty, one.p);
            free(one.p);
            if (uom != NULL)
                text_item_once(unit, uom);
        }
    }
    list = NULL;
    for (size_t k = 0; k < sizeof elists / sizeof elists[0]; k++) {
        const json_t *l = json_object_get(ev, elists[k]);

        json_array_foreach((json_t *) (uintptr_t) l, i, e)
        {
            const char *id = json_string_value(e);
            txng_gs1_id g;
            char      **grown;

            if (id == NULL || !gs1_key_of(id, &g) || g.key != TXNG_GS1_KEY_GTIN ||
                g.serial[0] == '\0')
                continue;
            if (!text_has(gtin, g.key_digits)) {
                text_slot(gtin, nid, g.key_digits);
                text_slot(lot, nid++, "");
            }
            grown = realloc(serials, (nser + 1) * sizeof *serials);
            if (grown == NULL || (grown[nser] = strdup(g.serial)) == NULL) {
                cells[0].oom = true;
                serials      = grown != NULL ? grown : serials;
                break;
            }
            serials = grown;
            nser++;
        }
        if (nser > 0)
            break;
    }
    compact_serials(ser, serials, nser);
    for (size_t k = 0; k < nser; k++)
        free(serials[k]);
    free(serials);
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

/*
 * Cells of record @p rec, standing for event @p ev signed by @p sigs: the fixed
 * ones, then one per KDE column. An EPCIS error declaration (an event with an
 * errorDeclaration, imported: it declares the event of its eventID wrong, whose
 * row names it under "corrected by") repeats that event: its CTE cell says
 * "error declaration" (@p vietnamese: "khai báo lỗi"), and its quantity, unit and
 * element cells are left empty, so that no column counts the event twice.
 */
static void
row_cells(struct text *cells, txng_log *log, const txng_record *rec, const json_t *ev,
          const json_t *sigs, const json_t *names, const struct col *cols, size_t ncols,
          bool vietnamese)
{
    const json_t    *loc;
    const bool       decl = json_is_object(json_object_get(ev, "errorDeclaration"));
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
        text_str(&cells[3], vietnamese ? "khai báo lỗi" : "error declaration");
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
    cells_what(cells, ev);
    if (decl)
        cells[9].len = cells[10].len = 0;
    loc = json_object_get(ev, "bizLocation");
    if (!json_is_string(json_object_get(loc, "id")))
        loc = json_object_get(ev, "readPoint");
    cell_party(&cells[11], &cells[12], json_string_value(json_object_get(loc, "id")), names);
    json_array_foreach(json_object_get(ev, "sourceList"), i, e)
        cell_party(&cells[13], &cells[14], json_string_value(json_object_get(e, "source")), names);
    json_array_foreach(json_object_get(ev, "destinationList"), i, e)
        cell_party(&cells[15], &cells[16], json_string_value(json_object_get(e, "destination")),
                   names);
    json_array_foreach(json_object_get(ev, "bizTransactionList"), i, e)
    {
        const char *id = json_string_value(json_object_get(e, "bizTransaction"));
        char        code[TXNG_GS1_URI_MAX + 1];

        if (id != NULL) {
            id_short(id, code, sizeof code);
            text_item(&cells[17], code);
        }
    }
    cell_corrections(&cells[18], log, rec, ev);
    /* The elements of the event's own step, each in the column of its label. */
    for (size_t k = 0; step != NULL && k < step->n_kdes; k++) {
        const txng_kde *kde = &step->kdes[k];

        if (!kde_is_column(kde))
            continue;
        for (size_t c = 0; c < ncols; c++)
            if (strcmp(cols[c].en, kde->label) == 0) {
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
        if (is_event(ev) && !json_is_object(json_object_get(ev, "errorDeclaration")) &&
            (step = txng_event_step(ev)) != NULL)
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
    for (size_t r = 0; r < n; r++) {
        bool          oom = false;
        const json_t *ev, *sigs;

        if ((status = read_record(log, idx[r], &rec)) != EXIT_DONE)
            goto out;
        ev = record_event(rec, &sigs);
        if (is_event(ev)) {
            for (size_t c = 0; c < NFIXED + ncols; c++) {
                cells[c].len = 0;
                if (cells[c].p != NULL)
                    cells[c].p[0] = '\0';
            }
            row_cells(cells, log, rec, ev, sigs, names, cols, ncols, vietnamese);
            for (size_t c = 0; c < NFIXED + ncols; c++) {
                oom |= cells[c].oom;
                if (c > 0)
                    putc(',', out);
                put_field(out, cells[c].p != NULL ? cells[c].p : "", cells[c].len);
            }
            fputs("\r\n", out);
        }
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
