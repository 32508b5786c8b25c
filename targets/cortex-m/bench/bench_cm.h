/* bench_cm.h - what bench_isr_cm.c needs from the FreeRTOS side (built
 * only when the FreeRTOS tarball is available). */
#ifndef PINQ_BENCH_CM_H
#define PINQ_BENCH_CM_H

int freertos_init(void);
void freertos_isr(void);
void freertos_send(void);
void freertos_drain(void);

#endif
