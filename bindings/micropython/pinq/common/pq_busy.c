/* pq_busy.c - pinq._busy(ms): a main loop stuck in one C call.
 *
 * Nothing Python-side runs meanwhile: no scheduled callback, no pending
 * exception check, like a driver call or a blocking flash write. The
 * side-by-side test uses it to compare per-edge micropython.schedule()
 * with pinq under the same stall. On unix it sleeps (the CPU is left to
 * the edge generator); elsewhere it spins. */
#include "py/mphal.h"

#include "pq_obj.h"

#if defined(__unix__)
#include <errno.h>
#include <time.h>

static void pq_stall(mp_int_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
    }
}
#else
static void pq_stall(mp_int_t ms)
{
    mp_uint_t start = mp_hal_ticks_us();
    while (mp_hal_ticks_us() - start < (mp_uint_t)ms * 1000u) {
    }
}
#endif

static mp_obj_t pq_busy(mp_obj_t ms_in)
{
    mp_int_t ms = mp_obj_get_int(ms_in);
    if (ms < 0 || ms > 60000)
        pq_raise(PINQ_EINVAL, "ms must be 0 to 60000");
    pq_stall(ms);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_busy_obj, pq_busy);
