#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): the seed preset against ../shared/anchors/seed_numpy.py,
# the original design in NumPy + OpenBLAS float32, on the same 1000/350 split of
# real MNIST, interleaved in one run. Machines are shared and noisy, so it
# repeats both and reports medians and the ratio.
#
#   scripts/bench-seed.sh [--split-seed S] [--repeats N] [--iterations N]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SPLIT_SEED=0 REPEATS=5 ITERATIONS=100
while [ $# -gt 0 ]; do
  case "$1" in
    --split-seed) SPLIT_SEED="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    *) echo "bench-seed.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

MNIST="$DIGITPAD_ROOT/../shared/datasets/mnist"
ANCHOR="$DIGITPAD_ROOT/../shared/anchors/seed_numpy.py"
[ -f "$MNIST/t10k-images-idx3-ubyte.gz" ] || { echo "bench-seed.sh: real MNIST not found in $MNIST" >&2; exit 1; }
[ -f "$ANCHOR" ] || { echo "bench-seed.sh: anchor not found at $ANCHOR" >&2; exit 1; }

# Debian's NumPy with the threaded OpenBLAS, as the anchor asks.
ensure_packages python3-numpy libopenblas0-pthread
setup_everything
PYTHON=/usr/bin/python3
CLI="$DIGITPAD_BUILD/app/cli/digitpad-cli"

# The anchor's own split (numpy.random.default_rng(seed).permutation), written
# as IDX files so that both programs train and test on exactly the same digits.
SPLIT="$(mktemp -d)"
trap 'rm -rf "$SPLIT"' EXIT
"$PYTHON" - "$MNIST" "$SPLIT" "$SPLIT_SEED" <<'PY'
import gzip, sys, numpy as np
mnist, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
def read(path):
    raw = gzip.open(path).read()
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(raw[3])]
    return raw[:4 + 4 * len(dims)], np.frombuffer(raw, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
_, x = read(f'{mnist}/t10k-images-idx3-ubyte.gz'); _, y = read(f'{mnist}/t10k-labels-idx1-ubyte.gz')
p = np.random.default_rng(seed).permutation(len(y))
for name, idx in (('train', p[:1000]), ('t10k', p[1000:1350])):
    head = lambda magic, dims: bytes([0, 0, 8, magic]) + b''.join(int(d).to_bytes(4, 'big') for d in dims)
    open(f'{out}/{name}-images-idx3-ubyte', 'wb').write(head(3, (len(idx), 28, 28)) + x[idx].tobytes())
    open(f'{out}/{name}-labels-idx1-ubyte', 'wb').write(head(1, (len(idx),)) + y[idx].tobytes())
PY

say "Seed preset vs NumPy anchor: split seed $SPLIT_SEED, $ITERATIONS iterations, $REPEATS interleaved repeats"
RESULTS="$SPLIT/results.jsonl"
for repeat in $(seq "$REPEATS"); do
  # --eval-interval 0: like the anchor, no accuracy inside the timed loop.
  "$CLI" train --preset seed --data "$SPLIT" --iterations "$ITERATIONS" --eval-interval 0 --quiet --json |
    sed 's/^{/{"who":"digitpad",/' >> "$RESULTS"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" "$ANCHOR" --mnist "$MNIST" --split-seed "$SPLIT_SEED" \
    --iterations "$ITERATIONS" --dtype f32 | sed 's/^{/{"who":"numpy",/' >> "$RESULTS"
  echo "  repeat $repeat of $REPEATS done"
done

"$PYTHON" - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def pick(who, key): return [r[key] for r in rows if r['who'] == who]
ours, theirs = statistics.median(pick('digitpad', 'ms_per_iteration')), statistics.median(pick('numpy', 'ms_per_iteration'))
print(f"{'':22}{'DigitPad (Eigen)':>18}{'NumPy+OpenBLAS f32':>20}")
print(f"{'train accuracy':22}{pick('digitpad','train_accuracy')[0]*100:>17.2f}%{pick('numpy','train_accuracy')[0]*100:>19.2f}%")
print(f"{'test accuracy':22}{pick('digitpad','test_accuracy')[0]*100:>17.2f}%{pick('numpy','test_accuracy')[0]*100:>19.2f}%")
print(f"{'final cost':22}{pick('digitpad','final_cost')[0]:>18.4f}{pick('numpy','final_cost')[0]:>20.4f}")
print(f"{'ms/iteration (median)':22}{ours:>18.2f}{theirs:>20.2f}")
print(f"{'ms/iteration (all)':22}{' '.join(f'{v:.1f}' for v in pick('digitpad','ms_per_iteration')):>18}  {' '.join(f'{v:.1f}' for v in pick('numpy','ms_per_iteration'))}")
print(f"speed-up: NumPy median / DigitPad median = {theirs / ours:.2f}x")
PY
