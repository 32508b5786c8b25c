#!/usr/bin/env bash
# tools/demo.sh - build and run the doorbell demo: the host version (real
# signals), then the Cortex-M firmware under QEMU (real NVIC) when built.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build/host-plain -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/host-plain --target doorbell -j2
echo "=== doorbell on the host: a signal is the interrupt"
./build/host-plain/examples/doorbell/doorbell "$@"
