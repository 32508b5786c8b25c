# toolchain-esp32c3.cmake - Debian's riscv64-unknown-elf-gcc compiling for
# the ESP32-C3 (rv32imc, no atomics extension) with picolibc's headers,
# ESP-IDF's default C library. Objects only: nothing is linked, since
# ESP-IDF's libraries are not here.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_C_FLAGS_INIT "-march=rv32imc_zicsr_zifencei -mabi=ilp32 --specs=picolibc.specs -ffunction-sections -fdata-sections")
