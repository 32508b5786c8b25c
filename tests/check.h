/* check.h - the tests' assertion macros and closing line.
 * Each CHECK counts a pass or a failure; a failure prints where and why.
 * check_done() prints "N passed, N failed" and gives the exit status. */
#ifndef PINQ_CHECK_H
#define PINQ_CHECK_H

#include <inttypes.h>
#include <stdio.h>

static unsigned check_pass, check_fail;

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (cond) {                                                           \
            check_pass++;                                                     \
        } else {                                                              \
            check_fail++;                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                     \
    } while (0)

#define CHECK_EQ(a, b)                                                                          \
    do {                                                                                        \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                   \
        if (va_ == vb_) {                                                                       \
            check_pass++;                                                                       \
        } else {                                                                                \
            check_fail++;                                                                       \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, %s == %lld\n", __FILE__, __LINE__, \
                    #a, va_, #b, vb_);                                                          \
        }                                                                                       \
    } while (0)

static inline int check_done(const char *name)
{
    printf("%s: %u passed, %u failed\n", name, check_pass, check_fail);
    return check_fail != 0 || check_pass == 0;
}

#endif
