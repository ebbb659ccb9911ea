#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Which tests a ctest run skipped, and why:
#
#   scripts/skip_summary.sh BUILD_DIR CTEST_OUTPUT
#
# CTEST_OUTPUT is what ctest printed; its closing list names each skipped
# test ("12 - name (Skipped)") without a reason. The reasons are in the
# tests' own output, which ctest keeps in BUILD_DIR/Testing/Temporary/LastTest.log:
# GoogleTest prints "FILE:LINE: Skipped" and the message on the next line, Qt
# Test "SKIP   : Class::function() message". scripts/test.sh calls this after
# each suite. Prints "no test skipped" when none was.
set -uo pipefail

build=${1:?usage: scripts/skip_summary.sh BUILD_DIR CTEST_OUTPUT}
output=${2:?usage: scripts/skip_summary.sh BUILD_DIR CTEST_OUTPUT}
log="$build/Testing/Temporary/LastTest.log"

mapfile -t skipped < <(sed -n 's/^[[:space:]]*[0-9]\+ - \(.*\) (Skipped)$/\1/p' "$output")
if [ "${#skipped[@]}" -eq 0 ]; then
  echo "no test skipped"
  exit 0
fi
echo "${#skipped[@]} test(s) skipped:"
for name in "${skipped[@]}"; do
  reason=""
  if [ -f "$log" ]; then
    reason=$(awk -v want="$name" '
      /^[0-9]+\/[0-9]+ Test: / { current = $0; sub(/^[0-9]+\/[0-9]+ Test: /, "", current); next }
      current != want { next }
      next_is_reason { print; next_is_reason = 0; next }
      /: Skipped$/ { next_is_reason = 1; next }
      /^SKIP   : / { line = $0; sub(/^SKIP   : /, "", line); print line }
    ' "$log" | sort -u | paste -sd ';' | sed 's/;/; /g')
  fi
  echo "  $name: ${reason:-(no reason printed)}"
done
