/* uart16550.h - QEMU virt's NS16550A UART0 (PLIC source 10). */
#ifndef UART16550_H
#define UART16550_H

#include <stdbool.h>
#include <stdint.h>

/* 8N1, FIFOs on (RX interrupt at 1 byte), RX-data interrupt enabled.
 * loopback: bytes written are received by the UART itself. */
void uart_init(bool loopback);
bool uart_rx_ready(void);
uint8_t uart_rx(void);
void uart_tx(uint8_t c);

#endif
