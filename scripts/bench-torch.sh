#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): DigitPad's training speed against PyTorch (Debian's
# python3-torch, CPU), side by side on the same machine in one run.
#
# Both sides train on the same digits (the first 8,000 of the real MNIST test
# set, scaled 0..1) in batches of 128 with Adam at lr 1e-3, ReLU, no
# augmentation, no dropout, 2 threads, for each architecture:
#   mlp      dense1000                                  (the `recommended` preset's MLP)
#   lenet5   conv6@5,pool2,conv16@5,pool2,dense120,dense84   (LeNet-5 sizes, same padding)
#   convnet  conv32@5,pool2,conv64@5,pool2,dense128     (the Keras/PyTorch MNIST example)
# It reports seconds per epoch (median over the timed epochs), the ratio, and
# each side's effective GFLOP/s against the machine's float32 GEMM peak
# measured in the same run.
#
#   scripts/bench-torch.sh [--epochs N] [--archs mlp,lenet5,convnet] [--layers SPEC]...
#                          [--count N] [--warmup W]
#
#   --epochs N      timed epochs per side and architecture (default 5)
#   --archs LIST    which of mlp, lenet5, convnet (default all three)
#   --layers SPEC   an extra architecture in DigitPad's --layers syntax (repeatable)
#   --count N       training digits (default 8000; fewer for a quick check)
#   --warmup W      untimed iterations before each timed epoch (default one epoch)
#   --omp-wait P    OMP_WAIT_POLICY for both sides: passive (default), active, or
#                   default (leave the OpenMP runtime's own choice)
#
# The packages only this benchmark needs (python3-torch, python3-numpy) are
# installed here, never by the app's own set-up.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

EPOCHS=5 COUNT=8000 WARMUP="" ARCHS="mlp,lenet5,convnet" OMP_WAIT=passive
EXTRA_LAYERS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) EPOCHS="$2"; shift 2 ;;
    --archs) ARCHS="$2"; shift 2 ;;
    --layers) EXTRA_LAYERS+=("$2"); shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --omp-wait) OMP_WAIT="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench-torch.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# Checked before anything is installed or built.
for value in "$EPOCHS" "$COUNT" ${WARMUP:+"$WARMUP"}; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "bench-torch.sh: '$value' is not a whole number" >&2; exit 2; }
done
if [ "$EPOCHS" -lt 1 ] || [ "$COUNT" -lt 1 ] || [ "$COUNT" -gt 10000 ]; then
  echo "bench-torch.sh: --epochs must be at least 1, --count 1 to 10000 (the MNIST test set)" >&2; exit 2
fi
case "$OMP_WAIT" in
  passive|active|default) ;;
  *) echo "bench-torch.sh: --omp-wait must be passive, active or default" >&2; exit 2 ;;
esac

# The fixed part of the comparison: what both sides must share.
BATCH=128 LEARNING_RATE=0.001 THREADS=2
PER_EPOCH=$(( (COUNT + BATCH - 1) / BATCH ))  # iterations in one epoch, the short last batch included
# One whole untimed epoch by default: by then both sides have seen both batch
# sizes (128 and the short last one), so allocations, oneDNN's kernels and
# thread pools are all in place before the clock starts.
WARMUP="${WARMUP:-$PER_EPOCH}"

declare -A SPEC=(
  [mlp]="dense1000"
  [lenet5]="conv6@5,pool2,conv16@5,pool2,dense120,dense84"
  [convnet]="conv32@5,pool2,conv64@5,pool2,dense128"
)
NAMES=() SPECS=()
IFS=',' read -r -a chosen <<< "$ARCHS"
for name in "${chosen[@]}"; do
  [ -n "${SPEC[$name]:-}" ] || { echo "bench-torch.sh: unknown architecture '$name' (mlp, lenet5, convnet; or --layers SPEC)" >&2; exit 2; }
  NAMES+=("$name") SPECS+=("${SPEC[$name]}")
done
for spec in "${EXTRA_LAYERS[@]}"; do NAMES+=("custom") SPECS+=("$spec"); done
[ ${#SPECS[@]} -gt 0 ] || { echo "bench-torch.sh: no architecture chosen" >&2; exit 2; }

MNIST="$DIGITPAD_ROOT/../shared/datasets/mnist"
[ -f "$MNIST/t10k-images-idx3-ubyte.gz" ] || { echo "bench-torch.sh: real MNIST not found in $MNIST" >&2; exit 1; }

# The app's own packages and build, plus what only this benchmark needs.
ensure_packages "${DIGITPAD_PACKAGES[@]}" python3-torch python3-numpy
build_project
CLI="$DIGITPAD_BUILD/app/cli/digitpad-cli"
# Debian's Python, where python3-torch is installed (not whatever is first on PATH).
PYTHON=/usr/bin/python3
HELPER="$DIGITPAD_ROOT/scripts/bench_torch.py"

# This machine's environment pins OpenBLAS to its AVX2 (Haswell) kernels and a
# small L2 size; left unset, OpenBLAS picks its AVX-512 kernels here. Unset for
# every process below (both sides and the GEMM peak), so the comparison is of
# the two programs, not of two OpenBLAS configurations.
say "Unsetting OPENBLAS_CORETYPE (was '${OPENBLAS_CORETYPE:-unset}') and OPENBLAS_L2_SIZE (was '${OPENBLAS_L2_SIZE:-unset}') for both sides"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
# Two threads everywhere: OpenBLAS's own pool, OpenMP (ATen in PyTorch;
# DigitPad uses neither: its own pool has a thread per core), and
# torch.set_num_threads in the helper.
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS
say "Threads: OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS OMP_NUM_THREADS=$OMP_NUM_THREADS, torch.set_num_threads($THREADS)"
# GNU OpenMP's idle threads spin by default. PyTorch runs most of its work in
# OpenMP regions and its matrix products in OpenBLAS's own threads: on a
# machine whose 2 cores other work shares, the spinning threads take the cores
# OpenBLAS needs, and PyTorch's MLP step measured 5-15x slower (70-140 ms
# instead of 7 ms) while DigitPad, which does not use OpenMP, did not change.
# Passive waiting for both sides measures the programs, not that collision.
if [ "$OMP_WAIT" = default ]; then
  unset OMP_WAIT_POLICY
  say "OMP_WAIT_POLICY unset: the OpenMP runtime's default for both sides"
else
  export OMP_WAIT_POLICY="${OMP_WAIT^^}"
  say "OMP_WAIT_POLICY=$OMP_WAIT_POLICY for both sides"
fi

# The digits both sides read, as one IDX folder: the first COUNT as the
# training pair, and a one-digit test pair that DigitPad's data loading wants
# (--test-count 1, the smallest allowed; bench never evaluates it).
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DATA="$WORK/digits"
mkdir -p "$DATA"
"$PYTHON" "$HELPER" data --mnist "$MNIST" --count "$COUNT" --out "$DATA"
RESULTS="$WORK/results.jsonl"

peak() { "$PYTHON" "$HELPER" peak --threads "$THREADS" | sed 's/^{/{"kind":"peak",/' >> "$RESULTS"; }

say "float32 GEMM peak (2048x2048, $THREADS threads)"
peak
say "Load before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows both sides alike, as they alternate)"

for index in "${!SPECS[@]}"; do
  name="${NAMES[$index]}" spec="${SPECS[$index]}"
  arch="$name $spec"
  flops="$("$PYTHON" "$HELPER" flops --layers "$spec" --count "$COUNT")"
  say "$arch: $COUNT digits, $PER_EPOCH iterations/epoch, $WARMUP warm-up iterations, $EPOCHS timed epochs each side"
  # Alternating, one timed epoch per process and side, so that a busy spell on
  # the shared machine lands on both sides rather than on one.
  for epoch in $(seq "$EPOCHS"); do
    echo "  epoch $epoch of $EPOCHS"
    # DigitPad: the recommended preset's recipe (He initialisation, Adam) with
    # the layers swapped and every training setting spelled out. bench times
    # iterations WARMUP+1 .. WARMUP+PER_EPOCH: exactly one epoch's work.
    "$CLI" bench --data "$DATA" --train-count "$COUNT" --test-count 1 \
      --preset recommended --layers "$spec" --activation relu \
      --optimizer adam --learning-rate "$LEARNING_RATE" --schedule constant --weight-decay 0 \
      --batch-size "$BATCH" --no-augment \
      --warmup "$WARMUP" --iterations "$PER_EPOCH" --repeats 1 --quiet --json |
      "$PYTHON" "$HELPER" record --side digitpad --arch "$arch" --flops "$flops" >> "$RESULTS"
    # PyTorch: the same network built from the same spec string, the same
    # warm-up and one timed epoch.
    "$PYTHON" "$HELPER" train --data "$DATA" --layers "$spec" --batch-size "$BATCH" \
      --learning-rate "$LEARNING_RATE" --warmup "$WARMUP" --threads "$THREADS" |
      "$PYTHON" "$HELPER" record --side pytorch --arch "$arch" --flops "$flops" >> "$RESULTS"
  done
done

say "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
say "float32 GEMM peak again (the best of both measurements counts)"
peak

say "Results: seconds per training epoch on $COUNT digits, batch $BATCH, Adam lr $LEARNING_RATE, $THREADS threads"
"$PYTHON" "$HELPER" table "$RESULTS"
