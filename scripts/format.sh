#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Lays out every C++ file by .clang-format (Debian's clang-format).
#
#   scripts/format.sh           rewrite the files in place
#   scripts/format.sh --check   change nothing; list the files that differ and fail if any does (CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v clang-format >/dev/null || { echo "scripts/format.sh: clang-format is missing (apt install clang-format)" >&2; exit 1; }
mapfile -t files < <(git ls-files -- '*.h' '*.cpp')
if [ "${1:-}" = --check ]; then
  differ=0
  for file in "${files[@]}"; do
    clang-format "$file" | cmp -s - "$file" || { echo "not formatted: $file (scripts/format.sh fixes it)"; differ=1; }
  done
  exit "$differ"
fi
clang-format -i "${files[@]}"
