#!/usr/bin/env bash
# run_test.sh - run one MicroPython test script with the built interpreter
# and compare its output with the .exp file beside it, as MicroPython's
# own tests do. Lines starting with '# ' are figures (rates, latencies):
# shown, never compared.
#   run_test.sh <micropython> <test.py>
set -uo pipefail
exe=$1 py=$2
exp=${py%.py}.exp
out=$(cd "$(dirname "$py")" && timeout 120 "$exe" "$(basename "$py")" 2>&1)
rc=$?
printf '%s\n' "$out" | grep '^# ' || true
if [ "$rc" -ne 0 ]; then
  printf '%s\n' "$out"
  echo "FAIL: $(basename "$py") exited with status $rc"
  exit 1
fi
if ! diff -u "$exp" <(printf '%s\n' "$out" | grep -v '^# '); then
  echo "FAIL: $(basename "$py") output differs from $(basename "$exp")"
  exit 1
fi
echo "PASS: $(basename "$py")"
