/* replay_vcd.h - a replay as a Value Change Dump for GTKWave or PulseView:
 * per line the wire as captured and, next to it, the level the application
 * saw, changing at each delivered event's timestamp. 1 ns per unit. */
#ifndef REPLAY_VCD_H
#define REPLAY_VCD_H

#include <stddef.h>

#include "replay.h"

/* Wires NAME and NAME_seen per line (spaces in NAME become '_': viewers
 * split names at blanks). 0, or -1 with a message in err. */
int replay_vcd_write(const char *path, const replay_input_t *in, const replay_result_t *r, char *err, size_t len);

#endif
