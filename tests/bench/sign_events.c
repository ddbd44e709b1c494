/*
 * sign_events.c - N distinct signed events, one per line, for the write
 * load of bench_serve.sh
 *
 *   sign_events KEYFILE N [TAG]
 *
 * KEYFILE is a txng key file without a passphrase. Event i is an
 * inspection of unit 000040 whose "txng:note" is "TAG-i", so every line is
 * a different event and the server appends each once (an event posted
 * again is held, not appended). Like `txng sign` run N times, in one
 * process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/canon.h"
#include "core/keys.h"
#include "core/record.h"

static char *
slurp(const char *path, size_t *len)
{
    FILE  *f = fopen(path, "rb");
    char  *p = NULL;
    long   n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (p = malloc((size_t) n + 1)) != NULL && fread(p, 1, (size_t) n, f) == (size_t) n) {
        p[n] = '\0';
        *len = (size_t) n;
    } else {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

int
main(int argc, char **argv)
{
    txng_signer *signer = NULL;
    txng_diag    diag   = TXNG_DIAG_INIT;
    const char  *tag    = argc > 3 ? argv[3] : "bench";
    char        *text, *end;
    size_t       len = 0;
    unsigned long n;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: sign_events KEYFILE N [TAG]\n");
        return 2;
    }
    errno = 0;
    n     = strtoul(argv[2], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[2]) {
        fprintf(stderr, "sign_events: %s: not a count\n", argv[2]);
        return 2;
    }
    if (sodium_init() < 0 || (text = slurp(argv[1], &len)) == NULL) {
        fprintf(stderr, "sign_events: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    if (txng_keyfile_read(&signer, text, len, NULL, &diag) != TXNG_OK) {
        fprintf(stderr, "sign_events: %s: %s\n", argv[1],
                diag.reason != NULL ? diag.reason : "not a key file without a passphrase");
        free(text);
        return 1;
    }
    free(text);
    for (unsigned long i = 0; i < n; i++) {
        char    note[64], *out = NULL;
        size_t  out_len = 0;
        json_t *ev, *signed_event = NULL;

        snprintf(note, sizeof note, "%s-%lu", tag, i);
        ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:s}", "type", "ObjectEvent", "action",
                       "OBSERVE", "bizStep", "inspecting", "eventTime",
                       "2024-12-02T10:00:00+07:00", "eventTimeZoneOffset", "+07:00", "epcList",
                       "https://id.gs1.org/01/08930000000033/21/000040", "txng:note", note);
        if (ev == NULL || txng_event_sign(&signed_event, ev, signer, &diag) != TXNG_OK ||
            txng_canon_encode(signed_event, &out, &out_len) != TXNG_OK) {
            fprintf(stderr, "sign_events: event %lu: %s\n", i,
                    diag.reason != NULL ? diag.reason : "cannot sign");
            return 1;
        }
        fwrite(out, 1, out_len, stdout);
        putchar('\n');
        free(out);
        json_decref(signed_event);
        json_decref(ev);
    }
    txng_signer_free(signer);
    return fflush(stdout) == 0 ? 0 : 1;
}
