/*
 * error.c - error strings
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const char *const messages[] = {
    [TXNG_OK]          = TXNG_N_("success"),
    [TXNG_ESYS]        = TXNG_N_("system error"),
    [TXNG_ENOMEM]      = TXNG_N_("out of memory"),
    [TXNG_EINVAL]      = TXNG_N_("invalid argument"),
    [TXNG_ENOTFOUND]   = TXNG_N_("not found"),
    [TXNG_EEXIST]      = TXNG_N_("already exists"),
    [TXNG_EPERM]       = TXNG_N_("not allowed"),
    [TXNG_EFORMAT]     = TXNG_N_("malformed input"),
    [TXNG_EVERSION]    = TXNG_N_("unsupported format version"),
    [TXNG_ECORRUPT]    = TXNG_N_("data is corrupt"),
    [TXNG_EBADSIG]     = TXNG_N_("signature does not verify"),
    [TXNG_ECHAIN]      = TXNG_N_("hash chain is broken"),
    [TXNG_EFULL]       = TXNG_N_("log is full"),
    [TXNG_EPASSPHRASE] = TXNG_N_("wrong passphrase"),
    [TXNG_EPROOF]      = TXNG_N_("proof does not verify"),
    [TXNG_EFORK]       = TXNG_N_("checkpoints are inconsistent"),
};

const char *
txng_strerror(txng_err err)
{
    if ((unsigned) err >= sizeof messages / sizeof messages[0] || messages[err] == NULL)
        return "unknown error";
    return messages[err];
}

void
txng_diag_set(txng_diag *diag, const char *reason, const char *field)
{
    if (diag == NULL)
        return;
    diag->reason     = reason;
    diag->value_name = NULL; /* a value belongs to the reason it was given with */
    if (field != NULL)
        snprintf(diag->field, sizeof diag->field, "%s", field);
}

void
txng_diag_set_once(txng_diag *diag, const char *reason, const char *field)
{
    if (diag != NULL && diag->reason == NULL)
        txng_diag_set(diag, reason, field);
}

void
txng_diag_value(txng_diag *diag, const char *name, const char *fmt, ...)
{
    va_list ap;

    if (diag == NULL)
        return;
    diag->value_name = name;
    va_start(ap, fmt);
    vsnprintf(diag->value, sizeof diag->value, fmt, ap);
    va_end(ap);
}
