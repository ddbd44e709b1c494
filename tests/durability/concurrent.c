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
 *
 * Then two retries at once: both processes append the same RETRY_EVENTS bare
 * events, signed by one key, with txng_log_append_once(), in chunks of
 * RETRY_CHUNK, one in order and the other from the last chunk back, then the
 * whole batch once more. Each event must land exactly once, and both must be
 * told the same record for every event.
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

#define RETRY_EVENTS 300
#define RETRY_CHUNK  30

static txng_signer *logkey, *writers[WRITERS];

/* Retry event @p i: the same in both writers. */
static json_t *
retry_event(int i)
{
    char when[40];

    snprintf(when, sizeof when, "2026-05-20T08:%02d:%02dZ", i / 60 % 60, i % 60);
    return json_pack("{s:s, s:i, s:s, s:s}", "type", "ObjectEvent", "retry", i, "eventTime", when,
                     "eventTimeZoneOffset", "+00:00");
}

/* Append the retry events once, as writer @p w; write the record of each to @p out_fd. */
static void
retry_child(const char *dir, int go_fd, int out_fd, int w)
{
    txng_log *log  = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    json_t   *evs[RETRY_EVENTS];
    uint64_t  at[RETRY_EVENTS], again[RETRY_EVENTS];
    txng_err  err;
    char      c;

    for (int i = 0; i < RETRY_EVENTS; i++)
        evs[i] = retry_event(i);
    if ((err = txng_log_open(&log, dir, WRITER_FLAGS)) != TXNG_OK || read(go_fd, &c, 1) != 1)
        _exit(1);
    for (int k = 0; k < RETRY_EVENTS / RETRY_CHUNK; k++) {
        int chunk = w == 0 ? k : RETRY_EVENTS / RETRY_CHUNK - 1 - k;

        err = txng_log_append_once(log, logkey, writers[0], evs + chunk * RETRY_CHUNK,
                                   RETRY_CHUNK, DUR_T0 + 120, NULL, at + chunk * RETRY_CHUNK,
                                   &diag);
        if (err != TXNG_OK) {
            dur_print_diag("retry", err, &diag);
            _exit(1);
        }
    }
    err = txng_log_append_once(log, logkey, writers[0], evs, RETRY_EVENTS, DUR_T0 + 121, NULL,
                               again, &diag);
    if (err != TXNG_OK || memcmp(at, again, sizeof at) != 0)
        _exit(1);
    if (write(out_fd, at, sizeof at) != (ssize_t) sizeof at)
        _exit(1);
    txng_log_close(log);
    for (int i = 0; i < RETRY_EVENTS; i++)
        json_decref(evs[i]);
    _exit(0);
}

/* Two retries of the same events at once, on the log in @p dir of @p size records. */
static void
test_retry(const char *dir, uint64_t size)
{
    int       go[2], out[WRITERS][2];
    pid_t     pids[WRITERS];
    uint64_t  at[WRITERS][RETRY_EVENTS], after = 0;
    bool      seen[RETRY_EVENTS] = { false }, good = true;
    txng_log *log = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_verify_result res;

    if (pipe(go) != 0)
        abort();
    fflush(NULL);
    for (int w = 0; w < WRITERS; w++) {
        if (pipe(out[w]) != 0 || (pids[w] = fork()) < 0)
            abort();
        if (pids[w] == 0) {
            close(go[1]);
            close(out[w][0]);
            retry_child(dir, go[0], out[w][1], w);
        }
        close(out[w][1]);
    }
    close(go[0]);
    if (write(go[1], "gg", WRITERS) != WRITERS)
        abort();
    close(go[1]);
    for (int w = 0; w < WRITERS; w++) {
        size_t  got = 0;
        ssize_t r;
        int     status = 0;

        while (got < sizeof at[w] &&
               ((r = read(out[w][0], (char *) at[w] + got, sizeof at[w] - got)) > 0 ||
                (r < 0 && errno == EINTR)))
            got += r > 0 ? (size_t) r : 0;
        close(out[w][0]);
        while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
            ;
        ok(WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == sizeof at[w],
           "retry: writer %d appended the %d events once, in chunks and whole", w, RETRY_EVENTS);
    }
    ok(memcmp(at[0], at[1], sizeof at[0]) == 0, "retry: both writers name the same records");
    if (txng_log_open(&log, dir, TXNG_LOG_RDONLY) != TXNG_OK || txng_log_size(log, &after) != TXNG_OK)
        abort();
    ok(after == size + RETRY_EVENTS, "retry: the log grew by %d records (%" PRIu64 ")",
       RETRY_EVENTS, after - size);
    for (int i = 0; i < RETRY_EVENTS && good; i++) {
        char        *bytes = NULL;
        size_t       len;
        txng_record *rec = NULL;
        json_int_t   n;

        good = at[0][i] >= size && at[0][i] < after &&
               txng_log_get(log, at[0][i], &bytes, &len) == TXNG_OK &&
               txng_record_decode(&rec, bytes, len, NULL) == TXNG_OK &&
               (n = json_integer_value(json_object_get(rec->event, "retry"))) == i && !seen[n];
        if (good)
            seen[i] = true;
        else
            printf("# retry event %d: record %" PRIu64 "\n", i, at[0][i]);
        txng_record_free(rec);
        free(bytes);
    }
    ok(good, "retry: every event is in the record named, exactly once");
    memset(&res, 0, sizeof res);
    ok(txng_log_verify(log, NULL, 0, NULL, NULL, &res, &diag) == TXNG_OK && res.size == after,
       "retry: the log verifies");
    txng_log_close(log);
}

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

    test_retry(dir, size);
    dur_rm_rf(dir);
    txng_signer_free(logkey);
    for (int w = 0; w < WRITERS; w++)
        txng_signer_free(writers[w]);
    return tap_done();
}
