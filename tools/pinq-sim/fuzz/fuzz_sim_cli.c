/* fuzz_sim_cli.c - libFuzzer target for pinq-sim's command line: the bytes
 * as arguments (fuzz/fuzz_argv.h) through main.c's parse_args, which must
 * give an exit status with its message (the help on out, a refusal on
 * err), or options and scenario files that are arguments themselves.
 * Nothing is loaded, run or plotted. parse_args is static, so main.c is
 * compiled into this file with its main() renamed; parse_args never calls
 * exit(), so there is nothing to catch. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#define main pinq_sim_main_for_fuzz
#include "../main.c"
#undef main

#include "fuzz_argv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What parse_args wrote on out ([0]) and err ([1]): checked, then dropped. */
static char text[2][8192];

static void must(bool ok, const char *what, const fuzz_argv_t *a)
{
    fuzz_argv_must(a, ok, "fuzz_sim_cli", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_argv_t a;
    fuzz_argv_split(&a, "pinq-sim", data, size);
    memset(text, 0, sizeof text);
    FILE *out = fmemopen(text[0], sizeof text[0] - 1, "w"), *err = fmemopen(text[1], sizeof text[1] - 1, "w");
    if (!out || !err)
        abort();
    opts_t o = {.search = true};
    const char **files = sim_calloc((size_t)a.argc, sizeof *files);
    int nfiles = 0;
    int rc = parse_args(a.argc, a.argv, &o, files, &nfiles, out, err);
    fclose(out);
    fclose(err);
    sim_progress_mode(SIM_PROGRESS_NEVER); /* --progress and --quiet set it for the process */

    must(rc == -1 || rc == 0 || rc == 2, "an exit status other than 0 or 2", &a);
    if (rc == 0)
        must(strncmp(text[0], "usage: pinq-sim", 15) == 0 && !text[1][0], "exit 0 without the help", &a);
    if (rc == 2)
        must(!text[0][0] && (strncmp(text[1], "pinq-sim: ", 10) == 0 || strncmp(text[1], "usage: ", 7) == 0),
             "exit 2 without a message", &a);
    if (rc == -1) {
        must(!text[0][0] && !text[1][0], "output from a command line that runs", &a);
        must(nfiles >= 1 && nfiles < a.argc, "a run without scenario files", &a);
        for (int i = 0; i < nfiles; i++)
            must(fuzz_argv_has(&a, files[i]) && files[i][0] != '-', "a scenario file that is no argument", &a);
        must(!o.plot || nfiles == 1, "--plot with more than one scenario", &a);
        const char *vals[] = {o.plot, o.sweep, o.input, o.duration};
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
            must(!vals[i] || fuzz_argv_has(&a, vals[i]), "an option value that is no argument", &a);
        simt t; /* what load() does with it, minus the scenario */
        if (o.duration)
            (void)sim_parse_time(o.duration, 48e6, &t);
    }
    free(files);
    fuzz_argv_free(&a);
    return 0;
}
