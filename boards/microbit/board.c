/* board.c - micro:bit (nRF51822) board support: 16 MHz clock, TIMER0/1
 * (0x40008000, 0x40009000) counting at 16 MHz in 32-bit mode, UART0
 * (0x40002000). */
#include "board.h"

#include "pinq_cortex_m.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define TIMER_BASE(t) (0x40008000u + 0x1000u * (t))
#define TIMER_START(t) REG(TIMER_BASE(t) + 0x000u)
#define TIMER_STOP(t) REG(TIMER_BASE(t) + 0x004u)
#define TIMER_CLEAR(t) REG(TIMER_BASE(t) + 0x00Cu)
#define TIMER_COMPARE0(t) REG(TIMER_BASE(t) + 0x140u)
#define TIMER_SHORTS(t) REG(TIMER_BASE(t) + 0x200u)
#define TIMER_INTENSET(t) REG(TIMER_BASE(t) + 0x304u)
#define TIMER_MODE(t) REG(TIMER_BASE(t) + 0x504u)
#define TIMER_BITMODE(t) REG(TIMER_BASE(t) + 0x508u)
#define TIMER_PRESCALER(t) REG(TIMER_BASE(t) + 0x510u)
#define TIMER_CC0(t) REG(TIMER_BASE(t) + 0x540u)
#define SHORT_COMPARE0_CLEAR 1u
#define SHORT_COMPARE0_STOP (1u << 8)

#define UART_STARTRX REG(0x40002000u)
#define UART_STARTTX REG(0x40002008u)
#define UART_RXDRDY REG(0x40002108u)
#define UART_TXDRDY REG(0x4000211Cu)
#define UART_INTENSET REG(0x40002304u)
#define UART_ENABLE REG(0x40002500u)
#define UART_RXD REG(0x40002518u)
#define UART_TXD REG(0x4000251Cu)

#define CPU_HZ 16000000u

void pinq_cm_board_init(void);
void pinq_cm_board_init(void)
{
    pinq_cm_init(CPU_HZ);
}

uint32_t board_cpu_hz(void)
{
    return CPU_HZ;
}

uint32_t board_timer_hz(void)
{
    return CPU_HZ; /* PRESCALER 0 */
}

void board_timer_start(unsigned t, uint32_t ticks, bool periodic)
{
    TIMER_STOP(t) = 1;
    TIMER_CLEAR(t) = 1;
    TIMER_COMPARE0(t) = 0;
    TIMER_MODE(t) = 0;    /* timer, not counter */
    TIMER_BITMODE(t) = 3; /* 32 bit */
    TIMER_PRESCALER(t) = 0;
    TIMER_CC0(t) = ticks;
    TIMER_SHORTS(t) = SHORT_COMPARE0_CLEAR | (periodic ? 0 : SHORT_COMPARE0_STOP);
    TIMER_INTENSET(t) = 1u << 16; /* COMPARE[0] */
    TIMER_START(t) = 1;
}

void board_timer_stop(unsigned t)
{
    TIMER_STOP(t) = 1;
    TIMER_COMPARE0(t) = 0;
}

void board_timer_ack(unsigned t)
{
    TIMER_COMPARE0(t) = 0;
    (void)TIMER_COMPARE0(t); /* read back: the write reaches the peripheral before return */
}

void board_uart_init(void)
{
    UART_ENABLE = 4;
    UART_INTENSET = 1u << 2; /* RXDRDY */
    UART_STARTRX = 1;
    UART_STARTTX = 1;
}

int board_uart_getc(void)
{
    if (!UART_RXDRDY)
        return -1;
    UART_RXDRDY = 0;
    return (int)(UART_RXD & 0xFFu);
}

void board_uart_putc(char c)
{
    UART_TXDRDY = 0;
    UART_TXD = (uint8_t)c;
    while (!UART_TXDRDY) {
    }
}
