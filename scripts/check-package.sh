#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# CI's package check (.ci/run): builds the Debian package with
# scripts/package.sh, then checks it as a distribution would:
#   - lintian finds no error in it (its warnings are shown);
#   - the installed desktop entry passes desktop-file-validate with nothing
#     to say, and the AppStream file passes appstreamcli validate, its newest
#     release being the package's version;
#   - it holds every file it should (programs, model, icons, man pages, docs);
#   - unpacked with dpkg-deb -x into a temporary root, its digitpad-cli reads a
#     drawn 7 with the model installed beside it, and both programs run.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PACKAGE_BUILD="${DIGITPAD_PACKAGE_BUILD:-$DIGITPAD_ROOT/build-deb}"

bash "$DIGITPAD_ROOT/scripts/package.sh"
deb="$(ls "$PACKAGE_BUILD"/digitpad_*_amd64.deb)"
version="$(dpkg-deb --field "$deb" Version)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
checks=0
passed() { checks=$((checks + 1)); say "ok: $*"; }
failed() { printf 'check-package: %s\n' "$*" >&2; exit 1; }

# lintian refuses nothing here but errors; run as root it says so on stderr.
lintian --fail-on error "$deb" 2> >(grep -v 'running with root privileges' >&2) ||
  failed "lintian found errors in $deb"
passed "lintian: no errors"

desktop="$root/usr/share/applications/digitpad.desktop"
messages="$(desktop-file-validate "$desktop" 2>&1)" || failed "desktop-file-validate: $messages"
[ -z "$messages" ] || failed "desktop-file-validate has something to say: $messages"
passed "desktop-file-validate: clean"

metainfo="$root/usr/share/metainfo/org.digitpad.digitpad.metainfo.xml"
appstreamcli validate --no-net "$metainfo" || failed "appstreamcli validate: $metainfo"
grep -q "<release version=\"$version\"" "$metainfo" ||
  failed "$metainfo: no <release version=\"$version\"> (add the new release there)"
passed "appstreamcli validate: clean, release $version listed"

expected=(
  usr/bin/digitpad usr/bin/digitpad-cli
  usr/share/digitpad/models/default.dpm
  usr/share/applications/digitpad.desktop
  usr/share/icons/hicolor/scalable/apps/digitpad.svg
  usr/share/man/man1/digitpad.1.gz usr/share/man/man1/digitpad-cli.1.gz
  usr/share/doc/digitpad/copyright usr/share/doc/digitpad/changelog.gz
)
for size in 16 22 24 32 48 64 128 256 512; do expected+=("usr/share/icons/hicolor/${size}x${size}/apps/digitpad.png"); done
for file in "${expected[@]}"; do [ -s "$root/$file" ] || failed "the package lacks /$file"; done
depends="$(dpkg-deb --field "$deb" Depends)"
for dependency in libqt6widgets6 libonnx1 qt6-qpa-plugins; do
  [[ "$depends" == *"$dependency"* ]] || failed "Depends lacks $dependency: $depends"
done
passed "contents: ${#expected[@]} files, Depends from dpkg-shlibdeps"

# A 7 drawn as on the canvas, dark ink on white, rendered by rsvg-convert.
cat > "$root/seven.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">
  <rect width="200" height="200" fill="white"/>
  <polyline points="55,45 145,45 90,165" fill="none" stroke="black" stroke-width="14"
            stroke-linecap="round" stroke-linejoin="round"/>
</svg>
EOF
rsvg-convert --output="$root/seven.png" "$root/seven.svg"
# The tool finds the model relative to itself: $root/usr/share/digitpad/models.
line="$("$root/usr/bin/digitpad-cli" predict "$root/seven.png")"
[ "$(cut -f2 <<<"$line")" = 7 ] || failed "the unpacked digitpad-cli read the 7 as: $line"
passed "unpacked digitpad-cli predict: $(cut -f2,3 <<<"$line" | tr '\t' ' ')"

[ "$("$root/usr/bin/digitpad-cli" --version)" = "digitpad-cli $version" ] || failed "digitpad-cli --version"
[ "$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/digitpad" --version 2>/dev/null)" = "digitpad $version" ] ||
  failed "digitpad --version"
passed "both programs report version $version"
say "Package checks: all $checks passed for $(basename "$deb")"
