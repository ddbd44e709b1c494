/*
 * note.c - C2SP signed notes and tlog-checkpoints
 *
 * The parser follows golang.org/x/mod/sumdb/note, which is what the C2SP
 * text describes: the whole note is UTF-8 without control characters other
 * than 0x0A; the text ends at the newline before the LAST empty line; every
 * line after it is "— <name> <base64>\n" with at least 5 decoded bytes.
 * Signature bytes are decoded four base64 characters at a time, so a
 * signature of any type and length is checked without allocating; only the
 * key ID and, for 64-byte signatures, the signature itself are kept.
 *
 * Checkpoint origins are parsed leniently (any non-empty line: the Go
 * checksum database's origin "go.sum database tree" has spaces) but
 * txng_checkpoint_format() writes only origins that txng_origin_valid()
 * accepts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/hash.h"
#include "core/keys.h"
#include "core/note.h"

#define SIG_PREFIX     "\xe2\x80\x94 "
#define SIG_PREFIX_LEN 4
/* Shortest decoded signature: a key ID and at least one byte (as Go). */
#define SIG_MIN_BYTES  5

/* See keys.c: one UTF-8 character, refusing overlongs and surrogates; 0 if invalid. */
/*
 * Check that [s, s+len) is UTF-8 without control characters other than
 * 0x0A. On failure set @p diag (line and byte offset) and return false.
 */
static bool
text_check(const unsigned char *s, size_t len, txng_diag *diag)
{
    size_t   i = 0, n, line = 1;
    uint32_t c;

    while (i < len) {
        n = txng_utf8_next(s + i, len - i, &c);
        if (n == 0 || (c < 0x20 && c != '\n')) {
            txng_diag_set(diag, n == 0 ? TXNG_N_("invalid UTF-8") : TXNG_N_("control character"),
                          NULL);
            if (diag != NULL) {
                diag->line   = line;
                diag->offset = i;
            }
            return false;
        }
        if (c == '\n')
            line++;
        i += n;
    }
    return true;
}

static size_t
count_lines(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

/*
 * Strictly decode the base64 at @p b64 (any length) and keep the first
 * @p cap decoded bytes in @p keep; the decoded length goes to @p dec_len.
 */
static bool
b64_decode_prefix(const char *b64, size_t len, unsigned char *keep, size_t cap, size_t *dec_len)
{
    unsigned char group[3];
    size_t        got, total = 0;

    if (len == 0 || len % 4 != 0)
        return false;
    for (size_t i = 0; i < len; i += 4) {
        /* Padding may only close the last group. */
        if (i + 4 < len && memchr(b64 + i, '=', 4) != NULL)
            return false;
        if (txng_b64_decode(group, sizeof group, &got, b64 + i, 4) != TXNG_OK)
            return false;
        for (size_t j = 0; j < got; j++, total++) {
            if (total < cap)
                keep[total] = group[j];
        }
    }
    *dec_len = total;
    return true;
}

static uint32_t
be32_load(const unsigned char b[4])
{
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
}

/* Parse one signature line (without its newline) into @p sig. */
static bool
sig_line_parse(txng_note_sig *sig, const char *line, size_t len, const char **why)
{
    const char   *name, *sp, *b64;
    size_t        name_len, b64_len, dec_len;
    unsigned char dec[4 + TXNG_SIG_BYTES];

    if (len < SIG_PREFIX_LEN || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
        *why = TXNG_N_("signature line does not start with an em dash and a space");
        return false;
    }
    name = line + SIG_PREFIX_LEN;
    sp   = memchr(name, ' ', len - SIG_PREFIX_LEN);
    if (sp == NULL) {
        *why = TXNG_N_("signature line has no space after the key name");
        return false;
    }
    name_len = (size_t) (sp - name);
    if (name_len > TXNG_KEY_NAME_MAX) {
        *why = TXNG_N_("invalid key name");
        return false;
    }
    memcpy(sig->name, name, name_len);
    sig->name[name_len] = '\0';
    if (!txng_key_name_valid(sig->name) || strlen(sig->name) != name_len) {
        *why = TXNG_N_("invalid key name");
        return false;
    }
    b64     = sp + 1;
    b64_len = len - (size_t) (b64 - line);
    if (!b64_decode_prefix(b64, b64_len, dec, sizeof dec, &dec_len) || dec_len < SIG_MIN_BYTES) {
        *why = TXNG_N_("signature is not base64 of at least 5 bytes");
        return false;
    }
    sig->id      = be32_load(dec);
    sig->sig_len = dec_len - 4;
    if (sig->sig_len == TXNG_SIG_BYTES)
        memcpy(sig->sig, dec + 4, TXNG_SIG_BYTES);
    else
        memset(sig->sig, 0, sizeof sig->sig);
    return true;
}

static void
diag_at(txng_diag *diag, size_t line, const char *reason)
{
    txng_diag_set(diag, reason, NULL);
    if (diag != NULL)
        diag->line = line;
}

txng_err
txng_note_parse(txng_note *out, const void *note, size_t len, txng_diag *diag)
{
    const char *s = note, *p, *end, *nl;
    size_t      split, line;
    const char *why = NULL;

    out->text_len = 0;
    out->nsigs    = 0;
    if (len > TXNG_NOTE_MAX) {
        diag_at(diag, 0, TXNG_N_("note is too long"));
        return TXNG_EFORMAT;
    }
    if (!text_check(note, len, diag))
        return TXNG_EFORMAT;

    /* The text ends at the last "\n\n": signature lines are never empty. */
    split = len;
    for (size_t i = len; i >= 2; i--) {
        if (s[i - 2] == '\n' && s[i - 1] == '\n') {
            split = i - 2;
            break;
        }
    }
    if (split == len) {
        diag_at(diag, count_lines(s, len) + 1, TXNG_N_("no empty line before the signatures"));
        return TXNG_EFORMAT;
    }
    p    = s + split + 2;
    end  = s + len;
    line = count_lines(s, split + 2) + 1;
    if (p == end) {
        diag_at(diag, line, TXNG_N_("no signature lines"));
        return TXNG_EFORMAT;
    }
    if (end[-1] != '\n') {
        diag_at(diag, count_lines(s, len) + 1, TXNG_N_("last line does not end with a newline"));
        return TXNG_EFORMAT;
    }
    for (; p < end; p = nl + 1, line++) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (out->nsigs == TXNG_NOTE_MAX_SIGS) {
            diag_at(diag, line, TXNG_N_("too many signatures"));
            out->nsigs = 0;
            return TXNG_EFORMAT;
        }
        if (!sig_line_parse(&out->sigs[out->nsigs], p, (size_t) (nl - p), &why)) {
            diag_at(diag, line, why);
            out->nsigs = 0;
            return TXNG_EFORMAT;
        }
        out->nsigs++;
    }
    out->text_len = split + 1;
    return TXNG_OK;
}

txng_err
txng_note_verify(const void *note, size_t len, const txng_pubkey *keys, size_t nkeys,
                 size_t *text_len, txng_diag *diag)
{
    txng_note parsed;
    size_t    verified = 0;
    txng_err  err;

    if (text_len != NULL)
        *text_len = 0;
    err = txng_note_parse(&parsed, note, len, diag);
    if (err != TXNG_OK)
        return err;
    for (size_t i = 0; i < parsed.nsigs; i++) {
        const txng_note_sig *sig = &parsed.sigs[i];
        const txng_pubkey   *key = NULL;

        for (size_t k = 0; k < nkeys && key == NULL; k++) {
            if (keys[k].id == sig->id && strcmp(keys[k].name, sig->name) == 0)
                key = &keys[k];
        }
        if (key == NULL)
            continue; /* unknown signer: ignored, as the spec requires */
        if (sig->sig_len != TXNG_SIG_BYTES ||
            txng_pubkey_verify(key, sig->sig, note, parsed.text_len) != TXNG_OK) {
            txng_diag_set(diag, TXNG_N_("a trusted key's signature does not verify"), sig->name);
            if (diag != NULL)
                diag->line = count_lines(note, parsed.text_len) + 2 + i;
            return TXNG_EBADSIG;
        }
        verified++;
    }
    if (verified == 0) {
        txng_diag_set(diag, TXNG_N_("no trusted key signed the note"), NULL);
        return TXNG_EBADSIG;
    }
    if (text_len != NULL)
        *text_len = parsed.text_len;
    return TXNG_OK;
}

txng_err
txng_note_sign(char **out, size_t *out_len, const char *text, size_t text_len,
               const txng_signer *signer)
{
    const txng_pubkey *pub = txng_signer_pubkey(signer);
    unsigned char      raw[4 + TXNG_SIG_BYTES];
    size_t             name_len = strlen(pub->name), len, cap;
    char              *buf;

    *out     = NULL;
    *out_len = 0;
    if (text_len == 0 || text[text_len - 1] != '\n' ||
        !text_check((const unsigned char *) text, text_len, NULL))
        return TXNG_EFORMAT;
    cap = text_len + 1 + SIG_PREFIX_LEN + name_len + 1 + TXNG_B64_SIZE(sizeof raw) + 1;
    if (cap > TXNG_NOTE_MAX)
        return TXNG_EFORMAT;
    buf = malloc(cap);
    if (buf == NULL)
        return TXNG_ENOMEM;

    raw[0] = (unsigned char) (pub->id >> 24);
    raw[1] = (unsigned char) (pub->id >> 16);
    raw[2] = (unsigned char) (pub->id >> 8);
    raw[3] = (unsigned char) pub->id;
    txng_signer_sign(signer, raw + 4, text, text_len);

    memcpy(buf, text, text_len);
    len        = text_len;
    buf[len++] = '\n';
    memcpy(buf + len, SIG_PREFIX, SIG_PREFIX_LEN);
    len += SIG_PREFIX_LEN;
    memcpy(buf + len, pub->name, name_len);
    len += name_len;
    buf[len++] = ' ';
    len += txng_b64_encode(buf + len, raw, sizeof raw);
    buf[len++] = '\n';
    buf[len]   = '\0';
    *out       = buf;
    *out_len   = len;
    return TXNG_OK;
}

txng_err
txng_checkpoint_parse(txng_checkpoint *out, const void *text, size_t len, txng_diag *diag)
{
    const char *p = text, *end = p + len, *nl;
    size_t      got, n;

    memset(out, 0, sizeof *out);
    if (!text_check(text, len, diag))
        return TXNG_EFORMAT;

    nl = memchr(p, '\n', len);
    if (nl == NULL) {
        diag_at(diag, 1, TXNG_N_("missing origin line"));
        return TXNG_EFORMAT;
    }
    n = (size_t) (nl - p);
    if (n == 0 || n > TXNG_ORIGIN_MAX) {
        diag_at(diag, 1, n == 0 ? TXNG_N_("empty origin") : TXNG_N_("origin is too long"));
        return TXNG_EFORMAT;
    }
    memcpy(out->origin, p, n);
    p = nl + 1;

    nl = memchr(p, '\n', (size_t) (end - p));
    if (nl == NULL) {
        diag_at(diag, 2, TXNG_N_("missing tree size line"));
        goto fail;
    }
    if (!txng_dec_parse(p, (size_t) (nl - p), &out->size)) {
        diag_at(diag, 2, TXNG_N_("tree size is not a decimal number without leading zeros"));
        goto fail;
    }
    p = nl + 1;

    nl = memchr(p, '\n', (size_t) (end - p));
    if (nl == NULL) {
        diag_at(diag, 3, TXNG_N_("missing root hash line"));
        goto fail;
    }
    if (txng_b64_decode(out->root, sizeof out->root, &got, p, (size_t) (nl - p)) != TXNG_OK ||
        got != TXNG_HASH_BYTES) {
        diag_at(diag, 3, TXNG_N_("root hash is not base64 of 32 bytes"));
        goto fail;
    }
    p = nl + 1;

    if (p != end) {
        diag_at(diag, 4, TXNG_N_("extension lines are not accepted"));
        goto fail;
    }
    return TXNG_OK;

fail:
    memset(out, 0, sizeof *out);
    return TXNG_EFORMAT;
}

txng_err
txng_checkpoint_format(const txng_checkpoint *cp, char **out, size_t *out_len)
{
    char   root[TXNG_HASH_B64_LEN + 1];
    size_t cap;
    char  *buf;
    int    n;

    *out     = NULL;
    *out_len = 0;
    if (strnlen(cp->origin, sizeof cp->origin) == sizeof cp->origin ||
        !txng_origin_valid(cp->origin))
        return TXNG_EINVAL;
    txng_b64_encode(root, cp->root, sizeof cp->root);
    cap = strlen(cp->origin) + 1 + TXNG_DEC_MAX_DIGITS + 1 + TXNG_HASH_B64_LEN + 2;
    buf = malloc(cap);
    if (buf == NULL)
        return TXNG_ENOMEM;
    n    = snprintf(buf, cap, "%s\n%llu\n%s\n", cp->origin, (unsigned long long) cp->size, root);
    *out = buf;
    *out_len = (size_t) n;
    return TXNG_OK;
}

bool
txng_origin_valid(const char *origin)
{
    size_t len;

    if (origin == NULL)
        return false;
    len = strnlen(origin, TXNG_ORIGIN_MAX + 1);
    if (len == 0 || len > TXNG_ORIGIN_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) origin[i];

        if (c <= ' ' || c > '~' || c == '+')
            return false;
    }
    return true;
}

/* Copy @p s into @p out of @p cap bytes, ending it in "..." when it does not fit. */
static void
cut_copy(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n < cap) {
        memcpy(out, s, n + 1);
        return;
    }
    memcpy(out, s, cap - 4);
    memcpy(out + cap - 4, "...", 4);
}

bool
txng_checkpoint_key_check(const txng_checkpoint *cp, const txng_note *note,
                          const txng_pubkey *key, txng_diag *diag)
{
    char                 ref[TXNG_KEYREF_MAX];
    const txng_note_sig *same = NULL;

    txng_pubkey_ref(key, ref);
    if (strcmp(cp->origin, key->name) != 0) {
        txng_diag_set(diag,
                      TXNG_N_("the checkpoint is of this log, the key given is of another log: "
                              "give the verifier key of this log"),
                      NULL);
        if (diag != NULL) {
            cut_copy(diag->field, sizeof diag->field, cp->origin);
            diag->value_name = TXNG_N_("key given");
            cut_copy(diag->value, sizeof diag->value, ref);
        }
        return false;
    }
    for (size_t i = 0; i < note->nsigs; i++) {
        if (strcmp(note->sigs[i].name, key->name) != 0)
            continue;
        if (note->sigs[i].id == key->id)
            return true;
        if (same == NULL)
            same = &note->sigs[i];
    }
    txng_diag_set(diag,
                  TXNG_N_("the checkpoint is of this key's log but not signed by this key: ask "
                          "the log's keeper for its verifier key"),
                  NULL);
    if (diag != NULL) {
        cut_copy(diag->field, sizeof diag->field, ref);
        if (same != NULL)
            txng_diag_value(diag, TXNG_N_("key ID of its signature"), "%08x",
                            (unsigned) same->id);
    }
    return false;
}
