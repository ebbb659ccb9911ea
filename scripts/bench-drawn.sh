#!/usr/bin/env bash
# Benchmark (not a test): how well a model reads digits drawn as people draw
# them. Generates the drawn-digit set (digitpad-cli make-drawn: pen strokes
# traced from real MNIST t10k digits and digits in handwriting-style fonts, on
# canvases of 200-800 px at any size, place and pen width) into a temporary
# folder, classifies every PNG through `digitpad-cli predict` (the app's own
# preprocessing), and reports accuracy per source and per digit, next to the
# model's accuracy on real MNIST t10k and on the same drawings merely shrunk to
# 28x28 (what the preprocessing buys). See docs/measuring.md.
#
#   scripts/bench-drawn.sh [--model FILE] [--strokes N] [--font-digits N] [--seed S]
#                          [--keep DIR] [--sheet FILE.png]
#
#   --keep DIR    write the drawn set into DIR and keep it (default: a temporary folder)
#   --sheet FILE  save a contact sheet of the misread drawings (true -> read) as FILE
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODEL="$DIGITPAD_ROOT/models/default.dpm" STROKES=1000 FONT_DIGITS=1000 SEED=1 KEEP="" SHEET=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --strokes) STROKES="$2"; shift 2 ;;
    --font-digits) FONT_DIGITS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    --sheet) SHEET="$2"; shift 2 ;;
    *) echo "bench-drawn.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

MNIST="$DIGITPAD_ROOT/../shared/datasets/mnist"
[ -f "$MNIST/t10k-images-idx3-ubyte.gz" ] || { echo "bench-drawn.sh: real MNIST not found in $MNIST" >&2; exit 1; }
[ -f "$MODEL" ] || { echo "bench-drawn.sh: $MODEL: no such model file" >&2; exit 1; }

# Handwriting-style fonts from Debian that the shipped model never trained on
# (its training fonts are DIGITPAD_TRAINING_FONT_PACKAGES in common.sh), for
# the benchmark only. Each has all ten digits in a hand-drawn style.
FONT_PACKAGES=(
  fonts-breip fonts-humor-sans fonts-kaushanscript fonts-kristi fonts-tlwg-purisa-ttf
)
ensure_packages "${FONT_PACKAGES[@]}" imagemagick python3-numpy
setup_everything
PYTHON=/usr/bin/python3
CLI="$DIGITPAD_BUILD/app/cli/digitpad-cli"

# breipfont.ttf is an older copy of Breip.ttf: counted once.
mapfile -t FONTS < <(dpkg -L "${FONT_PACKAGES[@]}" | grep -E '\.(ttf|otf)$' | grep -v '/breipfont\.ttf$' | sort)

if [ -n "$KEEP" ]; then
  SET="$KEEP"
  rm -rf "$SET"
  mkdir -p "$SET"
else
  SET="$(mktemp -d)"
  trap 'rm -rf "$SET"' EXIT
fi

say "Drawing $STROKES digits traced from MNIST t10k and $FONT_DIGITS in ${#FONTS[@]} fonts (seed $SEED) into $SET"
"$CLI" make-drawn --out "$SET" --mnist "$MNIST" --strokes "$STROKES" --font-digits "$FONT_DIGITS" --seed "$SEED" \
  "${FONTS[@]}" 2> >(grep -v XDG_RUNTIME_DIR >&2)

say "Reading them with $MODEL"
# Relative paths keep the command lines short; xargs splits them if needed.
(cd "$SET" && tail -n +2 index.csv | cut -d, -f1 | xargs "$CLI" predict --model "$MODEL") > "$SET/predictions.tsv"

eval_accuracy() {  # eval_accuracy DIR -> "accuracy count" from `eval --json`
  "$CLI" eval --model "$MODEL" --data "$1" --json |
    "$PYTHON" -c 'import json,sys; r=json.load(sys.stdin); print(r["accuracy"], r["count"])'
}
EVALS="$SET/evals.txt"
: > "$EVALS"
echo "mnist $(eval_accuracy "$MNIST")" >> "$EVALS"
for mode in shared plain; do
  for source in strokes fonts; do
    [ -d "$SET/idx/$mode-$source" ] && echo "$mode-$source $(eval_accuracy "$SET/idx/$mode-$source")" >> "$EVALS"
  done
done

"$PYTHON" - "$SET" "$MODEL" "$SHEET" <<'PY'
import collections, csv, os, subprocess, sys
folder, model, sheet = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(f'{folder}/index.csv')))
read = {}
for line in open(f'{folder}/predictions.tsv'):
    path, digit, *_ = line.rstrip('\n').split('\t')
    read[path] = digit
evals = {name: (float(acc), int(n)) for name, acc, n in (l.split() for l in open(f'{folder}/evals.txt'))}

def pct(right, total): return f'{100.0 * right / total:6.2f}%' if total else '     -'
sources = sorted({r['source'] for r in rows}, reverse=True)   # strokes, fonts
right = collections.Counter(); total = collections.Counter()
for r in rows:
    ok = read.get(r['file']) == r['label']
    for key in (('all', 'all'), (r['source'], 'all'), ('all', r['label']), (r['source'], r['label'])):
        total[key] += 1; right[key] += ok
print(f'\nmodel: {model}')
print(f'{"":26}' + ''.join(f'{s:>10}' for s in sources + ['all']))
print(f'{"drawn, as the app reads":26}' + ''.join(f'{pct(right[s, "all"], total[s, "all"]):>10}' for s in sources + ['all']))
def plain(s): return f'{100 * evals["plain-" + s][0]:6.2f}%' if 'plain-' + s in evals else '-'
print(f'{"drawn, shrunk to 28x28":26}' + ''.join(f'{plain(s):>10}' for s in sources))
print(f'{"count":26}' + ''.join(f'{total[s, "all"]:>10}' for s in sources + ['all']))
print('\nper digit (drawn, as the app reads):')
print(f'{"digit":26}' + ''.join(f'{s:>10}' for s in sources + ['all']))
for d in map(str, range(10)):
    print(f'{d:26}' + ''.join(f'{pct(right[s, d], total[s, d]):>10}' for s in sources + ['all']))
acc, n = evals['mnist']
print(f'\nreal MNIST t10k: {100 * acc:.2f}% ({n} digits)')
for s in sources:   # the IDX pairs went through the same preprocessing as predict: a cross-check
    shared = evals.get('shared-' + s)
    if shared and abs(shared[0] * total[s, 'all'] - right[s, 'all']) > max(0.5, 0.005 * total[s, 'all']):  # IDX bytes round the inputs
        print(f'warning: eval on idx/shared-{s} ({100 * shared[0]:.2f}%) disagrees with predict')

wrong = [r for r in rows if read.get(r['file']) != r['label']]
by_font = collections.Counter(r['origin'] for r in wrong if r['source'] == 'fonts')
if by_font:
    print('\nmisread font digits by font: ' + ', '.join(f'{f} {c}' for f, c in by_font.most_common()))
pairs = collections.Counter(f'{r["label"]}->{read.get(r["file"], "?")}' for r in wrong)
print('most common misreadings (true->read): ' + ', '.join(f'{p} {c}' for p, c in pairs.most_common(12)))
if sheet and wrong:
    args = ['montage']
    for r in wrong[:300]:
        args += ['-label', f'{r["label"]}->{read.get(r["file"], "?")} {r["source"][0]} pen {float(r["pen_width"]):.0f}',
                 os.path.join(folder, r['file'])]
    args += ['-tile', '12x', '-geometry', '96x96+2+2', '-pointsize', '10', sheet]
    subprocess.run(args, check=True)
    print(f'contact sheet of {min(len(wrong), 300)} misread drawings: {sheet}')
PY
