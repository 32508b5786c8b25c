/* replay_main.c - runs a libFuzzer target's LLVMFuzzerTestOneInput over
 * files and directories of inputs, without libFuzzer: the kept crashers
 * and the seeds, built by the host compiler in every host suite (plain,
 * ASan+UBSan, TSan). Exit status 0 if every input passed; a failing
 * input aborts, as under the fuzzer. */
#define _POSIX_C_SOURCE 200809L /* _exit, readdir */
#include <dirent.h>
#include <signal.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fprintf(stderr, "%s: %zu bytes\n", path, n);
    uint8_t *copy = malloc(n ? n : 1); /* its own allocation: ASan sees reads past the end */
    if (!copy)
        return 1;
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    return 0;
}

/* FUZZ_REPLAY_ABORT_EXIT set: a failing input exits with status 3 instead
 * of dying of SIGABRT, so CTest can expect the failure (WILL_FAIL). */
static void exit_3(int sig)
{
    (void)sig;
    _exit(3);
}

int main(int argc, char **argv)
{
    if (getenv("FUZZ_REPLAY_ABORT_EXIT"))
        signal(SIGABRT, exit_3);
    int failed = 0, ran = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]), ran++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        for (struct dirent *e; d && (e = readdir(d));) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
                failed |= run_file(path), ran++;
        }
        if (d)
            closedir(d);
    }
    printf("%d inputs\n", ran);
    return failed || ran == 0;
}
