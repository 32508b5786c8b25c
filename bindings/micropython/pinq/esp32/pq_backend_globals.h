/* pq_backend_globals.h (ESP32) - the ESP32 backend adds nothing to
 * `pinq`: its source, pinq.GPIO, is common (common/pq_src_gpio.c). */
#ifndef PQ_BACKEND_GLOBALS_H
#define PQ_BACKEND_GLOBALS_H

#define PQ_BACKEND_GLOBALS

#endif
