/* start.S - reset entry and the trap vector of the rv32 machine-mode port.
 *
 * _start: hart 0 only (others park in wfi), sets gp (linker relaxation),
 * sp, tp (picolibc keeps errno in TLS), copies .data and .tdata from their
 * load image, zeroes .bss and .tbss, installs the trap vector and calls
 * main(); main's return value leaves QEMU through semihosting exit.
 *
 * riscv_trap_entry: saves the caller-saved registers plus mepc and
 * mstatus, so a handler may set mstatus.MIE again to let higher-priority
 * sources preempt it (riscv_irq_nest_begin); interrupts are masked again
 * before mepc/mstatus are restored for mret.
 */
    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    csrr t0, mhartid
    bnez t0, park
    la sp, __stack_top
    la tp, __tls_base
    csrw mie, zero
    csrci mstatus, 8

    la a0, __data_start
    la a1, __data_load
    la a2, __data_end
    call copy_words
    la a0, __tdata_start
    la a1, __tdata_load
    la a2, __tdata_end
    call copy_words
    la a0, __bss_start
    la a2, __bss_end
    call zero_words
    la a0, __tbss_start
    la a2, __tbss_end
    call zero_words

    la t0, riscv_trap_entry
    csrw mtvec, t0
    call main
    call riscv_exit
park:
    wfi
    j park

/* copy [a1..) to [a0, a2) word by word (the linker script aligns to 4) */
copy_words:
    bgeu a0, a2, 2f
1:  lw t0, 0(a1)
    sw t0, 0(a0)
    addi a0, a0, 4
    addi a1, a1, 4
    bltu a0, a2, 1b
2:  ret

/* zero [a0, a2) */
zero_words:
    bgeu a0, a2, 2f
1:  sw zero, 0(a0)
    addi a0, a0, 4
    bltu a0, a2, 1b
2:  ret

/* ---- trap vector (mtvec direct mode: 4-byte aligned) ---------------- */
    .equ FRAME, 80
    .section .text.trap, "ax"
    .balign 4
    .globl riscv_trap_entry
riscv_trap_entry:
    addi sp, sp, -FRAME
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    csrr a0, mcause
    csrr a1, mepc
    csrr t0, mstatus
    sw a1, 64(sp)
    sw t0, 68(sp)
    call riscv_trap          /* riscv_trap(mcause, mepc) */
    csrci mstatus, 8         /* a nesting handler may have left MIE set */
    lw t0, 68(sp)
    csrw mstatus, t0         /* MPIE/MPP of this trap, not of a nested one */
    lw a1, 64(sp)
    csrw mepc, a1
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, FRAME
    mret

/* ---- semihosting: uint32_t riscv_semihost(uint32_t op, void *arg) -----
 * QEMU recognises exactly this uncompressed three-instruction sequence;
 * the 16-byte alignment keeps it within one page. */
    .section .text.semihost, "ax"
    .balign 16
    .globl riscv_semihost
riscv_semihost:
    .option push
    .option norvc
    slli zero, zero, 0x1f
    ebreak
    srai zero, zero, 7
    .option pop
    ret
