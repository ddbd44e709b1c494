/*
 * fuzz_kde.c - the stateless rules and the index of an event from untrusted bytes
 *
 * What `txng append` and `POST /api/v1/events` run on an event from outside
 * before the log is consulted: txng_event_rules_check(); and what the log
 * files for an event it appends: txng_index_extract() and
 * txng_index_sig_time(). Invariants, each with abort():
 * - the rules answer TXNG_OK, or TXNG_EFORMAT with a reason, or TXNG_ENOMEM;
 * - the index never refuses an event (TXNG_OK or TXNG_ENOMEM); its entries
 *   have 1 or more bytes, a role txng_index_role_name() knows and a side
 *   of 0-2, come sorted by role then bytes without duplicates, and a stamp
 *   entry is 0x04 then one serial; at most TXNG_EVENT_SERIALS_MAX stamps;
 * - listing the same event twice gives the same entries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/canon.h"
#include "core/event.h"
#include "core/index.h"
#include "tests/fuzz/fuzz.h"

/* Whether entry @p a comes strictly before @p b: role, then bytes, then length. */
static int
before(const txng_index_entry *a, const txng_index_entry *b)
{
    size_t n = a->id_len < b->id_len ? a->id_len : b->id_len;
    int    c;

    if (a->role != b->role)
        return a->role < b->role;
    c = memcmp(a->id, b->id, n);
    return c != 0 ? c < 0 : a->id_len < b->id_len;
}

static void
check_list(const txng_index_list *l)
{
    size_t stamps = 0;

    for (size_t i = 0; i < l->n; i++) {
        const txng_index_entry *e = &l->v[i];

        if (e->id == NULL || e->id_len == 0 || e->side > TXNG_SIDE_OUT ||
            strcmp(txng_index_role_name(e->role), "unknown") == 0 ||
            (i > 0 && !before(&l->v[i - 1], e)))
            abort();
        if (e->role == TXNG_ROLE_STAMP) {
            char   serial[TXNG_GS1_VALUE_MAX + 1], first[TXNG_GS1_VALUE_MAX + 1];
            char   last[TXNG_GS1_VALUE_MAX + 1];
            size_t count = 0;

            if (e->id[0] != TXNG_INDEX_STAMP_TAG || e->id_len < 2 ||
                e->id_len - 1 > TXNG_GS1_VALUE_MAX)
                abort();
            memcpy(serial, e->id + 1, e->id_len - 1);
            serial[e->id_len - 1] = '\0';
            if (memchr(serial, '\0', e->id_len - 1) != NULL ||
                txng_serials_parse(serial, first, last, &count, NULL) != TXNG_OK || count != 1)
                abort();
            stamps++;
        }
    }
    if (stamps > TXNG_EVENT_SERIALS_MAX)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t         *ev = NULL;
    txng_diag       d  = TXNG_DIAG_INIT;
    txng_index_list a = { 0 }, b = { 0 };
    txng_err        err;

    if (txng_canon_parse(&ev, data, size, 0, NULL) != TXNG_OK)
        return 0;
    err = txng_event_rules_check(ev, &d);
    if (err != TXNG_OK && err != TXNG_ENOMEM && (err != TXNG_EFORMAT || d.reason == NULL))
        abort();
    (void) txng_index_sig_time(ev);
    err = txng_index_extract(&a, ev);
    if (err != TXNG_OK && err != TXNG_ENOMEM)
        abort();
    if (err == TXNG_OK) {
        check_list(&a);
        err = txng_index_extract(&b, ev);
        if (err != TXNG_OK && err != TXNG_ENOMEM)
            abort();
        if (err == TXNG_OK) {
            if (a.n != b.n)
                abort();
            for (size_t i = 0; i < a.n; i++)
                if (a.v[i].role != b.v[i].role || a.v[i].side != b.v[i].side ||
                    a.v[i].id_len != b.v[i].id_len ||
                    memcmp(a.v[i].id, b.v[i].id, a.v[i].id_len) != 0)
                    abort();
        }
    }
    txng_index_list_free(&a);
    txng_index_list_free(&b);
    json_decref(ev);
    return 0;
}
