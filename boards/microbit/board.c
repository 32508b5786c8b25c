/* board.c - micro:bit (nRF51822) board support: 16 MHz clock, UART0
 * (0x40002000), the port's time base on TIMER0 (0x40008000, see
 * pinq_board_clock.h), and the tests' board timers 0/1 on TIMER1/TIMER2
 * (0x40009000, 0x4000A000; NVIC 9, 10) counting at 16 MHz in 32-bit mode.
 * On silicon TIMER1/2 are 16-bit (BITMODE 8 or 16 only): these are
 * test-only helpers for QEMU, which models all three timers 32-bit. */
#include "board.h"

#include "pinq_board_clock.h"
#include "pinq_cortex_m.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define CLOCK_TIMER 0x40008000u                     /* TIMER0 */
#define TIMER_BASE(t) (0x40009000u + 0x1000u * (t)) /* board timer t: TIMER1, TIMER2 */
/* nRF51 TIMER registers of the timer at base address b */
#define TIMER_START(b) REG((b) + 0x000u)
#define TIMER_STOP(b) REG((b) + 0x004u)
#define TIMER_CLEAR(b) REG((b) + 0x00Cu)
#define TIMER_COMPARE(b, n) REG((b) + 0x140u + 4u * (n)) /* EVENTS_COMPARE[n] */
#define TIMER_SHORTS(b) REG((b) + 0x200u)
#define TIMER_INTENSET(b) REG((b) + 0x304u)
#define TIMER_INTENCLR(b) REG((b) + 0x308u)
#define TIMER_MODE(b) REG((b) + 0x504u)
#define TIMER_BITMODE(b) REG((b) + 0x508u)
#define TIMER_PRESCALER(b) REG((b) + 0x510u)
#define TIMER_CC(b, n) REG((b) + 0x540u + 4u * (n))
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

#define CLOCK_ALARM 2u /* CC[2]: compare; CC[0], CC[1]: captures (pinq_board_clock.h) */

void pinq_cm_board_init(void);
void pinq_cm_board_init(void)
{
    pinq_cm_init(CPU_HZ);
}

/* Stop the timer at base b, clear it: a 32-bit timer at 16 MHz, with
 * COMPARE[n] as its only event and interrupt, `shorts` its shortcuts. */
static void timer_setup(uint32_t b, unsigned n, uint32_t shorts)
{
    TIMER_STOP(b) = 1;
    TIMER_INTENCLR(b) = 0xFFFFFFFFu;
    TIMER_CLEAR(b) = 1;
    TIMER_MODE(b) = 0;    /* timer, not counter */
    TIMER_BITMODE(b) = 3; /* 32 bit */
    TIMER_PRESCALER(b) = 0;
    TIMER_SHORTS(b) = shorts;
    TIMER_COMPARE(b, n) = 0;
    TIMER_INTENSET(b) = 1u << (16 + n); /* COMPARE[n] */
}

/* Clear event COMPARE[n] of the timer at base b (the interrupt's ack). */
static void timer_ack(uint32_t b, unsigned n)
{
    TIMER_COMPARE(b, n) = 0;
    (void)TIMER_COMPARE(b, n); /* read back: the write reaches the peripheral before return */
}

void pinq_board_clock_start(void)
{
    timer_setup(CLOCK_TIMER, CLOCK_ALARM, 0);
    TIMER_CC(CLOCK_TIMER, CLOCK_ALARM) = 0xFFFFFFFFu; /* no alarm for now */
    TIMER_START(CLOCK_TIMER) = 1;
}

int pinq_board_clock_alarm(uint32_t ticks)
{
    TIMER_COMPARE(CLOCK_TIMER, CLOCK_ALARM) = 0;
    uint32_t c = pinq_board_clock_read();
    TIMER_CC(CLOCK_TIMER, CLOCK_ALARM) = c + ticks;
    /* the counter may have run past c + ticks while we wrote it: then the
     * compare would only match after a whole wrap */
    return pinq_board_clock_read() - c < ticks;
}

void pinq_board_clock_ack(void)
{
    timer_ack(CLOCK_TIMER, CLOCK_ALARM);
}

int pinq_board_clock_set(uint32_t value)
{
    (void)value;
    return -1; /* the nRF51's counter can only be cleared */
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
    timer_setup(TIMER_BASE(t), 0, SHORT_COMPARE0_CLEAR | (periodic ? 0 : SHORT_COMPARE0_STOP));
    TIMER_CC(TIMER_BASE(t), 0) = ticks;
    TIMER_START(TIMER_BASE(t)) = 1;
}

void board_timer_stop(unsigned t)
{
    TIMER_STOP(TIMER_BASE(t)) = 1;
    TIMER_COMPARE(TIMER_BASE(t), 0) = 0;
}

void board_timer_ack(unsigned t)
{
    timer_ack(TIMER_BASE(t), 0);
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
