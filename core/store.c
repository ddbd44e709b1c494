/*
 * store.c - the LMDB environment under a log
 *
 * MDB_NOTLS ties read transactions to the handle rather than to the thread,
 * so a log handle may be passed between threads; MDB_NOSUBDIR is not used, so
 * the environment is the directory. The map is reserved once, large: LMDB
 * only grows the file as pages are written, and a map that is too small
 * would turn into TXNG_EFULL long before the disk is full.
 *
 * Where the address space is smaller (RLIMIT_AS, valgrind, 32 bits) a size is
 * first tried as an anonymous reservation, given back at once, and
 * mdb_env_open() is only called with a size that fits. An mdb_env_open() that
 * fails at the map is not harmless: by then the process may have become the
 * first opener, which resets the shared lock file (last transaction id 0) and
 * only sets it from the data file once the open succeeds. A process that was
 * waiting for that lock attaches to the reset file as an ordinary opener, and
 * the write transactions of all attached handles then start from an old meta
 * page and overwrite later commits until the last handle closes.
 * txng_store_wtxn_begin() checks each write transaction against the newest
 * meta page for that reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "core/store.h"

/* Map sizes tried in turn; the first the system accepts is kept. */
static const uint64_t map_sizes[] = {
    (uint64_t) 1 << 40, /* 1 TiB */
    (uint64_t) 1 << 36, /* 64 GiB: some tools (valgrind) reserve less address space */
    (uint64_t) 1 << 32,
    (uint64_t) 1 << 30, /* 1 GiB, the most a 32-bit process gets */
};

txng_err
txng_store_from_mdb(int rc)
{
    switch (rc) {
    case MDB_SUCCESS:
        return TXNG_OK;
    case MDB_NOTFOUND:
        return TXNG_ENOTFOUND;
    case MDB_KEYEXIST:
        return TXNG_EEXIST;
    case MDB_MAP_FULL:
    case MDB_TXN_FULL:
    case MDB_DBS_FULL:
    case MDB_READERS_FULL:
        return TXNG_EFULL;
    case MDB_CORRUPTED:
    case MDB_BAD_TXN: /* an earlier read of the transaction met a damaged page */
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_BAD_VALSIZE:
    case MDB_INCOMPATIBLE:
        return TXNG_ECORRUPT;
    case MDB_VERSION_MISMATCH: /* LMDB's own file format: on one machine, a damaged meta page */
        return TXNG_ECORRUPT;
    case ENOMEM:
        return TXNG_ENOMEM;
    default:
        if (rc > 0) {
            errno = rc;
            return TXNG_ESYS;
        }
        errno = EIO;
        return TXNG_ESYS;
    }
}

/* Whether the address space has room for a map of len bytes; reserves nothing. */
static bool
map_fits(size_t len)
{
    void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    if (p == MAP_FAILED)
        return false;
    munmap(p, len);
    return true;
}

/*
 * LMDB writes its two meta pages in turn, one per commit, so their
 * transaction ids are consecutive (a new file, and a copy, start with 0 and
 * 1; a new file has 0 in both until its first commit). It opens the meta with the larger id: a bit
 * flipped in the newest one's id would silently open the commit before it, and the next append
 * would sign a checkpoint inconsistent with one already given out. Meta layout of LMDB 0.9 on a
 * 64-bit system: the 16-byte page header, then mm_magic (4), mm_version (4), mm_address (8),
 * mm_mapsize (8), mm_dbs (2 x 48), mm_last_pg (8), mm_txnid (8) at byte 144.
 */
static txng_err
metas_agree(int fd, unsigned psize)
{
    unsigned char meta[2][152];
    uint64_t      id[2];
    uint32_t      magic;

    if (sizeof(void *) != 8 || sizeof(size_t) != 8)
        return TXNG_OK; /* another layout: not checked */
    for (int i = 0; i < 2; i++) {
        if (pread(fd, meta[i], sizeof meta[i], (off_t) i * psize) != (ssize_t) sizeof meta[i])
            return TXNG_ECORRUPT;
        memcpy(&magic, meta[i] + 16, 4);
        memcpy(&id[i], meta[i] + 144, 8);
        if (magic != 0xBEEFC0DEu)
            return TXNG_ECORRUPT;
    }
    /* both 0: a new file, no commit yet */
    return id[0] + 1 == id[1] || id[1] + 1 == id[0] || (id[0] == 0 && id[1] == 0) ? TXNG_OK
                                                                                  : TXNG_ECORRUPT;
}

/*
 * A data file cut short (a partial copy, a full disk in an earlier life)
 * would turn the first read past its end into SIGBUS: the newest meta page
 * names the last page in use, and the file must reach it.
 */
static txng_err
whole_file(MDB_env *env)
{
    MDB_envinfo info;
    MDB_stat    st;
    struct stat sb;
    int         fd;

    if (mdb_env_info(env, &info) != MDB_SUCCESS || mdb_env_stat(env, &st) != MDB_SUCCESS ||
        mdb_env_get_fd(env, &fd) != MDB_SUCCESS || fstat(fd, &sb) != 0)
        return TXNG_ESYS;
    if ((uint64_t) sb.st_size < ((uint64_t) info.me_last_pgno + 1) * st.ms_psize)
        return TXNG_ECORRUPT;
    return metas_agree(fd, st.ms_psize);
}

/*
 * The maps of the open environments, for txng_log_fault_is_damage(): read from a
 * signal handler, so plain fixed slots, each published by its `end` last.
 */
#define MAPS_MAX 16
static struct {
    volatile uintptr_t start, end;
    char               dir[512];
} maps[MAPS_MAX];
static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER; /* writers of maps[] */
static const char *volatile opening; /* the folder whose mdb_env_open() runs, if any */
static volatile uintptr_t lmdb_text_start, lmdb_text_end; /* liblmdb's code, once found */
static void (*volatile damage_hook)(const char *dir, const char *what);

/*
 * LMDB does not say where it mapped the file (mdb_env_info()'s me_mapaddr is
 * the address asked for with MDB_FIXEDMAP, 0 otherwise): find the mapping of
 * data.mdb's inode in /proc/self/maps. Without /proc nothing is registered.
 */
static bool
map_find(MDB_env *env, uintptr_t *start, uintptr_t *end)
{
    struct stat        sb;
    char               line[4608];
    unsigned long long a, b, ino;
    bool               found = false;
    FILE              *f;
    int                fd;

    if (mdb_env_get_fd(env, &fd) != MDB_SUCCESS || fstat(fd, &sb) != 0 ||
        (f = fopen("/proc/self/maps", "re")) == NULL)
        return false;
    while (fgets(line, sizeof line, f) != NULL) {
        char perms[8];

        if (sscanf(line, "%llx-%llx %7s %*s %*s %llu", &a, &b, perms, &ino) != 4)
            continue;
        if (lmdb_text_end == 0 && perms[2] == 'x' && strstr(line, "/liblmdb.so") != NULL) {
            lmdb_text_start = (uintptr_t) a;
            lmdb_text_end   = (uintptr_t) b;
        }
        if (!found && ino == (unsigned long long) sb.st_ino && strstr(line, "/data.mdb") != NULL) {
            *start = (uintptr_t) a;
            *end   = (uintptr_t) b;
            found  = true;
        }
    }
    fclose(f);
    return found;
}

static void
map_register(uintptr_t start, uintptr_t end, const char *dir)
{
    pthread_mutex_lock(&maps_lock);
    for (size_t i = 0; i < MAPS_MAX; i++) {
        if (maps[i].end != 0)
            continue;
        maps[i].start = start;
        snprintf(maps[i].dir, sizeof maps[i].dir, "%s", dir);
        maps[i].end = end;
        break;
    }
    pthread_mutex_unlock(&maps_lock);
}

static void
map_unregister(uintptr_t start)
{
    pthread_mutex_lock(&maps_lock);
    for (size_t i = 0; i < MAPS_MAX; i++) {
        if (maps[i].end != 0 && maps[i].start == start) {
            maps[i].end   = 0;
            maps[i].start = 0;
        }
    }
    pthread_mutex_unlock(&maps_lock);
}

bool
txng_store_map_holds(const void *addr, const void *pc, const char **dir)
{
    uintptr_t   a = (uintptr_t) addr, p = (uintptr_t) pc;
    const char *o = opening;

    /* mdb_env_open() maps the file and reads its meta pages before it says where */
    if (o != NULL) {
        if (dir != NULL)
            *dir = o;
        return true;
    }
    for (size_t i = 0; i < MAPS_MAX; i++) {
        if (maps[i].end != 0 && a >= maps[i].start && a < maps[i].end) {
            if (dir != NULL)
                *dir = maps[i].dir;
            return true;
        }
    }
    /* LMDB following a damaged page to an address outside the map (a zero page
     * number, a wild offset): the fault is in its code while a log is open; or a jump to
     * an address that holds no code (a call through a pointer read from a damaged page) */
    if (p != 0 && ((p >= lmdb_text_start && p < lmdb_text_end) || p == a)) {
        for (size_t i = 0; i < MAPS_MAX; i++) {
            if (maps[i].end != 0) {
                if (dir != NULL)
                    *dir = maps[i].dir;
                return true;
            }
        }
    }
    return false;
}

void
txng_store_set_damage_hook(void (*hook)(const char *dir, const char *what))
{
    damage_hook = hook;
}

/* LMDB's assertion callback: a page it read breaks its own invariants. */
static void
store_assert(MDB_env *env, const char *msg)
{
    const char *dir = NULL;

    if (damage_hook != NULL && mdb_env_get_path(env, &dir) == MDB_SUCCESS)
        damage_hook(dir, msg);
    /* LMDB aborts when this returns */
}

txng_err
txng_store_open(txng_store *s, const char *dir, bool rdonly, bool nosync)
{
    unsigned flags = MDB_NOTLS;
    int      rc    = 0;

    memset(s, 0, sizeof *s);
    {
        char        path[4096];
        struct stat st;

        /* a data file cut to nothing: LMDB would answer EBADF, or start a new one */
        snprintf(path, sizeof path, "%s/data.mdb", dir);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
            return TXNG_ECORRUPT;
    }
    if (rdonly)
        flags |= MDB_RDONLY;
    if (nosync)
        flags |= MDB_NOSYNC;
    for (size_t i = 0; i < sizeof map_sizes / sizeof map_sizes[0]; i++) {
        bool last = i + 1 == sizeof map_sizes / sizeof map_sizes[0];

        if (map_sizes[i] > SIZE_MAX || (!last && !map_fits((size_t) map_sizes[i])))
            continue;
        rc = mdb_env_create(&s->env);
        if (rc != MDB_SUCCESS)
            break;
        rc = mdb_env_set_maxdbs(s->env, 8);
        if (rc == MDB_SUCCESS)
            rc = mdb_env_set_assert(s->env, store_assert);
        if (rc == MDB_SUCCESS)
            rc = mdb_env_set_mapsize(s->env, (size_t) map_sizes[i]);
        if (rc == MDB_SUCCESS) {
            opening = dir;
            rc      = mdb_env_open(s->env, dir, flags, 0600);
            opening = NULL;
        }
        if (rc == MDB_SUCCESS) {
            txng_err err = whole_file(s->env);

            if (err != TXNG_OK) {
                mdb_env_close(s->env);
                s->env = NULL;
            } else if (map_find(s->env, &s->map_start, &s->map_end)) {
                map_register(s->map_start, s->map_end, dir);
            }
            return err;
        }
        mdb_env_close(s->env); /* required after a failed mdb_env_open */
        s->env = NULL;
        /* A map refused although the reservation fitted (another thread took the
         * room meanwhile): rare, and the check in log.c catches its one hazard. */
        if (rc != ENOMEM && rc != EINVAL)
            break;
    }
    return txng_store_from_mdb(rc);
}

txng_err
txng_store_dbis(txng_store *s, MDB_txn *txn, bool create)
{
    static const char *const names[] = { "meta", "records", "nodes",
                                         "keys", "checkpoints", "ids" };
    MDB_dbi *const           dbis[]  = { &s->meta, &s->records, &s->nodes, &s->keys,
                                         &s->checkpoints, &s->ids };
    /* Persistent flags must be given again on every open, or LMDB says MDB_INCOMPATIBLE. */
    static const unsigned    kinds[] = { 0, 0, 0, 0, 0, MDB_DUPSORT | MDB_DUPFIXED };
    unsigned                 flags   = create ? MDB_CREATE : 0;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int rc = mdb_dbi_open(txn, names[i], flags | kinds[i], dbis[i]);

        if (rc == MDB_NOTFOUND)
            return TXNG_ECORRUPT;
        if (rc != MDB_SUCCESS)
            return txng_store_from_mdb(rc);
    }
    return TXNG_OK;
}

void
txng_store_drop_pages(const txng_store *s, uintptr_t lo, uintptr_t hi)
{
    uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE);

    /* never outside the map: a pointer read from a damaged page may point anywhere, and
     * MADV_DONTNEED over the program's own data would reset it */
    if (s->map_end == 0)
        return;
    if (lo < s->map_start)
        lo = s->map_start;
    if (hi > s->map_end)
        hi = s->map_end;
    lo &= ~(page - 1);
    if (hi > lo)
        (void) madvise((void *) lo, hi - lo, MADV_DONTNEED);
}

void
txng_store_close(txng_store *s)
{
    if (s == NULL)
        return;
    if (s->map_end != 0)
        map_unregister(s->map_start);
    mdb_env_close(s->env); /* accepts NULL */
    s->env       = NULL;
    s->map_start = s->map_end = 0;
}

txng_err
txng_store_copy(const char *src, const char *dst)
{
    txng_store s;
    char       path[4096];
    int        rc, fd, saved;
    txng_err   err = txng_store_open(&s, src, true, false);

    if (err != TXNG_OK)
        return err;
    if ((size_t) snprintf(path, sizeof path, "%s/data.mdb", dst) >= sizeof path) {
        txng_store_close(&s);
        errno = ENAMETOOLONG;
        return TXNG_ESYS;
    }
    rc = mdb_env_copy2(s.env, dst, 0);
    txng_store_close(&s);
    if (rc == EEXIST)
        return TXNG_EEXIST;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    /* LMDB closes the copy without syncing it */
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return TXNG_ESYS;
    rc    = fsync(fd);
    saved = errno;
    close(fd);
    errno = saved;
    return rc == 0 ? TXNG_OK : TXNG_ESYS;
}

/* The last entry of @p dbi, whose key must be a big-endian index: the index into *@p key. */
static txng_err
last_entry(MDB_txn *txn, MDB_dbi dbi, uint64_t *key, MDB_val *val)
{
    MDB_cursor *cur = NULL;
    MDB_val     k;
    int         rc;

    rc = mdb_cursor_open(txn, dbi, &cur);
    if (rc == MDB_SUCCESS)
        rc = mdb_cursor_get(cur, &k, val, MDB_LAST);
    mdb_cursor_close(cur);
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    if (k.mv_size != 8)
        return TXNG_ECORRUPT;
    *key = txng_be64_load(k.mv_data);
    return TXNG_OK;
}

txng_err
txng_store_size(const txng_store *s, MDB_txn *txn, uint64_t *size)
{
    MDB_val  v;
    uint64_t last;
    txng_err err;

    *size = 0;
    err   = last_entry(txn, s->records, &last, &v);
    if (err == TXNG_ENOTFOUND)
        return TXNG_OK;
    if (err == TXNG_OK)
        *size = last + 1;
    return err;
}

txng_err
txng_store_newest_checkpoint(const txng_store *s, MDB_txn *txn, uint64_t *size, MDB_val *note)
{
    return last_entry(txn, s->checkpoints, size, note);
}

txng_err
txng_store_node_get(void *ctx, unsigned level, uint64_t index, unsigned char out[32])
{
    const txng_store_nodes *ns = ctx;
    unsigned char           key[TXNG_STORE_NODE_KEY];
    MDB_val                 k = { sizeof key, key }, v;
    int                     rc;

    txng_node_key(key, level, index);
    rc = mdb_get(ns->txn, ns->st->nodes, &k, &v);
    if (rc == MDB_NOTFOUND || (rc == MDB_SUCCESS && v.mv_size != 32))
        return TXNG_ECORRUPT;
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    memcpy(out, v.mv_data, 32);
    return TXNG_OK;
}

txng_err
txng_store_wtxn_begin(MDB_env *env, MDB_txn **txn)
{
    MDB_envinfo info;
    int         rc;

    *txn = NULL;
    rc   = mdb_txn_begin(env, NULL, 0, txn);
    if (rc == MDB_SUCCESS)
        rc = mdb_env_info(env, &info);
    if (rc != MDB_SUCCESS) {
        mdb_txn_abort(*txn); /* accepts NULL */
        *txn = NULL;
        return txng_store_from_mdb(rc);
    }
    /* me_last_txnid comes from the newest meta page, the transaction's id from lock.mdb */
    if (mdb_txn_id(*txn) != info.me_last_txnid + 1) {
        mdb_txn_abort(*txn);
        *txn  = NULL;
        errno = EIO;
        return TXNG_ESYS;
    }
    return TXNG_OK;
}
