#!/usr/bin/env bash
# check_esp32_syntax.sh - the classic ESP32 (Xtensa) half of targets/esp32:
# no Xtensa compiler exists here, so the host gcc checks each file's syntax
# and types against the ESP32 header subset, as 32-bit freestanding code
# with picolibc's headers (../shared/README.md), with -Wall -Wextra -Werror.
#   check_esp32_syntax.sh GCC STAMP FLAGS... -- FILES...
set -euo pipefail
gcc=$1 stamp=$2
shift 2
flags=()
while [ "$1" != "--" ]; do flags+=("$1"); shift; done
shift
libc=/usr/lib/picolibc/riscv64-unknown-elf/include # target-independent picolibc headers
base=(-std=gnu11 -fsyntax-only -m32 -ffreestanding -nostdinc -isystem "$("$gcc" -print-file-name=include)"
      -isystem "$libc" -D__XTENSA__=1 -Wall -Wextra -Werror
      -Werror=implicit-function-declaration -Werror=incompatible-pointer-types
      -I"$(dirname "$0")/stand-in")
for f in "$@"; do
  "$gcc" "${base[@]}" "${flags[@]}" "$f"
done
echo "ESP32 (Xtensa): $# files pass -fsyntax-only against ESP-IDF's headers (never compiled to code)"
touch "$stamp"
