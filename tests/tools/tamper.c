/*
 * tamper.c - damage a txng log on purpose, for the tests (not installed)
 *
 * It opens the log's LMDB environment directly, bypassing libtxng's checks,
 * and changes one thing, the way an attacker with write access to the disk
 * (and, for "forge" and "rechain", the log key) would. The storage layout is
 * the one in docs/format.md: named databases meta, records, nodes, keys and
 * checkpoints, all keys big-endian.
 *
 *   tamper DIR flip INDEX [OFFSET]   flip one bit of a byte of record INDEX
 *                                    (default: the middle byte)
 *   tamper DIR delete INDEX          delete record INDEX
 *   tamper DIR swap I J              swap the bytes of records I and J
 *   tamper DIR resign I J            give record I the signatures of record J
 *   tamper DIR rollback              delete the newest checkpoint
 *   tamper DIR prune                 delete every checkpoint but the newest
 *   tamper DIR node LEVEL INDEX      flip a bit of one nodes entry
 *   tamper DIR key NAME [role ROLE | revoked INDEX|none | enrolled INDEX | pk]
 *                                    change one keys entry (default: pk)
 *   tamper DIR forge FILE            append the signed event in FILE as a new
 *                                    record without any check, with the
 *                                    nodes and a checkpoint signed by log.key
 *   tamper DIR rechain               renumber and rechain every record after
 *                                    a deletion, rebuild the nodes and sign a
 *                                    checkpoint for the new size
 *   tamper DIR sign NAME FILE        print the event in FILE signed with
 *                                    DIR/keys/NAME.key as txng sign would,
 *                                    but without the rules txng sign applies
 *                                    (a signed event from another tool); the
 *                                    log is not opened
 *   tamper DIR meta                  flip a bit of the transaction id of the
 *                                    newest LMDB meta page in data.mdb, so
 *                                    that LMDB would open the commit before
 *   tamper DIR branch                flip a bit of the second key of the root
 *                                    page of records in data.mdb, when that
 *                                    page is a branch: a walk from leaf to leaf
 *                                    still finds every record, a lookup of the
 *                                    record that key names does not
 *
 * The log key file must be plain, or encrypted under $TXNG_PASSPHRASE.
 * Exit status: 0 done, 2 usage, 3 could not do it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#include "core/canon.h"
#include "core/hash.h"
#include "core/index.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/record.h"

#define EXIT_USAGE 2
#define EXIT_FAIL  3

#define USAGE                                                                                      \
    "usage: tamper DIR flip INDEX [OFFSET] | delete INDEX | swap I J | resign I J\n"               \
    "       tamper DIR rollback | prune | node LEVEL INDEX | forge FILE | rechain\n"               \
    "       tamper DIR branch | meta | sign NAME FILE\n"                                           \
    "       tamper DIR key NAME [role ROLE | revoked INDEX|none | enrolled INDEX | pk]\n"

/* Offsets inside a keys value (docs/format.md). */
#define KEY_OFF_PK       4
#define KEY_OFF_ENROLLED (4 + TXNG_PK_BYTES)
#define KEY_OFF_REVOKED  (KEY_OFF_ENROLLED + 8)
#define KEY_OFF_ROLE     (KEY_OFF_REVOKED + 8)

struct env {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi  meta, records, nodes, keys, checkpoints, ids;
    char     dir[4096];
};

/* LMDB's MDB_val takes a non-const pointer even for data it only reads. */
static void *
unconst(const void *p)
{
    return (void *) (uintptr_t) p;
}

__attribute__((format(printf, 1, 2))) static int
fail(const char *fmt, ...)
{
    va_list ap;

    fputs("tamper: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_FAIL;
}

static int
usage(const char *why)
{
    if (why != NULL)
        fprintf(stderr, "tamper: %s\n", why);
    fputs(USAGE, stderr);
    return EXIT_USAGE;
}

static bool
parse_u64(const char *s, uint64_t *out)
{
    char              *end;
    unsigned long long v;

    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v     = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

static void
be64_store(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char) (v & 0xff);
        v >>= 8;
    }
}

static uint64_t
be64_load(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static int
env_open(struct env *e, const char *dir)
{
    int rc;

    memset(e, 0, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "%s", dir);
    /* First with the map size stored in the file (no mdb_env_set_mapsize()); if the
     * system will not map that much (valgrind, ulimit -v), with 1 GiB. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((rc = mdb_env_create(&e->env)) != 0 || (rc = mdb_env_set_maxdbs(e->env, 16)) != 0 ||
            (attempt == 1 && (rc = mdb_env_set_mapsize(e->env, (size_t) 1 << 30)) != 0))
            return fail("%s: %s", dir, mdb_strerror(rc));
        if ((rc = mdb_env_open(e->env, dir, 0, 0644)) == 0)
            break;
        mdb_env_close(e->env);
        e->env = NULL;
        if (rc != EINVAL && rc != ENOMEM)
            break;
    }
    if (rc != 0)
        return fail("%s: %s", dir, mdb_strerror(rc));
    if ((rc = mdb_txn_begin(e->env, NULL, 0, &e->txn)) != 0)
        return fail("%s: %s", dir, mdb_strerror(rc));
    if ((rc = mdb_dbi_open(e->txn, "meta", 0, &e->meta)) != 0 ||
        (rc = mdb_dbi_open(e->txn, "records", 0, &e->records)) != 0 ||
        (rc = mdb_dbi_open(e->txn, "nodes", 0, &e->nodes)) != 0 ||
        (rc = mdb_dbi_open(e->txn, "keys", 0, &e->keys)) != 0 ||
        (rc = mdb_dbi_open(e->txn, "checkpoints", 0, &e->checkpoints)) != 0 ||
        (rc = mdb_dbi_open(e->txn, "ids", MDB_DUPSORT | MDB_DUPFIXED, &e->ids)) != 0)
        return fail("%s: not a txng log: %s", dir, mdb_strerror(rc));
    return 0;
}

static int
env_commit(struct env *e)
{
    int rc = mdb_txn_commit(e->txn);

    e->txn = NULL; /* freed even on failure */
    if (rc != 0)
        return fail("%s: commit: %s", e->dir, mdb_strerror(rc));
    return 0;
}

static void
env_close(struct env *e)
{
    mdb_txn_abort(e->txn);
    if (e->env != NULL)
        mdb_env_close(e->env);
}

/* The "meta" command: the txnid of LMDB 0.9's meta is at byte 144 of pages 0 and 1. */
static int
cmd_meta(struct env *e)
{
    unsigned char id[2][8];
    uint64_t      t[2];
    MDB_stat      st;
    char          path[4200];
    int           fd, rc, newer;

    if ((rc = mdb_env_stat(e->env, &st)) != 0)
        return fail("%s: %s", e->dir, mdb_strerror(rc));
    mdb_txn_abort(e->txn);
    e->txn = NULL;
    mdb_env_close(e->env);
    e->env = NULL;
    snprintf(path, sizeof path, "%s/data.mdb", e->dir);
    if ((fd = open(path, O_RDWR)) < 0)
        return fail("%s: %s", path, strerror(errno));
    for (int i = 0; i < 2; i++) {
        if (pread(fd, id[i], 8, (off_t) i * st.ms_psize + 144) != 8) {
            close(fd);
            return fail("%s: %s", path, strerror(errno));
        }
        memcpy(&t[i], id[i], 8);
    }
    newer = t[1] > t[0];
    id[newer][1] ^= 1; /* 256 transactions away from its neighbour either way */
    if (pwrite(fd, id[newer], 8, (off_t) newer * st.ms_psize + 144) != 8 || fsync(fd) != 0) {
        close(fd);
        return fail("%s: %s", path, strerror(errno));
    }
    close(fd);
    return 0;
}

/*
 * The "branch" command: LMDB's own page layout (mdb.c, 0.9): the main
 * database maps "records" to its MDB_db, whose md_root (a page number) is at
 * byte 40; a page starts with pgno (8), pad (2), flags (2, P_BRANCH = 1),
 * lower (2), upper (2), then 2-byte node offsets; a branch node is lo, hi,
 * flags, ksize (2 bytes each), then the key. Edits the file, not the map.
 */
static int
cmd_branch(struct env *e)
{
    MDB_dbi       main_db;
    MDB_val       k = { 7, unconst("records") }, v;
    MDB_stat      st;
    unsigned char page[65536];
    uint64_t      root;
    uint16_t      flags, lower, node, ksize;
    char          path[4200];
    int           fd, rc;
    off_t         at;

    if ((rc = mdb_dbi_open(e->txn, NULL, 0, &main_db)) != 0 ||
        (rc = mdb_get(e->txn, main_db, &k, &v)) != 0 || (rc = mdb_env_stat(e->env, &st)) != 0)
        return fail("%s: %s", e->dir, mdb_strerror(rc));
    if (v.mv_size < 48 || st.ms_psize > sizeof page)
        return fail("%s: not the LMDB layout this tool knows", e->dir);
    memcpy(&root, (const unsigned char *) v.mv_data + 40, sizeof root);
    mdb_txn_abort(e->txn);
    e->txn = NULL;
    mdb_env_close(e->env);
    e->env = NULL;
    snprintf(path, sizeof path, "%s/data.mdb", e->dir);
    at = (off_t) (root * st.ms_psize);
    if ((fd = open(path, O_RDWR)) < 0 || pread(fd, page, st.ms_psize, at) != (ssize_t) st.ms_psize)
        return fail("%s: %s", path, strerror(errno));
    memcpy(&flags, page + 10, 2);
    memcpy(&lower, page + 12, 2);
    if (!(flags & 1) || lower < 16 + 2 * 2) {
        close(fd);
        return fail("%s: the records root is not a branch page of two keys or more", path);
    }
    memcpy(&node, page + 16 + 2, 2);
    memcpy(&ksize, page + node + 6, 2);
    if (ksize != 8 || node + 8u + 8u > st.ms_psize) {
        close(fd);
        return fail("%s: unexpected key in the records root", path);
    }
    page[node + 8 + 7] ^= 1;
    if (pwrite(fd, page, st.ms_psize, at) != (ssize_t) st.ms_psize || fsync(fd) != 0) {
        close(fd);
        return fail("%s: %s", path, strerror(errno));
    }
    close(fd);
    return 0;
}

/* Copy of the bytes of record @p index into @p out (malloc'd). */
static int
record_get(struct env *e, uint64_t index, unsigned char **out, size_t *out_len)
{
    unsigned char k[8];
    MDB_val       key = { sizeof k, k }, val;
    int           rc;

    be64_store(k, index);
    if ((rc = mdb_get(e->txn, e->records, &key, &val)) != 0)
        return fail("record %" PRIu64 ": %s", index, mdb_strerror(rc));
    if ((*out = malloc(val.mv_size ? val.mv_size : 1)) == NULL)
        return fail("out of memory");
    memcpy(*out, val.mv_data, val.mv_size);
    *out_len = val.mv_size;
    return 0;
}

static int
record_put(struct env *e, uint64_t index, const void *bytes, size_t len)
{
    unsigned char k[8];
    MDB_val       key = { sizeof k, k }, val = { len, unconst(bytes) };
    int           rc;

    be64_store(k, index);
    if ((rc = mdb_put(e->txn, e->records, &key, &val, 0)) != 0)
        return fail("record %" PRIu64 ": %s", index, mdb_strerror(rc));
    return 0;
}

/* Number of records: last key + 1. */
static int
log_size(struct env *e, uint64_t *size)
{
    MDB_cursor *cur = NULL;
    MDB_val     key, val;
    int         rc;

    if ((rc = mdb_cursor_open(e->txn, e->records, &cur)) != 0)
        return fail("records: %s", mdb_strerror(rc));
    rc = mdb_cursor_get(cur, &key, &val, MDB_LAST);
    mdb_cursor_close(cur);
    if (rc == MDB_NOTFOUND) {
        *size = 0;
        return 0;
    }
    if (rc != 0 || key.mv_size != 8)
        return fail("records: %s", rc ? mdb_strerror(rc) : "bad key");
    *size = be64_load(key.mv_data) + 1;
    return 0;
}

static int
cmd_flip(struct env *e, uint64_t index, bool has_offset, uint64_t offset)
{
    unsigned char *buf = NULL;
    size_t         len = 0;
    int            st;

    if ((st = record_get(e, index, &buf, &len)) != 0)
        return st;
    if (!has_offset)
        offset = len / 2;
    if (offset >= len) {
        free(buf);
        return fail("record %" PRIu64 ": offset %" PRIu64 " past its %zu bytes", index, offset,
                    len);
    }
    buf[offset] ^= 0x01;
    st = record_put(e, index, buf, len);
    free(buf);
    return st;
}

static int
cmd_delete(struct env *e, uint64_t index)
{
    unsigned char k[8];
    MDB_val       key = { sizeof k, k };
    int           rc;

    be64_store(k, index);
    if ((rc = mdb_del(e->txn, e->records, &key, NULL)) != 0)
        return fail("record %" PRIu64 ": %s", index, mdb_strerror(rc));
    return 0;
}

static int
cmd_swap(struct env *e, uint64_t i, uint64_t j)
{
    unsigned char *a = NULL, *b = NULL;
    size_t         a_len, b_len;
    int            st;

    if ((st = record_get(e, i, &a, &a_len)) == 0 && (st = record_get(e, j, &b, &b_len)) == 0 &&
        (st = record_put(e, i, b, b_len)) == 0)
        st = record_put(e, j, a, a_len);
    free(a);
    free(b);
    return st;
}

static int
parse_record(struct env *e, uint64_t index, json_t **out)
{
    unsigned char *buf = NULL;
    size_t         len;
    txng_diag      diag = TXNG_DIAG_INIT;
    txng_err       err;
    int            st;

    if ((st = record_get(e, index, &buf, &len)) != 0)
        return st;
    err = txng_canon_parse(out, buf, len, 0, &diag);
    free(buf);
    if (err != TXNG_OK || !json_is_object(*out))
        return fail("record %" PRIu64 ": %s: %s", index, txng_strerror(err),
                    diag.reason ? diag.reason : "not an object");
    return 0;
}

static int
put_json(struct env *e, uint64_t index, const json_t *rec)
{
    char    *bytes = NULL;
    size_t   len;
    txng_err err;
    int      st;

    if ((err = txng_canon_encode(rec, &bytes, &len)) != TXNG_OK)
        return fail("record %" PRIu64 ": %s", index, txng_strerror(err));
    st = record_put(e, index, bytes, len);
    free(bytes);
    return st;
}

static int
cmd_resign(struct env *e, uint64_t i, uint64_t j)
{
    json_t *a = NULL, *b = NULL;
    int     st;

    if ((st = parse_record(e, i, &a)) != 0 || (st = parse_record(e, j, &b)) != 0)
        goto out;
    if (json_object_get(b, "signatures") == NULL) {
        st = fail("record %" PRIu64 ": no signatures", j);
        goto out;
    }
    if (json_object_set(a, "signatures", json_object_get(b, "signatures")) != 0) {
        st = fail("out of memory");
        goto out;
    }
    st = put_json(e, i, a);
out:
    json_decref(a);
    json_decref(b);
    return st;
}

static int
cmd_rollback(struct env *e)
{
    MDB_cursor *cur = NULL;
    MDB_val     key, val;
    int         rc;

    if ((rc = mdb_cursor_open(e->txn, e->checkpoints, &cur)) != 0)
        return fail("checkpoints: %s", mdb_strerror(rc));
    if ((rc = mdb_cursor_get(cur, &key, &val, MDB_LAST)) == 0)
        rc = mdb_cursor_get(cur, &key, &val, MDB_PREV);
    if (rc == MDB_NOTFOUND) {
        mdb_cursor_close(cur);
        return fail("checkpoints: fewer than two, nothing to roll back to");
    }
    if (rc == 0 && (rc = mdb_cursor_get(cur, &key, &val, MDB_LAST)) == 0)
        rc = mdb_cursor_del(cur, 0);
    mdb_cursor_close(cur);
    if (rc != 0)
        return fail("checkpoints: %s", mdb_strerror(rc));
    return 0;
}

static int
cmd_prune(struct env *e)
{
    MDB_cursor   *cur = NULL;
    MDB_val       key, val;
    unsigned char newest[8];
    int           rc;

    if ((rc = mdb_cursor_open(e->txn, e->checkpoints, &cur)) != 0)
        return fail("checkpoints: %s", mdb_strerror(rc));
    if ((rc = mdb_cursor_get(cur, &key, &val, MDB_LAST)) == 0 && key.mv_size == sizeof newest) {
        memcpy(newest, key.mv_data, sizeof newest);
        /* Delete the first entry until the newest is the first. */
        while ((rc = mdb_cursor_get(cur, &key, &val, MDB_FIRST)) == 0 &&
               memcmp(key.mv_data, newest, sizeof newest) != 0)
            if ((rc = mdb_cursor_del(cur, 0)) != 0)
                break;
    }
    mdb_cursor_close(cur);
    if (rc != 0)
        return fail("checkpoints: %s", mdb_strerror(rc));
    return 0;
}

static int
cmd_node(struct env *e, uint64_t level, uint64_t index)
{
    unsigned char k[9], buf[TXNG_HASH_BYTES];
    MDB_val       key = { sizeof k, k }, val;
    int           rc;

    if (level > 63)
        return usage("LEVEL must be at most 63");
    k[0] = (unsigned char) level;
    be64_store(k + 1, index);
    if ((rc = mdb_get(e->txn, e->nodes, &key, &val)) != 0)
        return fail("node %" PRIu64 "/%" PRIu64 ": %s", level, index, mdb_strerror(rc));
    if (val.mv_size != sizeof buf)
        return fail("node %" PRIu64 "/%" PRIu64 ": %zu bytes", level, index, val.mv_size);
    memcpy(buf, val.mv_data, sizeof buf);
    buf[sizeof buf / 2] ^= 0x01;
    val.mv_data = buf;
    if ((rc = mdb_put(e->txn, e->nodes, &key, &val, 0)) != 0)
        return fail("node %" PRIu64 "/%" PRIu64 ": %s", level, index, mdb_strerror(rc));
    return 0;
}

static int
cmd_key(struct env *e, const char *name, const char *field, const char *value)
{
    MDB_val        key = { strlen(name), unconst(name) }, val;
    unsigned char *buf = NULL;
    size_t         len, role_len = 0;
    uint64_t       n = 0;
    int            rc, st = 0;

    if ((rc = mdb_get(e->txn, e->keys, &key, &val)) != 0)
        return fail("key %s: %s", name, mdb_strerror(rc));
    if (val.mv_size < KEY_OFF_ROLE)
        return fail("key %s: %zu bytes", name, val.mv_size);
    if (strcmp(field, "role") == 0) {
        if (value == NULL)
            return usage("key NAME role needs a ROLE");
        role_len = strlen(value);
        len      = KEY_OFF_ROLE + role_len;
    } else {
        len = val.mv_size;
    }
    if ((buf = malloc(len > val.mv_size ? len : val.mv_size)) == NULL)
        return fail("out of memory");
    memcpy(buf, val.mv_data, val.mv_size);
    if (strcmp(field, "pk") == 0) {
        buf[KEY_OFF_PK + TXNG_PK_BYTES / 2] ^= 0x01;
    } else if (strcmp(field, "role") == 0) {
        memcpy(buf + KEY_OFF_ROLE, value, role_len);
    } else if (strcmp(field, "revoked") == 0 || strcmp(field, "enrolled") == 0) {
        if (value != NULL && strcmp(value, "none") == 0)
            n = UINT64_MAX;
        else if (value == NULL || !parse_u64(value, &n))
            st = usage("key NAME revoked|enrolled needs an INDEX");
        be64_store(buf + (field[0] == 'r' ? KEY_OFF_REVOKED : KEY_OFF_ENROLLED), n);
    } else {
        st = usage("key FIELD is role, revoked, enrolled or pk");
    }
    if (st == 0) {
        val.mv_size = len;
        val.mv_data = buf;
        if ((rc = mdb_put(e->txn, e->keys, &key, &val, 0)) != 0)
            st = fail("key %s: %s", name, mdb_strerror(rc));
    }
    free(buf);
    return st;
}

struct node_ctx {
    struct env *e;
    int         rc;
};

static void
put_node(void *ctx, unsigned level, uint64_t index, const unsigned char hash[TXNG_HASH_BYTES])
{
    struct node_ctx *nc = ctx;
    unsigned char    k[9];
    MDB_val          key = { sizeof k, k }, val = { TXNG_HASH_BYTES, unconst(hash) };
    int              rc;

    if (nc->rc != 0)
        return;
    k[0] = (unsigned char) level;
    be64_store(k + 1, index);
    if ((rc = mdb_put(nc->e->txn, nc->e->nodes, &key, &val, 0)) != 0)
        nc->rc = rc;
}

static int
load_logkey(struct env *e, txng_signer **out)
{
    char        path[4200], buf[8192];
    int         fd;
    ssize_t     n;
    txng_diag   diag = TXNG_DIAG_INIT;
    txng_err    err;
    const char *pass = getenv("TXNG_PASSPHRASE");

    snprintf(path, sizeof path, "%s/%s", e->dir, TXNG_LOG_KEY_FILE);
    if ((fd = open(path, O_RDONLY)) < 0)
        return fail("%s: %s", path, strerror(errno));
    n = read(fd, buf, sizeof buf);
    close(fd);
    if (n < 0)
        return fail("%s: %s", path, strerror(errno));
    err = txng_keyfile_read(out, buf, (size_t) n, pass, &diag);
    memset(buf, 0, sizeof buf);
    if (err != TXNG_OK)
        return fail("%s: %s", path, txng_strerror(err));
    return 0;
}

/*
 * Rebuild the nodes from the records, optionally rewriting each record's
 * "index" and "prev" to match its position first (rechain), and store a
 * checkpoint of the resulting tree signed by the log key.
 */
static int
reseal(struct env *e, bool rechain)
{
    MDB_cursor       *cur = NULL;
    MDB_val           key, val, mkey = { 6, unconst("origin") };
    txng_merkle_range range;
    struct node_ctx   nc     = { e, 0 };
    txng_signer      *logkey = NULL;
    txng_checkpoint   cp;
    unsigned char     leaf[TXNG_HASH_BYTES], prev[TXNG_HASH_BYTES], k[8];
    char             *text = NULL, *note = NULL, b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    size_t            text_len, note_len;
    uint64_t          pos = 0;
    json_t           *rec = NULL;
    txng_err          err;
    int               rc, st;

    if ((st = load_logkey(e, &logkey)) != 0)
        return st;
    memset(&cp, 0, sizeof cp);
    if ((rc = mdb_get(e->txn, e->meta, &mkey, &val)) != 0 || val.mv_size > TXNG_ORIGIN_MAX) {
        st = fail("meta origin: %s", rc ? mdb_strerror(rc) : "too long");
        goto out;
    }
    memcpy(cp.origin, val.mv_data, val.mv_size);

    if (rechain) {
        /* Collect the records in key order, then write them back densely. */
        json_t *all = json_array();

        if (all == NULL || (rc = mdb_cursor_open(e->txn, e->records, &cur)) != 0) {
            json_decref(all);
            st = fail("records: cannot read");
            goto out;
        }
        while ((rc = mdb_cursor_get(cur, &key, &val, pos++ ? MDB_NEXT : MDB_FIRST)) == 0) {
            json_t   *r    = NULL;
            txng_diag diag = TXNG_DIAG_INIT;

            if (txng_canon_parse(&r, val.mv_data, val.mv_size, 0, &diag) != TXNG_OK ||
                json_array_append_new(all, r) != 0) {
                json_decref(r);
                rc = -1;
                break;
            }
        }
        mdb_cursor_close(cur);
        cur = NULL;
        if (rc != MDB_NOTFOUND || mdb_drop(e->txn, e->records, 0) != 0) {
            json_decref(all);
            st = fail("records: cannot rechain");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(all); i++) {
            rec = json_array_get(all, i);
            if (i == 0)
                b64[0] = '\0';
            else
                txng_b64_encode(b64, prev, sizeof prev);
            if (json_object_set_new(rec, "index", json_integer((json_int_t) i)) != 0 ||
                json_object_set_new(rec, "prev", json_string(b64)) != 0) {
                json_decref(all);
                rec = NULL;
                st  = fail("out of memory");
                goto out;
            }
            if ((st = put_json(e, i, rec)) == 0) {
                char  *bytes = NULL;
                size_t len;

                if (txng_canon_encode(rec, &bytes, &len) == TXNG_OK)
                    txng_hash_leaf(prev, bytes, len);
                free(bytes);
            }
            if (st != 0) {
                json_decref(all);
                rec = NULL;
                goto out;
            }
        }
        rec = NULL;
        json_decref(all);
    }

    if ((rc = mdb_drop(e->txn, e->nodes, 0)) != 0) {
        st = fail("nodes: %s", mdb_strerror(rc));
        goto out;
    }
    txng_merkle_range_init(&range);
    if ((rc = mdb_cursor_open(e->txn, e->records, &cur)) != 0) {
        st = fail("records: %s", mdb_strerror(rc));
        goto out;
    }
    pos = 0;
    while ((rc = mdb_cursor_get(cur, &key, &val, pos++ ? MDB_NEXT : MDB_FIRST)) == 0) {
        txng_hash_leaf(leaf, val.mv_data, val.mv_size);
        txng_merkle_range_push(&range, leaf, put_node, &nc);
    }
    mdb_cursor_close(cur);
    cur = NULL;
    if (rc != MDB_NOTFOUND || nc.rc != 0) {
        st = fail("nodes: %s", mdb_strerror(rc != MDB_NOTFOUND ? rc : nc.rc));
        goto out;
    }
    cp.size = range.size;
    txng_merkle_range_root(&range, cp.root);
    if ((err = txng_checkpoint_format(&cp, &text, &text_len)) != TXNG_OK ||
        (err = txng_note_sign(&note, &note_len, text, text_len, logkey)) != TXNG_OK) {
        st = fail("checkpoint: %s", txng_strerror(err));
        goto out;
    }
    be64_store(k, cp.size);
    key.mv_size = sizeof k;
    key.mv_data = k;
    val.mv_size = note_len;
    val.mv_data = note;
    if ((rc = mdb_put(e->txn, e->checkpoints, &key, &val, 0)) != 0)
        st = fail("checkpoints: %s", mdb_strerror(rc));
out:
    free(text);
    free(note);
    txng_signer_free(logkey);
    return st;
}

static int
parse_time(const char *s, int64_t *out)
{
    struct tm tm;
    int       used = 0;

    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &used) != 6 ||
        s[used] != '\0')
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (int64_t) timegm(&tm);
    return 0;
}

/* File record @p index's identifiers and signatures in `ids`, as an append does. */
static int
file_ids(struct env *e, const json_t *se, uint64_t index)
{
    txng_index_list l = { 0 };
    const json_t   *sigs = json_object_get(se, "signatures");
    unsigned char   key[TXNG_INDEX_KEY_MAX], val[TXNG_INDEX_VAL_BYTES], sig[64];
    MDB_val         k = { 0, key }, v = { sizeof val, val };
    size_t          len;
    int             rc = 0;

    if (txng_index_extract(&l, json_object_get(se, "event")) != TXNG_OK)
        return fail("ids: out of memory");
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        k.mv_size = txng_index_key(key, l.v[i].id, l.v[i].id_len);
        txng_index_value(val, index, l.v[i].role);
        rc = mdb_put(e->txn, e->ids, &k, &v, 0);
    }
    txng_index_list_free(&l);
    txng_index_value(val, index, TXNG_ROLE_SIG);
    for (size_t j = 0; j < json_array_size(sigs) && rc == 0; j++) {
        const json_t *s = json_object_get(json_array_get(sigs, j), "sig");

        if (txng_b64_decode(sig, sizeof sig, &len, json_string_value(s),
                            json_string_length(s)) != TXNG_OK || len != sizeof sig)
            return fail("signature %zu: not base64 of 64 bytes", j);
        k.mv_size = txng_index_sig_key(key, txng_index_sig_time(json_object_get(se, "event")), sig);
        rc        = mdb_put(e->txn, e->ids, &k, &v, 0);
    }
    return rc == 0 ? 0 : fail("ids: %s", mdb_strerror(rc));
}

static int
cmd_forge(struct env *e, const char *file)
{
    FILE          *f    = NULL;
    char          *text = NULL, *bytes = NULL;
    size_t         text_len = 0, len;
    unsigned char *last     = NULL, prev[TXNG_HASH_BYTES];
    size_t         last_len = 0;
    txng_record   *lastrec  = NULL;
    json_t        *se       = NULL;
    uint64_t       size     = 0;
    int64_t        now;
    txng_diag      diag = TXNG_DIAG_INIT;
    txng_err       err;
    int            st;

    if ((f = fopen(file, "rb")) == NULL)
        return fail("%s: %s", file, strerror(errno));
    if ((text = malloc(TXNG_EVENT_MAX * 2)) == NULL) {
        fclose(f);
        return fail("out of memory");
    }
    text_len = fread(text, 1, TXNG_EVENT_MAX * 2, f);
    fclose(f);
    if ((err = txng_canon_parse(&se, text, text_len, 0, &diag)) != TXNG_OK) {
        st = fail("%s: %s", file, diag.reason ? diag.reason : txng_strerror(err));
        goto out;
    }
    if ((st = log_size(e, &size)) != 0)
        goto out;
    if (size == 0) {
        st = fail("%s: the log is empty", e->dir);
        goto out;
    }
    if ((st = record_get(e, size - 1, &last, &last_len)) != 0)
        goto out;
    if ((err = txng_record_decode(&lastrec, last, last_len, &diag)) != TXNG_OK ||
        parse_time(lastrec->recorded, &now) != 0) {
        st = fail("record %" PRIu64 ": %s", size - 1, txng_strerror(err));
        goto out;
    }
    txng_hash_leaf(prev, last, last_len);
    if ((err = txng_record_encode(&bytes, &len, json_object_get(se, "event"),
                                  json_object_get(se, "signatures"), size, prev, now)) != TXNG_OK) {
        st = fail("%s: %s", file, txng_strerror(err));
        goto out;
    }
    if ((st = record_put(e, size, bytes, len)) == 0)
        st = file_ids(e, se, size);
    if (st == 0)
        st = reseal(e, false);
out:
    free(text);
    free(bytes);
    free(last);
    txng_record_free(lastrec);
    json_decref(se);
    return st;
}

/* Print the event in @p file signed with @p dir/keys/@p name.key, without any rule. */
static int
cmd_sign(const char *dir, const char *name, const char *file)
{
    char         path[4200], key[8192], *text = NULL, *bytes = NULL;
    ssize_t      n;
    size_t       text_len = 0, len = 0;
    int          fd, st            = 0;
    FILE        *f;
    json_t      *ev = NULL, *se = NULL;
    txng_signer *signer = NULL;
    txng_diag    diag   = TXNG_DIAG_INIT;
    txng_err     err;

    snprintf(path, sizeof path, "%s/keys/%s.key", dir, name);
    if ((fd = open(path, O_RDONLY)) < 0)
        return fail("%s: %s", path, strerror(errno));
    n = read(fd, key, sizeof key);
    close(fd);
    if (n < 0)
        return fail("%s: %s", path, strerror(errno));
    err = txng_keyfile_read(&signer, key, (size_t) n, getenv("TXNG_PASSPHRASE"), &diag);
    sodium_memzero(key, sizeof key);
    if (err != TXNG_OK)
        return fail("%s: %s", path, txng_strerror(err));
    if ((f = fopen(file, "rb")) == NULL) {
        st = fail("%s: %s", file, strerror(errno));
        goto out;
    }
    if ((text = malloc(TXNG_EVENT_MAX * 2)) != NULL)
        text_len = fread(text, 1, TXNG_EVENT_MAX * 2, f);
    fclose(f);
    if (text == NULL) {
        st = fail("out of memory");
        goto out;
    }
    err = txng_canon_parse(&ev, text, text_len, TXNG_CANON_NORMALISE, &diag);
    if (err == TXNG_OK)
        err = txng_event_sign(&se, ev, signer, &diag);
    if (err == TXNG_OK)
        err = txng_canon_encode(se, &bytes, &len);
    if (err != TXNG_OK)
        st = fail("%s: %s", file, diag.reason ? diag.reason : txng_strerror(err));
    else
        printf("%.*s\n", (int) len, bytes);
out:
    free(bytes);
    free(text);
    json_decref(ev);
    json_decref(se);
    txng_signer_free(signer);
    return st;
}

int
main(int argc, char **argv)
{
    struct env  e;
    uint64_t    a = 0, b = 0;
    const char *cmd;
    int         nargs, st;

    if (argc < 3)
        return usage(NULL);
    if (sodium_init() < 0)
        return fail("cannot initialise libsodium");
    cmd   = argv[2];
    nargs = argc - 3;

    /* Check the command line before touching the log. */
    if (strcmp(cmd, "flip") == 0) {
        if (nargs < 1 || nargs > 2 || !parse_u64(argv[3], &a) ||
            (nargs == 2 && !parse_u64(argv[4], &b)))
            return usage("flip needs INDEX [OFFSET]");
    } else if (strcmp(cmd, "delete") == 0) {
        if (nargs != 1 || !parse_u64(argv[3], &a))
            return usage("delete needs INDEX");
    } else if (strcmp(cmd, "swap") == 0 || strcmp(cmd, "resign") == 0 || strcmp(cmd, "node") == 0) {
        if (nargs != 2 || !parse_u64(argv[3], &a) || !parse_u64(argv[4], &b))
            return usage("two numbers needed");
        if (cmd[0] != 'n' && a == b)
            return usage("I and J must differ");
        if (cmd[0] == 'n' && a > 63)
            return usage("LEVEL must be at most 63");
    } else if (strcmp(cmd, "rollback") == 0 || strcmp(cmd, "rechain") == 0 ||
               strcmp(cmd, "prune") == 0 || strcmp(cmd, "branch") == 0 ||
               strcmp(cmd, "meta") == 0) {
        if (nargs != 0)
            return usage("no operands expected");
    } else if (strcmp(cmd, "key") == 0) {
        const char *field = nargs >= 2 ? argv[4] : "pk";

        if (nargs < 1 || nargs > 3)
            return usage("key needs NAME [FIELD [VALUE]]");
        if (strcmp(field, "pk") != 0 && strcmp(field, "role") != 0 &&
            strcmp(field, "revoked") != 0 && strcmp(field, "enrolled") != 0)
            return usage("key FIELD is role, revoked, enrolled or pk");
        if ((strcmp(field, "pk") == 0) != (nargs < 3))
            return usage("key NAME pk takes no VALUE, the other fields need one");
    } else if (strcmp(cmd, "forge") == 0) {
        if (nargs != 1)
            return usage("forge needs FILE");
    } else if (strcmp(cmd, "sign") == 0) {
        if (nargs != 2)
            return usage("sign needs NAME FILE");
        return cmd_sign(argv[1], argv[3], argv[4]);
    } else {
        return usage("unknown command");
    }

    if ((st = env_open(&e, argv[1])) != 0) {
        env_close(&e);
        return st;
    }
    if (strcmp(cmd, "branch") == 0 || strcmp(cmd, "meta") == 0) {
        st = cmd[0] == 'b' ? cmd_branch(&e) : cmd_meta(&e);
        env_close(&e);
        return st;
    }
    if (strcmp(cmd, "flip") == 0)
        st = cmd_flip(&e, a, nargs == 2, b);
    else if (strcmp(cmd, "delete") == 0)
        st = cmd_delete(&e, a);
    else if (strcmp(cmd, "swap") == 0)
        st = cmd_swap(&e, a, b);
    else if (strcmp(cmd, "resign") == 0)
        st = cmd_resign(&e, a, b);
    else if (strcmp(cmd, "node") == 0)
        st = cmd_node(&e, a, b);
    else if (strcmp(cmd, "rollback") == 0)
        st = cmd_rollback(&e);
    else if (strcmp(cmd, "prune") == 0)
        st = cmd_prune(&e);
    else if (strcmp(cmd, "rechain") == 0)
        st = reseal(&e, true);
    else if (strcmp(cmd, "key") == 0)
        st = cmd_key(&e, argv[3], nargs >= 2 ? argv[4] : "pk", nargs == 3 ? argv[5] : NULL);
    else
        st = cmd_forge(&e, argv[3]);
    if (st == 0)
        st = env_commit(&e);
    env_close(&e);
    return st;
}
