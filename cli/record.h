/*
 * record.h - what txng record, the master data commands and txng import
 * share: the resolver of names and codes over the log, building one event
 * of the step table from (option, value) pairs, and reporting its refusals;
 * with txng append too, the check of --recorded and of the stateful rules
 * around the append (struct cli_rules)
 */
#ifndef TXNG_CLI_RECORD_H
#define TXNG_CLI_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/event.h"
#include "core/gs1.h"
#include "core/keys.h"
#include "core/log.h"

struct command;

/* Default allowed clock skew of event times, in seconds ($TXNG_MAX_SKEW overrides). */
#define CLI_MAX_SKEW 600

/* Most candidates kept for a name that names more than one identifier. */
#define CLI_CANDIDATES 4

/* One identifier the log knows: master data, a lot or a cohort. */
struct cli_name {
    int      kind;     /* txng_gs1_kind */
    char    *id;       /* canonical identifier */
    char    *name;     /* NFC name of master data, or NULL */
    char    *code;     /* plain code (urn:txng code, lot, GS1 key digits), or NULL */
    uint64_t index;    /* newest record read that names it; UINT64_MAX: not appended yet */
    uint64_t first;    /* oldest record read that names it (the order of suggestions) */
    uint64_t named;    /* the record name and code come from */
    bool     imported; /* they come from master data imported from another log's bundle */
};

/*
 * Names and codes of the log, read on demand: a lookup reads the records
 * that the `ids` name keys of its text lead to (core/index.h), once per
 * text; the events built since are learned as they are built. The master
 * data of records imported from bundles (txng:Imported) is learned too, and
 * looked up only when the log's own names do not have the text.
 */
struct cli_resolver {
    txng_log        *log;
    struct cli_name *names;
    size_t           n, cap;
    /* hash of "<kind>|<key>" and "id|<id>" to names; "q<kind>|<text>" (texts
     * looked up) and "r|<index>" (records read) as markers */
    struct cli_slot *slots;
    size_t           nslots, used;
    /* The master step's own --code: left to the builder, not looked up. */
    int         own_kind;
    const char *own_code;
    /* The last unknown or ambiguous name refused, for the message. */
    int  unknown_kind;
    char unknown[256];
    /* When it names more than one identifier: names[] of the first CLI_CANDIDATES,
     * whether there are more, and whether they are imported master data. */
    size_t cand[CLI_CANDIDATES], ncand;
    bool   cand_more, cand_imported;
    /* Whether any name was learned from imported master data (else not looked up). */
    bool any_imported;
};

/* The resolver callback of txng_event_opts; @p ctx is a struct cli_resolver. */
txng_err cli_resolve(void *ctx, int kind, const char *text, char *out, txng_diag *diag);

/* Learn the identifiers that @p event names, as of record @p index. */
txng_err cli_names_learn(struct cli_resolver *r, const json_t *event, uint64_t index);

/* Free what @p r holds (not the log). */
void cli_resolver_free(struct cli_resolver *r);

/* Edit distance between @p a and @p b (bytes); SIZE_MAX past 256 bytes. */
size_t cli_distance(const char *a, const char *b);

/* The three nearest candidates offered so far, nearest first; zero it before use. */
struct cli_nearest {
    size_t at[3], dist[3]; /* the caller's index of each candidate, and its distance */
    size_t n;
};

/* Offer candidate @p at at distance @p d: kept when among the three nearest (the first
 * offered wins a tie). */
void cli_nearest_offer(struct cli_nearest *near, size_t at, size_t d);

/*
 * Fold @p text for comparing names and making codes: Vietnamese diacritics
 * stripped, đ as d, lower case, spaces as '-', only [a-z0-9-]. malloc'd; NULL
 * when out of memory or not UTF-8.
 */
char *cli_fold(const char *text);

/*
 * Refuse @p text, given to @p cmd's --recorded, which is no time: a value refused (status 3,
 * as a refused --time), with an example. Returns the status.
 */
int cli_bad_recorded(const struct command *cmd, const char *text);

/* The allowed clock skew: $TXNG_MAX_SKEW seconds, else CLI_MAX_SKEW; -1 when invalid. */
int64_t cli_max_skew(void);

/*
 * Check the recorded time @p t that @p cmd was given (--recorded, named
 * @p option in messages) for new records of @p log: refuse one later than
 * the clock by more than @p skew seconds (cli_max_skew(), as event times),
 * a usage error, and one earlier than the newest record's recorded time, as
 * records are in time order (status 3). Prints why; returns the exit status.
 */
int cli_recorded_check(const struct command *cmd, const char *option, txng_log *log, int64_t t,
                       int64_t skew);

/*
 * The stateful rules of core/rules.h over the events a command appends, run
 * as core/rules.h says: cli_rules_check() before any passphrase is asked,
 * then cli_rules_lock() takes the log's writer lock and checks again when
 * the log grew in between, with --recorded against the newest record; the
 * caller appends and lets the lock go with cli_rules_unlock(). The caller
 * fills in the members down to skew; the calls set the rest.
 */
struct cli_rules {
    txng_log      *log;
    const char    *dir;    /* the log folder, named when the lock cannot be taken */
    json_t *const *events; /* n events; the array must outlive the struct, its items may change */
    size_t         n;
    /* Print the refusal @p err, @p diag of the rules; diag->line is the position in events,
     * from 1 (0: none); diag->index, when diag->has_index, the other record the refusal
     * names, an event of the batch when at or past @p size (its position diag->index - size,
     * from 0), the log's size the check saw. */
    void (*report)(void *ctx, txng_err err, txng_diag *diag, uint64_t size);
    void *ctx;
    /* The command and its recorded time t, if have_time, with the allowed skew, given by
     * option (NULL: "--recorded"). */
    const struct command *cmd;
    bool                  have_time;
    int64_t               t, skew;
    const char           *option;
    /* The key that signs the bare events (txng_rules_check_state_as()), or NULL: not known. */
    const txng_pubkey    *signer;
    /* The events are appended with txng_log_append_once(): those the log holds already
     * (txng_log_holds(), bare ones as signed by signer) are left out of the check. */
    bool                  once;
    /* The events' elements came as options: one the log's state requires and an event
     * lacks (txng_rules_missing()) is a usage error (2), as a step's own required ones. */
    bool                  missing_is_usage;
    uint64_t              checked; /* log size at the first check; UINT64_MAX: not known */
    bool                  locked;
    /* With once, set by each check: held[i] the record that holds event i, or TXNG_LOG_NONE;
     * the ntodo others are checked, todo[k] being event pos[k]. */
    uint64_t             *held;
    json_t              **todo;
    size_t               *pos, ntodo;
};

/*
 * The stateful rules for r->events against r->log, without the lock. Prints
 * the refusal through r->report; returns the exit status (3 for a refusal of
 * the event's content, 2 for an element left out with r->missing_is_usage,
 * else cli_status()).
 */
TXNG_MUST_CHECK int cli_rules_check(struct cli_rules *r);

/*
 * Take r->log's writer lock, then check the rules again if the log grew since
 * cli_rules_check() (a log only grows: at the same size, that check saw all
 * there is), and r->t with cli_recorded_check() when r->have_time. Returns
 * the exit status; the lock is held (r->locked) even when a check refuses,
 * until cli_rules_unlock().
 */
TXNG_MUST_CHECK int cli_rules_lock(struct cli_rules *r);

/* Let the writer lock go, if held. */
void cli_rules_unlock(struct cli_rules *r);

/* Let the writer lock go, if held, and free what the checks kept (with once). */
void cli_rules_free(struct cli_rules *r);

/*
 * Write into @p buf the record indexes of @p at[0..n) below @p first (@p first
 * UINT64_MAX: all of them), sorted, each once, as ranges: "12..51, 60, 64..65"; at most
 * a few ranges, then ", ...". Returns how many events it counted (with repeats).
 */
size_t cli_index_ranges(char *buf, size_t cap, const uint64_t *at, size_t n, uint64_t first);

/*
 * Whether two of the @p n record indexes @p at are one (two events of an input held by
 * one record: an event given twice, for the append to refuse); true when not known.
 */
bool cli_index_repeats(const uint64_t *at, size_t n);

/*
 * Print a refusal of the stateful rules at @p where as cli_build_report() does, with the
 * other record it names (diag->has_index) as @p other ("record 7", "line 3") after its
 * figure: "[--OPTION: ]REASON (NAME: VALUE; OTHER)". @p field: what to name instead of
 * "--OPTION" (a CSV heading), or NULL. @p other NULL: as cli_build_report().
 */
void cli_rules_print(const char *where, const char *field, txng_err err, txng_diag *diag,
                     const char *other);

/*
 * The other record a refusal of the rules names, into @p buf: "record N", or "line L" for
 * an event of the batch (index at or past @p size) read at @p lines[index - size] of an
 * input of @p n events; "" when @p diag names none.
 */
const char *cli_rules_other(char *buf, size_t cap, const txng_diag *diag, uint64_t size,
                            const size_t *lines, size_t n);

/* Whether @p reason is the missing-element reason of one of @p step's elements. */
bool cli_missing_reason(const txng_step *step, const char *reason);

/*
 * Print the builder's refusal: "txng: WHERE: [--OPTION: ]REASON", or for an
 * unknown place or party, the nearest names the log knows.
 */
void cli_build_report(const char *where, const char *field, txng_err err, const txng_diag *diag,
                      struct cli_resolver *r);

/* Refuse, naming it, a key that is not enrolled in @p log or is revoked. */
int cli_check_actor(txng_log *log, const txng_signer *actor);

/* As cli_check_actor(), for the public key @p pk (cli_load_pubkey(): no passphrase asked). */
int cli_check_key(txng_log *log, const txng_pubkey *pk);

/*
 * As cli_check_key(), for a key about to sign @p n @p events: a revoked key
 * passes when the log already holds every one of them signed by it (a retry
 * of an append that landed before the revocation), so that the caller finds
 * nothing new to append, as for a key that may sign.
 */
int cli_check_key_for(txng_log *log, const txng_pubkey *pk, json_t *const *events, size_t n);

/*
 * The actor's key file read for @p as is the one cli_load_pubkey() read before: the
 * public key checked before the passphrase is the one that signs. Prints why; returns
 * the status.
 */
int cli_same_key(const char *as, const txng_pubkey *checked, const txng_signer *actor);

/* Print the note for txng_event_build_ex()'s @p notes to stderr. */
void cli_print_notes(const char *where, unsigned notes);

#endif /* TXNG_CLI_RECORD_H */
