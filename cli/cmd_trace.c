/*
 * cmd_trace.c - txng trace back|forward: one step back, one step forward
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/record.h"
#include "core/trace.h"
#include "qr/label.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR     the log folder (or $TXNG_DIR)\n"
       "  -n, --depth N     at most N steps (1 = one step back or forward; default: all)\n"
       "  -j, --json        the trace as JSON\n"
       "  -D, --dot         the trace as a Graphviz graph\n"
       "  -h, --help        show this help\n"
       "ID is a GS1 Digital Link URI (a unit label's URI too, on any resolver), an\n"
       "EPC URN, a urn:txng code, or a plain code: the lot, cohort or serial code of\n"
       "an identifier this log names, imported ones included.\n"
       "back: where ID came from, down to the seed lot; forward: everything made\n"
       "from ID and everyone who received it (the recipients to notify in a recall).\n");

/* Short name of a key reference "name+hex8". */
static void
print_signers(const txng_trace_event *e)
{
    for (size_t i = 0; i < e->nsigners; i++) {
        const char *plus = strchr(e->signers[i], '+');

        printf("%s%.*s", i == 0 ? "" : ",",
               plus != NULL ? (int) (plus - e->signers[i]) : (int) strlen(e->signers[i]),
               e->signers[i]);
    }
}

/* A bizStep without its vocabulary prefix: "packing", "harvest". */
static const char *
step_name(const txng_trace_event *e)
{
    static const char *const prefixes[] = { "urn:epcglobal:cbv:bizstep:", "urn:txng:bizstep:" };

    if (e->biz_step == NULL)
        return e->type;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(e->biz_step, prefixes[i], strlen(prefixes[i])) == 0)
            return e->biz_step + strlen(prefixes[i]);
    return e->biz_step;
}

static void
print_event(const txng_trace_result *r, const txng_trace_event *e, int pad)
{
    (void) r;
    printf(_("%*srecord %" PRIu64 ": %s"), pad, "", e->index, step_name(e));
    if (e->event_time != NULL)
        printf(" %s", e->event_time);
    printf(_(", by "));
    print_signers(e);
    if (e->read_point != NULL || e->biz_location != NULL)
        printf(_(", at %s"), e->biz_location != NULL ? e->biz_location : e->read_point);
    for (size_t k = 0; k < e->ndestinations; k++)
        printf(_(", to %s"), e->destinations[k]);
    if (e->imported_from != NULL)
        printf(_(", imported from %s (its record %" PRIu64 ")"), e->imported_from,
               e->upstream_index);
    for (size_t k = 0; k < e->ncorrected_by; k++)
        printf(_(" (corrected by record %" PRIu64 ")"), e->corrected_by[k]);
    putchar('\n');
}

/*
 * Depth first from node @p i: the identifier, every event that names it in
 * record order, and under each step the identifiers it leads to. An
 * identifier met again is named with a pointer upwards instead of repeated.
 */
static void
print_node(const txng_trace_result *r, size_t i, int pad, bool *shown)
{
    const txng_trace_node *node = &r->nodes[i];

    if (shown[i]) {
        printf("%s%s\n", node->id, _(" (shown above)"));
        return;
    }
    shown[i] = true;
    printf("%s%s\n", node->id, node->expanded ? "" : _(" (depth limit)"));
    for (size_t j = 0; j < node->nevents; j++) {
        const txng_trace_event *e = &r->events[node->events[j].event];

        print_event(r, e, pad + 2);
        if (!node->events[j].step)
            continue;
        for (size_t k = 0; k < e->nnext; k++) {
            printf("%*s%s ", pad + 4, "", r->dir == TXNG_TRACE_BACK ? "<-" : "->");
            print_node(r, e->next[k], pad + 5, shown);
        }
    }
}

/*
 * Whether destination @p id is a place (a urn:txng place, a GLN of a
 * location, AI 414): the goods went there, but a recall notifies parties.
 * core/trace.c lists every destination, so the command leaves places out.
 */
static bool
is_place(const char *id)
{
    char          canon[TXNG_GS1_URI_MAX];
    txng_gs1_id   g;
    txng_gs1_code c;

    if (id == NULL || txng_gs1_canonicalize(canon, id, strlen(id), NULL) != TXNG_OK)
        return false;
    if (txng_gs1_code_parse(&c, canon, strlen(canon), NULL) == TXNG_OK)
        return c.kind == TXNG_GS1_KIND_PLACE;
    return txng_gs1_dl_parse(&g, canon, strlen(canon), 0, NULL) == TXNG_OK &&
           g.key == TXNG_GS1_KEY_GLN;
}

/* Drop the places from the JSON trace's "recipients" (see is_place()). */
static void
json_drop_places(json_t *j)
{
    json_t *list = json_object_get(j, "recipients");

    for (size_t i = json_array_size(list); i-- > 0;)
        if (is_place(json_string_value(json_array_get(list, i))))
            json_array_remove(list, i);
}

static int
print_text(const txng_trace_result *r)
{
    bool *shown = calloc(r->nnodes > 0 ? r->nnodes : 1, sizeof *shown);

    if (shown == NULL)
        return EXIT_FAILED;
    if (r->nnodes > 0)
        print_node(r, 0, 0, shown);
    free(shown);
    if (r->dir == TXNG_TRACE_FORWARD && r->nrecipients > 0) {
        bool any = false;

        for (size_t i = 0; i < r->nrecipients; i++) {
            if (is_place(r->recipients[i]))
                continue;
            if (!any)
                printf(_("recipients to notify:\n"));
            any = true;
            printf("  %s\n", r->recipients[i]);
        }
    }
    return EXIT_DONE;
}

/* A Graphviz string: quotes and backslashes escaped. */
static void
dot_string(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

static void
print_dot(const txng_trace_result *r)
{
    printf("digraph trace {\n  rankdir=%s;\n", r->dir == TXNG_TRACE_BACK ? "RL" : "LR");
    for (size_t i = 0; i < r->nnodes; i++) {
        printf("  n%zu [shape=box, label=", i);
        dot_string(r->nodes[i].id);
        printf("];\n");
    }
    for (size_t i = 0; i < r->nevents; i++) {
        const txng_trace_event *e = &r->events[i];
        char                    label[256];

        snprintf(label, sizeof label, "#%" PRIu64 " %s", e->index,
                 e->biz_step != NULL ? e->biz_step : e->type);
        printf("  e%zu [shape=ellipse, label=", i);
        dot_string(label);
        printf("];\n");
        for (size_t k = 0; k < e->nnext; k++)
            printf("  e%zu -> n%zu;\n", i, e->next[k]);
    }
    for (size_t i = 0; i < r->nnodes; i++)
        for (size_t j = 0; j < r->nodes[i].nevents; j++)
            if (r->nodes[i].events[j].step)
                printf("  n%zu -> e%zu;\n", i, r->nodes[i].events[j].event);
    /* A correction: a note for the correcting record, a dashed edge to the event it corrects. */
    for (size_t i = 0; i < r->nevents; i++)
        for (size_t k = 0; k < r->events[i].ncorrected_by; k++) {
            uint64_t by   = r->events[i].corrected_by[k];
            bool     seen = false;

            for (size_t m = 0; m < i && !seen; m++)
                for (size_t q = 0; q < r->events[m].ncorrected_by && !seen; q++)
                    seen = r->events[m].corrected_by[q] == by;
            if (!seen)
                printf("  c%" PRIu64 " [shape=note, style=dashed, label=\"#%" PRIu64
                       " correction\"];\n",
                       by, by);
            printf("  c%" PRIu64 " -> e%zu [style=dashed, label=\"corrects\"];\n", by, i);
        }
    printf("}\n");
}

/*
 * Reading ID. A Digital Link URI, an EPC URN or a urn:txng code is
 * canonicalised; a Digital Link that names a serial under a lot (what a unit
 * label carries) also stands for GTIN + serial, the form the pack step
 * writes. A label URI on any resolver, with its data attributes and
 * signature (17, 422, 7007, 8030), is read as verify-label reads it
 * (qr/label.h) and reduced to the unit it names. Input that starts like one
 * of these and does not parse is refused with the parser's reason, never
 * traced as it is. A plain code is looked up as the lot, cohort, unit
 * (serial) or product code of any identifier the log knows, imported ones
 * included, through the resolver of txng record (cli/record.h); more than
 * one match is refused with the candidates.
 */

/* Candidate identifiers of one input, in the order they are tried. */
struct idlist {
    char (*v)[TXNG_GS1_URI_MAX];
    size_t n, cap;
};

static txng_err
idlist_add(struct idlist *l, const char *id)
{
    if (strlen(id) >= TXNG_GS1_URI_MAX)
        return TXNG_OK;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], id) == 0)
            return TXNG_OK;
    if (l->n == l->cap) {
        size_t cap                     = l->cap == 0 ? 4 : l->cap * 2;
        char(*grown)[TXNG_GS1_URI_MAX] = realloc(l->v, cap * sizeof *grown);

        if (grown == NULL)
            return TXNG_ENOMEM;
        l->v   = grown;
        l->cap = cap;
    }
    snprintf(l->v[l->n++], TXNG_GS1_URI_MAX, "%s", id);
    return TXNG_OK;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether @p id is named by some record of @p log as a thing. */
static txng_err
id_known(txng_log *log, const char *id, bool *known)
{
    txng_trace_result *r   = NULL;
    txng_err           err = txng_trace(log, id, TXNG_TRACE_BACK, 1, &r);

    txng_trace_free(r);
    *known = err == TXNG_OK;
    return err == TXNG_ENOTFOUND ? TXNG_OK : err;
}

/*
 * The event a txng:Imported record carries, through imports of imports, as
 * core/index.c indexes it; @p event itself when it is not one.
 */
static const json_t *
imported_event(const json_t *event)
{
    for (int depth = 0; depth < 8; depth++) {
        const char   *type  = json_string_value(json_object_get(event, "type"));
        const json_t *inner = json_object_get(json_object_get(event, "record"), "event");

        if (type == NULL || strcmp(type, "txng:Imported") != 0 || !json_is_object(inner))
            break;
        event = inner;
    }
    return event;
}

/*
 * Read record @p index and let the resolver learn what it names; an
 * imported record as the event it carries. With @p imported_only, a record
 * of this log is skipped (cli_resolve() has read it).
 */
static txng_err
learn_record(struct cli_resolver *res, uint64_t index, bool imported_only)
{
    char         *bytes = NULL;
    size_t        len;
    txng_record  *rec = NULL;
    const json_t *ev;
    txng_err      err = txng_log_get(res->log, index, &bytes, &len);

    if (err == TXNG_OK)
        err = txng_record_decode(&rec, bytes, len, NULL);
    if (err == TXNG_OK && ((ev = imported_event(rec->event)) != rec->event || !imported_only))
        err = cli_names_learn(res, ev, index);
    txng_record_free(rec);
    free(bytes);
    return err == TXNG_EFORMAT ? TXNG_ECORRUPT : err;
}

/* Learn every product and lot of the log: the GTINs and origins units may have. */
static txng_err
learn_kinds(struct cli_resolver *res)
{
    static const txng_gs1_kind kinds[] = { TXNG_GS1_KIND_PRODUCT, TXNG_GS1_KIND_LOT };
    txng_index_names           names   = { 0 };
    txng_err                   err     = TXNG_OK;

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && err == TXNG_OK; k++) {
        err = txng_index_names_of(res->log, kinds[k], &names);
        for (size_t i = 0; i < names.n && err == TXNG_OK; i++)
            if (i == 0 || names.v[i].index != names.v[i - 1].index)
                err = learn_record(res, names.v[i].index, false);
    }
    txng_index_names_free(&names);
    return err;
}

/*
 * The units whose serial (or urn:txng unit code) is @p code, under every
 * GTIN and origin the resolver learned, and the products whose urn:txng code
 * it is; only those some record names.
 */
static txng_err
unit_candidates(struct cli_resolver *res, const char *code, struct idlist *out)
{
    struct idlist tries = { 0 };
    char          id[TXNG_GS1_URI_MAX];
    txng_gs1_id   g;
    txng_gs1_code c;
    bool          serial = txng_gs1_ai_check("21", code, strlen(code), NULL) == TXNG_OK, known;
    txng_err      err    = learn_kinds(res);

    if (err == TXNG_OK && txng_gs1_code_format(id, txng_log_origin(res->log), TXNG_GS1_KIND_UNIT,
                                               code, NULL) == TXNG_OK)
        err = idlist_add(&tries, id);
    for (size_t i = 0; i < res->n && err == TXNG_OK; i++) {
        const char *nid = res->names[i].id;

        if (serial && txng_gs1_dl_parse(&g, nid, strlen(nid), 0, NULL) == TXNG_OK &&
            g.key == TXNG_GS1_KEY_GTIN) {
            char gtin[TXNG_GS1_GTIN_LEN + 1];

            memcpy(gtin, g.key_digits, sizeof gtin);
            memset(&g, 0, sizeof g);
            g.key = TXNG_GS1_KEY_GTIN;
            memcpy(g.key_digits, gtin, sizeof gtin);
            snprintf(g.serial, sizeof g.serial, "%s", code);
            if (txng_gs1_dl_format(id, &g, NULL, false, NULL) == TXNG_OK)
                err = idlist_add(&tries, id);
        } else if (txng_gs1_code_parse(&c, nid, strlen(nid), NULL) == TXNG_OK &&
                   txng_gs1_code_format(id, c.origin, TXNG_GS1_KIND_UNIT, code, NULL) == TXNG_OK) {
            err = idlist_add(&tries, id);
        }
    }
    if (err == TXNG_OK && txng_gs1_code_format(id, txng_log_origin(res->log), TXNG_GS1_KIND_PRODUCT,
                                               code, NULL) == TXNG_OK)
        err = idlist_add(&tries, id);
    for (size_t i = 0; i < tries.n && err == TXNG_OK; i++)
        if ((err = id_known(res->log, tries.v[i], &known)) == TXNG_OK && known)
            err = idlist_add(out, tries.v[i]);
    free(tries.v);
    return err;
}

/* Every identifier of the log whose lot, cohort, serial or code is @p code. */
static txng_err
plain_candidates(txng_log *log, const char *code, struct idlist *out)
{
    static const int    kinds[] = { TXNG_GS1_KIND_LOT, TXNG_GS1_KIND_COHORT };
    struct cli_resolver res     = { 0 };
    char                id[TXNG_GS1_URI_MAX];
    txng_err            err = TXNG_OK;

    res.log      = log;
    res.own_kind = -2; /* no master step: nothing is left to a builder */
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && err == TXNG_OK; k++) {
        txng_diag       d    = TXNG_DIAG_INIT;
        txng_index_hit *hits = NULL;
        size_t          n    = 0;

        err = cli_resolve(&res, kinds[k], code, id, &d);
        /* One match, none, or several (EFORMAT): the names say which. */
        if (err == TXNG_ENOTFOUND || err == TXNG_EFORMAT)
            err = TXNG_OK;
        /* The resolver reads imported records as they are: learn what they carry. */
        if (err == TXNG_OK)
            err =
                txng_index_find_name(log, (txng_gs1_kind) kinds[k], code, strlen(code), &hits, &n);
        if (err == TXNG_EFORMAT) /* not UTF-8: no lot has it */
            err = TXNG_OK;
        for (size_t i = 0; i < n && err == TXNG_OK; i++)
            err = learn_record(&res, hits[i].index, true);
        free(hits);
    }
    for (size_t i = 0; i < res.n && err == TXNG_OK; i++)
        if ((res.names[i].kind == TXNG_GS1_KIND_LOT || res.names[i].kind == TXNG_GS1_KIND_COHORT) &&
            res.names[i].code != NULL && strcmp(res.names[i].code, code) == 0)
            err = idlist_add(out, res.names[i].id);
    if (err == TXNG_OK)
        err = unit_candidates(&res, code, out);
    cli_resolver_free(&res);
    return err;
}

/* Print the parser's refusal of @p input: "txng: INPUT: FIELD: REASON". */
static int
refuse_input(const char *input, const txng_diag *d)
{
    cli_error(input, _("not a valid identifier: %s%s%s"), d->field[0] != '\0' ? _(d->field) : "",
              d->field[0] != '\0' ? ": " : "", d->reason != NULL ? _(d->reason) : "");
    return EXIT_FAILED;
}

/*
 * The identifiers @p input may stand for, in the order to try (see above);
 * an exit status, the refusal printed.
 */
static int
input_ids(txng_log *log, const char *input, struct idlist *ids, bool *choose)
{
    char        id[TXNG_GS1_URI_MAX];
    txng_diag   d = TXNG_DIAG_INIT, ld = TXNG_DIAG_INIT;
    txng_gs1_id g;
    txng_label  label;
    bool        uri = starts_with_ci(input, "http://") || starts_with_ci(input, "https://");
    txng_err    err;

    if (txng_gs1_canonicalize(id, input, strlen(input), &d) == TXNG_OK) {
        err = idlist_add(ids, id);
        /* A unit under its lot: the log names it by GTIN + serial. */
        if (err == TXNG_OK && txng_gs1_dl_parse(&g, id, strlen(id), 0, NULL) == TXNG_OK &&
            g.key == TXNG_GS1_KEY_GTIN && g.serial[0] != '\0' && g.lot[0] != '\0') {
            g.lot[0] = '\0';
            if (txng_gs1_dl_format(id, &g, NULL, false, NULL) == TXNG_OK)
                err = idlist_add(ids, id);
        }
    } else if (uri && txng_label_parse(&label, NULL, input, strlen(input), &ld) == TXNG_OK &&
               txng_label_unit_id(id, &label, &ld) == TXNG_OK) {
        err = idlist_add(ids, id);
    } else if (uri && d.reason != NULL &&
               strcmp(d.reason, "no supported GS1 primary key in the path") == 0) {
        /* Not a Digital Link: any URI an EPCIS event may name. */
        err = idlist_add(ids, input);
    } else if (uri || starts_with_ci(input, "urn:epc:") || starts_with_ci(input, "urn:txng:")) {
        /* The label parser's reason when it went further (its own attributes). */
        bool label_further = uri && ld.reason != NULL && d.reason != NULL &&
                             strcmp(d.reason, "unsupported application identifier") == 0;

        return refuse_input(input, label_further ? &ld : &d);
    } else if (strchr(input, ':') != NULL || strpbrk(input, " \t\n") != NULL || *input == '\0') {
        err = idlist_add(ids, input);
    } else {
        *choose = true;
        err     = plain_candidates(log, input, ids);
        if (err == TXNG_OK && ids->n == 0)
            err = idlist_add(ids, input);
    }
    if (err != TXNG_OK) {
        cli_report(input, err, NULL);
        return cli_status(err);
    }
    return EXIT_DONE;
}

/*
 * Trace @p input (see "Reading ID" above): the first identifier of its
 * candidates that a record names; a plain code of more than one is refused.
 */
static int
trace_input(txng_log *log, const char *input, enum txng_trace_dir dir, unsigned depth,
            txng_trace_result **out)
{
    struct idlist ids    = { 0 };
    bool          choose = false;
    txng_err      err    = TXNG_ENOTFOUND;
    int           status = input_ids(log, input, &ids, &choose);

    if (status == EXIT_DONE && choose && ids.n > 1) {
        char   list[1024] = "";
        size_t n          = 0;

        for (size_t i = 0; i < ids.n && n < sizeof list; i++)
            n += (size_t) snprintf(list + n, sizeof list - n, "%s%s", i > 0 ? ", " : "", ids.v[i]);
        cli_error(input, _("names more than one identifier: %s; give one of them"), list);
        status = EXIT_USAGE;
    }
    for (size_t i = 0; status == EXIT_DONE && i < ids.n && err == TXNG_ENOTFOUND; i++)
        err = txng_trace(log, ids.v[i], dir, depth, out);
    if (status == EXIT_DONE && err == TXNG_ENOTFOUND) {
        cli_error(input, _("no event in this log names this identifier"));
        status = EXIT_NO;
    } else if (status == EXIT_DONE && err != TXNG_OK) {
        cli_report(input, err, NULL);
        status = cli_status(err);
    }
    free(ids.v);
    return status;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' }, { "depth", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },      { "dot", no_argument, NULL, 'D' },
        { "help", no_argument, NULL, 'h' },      { NULL, 0, NULL, 0 },
    };
    const char         *dir   = NULL;
    uint64_t            depth = 0;
    bool                json = false, dot = false;
    enum txng_trace_dir way;
    txng_log           *log = NULL;
    txng_trace_result  *r   = NULL;
    json_t             *j   = NULL;
    char               *s;
    txng_err            err;
    int                 c, status;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:n:jDh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'n':
            if (!cli_parse_u64(optarg, &depth) || depth == 0 || depth > 1000)
                return cli_usage(&cmd_trace, _("--depth: a number from 1 to 1000: %s"), optarg);
            break;
        case 'j':
            json = true;
            break;
        case 'D':
            dot = true;
            break;
        case 'h':
            return cli_help(&cmd_trace, options);
        case ':':
            return cli_usage(&cmd_trace, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_trace, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return cli_usage(&cmd_trace, argc - optind < 2 ? _("give back or forward, and an ID")
                                                       : _("too many arguments"));
    if (strcmp(argv[optind], "back") == 0)
        way = TXNG_TRACE_BACK;
    else if (strcmp(argv[optind], "forward") == 0)
        way = TXNG_TRACE_FORWARD;
    else
        return cli_usage(&cmd_trace, _("back or forward, not %s"), argv[optind]);
    if (json && dot)
        return cli_usage(&cmd_trace, _("--json and --dot exclude each other"));
    if ((dir = cli_dir(dir)) == NULL)
        return cli_usage(&cmd_trace, _("no log folder: give -d DIR or set TXNG_DIR"));
    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    if ((status = trace_input(log, argv[optind + 1], way, (unsigned) depth, &r)) != EXIT_DONE)
        goto out;
    if (json) {
        if ((err = txng_trace_to_json(r, &j)) == TXNG_OK)
            json_drop_places(j);
        if (err != TXNG_OK || (s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL) {
            cli_report(argv[optind + 1], TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
        printf("%s\n", s);
        free(s);
    } else if (dot) {
        print_dot(r);
    } else if ((status = print_text(r)) != EXIT_DONE) {
        cli_report(argv[optind + 1], TXNG_ENOMEM, NULL);
    }
out:
    json_decref(j);
    txng_trace_free(r);
    txng_log_close(log);
    return status;
}

const struct command cmd_trace = {
    "trace",
    run,
    "trace back|forward -d DIR ID [--depth N] [--json | --dot]",
    N_("follow an identifier back to its sources or forward to every product and buyer"),
};
