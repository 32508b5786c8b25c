# Makefile - the two quick-start commands. Everything else is CMake.
#   make demo   build and run the doorbell demo (host, then the Cortex-M firmware under QEMU)
#   make test   the whole test suite: host plain/ASan/TSan and every target under QEMU
#   make bench  benchmarks (printed, never asserted); make stress: 10^8-event stress runs
#   make fuzz   every fuzzer (capture readers, ring, configurations, pinq-sim and pinq-replay inputs: docs/fuzzing.md), FUZZ_SECONDS (600) each
.PHONY: demo test bench stress fuzz clean

FUZZ_SECONDS ?= 600

demo:
	tools/demo.sh

test:
	tools/run-tests.sh

bench:
	tools/deps.sh
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build/bench --target bench

stress:
	tools/deps.sh
	cmake -S . -B build/host-plain -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build/host-plain --target stress

fuzz:
	tools/deps.sh
	cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPINQ_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	cmake --build build/fuzz --target fuzz

clean:
	rm -rf build
