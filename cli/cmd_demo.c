/*
 * cmd_demo.c - txng demo: the whole Ngọc Linh ginseng chain in one log,
 * from the seed lot to a box sold in Hà Nội, verified and traced
 *
 * Five parties sign with their own keys, enrolled in the cooperative's log.
 * Every event is built from the step table (core/event.h) as `txng record`
 * would build it, and must pass txng_event_rules_check(). The demo uses
 * fixed demonstration keys and times so that its output is the same on every
 * machine (only the folder differs); it writes into a new temporary folder
 * unless -d names one. It checks what it claims (every refusal happens, the
 * trace back from the box sold reaches the seed lot through every step, the
 * forward trace reaches every box and the shop) and exits 3 when one does
 * not hold, so that the golden test catches a regression.
 *
 * Then the rest of the product on the box sold, through the same functions
 * the commands call: its lineage as a bundle (core/bundle.h, txng export and
 * txng verify BUNDLE), its signed label (qr/label.h, txng labels and txng
 * verify-label) and its claim code (core/claim.h, txng claim). Claim codes
 * are hashed with random salts, so they go into a scratch copy of the log,
 * removed afterwards: the demo log stays the same on every run, and the other
 * tests build on it.
 */
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/demo_image.h"
#include "core/bundle.h"
#include "core/claim.h"
#include "core/event.h"
#include "core/hash.h"
#include "core/record.h"
#include "core/rules.h"
#include "core/trace.h"
#include "qr/label.h"
#include "qr/render.h"

static const char options[] = N_("options:\n"
                                 "  -d, --dir DIR   build the demo log in DIR (must not exist)\n"
                                 "  -h, --help      show this help\n");

#define ORIGIN          "demo.htx-samngoclinh.vn/log"
#define URN(kind, code) "urn:txng:" ORIGIN ":" kind ":" code
#define GTIN_FRESH      "08930000000026"
#define GTIN_DRIED      "08930000000033"
#define DL              "https://id.gs1.org/"
#define HTX_GLN         "8930000000019"
#define HTX             DL "417/" HTX_GLN
#define KHO_GLN         "8930000000040"
#define KHO             DL "414/" KHO_GLN
#define GARDEN          URN("place", "vuon-3-tk12")
#define NURSERY_PLACE   URN("place", "vuon-uom-htx")
#define DRYER_PLACE     URN("place", "xuong-say-dak-to")
#define SHOP_PLACE      URN("place", "cua-hang-hn")
#define GROWER_ID       URN("party", "ho-a-vang")
#define SHOP_ID         URN("party", "cua-hang-hn")
#define GPS             "14.9123,107.9876"
#define GI_CODE         "C0004-SNLKTG"
#define SEED_LOT        URN("lot", "HG-2018")
#define HARVEST_LOT     DL "01/" GTIN_FRESH "/10/L24-017"
#define DRIED_LOT       DL "01/" GTIN_DRIED "/10/L24-017-S"
#define UNIT_SOLD       DL "01/" GTIN_DRIED "/21/000007"
#define UNITS           40
#define T0              1535763600 /* 2018-09-01T08:00:00+07:00: the log is created */
#define T_MASTER        (T0 + 3600)
#define LAG             600 /* an event is recorded ten minutes after it happens */
#define RESOLVER        "https://demo.htx-samngoclinh.vn"
#define LABEL_LOT       "L24-017-S"
#define LABEL_SERIAL    "000007"
#define LABEL_EXPIRY    "261119"   /* the pack's best-before date */
#define LABEL_HARVEST   "241112"   /* the harvest's date */
#define CLAIM_CODE      "4KX92PQM" /* a fixed demonstration code, like the keys */
#define T_CODES         "2024-11-20T10:00:00+07:00"
#define T_CLAIM         "2024-11-30T20:05:00+07:00"
#define T_CLAIM_AGAIN   "2024-12-03T09:40:00+07:00"
#define BUNDLE_FILE     "unit-000007.txng"
#define LABEL_FILE      "label-000007.png"

/* The parties' keys, in enrolment order. */
/* clang-format off */
enum { GROWER, COOP, DRYER, LAB, SHOP, NKEYS };
static const struct {
    const char *name;
    const char *role;
} keys[NKEYS] = {
    [GROWER] = { "ho-a-vang",      "grower" },
    [COOP]   = { "htx-tumorong",   "cooperative" },
    [DRYER]  = { "say-dak-to",     "processor" },
    [LAB]    = { "kiem-nghiem-kt", "lab" },
    [SHOP]   = { "cua-hang-hn",    "retailer" },
};
/* clang-format on */

#define MAX_KV 12

/* One event: its signer, its step in the table and the options a user would give. */
struct demo_event {
    int         by;
    const char *step;
    const char *what; /* N_(), printed with the record index */
    const char *kv[2 * MAX_KV + 1];
};

/* Master data, recorded by the cooperative in one batch before any event. */
/* clang-format off */
static const struct demo_event master[] = {
    { COOP, "party", NULL,
      { "name", "Hộ ông A Vang", "code", "ho-a-vang", "role", "hộ trồng sâm, thành viên HTX",
        "address", "thôn Đăk Dế, xã Măng Ri, huyện Tu Mơ Rông, tỉnh Kon Tum", NULL } },
    { COOP, "party", NULL,
      { "name", "HTX Sâm Ngọc Linh Tu Mơ Rông", "gln", HTX_GLN, "role", "hợp tác xã", NULL } },
    { COOP, "party", NULL,
      { "name", "Cơ sở sơ chế và sấy sâm Đăk Tô", "code", "say-dak-to", "role",
        "cơ sở chế biến", NULL } },
    { COOP, "party", NULL,
      { "name", "Trung tâm Kiểm nghiệm Kon Tum", "code", "kiem-nghiem-kt", "role",
        "phòng kiểm nghiệm", NULL } },
    { COOP, "party", NULL,
      { "name", "Cửa hàng Sâm Việt", "code", "cua-hang-hn", "role", "cửa hàng bán lẻ",
        "address", "quận Hoàn Kiếm, Hà Nội", NULL } },
    { COOP, "place", NULL,
      { "name", "Vườn 3, tiểu khu 12", "code", "vuon-3-tk12", "gps", GPS, "accuracy", "5",
        "gi-code", GI_CODE, "plot", "lô 2, khoảnh 4, tiểu khu 12", "party", GROWER_ID, NULL } },
    { COOP, "place", NULL,
      { "name", "Vườn ươm và vườn giống HTX", "code", "vuon-uom-htx", "party", HTX, NULL } },
    { COOP, "place", NULL,
      { "name", "Kho và xưởng đóng gói HTX", "gln", KHO_GLN, "party", HTX, NULL } },
    { COOP, "place", NULL,
      { "name", "Xưởng sấy Đăk Tô", "code", "xuong-say-dak-to", "party",
        URN("party", "say-dak-to"), NULL } },
    { COOP, "place", NULL,
      { "name", "Cửa hàng Sâm Việt, Hoàn Kiếm", "code", "cua-hang-hn", "party", SHOP_ID,
        NULL } },
    { COOP, "product", NULL,
      { "name", "Sâm Ngọc Linh củ tươi", "gtin", GTIN_FRESH, "producer", HTX, "species",
        "Panax vietnamensis Ha & Grushv.", NULL } },
    { COOP, "product", NULL,
      { "name", "Sâm Ngọc Linh sấy lát, hộp 40 g", "gtin", GTIN_DRIED, "producer", HTX,
        "species", "Panax vietnamensis Ha & Grushv.", "shelf-life", "24 tháng", NULL } },
};

/* The chain, in the order it happened. */
enum {
    SEED, NURSERY, PLANT, TREAT, COUNT, HARVEST, RECV_HTX, WASH, DRY, TEST, PACK, SHIP,
    RECV_SHOP, SELL, NCHAIN
};
static const struct demo_event chain[NCHAIN] = {
    [SEED] = { COOP, "transform", N_("seed harvest from the mother garden -> seed lot HG-2018"),
               { "in", URN("cohort", "ME-2012") ":1.5kg", "out", "HG-2018:0.4kg", "method",
                 "thu hái quả chín, chà bỏ thịt quả, ủ hạt trong cát ẩm", "place",
                 NURSERY_PLACE, "time", "2018-09-18T08:30+07:00", NULL } },
    [NURSERY] = { COOP, "transform", N_("nursery: the seed lot sown -> 650 seedlings, lot VU-2019"),
                  { "in", "HG-2018:0.4kg", "out", "VU-2019:650", "method",
                    "gieo ươm dưới tán rừng, che bóng 70%", "place", NURSERY_PLACE, "time",
                    "2018-12-05T08:00+07:00", NULL } },
    [PLANT] = { GROWER, "plant", N_("planting under forest canopy: 400 seedlings, cohort V3-2019"),
                { "cohort", "V3-2019", "place", GARDEN, "seedlings", "VU-2019", "count", "400",
                  "plot", "lô 2, khoảnh 4, tiểu khu 12", "species",
                  "Panax vietnamensis Ha & Grushv.", "time", "2019-10-20T08:00+07:00", NULL } },
    [TREAT] = { GROWER, "treat", N_("care: organic fertiliser on the cohort"),
                { "cohort", "V3-2019", "input", "phân hữu cơ vi sinh", "dose", "2 kg/100 m2",
                  "place", GARDEN, "time", "2023-04-02T07:30+07:00", NULL } },
    [COUNT] = { COOP, "stand-count", N_("stand count: 372 live plants, 5 years old"),
                { "cohort", "V3-2019", "plants", "372", "age", "5", "inspector", HTX, "place",
                  GARDEN, "time", "2024-06-15T09:00+07:00", NULL } },
    [HARVEST] = { GROWER, "harvest",
                  N_("root harvest, GI C0004-SNLKTG: lot L24-017, 120 roots and GI stamps, 9.6 kg"),
                  { "cohort", "V3-2019", "plot", GARDEN, "lot", "L24-017", "gtin", GTIN_FRESH,
                    "weight", "9.6kg", "roots", "120", "age", "6", "gi-code", GI_CODE, "grade",
                    "12-13 củ/kg", "purpose", "bán cho HTX", "stamps", "000001-000120", "time",
                    "2024-11-12T09:15+07:00", NULL } },
    [RECV_HTX] = { COOP, "receive", N_("received at the cooperative: lot L24-017, 9.6 kg"),
                   { "lot", "L24-017", "gtin", GTIN_FRESH, "weight", "9.6kg", "from", GROWER_ID,
                     "place", KHO, "doc", "PN-24-117", "condition",
                     "củ nguyên, còn đất, không dập", "time", "2024-11-13T08:00+07:00", NULL } },
    [WASH] = { COOP, "wash-grade", N_("washing and grading: 6.3 kg grade 1, 3.1 kg grade 2"),
               { "in", HARVEST_LOT ":9.6kg", "out", "L24-017-A:6.3kg", "out", "L24-017-B:3.1kg",
                 "water", "giếng khoan của HTX, đã lọc", "place", KHO, "time",
                 "2024-11-13T10:30+07:00", NULL } },
    [DRY] = { DRYER, "transform", N_("drying, slicing: 6.3 kg of grade 1 -> 1.6 kg, lot L24-017-S"),
              { "in", "L24-017-A:6.3kg", "out", DRIED_LOT ":1.6kg", "method",
                "thái lát 2 mm, sấy lạnh", "temperature", "40 °C", "duration", "36 giờ",
                "moisture", "10", "place", DRYER_PLACE, "time", "2024-11-15T08:00+07:00",
                NULL } },
    [TEST] = { LAB, "test", N_("lab test of L24-017-S (DNA, saponins, residues): pass"),
               { "lot", "L24-017-S", "gtin", GTIN_DRIED, "lab", URN("party", "kiem-nghiem-kt"),
                 "report", "PKN-24-0317", "sample", "M24-0317", "tests",
                 "định danh ADN, saponin MR2, dư lượng thuốc BVTV, kim loại nặng, độ ẩm",
                 "result", "pass", "time", "2024-11-18T14:00+07:00", NULL } },
    [PACK] = { COOP, "pack", N_("packing: 40 boxes of 40 g, serials and GI stamps 000001-000040"),
               { "lot", DRIED_LOT, "gtin", GTIN_DRIED, "weight", "1.6kg", "serials",
                 "000001-000040", "net", "40g", "best-before", "2026-11-19", "stamps",
                 "000001-000040", "place", KHO, "time", "2024-11-20T09:00+07:00", NULL } },
    [SHIP] = { COOP, "ship", N_("shipping boxes 000001-000012 to a shop in Hà Nội"),
               { "serials", "000001-000012", "gtin", GTIN_DRIED, "to", SHOP_ID, "to-place",
                 SHOP_PLACE, "place", KHO, "doc", "PX-24-233", "time", "2024-11-22T06:00+07:00",
                 NULL } },
    [RECV_SHOP] = { SHOP, "receive", N_("received by the shop: 12 boxes, seals intact"),
                    { "serials", "000001-000012", "gtin", GTIN_DRIED, "from", HTX, "place",
                      SHOP_PLACE, "doc", "PN-CH-1123", "condition", "đủ 12 hộp, tem nguyên vẹn",
                      "time", "2024-11-23T15:00+07:00", NULL } },
    [SELL] = { SHOP, "sell", N_("retail sale of box 000007"),
               { "serials", "000007", "gtin", GTIN_DRIED, "place", SHOP_PLACE, "time",
                 "2024-11-30T18:20+07:00", NULL } },
};
/* clang-format on */

/* The steps the trace back from the box sold must go through, last first. */
static const int back_steps[] = { PACK, DRY, WASH, HARVEST, PLANT, NURSERY, SEED };

struct demo {
    const char  *dir;
    bool         files; /* -d was given: write the bundle and the label's QR code in it */
    bool         quiet; /* replaying the chain into the scratch copy */
    char         vkey[TXNG_VKEY_MAX];
    char        *keyfile; /* the log key's file (demonstration key, not secret) */
    size_t       keyfile_len;
    txng_log    *log;
    txng_signer *logkey;
    txng_signer *key[NKEYS];
    txng_signer *stranger;
    uint64_t     rec[NCHAIN];
    uint64_t     master_first;
    int64_t        last;    /* the newest record's time, at which the refused appends are tried */
    json_t      *dry;     /* the drying event, for a refused copy */
    json_t      *harvest; /* the harvest as the grower signed it offline */
    unsigned char *image; /* the products' picture (cli/demo_image.c), kept in DIR/media */
    size_t       image_len;
    char         image_hex[2 * TXNG_HASH_BYTES + 1];
    txng_diag    diag;
};

/* printf, except while the chain is replayed into the scratch copy. */
__attribute__((format(printf, 2, 3))) static void
say(const struct demo *d, const char *fmt, ...)
{
    va_list ap;

    if (d->quiet)
        return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

/* A demonstration key: seed = SHA-256("txng demo key " || name). Not secret. */
static txng_err
demo_key(const char *name, txng_signer **out)
{
    unsigned char seed[TXNG_SEED_BYTES];
    char          label[160];

    snprintf(label, sizeof label, "txng demo key %s", name);
    txng_sha256(seed, label, strlen(label));
    return txng_signer_from_seed(out, name, seed);
}

/* Report @p err and return the status to exit with. */
static int
failed(struct demo *d, txng_err err)
{
    cli_report("demo", err, &d->diag);
    return EXIT_FAILED;
}

/* Something the demo claims does not hold: a regression. */
static int
broken(const char *what)
{
    cli_error("demo", _("the demonstration does not hold: %s"), what);
    return EXIT_FAILED;
}

/* The short name of a key reference "name+hex8", into @p out. */
static const char *
key_name(const char *ref, char *out, size_t size)
{
    const char *plus = strchr(ref, '+');

    snprintf(out, size, "%.*s", plus != NULL ? (int) (plus - ref) : (int) strlen(ref), ref);
    return out;
}

/* A bizStep as shown: the private prefix urn:txng:bizstep: left out, or its name in the
 * language of messages. */
static const char *
biz_step(const txng_trace_event *e)
{
    const char *s = e->biz_step != NULL ? e->biz_step : e->type;

    if (strncmp(s, TXNG_BIZSTEP_PREFIX, strlen(TXNG_BIZSTEP_PREFIX)) == 0)
        s += strlen(TXNG_BIZSTEP_PREFIX);
    return cli_biz_step_name(e->biz_step, s);
}

/* Build @p e from the step table, check it with the rules, and give its time. */
static txng_err
build(json_t **out, const struct demo_event *e, int64_t *when, txng_diag *diag)
{
    const txng_event_opts opts = { ORIGIN, NULL, NULL };
    const txng_step      *step = txng_step_find(e->step);
    txng_kde_value        v[MAX_KV];
    const json_t         *t;
    unsigned              notes = 0;
    size_t                n;
    txng_err              err;

    *out = NULL;
    if (step == NULL)
        return TXNG_EINVAL;
    for (n = 0; e->kv[2 * n] != NULL; n++) {
        v[n].option = e->kv[2 * n];
        v[n].value  = e->kv[2 * n + 1];
    }
    err = txng_event_build_ex(out, step, &opts, v, n, &notes, diag);
    if (err == TXNG_OK)
        err = txng_event_rules_check(*out, diag);
    if (err == TXNG_OK && (notes & TXNG_EVENT_NOTE_FOREIGN_GS1) != 0)
        err = TXNG_EINVAL; /* every GTIN and GLN of the demo is Vietnamese (893) */
    if (err == TXNG_OK && when != NULL) {
        t   = json_object_get(*out, "eventTime");
        err = t == NULL ? TXNG_EINVAL
                        : txng_event_time_parse(json_string_value(t), NULL, NULL, when, diag);
    }
    if (err != TXNG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return err;
}

static int
enrol_all(struct demo *d)
{
    char     vkey[TXNG_VKEY_MAX];
    json_t  *ev[NKEYS] = { NULL };
    txng_err err       = TXNG_OK;
    uint64_t first;

    for (size_t i = 0; i < NKEYS && err == TXNG_OK; i++) {
        txng_pubkey_format(txng_signer_pubkey(d->key[i]), vkey);
        ev[i] = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role",
                          keys[i].role);
        if (ev[i] == NULL)
            err = TXNG_ENOMEM;
    }
    if (err == TXNG_OK)
        err =
            txng_log_append_as(d->log, d->logkey, d->logkey, ev, NKEYS, T0 + 60, &first, &d->diag);
    for (size_t i = 0; i < NKEYS; i++)
        json_decref(ev[i]);
    if (err != TXNG_OK)
        return failed(d, err);
    say(d,
        _("2. The log key enrols the keys of five parties (records %" PRIu64 "-%" PRIu64 "):\n"
          "   %s (%s), %s (%s), %s (%s),\n"
          "   %s (%s), %s (%s).\n\n"),
        first, first + NKEYS - 1, keys[0].name, keys[0].role, keys[1].name, keys[1].role,
        keys[2].name, keys[2].role, keys[3].name, keys[3].role, keys[4].name, keys[4].role);
    return EXIT_DONE;
}

static int
record_master(struct demo *d)
{
    enum { N = sizeof master / sizeof master[0] };
    json_t  *ev[N] = { NULL };
    txng_err err   = TXNG_OK;

    for (size_t i = 0; i < N && err == TXNG_OK; i++) {
        struct demo_event e = master[i];
        size_t            n = 0;

        /* the products name their picture by its SHA-256 */
        while (e.kv[2 * n] != NULL)
            n++;
        if (strcmp(e.step, "product") == 0 && n < MAX_KV) {
            e.kv[2 * n]     = "image";
            e.kv[2 * n + 1] = d->image_hex;
            e.kv[2 * n + 2] = NULL;
        }
        err = build(&ev[i], &e, NULL, &d->diag);
    }
    if (err == TXNG_OK && !d->quiet) {
        bool          added;
        unsigned char h[TXNG_HASH_BYTES];
        int           status = cli_media_keep(d->dir, "demo", d->image, d->image_len, &added, h);

        if (status != EXIT_DONE) {
            for (size_t i = 0; i < N; i++)
                json_decref(ev[i]);
            return status;
        }
    }
    if (err == TXNG_OK)
        err = txng_log_append_as(d->log, d->logkey, d->key[COOP], ev, N, T_MASTER, &d->master_first,
                                 &d->diag);
    for (size_t i = 0; i < N; i++)
        json_decref(ev[i]);
    if (err != TXNG_OK)
        return failed(d, err);
    say(d,
        _("3. Master data first (records %" PRIu64 "-%" PRIu64 ", signed by %s): five parties,\n"
          "   five places (the garden: GPS %s within 5 m, GI code %s)\n"
          "   and two products, GTIN %s (fresh roots) and %s (dried slices),\n"
          "   whose records sign the SHA-256 of their picture, kept in %s/media.\n\n"),
        d->master_first, d->master_first + N - 1, keys[COOP].name, GPS, GI_CODE, GTIN_FRESH,
        GTIN_DRIED, d->dir);
    return EXIT_DONE;
}

static int
record_chain(struct demo *d)
{
    json_t     *ev = NULL;
    const char *day;
    char        appended[32];
    int64_t     when;
    txng_err    err = TXNG_OK;

    say(d, _("4. Each step is built from the step table, checked by the rules, and signed\n"
             "   by whoever did it (record, date, step, signer):\n"));
    for (int i = 0; i < NCHAIN; i++) {
        if ((err = build(&ev, &chain[i], &when, &d->diag)) != TXNG_OK)
            goto fail;
        if (i == HARVEST) {
            /* No network in the forest: the grower signs now, the log appends later. */
            if ((err = txng_event_sign(&d->harvest, ev, d->key[GROWER], &d->diag)) != TXNG_OK)
                goto fail;
            json_decref(ev);
            ev = NULL;
            continue;
        }
        if (i == RECV_HTX) {
            err = txng_log_append(d->log, d->logkey, &d->harvest, 1, when, &d->rec[HARVEST],
                                  &d->diag);
            if (err != TXNG_OK)
                goto fail;
            txng_time_format(appended, when);
            day = json_string_value(
                json_object_get(json_object_get(d->harvest, "event"), "eventTime"));
            say(d,
                _("   %2" PRIu64 "  %.10s  %s [%s]\n"
                  "                   signed offline in the garden, appended on %.10s\n"),
                d->rec[HARVEST], day, _(chain[HARVEST].what), keys[GROWER].name, appended);
        }
        err = txng_log_append_as(d->log, d->logkey, d->key[chain[i].by], &ev, 1, when + LAG,
                                 &d->rec[i], &d->diag);
        if (err != TXNG_OK)
            goto fail;
        d->last = when + LAG;
        day = json_string_value(json_object_get(ev, "eventTime"));
        say(d, _("   %2" PRIu64 "  %.10s  %s [%s]\n"), d->rec[i], day, _(chain[i].what),
            keys[chain[i].by].name);
        if (i == DRY)
            d->dry = ev;
        else
            json_decref(ev);
        ev = NULL;
    }
    say(d, "\n");
    return EXIT_DONE;
fail:
    json_decref(ev);
    return failed(d, err);
}

/* A packing of the same lot that reuses GI stamps already on packed boxes. */
static const struct demo_event copied_stamps = {
    COOP,
    "pack",
    NULL,
    { "lot", DRIED_LOT, "gtin", GTIN_DRIED, "weight", "1.6kg", "serials", "000041-000080", "net",
      "40g", "stamps", "000031-000070", "place", KHO, "time", "2024-11-21T09:00+07:00", NULL }
};

static int
refusals(struct demo *d)
{
    json_t  *copy = NULL, *copy2 = NULL, *forged = NULL, *bare, *q;
    txng_err err;
    int      status;

    printf(_("5. What does not add up is refused. A copy of record %" PRIu64 " claiming 7.3 kg\n"
             "   of dried slices from 6.3 kg of roots, without --allow-gain:\n"),
           d->rec[DRY]);
    copy = json_deep_copy(d->dry);
    q    = json_array_get(json_object_get(copy, "outputQuantityList"), 0);
    if (q == NULL || json_object_set_new(q, "quantity", json_string("7.3")) != 0) {
        status = failed(d, TXNG_ENOMEM);
        goto out;
    }
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    err     = txng_event_rules_check(copy, &d->diag);
    if (err != TXNG_EFORMAT || d->diag.reason == NULL) {
        status = broken(_("a transformation gaining weight was not refused"));
        goto out;
    }
    printf(_("   refused by the rules: %s\n"), _(d->diag.reason));

    printf(_("   The grower's signed harvest with 19.6 kg written over 9.6 kg:\n"));
    forged = json_deep_copy(d->harvest);
    q = json_array_get(json_object_get(json_object_get(forged, "event"), "outputQuantityList"), 0);
    if (q == NULL || json_object_set_new(q, "quantity", json_string("19.6")) != 0) {
        status = failed(d, TXNG_ENOMEM);
        goto out;
    }
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    err     = txng_log_append(d->log, d->logkey, &forged, 1, d->last, NULL, &d->diag);
    if (err != TXNG_EBADSIG) {
        status = broken(_("an edited signed event was not refused"));
        goto out;
    }
    printf(_("   refused by the log: %s\n"),
           _(d->diag.reason != NULL ? d->diag.reason : txng_strerror(err)));
    printf(_("   The same harvest signed by a key the log never enrolled:\n"));
    bare    = json_object_get(d->harvest, "event");
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    err     = txng_log_append_as(d->log, d->logkey, d->stranger, &bare, 1, d->last, NULL, &d->diag);
    if (err != TXNG_EBADSIG) {
        status = broken(_("an event signed by an unknown key was not refused"));
        goto out;
    }
    printf(_("   refused by the log: %s\n"),
           _(d->diag.reason != NULL ? d->diag.reason : txng_strerror(err)));
    printf(_("   A second packing that puts GI stamps 000031-000070 on 40 more boxes (stamps\n"
             "   copied from boxes already packed):\n"));
    if ((err = build(&copy2, &copied_stamps, NULL, &d->diag)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    err     = txng_rules_check_state(d->log, (const json_t *const *) &copy2, 1, &d->diag);
    if (err != TXNG_EFORMAT || d->diag.reason == NULL || d->diag.value_name == NULL) {
        status = broken(_("a GI stamp used twice was not refused"));
        goto out;
    }
    printf(_("   refused by the rules: %s (%s: %s)\n\n"), _(d->diag.reason), _(d->diag.value_name),
           d->diag.value);
    status = EXIT_DONE;
out:
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    json_decref(copy);
    json_decref(copy2);
    json_decref(forged);
    return status;
}

/* The newest checkpoint, then an inclusion proof of the harvest that a changed copy fails. */
static int
prove(struct demo *d)
{
    unsigned char   proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES], leaf[TXNG_HASH_BYTES];
    char           *note = NULL, *bytes = NULL, *w;
    size_t          note_len = 0, text_len = 0, bytes_len = 0, n = 0;
    uint64_t        harvest = d->rec[HARVEST];
    txng_checkpoint cp;
    txng_err        err;
    int             status = EXIT_FAILED;

    printf(_("6. After every append the log signs a checkpoint (C2SP): its size and the\n"
             "   Merkle root of all records. This is the newest one:\n"));
    if ((err = txng_log_checkpoint(d->log, 0, &note, &note_len)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    for (const char *p = note; p < note + note_len;) {
        const char *nl  = memchr(p, '\n', (size_t) (note + note_len - p));
        int         len = (int) ((nl != NULL ? nl : note + note_len) - p);

        if (len > 0)
            printf("   %.*s\n", len, p);
        p += len + 1;
    }
    /* The inspector checks the log's signature first, then reads the note text. */
    if ((err = txng_note_verify(note, note_len, txng_log_pubkey(d->log), 1, &text_len, &d->diag)) !=
            TXNG_OK ||
        (err = txng_checkpoint_parse(&cp, note, text_len, &d->diag)) != TXNG_OK ||
        (err = txng_log_prove(d->log, harvest, cp.size, proof, &n)) != TXNG_OK ||
        (err = txng_log_get(d->log, harvest, &bytes, &bytes_len)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    txng_hash_leaf(leaf, bytes, bytes_len);
    err = txng_merkle_verify_inclusion(leaf, harvest, cp.size,
                                       (const unsigned char(*)[TXNG_HASH_BYTES]) proof, n, cp.root);
    if (err != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    printf(_("   An inspector holding only this checkpoint checks that the harvest (record\n"
             "   %" PRIu64 ") is in the log: a proof of %zu hashes verifies against its root.\n"),
           harvest, n);
    /* The same check on a copy of the record whose weight was changed. */
    if ((w = strstr(bytes, "\"9.6\"")) == NULL) {
        status = broken(_("the harvest record has no weight 9.6"));
        goto out;
    }
    memcpy(w, "\"8.6\"", 5);
    txng_hash_leaf(leaf, bytes, bytes_len);
    err = txng_merkle_verify_inclusion(leaf, harvest, cp.size,
                                       (const unsigned char(*)[TXNG_HASH_BYTES]) proof, n, cp.root);
    if (err != TXNG_EPROOF) {
        status = broken(_("a changed record passed its inclusion proof"));
        goto out;
    }
    printf(_("   A copy of that record with 8.6 kg instead of 9.6 kg fails the same proof:\n"
             "   %s.\n\n"),
           _(txng_strerror(err)));
    status = EXIT_DONE;
out:
    free(bytes);
    free(note);
    return status;
}

static int
verify(struct demo *d)
{
    char               b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    txng_verify_result res;
    txng_err           err;

    printf(_("7. Anyone with the log's verifier key checks every record, signature,\n"
             "   checkpoint and index (the same as 'txng verify -d %s'):\n"),
           d->dir);
    err = txng_log_verify(d->log, txng_log_pubkey(d->log), 0, NULL, NULL, &res, &d->diag);
    if (err != TXNG_OK)
        return failed(d, err);
    txng_b64_encode(b64, res.root, sizeof res.root);
    /* The same line as txng verify prints, indented. */
    fputs("   ", stdout);
    printf(_("ok: %s: %" PRIu64 " records, %" PRIu64 " keys, %" PRIu64 " checkpoints, root %s\n"),
           txng_log_origin(d->log), res.size, res.keys, res.checkpoints, b64);
    putchar('\n');
    return EXIT_DONE;
}

/* Whether @p r holds record @p index as a step of some identifier. */
static bool
has_step(const txng_trace_result *r, uint64_t index)
{
    for (size_t i = 0; i < r->nnodes; i++)
        for (size_t j = 0; j < r->nodes[i].nevents; j++)
            if (r->nodes[i].events[j].step && r->events[r->nodes[i].events[j].event].index == index)
                return true;
    return false;
}

static bool
has_node(const txng_trace_result *r, const char *id)
{
    for (size_t i = 0; i < r->nnodes; i++)
        if (strcmp(r->nodes[i].id, id) == 0)
            return true;
    return false;
}

static int
trace_back(struct demo *d)
{
    txng_trace_result *r = NULL;
    char               who[TXNG_VKEY_MAX];
    txng_err           err;
    int                status = EXIT_FAILED;

    printf(_("8. A customer scans box 000007: trace back, step by step to the seed lot\n"
             "   (identifier; the records naming it; the step that made it, time, signer):\n"));
    if ((err = txng_trace(d->log, UNIT_SOLD, TXNG_TRACE_BACK, 0, &r)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    for (size_t i = 0; i < sizeof back_steps / sizeof back_steps[0]; i++)
        if (!has_step(r, d->rec[back_steps[i]])) {
            status = broken(_("the trace back misses a step of the chain"));
            goto out;
        }
    if (!has_node(r, SEED_LOT)) {
        status = broken(_("the trace back does not reach the seed lot"));
        goto out;
    }
    for (size_t i = 0; i < r->nnodes; i++) {
        const txng_trace_node *node = &r->nodes[i];
        size_t                 also = 0, made = 0;

        printf("   %s\n", node->id);
        for (size_t j = 0; j < node->nevents; j++) {
            const txng_trace_event *e = &r->events[node->events[j].event];

            if (node->events[j].step)
                continue;
            printf(also++ == 0 ? _("     also: %" PRIu64 " %s") : ", %" PRIu64 " %s", e->index,
                   biz_step(e));
        }
        if (also > 0)
            putchar('\n');
        for (size_t j = 0; j < node->nevents; j++) {
            const txng_trace_event *e = &r->events[node->events[j].event];

            if (!node->events[j].step)
                continue;
            printf(_("     made by %" PRIu64 " %s, %s, %s\n"), e->index, biz_step(e),
                   e->event_time != NULL ? e->event_time : "-",
                   e->nsigners > 0 ? key_name(e->signers[0], who, sizeof who) : "-");
            made++;
        }
        if (made == 0)
            printf(_("     made by nothing in this log: the trace ends here\n"));
    }
    putchar('\n');
    status = EXIT_DONE;
out:
    txng_trace_free(r);
    return status;
}

static int
trace_forward(struct demo *d)
{
    txng_trace_result *r = NULL;
    char               unit[TXNG_GS1_URI_MAX];
    size_t             lots = 0, units = 0, steps = 0;
    txng_err           err;
    int                status = EXIT_FAILED;

    printf(_("9. A recall starts from the harvest lot: trace forward finds everything made\n"
             "   from it and whom to notify:\n"));
    if ((err = txng_trace(d->log, HARVEST_LOT, TXNG_TRACE_FORWARD, 0, &r)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    for (unsigned i = 1; i <= UNITS; i++) {
        snprintf(unit, sizeof unit, DL "01/" GTIN_DRIED "/21/%06u", i);
        if (!has_node(r, unit)) {
            status = broken(_("the trace forward misses a box"));
            goto out;
        }
    }
    for (size_t i = 0; i < r->nrecipients && status != EXIT_DONE; i++)
        if (strcmp(r->recipients[i], SHOP_ID) == 0)
            status = EXIT_DONE;
    if (status != EXIT_DONE) {
        status = broken(_("the trace forward does not find the shop"));
        goto out;
    }
    for (size_t i = 1; i < r->nnodes; i++) {
        if (strstr(r->nodes[i].id, "/21/") != NULL)
            units++;
        else
            lots++;
    }
    printf(_("   through records"));
    for (size_t i = 0; i < r->nevents; i++)
        if (has_step(r, r->events[i].index))
            printf(steps++ == 0 ? " %" PRIu64 " %s" : ", %" PRIu64 " %s", r->events[i].index,
                   biz_step(&r->events[i]));
    printf(_(": %zu lots and %zu boxes\n"), lots, units);
    printf(_("   recipients to notify:\n"));
    for (size_t i = 0; i < r->nrecipients; i++)
        cli_print_recipient(d->log, r->recipients[i], 5);
    putchar('\n');
out:
    txng_trace_free(r);
    return status;
}

/* A bundle in memory: written by txng_bundle_write(), read back by txng_bundle_verify(). */
struct buf {
    char  *data; /* NUL-terminated */
    size_t len, cap, pos;
};

static txng_err
buf_put(void *ctx, const void *data, size_t len)
{
    struct buf *b = ctx;
    char       *p;
    size_t      cap;

    if (len >= b->cap - b->len || b->data == NULL) {
        cap = b->cap != 0 ? b->cap : 64 * 1024;
        while (len >= cap - b->len)
            cap *= 2;
        if ((p = realloc(b->data, cap)) == NULL)
            return TXNG_ENOMEM;
        b->data = p;
        b->cap  = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return TXNG_OK;
}

static txng_err
buf_get(void *ctx, void *out, size_t cap, size_t *got)
{
    struct buf *b = ctx;

    *got = b->len - b->pos < cap ? b->len - b->pos : cap;
    memcpy(out, b->data + b->pos, *got);
    b->pos += *got;
    return TXNG_OK;
}

/* Write @p len bytes to the new file @p name in the demo folder. */
static int
write_file(const struct demo *d, const char *name, const void *data, size_t len)
{
    char     path[4096];
    txng_err err;

    snprintf(path, sizeof path, "%s/%s", d->dir, name);
    if ((err = cli_write_new_file(path, data, len)) != TXNG_OK) {
        cli_report(path, err, NULL);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/* The lineage of the box sold as a bundle, checked with the verifier key alone, then changed. */
static int
bundle(struct demo *d)
{
    const txng_bundle_sel sel = { .kind = TXNG_BUNDLE_UNIT, .id = UNIT_SOLD };
    txng_bundle_wopts     wo  = { 0 };
    txng_bundle_result    res = { 0 }, bad = { 0 };
    txng_pubkey           trusted;
    struct buf            b   = { 0 };
    uint64_t             *idx = NULL, harvest = d->rec[HARVEST];
    size_t                n = 0;
    char                  head[48];
    char                 *w;
    txng_err              err;
    int                   status = EXIT_FAILED;

    /* What 'txng export --sign-as' and 'txng verify BUNDLE --key VKEY' do: signed by the
     * cooperative's log key, the bundle also vouches that it leaves none of the unit's
     * records out (a claim, a recall). */
    wo.exporter = d->logkey;
    if ((err = txng_bundle_select(d->log, &sel, &idx, &n, &d->diag)) != TXNG_OK ||
        (err = txng_bundle_write(d->log, &sel, idx, n, &wo, buf_put, &b)) != TXNG_OK ||
        (err = txng_pubkey_parse(&trusted, d->vkey, strlen(d->vkey), &d->diag)) != TXNG_OK ||
        (err = txng_bundle_verify(buf_get, &b, &trusted, NULL, &res, &d->diag)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    if (res.records != wo.records || res.size != wo.size || res.kind != TXNG_BUNDLE_UNIT ||
        strcmp(res.select, UNIT_SOLD) != 0) {
        status = broken(_("the bundle verified is not the one exported"));
        goto out;
    }
    printf(_("10. Box 000007's lineage as a bundle, one file signed by the log key ('txng export\n"
             "    --sign-as'): %" PRIu64 " of the %" PRIu64
             " records, checked offline with only the verifier\n"
             "    key above: ok.\n"),
           res.records, res.size);
    if (d->files && (status = write_file(d, BUNDLE_FILE, b.data, b.len)) != EXIT_DONE)
        goto out;
    /* One byte of the harvest record: its weight 9.6 becomes 8.6. */
    snprintf(head, sizeof head, "\nrecord %" PRIu64 " ", harvest);
    if ((w = strstr(b.data, head)) == NULL || (w = strstr(w, "\"9.6\"")) == NULL) {
        status = broken(_("the bundle has no harvest record with weight 9.6"));
        goto out;
    }
    w[1]    = '8';
    b.pos   = 0;
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    err     = txng_bundle_verify(buf_get, &b, &trusted, NULL, &bad, &d->diag);
    if (err == TXNG_OK || !d->diag.has_index || d->diag.index != harvest) {
        status = broken(_("a changed bundle was not refused at the changed record"));
        goto out;
    }
    printf(_("    One byte changed (9.6 -> 8.6 kg): record %" PRIu64 ": %s.\n\n"), d->diag.index,
           _(d->diag.reason != NULL ? d->diag.reason : txng_strerror(err)));
    status = EXIT_DONE;
out:
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    txng_bundle_result_free(&res);
    txng_bundle_result_free(&bad);
    free(b.data);
    free(idx);
    return status;
}

struct sig_check {
    const txng_label *label;
    char              by[TXNG_KEYREF_MAX]; /* the key that verifies, "" if none */
};

static txng_err
try_key(void *ctx, const txng_key_info *key)
{
    struct sig_check *s = ctx;

    if (s->by[0] == '\0' && !key->is_revoked &&
        txng_label_verify(s->label, &key->key, NULL) == TXNG_OK)
        txng_pubkey_ref(&key->key, s->by);
    return TXNG_OK;
}

/* Parse @p uri as a scanner would and try every key the log enrolled, as 'txng verify-label -d'. */
static txng_err
check_label(struct demo *d, const char *uri, txng_label *label, char *by, size_t size)
{
    struct sig_check s = { label, "" };
    txng_err         err;

    if ((err = txng_label_parse(label, NULL, uri, strlen(uri), &d->diag)) != TXNG_OK ||
        (err = txng_log_keys(d->log, try_key, &s)) != TXNG_OK)
        return err;
    key_name(s.by, by, size);
    return TXNG_OK;
}

/* The box's signed label (AI 8030), verified, then with one character changed. */
static int
label(struct demo *d)
{
    txng_label      l = { 0 }, scanned;
    txng_claim_info info;
    txng_qr        *qr  = NULL;
    unsigned char  *png = NULL;
    size_t          png_len;
    char            uri[TXNG_LABEL_URI_MAX], unit[TXNG_GS1_URI_MAX], by[TXNG_KEYREF_MAX];
    char           *w;
    txng_err        err;
    int             status = EXIT_FAILED;

    /* What 'txng labels --sign-as' prints: GTIN, lot, serial, expiry, harvest date. */
    memcpy(l.gtin, GTIN_DRIED, sizeof l.gtin);
    memcpy(l.lot, LABEL_LOT, sizeof LABEL_LOT);
    memcpy(l.serial, LABEL_SERIAL, sizeof LABEL_SERIAL);
    memcpy(l.expiry, LABEL_EXPIRY, sizeof LABEL_EXPIRY);
    memcpy(l.harvest, LABEL_HARVEST, sizeof LABEL_HARVEST);
    if ((err = txng_label_sign(&l, d->key[COOP], &d->diag)) != TXNG_OK ||
        (err = txng_label_uri(uri, &l, RESOLVER, &d->diag)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    printf(_("11. Its label, a GS1 Digital Link URI signed by %s (AI 8030):\n"
             "    %s\n"),
           keys[COOP].name, uri);
    if ((err = check_label(d, uri, &scanned, by, sizeof by)) != TXNG_OK ||
        (err = txng_label_unit_id(unit, &scanned, &d->diag)) != TXNG_OK ||
        (err = txng_claim_info_get(d->log, unit, &info)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    if (strcmp(by, keys[COOP].name) != 0 || strcmp(unit, UNIT_SOLD) != 0 || !info.packed ||
        info.pack_index != d->rec[PACK]) {
        status = broken(_("the box's label does not verify"));
        goto out;
    }
    printf(_("    'txng verify-label': signed by %s; the box was packed in record %" PRIu64 ".\n"),
           by, info.pack_index);
    if (d->files) {
        if ((err = txng_qr_encode(&qr, uri, strlen(uri), TXNG_QR_ECC_M)) != TXNG_OK ||
            (err = txng_qr_png(qr, TXNG_QR_DEFAULT_PX, TXNG_QR_DEFAULT_DPI, &png, &png_len)) !=
                TXNG_OK) {
            status = failed(d, err);
            goto out;
        }
        if ((status = write_file(d, LABEL_FILE, png, png_len)) != EXIT_DONE)
            goto out;
    }
    /* The same label copied onto another box: serial 000007 becomes 000008. */
    if ((w = strstr(uri, "/21/" LABEL_SERIAL)) == NULL) {
        status = broken(_("the label has no serial 000007"));
        goto out;
    }
    w[strlen("/21/" LABEL_SERIAL) - 1] = '8';
    if ((err = check_label(d, uri, &scanned, by, sizeof by)) != TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    if (by[0] != '\0') {
        status = broken(_("a changed label still verifies"));
        goto out;
    }
    fputs(_("    The same URI with serial 000008: NOT GENUINE, no enrolled key verifies it.\n\n"),
          stdout);
    status = EXIT_DONE;
out:
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    free(png);
    txng_qr_free(qr);
    return status;
}

/* Remove the scratch folder @p top and the log folder @p log inside it. */
static void
remove_scratch(const char *top, const char *log)
{
    char           path[4096 + 300];
    DIR           *dir = opendir(log);
    struct dirent *e;

    while (dir != NULL && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", log, e->d_name);
        unlink(path);
    }
    if (dir != NULL)
        closedir(dir);
    rmdir(log);
    rmdir(top);
}

/* The log once more, quietly, into @p copy; its checkpoint must be the demo log's. */
static int
replay(struct demo *d, txng_log *copy)
{
    txng_log *log = d->log;
    char     *a = NULL, *b = NULL;
    size_t    a_len = 0, b_len = 0;
    txng_err  err;
    int       status;

    json_decref(d->dry);
    json_decref(d->harvest);
    d->dry = d->harvest = NULL;
    d->log              = copy;
    d->quiet            = true;
    if ((status = enrol_all(d)) == EXIT_DONE && (status = record_master(d)) == EXIT_DONE)
        status = record_chain(d);
    d->log   = log;
    d->quiet = false;
    if (status != EXIT_DONE)
        return status;
    if ((err = txng_log_checkpoint(d->log, 0, &a, &a_len)) != TXNG_OK ||
        (err = txng_log_checkpoint(copy, 0, &b, &b_len)) != TXNG_OK)
        status = failed(d, err);
    else if (a_len != b_len || memcmp(a, b, a_len) != 0)
        status = broken(_("the scratch copy is not the demo log"));
    free(a);
    free(b);
    return status;
}

/* A claim code for the box sold, on a scratch copy: claimed once, the second claim refused. */
static int
claim(struct demo *d)
{
    const char        *unit = UNIT_SOLD, *code = CLAIM_CODE;
    const char        *tmpdir = getenv("TMPDIR");
    txng_log          *copy   = NULL;
    txng_claim_info    first, again;
    txng_claim_outcome o1 = TXNG_CLAIM_UNKNOWN, o2 = TXNG_CLAIM_UNKNOWN;
    char               top[4096], path[4096 + 16], shown[TXNG_CLAIM_SHOWN_MAX];
    uint64_t           codes = 0, rec1 = UINT64_MAX, rec2 = UINT64_MAX;
    int64_t            t_claim, t_again;
    txng_err           err;
    int                status = EXIT_FAILED;

    snprintf(top, sizeof top, "%s/txng-demo-XXXXXX",
             tmpdir != NULL && *tmpdir == '/' ? tmpdir : "/tmp");
    if (mkdtemp(top) == NULL) {
        cli_report(top, TXNG_ESYS, NULL);
        return EXIT_FAILED;
    }
    snprintf(path, sizeof path, "%s/copy", top);
    if ((err = txng_event_time_parse(T_CLAIM, NULL, NULL, &t_claim, &d->diag)) != TXNG_OK ||
        (err = txng_event_time_parse(T_CLAIM_AGAIN, NULL, NULL, &t_again, &d->diag)) != TXNG_OK ||
        (err = txng_log_create(&copy, path, ORIGIN, d->logkey, d->keyfile, d->keyfile_len, T0)) !=
            TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    if ((status = replay(d, copy)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    /* The packer registers the code's salted hash ('txng labels --claim-codes'), with the
       packing's time but appended after the sale (records are kept in time order); a buyer
       scratches the label and claims the box ('txng claim'), then someone tries again. */
    if ((err = txng_claim_register(copy, d->logkey, d->key[COOP], &unit, &code, 1, T_CODES, d->last,
                                   &codes, &d->diag)) != TXNG_OK ||
        (err = txng_claim_check_and_record(copy, d->logkey, d->logkey, unit, code, T_CLAIM,
                                           t_claim + LAG, &o1, &first, &rec1, &d->diag)) !=
            TXNG_OK ||
        (err = txng_claim_check_and_record(copy, d->logkey, d->logkey, unit, code, T_CLAIM_AGAIN,
                                           t_again + LAG, &o2, &again, &rec2, &d->diag)) !=
            TXNG_OK) {
        status = failed(d, err);
        goto out;
    }
    if (o1 != TXNG_CLAIM_CLAIMED || !first.claimed || first.claim_index != rec1) {
        status = broken(_("the first claim of a box was not accepted"));
        goto out;
    }
    if (o2 != TXNG_CLAIM_ALREADY || again.claim_index != rec1 ||
        strcmp(again.claimed_at, first.claimed_at) != 0) {
        status = broken(_("a second claim of a box was not refused"));
        goto out;
    }
    txng_claim_code_show(shown, code);
    printf(_("12. Its claim code %s, under a scratch-off, registered as a salted hash in\n"
             "    record %" PRIu64
             " (of a scratch copy: this demo log stays the same on every run):\n"),
           shown, codes);
    printf(_("    first claim: claimed on %s (record %" PRIu64 ")\n"
             "    second claim: refused, already claimed on %s\n\n"),
           first.claimed_at, rec1, again.claimed_at);
    status = EXIT_DONE;
out:
    d->diag = (txng_diag) TXNG_DIAG_INIT;
    txng_log_close(copy);
    remove_scratch(top, path);
    return status;
}

static int
demo(const char *dir, bool files)
{
    struct demo d      = { .dir = dir, .files = files };
    txng_err    err    = TXNG_OK;
    int         status = EXIT_FAILED;

    printf(_("txng demo: one lot of Ngọc Linh ginseng, from the seed lot to a box sold in\n"
             "Hà Nội. Demonstration keys are fixed and NOT secret; never use them for real.\n\n"));
    if ((err = cli_demo_image(&d.image, &d.image_len)) == TXNG_OK) {
        unsigned char h[TXNG_HASH_BYTES];

        txng_sha256(h, d.image, d.image_len);
        txng_hex_encode(d.image_hex, h, sizeof h);
        err = demo_key(ORIGIN, &d.logkey);
    }
    for (size_t i = 0; i < NKEYS && err == TXNG_OK; i++)
        err = demo_key(keys[i].name, &d.key[i]);
    if (err == TXNG_OK)
        err = demo_key("ke-gia-mao", &d.stranger);
    if (err == TXNG_OK)
        err = txng_keyfile_write(d.logkey, NULL, TXNG_KDF_INTERACTIVE, &d.keyfile, &d.keyfile_len);
    if (err != TXNG_OK) {
        status = failed(&d, err);
        goto out;
    }
    printf(_("1. The cooperative creates its log in %s.\n"
             "   Record 0 names the log and its key; anyone holding this verifier key\n"
             "   can check the whole log:\n"),
           dir);
    err = txng_log_create(&d.log, dir, ORIGIN, d.logkey, d.keyfile, d.keyfile_len, T0);
    if (err != TXNG_OK) {
        status = failed(&d, err);
        goto out;
    }
    txng_pubkey_format(txng_signer_pubkey(d.logkey), d.vkey);
    printf("   %s\n\n", d.vkey);
    if ((status = enrol_all(&d)) != EXIT_DONE || (status = record_master(&d)) != EXIT_DONE ||
        (status = record_chain(&d)) != EXIT_DONE || (status = refusals(&d)) != EXIT_DONE ||
        (status = prove(&d)) != EXIT_DONE || (status = verify(&d)) != EXIT_DONE ||
        (status = trace_back(&d)) != EXIT_DONE || (status = trace_forward(&d)) != EXIT_DONE ||
        (status = bundle(&d)) != EXIT_DONE || (status = label(&d)) != EXIT_DONE ||
        (status = claim(&d)) != EXIT_DONE)
        goto out;
    printf(_("Explore: txng log -d %s\n"
             "         txng show -d %s %" PRIu64 "; txng prove -d %s %" PRIu64 "\n"
             "         txng trace back -d %s %s\n"
             "         txng trace forward -d %s %s\n"),
           dir, dir, d.rec[HARVEST], dir, d.rec[HARVEST], dir, UNIT_SOLD, dir, HARVEST_LOT);
    if (files)
        printf(_("         txng verify %s/%s --key %s\n"
                 "         txng verify-label %s/%s -d %s\n"),
               dir, BUNDLE_FILE, d.vkey, dir, LABEL_FILE, dir);
out:
    json_decref(d.dry);
    json_decref(d.harvest);
    free(d.image);
    if (d.keyfile != NULL)
        sodium_memzero(d.keyfile, d.keyfile_len);
    free(d.keyfile);
    txng_log_close(d.log);
    txng_signer_free(d.logkey);
    for (size_t i = 0; i < NKEYS; i++)
        txng_signer_free(d.key[i]);
    txng_signer_free(d.stranger);
    return status;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir    = NULL;
    const char *tmpdir = getenv("TMPDIR");
    bool        files  = false;
    char        tmpl[4096], path[4096 + 16];
    int         c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir   = optarg;
            files = true;
            break;
        case 'h':
            return cli_help(&cmd_demo, options);
        case ':':
            return cli_usage(&cmd_demo, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_demo, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage(&cmd_demo, _("unexpected argument %s"), argv[optind]);
    if (dir == NULL) {
        snprintf(tmpl, sizeof tmpl, "%s/txng-demo-XXXXXX",
                 tmpdir != NULL && *tmpdir == '/' ? tmpdir : "/tmp");
        if (mkdtemp(tmpl) == NULL) {
            cli_report(tmpl, TXNG_ESYS, NULL);
            return EXIT_FAILED;
        }
        snprintf(path, sizeof path, "%s/nhatky", tmpl);
        dir = path;
    } else if (access(dir, F_OK) == 0) {
        cli_error(dir, _("already exists; the demo needs a new folder"));
        return EXIT_FAILED;
    }
    return demo(dir, files);
}

const struct command cmd_demo = {
    "demo",
    run,
    "demo [-d DIR]",
    N_("build a small ginseng log, verify it, and explain each step"),
};
