/*
 * test_writelock.c - the log's writer lock: exclusion, re-entry, release, and races of
 * processes that check the log and then append
 *
 * Whether the lock is held is asked of the kernel directly: a flock(2) with
 * LOCK_NB on a new descriptor of data.mdb fails with EWOULDBLOCK while any
 * handle, in this process or another, holds it. The races fork children that
 * open handles of their own and are released together through a pipe: NCLAIM
 * children claim one unit with its right code, or two pack one serial range,
 * ROUNDS times over. Exactly one may succeed each round; the others must see
 * its record. Nothing here waits for a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "core/claim.h"
#include "core/event.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/record.h"
#include "core/rules.h"
#include "tests/tap.h"
#include "tests/unit/fixture.h"

#define ORIGIN  "example.org/writelock-test"
#define T0      1700000000
#define GTIN    "08930000000033"
#define UNIT(s) "https://id.gs1.org/01/" GTIN "/21/" s
#define WHEN    "2025-10-02T19:00:00+07:00"
#define ROUNDS  20
#define NCLAIM  4
#define NPACK   2

/* Exit statuses of a racing child besides a claim outcome (0..6). */
#define CHILD_REFUSED 20 /* the rules refused the pack: the serials exist already */
#define CHILD_ERROR   30

static char         tmp_root[4096], log_dir[4200], moved_dir[4200];
static txng_signer *g_logkey, *g_packer;
static char         g_codes[ROUNDS][TXNG_CLAIM_CODE_LEN + 1];

static json_t *
ev(const char *step, const char *spec)
{
    txng_kde_value v[16];
    char          *copy = strdup(spec), *save = NULL, *tok;
    size_t         n    = 0;
    json_t        *out  = NULL;
    txng_diag      d    = TXNG_DIAG_INIT;

    for (tok = strtok_r(copy, "|", &save); tok != NULL && n < 16;
         tok = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(tok, '=');

        *eq          = '\0';
        v[n].option  = tok;
        v[n++].value = eq + 1;
    }
    if (txng_event_build(&out, txng_step_find(step), ORIGIN, v, n, &d) != TXNG_OK) {
        fprintf(stderr, "cannot build %s %s: %s (%s)\n", step, spec, d.reason, d.field);
        abort();
    }
    free(copy);
    return out;
}

static void
unit_of(char *out, size_t cap, int i)
{
    snprintf(out, cap, UNIT("%06d"), i + 1);
}

/* A log with a packer, lot L1 received, units 000001..ROUNDS packed with claim codes. */
static void
setup(void)
{
    txng_log   *log = NULL;
    char        vkey[TXNG_VKEY_MAX], *kf = NULL, ids[ROUNDS][TXNG_GS1_URI_MAX];
    const char *idp[ROUNDS], *codep[ROUNDS];
    size_t      kf_len;
    json_t     *en, *se = NULL, *e;
    char        spec[200];

    snprintf(tmp_root, sizeof tmp_root, "%s/test_writelock.XXXXXX",
             getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmp_root) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(log_dir, sizeof log_dir, "%s/log", tmp_root);
    snprintf(moved_dir, sizeof moved_dir, "%s/moved", tmp_root);
    g_logkey = signer(ORIGIN, 1);
    g_packer = signer("packer", 2);
    if (txng_keyfile_write(g_logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, log_dir, ORIGIN, g_logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    txng_pubkey_format(txng_signer_pubkey(g_packer), vkey);
    en = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", "packer");
    if (txng_event_sign(&se, en, g_logkey, NULL) != TXNG_OK ||
        txng_log_append(log, g_logkey, &se, 1, T0, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(en);
    json_decref(se);
    e = ev("receive", "lot=L1|from=coop|place=kho|time=2025-09-21T09:00+07:00");
    snprintf(spec, sizeof spec,
             "lot=L1|gtin=" GTIN "|serials=000001-%06d|time=2025-09-26T14:00+07:00", ROUNDS);
    if (txng_log_append_as(log, g_logkey, g_packer, &e, 1, T0 + 10, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(e);
    e = ev("pack", spec);
    if (txng_log_append_as(log, g_logkey, g_packer, &e, 1, T0 + 20, NULL, NULL) != TXNG_OK)
        abort();
    json_decref(e);
    for (int i = 0; i < ROUNDS; i++) {
        unit_of(ids[i], sizeof ids[i], i);
        if (txng_claim_code_new(g_codes[i]) != TXNG_OK)
            abort();
        idp[i]   = ids[i];
        codep[i] = g_codes[i];
    }
    if (txng_claim_register(log, g_logkey, g_packer, idp, codep, ROUNDS, WHEN, T0 + 30, NULL,
                            NULL) != TXNG_OK)
        abort();
    txng_log_close(log);
}

static void
rm_log(const char *dir)
{
    static const char *const files[] = { "data.mdb", "lock.mdb", TXNG_LOG_KEY_FILE };
    char                     p[4300];

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* ---- is the lock held? -------------------------------------------------------------------- */

/* 1 if the writer lock is free (a new description can take it without waiting), 0 if some
 * handle holds it, -1 on an unexpected error. Leaves it as it found it. */
static int
lock_free(void)
{
    char p[4300];
    int  fd, rc;

    snprintf(p, sizeof p, "%s/%s", log_dir, TXNG_LOG_LOCK_FILE);
    if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    rc = flock(fd, LOCK_EX | LOCK_NB);
    if (rc != 0)
        rc = errno == EWOULDBLOCK ? 0 : -1;
    else
        rc = 1;
    close(fd); /* releases what it took */
    return rc;
}

/* lock_free() asked from a new process, which holds no handle at all. */
static int
lock_free_elsewhere(void)
{
    pid_t pid = fork();
    int   st;

    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(lock_free() + 1);
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st) - 1;
}

static void *
unlock_thread(void *arg)
{
    txng_log_unlock(arg);
    return NULL;
}

static void
test_lock(void)
{
    txng_log  *log = NULL, *ro = NULL, *other = NULL;
    txng_diag  d   = TXNG_DIAG_INIT;
    uint64_t   size = 0, size2 = 0;
    pthread_t  th;
    pid_t      pid;
    int        st = -1;
    json_t    *e;
    char       line[200];
    txng_err   err;

    if (txng_log_open(&log, log_dir, 0) != TXNG_OK ||
        txng_log_open(&ro, log_dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    ok(txng_log_lock(NULL, NULL) == TXNG_EINVAL, "lock: NULL log");
    txng_log_unlock(NULL);
    ok(lock_free() == 1, "lock: free at first");

    ok(txng_log_lock(log, &d) == TXNG_OK, "lock: taken");
    ok(lock_free() == 0, "lock: another description in this process cannot take it");
    ok(lock_free_elsewhere() == 0, "lock: another process cannot take it");
    ok(txng_log_lock(log, &d) == TXNG_OK, "lock: taken again by its holder (re-entrant)");
    txng_log_unlock(log);
    ok(lock_free_elsewhere() == 0, "lock: still held after one of two releases");
    ok(pthread_create(&th, NULL, unlock_thread, log) == 0 && pthread_join(th, NULL) == 0 &&
           lock_free_elsewhere() == 0,
       "lock: a release from a thread that does not hold it releases nothing");
    ok(txng_log_size(ro, &size) == TXNG_OK && size > 0,
       "lock: a read-only handle reads while a writer holds the lock");
    e = ev("receive", "lot=L9|from=coop|place=kho|time=2025-09-21T09:00+07:00");
    ok(txng_log_append_as(log, g_logkey, g_packer, &e, 1, T0 + 40, NULL, NULL) == TXNG_OK &&
           lock_free_elsewhere() == 0,
       "lock: an append by the holder takes it again and leaves it held");
    json_decref(e);
    txng_log_unlock(log);
    ok(lock_free_elsewhere() == 1, "lock: free after the last release");
    txng_log_unlock(log);
    ok(lock_free() == 1 && txng_log_lock(log, NULL) == TXNG_OK && lock_free() == 0,
       "lock: an unbalanced release is ignored; the lock is taken again");
    txng_log_unlock(log);

    /* Read-only handles take nothing, held or not. */
    ok(txng_log_lock(ro, &d) == TXNG_OK && lock_free() == 1,
       "lock: a read-only handle takes nothing");
    txng_log_unlock(ro);

    /* The kernel releases the lock of a process that ends holding it. */
    pid = fork();
    if (pid == 0) {
        txng_log *mine = NULL;

        if (txng_log_open(&mine, log_dir, 0) != TXNG_OK || txng_log_lock(mine, NULL) != TXNG_OK)
            _exit(1);
        _exit(lock_free() == 0 ? 0 : 2); /* held, and never released */
    }
    ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
       "lock: a child took it and ended without releasing it");
    ok(lock_free() == 1, "lock: released by the kernel when its holder ended");

    /* What was appended before the lock was taken is seen under it. */
    ok(txng_log_size(log, &size) == TXNG_OK, "lock: size read before");
    pid = fork();
    if (pid == 0) {
        txng_log *mine = NULL;
        json_t   *one  = ev("receive", "lot=L8|from=coop|place=kho|time=2025-09-21T09:00+07:00");

        if (txng_log_open(&mine, log_dir, 0) != TXNG_OK ||
            txng_log_append_as(mine, g_logkey, g_packer, &one, 1, T0 + 50, NULL, NULL) != TXNG_OK)
            _exit(1);
        json_decref(one);
        txng_log_close(mine);
        _exit(0);
    }
    ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
       "lock: another process appended one record");
    err = txng_log_lock(log, NULL);
    if (err == TXNG_OK)
        err = txng_log_size(log, &size2);
    ok(err == TXNG_OK && size2 == size + 1,
       "lock: under the lock the handle sees that record (%llu -> %llu)",
       (unsigned long long) size, (unsigned long long) size2);
    txng_log_unlock(log);

    /* A handle whose data.mdb cannot be opened again (its folder moved away): TXNG_ESYS. */
    if (rename(log_dir, moved_dir) != 0)
        abort();
    d     = (txng_diag) TXNG_DIAG_INIT;
    errno = 0;
    ok(txng_log_lock(log, &d) == TXNG_ESYS && errno == ENOENT &&
           strcmp(d.field, TXNG_LOG_LOCK_FILE) == 0 && d.reason != NULL &&
           strcmp(d.reason, "the log's writer lock cannot be taken") == 0,
       "lock: data.mdb gone: TXNG_ESYS, errno ENOENT, diag names the file");
    txng_log_unlock(log);
    e = ev("receive", "lot=L7|from=coop|place=kho|time=2025-09-21T09:00+07:00");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_log_append_as(log, g_logkey, g_packer, &e, 1, T0 + 60, NULL, &d) == TXNG_ESYS &&
           errno == ENOENT && strcmp(d.field, TXNG_LOG_LOCK_FILE) == 0,
       "append: the lock cannot be taken: TXNG_ESYS, nothing appended");
    json_decref(e);
    snprintf(line, sizeof line, "\xe2\x80\x94 witness.example AAAA\n");
    ok(txng_log_add_cosignature(log, 1, line, strlen(line)) == TXNG_ESYS && errno == ENOENT,
       "cosignature: the lock cannot be taken: TXNG_ESYS");
    d = (txng_diag) TXNG_DIAG_INIT;
    ok(txng_claim_check_and_record(log, g_logkey, g_logkey, UNIT("000001"), g_codes[0], WHEN,
                                   T0 + 60, &(txng_claim_outcome){ 0 }, NULL, NULL,
                                   &d) == TXNG_ESYS &&
           strcmp(d.field, TXNG_LOG_LOCK_FILE) == 0,
       "claim: the lock cannot be taken: TXNG_ESYS before anything is decided");
    if (rename(moved_dir, log_dir) != 0)
        abort();
    ok(txng_log_size(log, &size) == TXNG_OK && size == size2, "lock: the log is unchanged");
    ok(lock_free() == 1, "lock: nothing is left held by the failures");

    /* Two handles in one process exclude each other. */
    if (txng_log_open(&other, log_dir, 0) != TXNG_OK)
        abort();
    ok(txng_log_lock(other, NULL) == TXNG_OK && lock_free() == 0,
       "lock: a second handle in this process takes it");
    txng_log_close(other); /* closed while held: the lock goes with it */
    ok(lock_free() == 1, "lock: closing a handle that holds it releases it");
    txng_log_close(ro);
    txng_log_close(log);
}

/* ---- races -------------------------------------------------------------------------------- */

/* Wait for the parent's word: it closes the write end of @p go. */
static void
wait_go(int ready, int go)
{
    char c = 'r';

    if (write(ready, &c, 1) != 1)
        _exit(CHILD_ERROR);
    while (read(go, &c, 1) < 0 && errno == EINTR)
        continue;
}

static void
claim_child(int round, int ready, int go)
{
    txng_log          *log = NULL;
    txng_claim_outcome o   = TXNG_CLAIM_UNKNOWN;
    txng_diag          d   = TXNG_DIAG_INIT;
    char               unit[TXNG_GS1_URI_MAX];
    txng_err           err;

    unit_of(unit, sizeof unit, round);
    if (txng_log_open(&log, log_dir, 0) != TXNG_OK)
        _exit(CHILD_ERROR);
    wait_go(ready, go);
    err = txng_claim_check_and_record(log, g_logkey, g_logkey, unit, g_codes[round], WHEN,
                                      T0 + 100 + round, &o, NULL, NULL, &d);
    if (err != TXNG_OK)
        fprintf(stderr, "# claim child: %s: %s\n", txng_strerror(err),
                d.reason ? d.reason : "");
    txng_log_close(log);
    _exit(err == TXNG_OK ? (int) o : CHILD_ERROR + (int) err);
}

/* What `txng record pack` does: check; then, under the lock, check again if the log grew
 * meanwhile, and append. */
static void
pack_child(int round, int ready, int go)
{
    txng_log *log = NULL;
    txng_diag d   = TXNG_DIAG_INIT;
    uint64_t  checked, size;
    json_t   *e;
    char      spec[200];
    txng_err  err;

    snprintf(spec, sizeof spec,
             "lot=L1|gtin=" GTIN "|serials=%06d-%06d|time=2025-09-27T14:00+07:00",
             1000 + 10 * round, 1004 + 10 * round);
    e = ev("pack", spec);
    if (txng_log_open(&log, log_dir, 0) != TXNG_OK)
        _exit(CHILD_ERROR);
    wait_go(ready, go);
    if (txng_log_size(log, &checked) != TXNG_OK)
        checked = UINT64_MAX;
    err = txng_rules_check_state(log, (const json_t *const *) &e, 1, &d);
    if (err == TXNG_OK && (err = txng_log_lock(log, &d)) == TXNG_OK) {
        if (txng_log_size(log, &size) != TXNG_OK || size != checked)
            err = txng_rules_check_state(log, (const json_t *const *) &e, 1, &d);
        if (err == TXNG_OK)
            err = txng_log_append_as(log, g_logkey, g_packer, &e, 1, T0 + 200, NULL, &d);
        txng_log_unlock(log);
    }
    json_decref(e);
    txng_log_close(log);
    if (err == TXNG_EFORMAT && d.reason != NULL &&
        strcmp(d.reason, "already created: a code is created once, give a new one") == 0)
        _exit(CHILD_REFUSED);
    if (err != TXNG_OK)
        fprintf(stderr, "# pack child: %s: %s\n", txng_strerror(err), d.reason ? d.reason : "");
    _exit(err == TXNG_OK ? 0 : CHILD_ERROR + (int) err);
}

/* Run @p n children of @p fn for @p round, released together; their exit statuses in @p st. */
static bool
race(void (*fn)(int, int, int), int round, int n, int *st)
{
    int   ready[2], go[2];
    pid_t pids[8];
    char  c;
    bool  good = true;

    if (pipe(ready) != 0 || pipe(go) != 0)
        return false;
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(ready[0]);
            close(go[1]);
            fn(round, ready[1], go[0]);
        }
        if (pids[i] < 0)
            abort();
    }
    close(ready[1]);
    close(go[0]);
    for (int i = 0; i < n; i++)
        if (read(ready[0], &c, 1) != 1)
            good = false;
    close(go[1]); /* go */
    close(ready[0]);
    for (int i = 0; i < n; i++) {
        int s = 0;

        if (waitpid(pids[i], &s, 0) != pids[i] || !WIFEXITED(s))
            good = false;
        st[i] = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
    }
    return good;
}

static void
test_claim_race(void)
{
    txng_log          *log = NULL;
    txng_verify_result vr;
    txng_diag          d          = TXNG_DIAG_INIT;
    int                rounds_one = 0, bad = 0;
    bool               states     = true;

    for (int r = 0; r < ROUNDS; r++) {
        int st[NCLAIM], claimed = 0, already = 0;

        if (!race(claim_child, r, NCLAIM, st))
            bad++;
        for (int i = 0; i < NCLAIM; i++) {
            claimed += st[i] == TXNG_CLAIM_CLAIMED;
            already += st[i] == TXNG_CLAIM_ALREADY;
        }
        if (claimed == 1 && already == NCLAIM - 1)
            rounds_one++;
        else
            printf("# claim round %d: claimed %d, already %d of %d\n", r, claimed, already,
                   NCLAIM);
    }
    ok(bad == 0, "claim race: every child ran to its end");
    ok(rounds_one == ROUNDS,
       "claim race: each of %d units claimed by exactly one of %d children, the others told "
       "\"already claimed\" (%d rounds right)",
       ROUNDS, NCLAIM, rounds_one);
    if (txng_log_open(&log, log_dir, TXNG_LOG_RDONLY) != TXNG_OK)
        abort();
    for (int r = 0; r < ROUNDS; r++) {
        txng_claim_info info;
        char            unit[TXNG_GS1_URI_MAX];

        unit_of(unit, sizeof unit, r);
        if (txng_claim_info_get(log, unit, &info) != TXNG_OK || !info.claimed ||
            info.refused != NCLAIM - 1 || info.wrong != 0)
            states = false;
    }
    ok(states, "claim race: the log holds one claim and %d already-claimed per unit",
       NCLAIM - 1);
    ok(txng_log_verify(log, NULL, 1, NULL, NULL, &vr, &d) == TXNG_OK, "claim race: log verifies");
    txng_log_close(log);
}

static void
test_pack_race(void)
{
    txng_log          *log = NULL;
    txng_verify_result vr;
    txng_diag          d = TXNG_DIAG_INIT;
    uint64_t           before = 0, after = 0;
    int                rounds_one = 0, bad = 0;

    if (txng_log_open(&log, log_dir, TXNG_LOG_RDONLY) != TXNG_OK ||
        txng_log_size(log, &before) != TXNG_OK)
        abort();
    txng_log_close(log);
    for (int r = 0; r < ROUNDS; r++) {
        int st[NPACK], packed = 0, refused = 0;

        if (!race(pack_child, r, NPACK, st))
            bad++;
        for (int i = 0; i < NPACK; i++) {
            packed += st[i] == 0;
            refused += st[i] == CHILD_REFUSED;
        }
        if (packed == 1 && refused == NPACK - 1)
            rounds_one++;
        else
            printf("# pack round %d: packed %d, refused %d of %d\n", r, packed, refused, NPACK);
    }
    ok(bad == 0, "pack race: every child ran to its end");
    ok(rounds_one == ROUNDS,
       "pack race: each serial range packed by exactly one of %d children, the other refused "
       "(%d of %d rounds right)",
       NPACK, rounds_one, ROUNDS);
    if (txng_log_open(&log, log_dir, TXNG_LOG_RDONLY) != TXNG_OK ||
        txng_log_size(log, &after) != TXNG_OK)
        abort();
    ok(after - before == ROUNDS, "pack race: %d pack records appended (%llu)", ROUNDS,
       (unsigned long long) (after - before));
    ok(txng_log_verify(log, NULL, 1, NULL, NULL, &vr, &d) == TXNG_OK, "pack race: log verifies");
    txng_log_close(log);
}

/* ---- a lock file reset under live handles ---------------------------------------------------- */

/* In a child (which holds no LMDB lock a close could drop): set the last transaction id
 * LMDB's lock file records to 0, as an open that fails after resetting the file leaves it.
 * 0 done, 2 if the files do not have the layout of LMDB 0.9 on this system, 1 on error. */
static int
reset_lockfile(const char *dir)
{
    pid_t    pid = fork();
    int      st;
    uint32_t magic;
    uint64_t m0, m1, ti, zero = 0;
    long     page = sysconf(_SC_PAGESIZE);
    char     p[4400];
    int      lfd, dfd;

    if (pid < 0)
        return 1;
    if (pid == 0) {
        snprintf(p, sizeof p, "%s/lock.mdb", dir);
        lfd = open(p, O_RDWR | O_CLOEXEC);
        snprintf(p, sizeof p, "%s/data.mdb", dir);
        dfd = open(p, O_RDONLY | O_CLOEXEC);
        if (lfd < 0 || dfd < 0 || page <= 0)
            _exit(1);
        /* txninfo: magic, format, reader mutex, txnid; meta pages: 16-byte header, magic,
         * version, address, map size, two 48-byte db records, last page, txnid */
        if (pread(lfd, &magic, 4, 0) != 4 || magic != 0xBEEFC0DEu ||
            pread(dfd, &magic, 4, 16) != 4 || magic != 0xBEEFC0DEu ||
            pread(dfd, &magic, 4, page + 16) != 4 || magic != 0xBEEFC0DEu ||
            pread(dfd, &m0, 8, 144) != 8 || pread(dfd, &m1, 8, page + 144) != 8 ||
            pread(lfd, &ti, 8, 48) != 8 || ti != (m0 > m1 ? m0 : m1) || ti < 2)
            _exit(2);
        _exit(pwrite(lfd, &zero, 8, 48) == 8 ? 0 : 1);
    }
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return 1;
    return WEXITSTATUS(st);
}

/* A write transaction that would start from an older commit than the newest is refused,
 * not committed over the records after it. */
static void
test_reset_lockfile(void)
{
    char      dir[4300], *kf = NULL;
    size_t    kf_len;
    txng_log *log = NULL, *other = NULL;
    json_t   *e;
    uint64_t  before = 0, after = 0, first = 99;
    txng_diag d = TXNG_DIAG_INIT;
    txng_err  err;
    int       rc, saved;

    snprintf(dir, sizeof dir, "%s/reset", tmp_root);
    if (txng_keyfile_write(g_logkey, NULL, TXNG_KDF_INTERACTIVE, &kf, &kf_len) != TXNG_OK ||
        txng_log_create(&log, dir, ORIGIN, g_logkey, kf, kf_len, T0) != TXNG_OK)
        abort();
    free(kf);
    for (int i = 0; i < 2; i++) {
        e = json_pack("{s:s, s:i}", "type", "x:reset", "n", i);
        if (txng_log_append_as(log, g_logkey, g_logkey, &e, 1, T0 + i, NULL, NULL) != TXNG_OK)
            abort();
        json_decref(e);
    }
    if (txng_log_size(log, &before) != TXNG_OK)
        abort();
    rc = reset_lockfile(dir);
    if (rc == 2) {
        tap_skip(6, "lock.mdb does not have the expected layout");
        txng_log_close(log);
        rm_log(dir);
        return;
    }
    ok(rc == 0, "lock.mdb reset (%d)", rc);
    e     = json_pack("{s:s, s:i}", "type", "x:reset", "n", 2);
    errno = 0;
    err   = txng_log_append_as(log, g_logkey, g_logkey, &e, 1, T0 + 5, &first, &d);
    saved = errno;
    ok(err == TXNG_ESYS && saved == EIO, "append on a reset lock file refused: %d errno %d", err,
       saved);
    ok(strcmp(d.field, "lock.mdb") == 0 && d.reason != NULL &&
           strstr(d.reason, "lock file") != NULL,
       "diag names lock.mdb: %s (%s)", d.reason ? d.reason : "-", d.field);
    ok(first == 0, "no index reported: %llu", (unsigned long long) first);
    txng_log_close(log);
    /* The first opener sets the lock file up again: nothing was lost, appends go on. */
    if (txng_log_open(&other, dir, 0) != TXNG_OK)
        abort();
    err = txng_log_append_as(other, g_logkey, g_logkey, &e, 1, T0 + 6, &first, NULL);
    ok(err == TXNG_OK && first == before, "append after reopening: %d at %llu, want %llu", err,
       (unsigned long long) first, (unsigned long long) before);
    if (txng_log_size(other, &after) != TXNG_OK)
        abort();
    ok(after == before + 1, "size %llu, want %llu", (unsigned long long) after,
       (unsigned long long) before + 1);
    json_decref(e);
    txng_log_close(other);
    rm_log(dir);
}

int
main(void)
{
    setup();
    test_lock();
    test_claim_race();
    test_pack_race();
    test_reset_lockfile();
    rm_log(log_dir);
    rmdir(tmp_root);
    txng_signer_free(g_logkey);
    txng_signer_free(g_packer);
    return tap_done();
}
