/*
 * test_error.c - error strings and diagnostics
 */
#include <string.h>

#include "core/error.h"
#include "tests/tap.h"

int
main(void)
{
    txng_diag diag = TXNG_DIAG_INIT;
    char      longname[200];

    for (int e = TXNG_OK; e <= TXNG_ELAST; e++)
        ok(strcmp(txng_strerror((txng_err) e), "unknown error") != 0 &&
               txng_strerror((txng_err) e)[0] != '\0',
           "code %d has a message: %s", e, txng_strerror((txng_err) e));
    ok(strcmp(txng_strerror((txng_err) (TXNG_ELAST + 1)), "unknown error") == 0,
       "a code past the end is unknown");
    ok(strcmp(txng_strerror((txng_err) -1), "unknown error") == 0, "a negative code is unknown");
    ok(strcmp(txng_strerror(TXNG_ECHAIN), "hash chain is broken") == 0, "ECHAIN text");

    txng_diag_set(&diag, "a reason", "/event/type");
    ok(strcmp(diag.reason, "a reason") == 0 && strcmp(diag.field, "/event/type") == 0,
       "diag_set sets reason and field");
    txng_diag_set(&diag, "another", NULL);
    ok(strcmp(diag.reason, "another") == 0 && strcmp(diag.field, "/event/type") == 0,
       "a NULL field leaves the field alone");
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    txng_diag_set(&diag, "r", longname);
    ok(strlen(diag.field) == sizeof diag.field - 1, "a long field is truncated, terminated");
    txng_diag_value(&diag, "roots left", "%d", 118);
    ok(strcmp(diag.value_name, "roots left") == 0 && strcmp(diag.value, "118") == 0,
       "diag_value sets the value and its name");
    memset(longname, '7', sizeof longname - 1);
    txng_diag_value(&diag, "n", "%s", longname);
    ok(strlen(diag.value) == sizeof diag.value - 1, "a long value is truncated, terminated");
    txng_diag_set(&diag, "other reason", NULL);
    ok(diag.value_name == NULL, "a new reason drops the value given with the old one");
    txng_diag_set_once(&diag, "a later reason", "later");
    ok(strcmp(diag.reason, "other reason") == 0 && strcmp(diag.field, "later") != 0,
       "diag_set_once keeps the first reason and its field");
    diag = (txng_diag) TXNG_DIAG_INIT;
    txng_diag_set_once(&diag, "first", "f1");
    ok(strcmp(diag.reason, "first") == 0 && strcmp(diag.field, "f1") == 0,
       "diag_set_once sets an empty diag");
    txng_diag_set(NULL, "r", "f");
    txng_diag_set_once(NULL, "r", "f");
    txng_diag_value(NULL, "n", "%d", 1);
    ok(1, "a NULL diag is accepted");
    return tap_done();
}
