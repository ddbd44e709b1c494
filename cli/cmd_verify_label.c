/*
 * cmd_verify_label.c - txng verify-label: is this label genuine?
 *
 * Takes a photo or scan (PNG, JPEG: qr/decode.h) or the URI itself, checks
 * the Digital Link syntax and check digits (qr/label.h), the AI 8030
 * signature against --key or against every key the log has enrolled (the
 * signature carries no key hint: a log has a handful of keys, and trying
 * each costs one Ed25519 verification), and with -d what the log says of the
 * unit: packed, recalled, claimed, refused claim attempts (core/claim.h).
 * Facts go to standard output one per line, then a verdict in words.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/claim.h"
#include "qr/decode.h"
#include "qr/label.h"

static const char options[] =
    N_("options:\n"
       "  -k, --key VKEY     check the signature (AI 8030) with this verifier key\n"
       "  -d, --dir DIR      check the signature with the keys enrolled in this log,\n"
       "                     and whether the unit was packed, recalled or claimed\n"
       "  -j, --json         print the result as JSON\n"
       "  -h, --help         show this help\n"
       "IMAGE is a PNG or JPEG photo or scan holding one QR code; URI is the text of\n"
       "the code (anything with \"://\" or starting with \"urn:\" is taken as a URI).\n"
       "Exit status: 0 the label checks out, 1 it does not (bad signature, unknown or\n"
       "recalled unit, no code in the image), 2 usage, 3 could not run.\n");

struct sig_check {
    const txng_label *label;
    bool              found;
    txng_key_info     key;
};

static txng_err
try_key(void *ctx, const txng_key_info *key)
{
    struct sig_check *s = ctx;

    if (!s->found && txng_label_verify(s->label, &key->key, NULL) == TXNG_OK) {
        s->found = true;
        s->key   = *key;
    }
    return TXNG_OK;
}

/* The text to check: the operand itself, or the code decoded from the image it names. */
static int
read_text(const char *arg, char **text)
{
    size_t    len = 0, count = 0;
    txng_diag d   = TXNG_DIAG_INIT;
    txng_err  err;

    if (strstr(arg, "://") != NULL || strncmp(arg, "urn:", 4) == 0 ||
        strncmp(arg, "URN:", 4) == 0) {
        *text = strdup(arg);
        if (*text == NULL) {
            cli_report("verify-label", TXNG_ENOMEM, NULL);
            return EXIT_FAILED;
        }
        return EXIT_DONE;
    }
    err = txng_qr_decode_file(text, &len, &count, arg, &d);
    if (err == TXNG_ESYS && errno == ENOENT) {
        cli_error(arg, _("no such file"));
        return EXIT_FAILED;
    }
    if (err == TXNG_EEXIST) {
        cli_error(arg, _("%zu QR codes in the image: photograph one label at a time"), count);
        return EXIT_NO;
    }
    if (err != TXNG_OK) {
        cli_report(arg, err, &d);
        return err == TXNG_ENOTFOUND ? EXIT_NO : EXIT_FAILED;
    }
    if (strlen(*text) != len) {
        cli_error(arg, _("the QR code holds a NUL byte: not a label"));
        free(*text);
        *text = NULL;
        return EXIT_NO;
    }
    return EXIT_DONE;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "key", required_argument, NULL, 'k' }, { "dir", required_argument, NULL, 'd' },
        { "json", no_argument, NULL, 'j' },      { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char      *dir = NULL, *vkey = NULL;
    bool             json = false, have_key = false, sig_ok = false, sig_checked = false;
    bool             log_checked = false, good;
    txng_pubkey      key;
    txng_label       label;
    struct sig_check sc;
    txng_claim_info  info;
    txng_log        *log  = NULL;
    char            *text = NULL, base[TXNG_LABEL_URI_MAX], hri[TXNG_LABEL_HRI_MAX];
    char             unit[TXNG_GS1_URI_MAX], ref[TXNG_KEYREF_MAX] = "", verdict[512];
    txng_diag        d = TXNG_DIAG_INIT;
    int              c, status;
    txng_err         err;

    memset(&sc, 0, sizeof sc);
    memset(&info, 0, sizeof info);
    optind = 0;
    while ((c = getopt_long(argc, argv, "k:d:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            vkey = optarg;
            break;
        case 'd':
            dir = optarg;
            break;
        case 'j':
            json = true;
            break;
        case 'h':
            return cli_help(&cmd_verify_label, _(options));
        default:
            return cli_usage(&cmd_verify_label, _("unknown option"));
        }
    }
    if (optind + 1 != argc)
        return cli_usage(&cmd_verify_label, _("give one image or URI"));
    if (vkey != NULL) {
        if (txng_pubkey_parse(&key, vkey, strlen(vkey), &d) != TXNG_OK)
            return cli_usage(&cmd_verify_label, _("--key: %s"), _(d.reason));
        have_key = true;
    }
    if ((status = read_text(argv[optind], &text)) != EXIT_DONE)
        return status;
    err = txng_label_parse(&label, base, text, strlen(text), &d);
    if (err == TXNG_OK)
        err = txng_label_hri(hri, &label, &d);
    if (err == TXNG_OK)
        err = txng_label_unit_id(unit, &label, &d);
    if (err == TXNG_EFORMAT) {
        cli_error(text, _("not a valid label: %s%s%s"), d.field[0] != '\0' ? _(d.field) : "",
                  d.field[0] != '\0' ? ": " : "", _(d.reason));
        status = EXIT_NO;
        goto out;
    }
    if (err != TXNG_OK) {
        cli_report(text, err, &d);
        status = cli_status(err);
        goto out;
    }
    if (dir != NULL && (status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        goto out;

    /* The signature. */
    sc.label = &label;
    if (label.has_sig && have_key) {
        sig_checked = true;
        sig_ok      = txng_label_verify(&label, &key, NULL) == TXNG_OK;
        txng_pubkey_ref(&key, ref);
    } else if (label.has_sig && log != NULL) {
        sig_checked = true;
        if ((err = txng_log_keys(log, try_key, &sc)) != TXNG_OK) {
            cli_report(dir, err, NULL);
            status = cli_status(err);
            goto out;
        }
        sig_ok = sc.found;
        if (sc.found)
            txng_pubkey_ref(&sc.key.key, ref);
    }

    /* The log. */
    if (log != NULL && label.serial[0] != '\0') {
        if ((err = txng_claim_info_get(log, unit, &info)) != TXNG_OK) {
            cli_report(dir, err, NULL);
            status = cli_status(err);
            goto out;
        }
        log_checked = true;
    }

    /* The verdict: the first thing that fails, else what holds. */
    good = true;
    if (sig_checked && !sig_ok) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT GENUINE: the signature does not match; the label was altered or not "
                   "issued by this producer."));
    } else if (!label.has_sig && have_key) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT VERIFIED: the label carries no signature (AI 8030), so its issuer "
                   "cannot be checked."));
    } else if (sig_ok && sc.found && sc.key.is_revoked) {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("NOT TRUSTED: signed by %s, a key revoked at record %" PRIu64 "."), ref,
                 sc.key.revoked);
    } else if (log_checked && !info.packed) {
        good = false;
        snprintf(verdict, sizeof verdict, "%s",
                 _("NOT GENUINE: this serial was never packed in this log; the label may be "
                   "fake."));
    } else if (log_checked && info.recalled) {
        good = false;
        snprintf(verdict, sizeof verdict,
                 _("RECALLED: this unit was recalled on %s; do not use it."), info.recalled_at);
    } else if (log_checked && info.claimed && sig_ok) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE, ALREADY CLAIMED on %s: if you bought it new and did not claim it "
                   "yourself, this label may be a copy."),
                 info.claimed_at);
    } else if (log_checked && info.claimed) {
        snprintf(verdict, sizeof verdict,
                 _("PACKED, ALREADY CLAIMED on %s: the label is not signed; if you bought it "
                   "new and did not claim it yourself, it may be a copy."),
                 info.claimed_at);
    } else if (sig_ok && log_checked) {
        snprintf(verdict, sizeof verdict,
                 _("GENUINE: issued by %s and packed in this log; not claimed yet."), ref);
    } else if (sig_ok) {
        snprintf(verdict, sizeof verdict, _("GENUINE: issued by %s."), ref);
    } else if (log_checked) {
        snprintf(verdict, sizeof verdict, "%s",
                 _("PACKED: the unit was packed in this log, but the label is not signed."));
    } else {
        snprintf(verdict, sizeof verdict, "%s",
                 label.has_sig
                     ? _("WELL-FORMED: the signature was not checked (give --key or -d).")
                     : _("WELL-FORMED: a valid GS1 Digital Link, not signed."));
    }

    if (json) {
        json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "uri", text, "resolver", base, "label",
                              hri, "unit", unit);
        json_t *sig = json_pack("{s:b, s:b, s:b}", "present", label.has_sig, "checked",
                                sig_checked, "valid", sig_ok);
        char   *s;

        if (j == NULL || sig == NULL) {
            json_decref(j);
            json_decref(sig);
            cli_report("verify-label", TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
        if (ref[0] != '\0' && sig_ok)
            json_object_set_new(sig, "key", json_string(ref));
        if (sc.found && sc.key.is_revoked)
            json_object_set_new(sig, "revokedAt", json_integer((json_int_t) sc.key.revoked));
        json_object_set_new(j, "signature", sig);
        if (log_checked) {
            json_t *l = json_pack("{s:b, s:b, s:b, s:i, s:i}", "packed", info.packed,
                                  "recalled", info.recalled, "claimed", info.claimed,
                                  "refusedAttempts", (json_int_t) info.refused, "wrongCodes",
                                  (json_int_t) info.wrong);

            if (l != NULL && info.packed)
                json_object_set_new(l, "packRecord", json_integer((json_int_t) info.pack_index));
            if (l != NULL && info.recalled)
                json_object_set_new(l, "recalledAt", json_string(info.recalled_at));
            if (l != NULL && info.claimed)
                json_object_set_new(l, "claimedAt", json_string(info.claimed_at));
            json_object_set_new(j, "log", l != NULL ? l : json_null());
        }
        json_object_set_new(j, "ok", json_boolean(good));
        json_object_set_new(j, "verdict", json_string(verdict));
        s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s != NULL)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else {
        printf("uri: %s\n", text);
        printf("resolver: %s\n", base);
        printf("label: %s\n", hri);
        if (!label.has_sig)
            printf("signature: none\n");
        else if (!sig_checked)
            printf("signature: not checked\n");
        else if (!sig_ok)
            printf("signature: does not verify\n");
        else if (sc.found && sc.key.is_revoked)
            printf("signature: valid, by %s, revoked at record %" PRIu64 "\n", ref,
                   sc.key.revoked);
        else
            printf("signature: valid, by %s\n", ref);
        if (log_checked) {
            if (info.packed)
                printf("packed: record %" PRIu64 "\n", info.pack_index);
            else
                printf("packed: no\n");
            if (info.recalled)
                printf("recalled: %s (record %" PRIu64 ")\n", info.recalled_at,
                       info.recall_index);
            else
                printf("recalled: no\n");
            if (info.claimed)
                printf("claimed: %s (record %" PRIu64 ")\n", info.claimed_at, info.claim_index);
            else
                printf("claimed: no\n");
            printf("refused claim attempts: %u (wrong codes: %u)\n", info.refused, info.wrong);
        } else if (log != NULL) {
            printf("packed: not checked (the label names no serial)\n");
        }
        printf("verdict: %s\n", verdict);
    }
    status = good ? EXIT_DONE : EXIT_NO;
out:
    txng_log_close(log);
    free(text);
    return status;
}

const struct command cmd_verify_label = { "verify-label", run,
                                          N_("verify-label IMAGE|URI [--key VKEY] [-d DIR] "
                                             "[--json]"),
                                          N_("check a label's code and signature") };
