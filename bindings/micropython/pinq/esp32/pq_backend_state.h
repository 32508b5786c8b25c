/* pq_backend_state.h (ESP32) - per-queue state of the ESP32 backend: the
 * one-shot timer that wakes Python for the input engine's deadlines. */
#ifndef PQ_BACKEND_STATE_H
#define PQ_BACKEND_STATE_H

#include "esp_timer.h"

typedef struct pq_backend_state {
    esp_timer_handle_t timer; /* NULL if it could not be made: drain() still decides on time */
} pq_backend_state_t;

#endif
