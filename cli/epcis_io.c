/*
 * epcis_io.c - EPCIS 2.0 JSON-LD export and import
 *
 * Export streams: a first pass over the selected records gathers the
 * prefixes that imported events use (their "txng:context") and the places,
 * parties and products the events name, then the document head is written
 * with the master data of these (core/epcis.h) and each event follows as it
 * is read, so memory stays bounded by one record and the distinct
 * identifiers named, however large the selection. Records that are not
 * EPCIS events (genesis, keys, master data, corrections) are left out.
 *
 * Import streams too, reading the document three times with the tokenizer of
 * core/epcis.h: first its head (its members may follow the events), then
 * every event, checked (schema rules, conversion, the stateless rules of
 * txng's steps, txng_event_rules_check, the clock skew) and dropped but for
 * a digest of its eventID, then every event again, appended in batches signed
 * by --as. Nothing is appended unless every event is good; a stop between
 * batches leaves whole batches, which the next run leaves out by eventID.
 * Memory is bounded by a batch and the digests, not by the document. The
 * stateful rules of the lineage index are not applied: they need the upstream
 * records, which are in the partner's log, not in this one. The document's
 * master data is not imported (txng's master data is signed records of its
 * own); the import says how many elements it left.
 *
 * An event this log exported names its record: "txng:index" and
 * "txng:leaf" (docs/format.md §10.2). When the log holds that record with
 * that leaf hash, the event is the log's own (the leaf hash covers the
 * record's origin, event and signatures), so importing it again would only
 * duplicate it: it is left out and counted. An event naming a record of
 * another log matches no leaf here and is imported as any other.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/export.h"
#include "cli/record.h"
#include "core/canon.h"
#include "core/epcis.h"
#include "core/event.h"
#include "core/index.h"
#include "core/record.h"

/* Record @p index decoded, with its leaf hash. */
static txng_err
read_record(txng_log *log, uint64_t index, txng_record **rec, unsigned char leaf[TXNG_HASH_BYTES],
            txng_diag *diag)
{
    char    *bytes = NULL;
    size_t   len   = 0;
    txng_err err;

    *rec = NULL;
    if ((err = txng_log_get(log, index, &bytes, &len)) != TXNG_OK)
        return err;
    txng_hash_leaf(leaf, bytes, len);
    err = txng_record_decode(rec, bytes, len, diag);
    free(bytes);
    return err;
}

/*
 * An imported record (txng:Imported, docs/format.md §9.6) as the upstream
 * record it carries, unwrapped through imports of imports, with that record's
 * leaf hash (of its canonical bytes, which equal the upstream log's): it is
 * exported as the upstream event, named by its upstream index and leaf. Any
 * other record is left as it is.
 */
static txng_err
upstream_record(txng_record **rec, unsigned char leaf[TXNG_HASH_BYTES], txng_diag *diag)
{
    const json_t *up    = NULL;
    txng_record  *u     = NULL;
    char         *bytes = NULL;
    size_t        len   = 0;
    txng_err      err;

    (void) txng_index_unwrap((*rec)->event, &up);
    if (up == NULL)
        return TXNG_OK;
    if ((err = txng_canon_encode(up, &bytes, &len)) != TXNG_OK)
        return err;
    txng_hash_leaf(leaf, bytes, len);
    err = txng_record_decode(&u, bytes, len, diag);
    free(bytes);
    if (err != TXNG_OK)
        return err;
    txng_record_free(*rec);
    *rec = u;
    return TXNG_OK;
}

/* Whether @p index is among the @p n ascending selected indexes @p idx. */
static bool
selected(const uint64_t *idx, size_t n, uint64_t index)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (idx[mid] == index)
            return true;
        if (idx[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/*
 * The records of @p log that correction record @p at corrects (@p up: its
 * event, unwrapped; @p imported: it is a txng:Imported record), by the rule
 * of txng_index_corrected_by(): for a correction of this log, this log's
 * record of each number; for an imported one, the records imported from its
 * origin with that upstream index. At most @p cap, in *@p n.
 */
static txng_err
correction_targets(txng_log *log, uint64_t at, const json_t *up, bool imported, uint64_t *out,
                   size_t cap, size_t *n)
{
    const json_t *c = json_object_get(up, "txng:corrects"), *e;
    size_t        i, count = json_is_array(c) ? json_array_size(c) : 1;
    txng_err      err = TXNG_OK;

    *n = 0;
    for (i = 0; i < count && err == TXNG_OK; i++) {
        txng_index_hit *hits = NULL;
        size_t          nh   = 0;
        uint64_t        number;
        char            text[TXNG_INDEX_IMPORTED_TEXT];

        e = json_is_array(c) ? json_array_get(c, i) : c;
        if (!json_is_integer(e) || json_integer_value(e) < 1)
            continue;
        number = (uint64_t) json_integer_value(e);
        if (!imported) {
            if ((hits = malloc(sizeof *hits)) == NULL)
                return TXNG_ENOMEM;
            hits[0].index = number;
            nh            = number < at ? 1 : 0;
        } else {
            size_t tl = txng_index_imported_text(text, number);

            err = txng_index_find(log, text, tl, TXNG_ROLE_IMPORTED, &hits, &nh);
        }
        for (size_t h = 0; h < nh && err == TXNG_OK; h++) {
            uint64_t *by = NULL;
            size_t    nb = 0;

            err = txng_index_corrected_by(log, hits[h].index, &by, &nb);
            for (size_t b = 0; err == TXNG_OK && b < nb; b++)
                if (by[b] == at && *n < cap)
                    out[(*n)++] = hits[h].index;
            free(by);
        }
        free(hits);
    }
    return err;
}

/*
 * The correctiveEventIDs of correction record @p at: the eventID of the event
 * it names as recorded in its place (txng_index_replacement()), as exported;
 * *@p out is NULL when it names none, none this log holds, or no EPCIS event.
 */
static txng_err
corrective_ids(txng_log *log, uint64_t at, json_t **out, txng_diag *diag)
{
    txng_record  *rec = NULL;
    unsigned char leaf[TXNG_HASH_BYTES];
    json_t       *ev = NULL;
    uint64_t      by = 0;
    bool          found;
    txng_err      err;

    *out = NULL;
    if ((err = txng_index_replacement(log, at, &by, &found)) != TXNG_OK || !found)
        return err;
    if ((err = read_record(log, by, &rec, leaf, diag)) == TXNG_OK &&
        (err = upstream_record(&rec, leaf, diag)) == TXNG_OK &&
        (err = txng_epcis_from_record(&ev, NULL, rec, leaf, diag)) == TXNG_OK &&
        json_is_string(json_object_get(ev, "eventID")) &&
        (*out = json_pack("[O]", json_object_get(ev, "eventID"))) == NULL)
        err = TXNG_ENOMEM;
    if (err == TXNG_ENOTFOUND)
        err = TXNG_OK;
    json_decref(ev);
    txng_record_free(rec);
    return err;
}

/*
 * The EPCIS error declaration (docs/format.md §10.1) of the event of record
 * @p target, declared erroneous by correction record @p at: the event as it
 * is exported (same eventID, the event hash ID leaving errorDeclaration
 * out), with its stored event as txng:event, so that its signatures still
 * verify, and an errorDeclaration with the correction's declarationTime and
 * reason and, as txng:correction, the correction record (as upstream record
 * when imported) to verify who declared it. *@p out is NULL when there is
 * nothing to declare: the correction is itself corrected (undone), or the
 * target is no EPCIS event or is itself an error declaration.
 */
static txng_err
declaration(txng_log *log, uint64_t target, uint64_t at, json_t **out, txng_diag *diag)
{
    txng_record  *rec = NULL, *corr = NULL;
    unsigned char leaf[TXNG_HASH_BYTES], cleaf[TXNG_HASH_BYTES];
    uint64_t     *by = NULL;
    size_t        nb = 0;
    json_t       *ev = NULL, *decl = NULL, *proof = NULL, *ids = NULL;
    const json_t *ed;
    char          b64[TXNG_B64_SIZE(TXNG_HASH_BYTES)];
    txng_err      err;

    *out = NULL;
    if ((err = txng_index_corrected_by(log, at, &by, &nb)) != TXNG_OK || nb > 0)
        goto done;
    if ((err = read_record(log, at, &corr, cleaf, diag)) != TXNG_OK ||
        (err = upstream_record(&corr, cleaf, diag)) != TXNG_OK ||
        (err = read_record(log, target, &rec, leaf, diag)) != TXNG_OK ||
        (err = upstream_record(&rec, leaf, diag)) != TXNG_OK)
        goto done;
    ed = json_object_get(corr->event, "errorDeclaration");
    if (!json_is_object(ed) || json_object_get(rec->event, "errorDeclaration") != NULL)
        goto done;
    if ((err = txng_epcis_from_record(&ev, NULL, rec, leaf, diag)) == TXNG_ENOTFOUND) {
        err = TXNG_OK;
        goto done;
    }
    if (err != TXNG_OK || (err = corrective_ids(log, at, &ids, diag)) != TXNG_OK)
        goto done;
    txng_b64_encode(b64, cleaf, sizeof cleaf);
    if ((json_object_get(ev, "txng:signatures") != NULL &&
         json_object_get(ev, "txng:event") == NULL &&
         json_object_set(ev, "txng:event", rec->event) != 0) ||
        (decl = json_object()) == NULL ||
        (json_object_get(ed, "declarationTime") != NULL &&
         json_object_set(decl, "declarationTime", json_object_get(ed, "declarationTime")) != 0) ||
        (json_object_get(ed, "reason") != NULL &&
         json_object_set(decl, "reason", json_object_get(ed, "reason")) != 0) ||
        (ids != NULL && json_object_set(decl, "correctiveEventIDs", ids) != 0) ||
        (proof = json_pack("{s:I, s:s, s:O, s:O}", "txng:index", (json_int_t) corr->index,
                           "txng:leaf", b64, "txng:signatures", corr->signatures, "txng:event",
                           corr->event)) == NULL ||
        json_object_set_new(decl, "txng:correction", proof) != 0 ||
        json_object_set_new(ev, "errorDeclaration", decl) != 0) {
        json_decref(decl);
        err = TXNG_ENOMEM;
        goto done;
    }
    *out = ev;
    ev   = NULL;
done:
    json_decref(ids);
    json_decref(ev);
    free(by);
    txng_record_free(rec);
    txng_record_free(corr);
    return err;
}

/* Write event @p ev as the next of the event list. */
static txng_err
write_event(FILE *out, const json_t *ev, size_t *count)
{
    char    *text = NULL;
    txng_err err  = txng_epcis_dump(ev, &text, NULL);

    if (err != TXNG_OK)
        return err;
    fprintf(out, "%s\n%s", *count == 0 ? "" : ",", text);
    (*count)++;
    free(text);
    return TXNG_OK;
}

/*
 * The error declarations that follow record @p index in the document: after
 * a selected event, one for each correction of it; after a selected
 * correction, one for each event it corrects that is not selected (else it
 * follows that event). Record @p index is @p rec, before unwrapping.
 */
static txng_err
declarations(txng_log *log, const uint64_t *idx, size_t n, uint64_t index, bool event,
             const json_t *raw, FILE *out, size_t *count, txng_diag *diag)
{
    uint64_t     *by = NULL, targets[16];
    size_t        nb = 0, nt = 0;
    const json_t *up = txng_index_unwrap(raw, NULL);
    const char   *type;
    json_t       *ev  = NULL;
    txng_err      err = TXNG_OK;

    if (event) {
        /* most events are corrected by nothing: one look at the index says so */
        const json_t   *rec_up = NULL;
        char            key[24];
        txng_index_hit *hits = NULL;
        size_t          nh   = 0;

        (void) txng_index_unwrap(raw, &rec_up);
        snprintf(key, sizeof key, "#%" PRIu64,
                 rec_up == NULL ? index
                 : json_is_integer(json_object_get(rec_up, "index"))
                     ? (uint64_t) json_integer_value(json_object_get(rec_up, "index"))
                     : index);
        err = txng_index_find(log, key, strlen(key), TXNG_ROLE_CORRECTS, &hits, &nh);
        free(hits);
        if (err != TXNG_OK || nh == 0)
            return err;
        err = txng_index_corrected_by(log, index, &by, &nb);
        for (size_t i = 0; err == TXNG_OK && i < nb; i++) {
            if ((err = declaration(log, index, by[i], &ev, diag)) == TXNG_OK && ev != NULL)
                err = write_event(out, ev, count);
            json_decref(ev);
            ev = NULL;
        }
        free(by);
        return err;
    }
    type = json_string_value(json_object_get(up, "type"));
    if (type == NULL || strcmp(type, "txng:Correction") != 0)
        return TXNG_OK;
    err = correction_targets(log, index, up, up != raw, targets, 16, &nt);
    for (size_t i = 0; err == TXNG_OK && i < nt; i++) {
        if (selected(idx, n, targets[i]))
            continue;
        if ((err = declaration(log, targets[i], index, &ev, diag)) == TXNG_OK && ev != NULL)
            err = write_event(out, ev, count);
        json_decref(ev);
        ev = NULL;
    }
    return err;
}

/* The creation time: $SOURCE_DATE_EPOCH (reproducible output) or the clock. */
static void
creation_date(char out[32])
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    uint64_t    t;

    if (env != NULL && cli_parse_u64(env, &t) && t < 253402300800u)
        txng_time_format(out, (int64_t) t);
    else
        txng_time_format(out, (int64_t) time(NULL));
}

int
cli_export_epcis(txng_log *log, const uint64_t *idx, size_t n, FILE *out, const char *path)
{
    json_t            *prefixes = json_object(), *ctx = NULL, *ev = NULL, *master = NULL;
    txng_epcis_master *names = NULL;
    txng_record       *rec   = NULL;
    unsigned char      leaf[TXNG_HASH_BYTES];
    txng_diag          diag   = TXNG_DIAG_INIT;
    char              *text   = NULL, date[32], where[64];
    size_t             count  = 0;
    int                status = EXIT_FAILED;
    txng_err           err    = TXNG_OK;

    if (prefixes == NULL || txng_epcis_master_new(&names) != TXNG_OK) {
        json_decref(prefixes);
        cli_report(path, TXNG_ENOMEM, NULL);
        return EXIT_FAILED;
    }
    /* pass 1: the namespaces of imported events, for the @context, and the
       places, parties and products the events name, for the master data */
    for (size_t i = 0; i < n; i++) {
        const char *k;
        json_t     *v;

        snprintf(where, sizeof where, _("record %" PRIu64), idx[i]);
        if ((err = read_record(log, idx[i], &rec, leaf, &diag)) != TXNG_OK ||
            (err = upstream_record(&rec, leaf, &diag)) != TXNG_OK ||
            (err = txng_epcis_master_add(names, rec->event)) != TXNG_OK)
            goto bad;
        json_object_foreach(json_object_get(rec->event, "txng:context"), k, v)
        {
            const json_t *have = json_object_get(prefixes, k);

            if (strcmp(k, "txng") == 0 || !json_is_string(v))
                continue;
            if (have != NULL && !json_equal(have, v)) {
                cli_error(path, _("%s: prefix %s names two namespaces: %s and %s"), where, k,
                          json_string_value(have), json_string_value(v));
                goto out;
            }
            if (json_object_set(prefixes, k, v) != 0) {
                err = TXNG_ENOMEM;
                goto bad;
            }
        }
        txng_record_free(rec);
        rec = NULL;
    }
    if (json_object_set_new(prefixes, "txng", json_string(TXNG_EPCIS_NS)) != 0 ||
        (ctx = json_pack("[s,O]", TXNG_EPCIS_CONTEXT, prefixes)) == NULL ||
        (err = txng_epcis_dump(ctx, &text, NULL)) != TXNG_OK) {
        err = err != TXNG_OK ? err : TXNG_ENOMEM;
        goto bad;
    }
    creation_date(date);
    fprintf(out,
            "{\"@context\":%s,\n\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
            "\"creationDate\":\"%s\",\n",
            text, date);
    free(text);
    text = NULL;
    snprintf(where, sizeof where, "%s", _("master data"));
    if ((err = txng_epcis_master_data(&master, NULL, names, log)) != TXNG_OK)
        goto bad;
    if (master != NULL) {
        /* one vocabulary a line */
        json_t *list = json_object_get(master, "vocabularyList");
        size_t  v;
        json_t *voc;

        fputs("\"epcisHeader\":{\"epcisMasterData\":{\"vocabularyList\":[", out);
        json_array_foreach(list, v, voc)
        {
            if ((err = txng_epcis_dump(voc, &text, NULL)) != TXNG_OK)
                goto bad;
            fprintf(out, "%s\n%s", v == 0 ? "" : ",", text);
            free(text);
            text = NULL;
        }
        fputs("]}},\n", out);
    }
    fputs("\"epcisBody\":{\"eventList\":[", out);
    /* pass 2: the events, one at a time */
    for (size_t i = 0; i < n; i++) {
        json_t *raw;

        snprintf(where, sizeof where, _("record %" PRIu64), idx[i]);
        if ((err = read_record(log, idx[i], &rec, leaf, &diag)) != TXNG_OK)
            goto bad;
        raw = json_incref(rec->event);
        if ((err = upstream_record(&rec, leaf, &diag)) == TXNG_OK)
            err = txng_epcis_from_record(&ev, NULL, rec, leaf, &diag);
        txng_record_free(rec);
        rec = NULL;
        if (err == TXNG_OK)
            err = write_event(out, ev, &count);
        json_decref(ev);
        ev = NULL;
        /* an event declared erroneous is followed by its error declarations */
        if (err == TXNG_OK || err == TXNG_ENOTFOUND)
            err = declarations(log, idx, n, idx[i], err == TXNG_OK, raw, out, &count, &diag);
        json_decref(raw);
        if (err != TXNG_OK)
            goto bad;
    }
    fputs("]}}\n", out);
    if (ferror(out)) {
        cli_error(path, _("could not write the document"));
        goto out;
    }
    status = EXIT_DONE;
    goto out;
bad : {
    char ctx_text[400];

    snprintf(ctx_text, sizeof ctx_text, "%s: %s", path, where);
    cli_report(ctx_text, err, &diag);
    status = cli_status(err) == EXIT_USAGE ? EXIT_FAILED : cli_status(err);
}
out:
    free(text);
    json_decref(ev);
    json_decref(ctx);
    json_decref(prefixes);
    json_decref(master);
    txng_epcis_master_free(names);
    txng_record_free(rec);
    return status;
}

static const char import_options[] =
    N_("options:\n"
       "  -d, --dir DIR        the log folder (or $TXNG_DIR)\n"
       "  -F, --format epcis   FILE is an EPCIS 2.0 JSON-LD document (EPCISDocument or\n"
       "                       EPCISQueryDocument); - reads standard input\n"
       "  -a, --as KEY         sign the events with KEY: a key name or a key file\n"
       "  -r, --recorded TIME  the recorded time of the new records (default: now)\n"
       "  -n, --dry-run        check the document and print the events as JSON Lines;\n"
       "                       append nothing\n"
       "  -h, --help           show this help\n"
       "Every event keeps the partner's members and its eventID (the CBV 2.0 hash ID is\n"
       "computed when it has none). Nothing is appended unless every event is good;\n"
       "the events are then appended in batches of $TXNG_IMPORT_BATCH (default 1000).\n"
       "An import stopped between batches completes when it is run again.\n"
       "The document's master data (epcisHeader) is not imported.\n");

static const struct command import_epcis = {
    "import",
    NULL,
    "import -d DIR --format epcis FILE [--as KEY] [--recorded TIME] [--dry-run]",
    N_("import the events of an EPCIS 2.0 JSON-LD document, all or nothing"),
};

/* Events per append transaction, and the event text that ends a batch sooner. */
#define BATCH_EVENTS 1000
#define BATCH_BYTES  (8u << 20)
#define READ_CHUNK   65536

/*
 * The eventIDs of the document as 16-byte BLAKE2b digests, in a table with
 * open addressing, at most 3/4 full (an all-zero slot is empty; digests have
 * their last bit set). It is what the import keeps from its first reading of
 * the events: about 32 bytes an event. The second reading marks each digest
 * as its event goes by, so an event repeated in the document is left out like
 * one the log holds already, whatever batch each copy falls in.
 */
struct id_table {
    unsigned char (*slots)[16];
    unsigned char *seen; /* one bit per slot: met in the second reading */
    size_t         cap, n;
};

static void
id_digest(unsigned char out[16], const json_t *ev)
{
    /* an error declaration has the eventID of the event it declares erroneous:
       the two are told apart by a key */
    static const char decl[] = "errorDeclaration";
    const json_t     *id     = json_object_get(ev, "eventID");
    bool              is     = json_is_object(json_object_get(ev, "errorDeclaration"));

    crypto_generichash(out, 16, (const unsigned char *) json_string_value(id),
                       json_string_length(id), is ? (const unsigned char *) decl : NULL,
                       is ? sizeof decl - 1 : 0);
    out[15] |= 1;
}

/* The slot of @p d: the one holding it, or the empty one where it goes. */
static size_t
id_slot(const struct id_table *t, const unsigned char d[16])
{
    size_t h = ((size_t) d[0] | (size_t) d[1] << 8 | (size_t) d[2] << 16 | (size_t) d[3] << 24) &
               (t->cap - 1);

    while (t->slots[h][15] != 0 && memcmp(t->slots[h], d, 16) != 0)
        h = (h + 1) & (t->cap - 1);
    return h;
}

/* Whether the table holds @p d. */
static bool
id_has(const struct id_table *t, const unsigned char d[16])
{
    return t->cap > 0 && t->slots[id_slot(t, d)][15] != 0;
}

/* Add @p d; *repeated when the table has it already. */
static txng_err
id_add(struct id_table *t, const unsigned char d[16], bool *repeated)
{
    size_t h;

    if (4 * (t->n + 1) > 3 * t->cap) {
        struct id_table bigger = { NULL, NULL, t->cap == 0 ? 1024 : 2 * t->cap, t->n };

        if ((bigger.slots = calloc(bigger.cap, sizeof *bigger.slots)) == NULL)
            return TXNG_ENOMEM;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i][15] != 0)
                memcpy(bigger.slots[id_slot(&bigger, t->slots[i])], t->slots[i], 16);
        free(t->slots);
        *t = bigger;
    }
    h         = id_slot(t, d);
    *repeated = t->slots[h][15] != 0;
    if (!*repeated) {
        memcpy(t->slots[h], d, 16);
        t->n++;
    }
    return TXNG_OK;
}

/* Whether this is the first time the second reading meets @p d (false when unknown). */
static bool
id_first_time(struct id_table *t, const unsigned char d[16])
{
    size_t h;

    if (t->cap == 0 || t->seen == NULL)
        return false;
    h = id_slot(t, d);
    if (t->slots[h][15] == 0 || (t->seen[h / 8] & (1u << (h % 8))) != 0)
        return false;
    t->seen[h / 8] |= (unsigned char) (1u << (h % 8));
    return true;
}

/* One import: what the three readings of the document share. */
struct import {
    const char   *path;
    int           fd;
    bool          spooled; /* fd is a copy of the input in a deleted file */
    struct stat   st;      /* of the input when first read: a change stops the import */
    txng_log     *log;
    json_t       *head;
    const json_t *context;
    bool          query;
    int64_t       now, skew;
    bool          recorded; /* now is --recorded, checked against the newest record */
    bool          dry_run, reported;
    /* the first reading of the events */
    struct id_table ids;
    size_t          fresh, skipped, repeated, total;
    size_t          own;            /* events of this log's own records */
    uint64_t        own_first, own_last;
    /* the second: the batch being built, what was appended */
    struct cli_events batch;
    size_t            batch_bytes, batch_max, appended, dropped_late;
    size_t            unheld; /* error declarations of events neither here nor in the log */
    char              unheld_id[512];
    uint64_t          first, last;
    txng_signer      *logkey, *actor;
};

/*
 * Whether @p log holds an event with the eventID of @p ev already (imported
 * before): the index leads to candidates, and each is read to be sure.
 */
static txng_err
imported_before(txng_log *log, const json_t *ev, bool *seen)
{
    const json_t   *id   = json_object_get(ev, "eventID");
    bool            decl = json_is_object(json_object_get(ev, "errorDeclaration"));
    txng_index_hit *hits = NULL;
    size_t          n    = 0;
    txng_err        err;

    *seen = false;
    if (!json_is_string(id))
        return TXNG_OK;
    /* an error declaration is filed under the eventID it declares erroneous,
       in the role of corrections (core/index.h); the event itself as an eventID */
    err = txng_index_find(log, json_string_value(id), json_string_length(id),
                          decl ? TXNG_ROLE_CORRECTS : TXNG_ROLE_EVENTID, &hits, &n);
    for (size_t i = 0; i < n && err == TXNG_OK && !*seen; i++) {
        char         *bytes = NULL;
        size_t        blen;
        txng_record  *rec = NULL;
        const json_t *e;

        err = txng_log_get(log, hits[i].index, &bytes, &blen);
        if (err == TXNG_OK)
            err = txng_record_decode(&rec, bytes, blen, NULL);
        if (err == TXNG_OK) {
            e     = decl ? txng_index_unwrap(rec->event, NULL) : rec->event;
            *seen = json_equal(json_object_get(e, "eventID"), id) &&
                    json_is_object(json_object_get(e, "errorDeclaration")) == decl;
        }
        txng_record_free(rec);
        free(bytes);
    }
    free(hits);
    return err;
}

/* Whether @p log holds the event with the eventID of error declaration @p ev. */
static txng_err
holds_event(txng_log *log, const json_t *ev, bool *held)
{
    json_t  *plain = json_pack("{s:O}", "eventID", json_object_get(ev, "eventID"));
    txng_err err;

    if (plain == NULL)
        return TXNG_ENOMEM;
    err = imported_before(log, plain, held);
    json_decref(plain);
    return err;
}

/*
 * EPCIS event @p raw names record @p index of this log by its txng:index and
 * txng:leaf. When it carries an errorDeclaration that the record's event
 * does not, it declares that record erroneous (an error declaration of
 * another system, or of this log's export): *@p declared is 1 when this log
 * has not corrected the record (a record of its own), 2 (a record imported
 * from another log's bundle), 0 when it has, or when @p raw is the record.
 */
static txng_err
own_declared(txng_log *log, const json_t *raw, uint64_t index, int *declared)
{
    txng_record  *rec = NULL;
    unsigned char leaf[TXNG_HASH_BYTES];
    uint64_t     *by = NULL;
    size_t        n  = 0;
    bool          imported;
    txng_err      err;

    *declared = 0;
    if (!json_is_object(json_object_get(raw, "errorDeclaration")))
        return TXNG_OK;
    if ((err = read_record(log, index, &rec, leaf, NULL)) != TXNG_OK)
        return err;
    imported = txng_index_unwrap(rec->event, NULL) != rec->event;
    if (json_object_get(txng_index_unwrap(rec->event, NULL), "errorDeclaration") == NULL &&
        (err = txng_index_corrected_by(log, index, &by, &n)) == TXNG_OK && n == 0)
        *declared = imported ? 2 : 1;
    free(by);
    txng_record_free(rec);
    return err;
}

/*
 * Whether EPCIS event @p raw is one of this log's own records, exported
 * (see above); its index in *index when it is.
 */
static txng_err
own_record(txng_log *log, const json_t *raw, bool *own, uint64_t *index, int *declared)
{
    const json_t  *ji = json_object_get(raw, "txng:index"), *jl = json_object_get(raw, "txng:leaf");
    unsigned char  want[TXNG_HASH_BYTES], leaf[TXNG_HASH_BYTES];
    size_t         len = 0;
    txng_record   *rec = NULL;
    txng_err       err;

    *own      = false;
    *declared = 0;
    if (!json_is_integer(ji) || json_integer_value(ji) < 0 || !json_is_string(jl) ||
        sodium_base642bin(want, sizeof want, json_string_value(jl), json_string_length(jl), NULL,
                          &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != sizeof want)
        return TXNG_OK;
    *index = (uint64_t) json_integer_value(ji);
    err    = read_record(log, *index, &rec, leaf, NULL);
    txng_record_free(rec);
    rec = NULL;
    if (err != TXNG_OK && err != TXNG_ENOTFOUND && err != TXNG_EFORMAT)
        return err;
    /* past this log's head, or not an event record: another log's */
    *own = err == TXNG_OK && sodium_memcmp(leaf, want, sizeof leaf) == 0;
    if (*own)
        return own_declared(log, raw, *index, declared);
    /* an upstream event this log imported from another log's bundle, exported
       as that upstream record: the Imported records filed under its index */
    {
        char            text[TXNG_INDEX_IMPORTED_TEXT];
        size_t          tlen = txng_index_imported_text(text, *index), n = 0;
        txng_index_hit *hits = NULL;

        err = txng_index_find(log, text, tlen, TXNG_ROLE_IMPORTED, &hits, &n);
        for (size_t i = 0; i < n && err == TXNG_OK && !*own; i++) {
            err = read_record(log, hits[i].index, &rec, leaf, NULL);
            if (err == TXNG_OK)
                err = upstream_record(&rec, leaf, NULL);
            if (err == TXNG_OK && sodium_memcmp(leaf, want, sizeof leaf) == 0) {
                *own   = true;
                *index = hits[i].index;
            }
            txng_record_free(rec);
            rec = NULL;
            if (err == TXNG_EFORMAT)
                err = TXNG_OK;
        }
        free(hits);
    }
    if (err == TXNG_OK && *own)
        err = own_declared(log, raw, *index, declared);
    return err;
}

/* "txng: FILE: line L, column C: [FIELD: ]REASON": the reader's refusals. */
static void
report_syntax(const char *path, const txng_diag *diag)
{
    const char *why = diag->reason != NULL ? _(diag->reason) : _("malformed JSON");

    if (diag->field[0] != '\0')
        cli_error(path, _("line %zu, column %zu: %s: %s"), diag->line, diag->offset, diag->field,
                  why);
    else
        cli_error(path, _("line %zu, column %zu: %s"), diag->line, diag->offset, why);
}

/*
 * The txng event of element @p el, with every check of the import; on a
 * refusal the message is printed and im->reported set. An event of this
 * log's own records gives no event and sets *own (and *own_index).
 */
static txng_err
prepare(struct import *im, const txng_epcis_elem *el, json_t **out, bool *own,
        uint64_t *own_index)
{
    json_t   *raw  = NULL;
    txng_diag diag = TXNG_DIAG_INIT;
    char      where[700];
    int       declared = 0;
    txng_err  err;

    *out = NULL;
    if ((err = txng_epcis_elem_parse(&raw, el, &diag)) != TXNG_OK) {
        if (err == TXNG_EFORMAT)
            report_syntax(im->path, &diag);
        else
            cli_report(im->path, err, NULL);
        im->reported = true;
        return err;
    }
    if (el->query != im->query) {
        /* the other kind of document's list: not events of this one */
        json_decref(raw);
        return TXNG_OK;
    }
    if ((err = txng_epcis_event_check(raw, im->query, el->index, &diag)) != TXNG_OK) {
        json_decref(raw);
        cli_report(im->path, err, &diag);
        im->reported = true;
        return err;
    }
    if ((err = own_record(im->log, raw, own, own_index, &declared)) != TXNG_OK || *own) {
        json_decref(raw);
        if (err != TXNG_OK) {
            cli_report(im->path, err, NULL);
            im->reported = true;
        } else if (declared != 0) {
            /* EPCIS declares one of this log's records erroneous: a correction
               of this log says so, signed by whom may correct the record */
            snprintf(where, sizeof where, "%s: %s/%zu", im->path,
                     im->query ? "/epcisBody/queryResults/resultsBody/eventList"
                               : "/epcisBody/eventList",
                     el->index);
            if (declared == 1)
                cli_error(where,
                          _("errorDeclaration: declares record %" PRIu64
                            " of this log erroneous: correct it with 'txng record correct "
                            "--corrects %" PRIu64 "' instead"),
                          *own_index, *own_index);
            else
                cli_error(where,
                          _("errorDeclaration: declares record %" PRIu64
                            " erroneous, which this log imported from another log: import "
                            "that log's correction with a newer bundle instead"),
                          *own_index);
            im->reported = true;
            *own         = false;
            err          = TXNG_EFORMAT;
        }
        return err;
    }
    err = txng_epcis_to_event(out, raw, im->context, &diag);
    json_decref(raw);
    if (err == TXNG_OK)
        err = txng_event_check(*out, &diag);
    /* the step rules hold for events of txng's steps; a partner's own events
       keep their identifiers as written (EPC URNs, other GS1 keys), which
       those rules would refuse, so the document checks are theirs */
    if (err == TXNG_OK && txng_event_step(*out) != NULL)
        err = txng_event_rules_check(*out, &diag);
    if (err == TXNG_OK)
        err = txng_event_time_check(*out, im->now, im->skew, &diag);
    if (err != TXNG_OK) {
        json_decref(*out);
        *out = NULL;
        snprintf(where, sizeof where, "%s: %s/%zu", im->path,
                 im->query ? "/epcisBody/queryResults/resultsBody/eventList"
                           : "/epcisBody/eventList",
                 el->index);
        cli_report(where, err, &diag);
        im->reported = true;
    }
    return err;
}

/* The summary line of the events left out as this log's own records. */
static void
print_own(const struct import *im)
{
    if (im->own == 1)
        printf(_("left out 1 event already in this log (record %" PRIu64 ")\n"), im->own_first);
    else if (im->own > 1)
        printf(_("left out %zu events already in this log (records %" PRIu64 "..%" PRIu64 ")\n"),
               im->own, im->own_first, im->own_last);
}

/* First reading of the events: check each, note its eventID, count the new ones. */
static txng_err
check_one(void *ctx, const txng_epcis_elem *el)
{
    struct import *im = ctx;
    json_t        *ev = NULL;
    unsigned char  d[16];
    bool           seen = false, repeated = false, own = false;
    uint64_t       index = 0;
    txng_err       err;

    if ((err = prepare(im, el, &ev, &own, &index)) != TXNG_OK)
        return err;
    if (own) {
        if (im->own == 0 || index < im->own_first)
            im->own_first = index;
        if (im->own == 0 || index > im->own_last)
            im->own_last = index;
        im->own++;
        im->total++;
        return TXNG_OK;
    }
    if (ev == NULL)
        return TXNG_OK;
    id_digest(d, ev);
    err = id_add(&im->ids, d, &repeated);
    if (err == TXNG_OK && repeated)
        im->repeated++;
    else if (err == TXNG_OK && (err = imported_before(im->log, ev, &seen)) == TXNG_OK)
        *(seen ? &im->skipped : &im->fresh) += 1;
    json_decref(ev);
    if (err != TXNG_OK) {
        cli_report(im->path, err, NULL);
        im->reported = true;
    }
    im->total++;
    return err;
}

/*
 * Append the batch: leave out the events the log holds already (an earlier
 * batch of a stopped import, or another import since the first reading), then
 * sign and append the rest in one transaction. This check and the append are
 * the one place that must not be separated by another writer.
 */
static txng_err
append_batch(struct import *im)
{
    txng_diag diag = TXNG_DIAG_INIT;
    uint64_t  first;
    size_t    kept = 0;
    char      where[700];
    bool      seen, locked = false;
    int       status;
    txng_err  err = TXNG_OK;

    /* what the log holds and the append that adds the rest: one step (the writer lock) */
    if (!im->dry_run) {
        if ((err = txng_log_lock(im->log, &diag)) != TXNG_OK) {
            cli_report(im->path, err, &diag);
            im->reported = true;
            return err;
        }
        locked = true;
    }
    /* --recorded again: another writer may have appended a later record since the first
       check (it prints why; its status 1 is a record that cannot be read, else 3) */
    if (locked && im->recorded &&
        (status = cli_recorded_check(&import_epcis, "--recorded", im->log, im->now, im->skew)) !=
            EXIT_DONE) {
        txng_log_unlock(im->log);
        im->reported = true;
        return status == EXIT_NO ? TXNG_ECORRUPT : TXNG_EPERM;
    }
    for (size_t i = 0; i < im->batch.n && err == TXNG_OK; i++) {
        if ((err = imported_before(im->log, im->batch.v[i], &seen)) != TXNG_OK)
            break;
        if (seen) {
            json_decref(im->batch.v[i]);
            im->dropped_late++;
            continue;
        }
        im->batch.v[kept]      = im->batch.v[i];
        im->batch.line[kept++] = im->batch.line[i];
    }
    if (err != TXNG_OK) {
        if (locked)
            txng_log_unlock(im->log);
        cli_report(im->path, err, NULL);
        im->reported = true;
        return err;
    }
    im->batch.n = kept;
    if (kept > 0 && im->dry_run) {
        if (cli_events_print(&im->batch, im->path) != EXIT_DONE)
            err = TXNG_ESYS;
    } else if (kept > 0) {
        err = txng_log_append_as(im->log, im->logkey, im->actor, im->batch.v, kept, im->now, &first,
                                 &diag);
        txng_log_unlock(im->log);
        locked = false;
        if (err == TXNG_OK) {
            if (im->appended == 0)
                im->first = first;
            im->last = first + kept - 1;
        } else {
            if (diag.line > 0 && diag.line <= kept)
                snprintf(where, sizeof where, "%s: %s/%zu", im->path,
                         im->query ? "/epcisBody/queryResults/resultsBody/eventList"
                                   : "/epcisBody/eventList",
                         im->batch.line[diag.line - 1] - 1);
            else
                snprintf(where, sizeof where, "%s", im->path);
            diag.line = 0;
            cli_report(where, err, &diag);
        }
    }
    if (locked)
        txng_log_unlock(im->log); /* nothing was new in this batch */
    if (err == TXNG_OK)
        im->appended += kept;
    else
        im->reported = true;
    cli_events_free(&im->batch);
    im->batch       = (struct cli_events){ 0 };
    im->batch_bytes = 0;
    return err;
}

/* Second reading: build the events again, in batches; leave out repeats. */
static txng_err
build_one(void *ctx, const txng_epcis_elem *el)
{
    struct import *im = ctx;
    json_t        *ev = NULL;
    unsigned char  d[16];
    bool           own = false;
    uint64_t       index;
    txng_err       err;

    if ((err = prepare(im, el, &ev, &own, &index)) != TXNG_OK || ev == NULL)
        return err;
    id_digest(d, ev);
    if (!id_first_time(&im->ids, d)) {
        json_decref(ev);
        return TXNG_OK;
    }
    if (json_is_object(json_object_get(ev, "errorDeclaration"))) {
        /* it declares erroneous the event of its eventID, in the document or the log */
        json_t *plain = json_pack("{s:O}", "eventID", json_object_get(ev, "eventID"));
        bool    held  = false;

        if (plain == NULL)
            err = TXNG_ENOMEM;
        else if (id_digest(d, plain), !id_has(&im->ids, d))
            err = holds_event(im->log, ev, &held);
        else
            held = true;
        json_decref(plain);
        if (err == TXNG_OK && !held && im->unheld++ == 0)
            snprintf(im->unheld_id, sizeof im->unheld_id, "%s",
                     json_string_value(json_object_get(ev, "eventID")));
        if (err != TXNG_OK) {
            json_decref(ev);
            cli_report(im->path, err, NULL);
            im->reported = true;
            return err;
        }
    }
    if ((err = cli_events_add(&im->batch, ev, el->index + 1)) != TXNG_OK) {
        json_decref(ev);
        cli_report(im->path, err, NULL);
        im->reported = true;
        return err;
    }
    im->batch_bytes += el->len;
    if (im->batch.n >= im->batch_max || im->batch_bytes >= BATCH_BYTES)
        err = append_batch(im);
    cli_progress(_("importing"), im->appended, im->fresh);
    return err;
}

/* Whether the input is as it was when first read. */
static bool
input_unchanged(const struct import *im)
{
    struct stat now;

    return fstat(im->fd, &now) == 0 && now.st_size == im->st.st_size &&
           now.st_ino == im->st.st_ino && now.st_mtim.tv_sec == im->st.st_mtim.tv_sec &&
           now.st_mtim.tv_nsec == im->st.st_mtim.tv_nsec;
}

/*
 * Read the whole input through a new reader that hands events to @p fn (NULL:
 * the head only, into im->head). Prints the reason of a failure.
 */
static txng_err
read_document(struct import *im, txng_epcis_event_fn fn)
{
    txng_epcis_scan *scan = NULL;
    txng_diag        diag = TXNG_DIAG_INIT;
    json_t          *head = NULL;
    char            *buf  = NULL;
    ssize_t          got;
    bool             first = true;
    txng_err         err;

    if (lseek(im->fd, 0, SEEK_SET) != 0 || (buf = malloc(READ_CHUNK)) == NULL) {
        err = buf == NULL ? TXNG_ENOMEM : TXNG_ESYS;
        cli_report(im->path, err, NULL);
        im->reported = true;
        return err;
    }
    if ((err = txng_epcis_scan_new(&scan, fn, im)) != TXNG_OK)
        goto out;
    while ((got = read(im->fd, buf, READ_CHUNK)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            err = TXNG_ESYS;
            goto out;
        }
        /* a UTF-8 byte order mark, as Windows tools write one: not part of the JSON text */
        if (first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            if ((err = txng_epcis_scan_feed(scan, buf + 3, (size_t) got - 3, &diag)) != TXNG_OK)
                goto out;
            first = false;
            continue;
        }
        first = false;
        if ((err = txng_epcis_scan_feed(scan, buf, (size_t) got, &diag)) != TXNG_OK)
            goto out;
    }
    if ((err = txng_epcis_scan_end(scan, &head, &diag)) != TXNG_OK)
        goto out;
    if (fn == NULL) {
        im->head = head;
        head     = NULL;
    }
out:
    if (err != TXNG_OK && !im->reported) {
        if (err == TXNG_EFORMAT)
            report_syntax(im->path, &diag);
        else
            cli_report(im->path, err, NULL);
        im->reported = true;
    }
    json_decref(head);
    txng_epcis_scan_free(scan);
    free(buf);
    return err;
}

/*
 * Open the input; standard input, a pipe or anything else that cannot be read
 * again from its start is first copied to a file in the log folder, or in
 * $TMPDIR (else /tmp) when the folder cannot take it, deleted at once so
 * that it goes away with the process.
 */
static txng_err
open_input(struct import *im, const char *dir)
{
    char       *tmp = NULL, *buf = NULL;
    const char *tmp_dir;
    int         src = -1;
    ssize_t     got;
    size_t      len;
    txng_err    err = TXNG_OK;

    im->fd = -1;
    if (strcmp(im->path, "-") == 0)
        src = STDIN_FILENO;
    else if ((src = open(im->path, O_RDONLY | O_CLOEXEC)) < 0)
        return errno == ENOENT ? TXNG_ENOTFOUND : TXNG_ESYS;
    if (fstat(src, &im->st) != 0) {
        err = TXNG_ESYS;
        goto out;
    }
    if (S_ISREG(im->st.st_mode) && lseek(src, 0, SEEK_SET) == 0) {
        im->fd = src;
        src    = -1;
        goto out;
    }
    /* the log folder has room for the log the document becomes; $TMPDIR may be
       in memory. A read-only folder (--dry-run) falls back to $TMPDIR. */
    tmp_dir = getenv("TMPDIR");
    if (tmp_dir == NULL || tmp_dir[0] != '/')
        tmp_dir = "/tmp";
    len = (strlen(dir) > strlen(tmp_dir) ? strlen(dir) : strlen(tmp_dir)) +
          sizeof "/.txng-import-XXXXXX";
    if ((tmp = malloc(len)) == NULL || (buf = malloc(READ_CHUNK)) == NULL) {
        err = TXNG_ENOMEM;
        goto out;
    }
    snprintf(tmp, len, "%s/.txng-import-XXXXXX", dir);
    if ((im->fd = mkstemp(tmp)) < 0) {
        snprintf(tmp, len, "%s/.txng-import-XXXXXX", tmp_dir);
        im->fd = mkstemp(tmp);
    }
    if (im->fd < 0) {
        err = TXNG_ESYS;
        goto out;
    }
    unlink(tmp);
    im->spooled = true;
    while ((got = read(src, buf, READ_CHUNK)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            err = TXNG_ESYS;
            goto out;
        }
        for (ssize_t done = 0, w; done < got; done += w) {
            if ((w = write(im->fd, buf + done, (size_t) (got - done))) < 0) {
                if (errno == EINTR) {
                    w = 0;
                    continue;
                }
                err = TXNG_ESYS;
                goto out;
            }
        }
    }
    if (fstat(im->fd, &im->st) != 0)
        err = TXNG_ESYS;
out:
    if (src > STDIN_FILENO) {
        int saved = errno;

        close(src);
        errno = saved;
    }
    free(buf);
    free(tmp);
    return err;
}

/* The elements of the vocabularies of a document's head: its master data. */
static size_t
master_elements(const json_t *head)
{
    const json_t *lists[2];
    size_t        n = 0, i;
    json_t       *voc;

    lists[0] = json_object_get(
        json_object_get(json_object_get(head, "epcisHeader"), "epcisMasterData"), "vocabularyList");
    lists[1] = json_object_get(
        json_object_get(json_object_get(json_object_get(head, "epcisBody"), "queryResults"),
                        "resultsBody"),
        "vocabularyList");
    for (size_t l = 0; l < 2; l++) {
        json_array_foreach(lists[l], i, voc)
        {
            n += json_array_size(json_object_get(voc, "vocabularyElementList"));
        }
    }
    return n;
}

/* Say that the document's master data is not imported (txng takes events only). */
static void
master_not_imported(const json_t *head)
{
    size_t n = master_elements(head);

    if (n > 0)
        printf(ngettext("master data of %zu element not imported\n",
                        "master data of %zu elements not imported\n", n),
               n);
}

/* The batch size: $TXNG_IMPORT_BATCH events, else BATCH_EVENTS; 0 when invalid. */
static size_t
batch_size(void)
{
    const char *env = getenv("TXNG_IMPORT_BATCH");
    uint64_t    n;

    if (env == NULL || env[0] == '\0')
        return BATCH_EVENTS;
    if (!cli_parse_u64(env, &n) || n == 0 || n > 1000000)
        return 0;
    return (size_t) n;
}

int
cli_import_epcis(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "as", required_argument, NULL, 'a' },
        { "format", required_argument, NULL, 'F' },
        { "recorded", required_argument, NULL, 'r' },
        { "dry-run", no_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char   *dir = NULL, *as = NULL;
    char          only[TXNG_KEY_NAME_MAX + 1] = ""; /* the key that signs without --as */
    bool          have_time = false;
    int64_t       t         = 0;
    int           c, status = EXIT_FAILED;
    struct import im   = { .fd = -1 };
    txng_diag     diag = TXNG_DIAG_INIT;
    txng_err      err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:a:F:r:nh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'a':
            as = optarg;
            break;
        case 'F':
            if (strcmp(optarg, "epcis") != 0)
                return cli_usage(&import_epcis, _("--format: only epcis here: %s"), optarg);
            break;
        case 'r':
            if (!cli_parse_time(optarg, &t))
                return cli_bad_recorded(&import_epcis, optarg);
            have_time = true;
            break;
        case 'n':
            im.dry_run = true;
            break;
        case 'h':
            return cli_help(&import_epcis, import_options);
        case ':':
            return cli_usage(&import_epcis, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&import_epcis, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (optind == argc)
        return cli_usage(&import_epcis, _("no input: give the EPCIS document FILE"));
    im.path = argv[optind++];
    if (optind < argc)
        return cli_usage(&import_epcis, _("unexpected argument %s"), argv[optind]);
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&import_epcis, _("no log folder: give -d DIR or set TXNG_DIR"));
    if (as == NULL && !im.dry_run) {
        if ((status = cli_only_key(&import_epcis, dir, NULL, only)) != EXIT_DONE)
            return status;
        as = only;
    }
    if ((im.skew = cli_max_skew()) < 0)
        return cli_usage(&import_epcis, _("TXNG_MAX_SKEW: not a number of seconds"));
    if ((im.batch_max = batch_size()) == 0)
        return cli_usage(&import_epcis, _("TXNG_IMPORT_BATCH: not a number of events (1 to "
                                          "1000000)"));

    if ((status = cli_open_log(dir, im.dry_run ? TXNG_LOG_RDONLY : 0, &im.log)) != EXIT_DONE)
        return status;
    im.recorded = have_time;
    if (have_time &&
        (status = cli_recorded_check(&import_epcis, "--recorded", im.log, t, im.skew)) != EXIT_DONE)
        goto out;
    status = EXIT_FAILED;
    if ((err = open_input(&im, dir)) != TXNG_OK) {
        if (err == TXNG_ENOTFOUND)
            cli_error(im.path, _("no such file"));
        else
            cli_report(im.path, err, NULL);
        goto out;
    }
    /* reading 1: the head, wherever its members are */
    if (read_document(&im, NULL) != TXNG_OK)
        goto out;
    if ((err = txng_epcis_head_check(im.head, &im.query, &diag)) != TXNG_OK) {
        cli_report(im.path, err, &diag);
        goto out;
    }
    im.context = json_object_get(im.head, "@context");
    im.now     = cli_now(have_time, t);
    /* reading 2: every event checked; nothing is kept but its eventID's digest */
    if (read_document(&im, check_one) != TXNG_OK)
        goto out;
    /* a dry run asks no passphrase, but the key given must be one that may sign here */
    if (im.dry_run && as != NULL) {
        txng_pubkey pk;

        if ((status = cli_load_pubkey(dir, as, &pk)) != EXIT_DONE ||
            (status = cli_check_key(im.log, &pk)) != EXIT_DONE)
            goto out;
        status = EXIT_FAILED;
    }
    if (im.fresh == 0 && im.total > 0) {
        /* the actor is checked all the same: a wrong --as is wrong whatever the document */
        if (!im.dry_run && ((status = cli_load_signer(dir, as, &im.actor)) != EXIT_DONE ||
                            (status = cli_check_actor(im.log, im.actor)) != EXIT_DONE))
            goto out;
        if (im.own == im.total)
            printf(ngettext("nothing new: the event is already in this log\n",
                            "nothing new: all %zu events are already in this log\n", im.total),
                   im.total);
        else
            printf(ngettext("nothing new: the event was imported before\n",
                            "nothing new: all %zu events were imported before\n", im.total),
                   im.total);
        print_own(&im);
        if (!im.dry_run)
            master_not_imported(im.head);
        status = EXIT_DONE;
        goto out;
    }
    if (im.total == 0) {
        cli_error(im.path, _("no events to import"));
        goto out;
    }
    if (!im.dry_run && ((status = cli_load_signer(dir, as, &im.actor)) != EXIT_DONE ||
                        (status = cli_check_actor(im.log, im.actor)) != EXIT_DONE ||
                        (status = cli_log_signer(dir, im.log, &im.logkey)) != EXIT_DONE))
        goto out;
    status = EXIT_FAILED;
    if (!input_unchanged(&im)) {
        cli_error(im.path, _("changed while it was read: run the import again"));
        goto out;
    }
    /* reading 3: the events built again and appended in batches */
    if ((im.ids.seen = calloc(im.ids.cap / 8 + 1, 1)) == NULL) {
        cli_report(im.path, TXNG_ENOMEM, NULL);
        goto out;
    }
    err = read_document(&im, build_one);
    if (err == TXNG_OK && im.batch.n > 0)
        err = append_batch(&im);
    cli_progress_end();
    if (err == TXNG_OK && !input_unchanged(&im)) {
        cli_error(im.path, _("changed while it was read: run the import again"));
        err = TXNG_EFORMAT;
    }
    if (im.dry_run) {
        status = err == TXNG_OK ? EXIT_DONE : EXIT_FAILED;
        goto out;
    }
    if (im.appended == 1)
        printf(_("imported 1 event (record %" PRIu64 ")\n"), im.first);
    else if (im.appended > 0 && im.last - im.first + 1 == im.appended)
        printf(_("imported %zu events (records %" PRIu64 "..%" PRIu64 ")\n"), im.appended, im.first,
               im.last);
    else if (im.appended > 0)
        printf(_("imported %zu events (records %" PRIu64 "..%" PRIu64
                 ", among records of other writers)\n"),
               im.appended, im.first, im.last);
    if (im.appended > 0 && as == only)
        cli_error(im.path, _("signed as %s (the only key of this log)"), only);
    /* counted again as the batches are appended: that count also holds what
       another writer added meanwhile */
    if (im.dropped_late > 0 && (err == TXNG_OK || im.appended > 0))
        printf(ngettext("left out %zu event imported before\n",
                        "left out %zu events imported before\n", im.dropped_late),
               im.dropped_late);
    if (err == TXNG_OK || im.appended > 0)
        print_own(&im);
    if (im.repeated > 0 && (err == TXNG_OK || im.appended > 0))
        printf(ngettext("left out %zu event repeated in the document\n",
                        "left out %zu events repeated in the document\n", im.repeated),
               im.repeated);
    if (im.unheld > 0 && err == TXNG_OK)
        printf(ngettext("%zu error declaration names an event this log does not hold (eventID "
                        "%s): it declares that event erroneous once it is imported\n",
                        "%zu error declarations name events this log does not hold (the first: "
                        "eventID %s): each declares its event erroneous once it is imported\n",
                        im.unheld),
               im.unheld, im.unheld_id);
    if (err == TXNG_OK)
        master_not_imported(im.head);
    if (err != TXNG_OK && im.appended > 0)
        cli_error(im.path,
                  _("stopped after %zu of %zu events: run the import again to add the rest"),
                  im.appended, im.fresh);
    if (im.appended > 0)
        cli_after_append(im.log, dir);
    status = err == TXNG_OK                  ? EXIT_DONE
             : cli_status(err) == EXIT_USAGE ? EXIT_FAILED
                                             : cli_status(err);
out:
    cli_events_free(&im.batch);
    free(im.ids.slots);
    free(im.ids.seen);
    json_decref(im.head);
    if (im.fd >= 0)
        close(im.fd);
    txng_signer_free(im.actor);
    txng_signer_free(im.logkey);
    txng_log_close(im.log);
    return status;
}
