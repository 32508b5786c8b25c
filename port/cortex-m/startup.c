/* startup.c - vector table and reset handler for every Cortex-M board.
 *
 * The table holds the 16 architectural exceptions and PINQ_CM_NIRQ
 * external interrupts named irq<N>_isr (board.h gives them device names).
 * Every handler is a weak alias of an "unexpected exception" trap that
 * reports the exception number and exits, so a stray interrupt fails a
 * test instead of hanging it (the port's clock defines its board's vector,
 * pinq_board_clock.h). Reset copies .data, zeroes .bss, starts the time
 * base and runs main(). */
#include <stdint.h>
#include <stdlib.h>

#include "pinq_cortex_m.h"
#include "semihost.h"

#define PINQ_CM_NIRQ 32

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
extern int main(void);
void pinq_cm_board_init(void); /* boards/<board>/board.c */

static void unexpected(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    static const char hex[] = "0123456789abcdef";
    char msg[] = "unexpected exception 0x00\n";
    msg[23] = hex[(ipsr >> 4) & 15];
    msg[24] = hex[ipsr & 15];
    pinq_cm_puts(msg);
    pinq_cm_exit(100 + (int)(ipsr & 0xFF) % 100);
}

#define WEAK_ISR(name) void name(void) __attribute__((weak, alias("unexpected")))
WEAK_ISR(nmi_isr);
WEAK_ISR(hardfault_isr);
WEAK_ISR(svc_isr);
WEAK_ISR(pendsv_isr);
WEAK_ISR(systick_isr); /* the port leaves SysTick alone */
WEAK_ISR(irq0_isr);  WEAK_ISR(irq1_isr);  WEAK_ISR(irq2_isr);  WEAK_ISR(irq3_isr);
WEAK_ISR(irq4_isr);  WEAK_ISR(irq5_isr);  WEAK_ISR(irq6_isr);  WEAK_ISR(irq7_isr);
WEAK_ISR(irq8_isr);  WEAK_ISR(irq9_isr);  WEAK_ISR(irq10_isr); WEAK_ISR(irq11_isr);
WEAK_ISR(irq12_isr); WEAK_ISR(irq13_isr); WEAK_ISR(irq14_isr); WEAK_ISR(irq15_isr);
WEAK_ISR(irq16_isr); WEAK_ISR(irq17_isr); WEAK_ISR(irq18_isr); WEAK_ISR(irq19_isr);
WEAK_ISR(irq20_isr); WEAK_ISR(irq21_isr); WEAK_ISR(irq22_isr); WEAK_ISR(irq23_isr);
WEAK_ISR(irq24_isr); WEAK_ISR(irq25_isr); WEAK_ISR(irq26_isr); WEAK_ISR(irq27_isr);
WEAK_ISR(irq28_isr); WEAK_ISR(irq29_isr); WEAK_ISR(irq30_isr); WEAK_ISR(irq31_isr);
void reset_isr(void);

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) static const vector_t vectors[16 + PINQ_CM_NIRQ] = {
    (vector_t)(uintptr_t)__stack_top, reset_isr, nmi_isr, hardfault_isr,
    unexpected, unexpected, unexpected, 0, 0, 0, 0, /* MemManage, BusFault, UsageFault (v7-M) */
    svc_isr, unexpected, 0, pendsv_isr, systick_isr,
    irq0_isr,  irq1_isr,  irq2_isr,  irq3_isr,  irq4_isr,  irq5_isr,  irq6_isr,  irq7_isr,
    irq8_isr,  irq9_isr,  irq10_isr, irq11_isr, irq12_isr, irq13_isr, irq14_isr, irq15_isr,
    irq16_isr, irq17_isr, irq18_isr, irq19_isr, irq20_isr, irq21_isr, irq22_isr, irq23_isr,
    irq24_isr, irq25_isr, irq26_isr, irq27_isr, irq28_isr, irq29_isr, irq30_isr, irq31_isr,
};

void reset_isr(void)
{
#if defined(__ARM_PCS_VFP)
    /* hard-float code may touch the FPU anywhere: give CP10/CP11 full
     * access before any of it runs (CPACR) */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" : : : "memory");
#endif
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;)
        *d++ = 0;
    pinq_cm_board_init();
    exit(main());
}
