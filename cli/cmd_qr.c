/*
 * cmd_qr.c - txng qr: the QR code of a label URI, as PNG, SVG or terminal text
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/record.h"
#include "core/claim.h"
#include "core/gs1.h"
#include "core/trace.h"
#include "qr/label.h"
#include "qr/render.h"

static const char options[] =
    N_("options:\n"
       "  -d, --dir DIR       check that the log in DIR packed the serial (or knows the lot)\n"
       "  -b, --base URL      put the label on this resolver (default: the URI's own)\n"
       "  -o, --output FILE   write FILE.png or FILE.svg (a new file)\n"
       "  -T, --terminal      draw the code on the terminal with half blocks\n"
       "  -i, --invert        for light text on a dark terminal\n"
       "  -e, --ecc LEVEL     error correction L, M (default), Q or H (a logo over the code)\n"
       "  -s, --size MM       printed size of the code, quiet zone included\n"
       "  -r, --dpi N         printer resolution for --size (default 300)\n"
       "  -k, --sign-as KEY   sign the label (GS1 AI 8030) with this key\n"
       "  -h, --help          show this help\n"
       "URI is a GS1 Digital Link URI of a GTIN with a lot and/or a serial.\n"
       "The code has a quiet zone of 4 modules; each module is a whole number of\n"
       "pixels: as many as --size at --dpi allows (8 without --size); a module\n"
       "printed smaller than 0.25 mm is refused, since phones cannot read it.\n");

/*
 * Whether the lot identifier @p lot_id (a Digital Link of a bulk product's
 * lot, or urn:txng:...:lot:CODE) has the code @p code: a unit's label carries
 * the lot code with the unit's own GTIN.
 */
static bool
same_lot(const char *lot_id, const char *code)
{
    txng_gs1_id   g;
    txng_gs1_code u;

    if (txng_gs1_dl_parse(&g, lot_id, strlen(lot_id), 0, NULL) == TXNG_OK)
        return strcmp(g.lot, code) == 0;
    if (txng_gs1_code_parse(&u, lot_id, strlen(lot_id), NULL) == TXNG_OK)
        return u.kind == TXNG_GS1_KIND_LOT && strcmp(u.code, code) == 0;
    return false;
}

/*
 * Whether the log packed the label's serial from its lot, or knows its lot,
 * and trusts @p signer (if not NULL); warns of a recall.
 */
static int
check_in_log(const char *dir, const txng_label *label, const txng_signer *signer)
{
    txng_log          *log = NULL;
    txng_claim_info    info;
    txng_trace_result *r = NULL;
    txng_diag          diag = TXNG_DIAG_INIT;
    char               id[TXNG_GS1_URI_MAX];
    txng_err           err;
    int                status;

    if ((status = cli_open_log(dir, TXNG_LOG_RDONLY, &log)) != EXIT_DONE)
        return status;
    if (signer != NULL && (status = cli_check_actor(log, signer)) != EXIT_DONE)
        goto out;
    if ((err = txng_label_unit_id(id, label, &diag)) != TXNG_OK) {
        cli_report("qr", err, &diag);
        status = cli_status(err);
        goto out;
    }
    if (label->serial[0] != 0) {
        if ((err = txng_claim_info_get(log, id, &info)) != TXNG_OK) {
            cli_report("qr", err, NULL);
            status = cli_status(err);
            goto out;
        }
        if (!info.packed) {
            cli_error("qr", _("%s: this log never packed this serial"), id);
            status = EXIT_NO;
            goto out;
        }
        if (label->lot[0] != 0 && info.lot[0] != 0 && !same_lot(info.lot, label->lot)) {
            cli_error("qr", _("%s: packed from %s, not from lot %s"), id, info.lot, label->lot);
            status = EXIT_NO;
            goto out;
        }
        if (info.recalled)
            cli_error(id, _("warning: recalled (record %" PRIu64 ", %s): this unit must not be "
                            "sold"),
                      info.recall_index, info.recalled_at);
    } else {
        char lot[TXNG_GS1_URI_MAX], found[TXNG_GS1_URI_MAX];

        snprintf(lot, sizeof lot, "%s", id);
        err = txng_trace(log, id, TXNG_TRACE_BACK, 1, &r);
        /* a lot recorded without a GTIN (urn:txng:...:lot:CODE) has no GS1 name of its own:
         * its label names it with the GTIN of the units packed from it */
        if (err == TXNG_ENOTFOUND &&
            txng_label_find_lot(log, label->gtin, label->lot, found, NULL) == TXNG_OK &&
            strncmp(found, "urn:", 4) == 0) {
            snprintf(lot, sizeof lot, "%s", found);
            err = TXNG_OK;
        }
        if (err == TXNG_ENOTFOUND) {
            cli_error("qr", _("%s: no event in this log names this lot"), id);
            status = EXIT_NO;
            goto out;
        }
        if (err == TXNG_OK)
            err = txng_claim_info_get(log, lot, &info);
        if (err != TXNG_OK) {
            cli_report("qr", err, NULL);
            status = cli_status(err);
            goto out;
        }
        if (info.recalled)
            cli_error(lot,
                      _("warning: recalled (record %" PRIu64 ", %s): this lot must not be "
                        "sold"),
                      info.recall_index, info.recalled_at);
    }
out:
    txng_trace_free(r);
    txng_log_close(log);
    return status;
}

static int
run(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dir", required_argument, NULL, 'd' },     { "base", required_argument, NULL, 'b' },
        { "output", required_argument, NULL, 'o' },  { "terminal", no_argument, NULL, 'T' },
        { "invert", no_argument, NULL, 'i' },        { "ecc", required_argument, NULL, 'e' },
        { "size", required_argument, NULL, 's' },    { "dpi", required_argument, NULL, 'r' },
        { "sign-as", required_argument, NULL, 'k' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char    *dir = NULL, *base = NULL, *output = NULL, *sign_as = NULL, *uri;
    bool           terminal = false, invert = false, svg = false;
    txng_qr_ecc    ecc      = TXNG_QR_ECC_M;
    double         size_mm  = 0;
    uint64_t       dpi      = 0, v;
    txng_label     label;
    txng_diag      diag   = TXNG_DIAG_INIT;
    txng_signer   *signer = NULL;
    txng_qr       *qr     = NULL;
    txng_outfile  *outf   = NULL;
    unsigned char *bytes  = NULL;
    char          *text   = NULL;
    size_t         len    = 0;
    unsigned       px     = TXNG_QR_DEFAULT_PX;
    char           own_base[TXNG_LABEL_URI_MAX], out_uri[TXNG_LABEL_URI_MAX];
    txng_err       err;
    int            c, status = EXIT_DONE;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:b:o:Tie:s:r:k:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'b':
            base = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'T':
            terminal = true;
            break;
        case 'i':
            invert = true;
            break;
        case 'e':
            if (!txng_qr_ecc_parse(optarg, &ecc))
                return cli_usage(&cmd_qr, _("--ecc: L, M, Q or H, not %s"), optarg);
            break;
        case 's':
            /* whole or tenth millimetres, locale-free */
            {
                const char *dot = strchr(optarg, '.');
                uint64_t    tenth = 0;
                char        whole[16];

                if (dot != NULL && (dot - optarg >= (long) sizeof whole || strlen(dot) != 2 ||
                                    dot[1] < '0' || dot[1] > '9'))
                    return cli_usage(&cmd_qr, _("--size: millimetres from 5 to 1000: %s"),
                                     optarg);
                snprintf(whole, sizeof whole, "%.*s",
                         dot ? (int) (dot - optarg) : (int) strlen(optarg), optarg);
                if (dot != NULL)
                    tenth = (uint64_t) (dot[1] - '0');
                if (!cli_parse_u64(whole, &v) || v < 5 || v > 1000)
                    return cli_usage(&cmd_qr, _("--size: millimetres from 5 to 1000: %s"),
                                     optarg);
                size_mm = (double) v + (double) tenth / 10;
            }
            break;
        case 'r':
            if (!cli_parse_u64(optarg, &dpi) || dpi < 72 || dpi > 4800)
                return cli_usage(&cmd_qr, _("--dpi: a number from 72 to 4800: %s"), optarg);
            break;
        case 'k':
            sign_as = optarg;
            break;
        case 'h':
            return cli_help(&cmd_qr, options);
        case ':':
            return cli_usage(&cmd_qr, _("%s needs a value"), argv[optind - 1]);
        default:
            return cli_usage(&cmd_qr, _("unknown option %s"), argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage(&cmd_qr, argc - optind < 1 ? _("give the label's URI")
                                                    : _("too many arguments"));
    uri = argv[optind];
    if ((output == NULL) == !terminal)
        return cli_usage(&cmd_qr, _("give either -o FILE or --terminal"));
    if (output != NULL) {
        svg = cli_ends_with(output, ".svg");
        if (!svg && !cli_ends_with(output, ".png"))
            return cli_usage(&cmd_qr, _("-o: the file name must end in .png or .svg: %s"),
                             output);
    }
    if (base != NULL && txng_label_base_check(base, NULL, &diag) != TXNG_OK)
        return cli_usage(&cmd_qr, "--base %s: %s", base, _(diag.reason));
    if (invert && !terminal)
        return cli_usage(&cmd_qr, _("--invert is for --terminal"));
    if (dpi != 0 && size_mm == 0)
        return cli_usage(&cmd_qr, _("--dpi goes with --size"));
    if ((size_mm != 0) && terminal)
        return cli_usage(&cmd_qr, _("--size is for -o FILE"));
    if (dpi == 0)
        dpi = TXNG_QR_DEFAULT_DPI;

    err = txng_label_parse(&label, own_base, uri, strlen(uri), &diag);
    if (err != TXNG_OK) {
        cli_report(uri, err, &diag);
        return cli_status(err);
    }
    /* DESIGN: never one static code per product; a code names a lot or a unit. */
    if (label.lot[0] == 0 && label.serial[0] == 0) {
        cli_error(uri, _("a code for a whole product is not printed: give its lot (/10/LOT) "
                         "or a unit's serial (/21/SERIAL)"));
        return EXIT_FAILED;
    }
    if (output != NULL && (err = txng_outfile_open(&outf, output, false)) != TXNG_OK) {
        cli_report(output, err, NULL);
        return EXIT_FAILED;
    }
    if (sign_as != NULL && (status = cli_load_signer(dir, sign_as, &signer)) != EXIT_DONE)
        goto out;
    if (dir != NULL && (status = check_in_log(dir, &label, signer)) != EXIT_DONE)
        goto out;
    if (signer != NULL && (err = txng_label_sign(&label, signer, &diag)) != TXNG_OK) {
        cli_report(uri, err, &diag);
        status = cli_status(err);
        goto out;
    }
    err = txng_label_uri(out_uri, &label, base != NULL ? base : own_base, &diag);
    if (err != TXNG_OK) {
        cli_report("qr", err, &diag);
        status = cli_status(err);
        goto out;
    }
    err = txng_qr_encode(&qr, out_uri, strlen(out_uri), ecc);
    if (err != TXNG_OK) {
        cli_report(uri, err, NULL);
        status = cli_status(err);
        goto out;
    }
    if (size_mm != 0) {
        int    width = txng_qr_width(qr);
        double least = txng_qr_min_mm(width, svg ? 0 : (unsigned) dpi);

        if (svg ? size_mm < least
                : txng_qr_module_px(width, size_mm, (unsigned) dpi, &px) != TXNG_OK) {
            /* the smallest size accepted, rounded up to the tenth --size takes */
            least = (double) (long) (least * 10 + 0.999) / 10;
            if (svg)
                cli_error("qr",
                          _("--size: %.1f mm makes modules smaller than %.2f mm (%d + 8 "
                            "modules): give --size %.1f or more"),
                          size_mm, TXNG_QR_MIN_MODULE_MM, width, least);
            else
                cli_error("qr",
                          _("--size: %.1f mm at %u dpi makes modules smaller than %.2f mm (%d + "
                            "8 modules): give --size %.1f or more"),
                          size_mm, (unsigned) dpi, TXNG_QR_MIN_MODULE_MM, width, least);
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (terminal)
        err = txng_qr_terminal(qr, invert, &text, &len);
    else if (svg)
        err = txng_qr_svg(qr, size_mm, &text, &len);
    else
        err = txng_qr_png(qr, px, (unsigned) dpi, &bytes, &len);
    if (err != TXNG_OK) {
        cli_report(uri, err, NULL);
        status = cli_status(err);
        goto out;
    }
    if (terminal) {
        fputs(text, stdout);
    } else {
        err = txng_outfile_commit(outf, bytes != NULL ? (const void *) bytes : text, len);
        if (err != TXNG_OK) {
            cli_report(output, err, NULL);
            status = cli_status(err);
            goto out;
        }
    }
    printf("%s\n", out_uri);
out:
    txng_outfile_free(outf);
    txng_signer_free(signer);
    free(bytes);
    free(text);
    txng_qr_free(qr);
    return status;
}

const struct command cmd_qr = {
    "qr", run,
    N_("qr [-d DIR] URI [-b URL] (-o FILE.png|FILE.svg | -T [-i]) [-e L|M|Q|H] [-s MM [-r DPI]] "
       "[-k KEY]"),
    N_("draw the QR code of a Digital Link URI")
};
