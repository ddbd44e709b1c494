/*
 * cmd_labels.c - txng labels: a PDF sheet with one label per serial packed from a lot
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/claim.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/record.h"
#include "core/trace.h"
#include "qr/label.h"
#include "qr/render.h"
#include "qr/sheet.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR         the log folder (or $TXNG_DIR)\n"
       "  -l, --lot LOT         the lot: its code, its Digital Link URI or urn:txng code\n"
       "  -b, --base URL        the resolver the codes point to (https://...)\n"
       "  -o, --output FILE     the PDF to write (a new file)\n"
       "  -L, --layout NAME     a4-3x8 (default), a4-2x5 or roll-50x30\n"
       "  -g, --grid CxR        a custom grid: C labels across, R down ...\n"
       "  -w, --label WxHmm     ... each W x H mm ...\n"
       "  -m, --margins T,L[,GX,GY]  ... from the top and left edges, with gaps (mm;\n"
       "                        default: centred, no gaps) ...\n"
       "  -p, --page WxHmm      ... on pages of this size (default A4)\n"
       "  -k, --sign-as KEY     sign every label (GS1 AI 8030) with this key\n"
       "  -c, --claim-codes     print a claim code under a scratch-off box on each label\n"
       "                        and record their hashes in the log first\n"
       "  -a, --as KEY          the packer's key that signs the claim-code record\n"
       "                        (default: the --sign-as key)\n"
       "  -S, --skip-claimed    with --claim-codes: leave out units already claimed\n"
       "                        (their codes cannot be replaced) and list them\n"
       "  -e, --ecc LEVEL       error correction L, M (default), Q or H\n"
       "  -t, --time TIME       the time of the claim-code record (default: now)\n"
       "  -h, --help            show this help\n"
       "One label per serial that a packing event made from the lot, in serial order:\n"
       "QR code, product name, lot, serial, net weight, harvest and expiry dates,\n"
       "producer and the GS1 human-readable line. Text is set smaller or wrapped to\n"
       "fit; a label whose text cannot fit is refused, and nothing is written.\n");

/* One unit to label. */
struct unit {
    char    *id;     /* canonical identifier of the unit */
    char    *serial; /* its serial */
    uint64_t pack;   /* the packing record */
};

struct lotinfo {
    char         lot_id[TXNG_GS1_URI_MAX];
    char         lot[TXNG_GS1_VALUE_MAX + 1];     /* the lot's code, AI 10 */
    char         gtin[TXNG_GS1_GTIN_LEN + 1];     /* of the units packed */
    struct unit *units;
    size_t       n;
    char        *name, *producer, *net;
    char         expiry[TXNG_GS1_DATE_LEN + 1], harvest[TXNG_GS1_DATE_LEN + 1];
    char         expiry_text[16], harvest_text[16];
    char         origin[4];
};

static void
lotinfo_free(struct lotinfo *li)
{
    for (size_t i = 0; i < li->n; i++) {
        free(li->units[i].id);
        free(li->units[i].serial);
    }
    free(li->units);
    free(li->name);
    free(li->producer);
    free(li->net);
}

/* The event of record @p index (a new reference), or NULL. */
static json_t *
read_event(txng_log *log, uint64_t index)
{
    char   *bytes = NULL;
    size_t  len;
    json_t *rec, *ev = NULL;

    if (txng_log_get(log, index, &bytes, &len) != TXNG_OK)
        return NULL;
    rec = json_loadb(bytes, len, 0, NULL);
    free(bytes);
    if (rec != NULL) {
        ev = json_object_get(rec, "event");
        json_incref(ev);
        json_decref(rec);
    }
    return ev;
}

/*
 * The newest master-data record of @p type whose id is @p id, found by the
 * name key of @p code (GS1 key digits); a new reference or NULL.
 */
static json_t *
find_master(txng_log *log, txng_gs1_kind kind, const char *code, const char *type, const char *id)
{
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    json_t         *best = NULL;

    if (txng_index_find_name(log, kind, code, strlen(code), &hits, &n) != TXNG_OK)
        return NULL;
    for (size_t i = n; i-- > 0 && best == NULL;) {
        json_t     *ev = read_event(log, hits[i].index);
        const char *t  = json_string_value(json_object_get(ev, "type"));
        const char *i2 = json_string_value(json_object_get(ev, "id"));

        if (t != NULL && i2 != NULL && strcmp(t, type) == 0 && strcmp(i2, id) == 0)
            best = ev;
        else
            json_decref(ev);
    }
    free(hits);
    return best;
}

/* "2024-11-12..." -> "241112" and "2024-11-12"; false when not a date. */
static bool
date_of(const char *rfc3339, char yymmdd[7], char text[16])
{
    if (rfc3339 == NULL || strlen(rfc3339) < 10 || rfc3339[4] != '-' || rfc3339[7] != '-')
        return false;
    snprintf(yymmdd, 7, "%.2s%.2s%.2s", rfc3339 + 2, rfc3339 + 5, rfc3339 + 8);
    snprintf(text, 16, "%.10s", rfc3339);
    return true;
}

static int
unit_cmp(const void *a, const void *b)
{
    const struct unit *x = a, *y = b;
    size_t             lx = strlen(x->serial), ly = strlen(y->serial);

    /* numeric-looking serials of different lengths: shorter first */
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x->serial, y->serial);
}

/*
 * Whether @p id names a lot: a Digital Link of a GTIN and a lot without a
 * serial, or urn:txng:ORIGIN:lot:CODE. Gives its canonical form (when @p canon
 * is not NULL) and its code; both buffers hold TXNG_GS1_URI_MAX bytes.
 */
static bool
lot_code_of(const char *id, size_t len, char *canon, char *code)
{
    txng_gs1_id   g;
    txng_gs1_code u;

    if (txng_gs1_dl_parse(&g, id, len, 0, NULL) == TXNG_OK) {
        if (g.key != TXNG_GS1_KEY_GTIN || g.lot[0] == 0 || g.serial[0] != 0 ||
            (canon != NULL && txng_gs1_dl_format(canon, &g, NULL, false, NULL) != TXNG_OK))
            return false;
        snprintf(code, TXNG_GS1_URI_MAX, "%s", g.lot);
        return true;
    }
    if (txng_gs1_code_parse(&u, id, len, NULL) == TXNG_OK && u.kind == TXNG_GS1_KIND_LOT) {
        if (canon != NULL)
            snprintf(canon, TXNG_GS1_URI_MAX, "%.*s", (int) len, id);
        snprintf(code, TXNG_GS1_URI_MAX, "%s", u.code);
        return true;
    }
    return false;
}

/* The lot's identifier from what the user typed: a URI, or a lot code of this log. */
static int
find_lot(txng_log *log, const char *text, struct lotinfo *li)
{
    txng_diag       diag = TXNG_DIAG_INIT;
    txng_index_hit *hits = NULL;
    txng_index_list list = { 0 };
    size_t          n    = 0;
    int             status = EXIT_DONE;
    char            code[TXNG_GS1_URI_MAX];
    txng_err        err;

    li->lot_id[0] = 0;
    if (strncmp(text, "http", 4) == 0 || strncmp(text, "urn:", 4) == 0) {
        err = txng_gs1_canonicalize(li->lot_id, text, strlen(text), &diag);
        if (err != TXNG_OK) {
            cli_report(text, err, &diag);
            return cli_status(err);
        }
    } else {
        err = txng_index_find_name(log, TXNG_GS1_KIND_LOT, text, strlen(text), &hits, &n);
        if (err != TXNG_OK && err != TXNG_EFORMAT) {
            cli_report(text, err, NULL);
            return cli_status(err);
        }
        for (size_t i = 0; i < n && status == EXIT_DONE; i++) {
            json_t *ev = read_event(log, hits[i].index);

            if (ev == NULL || txng_index_extract(&list, ev) != TXNG_OK) {
                json_decref(ev);
                continue;
            }
            for (size_t k = 0; k < list.n; k++) {
                char canon[TXNG_GS1_URI_MAX];

                if (!lot_code_of(list.v[k].id, list.v[k].id_len, canon, code) ||
                    strcmp(code, text) != 0)
                    continue;
                if (li->lot_id[0] == 0) {
                    snprintf(li->lot_id, sizeof li->lot_id, "%s", canon);
                } else if (strcmp(li->lot_id, canon) != 0) {
                    cli_error(text, _("two products have a lot of this code: give the lot's URI "
                                      "(%s or %s)"),
                              li->lot_id, canon);
                    status = EXIT_USAGE;
                    break;
                }
            }
            json_decref(ev);
        }
        txng_index_list_free(&list);
        free(hits);
        if (status != EXIT_DONE)
            return status;
        if (li->lot_id[0] == 0) {
            cli_error(text, _("no lot with this code in this log"));
            return EXIT_NO;
        }
    }
    /* The labels carry the GTIN of the units, which may differ from a bulk lot's. */
    if (!lot_code_of(li->lot_id, strlen(li->lot_id), NULL, code)) {
        cli_error(text, _("not a lot: give a lot code, /01/GTIN/10/LOT or urn:txng:...:lot:CODE"));
        return EXIT_USAGE;
    }
    /* A urn:txng code may be longer than the 20 characters of AI 10. */
    if (txng_gs1_ai_check("10", code, strlen(code), &diag) != TXNG_OK) {
        cli_report(li->lot_id, TXNG_EFORMAT, &diag);
        return EXIT_FAILED;
    }
    memcpy(li->lot, code, strlen(code) + 1);
    return EXIT_DONE;
}

/* Units packed from the lot, and the pack record's net content and best-before date. */
static int
find_units(txng_log *log, struct lotinfo *li)
{
    txng_trace_result *r = NULL;
    txng_err           err;
    uint64_t           pack = UINT64_MAX;
    int                status = EXIT_DONE;

    err = txng_trace(log, li->lot_id, TXNG_TRACE_FORWARD, 1, &r);
    if (err == TXNG_ENOTFOUND) {
        cli_error(li->lot_id, _("no event in this log names this lot"));
        return EXIT_NO;
    }
    if (err != TXNG_OK) {
        cli_report(li->lot_id, err, NULL);
        return cli_status(err);
    }
    for (size_t e = 0; e < r->nevents; e++) {
        const txng_trace_event *ev = &r->events[e];

        if (!cli_biz_step_is(ev->biz_step, "packing"))
            continue;
        for (size_t k = 0; k < ev->nnext; k++) {
            const char  *id = r->nodes[ev->next[k]].id;
            txng_gs1_id  g;
            struct unit *u;

            if (txng_gs1_dl_parse(&g, id, strlen(id), 0, NULL) != TXNG_OK ||
                g.key != TXNG_GS1_KEY_GTIN || g.serial[0] == 0)
                continue;
            if (li->gtin[0] == 0) {
                memcpy(li->gtin, g.key_digits, sizeof li->gtin);
            } else if (strcmp(g.key_digits, li->gtin) != 0) {
                cli_error(li->lot_id, _("units of two products were packed from this lot (GTIN "
                                        "%s and %s): a sheet holds one product"),
                          li->gtin, g.key_digits);
                status = EXIT_USAGE;
                goto out;
            }
            u = realloc(li->units, (li->n + 1) * sizeof *u);
            if (u == NULL) {
                status = EXIT_FAILED;
                cli_report("labels", TXNG_ENOMEM, NULL);
                goto out;
            }
            li->units = u;
            u         = &li->units[li->n];
            u->id     = strdup(id);
            u->serial = strdup(g.serial);
            u->pack   = ev->index;
            li->n++;
            if (u->id == NULL || u->serial == NULL) {
                status = EXIT_FAILED;
                cli_report("labels", TXNG_ENOMEM, NULL);
                goto out;
            }
            if (pack == UINT64_MAX || ev->index > pack)
                pack = ev->index;
        }
    }
    if (li->n == 0) {
        cli_error(li->lot_id, _("no serial was packed from this lot"));
        status = EXIT_NO;
        goto out;
    }
    qsort(li->units, li->n, sizeof li->units[0], unit_cmp);
    /* A serial that two packing records name (a correction) gets one label. */
    {
        size_t kept = 1;

        for (size_t i = 1; i < li->n; i++) {
            if (strcmp(li->units[i].id, li->units[kept - 1].id) == 0) {
                free(li->units[i].id);
                free(li->units[i].serial);
            } else {
                li->units[kept++] = li->units[i];
            }
        }
        li->n = kept;
    }
    {
        json_t     *ev   = read_event(log, pack);
        json_t     *net  = json_object_get(ev, "txng:netContent");
        const char *q    = json_string_value(json_object_get(net, "quantity"));
        const char *uom  = json_string_value(json_object_get(net, "uom"));
        const char *best = json_string_value(json_object_get(ev, "txng:bestBefore"));
        char        buf[64];

        if (q != NULL) {
            const char *unit = uom == NULL              ? ""
                               : strcmp(uom, "GRM") == 0 ? "g"
                               : strcmp(uom, "KGM") == 0 ? "kg"
                               : strcmp(uom, "MLT") == 0 ? "ml"
                               : strcmp(uom, "LTR") == 0 ? "l"
                                                         : uom;

            snprintf(buf, sizeof buf, "%s%s%s", q, unit[0] ? " " : "", unit);
            li->net = strdup(buf);
        }
        if (!date_of(best, li->expiry, li->expiry_text))
            li->expiry[0] = 0;
        json_decref(ev);
    }
out:
    txng_trace_free(r);
    return status;
}

/* The nearest harvest upstream of the lot: its date. */
static void
find_harvest(txng_log *log, struct lotinfo *li)
{
    txng_trace_result      *r    = NULL;
    const txng_trace_event *best = NULL;

    li->harvest[0] = 0;
    if (txng_trace(log, li->lot_id, TXNG_TRACE_BACK, 0, &r) != TXNG_OK)
        return;
    for (size_t e = 0; e < r->nevents; e++) {
        const txng_trace_event *ev = &r->events[e];

        if (!cli_biz_step_is(ev->biz_step, "harvest") &&
            !cli_biz_step_is(ev->biz_step, "harvesting"))
            continue;
        if (best == NULL || ev->depth < best->depth ||
            (ev->depth == best->depth && ev->index > best->index))
            best = ev;
    }
    if (best == NULL || !date_of(best->event_time, li->harvest, li->harvest_text))
        li->harvest[0] = 0;
    txng_trace_free(r);
}

/* Product name, producer name and origin from master data. */
static void
find_product(txng_log *log, struct lotinfo *li)
{
    char        pid[TXNG_GS1_URI_MAX];
    json_t     *prod, *party = NULL;
    const char *name, *producer;
    txng_gs1_id g = { 0 };

    g.key = TXNG_GS1_KEY_GTIN;
    memcpy(g.key_digits, li->gtin, sizeof li->gtin);
    if (txng_gs1_dl_format(pid, &g, NULL, false, NULL) != TXNG_OK)
        return;
    prod = find_master(log, TXNG_GS1_KIND_PRODUCT, g.key_digits, "txng:Product", pid);
    name = json_string_value(json_object_get(prod, "name"));
    if (name != NULL)
        li->name = strdup(name);
    producer = json_string_value(json_object_get(prod, "producer"));
    if (producer != NULL) {
        txng_gs1_code code;
        txng_gs1_id   pg;
        const char   *key = NULL;

        if (txng_gs1_dl_parse(&pg, producer, strlen(producer), 0, NULL) == TXNG_OK)
            key = pg.key_digits;
        else if (txng_gs1_code_parse(&code, producer, strlen(producer), NULL) == TXNG_OK)
            key = code.code;
        if (key != NULL)
            party = find_master(log, TXNG_GS1_KIND_PARTY, key, "txng:Party", producer);
        name = json_string_value(json_object_get(party, "name"));
        li->producer = strdup(name != NULL ? name : producer);
        /* AI 422 only from what the producer's data says (its ISO 3166-1 alpha-2 country,
         * as a numeric code), never from the GTIN prefix; "704" was once written for Vietnam */
        {
            const char *country = json_string_value(json_object_get(party, "country"));

            if (country != NULL && !txng_gs1_country(country, li->origin) &&
                strcmp(country, "704") == 0)
                memcpy(li->origin, "704", 4);
        }
    }
    json_decref(party);
    json_decref(prod);
}

/* Whether label @p sl fits a label of layout @p l. */
static bool
fits(const txng_sheet_layout *l, const txng_sheet_captions *cap, txng_qr_ecc ecc,
     const txng_sheet_label *sl)
{
    txng_sheet *sheet = NULL;
    txng_diag   diag  = TXNG_DIAG_INIT;
    bool        ok;

    if (txng_sheet_new(&sheet, l, cap, ecc) != TXNG_OK)
        return false;
    ok = txng_sheet_add(sheet, sl, &diag) == TXNG_OK;
    txng_sheet_free(sheet);
    return ok;
}

/*
 * After a label of layout @p lay was refused: the smallest label of its
 * proportions that holds it, and the named layouts that do.
 */
static void
suggest(const txng_sheet_layout *lay, const txng_sheet_captions *cap, txng_qr_ecc ecc,
        const txng_sheet_label *sl)
{
    static const char *const names[] = { "a4-3x8", "a4-2x5", "roll-50x30" };
    char                     list[64] = "";
    double                   w = 0, h = 0;

    for (int k = 21; k <= 60 && w == 0; k++) {
        txng_sheet_layout one = { 0 };

        one.cols = one.rows = 1;
        one.label_w = one.page_w = (double) (int) (lay->label_w * k / 20 + 0.999);
        one.label_h = one.page_h = (double) (int) (lay->label_h * k / 20 + 0.999);
        if (one.label_w <= 500 && one.label_h <= 500 && fits(&one, cap, ecc, sl)) {
            w = one.label_w;
            h = one.label_h;
        }
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        txng_sheet_layout n;

        if (txng_sheet_layout_named(names[i], &n) == TXNG_OK &&
            (n.label_w != lay->label_w || n.label_h != lay->label_h) && fits(&n, cap, ecc, sl))
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     list[0] ? ", " : "", names[i]);
    }
    if (w > 0 && list[0] != 0)
        cli_error("labels", _("labels of %g x %g mm are too small for this text: it needs at "
                              "least %g x %g mm; these layouts fit: --layout %s"),
                  lay->label_w, lay->label_h, w, h, list);
    else if (w > 0)
        cli_error("labels", _("labels of %g x %g mm are too small for this text: it needs at "
                              "least %g x %g mm"),
                  lay->label_w, lay->label_h, w, h);
    else if (list[0] != 0)
        cli_error("labels", _("these layouts fit this text: --layout %s"), list);
}

/*
 * Warn of recalls (once per recall record), and with claim codes, refuse or
 * (with @p skip) move to @p skipped (an array the caller frees with its
 * units) the units already claimed: their codes cannot be replaced.
 */
static int
check_units(txng_log *log, struct lotinfo *li, bool claim, bool skip, struct unit **skipped,
            size_t *nskipped)
{
    uint64_t warned = UINT64_MAX;
    size_t   kept = 0, nclaimed = 0, n = li->n;
    char     list[256] = "";
    txng_err err;

    if (skip && (*skipped = calloc(n, sizeof **skipped)) == NULL) {
        cli_report("labels", TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    for (size_t i = 0; i < n; i++) {
        txng_claim_info info;

        err = txng_claim_info_get(log, li->units[i].id, &info);
        if (err != TXNG_OK) {
            cli_report(li->units[i].id, err, NULL);
            /* keep every unit owned by li */
            while (i < n)
                li->units[kept++] = li->units[i++];
            li->n = kept;
            return cli_status(err);
        }
        if (info.recalled && info.recall_index != warned) {
            cli_error(li->lot_id,
                      _("warning: recalled (record %" PRIu64 ", %s): these units must not be "
                        "sold"),
                      info.recall_index, info.recalled_at);
            warned = info.recall_index;
        }
        if (!claim || !info.claimed) {
            li->units[kept++] = li->units[i];
            continue;
        }
        nclaimed++;
        if (strlen(list) + strlen(li->units[i].serial) + 8 < sizeof list)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     list[0] ? ", " : "", li->units[i].serial);
        else if (strstr(list, "...") == NULL)
            snprintf(list + strlen(list), sizeof list - strlen(list), ", ...");
        if (skip)
            (*skipped)[(*nskipped)++] = li->units[i];
        else
            li->units[kept++] = li->units[i];
    }
    li->n = kept;
    if (nclaimed > 0 && !skip) {
        cli_error(li->lot_id,
                  _("%zu unit(s) already claimed, serial(s) %s: their claim codes cannot be "
                    "replaced; give --skip-claimed to print the others"),
                  nclaimed, list);
        return EXIT_FAILED;
    }
    if (li->n == 0) {
        cli_error(li->lot_id, _("every unit of this lot is claimed: no label to print"));
        return EXIT_NO;
    }
    return EXIT_DONE;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },     { "lot", required_argument, NULL, 'l' },
        { "base", required_argument, NULL, 'b' },    { "output", required_argument, NULL, 'o' },
        { "layout", required_argument, NULL, 'L' },  { "grid", required_argument, NULL, 'g' },
        { "label", required_argument, NULL, 'w' },   { "margins", required_argument, NULL, 'm' },
        { "page", required_argument, NULL, 'p' },    { "sign-as", required_argument, NULL, 'k' },
        { "claim-codes", no_argument, NULL, 'c' },   { "as", required_argument, NULL, 'a' },
        { "ecc", required_argument, NULL, 'e' },     { "time", required_argument, NULL, 't' },
        { "skip-claimed", no_argument, NULL, 'S' },  { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char         *dir = NULL, *lot = NULL, *base = NULL, *output = NULL, *layout = NULL;
    const char         *grid = NULL, *label_size = NULL, *margins = NULL, *page = NULL;
    const char         *sign_as = NULL, *as = NULL;
    bool                claim = false, have_time = false, skip_claimed = false;
    int64_t             t = 0, now;
    txng_qr_ecc         ecc = TXNG_QR_ECC_M;
    txng_sheet_layout   lay;
    txng_sheet_captions cap;
    txng_sheet         *sheet = NULL;
    txng_outfile       *outf  = NULL;
    struct unit        *skipped = NULL;
    size_t              nskipped = 0;
    txng_log           *log   = NULL;
    txng_signer        *signer = NULL, *packer = NULL, *logkey = NULL;
    struct lotinfo      li;
    txng_diag           diag = TXNG_DIAG_INIT;
    char              (*codes)[TXNG_CLAIM_CODE_LEN + 1] = NULL;
    const char        **ids = NULL, **codep = NULL;
    unsigned char      *pdf = NULL;
    size_t              pdf_len = 0;
    uint64_t            claim_index = 0;
    txng_err            err;
    int                 c, status = EXIT_DONE;

    memset(&li, 0, sizeof li);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:b:o:L:g:w:m:p:k:ca:Se:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'l':
            lot = optarg;
            break;
        case 'b':
            base = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'L':
            layout = optarg;
            break;
        case 'g':
            grid = optarg;
            break;
        case 'w':
            label_size = optarg;
            break;
        case 'm':
            margins = optarg;
            break;
        case 'p':
            page = optarg;
            break;
        case 'k':
            sign_as = optarg;
            break;
        case 'c':
            claim = true;
            break;
        case 'a':
            as = optarg;
            break;
        case 'S':
            skip_claimed = true;
            break;
        case 'e':
            if (!txng_qr_ecc_parse(optarg, &ecc))
                return cli_usage(&cmd_labels, _("--ecc: L, M, Q or H, not %s"), optarg);
            break;
        case 't':
            if (!cli_parse_time(optarg, &t))
                return cli_usage(&cmd_labels, _("--time: RFC 3339 or seconds: %s"), optarg);
            have_time = true;
            break;
        case 'h':
            return cli_help(&cmd_labels, options);
        case ':':
            return cli_usage(&cmd_labels, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_labels, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind != 0)
        return cli_usage(&cmd_labels, _("too many arguments"));
    if (lot == NULL)
        return cli_usage(&cmd_labels, _("give the lot: --lot LOT"));
    if (base == NULL)
        return cli_usage(&cmd_labels, _("give the resolver: --base URL"));
    if (output == NULL)
        return cli_usage(&cmd_labels, _("give the PDF to write: -o FILE.pdf"));
    if (!cli_ends_with(output, ".pdf"))
        return cli_usage(&cmd_labels, _("-o: the file name must end in .pdf: %s"), output);
    if (layout != NULL && (grid != NULL || label_size != NULL))
        return cli_usage(&cmd_labels, _("--layout and --grid exclude each other"));
    if ((grid == NULL) != (label_size == NULL))
        return cli_usage(&cmd_labels, _("--grid and --label go together"));
    if (grid == NULL && (margins != NULL || page != NULL))
        return cli_usage(&cmd_labels, _("--margins and --page go with --grid"));
    if (as != NULL && !claim)
        return cli_usage(&cmd_labels, _("--as goes with --claim-codes"));
    if (skip_claimed && !claim)
        return cli_usage(&cmd_labels, _("--skip-claimed goes with --claim-codes"));
    if (claim && as == NULL && sign_as == NULL)
        return cli_usage(&cmd_labels,
                         _("--claim-codes needs the packer's key: --as KEY or --sign-as KEY"));
    /* before any work; txng_label_uri() below then refuses only a unit's data */
    if (txng_label_base_check(base, NULL, &diag) != TXNG_OK)
        return cli_usage(&cmd_labels, "--base %s: %s", base, _(diag.reason));
    if (grid != NULL) {
        err = txng_sheet_layout_grid(&lay, grid, label_size, margins, page, &diag);
        if (err != TXNG_OK && lay.cols > 0) {
            int mc, mr;

            txng_sheet_layout_max(&lay, &mc, &mr);
            if (mc == 0 || mr == 0)
                return cli_usage(&cmd_labels,
                                 _("--grid: no label of %g x %g mm fits on a %g x %g mm page"),
                                 lay.label_w, lay.label_h, lay.page_w, lay.page_h);
            return cli_usage(&cmd_labels,
                             _("--grid: %dx%d labels do not fit on the page: at most %dx%d of "
                               "%g x %g mm fit on %g x %g mm"),
                             lay.cols, lay.rows, mc, mr, lay.label_w, lay.label_h, lay.page_w,
                             lay.page_h);
        }
        if (err != TXNG_OK)
            return cli_usage(&cmd_labels, "--%s: %s", diag.field, _(diag.reason));
    } else if (txng_sheet_layout_named(layout != NULL ? layout : "a4-3x8", &lay) != TXNG_OK) {
        return cli_usage(&cmd_labels, _("--layout: a4-3x8, a4-2x5 or roll-50x30, not %s"),
                         layout);
    }
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_labels, _("no log folder: give -d DIR or set TXNG_DIR"));
    /*
     * The output is created (under a temporary name, in its folder) before any
     * work, so that no claim codes are recorded for a sheet that cannot be
     * written. A sheet of claim codes stays readable by its owner only.
     */
    if ((err = txng_outfile_open(&outf, output, claim)) != TXNG_OK) {
        cli_report(output, err, NULL);
        return EXIT_FAILED;
    }
    if ((status = cli_open_log(dir, claim ? 0 : TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        goto out;
    /* records are kept in time order: refused before any passphrase is asked */
    if (claim && have_time &&
        (status = cli_recorded_check(&cmd_labels, "--time", log, t, cli_max_skew())) != EXIT_DONE)
        goto out;
    if (sign_as != NULL && ((status = cli_load_signer(dir, sign_as, &signer)) != EXIT_DONE ||
                            (status = cli_check_actor(log, signer)) != EXIT_DONE))
        goto out;
    if (claim && ((status = cli_load_signer(dir, as != NULL ? as : sign_as, &packer)) !=
                      EXIT_DONE ||
                  (status = cli_check_actor(log, packer)) != EXIT_DONE))
        goto out;
    if ((status = find_lot(log, lot, &li)) != EXIT_DONE ||
        (status = find_units(log, &li)) != EXIT_DONE)
        goto out;
    if ((status = check_units(log, &li, claim, skip_claimed, &skipped, &nskipped)) != EXIT_DONE)
        goto out;
    find_harvest(log, &li);
    find_product(log, &li);

    if (claim) {
        codes = calloc(li.n, sizeof *codes);
        ids   = calloc(li.n, sizeof *ids);
        codep = calloc(li.n, sizeof *codep);
        if (codes == NULL || ids == NULL || codep == NULL) {
            cli_report("labels", TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
    }
    cap.lot      = _("Lot");
    cap.serial   = _("Serial");
    cap.net      = _("Net");
    cap.harvest  = _("Harvested");
    cap.expiry   = _("Expiry");
    cap.producer = _("Producer");
    cap.claim    = _("Scratch off: claim code");
    if ((err = txng_sheet_new(&sheet, &lay, &cap, ecc)) != TXNG_OK) {
        cli_report("labels", err, NULL);
        status = cli_status(err);
        goto out;
    }
    for (size_t i = 0; i < li.n; i++) {
        txng_label       label;
        txng_sheet_label sl = { 0 };
        char             uri[TXNG_LABEL_URI_MAX], hri[TXNG_LABEL_HRI_MAX];
        char             shown[TXNG_CLAIM_SHOWN_MAX];

        memset(&label, 0, sizeof label);
        memcpy(label.gtin, li.gtin, sizeof label.gtin);
        memcpy(label.lot, li.lot, sizeof label.lot);
        snprintf(label.serial, sizeof label.serial, "%s", li.units[i].serial);
        memcpy(label.expiry, li.expiry, sizeof label.expiry);
        memcpy(label.harvest, li.harvest, sizeof li.harvest);
        memcpy(label.origin, li.origin, sizeof label.origin);
        diag = (txng_diag) TXNG_DIAG_INIT;
        if ((signer != NULL && (err = txng_label_sign(&label, signer, &diag)) != TXNG_OK) ||
            (err = txng_label_uri(uri, &label, base, &diag)) != TXNG_OK ||
            (err = txng_label_hri(hri, &label, &diag)) != TXNG_OK) {
            cli_report(li.units[i].id, err, &diag);
            status = cli_status(err);
            goto out;
        }
        if (claim) {
            if ((err = txng_claim_code_new(codes[i])) != TXNG_OK) {
                cli_report("labels", err, NULL);
                status = cli_status(err);
                goto out;
            }
            txng_claim_code_show(shown, codes[i]);
            ids[i]   = li.units[i].id;
            codep[i] = codes[i];
        }
        sl.uri      = uri;
        sl.hri      = hri;
        sl.name     = li.name;
        sl.lot      = li.lot;
        sl.serial   = li.units[i].serial;
        sl.net      = li.net;
        sl.harvest  = li.harvest[0] ? li.harvest_text : NULL;
        sl.expiry   = li.expiry[0] ? li.expiry_text : NULL;
        sl.producer = li.producer;
        sl.claim    = claim ? shown : NULL;
        err         = txng_sheet_add(sheet, &sl, &diag);
        if (err == TXNG_EFORMAT && diag.has_index) {
            cli_error("labels", _("label %zu (serial %s): %s: %s"), i + 1, li.units[i].serial,
                      _(diag.field), _(diag.reason));
            suggest(&lay, &cap, ecc, &sl);
            sodium_memzero(shown, sizeof shown);
            status = EXIT_FAILED;
            goto out;
        }
        sodium_memzero(shown, sizeof shown);
        if (err != TXNG_OK) {
            cli_report(li.units[i].id, err, &diag);
            status = cli_status(err);
            goto out;
        }
    }
    if ((err = txng_sheet_finish(sheet, &pdf, &pdf_len)) != TXNG_OK) {
        cli_report("labels", err, NULL);
        status = cli_status(err);
        goto out;
    }

    /* The hashes go into the log before the only copy of the codes reaches the file. */
    if (claim) {
        char when[32];

        now = cli_now(have_time, t);
        txng_time_format(when, now);
        if ((status = cli_log_signer(dir, log, &logkey)) != EXIT_DONE)
            goto out;
        diag = (txng_diag) TXNG_DIAG_INIT;
        err  = txng_claim_register(log, logkey, packer, ids, codep, li.n, when, now, &claim_index,
                                   &diag);
        if (err != TXNG_OK) {
            cli_report("claim codes", err, &diag);
            status = cli_status(err);
            goto out;
        }
    }
    err = txng_outfile_commit(outf, pdf, pdf_len);
    if (err != TXNG_OK) {
        cli_report(output, err, NULL);
        if (claim)
            cli_error(output, _("the claim codes of record %" PRIu64
                                " are lost: print the labels again to replace them"),
                      claim_index);
        status = cli_status(err);
        goto out;
    }
    printf(_("labels: %zu, serials %s to %s, lot %s\n"), li.n, li.units[0].serial,
           li.units[li.n - 1].serial, li.lot_id);
    printf(_("pages: %zu\n"), (li.n + (size_t) (lay.cols * lay.rows) - 1) /
                                  (size_t) (lay.cols * lay.rows));
    for (size_t i = 0; i < nskipped; i++)
        printf(_("skipped: serial %s (already claimed)\n"), skipped[i].serial);
    if (claim) {
        printf(_("claim codes: record %" PRIu64 "\n"), claim_index);
        cli_after_append(log, dir);
    }
out:
    txng_outfile_free(outf);
    for (size_t i = 0; i < nskipped; i++) {
        free(skipped[i].id);
        free(skipped[i].serial);
    }
    free(skipped);
    if (codes != NULL)
        sodium_memzero(codes, li.n * sizeof *codes);
    if (pdf != NULL)
        sodium_memzero(pdf, pdf_len); /* it holds the claim codes */
    free(pdf);
    free(codes);
    free(ids);
    free(codep);
    if (sheet != NULL) {
        txng_sheet_free(sheet);
        txng_sheet_release_fonts();
    }
    txng_signer_free(signer);
    txng_signer_free(packer);
    txng_signer_free(logkey);
    lotinfo_free(&li);
    txng_log_close(log);
    return status;
}

const struct command cmd_labels = {
    "labels", run,
    N_("labels -d DIR --lot LOT --base URL -o FILE.pdf [--layout NAME | --grid CxR --label WxHmm "
       "[--margins T,L[,GX,GY]] [--page WxHmm]] [--sign-as KEY] [--claim-codes [--as KEY] "
       "[--skip-claimed]]"),
    N_("print a sheet of unit labels")
};
