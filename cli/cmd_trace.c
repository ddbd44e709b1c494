/*
 * cmd_trace.c - txng trace back|forward: one step back, one step forward
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/ident.h"
#include "core/gs1.h"
#include "core/index.h"
#include "core/trace.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR     the log folder (or $TXNG_DIR)\n"
       "  -n, --depth N     at most N steps (1 = one step back or forward; default: all)\n"
       "  -j, --json        the trace as JSON\n"
       "  -D, --dot         the trace as a Graphviz graph\n"
       "  -h, --help        show this help\n"
       "ID is a GS1 Digital Link URI (a unit label's URI too, on any resolver), a GS1\n"
       "element string as a label prints it ((01)08930000000033(21)000007), an EPC\n"
       "URN, a urn:txng code, or a plain code: the lot, cohort or serial code of an\n"
       "identifier this log names, imported ones included.\n"
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

/*
 * A bizStep without its vocabulary prefix: "packing", "harvest"; named in the
 * language of messages where the catalogue has it ("đóng gói").
 */
static const char *
step_name(const txng_trace_event *e)
{
    static const char *const prefixes[] = { "urn:epcglobal:cbv:bizstep:", "urn:txng:bizstep:" };

    if (e->biz_step == NULL)
        return e->type;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(e->biz_step, prefixes[i], strlen(prefixes[i])) == 0)
            return cli_biz_step_name(e->biz_step, e->biz_step + strlen(prefixes[i]));
    return cli_biz_step_name(e->biz_step, e->biz_step);
}

static void
print_event(const txng_trace_result *r, const txng_trace_event *e, int pad)
{
    (void) r;
    printf(_("%*srecord %" PRIu64 ": %s"), pad, "", e->index, step_name(e));
    if (e->inspection != NULL) /* an inspection, told from a lab test (also inspecting) */
        printf(" (%s)", e->inspection);
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
        if (e->replaced_by[k] == TXNG_TRACE_NONE)
            printf(_(" (corrected by record %" PRIu64 ")"), e->corrected_by[k]);
        else
            printf(_(" (corrected by record %" PRIu64 ", replaced by record %" PRIu64 ")"),
                   e->corrected_by[k], e->replaced_by[k]);
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
    if (!node->expanded) {
        printf("%s%s\n", node->id, _(" (depth limit)"));
    } else {
        bool made = false;

        /* back, the end of the lineage: say so, rather than leave the line bare */
        for (size_t j = 0; j < node->nevents && !made; j++)
            made = node->events[j].step;
        printf("%s%s\n", node->id,
               made || r->dir != TXNG_TRACE_BACK ? "" : _(" (not made in this log)"));
    }
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

/* The "name" of the newest master record of @p kind for @p id (json_decref() @p *ev), or NULL. */
static const char *
master_name(txng_log *log, txng_gs1_kind kind, const char *id, json_t **ev)
{
    uint64_t index;
    bool     found = false;

    *ev = NULL;
    if (id == NULL || txng_index_master(log, kind, id, &index, ev, &found) != TXNG_OK || !found) {
        json_decref(*ev);
        *ev = NULL;
        return NULL;
    }
    return json_string_value(json_object_get(*ev, "name"));
}

/*
 * A recipient to notify, with the name its master data gives beside it: a
 * party's name, or a receiving place's name and the name of the party it
 * belongs to (its "party"). Without master data, the identifier alone.
 */
void
cli_print_recipient(txng_log *log, const char *id, int pad)
{
    json_t     *ev = NULL, *pev = NULL;
    const char *name = master_name(log, TXNG_GS1_KIND_PARTY, id, &ev), *owner = NULL;

    if (name == NULL) {
        json_decref(ev);
        name = master_name(log, TXNG_GS1_KIND_PLACE, id, &ev);
        if (name != NULL)
            owner = master_name(log, TXNG_GS1_KIND_PARTY,
                                json_string_value(json_object_get(ev, "party")), &pev);
    }
    if (name != NULL && owner != NULL)
        printf(_("%*s%s (%s, of %s)\n"), pad, "", id, name, owner);
    else if (name != NULL)
        printf("%*s%s (%s)\n", pad, "", id, name);
    else
        printf("%*s%s\n", pad, "", id);
    json_decref(pev);
    json_decref(ev);
}

static int
print_text(txng_log *log, const txng_trace_result *r)
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
            if (!any)
                printf(_("recipients to notify:\n"));
            any = true;
            cli_print_recipient(log, r->recipients[i], 2);
        }
    }
    return EXIT_DONE;
}

/* A Graphviz string: quotes and backslashes escaped, a newline as the line break \n.
 * UTF-8 goes through as it is (Graphviz reads UTF-8 by default). */
static void
dot_string(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        if (*s == '\n') {
            fputs("\\n", stdout);
            continue;
        }
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

/*
 * The label of event @p e, one fact a line: "#N step", the signers, the place
 * (by the name its master data gives, else its identifier) and the event time.
 * The graph is for tools: the bizStep is as recorded, in every language, an
 * inspection's with its result as in the text (docs/txng.1).
 */
static void
dot_event_label(txng_log *log, const txng_trace_event *e, char *label, size_t cap)
{
    const char *place = e->biz_location != NULL ? e->biz_location : e->read_point;
    json_t     *ev    = NULL;
    const char *name  = master_name(log, TXNG_GS1_KIND_PLACE, place, &ev);
    size_t      n;

    n = (size_t) snprintf(
        label, cap, "#%" PRIu64 " %s%s%s%s", e->index, e->biz_step != NULL ? e->biz_step : e->type,
        e->inspection != NULL ? " (" : "", e->inspection != NULL ? e->inspection : "",
        e->inspection != NULL ? ")" : "");
    for (size_t i = 0; i < e->nsigners && n < cap; i++) {
        const char *plus = strchr(e->signers[i], '+');

        n += (size_t) snprintf(label + n, cap - n, "%s%.*s", i == 0 ? "\n" : ", ",
                               plus != NULL ? (int) (plus - e->signers[i])
                                            : (int) strlen(e->signers[i]),
                               e->signers[i]);
    }
    if (place != NULL && n < cap)
        n += (size_t) snprintf(label + n, cap - n, "\n%s", name != NULL ? name : place);
    if (e->event_time != NULL && n < cap)
        snprintf(label + n, cap - n, "\n%s", e->event_time);
    json_decref(ev);
}

/*
 * The trace as a Graphviz digraph: identifiers as boxes, events as ellipses.
 * Edges point the way the trace goes (back: towards the sources, forward:
 * towards the products): a step from the identifier to its event and on to
 * the identifiers it leads to; an event that names an identifier without
 * being a step of the trace (a shipment, an inspection, a sale) is joined to
 * it by a dashed edge, from the identifier forward, to it back, so that it
 * stands on the identifier's later side.
 */
static void
print_dot(txng_log *log, const txng_trace_result *r)
{
    printf("digraph trace {\n  rankdir=%s;\n", r->dir == TXNG_TRACE_BACK ? "RL" : "LR");
    for (size_t i = 0; i < r->nnodes; i++) {
        printf("  n%zu [shape=box, label=", i);
        dot_string(r->nodes[i].id);
        printf("];\n");
    }
    for (size_t i = 0; i < r->nevents; i++) {
        const txng_trace_event *e = &r->events[i];
        char                    label[1024];

        dot_event_label(log, e, label, sizeof label);
        printf("  e%zu [shape=ellipse, label=", i);
        dot_string(label);
        printf("];\n");
        for (size_t k = 0; k < e->nnext; k++)
            printf("  e%zu -> n%zu;\n", i, e->next[k]);
    }
    for (size_t i = 0; i < r->nnodes; i++)
        for (size_t j = 0; j < r->nodes[i].nevents; j++) {
            size_t ev = r->nodes[i].events[j].event;

            if (r->nodes[i].events[j].step)
                printf("  n%zu -> e%zu;\n", i, ev);
            else if (r->dir == TXNG_TRACE_BACK)
                printf("  e%zu -> n%zu [style=dashed];\n", ev, i);
            else
                printf("  n%zu -> e%zu [style=dashed];\n", i, ev);
        }
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
 * Trace @p input (read by cli/ident.c): the first identifier of its
 * candidates that a record names.
 */
static int
trace_input(txng_log *log, const char *input, enum txng_trace_dir dir, unsigned depth,
            txng_trace_result **out)
{
    struct cli_idlist ids    = { 0 };
    txng_err          err    = TXNG_ENOTFOUND;
    int               status = cli_ident_read(log, input, &ids);

    for (size_t i = 0; status == EXIT_DONE && i < ids.n && err == TXNG_ENOTFOUND; i++)
        err = txng_trace(log, ids.v[i], dir, depth, out);
    if (status == EXIT_DONE && err == TXNG_ENOTFOUND) {
        cli_error(input, _("no event in this log names this identifier"));
        status = EXIT_NO;
    } else if (status == EXIT_DONE && err != TXNG_OK) {
        cli_report(input, err, NULL);
        status = cli_status(err);
    }
    cli_idlist_free(&ids);
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
        err = txng_trace_to_json(r, &j);
        if (err != TXNG_OK || (s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL) {
            cli_report(argv[optind + 1], TXNG_ENOMEM, NULL);
            status = EXIT_FAILED;
            goto out;
        }
        printf("%s\n", s);
        free(s);
    } else if (dot) {
        print_dot(log, r);
    } else if ((status = print_text(log, r)) != EXIT_DONE) {
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
