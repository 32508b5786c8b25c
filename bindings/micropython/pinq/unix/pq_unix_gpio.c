/* pq_unix_gpio.c - pinq.GPIO on the unix port: there are no pin
 * interrupts to bind. Signals, the edge generator and polling stand in
 * (pinq.Signal, pinq.Sim, pinq.Poll). */
#include "pq_gpio.h"

int pq_backend_gpio_attach(pq_gpio_bind_t *b, int pull)
{
    (void)b;
    (void)pull;
    return PINQ_ENOTSUP;
}

void pq_backend_gpio_detach(pq_gpio_bind_t *b)
{
    (void)b;
}

int pq_backend_gpio_level(const pq_gpio_bind_t *b)
{
    (void)b;
    return -1;
}
