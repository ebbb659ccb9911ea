#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): how well a model reads digits drawn as people draw
# them, and whether it answers "not a digit" for what is not one. Generates a
# drawn set (digitpad-cli make-drawn: pen strokes traced from real MNIST t10k
# digits, digits in handwriting-style fonts, digits in styles MNIST lacks and
# non-digits, on canvases of 200-800 px at any size, place and pen width) into
# a temporary folder, classifies every PNG through `digitpad-cli predict` (the
# app's own preprocessing), and reports accuracy per source and per digit,
# each style separately, the non-digits answered not-a-digit and the digits
# answered not-a-digit, next to the model's accuracy on real MNIST t10k and on
# the same drawings merely shrunk to 28x28 (what the preprocessing buys).
# See docs/measuring.md.
#
#   scripts/bench-drawn.sh [--group validation|report] [--model FILE] [--strokes N] [--font-digits N]
#                          [--styles N] [--non-digits N] [--seed S] [--keep DIR] [--sheet FILE.png]
#                          [--no-setup]
#
#   --group G     the held-out fonts and t10k half to draw from (default report; see below)
#   --keep DIR    write the drawn set into DIR and keep it (default: a temporary folder)
#   --sheet FILE  save a contact sheet of the misread drawings (true -> read) as FILE
#   --no-setup    use the tools in DIGITPAD_BUILD as they are: no set-up, no build
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODEL="$DIGITPAD_ROOT/models/default.dpm" GROUP=report STROKES=1000 FONT_DIGITS=1000 STYLES=800 NON_DIGITS=1000
SEED=1 KEEP="" SHEET="" SETUP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --group) GROUP="$2"; shift 2 ;;
    --model) MODEL="$2"; shift 2 ;;
    --strokes) STROKES="$2"; shift 2 ;;
    --font-digits) FONT_DIGITS="$2"; shift 2 ;;
    --styles) STYLES="$2"; shift 2 ;;
    --non-digits) NON_DIGITS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    --sheet) SHEET="$2"; shift 2 ;;
    --no-setup) SETUP=0; shift ;;
    *) echo "bench-drawn.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# Handwriting-style fonts from Debian that no model is trained on (the
# training fonts are DIGITPAD_TRAINING_FONT_PACKAGES in common.sh), installed
# here only, never by set-up, in two groups that are never mixed: choose
# recipes and thresholds on the validation group, and only measure on the
# report group. Each package has all ten digits in a hand-drawn style. The
# validation group holds the fonts earlier choices were already made on; the
# report group's fonts were first measured here. Each group also traces its
# own half of MNIST t10k.
VALIDATION_FONT_PACKAGES=(
  fonts-breip fonts-humor-sans fonts-kaushanscript fonts-kristi fonts-tlwg-purisa-ttf fonts-lobster
)
REPORT_FONT_PACKAGES=(
  fonts-sjfonts fonts-tomsontalks fonts-seto fonts-yusei-magic fonts-havana fonts-leckerli-one
)
case "$GROUP" in
  validation) FONT_PACKAGES=("${VALIDATION_FONT_PACKAGES[@]}") MNIST_FIRST=0 MNIST_LAST=4999 ;;
  report) FONT_PACKAGES=("${REPORT_FONT_PACKAGES[@]}") MNIST_FIRST=5000 MNIST_LAST=9999 ;;
  *) echo "bench-drawn.sh: --group must be validation or report, not '$GROUP'" >&2; exit 2 ;;
esac
# The validation group draws with seed S+100, so its styles and shapes are
# not the report group's drawings again.
[ "$GROUP" = validation ] && SEED=$((SEED + 100))
# Set-up draws its training sets with seeds 11-14 (draw_canvas_like_digits),
# make-default-model.sh its extra flagged 1s with seed 15.
case "$SEED" in
  11|12|13|14|15) echo "bench-drawn.sh: seed $SEED draws the shipped model's training drawings; pick another" >&2; exit 2 ;;
esac

MNIST="$DIGITPAD_ROOT/../shared/datasets/mnist"
[ -f "$MNIST/t10k-images-idx3-ubyte.gz" ] || { echo "bench-drawn.sh: real MNIST not found in $MNIST" >&2; exit 1; }
[ -f "$MODEL" ] || { echo "bench-drawn.sh: $MODEL: no such model file" >&2; exit 1; }

ensure_packages "${FONT_PACKAGES[@]}" imagemagick python3-numpy
[ "$SETUP" = 1 ] && setup_everything
PYTHON=/usr/bin/python3
CLI="$DIGITPAD_BUILD/app/cli/digitpad-cli"

# breipfont.ttf is an older copy of Breip.ttf: counted once. setofont-ex.ttf
# lacks the digits.
mapfile -t FONTS < <(dpkg -L "${FONT_PACKAGES[@]}" | grep -E '\.(ttf|otf)$' | grep -v -E '/(breipfont|setofont-ex)\.ttf$' | sort)

if [ -n "$KEEP" ]; then
  SET="$KEEP"
  rm -rf "$SET"
  mkdir -p "$SET"
else
  SET="$(mktemp -d)"
  trap 'rm -rf "$SET"' EXIT
fi

say "Group $GROUP: drawing $STROKES digits traced from MNIST t10k[$MNIST_FIRST..$MNIST_LAST], $FONT_DIGITS in ${#FONTS[@]} fonts, $STYLES in styles MNIST lacks and $NON_DIGITS non-digits (seed $SEED) into $SET"
# The benchmark's pens (--pen-range canvas), never the wider training pens.
"$CLI" make-drawn --out "$SET" --mnist "$MNIST" --mnist-first "$MNIST_FIRST" --mnist-last "$MNIST_LAST" \
  --strokes "$STROKES" --font-digits "$FONT_DIGITS" --styles "$STYLES" --non-digits "$NON_DIGITS" \
  --pen-range canvas --seed "$SEED" "${FONTS[@]}" 2> >(grep -v XDG_RUNTIME_DIR >&2)

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

"$PYTHON" - "$SET" "$MODEL" "$SHEET" "$GROUP" <<'PY'
import collections, csv, os, subprocess, sys
folder, model, sheet, group = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
NOT_A_DIGIT = 'not-a-digit'
all_rows = list(csv.DictReader(open(f'{folder}/index.csv')))
read = {}
for line in open(f'{folder}/predictions.tsv'):
    path, answer, *_ = line.rstrip('\n').split('\t')
    read[path] = NOT_A_DIGIT if answer in (NOT_A_DIGIT, '10') else answer   # '10': an 11-output model's last class
for r in all_rows:
    if r['label'] == '10': r['label'] = NOT_A_DIGIT
evals = {name: (float(acc), int(n)) for name, acc, n in (l.split() for l in open(f'{folder}/evals.txt'))}

def pct(right, total): return f'{100.0 * right / total:6.2f}%' if total else '     -'
rows = [r for r in all_rows if r['source'] in ('strokes', 'fonts')]   # the digit sources of the main table
sources = sorted({r['source'] for r in rows}, reverse=True)   # strokes, fonts
right = collections.Counter(); total = collections.Counter()
for r in rows:
    ok = read.get(r['file']) == r['label']
    for key in (('all', 'all'), (r['source'], 'all'), ('all', r['label']), (r['source'], r['label'])):
        total[key] += 1; right[key] += ok
print(f'\nmodel: {model}\nfont group: {group}')
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

styles = [r for r in all_rows if r['source'] == 'styles']
if styles:
    print('\nstyles MNIST lacks (drawn from stroke templates): read right, answered not-a-digit')
    for name in sorted({r['origin'] for r in styles}):
        mine = [r for r in styles if r['origin'] == name]
        ok = sum(read.get(r['file']) == r['label'] for r in mine)
        nad = sum(read.get(r['file']) == NOT_A_DIGIT for r in mine)
        misread = collections.Counter(read.get(r['file'], '?') for r in mine if read.get(r['file']) != r['label'])
        note = ', '.join(f'{a} {c}' for a, c in misread.most_common(3))
        print(f'  {name:14}{pct(ok, len(mine)):>9}{pct(nad, len(mine)):>9}  of {len(mine)}' + (f'  (read as {note})' if note else ''))
non_digits = [r for r in all_rows if r['source'] == 'non-digits']
if non_digits:
    def kind(origin):
        return 'letters' if origin.startswith('letter-') else 'digit groups' if origin.endswith('-digits') else 'shapes'
    print('\nnon-digits answered not-a-digit:')
    for k in ('letters', 'shapes', 'digit groups', 'all'):
        mine = [r for r in non_digits if k == 'all' or kind(r['origin']) == k]
        print(f'  {k:14}{pct(sum(read.get(r["file"]) == NOT_A_DIGIT for r in mine), len(mine)):>9}  of {len(mine)}')
digits = [r for r in all_rows if r['label'] != NOT_A_DIGIT]
print(f'digits answered not-a-digit: {pct(sum(read.get(r["file"]) == NOT_A_DIGIT for r in digits), len(digits)).strip()} of {len(digits)}')

wrong = [r for r in digits if read.get(r['file']) != r['label']]
by_font = collections.Counter(r['origin'] for r in wrong if r['source'] == 'fonts')
if by_font:
    print('\nmisread font digits by font: ' + ', '.join(f'{f} {c}' for f, c in by_font.most_common()))
pairs = collections.Counter(f'{r["label"]}->{read.get(r["file"], "?")}' for r in wrong)
print('most common misreadings of digits (true->read): ' + ', '.join(f'{p} {c}' for p, c in pairs.most_common(12)))
wrong_non_digits = [r for r in non_digits if read.get(r['file']) != NOT_A_DIGIT]
if wrong_non_digits:
    kinds = collections.Counter(f'{r["origin"]}->{read.get(r["file"], "?")}' for r in wrong_non_digits)
    print('most common answers to non-digits (kind->read): ' + ', '.join(f'{p} {c}' for p, c in kinds.most_common(12)))
    wrong += wrong_non_digits
if sheet and wrong:
    args = ['montage']
    for r in wrong[:300]:
        args += ['-label', f'{r["label"]}->{read.get(r["file"], "?")} {r["source"][0]} pen {float(r["pen_width"]):.0f}',
                 os.path.join(folder, r['file'])]
    args += ['-tile', '12x', '-geometry', '96x96+2+2', '-pointsize', '10', sheet]
    subprocess.run(args, check=True)
    print(f'contact sheet of {min(len(wrong), 300)} misread drawings: {sheet}')
PY
