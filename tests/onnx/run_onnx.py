#!/usr/bin/python3
"""Runs an exported DigitPad ONNX model outside DigitPad, for test_onnx_export.

Usage: run_onnx.py MODEL.onnx DIGITS.f32 EXPECTED.f32

DIGITS.f32 holds N digits as little-endian float32, 784 values each (28x28
row by row, 0..1); EXPECTED.f32 holds DigitPad's N x 10 probabilities for
them. The model goes through onnx.checker.check_model (with shape inference)
and OpenCV's dnn module (cv2.dnn.readNetFromONNX), one digit per forward
pass as its 1x1x28x28 input says. Prints one JSON line:
  {"count": N, "max_abs_diff": D, "mismatched": M, "opset": 13, ...}
and leaves the judging to the caller. Exit status 3 when python3-onnx,
python3-opencv or numpy is missing (the test then skips), 1 on any other
failure, else 0.
"""

import json
import sys

try:
    import cv2
    import numpy as np
    import onnx
except ImportError as error:  # the test skips, naming what is missing
    print(f"missing Python module: {error.name} (scripts/test.sh installs python3-onnx and python3-opencv)")
    sys.exit(3)


def dims(value_info):
    return [d.dim_value for d in value_info.type.tensor_type.shape.dim]


def main(model_path, digits_path, expected_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    (graph_input,) = model.graph.input
    (graph_output,) = model.graph.output
    classes = dims(graph_output)[1]

    digits = np.fromfile(digits_path, dtype="<f4").reshape(-1, 1, 28, 28)
    expected = np.fromfile(expected_path, dtype="<f4").reshape(len(digits), classes)

    net = cv2.dnn.readNetFromONNX(model_path)
    got = np.empty_like(expected)
    for i, digit in enumerate(digits):
        net.setInput(np.ascontiguousarray(digit[np.newaxis]), graph_input.name)
        got[i] = net.forward(graph_output.name).reshape(-1)

    mismatched = int(np.count_nonzero(got.argmax(axis=1) != expected.argmax(axis=1)))
    print(json.dumps({
        "count": len(digits),
        "max_abs_diff": float(np.abs(got - expected).max()),
        "mismatched": mismatched,
        "opset": model.opset_import[0].version,
        "input": graph_input.name,
        "input_shape": dims(graph_input),
        "output": graph_output.name,
        "output_shape": dims(graph_output),
        "row_sum_error": float(np.abs(got.sum(axis=1) - 1).max()),
        "onnx": onnx.__version__,
        "opencv": cv2.__version__,
    }))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(1)
    sys.exit(main(*sys.argv[1:]))
