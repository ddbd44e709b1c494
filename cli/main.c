/*
 * main.c - the txng command: command table, locale, dispatch, exit status
 */
#define _GNU_SOURCE /* REG_RIP in <ucontext.h> */

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "cli/cli.h"
#include "core/log.h"

static const struct command *const commands[] = {
    &cmd_init,         &cmd_key,     &cmd_append,      &cmd_sign,   &cmd_log,    &cmd_show,
    &cmd_checkpoint,   &cmd_prove,   &cmd_verify,      &cmd_backup, &cmd_record, &cmd_party,
    &cmd_place,        &cmd_product, &cmd_certificate, &cmd_import, &cmd_trace,  &cmd_export,
    &cmd_tiles,        &cmd_witness, &cmd_qr,          &cmd_labels, &cmd_claim,  &cmd_stamp,
    &cmd_verify_label, &cmd_serve,   &cmd_media,       &cmd_demo,
};

static void
usage_all(FILE *out)
{
    fputs(_("usage: txng COMMAND [OPTIONS] [ARGUMENTS]\n\n"
            "txng keeps a signed, append-only, verifiable log of traceability events.\n\n"
            "commands:\n"),
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-11s %s\n", commands[i]->name, _(commands[i]->summary));
    fputs(_("\nRun 'txng COMMAND --help' for a command's options.\n"), out);
}

/*
 * Messages follow the locale. A Vietnamese locale that the system has not
 * generated (common on minimal installs) still gets Vietnamese messages:
 * fall back to C.UTF-8 and ask gettext for "vi" through LANGUAGE.
 */
static void
setup_locale(void)
{
    const char *dir = getenv("TXNG_LOCALEDIR");
    const char *lang;

    if (setlocale(LC_ALL, "") == NULL) {
        lang = getenv("LC_ALL");
        if (lang == NULL || *lang == '\0')
            lang = getenv("LC_MESSAGES");
        if (lang == NULL || *lang == '\0')
            lang = getenv("LANG");
        setlocale(LC_ALL, "C.UTF-8");
        if (lang != NULL && strncmp(lang, "vi", 2) == 0 && getenv("LANGUAGE") == NULL)
            setenv("LANGUAGE", "vi", 1);
    }
    /* Run from the build tree (the README's quick start), the catalogues are in build/po. */
    if ((dir == NULL || *dir == '\0') &&
        access(TXNG_LOCALEDIR "/vi/LC_MESSAGES/txng.mo", R_OK) != 0 &&
        access(TXNG_BUILD_LOCALEDIR "/vi/LC_MESSAGES/txng.mo", R_OK) == 0)
        dir = TXNG_BUILD_LOCALEDIR;
    bindtextdomain("txng", dir != NULL && *dir != '\0' ? dir : TXNG_LOCALEDIR);
    bind_textdomain_codeset("txng", "UTF-8");
    textdomain("txng");
}

/*
 * A damaged data.mdb. LMDB keeps no checksums: a page damaged on disk can
 * break its invariants (it would abort) or point past the end of the file
 * (SIGBUS) or of the map (SIGSEGV). Either is the file's fault, not a crash
 * of txng: say so in one line and exit as for data that fails verification.
 */
static char fault_text[512]; /* translated before any log is open: handlers cannot */

static void
on_damage(const char *dir, const char *what)
{
    cli_error(dir, _("data.mdb is damaged (%s): restore the log from a backup (txng backup)"),
              what);
    fflush(stdout);
    _exit(EXIT_NO);
}

static void
on_fault(int sig, siginfo_t *si, void *uc)
{
    const char *dir = NULL;
    const void *pc  = NULL;

#if defined(__x86_64__)
    pc = (const void *) ((const ucontext_t *) uc)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    pc = (const void *) ((const ucontext_t *) uc)->uc_mcontext.pc;
#else
    (void) uc;
#endif
    if (txng_log_fault_is_damage(si->si_addr, pc, &dir)) {
        /* write(2) only: the handler may run inside malloc or stdio */
        if (write(STDERR_FILENO, "txng: ", 6) >= 0 && write(STDERR_FILENO, dir, strlen(dir)) >= 0 &&
            write(STDERR_FILENO, fault_text, strlen(fault_text)) >= 0)
            _exit(EXIT_NO);
        _exit(EXIT_NO);
    }
    signal(sig, SIG_DFL); /* not the log's map: the fault repeats and ends the process */
}

static void
catch_damage(void)
{
    struct sigaction sa;

    snprintf(fault_text, sizeof fault_text, ": %s\n",
             _("data.mdb is damaged or cut short: restore the log from a backup (txng backup)"));
    txng_log_set_damage_hook(on_damage);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags     = SA_SIGINFO | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
}

int
main(int argc, char **argv)
{
    const struct command *cmd = NULL;
    int                   status;

    setup_locale();
    catch_damage();
    if (sodium_init() < 0) {
        cli_error(NULL, _("cannot initialise libsodium"));
        return EXIT_FAILED;
    }
    if (argc < 2) {
        usage_all(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage_all(stdout);
        status = EXIT_DONE;
        goto out;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("txng %s\n", TXNG_VERSION);
        status = EXIT_DONE;
        goto out;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i]->name) == 0)
            cmd = commands[i];
    if (cmd == NULL) {
        return cli_usage(NULL, _("%s: no such command (see 'txng --help')"), argv[1]);
    }
    status = cmd->run(argc - 1, argv + 1);
out:
    cli_progress_end();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(NULL, _("cannot write the output: %s"), strerror(errno));
        return EXIT_FAILED;
    }
    return status;
}
