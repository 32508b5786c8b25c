/* board.h - what target tests and firmware need from a board: CPU clock,
 * two hardware timers, the UART, and the NVIC numbers of their interrupts.
 * One implementation per board (boards/<board>/board.c); the interrupt
 * vector names come from boards/<board>/board_irq.h. */
#ifndef PINQ_BOARD_H
#define PINQ_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "board_irq.h"

uint32_t board_cpu_hz(void);
uint32_t board_timer_hz(void); /* tick rate of the board timers */

/* Timer t (0 or 1) interrupts `ticks` timer ticks from now, once or
 * periodically. board_timer_ack() clears its interrupt (call in the ISR). */
void board_timer_start(unsigned t, uint32_t ticks, bool periodic);
void board_timer_stop(unsigned t);
void board_timer_ack(unsigned t);

/* UART: receive interrupt on (BOARD_UART_RX_IRQ), byte I/O. */
void board_uart_init(void);
int board_uart_getc(void); /* -1 if nothing was received; acknowledges the interrupt */
void board_uart_putc(char c);

#endif
