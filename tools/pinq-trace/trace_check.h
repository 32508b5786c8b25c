/* trace_check.h - reads an exported trace back and compares it with the
 * records it came from: the VCD through pinq-replay's strict reader, the
 * JSON through cJSON. Shared by `pinq-trace check` and tests/trace. */
#ifndef PINQ_TRACE_CHECK_H
#define PINQ_TRACE_CHECK_H

#include <stddef.h>

#include "pinq_trace.h"

/* 0 if the VCD text (len bytes) shows every record of t as docs/trace.md
 * says it should; else -1 with the first mismatch in err. */
int trace_check_vcd(const pinq_trace_t *t, const pinq_trace_out_t *out, const char *vcd, size_t len, char *err,
                    size_t errlen);

/* Same for the JSON text (NUL-terminated). */
int trace_check_json(const pinq_trace_t *t, const pinq_trace_out_t *out, const char *json, char *err,
                     size_t errlen);

#endif
