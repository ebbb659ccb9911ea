#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helper of scripts/bench-torch.sh (run it through that script, which sets the
threads and the OpenBLAS environment): the PyTorch side of the DigitPad vs
PyTorch speed benchmark, plus the bits of bookkeeping that are easier in Python.

  bench_torch.py data  --mnist DIR --count N --out DIR    the shared training digits as IDX files
  bench_torch.py train --data DIR --layers SPEC ...        one PyTorch run: JSON with s/epoch
  bench_torch.py flops --layers SPEC --count N             FLOPs of one training epoch
  bench_torch.py peak                                      float32 GEMM GFLOP/s, torch and NumPy
  bench_torch.py record --side S --arch A --flops F        a run's JSON (stdin) -> one result row
  bench_torch.py table RESULTS.jsonl                       the final table

The PyTorch model is built from DigitPad's own --layers string (parse_layers
below), so the two sides cannot drift apart.
"""

import argparse
import gzip
import json
import math
import statistics
import sys
import time

INPUT_SHAPE = (1, 28, 28)  # channels, height, width: one MNIST digit
OUTPUTS = 10               # the implied softmax output layer


# ---------------------------------------------------------------- layer spec

def parse_layers(spec):
    """DigitPad's --layers syntax -> [('conv', F, K) | ('pool', P) | ('dense', N)].

    Only what a fair speed comparison needs: dropout (dropR) is refused, since
    neither side may use it here."""
    if spec.strip() in ("", "none"):
        return []
    layers = []
    for part in (p.strip() for p in spec.split(",")):
        if part.startswith("dense"):
            layers.append(("dense", int(part[5:])))
        elif part.startswith("conv"):
            filters, kernel = part[4:].split("@")
            if int(kernel) % 2 == 0:
                sys.exit(f"bench_torch.py: {part}: the kernel size must be odd ('same' padding)")
            layers.append(("conv", int(filters), int(kernel)))
        elif part.startswith("pool"):
            layers.append(("pool", int(part[4:])))
        else:
            sys.exit(f"bench_torch.py: layer '{part}' is not denseN, convF@K or poolP")
    return layers


def weighted_layers(spec):
    """The layers with weights, each with its forward FLOPs per sample,
    output layer included: [(name, forward_flops)], shapes followed through."""
    channels, height, width = INPUT_SHAPE
    flat = None  # the vector size once a dense layer has flattened the maps
    result = []
    for layer in parse_layers(spec):
        if layer[0] == "conv":
            _, filters, kernel = layer
            if flat is not None:
                sys.exit("bench_torch.py: a conv layer after a dense one is not supported")
            # Stride 1, 'same' padding: every output pixel is a dot product of C*K*K.
            result.append((f"conv{filters}@{kernel}", 2 * height * width * filters * channels * kernel * kernel))
            channels = filters
        elif layer[0] == "pool":
            height, width = height // layer[1], width // layer[1]  # MaxPool2d floors
        else:
            inputs = flat if flat is not None else channels * height * width
            result.append((f"dense{layer[1]}", 2 * inputs * layer[1]))
            flat = layer[1]
    inputs = flat if flat is not None else channels * height * width
    result.append(("output", 2 * inputs * OUTPUTS))
    return result


def flops_per_sample(spec):
    """Forward + backward FLOPs of one training sample. The backward pass of a
    layer is a weight gradient and an input gradient, each as costly as its
    forward product, except the first layer: nothing upstream needs its input
    gradient. Pooling, activations, bias, loss and the optimizer step are
    left out (memory-bound, a few percent at most)."""
    total = 0
    for index, (_, forward) in enumerate(weighted_layers(spec)):
        total += forward * (2 if index == 0 else 3)
    return total


def build_model(spec, torch):
    """The PyTorch twin of a DigitPad network: ReLU after every hidden layer
    with weights, bias everywhere, flatten (NCHW order, as DigitPad stores a
    map) before the first dense layer, then the 10-way output (softmax is in
    the loss)."""
    nn = torch.nn
    channels, height, width = INPUT_SHAPE
    flat = None
    modules = []
    for layer in parse_layers(spec):
        if layer[0] == "conv":
            _, filters, kernel = layer
            modules += [nn.Conv2d(channels, filters, kernel, stride=1, padding=kernel // 2, bias=True), nn.ReLU()]
            channels = filters
        elif layer[0] == "pool":
            modules.append(nn.MaxPool2d(layer[1]))
            height, width = height // layer[1], width // layer[1]
        else:
            if flat is None:
                modules.append(nn.Flatten())
                flat = channels * height * width
            modules += [nn.Linear(flat, layer[1]), nn.ReLU()]
            flat = layer[1]
    if flat is None:
        modules.append(nn.Flatten())
        flat = channels * height * width
    modules.append(nn.Linear(flat, OUTPUTS))
    return nn.Sequential(*modules)


# ---------------------------------------------------------------- IDX files

def read_idx(path):
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        raw = file.read()
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(raw[3])]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def write_idx(path, array):
    magic = 3 if array.ndim == 3 else 1
    head = bytes([0, 0, 8, magic]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with open(path, "wb") as file:
        file.write(head + array.tobytes())


def command_data(args):
    """The first COUNT digits of the MNIST test set as this folder's training
    pair, so that both sides read exactly the same file. DigitPad's bench
    needs a test pair too (it never uses it): one digit, the smallest allowed."""
    images = read_idx(f"{args.mnist}/t10k-images-idx3-ubyte.gz")
    labels = read_idx(f"{args.mnist}/t10k-labels-idx1-ubyte.gz")
    if not 1 <= args.count <= len(labels):
        sys.exit(f"bench_torch.py: --count must be 1 to {len(labels)}")
    write_idx(f"{args.out}/train-images-idx3-ubyte", images[:args.count])
    write_idx(f"{args.out}/train-labels-idx1-ubyte", labels[:args.count])
    write_idx(f"{args.out}/t10k-images-idx3-ubyte", images[:1])
    write_idx(f"{args.out}/t10k-labels-idx1-ubyte", labels[:1])


# ---------------------------------------------------------------- PyTorch run

def command_train(args):
    """One PyTorch run shaped like one `digitpad-cli bench` run: WARMUP untimed
    iterations, then one epoch's worth of timed iterations (ceil(N/batch)) from
    the same endless stream of freshly shuffled epochs. Any that many
    consecutive iterations hold exactly one reshuffle and one short last batch,
    as DigitPad's timed window does."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images = torch.from_numpy(read_idx(f"{args.data}/train-images-idx3-ubyte").copy())
    labels = torch.from_numpy(read_idx(f"{args.data}/train-labels-idx1-ubyte").astype("int64"))
    x = (images.float() / 255.0).unsqueeze(1).contiguous()  # N x 1 x 28 x 28, scaled 0..1 as DigitPad's
    count = len(labels)

    model = build_model(args.layers, torch)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    generator = torch.Generator().manual_seed(args.seed)

    def batches():
        while True:
            order = torch.randperm(count, generator=generator)
            for first in range(0, count, args.batch_size):
                members = order[first:first + args.batch_size]
                yield x[members], labels[members]

    def step(inputs, targets):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        return loss

    stream = batches()
    for _ in range(args.warmup):
        step(*next(stream))
    per_epoch = math.ceil(count / args.batch_size)
    start = time.perf_counter()
    for _ in range(per_epoch):
        loss = step(*next(stream))
    seconds = time.perf_counter() - start
    if not math.isfinite(loss.item()):
        sys.exit("bench_torch.py: the PyTorch run diverged")
    print(json.dumps({"s_per_epoch": seconds, "iterations": per_epoch, "warmup": args.warmup,
                      "train_count": count, "threads": torch.get_num_threads(),
                      "final_loss": loss.item(), "torch": torch.__version__}))


# ---------------------------------------------------------------- the rest

def command_flops(args):
    print(flops_per_sample(args.layers) * args.count)


def command_peak(args):
    """Best-of-N GFLOP/s of a float32 SIZE x SIZE matrix product, through
    torch.mm and through NumPy (each with its own BLAS), on THREADS threads."""
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    flops = 2.0 * args.size ** 3
    a, b = torch.rand(args.size, args.size), torch.rand(args.size, args.size)
    na, nb = a.numpy(), b.numpy()

    def best(product):
        product()  # warm-up: thread start-up, page faults
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            product()
            times.append(time.perf_counter() - start)
        return flops / min(times) / 1e9

    print(json.dumps({"torch_mm": best(lambda: torch.mm(a, b)), "numpy_matmul": best(lambda: na @ nb),
                      "size": args.size, "threads": args.threads}))


def command_record(args):
    """One run's JSON on stdin (`digitpad-cli bench --json` or `train` above)
    -> one result row on stdout, s/epoch on stderr as progress. DigitPad's
    bench reports ms per iteration over a window of exactly one epoch's
    iterations, so s/epoch = ms/iteration * iterations / 1000."""
    text = sys.stdin.read().strip()
    if not text:  # the run itself failed and has said why on stderr
        sys.exit(f"bench_torch.py: no result from the {args.side} run of {args.arch}")
    run = json.loads(text)
    if args.side == "digitpad":
        seconds = run["ms_per_iteration_median"] * run["iterations"] / 1000.0
    else:
        seconds = run["s_per_epoch"]
    print(json.dumps({"kind": "run", "side": args.side, "arch": args.arch, "flops_per_epoch": args.flops,
                      "s_per_epoch": seconds, "raw": run}))
    print(f"    {args.side:<9} {seconds:8.3f} s/epoch  {args.flops / seconds / 1e9:7.1f} GFLOP/s", file=sys.stderr)


def command_table(args):
    rows = [json.loads(line) for line in open(args.results)]
    peaks = [r for r in rows if r["kind"] == "peak"]
    peak = max(max(r["torch_mm"], r["numpy_matmul"]) for r in peaks)
    runs = [r for r in rows if r["kind"] == "run"]
    archs = list(dict.fromkeys(r["arch"] for r in runs))

    def median(arch, side):
        values = [r["s_per_epoch"] for r in runs if r["arch"] == arch and r["side"] == side]
        return statistics.median(values), values

    width = max(len("architecture"), *(len(arch) for arch in archs)) + 2
    header = f"{'architecture':<{width}}{'DigitPad s/ep':>14}{'PyTorch s/ep':>14}{'DP/PT':>8}{'DigitPad GFLOP/s':>22}{'PyTorch GFLOP/s':>22}"
    print(header)
    print("-" * len(header))
    for arch in archs:
        flops = next(r["flops_per_epoch"] for r in runs if r["arch"] == arch)
        ours, ours_all = median(arch, "digitpad")
        theirs, theirs_all = median(arch, "pytorch")
        ours_rate, theirs_rate = flops / ours / 1e9, flops / theirs / 1e9
        print(f"{arch:<{width}}{ours:>14.3f}{theirs:>14.3f}{ours / theirs:>8.2f}"
              f"{ours_rate:>12.1f} ({100 * ours_rate / peak:>4.1f}%){theirs_rate:>12.1f} ({100 * theirs_rate / peak:>4.1f}%)")
        print(f"{'':<4}{flops / 1e9:.1f} GFLOP/epoch; all runs DigitPad "
              f"{' '.join(f'{v:.3f}' for v in ours_all)} | PyTorch {' '.join(f'{v:.3f}' for v in theirs_all)}")
    print("-" * len(header))
    print(f"float32 GEMM peak {peak:.1f} GFLOP/s (best of: "
          + "; ".join(f"torch.mm {r['torch_mm']:.1f}, NumPy {r['numpy_matmul']:.1f}" for r in peaks)
          + f"; {peaks[0]['size']}x{peaks[0]['size']}, {peaks[0]['threads']} threads); "
          "DP/PT above 1 means DigitPad is slower")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data")
    data.add_argument("--mnist", required=True)
    data.add_argument("--count", type=int, required=True)
    data.add_argument("--out", required=True)
    data.set_defaults(run=command_data)

    train = commands.add_parser("train")
    train.add_argument("--data", required=True)
    train.add_argument("--layers", required=True)
    train.add_argument("--batch-size", type=int, default=128)
    train.add_argument("--learning-rate", type=float, default=1e-3)
    train.add_argument("--warmup", type=int, required=True)
    train.add_argument("--threads", type=int, default=2)
    train.add_argument("--seed", type=int, default=1)
    train.set_defaults(run=command_train)

    flops = commands.add_parser("flops")
    flops.add_argument("--layers", required=True)
    flops.add_argument("--count", type=int, required=True)
    flops.set_defaults(run=command_flops)

    peak = commands.add_parser("peak")
    peak.add_argument("--size", type=int, default=2048)
    peak.add_argument("--repeats", type=int, default=5)
    peak.add_argument("--threads", type=int, default=2)
    peak.set_defaults(run=command_peak)

    record = commands.add_parser("record")
    record.add_argument("--side", choices=("digitpad", "pytorch"), required=True)
    record.add_argument("--arch", required=True)
    record.add_argument("--flops", type=int, required=True)
    record.set_defaults(run=command_record)

    table = commands.add_parser("table")
    table.add_argument("results")
    table.set_defaults(run=command_table)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
