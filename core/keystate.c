/*
 * keystate.c - the key records the log interprets, applied by position
 */
#include <stdbool.h>
#include <string.h>

#include "core/keystate.h"
#include "core/record.h"

txng_err
txng_keystate_apply(const json_t *event, const txng_key_info *signers, size_t nsigners,
                    uint64_t index, txng_keystate_get_fn get, txng_keystate_put_fn put, void *ctx,
                    txng_diag *diag)
{
    const char   *type = json_string_value(json_object_get(event, "type"));
    const json_t *key  = json_object_get(event, "key");
    bool          enrol, allowed = false;
    txng_key_info info;
    txng_err      err;

    if (type == NULL)
        return TXNG_OK; /* not an event the log interprets */
    if (strcmp(type, TXNG_TYPE_GENESIS) == 0) {
        txng_diag_set_once(diag, TXNG_N_("only record 0 may be a genesis"), "event/type");
        return TXNG_EFORMAT;
    }
    enrol = strcmp(type, TXNG_TYPE_KEY_ENROL) == 0;
    if (!enrol && strcmp(type, TXNG_TYPE_KEY_REVOKE) != 0)
        return TXNG_OK;
    for (size_t i = 0; i < nsigners; i++)
        if (strcmp(signers[i].role, "admin") == 0 || strcmp(signers[i].role, "log") == 0)
            allowed = true;
    if (enrol) {
        const json_t *role = json_object_get(event, "role");

        if (json_object_size(event) != 3 || !json_is_string(key) || !json_is_string(role)) {
            txng_diag_set_once(diag, TXNG_N_("a key enrolment has exactly type, key and role"),
                               "event");
            return TXNG_EFORMAT;
        }
        memset(&info, 0, sizeof info);
        err = txng_pubkey_parse(&info.key, json_string_value(key), json_string_length(key), diag);
        if (err != TXNG_OK) {
            txng_diag_set_once(diag, TXNG_N_("key is not a verifier key"), "event/key");
            return TXNG_EFORMAT;
        }
        if (!txng_log_role_valid(json_string_value(role), json_string_length(role))) {
            txng_diag_set_once(diag, TXNG_N_("role must be a lower-case word"), "event/role");
            return TXNG_EFORMAT;
        }
        if (!allowed) {
            txng_diag_set_once(diag, TXNG_N_("only the log key or an admin key may enrol keys"),
                               "signatures");
            return TXNG_EPERM;
        }
        txng_key_info old;

        err = get(ctx, info.key.name, &old);
        if (err == TXNG_OK) {
            txng_diag_set_once(diag, TXNG_N_("key name is already taken"), "event/key");
            return TXNG_EEXIST;
        }
        if (err != TXNG_ENOTFOUND)
            return err;
        memcpy(info.role, json_string_value(role), json_string_length(role));
        info.enrolled = index;
        return put(ctx, &info);
    }

    const json_t *reason = json_object_get(event, "reason");
    char          name[TXNG_KEY_NAME_MAX + 1];
    uint32_t      id;

    if (json_object_size(event) != (reason != NULL ? 3u : 2u) || !json_is_string(key) ||
        (reason != NULL && !json_is_string(reason))) {
        txng_diag_set_once(diag,
                           TXNG_N_("a key revocation has exactly type, key and an optional reason"),
                           "event");
        return TXNG_EFORMAT;
    }
    if (txng_keyref_parse(json_string_value(key), name, &id) != TXNG_OK) {
        txng_diag_set_once(diag, TXNG_N_("key is not NAME+KEYID"), "event/key");
        return TXNG_EFORMAT;
    }
    if (!allowed) {
        txng_diag_set_once(diag, TXNG_N_("only the log key or an admin key may revoke keys"),
                           "signatures");
        return TXNG_EPERM;
    }
    err = get(ctx, name, &info);
    if (err == TXNG_ENOTFOUND || (err == TXNG_OK && info.key.id != id)) {
        txng_diag_set_once(diag, TXNG_N_("no such key to revoke"), "event/key");
        return TXNG_ENOTFOUND;
    }
    if (err != TXNG_OK)
        return err;
    if (strcmp(info.role, "log") == 0) {
        txng_diag_set_once(diag, TXNG_N_("the log key cannot be revoked"), "event/key");
        return TXNG_EPERM;
    }
    if (info.is_revoked) {
        txng_diag_set_once(diag, TXNG_N_("key is already revoked"), "event/key");
        return TXNG_EEXIST;
    }
    info.is_revoked = true;
    info.revoked    = index;
    return put(ctx, &info);
}
