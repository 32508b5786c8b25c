#!/usr/bin/env bash
# tools/arduino-export.sh - make the Arduino library folder (1.5 format)
# from this repository, whose layout (include/, src/ with subfolders,
# port/<name>/) the Arduino builder cannot use as it is: it compiles a
# library's src/ recursively but puts only src/ itself on the include path.
# So everything the Arduino build needs is copied flat into <out>/pinq/src:
# the public headers, the core and its internal headers, the input engine,
# the decoders, the Arduino port, and the ARMv6-M atomics (Cortex-M0+
# boards; empty elsewhere). library.properties and the examples go beside.
#   tools/arduino-export.sh <out dir>   (default: build/arduino)
# Then: copy <out>/pinq into the sketchbook's libraries/ folder, or give
# <out> to arduino-builder / arduino-cli with --libraries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/arduino}
lib=$out/pinq
rm -rf "$lib"
mkdir -p "$lib/src" "$lib/examples"
cp "$root/library.properties" "$lib/"
cp "$root"/include/pinq.h "$root"/include/pinq_isr.h "$root"/include/pinq_ring_inline.h "$root"/include/pinq_input.h "$root"/include/pinq_keys.h "$root"/include/pinq_decode.h \
   "$root"/src/*.c "$root"/src/*.h "$root"/src/input/*.c "$root"/src/input/*.h \
   "$root"/src/decode/*.c "$root"/src/decode/*.h "$root"/port/arduino/* "$root"/port/cortex-m/atomic_v6m.c "$lib/src/"
cp -r "$root"/examples/arduino/* "$lib/examples/"
echo "$lib"
