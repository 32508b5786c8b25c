#!/usr/bin/env bash
# tools/demo.sh - build and run the doorbell demo: the host version (real
# signals as interrupts), then the same firmware on a Cortex-M3 (NVIC) and
# on a RISC-V rv32 (CLINT) under QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build/host-plain -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/host-plain --target doorbell -j2
echo "=== doorbell on the host: a signal is the interrupt"
./build/host-plain/examples/doorbell/doorbell "$@"

# The same scenario as firmware: a Cortex-M3 (mps2-an385) under QEMU, with
# the presses played by a second hardware timer and the NVIC delivering
# the pin interrupt. Deterministic: -icount makes guest time exact.
cmake -S targets/cortex-m -B build/target-cortex-m -G Ninja >/dev/null
cmake --build build/target-cortex-m --target doorbell_fw_m3 -j2
echo
echo "=== doorbell firmware on a Cortex-M3 under QEMU: the NVIC delivers the pin interrupt"
qemu-system-arm -M mps2-an385 -nographic -monitor none \
  -semihosting-config enable=on,target=native -icount shift=8,sleep=off \
  -kernel build/target-cortex-m/doorbell_fw_m3.elf

# And on RISC-V rv32 (QEMU virt): the CLINT timer plays the presses, the
# machine software interrupt is the pin.
cmake -S targets/riscv -B build/target-riscv -G Ninja >/dev/null
cmake --build build/target-riscv --target doorbell_fw -j2
echo
echo "=== doorbell firmware on RISC-V rv32 under QEMU: CLINT timer presses, software interrupt as the pin"
qemu-system-riscv32 -M virt -bios none -nographic -monitor none \
  -semihosting-config enable=on,target=native -icount shift=8,sleep=off \
  -kernel build/target-riscv/doorbell_fw.elf
