/*
 * util.c - shared helpers of the txng command
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <utf8proc.h>

#include "cli/cli.h"
#include "core/canon.h"
#include "cli/witness.h"
#include "core/event.h"
#include "core/hash.h"

#define PASSPHRASE_MAX 1024

/* Print "txng: CONTEXT: MESSAGE" with both escaped for the terminal (cli_print_safe()). */
__attribute__((format(printf, 2, 0))) static void
verror(const char *context, const char *fmt, va_list ap)
{
    va_list again;
    char    small[512], *msg = small;
    int     n;

    /* The message is formatted first, so that its arguments (often text read
     * from a file, an image or the command line) are escaped like the context. */
    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int) sizeof small && (msg = malloc((size_t) n + 1)) != NULL) {
        vsnprintf(msg, (size_t) n + 1, fmt, again);
    } else if (n >= (int) sizeof small) {
        msg = small; /* out of memory: the message cut short */
        n   = (int) sizeof small - 1;
    }
    va_end(again);
    cli_progress_end();
    fputs("txng: ", stderr);
    if (context != NULL && *context != '\0') {
        cli_print_safe(stderr, context, strlen(context));
        fputs(": ", stderr);
    }
    if (n > 0)
        cli_print_safe(stderr, msg, (size_t) n);
    fputc('\n', stderr);
    if (msg != small)
        free(msg);
}

void
cli_error(const char *context, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verror(context, fmt, ap);
    va_end(ap);
}

const char *
cli_why(char *buf, size_t size, const txng_diag *diag)
{
    if (diag->value_name == NULL)
        return _(diag->reason);
    snprintf(buf, size, "%s (%s: %s)", _(diag->reason), _(diag->value_name), diag->value);
    return buf;
}

void
cli_report(const char *context, txng_err err, const txng_diag *diag)
{
    char        where[160] = "", because[1024];
    size_t      n          = 0;
    const char *why;

    if (diag != NULL && diag->has_index)
        n += (size_t) snprintf(where + n, sizeof where - n, _("record %" PRIu64 ": "),
                               diag->index);
    if (diag != NULL && diag->line > 0 && n < sizeof where)
        n += (size_t) snprintf(where + n, sizeof where - n, _("line %zu: "), diag->line);
    /* A field is either a name marked for translation (TXNG_N_("lot (10)")), which
     * the catalogue has, or a path or member name of the input ("signatures/0/sig"),
     * which it does not and which gettext() returns unchanged. */
    if (diag != NULL && diag->field[0] != '\0' && n < sizeof where)
        snprintf(where + n, sizeof where - n, "%s: ", _(diag->field));
    if (err == TXNG_ESYS)
        why = strerror(errno);
    else if (diag != NULL && diag->reason != NULL)
        why = cli_why(because, sizeof because, diag);
    else
        why = _(txng_strerror(err));
    cli_error(context, "%s%s", where, why);
}

bool
cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n > m && strcasecmp(s + n - m, suffix) == 0;
}

int
cli_usage(const struct command *cmd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verror(cmd != NULL ? cmd->name : NULL, fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, _("usage: txng %s\n"), cmd->synopsis);
    else
        fputs(_("usage: txng COMMAND [OPTIONS] [ARGUMENTS]\n"), stderr);
    return EXIT_USAGE;
}

int
cli_help(const struct command *cmd, const char *options)
{
    printf(_("usage: txng %s\n"), cmd->synopsis);
    printf("%s\n", _(cmd->summary));
    if (options != NULL)
        printf("\n%s", _(options));
    return EXIT_DONE;
}

int
cli_status(txng_err err)
{
    switch (err) {
    case TXNG_OK:
        return EXIT_DONE;
    case TXNG_ENOTFOUND:
    case TXNG_EBADSIG:
    case TXNG_ECHAIN:
    case TXNG_ECORRUPT:
    case TXNG_EPROOF:
    case TXNG_EFORK:
        return EXIT_NO;
    case TXNG_EINVAL:
        return EXIT_USAGE;
    default:
        return EXIT_FAILED;
    }
}

const char *
cli_dir(const char *opt)
{
    const char *env;

    if (opt != NULL)
        return opt;
    env = getenv("TXNG_DIR");
    return env != NULL && *env != '\0' ? env : NULL;
}

bool
cli_parse_u64(const char *s, uint64_t *out)
{
    return s != NULL && txng_dec_parse(s, strlen(s), out);
}

bool
cli_parse_time(const char *s, int64_t *out)
{
    uint64_t epoch;
    int64_t  t;

    if (cli_parse_u64(s, &epoch)) {
        if (epoch > (uint64_t) 253402300799) /* 9999-12-31T23:59:59Z */
            return false;
        *out = (int64_t) epoch;
        return true;
    }
    if (txng_event_time_parse(s, NULL, NULL, &t, NULL) != TXNG_OK || t < 0)
        return false;
    *out = t;
    return true;
}

int64_t
cli_now(bool have_time, int64_t t)
{
    return have_time ? t : (int64_t) time(NULL);
}

txng_err
cli_read_file(const char *path, char **out, size_t *out_len)
{
    FILE  *f   = stdin;
    char  *buf = NULL, *grown;
    size_t len = 0, cap = 0, got;

    *out = NULL;
    if (strcmp(path, "-") != 0 && (f = fopen(path, "rb")) == NULL)
        return errno == ENOENT ? TXNG_ENOTFOUND : TXNG_ESYS;
    for (;;) {
        if (cap - len < 65536) {
            cap   = cap == 0 ? 65536 : cap * 2;
            grown = realloc(buf, cap + 1);
            if (grown == NULL) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                return TXNG_ENOMEM;
            }
            buf = grown;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int saved = errno;
        free(buf);
        if (f != stdin)
            fclose(f);
        errno = saved;
        return TXNG_ESYS;
    }
    if (f != stdin)
        fclose(f);
    buf[len] = '\0';
    *out     = buf;
    *out_len = len;
    return TXNG_OK;
}

txng_err
cli_read_input(const char *path, char **out, size_t *out_len)
{
    txng_err err = cli_read_file(path, out, out_len);

    if (err == TXNG_ENOTFOUND)
        cli_error(path, _("no such file"));
    else if (err != TXNG_OK)
        cli_report(path, err, NULL);
    return err;
}

txng_err
cli_write_new_file(const char *path, const void *data, size_t len)
{
    const unsigned char *p = data;
    int                  fd, saved;

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? TXNG_EEXIST : TXNG_ESYS;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        len -= (size_t) w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return TXNG_OK;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(path);
    errno = saved;
    return TXNG_ESYS;
}

/* Whether DIR/log.key exists: the folder was a log. */
static bool
has_log_key(const char *dir)
{
    char        path[4200];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", dir, TXNG_LOG_KEY_FILE);
    return stat(path, &st) == 0;
}

/*
 * Say why opening the log in @p dir was refused with EACCES, and what to do. LMDB opens
 * lock.mdb for writing even to read, so a read-only copy of a log (an auditor's evidence,
 * files of another user) cannot be read where it is.
 */
static void
permission_denied(const char *dir, unsigned flags)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/data.mdb", dir);
    if (access(path, R_OK) != 0)
        cli_error(dir, _("data.mdb may not be read by this user (permission denied): run txng as "
                         "a user who may read the log folder"));
    else if (flags & TXNG_LOG_RDONLY)
        cli_error(dir, _("lock.mdb may not be written by this user (permission denied), and "
                         "txng needs it even to read a log: copy the log folder where you may "
                         "write (cp -r) and run txng on the copy"));
    else
        cli_error(dir, _("the log folder may not be written by this user (permission denied): "
                         "run txng as the user who keeps the log"));
}

int
cli_open_log(const char *dir, unsigned flags, txng_log **out)
{
    txng_err    err = txng_log_open(out, dir, flags);
    struct stat st;

    if (err == TXNG_EVERSION && (flags & TXNG_LOG_RDONLY)) {
        txng_log *rw = NULL;

        /* A log of txng 0.2 is brought up to date by a writable open (its `ids` index is
         * filed again from the records); only a newer format stays refused. */
        if (txng_log_open(&rw, dir, flags & ~(unsigned) TXNG_LOG_RDONLY) == TXNG_OK) {
            txng_log_close(rw);
            err = txng_log_open(out, dir, flags);
        }
    }
    if (err == TXNG_OK)
        return EXIT_DONE;
    if (err == TXNG_ENOTFOUND && stat(dir, &st) != 0 && errno == ENOENT)
        cli_error(dir, _("no such folder"));
    else if (err == TXNG_ENOTFOUND && has_log_key(dir))
        cli_error(dir, _("data.mdb is missing, though log.key is here: restore the log from a "
                         "backup (txng backup)"));
    else if (err == TXNG_ENOTFOUND)
        cli_error(dir, _("not a txng log (create one with: txng init -d %s --origin NAME)"), dir);
    else if (err == TXNG_ECORRUPT) {
        cli_error(dir, _("data.mdb is damaged: restore the log from a backup (txng backup)"));
        return EXIT_NO;
    } else if (err == TXNG_EVERSION)
        cli_error(dir, _("this log was written by another version of txng: use a txng as new "
                         "as the one that wrote it, or copy the log where this one may write "
                         "to it once"));
    else if (err == TXNG_ESYS && errno == EACCES)
        permission_denied(dir, flags);
    else
        cli_report(dir, err, NULL);
    return EXIT_FAILED;
}

void
cli_after_append(txng_log *log, const char *dir)
{
    fflush(stdout); /* the acknowledgement first: a witness may take a while */
    (void) cli_witness_ask(log, dir);
}

static char *
read_tty_line(const char *prompt)
{
    struct termios old, quiet;
    char          *pass;
    FILE          *tty;
    bool           restore = false;
    size_t         len;

    tty = fopen("/dev/tty", "r+");
    if (tty == NULL)
        return NULL;
    pass = sodium_malloc(PASSPHRASE_MAX);
    if (pass == NULL) {
        fclose(tty);
        return NULL;
    }
    fputs(prompt, tty);
    fflush(tty);
    if (tcgetattr(fileno(tty), &old) == 0) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~ECHO;
        restore = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
    }
    if (fgets(pass, PASSPHRASE_MAX, tty) == NULL)
        pass[0] = '\0';
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    len = strlen(pass);
    if (len > 0 && pass[len - 1] == '\n')
        pass[--len] = '\0';
    return pass;
}

/* Set when the terminal was asked three times for a new passphrase in vain (said already). */
static bool passphrase_gave_up;

char *
cli_passphrase(const char *env, const char *fallback_env, const char *prompt, bool confirm)
{
    const char *value = getenv(env);
    char       *pass, *again;
    size_t      len;

    if ((value == NULL || *value == '\0') && fallback_env != NULL)
        value = getenv(fallback_env);
    if (value != NULL && *value != '\0') {
        len = strlen(value);
        if (len >= PASSPHRASE_MAX || (pass = sodium_malloc(len + 1)) == NULL)
            return NULL;
        memcpy(pass, value, len + 1);
        return pass;
    }
    if (!confirm)
        return read_tty_line(prompt);
    /* A new passphrase: typed twice, not empty; three tries, each mistake said once. */
    for (int tries = 0; tries < 3; tries++) {
        if ((pass = read_tty_line(prompt)) == NULL)
            return NULL;
        if (*pass == '\0') {
            cli_passphrase_free(pass);
            cli_error(NULL, _("a passphrase may not be empty (without one, give "
                              "--no-passphrase): try again"));
            continue;
        }
        again = read_tty_line(_("repeat the passphrase: "));
        if (again != NULL && strcmp(pass, again) == 0) {
            cli_passphrase_free(again);
            return pass;
        }
        cli_passphrase_free(again);
        cli_passphrase_free(pass);
        cli_error(NULL, _("the passphrases differ: try again"));
    }
    passphrase_gave_up = true;
    return NULL;
}

void
cli_passphrase_free(char *pass)
{
    sodium_free(pass);
}

static int
signer_from_text(const char *what, const char *text, size_t len, const char *env,
                 const char *fallback_env, txng_signer **out)
{
    char     *pass = NULL, prompt[256];
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;

    if (txng_keyfile_encrypted(text, len)) {
        snprintf(prompt, sizeof prompt, _("passphrase for %s: "), what);
        pass = cli_passphrase(env, fallback_env, prompt, false);
        if (pass == NULL) {
            cli_error(what, _("a passphrase is needed: set %s or run on a terminal"), env);
            return EXIT_FAILED;
        }
    }
    err = txng_keyfile_read(out, text, len, pass, &diag);
    cli_passphrase_free(pass);
    if (err == TXNG_EPASSPHRASE) {
        cli_error(what, _("wrong passphrase"));
        return EXIT_FAILED;
    }
    if (err != TXNG_OK) {
        cli_report(what, err, &diag);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

int
cli_log_signer(const char *dir, txng_log *log, txng_signer **out)
{
    char     where[4096], *text = NULL;
    size_t   len = 0;
    txng_err err;
    int      status;

    snprintf(where, sizeof where, "%s/%s", dir, TXNG_LOG_KEY_FILE);
    err = log != NULL ? txng_log_keyfile(log, &text, &len) : cli_read_file(where, &text, &len);
    if (err == TXNG_ENOTFOUND) {
        cli_error(where, _("no such key file"));
        return EXIT_FAILED;
    }
    if (err != TXNG_OK) {
        cli_report(where, err, NULL);
        return EXIT_FAILED;
    }
    status = signer_from_text(where, text, len, "TXNG_LOG_PASSPHRASE", "TXNG_PASSPHRASE", out);
    sodium_memzero(text, len);
    free(text);
    return status;
}

char *
cli_key_path(const char *dir, const char *name)
{
    size_t n    = strlen(dir) + strlen(name) + sizeof "/keys/.key";
    char  *path = malloc(n);

    if (path != NULL)
        snprintf(path, n, "%s/keys/%s.key", dir, name);
    return path;
}

/*
 * Read the key file of @p key (see cli_load_signer()): its path into @p *path and its text
 * into @p *text (both malloc'd; free the text with sodium_memzero first). Prints why on
 * failure; returns the status.
 */
static int
key_file_read(const char *dir, const char *key, char **path, char **text, size_t *len)
{
    size_t   klen = strlen(key);
    txng_err err;

    *text = NULL;
    *len  = 0;
    if (dir == NULL || strchr(key, '/') != NULL ||
        (klen > 4 && strcmp(key + klen - 4, ".key") == 0)) {
        *path = strdup(key);
    } else {
        *path = cli_key_path(dir, key);
    }
    if (*path == NULL) {
        cli_report(key, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    err = cli_read_file(*path, text, len);
    if (err == TXNG_ENOTFOUND)
        cli_error(*path, _("no such key file"));
    else if (err != TXNG_OK)
        cli_report(*path, err, NULL);
    return err == TXNG_OK ? EXIT_DONE : EXIT_FAILED;
}

/* Whether @p name is the name of the key in DIR/log.key (read without its passphrase). */
static bool
is_log_key(const char *dir, const char *name)
{
    char        path[4096], *text = NULL;
    size_t      len = 0;
    txng_pubkey pub;
    bool        is;

    snprintf(path, sizeof path, "%s/%s", dir, TXNG_LOG_KEY_FILE);
    if (cli_read_file(path, &text, &len) != TXNG_OK)
        return false;
    is = txng_keyfile_pubkey(&pub, text, len, NULL) == TXNG_OK && strcmp(pub.name, name) == 0;
    free(text);
    return is;
}

int
cli_load_signer(const char *dir, const char *key, txng_signer **out)
{
    char  *path = NULL, *text = NULL;
    size_t len = 0;
    int    status;

    if (dir != NULL && strchr(key, '/') != NULL && access(key, F_OK) != 0 && is_log_key(dir, key))
        return cli_log_signer(dir, NULL, out); /* the log key by its name, the origin */
    status = key_file_read(dir, key, &path, &text, &len);
    if (status == EXIT_DONE)
        status = signer_from_text(path, text, len, "TXNG_PASSPHRASE", NULL, out);
    if (text != NULL) {
        sodium_memzero(text, len);
        free(text);
    }
    free(path);
    return status;
}

int
cli_load_pubkey(const char *dir, const char *key, txng_pubkey *out)
{
    char     *path = NULL, *text = NULL;
    size_t    len  = 0;
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err;
    int       status;

    status = key_file_read(dir, key, &path, &text, &len);
    if (status == EXIT_DONE && (err = txng_keyfile_pubkey(out, text, len, &diag)) != TXNG_OK) {
        cli_report(path, err, &diag);
        status = EXIT_FAILED;
    }
    if (text != NULL) {
        sodium_memzero(text, len);
        free(text);
    }
    free(path);
    return status;
}

int
cli_new_signer(const char *name, txng_signer **out)
{
    const char   *hex = getenv("TXNG_INSECURE_SEED");
    unsigned char seed[TXNG_SEED_BYTES], mix[TXNG_SEED_BYTES + TXNG_KEY_NAME_MAX + 1];
    size_t        nlen = strlen(name);
    txng_err      err;

    if (!txng_key_name_valid(name)) {
        cli_error(name, _("not a valid key name (no spaces, no '+', at most %d bytes)"),
                  TXNG_KEY_NAME_MAX);
        return EXIT_USAGE;
    }
    if (hex == NULL || *hex == '\0') {
        err = txng_signer_new(out, name);
    } else {
        if (txng_hex_decode(seed, sizeof seed, hex, strlen(hex)) != TXNG_OK) {
            cli_error("TXNG_INSECURE_SEED", _("must be 64 hex digits"));
            return EXIT_USAGE;
        }
        memcpy(mix, seed, sizeof seed);
        memcpy(mix + sizeof seed, name, nlen);
        txng_sha256(seed, mix, sizeof seed + nlen);
        err = txng_signer_from_seed(out, name, seed);
        sodium_memzero(seed, sizeof seed);
        sodium_memzero(mix, sizeof mix);
    }
    if (err != TXNG_OK) {
        cli_report(name, err, NULL);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

int
cli_keyfile_text(const txng_signer *signer, bool plain, bool is_log, const char *who,
                 char **out, size_t *out_len)
{
    char    *pass = NULL, prompt[256];
    txng_err err;

    if (!plain) {
        snprintf(prompt, sizeof prompt, _("new passphrase for %s: "), who);
        pass = cli_passphrase(is_log ? "TXNG_LOG_PASSPHRASE" : "TXNG_PASSPHRASE",
                              "TXNG_PASSPHRASE", prompt, true);
        if (pass == NULL) {
            if (!passphrase_gave_up)
                cli_error(who, _("a passphrase is needed: set TXNG_PASSPHRASE, run on a "
                                 "terminal, or give --no-passphrase"));
            return EXIT_FAILED;
        }
    }
    err = txng_keyfile_write(signer, pass, TXNG_KDF_INTERACTIVE, out, out_len);
    cli_passphrase_free(pass);
    if (err != TXNG_OK) {
        cli_report(who, err, NULL);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

void
cli_warn_plain(const char *path)
{
    cli_error(path, _("warning: key file written without a passphrase"));
}

static bool   progress_shown;
static time_t progress_start, progress_last;

void
cli_progress(void *ctx, uint64_t done, uint64_t total)
{
    const char *what = ctx;
    time_t      now;

    if (!isatty(STDERR_FILENO))
        return;
    now = time(NULL);
    if (progress_start == 0)
        progress_start = now;
    if (now - progress_start < 1 || (now == progress_last && done != total))
        return;
    progress_last = now;
    progress_shown = true;
    if (total > 0)
        fprintf(stderr, "\r%s: %" PRIu64 "/%" PRIu64 " (%u%%)", what, done, total,
                (unsigned) (done * 100 / total));
    else
        fprintf(stderr, "\r%s: %" PRIu64, what, done);
    fflush(stderr);
}

void
cli_progress_note(const char *text)
{
    if (!isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "\r\033[K%s", text);
    fflush(stderr);
    progress_shown = true;
}

void
cli_progress_end(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
}

txng_err
cli_events_add(struct cli_events *e, json_t *ev, size_t line)
{
    if (e->n == e->cap) {
        size_t   cap = e->cap == 0 ? 256 : e->cap * 2;
        json_t **v   = realloc(e->v, cap * sizeof *v);
        size_t  *l;

        if (v == NULL)
            return TXNG_ENOMEM;
        e->v = v;
        l    = realloc(e->line, cap * sizeof *l);
        if (l == NULL)
            return TXNG_ENOMEM;
        e->line = l;
        e->cap  = cap;
    }
    e->line[e->n] = line;
    e->v[e->n++]  = ev;
    return TXNG_OK;
}

void
cli_events_free(struct cli_events *e)
{
    for (size_t i = 0; i < e->n; i++)
        json_decref(e->v[i]);
    free(e->v);
    free(e->line);
}

int
cli_events_print(const struct cli_events *e, const char *path)
{
    for (size_t i = 0; i < e->n; i++) {
        char    *bytes = NULL;
        size_t   len;
        txng_err err   = txng_canon_encode(e->v[i], &bytes, &len);

        if (err != TXNG_OK) {
            cli_report(path, err, NULL);
            return EXIT_FAILED;
        }
        printf("%s\n", bytes);
        free(bytes);
    }
    return EXIT_DONE;
}

char *
cli_state_dir(const char *opt)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char       *p;
    size_t      len;

    if (opt != NULL)
        return strdup(opt);
    if (xdg != NULL && xdg[0] == '/') {
        len = strlen(xdg) + 32;
        if ((p = malloc(len)) != NULL)
            snprintf(p, len, "%s/txng/verifier-state", xdg);
        return p;
    }
    if (home == NULL || home[0] != '/')
        return NULL;
    len = strlen(home) + 48;
    if ((p = malloc(len)) != NULL)
        snprintf(p, len, "%s/.local/share/txng/verifier-state", home);
    return p;
}

void
cli_print_accepted(const txng_vstate_result *vs)
{
    if (vs->evidence != NULL)
        cli_error(vs->evidence,
                  _("the refused checkpoint is kept here as evidence, beside the state"));
    printf(_("accepted before (size %" PRIu64 "):\n"), vs->old_size);
    fwrite(vs->old_note, 1, vs->old_len, stdout);
}

const char *
cli_vstate_word(const txng_vstate_result *vs)
{
    return vs->verdict == TXNG_VSTATE_FIRST  ? "first"
           : vs->verdict == TXNG_VSTATE_SAME ? "same"
                                             : "forward";
}

void
cli_print_vstate(const txng_vstate_result *vs)
{
    if (vs->verdict == TXNG_VSTATE_FIRST)
        printf(_("state: first checkpoint of this origin, remembered\n"));
    else if (vs->verdict == TXNG_VSTATE_SAME)
        printf(_("state: the checkpoint accepted before\n"));
    else
        printf(_("state: consistent with size %" PRIu64 ", moved forward\n"), vs->old_size);
}

/*
 * Untrusted text (a decoded QR code, a URI, a file name, a value read from a
 * file) reaches the terminal only through here: every byte a terminal could
 * act on is written as \xNN instead, namely C0 and C1 control characters
 * and DEL (ESC starts cursor moves and colour changes, CR overwrites the
 * line), format characters (Cf: bidirectional overrides reorder what is
 * shown), line and paragraph separators, surrogates, private-use characters,
 * and bytes that are not UTF-8. Printable UTF-8 (Vietnamese) and the space
 * are kept.
 */
void
cli_print_safe(FILE *f, const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) s;
    size_t                  i = 0;

    while (i < len) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t n  = utf8proc_iterate(p + i, (utf8proc_ssize_t) (len - i), &cp);
        bool             ok = n > 0;

        if (ok) {
            utf8proc_category_t cat = utf8proc_category(cp);

            ok = cat != UTF8PROC_CATEGORY_CC && cat != UTF8PROC_CATEGORY_CF &&
                 cat != UTF8PROC_CATEGORY_ZL && cat != UTF8PROC_CATEGORY_ZP &&
                 cat != UTF8PROC_CATEGORY_CS && cat != UTF8PROC_CATEGORY_CO;
        } else {
            n = 1;
        }
        if (ok)
            fwrite(p + i, 1, (size_t) n, f);
        else
            for (utf8proc_ssize_t k = 0; k < n; k++)
                fprintf(f, "\\x%02x", p[i + (size_t) k]);
        i += (size_t) n;
    }
}

bool
cli_biz_step_is(const char *biz_step, const char *name)
{
    size_t n, m;

    if (biz_step == NULL)
        return false;
    n = strlen(biz_step);
    m = strlen(name);
    return n >= m && strcmp(biz_step + n - m, name) == 0 && (n == m || biz_step[n - m - 1] == ':');
}

const char *
cli_pgettext(const char *ctx, const char *msgid)
{
    char        key[256];
    const char *t;
    int         n = snprintf(key, sizeof key, "%s\004%s", ctx, msgid);

    if (n < 0 || (size_t) n >= sizeof key)
        return msgid;
    t = gettext(key);
    return t == key ? msgid : t; /* gettext returns its argument when it has no translation */
}

/*
 * The bizSteps text output names in the language of messages: CBV 2.0's
 * (core/epcis.c checks them), and txng's own under urn:txng:bizstep:
 * (core/cte.c). Marked only: cli_pgettext() translates them.
 */
static const char *const cbv_biz_steps[] = {
    /* TRANSLATORS: CBV 2.0 business steps, as txng trace names the step of an event in
     * "record 3: receiving 2025-09-21T09:00+07:00": short, lower case, no commas */
    NC_("bizStep", "accepting"),
    NC_("bizStep", "arriving"),
    NC_("bizStep", "assembling"),
    NC_("bizStep", "collecting"),
    NC_("bizStep", "commissioning"),
    NC_("bizStep", "consigning"),
    NC_("bizStep", "creating_class_instance"),
    NC_("bizStep", "cycle_counting"),
    NC_("bizStep", "decommissioning"),
    NC_("bizStep", "departing"),
    NC_("bizStep", "destroying"),
    NC_("bizStep", "disassembling"),
    NC_("bizStep", "dispensing"),
    NC_("bizStep", "encoding"),
    NC_("bizStep", "entering_exiting"),
    NC_("bizStep", "holding"),
    NC_("bizStep", "inspecting"),
    NC_("bizStep", "installing"),
    NC_("bizStep", "killing"),
    NC_("bizStep", "loading"),
    NC_("bizStep", "other"),
    NC_("bizStep", "packing"),
    NC_("bizStep", "picking"),
    NC_("bizStep", "receiving"),
    NC_("bizStep", "removing"),
    NC_("bizStep", "repackaging"),
    NC_("bizStep", "repairing"),
    NC_("bizStep", "replacing"),
    NC_("bizStep", "reserving"),
    NC_("bizStep", "retail_selling"),
    NC_("bizStep", "shipping"),
    NC_("bizStep", "staging_outbound"),
    NC_("bizStep", "stock_taking"),
    NC_("bizStep", "stocking"),
    NC_("bizStep", "storing"),
    NC_("bizStep", "transporting"),
    NC_("bizStep", "unloading"),
    NC_("bizStep", "unpacking"),
    NC_("bizStep", "void_shipping"),
    NC_("bizStep", "sensor_reporting"),
    NC_("bizStep", "sampling"),
};
static const char *const txng_biz_steps[] = {
    /* TRANSLATORS: txng's own steps (urn:txng:bizstep:STEP), named as the CBV ones */
    NC_("bizStep", "plant"),      NC_("bizStep", "treat"),       NC_("bizStep", "harvest"),
    NC_("bizStep", "wash-grade"), NC_("bizStep", "transform"),   NC_("bizStep", "recall"),
    NC_("bizStep", "certify"),    NC_("bizStep", "claim-codes"), NC_("bizStep", "claim"),
};

static const char *
known_word(const char *word, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, words[i]) == 0)
            return words[i];
    return NULL;
}

const char *
cli_biz_step_name(const char *biz_step, const char *shown)
{
    static const char *const cbv_prefixes[] = {
        "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-",
        "", /* EPCIS 2.0 JSON-LD's bare word, as txng writes it */
    };
    const size_t ncbv  = sizeof cbv_biz_steps / sizeof cbv_biz_steps[0];
    const size_t ntxng = sizeof txng_biz_steps / sizeof txng_biz_steps[0];
    const char  *word  = NULL, *t;

    if (biz_step == NULL)
        return shown;
    if (strncmp(biz_step, TXNG_BIZSTEP_PREFIX, strlen(TXNG_BIZSTEP_PREFIX)) == 0)
        word = known_word(biz_step + strlen(TXNG_BIZSTEP_PREFIX), txng_biz_steps, ntxng);
    for (size_t i = 0; word == NULL && i < sizeof cbv_prefixes / sizeof cbv_prefixes[0]; i++)
        if (strncmp(biz_step, cbv_prefixes[i], strlen(cbv_prefixes[i])) == 0)
            word = known_word(biz_step + strlen(cbv_prefixes[i]), cbv_biz_steps, ncbv);
    if (word == NULL)
        return shown;
    t = cli_pgettext("bizStep", word);
    return t != word ? t : shown;
}

int
cli_dir_json_options(const struct command *cmd, const char *options, int argc, char **argv,
                     const char **dir, bool *json)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            *dir = optarg;
            break;
        case 'j':
            *json = true;
            break;
        case 'h':
            return cli_help(cmd, options);
        case ':':
            return cli_usage(cmd, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(cmd, _("unknown option %s"), argv[optind - 1]);
        }
    }
    return -1;
}

bool
cli_print_json(json_t *j)
{
    char *s = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

    json_decref(j);
    if (s == NULL)
        return false;
    printf("%s\n", s);
    free(s);
    return true;
}

/* The keys that could sign for a command without --as (signing_key()). */
struct signing_keys {
    const char *dir;
    size_t      n;                                     /* how many */
    char        first[TXNG_KEY_NAME_MAX + 1];          /* the first, in enrolment order */
    char        list[9 * (TXNG_KEY_NAME_MAX + 2) + 8]; /* the first 8, ", " between */
};

/*
 * txng_log_keys() callback: count @p k when it could sign, that is enrolled,
 * not revoked, not the log key, and DIR/keys/NAME.key holds it (read without
 * its passphrase).
 */
static txng_err
signing_key(void *ctx, const txng_key_info *k)
{
    struct signing_keys *sk   = ctx;
    char                *path = NULL, *text = NULL;
    size_t               len = 0, at;
    txng_pubkey          pub;
    bool                 ok = false;

    if (k->is_revoked || strcmp(k->role, "log") == 0)
        return TXNG_OK;
    if ((path = cli_key_path(sk->dir, k->key.name)) == NULL)
        return TXNG_ENOMEM;
    if (cli_read_file(path, &text, &len) == TXNG_OK) {
        ok = txng_keyfile_pubkey(&pub, text, len, NULL) == TXNG_OK &&
             txng_pubkey_equal(&pub, &k->key);
        sodium_memzero(text, len); /* a key file written without a passphrase is a secret */
        free(text);
    }
    free(path);
    if (!ok)
        return TXNG_OK;
    if (sk->n == 0)
        snprintf(sk->first, sizeof sk->first, "%s", k->key.name);
    at = strlen(sk->list);
    if (sk->n < 8)
        snprintf(sk->list + at, sizeof sk->list - at, "%s%s", sk->n > 0 ? ", " : "", k->key.name);
    else if (sk->n == 8)
        snprintf(sk->list + at, sizeof sk->list - at, ", ...");
    sk->n++;
    return TXNG_OK;
}

int
cli_only_key(const struct command *cmd, const char *dir, txng_log *log,
             char name[TXNG_KEY_NAME_MAX + 1])
{
    struct signing_keys sk   = { .dir = dir };
    txng_log           *own  = NULL;
    int                 status;
    txng_err            err;

    if (log == NULL) {
        if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &own)) != EXIT_DONE)
            return status;
        log = own;
    }
    err = txng_log_keys(log, signing_key, &sk);
    txng_log_close(own);
    if (err != TXNG_OK) {
        cli_report(dir, err, NULL);
        return cli_status(err);
    }
    if (sk.n == 1) {
        snprintf(name, TXNG_KEY_NAME_MAX + 1, "%s", sk.first);
        return EXIT_DONE;
    }
    if (sk.n == 0)
        return cli_usage(cmd, _("no key: give --as KEY"));
    return cli_usage(cmd, _("no key: give --as KEY (this log's keys: %s)"), sk.list);
}
