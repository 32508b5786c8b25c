# Makefile - the two quick-start commands. Everything else is CMake.
#   make demo   build and run the doorbell demo (host, then the Cortex-M firmware under QEMU)
#   make test   the whole test suite: host plain/ASan/TSan and every target under QEMU
#   make bench  benchmarks (printed, never asserted); make stress: 10^8-event stress runs
.PHONY: demo test bench stress clean

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

clean:
	rm -rf build
