#!/usr/bin/env bash
# check_esp32.sh - the ESP32 build of the module checked as far as this
# machine can: there is no Xtensa toolchain, so host gcc -fsyntax-only
# against ESP-IDF's headers (picolibc, IDF's default C library), with
# -Wall -Wextra -Werror, on every file of pinq/micropython.cmake that needs
# no MicroPython header: the GPIO backend, the port hooks, and pinq's core
# and input engine seeing the ESP32 stamp header. The files that include
# MicroPython (common/) are the ones the unix build compiles and tests;
# micropython.cmake and micropython.mk must list the same of them.
#   check_esp32.sh <esp-idf headers .tar.gz> <work dir> <pinq root>
set -euo pipefail
tarball=$1 work=$2 root=$3
mod=$root/bindings/micropython/pinq
libc=/usr/lib/picolibc/riscv64-unknown-elf/include
if [ ! -d "$libc" ]; then
  echo "SKIP: no picolibc headers ($libc: Debian picolibc-riscv64-unknown-elf)"
  exit 77
fi

for f in "$mod"/common/*.c; do
  b=$(basename "$f")
  grep -q "$b" "$mod/micropython.mk" || { echo "FAIL: $b missing from micropython.mk"; exit 1; }
  grep -q "common/$b" "$mod/micropython.cmake" || { echo "FAIL: $b missing from micropython.cmake"; exit 1; }
done

name=$(tar tzf "$tarball" | sed -n '1s|/.*||p')
idf=$work/$name
[ -f "$idf/include_dirs.txt" ] || tar xzf "$tarball" -C "$work"
flags=(-std=gnu11 -fsyntax-only -Wall -Wextra -Werror -nostdinc -isystem "$(gcc -print-file-name=include)"
       -isystem "$libc" -D__XTENSA__ -isystem "$idf/config")
while read -r dir; do flags+=(-isystem "$idf/components/$dir"); done <"$idf/include_dirs.txt"
flags+=(-I"$mod/esp32" -I"$mod/common" -I"$root/include" -I"$root/src")

n=0
for f in "$mod"/esp32/*.c "$root"/src/pinq_ring.c "$root"/src/pinq_line.c "$root"/src/pinq_dispatch.c \
         "$root"/src/input/*.c; do
  gcc "${flags[@]}" "$f"
  n=$((n + 1))
done
echo "PASS: $n files compile against ESP-IDF's ESP32 headers (syntax only, never run)"
