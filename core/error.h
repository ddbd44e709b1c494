/*
 * error.h - error codes and diagnostics shared by every txng module
 *
 * Every fallible function returns a txng_err. Functions that read outside
 * bytes also fill a txng_diag, which says where the input went wrong
 * (record index, line, field) and why, in a static English phrase that the
 * command line translates with gettext. core/ never formats whole messages.
 */
#ifndef TXNG_CORE_ERROR_H
#define TXNG_CORE_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TXNG_MUST_CHECK __attribute__((warn_unused_result))
#else
#define TXNG_MUST_CHECK
#endif

/* Marks a static string for translation without translating it (gettext's N_). */
#define TXNG_N_(s) s
/* The same for a short word that needs a context @p c to be translated (a name
 * of a group of options); cli/ translates it with cli_pgettext(c, s). */
#define TXNG_NC_(c, s) s

/** Result of every fallible txng function; TXNG_OK is 0. New codes go at the end. */
typedef enum txng_err {
    TXNG_OK = 0,
    TXNG_ESYS,        /**< a system call failed; errno says which */
    TXNG_ENOMEM,      /**< out of memory */
    TXNG_EINVAL,      /**< invalid argument (a caller bug or a bad option value) */
    TXNG_ENOTFOUND,   /**< no such log, record, key or file */
    TXNG_EEXIST,      /**< already exists */
    TXNG_EPERM,       /**< not allowed: read-only log, key not enrolled or revoked */
    TXNG_EFORMAT,     /**< input is not in the expected encoding */
    TXNG_EVERSION,    /**< written by an incompatible format version */
    TXNG_ECORRUPT,    /**< stored data failed an integrity check */
    TXNG_EBADSIG,     /**< a signature does not verify */
    TXNG_ECHAIN,      /**< the hash chain or the Merkle tree does not match */
    TXNG_EFULL,       /**< the store reached its size limit */
    TXNG_EPASSPHRASE, /**< wrong passphrase, or a passphrase is needed */
    TXNG_EPROOF,      /**< a Merkle proof does not verify */
    TXNG_EFORK,       /**< two signed checkpoints are inconsistent */
    TXNG_ELAST = TXNG_EFORK
} txng_err;

/**
 * Where and why an input was refused. Zero it (TXNG_DIAG_INIT) before a call;
 * the callee sets what it knows and leaves the rest alone.
 */
typedef struct txng_diag {
    const char *reason;    /**< static English phrase marked with TXNG_N_, or NULL */
    char        field[96]; /**< field, element or key name concerned, "" if none */
    const char *value_name; /**< what value holds (static phrase marked with TXNG_N_), or NULL */
    char        value[64];  /**< the figure behind the reason ("118", a time), when value_name */
    uint64_t    index;     /**< record index, valid when has_index */
    size_t      line;      /**< 1-based input line, 0 if unknown */
    size_t      offset;    /**< byte offset or column in the input, 0 if unknown */
    bool        has_index;
} txng_diag;

#define TXNG_DIAG_INIT {0}

/** Short lower-case phrase without final period ("hash chain is broken").
 *  Never NULL: unknown codes give "unknown error". The string is static. */
const char *txng_strerror(txng_err err);

/** Set @p diag's reason and field (field may be NULL), dropping any value;
 *  @p diag may be NULL. */
void txng_diag_set(txng_diag *diag, const char *reason, const char *field);

/** Set @p diag's reason and field as txng_diag_set() does, unless it holds a
 *  reason already: the first failure found is the one reported. */
void txng_diag_set_once(txng_diag *diag, const char *reason, const char *field);

/**
 * Give the figure that shows why @p diag's reason holds, printed after it as
 * "(NAME: VALUE)": for a harvest of more roots than are left, the roots left.
 * @p name is a static phrase marked with TXNG_N_; @p diag may be NULL.
 */
__attribute__((format(printf, 3, 4))) void txng_diag_value(txng_diag *diag, const char *name,
                                                           const char *fmt, ...);

#endif /* TXNG_CORE_ERROR_H */
