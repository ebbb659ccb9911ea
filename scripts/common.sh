# Shared by scripts/run.sh, scripts/test.sh and scripts/bench-seed.sh: the
# set-up both Quick start commands do. Sourced, not run.
set -euo pipefail

DIGITPAD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIGITPAD_BUILD="${DIGITPAD_BUILD:-$DIGITPAD_ROOT/build}"
DIGITPAD_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/digitpad"
# Must match default_digits_folder() in core/data/training_data.cpp.
DIGITPAD_DIGITS="$DIGITPAD_CACHE/opencv-digits"

# Everything the project needs from Debian to build, test and run.
DIGITPAD_PACKAGES=(
  g++ cmake make
  libeigen3-dev libopenblas-dev zlib1g-dev libgtest-dev
  qt6-base-dev libqcustomplot-dev
)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the given Debian packages that are not installed yet; does nothing
# (and needs no network) when all are there.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all ${#@} present"
    return
  fi
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# OpenCV's digits.png (5,000 MNIST digits) from Debian's opencv-doc package:
# only that one file is unpacked, the 95 MB package is not installed.
fetch_default_digits() {
  local png="$DIGITPAD_CACHE/digits.png"
  if [ -s "$png" ]; then
    say "Default digits: $png present"
    return
  fi
  say "Fetching OpenCV's digits.png from Debian's opencv-doc package"
  mkdir -p "$DIGITPAD_CACHE"
  local work
  work="$(mktemp -d)"
  chmod 755 "$work"   # apt-get download runs as the _apt user, which must write here
  # apt-get download needs the package lists; a fresh machine may have none.
  if ! apt-cache show opencv-doc >/dev/null 2>&1; then as_root apt-get update -qq; fi
  (cd "$work" && apt-get download -qq opencv-doc)
  dpkg-deb --fsys-tarfile "$work"/opencv-doc_*.deb |
    tar -x -C "$work" ./usr/share/doc/opencv-doc/examples/data/digits.png
  mv "$work/usr/share/doc/opencv-doc/examples/data/digits.png" "$png.partial"
  mv "$png.partial" "$png"
  rm -rf "$work"
}

build_project() {
  say "Building (Release) in $DIGITPAD_BUILD"
  if [ ! -f "$DIGITPAD_BUILD/CMakeCache.txt" ]; then
    cmake -S "$DIGITPAD_ROOT" -B "$DIGITPAD_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$DIGITPAD_BUILD" -j"$(nproc)"
}

# The digits as MNIST IDX files in the folder the app and the CLI look in.
convert_default_digits() {
  if [ -s "$DIGITPAD_DIGITS/train-images-idx3-ubyte.gz" ] && [ -s "$DIGITPAD_DIGITS/train-labels-idx1-ubyte.gz" ]; then
    say "Default digits as IDX: $DIGITPAD_DIGITS present"
    return
  fi
  say "Converting digits.png into MNIST IDX files in $DIGITPAD_DIGITS"
  mkdir -p "$DIGITPAD_DIGITS"
  "$DIGITPAD_BUILD/app/cli/digitpad-cli" import-digits --png "$DIGITPAD_CACHE/digits.png" --out "$DIGITPAD_DIGITS"
}

setup_everything() {
  ensure_packages "${DIGITPAD_PACKAGES[@]}"
  fetch_default_digits
  build_project
  convert_default_digits
}
