/* riscv_csr.h - machine-mode CSR access and the bits the port uses. */
#ifndef RISCV_CSR_H
#define RISCV_CSR_H

#include <stdint.h>

#define MSTATUS_MIE 0x8u
#define MIP_MSIP (1u << 3) /* machine software interrupt (CLINT MSIP) */
#define MIP_MTIP (1u << 7) /* machine timer interrupt (CLINT mtimecmp) */
#define MIP_MEIP (1u << 11) /* machine external interrupt (PLIC) */

#define MCAUSE_IRQ 0x80000000u
#define IRQ_M_SOFT 3u
#define IRQ_M_TIMER 7u
#define IRQ_M_EXT 11u

/* Statement expressions are a GNU extension: port code is not -pedantic. */
#define csr_read(csr)                                     \
    __extension__({                                       \
        uint32_t v_;                                      \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_)::"memory"); \
        v_;                                               \
    })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"rK"(v) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"rK"(v) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"rK"(v) : "memory")
/* Clear bits and return the old value, in one instruction. */
#define csr_read_clear(csr, v)                                                   \
    __extension__({                                                              \
        uint32_t v_;                                                             \
        __asm__ volatile("csrrc %0, " #csr ", %1" : "=r"(v_) : "rK"(v) : "memory"); \
        v_;                                                                      \
    })

#endif
