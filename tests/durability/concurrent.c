/*
 * concurrent.c - two processes appending to one log at once lose nothing
 *
 * Two child processes open their own handles on the same log and, released
 * together, each append PER_WRITER distinct events, one per transaction,
 * signed by their own enrolled key. LMDB serialises the writers. Afterwards
 * the log must hold exactly the 2 * PER_WRITER events beyond the setup
 * records, each writer's in its own order, verify, and have a checkpoint
 * for every size it went through, the newest one for the final size and
 * the verified root.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/note.h"
#include "core/record.h"
#include "tests/durability/util.h"
#include "tests/tap.h"

#define PER_WRITER 1000
#define WRITERS    2
/* Appends fsync each commit; set TXNG_LOG_NOSYNC here if the disk is too slow. */
#define WRITER_FLAGS 0u

static txng_signer *logkey, *writers[WRITERS];

static void
child(const char *dir, int go_fd, int w)
{
    txng_log *log  = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;
    char      c;

    if ((err = txng_log_open(&log, dir, WRITER_FLAGS)) != TXNG_OK) {
        fprintf(stderr, "writer %d: open: %s\n", w, txng_strerror(err));
        _exit(1);
    }
    if (read(go_fd, &c, 1) != 1)
        _exit(1);
    for (int i = 0; i < PER_WRITER; i++) {
        const txng_signer *const by[] = { writers[w] };
        json_t *ev = json_pack("{s:s, s:i, s:i, s:[s]}", "type", "ObjectEvent", "writer", w, "n", i,
                               "epcList", "urn:epc:id:sgtin:8931234.056789.1");

        err = dur_append(log, logkey, ev, by, 1, DUR_T0 + 60, NULL, &diag);
        json_decref(ev);
        if (err != TXNG_OK) {
            fprintf(stderr, "writer %d: append %d: %s: %s\n", w, i, txng_strerror(err),
                    diag.reason ? diag.reason : "");
            _exit(1);
        }
    }
    txng_log_close(log);
    _exit(0);
}

int
main(void)
{
    char               dir[4096];
    txng_log          *log  = NULL;
    txng_diag          diag = TXNG_DIAG_INIT;
    txng_verify_result res;
    txng_err           err;
    uint64_t           setup = 0, size = 0;
    int                go[2];
    pid_t              pids[WRITERS];
    int                next[WRITERS] = { 0 };
    bool               good = true, all_cps = true;
    unsigned           switches = 0, last_w = WRITERS;
    char              *note = NULL;
    size_t             note_len, text_len;
    txng_checkpoint    cp;

    logkey     = dur_signer(DUR_ORIGIN, 0x21);
    writers[0] = dur_signer("writer-0.test", 0x22);
    writers[1] = dur_signer("writer-1.test", 0x23);
    dur_tmpdir(dir, "concurrent");

    err = dur_create(&log, dir, logkey);
    for (int w = 0; w < WRITERS && err == TXNG_OK; w++) {
        const txng_signer *const by_log[] = { logkey };
        json_t                  *ev       = dur_enrol_event(writers[w], "farm");

        err = dur_append(log, logkey, ev, by_log, 1, DUR_T0, NULL, &diag);
        json_decref(ev);
    }
    if (err == TXNG_OK)
        err = txng_log_size(log, &setup);
    txng_log_close(log);
    log = NULL;
    if (!ok(err == TXNG_OK && setup == 1 + WRITERS, "set up the log and two writer keys (%s)",
            txng_strerror(err))) {
        dur_rm_rf(dir);
        return tap_done();
    }

    if (pipe(go) != 0)
        abort();
    fflush(NULL);
    for (int w = 0; w < WRITERS; w++) {
        if ((pids[w] = fork()) < 0)
            abort();
        if (pids[w] == 0) {
            close(go[1]);
            child(dir, go[0], w);
        }
    }
    close(go[0]);
    if (write(go[1], "gg", WRITERS) != WRITERS) /* release both at once */
        abort();
    close(go[1]);
    for (int w = 0; w < WRITERS; w++) {
        int status = 0;

        while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
            ;
        ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d appended %d events", w,
           PER_WRITER);
    }

    err = txng_log_open(&log, dir, TXNG_LOG_RDONLY);
    if (!ok(err == TXNG_OK, "open the log (%s)", txng_strerror(err))) {
        dur_rm_rf(dir);
        return tap_done();
    }
    err = txng_log_size(log, &size);
    ok(err == TXNG_OK && size == setup + WRITERS * PER_WRITER,
       "the log holds %" PRIu64 " records (want %d)", size, (int) setup + WRITERS * PER_WRITER);

    for (uint64_t i = setup; i < size && good; i++) {
        char        *bytes = NULL;
        size_t       len;
        txng_record *rec = NULL;
        json_t      *jw, *jn;

        good = txng_log_get(log, i, &bytes, &len) == TXNG_OK &&
               txng_record_decode(&rec, bytes, len, &diag) == TXNG_OK &&
               json_is_integer(jw = json_object_get(rec->event, "writer")) &&
               json_is_integer(jn = json_object_get(rec->event, "n"));
        if (good) {
            json_int_t w = json_integer_value(jw);

            /* Each writer's events are all there, once, in the order it sent them. */
            good = w >= 0 && w < WRITERS && json_integer_value(jn) == next[w];
            if (good) {
                next[w]++;
                switches += last_w != WRITERS && last_w != (unsigned) w;
                last_w = (unsigned) w;
            } else {
                printf("# record %" PRIu64 ": writer %" JSON_INTEGER_FORMAT
                       " n %" JSON_INTEGER_FORMAT "\n",
                       i, w, json_integer_value(jn));
            }
        }
        txng_record_free(rec);
        free(bytes);
    }
    ok(good && next[0] == PER_WRITER && next[1] == PER_WRITER,
       "every event of both writers is there once, each writer's in order");
    printf("# the writers took turns %u times\n", switches);

    memset(&res, 0, sizeof res);
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_log_verify(log, NULL, 0, NULL, NULL, &res, &diag);
    if (err != TXNG_OK)
        dur_print_diag("verify", err, &diag);
    ok(err == TXNG_OK && res.size == size, "the log verifies (%" PRIu64 " records)", res.size);
    ok(res.keys == 1 + WRITERS, "with %d keys (%" PRIu64 ")", 1 + WRITERS, res.keys);

    for (uint64_t s = 1; s <= size && all_cps; s++) {
        char  *n = NULL;
        size_t l;

        all_cps = txng_log_checkpoint(log, s, &n, &l) == TXNG_OK;
        if (!all_cps)
            printf("# no checkpoint for size %" PRIu64 "\n", s);
        free(n);
    }
    ok(all_cps, "a checkpoint is stored for every size 1..%" PRIu64, size);

    err = txng_log_checkpoint(log, 0, &note, &note_len);
    memset(&cp, 0, sizeof cp);
    diag = (txng_diag) TXNG_DIAG_INIT;
    if (err == TXNG_OK)
        err = txng_note_verify(note, note_len, txng_signer_pubkey(logkey), 1, &text_len, &diag);
    if (err == TXNG_OK)
        err = txng_checkpoint_parse(&cp, note, text_len, &diag);
    ok(err == TXNG_OK && cp.size == size && memcmp(cp.root, res.root, sizeof cp.root) == 0,
       "the newest checkpoint is signed by the log key, for size %" PRIu64 " and the verified root",
       cp.size);
    free(note);
    txng_log_close(log);

    dur_rm_rf(dir);
    txng_signer_free(logkey);
    for (int w = 0; w < WRITERS; w++)
        txng_signer_free(writers[w]);
    return tap_done();
}
