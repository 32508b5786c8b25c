# toolchain-riscv32.cmake - Debian's riscv64-unknown-elf-gcc building
# rv32imac / ilp32 machine-mode firmware for QEMU `virt`, with picolibc.
#
# Why -misa-spec=2.2 instead of -march=rv32imac_zicsr: both emit the same
# instructions (2.2 counts Zicsr as part of I), but only the plain
# "rv32imac" spelling selects the rv32imac/ilp32 multilib of libgcc and
# picolibc; "_zicsr" silently falls back to the rv64 default libraries.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(PINQ_RV_ARCH "-march=rv32imac -misa-spec=2.2 -mabi=ilp32 -mcmodel=medany")
set(CMAKE_C_FLAGS_INIT "${PINQ_RV_ARCH} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${PINQ_RV_ARCH}")
# the link line also carries CMAKE_C_FLAGS (arch, specs): add only the rest
set(CMAKE_EXE_LINKER_FLAGS_INIT "--oslib=semihost -nostartfiles -Wl,--gc-sections")

find_program(PINQ_RV_SIZE riscv64-unknown-elf-size)
find_program(PINQ_RV_OBJDUMP riscv64-unknown-elf-objdump)
