/* pq_time.c - port ticks (pinq timestamps) and MicroPython's time units. */
#include "py/mphal.h"
#include "py/smallint.h"

#include "pq_obj.h"

uint32_t pq_ms_to_ticks(mp_int_t ms, const char *what)
{
    uint64_t ticks = (uint64_t)ms * pinq_port_ticks_per_sec() / 1000u;
    if (ms < 0 || ticks > UINT32_MAX)
        pq_raise(PINQ_EINVAL, what);
    return (uint32_t)ticks;
}

/* ticks_us of the port clock: the same clock as time.ticks_us() on the
 * unix port (CLOCK_MONOTONIC) and ESP32 (esp_timer), wrapped the same way. */
mp_obj_t pq_ticks_us(pinq_ticks_t ts)
{
    uint64_t us = ts / (pinq_port_ticks_per_sec() / 1000000u);
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)(us & (MICROPY_PY_TIME_TICKS_PERIOD - 1)));
}

/* Back from ticks_us: the value is taken as lying within half a ticks
 * period of now (time.ticks_diff's rule). */
pinq_ticks_t pq_ticks_from_us(mp_int_t us)
{
    pinq_ticks_t now = pinq_port_now();
    uint32_t per_us = pinq_port_ticks_per_sec() / 1000000u;
    mp_int_t now_us = MP_OBJ_SMALL_INT_VALUE(pq_ticks_us(now));
    mp_int_t diff = ((now_us - us + MICROPY_PY_TIME_TICKS_PERIOD / 2) & (MICROPY_PY_TIME_TICKS_PERIOD - 1)) -
                    MICROPY_PY_TIME_TICKS_PERIOD / 2;
    return now - (pinq_ticks_t)((int64_t)diff * per_us);
}
