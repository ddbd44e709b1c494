/*
 * page.c - the inspector's page of txng serve, drawn on the server
 *
 * Everything a person needs is in the HTML: product, producer, the journey
 * as a timeline, a map of the places drawn as SVG from their GPS positions
 * (no tile server), lab results, certificates, and the server's own
 * verification result, so the page works without JavaScript and on a cheap
 * phone. /static/app.js then fetches the bundle, verifies it in the browser
 * and replaces the server's verdict with its own. No inline script or style
 * (the CSP forbids them); SVG uses presentation attributes. Vietnamese is the
 * default; ?lang=en switches, by a plain link.
 */
#include <inttypes.h>
#include <libintl.h>
#include <pthread.h>
#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/gs1.h"
#include "web/internal.h"

#define DYN_MARK "<!--txng:dynamic-->"

static const struct {
    const char *en, *vi;
} tr[] = {
    {"Traceability", "Truy xuất nguồn gốc"},
    {"Producer", "Nhà sản xuất"},
    {"Journey", "Hành trình sản phẩm"},
    {"Map of the places", "Bản đồ các địa điểm"},
    {"Lab results", "Kết quả kiểm nghiệm"},
    {"Certificates", "Giấy chứng nhận"},
    {"Checked by the server: every record and signature of this page is valid.",
     "Máy chủ đã kiểm tra: mọi bản ghi và chữ ký của trang này đều hợp lệ."},
    {"Checked by the server: verification FAILED:", "Máy chủ đã kiểm tra: xác minh THẤT BẠI:"},
    {"Verifying in your browser…", "Đang xác minh trong trình duyệt…"},
    {"Signed by", "Người ký"},
    {"signed in the supplier's log, imported", "ký trong nhật ký của bên cung cấp, đã nhập về"},
    {"Declared wrong in record", "Bị khai báo sai ở bản ghi"},
    {"did not occur", "không xảy ra"},
    {"incorrect data", "dữ liệu sai"},
    {"replaced by record", "thay bằng bản ghi"},
    {"Place", "Địa điểm"},
    {"Party", "Bên tham gia"},
    {"Address too long", "Địa chỉ quá dài"},
    {"This address is longer than any label carries (8192 bytes at most).",
     "Địa chỉ này dài hơn mọi địa chỉ in trên nhãn (tối đa 8192 byte)."},
    {"Request header too large", "Phần đầu yêu cầu quá lớn"},
    {"The request's header fields are larger than this server accepts.",
     "Các trường đầu của yêu cầu lớn hơn mức máy chủ này chấp nhận."},
    {"Record", "Bản ghi"},
    {"No GPS position is recorded for these places.",
     "Chưa có tọa độ GPS cho các địa điểm này."},
    {"Places without a GPS position:", "Địa điểm chưa có tọa độ GPS:"},
    {"Claim this product", "Kích hoạt sản phẩm"},
    {"Scratch the label and type the 8-character code to register your purchase.",
     "Cào lớp phủ trên nhãn và nhập mã 8 ký tự để đăng ký sản phẩm bạn đã mua."},
    {"Claim code", "Mã kích hoạt"},
    {"Claim", "Kích hoạt"},
    {"Log", "Nhật ký"},
    {"Records in the log", "Số bản ghi trong nhật ký"},
    {"Log key fingerprint", "Dấu vân tay khóa của nhật ký"},
    {"Download the records with their proof", "Tải các bản ghi kèm bằng chứng"},
    {"Links for machines (linkset)", "Liên kết cho máy (linkset)"},
    {"Checkpoint", "Điểm kiểm tra"},
    {"Not found", "Không tìm thấy"},
    {"Bad request", "Yêu cầu không hợp lệ"},
    {"Error", "Lỗi"},
    {"Malformed Digital Link", "Liên kết GS1 Digital Link sai quy tắc"},
    {"The link does not follow the GS1 Digital Link rules.",
     "Liên kết không tuân theo quy tắc GS1 Digital Link."},
    {"This log has no record of this product, lot or serial. Check the number on the label, or "
     "ask the seller.",
     "Nhật ký này không có bản ghi nào về sản phẩm, lô hay số sê-ri này. Hãy kiểm tra lại số trên "
     "nhãn hoặc hỏi người bán."},
    {"There is nothing at this address. A product page address looks like /01/<GTIN>/21/<serial>.",
     "Không có gì ở địa chỉ này. Địa chỉ trang sản phẩm có dạng /01/<GTIN>/21/<số sê-ri>."},
    {"No such link", "Không có liên kết này"},
    {"This resolver has no link of that type for this item.",
     "Máy chủ không có liên kết loại này cho sản phẩm."},
    {"A parameter is repeated.", "Một tham số bị lặp lại."},
    {"Unknown parameter: only GS1 application identifiers, linkType and lang are accepted.",
     "Tham số không được chấp nhận: chỉ nhận mã AI của GS1, linkType và lang."},
    {"Unknown parameter.", "Tham số không được chấp nhận."},
    {"lang must be vi or en.", "lang phải là vi hoặc en."},
    {"The path holds a character that is not allowed.",
     "Đường dẫn chứa ký tự không được phép."},
    {"A parameter holds a character that is not allowed.",
     "Tham số chứa ký tự không được phép."},
    {"Empty or dot segments are not allowed in the path.",
     "Đường dẫn không được có đoạn rỗng hoặc đoạn dấu chấm."},
    {"Too many parameters (at most 16).", "Quá nhiều tham số (tối đa 16)."},
    {"No such file.", "Không có tệp này."},
    {"An image address is /media/ and 64 lower-case hex digits.",
     "Địa chỉ ảnh có dạng /media/ và 64 chữ số thập lục phân viết thường."},
    {"Damaged image", "Ảnh bị hỏng"},
    {"The stored image no longer matches the hash its record signs.",
     "Ảnh đang lưu không còn khớp với mã băm mà bản ghi của nó đã ký."},
    {"This server holds no image with that hash.", "Máy chủ không giữ ảnh nào có mã băm này."},
    {"Not a GS1 identifier", "Không phải mã GS1"},
    {"The label's signature (AI 8030) is valid; it was made by the key",
     "Chữ ký trên nhãn (AI 8030) hợp lệ; chữ ký được tạo bằng khóa"},
    {"it was made by the key", "chữ ký được tạo bằng khóa"},
    {"which was revoked on", "khóa này đã bị thu hồi lúc"},
    {"Parameters are separated by & only (GS1 Digital Link); write ; as %3B inside a value.",
     "Các tham số chỉ được ngăn cách bằng & (GS1 Digital Link); trong một giá trị, hãy viết ; "
     "thành %3B."},
    {"Type a GS1 Digital Link, the line under the barcode, e.g. (01)08930000000033(21)000007, or "
     "a GTIN.",
     "Hãy nhập một GS1 Digital Link, dòng chữ dưới mã vạch, ví dụ (01)08930000000033(21)000007, "
     "hoặc một mã GTIN."},
    {"This log has no master data for this place or party.",
     "Nhật ký này không có dữ liệu danh mục về địa điểm hay bên tham gia này."},
    {"The label's signature (AI 8030) is NOT valid:", "Chữ ký trên nhãn (AI 8030) KHÔNG hợp lệ:"},
    {"no key enrolled in this log made this signature",
     "không có khóa nào đã đăng ký trong nhật ký tạo ra chữ ký này"},
    {"Warning: this product has been recalled. Do not use it.",
     "Cảnh báo: sản phẩm này đã bị thu hồi. Không sử dụng."},
    {"This unit was already claimed on", "Sản phẩm này đã được kích hoạt lúc"},
    {"If you just bought it sealed, it may be a copy.",
     "Nếu bạn vừa mua sản phẩm còn nguyên niêm phong, đây có thể là hàng giả."},
    {"The serial on this label was never packed: the page shows what is known of its lot or "
     "product.",
     "Số sê-ri trên nhãn chưa từng được đóng gói: trang này cho biết thông tin về lô hoặc sản "
     "phẩm."},
    {"This code has been scanned unusually often: the label may have been copied.",
     "Mã này bị quét nhiều bất thường: nhãn có thể đã bị sao chép."},
    {"This code has been scanned in places far apart:",
     "Mã này đã được quét ở những nơi cách xa nhau:"},
    {"claimed", "đã kích hoạt thành công"},
    {"wrong code", "sai mã"},
    {"already claimed", "sản phẩm đã được kích hoạt trước đó"},
    {"recalled", "sản phẩm đã bị thu hồi"},
    {"unknown unit", "không có sản phẩm này"},
    {"no claim code", "sản phẩm không có mã kích hoạt"},
    {"too many wrong codes", "nhập sai mã quá nhiều lần"},
    {"Try again after", "Hãy thử lại sau"},
    {"Too many wrong codes were typed for this unit.",
     "Đã nhập sai mã cho sản phẩm này quá nhiều lần."},
    {"Claims of unknown units of this product, this one included:",
     "Số lần kích hoạt đơn vị lạ của sản phẩm này, tính cả lần này:"},
    /* refusals of a claim posted without JavaScript (server.c route_claim) */
    {"The claim was not accepted", "Yêu cầu kích hoạt không được chấp nhận"},
    {"claims are not enabled on this server", "máy chủ này không nhận kích hoạt sản phẩm"},
    {"expected {\"id\": ..., \"code\": ...}", "cần {\"id\": ..., \"code\": ...}"},
    {"repeated parameter", "tham số bị lặp lại"},
    {"form field without a value", "trường của biểu mẫu không có giá trị"},
    {"unknown form field", "trường biểu mẫu không được chấp nhận"},
    {"unknown member", "thành phần JSON không được chấp nhận"},
    {"Back to the product's page", "Quay lại trang sản phẩm"},
    {"the form holds a NUL byte", "biểu mẫu chứa byte NUL"},
    {"id is required", "thiếu id"},
    {"code is required", "thiếu mã kích hoạt (code)"},
    {"id: not UTF-8 text", "id: không phải văn bản UTF-8"},
    {"code: not UTF-8 text", "code: không phải văn bản UTF-8"},
    {"Content-Type: application/json or application/x-www-form-urlencoded",
     "Content-Type: chỉ nhận application/json hoặc application/x-www-form-urlencoded"},
    {"not an identifier", "không phải mã định danh"},
    {"bad code", "mã sai"},
    {"the URI names no serial (21): a claim is for one unit",
     "URI không có số sê-ri (21): mỗi lần kích hoạt chỉ dành cho một đơn vị sản phẩm"},
    {"Search", "Tìm"},
    {"Look up a product", "Tra cứu sản phẩm"},
    {"GS1 Digital Link or identifier", "GS1 Digital Link hoặc mã định danh"},
    {"Unit", "Đơn vị sản phẩm"},
    {"Lot", "Lô"},
    {"Product", "Sản phẩm"},
    {"Back to the product page", "Quay lại trang sản phẩm"},
    {"Quantity", "Số lượng"},
    {"Documents", "Tài liệu"},
    {"Result", "Kết quả"},
    {"Issuer", "Cơ quan cấp"},
    {"Valid", "Hiệu lực"},
    {"Number", "Số"},
    {"the page could not be made", "không tạo được trang"},
    {"The log cannot be read.", "Không đọc được nhật ký."},
    {"No bundle for this item.", "Không có gói bản ghi cho sản phẩm này."},
    {"No EPCIS link for this item.", "Không có liên kết EPCIS cho sản phẩm này."},
    {"The EPCIS document could not be made.", "Không tạo được tài liệu EPCIS."},
    /* members of master data on the page of a place or party (web_page_master) */
    {"Role", "Vai trò"},
    {"Address", "Địa chỉ"},
    {"Address valid from", "Địa chỉ có hiệu lực từ"},
    {"Business registration", "Đăng ký kinh doanh"},
    {"Note", "Ghi chú"},
    {"GPS position", "Tọa độ GPS"},
    {"GPS accuracy (m)", "Độ chính xác GPS (m)"},
    {"GI code", "Mã CDĐL"},
    {"Forest plot", "Lô/khoảnh/tiểu khu"},
    {"Owner or operator", "Chủ sở hữu hoặc đơn vị vận hành"},
    {"Time of the entry", "Thời gian ghi"},
    /* refusals of the request (server.c) */
    {"A parameter holds a bad percent-encoding: a % must be followed by two hexadecimal digits.",
     "Tham số có mã hóa phần trăm sai: sau dấu % phải là hai chữ số thập lục phân."},
    {"bad percent-encoding: a % must be followed by two hexadecimal digits",
     "mã hóa phần trăm sai: sau dấu % phải là hai chữ số thập lục phân"},
    {"a parameter holds a character that is not allowed", "tham số chứa ký tự không được phép"},
    {"unknown or repeated parameter", "tham số không được chấp nhận hoặc bị lặp lại"},
    {"An HTTP/1.1 request carries exactly one Host header field, with a host name or address.",
     "Yêu cầu HTTP/1.1 phải có đúng một trường đầu Host, chứa tên máy hoặc địa chỉ."},
    {"The address holds user information (@), which is not allowed.",
     "Địa chỉ chứa thông tin người dùng (@), điều này không được phép."},
    {"Method not allowed", "Phương thức không được phép"},
    {"This address answers GET and HEAD only.", "Địa chỉ này chỉ nhận phương thức GET và HEAD."},
    {"Not implemented", "Chưa hỗ trợ"},
    {"This server reads request bodies sent whole or chunked only.",
     "Máy chủ này chỉ đọc phần thân yêu cầu được gửi nguyên khối hoặc theo từng đoạn (chunked)."},
    {"The request has both Content-Length and Transfer-Encoding.",
     "Yêu cầu có cả Content-Length lẫn Transfer-Encoding."},
    /* the same refusals in one line (web/http.c): JSON reasons, the witness's text answers */
    {"an HTTP/1.1 request carries exactly one Host header field, with a host name or address",
     "yêu cầu HTTP/1.1 phải có đúng một trường đầu Host, chứa tên máy hoặc địa chỉ"},
    {"the request target holds user information (@)",
     "đích của yêu cầu chứa thông tin người dùng (@)"},
    {"Transfer-Encoding: only chunked is understood", "Transfer-Encoding: chỉ hỗ trợ chunked"},
    {"both Content-Length and Transfer-Encoding", "có cả Content-Length lẫn Transfer-Encoding"},
    /* a client over the rate limit (server.c refuse_limited) */
    {"Too many requests", "Quá nhiều yêu cầu"},
    {"Too many requests came from your network address. Wait a moment, then try again.",
     "Địa chỉ mạng của bạn đã gửi quá nhiều yêu cầu. Hãy chờ một lát rồi thử lại."},
    {"too many requests: slow down", "quá nhiều yêu cầu: hãy chậm lại"},
    /* a client over its budget of wrong claim codes (server.c claim_throttled) */
    {"too many wrong claim codes from this network address",
     "địa chỉ mạng này đã gửi quá nhiều mã kích hoạt sai"},
};

/*
 * The Vietnamese catalogue of the program (po/vi.po compiled), for the
 * phrases of core/ and qr/ (diag reasons, field names) that the table above
 * does not hold: the page's language is chosen per request, so gettext()
 * with the process locale cannot be used. The file is found where the
 * program bound its text domain, read once and looked up by binary search
 * (msgids are sorted in a .mo file). Without it, phrases stay in English.
 */
static struct {
    pthread_once_t once;
    unsigned char *data;
    size_t         len;
    uint32_t       n, orig, trans;
    bool           swap;
} mo = {PTHREAD_ONCE_INIT, NULL, 0, 0, 0, 0, false};

static uint32_t
mo_u32(size_t off)
{
    uint32_t v;

    memcpy(&v, mo.data + off, 4);
    return mo.swap ? __builtin_bswap32(v) : v;
}

static void
mo_load(void)
{
    const char *dir = bindtextdomain("txng", NULL);
    char        path[4096];
    FILE       *f;
    long        len;

    if (dir == NULL || snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/txng.mo", dir) >= (int) sizeof path ||
        (f = fopen(path, "rb")) == NULL) {
        return;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 28 && len < (64L << 20) &&
        fseek(f, 0, SEEK_SET) == 0 && (mo.data = malloc((size_t) len)) != NULL &&
        fread(mo.data, 1, (size_t) len, f) == (size_t) len) {
        uint32_t magic;

        mo.len = (size_t) len;
        memcpy(&magic, mo.data, 4);
        mo.swap  = magic == 0xde120495u;
        mo.n     = mo_u32(8);
        mo.orig  = mo_u32(12);
        mo.trans = mo_u32(16);
        if ((magic != 0x950412deu && !mo.swap) || mo.orig > mo.len || mo.trans > mo.len ||
            (mo.len - mo.orig) / 8 < mo.n || (mo.len - mo.trans) / 8 < mo.n) {
            mo.n = 0;
        }
    }
    fclose(f);
}

/* The string of table entry @p i of the table at @p table, or NULL when it is out of bounds. */
static const char *
mo_str(uint32_t table, uint32_t i)
{
    uint32_t len = mo_u32(table + 8u * i), off = mo_u32(table + 8u * i + 4);

    if (off > mo.len || len >= mo.len - off || mo.data[off + len] != '\0') {
        return NULL;
    }
    return (const char *) mo.data + off;
}

/* The translation of @p en, or NULL. The empty msgid is the catalogue's header entry, never a
 * translation, so "" finds nothing. */
static const char *
mo_find(const char *en)
{
    uint32_t lo = 0, hi;

    if (en[0] == '\0') {
        return NULL;
    }
    pthread_once(&mo.once, mo_load);
    hi = mo.n;
    while (lo < hi) {
        uint32_t    mid = lo + (hi - lo) / 2;
        const char *k   = mo_str(mo.orig, mid);
        int         c;

        if (k == NULL) {
            return NULL;
        }
        c = strcmp(en, k);
        if (c == 0) {
            const char *t = mo_str(mo.trans, mid);

            return t != NULL && t[0] != '\0' ? t : NULL;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

const char *
web_tr(enum web_lang lang, const char *en)
{
    if (lang == WEB_EN || en == NULL || en[0] == '\0') {
        return en;
    }
    for (size_t i = 0; i < sizeof tr / sizeof tr[0]; i++) {
        if (strcmp(tr[i].en, en) == 0) {
            return tr[i].vi;
        }
    }
    {
        const char *t = mo_find(en);

        return t != NULL ? t : en;
    }
}

/*
 * Code values the records hold (CBV dispositions, the enumerations of core/event.c, document
 * types, key and party roles) as the page shows them: a reader's word in each language, the
 * code itself kept in the title attribute. A value not listed is shown as it is.
 */
static const struct {
    const char *code, *en, *vi;
} codes[] = {
    /* dispositions (GS1 CBV) */
    { "conformant", "conformant", "đạt" },
    { "non_conformant", "non-conformant", "không đạt" },
    { "active", "active", "đang lưu hành" },
    { "in_progress", "in progress", "đang xử lý" },
    { "in_transit", "in transit", "đang vận chuyển" },
    { "retail_sold", "sold", "đã bán" },
    { "destroyed", "destroyed", "đã tiêu hủy" },
    { "expired", "expired", "hết hạn" },
    { "damaged", "damaged", "bị hư hỏng" },
    { "returned", "returned", "bị trả lại" },
    { "recalled", "recalled", "đã bị thu hồi" },
    { "sellable_accessible", "for sale", "đang bày bán" },
    { "sellable_not_accessible", "in stock", "trong kho, chưa bày bán" },
    /* the result of an inspection (inspect --result) */
    { "genuine", "genuine", "hàng thật" },
    { "already-sold", "already sold", "đã bán trước đó" },
    { "duplicate", "duplicate code", "trùng mã" },
    { "not-genuine", "not genuine", "hàng giả" },
    { "unknown", "unknown", "không rõ" },
    /* kinds of certificate */
    { "vietgap", "VietGAP", "VietGAP" },
    { "gacp", "GACP", "GACP" },
    { "organic", "organic", "hữu cơ" },
    { "iso22000", "ISO 22000", "ISO 22000" },
    { "gi", "geographical indication", "chỉ dẫn địa lý" },
    { "mark", "certification mark", "nhãn hiệu chứng nhận" },
    { "other", "other", "khác" },
    /* types of business document (GS1 CBV) */
    { "bol", "bill of lading", "vận đơn" },
    { "cert", "certificate", "giấy chứng nhận" },
    { "desadv", "despatch advice", "phiếu xuất hàng" },
    { "inv", "invoice", "hóa đơn" },
    { "po", "purchase order", "đơn đặt hàng" },
    { "poc", "purchase order confirmation", "xác nhận đơn hàng" },
    { "prodorder", "production order", "lệnh sản xuất" },
    { "recadv", "receiving advice", "phiếu nhận hàng" },
    { "rma", "return authorisation", "phiếu trả hàng" },
    { "testres", "test result", "phiếu kết quả kiểm nghiệm" },
    /* roles of keys and parties */
    { "log", "log key", "khóa nhật ký" },
    { "admin", "administrator", "quản trị" },
    { "grower", "grower", "người trồng" },
    { "cooperative", "cooperative", "hợp tác xã" },
    { "producer", "producer", "nhà sản xuất" },
    { "processor", "processor", "cơ sở chế biến" },
    { "lab", "laboratory", "phòng kiểm nghiệm" },
    { "distributor", "distributor", "nhà phân phối" },
    { "retailer", "retailer", "nhà bán lẻ" },
    { "consumer", "consumer", "người tiêu dùng" },
    { "qltt", "market surveillance (QLTT)", "quản lý thị trường" },
    { "auditor", "auditor", "đánh giá viên" },
    { "certifier", "certification body", "tổ chức chứng nhận" },
};

/* @p code as the reader's word, the code in its title; an unknown value as it is. */
static void
put_code(web_buf *b, enum web_lang lang, const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(codes[i].code, code) == 0) {
            web_buf_str(b, "<span title=\"");
            web_buf_html(b, code);
            web_buf_str(b, "\">");
            web_buf_html(b, lang == WEB_VI ? codes[i].vi : codes[i].en);
            web_buf_str(b, "</span>");
            return;
        }
    }
    web_buf_html(b, code != NULL ? code : "");
}

static const char *
jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "2024-11-12T09:15:00+07:00" -> "12/11/2024 09:15 (+07:00)" */
static void
put_time(web_buf *b, const char *t)
{
    if (t == NULL || strlen(t) < 16) {
        web_buf_html(b, t ? t : "");
        return;
    }
    web_buf_printf(b, "<time datetime=\"");
    web_buf_html(b, t);
    web_buf_printf(b, "\">%.2s/%.2s/%.4s %.5s", t + 8, t + 5, t, t + 11);
    if (strlen(t) >= 25 && strcmp(t + 19, "+07:00") != 0) {
        web_buf_printf(b, " (%.6s)", t + 19);
    }
    web_buf_str(b, "</time>");
}

/* A short form of an identifier: the code of a urn:txng code, the lot or serial of a Digital Link. */
static const char *
short_id(const char *id)
{
    const char *p;

    if (id == NULL) {
        return "";
    }
    if (strncmp(id, "urn:txng:", 9) == 0 && (p = strrchr(id, ':')) != NULL) {
        return p + 1;
    }
    if (strncmp(id, TXNG_GS1_CANONICAL_STEM, strlen(TXNG_GS1_CANONICAL_STEM)) == 0) {
        return id + strlen(TXNG_GS1_CANONICAL_STEM) + 1;
    }
    return id;
}

/* The name of a place or party if known, else the identifier's last part. */
static const char *
name_of(const web_page_in *in, const char *id)
{
    json_t *m;

    if (id == NULL) {
        return "";
    }
    m = json_object_get(in->places, id);
    if (m == NULL) {
        m = json_object_get(in->parties, id);
    }
    if (m != NULL && jstr(m, "name") != NULL) {
        return jstr(m, "name");
    }
    return short_id(id);
}

/* The path of the resolver's public base (--base https://htx.vn/trace: "/trace"), put before
 * every path a page links to; "" at the root of its host. */
static char prefix[512];

void
web_page_set_prefix(const char *path)
{
    snprintf(prefix, sizeof prefix, "%s", path != NULL ? path : "");
}

/* A path of this resolver in an attribute: the prefix, then @p path, escaped. */
static void
href(web_buf *b, const char *path)
{
    web_buf_html(b, prefix);
    web_buf_html(b, path);
}

static void
head(web_buf *b, enum web_lang lang, const char *title)
{
    web_buf_printf(b,
                   "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>",
                   lang == WEB_VI ? "vi" : "en");
    web_buf_html(b, title);
    web_buf_str(b, "</title><link rel=\"stylesheet\" href=\"");
    href(b, "/static/style.css");
    web_buf_str(b, "\"><link rel=\"icon\" href=\"");
    href(b, "/static/favicon.svg");
    web_buf_str(b, "\" type=\"image/svg+xml\"><script src=\"");
    href(b, "/static/app.js");
    web_buf_str(b, "\" defer></script></head><body>");
}

static void
lang_switch(web_buf *b, enum web_lang lang, const char *path)
{
    web_buf_str(b, "<nav class=\"lang\">");
    if (lang == WEB_VI) {
        web_buf_str(b, "<strong>Tiếng Việt</strong> · <a href=\"");
        href(b, path ? path : "/");
        web_buf_str(b, "?lang=en\" hreflang=\"en\">English</a>");
    } else {
        web_buf_str(b, "<a href=\"");
        href(b, path ? path : "/");
        web_buf_str(b, "?lang=vi\" hreflang=\"vi\">Tiếng Việt</a> · <strong>English</strong>");
    }
    web_buf_str(b, "</nav>");
}

void
web_page_lang_nav(web_buf *out, enum web_lang lang, const char *link)
{
    web_buf_str(out, "<nav class=\"lang\">");
    if (lang == WEB_VI) {
        web_buf_str(out, "<strong>Tiếng Việt</strong> · <a href=\"");
        href(out, link);
        web_buf_str(out, "\" hreflang=\"en\">English</a>");
    } else {
        web_buf_str(out, "<a href=\"");
        href(out, link);
        web_buf_str(out, "\" hreflang=\"vi\">Tiếng Việt</a> · <strong>English</strong>");
    }
    web_buf_str(out, "</nav>");
}

/* The start of a message page: its title and first paragraph. */
static void
message_open(web_buf *out, enum web_lang lang, int status, const char *title, const char *msg)
{
    head(out, lang, web_tr(lang, title));
    web_buf_printf(out, "<main class=\"message\" data-status=\"%d\"><h1>", status);
    web_buf_html(out, web_tr(lang, title));
    web_buf_str(out, "</h1><p>");
    web_buf_html(out, web_tr(lang, msg));
    web_buf_str(out, "</p>");
}

/* The end of a message page: the detail, if any, and the way back to the search. */
static void
message_close(web_buf *out, enum web_lang lang, const char *detail)
{
    if (detail != NULL && detail[0] != '\0') {
        web_buf_str(out, "<p class=\"detail\"><code>");
        web_buf_html(out, detail);
        web_buf_str(out, "</code></p>");
    }
    web_buf_str(out, "<p><a href=\"");
    href(out, lang == WEB_VI ? "/" : "/?lang=en");
    web_buf_str(out, "\">");
    web_buf_html(out, web_tr(lang, "Look up a product"));
    web_buf_str(out, "</a></p></main></body></html>\n");
}

void
web_page_message(web_buf *out, enum web_lang lang, int status, const char *title,
                 const char *msg, const char *detail)
{
    message_open(out, lang, status, title, msg);
    message_close(out, lang, detail);
}

/* <p id=ID>[WHY ]Try again after WHEN (Vietnam time).</p>, WHY English, translated here. */
static void
retry_line(web_buf *out, enum web_lang lang, const char *id, const char *why, const char *when)
{
    web_buf_printf(out, "<p id=\"%s\">", id);
    if (why != NULL) {
        web_buf_html(out, web_tr(lang, why));
        web_buf_str(out, " ");
    }
    web_buf_html(out, web_tr(lang, "Try again after"));
    web_buf_str(out, " ");
    web_buf_html(out, when);
    web_buf_str(out, lang == WEB_VI ? " (giờ Việt Nam).</p>" : " (Vietnam time).</p>");
}

void
web_page_claim(web_buf *out, enum web_lang lang, int status, bool claimed, const char *outcome,
               uint64_t unknown, const char *retry, const char *claimed_at, const char *unit)
{
    message_open(out, lang, status, claimed ? "Claim" : "Error", outcome);
    if (claimed_at != NULL && claimed_at[0] != '\0') {
        web_buf_str(out, "<p id=\"claim-at\">");
        web_buf_html(out, web_tr(lang, "This unit was already claimed on"));
        web_buf_str(out, " ");
        web_buf_html(out, claimed_at);
        web_buf_str(out, lang == WEB_VI ? " (giờ Việt Nam).</p>" : " (Vietnam time).</p>");
    }
    if (retry != NULL && retry[0] != '\0')
        retry_line(out, lang, "claim-retry", NULL, retry);
    if (unknown > 0) {
        web_buf_str(out, "<p id=\"claim-unknown\">");
        web_buf_html(out, web_tr(lang, "Claims of unknown units of this product, this one "
                                       "included:"));
        web_buf_printf(out, " %" PRIu64 "</p>", unknown);
    }
    if (unit != NULL && unit[0] == '/') {
        /* the unit's page, which shows the claim or the box again */
        web_buf_str(out, "<p><a id=\"claim-back\" href=\"");
        href(out, unit);
        web_buf_str(out, "\">");
        web_buf_html(out, web_tr(lang, "Back to the product's page"));
        web_buf_str(out, "</a></p>");
    }
    message_close(out, lang, unit);
}

void
web_page_home(web_buf *out, enum web_lang lang, const char *origin, uint64_t size)
{
    head(out, lang, web_tr(lang, "Traceability"));
    lang_switch(out, lang, "/");
    web_buf_str(out, "<main><h1>");
    web_buf_html(out, web_tr(lang, "Look up a product"));
    web_buf_str(out, "</h1><form method=\"get\" action=\"");
    href(out, "/");
    web_buf_str(out, "\"><label>");
    web_buf_html(out, web_tr(lang, "GS1 Digital Link or identifier"));
    web_buf_str(out, " <input name=\"id\" required maxlength=\"400\"></label>");
    /* the answer, a page or a refusal, comes in the language of this page */
    web_buf_printf(out, "<input type=\"hidden\" name=\"lang\" value=\"%s\"> <button>",
                   lang == WEB_VI ? "vi" : "en");
    web_buf_html(out, web_tr(lang, "Search"));
    web_buf_str(out, "</button></form><p class=\"small\">");
    web_buf_html(out, web_tr(lang, "Log"));
    web_buf_str(out, ": <code>");
    web_buf_html(out, origin);
    web_buf_printf(out, "</code> · %s: %" PRIu64 "</p></main></body></html>\n",
                   web_tr(lang, "Records in the log"), size);
}

/* Start an item of kdes()'s list headed @p heading, and the list itself before its first item
 * (*any false), so that an event without key data gets no empty <dl>. */
static void
kde_item(web_buf *b, bool *any, const char *heading)
{
    if (!*any) {
        web_buf_str(b, "<dl class=\"kde\">");
        *any = true;
    }
    web_buf_str(b, "<dt>");
    web_buf_html(b, heading);
    web_buf_str(b, "</dt><dd>");
}

/* The key data elements of @p ev by its step's table, as a <dl>. */
static void
kdes(web_buf *b, const web_page_in *in, const json_t *ev, const txng_step *st)
{
    bool        any = false;
    const char *keys[] = {"inputQuantityList", "outputQuantityList", "quantityList"};

    for (size_t i = 0; st != NULL && i < st->n_kdes; i++) {
        const txng_kde *k = &st->kdes[i];
        const json_t   *v;

        if (k->at != TXNG_AT_MEMBER || k->key == NULL || strchr(k->key, '.') != NULL) {
            continue;
        }
        v = json_object_get(ev, k->key);
        if (v == NULL || json_is_object(v) || json_is_array(v)) {
            continue;
        }
        kde_item(b, &any, in->lang == WEB_VI ? k->heading : k->label);
        if (json_is_string(v)) {
            const char *sv = json_string_value(v);

            if (k->type == TXNG_KDE_ID) {
                web_buf_html(b, name_of(in, sv));
            } else if (k->type == TXNG_KDE_ENUM) {
                put_code(b, in->lang, sv);
            } else {
                web_buf_html(b, sv);
            }
        } else if (json_is_integer(v)) {
            web_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        } else if (json_is_boolean(v)) {
            web_buf_str(b, json_is_true(v) ? "✓" : "✗");
        }
        web_buf_str(b, "</dd>");
    }
    for (size_t i = 0; i < 3; i++) {
        const json_t *arr = json_object_get(ev, keys[i]);
        size_t        j;
        json_t       *q;

        json_array_foreach(arr, j, q) {
            const char *qty = jstr(q, "quantity"), *uom = jstr(q, "uom");

            if (qty == NULL) {
                continue;
            }
            kde_item(b, &any, web_tr(in->lang, "Quantity"));
            web_buf_html(b, qty);
            web_buf_str(b, " ");
            web_buf_html(b, uom ? (strcmp(uom, "KGM") == 0 ? "kg" : uom) : "");
            web_buf_str(b, i == 0 ? " ⟵ " : i == 1 ? " ⟶ " : " · ");
            web_buf_html(b, short_id(jstr(q, "epcClass")));
            web_buf_str(b, "</dd>");
        }
    }
    {
        const json_t *bt = json_object_get(ev, "bizTransactionList");
        size_t        j;
        json_t       *t;

        json_array_foreach(bt, j, t) {
            kde_item(b, &any, web_tr(in->lang, "Documents"));
            put_code(b, in->lang, jstr(t, "type"));
            web_buf_str(b, ": ");
            {
                const char *id = jstr(t, "bizTransaction");
                const char *last = id ? strrchr(id, ':') : NULL;

                web_buf_html(b, last ? last + 1 : (id ? id : ""));
            }
            web_buf_str(b, "</dd>");
        }
    }
    if (any) {
        web_buf_str(b, "</dl>");
    }
}

struct pt {
    double      lat, lon;
    const char *name;
};

static bool
parse_gps(const char *s, double *lat, double *lon)
{
    char *end;

    if (s == NULL) {
        return false;
    }
    *lat = strtod(s, &end);
    if (*end != ',') {
        return false;
    }
    *lon = strtod(end + 1, &end);
    return *end == '\0' && *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180;
}

/* An SVG of the places with GPS positions, in journey order, joined by lines. */
static void
map_svg(web_buf *b, const web_page_in *in)
{
    struct pt   pts[32];
    size_t      n = 0, i;
    json_t     *item;
    double      minlat = 90, maxlat = -90, minlon = 180, maxlon = -180;
    const char *missing[32];
    size_t      nmissing = 0;

    json_array_foreach(in->events, i, item) {
        const json_t *ev = json_object_get(item, "event");
        const char   *pid = jstr(json_object_get(ev, "bizLocation"), "id");
        json_t       *pl;
        double        lat, lon;
        bool          dup = false;

        if (pid == NULL) {
            pid = jstr(json_object_get(ev, "readPoint"), "id");
        }
        pl = pid ? json_object_get(in->places, pid) : NULL;
        if (pl == NULL) {
            continue;
        }
        if (!parse_gps(jstr(pl, "gps"), &lat, &lon)) {
            for (size_t k = 0; k < nmissing; k++) {
                dup = dup || strcmp(missing[k], name_of(in, pid)) == 0;
            }
            if (!dup && nmissing < 32) {
                missing[nmissing++] = name_of(in, pid);
            }
            continue;
        }
        if (n > 0 && pts[n - 1].lat == lat && pts[n - 1].lon == lon) {
            continue;
        }
        if (n < 32) {
            pts[n].lat  = lat;
            pts[n].lon  = lon;
            pts[n].name = name_of(in, pid);
            n++;
        }
    }
    web_buf_str(b, "<section class=\"box\" id=\"map\"><h2>");
    web_buf_html(b, web_tr(in->lang, "Map of the places"));
    web_buf_str(b, "</h2>");
    if (n == 0) {
        web_buf_str(b, "<p class=\"small\">");
        web_buf_html(b, web_tr(in->lang, "No GPS position is recorded for these places."));
        web_buf_str(b, "</p>");
    } else {
        double w = 320, h = 240, pad = 30, sx, sy, cx, cy, k;

        for (i = 0; i < n; i++) {
            minlat = fmin(minlat, pts[i].lat);
            maxlat = fmax(maxlat, pts[i].lat);
            minlon = fmin(minlon, pts[i].lon);
            maxlon = fmax(maxlon, pts[i].lon);
        }
        cx = (minlon + maxlon) / 2;
        cy = (minlat + maxlat) / 2;
        /* Equirectangular with its standard parallel at the middle latitude: a degree of
         * longitude is cos(latitude) of a degree of latitude, so x takes that factor and both
         * axes one scale, the largest that fits the places (at least 0.2 degrees each way)
         * inside the box less its padding. Shapes and distances keep their proportions. */
        k  = cos(cy * (3.14159265358979323846 / 180.0));
        sy = fmin((w - 2 * pad) / fmax((maxlon - minlon) * k, 0.2),
                  (h - 2 * pad) / fmax(maxlat - minlat, 0.2));
        sx = sy * k;
        web_buf_printf(b,
                       "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" "
                       "aria-label=\"map\" xmlns=\"http://www.w3.org/2000/svg\">"
                       "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#eef5ee\" "
                       "stroke=\"#9b9\"/>",
                       w, h, w, h);
        if (n > 1) {
            web_buf_str(b, "<polyline fill=\"none\" stroke=\"#2b6\" stroke-width=\"2\" "
                           "stroke-dasharray=\"5 3\" points=\"");
            for (i = 0; i < n; i++) {
                web_buf_printf(b, "%.1f,%.1f ", w / 2 + (pts[i].lon - cx) * sx,
                               h / 2 - (pts[i].lat - cy) * sy);
            }
            web_buf_str(b, "\"/>");
        }
        for (i = 0; i < n; i++) {
            double x = w / 2 + (pts[i].lon - cx) * sx, y = h / 2 - (pts[i].lat - cy) * sy;

            web_buf_printf(b,
                           "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#1a7f37\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#fff\" "
                           "text-anchor=\"middle\">%zu</text>"
                           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#123\">",
                           x, y, x, y + 3.5, i + 1, x + 10, y - 8);
            web_buf_html(b, pts[i].name);
            web_buf_str(b, "</text>");
        }
        web_buf_printf(b,
                       "<text x=\"4\" y=\"%.0f\" font-size=\"9\" fill=\"#555\">%.4f°N %.4f°E</text>"
                       "</svg><ol class=\"small\">",
                       h - 4, cy, cx);
        for (i = 0; i < n; i++) {
            web_buf_str(b, "<li>");
            web_buf_html(b, pts[i].name);
            web_buf_printf(b, " (%.4f, %.4f)</li>", pts[i].lat, pts[i].lon);
        }
        web_buf_str(b, "</ol>");
    }
    if (nmissing > 0) {
        web_buf_str(b, "<p class=\"small\">");
        web_buf_html(b, web_tr(in->lang, "Places without a GPS position:"));
        for (i = 0; i < nmissing; i++) {
            web_buf_str(b, i ? "; " : " ");
            web_buf_html(b, missing[i]);
        }
        web_buf_str(b, "</p>");
    }
    web_buf_str(b, "</section>");
}

/*
 * "Declared wrong in record N: did not occur; replaced by record M" for each
 * correction @p corr of an event of the timeline (web/server.c corrections_of()).
 */
static void
corrections(web_buf *b, const web_page_in *in, const json_t *corr)
{
    size_t  i;
    json_t *c;

    json_array_foreach(corr, i, c) {
        const char *why = jstr(c, "reason");
        json_t     *rep = json_object_get(c, "replacedBy");

        web_buf_str(b, "<p class=\"bad corr\">");
        web_buf_html(b, web_tr(in->lang, "Declared wrong in record"));
        web_buf_printf(b, " %" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(c, "index")));
        if (why != NULL && *why != '\0') {
            web_buf_str(b, ": ");
            web_buf_html(b, strcmp(why, "did_not_occur") == 0    ? web_tr(in->lang, "did not occur")
                            : strcmp(why, "incorrect_data") == 0 ? web_tr(in->lang, "incorrect data")
                                                                 : why);
        }
        if (json_is_integer(rep)) {
            web_buf_printf(b, "; %s <a href=\"#r%" JSON_INTEGER_FORMAT "\">%" JSON_INTEGER_FORMAT "</a>",
                           web_tr(in->lang, "replaced by record"), json_integer_value(rep),
                           json_integer_value(rep));
        }
        web_buf_str(b, "</p>");
    }
}

static void
timeline(web_buf *b, const web_page_in *in)
{
    size_t  i;
    json_t *item;

    web_buf_str(b, "<section class=\"box\" id=\"journey\"><h2>");
    web_buf_html(b, web_tr(in->lang, "Journey"));
    web_buf_str(b, "</h2><ol class=\"timeline\">");
    json_array_foreach(in->events, i, item) {
        const json_t    *ev  = json_object_get(item, "event");
        const txng_step *st  = txng_event_step(ev);
        const char      *pid = jstr(json_object_get(ev, "bizLocation"), "id");
        const char      *signer = jstr(item, "signer"), *role = jstr(item, "role");
        json_int_t       idx = json_integer_value(json_object_get(item, "index"));
        const json_t    *corr = json_object_get(item, "corrections");

        if (pid == NULL) {
            pid = jstr(json_object_get(ev, "readPoint"), "id");
        }
        web_buf_printf(b, "<li id=\"r%" JSON_INTEGER_FORMAT "\" data-index=\"%" JSON_INTEGER_FORMAT
                          "\"%s><h3>",
                       idx, idx, corr != NULL ? " class=\"corrected\"" : "");
        if (st != NULL) {
            web_buf_html(b, in->lang == WEB_VI ? st->label_vi : st->label);
        } else {
            const char *bs = jstr(ev, "bizStep");

            web_buf_html(b, bs ? bs : (jstr(ev, "type") ? jstr(ev, "type") : "?"));
        }
        web_buf_str(b, "</h3><p class=\"when\">");
        put_time(b, jstr(ev, "eventTime"));
        if (pid != NULL) {
            web_buf_str(b, " · ");
            web_buf_html(b, name_of(in, pid));
            {
                json_t     *pl    = json_object_get(in->places, pid);
                const char *party = pl ? jstr(pl, "party") : NULL;

                if (party != NULL && json_object_get(in->parties, party) != NULL) {
                    web_buf_str(b, " (");
                    web_buf_html(b, name_of(in, party));
                    web_buf_str(b, ")");
                }
            }
        }
        web_buf_str(b, "</p>");
        corrections(b, in, corr);
        kdes(b, in, ev, st);
        web_buf_str(b, "<p class=\"small sig\">");
        web_buf_html(b, web_tr(in->lang, "Signed by"));
        web_buf_str(b, " <code>");
        web_buf_html(b, signer ? signer : "?");
        web_buf_str(b, "</code>");
        if (role != NULL) {
            web_buf_str(b, " (");
            put_code(b, in->lang, role);
            web_buf_str(b, ")");
        }
        if (json_is_true(json_object_get(item, "imported"))) {
            web_buf_str(b, " (");
            web_buf_html(b, web_tr(in->lang, "signed in the supplier's log, imported"));
            web_buf_str(b, ")");
        }
        web_buf_printf(b, " · %s %" JSON_INTEGER_FORMAT " <span class=\"rv\"></span></p></li>",
                       web_tr(in->lang, "Record"), idx);
    }
    web_buf_str(b, "</ol></section>");
}

static void
lab_results(web_buf *b, const web_page_in *in)
{
    size_t  i;
    json_t *item;
    bool    any = false;

    json_array_foreach(in->events, i, item) {
        const json_t    *ev = json_object_get(item, "event");
        const char      *bs = jstr(ev, "bizStep");
        const txng_step *st = txng_event_step(ev);
        const char      *lab;

        /* a lab test, or another system's inspecting; not an inspection of a label or shelf */
        if (bs == NULL || strcmp(bs, "inspecting") != 0 ||
            (st != NULL && strcmp(st->name, "test") != 0)) {
            continue;
        }
        if (!any) {
            web_buf_str(b, "<section class=\"box\" id=\"lab\"><h2>");
            web_buf_html(b, web_tr(in->lang, "Lab results"));
            web_buf_str(b, "</h2><ul>");
            any = true;
        }
        lab = jstr(ev, "txng:lab");
        web_buf_str(b, "<li>");
        put_time(b, jstr(ev, "eventTime"));
        web_buf_str(b, " · ");
        web_buf_html(b, lab ? name_of(in, lab) : "");
        if (jstr(ev, "txng:tests") != NULL) {
            web_buf_str(b, ": ");
            web_buf_html(b, jstr(ev, "txng:tests"));
        }
        web_buf_str(b, " — <strong>");
        web_buf_html(b, web_tr(in->lang, "Result"));
        web_buf_str(b, ": ");
        put_code(b, in->lang, jstr(ev, "disposition") ? jstr(ev, "disposition") : "?");
        web_buf_str(b, "</strong>");
        corrections(b, in, json_object_get(item, "corrections"));
        web_buf_str(b, "</li>");
    }
    if (any) {
        web_buf_str(b, "</ul></section>");
    }
}

static void
certificates(web_buf *b, const web_page_in *in)
{
    size_t  i;
    json_t *c;

    if (json_array_size(in->certs) == 0) {
        return;
    }
    web_buf_str(b, "<section class=\"box\" id=\"certs\"><h2>");
    web_buf_html(b, web_tr(in->lang, "Certificates"));
    web_buf_str(b, "</h2><ul>");
    json_array_foreach(in->certs, i, c) {
        web_buf_str(b, "<li><strong>");
        put_code(b, in->lang, jstr(c, "kind"));
        web_buf_str(b, "</strong> ");
        web_buf_html(b, web_tr(in->lang, "Number"));
        web_buf_str(b, " ");
        web_buf_html(b, jstr(c, "number") ? jstr(c, "number") : "");
        web_buf_str(b, " · ");
        web_buf_html(b, web_tr(in->lang, "Issuer"));
        web_buf_str(b, ": ");
        web_buf_html(b, jstr(c, "issuer") ? jstr(c, "issuer") : "");
        web_buf_str(b, " · ");
        web_buf_html(b, web_tr(in->lang, "Valid"));
        web_buf_str(b, ": ");
        web_buf_html(b, jstr(c, "validFrom") ? jstr(c, "validFrom") : "");
        web_buf_str(b, " – ");
        web_buf_html(b, jstr(c, "validUntil") ? jstr(c, "validUntil") : "");
        web_buf_str(b, "</li>");
    }
    web_buf_str(b, "</ul></section>");
}

void
web_page_render(web_buf *b, const web_page_in *in)
{
    const char *pname = in->product ? jstr(in->product, "name") : NULL;
    const char *path  = in->resolved;
    static const char *const level_names[] = {"Unit", "Lot", "Product"};

    if (strncmp(path, TXNG_GS1_CANONICAL_STEM, strlen(TXNG_GS1_CANONICAL_STEM)) == 0) {
        path += strlen(TXNG_GS1_CANONICAL_STEM);
    }
    head(b, in->lang, pname ? pname : web_tr(in->lang, "Traceability"));
    web_buf_str(b, WEB_LANG_MARK); /* the server keeps the request's parameters in the link */
    if (in->image != NULL) {
        /* app.js hashes the image and compares it with the signed product record */
        web_buf_str(b, "<header class=\"product\"><img id=\"photo\" class=\"photo\" src=\"");
        href(b, "/media/");
        web_buf_html(b, in->image);
        web_buf_str(b, "\" data-sha256=\"");
        web_buf_html(b, in->image);
        web_buf_str(b, "\" alt=\"");
        web_buf_html(b, pname ? pname : "");
        web_buf_str(b, "\" width=\"96\" height=\"96\"><div><h1>");
    } else {
        web_buf_str(b, "<header class=\"product\"><img src=\"");
        href(b, "/static/product.svg");
        web_buf_str(b, "\" alt=\"\" width=\"64\" height=\"64\"><div><h1>");
    }
    web_buf_html(b, pname ? pname : web_tr(in->lang, "Traceability"));
    web_buf_str(b, "</h1>");
    if (in->producer != NULL) {
        web_buf_str(b, "<p>");
        web_buf_html(b, web_tr(in->lang, "Producer"));
        web_buf_str(b, ": ");
        web_buf_html(b, in->producer);
        web_buf_str(b, "</p>");
    }
    if (in->product != NULL && jstr(in->product, "species") != NULL) {
        web_buf_str(b, "<p class=\"small\"><em>");
        web_buf_html(b, jstr(in->product, "species"));
        web_buf_str(b, "</em></p>");
    }
    web_buf_str(b, "<p class=\"small\">");
    web_buf_html(
        b, web_tr(in->lang,
                  level_names[strstr(path, "/21/") != NULL                                    ? 0
                              : strstr(path, "/10/") != NULL || strstr(path, ":lot:") != NULL ? 1
                              : strncmp(path, "/01/", 4) == 0                                 ? 2
                                                              : 0]));
    web_buf_str(b, ": <code id=\"ident\">");
    web_buf_html(b, in->resolved);
    web_buf_str(b, "</code></p></div></header>");

    /* the verification verdicts: the server's, then the browser's */
    web_buf_str(b, "<main id=\"page\"");
    if (in->bundle_url != NULL) {
        web_buf_str(b, " data-bundle=\"");
        href(b, in->bundle_url);
        web_buf_str(b, "\"");
    }
    web_buf_str(b, " data-vkey=\"");
    web_buf_html(b, in->vkey);
    if (in->product != NULL && jstr(in->product, "id") != NULL) {
        web_buf_str(b, "\" data-product=\"");
        web_buf_html(b, jstr(in->product, "id"));
    }
    web_buf_printf(b, "\" data-lang=\"%s\" data-id=\"", in->lang == WEB_VI ? "vi" : "en");
    web_buf_html(b, in->resolved);
    web_buf_str(b, "\"><section class=\"box verify\"><p id=\"server-verify\" class=\"");
    web_buf_str(b, in->server_ok ? "ok\">" : "bad\">");
    if (in->server_ok) {
        web_buf_html(b, web_tr(in->lang, "Checked by the server: every record and signature of "
                                         "this page is valid."));
    } else {
        web_buf_html(b, web_tr(in->lang, "Checked by the server: verification FAILED:"));
        web_buf_str(b, " ");
        web_buf_html(b, in->server_msg ? in->server_msg : "");
    }
    web_buf_str(b, "</p><p id=\"verify\" class=\"pending\" hidden>");
    web_buf_html(b, web_tr(in->lang, "Verifying in your browser…"));
    web_buf_str(b, "</p><p class=\"small\">");
    web_buf_html(b, web_tr(in->lang, "Log key fingerprint"));
    web_buf_str(b, ": <code id=\"fpr\">");
    web_buf_html(b, in->fingerprint);
    web_buf_str(b, "</code></p></section>");
    web_buf_str(b, DYN_MARK);
    if (in->claimable) {
        web_buf_str(b, "<section class=\"box\" id=\"claim\"><h2>");
        web_buf_html(b, web_tr(in->lang, "Claim this product"));
        web_buf_str(b, "</h2><p>");
        web_buf_html(b, web_tr(in->lang, "Scratch the label and type the 8-character code to "
                                         "register your purchase."));
        web_buf_str(b, "</p><form method=\"post\" action=\"");
        href(b, "/api/v1/claim");
        web_buf_str(b, "\" id=\"claim-form\"><input type=\"hidden\" name=\"id\" value=\"");
        web_buf_html(b, in->resolved);
        /* the answer to the form posted without JavaScript comes in the page's language */
        web_buf_printf(b, "\"><input type=\"hidden\" name=\"lang\" value=\"%s\"><label>",
                       in->lang == WEB_VI ? "vi" : "en");
        web_buf_html(b, web_tr(in->lang, "Claim code"));
        web_buf_str(b, " <input name=\"code\" required maxlength=\"12\" autocomplete=\"off\" "
                       "autocapitalize=\"characters\" placeholder=\"XXXX-XXXX\"></label> <button>");
        web_buf_html(b, web_tr(in->lang, "Claim"));
        web_buf_str(b, "</button></form>");
        /* the back-off: a buyer knows when a code will be taken, not just that it is not */
        if (in->claim_wait != NULL && in->claim_wait[0] != '\0')
            retry_line(b, in->lang, "claim-wait", "Too many wrong codes were typed for this unit.",
                       in->claim_wait);
        web_buf_str(b, "<p id=\"claim-out\" hidden></p></section>");
    }
    timeline(b, in);
    map_svg(b, in);
    lab_results(b, in);
    certificates(b, in);
    web_buf_str(b, "</main><footer class=\"small\"><p>");
    web_buf_html(b, web_tr(in->lang, "Log"));
    web_buf_str(b, ": <code>");
    web_buf_html(b, in->vkey);
    web_buf_printf(b, "</code> · %s: %" PRIu64 "</p><p>", web_tr(in->lang, "Records in the log"),
                   in->size);
    if (in->bundle_url != NULL) {
        web_buf_str(b, "<a href=\"");
        href(b, in->bundle_url);
        web_buf_str(b, "\">");
        web_buf_html(b, web_tr(in->lang, "Download the records with their proof"));
        web_buf_str(b, "</a> · ");
    }
    web_buf_str(b, "<a href=\"");
    href(b, in->at != NULL ? in->at : path);
    web_buf_str(b, "?linkType=linkset\">");
    web_buf_html(b, web_tr(in->lang, "Links for machines (linkset)"));
    web_buf_str(b, "</a> · <a href=\"");
    href(b, "/checkpoint");
    web_buf_str(b, "\">");
    web_buf_html(b, web_tr(in->lang, "Checkpoint"));
    web_buf_str(b, "</a></p></footer></body></html>\n");
}

/* The members of master data shown on a place's or party's page, by their English label
 * (translated by web_tr()). */
static const struct {
    const char *key, *en;
} master_labels[] = {
    { "role", "Role" },
    { "address", "Address" },
    { "addressValidFrom", "Address valid from" },
    { "registration", "Business registration" },
    { "txng:note", "Note" },
    { "gps", "GPS position" },
    { "gpsAccuracy", "GPS accuracy (m)" },
    { "giCode", "GI code" },
    { "plot", "Forest plot" },
    { "party", "Owner or operator" },
    { "eventTime", "Time of the entry" },
};

void
web_page_master(web_buf *b, const web_page_in *in, const json_t *master, bool party)
{
    const char *name = jstr(master, "name");
    const char *key;
    json_t     *v;

    head(b, in->lang, name ? name : in->resolved);
    lang_switch(b, in->lang, in->path);
    web_buf_str(b, "<header class=\"product\"><div><h1>");
    web_buf_html(b, name ? name : in->resolved);
    web_buf_str(b, "</h1><p class=\"small\">");
    web_buf_html(b, web_tr(in->lang, party ? "Party" : "Place"));
    web_buf_str(b, ": <code id=\"ident\">");
    web_buf_html(b, in->resolved);
    web_buf_str(b, "</code></p></div></header><main id=\"master\"><section class=\"box\"><dl>");
    json_object_foreach((json_t *) (uintptr_t) master, key, v) {
        const char *label = key;

        if (strcmp(key, "type") == 0 || strcmp(key, "id") == 0 || strcmp(key, "name") == 0 ||
            strcmp(key, "eventTimeZoneOffset") == 0 || (!json_is_string(v) && !json_is_number(v))) {
            continue;
        }
        /* the members of txng:Party and txng:Place (docs/format.md 8.4), named in the page's
         * language; a member this table does not know keeps its name */
        for (size_t i = 0; i < sizeof master_labels / sizeof master_labels[0]; i++) {
            if (strcmp(master_labels[i].key, key) == 0) {
                label = web_tr(in->lang, master_labels[i].en);
                break;
            }
        }
        web_buf_str(b, "<dt>");
        web_buf_html(b, label);
        web_buf_str(b, "</dt><dd>");
        if (json_is_string(v) && strcmp(key, "eventTime") == 0) {
            put_time(b, json_string_value(v));
        } else if (json_is_string(v) && strcmp(key, "party") == 0) {
            /* the operator of a place by its name when the page holds it */
            const json_t *op = json_object_get(in->parties, json_string_value(v));

            web_buf_html(b, jstr(op, "name") != NULL ? jstr(op, "name") : json_string_value(v));
        } else if (json_is_string(v) && strcmp(key, "role") == 0) {
            put_code(b, in->lang, json_string_value(v));
        } else if (json_is_string(v)) {
            web_buf_html(b, json_string_value(v));
        } else {
            web_buf_printf(b, "%g", json_number_value(v));
        }
        web_buf_str(b, "</dd>");
    }
    web_buf_str(b, "</dl></section>");
    if (json_array_size(in->events) > 0) {
        timeline(b, in);
    }
    web_buf_str(b, "</main><footer class=\"small\"><p>");
    web_buf_html(b, web_tr(in->lang, "Log"));
    web_buf_str(b, ": <code>");
    web_buf_html(b, in->vkey);
    web_buf_printf(b, "</code> · %s: %" PRIu64 "</p></footer></body></html>\n",
                   web_tr(in->lang, "Records in the log"), in->size);
}
