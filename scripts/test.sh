#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, command 2: installs what is missing, builds, and runs every test.
#
#   scripts/test.sh [--sanitize] [--fuzz SECONDS]
#
#   --sanitize      also build the whole suite with clang's AddressSanitizer and
#                   UndefinedBehaviorSanitizer (build-sanitize/) and run it by ctest
#   --fuzz SECONDS  also run each libFuzzer target of tests/fuzz/ for SECONDS
#                   (build-fuzz/)
# CI (.ci/run) passes both. See scripts/reliability.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/reliability.sh"

sanitize=0
fuzz_seconds=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=1 ;;
    --fuzz)
      [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { echo "scripts/test.sh: --fuzz needs a number of seconds" >&2; exit 2; }
      fuzz_seconds="$2"
      shift ;;
    *) echo "scripts/test.sh: unknown option '$1' (--sanitize, --fuzz SECONDS)" >&2; exit 2 ;;
  esac
  shift
done

setup_everything
ensure_packages "${DIGITPAD_TEST_PACKAGES[@]}"  # test-only: the ONNX round trip (tests/onnx)
say "Running the test suite"
# Tests run one at a time: each training test already uses both cores.
status=0
run_ctest "$DIGITPAD_BUILD" --output-on-failure --timeout 900 || status=$?
if [ "$fuzz_seconds" -gt 0 ]; then run_fuzzers "$fuzz_seconds" || status=1; fi
if [ "$sanitize" -eq 1 ]; then run_sanitized_suite || status=1; fi
# Last, what did not run: a skipped test is not a passed one (tests that need
# data from outside the repository skip with a message saying where to get it).
say "Skipped tests"
echo "$DIGITPAD_BUILD: $(cat "$DIGITPAD_BUILD/skip-summary.txt")"
if [ "$sanitize" -eq 1 ] && [ -f "$DIGITPAD_SANITIZE_BUILD/skip-summary.txt" ]; then
  echo "$DIGITPAD_SANITIZE_BUILD: $(cat "$DIGITPAD_SANITIZE_BUILD/skip-summary.txt")"
fi
exit "$status"
