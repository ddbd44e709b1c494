/*
 * crash.c - a writer killed at any moment loses nothing it was told was saved
 *
 * A child process opens the log and appends one event per transaction, each
 * carrying a counter "n"; after every append that returned TXNG_OK it writes
 * (counter, index) to a pipe. The parent kills it with SIGKILL after a random
 * delay of 1..50 ms, 50 times on the same log, and after each kill opens the
 * log and checks: it verifies; every acknowledged counter is at the index
 * the child was told; the records the round added hold exactly the counters
 * 0..k of that round in order, where k is the last acknowledged one or the
 * one after it (committed, then killed before the acknowledgement).
 *
 * Then the parent runs again the append the kill may have cut (the event after
 * the last acknowledged one, signed the same way) with txng_log_append_once():
 * the event is then in the log exactly once, appended now or found where the
 * killed child committed it.
 *
 * In even rounds the delay starts once the child has opened the log, so the
 * kill lands among the appends; in odd rounds it starts at the fork, so some
 * kills land while the log is being opened. Seed: argv[1], else the clock
 * (printed, so a failure can be replayed).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/record.h"
#include "tests/durability/util.h"
#include "tests/tap.h"

#define ROUNDS      50
#define ROUND_SPAN  1000000u /* counters of round r are r * ROUND_SPAN + i */
#define READY       UINT64_MAX
#define CHILD_ERROR (UINT64_MAX - 1)

struct ack {
    uint64_t counter, index;
};

static txng_signer *logkey, *actor;

static void
send_pair(int fd, uint64_t a, uint64_t b)
{
    uint64_t msg[2] = { a, b };

    /* 16 bytes <= PIPE_BUF: the write is atomic, never cut by the kill. */
    if (write(fd, msg, sizeof msg) != (ssize_t) sizeof msg)
        _exit(2);
}

/* The event of counter @p n. */
static json_t *
counter_event(uint64_t n)
{
    return json_pack("{s:s, s:I, s:s}", "type", "ObjectEvent", "n", (json_int_t) n, "bizStep",
                     "urn:epcglobal:cbv:bizstep:commissioning");
}

static void
child(const char *dir, int fd, unsigned round)
{
    txng_log *log  = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;

    if ((err = txng_log_open(&log, dir, 0)) != TXNG_OK) {
        send_pair(fd, CHILD_ERROR, err);
        _exit(1);
    }
    send_pair(fd, READY, 0);
    for (uint64_t i = 0; i < ROUND_SPAN; i++) {
        const txng_signer *const by[] = { actor };
        uint64_t                 n    = (uint64_t) round * ROUND_SPAN + i;
        json_t  *ev    = counter_event(n);
        uint64_t index = 0;

        err = dur_append(log, logkey, ev, by, 1, DUR_T0 + (int64_t) n, &index, &diag);
        json_decref(ev);
        if (err != TXNG_OK) {
            send_pair(fd, CHILD_ERROR, err);
            _exit(1);
        }
        send_pair(fd, n, index);
    }
    _exit(0);
}

static uint64_t
record_n(txng_log *log, uint64_t index, bool *good)
{
    char        *bytes = NULL;
    size_t       len;
    txng_record *rec  = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    json_t      *n;
    uint64_t     v = UINT64_MAX;

    *good = false;
    if (txng_log_get(log, index, &bytes, &len) == TXNG_OK &&
        txng_record_decode(&rec, bytes, len, &diag) == TXNG_OK && rec->index == index &&
        json_is_integer(n = json_object_get(rec->event, "n"))) {
        v     = (uint64_t) json_integer_value(n);
        *good = true;
    }
    txng_record_free(rec);
    free(bytes);
    return v;
}

static void
sleep_ms(unsigned ms)
{
    struct timespec ts = { 0, (long) ms * 1000000L };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int
main(int argc, char **argv)
{
    char        dir[4096];
    unsigned    seed = argc > 1 ? (unsigned) strtoul(argv[1], NULL, 10)
                                : (unsigned) time(NULL) ^ (unsigned) getpid();
    txng_log   *log  = NULL;
    txng_diag   diag = TXNG_DIAG_INIT;
    txng_err    err;
    uint64_t    size  = 0, idx;
    struct ack *acks  = NULL;
    size_t      nacks = 0, cap = 0;
    unsigned    total_kills_mid = 0;
    json_t     *ev;

    printf("# seed %u (replay: crash %u)\n", seed, seed);
    srand(seed);
    logkey = dur_signer(DUR_ORIGIN, 0x11);
    actor  = dur_signer("sensor-1.test", 0x12);
    dur_tmpdir(dir, "crash");

    err = dur_create(&log, dir, logkey);
    ok(err == TXNG_OK, "create the log (%s)", txng_strerror(err));
    if (err == TXNG_OK) {
        const txng_signer *const by_log[] = { logkey };

        ev  = dur_enrol_event(actor, "sensor");
        err = dur_append(log, logkey, ev, by_log, 1, DUR_T0, &idx, &diag);
        json_decref(ev);
    }
    ok(err == TXNG_OK, "enrol the writer's key (%s)", txng_strerror(err));
    if (err == TXNG_OK)
        err = txng_log_size(log, &size);
    txng_log_close(log);
    log = NULL;
    if (err != TXNG_OK) {
        dur_rm_rf(dir);
        return tap_done();
    }

    for (unsigned round = 0; round < ROUNDS; round++) {
        int      fds[2], status = 0;
        pid_t    pid;
        unsigned delay = 1 + (unsigned) rand() % 50;
        uint64_t buf[2], last_ack = 0, child_err = 0, new_size = 0;
        size_t   round_acks = 0;
        bool     ready = false, good = true, any = false, in_flight;
        ssize_t  n;

        if (pipe(fds) != 0) {
            ok(0, "pipe: %s", strerror(errno));
            break;
        }
        fflush(NULL);
        if ((pid = fork()) < 0) {
            ok(0, "fork: %s", strerror(errno));
            break;
        }
        if (pid == 0) {
            close(fds[0]);
            child(dir, fds[1], round);
        }
        close(fds[1]);

        if (round % 2 == 0) {
            n     = read(fds[0], buf, sizeof buf);
            ready = n == (ssize_t) sizeof buf && buf[0] == READY;
            if (n == (ssize_t) sizeof buf && buf[0] == CHILD_ERROR)
                child_err = buf[1];
        }
        sleep_ms(delay);
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        /* The pipe holds every acknowledgement written before the kill. */
        while ((n = read(fds[0], buf, sizeof buf)) == (ssize_t) sizeof buf) {
            if (buf[0] == READY) {
                ready = true;
            } else if (buf[0] == CHILD_ERROR) {
                child_err = buf[1];
            } else {
                if (nacks == cap) {
                    cap  = cap ? 2 * cap : 256;
                    acks = realloc(acks, cap * sizeof *acks);
                    if (acks == NULL)
                        abort();
                }
                acks[nacks++] = (struct ack){ buf[0], buf[1] };
                last_ack      = buf[0];
                round_acks++;
            }
        }
        close(fds[0]);
        if (child_err != 0)
            printf("# round %u: the child failed: %s\n", round,
                   txng_strerror((txng_err) child_err));
        ok(child_err == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "round %u: killed after %u ms, %zu appends acknowledged%s", round, delay, round_acks,
           ready ? "" : " (during open)");
        if (round_acks > 0)
            total_kills_mid++;

        err = txng_log_open(&log, dir, TXNG_LOG_RDONLY);
        if (!ok(err == TXNG_OK, "round %u: the log opens (%s)", round, txng_strerror(err)))
            break;
        {
            txng_verify_result res;

            diag = (txng_diag) TXNG_DIAG_INIT;
            err  = txng_log_verify(log, NULL, 2, NULL, NULL, &res, &diag);
            if (err != TXNG_OK)
                dur_print_diag("verify", err, &diag);
            ok(err == TXNG_OK, "round %u: the log verifies", round);
        }

        /* Every acknowledgement so far is where the child was told. */
        for (size_t i = 0; i < nacks && good; i++) {
            bool     found;
            uint64_t v = record_n(log, acks[i].index, &found);

            if (!found || v != acks[i].counter) {
                printf("# counter %" PRIu64 " not at %" PRIu64 "\n", acks[i].counter,
                       acks[i].index);
                good = false;
            }
        }
        ok(good, "round %u: all %zu acknowledged counters are at their index", round, nacks);

        /* What this round added: 0..k of its counters, in order, k >= last ack. */
        err  = txng_log_size(log, &new_size);
        good = err == TXNG_OK && new_size >= size + round_acks && new_size <= size + round_acks + 1;
        for (uint64_t i = size; i < new_size && good; i++) {
            bool     found;
            uint64_t v = record_n(log, i, &found);

            good = found && v == (uint64_t) round * ROUND_SPAN + (i - size);
            any  = true;
        }
        if (good && round_acks > 0)
            good = any && last_ack == (uint64_t) round * ROUND_SPAN + round_acks - 1;
        ok(good, "round %u: the log grew by %" PRIu64 " records, exactly the acknowledged ones%s",
           round, new_size - size, new_size > size + round_acks ? " and the one in flight" : "");
        in_flight = new_size > size + round_acks;
        size      = new_size;
        txng_log_close(log);
        log = NULL;

        /* The append the kill may have cut, run again: its event is in the log once. */
        {
            const txng_signer *const by[] = { actor };
            uint64_t c = (uint64_t) round * ROUND_SPAN + round_acks, first = 0, at = 0, after = 0;
            json_t  *se = NULL;
            bool     found = false;

            ev   = counter_event(c);
            se   = dur_sign(ev, by, 1);
            diag = (txng_diag) TXNG_DIAG_INIT;
            err  = txng_log_open(&log, dir, 0);
            if (err == TXNG_OK)
                err = txng_log_append_once(log, logkey, NULL, &se, 1, DUR_T0 + (int64_t) c, &first,
                                           &at, &diag);
            if (err == TXNG_OK)
                err = txng_log_size(log, &after);
            if (err != TXNG_OK)
                dur_print_diag("retry", err, &diag);
            ok(err == TXNG_OK &&
                   (in_flight ? at == size - 1 && after == size : at == size && after == size + 1) &&
                   record_n(log, at, &found) == c && found,
               "round %u: the append run again: counter %" PRIu64 " %s, once", round, c,
               in_flight ? "was in the log already" : "appended now");
            size = after;
            json_decref(ev);
            json_decref(se);
            txng_log_close(log);
            log = NULL;
        }
    }
    printf("# %u of %u kills landed after at least one append; %zu appends acknowledged\n",
           total_kills_mid, ROUNDS, nacks);
    if (total_kills_mid == 0)
        printf("# no kill landed after an append: appends are slower than 50 ms here\n");

    free(acks);
    dur_rm_rf(dir);
    txng_signer_free(logkey);
    txng_signer_free(actor);
    return tap_done();
}
