/*
 * cmd_backup.c - txng backup: a verified copy of the log folder, taken while others write
 *
 * The folder is copied into a new folder beside DEST and renamed to DEST
 * only once the copy verifies: every LMDB environment in it (the log, the
 * media store, the resolver's scan counts) as a consistent snapshot
 * (txng_store_copy(): one read transaction, so writers go on), every other
 * file (the log key, the actors' key files, the witnesses, the counts of
 * unknown claims) byte for byte with its mode. Each file is flushed to the
 * device and dropped from the page cache before the copy is verified, so
 * the verification reads the copy back from the device: a USB stick that
 * loses writes is found out now, not on the day the backup is needed. A
 * failed backup leaves nothing at DEST.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/store.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR   the log folder (or $TXNG_DIR)\n"
       "  -j, --json      print the result as JSON\n"
       "  -h, --help      show this help\n"
       "DEST must not exist: a backup never overwrites. Other programs may go on\n"
       "writing to the log meanwhile. The copy is read back from the device and\n"
       "verified before it is named DEST; a copy is itself a log folder, so\n"
       "'txng verify -d DEST' checks it again later, and copying it back restores\n"
       "the log.\n");

/* What was copied. */
struct tally {
    uint64_t files, bytes;
};

/* Flush @p fd to the device and drop its pages from the cache; errno kept on failure. */
static int
flush_fd(int fd)
{
    if (fsync(fd) != 0)
        return -1;
    (void) posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); /* only a hint */
    return 0;
}

static int
flush_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC), rc, saved;

    if (fd < 0)
        return -1;
    rc    = flush_fd(fd);
    saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/*
 * Give @p path the permission bits of @p mode, as the original has them
 * (a file created here has them less the umask; LMDB makes its copy 0666
 * less the umask, wider than the log's 0600). A file system without modes
 * (the FAT or exFAT of most USB sticks) refuses; that is no reason to fail.
 */
static void
keep_mode(const char *path, mode_t mode)
{
    (void) chmod(path, mode & 0777);
}

/* Whether files @p a and @p b hold the same bytes, read from where they are now. */
static bool
same_bytes(const char *a, const char *b)
{
    char  x[65536], y[sizeof x];
    FILE *fa = fopen(a, "rbe"), *fb = fopen(b, "rbe");
    bool  same = fa != NULL && fb != NULL;

    while (same) {
        size_t n = fread(x, 1, sizeof x, fa), m = fread(y, 1, sizeof y, fb);

        same = n == m && memcmp(x, y, n) == 0;
        if (n < sizeof x)
            break;
    }
    same = same && !ferror(fa) && !ferror(fb);
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return same;
}

/* Copy regular file @p src to the new file @p dst with mode @p mode. */
static int
copy_file(const char *src, const char *dst, mode_t mode, struct tally *t)
{
    char    buf[65536];
    int     in = open(src, O_RDONLY | O_CLOEXEC), out = -1, saved, rc = -1;
    ssize_t n = 0;

    if (in < 0)
        return -1;
    out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
    if (out >= 0) {
        (void) fchmod(out, mode & 0777); /* see keep_mode() */
        while ((n = read(in, buf, sizeof buf)) > 0) {
            for (ssize_t done = 0, w; done < n; done += w) {
                if ((w = write(out, buf + done, (size_t) (n - done))) < 0) {
                    n = -1;
                    break;
                }
            }
            if (n < 0)
                break;
            t->bytes += (uint64_t) n;
        }
        if (n == 0 && flush_fd(out) == 0)
            rc = 0;
    }
    saved = errno;
    close(in);
    if (out >= 0)
        close(out);
    errno = saved;
    t->files += rc == 0;
    return rc;
}

static int copy_tree(const char *src, const char *dst, struct tally *t);

/* Make the folder @p dst with mode @p mode, copy the folder @p src into it and flush it. */
static int
copy_dir(const char *src, const char *dst, mode_t mode, struct tally *t)
{
    int status;

    if (mkdir(dst, mode & 0777) != 0) {
        cli_error(dst, "%s", strerror(errno));
        return EXIT_FAILED;
    }
    keep_mode(dst, mode);
    if ((status = copy_tree(src, dst, t)) != EXIT_DONE)
        return status;
    if (flush_path(dst, O_RDONLY | O_DIRECTORY) != 0) {
        cli_error(dst, "%s", strerror(errno));
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/*
 * Copy the folder @p src into the existing folder @p dst: an LMDB environment
 * (data.mdb) by txng_store_copy(), lock.mdb never, other files and folders as
 * they are. On failure, prints why and returns the exit status.
 */
static int
copy_tree(const char *src, const char *dst, struct tally *t)
{
    DIR           *d = opendir(src);
    struct dirent *e;
    char           s[4096], o[4096];
    struct stat    st;
    int            status = EXIT_DONE;

    if (d == NULL) {
        cli_error(src, "%s", strerror(errno));
        return EXIT_FAILED;
    }
    snprintf(s, sizeof s, "%s/data.mdb", src);
    if (lstat(s, &st) == 0 && S_ISREG(st.st_mode)) {
        mode_t   mode = st.st_mode;
        txng_err err  = txng_store_copy(src, dst);

        snprintf(o, sizeof o, "%s/data.mdb", dst);
        if (err == TXNG_OK)
            keep_mode(o, mode);
        if (err == TXNG_OK && (stat(o, &st) != 0 || flush_path(o, O_RDONLY) != 0))
            err = TXNG_ESYS;
        if (err != TXNG_OK) {
            cli_report(src, err, NULL);
            closedir(d);
            return cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
        }
        t->files++;
        t->bytes += (uint64_t) st.st_size;
    }
    while (status == EXIT_DONE && (errno = 0, e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "data.mdb") == 0 || strcmp(e->d_name, "lock.mdb") == 0)
            continue;
        if ((size_t) snprintf(s, sizeof s, "%s/%s", src, e->d_name) >= sizeof s ||
            (size_t) snprintf(o, sizeof o, "%s/%s", dst, e->d_name) >= sizeof o) {
            cli_error(src, _("%s: path too long"), e->d_name);
            status = EXIT_FAILED;
        } else if (lstat(s, &st) != 0) {
            cli_error(s, "%s", strerror(errno));
            status = EXIT_FAILED;
        } else if (S_ISDIR(st.st_mode)) {
            status = copy_dir(s, o, st.st_mode, t);
        } else if (S_ISREG(st.st_mode)) {
            if (copy_file(s, o, st.st_mode, t) != 0) {
                cli_error(s, "%s", strerror(errno));
                status = EXIT_FAILED;
            } else if (!same_bytes(s, o)) {
                cli_error(o, _("the copy read back differs from the file: try another device"));
                status = EXIT_FAILED;
            }
        } else {
            cli_error(s, _("not a file or a folder: move it out of the log folder"));
            status = EXIT_FAILED;
        }
    }
    if (status == EXIT_DONE && errno != 0) {
        cli_error(src, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    closedir(d);
    return status;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    return remove(path);
}

/* The folder that holds @p path, into @p out. */
static void
parent_of(const char *path, char *out, size_t size)
{
    char copy[4096];

    snprintf(copy, sizeof copy, "%s", path);
    snprintf(out, size, "%s", dirname(copy));
}

/* Whether the folder @p path is the folder @p top or inside it (both must exist). */
static bool
inside(const char *path, const char *top)
{
    char  *p = realpath(path, NULL), *t = realpath(top, NULL);
    size_t n = t != NULL ? strlen(t) : 0;
    bool   in;

    in = p != NULL && t != NULL && strncmp(p, t, n) == 0 &&
         (p[n] == '\0' || p[n] == '/' || (n == 1 && t[0] == '/'));
    free(p);
    free(t);
    return in;
}

/*
 * Open the copy in @p path and verify it against the log's key @p pub and
 * origin @p origin, holding at least @p size records. Prints why not.
 */
static int
verify_copy(const char *path, const char *origin, const txng_pubkey *pub, uint64_t size,
            txng_verify_result *res)
{
    txng_log *copy = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err  = txng_log_open(&copy, path, TXNG_LOG_RDONLY);

    if (err == TXNG_OK && strcmp(txng_log_origin(copy), origin) != 0)
        err = TXNG_ECORRUPT;
    if (err == TXNG_OK)
        err = txng_log_verify(copy, pub, 0, cli_progress, (void *) _("verifying the copy"), res,
                              &diag);
    cli_progress_end();
    txng_log_close(copy);
    if (err == TXNG_OK && res->size < size)
        err = TXNG_ECHAIN;
    if (err == TXNG_OK)
        return EXIT_DONE;
    cli_report(_("the copy"), err, &diag);
    cli_error("backup", _("the copy does not verify, so nothing was kept: run txng verify -d on "
                          "the log, and try another device"));
    return err == TXNG_ENOMEM || err == TXNG_ESYS ? EXIT_FAILED : EXIT_NO;
}

static int
run(int argc, char **argv)
{
    const char        *dir  = NULL, *dest;
    bool               json = false;
    txng_log          *log  = NULL;
    txng_pubkey        pub;
    txng_verify_result res = { 0 };
    struct tally       t   = { 0 };
    char               origin[TXNG_ORIGIN_MAX + 1], parent[4096], tmp[4200], lock[4300];
    char               root[TXNG_HASH_B64_LEN + 1];
    uint64_t           size = 0;
    struct stat        st;
    int                status;

    if ((status = cli_dir_json_options(&cmd_backup, options, argc, argv, &dir, &json)) >= 0)
        return status;
    if (optind + 1 != argc)
        return cli_usage(&cmd_backup, _("give one destination folder"));
    dest = argv[optind];
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_backup, _("no log: give -d DIR"));
    if (lstat(dest, &st) == 0) {
        cli_error(dest, _("already exists: a backup never overwrites; give a new folder"));
        return EXIT_FAILED;
    }
    /* What the copy must match; the log is closed again before it is copied (an
     * environment is opened once per process). */
    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    snprintf(origin, sizeof origin, "%s", txng_log_origin(log));
    pub = *txng_log_pubkey(log);
    if (txng_log_size(log, &size) != TXNG_OK)
        size = 0;
    txng_log_close(log);

    parent_of(dest, parent, sizeof parent);
    if (inside(parent, dir))
        return cli_usage(&cmd_backup,
                         _("%s is inside the log folder: give a folder outside it, "
                           "on another device"),
                         dest);
    snprintf(tmp, sizeof tmp, "%s/.txng-backup-XXXXXX", parent);
    if (mkdtemp(tmp) == NULL) {
        if (errno == ENOENT)
            cli_error(parent, _("no such folder: create it first, or give DEST in a folder "
                                "that exists"));
        else
            cli_error(parent, "%s", strerror(errno));
        return EXIT_FAILED;
    }
    if (lstat(dir, &st) == 0)
        keep_mode(tmp, st.st_mode);
    status = copy_tree(dir, tmp, &t);
    if (status == EXIT_DONE && flush_path(tmp, O_RDONLY | O_DIRECTORY) != 0) {
        cli_error(tmp, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    if (status == EXIT_DONE)
        status = verify_copy(tmp, origin, &pub, size, &res);
    snprintf(lock, sizeof lock, "%s/lock.mdb", tmp);
    (void) unlink(lock); /* made by the verification; the copy's readers make their own */
    if (status == EXIT_DONE && rename(tmp, dest) != 0) {
        cli_error(dest, "%s", strerror(errno));
        status = EXIT_FAILED;
    }
    if (status != EXIT_DONE) {
        (void) nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        return status;
    }
    (void) flush_path(parent, O_RDONLY | O_DIRECTORY);
    txng_b64_encode(root, res.root, sizeof res.root);
    if (json) {
        (void) cli_print_json(json_pack("{s:b, s:s, s:s, s:I, s:s, s:I, s:I}", "ok", 1, "origin",
                                        origin, "dest", dest, "records", (json_int_t) res.size,
                                        "root", root, "files", (json_int_t) t.files, "bytes",
                                        (json_int_t) t.bytes));
    } else {
        printf(_("backup: %s: %" PRIu64 " records of %s, root %s; %" PRIu64 " files, %" PRIu64
                 " bytes, read back and verified\n"),
               dest, res.size, origin, root, t.files, t.bytes);
    }
    return EXIT_DONE;
}

const struct command cmd_backup = {
    "backup",
    run,
    N_("backup -d DIR DEST [--json]"),
    N_("copy the log folder to a new folder while in use, read it back and verify it"),
};
