/* rv_timing.S - instruction-exact building blocks for the preemption
 * sweep and the benchmarks. Uncompressed code, so every nop is 4 bytes.
 *
 * void nop_sled(uint32_t n): executes exactly n nops (n <= 1024) plus a
 *   fixed entry and exit, to shift later code by one instruction at a time.
 * ret_stub (and its aliases _push, _pop, _send): a call that costs
 *   exactly one instruction (ret), the baseline subtracted from a measured
 *   call. One name per C prototype that uses it, so LTO sees no
 *   conflicting declarations of one symbol.
 */
    .section .text.rv_timing, "ax"
    .option push
    .option norvc
    .globl nop_sled
    .balign 4
nop_sled:
    la t0, 2f
    slli a0, a0, 2
    sub t0, t0, a0
    jr t0
    .rept 1024
    nop
    .endr
2:  ret

    .globl ret_stub, ret_stub_push, ret_stub_send, ret_stub_pop
    .balign 4
ret_stub:
ret_stub_push:
ret_stub_send:
ret_stub_pop:
    ret
    .option pop
