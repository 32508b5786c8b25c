/* uart16550.c - polled TX, interrupt-driven RX on the NS16550A. */
#include "uart16550.h"
#include "virt.h"

#define RBR 0u /* receive buffer / transmit holding (DLAB=0) */
#define IER 1u
#define FCR 2u
#define LCR 3u
#define MCR 4u
#define LSR 5u
#define LSR_DR 0x01u
#define LSR_THRE 0x20u
#define MCR_OUT2 0x08u /* routes the interrupt on PC-style boards */
#define MCR_LOOP 0x10u

#define UREG(r) VIRT_REG8(VIRT_UART0 + (r))

void uart_init(bool loopback)
{
    UREG(IER) = 0;
    UREG(LCR) = 0x80; /* DLAB: divisor 1 (the model ignores baud rate) */
    UREG(RBR) = 1;
    UREG(IER) = 0;
    UREG(LCR) = 0x03;  /* 8N1 */
    UREG(FCR) = 0x07;  /* FIFOs on and cleared, RX trigger at 1 byte */
    UREG(MCR) = (uint8_t)(MCR_OUT2 | (loopback ? MCR_LOOP : 0u));
    while (UREG(LSR) & LSR_DR)
        (void)UREG(RBR);
    UREG(IER) = 0x01; /* received data available */
}

bool uart_rx_ready(void)
{
    return (UREG(LSR) & LSR_DR) != 0;
}

uint8_t uart_rx(void)
{
    return UREG(RBR);
}

void uart_tx(uint8_t c)
{
    while (!(UREG(LSR) & LSR_THRE))
        ;
    UREG(RBR) = c;
}
