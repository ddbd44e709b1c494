/*
 * cte.c - the table of steps (critical tracking events and master data) and their KDEs
 *
 * Rows follow the CTE table of the Ngọc Linh ginseng chain (notes on
 * Vietnamese standards, part b). CBV 2.0 has no harvesting, planting,
 * treating, washing, transforming, recalling or certifying bizStep, so those
 * steps use urn:txng:bizstep:<step>; the others use CBV words. Packing
 * serialises a lot into units whose identifiers differ from the lot's, so it
 * is a TransformationEvent (lot in, unit serials out), which also gives the
 * lineage from each unit back to its lot. A harvest is a TransformationEvent
 * from the cohort (instance identifier, no quantity) to the harvest lot, so
 * the cohort -> lot link is an ordinary transformation link.
 */
#include <stddef.h>
#include <string.h>

#include "core/event.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define K(kind) ((int) TXNG_GS1_KIND_##kind)
#define NOKIND 0

/*
 * The English labels of steps and elements, and the names of groups, are
 * marked here and translated where they are printed (txng record --help);
 * option, step and CSV heading names are not: users type them.
 */

/* TRANSLATORS: names of groups of options of which one is required, in
 * "(required: one of group what)": what an event is about: --lot, --serials or --id */
#define GROUP_WHAT TXNG_NC_("group of options", "what")
/* TRANSLATORS: where a harvest comes from: --cohort or --plot */
#define GROUP_SOURCE TXNG_NC_("group of options", "source")
/* TRANSLATORS: the identifier of a party, place or product: --gln, --gtin or --code */
#define GROUP_ID TXNG_NC_("group of options", "id")

/* Elements shared by several steps, all optional. */
/* TRANSLATORS: labels of elements, in txng record STEP --help before their CSV heading */
#define KDE_NOTE                                                                                   \
    { "note", "TEXT", TXNG_N_("note"), "Ghi chú", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:note",      \
      NULL, NOKIND, 0, NULL, NULL, NULL }
#define KDE_PARTY                                                                                  \
    { "party", "PARTY", TXNG_N_("party who did it"), "Người thực hiện", TXNG_KDE_ID,               \
      TXNG_AT_MEMBER, "txng:party", NULL, K(PARTY), 0, NULL, NULL, NULL }
#define KDE_PLACE(where)                                                                           \
    { "place", "PLACE", TXNG_N_("place"), "Địa điểm", TXNG_KDE_ID, TXNG_AT_LOCATION, where,        \
      NULL, K(PLACE), 0, NULL, NULL, NULL }
#define KDE_GTIN                                                                                   \
    { "gtin", "GTIN", TXNG_N_("product GTIN"), "GTIN", TXNG_KDE_GTIN, TXNG_AT_GTIN, NULL, NULL,    \
      NOKIND, 0, NULL, NULL, NULL }
#define KDE_WEIGHT                                                                                 \
    { "weight", "QTY", TXNG_N_("quantity of the lot"), "Khối lượng", TXNG_KDE_QUANTITY,            \
      TXNG_AT_AMOUNT, NULL, NULL, NOKIND, 0, NULL, NULL, NULL }
#define KDE_ALLOW_GAIN                                                                             \
    { "allow-gain", "REASON", TXNG_N_("why outputs outweigh inputs"), "Lý do tăng khối lượng",     \
      TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:allowGain", NULL, NOKIND, 0, NULL, NULL, NULL }
/* "What" of object events: a lot, unit serials, or any identifiers; at least one. */
#define KDE_WHAT(msg)                                                                              \
    { "lot", "LOT", TXNG_N_("lot"), "Mã lô", TXNG_KDE_LOT, TXNG_AT_QUANTITIES, "quantityList",     \
      NULL, K(LOT), TXNG_KDE_REQUIRED, GROUP_WHAT, NULL, msg },                                    \
    { "serials", "FROM-TO", TXNG_N_("unit serials"), "Số sê-ri", TXNG_KDE_SERIALS, TXNG_AT_EPCS,   \
      "epcList", NULL, K(UNIT), TXNG_KDE_REQUIRED, GROUP_WHAT, NULL, msg },                        \
    { "id", "ID", TXNG_N_("identifier"), "Mã định danh", TXNG_KDE_ID, TXNG_AT_EPCS, "epcList",     \
      NULL, TXNG_KDE_KIND_ANY, TXNG_KDE_REQUIRED | TXNG_KDE_MULTI, GROUP_WHAT, NULL, msg },        \
    KDE_GTIN, KDE_WEIGHT
#define KDE_TIME(msg)                                                                              \
    { "time", "TIME", TXNG_N_("event time"), "Thời gian", TXNG_KDE_TIME, TXNG_AT_TIME, NULL,       \
      NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL, msg }
#define KDE_MASTER_TIME                                                                            \
    { "time", "TIME", TXNG_N_("time of the entry"), "Thời gian", TXNG_KDE_TIME, TXNG_AT_TIME,      \
      NULL, NULL, NOKIND, 0, NULL, NULL, NULL }

static const txng_kde plant[] = {
    { "cohort", "CODE", TXNG_N_("planting cohort"), "Lứa trồng", TXNG_KDE_ID, TXNG_AT_EPCS,
      "outputEPCList", NULL, K(COHORT), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("plant needs the planting cohort: give --cohort CODE") },
    { "place", "PLACE", TXNG_N_("plot planted"), "Địa điểm", TXNG_KDE_ID, TXNG_AT_LOCATION,
      "bizLocation", NULL, K(PLACE), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("plant needs the plot: give --place PLACE") },
    { "seedlings", "LOT", TXNG_N_("seedling lot"), "Lô cây giống", TXNG_KDE_LOT, TXNG_AT_QUANTITIES,
      "inputQuantityList", NULL, K(LOT), TXNG_KDE_MULTI, NULL, NULL, NULL },
    { "count", "N", TXNG_N_("plants planted"), "Số cây", TXNG_KDE_INT, TXNG_AT_MEMBER,
      "txng:plants", NULL, NOKIND, TXNG_KDE_REQUIRED | TXNG_KDE_POSITIVE, NULL, NULL,
      TXNG_N_("plant needs the number of plants: give --count N") },
    { "plot", "TEXT", TXNG_N_("forest plot (lô/khoảnh/tiểu khu)"), "Lô/khoảnh/tiểu khu",
      TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:plot", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "gps", "LAT,LON", TXNG_N_("GPS position"), "Tọa độ GPS", TXNG_KDE_GPS, TXNG_AT_MEMBER,
      "txng:gps", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "accuracy", "METRES", TXNG_N_("GPS accuracy (m)"), "Độ chính xác (m)", TXNG_KDE_DECIMAL,
      TXNG_AT_MEMBER, "txng:gpsAccuracy", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "species", "TEXT", TXNG_N_("species"), "Loài", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:species",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "lease", "TEXT", TXNG_N_("forest lease or contract"), "Hợp đồng thuê rừng", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:lease", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("plant needs the time with its offset: give --time 2019-10-20T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde treat[] = {
    { "cohort", "CODE", TXNG_N_("planting cohort"), "Lứa trồng", TXNG_KDE_ID, TXNG_AT_EPCS,
      "epcList", NULL, K(COHORT), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("treat needs the planting cohort: give --cohort CODE") },
    { "input", "TEXT", TXNG_N_("input used (or \"none\")"), "Vật tư sử dụng", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:input", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("treat needs the input used: give --input NAME (or --input none)") },
    { "ingredient", "TEXT", TXNG_N_("active ingredient"), "Hoạt chất", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:activeIngredient", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "input-lot", "TEXT", TXNG_N_("supplier's lot of the input"), "Lô vật tư", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:inputLot", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "supplier", "PARTY", TXNG_N_("supplier of the input"), "Nhà cung cấp", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "txng:supplier", NULL, K(PARTY), 0, NULL, NULL, NULL },
    { "dose", "TEXT", TXNG_N_("dose and area"), "Liều lượng", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:dose", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "phi", "DAYS", TXNG_N_("pre-harvest interval (days)"), "Thời gian cách ly (ngày)",
      TXNG_KDE_INT, TXNG_AT_MEMBER, "txng:preHarvestDays", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_PLACE("bizLocation"),
    KDE_TIME(TXNG_N_("treat needs the time with its offset: give --time 2024-05-01T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde stand_count[] = {
    { "cohort", "CODE", TXNG_N_("planting cohort"), "Lứa trồng", TXNG_KDE_ID, TXNG_AT_EPCS,
      "epcList", NULL, K(COHORT), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("stand-count needs the planting cohort: give --cohort CODE") },
    { "plants", "N", TXNG_N_("live plants counted"), "Số cây sống", TXNG_KDE_INT, TXNG_AT_MEMBER,
      "txng:plants", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("stand-count needs the number of live plants: give --plants N") },
    { "age", "YEARS", TXNG_N_("plant age (years)"), "Tuổi cây (năm)", TXNG_KDE_INT, TXNG_AT_MEMBER,
      "txng:age", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "inspector", "PARTY", TXNG_N_("inspector"), "Người kiểm kê", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "txng:inspector", NULL, K(PARTY), 0, NULL, NULL, NULL },
    KDE_PLACE("bizLocation"),
    KDE_TIME(
        TXNG_N_("stand-count needs the time with its offset: give --time 2024-05-01T08:00+07:00")),
    KDE_NOTE,
};

static const txng_kde harvest[] = {
    { "cohort", "CODE", TXNG_N_("planting cohort"), "Lứa trồng", TXNG_KDE_ID, TXNG_AT_EPCS,
      "inputEPCList", NULL, K(COHORT), TXNG_KDE_REQUIRED, GROUP_SOURCE, NULL,
      TXNG_N_("harvest needs the cohort or the plot: give --cohort CODE or --plot PLACE") },
    { "plot", "PLACE", TXNG_N_("plot harvested"), "Vườn/lô khai thác", TXNG_KDE_ID,
      TXNG_AT_LOCATION, "bizLocation", NULL, K(PLACE), TXNG_KDE_REQUIRED, GROUP_SOURCE, NULL,
      TXNG_N_("harvest needs the cohort or the plot: give --cohort CODE or --plot PLACE") },
    { "lot", "LOT", TXNG_N_("harvest lot"), "Lô thu hoạch", TXNG_KDE_LOT, TXNG_AT_QUANTITIES,
      "outputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("harvest needs the harvest lot code: give --lot LOT") },
    KDE_GTIN,
    { "weight", "QTY", TXNG_N_("fresh weight"), "Khối lượng tươi", TXNG_KDE_QUANTITY,
      TXNG_AT_AMOUNT, NULL, NULL, NOKIND, TXNG_KDE_REQUIRED | TXNG_KDE_MASS, NULL, NULL,
      TXNG_N_("harvest needs the fresh weight: give --weight 9.6kg") },
    { "roots", "N", TXNG_N_("root count"), "Số củ", TXNG_KDE_INT, TXNG_AT_MEMBER, "txng:roots",
      NULL, NOKIND, TXNG_KDE_REQUIRED | TXNG_KDE_POSITIVE, NULL, NULL,
      TXNG_N_("harvest needs the root count: give --roots N") },
    { "age", "YEARS", TXNG_N_("root age (years)"), "Tuổi củ (năm)", TXNG_KDE_INT, TXNG_AT_MEMBER,
      "txng:age", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("harvest needs the root age in years: give --age N") },
    { "gi-code", "CODE", TXNG_N_("GI code of the plot"), "Mã CDĐL", TXNG_KDE_GI_CODE,
      TXNG_AT_MEMBER, "txng:giCode", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "gi-certificate", "CERT", TXNG_N_("GI certificate"), "Giấy chứng nhận CDĐL", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "certificationInfo", NULL, K(CERTIFICATE), 0, NULL, NULL, NULL },
    { "grade", "TEXT", TXNG_N_("grade (roots per kg)"), "Phân loại", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:grade", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "purpose", "TEXT", TXNG_N_("purpose of the harvest"), "Mục đích khai thác", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:purpose", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "stamps", "FROM-TO", TXNG_N_("GI stamps allocated"), "Tem CDĐL", TXNG_KDE_SERIALS,
      TXNG_AT_MEMBER, "txng:giStamps", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "harvester", "PARTY", TXNG_N_("harvester"), "Người thu hoạch", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "txng:harvester", NULL, K(PARTY), 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("harvest needs the time with its offset: give --time 2025-09-20T07:30+07:00")),
    KDE_NOTE,
};

static const txng_kde receive[] = {
    KDE_WHAT(
        TXNG_N_("receive needs what was received: give --lot LOT, --serials FROM-TO or --id ID")),
    { "from", "PARTY", TXNG_N_("supplier (previous source)"), "Bên giao", TXNG_KDE_ID,
      TXNG_AT_SOURCE, NULL, "owning_party", K(PARTY), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("receive needs the supplier: give --from PARTY") },
    { "place", "PLACE", TXNG_N_("receiving place"), "Nơi nhận", TXNG_KDE_ID, TXNG_AT_LOCATION,
      "bizLocation", NULL, K(PLACE), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("receive needs the receiving place: give --place PLACE") },
    { "doc", "CODE", TXNG_N_("receipt document"), "Số phiếu nhập", TXNG_KDE_ID, TXNG_AT_BIZ_TX,
      NULL, "recadv", K(DOCUMENT), 0, NULL, NULL, NULL },
    { "condition", "TEXT", TXNG_N_("condition on arrival"), "Tình trạng", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:condition", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("receive needs the time with its offset: give --time 2025-09-21T09:00+07:00")),
    KDE_NOTE,
};

static const txng_kde wash_grade[] = {
    { "in", "LOT:QTY", TXNG_N_("input lot and quantity"), "Lô đầu vào", TXNG_KDE_ID_QTY,
      TXNG_AT_QUANTITIES, "inputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED | TXNG_KDE_MULTI,
      NULL, NULL,
      TXNG_N_("wash-grade needs its inputs: give --in LOT:QUANTITY, e.g. --in L24-017:9.6kg") },
    { "out", "LOT:QTY", TXNG_N_("output lot and quantity by grade"), "Lô đầu ra", TXNG_KDE_ID_QTY,
      TXNG_AT_QUANTITIES, "outputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED | TXNG_KDE_MULTI,
      NULL, NULL,
      TXNG_N_("wash-grade needs its outputs: give --out LOT:QUANTITY, e.g. --out L24-017-A:6kg") },
    { "water", "TEXT", TXNG_N_("water source"), "Nguồn nước", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:waterSource", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_ALLOW_GAIN,
    KDE_PLACE("bizLocation"),
    KDE_TIME(
        TXNG_N_("wash-grade needs the time with its offset: give --time 2025-09-22T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde transform[] = {
    { "in", "LOT:QTY", TXNG_N_("input lot and quantity"), "Lô đầu vào", TXNG_KDE_ID_QTY,
      TXNG_AT_QUANTITIES, "inputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED | TXNG_KDE_MULTI,
      NULL, NULL,
      TXNG_N_("transform needs its inputs: give --in LOT:QUANTITY, e.g. --in L24-017:9.6kg") },
    { "out", "LOT:QTY", TXNG_N_("output lot and quantity"), "Lô đầu ra", TXNG_KDE_ID_QTY,
      TXNG_AT_QUANTITIES, "outputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED | TXNG_KDE_MULTI,
      NULL, NULL,
      TXNG_N_("transform needs its outputs: give --out LOT:QUANTITY, e.g. --out L24-017-S:2.1kg") },
    { "method", "TEXT", TXNG_N_("method"), "Phương pháp", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:method", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("transform needs the method: give --method TEXT") },
    { "temperature", "TEXT", TXNG_N_("temperature"), "Nhiệt độ", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:temperature", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "duration", "TEXT", TXNG_N_("duration"), "Thời lượng", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:duration", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "moisture", "PERCENT", TXNG_N_("final moisture (%)"), "Độ ẩm cuối (%)", TXNG_KDE_DECIMAL,
      TXNG_AT_MEMBER, "txng:moisture", NULL, NOKIND, TXNG_KDE_PERCENT, NULL, NULL, NULL },
    { "certificate", "CERT", TXNG_N_("certification mark dossier"), "Giấy chứng nhận", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "certificationInfo", NULL, K(CERTIFICATE), 0, NULL, NULL, NULL },
    KDE_ALLOW_GAIN,
    KDE_PLACE("bizLocation"),
    KDE_TIME(
        TXNG_N_("transform needs the time with its offset: give --time 2025-09-23T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde test[] = {
    KDE_WHAT(TXNG_N_(
        "test needs the lot or units sampled: give --lot LOT, --serials FROM-TO or --id ID")),
    { "lab", "PARTY", TXNG_N_("laboratory"), "Phòng kiểm nghiệm", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "txng:lab", NULL, K(PARTY), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("test needs the laboratory: give --lab PARTY") },
    { "report", "CODE", TXNG_N_("test report number"), "Số phiếu kết quả", TXNG_KDE_ID,
      TXNG_AT_BIZ_TX, NULL, "testres", K(DOCUMENT), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("test needs the report number: give --report CODE") },
    { "report-sha256", "HEX", TXNG_N_("SHA-256 of the report"), "SHA-256 phiếu kết quả",
      TXNG_KDE_SHA256, TXNG_AT_MEMBER, "txng:reportSha256", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "sample", "TEXT", TXNG_N_("sample id"), "Mã mẫu", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:sample", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "tests", "TEXT", TXNG_N_("tests done"), "Chỉ tiêu kiểm nghiệm", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:tests", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "result", "pass|fail", TXNG_N_("result"), "Kết quả", TXNG_KDE_ENUM, TXNG_AT_MEMBER,
      "disposition", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, "pass=conformant|fail=non_conformant",
      TXNG_N_("test needs the result: give --result pass or --result fail") },
    KDE_PLACE("readPoint"),
    KDE_TIME(TXNG_N_("test needs the time with its offset: give --time 2025-09-25T10:00+07:00")),
    KDE_NOTE,
};

static const txng_kde pack[] = {
    { "lot", "LOT", TXNG_N_("lot packed"), "Lô đóng gói", TXNG_KDE_LOT, TXNG_AT_QUANTITIES,
      "inputQuantityList", NULL, K(LOT), TXNG_KDE_REQUIRED | TXNG_KDE_NOGTIN, NULL, NULL,
      TXNG_N_("pack needs the lot packed: give --lot LOT") },
    { "weight", "QTY", TXNG_N_("quantity of the lot packed"), "Khối lượng đóng gói",
      TXNG_KDE_QUANTITY, TXNG_AT_AMOUNT, NULL, NULL, NOKIND, 0, NULL, NULL, NULL },
    { "gtin", "GTIN", TXNG_N_("GTIN of the units"), "GTIN", TXNG_KDE_GTIN, TXNG_AT_GTIN, NULL, NULL,
      NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("pack needs the GTIN of the units: give --gtin GTIN") },
    { "serials", "FROM-TO", TXNG_N_("unit serials"), "Số sê-ri", TXNG_KDE_SERIALS, TXNG_AT_EPCS,
      "outputEPCList", NULL, K(UNIT), TXNG_KDE_REQUIRED | TXNG_KDE_MULTI, NULL, NULL,
      TXNG_N_("pack needs the unit serials: give --serials 000001-000040") },
    { "net", "QTY", TXNG_N_("net content of a unit"), "Khối lượng tịnh", TXNG_KDE_QUANTITY,
      TXNG_AT_MEMBER, "txng:netContent", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "stamps", "FROM-TO", TXNG_N_("GI stamps used"), "Tem CDĐL", TXNG_KDE_SERIALS, TXNG_AT_MEMBER,
      "txng:giStamps", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "best-before", "DATE", TXNG_N_("best before"), "Hạn sử dụng", TXNG_KDE_DATE, TXNG_AT_MEMBER,
      "txng:bestBefore", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_PLACE("bizLocation"),
    KDE_TIME(TXNG_N_("pack needs the time with its offset: give --time 2025-09-26T14:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde store[] = {
    KDE_WHAT(TXNG_N_("store needs what is stored: give --lot LOT, --serials FROM-TO or --id ID")),
    { "place", "PLACE", TXNG_N_("store room"), "Kho", TXNG_KDE_ID, TXNG_AT_LOCATION, "bizLocation",
      NULL, K(PLACE), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("store needs the storage place: give --place PLACE") },
    { "temperature", "TEXT", TXNG_N_("temperature"), "Nhiệt độ", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:temperature", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "humidity", "TEXT", TXNG_N_("humidity"), "Độ ẩm", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "txng:humidity", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("store needs the time with its offset: give --time 2025-09-27T08:00+07:00")),
    KDE_NOTE,
};

static const txng_kde ship[] = {
    KDE_WHAT(TXNG_N_("ship needs what is shipped: give --lot LOT, --serials FROM-TO or --id ID")),
    { "to", "PARTY", TXNG_N_("recipient"), "Bên nhận", TXNG_KDE_ID, TXNG_AT_DEST, NULL,
      "owning_party", K(PARTY), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("ship needs the recipient: give --to PARTY") },
    { "to-place", "PLACE", TXNG_N_("recipient's place"), "Nơi nhận", TXNG_KDE_ID, TXNG_AT_DEST,
      NULL, "location", K(PLACE), 0, NULL, NULL, NULL },
    { "place", "PLACE", TXNG_N_("ship-from place"), "Nơi xuất", TXNG_KDE_ID, TXNG_AT_LOCATION,
      "readPoint", NULL, K(PLACE), 0, NULL, NULL, NULL },
    { "carrier", "PARTY", TXNG_N_("transporter"), "Đơn vị vận chuyển", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "txng:carrier", NULL, K(PARTY), 0, NULL, NULL, NULL },
    { "doc", "CODE", TXNG_N_("delivery note or invoice"), "Số phiếu xuất", TXNG_KDE_ID,
      TXNG_AT_BIZ_TX, NULL, "desadv", K(DOCUMENT), 0, NULL, NULL, NULL },
    { "purpose", "WHY", TXNG_N_("purpose of a shipment of recalled goods"), "Mục đích xuất",
      TXNG_KDE_ENUM, TXNG_AT_MEMBER, "txng:shipPurpose", NULL, NOKIND, 0, NULL,
      "return|destroy|change-use|re-export", NULL },
    KDE_TIME(TXNG_N_("ship needs the time with its offset: give --time 2025-09-28T07:00+07:00")),
    KDE_NOTE,
};

static const txng_kde sell[] = {
    KDE_WHAT(TXNG_N_("sell needs what was sold: give --serials FROM-TO, --id ID or --lot LOT")),
    KDE_PLACE("bizLocation"),
    KDE_TIME(TXNG_N_("sell needs the time with its offset: give --time 2025-10-01T18:00+07:00")),
    KDE_NOTE,
};

/*
 * An inspection (CTE 19): a consumer's or inspector's scan of a label, or a
 * market-surveillance (QLTT) or internal check of goods on a shelf. It
 * observes and changes nothing, so it has no disposition: its finding is
 * txng:inspectionResult, in words of its own, because CBV has a disposition
 * for "conformant" but none for a copied, already sold or unknown label.
 * Its identifiers need not be in this log: a fake label is what it may find.
 */
static const txng_kde inspect[] = {
    KDE_WHAT(
        TXNG_N_("inspect needs what was inspected: give --serials FROM-TO, --id ID or --lot LOT")),
    { "result", "RESULT", TXNG_N_("result of the inspection"), "Kết quả kiểm tra", TXNG_KDE_ENUM,
      TXNG_AT_MEMBER, "txng:inspectionResult", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL,
      "genuine|already-sold|duplicate|recalled|unknown|not-genuine",
      TXNG_N_("inspect needs the result: give --result genuine, already-sold, duplicate, "
              "recalled, unknown or not-genuine") },
    { "role", "ROLE", TXNG_N_("inspector's role"), "Vai trò người kiểm tra", TXNG_KDE_ENUM,
      TXNG_AT_MEMBER, "txng:inspectorRole", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL,
      "consumer|retailer|cooperative|producer|qltt|auditor|certifier|other",
      TXNG_N_("inspect needs the inspector's role: give --role consumer, retailer, cooperative, "
              "producer, qltt, auditor, certifier or other") },
    { "inspector", "PARTY", TXNG_N_("inspecting party"), "Người kiểm tra", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "txng:inspector", NULL, K(PARTY), 0, NULL, NULL, NULL },
    { "report", "TEXT", TXNG_N_("inspection record (biên bản) number"), "Số biên bản",
      TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:inspectionRecord", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "place", "PLACE", TXNG_N_("place inspected"), "Nơi kiểm tra", TXNG_KDE_ID, TXNG_AT_LOCATION,
      "readPoint", NULL, K(PLACE), 0, NULL, NULL, NULL },
    { "area", "TEXT", TXNG_N_("coarse location (town, market)"), "Khu vực", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:area", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("inspect needs the time with its offset: give --time 2025-10-03T10:00+07:00")),
    KDE_NOTE,
};

/* A recall may also name a planting cohort by its code: what its harvests made
 * is held by the rules as what a recalled lot made (docs/tcvn12850.md). */
static const txng_kde recall[] = {
    KDE_WHAT(TXNG_N_("recall needs what is recalled: give --lot LOT, --serials FROM-TO, "
                     "--cohort CODE or --id ID")),
    { "cohort", "CODE", TXNG_N_("planting cohort"), "Lứa trồng", TXNG_KDE_ID, TXNG_AT_EPCS,
      "epcList", NULL, K(COHORT), TXNG_KDE_REQUIRED, GROUP_WHAT, NULL,
      TXNG_N_("recall needs what is recalled: give --lot LOT, --serials FROM-TO, "
              "--cohort CODE or --id ID") },
    { "reason", "TEXT", TXNG_N_("reason"), "Lý do", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:reason",
      NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("recall needs the reason: give --reason TEXT") },
    { "decision", "CODE", TXNG_N_("recall decision"), "Số quyết định", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "txng:decision", NULL, K(DOCUMENT), 0, NULL, NULL, NULL },
    { "handling", "HOW", TXNG_N_("handling of recalled product"), "Cách xử lý", TXNG_KDE_ENUM,
      TXNG_AT_MEMBER, "txng:handling", NULL, NOKIND, 0, NULL, "fix|change-use|re-export|destroy",
      NULL },
    KDE_TIME(TXNG_N_("recall needs the time with its offset: give --time 2025-10-05T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde certify[] = {
    KDE_WHAT(
        TXNG_N_("certify needs what is certified: give --lot LOT, --serials FROM-TO or --id ID")),
    { "certificate", "CERT", TXNG_N_("certificate"), "Giấy chứng nhận", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "certificationInfo", NULL, K(CERTIFICATE), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("certify needs the certificate: give --certificate CERT") },
    KDE_TIME(TXNG_N_("certify needs the time with its offset: give --time 2025-09-30T08:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

/*
 * Claim codes (core/claim.h): the packer's record of salted hashes, one per
 * unit in epcList order, and a buyer's claim of one unit. Both are built by
 * core/claim.c; core/rules.c checks them against the log.
 */
static const txng_kde claim_codes[] = {
    { "id", "ID", TXNG_N_("unit"), "Mã đơn vị", TXNG_KDE_ID, TXNG_AT_EPCS, "epcList", NULL, K(UNIT),
      TXNG_KDE_REQUIRED | TXNG_KDE_MULTI, NULL, NULL,
      TXNG_N_("claim-codes needs the units: give --id ID for each unit") },
    { "hash", "HASH", TXNG_N_("salted hash of the unit's claim code"), "Mã băm mã kích hoạt",
      TXNG_KDE_TEXT, TXNG_AT_MEMBER, "txng:claimHashes", NULL, NOKIND,
      TXNG_KDE_REQUIRED | TXNG_KDE_MULTI, NULL, NULL,
      TXNG_N_("claim-codes needs one hash per unit: give --hash HASH for each --id") },
    KDE_TIME(
        TXNG_N_("claim-codes needs the time with its offset: give --time 2025-09-26T15:00+07:00")),
    KDE_PARTY,
    KDE_NOTE,
};

static const txng_kde claim[] = {
    { "id", "ID", TXNG_N_("unit claimed"), "Mã đơn vị", TXNG_KDE_ID, TXNG_AT_EPCS, "epcList", NULL,
      K(UNIT), TXNG_KDE_REQUIRED, NULL, NULL, TXNG_N_("claim needs the unit: give --id ID") },
    { "result", "RESULT", TXNG_N_("result of the claim"), "Kết quả", TXNG_KDE_ENUM, TXNG_AT_MEMBER,
      "txng:claimResult", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL,
      "claimed|wrong-code|already-claimed",
      TXNG_N_("claim needs the result: give --result claimed, wrong-code or already-claimed") },
    { "code", "CODE", TXNG_N_("claim code (kept once claimed)"), "Mã kích hoạt", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "txng:claimCode", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_TIME(TXNG_N_("claim needs the time with its offset: give --time 2025-10-02T19:00+07:00")),
    KDE_NOTE,
};

static const txng_kde correct[] = {
    { "corrects", "INDEX", TXNG_N_("record corrected"), "Bản ghi được sửa", TXNG_KDE_INT,
      TXNG_AT_MEMBER, "txng:corrects", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("correct needs the record it corrects: give --corrects INDEX") },
    { "reason", "WHY", TXNG_N_("reason"), "Lý do", TXNG_KDE_ENUM, TXNG_AT_MEMBER,
      "errorDeclaration.reason", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL,
      "did-not-occur=did_not_occur|incorrect=incorrect_data",
      TXNG_N_("correct needs the reason: give --reason incorrect or --reason did-not-occur") },
    { "time", "TIME", TXNG_N_("time of the declaration"), "Thời gian", TXNG_KDE_TIME, TXNG_AT_TIME,
      "errorDeclaration.declarationTime", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("correct needs the time with its offset: give --time 2025-10-02T08:00+07:00") },
    { "by", "INDEX", TXNG_N_("record that replaces it"), "Bản ghi thay thế", TXNG_KDE_INT,
      TXNG_AT_MEMBER, "txng:replacedBy", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_NOTE,
};

static const txng_kde party[] = {
    { "name", "TEXT", TXNG_N_("name"), "Tên", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "name", NULL, NOKIND,
      TXNG_KDE_REQUIRED, NULL, NULL, TXNG_N_("party needs its name: give --name TEXT") },
    { "gln", "GLN", TXNG_N_("GLN"), "GLN", TXNG_KDE_GLN, TXNG_AT_MEMBER, "id", "417", NOKIND,
      TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("party needs an identifier: give --gln GLN or --code CODE") },
    { "code", "CODE", TXNG_N_("party code"), "Mã", TXNG_KDE_ID, TXNG_AT_MEMBER, "id", NULL,
      K(PARTY), TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("party needs an identifier: give --gln GLN or --code CODE") },
    { "role", "TEXT", TXNG_N_("role"), "Vai trò", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "role", NULL,
      NOKIND, 0, NULL, NULL, NULL },
    { "address", "TEXT", TXNG_N_("address"), "Địa chỉ", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "address",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "valid-from", "DATE", TXNG_N_("address valid from"), "Địa chỉ có hiệu lực từ", TXNG_KDE_DATE,
      TXNG_AT_MEMBER, "addressValidFrom", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "registration", "TEXT", TXNG_N_("business registration"), "Đăng ký kinh doanh", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "registration", NULL, NOKIND, 0, NULL, NULL, NULL },
    /* a label gives its numeric code as GS1 AI 422 (cli/cmd_labels.c) */
    { "country", "CC", TXNG_N_("country (ISO 3166-1 alpha-2, e.g. VN)"), "Quốc gia",
      TXNG_KDE_COUNTRY, TXNG_AT_MEMBER, "country", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_MASTER_TIME,
    KDE_NOTE,
};

static const txng_kde place[] = {
    { "name", "TEXT", TXNG_N_("name"), "Tên", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "name", NULL, NOKIND,
      TXNG_KDE_REQUIRED, NULL, NULL, TXNG_N_("place needs its name: give --name TEXT") },
    { "gln", "GLN", TXNG_N_("GLN"), "GLN", TXNG_KDE_GLN, TXNG_AT_MEMBER, "id", "414", NOKIND,
      TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("place needs an identifier: give --gln GLN or --code CODE") },
    { "code", "CODE", TXNG_N_("place code"), "Mã", TXNG_KDE_ID, TXNG_AT_MEMBER, "id", NULL,
      K(PLACE), TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("place needs an identifier: give --gln GLN or --code CODE") },
    { "gps", "LAT,LON", TXNG_N_("GPS position"), "Tọa độ GPS", TXNG_KDE_GPS, TXNG_AT_MEMBER, "gps",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "accuracy", "METRES", TXNG_N_("GPS accuracy (m)"), "Độ chính xác (m)", TXNG_KDE_DECIMAL,
      TXNG_AT_MEMBER, "gpsAccuracy", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "gi-code", "CODE", TXNG_N_("GI code"), "Mã CDĐL", TXNG_KDE_GI_CODE, TXNG_AT_MEMBER, "giCode",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "plot", "TEXT", TXNG_N_("forest plot (lô/khoảnh/tiểu khu)"), "Lô/khoảnh/tiểu khu",
      TXNG_KDE_TEXT, TXNG_AT_MEMBER, "plot", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "address", "TEXT", TXNG_N_("address"), "Địa chỉ", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "address",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "valid-from", "DATE", TXNG_N_("address valid from"), "Địa chỉ có hiệu lực từ", TXNG_KDE_DATE,
      TXNG_AT_MEMBER, "addressValidFrom", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "party", "PARTY", TXNG_N_("owner or operator"), "Chủ sở hữu", TXNG_KDE_ID, TXNG_AT_MEMBER,
      "party", NULL, K(PARTY), 0, NULL, NULL, NULL },
    KDE_MASTER_TIME,
    KDE_NOTE,
};

static const txng_kde product[] = {
    { "name", "TEXT", TXNG_N_("name"), "Tên sản phẩm", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "name", NULL,
      NOKIND, TXNG_KDE_REQUIRED, NULL, NULL, TXNG_N_("product needs its name: give --name TEXT") },
    { "gtin", "GTIN", TXNG_N_("GTIN"), "GTIN", TXNG_KDE_GTIN, TXNG_AT_MEMBER, "id", NULL, NOKIND,
      TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("product needs an identifier: give --gtin GTIN or --code CODE") },
    { "code", "CODE", TXNG_N_("product code"), "Mã sản phẩm", TXNG_KDE_ID, TXNG_AT_MEMBER, "id",
      NULL, K(PRODUCT), TXNG_KDE_REQUIRED, GROUP_ID, NULL,
      TXNG_N_("product needs an identifier: give --gtin GTIN or --code CODE") },
    { "producer", "PARTY", TXNG_N_("producer or trader"), "Nhà sản xuất", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "producer", NULL, K(PARTY), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("product needs its producer: give --producer PARTY") },
    { "image", "FILE", TXNG_N_("SHA-256 of the image"), "Hình ảnh (SHA-256)", TXNG_KDE_SHA256,
      TXNG_AT_MEMBER, "imageSha256", NULL, NOKIND, TXNG_KDE_IMAGE, NULL, NULL, NULL },
    { "brand", "TEXT", TXNG_N_("brand or trademark"), "Nhãn hiệu", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "brand", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "shelf-life", "TEXT", TXNG_N_("shelf life"), "Hạn sử dụng", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "shelfLife", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "standards", "TEXT", TXNG_N_("standards applied"), "Tiêu chuẩn áp dụng", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "standards", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "species", "TEXT", TXNG_N_("species"), "Loài", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "species", NULL,
      NOKIND, 0, NULL, NULL, NULL },
    { "description", "TEXT", TXNG_N_("description"), "Mô tả", TXNG_KDE_TEXT, TXNG_AT_MEMBER,
      "description", NULL, NOKIND, 0, NULL, NULL, NULL },
    KDE_MASTER_TIME,
    KDE_NOTE,
};

static const txng_kde certificate[] = {
    { "code", "CODE", TXNG_N_("certificate code"), "Mã giấy chứng nhận", TXNG_KDE_ID,
      TXNG_AT_MEMBER, "id", NULL, K(CERTIFICATE), TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("certificate needs its code: give --code CODE") },
    { "kind", "KIND", TXNG_N_("kind"), "Loại", TXNG_KDE_ENUM, TXNG_AT_MEMBER, "kind", NULL, NOKIND,
      TXNG_KDE_REQUIRED, NULL, "vietgap|gacp|organic|iso22000|gi|mark|other",
      TXNG_N_("certificate needs its kind: give --kind vietgap, gacp, organic, iso22000, gi, "
              "mark or other") },
    { "number", "TEXT", TXNG_N_("certificate number"), "Số giấy chứng nhận", TXNG_KDE_TEXT,
      TXNG_AT_MEMBER, "number", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("certificate needs its number: give --number TEXT") },
    { "issuer", "TEXT", TXNG_N_("issuer"), "Cơ quan cấp", TXNG_KDE_TEXT, TXNG_AT_MEMBER, "issuer",
      NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("certificate needs its issuer: give --issuer TEXT") },
    { "valid-from", "DATE", TXNG_N_("valid from"), "Hiệu lực từ", TXNG_KDE_DATE, TXNG_AT_MEMBER,
      "validFrom", NULL, NOKIND, TXNG_KDE_REQUIRED, NULL, NULL,
      TXNG_N_("certificate needs the start of its validity: give --valid-from YYYY-MM-DD") },
    { "valid-until", "DATE", TXNG_N_("valid until"), "Hiệu lực đến", TXNG_KDE_DATE, TXNG_AT_MEMBER,
      "validUntil", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "subject", "ID", TXNG_N_("party, place, product or lot certified"), "Đối tượng chứng nhận",
      TXNG_KDE_ID, TXNG_AT_MEMBER, "subjects", NULL, TXNG_KDE_KIND_ANY,
      TXNG_KDE_REQUIRED | TXNG_KDE_MULTI, NULL, NULL,
      TXNG_N_("certificate needs what it certifies: give --subject ID") },
    { "sha256", "HEX", TXNG_N_("SHA-256 of the document"), "SHA-256 văn bản", TXNG_KDE_SHA256,
      TXNG_AT_MEMBER, "documentSha256", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "gi-code", "CODE", TXNG_N_("GI code"), "Mã CDĐL", TXNG_KDE_GI_CODE, TXNG_AT_MEMBER, "giCode",
      NULL, NOKIND, 0, NULL, NULL, NULL },
    { "roots", "N", TXNG_N_("certified number of roots"), "Số củ được chứng nhận", TXNG_KDE_INT,
      TXNG_AT_MEMBER, "certifiedRoots", NULL, NOKIND, TXNG_KDE_POSITIVE, NULL, NULL, NULL },
    { "min-age", "YEARS", TXNG_N_("minimum root age (years)"), "Tuổi tối thiểu (năm)", TXNG_KDE_INT,
      TXNG_AT_MEMBER, "minAge", NULL, NOKIND, 0, NULL, NULL, NULL },
    { "intensity", "PERCENT", TXNG_N_("permitted harvest intensity (%)"), "Cường độ khai thác (%)",
      TXNG_KDE_DECIMAL, TXNG_AT_MEMBER, "harvestIntensity", NULL, NOKIND, TXNG_KDE_PERCENT, NULL,
      NULL, NULL },
    KDE_MASTER_TIME,
    KDE_NOTE,
};

#define STEP(n, l, lv, t, bs, d, a, m, c, k) { n, l, lv, t, bs, d, a, m, c, k, N(k) }
#define PRIV(s) TXNG_BIZSTEP_PREFIX s

/* TRANSLATORS: labels of steps, in txng record --help. The Vietnamese name
 * ("Thu hoạch củ") follows a translation unless the translation starts with it. */
static const txng_step steps[] = {
    STEP("plant", TXNG_N_("planting under forest canopy"), "Trồng dưới tán rừng",
         "TransformationEvent", PRIV("plant"), "active", NULL, false, "5", plant),
    STEP("treat", TXNG_N_("inputs and care"), "Chăm sóc: bón phân, BVTV, tưới", "ObjectEvent",
         PRIV("treat"), NULL, "OBSERVE", false, "6", treat),
    STEP("stand-count", TXNG_N_("periodic stand count"), "Kiểm kê vườn", "ObjectEvent",
         "stock_taking", NULL, "OBSERVE", false, "7", stand_count),
    STEP("harvest", TXNG_N_("root harvest"), "Thu hoạch củ", "TransformationEvent", PRIV("harvest"),
         "active", NULL, false, "8, 9", harvest),
    STEP("receive", TXNG_N_("receiving"), "Tiếp nhận", "ObjectEvent", "receiving", "in_progress",
         "OBSERVE", false, "2, 10, 17", receive),
    STEP("wash-grade", TXNG_N_("washing and grading"), "Sơ chế: rửa, phân loại",
         "TransformationEvent", PRIV("wash-grade"), "active", NULL, false, "11", wash_grade),
    STEP("transform", TXNG_N_("drying, slicing, processing"), "Sấy / thái lát / chế biến",
         "TransformationEvent", PRIV("transform"), "active", NULL, false, "3, 4, 12", transform),
    STEP("test", TXNG_N_("laboratory test"), "Kiểm nghiệm", "ObjectEvent", "inspecting", NULL,
         "OBSERVE", false, "13", test),
    STEP("pack", TXNG_N_("packing, labelling, serialisation"), "Đóng gói, dán nhãn, dán tem",
         "TransformationEvent", "packing", "active", NULL, false, "14", pack),
    STEP("store", TXNG_N_("storage"), "Lưu kho", "ObjectEvent", "storing",
         "sellable_not_accessible", "OBSERVE", false, "15", store),
    STEP("ship", TXNG_N_("shipping"), "Xuất hàng", "ObjectEvent", "shipping", "in_transit",
         "OBSERVE", false, "16", ship),
    STEP("sell", TXNG_N_("retail sale"), "Bán lẻ", "ObjectEvent", "retail_selling", "retail_sold",
         "OBSERVE", false, "18", sell),
    STEP("inspect", TXNG_N_("scan or inspection of goods"), "Quét mã / kiểm tra hàng",
         "ObjectEvent", "inspecting", NULL, "OBSERVE", false, "19", inspect),
    STEP("recall", TXNG_N_("hold, recall, destroy"), "Giữ hàng / thu hồi / tiêu hủy", "ObjectEvent",
         PRIV("recall"), "recalled", "OBSERVE", false, "20", recall),
    STEP("certify", TXNG_N_("certificate attached to a lot"), "Chứng nhận", "ObjectEvent",
         PRIV("certify"), NULL, "OBSERVE", false, "", certify),
    STEP("claim-codes", TXNG_N_("claim codes registered (hashes only)"), "Đăng ký mã kích hoạt",
         "ObjectEvent", PRIV("claim-codes"), NULL, "OBSERVE", false, "", claim_codes),
    STEP("claim", TXNG_N_("a buyer's claim of a unit"), "Kích hoạt sản phẩm", "ObjectEvent",
         PRIV("claim"), NULL, "OBSERVE", false, "", claim),
    STEP("correct", TXNG_N_("correction of an earlier record"), "Sửa sai", "txng:Correction", NULL,
         NULL, NULL, true, "", correct),
    STEP("party", TXNG_N_("party (master data)"), "Bên tham gia", "txng:Party", NULL, NULL, NULL,
         true, "", party),
    STEP("place", TXNG_N_("place (master data)"), "Địa điểm", "txng:Place", NULL, NULL, NULL, true,
         "", place),
    STEP("product", TXNG_N_("product (master data)"), "Sản phẩm", "txng:Product", NULL, NULL, NULL,
         true, "", product),
    STEP("certificate", TXNG_N_("certificate (master data)"), "Giấy chứng nhận", "txng:Certificate",
         NULL, NULL, NULL, true, "", certificate),
};

size_t
txng_step_count(void)
{
    return N(steps);
}

const txng_step *
txng_step_at(size_t i)
{
    return i < N(steps) ? &steps[i] : NULL;
}

const txng_step *
txng_step_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < N(steps); i++)
        if (strcmp(steps[i].name, name) == 0)
            return &steps[i];
    return NULL;
}

const txng_kde *
txng_step_kde(const txng_step *step, const char *option)
{
    if (step == NULL || option == NULL)
        return NULL;
    for (size_t i = 0; i < step->n_kdes; i++)
        if (strcmp(step->kdes[i].option, option) == 0)
            return &step->kdes[i];
    return NULL;
}

const txng_kde *
txng_step_kde_by_heading(const txng_step *step, const char *heading)
{
    if (step == NULL || heading == NULL)
        return NULL;
    for (size_t i = 0; i < step->n_kdes; i++) {
        const txng_kde *k = &step->kdes[i];

        if (strcmp(k->heading, heading) == 0 || strcmp(k->option, heading) == 0 ||
            strcmp(k->label, heading) == 0)
            return k;
    }
    return NULL;
}
