#!/usr/bin/env bash
# tools/doxygen.sh OUTDIR - build the HTML API reference of the public
# headers into OUTDIR/html with docs/Doxyfile; exits non-zero on any
# Doxygen warning (an undocumented function, type, macro, enum value or
# field, or a malformed comment). The host suite runs it as `doxygen_api`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tools/doxygen.sh OUTDIR}
command -v doxygen >/dev/null || { echo "doxygen_api: doxygen is not installed (tools/deps.sh)" >&2; exit 1; }
mkdir -p "$out"

# The headers an application includes: include/*.h, and the ports' API
# headers listed here, each taken when it exists (a port may be absent
# from a checkout). A port's internal headers (pinq_port_stamp.h, register
# maps) are not API. Every header listed must be fully documented:
# pinq_posix.h and pinq_cortex_m.h join the list once each of their
# functions has its comment (pinq_posix_bind_wake; pinq_cm_irq_enable,
# pinq_cm_irq_pend and the pinq_cm_oneshot_* after init lack one).
inputs=(include/*.h)
for h in port/freertos/pinq_freertos.h port/esp-idf/*.h; do
  [ -f "$h" ] && [ "$(basename "$h")" != pinq_port_stamp.h ] && inputs+=("$h")
done

log="$out/warnings.log"
rc=0
{ cat docs/Doxyfile
  echo "INPUT = ${inputs[*]}"
  echo "OUTPUT_DIRECTORY = $out"
  echo "WARN_LOGFILE = $log"
} | doxygen - || rc=$?
if [ -s "$log" ] || [ $rc -ne 0 ]; then
  cat "$log" >&2 || true
  echo "doxygen_api: $(grep -c . "$log" 2>/dev/null || echo 0) warnings (rc $rc); 0 passed, 1 failed"
  exit 1
fi
echo "doxygen_api: ${#inputs[@]} headers, reference in $out/html/index.html; 1 passed, 0 failed"
