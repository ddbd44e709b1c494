/*
 * util.c - helpers shared by the durability tests
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "core/record.h"
#include "tests/durability/util.h"

extern char **environ;

txng_signer *
dur_signer(const char *name, unsigned char seed_byte)
{
    unsigned char seed[TXNG_SEED_BYTES];
    txng_signer  *s = NULL;

    if (sodium_init() < 0)
        abort();
    memset(seed, seed_byte, sizeof seed);
    if (txng_signer_from_seed(&s, name, seed) != TXNG_OK) {
        fprintf(stderr, "cannot make key %s\n", name);
        abort();
    }
    return s;
}

void
dur_tmpdir(char *out, const char *tag)
{
    const char *base = getenv("TMPDIR");

    snprintf(out, 4096, "%s/txng-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    if (mkdtemp(out) == NULL) {
        perror(out);
        abort();
    }
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    remove(path);
    return 0;
}

void
dur_rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Copy one file; runs of zero blocks become holes, as LMDB's sparse file has. */
static bool
copy_file(const char *src, const char *dst)
{
    unsigned char buf[65536];
    int           in, out;
    ssize_t       n;
    off_t         size = 0;
    bool          good = true;

    if ((in = open(src, O_RDONLY)) < 0)
        return errno == ENOENT; /* lock.mdb may be absent */
    if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
        close(in);
        return false;
    }
    while ((n = read(in, buf, sizeof buf)) > 0) {
        bool zero = true;

        for (ssize_t i = 0; i < n && zero; i++)
            zero = buf[i] == 0;
        if (zero) {
            if (lseek(out, n, SEEK_CUR) < 0)
                good = false;
        } else if (write(out, buf, (size_t) n) != n) {
            good = false;
        }
        size += n;
    }
    if (n < 0 || ftruncate(out, size) != 0)
        good = false;
    close(in);
    if (close(out) != 0)
        good = false;
    return good;
}

bool
dur_copy_log(const char *src, const char *dst)
{
    static const char *const files[] = { "data.mdb", TXNG_LOG_KEY_FILE };
    char                     a[4200], b[4200];

    if (mkdir(dst, 0700) != 0)
        return false;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(a, sizeof a, "%s/%s", src, files[i]);
        snprintf(b, sizeof b, "%s/%s", dst, files[i]);
        if (!copy_file(a, b))
            return false;
    }
    return true;
}

txng_err
dur_create(txng_log **out, const char *dir, const txng_signer *logkey)
{
    char    *keyfile = NULL;
    size_t   keyfile_len;
    txng_err err;

    err = txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &keyfile, &keyfile_len);
    if (err == TXNG_OK)
        err = txng_log_create(out, dir, DUR_ORIGIN, logkey, keyfile, keyfile_len, DUR_T0);
    free(keyfile);
    return err;
}

json_t *
dur_sign(const json_t *event, const txng_signer *const *signers, size_t n)
{
    json_t *cur = json_deep_copy(event);

    for (size_t i = 0; i < n && cur != NULL; i++) {
        json_t   *next = NULL;
        txng_diag diag = TXNG_DIAG_INIT;

        if (txng_event_sign(&next, cur, signers[i], &diag) != TXNG_OK)
            next = NULL;
        json_decref(cur);
        cur = next;
    }
    return cur;
}

txng_err
dur_append(txng_log *log, const txng_signer *logkey, const json_t *event,
           const txng_signer *const *signers, size_t n, int64_t now, uint64_t *index,
           txng_diag *diag)
{
    json_t  *se = dur_sign(event, signers, n);
    txng_err err;

    if (se == NULL)
        return TXNG_ENOMEM;
    err = txng_log_append(log, logkey, &se, 1, now, index, diag);
    json_decref(se);
    return err;
}

json_t *
dur_enrol_event(const txng_signer *key, const char *role)
{
    char vkey[TXNG_VKEY_MAX];

    txng_pubkey_format(txng_signer_pubkey(key), vkey);
    return json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", role);
}

json_t *
dur_revoke_event(const txng_signer *key)
{
    char ref[TXNG_KEYREF_MAX];

    txng_pubkey_ref(txng_signer_pubkey(key), ref);
    return json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_REVOKE, "key", ref, "reason", "lost");
}

int
dur_run(char *const argv[])
{
    pid_t pid;
    int   status;

    fflush(NULL);
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0)
        return -1;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void
dur_print_diag(const char *what, txng_err err, const txng_diag *diag)
{
    printf("# %s: %s", what, txng_strerror(err));
    if (diag->has_index)
        printf(", index %" PRIu64, diag->index);
    if (diag->reason != NULL)
        printf(": %s", diag->reason);
    if (diag->field[0] != '\0')
        printf(" (%s)", diag->field);
    putchar('\n');
    fflush(stdout);
}
