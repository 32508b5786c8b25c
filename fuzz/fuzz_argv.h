/* fuzz_argv.h - a fuzzer's bytes as a command line, for the command-line
 * fuzzers (tools/pinq-sim/fuzz/fuzz_sim_cli.c,
 * tools/pinq-replay/fuzz/fuzz_replay_cli.c): arguments end at a NUL or a
 * newline, at most FUZZ_ARGS of at most FUZZ_ARG_LEN bytes each (the rest
 * is dropped: a longer command line finds nothing new in a parser that
 * reads one argument at a time). Each argument is an allocation of its
 * own, so that ASan sees a read past its end. */
#ifndef FUZZ_ARGV_H
#define FUZZ_ARGV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ARGS 64
#define FUZZ_ARG_LEN 256

typedef struct fuzz_argv {
    int argc;
    char *argv[FUZZ_ARGS + 2]; /* the program's name, the arguments, NULL: as main() is given them */
} fuzz_argv_t;

static inline char *fuzz_arg(const uint8_t *p, size_t n)
{
    char *a = malloc(n + 1);
    if (!a)
        abort();
    memcpy(a, p, n);
    a[n] = '\0';
    return a;
}

static inline void fuzz_argv_split(fuzz_argv_t *a, const char *prog, const uint8_t *data, size_t size)
{
    a->argc = 0;
    a->argv[a->argc++] = fuzz_arg((const uint8_t *)prog, strlen(prog));
    size_t start = 0;
    for (size_t i = 0; i <= size && a->argc <= FUZZ_ARGS; i++) {
        if (i < size && data[i] != '\0' && data[i] != '\n')
            continue;
        if (i < size || i > start) { /* a separator ends an argument, empty or not; the tail only if it has bytes */
            size_t n = i - start;
            a->argv[a->argc++] = fuzz_arg(data + start, n < FUZZ_ARG_LEN ? n : FUZZ_ARG_LEN);
        }
        start = i + 1;
    }
    a->argv[a->argc] = NULL;
}

static inline void fuzz_argv_free(fuzz_argv_t *a)
{
    for (int i = 0; i < a->argc; i++)
        free(a->argv[i]);
    a->argc = 0;
}

/* Whether p is one of the arguments themselves (not a copy). */
static inline int fuzz_argv_has(const fuzz_argv_t *a, const char *p)
{
    for (int i = 1; i < a->argc; i++)
        if (a->argv[i] == p)
            return 1;
    return 0;
}

/* A broken promise: what, and the arguments that broke it; then abort(),
 * which libFuzzer reports and keeps the input of. */
static inline void fuzz_argv_must(const fuzz_argv_t *a, int ok, const char *fuzzer, const char *what)
{
    if (ok)
        return;
    fprintf(stderr, "%s: %s; arguments:", fuzzer, what);
    for (int i = 1; i < a->argc; i++)
        fprintf(stderr, " '%s'", a->argv[i]);
    fprintf(stderr, "\n");
    abort();
}

#endif
