/*
 * cmd_key.c - txng key new|list|revoke|export: the keys a log admits
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/canon.h"
#include "core/record.h"

static const char options[] =
    N_("subcommands:\n"
       "  new NAME --role ROLE    make a key, enrol it in the log, print its verifier key\n"
       "  add VKEY --role ROLE    enrol someone else's key (a supplier's, a member's)\n"
       "  list                    the keys the log knows\n"
       "  revoke NAME             withdraw a key: later records may not use it\n"
       "  export NAME             print a key's verifier key\n"
       "options:\n"
       "  -d, --dir DIR           the log folder (or $TXNG_DIR)\n"
       "  -r, --role ROLE         role of a new key: admin, grower, cooperative, processor ...\n"
       "  -o, --out FILE          where to write the new key file (default DIR/keys/NAME.key)\n"
       "  -n, --no-passphrase     write the new key file without a passphrase\n"
       "      --reason TEXT       why a key is revoked\n"
       "  -t, --time TIME         time of the record (RFC 3339, or seconds since 1970)\n"
       "  -j, --json              machine-readable output\n"
       "  -h, --help              show this help\n");

struct key_opts {
    const char *dir, *role, *out, *reason;
    bool        plain, have_time, json;
    int64_t     t;
};

/*
 * Append one event signed by the log key @p logkey (unlocked by the caller, or
 * here when NULL), under the writer lock; with --time, not before the newest
 * record (records are kept in time order, as for txng record --recorded).
 */
static int
append_by_log(const struct key_opts *o, txng_log *log, const txng_signer *logkey, json_t *event,
              const char *context)
{
    txng_signer *own  = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_err     err;
    int          status = EXIT_DONE;

    if (logkey == NULL) {
        if ((status = cli_log_signer(o->dir, log, &own)) != EXIT_DONE)
            return status;
        logkey = own;
    }
    if ((err = txng_log_lock(log, &diag)) != TXNG_OK) {
        txng_signer_free(own);
        cli_report(o->dir, err, &diag);
        return cli_status(err);
    }
    if (o->have_time)
        status = cli_recorded_check(&cmd_key, "--time", log, o->t, cli_max_skew());
    if (status == EXIT_DONE) {
        err = txng_log_append_as(log, logkey, logkey, &event, 1, cli_now(o->have_time, o->t), NULL,
                                 &diag);
        if (err != TXNG_OK) {
            cli_report(context, err, &diag);
            status = EXIT_FAILED;
        }
    }
    txng_log_unlock(log);
    txng_signer_free(own);
    return status;
}

/*
 * Print key @p k as key list prints it: one tab-separated line, or with
 * --json one JSON object, with "file" when @p file is not NULL.
 */
static txng_err
print_key_info(const struct key_opts *o, const txng_key_info *k, const char *file)
{
    char    vkey[TXNG_VKEY_MAX];
    json_t *j;
    char   *s;

    txng_pubkey_format(&k->key, vkey);
    if (!o->json) {
        printf("%s\t%08" PRIx32 "\t%s\t%" PRIu64, k->key.name, k->key.id, k->role, k->enrolled);
        if (k->is_revoked)
            printf("\t%s %" PRIu64, _("revoked at"), k->revoked);
        putchar('\n');
        return TXNG_OK;
    }
    j = json_pack("{s:s, s:s, s:s, s:I}", "name", k->key.name, "key", vkey, "role", k->role,
                  "enrolled", (json_int_t) k->enrolled);
    if (j == NULL)
        return TXNG_ENOMEM;
    if (k->is_revoked && json_object_set_new(j, "revoked", json_integer((json_int_t) k->revoked)))
        goto nomem;
    if (file != NULL && json_object_set_new(j, "file", json_string(file)))
        goto nomem;
    s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    if (s == NULL)
        goto nomem;
    printf("%s\n", s);
    free(s);
    json_decref(j);
    return TXNG_OK;
nomem:
    json_decref(j);
    return TXNG_ENOMEM;
}

/*
 * With --json, print the key @p name as the log now knows it (after the
 * record that enrolled or revoked it), as one line of key list --json.
 */
static int
print_key_json(const struct key_opts *o, txng_log *log, const char *name, const char *file)
{
    txng_key_info info;
    txng_err      err = txng_log_key(log, name, &info);

    if (err == TXNG_OK)
        err = print_key_info(o, &info, file);
    if (err != TXNG_OK) {
        cli_report(name, err, NULL);
        return cli_status(err);
    }
    return EXIT_DONE;
}

/* Refuse a new key's --role when missing or not a role; EXIT_DONE when good. */
static int
check_role(const struct key_opts *o)
{
    if (o->role == NULL)
        return cli_usage(&cmd_key, _("no role: give --role ROLE"));
    if (!txng_log_role_valid(o->role, strlen(o->role)))
        return cli_usage(
            &cmd_key, _("--role: a word of letters a-z other than log, e.g. grower: %s"), o->role);
    return EXIT_DONE;
}

/*
 * Open the log with @p flags and look the key name @p name up in *info: refuse
 * a name the log does not know (status 1) when @p known, or one it has given
 * already (3) when not, as for a new key.
 */
static int
open_log_key(const struct key_opts *o, const char *name, unsigned flags, bool known, txng_log **out,
             txng_key_info *info)
{
    int  status = cli_open_log(o->dir, flags, out);
    bool found;

    if (status != EXIT_DONE)
        return status;
    found = txng_log_key(*out, name, info) == TXNG_OK;
    if (found != known) {
        if (known)
            cli_error(name, _("no such key in this log"));
        else
            cli_error(name, _("key name already taken"));
        status = known ? EXIT_NO : EXIT_FAILED;
    } else if (o->have_time && !(flags & TXNG_LOG_RDONLY)) {
        /* before a key file is written or a passphrase asked; again under the lock */
        status = cli_recorded_check(&cmd_key, "--time", *out, o->t, cli_max_skew());
    }
    if (status != EXIT_DONE) {
        txng_log_close(*out);
        *out = NULL;
    }
    return status;
}

/* Append the record that enrols the verifier key @p vkey with o->role, signed by
 * @p logkey (NULL: unlock it here); @p context names it. */
static int
enrol(const struct key_opts *o, txng_log *log, const txng_signer *logkey, const char *vkey,
      const char *context)
{
    json_t *event;
    int     status;

    event = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", o->role);
    if (event == NULL) {
        cli_report(context, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    status = append_by_log(o, log, logkey, event, context);
    json_decref(event);
    return status;
}

static int
key_new(const struct key_opts *o, const char *name)
{
    txng_log     *log    = NULL;
    txng_signer  *signer = NULL, *logkey = NULL;
    txng_key_info info;
    char         *path = NULL, *text = NULL, vkey[TXNG_VKEY_MAX];
    size_t        len   = 0;
    bool          wrote = false;
    txng_err      err;
    int           status;

    if ((status = check_role(o)) != EXIT_DONE)
        return status;
    if (!txng_key_name_valid(name))
        return cli_usage(&cmd_key, _("not a valid key name (no spaces, no '+'): %s"), name);
    if ((status = open_log_key(o, name, 0, false, &log, &info)) != EXIT_DONE)
        return status;
    /* The key file is DIR/keys/NAME.key: a '/' in NAME would put it elsewhere. */
    if (o->out == NULL && strchr(name, '/') != NULL) {
        status = cli_usage(&cmd_key,
                           _("a key name with '/' cannot name a file in DIR/keys: give --out "
                             "FILE, or a name without '/': %s"),
                           name);
        goto out;
    }
    /* The log key first: a wrong passphrase for it leaves no folder, file or new key behind. */
    if ((status = cli_log_signer(o->dir, log, &logkey)) != EXIT_DONE)
        goto out;
    if (o->out != NULL) {
        path = strdup(o->out);
    } else {
        path = cli_key_path(o->dir, "");
        if (path != NULL) {
            path[strlen(path) - strlen("/.key")] = '\0'; /* DIR/keys */
            if (mkdir(path, 0700) != 0 && errno != EEXIST) {
                cli_report(path, TXNG_ESYS, NULL);
                status = EXIT_FAILED;
                goto out;
            }
            free(path);
            path = cli_key_path(o->dir, name);
        }
    }
    if (path == NULL) {
        cli_report(name, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    if (access(path, F_OK) == 0) {
        cli_error(path, _("a key file already exists here"));
        status = EXIT_FAILED;
        goto out;
    }
    if ((status = cli_new_signer(name, &signer)) != EXIT_DONE)
        goto out;
    if ((status = cli_keyfile_text(signer, o->plain, false, name, &text, &len)) != EXIT_DONE)
        goto out;
    err = cli_write_new_file(path, text, len);
    if (err != TXNG_OK) {
        cli_report(path, err, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    wrote = true;
    txng_pubkey_format(txng_signer_pubkey(signer), vkey);
    status = enrol(o, log, logkey, vkey, name);
    if (status == EXIT_DONE) {
        wrote = false;
        if (o->json)
            status = print_key_json(o, log, name, path);
        else
            printf("%s\n", vkey);
        if (o->plain)
            cli_warn_plain(path);
        cli_after_append(log, o->dir);
    }
out:
    if (wrote)
        unlink(path); /* the key was not enrolled: leave nothing behind */
    if (text != NULL) {
        sodium_memzero(text, len);
        free(text);
    }
    free(path);
    txng_signer_free(signer);
    txng_signer_free(logkey);
    txng_log_close(log);
    return status;
}

/*
 * Enrol someone else's public key, given as a verifier key: a supplier or
 * a member whose signed events this log will hold.
 */
static int
key_add(const struct key_opts *o, const char *vkey)
{
    txng_log     *log = NULL;
    txng_pubkey   pub;
    txng_key_info info;
    txng_diag     diag = TXNG_DIAG_INIT;
    char          ref[TXNG_KEYREF_MAX];
    int           status;

    if ((status = check_role(o)) != EXIT_DONE)
        return status;
    if (txng_pubkey_parse(&pub, vkey, strlen(vkey), &diag) != TXNG_OK) {
        cli_report(vkey, TXNG_EFORMAT, &diag);
        return cli_usage(&cmd_key, _("give a verifier key NAME+ID+KEY, as txng key export prints"));
    }
    if ((status = open_log_key(o, pub.name, 0, false, &log, &info)) != EXIT_DONE)
        return status;
    status = enrol(o, log, NULL, vkey, pub.name);
    if (status == EXIT_DONE) {
        txng_pubkey_ref(&pub, ref);
        if (o->json)
            status = print_key_json(o, log, pub.name, NULL);
        else
            printf(_("enrolled %s\n"), ref);
        cli_after_append(log, o->dir);
    }
    txng_log_close(log);
    return status;
}

static txng_err
print_key(void *ctx, const txng_key_info *k)
{
    return print_key_info(ctx, k, NULL);
}

static int
key_list(struct key_opts *o)
{
    txng_log *log = NULL;
    txng_err  err;
    int       status;

    status = cli_open_log(o->dir, TXNG_LOG_RDONLY, &log);
    if (status != EXIT_DONE)
        return status;
    err = txng_log_keys(log, print_key, o);
    if (err != TXNG_OK) {
        cli_report(o->dir, err, NULL);
        status = cli_status(err);
    }
    txng_log_close(log);
    return status;
}

static int
key_revoke(const struct key_opts *o, const char *name)
{
    txng_log     *log = NULL;
    txng_key_info info;
    json_t       *event  = NULL;
    char         *reason = NULL, ref[TXNG_KEYREF_MAX];
    txng_err      err;
    int           status;

    /* Text from the command line is normalised to NFC here, at the edge. */
    if (o->reason != NULL && (err = txng_nfc(&reason, o->reason, strlen(o->reason))) != TXNG_OK) {
        if (err == TXNG_EFORMAT)
            return cli_usage(&cmd_key, _("--reason: not valid UTF-8"));
        cli_report(name, err, NULL);
        return EXIT_FAILED;
    }
    if ((status = open_log_key(o, name, 0, true, &log, &info)) != EXIT_DONE)
        goto out;
    if (info.is_revoked) {
        cli_error(name, _("key already revoked at record %" PRIu64), info.revoked);
        status = EXIT_FAILED;
        goto out;
    }
    if (strcmp(info.role, "log") == 0) {
        cli_error(name, _("the log key cannot be revoked"));
        status = EXIT_FAILED;
        goto out;
    }
    txng_pubkey_ref(&info.key, ref);
    event = json_pack("{s:s, s:s}", "type", TXNG_TYPE_KEY_REVOKE, "key", ref);
    if (event != NULL && reason != NULL &&
        json_object_set_new(event, "reason", json_string(reason)) != 0) {
        json_decref(event);
        event = NULL;
    }
    if (event == NULL) {
        cli_report(name, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    status = append_by_log(o, log, NULL, event, name);
    if (status == EXIT_DONE) {
        if (o->json)
            status = print_key_json(o, log, name, NULL);
        else
            printf(_("revoked %s\n"), ref);
        cli_after_append(log, o->dir);
    }
out:
    json_decref(event);
    free(reason);
    txng_log_close(log);
    return status;
}

static int
key_export(const struct key_opts *o, const char *name)
{
    txng_log     *log = NULL;
    txng_key_info info;
    char          vkey[TXNG_VKEY_MAX];
    int           status;

    if ((status = open_log_key(o, name, TXNG_LOG_RDONLY, true, &log, &info)) != EXIT_DONE)
        return status;
    txng_pubkey_format(&info.key, vkey);
    if (o->json) {
        if (print_key_info(o, &info, NULL) != TXNG_OK) {
            cli_report(name, TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
        }
    } else {
        printf("%s\n", vkey);
    }
    txng_log_close(log);
    return status;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },     { "role", required_argument, NULL, 'r' },
        { "out", required_argument, NULL, 'o' },     { "no-passphrase", no_argument, NULL, 'n' },
        { "reason", required_argument, NULL, 'R' },  { "time", required_argument, NULL, 't' },
        { "json", no_argument, NULL, 'j' },          { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct key_opts o = { 0 };
    const char     *sub;
    int             c, nargs;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:r:o:nR:t:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o.dir = optarg;
            break;
        case 'r':
            o.role = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        case 'n':
            o.plain = true;
            break;
        case 'R':
            o.reason = optarg;
            break;
        case 't':
            if (!cli_parse_time(optarg, &o.t))
                return cli_usage(&cmd_key, _("--time: not a time: %s"), optarg);
            o.have_time = true;
            break;
        case 'j':
            o.json = true;
            break;
        case 'h':
            return cli_help(&cmd_key, options);
        case ':':
            return cli_usage(&cmd_key, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_key, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage(&cmd_key, _("no subcommand: new, add, list, revoke or export"));
    sub   = argv[optind];
    nargs = argc - optind - 1;
    if ((o.dir = cli_dir(o.dir)) == NULL)
        return cli_usage(&cmd_key, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (strcmp(sub, "list") == 0) {
        if (nargs != 0)
            return cli_usage(&cmd_key, _("unexpected argument %s"), argv[optind + 1]);
        return key_list(&o);
    }
    if (strcmp(sub, "new") != 0 && strcmp(sub, "revoke") != 0 && strcmp(sub, "export") != 0 &&
        strcmp(sub, "add") != 0)
        return cli_usage(&cmd_key, _("no such subcommand: %s"), sub);
    if (nargs != 1)
        return cli_usage(&cmd_key, nargs == 0 ? _("no key name") : _("too many arguments"));
    if (strcmp(sub, "add") == 0)
        return key_add(&o, argv[optind + 1]);
    if (strcmp(sub, "new") == 0)
        return key_new(&o, argv[optind + 1]);
    if (strcmp(sub, "revoke") == 0)
        return key_revoke(&o, argv[optind + 1]);
    return key_export(&o, argv[optind + 1]);
}

const struct command cmd_key = {
    "key",
    run,
    "key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]",
    N_("make, list, revoke and export the keys that may sign events"),
};
