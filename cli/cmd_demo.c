/*
 * cmd_demo.c - txng demo: a small Ngọc Linh ginseng log, verified and explained
 *
 * The demo uses fixed demonstration keys and times so that its output is
 * the same on every machine; it writes into a new temporary folder unless
 * -d names one.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/canon.h"
#include "core/hash.h"
#include "core/record.h"

static const char options[] = N_("options:\n"
                                 "  -d, --dir DIR   build the demo log in DIR (must not exist)\n"
                                 "  -h, --help      show this help\n");

#define ORIGIN "demo.htx-samngoclinh.vn/log"
#define T0     1731600000 /* 2024-11-14T16:00:00Z */

/* Events of the demo chain; each is appended by the key named first. */
static const struct step {
    const char *signer;
    const char *what;
    const char *json;
} steps[] = {
    { "ho-a-vang", N_("planting of 400 seedlings in garden 3"),
      "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"eventTime\":\"2019-10-20T08:00:00+07:00\","
      "\"eventTimeZoneOffset\":\"+07:00\",\"bizStep\":\"urn:txng:bizstep:planting\","
      "\"epcList\":[\"urn:txng:demo.htx-samngoclinh.vn:cohort:V3-2019\"],"
      "\"readPoint\":{\"id\":\"urn:txng:demo.htx-samngoclinh.vn:place:vuon-3\"},"
      "\"txng:note\":\"Trồng 400 cây giống dưới tán rừng, tiểu khu 12\",\"txng:count\":400}" },
    { "ho-a-vang", N_("care: organic fertiliser"),
      "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventTime\":\"2023-04-02T07:30:00+07:00\","
      "\"eventTimeZoneOffset\":\"+07:00\",\"bizStep\":\"urn:txng:bizstep:treating\","
      "\"epcList\":[\"urn:txng:demo.htx-samngoclinh.vn:cohort:V3-2019\"],"
      "\"txng:input\":\"phân hữu cơ vi sinh\",\"txng:dose\":\"2 kg/100 m2\"}" },
    { "ho-a-vang", N_("harvest of lot L24-017: 120 roots, 9.6 kg, 6 years old"),
      "{\"type\":\"TransformationEvent\",\"eventTime\":\"2024-11-12T09:15:00+07:00\","
      "\"eventTimeZoneOffset\":\"+07:00\",\"bizStep\":\"urn:epcglobal:cbv:bizstep:harvesting\","
      "\"inputEPCList\":[\"urn:txng:demo.htx-samngoclinh.vn:cohort:V3-2019\"],"
      "\"outputQuantityList\":[{\"epcClass\":\"https://id.gs1.org/01/08930000000026/10/L24-017\","
      "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:roots\":120,\"txng:ageYears\":6}" },
    { "htx-tumorong", N_("packing: 40 sealed units from lot L24-017"),
      "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"eventTime\":\"2024-11-13T14:00:00+07:00\","
      "\"eventTimeZoneOffset\":\"+07:00\",\"bizStep\":\"urn:epcglobal:cbv:bizstep:packing\","
      "\"parentID\":\"https://id.gs1.org/01/08930000000033/10/L24-017\","
      "\"childQuantityList\":[{\"epcClass\":\"https://id.gs1.org/01/08930000000026/10/L24-017\","
      "\"quantity\":\"9.6\",\"uom\":\"KGM\"}],\"txng:units\":40}" },
    { "htx-tumorong", N_("shipping to a shop in Hà Nội"),
      "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventTime\":\"2024-11-14T06:00:00+07:00\","
      "\"eventTimeZoneOffset\":\"+07:00\",\"bizStep\":\"urn:epcglobal:cbv:bizstep:shipping\","
      "\"epcList\":[\"https://id.gs1.org/01/08930000000033/10/L24-017\"],"
      "\"destinationList\":[{\"type\":\"urn:epcglobal:cbv:sdt:owning_party\","
      "\"destination\":\"urn:txng:demo.htx-samngoclinh.vn:party:cua-hang-ha-noi\"}]}" },
};

/* A demonstration key: seed = SHA-256("txng demo key " || name). Not secret. */
static txng_err
demo_key(const char *name, txng_signer **out)
{
    unsigned char seed[TXNG_SEED_BYTES];
    char          label[160];

    snprintf(label, sizeof label, "txng demo key %s", name);
    txng_sha256(seed, label, strlen(label));
    return txng_signer_from_seed(out, name, seed);
}

static int
fail(const char *what, txng_err err, const txng_diag *diag)
{
    cli_report(what, err, diag);
    return EXIT_FAILED;
}

static txng_err
enrol(txng_log *log, const txng_signer *logkey, const txng_signer *key, const char *role,
      int64_t t)
{
    char     vkey[TXNG_VKEY_MAX];
    json_t  *ev;
    txng_err err;

    txng_pubkey_format(txng_signer_pubkey(key), vkey);
    ev = json_pack("{s:s, s:s, s:s}", "type", TXNG_TYPE_KEY_ENROL, "key", vkey, "role", role);
    if (ev == NULL)
        return TXNG_ENOMEM;
    err = txng_log_append_as(log, logkey, logkey, &ev, 1, t, NULL, NULL);
    json_decref(ev);
    if (err == TXNG_OK)
        printf(_("   enrolled %-13s (%s): %s\n"), txng_signer_pubkey(key)->name, role, vkey);
    return err;
}

static json_t *
parse(const char *text)
{
    json_t *v = NULL;

    if (txng_canon_parse(&v, text, strlen(text), 0, NULL) != TXNG_OK)
        return NULL;
    return v;
}

static int
demo(const char *dir)
{
    txng_signer *logkey = NULL, *grower = NULL, *coop = NULL, *stranger = NULL;
    txng_log    *log    = NULL;
    char        *keyfile = NULL, *note = NULL, b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    char         vkey[TXNG_VKEY_MAX];
    char        *bytes   = NULL;
    size_t       keyfile_len = 0, note_len = 0, text_len = 0, bytes_len = 0, n = 0;
    json_t      *ev = NULL, *signed_ev = NULL, *forged = NULL;
    txng_diag    diag = TXNG_DIAG_INIT;
    txng_err     err;
    int64_t      t = T0;
    uint64_t     index, harvest = 0;
    unsigned char proof[TXNG_MERKLE_MAX_PROOF][TXNG_HASH_BYTES], leaf[TXNG_HASH_BYTES];
    txng_checkpoint    cp;
    txng_verify_result res;
    int                status = EXIT_FAILED;

    printf(_("txng demo: the record of one lot of Ngọc Linh ginseng, from planting to shop.\n"
             "Demonstration keys are fixed and NOT secret; never use them for real records.\n\n"));
    if ((err = demo_key(ORIGIN, &logkey)) != TXNG_OK || (err = demo_key("ho-a-vang", &grower)) ||
        (err = demo_key("htx-tumorong", &coop)) || (err = demo_key("ke-gia-mao", &stranger)))
        return fail("demo", err, NULL);
    if ((err = txng_keyfile_write(logkey, NULL, TXNG_KDF_INTERACTIVE, &keyfile, &keyfile_len)))
        goto failed;

    printf(_("1. The cooperative creates its log in %s.\n"
             "   Record 0 names the log and its key; anyone holding this verifier key\n"
             "   can check the whole log:\n"),
           dir);
    if ((err = txng_log_create(&log, dir, ORIGIN, logkey, keyfile, keyfile_len, t)) != TXNG_OK)
        goto failed;
    txng_pubkey_format(txng_signer_pubkey(logkey), vkey);
    printf("   %s\n\n", vkey);

    printf(_("2. The log key enrols the keys of a member grower and of the cooperative:\n"));
    if ((err = enrol(log, logkey, grower, "grower", ++t)) != TXNG_OK ||
        (err = enrol(log, logkey, coop, "cooperative", ++t)) != TXNG_OK)
        goto failed;

    printf(_("\n3. Each production step is an event, signed by whoever did it:\n"));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const txng_signer *who = strcmp(steps[i].signer, "ho-a-vang") == 0 ? grower : coop;

        if ((ev = parse(steps[i].json)) == NULL) {
            err = TXNG_EFORMAT;
            goto failed;
        }
        err = txng_log_append_as(log, logkey, who, &ev, 1, t += 3600, &index, &diag);
        json_decref(ev);
        ev = NULL;
        if (err != TXNG_OK)
            goto failed;
        if (i == 2)
            harvest = index;
        printf(_("   record %" PRIu64 ": %s, signed by %s\n"), index, _(steps[i].what),
               steps[i].signer);
    }

    printf(_("\n4. After every append the log signs a checkpoint (C2SP): its size and the\n"
             "   Merkle root of all records. This is the newest one:\n\n"));
    if ((err = txng_log_checkpoint(log, 0, &note, &note_len)) != TXNG_OK)
        goto failed;
    for (const char *p = note; p < note + note_len;) {
        const char *nl = memchr(p, '\n', (size_t) (note + note_len - p));
        int         w  = (int) ((nl != NULL ? nl : note + note_len) - p);

        if (w > 0)
            printf("   %.*s\n", w, p);
        else
            putchar('\n');
        p += w + 1;
    }
    putchar('\n');

    printf(_("5. An inspector holding only that checkpoint checks that the harvest\n"
             "   (record %" PRIu64 ") is in the log, with a proof of a few hashes:\n"),
           harvest);
    /* The inspector checks the log's signature first, then reads the note text. */
    if ((err = txng_note_verify(note, note_len, txng_log_pubkey(log), 1, &text_len, &diag)) !=
            TXNG_OK ||
        (err = txng_checkpoint_parse(&cp, note, text_len, &diag)) != TXNG_OK ||
        (err = txng_log_prove(log, harvest, cp.size, proof, &n)) != TXNG_OK ||
        (err = txng_log_get(log, harvest, &bytes, &bytes_len)) != TXNG_OK)
        goto failed;
    txng_hash_leaf(leaf, bytes, bytes_len);
    err = txng_merkle_verify_inclusion(leaf, harvest, cp.size,
                                       (const unsigned char (*)[TXNG_HASH_BYTES]) proof, n,
                                       cp.root);
    if (err != TXNG_OK)
        goto failed;
    printf(_("   %zu hashes; the proof verifies against the signed root.\n"), n);
    {
        /* The same check on a copy of the record whose weight was changed. */
        char *w = strstr(bytes, "\"9.6\"");

        if (w == NULL) {
            err = TXNG_EINVAL;
            goto failed;
        }
        memcpy(w, "\"8.6\"", 5);
        txng_hash_leaf(leaf, bytes, bytes_len);
        err = txng_merkle_verify_inclusion(leaf, harvest, cp.size,
                                           (const unsigned char (*)[TXNG_HASH_BYTES]) proof, n,
                                           cp.root);
        if (err != TXNG_EPROOF)
            goto failed;
        printf(_("   A copy of that record with 8.6 kg instead of 9.6 kg fails the same proof:\n"
                 "   %s.\n\n"),
               _(txng_strerror(err)));
    }

    printf(_("6. A grower may sign offline; the signature stays valid in any log.\n"
             "   Someone changes the weight in a signed harvest event from 9.6 to 19.6 kg:\n"));
    ev = parse(steps[2].json);
    if (ev == NULL || (err = txng_event_sign(&signed_ev, ev, grower, &diag)) != TXNG_OK)
        goto failed;
    forged = json_deep_copy(signed_ev);
    json_object_set_new(json_array_get(json_object_get(json_object_get(forged, "event"),
                                                       "outputQuantityList"),
                                       0),
                        "quantity", json_string("19.6"));
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_log_append(log, logkey, &forged, 1, t += 3600, NULL, &diag);
    printf(_("   refused: %s\n"), _(diag.reason != NULL ? diag.reason : txng_strerror(err)));
    if (err == TXNG_OK)
        goto failed;

    printf(_("   A key the log never enrolled tries to add a harvest:\n"));
    diag = (txng_diag) TXNG_DIAG_INIT;
    err  = txng_log_append_as(log, logkey, stranger, &ev, 1, t, NULL, &diag);
    printf(_("   refused: %s\n\n"), _(diag.reason != NULL ? diag.reason : txng_strerror(err)));
    if (err == TXNG_OK)
        goto failed;

    printf(_("7. Anyone with the log's verifier key checks every record, signature,\n"
             "   checkpoint and index (the same as 'txng verify -d %s'):\n"),
           dir);
    diag = (txng_diag) TXNG_DIAG_INIT;
    if ((err = txng_log_verify(log, txng_log_pubkey(log), 0, NULL, NULL, &res, &diag)))
        goto failed;
    txng_b64_encode(b64, res.root, sizeof res.root);
    printf(_("   ok: %" PRIu64 " records, %" PRIu64 " keys, %" PRIu64 " checkpoints, root %s\n\n"),
           res.size, res.keys, res.checkpoints, b64);
    printf(_("Look around: txng log -d %s; txng show -d %s %" PRIu64 "; txng prove -d %s %" PRIu64
             "\n"),
           dir, dir, harvest, dir, harvest);
    status = EXIT_DONE;
    goto out;
failed:
    cli_report("demo", err, &diag);
out:
    json_decref(ev);
    json_decref(signed_ev);
    json_decref(forged);
    free(bytes);
    free(note);
    free(keyfile);
    txng_log_close(log);
    txng_signer_free(logkey);
    txng_signer_free(grower);
    txng_signer_free(coop);
    txng_signer_free(stranger);
    return status;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL;
    const char *tmpdir = getenv("TMPDIR");
    char        tmpl[4096], path[4096 + 16];
    int         c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'h':
            return cli_help(&cmd_demo, options);
        case ':':
            return cli_usage(&cmd_demo, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_demo, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage(&cmd_demo, _("unexpected argument %s"), argv[optind]);
    if (dir == NULL) {
        snprintf(tmpl, sizeof tmpl, "%s/txng-demo-XXXXXX",
                 tmpdir != NULL && *tmpdir == '/' ? tmpdir : "/tmp");
        if (mkdtemp(tmpl) == NULL) {
            cli_report(tmpl, TXNG_ESYS, NULL);
            return EXIT_FAILED;
        }
        snprintf(path, sizeof path, "%s/nhatky", tmpl);
        dir = path;
    } else if (access(dir, F_OK) == 0) {
        cli_error(dir, _("already exists; the demo needs a new folder"));
        return EXIT_FAILED;
    }
    return demo(dir);
}

const struct command cmd_demo = {
    "demo",
    run,
    "demo [-d DIR]",
    N_("build a small ginseng log, verify it, and explain each step"),
};
