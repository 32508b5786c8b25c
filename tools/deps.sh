#!/usr/bin/env bash
# tools/deps.sh - make sure the Debian packages pinq builds and tests with
# are installed. As root: installs what is missing with apt-get. Otherwise:
# prints the exact command to run and fails, so no suite is skipped silently.
set -euo pipefail

# package: what needs it
PKGS=(
  cmake ninja-build gcc make pkg-config   # host build
  libck-dev                        # bench: Concurrency Kit ck_ring, the peer
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi   # Cortex-M targets
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf               # RISC-V target
  qemu-system-arm qemu-system-misc # run the targets with real interrupt controllers
  libinih-dev gnuplot-nox          # pinq-sim: INI scenario files, plots
  spin                             # tools/check-model.sh: model check of the overflow protocol
  doxygen                          # tools/doxygen.sh (test doxygen_api): the API reference, warnings fail it
  libcjson-dev                     # src/trace: the Perfetto JSON exporter, pinq-trace, tests/trace
  libsigrok-dev                    # pinq-replay: sigrok session (.sr) captures (brings libzip-dev)
  clang libclang-rt-dev            # pinq-replay fuzzers: libFuzzer, ASan, UBSan
  libffi-dev python3               # bindings/micropython: MicroPython unix port (its ffi module, its build scripts)
  python3-jsonschema python3-yaml  # manifests checked against their schemas: idf_component.yml (targets/esp32),
                                   # library.json (tests/install; no PlatformIO in Debian)
  arduino-builder arduino-core-avr # tests/install: the Arduino library compiled for AVR boards (brings gcc-avr, avr-libc)
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: missing Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
