#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Remakes the shipped model, models/default.dpm, from the data the README's
# set-up makes (see models/README.md for what it is and how well it does):
#
#   scripts/make-default-model.sh [--out FILE]
#
# It runs the set-up first (packages, build, data), then trains the Convnet
# preset for 30 epochs on the train pairs of every set-up folder; their t10k
# pairs, a fixed tenth of each (digitpad-cli hold-out), are its test set and
# are never trained on. The not-a-digit margin (1.0) was chosen on those
# held-out tenths: it keeps real digits from being waved away (2 of 2,300
# held-out digits, against 9 without it) while 97 % of held-out non-digits are
# still answered as such. About 7 minutes on a quiet 2-core machine (28 while
# three builds shared it).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT="$DIGITPAD_ROOT/models/default.dpm"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    *) echo "make-default-model.sh: unknown option $1 (--out FILE)" >&2; exit 2 ;;
  esac
done

setup_everything
data=()
for folder in "${DIGITPAD_TRAINING_FOLDERS[@]}"; do data+=(--data "$folder"); done
say "Training the shipped model into $OUT"
"$DIGITPAD_BUILD/app/cli/digitpad-cli" train "${data[@]}" \
  --preset convnet --epochs 30 --eval-interval 0 --not-a-digit-margin 1.0 --name default --out "$OUT"
