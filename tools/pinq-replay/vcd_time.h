/* vcd_time.h - VCD time: the $timescale, the sample rate sigrok writes in
 * its $comment, and time stamps to sample numbers. */
#ifndef PINQ_REPLAY_VCD_TIME_H
#define PINQ_REPLAY_VCD_TIME_H

#include <stddef.h>
#include <stdint.h>

/* How time stamps become samples: one timescale unit is a/b samples
 * (a <= b: a unit is never longer than a sample period). */
typedef struct vcd_clock {
    uint64_t a, b;
    uint64_t hz; /* the sample rate */
} vcd_clock_t;

/* Rates above this are refused: no logic analyzer samples at a PHz, and
 * the bound keeps vcd_clock_sample()'s products inside 128 bits. */
#define VCD_MAX_HZ 1000000000000000ULL

/* Reads a $timescale's text: 1, 10 or 100, then s, ms, us, ns, ps or fs,
 * with or without a space between. The unit is mult * 10^-exp10 s.
 * Returns 0, or -1 if the text is anything else. */
int vcd_timescale_parse(const char *s, size_t len, unsigned *mult, unsigned *exp10);

/* Reads the rate from a $comment in sigrok's form "Acquisition with N/M
 * channels at R" (R as sr_samplerate_string() writes it: "2 MHz",
 * "31.5 kHz"). Returns 1 with *hz set; 0 if the comment is not that
 * (or sigrok knew no rate); -1 if it is, with a rate we cannot read. */
int vcd_sigrok_rate(const char *s, size_t len, uint64_t *hz);

/* Sets up k for a timescale of mult * 10^-exp10 s and a sample rate hz;
 * hz = 0 means the timescale unit is the sample period. Returns NULL, or
 * why the pair is unusable. */
const char *vcd_clock_init(vcd_clock_t *k, unsigned mult, unsigned exp10, uint64_t hz);

enum vcd_sample_status { VCD_SAMPLE_OK, VCD_SAMPLE_OFF_GRID, VCD_SAMPLE_RANGE };

/* The sample time stamp t (in timescale units) falls on: the nearest one,
 * which must lie within half a timescale unit of t (sigrok rounds each
 * sample's time to the unit; anything further is not a sample time). */
enum vcd_sample_status vcd_clock_sample(const vcd_clock_t *k, uint64_t t, uint64_t *sample);

#endif
