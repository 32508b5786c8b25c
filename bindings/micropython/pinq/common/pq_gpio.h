/* pq_gpio.h - the backend interface of pinq.GPIO (pq_src_gpio.c): a pin
 * whose interrupt handler feeds a line. Free of MicroPython headers, so a
 * backend compiles against its SDK alone (esp32/pq_esp32_gpio.c); a port
 * without pin interrupts answers PINQ_ENOTSUP (unix/pq_unix_gpio.c). */
#ifndef PQ_GPIO_H
#define PQ_GPIO_H

#include "pq_core.h"

/* One pin feeding one line; lives in the pinq.GPIO object (heap), which
 * the queue keeps alive while the handler is installed. */
typedef struct pq_gpio_bind {
    pq_core_t *core;
    uint16_t line;
    int pin;
} pq_gpio_bind_t;

enum { PQ_PULL_NONE = 0, PQ_PULL_UP = 1, PQ_PULL_DOWN = 2 };

/* Configure the pin as an any-edge interrupt input and install its
 * handler: PINQ_OK, PINQ_EINVAL (no such input pin), PINQ_ESYS or
 * PINQ_ENOTSUP. Main loop. */
int pq_backend_gpio_attach(pq_gpio_bind_t *b, int pull);
void pq_backend_gpio_detach(pq_gpio_bind_t *b);
/* The pin's level now, or -1 if unknown. */
int pq_backend_gpio_level(const pq_gpio_bind_t *b);

#endif
