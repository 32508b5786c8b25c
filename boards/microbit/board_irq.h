/* board_irq.h - BBC micro:bit (nRF51822, Cortex-M0) interrupt numbers, as
 * modelled by QEMU: TIMER1/2 (the board timers 0/1; TIMER0, NVIC 8, is the
 * port's clock, pinq_board_clock.h), UART0, and the SWI0/SWI1 software
 * lines. */
#ifndef PINQ_BOARD_IRQ_H
#define PINQ_BOARD_IRQ_H

#define BOARD_UART_RX_IRQ 2
#define BOARD_TIMER0_IRQ 9  /* TIMER1 */
#define BOARD_TIMER1_IRQ 10 /* TIMER2 */
#define board_uart_rx_isr irq2_isr
#define board_timer0_isr irq9_isr
#define board_timer1_isr irq10_isr

#define BOARD_SOFT0_IRQ 20 /* SWI0 */
#define BOARD_SOFT1_IRQ 21 /* SWI1 */
#define board_soft0_isr irq20_isr
#define board_soft1_isr irq21_isr

#endif
