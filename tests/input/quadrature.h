/* quadrature.h - test helpers: Gray-code steps and a generated noisy
 * quadrature walk (runs, reversals, glitches), shared by the encoder
 * tests. Phases: bit 1 = A (line LA), bit 0 = B (line LB). */
#ifndef PINQ_TEST_QUADRATURE_H
#define PINQ_TEST_QUADRATURE_H

#include <stdint.h>

enum { LA = 0, LB = 1 };

/* One Gray-code step from phases ab in direction dir: which line moves. */
static inline void step_edge(uint8_t ab, int dir, uint16_t *line, int *level)
{
    static const uint8_t next_cw[4] = {1, 3, 0, 2}; /* 00->01->11->10->00 */
    static const uint8_t next_ccw[4] = {2, 0, 3, 1};
    uint8_t to = dir > 0 ? next_cw[ab] : next_ccw[ab];
    uint8_t diff = ab ^ to;
    *line = diff & 2 ? LA : LB;
    *level = (to & diff) != 0;
}

/* Phases after `line` moved to `level`. */
static inline uint8_t phases_after(uint8_t ab, uint16_t line, int level)
{
    return (uint8_t)(line == LA ? (ab & 1) | (level << 1) : (ab & 2) | level);
}

/* A noisy random walk: runs in one direction with reversals and glitches
 * (an edge and its undo). Calls put(line, level) per edge; returns the net
 * number of steps. */
typedef void (*put_fn)(void *ctx, uint16_t line, int level);

static inline long generate(unsigned seed, unsigned edges, put_fn put, void *ctx)
{
    uint8_t ab = 0;
    long net = 0;
    int dir = 1;
    for (unsigned n = 0; n < edges;) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 16;
        if (r % 64 == 0)
            dir = -dir;
        uint16_t line;
        int level;
        step_edge(ab, dir, &line, &level);
        put(ctx, line, level);
        n++;
        if (r % 7 == 3 && n + 1 < edges) { /* glitch: the edge bounces back and forth once */
            put(ctx, line, !level);
            put(ctx, line, level);
            n += 2;
        }
        ab = phases_after(ab, line, level);
        net += dir;
    }
    return net;
}

#endif
