#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Puts the project's SPDX licence line at the top of every source file that
# lacks it (after a shebang), so a new file gets it by running this once.
# Comments only: the build does not change.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly line_text='SPDX-License-Identifier: GPL-3.0-or-later'

add_line() {  # file, comment prefix
  local file=$1 prefix=$2
  grep -q "$line_text" "$file" && return 0
  local tmp
  tmp=$(mktemp "${file}.spdx.XXXXXX")
  if head -1 "$file" | grep -q '^#!'; then
    { head -1 "$file"; echo "$prefix $line_text"; tail -n +2 "$file"; } >"$tmp"
  else
    { echo "$prefix $line_text"; cat "$file"; } >"$tmp"
  fi
  chmod --reference="$file" "$tmp"
  mv "$tmp" "$file"
}

git ls-files -- 'core/*' 'ui/*' 'app/*' 'tests/*' | grep -E '\.(h|cpp)$' | while read -r f; do add_line "$f" '//'; done
git ls-files -- 'CMakeLists.txt' '*/CMakeLists.txt' '*.cmake' | while read -r f; do add_line "$f" '#'; done
git ls-files -- 'scripts/*.sh' '.ci/*' | while read -r f; do
  head -1 "$f" | grep -q 'bash\|sh' && add_line "$f" '#'
done
git ls-files -- 'scripts/*.py' | while read -r f; do add_line "$f" '#'; done
