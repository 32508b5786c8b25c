/* pinq_port_stamp.h (ESP32) - what pinq's core inlines from its port: the
 * ISR stamp is esp_timer's 64-bit microsecond count, so the ring keeps
 * full timestamps. Two cores: the core keeps real fences. */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include "esp_timer.h"
#include "pinq.h"

#define PINQ_PORT_STAMP_BITS 64

static inline pinq_ticks_t pinq_port_stamp(void)
{
    return (pinq_ticks_t)esp_timer_get_time();
}

#endif
