/*
 * cmd_read.c - txng log, show, checkpoint, prove: reading a log
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/hash.h"
#include "core/note.h"
#include "core/record.h"

static const char log_options[] = N_("options:\n"
                                     "  -d, --dir DIR     the log folder (or $TXNG_DIR)\n"
                                     "  -f, --from N      start at record N (default 0)\n"
                                     "  -l, --limit N     show at most N records\n"
                                     "  -j, --json        the stored records, one per line\n"
                                     "  -h, --help        show this help\n"
                                     "Each line: index, recorded time, step (or event type), signers.\n");

static const char show_options[] = N_("options:\n"
                                      "  -d, --dir DIR     the log folder (or $TXNG_DIR)\n"
                                      "  -j, --json        the record exactly as stored\n"
                                      "  -h, --help        show this help\n");

static const char checkpoint_options[] =
    N_("options:\n"
       "  -d, --dir DIR     the log folder (or $TXNG_DIR)\n"
       "  -s, --size N      the checkpoint signed at size N (default: the newest)\n"
       "  -j, --json        {\"origin\",\"size\",\"root\",\"note\"}: the note's fields and the note\n"
       "  -h, --help        show this help\n"
       "The checkpoint is a C2SP signed note: origin, size, root hash, signature.\n");

static const char prove_options[] =
    N_("options:\n"
       "  -d, --dir DIR               the log folder (or $TXNG_DIR)\n"
       "  -c, --consistency OLD NEW   prove that the log at size OLD is a prefix of size NEW\n"
       "  -j, --json                  the proof as JSON: with INDEX, the newest checkpoint's\n"
       "                              fields and note, \"index\" and \"proof\" (base64 hashes);\n"
       "                              with --consistency, \"old\", \"new\" and \"proof\"\n"
       "  -h, --help                  show this help\n"
       "With INDEX, print a C2SP tlog-proof: record INDEX is in the newest checkpoint.\n");

/*
 * An option of another reading command, e.g. --size given to log: name it by
 * its long form, since argv[optind - 1] may be its value.
 */
static int
not_here(const struct command *cmd, const struct option *longopts, int c)
{
    char name[32] = "";

    for (; longopts->name != NULL; longopts++)
        if (longopts->val == c)
            snprintf(name, sizeof name, "--%s", longopts->name);
    return cli_usage(cmd, _("unknown option %s"), name);
}

/* Parse the common options of the reading commands. */
struct read_opts {
    const char *dir;
    uint64_t    from, limit, size;
    bool        json, have_limit, have_size, consistency;
};

static int
parse_opts(const struct command *cmd, const char *help, int argc, char **argv,
           struct read_opts *o)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },   { "from", required_argument, NULL, 'f' },
        { "limit", required_argument, NULL, 'l' }, { "size", required_argument, NULL, 's' },
        { "json", no_argument, NULL, 'j' },        { "consistency", no_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 },
    };
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:f:l:s:jch", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->dir = optarg;
            break;
        case 'f':
        case 'l':
        case 's':
            if (cmd == &cmd_log && c == 's')
                return not_here(cmd, longopts, c);
            if (cmd != &cmd_log && c != 's')
                return not_here(cmd, longopts, c);
            if (cmd == &cmd_checkpoint || cmd == &cmd_log) {
                uint64_t v;

                if (!cli_parse_u64(optarg, &v))
                    return cli_usage(cmd, _("not a number: %s"), optarg);
                if (c == 'f')
                    o->from = v;
                else if (c == 'l')
                    o->limit = v, o->have_limit = true;
                else
                    o->size = v, o->have_size = true;
                break;
            }
            return not_here(cmd, longopts, c);
        case 'j':
            o->json = true;
            break;
        case 'c':
            if (cmd != &cmd_prove)
                return not_here(cmd, longopts, c);
            o->consistency = true;
            break;
        case 'h':
            cli_help(cmd, help);
            return -1;
        case ':':
            return cli_usage(cmd, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(cmd, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if ((o->dir = cli_dir(o->dir)) == NULL)
        return cli_usage(cmd, _("no log folder: give -d DIR or set TXNG_DIR"));
    return EXIT_DONE;
}

/* "name+hex8,name+hex8" of a record's signers, into @p out. */
static void
signers(const json_t *sigs, char *out, size_t cap)
{
    size_t  n = 0, i;
    json_t *s;

    out[0] = '\0';
    json_array_foreach(sigs, i, s) {
        const char *key = json_string_value(json_object_get(s, "key"));
        const char *plus;

        if (key == NULL || n >= cap)
            continue;
        plus = strchr(key, '+');
        n += (size_t) snprintf(out + n, cap - n, "%s%.*s", i > 0 ? "," : "",
                               plus != NULL ? (int) (plus - key) : (int) strlen(key), key);
    }
}

/*
 * Say that there is no record @p index in @p log, with the indexes there are. A log
 * whose size covers @p index lost it (a damaged store): only the index is named.
 */
static void
no_record(txng_log *log, const char *dir, uint64_t index)
{
    uint64_t size = 0;

    if (txng_log_size(log, &size) != TXNG_OK || index < size)
        cli_error(dir, _("no record %" PRIu64 " in this log"), index);
    else if (size == 0)
        cli_error(dir, _("no record %" PRIu64 ": the log has no records"), index);
    else if (size == 1)
        cli_error(dir, _("no record %" PRIu64 ": the log has 1 record (0)"), index);
    else
        cli_error(dir,
                  _("no record %" PRIu64 ": the log has %" PRIu64 " records (0 to %" PRIu64 ")"),
                  index, size, size - 1);
}

static int
read_record(txng_log *log, const char *dir, uint64_t index, char **bytes, size_t *len,
            txng_record **rec)
{
    txng_diag diag = TXNG_DIAG_INIT;
    txng_err  err  = txng_log_get(log, index, bytes, len);

    if (err == TXNG_OK)
        err = txng_record_decode(rec, *bytes, *len, &diag);
    if (err == TXNG_ENOTFOUND) {
        no_record(log, dir, index);
        return EXIT_NO;
    }
    if (err != TXNG_OK) {
        diag.has_index = true;
        diag.index     = index;
        cli_report(dir, err, &diag);
        return err == TXNG_EFORMAT ? EXIT_NO : cli_status(err);
    }
    return EXIT_DONE;
}

static int
run_log(int argc, char **argv)
{
    struct read_opts o = { 0 };
    txng_log        *log = NULL;
    uint64_t         size = 0, end;
    int              status;

    if ((status = parse_opts(&cmd_log, log_options, argc, argv, &o)) != EXIT_DONE)
        return status < 0 ? EXIT_DONE : status;
    if (optind != argc)
        return cli_usage(&cmd_log, _("unexpected argument %s"), argv[optind]);
    if ((status = cli_open_log(o.dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    if (txng_log_size(log, &size) != TXNG_OK) {
        cli_error(o.dir, _("cannot read the log's size"));
        status = EXIT_FAILED;
        goto out;
    }
    /* Right after the last record is where a reader that has seen them all goes on. */
    if (o.from > size) {
        no_record(log, o.dir, o.from);
        status = EXIT_NO;
        goto out;
    }
    end = size;
    if (o.have_limit && o.from <= size && size - o.from > o.limit)
        end = o.from + o.limit;
    for (uint64_t i = o.from; i < end; i++) {
        char        *bytes = NULL, who[512];
        size_t       len   = 0;
        txng_record *rec   = NULL;

        if ((status = read_record(log, o.dir, i, &bytes, &len, &rec)) != EXIT_DONE) {
            free(bytes);
            goto out;
        }
        if (o.json) {
            fwrite(bytes, 1, len, stdout);
            putchar('\n');
        } else {
            /* The step (harvest, ship ...) says more than the EPCIS type, when there is one. */
            const char *what = json_string_value(json_object_get(rec->event, "txng:step"));

            if (what == NULL)
                what = json_string_value(json_object_get(rec->event, "type"));
            signers(rec->signatures, who, sizeof who);
            printf("%" PRIu64 "\t%s\t%s\t%s\n", i, rec->recorded, what, who);
        }
        txng_record_free(rec);
        free(bytes);
    }
out:
    txng_log_close(log);
    return status;
}

static int
run_show(int argc, char **argv)
{
    struct read_opts o = { 0 };
    txng_log        *log   = NULL;
    txng_record     *rec   = NULL;
    char            *bytes = NULL, *event = NULL, b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    size_t           len   = 0, i;
    uint64_t         index;
    unsigned char    leaf[TXNG_HASH_BYTES];
    json_t          *s;
    int              status;

    if ((status = parse_opts(&cmd_show, show_options, argc, argv, &o)) != EXIT_DONE)
        return status < 0 ? EXIT_DONE : status;
    if (argc - optind != 1)
        return cli_usage(&cmd_show, argc == optind ? _("no record index")
                                                   : _("too many arguments"));
    if (!cli_parse_u64(argv[optind], &index))
        return cli_usage(&cmd_show, _("not a record index: %s"), argv[optind]);
    if ((status = cli_open_log(o.dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    if ((status = read_record(log, o.dir, index, &bytes, &len, &rec)) != EXIT_DONE)
        goto out;
    if (o.json) {
        fwrite(bytes, 1, len, stdout);
        putchar('\n');
        goto out;
    }
    txng_hash_leaf(leaf, bytes, len);
    printf("%-10s %" PRIu64 "\n", _("index"), rec->index);
    printf("%-10s %s\n", _("recorded"), rec->recorded);
    txng_b64_encode(b64, leaf, sizeof leaf);
    printf("%-10s %s\n", _("leaf hash"), b64);
    if (index > 0) {
        txng_b64_encode(b64, rec->prev, sizeof rec->prev);
        printf("%-10s %s\n", _("previous"), b64);
    }
    json_array_foreach(rec->signatures, i, s)
        printf("%-10s %s\n", _("signed by"), json_string_value(json_object_get(s, "key")));
    event = json_dumps(rec->event, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (event == NULL) {
        cli_report(o.dir, TXNG_ENOMEM, NULL);
        status = EXIT_FAILED;
        goto out;
    }
    printf("%s\n%s\n", _("event"), event);
out:
    free(event);
    free(bytes);
    txng_record_free(rec);
    txng_log_close(log);
    return status;
}

/* The checkpoint in the text of signed note @p note (a stored one: its signatures unchecked). */
static bool
note_checkpoint(const char *note, size_t len, txng_checkpoint *cp)
{
    txng_note *parsed = malloc(sizeof *parsed);
    bool       good   = parsed != NULL && txng_note_parse(parsed, note, len, NULL) == TXNG_OK &&
                  txng_checkpoint_parse(cp, note, parsed->text_len, NULL) == TXNG_OK;

    free(parsed);
    return good;
}

/*
 * Print checkpoint @p note as {"origin","size","root","note"}, with
 * "proof" (base64 hashes) and "index" when @p proof is given.
 */
static int
print_checkpoint_json(const char *dir, const char *note, size_t len, json_t *proof)
{
    txng_checkpoint cp;
    char            root[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    json_t         *j;
    char           *text;

    if (!note_checkpoint(note, len, &cp)) {
        json_decref(proof);
        cli_report(dir, TXNG_ECORRUPT, NULL);
        return EXIT_FAILED;
    }
    txng_b64_encode(root, cp.root, TXNG_HASH_BYTES);
    j = json_pack("{s:s, s:I, s:s, s:s#}", "origin", cp.origin, "size", (json_int_t) cp.size,
                  "root", root, "note", note, len);
    if (j != NULL && proof != NULL)
        json_object_update(j, proof);
    json_decref(proof);
    text = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (text == NULL) {
        cli_report(dir, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    printf("%s\n", text);
    free(text);
    return EXIT_DONE;
}

/* The hashes of a proof as a JSON array of base64 strings, or NULL. */
static json_t *
hashes_json(const unsigned char (*proof)[TXNG_HASH_BYTES], size_t n)
{
    json_t *a = json_array();
    char    b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];

    for (size_t i = 0; a != NULL && i < n; i++) {
        txng_b64_encode(b64, proof[i], TXNG_HASH_BYTES);
        if (json_array_append_new(a, json_string(b64)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static int
run_checkpoint(int argc, char **argv)
{
    struct read_opts o = { 0 };
    txng_log        *log  = NULL;
    char            *note = NULL;
    size_t           len  = 0;
    txng_err         err;
    int              status;

    if ((status = parse_opts(&cmd_checkpoint, checkpoint_options, argc, argv, &o)) != EXIT_DONE)
        return status < 0 ? EXIT_DONE : status;
    if (optind != argc)
        return cli_usage(&cmd_checkpoint, _("unexpected argument %s"), argv[optind]);
    if ((status = cli_open_log(o.dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    /* Size 0 asks the library for the newest; no checkpoint is ever signed at 0. */
    err =
        o.have_size && o.size == 0 ? TXNG_ENOTFOUND : txng_log_checkpoint(log, o.size, &note, &len);
    if (err == TXNG_ENOTFOUND) {
        cli_error(o.dir, _("no checkpoint of size %" PRIu64), o.size);
        status = EXIT_NO;
    } else if (err != TXNG_OK) {
        cli_report(o.dir, err, NULL);
        status = cli_status(err);
    } else if (o.json) {
        status = print_checkpoint_json(o.dir, note, len, NULL);
    } else {
        fwrite(note, 1, len, stdout);
    }
    free(note);
    txng_log_close(log);
    return status;
}

static int
run_prove(int argc, char **argv)
{
    struct read_opts o = { 0 };
    txng_log        *log = NULL;
    char            *text = NULL, b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    size_t           len = 0, n = 0;
    uint64_t         index = 0, old = 0, size = 0;
    unsigned char    proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES];
    txng_err         err;
    int              status;

    if ((status = parse_opts(&cmd_prove, prove_options, argc, argv, &o)) != EXIT_DONE)
        return status < 0 ? EXIT_DONE : status;
    if (o.consistency) {
        if (argc - optind != 2)
            return cli_usage(&cmd_prove, _("--consistency needs OLD and NEW sizes"));
        if (!cli_parse_u64(argv[optind], &old) || !cli_parse_u64(argv[optind + 1], &size))
            return cli_usage(&cmd_prove, _("not a log size: %s"),
                             cli_parse_u64(argv[optind], &old) ? argv[optind + 1]
                                                               : argv[optind]);
        /* one line: the sizes were read, they only come in the wrong order */
        if (old > size) {
            cli_error(cmd_prove.name, _("OLD (%" PRIu64 ") is larger than NEW (%" PRIu64 ")"),
                      old, size);
            return EXIT_USAGE;
        }
    } else {
        if (argc - optind != 1)
            return cli_usage(&cmd_prove, argc == optind ? _("no record index")
                                                        : _("too many arguments"));
        if (!cli_parse_u64(argv[optind], &index))
            return cli_usage(&cmd_prove, _("not a record index: %s"), argv[optind]);
    }
    if ((status = cli_open_log(o.dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    if (o.consistency)
        err = txng_log_prove_consistency(log, old, size, proof, &n);
    else
        err = txng_log_tlog_proof(log, index, &text, &len);
    if (err == TXNG_ENOTFOUND) {
        uint64_t have = 0;

        if (!o.consistency)
            no_record(log, o.dir, index);
        else if (txng_log_size(log, &have) != TXNG_OK)
            cli_error(o.dir, _("the log has fewer than %" PRIu64 " records"), size);
        else
            cli_error(o.dir, _("no size %" PRIu64 ": the log has %" PRIu64
                               " records (sizes 0 to %" PRIu64 ")"),
                      size, have, have);
        status = EXIT_NO;
        goto out;
    }
    if (err != TXNG_OK) {
        cli_report(o.dir, err, NULL);
        status = cli_status(err);
        goto out;
    }
    if (o.json && o.consistency) {
        json_t *j = json_pack("{s:I, s:I, s:o*}", "old", (json_int_t) old, "new",
                              (json_int_t) size, "proof",
                              hashes_json((const unsigned char(*)[TXNG_HASH_BYTES]) proof, n));
        char   *out = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

        json_decref(j);
        if (out == NULL) {
            cli_report(o.dir, TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
        } else {
            printf("%s\n", out);
        }
        free(out);
        goto out;
    }
    if (o.json) {
        char           *note = NULL;
        size_t          note_len = 0;
        txng_checkpoint cp;

        /* the same proof as the tlog-proof text: against the newest checkpoint */
        err = txng_log_checkpoint(log, 0, &note, &note_len);
        if (err == TXNG_OK)
            err = note_checkpoint(note, note_len, &cp)
                      ? txng_log_prove(log, index, cp.size, proof, &n)
                      : TXNG_ECORRUPT;
        if (err != TXNG_OK) {
            cli_report(o.dir, err, NULL);
            status = cli_status(err);
        } else {
            status = print_checkpoint_json(
                o.dir, note, note_len,
                json_pack("{s:I, s:o*}", "index", (json_int_t) index, "proof",
                          hashes_json((const unsigned char(*)[TXNG_HASH_BYTES]) proof, n)));
        }
        free(note);
        goto out;
    }
    if (!o.consistency) {
        fwrite(text, 1, len, stdout);
        goto out;
    }
    printf("txng-consistency-proof@v1\nold %" PRIu64 "\nnew %" PRIu64 "\n", old, size);
    for (size_t i = 0; i < n; i++) {
        txng_b64_encode(b64, proof[i], TXNG_HASH_BYTES);
        printf("%s\n", b64);
    }
out:
    free(text);
    txng_log_close(log);
    return status;
}

const struct command cmd_log = {
    "log",
    run_log,
    "log -d DIR [--from N] [--limit N] [--json]",
    N_("list the records of a log, one per line"),
};

const struct command cmd_show = {
    "show",
    run_show,
    "show -d DIR INDEX [--json]",
    N_("show one record"),
};

const struct command cmd_checkpoint = {
    "checkpoint",
    run_checkpoint,
    "checkpoint -d DIR [--size N] [--json]",
    N_("print the newest signed checkpoint (C2SP tlog-checkpoint)"),
};

const struct command cmd_prove = {
    "prove",
    run_prove,
    "prove -d DIR INDEX | prove -d DIR --consistency OLD NEW [--json]",
    N_("print an inclusion proof (C2SP tlog-proof) or a consistency proof"),
};
