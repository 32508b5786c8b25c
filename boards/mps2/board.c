/* board.c - MPS2 AN385/AN386 board support: 25 MHz clock, CMSDK APB
 * timers 0/1 (0x40000000, 0x40001000), CMSDK UART0 (0x40004000). */
#include "board.h"

#include "pinq_cortex_m.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define TIMER_BASE(t) (0x40000000u + 0x1000u * (t))
#define TIMER_CTRL(t) REG(TIMER_BASE(t) + 0x0u)
#define TIMER_VALUE(t) REG(TIMER_BASE(t) + 0x4u)
#define TIMER_RELOAD(t) REG(TIMER_BASE(t) + 0x8u)
#define TIMER_INTCLEAR(t) REG(TIMER_BASE(t) + 0xCu)
#define TIMER_CTRL_EN 1u
#define TIMER_CTRL_IRQEN 8u

#define UART_DATA REG(0x40004000u)
#define UART_STATE REG(0x40004004u)
#define UART_CTRL REG(0x40004008u)
#define UART_INTCLEAR REG(0x4000400Cu)
#define UART_BAUDDIV REG(0x40004010u)
#define UART_STATE_TXFULL 1u
#define UART_STATE_RXFULL 2u

#define CPU_HZ 25000000u

static bool one_shot[2];

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
    return CPU_HZ; /* APB clock = CPU clock on MPS2 */
}

void board_timer_start(unsigned t, uint32_t ticks, bool periodic)
{
    TIMER_CTRL(t) = 0;
    TIMER_INTCLEAR(t) = 1;
    TIMER_RELOAD(t) = ticks;
    TIMER_VALUE(t) = ticks;
    one_shot[t] = !periodic;
    TIMER_CTRL(t) = TIMER_CTRL_EN | TIMER_CTRL_IRQEN;
}

void board_timer_stop(unsigned t)
{
    TIMER_CTRL(t) = 0;
    TIMER_INTCLEAR(t) = 1;
}

void board_timer_ack(unsigned t)
{
    if (one_shot[t])
        TIMER_CTRL(t) = 0; /* CMSDK timers only reload: stop it for one-shot */
    TIMER_INTCLEAR(t) = 1;
}

void board_uart_init(void)
{
    UART_BAUDDIV = 16; /* the minimum the model accepts */
    UART_CTRL = 0xFu;  /* TXEN | RXEN | TXINTEN | RXINTEN (only RX is enabled in the NVIC) */
}

int board_uart_getc(void)
{
    UART_INTCLEAR = 2u;
    if (!(UART_STATE & UART_STATE_RXFULL))
        return -1;
    return (int)(UART_DATA & 0xFFu);
}

void board_uart_putc(char c)
{
    while (UART_STATE & UART_STATE_TXFULL) {
    }
    UART_DATA = (uint8_t)c;
}
