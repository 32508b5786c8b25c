/* pq_backend_globals.h (unix) - what the unix backend adds to `pinq`:
 * sources that arrive asynchronously (POSIX signals; a generator thread
 * driving a simulated pin) and the signal numbers. */
#ifndef PQ_BACKEND_GLOBALS_H
#define PQ_BACKEND_GLOBALS_H

#include <signal.h>

extern const mp_obj_type_t pq_signal_type;
extern const mp_obj_type_t pq_sim_type;
MP_DECLARE_CONST_FUN_OBJ_1(pq_sigrt_obj);

#define PQ_BACKEND_GLOBALS                                                                                 \
    {MP_ROM_QSTR(MP_QSTR_Signal), MP_ROM_PTR(&pq_signal_type)},                                           \
        {MP_ROM_QSTR(MP_QSTR_Sim), MP_ROM_PTR(&pq_sim_type)},                                             \
        {MP_ROM_QSTR(MP_QSTR_sigrt), MP_ROM_PTR(&pq_sigrt_obj)},                                          \
        {MP_ROM_QSTR(MP_QSTR_SIGUSR1), MP_ROM_INT(SIGUSR1)}, {MP_ROM_QSTR(MP_QSTR_SIGUSR2), MP_ROM_INT(SIGUSR2)},

#endif
