/*
 * cli.h - shared helpers of the txng command: messages, exit statuses,
 * option values, files, passphrases and keys
 */
#ifndef TXNG_CLI_CLI_H
#define TXNG_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libintl.h>

#include <jansson.h>

#include "core/error.h"
#include "core/keys.h"
#include "core/log.h"
#include "core/vstate.h"

#define _(s)      gettext(s)
#define N_(s)     s
#define NC_(c, s) s /* marks @p s to be translated in the context @p c, by cli_pgettext() */

/* Exit statuses (docs/txng.1, EXIT STATUS). */
enum {
    EXIT_DONE   = 0, /* done */
    EXIT_NO     = 1, /* ran fine, the answer is no: verification failed, not found */
    EXIT_USAGE  = 2, /* bad command line */
    EXIT_FAILED = 3, /* could not do the job */
};

/* One subcommand: argv[0] is the command's name. */
struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis; /* after "txng " */
    const char *summary;  /* one line for txng --help */
};

extern const struct command cmd_init, cmd_key, cmd_append, cmd_sign, cmd_log, cmd_show,
    cmd_checkpoint, cmd_prove, cmd_verify, cmd_backup, cmd_demo, cmd_record, cmd_party, cmd_place,
    cmd_product, cmd_certificate, cmd_import, cmd_trace, cmd_export, cmd_tiles, cmd_witness,
    cmd_qr, cmd_labels, cmd_claim, cmd_stamp, cmd_verify_label, cmd_serve, cmd_media;

/*
 * Read the options of a command that takes only -d DIR, --json and --help,
 * leaving optind at its first operand. Returns -1 to go on, or the exit
 * status (help printed: EXIT_DONE; a bad option: EXIT_USAGE).
 */
int cli_dir_json_options(const struct command *cmd, const char *options, int argc, char **argv,
                         const char **dir, bool *json);

/* Print @p j as one compact line with sorted keys and release it (a NULL @p j prints
 * nothing); false when it could not be printed (out of memory). */
bool cli_print_json(json_t *j);

/* Whether the bizStep @p biz_step is @p name ("packing", "harvest"), with a URN prefix
 * (urn:epcglobal:cbv:bizstep:, urn:txng:bizstep:) or without. NULL is no step. */
bool cli_biz_step_is(const char *biz_step, const char *name);

/* gettext() of @p msgid in the context @p ctx (a msgctxt of po/txng.pot, marked with NC_()
 * or TXNG_NC_()): its translation, or @p msgid itself when there is none. */
const char *cli_pgettext(const char *ctx, const char *msgid);

/* How text output names the bizStep @p biz_step of an event: in the language of messages
 * when it is a CBV 2.0 bizStep or a step of urn:txng:bizstep: that the catalogue translates,
 * and otherwise @p shown, the caller's rendering of it (what English output shows). */
const char *cli_biz_step_name(const char *biz_step, const char *shown);

/* Print "txng: CONTEXT: MESSAGE" to stderr. */
__attribute__((format(printf, 2, 3))) void cli_error(const char *context, const char *fmt, ...);

/* Print "txng: CONTEXT: [record N: ][line L: ][FIELD: ]REASON" for @p err and @p diag. */
void cli_report(const char *context, txng_err err, const txng_diag *diag);

/* The translated reason of @p diag (not NULL), with its value when it has one
 * ("… (roots left: 400)", txng_diag_value()), in @p buf if need be. */
const char *cli_why(char *buf, size_t size, const txng_diag *diag);

/** Whether the file name @p s ends in @p suffix (ASCII case ignored) after at least one byte. */
bool cli_ends_with(const char *s, const char *suffix);

/* Write @p len bytes of untrusted text to @p f, every byte a terminal could act on as \xNN. */
void cli_print_safe(FILE *f, const char *s, size_t len);

/* Print the reason and "usage: txng SYNOPSIS" to stderr; return EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int cli_usage(const struct command *cmd, const char *fmt,
                                                    ...);

/* Print the command's help to stdout; return EXIT_DONE. */
int cli_help(const struct command *cmd, const char *options);

/* The exit status for @p err when nothing more specific applies. */
int cli_status(txng_err err);

/* The log folder: @p opt, else $TXNG_DIR, else NULL. */
const char *cli_dir(const char *opt);

/* Parse a record index or size: decimal, no sign, fits uint64. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* Parse -t/--time: RFC 3339 with Z or an offset, or seconds since the epoch. */
bool cli_parse_time(const char *s, int64_t *out);

/* The time for new records: the parsed --time value, or the clock. */
int64_t cli_now(bool have_time, int64_t t);

/* Read all of @p path ("-" is stdin) into a malloc'd NUL-terminated buffer. */
txng_err cli_read_file(const char *path, char **out, size_t *out_len);

/* cli_read_file() that says why on failure: "no such file" when @p path does not exist. */
txng_err cli_read_input(const char *path, char **out, size_t *out_len);
/* Write @p len bytes to a new file @p path (mode 0600, O_EXCL), fsync'd. */
txng_err cli_write_new_file(const char *path, const void *data, size_t len);

/* Open the log in @p dir; on failure print why and return the exit status. */
int cli_open_log(const char *dir, unsigned flags, txng_log **out);

/*
 * Call after every successful append to @p log (the folder @p dir), once its
 * output is printed: asks the witnesses of DIR/witnesses to cosign the new
 * checkpoint (cli/witness.h). The record is kept whatever they answer, so a
 * witness that is down or refuses is one warning line on stderr and never
 * changes the command's exit status.
 */
void cli_after_append(txng_log *log, const char *dir);

/*
 * A passphrase in sodium_malloc'd memory (free with cli_passphrase_free):
 * from the environment variable @p env (or @p fallback_env), else asked on
 * the terminal with @p prompt, twice when @p confirm (a new passphrase: not
 * empty, both the same, three tries). NULL when none can be had.
 */
char *cli_passphrase(const char *env, const char *fallback_env, const char *prompt, bool confirm);
void  cli_passphrase_free(char *pass);

/*
 * The log key of @p log (in the folder @p dir; with @p log NULL, read from
 * DIR/log.key), decrypted; prints why on failure and returns the exit status.
 */
int cli_log_signer(const char *dir, txng_log *log, txng_signer **out);

/*
 * The signing key @p key: a path to a key file when @p dir is NULL or @p key
 * contains '/' or ends in ".key", else DIR/keys/KEY.key. Prints why on
 * failure; returns the status.
 */
int cli_load_signer(const char *dir, const char *key, txng_signer **out);

/*
 * The public key of the key file cli_load_signer() would read for @p key,
 * without asking for its passphrase. Prints why on failure; returns the status.
 */
int cli_load_pubkey(const char *dir, const char *key, txng_pubkey *out);

/* Path of the default key file of @p name in the log folder @p dir (malloc'd). */
char *cli_key_path(const char *dir, const char *name);

/*
 * No --as: the name of the only key of the log folder @p dir that can sign
 * for @p log into @p name (enrolled, not revoked, not the log key, and
 * DIR/keys/NAME.key holds it: read without its passphrase); with none or
 * several, a usage error naming up to eight. @p log NULL: the folder is
 * opened read-only for the while. Returns the status.
 */
int cli_only_key(const struct command *cmd, const char *dir, txng_log *log,
                 char name[TXNG_KEY_NAME_MAX + 1]);

/*
 * A new key pair named @p name: random, or derived from $TXNG_INSECURE_SEED
 * (64 hex digits, tests only) and the name.
 */
int cli_new_signer(const char *name, txng_signer **out);

/*
 * Encrypt (or not, when @p plain) and return the key file text of @p signer;
 * the passphrase of the log key comes from $TXNG_LOG_PASSPHRASE first. The
 * caller warns with cli_warn_plain() once a plain file is in place.
 */
int cli_keyfile_text(const txng_signer *signer, bool plain, bool is_log, const char *who,
                     char **out, size_t *out_len);

/* Warn on stderr that the key file @p path was written without a passphrase. */
void cli_warn_plain(const char *path);

/* Events read from an input (JSON Lines, CSV rows), each with the line it starts on. */
struct cli_events {
    json_t **v;
    size_t  *line;
    size_t   n, cap;
};

/* Add @p ev (the list takes the reference) read at @p line. */
txng_err cli_events_add(struct cli_events *e, json_t *ev, size_t line);

/* Drop every event and free the list. */
void cli_events_free(struct cli_events *e);

/*
 * Print recipient @p id of a trace forward on a line of its own, indented by @p pad
 * spaces, with the name its master data gives (a party, or a place and its party).
 */
void cli_print_recipient(txng_log *log, const char *id, int pad);

/* Print @p e as JSON Lines, canonical (--dry-run); named @p path in messages.
 * Returns an exit status. */
int cli_events_print(const struct cli_events *e, const char *path);

/* Progress on a terminal: call often; prints at most a few times a second. */
void cli_progress(void *ctx, uint64_t done, uint64_t total);
void cli_progress_end(void);
/* Show @p text in place of the progress line on a terminal until cli_progress_end(). */
void cli_progress_note(const char *text);

/* The verifier state folder: @p opt, else $XDG_DATA_HOME/txng/verifier-state, else
 * ~/.local/share/txng/verifier-state (malloc'd); NULL when none can be found. */
char *cli_state_dir(const char *opt);

/* After a rollback or fork (txng_vstate_update() said TXNG_EFORK): the signed note
 * remembered before, the first of the two pieces of evidence printed. */
void cli_print_accepted(const txng_vstate_result *vs);

/* The "state: ..." line of an accepted checkpoint, or its word for --json. */
void        cli_print_vstate(const txng_vstate_result *vs);
const char *cli_vstate_word(const txng_vstate_result *vs);

/*
 * Keep the image @p data (read from @p path, named in messages) in the media
 * store of the log folder @p dir (core/media.h); @p added says whether it was
 * new. Prints why on failure; returns the exit status.
 */
int cli_media_keep(const char *dir, const char *path, const void *data, size_t len, bool *added,
                   unsigned char hash[32]);
/* Undo a cli_media_keep() that added @p hash, when the record naming it was refused. */
void cli_media_forget(const char *dir, const unsigned char hash[32]);
#endif /* TXNG_CLI_CLI_H */
