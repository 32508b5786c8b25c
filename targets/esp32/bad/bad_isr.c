/* bad_isr.c - an IRAM handler that calls a function left in flash and
 * reads a constant in flash, as a missing IRAM_ATTR or DRAM_ATTR makes
 * one: check_iram.py must report both (the esp32c3_isr_in_iram_catches_flash
 * test expects it to fail). Compiled, never linked. */
#include "esp_attr.h"

int bad_isr_count(int x);
void bad_isr(void *arg);

static const char *const names[] = {"rise", "fall", "level", "resync"};

int __attribute__((noinline)) bad_isr_count(int x)
{
    return x + 1;
}

void IRAM_ATTR bad_isr(void *arg)
{
    volatile const char *n = names[*(int *)arg & 3];
    *(int *)arg = bad_isr_count(n[0]);
}
