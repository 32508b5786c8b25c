/* board_irq.h - ARM MPS2 AN385 (Cortex-M3) / AN386 (Cortex-M4) interrupt
 * numbers, as modelled by QEMU: CMSDK APB timers and UART0. */
#ifndef PINQ_BOARD_IRQ_H
#define PINQ_BOARD_IRQ_H

#define BOARD_UART_RX_IRQ 0
#define BOARD_TIMER0_IRQ 8
#define BOARD_TIMER1_IRQ 9
#define board_uart_rx_isr irq0_isr
#define board_timer0_isr irq8_isr
#define board_timer1_isr irq9_isr

/* Two software-pended interrupts no peripheral drives here (QEMU 7.2
 * hw/arm/mps2.c leaves I2S, 14, unconnected, and Ethernet, 13, idle without
 * a network). NVIC 10, the dual timer, is the port's clock
 * (pinq_board_clock.h). */
#define BOARD_SOFT0_IRQ 14
#define BOARD_SOFT1_IRQ 13
#define board_soft0_isr irq14_isr
#define board_soft1_isr irq13_isr

#endif
