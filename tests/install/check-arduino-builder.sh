#!/usr/bin/env bash
# check-arduino-builder.sh - the Arduino library as the Arduino build
# consumes it: tools/arduino-export.sh makes the library folder, then
# arduino-builder (Debian's, with Debian's AVR core) reads its
# library.properties (its version must show), finds it from the sketch's includes and compiles and
# links examples/arduino/ButtonClicks for an Arduino Mega 2560, and for an
# Uno with the queue's optional parts left out (the whole program does not
# fit the Uno's 32 KB otherwise). Compiled and linked only: nothing runs.
#   check-arduino-builder.sh <source dir> <work dir> [<PINQ_REQUIRE_ALL>]
# Without arduino-builder: exit 77 (skipped), or 1 if PINQ_REQUIRE_ALL is ON.
set -euo pipefail
src=$1 work=$2 require=${3:-OFF}
core=/usr/share/arduino/hardware
if ! command -v arduino-builder >/dev/null || [ ! -d "$core/arduino/avr" ]; then
  echo "arduino-builder or arduino-core-avr missing (tools/deps.sh installs them)"
  [ "$require" = ON ] && exit 1
  exit 77
fi
rm -rf "$work"
mkdir -p "$work/tools" "$work/libraries"
"$src/tools/arduino-export.sh" "$work/libraries" >/dev/null
cp -r "$src/examples/arduino/ButtonClicks" "$work/"
version=$(sed -n 's/^#define PINQ_VERSION_STRING "\([^"]*\)".*/\1/p' "$src/include/pinq.h")
passed=0 failed=0
build() { # name fqbn C-flags
  local out=$work/build-$1
  mkdir -p "$out"
  # Debian's AVR core (1.8.7) does not compile with its avr-libc, which
  # lacks DECIMAL_DIG (WString.cpp): given here, for the core's sake only.
  if arduino-builder -compile -hardware "$core" -hardware /usr/share/arduino-builder -tools "$work/tools" \
       -fqbn "$2" -libraries "$work/libraries" -build-path "$out" -warnings default -verbose \
       -prefs "compiler.cpp.extra_flags=-DDECIMAL_DIG=17" -prefs "compiler.c.extra_flags=$3" \
       "$work/ButtonClicks/ButtonClicks.ino" >"$out.log" 2>&1 && [ -f "$out/ButtonClicks.ino.hex" ] \
     && grep -q "Using library pinq at version $version" "$out.log"; then
    passed=$((passed + 1)); echo "ok: $1 ($2): $(grep 'Sketch uses' "$out.log")"
  else
    failed=$((failed + 1)); echo "FAILED: $1 ($2)"; cat "$out.log"
  fi
}
build mega arduino:avr:mega:cpu=atmega2560 ""
build uno arduino:avr:uno "-DPINQ_CFG_MPSC=0 -DPINQ_CFG_CALLS=0"
echo "arduino_builder: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
