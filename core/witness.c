/*
 * witness.c - C2SP tlog-cosignature (cosignature/v1) and tlog-witness
 *
 * State layout (docs/format.md, "Witness state"): one LMDB environment in the
 * witness folder with two named databases. "meta" holds "version" -> one
 * byte, 1. "logs" maps the origin bytes to
 *   version (1 byte, 1) || size (u64 big-endian) || root (32 bytes) ||
 *   the log's verifier key string (the rest of the value, no NUL).
 * The add-checkpoint checks that depend on the state (409, 422) run inside
 * the write transaction that stores the new size, so the compare and the
 * swap are one step: LMDB admits one writer at a time.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#include "core/hash.h"
#include "core/keys.h"
#include "core/merkle.h"
#include "core/note.h"
#include "core/store.h"
#include "core/witness.h"

#define COSIG_HEADER     "cosignature/v1\ntime "
#define SIG_PREFIX       "\xe2\x80\x94 "
#define SIG_PREFIX_LEN   4
#define STATE_VERSION    1
#define LOGVAL_FIXED     (1 + 8 + TXNG_HASH_BYTES)
#define WITNESS_MAP_SIZE ((size_t) 64 << 20)
#define MAX_PROOF_LINES  63

struct txng_witness {
    MDB_env *env;
    MDB_dbi  meta, logs;
};

static const char type_text[] = "text/plain; charset=utf-8";
static const char type_size[] = "text/x.tlog.size";

static uint32_t
be32_load(const unsigned char b[4])
{
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
}

static void
be32_store(unsigned char b[4], uint32_t v)
{
    b[0] = (unsigned char) (v >> 24);
    b[1] = (unsigned char) (v >> 16);
    b[2] = (unsigned char) (v >> 8);
    b[3] = (unsigned char) v;
}

uint32_t
txng_witness_key_id(const char *name, const unsigned char pk[TXNG_PK_BYTES])
{
    unsigned char buf[TXNG_KEY_NAME_MAX + 2 + TXNG_PK_BYTES], h[TXNG_HASH_BYTES];
    size_t        n = strlen(name);

    if (n > TXNG_KEY_NAME_MAX)
        n = TXNG_KEY_NAME_MAX;
    memcpy(buf, name, n);
    buf[n]     = '\n';
    buf[n + 1] = TXNG_COSIG_TYPE;
    memcpy(buf + n + 2, pk, TXNG_PK_BYTES);
    txng_sha256(h, buf, n + 2 + TXNG_PK_BYTES);
    return be32_load(h);
}

void
txng_witness_key(txng_pubkey *out, const txng_signer *signer)
{
    *out    = *txng_signer_pubkey(signer);
    out->id = txng_witness_key_id(out->name, out->pk);
}

txng_err
txng_witness_key_parse(txng_pubkey *out, const char *vkey, size_t len, txng_diag *diag)
{
    const char   *p1, *p2;
    unsigned char raw[1 + TXNG_PK_BYTES], idb[4];
    size_t        name_len, got;

    memset(out, 0, sizeof *out);
    p1 = memchr(vkey, '+', len);
    p2 = p1 == NULL ? NULL : memchr(p1 + 1, '+', len - (size_t) (p1 + 1 - vkey));
    if (p2 == NULL) {
        txng_diag_set(diag, TXNG_N_("verifier key does not have three '+'-separated parts"),
                      NULL);
        return TXNG_EFORMAT;
    }
    name_len = (size_t) (p1 - vkey);
    if (name_len == 0 || name_len > TXNG_KEY_NAME_MAX) {
        txng_diag_set(diag, TXNG_N_("invalid key name"), NULL);
        return TXNG_EFORMAT;
    }
    memcpy(out->name, vkey, name_len);
    out->name[name_len] = '\0';
    if (!txng_key_name_valid(out->name) || strlen(out->name) != name_len) {
        txng_diag_set(diag, TXNG_N_("invalid key name"), NULL);
        return TXNG_EFORMAT;
    }
    if (p2 - p1 - 1 != 8 || txng_hex_decode(idb, 4, p1 + 1, 8) != TXNG_OK) {
        txng_diag_set(diag, TXNG_N_("key ID is not 8 lower-case hex digits"), NULL);
        return TXNG_EFORMAT;
    }
    for (size_t i = 1; i <= 8; i++) {
        if (p1[i] >= 'A' && p1[i] <= 'F') {
            txng_diag_set(diag, TXNG_N_("key ID is not 8 lower-case hex digits"), NULL);
            return TXNG_EFORMAT;
        }
    }
    if (txng_b64_decode(raw, sizeof raw, &got, p2 + 1, len - (size_t) (p2 + 1 - vkey)) !=
            TXNG_OK ||
        got != sizeof raw) {
        txng_diag_set(diag, TXNG_N_("public key is not base64 of 33 bytes"), NULL);
        return TXNG_EFORMAT;
    }
    if (raw[0] != TXNG_COSIG_TYPE) {
        txng_diag_set(diag, TXNG_N_("key type is not an Ed25519 cosignature/v1 key (0x04)"),
                      NULL);
        return TXNG_EFORMAT;
    }
    memcpy(out->pk, raw + 1, TXNG_PK_BYTES);
    out->id = txng_witness_key_id(out->name, out->pk);
    if (out->id != be32_load(idb)) {
        txng_diag_set(diag, TXNG_N_("key ID does not match the key"), NULL);
        return TXNG_EFORMAT;
    }
    return TXNG_OK;
}

void
txng_witness_key_format(const txng_pubkey *key, char out[TXNG_VKEY_MAX])
{
    unsigned char raw[1 + TXNG_PK_BYTES];
    char          b64[TXNG_B64_SIZE(sizeof raw)];

    raw[0] = TXNG_COSIG_TYPE;
    memcpy(raw + 1, key->pk, TXNG_PK_BYTES);
    txng_b64_encode(b64, raw, sizeof raw);
    snprintf(out, TXNG_VKEY_MAX, "%s+%08" PRIx32 "+%s", key->name, key->id, b64);
}

txng_err
txng_witness_message(char **out, size_t *out_len, const char *text, size_t text_len,
                     uint64_t timestamp)
{
    char   head[sizeof COSIG_HEADER + TXNG_DEC_MAX_DIGITS + 1];
    int    hn;
    char  *msg;

    *out     = NULL;
    *out_len = 0;
    if (timestamp > (uint64_t) TXNG_COSIG_TIME_MAX || text_len == 0 ||
        text[text_len - 1] != '\n')
        return TXNG_EINVAL;
    hn = snprintf(head, sizeof head, COSIG_HEADER "%" PRIu64 "\n", timestamp);
    msg = malloc((size_t) hn + text_len);
    if (msg == NULL)
        return TXNG_ENOMEM;
    memcpy(msg, head, (size_t) hn);
    memcpy(msg + hn, text, text_len);
    *out     = msg;
    *out_len = (size_t) hn + text_len;
    return TXNG_OK;
}

txng_err
txng_witness_cosign(char out[TXNG_COSIG_LINE_MAX], size_t *out_len, const txng_signer *signer,
                    const char *text, size_t text_len, uint64_t timestamp)
{
    txng_pubkey   key;
    unsigned char raw[TXNG_COSIG_BYTES];
    char          b64[TXNG_B64_SIZE(TXNG_COSIG_BYTES)];
    char         *msg = NULL;
    size_t        msg_len;
    txng_err      err;
    int           n;

    out[0]   = '\0';
    *out_len = 0;
    err      = txng_witness_message(&msg, &msg_len, text, text_len, timestamp);
    if (err != TXNG_OK)
        return err;
    txng_witness_key(&key, signer);
    be32_store(raw, key.id);
    txng_be64_store(raw + 4, timestamp);
    txng_signer_sign(signer, raw + 12, msg, msg_len);
    free(msg);
    txng_b64_encode(b64, raw, sizeof raw);
    n = snprintf(out, TXNG_COSIG_LINE_MAX, SIG_PREFIX "%s %s\n", key.name, b64);
    *out_len = (size_t) n;
    return TXNG_OK;
}

txng_err
txng_witness_line_parse(txng_cosig *out, const char *line, size_t len, txng_diag *diag)
{
    const char   *name, *sp;
    unsigned char raw[TXNG_COSIG_BYTES + 3];
    size_t        name_len, got;

    memset(out, 0, sizeof *out);
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len < SIG_PREFIX_LEN || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
        txng_diag_set(diag, TXNG_N_("signature line does not start with an em dash and a space"),
                      NULL);
        return TXNG_EFORMAT;
    }
    name = line + SIG_PREFIX_LEN;
    sp   = memchr(name, ' ', len - SIG_PREFIX_LEN);
    if (sp == NULL) {
        txng_diag_set(diag, TXNG_N_("signature line has no space after the key name"), NULL);
        return TXNG_EFORMAT;
    }
    name_len = (size_t) (sp - name);
    if (name_len == 0 || name_len > TXNG_KEY_NAME_MAX) {
        txng_diag_set(diag, TXNG_N_("invalid key name"), NULL);
        return TXNG_EFORMAT;
    }
    memcpy(out->name, name, name_len);
    out->name[name_len] = '\0';
    if (!txng_key_name_valid(out->name) || strlen(out->name) != name_len) {
        txng_diag_set(diag, TXNG_N_("invalid key name"), NULL);
        return TXNG_EFORMAT;
    }
    if (txng_b64_decode(raw, sizeof raw, &got, sp + 1, len - (size_t) (sp + 1 - line)) !=
            TXNG_OK ||
        got != TXNG_COSIG_BYTES) {
        txng_diag_set(diag, TXNG_N_("cosignature is not base64 of 76 bytes"), out->name);
        return TXNG_EFORMAT;
    }
    out->id        = be32_load(raw);
    out->timestamp = txng_be64_load(raw + 4);
    if (out->timestamp > (uint64_t) TXNG_COSIG_TIME_MAX) {
        txng_diag_set(diag, TXNG_N_("cosignature timestamp is above 2^63 - 1"), out->name);
        return TXNG_EFORMAT;
    }
    memcpy(out->sig, raw + 12, TXNG_SIG_BYTES);
    return TXNG_OK;
}

txng_err
txng_witness_verify(const txng_pubkey *key, const txng_cosig *cos, const char *text,
                    size_t text_len)
{
    char    *msg = NULL;
    size_t   msg_len;
    txng_err err;

    if (key->id != cos->id || strcmp(key->name, cos->name) != 0)
        return TXNG_EBADSIG;
    err = txng_witness_message(&msg, &msg_len, text, text_len, cos->timestamp);
    if (err != TXNG_OK)
        return err;
    err = txng_pubkey_verify(key, cos->sig, msg, msg_len);
    free(msg);
    return err;
}

static bool
same_key(const txng_pubkey *a, const txng_pubkey *b)
{
    return a->id == b->id && strcmp(a->name, b->name) == 0 &&
           memcmp(a->pk, b->pk, TXNG_PK_BYTES) == 0;
}

txng_err
txng_witness_check(const char *note, size_t len, const txng_pubkey *witnesses, size_t n,
                   size_t needed, txng_diag *diag)
{
    txng_note  *parsed = NULL;
    bool       *seen   = NULL;
    const char *p, *end, *nl;
    size_t      count = 0, lineno;
    txng_cosig  cos;
    txng_err    err;

    parsed = malloc(sizeof *parsed);
    seen   = calloc(n + 1, sizeof *seen);
    if (parsed == NULL || seen == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    err = txng_note_parse(parsed, note, len, diag);
    if (err != TXNG_OK)
        goto out;
    /* Signature lines follow the text and its empty line, in parse order. */
    p      = note + parsed->text_len + 1;
    end    = note + len;
    lineno = 1;
    for (size_t i = 0; i < parsed->text_len + 1; i++)
        lineno += note[i] == '\n';
    for (size_t s = 0; s < parsed->nsigs; s++, p = nl + 1, lineno++) {
        const txng_note_sig *sig = &parsed->sigs[s];

        nl = memchr(p, '\n', (size_t) (end - p));
        for (size_t k = 0; k < n; k++) {
            if (witnesses[k].id != sig->id || strcmp(witnesses[k].name, sig->name) != 0)
                continue;
            if (txng_witness_line_parse(&cos, p, (size_t) (nl - p), NULL) != TXNG_OK ||
                txng_witness_verify(&witnesses[k], &cos, note, parsed->text_len) != TXNG_OK) {
                txng_diag_set(diag, TXNG_N_("witness cosignature does not verify"), sig->name);
                if (diag != NULL)
                    diag->line = lineno;
                err = TXNG_EBADSIG;
                goto out;
            }
            seen[k] = true;
        }
    }
    for (size_t k = 0; k < n; k++) {
        bool dup = false;

        for (size_t j = 0; j < k && !dup; j++)
            dup = same_key(&witnesses[j], &witnesses[k]);
        count += seen[k] && !dup;
    }
    if (count < needed) {
        txng_diag_set(diag, TXNG_N_("too few witness cosignatures"), NULL);
        err = TXNG_EBADSIG;
    }
out:
    free(seen);
    free(parsed);
    return err;
}

txng_err
txng_witness_request(char **out, size_t *out_len, uint64_t old,
                     const unsigned char (*proof)[TXNG_HASH_BYTES], size_t n, const char *note,
                     size_t note_len)
{
    char  *buf, *p;
    size_t cap;

    *out     = NULL;
    *out_len = 0;
    if (n > MAX_PROOF_LINES)
        return TXNG_EINVAL;
    cap = 4 + TXNG_DEC_MAX_DIGITS + 1 + n * (TXNG_HASH_B64_LEN + 1) + 1 + note_len + 1;
    buf = malloc(cap);
    if (buf == NULL)
        return TXNG_ENOMEM;
    p = buf + snprintf(buf, cap, "old %" PRIu64 "\n", old);
    for (size_t i = 0; i < n; i++) {
        p += txng_b64_encode(p, proof[i], TXNG_HASH_BYTES);
        *p++ = '\n';
    }
    *p++ = '\n';
    memcpy(p, note, note_len);
    p += note_len;
    *p       = '\0';
    *out     = buf;
    *out_len = (size_t) (p - buf);
    return TXNG_OK;
}

/* ---- state ---- */

txng_err
txng_witness_open(txng_witness **out, const char *dir, bool create)
{
    txng_witness *w   = NULL;
    MDB_txn      *txn = NULL;
    MDB_val       k, v;
    char          path[4096];
    unsigned char ver = STATE_VERSION;
    struct stat   st;
    txng_err      err;
    int           rc;

    *out = NULL;
    if (snprintf(path, sizeof path, "%s/data.mdb", dir) >= (int) sizeof path)
        return TXNG_EINVAL;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return TXNG_ESYS;
        if (!create)
            return TXNG_ENOTFOUND;
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return TXNG_ESYS;
    }
    w = calloc(1, sizeof *w);
    if (w == NULL)
        return TXNG_ENOMEM;
    if ((rc = mdb_env_create(&w->env)) != 0 || (rc = mdb_env_set_maxdbs(w->env, 2)) != 0 ||
        (rc = mdb_env_set_mapsize(w->env, WITNESS_MAP_SIZE)) != 0 ||
        (rc = mdb_env_open(w->env, dir, MDB_NOTLS, 0600)) != 0 ||
        (rc = mdb_txn_begin(w->env, NULL, 0, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &w->meta)) != 0 ||
        (rc = mdb_dbi_open(txn, "logs", MDB_CREATE, &w->logs)) != 0) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    k.mv_data = (void *) (uintptr_t) "version";
    k.mv_size = strlen("version");
    rc        = mdb_get(txn, w->meta, &k, &v);
    if (rc == MDB_NOTFOUND) {
        v.mv_data = &ver;
        v.mv_size = 1;
        rc        = mdb_put(txn, w->meta, &k, &v, 0);
    } else if (rc == 0 && (v.mv_size != 1 || *(const unsigned char *) v.mv_data != ver)) {
        err = TXNG_EVERSION;
        goto fail;
    }
    if (rc != 0) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    rc  = mdb_txn_commit(txn);
    txn = NULL; /* mdb_txn_commit frees it even on failure */
    if (rc != 0) {
        err = txng_store_from_mdb(rc);
        goto fail;
    }
    *out = w;
    return TXNG_OK;
fail:
    mdb_txn_abort(txn);
    txng_witness_close(w);
    return err;
}

void
txng_witness_close(txng_witness *w)
{
    if (w == NULL)
        return;
    if (w->env != NULL)
        mdb_env_close(w->env);
    free(w);
}

static bool
origin_ok(const char *origin)
{
    size_t n = strlen(origin);

    if (n == 0 || n > TXNG_ORIGIN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char) origin[i] < 0x20 || origin[i] == 0x7f)
            return false;
    }
    return true;
}

/* Decode a "logs" value into @p out (origin already set). */
static txng_err
logval_decode(txng_witness_log *out, const MDB_val *v)
{
    const unsigned char *p = v->mv_data;
    txng_diag            diag = TXNG_DIAG_INIT;

    if (v->mv_size <= LOGVAL_FIXED || p[0] != STATE_VERSION)
        return TXNG_ECORRUPT;
    out->size = txng_be64_load(p + 1);
    memcpy(out->root, p + 9, TXNG_HASH_BYTES);
    if (txng_pubkey_parse(&out->key, (const char *) p + LOGVAL_FIXED, v->mv_size - LOGVAL_FIXED,
                          &diag) != TXNG_OK)
        return TXNG_ECORRUPT;
    return TXNG_OK;
}

/* Put the state of @p log under its origin; @p flags as mdb_put. */
static int
logval_put(txng_witness *w, MDB_txn *txn, const txng_witness_log *log, unsigned flags)
{
    unsigned char val[LOGVAL_FIXED + TXNG_VKEY_MAX];
    char          vkey[TXNG_VKEY_MAX];
    size_t        vlen;
    MDB_val       k, v;

    txng_pubkey_format(&log->key, vkey);
    vlen   = strlen(vkey);
    val[0] = STATE_VERSION;
    txng_be64_store(val + 1, log->size);
    memcpy(val + 9, log->root, TXNG_HASH_BYTES);
    memcpy(val + LOGVAL_FIXED, vkey, vlen);
    k.mv_data = (void *) (uintptr_t) log->origin;
    k.mv_size = strlen(log->origin);
    v.mv_data = val;
    v.mv_size = LOGVAL_FIXED + vlen;
    return mdb_put(txn, w->logs, &k, &v, flags);
}

/* Read the state of @p origin inside @p txn. */
static txng_err
logval_get(txng_witness *w, MDB_txn *txn, const char *origin, txng_witness_log *out)
{
    MDB_val k, v;
    int     rc;

    memset(out, 0, sizeof *out);
    if (!origin_ok(origin))
        return TXNG_ENOTFOUND;
    snprintf(out->origin, sizeof out->origin, "%s", origin);
    k.mv_data = (void *) (uintptr_t) origin;
    k.mv_size = strlen(origin);
    rc        = mdb_get(txn, w->logs, &k, &v);
    if (rc != 0)
        return txng_store_from_mdb(rc);
    return logval_decode(out, &v);
}

txng_err
txng_witness_add_log(txng_witness *w, const char *origin, const txng_pubkey *key)
{
    txng_witness_log log;
    MDB_txn         *txn = NULL;
    txng_err         err;
    int              rc;

    if (!origin_ok(origin) || !txng_key_name_valid(key->name) ||
        key->id != txng_key_id(key->name, key->pk))
        return TXNG_EINVAL;
    memset(&log, 0, sizeof log);
    snprintf(log.origin, sizeof log.origin, "%s", origin);
    log.key = *key;
    txng_sha256(log.root, "", 0);
    if ((err = txng_store_wtxn_begin(w->env, &txn)) != TXNG_OK)
        return err;
    rc = logval_put(w, txn, &log, MDB_NOOVERWRITE);
    if (rc != 0) {
        mdb_txn_abort(txn);
        return rc == MDB_KEYEXIST ? TXNG_EEXIST : txng_store_from_mdb(rc);
    }
    rc = mdb_txn_commit(txn);
    return rc == 0 ? TXNG_OK : txng_store_from_mdb(rc);
}

txng_err
txng_witness_get_log(txng_witness *w, const char *origin, txng_witness_log *out)
{
    MDB_txn *txn = NULL;
    txng_err err;
    int      rc;

    rc = mdb_txn_begin(w->env, NULL, MDB_RDONLY, &txn);
    if (rc != 0)
        return txng_store_from_mdb(rc);
    err = logval_get(w, txn, origin, out);
    mdb_txn_abort(txn);
    return err;
}

txng_err
txng_witness_logs(txng_witness *w, txng_err (*fn)(void *ctx, const txng_witness_log *log),
                  void *ctx)
{
    MDB_txn         *txn = NULL;
    MDB_cursor      *cur = NULL;
    MDB_val          k, v;
    txng_witness_log log;
    txng_err         err = TXNG_OK;
    int              rc;

    rc = mdb_txn_begin(w->env, NULL, MDB_RDONLY, &txn);
    if (rc == 0)
        rc = mdb_cursor_open(txn, w->logs, &cur);
    if (rc != 0) {
        err = txng_store_from_mdb(rc);
        goto out;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        memset(&log, 0, sizeof log);
        if (k.mv_size == 0 || k.mv_size > TXNG_ORIGIN_MAX) {
            err = TXNG_ECORRUPT;
            goto out;
        }
        memcpy(log.origin, k.mv_data, k.mv_size);
        if ((err = logval_decode(&log, &v)) != TXNG_OK || (err = fn(ctx, &log)) != TXNG_OK)
            goto out;
    }
    if (rc != MDB_NOTFOUND)
        err = txng_store_from_mdb(rc);
out:
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return err;
}

/* ---- add-checkpoint ---- */

/* A parsed request: the proof and where the note starts. */
struct request {
    uint64_t      old;
    unsigned char proof[MAX_PROOF_LINES][TXNG_HASH_BYTES];
    size_t        n;
    const char   *note;
    size_t        note_len;
};

static bool
request_parse(struct request *rq, const char *s, size_t len, txng_diag *diag)
{
    const char *p = s, *end = s + len, *nl;
    size_t      line = 1, got;

    nl = memchr(p, '\n', len);
    if (nl == NULL || nl - p < 5 || memcmp(p, "old ", 4) != 0 ||
        !txng_dec_parse(p + 4, (size_t) (nl - p - 4), &rq->old)) {
        txng_diag_set(diag, TXNG_N_("first line is not \"old <size>\""), NULL);
        if (diag != NULL)
            diag->line = 1;
        return false;
    }
    rq->n = 0;
    for (p = nl + 1, line = 2;; p = nl + 1, line++) {
        nl = p < end ? memchr(p, '\n', (size_t) (end - p)) : NULL;
        if (nl == NULL) {
            txng_diag_set(diag, TXNG_N_("no empty line before the checkpoint"), NULL);
            if (diag != NULL)
                diag->line = line;
            return false;
        }
        if (nl == p)
            break;
        if (rq->n == MAX_PROOF_LINES) {
            txng_diag_set(diag, TXNG_N_("more than 63 consistency proof lines"), NULL);
            if (diag != NULL)
                diag->line = line;
            return false;
        }
        if (txng_b64_decode(rq->proof[rq->n], TXNG_HASH_BYTES, &got, p, (size_t) (nl - p)) !=
                TXNG_OK ||
            got != TXNG_HASH_BYTES) {
            txng_diag_set(diag, TXNG_N_("consistency proof line is not base64 of 32 bytes"),
                          NULL);
            if (diag != NULL)
                diag->line = line;
            return false;
        }
        rq->n++;
    }
    rq->note     = nl + 1;
    rq->note_len = (size_t) (end - rq->note);
    return true;
}

static txng_err
reply_set(txng_witness_reply *reply, int status, const char *type, const char *body, size_t len)
{
    reply->status       = status;
    reply->content_type = type;
    reply->body         = malloc(len + 1);
    reply->body_len     = 0;
    if (reply->body == NULL)
        return TXNG_ENOMEM;
    memcpy(reply->body, body, len);
    reply->body[len] = '\0';
    reply->body_len  = len;
    return TXNG_OK;
}

/* A refusal: the status and a one-line reason (the parser's, else @p reason) as the body. */
static txng_err
refuse(txng_witness_reply *reply, int status, txng_diag *diag, const char *reason)
{
    char body[256];
    int  n;

    if (diag->reason == NULL)
        txng_diag_set(diag, reason, NULL);
    n = snprintf(body, sizeof body, "%s\n", diag->reason);
    return reply_set(reply, status, type_text, body, (size_t) n);
}

static txng_err
conflict(txng_witness_reply *reply, txng_diag *diag, uint64_t stored, const char *reason)
{
    char body[TXNG_DEC_MAX_DIGITS + 2];
    int  n;

    txng_diag_set(diag, reason, NULL);
    n = snprintf(body, sizeof body, "%" PRIu64 "\n", stored);
    return reply_set(reply, 409, type_size, body, (size_t) n);
}

txng_err
txng_witness_add_checkpoint(txng_witness *w, const txng_signer *signer, uint64_t now,
                            const void *body, size_t len, txng_witness_reply *reply,
                            txng_diag *diag)
{
    struct request  *rq  = NULL;
    txng_checkpoint  cp;
    txng_witness_log log;
    txng_note        *parsed = NULL;
    MDB_txn         *txn = NULL;
    unsigned char    empty[TXNG_HASH_BYTES];
    char             line[TXNG_COSIG_LINE_MAX];
    size_t           line_len, text_len;
    txng_diag        local = TXNG_DIAG_INIT;
    txng_err         err;
    int              rc;

    memset(reply, 0, sizeof *reply);
    if (diag == NULL)
        diag = &local;
    if (now > (uint64_t) TXNG_COSIG_TIME_MAX)
        return TXNG_EINVAL;
    rq     = malloc(sizeof *rq);
    parsed = malloc(sizeof *parsed);
    if (rq == NULL || parsed == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    if (len > TXNG_WITNESS_BODY_MAX) {
        err = refuse(reply, 400, diag, TXNG_N_("request is too long"));
        goto out;
    }
    if (!request_parse(rq, body, len, diag)) {
        err = refuse(reply, 400, diag, TXNG_N_("malformed request"));
        goto out;
    }
    if (txng_note_parse(parsed, rq->note, rq->note_len, diag) != TXNG_OK ||
        txng_checkpoint_parse(&cp, rq->note, parsed->text_len, diag) != TXNG_OK) {
        err = refuse(reply, 400, diag, TXNG_N_("malformed checkpoint"));
        goto out;
    }
    if ((err = txng_store_wtxn_begin(w->env, &txn)) != TXNG_OK)
        goto out;
    err = logval_get(w, txn, cp.origin, &log);
    if (err == TXNG_ENOTFOUND) {
        err = refuse(reply, 404, diag, TXNG_N_("unknown log origin"));
        goto out;
    }
    if (err != TXNG_OK)
        goto out;
    if (txng_note_verify(rq->note, rq->note_len, &log.key, 1, &text_len, NULL) != TXNG_OK) {
        err = refuse(reply, 403, diag, TXNG_N_("checkpoint is not signed by the log's key"));
        goto out;
    }
    if (rq->old > cp.size) {
        err = refuse(reply, 400, diag, TXNG_N_("old size is larger than the checkpoint size"));
        goto out;
    }
    if (rq->old != log.size) {
        err = conflict(reply, diag, log.size, TXNG_N_("old size is not the witness's size"));
        goto out;
    }
    txng_sha256(empty, "", 0);
    if (rq->old == 0 && rq->n != 0) {
        err = refuse(reply, 422, diag, TXNG_N_("consistency proof is not empty for old size 0"));
        goto out;
    }
    if (cp.size == 0 && memcmp(cp.root, empty, TXNG_HASH_BYTES) != 0) {
        err = refuse(reply, 422, diag, TXNG_N_("checkpoint of size 0 does not have the empty tree's root"));
        goto out;
    }
    if (rq->old == cp.size && rq->n != 0) {
        err = refuse(reply, 422, diag, TXNG_N_("consistency proof is not empty for equal sizes"));
        goto out;
    }
    if (rq->old > 0 && rq->old < cp.size &&
        txng_merkle_verify_consistency(rq->old, cp.size, log.root, cp.root,
                                       (const unsigned char (*)[TXNG_HASH_BYTES]) rq->proof,
                                       rq->n) != TXNG_OK) {
        err = refuse(reply, 422, diag, TXNG_N_("consistency proof does not verify"));
        goto out;
    }
    if (rq->old == cp.size && rq->old > 0 && memcmp(cp.root, log.root, TXNG_HASH_BYTES) != 0) {
        err = conflict(reply, diag, log.size,
                       TXNG_N_("same size as the witness's but another root hash"));
        goto out;
    }
    err = txng_witness_cosign(line, &line_len, signer, rq->note, text_len, now);
    if (err != TXNG_OK)
        goto out;
    if (cp.size != log.size || memcmp(cp.root, log.root, TXNG_HASH_BYTES) != 0) {
        log.size = cp.size;
        memcpy(log.root, cp.root, TXNG_HASH_BYTES);
        rc = logval_put(w, txn, &log, 0);
        if (rc == 0)
            rc = mdb_txn_commit(txn);
        txn = NULL;
        if (rc != 0) {
            err = txng_store_from_mdb(rc);
            goto out;
        }
    }
    err = reply_set(reply, 200, type_text, line, line_len);
out:
    mdb_txn_abort(txn);
    free(parsed);
    free(rq);
    if (err != TXNG_OK) {
        free(reply->body);
        memset(reply, 0, sizeof *reply);
    }
    return err;
}
