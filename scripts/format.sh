#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Lays out every C++ file by .clang-format (Debian's clang-format).
#
#   scripts/format.sh           rewrite the files in place
#   scripts/format.sh --check   change nothing; list the files that differ and fail if any does (CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Debian 12's clang-format (14) is the one the tree is laid out with; another
# version may lay a few lines out differently.
if ! command -v clang-format >/dev/null; then
  source scripts/common.sh
  ensure_packages clang-format
fi
mapfile -t files < <(git ls-files -- '*.h' '*.cpp')
if [ "${1:-}" = --check ]; then
  differ=0
  for file in "${files[@]}"; do
    clang-format "$file" | cmp -s - "$file" || { echo "not formatted: $file (scripts/format.sh fixes it)"; differ=1; }
  done
  exit "$differ"
fi
clang-format -i "${files[@]}"
