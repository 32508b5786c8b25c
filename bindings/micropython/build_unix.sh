#!/usr/bin/env bash
# build_unix.sh - MicroPython's unix port with pinq's module, in pinq's
# build tree: extracts the MicroPython snapshot once, builds mpy-cross and
# the port (make is incremental: an unchanged tree costs seconds), copies
# the interpreter to <out>.
#   build_unix.sh <snapshot.tar.gz> <work dir> <bindings/micropython> <manifest.py> <out>
set -euo pipefail
tarball=$1 work=$2 modules=$3 manifest=$4 out=$5
jobs=${JOBS:-2}

name=$(tar tzf "$tarball" | sed -n '1s|/.*||p')
top=$work/$name
if [ ! -f "$top/py/mpconfig.h" ]; then
  rm -rf "$work/.extract" && mkdir -p "$work/.extract"
  tar xzf "$tarball" -C "$work/.extract"
  rm -rf "$top" && mv "$work/.extract/$name" "$top" && rmdir "$work/.extract"
fi

step() { # log name, make args...
  local log=$work/$1.log; shift
  if ! make "$@" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "build_unix.sh: make $* failed (whole log: $log)" >&2
    exit 1
  fi
}

step mpy-cross -C "$top/mpy-cross" -j"$jobs"
# frozen_content.c holds a qstr pool made for the module's qstrs of the
# last build: made again, so adding a name to the module never breaks it
rm -f "$top/ports/unix/build-standard/frozen_content.c"
step unix -C "$top/ports/unix" -j"$jobs" MICROPY_PY_BTREE=0 MICROPY_PY_SSL=0 \
  FROZEN_MANIFEST="$manifest" USER_C_MODULES="$modules"
cp "$top/ports/unix/build-standard/micropython" "$out"
