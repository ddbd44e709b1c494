/*
 * test_web.c - the parts of txng serve that need no socket: buffers and
 * escaping, the scan store, the budget of wrong claim codes per client, the page
 * renderer, and txng_web_run()'s refusals
 * (the routes are tested over HTTP by tests/web/http.sh)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"
#include "web/internal.h"
#include "web/web.h"

static void
test_buf(void)
{
    web_buf b = {0};

    web_buf_html(&b, "<a href=\"x\">'&'</a>");
    ok(strcmp(b.p, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;") == 0, "html escaping");
    web_buf_free(&b);
    web_buf_urlq(&b, "https://id.gs1.org/01/1 ?&=Đ");
    ok(strcmp(b.p, "https%3A%2F%2Fid.gs1.org%2F01%2F1%20%3F%26%3D%C4%90") == 0, "query escaping");
    web_buf_free(&b);
    web_buf_printf(&b, "%s-%d", "a", 42);
    web_buf_str(&b, "!");
    ok(b.len == 5 && strcmp(b.p, "a-42!") == 0, "printf and str append");
    for (int i = 0; i < 10000; i++) {
        web_buf_add(&b, "0123456789", 10);
    }
    ok(b.len == 100005 && !b.failed, "buffer grows");
    web_buf_free(&b);
    ok(b.p == NULL && b.len == 0, "free resets");
}

static void
test_tr(void)
{
    ok(strcmp(web_tr(WEB_VI, "Journey"), "Hành trình sản phẩm") == 0, "Vietnamese translation");
    ok(strcmp(web_tr(WEB_EN, "Journey"), "Journey") == 0, "English passes through");
    ok(strcmp(web_tr(WEB_VI, "no such text"), "no such text") == 0, "unknown text kept");
}

static void
test_scans(const char *dir)
{
    web_scans    *s = NULL;
    web_scan_info si;
    const char   *id = "https://id.gs1.org/01/08930000000033/21/000007";
    char          longid[600];

    ok(web_scans_open(&s, dir) == TXNG_OK && s != NULL, "scan store opens");
    web_scans_get(s, id, &si);
    ok(si.count == 0 && si.first == 0, "nothing counted yet");
    web_scans_hit(s, id, "VN-HN", 1000, &si);
    web_scans_hit(s, id, "VN-HN", 1100, &si);
    web_scans_hit(s, id, "", 1200, &si);
    ok(si.count == 3 && si.first == 1000 && si.last == 1200, "count, first and last");
    ok(si.nregions == 1 && strcmp(si.regions[0], "VN-HN") == 0, "a region once");
    for (int i = 0; i < 10; i++) {
        char r[8];

        snprintf(r, sizeof r, "R%d", i);
        web_scans_hit(s, id, r, 1300 + i, &si);
    }
    ok(si.nregions == WEB_SCAN_REGIONS, "regions kept are bounded");
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    web_scans_hit(s, longid, "", 1, &si);
    ok(si.count == 0, "an identifier too long is not counted");
    web_scans_close(s);
    s = NULL;
    ok(web_scans_open(&s, dir) == TXNG_OK, "scan store reopens");
    web_scans_get(s, id, &si);
    ok(si.count == 13 && si.first == 1000 && si.last == 1309, "counts survive a restart");
    web_scans_close(s);
    web_scans_close(NULL);
    ok(web_scans_open(&s, "/proc/no-such-dir") == TXNG_OK && s != NULL,
       "an unwritable folder counts in memory");
    web_scans_hit(s, id, "", 5, &si);
    ok(si.count == 1, "in-memory counting works");
    web_scans_close(s);
}

static void
test_pages(void)
{
    web_buf     b  = {0};
    web_page_in in;
    json_t     *events = json_array(), *places = json_object(), *parties = json_object();
    json_t     *certs = json_array();

    web_page_message(&b, WEB_VI, 404, "Not found", "nothing", "<script>alert(1)</script>");
    ok(strstr(b.p, "Không tìm thấy") != NULL, "message page translated");
    ok(strstr(b.p, "<script>alert") == NULL && strstr(b.p, "&lt;script&gt;") != NULL,
       "detail escaped");
    web_buf_free(&b);
    web_page_claim(&b, WEB_VI, 409, false, "unknown unit", 3, NULL, NULL,
                   "/01/08930000000033/21/9");
    ok(strstr(b.p, "data-status=\"409\"") != NULL, "claim page: the HTTP status it is sent with");
    ok(strstr(b.p, "không có sản phẩm này") != NULL &&
           strstr(b.p, "<p id=\"claim-unknown\">Số lần kích hoạt đơn vị lạ của sản phẩm này, "
                       "tính cả lần này: 3</p>") != NULL &&
           strstr(b.p, "<code>/01/08930000000033/21/9</code>") != NULL,
       "claim page: outcome and count of unknown claims in Vietnamese");
    ok(strstr(b.p, "href=\"/01/08930000000033/21/9\">Quay lại trang sản phẩm</a>") != NULL,
       "claim page: the link back in Vietnamese");
    web_buf_free(&b);
    web_page_claim(&b, WEB_EN, 409, false, "unknown unit", UINT64_MAX, "", NULL, NULL);
    ok(strstr(b.p, "<p id=\"claim-unknown\">Claims of unknown units of this product, this one "
                   "included: 18446744073709551615</p>") != NULL,
       "claim page: the count in English, up to UINT64_MAX");
    web_buf_free(&b);
    web_page_claim(&b, WEB_EN, 200, true, "claimed", 0, NULL, NULL, "/01/08930000000033/21/7");
    ok(strstr(b.p, "<h1>Claim</h1><p>claimed</p>") != NULL &&
           strstr(b.p, "claim-unknown") == NULL && strstr(b.p, "claim-retry") == NULL,
       "claim page: a claim shows no count and no wait");
    ok(strstr(b.p, "<p><a id=\"claim-back\" href=\"/01/08930000000033/21/7\">Back to the "
                   "product&#39;s page</a></p>") != NULL,
       "claim page: a link back to the unit's page");
    web_buf_free(&b);
    web_page_claim(&b, WEB_VI, 429, false, "too many wrong codes", 0, "02/12/2025 11:01", NULL,
                   "/01/08930000000033/21/8");
    ok(strstr(b.p, "<p>nhập sai mã quá nhiều lần</p>") != NULL &&
           strstr(b.p, "<p id=\"claim-retry\">Hãy thử lại sau 02/12/2025 11:01 (giờ Việt "
                       "Nam).</p>") != NULL,
       "claim page: too many wrong codes, and when to try again, in Vietnamese");
    web_buf_free(&b);
    web_page_claim(&b, WEB_EN, 429, false, "too many wrong codes", 0, "02/12/2025 11:01", NULL,
                   NULL);
    ok(strstr(b.p, "<p>too many wrong codes</p>") != NULL &&
           strstr(b.p, "<p id=\"claim-retry\">Try again after 02/12/2025 11:01 (Vietnam "
                       "time).</p>") != NULL,
       "claim page: the same in English");
    web_buf_free(&b);
    web_page_claim(&b, WEB_VI, 409, false, "already claimed", 0, NULL, "02/12/2025 11:01",
                   "/01/08930000000033/21/7");
    ok(strstr(b.p, "<p id=\"claim-at\">Sản phẩm này đã được kích hoạt lúc 02/12/2025 11:01 "
                   "(giờ Việt Nam).</p>") != NULL,
       "claim page: when an already claimed unit was claimed, in Vietnamese");
    web_buf_free(&b);
    web_page_claim(&b, WEB_EN, 409, false, "wrong code", 0, NULL, NULL, NULL);
    ok(strstr(b.p, "claim-at") == NULL, "claim page: no claim time for another outcome");
    web_buf_free(&b);
    web_page_home(&b, WEB_EN, "example.com/log", 7);
    ok(strstr(b.p, "<form method=\"get\" action=\"/\">") != NULL, "home page has the search form");
    web_buf_free(&b);

    memset(&in, 0, sizeof in);
    json_object_set_new(places, "urn:txng:x:place:p",
                        json_pack("{s:s,s:s,s:s}", "type", "txng:Place", "name", "Vườn <3>", "gps",
                                  "14.9,107.9"));
    json_array_append_new(
        events, json_pack("{s:i,s:{s:s,s:s,s:s,s:{s:s}},s:s}", "index", 5, "event", "type",
                          "ObjectEvent", "bizStep", "inspecting", "eventTime",
                          "2024-11-18T14:00:00+07:00", "bizLocation", "id", "urn:txng:x:place:p",
                          "signer", "lab+00000000"));
    in.lang        = WEB_VI;
    in.resolved    = "https://id.gs1.org/01/08930000000033/21/000007";
    in.requested   = in.resolved;
    in.vkey        = "x+00000000+AAAA";
    in.fingerprint = "0000";
    in.bundle_url  = "/01/08930000000033/21/000007?linkType=gs1:traceability";
    in.server_ok   = false;
    in.server_msg  = "record 5: signature does not verify";
    in.events      = events;
    in.places      = places;
    in.parties     = parties;
    in.certs       = certs;
    json_array_append_new(certs, json_pack("{s:s,s:s,s:s,s:s,s:s}", "type", "txng:Certificate",
                                           "kind", "vietgap", "number", "VG-01 <b>", "issuer",
                                           "Sở NN&PTNT", "validFrom", "2024-01-01"));
    web_page_render(&b, &in);
    ok(!b.failed && strstr(b.p, "<!--txng:dynamic-->") != NULL, "page has the dynamic marker");
    ok(strstr(b.p, "id=\"server-verify\" class=\"bad\"") != NULL &&
           strstr(b.p, "record 5: signature does not verify") != NULL,
       "server's failure shown with the record");
    ok(strstr(b.p, "id=\"r5\"") != NULL, "timeline item names its record");
    ok(strstr(b.p, "Vườn &lt;3&gt;") != NULL && strstr(b.p, "Vườn <3>") == NULL,
       "place names escaped");
    ok(strstr(b.p, "<circle") != NULL, "the place with GPS is on the map");
    ok(strstr(b.p, "id=\"lab\"") != NULL, "an inspection is a lab result");
    ok(strstr(b.p, "id=\"certs\"") != NULL && strstr(b.p, "VG-01 &lt;b&gt;") != NULL &&
           strstr(b.p, "Sở NN&amp;PTNT") != NULL,
       "certificates listed, escaped");
    ok(strstr(b.p, "<script src=\"/static/app.js\" defer></script>") != NULL &&
           strstr(b.p, "<script>") == NULL,
       "only the external script");
    web_buf_free(&b);
    json_decref(events);
    json_decref(places);
    json_decref(parties);
    json_decref(certs);
}

/* Every member of txng:Party and txng:Place (docs/format.md 8.4) is named in the page's
 * language, never by its member name. */
static void
test_master(void)
{
    static const char *const members[] = { "role",         "address",   "addressValidFrom",
                                           "registration", "txng:note", "gps",
                                           "gpsAccuracy",  "giCode",    "plot",
                                           "party",        "eventTime" };
    json_t                  *m         = json_pack("{s:s,s:s,s:s}", "type", "txng:Place", "id",
                                                   "https://id.gs1.org/414/8930000000040", "name", "Kho");
    json_t                  *parties   = json_object();
    json_t                  *events    = json_array();
    web_page_in              in        = { 0 };
    web_buf                  b         = { 0 };
    char                     dt[64];
    bool                     raw = false;

    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        json_object_set_new(m, members[i], json_string("2024-11-12T09:15:00+07:00"));
    }
    json_object_set_new(m, "party", json_string("https://id.gs1.org/417/8930000000019"));
    json_object_set_new(parties, "https://id.gs1.org/417/8930000000019",
                        json_pack("{s:s}", "name", "HTX <Sâm>"));
    in.path     = "/414/8930000000040";
    in.resolved = "https://id.gs1.org/414/8930000000040";
    in.vkey     = "x+00000000+AAAA";
    in.events   = events;
    in.parties  = parties;
    for (int lang = WEB_VI; lang <= WEB_EN; lang++) {
        in.lang = (enum web_lang) lang;
        web_page_master(&b, &in, m, false);
        for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
            snprintf(dt, sizeof dt, "<dt>%s</dt>", members[i]);
            raw = raw || strstr(b.p, dt) != NULL;
        }
        ok(!raw, lang == WEB_VI ? "master data page: no member shown by its name (vi)"
                                : "master data page: no member shown by its name (en)");
        ok(strstr(b.p, lang == WEB_VI
                           ? "<dt>Chủ sở hữu hoặc đơn vị vận hành</dt><dd>HTX "
                             "&lt;Sâm&gt;</dd>"
                           : "<dt>Owner or operator</dt><dd>HTX &lt;Sâm&gt;</dd>") != NULL,
           "master data page: the operator by its name, escaped");
        ok(strstr(b.p, lang == WEB_VI ? "<dt>Vai trò</dt>" : "<dt>Role</dt>") != NULL,
           "master data page: role in the page's language");
        web_buf_free(&b);
    }
    json_decref(m);
    json_decref(parties);
    json_decref(events);
}

static void
test_run_refusals(void)
{
    txng_web_config       cfg;
    volatile sig_atomic_t stop = 1;

    ok(txng_web_run(NULL, &stop) == TXNG_EINVAL, "no config: EINVAL");
    memset(&cfg, 0, sizeof cfg);
    ok(txng_web_run(&cfg, &stop) == TXNG_EINVAL, "no folder: EINVAL");
    cfg.dir   = "/nonexistent/txng-log";
    cfg.write = true;
    ok(txng_web_run(&cfg, &stop) == TXNG_EINVAL, "write without a log key: EINVAL");
    cfg.write  = false;
    cfg.listen = "not-an-address";
    ok(txng_web_run(&cfg, &stop) == TXNG_EINVAL, "bad listen address: EINVAL");
    cfg.listen = "127.0.0.1:99999";
    ok(txng_web_run(&cfg, &stop) == TXNG_EINVAL, "port out of range: EINVAL");
    cfg.listen = "127.0.0.1:0";
    ok(txng_web_run(&cfg, &stop) == TXNG_ENOTFOUND, "no log in the folder: ENOTFOUND");
}

/* The wrong claim codes per client (budget.c): a bucket of per_hour refilled over the hour,
 * tokens given back, and a table that never holds more than its cap, forgetting the least
 * recently used client first. */
static void
test_budget(void)
{
    web_budget *b = NULL;
    double      wait = 0;
    bool        all  = true;
    char        name[32];

    ok(web_budget_new(&b, 0, 8) == TXNG_EINVAL && b == NULL, "a budget of 0 is refused");
    ok(web_budget_new(&b, 5, 0) == TXNG_EINVAL && b == NULL, "a table of 0 clients is refused");
    ok(web_budget_new(&b, 3, 4) == TXNG_OK && b != NULL, "a table of 4 clients, 3 codes an hour");
    if (b == NULL) {
        return;
    }
    for (int i = 0; i < 3; i++) {
        all = all && web_budget_take(b, "203.0.113.1", 100.0, NULL);
    }
    ok(all, "a client has 3 wrong codes at once");
    ok(!web_budget_take(b, "203.0.113.1", 100.0, &wait), "not a 4th");
    ok(wait > 1199.0 && wait <= 1200.0, "one comes back after 20 minutes (%.1f s)", wait);
    ok(web_budget_take(b, "203.0.113.2", 100.0, NULL), "another client has its own budget");
    wait = 0;
    ok(!web_budget_take(b, "203.0.113.1", 100.0 + 1199.0, &wait) && wait > 0.99 && wait < 1.01,
       "19 min 59 s later still none, one second to wait");
    ok(web_budget_take(b, "203.0.113.1", 100.0 + 1200.0, NULL), "20 min later one");
    ok(!web_budget_take(b, "203.0.113.1", 100.0 + 1200.0, NULL), "and only one");
    web_budget_give_back(b, "203.0.113.1", 1300.0);
    ok(web_budget_take(b, "203.0.113.1", 1300.0, NULL), "a code given back can be taken again");
    web_budget_give_back(b, "203.0.113.9", 1300.0);
    ok(web_budget_clients(b) == 2, "giving back to an unknown client adds none");
    for (int i = 0; i < 3; i++) {
        web_budget_give_back(b, "203.0.113.2", 1300.0);
    }
    all = true;
    for (int i = 0; i < 3; i++) {
        all = all && web_budget_take(b, "203.0.113.2", 1300.0, NULL);
    }
    ok(all && !web_budget_take(b, "203.0.113.2", 1300.0, NULL),
       "giving back never fills a bucket beyond its size");
    ok(web_budget_take(b, "203.0.113.1", 1300.0 + 100 * 3600.0, NULL) &&
           web_budget_take(b, "203.0.113.1", 1300.0 + 100 * 3600.0, NULL) &&
           web_budget_take(b, "203.0.113.1", 1300.0 + 100 * 3600.0, NULL) &&
           !web_budget_take(b, "203.0.113.1", 1300.0 + 100 * 3600.0, NULL),
       "a bucket refills to its size, no more");

    /* a client cycling through 10,000 addresses: the table stays at 4 */
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "198.51.%d.%d", i / 256, i % 256);
        (void) web_budget_take(b, name, 500000.0 + i, NULL);
    }
    ok(web_budget_clients(b) == 4, "10,000 addresses: 4 clients held (%zu)",
       web_budget_clients(b));
    ok(web_budget_take(b, "198.51.39.15", 509999.0, NULL) &&
           web_budget_take(b, "198.51.39.15", 509999.0, NULL) &&
           !web_budget_take(b, "198.51.39.15", 509999.0, NULL),
       "the newest is still held (one code taken, two left)");
    /* least recently used goes first: touch A, add two, A stays and B goes */
    (void) web_budget_take(b, "A", 700000.0, NULL);
    (void) web_budget_take(b, "B", 700001.0, NULL);
    (void) web_budget_take(b, "A", 700002.0, NULL);
    (void) web_budget_take(b, "C", 700003.0, NULL);
    (void) web_budget_take(b, "D", 700004.0, NULL);
    (void) web_budget_take(b, "E", 700005.0, NULL);
    ok(web_budget_take(b, "A", 700006.0, NULL) && !web_budget_take(b, "A", 700006.0, NULL) &&
           web_budget_clients(b) == 4,
       "a client in use is kept: A had one code left");
    ok(web_budget_take(b, "B", 700007.0, NULL) && web_budget_take(b, "B", 700007.0, NULL) &&
           web_budget_take(b, "B", 700007.0, NULL),
       "the least recently used was forgotten: B starts again with 3");
    web_budget_free(b);
    web_budget_free(NULL);
}

int
main(void)
{
    char dir[] = "/tmp/txng-test-web.XXXXXX";

    if (mkdtemp(dir) == NULL) {
        printf("1..0 # SKIP no temporary folder\n");
        return 0;
    }
    test_buf();
    test_tr();
    test_scans(dir);
    test_budget();
    test_pages();
    test_master();
    test_run_refusals();
    {
        char cmd[128];

        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0) {
            printf("# could not remove %s\n", dir);
        }
    }
    return tap_done();
}
