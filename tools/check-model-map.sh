#!/usr/bin/env bash
# tools/check-model-map.sh - every step label c_<name> of the Spin model
# (model/*.pml) stands for a C statement, which carries the comment
# "/* model: c_<name> */" (several names may share one comment). Lists the
# labels without a C statement and the comments without a label; exits 1
# if there is either.
set -euo pipefail
cd "$(dirname "$0")/.."

model=$(grep -ohE '(^|[^A-Za-z0-9_])c_[a-z0-9_]+:' model/*.pml | grep -oE 'c_[a-z0-9_]+' | sort -u)
code=$(grep -ohE '/\*[[:space:]]*model:[^*]*\*/' src/*.c src/*.h include/*.h 2>/dev/null |
  grep -oE 'c_[a-z0-9_]+' | sort -u || true)

only_model=$(comm -23 <(printf '%s\n' "$model") <(printf '%s\n' "$code") | sed '/^$/d')
only_code=$(comm -13 <(printf '%s\n' "$model") <(printf '%s\n' "$code") | sed '/^$/d')

status=0
if [ -n "$only_model" ]; then
  echo "model labels with no /* model: ... */ comment in src/ or include/:"
  printf '  %s\n' $only_model
  status=1
fi
if [ -n "$only_code" ]; then
  echo "/* model: ... */ comments in src/ or include/ with no label in model/:"
  printf '  %s\n' $only_code
  status=1
fi
[ $status = 0 ] && echo "check-model-map: $(printf '%s\n' "$model" | wc -l) labels, each in the C"
exit $status
