#!/usr/bin/python3
"""Acceptance check for "Teach it" (issue 4): teach five drawings of a digit
written in an unusual way, fine-tune, and check that new drawings of that style
are read while ordinary digits still are.

Drawings are rendered with ImageMagick as canvas strokes (280x280, round pen,
random position, size, pen width and small wobble) and read by the CLI, i.e.
through the same preprocessing as the app's canvas. Fine-tuning is the CLI's
`train --init-model ... --user-digits DIR`, the recipe the app's Fine-tune
button uses (nn/fine_tune.h).

Usage: scripts/teach_acceptance.py BUILD_DIR [MNIST_DIR [BASE_MODEL]]
"""
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Unusual styles, as strokes in unit coordinates (x right, y down).
STYLES = {
    # A 1 with a long flag and a base serif: often read as 2 or 7.
    "serif-1": (1, [[(0.30, 0.35), (0.55, 0.15), (0.55, 0.85)], [(0.30, 0.85), (0.80, 0.85)]]),
    # A 7 with a crossbar.
    "crossed-7": (7, [[(0.25, 0.20), (0.75, 0.20), (0.45, 0.85)], [(0.35, 0.52), (0.72, 0.52)]]),
    # A 4 written closed, as a triangle on a stem.
    "closed-4": (4, [[(0.60, 0.15), (0.25, 0.62), (0.80, 0.62)], [(0.60, 0.15), (0.60, 0.90)]]),
    # A 0 with a slash through it, as programmers write it.
    "slashed-0": (0, [[(0.78, 0.5), (0.77, 0.598), (0.742, 0.69), (0.698, 0.769), (0.64, 0.829), (0.572, 0.867), (0.5, 0.88), (0.428, 0.867), (0.36, 0.829), (0.302, 0.769), (0.258, 0.69), (0.23, 0.598), (0.22, 0.5), (0.23, 0.402), (0.258, 0.31), (0.302, 0.231), (0.36, 0.171), (0.428, 0.133), (0.5, 0.12), (0.572, 0.133), (0.64, 0.171), (0.698, 0.231), (0.742, 0.31), (0.77, 0.402), (0.78, 0.5)], [(0.30, 0.85), (0.70, 0.15)]]),
    # A 9 written like a g: the stem curls back to the left.
    "g-like-9": (9, [[(0.72, 0.35), (0.709, 0.412), (0.678, 0.468), (0.629, 0.512), (0.568, 0.54), (0.5, 0.55), (0.432, 0.54), (0.371, 0.512), (0.322, 0.468), (0.291, 0.412), (0.28, 0.35), (0.291, 0.288), (0.322, 0.232), (0.371, 0.188), (0.432, 0.16), (0.5, 0.15), (0.568, 0.16), (0.629, 0.188), (0.678, 0.232), (0.709, 0.288), (0.72, 0.35)], [(0.72, 0.35), (0.72, 0.75), (0.60, 0.90), (0.40, 0.92), (0.28, 0.82)]]),
    # A 2 with a loop where the stroke turns along the base.
    "looped-2": (2, [[(0.28, 0.30), (0.40, 0.15), (0.62, 0.14), (0.72, 0.28), (0.65, 0.48), (0.40, 0.72),
                      (0.30, 0.86), (0.40, 0.92), (0.45, 0.80), (0.35, 0.76), (0.40, 0.86), (0.78, 0.86)]]),
    # A 3 with a flat top, written like a z with a tail.
    "flat-top-3": (3, [[(0.25, 0.15), (0.75, 0.15), (0.45, 0.45), (0.62, 0.48), (0.75, 0.62), (0.72, 0.78),
                        (0.55, 0.88), (0.35, 0.86), (0.25, 0.78)]]),
}


def render(strokes, path, rng):
    side = 280
    scale = rng.uniform(0.45, 1.0)
    width = rng.uniform(10, 28)
    margin = (1 - scale) * side
    dx, dy = rng.uniform(0, margin), rng.uniform(0, margin)
    draws = []
    for stroke in strokes:
        points = []
        for x, y in stroke:
            x += rng.uniform(-0.03, 0.03)
            y += rng.uniform(-0.03, 0.03)
            points.append(f"{dx + x * scale * side:.1f},{dy + y * scale * side:.1f}")
        draws.append("polyline " + " ".join(points))
    cmd = ["convert", "-size", f"{side}x{side}", "xc:white", "-fill", "none", "-stroke", "black",
           "-strokewidth", f"{width:.1f}", "-draw", "stroke-linecap round stroke-linejoin round " + " ".join(draws),
           path]
    subprocess.run(cmd, check=True)


def predict(cli, model, files):
    out = subprocess.run([cli, "predict", "--model", model] + files, check=True, capture_output=True, text=True).stdout
    return [line.split("\t")[1] for line in out.strip().splitlines()]


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    mnist = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "..", "shared", "datasets", "mnist")
    cli = os.path.join(build, "app", "cli", "digitpad-cli")
    base = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "models", "default.dpm")
    cache = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
    digits = os.path.join(cache, "digitpad", "opencv-digits")
    rng = random.Random(4)
    work = tempfile.mkdtemp(prefix="digitpad-teach-")
    for name, (label, strokes) in STYLES.items():
        teach_dir = os.path.join(work, name, "teach", str(label))
        test_dir = os.path.join(work, name, "test")
        os.makedirs(teach_dir)
        os.makedirs(test_dir)
        for i in range(5):
            render(strokes, os.path.join(teach_dir, f"{i}.png"), rng)
        tests = [os.path.join(test_dir, f"{i}.png") for i in range(40)]
        for path in tests:
            render(strokes, path, rng)
        before = predict(cli, base, tests)
        if sum(p == str(label) for p in before) > 30:
            print(f"{name}: already read by the shipped model ({before.count(str(label))}/40), skipped")
            continue
        tuned = os.path.join(work, name, "tuned.dpm")
        # The shipped model's own split (4500/500, seed 0): the 500 held-out digits are unseen by both.
        run = subprocess.run([cli, "train", "--init-model", base, "--data", digits, "--train-count", "4500",
                              "--test-count", "500", "--split-seed", "0", "--user-digits",
                              os.path.join(work, name, "teach"), "--quiet", "--json", "--out", tuned],
                             check=True, capture_output=True, text=True)
        result = json.loads(run.stdout)
        after = predict(cli, tuned, tests)
        held_base = json.loads(subprocess.run([cli, "train", "--init-model", base, "--data", digits, "--train-count",
                                               "4500", "--test-count", "500", "--split-seed", "0",
                                               "--iterations", "1", "--learning-rate", "1e-12", "--quiet", "--json"],
                                              check=True, capture_output=True, text=True).stdout)["test_accuracy"]
        line = (f"{name}: new drawings of the style read right {before.count(str(label))}/40 before, "
                f"{after.count(str(label))}/40 after fine-tuning on 5; held-out default digits "
                f"{100 * held_base:.1f}% -> {100 * result['test_accuracy']:.1f}%")
        if os.path.isdir(mnist):
            accuracies = []
            for model in (base, tuned):
                out = subprocess.run([cli, "eval", "--model", model, "--data", mnist, "--json"], check=True,
                                     capture_output=True, text=True).stdout
                accuracies.append(json.loads(out)["accuracy"])
            line += f"; MNIST t10k {100 * accuracies[0]:.2f}% -> {100 * accuracies[1]:.2f}%"
        print(line, flush=True)


if __name__ == "__main__":
    main()
