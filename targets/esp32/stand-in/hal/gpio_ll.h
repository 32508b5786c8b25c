/* hal/gpio_ll.h stand-in - ESP-IDF's GPIO low-level header is not in the
 * header subset this machine has (../shared/third_party), so the compile
 * check uses this, written for it: the one function the port calls, with
 * ESP-IDF's signature, as an always-inlined read of the input register
 * (the real one is the same kind of code). A real ESP-IDF build uses
 * ESP-IDF's own header; this file is never part of one. */
#ifndef PINQ_STAND_IN_GPIO_LL_H
#define PINQ_STAND_IN_GPIO_LL_H

#include <stdint.h>

typedef struct gpio_dev_s {
    volatile uint32_t in[2];
} gpio_dev_t;

extern gpio_dev_t GPIO;

__attribute__((always_inline)) static inline int gpio_ll_get_level(gpio_dev_t *hw, uint32_t gpio_num)
{
    return (int)((hw->in[gpio_num >> 5] >> (gpio_num & 31u)) & 1u);
}

#endif
