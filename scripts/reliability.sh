# SPDX-License-Identifier: GPL-3.0-or-later
# The reliability jobs of scripts/test.sh, for what ordinary tests pass over
# (memory errors, undefined behaviour, hostile inputs): the whole suite under
# clang's AddressSanitizer and UndefinedBehaviorSanitizer, and the libFuzzer
# targets of tests/fuzz/ for a bounded time each. Sourced after common.sh.

# Test-only Debian packages: clang with its sanitizer and libFuzzer runtimes.
# Never needed by scripts/run.sh.
DIGITPAD_RELIABILITY_PACKAGES=(clang libclang-rt-dev)

DIGITPAD_SANITIZE_BUILD="${DIGITPAD_SANITIZE_BUILD:-$DIGITPAD_ROOT/build-sanitize}"
DIGITPAD_FUZZ_BUILD="${DIGITPAD_FUZZ_BUILD:-$DIGITPAD_ROOT/build-fuzz}"
DIGITPAD_FUZZ_TARGETS=(fuzz_model_file fuzz_idx_raw fuzz_idx_gzip fuzz_json_digits fuzz_preprocess fuzz_layer_spec)

# Sanitizer settings for every test process (ctest passes the environment on
# to the CLI and app processes the tests start). Leak checking is on, with
# the narrow suppressions of tests/sanitizers/lsan.supp for what Qt and the
# system libraries keep for the life of the process.
sanitizer_environment() {
  export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$DIGITPAD_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
}

# Builds everything with clang and the sanitizers in its own folder and runs
# the whole suite there by ctest. Any sanitizer report fails its test.
run_sanitized_suite() {
  ensure_packages "${DIGITPAD_RELIABILITY_PACKAGES[@]}"
  say "Building the suite with AddressSanitizer + UndefinedBehaviorSanitizer in $DIGITPAD_SANITIZE_BUILD"
  if [ ! -f "$DIGITPAD_SANITIZE_BUILD/CMakeCache.txt" ]; then
    cmake -S "$DIGITPAD_ROOT" -B "$DIGITPAD_SANITIZE_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DDIGITPAD_SANITIZE=ON >/dev/null
  fi
  sanitizer_environment  # test discovery runs the test programs while building
  cmake --build "$DIGITPAD_SANITIZE_BUILD" -j"$(nproc)"
  say "Running the test suite under the sanitizers"
  run_ctest "$DIGITPAD_SANITIZE_BUILD" --output-on-failure --timeout 1800
}

# Builds the libFuzzer targets and runs each for SECONDS on a scratch copy of
# its committed corpus. A crash fails the job and leaves the input in
# $DIGITPAD_FUZZ_BUILD/crashes/: add it to tests/fuzz/corpus/<target>/ once
# fixed, as a regression input (fuzz_<target>_corpus replays it in every run).
run_fuzzers() {
  local seconds="$1"
  ensure_packages "${DIGITPAD_RELIABILITY_PACKAGES[@]}"
  say "Building the fuzz targets in $DIGITPAD_FUZZ_BUILD"
  if [ ! -f "$DIGITPAD_FUZZ_BUILD/CMakeCache.txt" ]; then
    cmake -S "$DIGITPAD_ROOT" -B "$DIGITPAD_FUZZ_BUILD" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DDIGITPAD_FUZZ=ON -DDIGITPAD_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$DIGITPAD_FUZZ_BUILD" -j"$(nproc)" --target fuzz_all
  sanitizer_environment
  mkdir -p "$DIGITPAD_FUZZ_BUILD/crashes"
  local target work status failed=0 passed=0 failures=0
  for target in "${DIGITPAD_FUZZ_TARGETS[@]}"; do
    work="$(mktemp -d)"
    local extra=()
    [ -f "$DIGITPAD_ROOT/tests/fuzz/${target#fuzz_}.dict" ] && extra+=("-dict=$DIGITPAD_ROOT/tests/fuzz/${target#fuzz_}.dict")
    say "Fuzzing $target for $seconds s"
    status=0
    # New inputs go to the scratch folder; the committed corpus is only read.
    "$DIGITPAD_FUZZ_BUILD/tests/fuzz/$target" "$work" "$DIGITPAD_ROOT/tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$DIGITPAD_FUZZ_BUILD/crashes/$target-" \
      "${extra[@]}" >"$work.log" 2>&1 || status=$?
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$work.log" | sed "s/^/  $target /" || true
    if [ "$status" -ne 0 ]; then
      tail -n 60 "$work.log"
      say "$target FAILED (exit $status): the input is in $DIGITPAD_FUZZ_BUILD/crashes/"
      failed=1
    fi
    rm -rf "$work" "$work.log"
    if [ "$status" -eq 0 ]; then passed=$((passed + 1)); else failures=$((failures + 1)); fi
  done
  echo "fuzz: $passed passed, $failures failed"
  return "$failed"
}
