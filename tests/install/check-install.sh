#!/usr/bin/env bash
# check-install.sh - the installed package, as a program outside the tree
# sees it: `cmake --install` of the build into a prefix under the build
# tree, then tests/install/consumer built against that prefix alone, four
# ways (find_package static / shared, pkg-config static / shared), each
# binary run, and each checked to link the library it asked for.
#   check-install.sh <build dir> <source dir> <cmake> <C compiler>
set -euo pipefail
build=$1 src=$2 cmake=$3 cc=$4
work=$build/pkg-install-test
prefix=$work/prefix
rm -rf "$work"
mkdir -p "$work"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

version=$(sed -n 's/^#define PINQ_VERSION_STRING "\([^"]*\)".*/\1/p' "$src/include/pinq.h")
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log"
for f in include/pinq/pinq.h include/pinq/pinq_isr.h include/pinq/pinq_port_stamp.h; do
  [ -f "$prefix/$f" ] && ok "installed $f" || bad "missing $f"
done
libdir=$(dirname "$(find "$prefix" -name libpinq.a | head -1)")
[ -f "$libdir/libpinq.a" ] && ok "libpinq.a" || bad "no libpinq.a"
[ -f "$libdir/libpinq.so" ] && ok "libpinq.so" || bad "no libpinq.so"

# needed <binary>: the shared libraries it names (ELF DT_NEEDED)
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
# check <how> <binary> <shared|static>: runs it, then checks its linkage
check() {
  local how=$1 bin=$2 kind=$3
  if LD_LIBRARY_PATH="$libdir" "$bin" >"$work/$how.out" 2>&1; then ok "$how: ran"; else bad "$how: run"; fi
  cat "$work/$how.out"
  # captured first: grep -q closing a pipe early would fail it (pipefail)
  local libs loads
  libs=$(needed "$bin")
  if [ "$kind" = shared ]; then
    grep -q '^libpinq\.so' <<<"$libs" && ok "$how: NEEDED libpinq.so" || bad "$how: no NEEDED libpinq.so"
    loads=$(LD_LIBRARY_PATH="$libdir" ldd "$bin")
    grep -q "libpinq\.so.* => $libdir/" <<<"$loads" \
      && ok "$how: loads $libdir/libpinq.so" || bad "$how: does not load the installed libpinq.so"
  else
    grep -q '^libpinq' <<<"$libs" && bad "$how: links a shared libpinq" || ok "$how: no shared libpinq"
  fi
}

for kind in static shared; do
  use=OFF; [ $kind = shared ] && use=ON
  d=$work/cmake-$kind
  if "$cmake" -S "$src/tests/install/consumer" -B "$d" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
       -DPINQ_USE_SHARED=$use -DPINQ_WANT_VERSION="$version" >"$d.log" 2>&1 \
     && "$cmake" --build "$d" >>"$d.log" 2>&1; then
    ok "find_package $kind: built"
    check "find_package-$kind" "$d/consumer" $kind
  else
    bad "find_package $kind: build"; cat "$d.log"
  fi
done

# pkg-config sees this prefix only
export PKG_CONFIG_LIBDIR=$libdir/pkgconfig PKG_CONFIG_PATH=
if [ "$(pkg-config --modversion pinq)" = "$version" ]; then ok "pkg-config version $version"; else bad "pkg-config version"; fi
mods="pinq pinq_input pinq_decode"
# shared: the linker prefers libpinq.so; static: -static takes the archives
# and --static adds their private dependencies (-pthread)
if $cc -std=c11 -Wall -Wextra -Werror -I"$src/tests" "$src/tests/install/consumer/consumer.c" -o "$work/pc-shared" \
     $(pkg-config --cflags --libs $mods) 2>"$work/pc-shared.log"; then
  ok "pkg-config shared: built"; check pkg-config-shared "$work/pc-shared" shared
else
  bad "pkg-config shared: build"; cat "$work/pc-shared.log"
fi
if $cc -std=c11 -Wall -Wextra -Werror -static -I"$src/tests" "$src/tests/install/consumer/consumer.c" -o "$work/pc-static" \
     $(pkg-config --static --cflags --libs $mods) 2>"$work/pc-static.log"; then
  ok "pkg-config static: built"; check pkg-config-static "$work/pc-static" static
else
  bad "pkg-config static: build"; cat "$work/pc-static.log"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
