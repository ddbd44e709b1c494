/*
 * claim.c - one-time claim codes: generation, salted hashes, claim records
 *
 * The state of a unit is read from the records that name it, found through
 * the `ids` database (values sorted by record index, so records come oldest
 * first): the pack that made it, claim-codes records (the newest one
 * counts and resets the count of refused attempts), claims and recalls;
 * then the recalls of the lot the pack consumed. core/rules.c checks the
 * same facts again when the record is appended, whoever builds it. A
 * bundle's records are read by the same callbacks (on_unit, on_lot), fed
 * in the order the `ids` database would give them: by record index, then
 * role byte; so a bundle holding every record about a unit gives the state
 * its log gives.
 *
 * The back-off (core/claim.h) needs the "recorded" time of each wrong-code
 * record: read from the record's bytes in the log (txng_record_time(), from
 * their end), from txng_record.recorded in a bundle. The latest of them
 * counts, so a log written before records were kept in time order gives the
 * longer wait, never a shorter one.
 *
 * A claim is decided and recorded under the log's writer lock
 * (txng_log_lock()): the unit's state is read after the lock is taken and
 * the record appended before it is let go, so of two claims racing on one
 * unit, in one process or two, the second sees the first and is "already
 * claimed". The same holds for the check and append of a claim-codes record.
 * Argon2id of a claim runs under the lock (one code, a few milliseconds);
 * the many of a registration run before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>
#include <lmdb.h>
#include <sodium.h>

#include "core/claim.h"
#include "core/event.h"
#include "core/index.h"
#include "core/par.h"
#include "core/rules.h"
#include "core/store.h"

static const char alphabet[] = TXNG_CLAIM_ALPHABET;

static bool
code_valid(const char *code)
{
    if (code == NULL || strlen(code) != TXNG_CLAIM_CODE_LEN)
        return false;
    for (size_t i = 0; i < TXNG_CLAIM_CODE_LEN; i++)
        if (strchr(alphabet, code[i]) == NULL || code[i] == '\0')
            return false;
    return true;
}

txng_err
txng_claim_code_new(char *code)
{
    if (code == NULL)
        return TXNG_EINVAL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    for (size_t i = 0; i < TXNG_CLAIM_CODE_LEN; i++)
        code[i] = alphabet[randombytes_uniform((uint32_t) (sizeof alphabet - 1))];
    code[TXNG_CLAIM_CODE_LEN] = '\0';
    return TXNG_OK;
}

void
txng_claim_code_show(char *out, const char *code)
{
    memcpy(out, code, 4);
    out[4] = '-';
    memcpy(out + 5, code + 4, 4);
    out[9] = '\0';
}

txng_err
txng_claim_code_parse(char *code, const char *text, size_t len, txng_diag *diag)
{
    size_t n = 0;

    if (code == NULL || (text == NULL && len > 0))
        return TXNG_EINVAL;
    code[0] = '\0';
    for (size_t i = 0; i < len; i++) {
        char c = text[i];

        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char) (c - 'a' + 'A');
        if (c == '\0' || strchr(alphabet, c) == NULL) {
            txng_diag_set(diag,
                          TXNG_N_("character not in the claim-code alphabet (no 0, 1, I, L, O)"),
                          "code");
            if (diag != NULL) {
                /* people count characters: UTF-8 continuation bytes do not count */
                diag->offset = 1;
                for (size_t k = 0; k < i; k++)
                    diag->offset += ((unsigned char) text[k] & 0xc0) != 0x80;
            }
            code[0] = '\0';
            return TXNG_EFORMAT;
        }
        if (n == TXNG_CLAIM_CODE_LEN) {
            n++;
            break;
        }
        code[n++] = c;
    }
    if (n != TXNG_CLAIM_CODE_LEN) {
        txng_diag_set(diag, TXNG_N_("a claim code has 8 characters"), "code");
        code[0] = '\0';
        return TXNG_EFORMAT;
    }
    code[n] = '\0';
    return TXNG_OK;
}

static txng_err
argon(unsigned char h[TXNG_CLAIM_HASH_BYTES], const char *code,
      const unsigned char salt[TXNG_CLAIM_SALT_BYTES])
{
    if (crypto_pwhash(h, TXNG_CLAIM_HASH_BYTES, code, TXNG_CLAIM_CODE_LEN, salt,
                      TXNG_CLAIM_OPSLIMIT, TXNG_CLAIM_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return TXNG_ENOMEM;
    return TXNG_OK;
}

txng_err
txng_claim_hash(char *out, const char *code, const unsigned char *salt)
{
    unsigned char buf[TXNG_CLAIM_SALT_BYTES + TXNG_CLAIM_HASH_BYTES];
    txng_err      err;

    if (out == NULL || !code_valid(code))
        return TXNG_EINVAL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    if (salt != NULL)
        memcpy(buf, salt, TXNG_CLAIM_SALT_BYTES);
    else
        randombytes_buf(buf, TXNG_CLAIM_SALT_BYTES);
    if ((err = argon(buf + TXNG_CLAIM_SALT_BYTES, code, buf)) != TXNG_OK)
        return err;
    sodium_bin2base64(out, TXNG_CLAIM_STORED_LEN + 1, buf, sizeof buf,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(buf, sizeof buf);
    return TXNG_OK;
}

txng_err
txng_claim_hash_check(const char *stored, const char *code)
{
    unsigned char buf[TXNG_CLAIM_SALT_BYTES + TXNG_CLAIM_HASH_BYTES];
    unsigned char h[TXNG_CLAIM_HASH_BYTES];
    size_t        got = 0;
    txng_err      err;

    if (stored == NULL || !code_valid(code))
        return TXNG_EINVAL;
    if (sodium_init() < 0)
        return TXNG_ENOMEM;
    if (strlen(stored) != TXNG_CLAIM_STORED_LEN ||
        sodium_base642bin(buf, sizeof buf, stored, TXNG_CLAIM_STORED_LEN, NULL, &got, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        got != sizeof buf)
        return TXNG_EFORMAT;
    if ((err = argon(h, code, buf)) != TXNG_OK)
        return err;
    err = sodium_memcmp(h, buf + TXNG_CLAIM_SALT_BYTES, sizeof h) == 0 ? TXNG_OK : TXNG_EBADSIG;
    sodium_memzero(h, sizeof h);
    return err;
}

/* ---- the state of a unit ------------------------------------------------------------------ */

struct reader {
    const txng_store *st;
    MDB_txn          *txn;
    MDB_cursor       *cur;
};

static const char *
str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool
step_is(const json_t *ev, const char *name)
{
    const txng_step *s = txng_event_step(ev);

    return s != NULL && strcmp(s->name, name) == 0;
}

/*
 * The event of record @p index (a new reference) and its "recorded" time.
 * The record was checked when it was appended (and txng_log_verify() checks
 * it again), so it is parsed as plain JSON here, not re-checked for
 * canonical form: a pack record of thousands of serials is read on every
 * lookup of its units.
 */
static txng_err
load(struct reader *r, uint64_t index, json_t **out, int64_t *recorded)
{
    unsigned char key[8];
    MDB_val       k = { sizeof key, key }, v;
    json_t       *rec;
    int           rc;

    *out = NULL;
    txng_be64_store(key, index);
    rc = mdb_get(r->txn, r->st->records, &k, &v);
    if (rc == MDB_NOTFOUND)
        return TXNG_ECORRUPT; /* `ids` names a record that is not there */
    if (rc != MDB_SUCCESS)
        return txng_store_from_mdb(rc);
    if (txng_record_time(v.mv_data, v.mv_size, recorded) != TXNG_OK)
        return TXNG_ECORRUPT;
    rec = json_loadb(v.mv_data, v.mv_size, JSON_REJECT_DUPLICATES, NULL);
    if (rec == NULL || !json_is_object(json_object_get(rec, "event"))) {
        json_decref(rec);
        return TXNG_ECORRUPT;
    }
    *out = json_incref(json_object_get(rec, "event"));
    json_decref(rec);
    return TXNG_OK;
}

/* What is told of each (record, role) naming an identifier; @p recorded is the record's
 * "recorded" time. */
typedef txng_err (*hit_fn)(void *ctx, uint64_t index, int64_t recorded, unsigned char role,
                           const json_t *ev);

/* Calls @p fn for each (record, role) naming @p id, oldest first. */
static txng_err
log_hits(struct reader *r, const char *id, hit_fn fn, void *ctx)
{
    unsigned char key[TXNG_INDEX_KEY_MAX];
    MDB_val       k = { txng_index_key(key, id, strlen(id)), key }, v;
    txng_err      err = TXNG_OK;
    int           rc;

    for (rc = mdb_cursor_get(r->cur, &k, &v, MDB_SET); rc == MDB_SUCCESS && err == TXNG_OK;
         rc = mdb_cursor_get(r->cur, &k, &v, MDB_NEXT_DUP)) {
        json_t       *ev = NULL;
        uint64_t      index;
        int64_t       recorded = 0;
        unsigned char role;

        if (v.mv_size != TXNG_INDEX_VAL_BYTES)
            return TXNG_ECORRUPT;
        index = txng_be64_load(v.mv_data);
        role  = ((const unsigned char *) v.mv_data)[8];
        if (role != TXNG_ROLE_OUTPUT && role != TXNG_ROLE_EPC)
            continue; /* packs make units (O); codes, claims and recalls name them (E) */
        /* The record is read through the txn, not the cursor: the cursor keeps its place. */
        if ((err = load(r, index, &ev, &recorded)) == TXNG_OK)
            err = fn(ctx, index, recorded, role, ev);
        json_decref(ev);
    }
    if (err != TXNG_OK)
        return err;
    return rc == MDB_NOTFOUND || rc == MDB_SUCCESS ? TXNG_OK : txng_store_from_mdb(rc);
}

/*
 * Calls @p fn as log_hits() does, from @p n records in increasing index: a
 * record's identifiers are those core/log.c files under `ids`
 * (txng_index_extract(), sorted and without duplicates), and `ids` values
 * sort by index, then role, so 'E' (0x45) comes before 'O' (0x4f).
 */
static txng_err
record_hits(txng_record *const *recs, size_t n, const char *id, hit_fn fn, void *ctx)
{
    txng_index_list list   = { 0 };
    size_t          id_len = strlen(id);
    txng_err        err    = TXNG_OK;

    for (size_t i = 0; i < n && err == TXNG_OK; i++) {
        bool    epc = false, output = false;
        int64_t recorded;

        if ((err = txng_index_extract(&list, recs[i]->event)) != TXNG_OK)
            break;
        for (size_t k = 0; k < list.n; k++) {
            if (list.v[k].id_len != id_len || memcmp(list.v[k].id, id, id_len) != 0)
                continue;
            epc    = epc || list.v[k].role == TXNG_ROLE_EPC;
            output = output || list.v[k].role == TXNG_ROLE_OUTPUT;
        }
        if (!epc && !output)
            continue;
        if (txng_event_time_parse(recs[i]->recorded, NULL, NULL, &recorded, NULL) != TXNG_OK) {
            err = TXNG_ECORRUPT; /* txng_bundle_records() gives well-formed times */
            break;
        }
        if (epc)
            err = fn(ctx, recs[i]->index, recorded, TXNG_ROLE_EPC, recs[i]->event);
        if (err == TXNG_OK && output)
            err = fn(ctx, recs[i]->index, recorded, TXNG_ROLE_OUTPUT, recs[i]->event);
    }
    txng_index_list_free(&list);
    return err;
}

/* Where the records naming an identifier come from: a log's `ids`, or a bundle's records. */
struct source {
    struct reader      *log; /* NULL for a bundle */
    txng_record *const *recs;
    size_t              n;
};

static txng_err
each_hit(const struct source *src, const char *id, hit_fn fn, void *ctx)
{
    return src->log != NULL ? log_hits(src->log, id, fn, ctx)
                            : record_hits(src->recs, src->n, id, fn, ctx);
}

struct unit {
    const char      *id;
    txng_claim_info *info;
    char             stored[TXNG_CLAIM_STORED_LEN + 1];
};

static void
set_time(char *out, const json_t *ev)
{
    const char *t = str(ev, "eventTime");

    snprintf(out, 40, "%s", t != NULL ? t : "");
}

static txng_err
on_unit(void *ctx, uint64_t index, int64_t recorded, unsigned char role, const json_t *ev)
{
    struct unit     *u    = ctx;
    txng_claim_info *info = u->info;

    if (role == TXNG_ROLE_OUTPUT && step_is(ev, "pack") && !info->packed) {
        const char *lot = str(json_array_get(json_object_get(ev, "inputQuantityList"), 0),
                              "epcClass");

        if (lot == NULL)
            lot = json_string_value(json_array_get(json_object_get(ev, "inputEPCList"), 0));
        info->packed     = true;
        info->pack_index = index;
        snprintf(info->lot, sizeof info->lot, "%s", lot != NULL ? lot : "");
    } else if (role == TXNG_ROLE_EPC && step_is(ev, "claim-codes")) {
        const json_t *ids = json_object_get(ev, "epcList"), *x;
        size_t        i;

        json_array_foreach(ids, i, x)
        {
            const char *h = json_string_value(
                json_array_get(json_object_get(ev, "txng:claimHashes"), i));

            if (json_string_value(x) == NULL || strcmp(json_string_value(x), u->id) != 0 ||
                h == NULL)
                continue;
            info->has_codes   = true;
            info->codes_index = index;
            info->refused       = 0;
            info->wrong         = 0;
            info->last_wrong_at = 0;
            snprintf(u->stored, sizeof u->stored, "%s", h);
            break;
        }
    } else if (role == TXNG_ROLE_EPC && step_is(ev, "claim")) {
        const char *res = str(ev, "txng:claimResult");

        if (res != NULL && strcmp(res, "claimed") == 0 && !info->claimed) {
            info->claimed     = true;
            info->claim_index = index;
            set_time(info->claimed_at, ev);
        } else if (res != NULL && strcmp(res, "wrong-code") == 0) {
            info->refused++;
            info->wrong++;
            if (recorded > info->last_wrong_at)
                info->last_wrong_at = recorded;
        } else if (res != NULL && strcmp(res, "already-claimed") == 0) {
            info->refused++;
        }
    } else if (role == TXNG_ROLE_EPC && step_is(ev, "recall") && !info->recalled) {
        info->recalled     = true;
        info->recall_index = index;
        set_time(info->recalled_at, ev);
    }
    return TXNG_OK;
}

static txng_err
on_lot(void *ctx, uint64_t index, int64_t recorded, unsigned char role, const json_t *ev)
{
    txng_claim_info *info = ((struct unit *) ctx)->info;

    (void) recorded;
    if (role == TXNG_ROLE_EPC && step_is(ev, "recall") &&
        (!info->recalled || index < info->recall_index)) {
        info->recalled     = true;
        info->recall_index = index;
        set_time(info->recalled_at, ev);
    }
    return TXNG_OK;
}

/* The unit's records, then the recalls of the lot it was packed from, into @p u. */
static txng_err
collect(const struct source *src, struct unit *u)
{
    txng_err err = each_hit(src, u->id, on_unit, u);

    if (err == TXNG_OK && u->info->lot[0] != '\0')
        err = each_hit(src, u->info->lot, on_lot, u);
    u->info->retry_at = txng_claim_retry_at(u->info->wrong, u->info->last_wrong_at);
    return err;
}

static txng_err
unit_state(txng_log *log, const char *unit_id, txng_claim_info *info, char *stored)
{
    struct reader r   = { 0 };
    struct source src = { &r, NULL, 0 };
    struct unit   u   = { unit_id, info, "" };
    txng_err      err;
    int           rc;

    memset(info, 0, sizeof *info);
    if ((err = txng_log_read_begin(log, &r.st, &r.txn)) != TXNG_OK)
        return err;
    rc = mdb_cursor_open(r.txn, r.st->ids, &r.cur);
    if (rc != MDB_SUCCESS) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    err = collect(&src, &u);
out:
    mdb_cursor_close(r.cur);
    txng_log_read_end(log);
    if (stored != NULL)
        memcpy(stored, u.stored, sizeof u.stored);
    if (err != TXNG_OK)
        memset(info, 0, sizeof *info);
    return err;
}

int64_t
txng_claim_retry_at(unsigned wrong, int64_t last_wrong_at)
{
    int64_t window = TXNG_CLAIM_BACKOFF_FIRST;

    if (wrong < TXNG_CLAIM_MAX_REFUSED)
        return 0;
    for (unsigned k = TXNG_CLAIM_MAX_REFUSED; k < wrong && window < TXNG_CLAIM_BACKOFF_MAX; k++)
        window *= 2;
    if (window > TXNG_CLAIM_BACKOFF_MAX)
        window = TXNG_CLAIM_BACKOFF_MAX;
    return last_wrong_at > INT64_MAX - window ? INT64_MAX : last_wrong_at + window;
}

txng_err
txng_claim_info_get(txng_log *log, const char *unit_id, txng_claim_info *info)
{
    if (log == NULL || unit_id == NULL || info == NULL)
        return TXNG_EINVAL;
    return unit_state(log, unit_id, info, NULL);
}

txng_err
txng_claim_info_bundle(const txng_bundle_result *bundle, txng_record *const *recs, size_t n,
                       const char *unit_id, txng_claim_info *info)
{
    struct source src = { NULL, recs, n };
    struct unit   u   = { unit_id, info, "" };
    txng_err      err;

    if (info != NULL)
        memset(info, 0, sizeof *info);
    if (bundle == NULL || (recs == NULL && n > 0) || unit_id == NULL || info == NULL)
        return TXNG_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (recs[i] == NULL || (i > 0 && recs[i]->index <= recs[i - 1]->index))
            return TXNG_EINVAL;
    err = collect(&src, &u);
    if (err == TXNG_OK &&
        !(bundle->kind == TXNG_BUNDLE_ALL ||
          (bundle->kind == TXNG_BUNDLE_UNIT && strcmp(bundle->select, unit_id) == 0) ||
          (bundle->kind == TXNG_BUNDLE_LOT && info->packed &&
           strcmp(bundle->select, info->lot) == 0)))
        err = TXNG_ENOTFOUND;
    if (err != TXNG_OK)
        memset(info, 0, sizeof *info);
    return err;
}

/* ---- appending ---------------------------------------------------------------------------- */

/* Build @p step's event from @p n values, check it against the log and append it signed by
 * @p actor, both under the writer lock. */
static txng_err
append(txng_log *log, const txng_signer *logkey, const txng_signer *actor, const char *step,
       const txng_kde_value *v, size_t n, int64_t now, uint64_t *index, txng_diag *diag)
{
    json_t  *ev = NULL;
    uint64_t first = 0;
    txng_err err;

    err = txng_event_build(&ev, txng_step_find(step), txng_log_origin(log), v, n, diag);
    if (err == TXNG_OK && (err = txng_log_lock(log, diag)) == TXNG_OK) {
        err = txng_rules_check_state_as(log, (const json_t *const *) &ev, 1,
                                        txng_signer_pubkey(actor), diag);
        if (err == TXNG_OK)
            err = txng_log_append_as(log, logkey, actor, &ev, 1, now, &first, diag);
        txng_log_unlock(log);
    }
    if (err == TXNG_OK && index != NULL)
        *index = first;
    if (diag != NULL && err != TXNG_OK)
        diag->line = 0;
    json_decref(ev);
    return err;
}

struct hash_ctx {
    const char *const *codes;
    char              *hashes;
    atomic_int         err; /* the first txng_err of any thread */
};

static void
hash_range(void *arg, size_t begin, size_t end)
{
    struct hash_ctx *c = arg;

    for (size_t i = begin; i < end && atomic_load(&c->err) == TXNG_OK; i++) {
        txng_err err = txng_claim_hash(c->hashes + i * (TXNG_CLAIM_STORED_LEN + 1), c->codes[i],
                                       NULL);

        if (err != TXNG_OK)
            atomic_store(&c->err, (int) err);
    }
}

/* Hash @p n codes on one thread per core (Argon2id dominates a registration). */
static txng_err
hash_all(char *hashes, const char *const *codes, size_t n)
{
    struct hash_ctx c = { codes, hashes, TXNG_OK };

    txng_par_for(0, n, 1, hash_range, &c);
    return (txng_err) atomic_load(&c.err);
}

txng_err
txng_claim_register(txng_log *log, const txng_signer *logkey, const txng_signer *packer,
                    const char *const *unit_ids, const char *const *codes, size_t n,
                    const char *event_time, int64_t now, uint64_t *index, txng_diag *diag)
{
    txng_kde_value *v      = NULL;
    char           *hashes = NULL;
    txng_err        err    = TXNG_OK;

    if (log == NULL || logkey == NULL || packer == NULL || unit_ids == NULL || codes == NULL ||
        event_time == NULL || n == 0 || n > TXNG_CLAIM_MAX_UNITS)
        return TXNG_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (unit_ids[i] == NULL || !code_valid(codes[i]))
            return TXNG_EINVAL;
    v      = calloc(2 * n + 1, sizeof *v);
    hashes = malloc(n * (TXNG_CLAIM_STORED_LEN + 1));
    if (v == NULL || hashes == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    if (sodium_init() < 0) {
        err = TXNG_ENOMEM;
        goto out;
    }
    err = hash_all(hashes, codes, n);
    for (size_t i = 0; i < n; i++) {
        v[2 * i]     = (txng_kde_value){ "id", unit_ids[i] };
        v[2 * i + 1] = (txng_kde_value){ "hash", hashes + i * (TXNG_CLAIM_STORED_LEN + 1) };
    }
    v[2 * n] = (txng_kde_value){ "time", event_time };
    if (err == TXNG_OK)
        err = append(log, logkey, packer, "claim-codes", v, 2 * n + 1, now, index, diag);
out:
    free(v);
    free(hashes);
    return err;
}

txng_err
txng_claim_check_and_record(txng_log *log, const txng_signer *logkey, const txng_signer *actor,
                            const char *unit_id, const char *code, const char *event_time,
                            int64_t now, txng_claim_outcome *outcome, txng_claim_info *info,
                            uint64_t *index, txng_diag *diag)
{
    txng_claim_info st;
    char            stored[TXNG_CLAIM_STORED_LEN + 1];
    const char     *result = NULL;
    txng_kde_value  v[4];
    size_t          n = 0;
    txng_err        err;

    if (log == NULL || logkey == NULL || actor == NULL || unit_id == NULL || event_time == NULL ||
        outcome == NULL || !code_valid(code))
        return TXNG_EINVAL;
    if ((err = txng_log_lock(log, diag)) != TXNG_OK)
        return err;
    if ((err = unit_state(log, unit_id, &st, stored)) != TXNG_OK)
        goto out;
    if (!st.packed)
        *outcome = TXNG_CLAIM_UNKNOWN;
    else if (!st.has_codes)
        *outcome = TXNG_CLAIM_NO_CODES;
    else if (st.recalled)
        *outcome = TXNG_CLAIM_RECALLED;
    else if (st.claimed)
        *outcome = TXNG_CLAIM_ALREADY;
    else if (st.retry_at != 0 && now < st.retry_at)
        *outcome = TXNG_CLAIM_WAIT; /* not even checked: one guess per window */
    else {
        err = txng_claim_hash_check(stored, code);
        if (err == TXNG_OK)
            *outcome = TXNG_CLAIM_CLAIMED;
        else if (err == TXNG_EBADSIG || err == TXNG_EFORMAT)
            *outcome = TXNG_CLAIM_WRONG_CODE;
        else
            goto out;
        err = TXNG_OK;
    }
    if (*outcome == TXNG_CLAIM_CLAIMED)
        result = "claimed";
    else if (*outcome == TXNG_CLAIM_WRONG_CODE)
        result = "wrong-code";
    else if (*outcome == TXNG_CLAIM_ALREADY && st.refused < TXNG_CLAIM_MAX_REFUSED)
        result = "already-claimed";
    if (result != NULL) {
        v[n++] = (txng_kde_value){ "id", unit_id };
        v[n++] = (txng_kde_value){ "result", result };
        if (*outcome == TXNG_CLAIM_CLAIMED)
            v[n++] = (txng_kde_value){ "code", code };
        v[n++] = (txng_kde_value){ "time", event_time };
        err    = append(log, logkey, actor, "claim", v, n, now, index, diag);
        if (err == TXNG_OK)
            err = unit_state(log, unit_id, &st, NULL);
    }
    if (err == TXNG_OK && info != NULL)
        *info = st;
out:
    txng_log_unlock(log);
    return err;
}

const char *
txng_claim_outcome_name(txng_claim_outcome outcome)
{
    static const char *const names[] = {
        [TXNG_CLAIM_CLAIMED]    = TXNG_N_("claimed"),
        [TXNG_CLAIM_UNKNOWN]    = TXNG_N_("unknown unit"),
        [TXNG_CLAIM_NO_CODES]   = TXNG_N_("no claim code registered"),
        [TXNG_CLAIM_RECALLED]   = TXNG_N_("recalled"),
        [TXNG_CLAIM_WRONG_CODE] = TXNG_N_("wrong code"),
        [TXNG_CLAIM_ALREADY]    = TXNG_N_("already claimed"),
        [TXNG_CLAIM_WAIT]       = TXNG_N_("too many wrong codes"),
    };

    if ((unsigned) outcome >= sizeof names / sizeof names[0])
        return "unknown outcome";
    return names[outcome];
}

/*
 * The file of unknown claims: lines "<GTIN or other> <count>\n", at most
 * TXNG_CLAIM_UNKNOWN_KEYS of them ("other" last once present; one spare
 * line is tolerated when reading), so a few KB whoever sends claims.
 */
#define UNKNOWN_LINE 42
#define UNKNOWN_MAX  ((TXNG_CLAIM_UNKNOWN_KEYS + 1) * UNKNOWN_LINE)

struct counted {
    char     key[20];
    uint64_t n;
};

/* Parse the file's @p len bytes; false when it is not in the format. */
static bool
unknown_parse(const char *text, size_t len, struct counted *c, size_t *n)
{
    size_t i = 0;

    *n = 0;
    while (i < len) {
        size_t   k = 0;
        uint64_t v = 0;

        if (*n == TXNG_CLAIM_UNKNOWN_KEYS + 1)
            return false;
        while (i < len && text[i] != ' ' && k < sizeof c[0].key - 1)
            c[*n].key[k++] = text[i++];
        c[*n].key[k] = '\0';
        if (i >= len || text[i++] != ' ' || k == 0)
            return false;
        if (i >= len || text[i] < '0' || text[i] > '9')
            return false;
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            if (v > (UINT64_MAX - 9) / 10)
                return false;
            v = v * 10 + (uint64_t) (text[i++] - '0');
        }
        if (i >= len || text[i++] != '\n')
            return false;
        c[(*n)++].n = v;
    }
    return true;
}

txng_err
txng_claim_count_unknown(const char *path, const char *unit_id, uint64_t *count)
{
    struct counted c[TXNG_CLAIM_UNKNOWN_KEYS + 1];
    char           text[UNKNOWN_MAX + 1], key[20] = "other";
    txng_gs1_id    g;
    size_t         n = 0, len = 0, at;
    ssize_t        r;
    int            fd = -1, saved;
    txng_err       err = TXNG_ESYS;

    if (path == NULL || unit_id == NULL)
        return TXNG_EINVAL;
    if (txng_gs1_dl_parse(&g, unit_id, strlen(unit_id), 0, NULL) == TXNG_OK &&
        g.key == TXNG_GS1_KEY_GTIN)
        snprintf(key, sizeof key, "%s", g.key_digits);
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return TXNG_ESYS;
    if (flock(fd, LOCK_EX) != 0)
        goto fail;
    while ((r = read(fd, text + len, sizeof text - len)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto fail;
        len += (size_t) r;
        if (len == sizeof text) {
            err = TXNG_ECORRUPT;
            goto fail;
        }
    }
    if (!unknown_parse(text, len, c, &n)) {
        err = TXNG_ECORRUPT;
        goto fail;
    }
    for (at = 0; at < n && strcmp(c[at].key, key) != 0; at++)
        ;
    if (at == n && n >= TXNG_CLAIM_UNKNOWN_KEYS) {
        /* full: the claim counts under "other", the last line */
        snprintf(key, sizeof key, "other");
        for (at = 0; at < n && strcmp(c[at].key, key) != 0; at++)
            ;
    }
    if (at == n) {
        snprintf(c[n].key, sizeof c[n].key, "%s", key);
        c[n++].n = 0;
    }
    if (c[at].n < UINT64_MAX)
        c[at].n++;
    /* "other" stays last */
    for (size_t i = 0; i + 1 < n; i++) {
        if (strcmp(c[i].key, "other") == 0) {
            struct counted t = c[i];

            c[i]     = c[n - 1];
            c[n - 1] = t;
            if (at == i)
                at = n - 1;
            else if (at == n - 1)
                at = i;
            break;
        }
    }
    len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t) snprintf(text + len, sizeof text - len, "%s %" PRIu64 "\n", c[i].key,
                                 c[i].n);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, len, 0) != (ssize_t) len || fsync(fd) != 0)
        goto fail;
    if (count != NULL)
        *count = c[at].n;
    close(fd); /* releases the lock */
    return TXNG_OK;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return err;
}
