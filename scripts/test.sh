#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds, and runs every test.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup_everything
say "Running the test suite"
# Tests run one at a time: each training test already uses both cores.
exec ctest --test-dir "$DIGITPAD_BUILD" --output-on-failure --timeout 900
