/* board.c - MPS2 AN385/AN386 board support: 25 MHz clock, CMSDK APB
 * timers 0/1 (0x40000000, 0x40001000), CMSDK UART0 (0x40004000), and the
 * port's time base on the CMSDK APB dual timer (0x40002000, see
 * pinq_board_clock.h). */
#include "board.h"

#include "pinq_board_clock.h"
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

/* CMSDK APB dual timer (ARM DDI0479C; QEMU 7.2 hw/timer/cmsdk-apb-dualtimer.c) */
#define DT_LOAD(n) REG(0x40002000u + 0x20u * (n) + 0x00u)   /* n = 0: timer 1, 1: timer 2 */
#define DT_CONTROL(n) REG(0x40002000u + 0x20u * (n) + 0x08u)
#define DT_INTCLR(n) REG(0x40002000u + 0x20u * (n) + 0x0Cu)
#define DT_ONESHOT 1u
#define DT_32BIT 2u
#define DT_INTEN 0x20u
#define DT_PERIODIC 0x40u /* clear: free-running, wraps to 0xFFFFFFFF whatever LOAD is */
#define DT_ENABLE 0x80u

#define CPU_HZ 25000000u

static bool one_shot[2];

void pinq_cm_board_init(void);
void pinq_cm_board_init(void)
{
    pinq_cm_init(CPU_HZ);
}

void pinq_board_clock_start(void)
{
    /* timer 1: the counter, free-running, 32-bit, no interrupt (it resets
     * with INTEN set and 16-bit) */
    DT_CONTROL(0) = DT_32BIT;
    DT_LOAD(0) = 0xFFFFFFFFu; /* free-running: sets the count only; stamp ~VALUE = 0 */
    DT_INTCLR(0) = 1;
    DT_CONTROL(0) = DT_32BIT | DT_ENABLE;
    /* timer 2: the alarm, one-shot, stopped until armed */
    DT_CONTROL(1) = DT_32BIT | DT_ONESHOT | DT_INTEN;
    DT_INTCLR(1) = 1;
}

int pinq_board_clock_alarm(uint32_t ticks)
{
    DT_CONTROL(1) = DT_32BIT | DT_ONESHOT | DT_INTEN; /* stop */
    DT_INTCLR(1) = 1;
    DT_LOAD(1) = ticks;
    DT_CONTROL(1) = DT_32BIT | DT_ONESHOT | DT_INTEN | DT_ENABLE; /* counts `ticks` down to 0 */
    return 1;
}

void pinq_board_clock_ack(void)
{
    DT_INTCLR(1) = 1;
}

int pinq_board_clock_set(uint32_t value)
{
    DT_LOAD(0) = ~value; /* free-running: the count only */
    return 0;
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
