// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"

#include <string>

namespace digitpad {

// ONNX export (opset kOnnxOpset, which ONNX Runtime, Netron and OpenCV 4.6's
// dnn importer all read). The graph takes one digit as DigitPad's network sees
// it and gives the ten class probabilities:
//
//   input          float32 [1, C, H, W]  (1x1x28x28 for a digit model: the
//                  28x28 image row by row in MNIST's 0..1 scale, ink high,
//                  after the canvas's preprocessing)
//   probabilities  float32 [1, outputs]  (softmax applied)
//
// Layer by layer: dense -> Flatten (from a map) + Gemm, conv -> Conv (pads
// K/2, stride 1), pool -> MaxPool (kernel P, stride P, floor), the network's
// activation -> Tanh / Relu / Sigmoid, dropout -> nothing (identity at
// inference), a map after a dense layer -> Reshape, then the output Gemm and
// Softmax. Weights are copied as float32 without change.
inline constexpr int kOnnxOpset = 13;
inline constexpr const char* kOnnxInputName = "input";
inline constexpr const char* kOnnxOutputName = "probabilities";

// The serialized ONNX model, already checked with onnx::checker::check_model.
// `info` goes into the model's metadata (name, training data, accuracy).
// Throws Error when the checker rejects the graph (a bug, never the user's).
std::string onnx_model_bytes(const Network& network, const ModelInfo& info);

// onnx_model_bytes() written atomically to `path` (core/io/atomic_file.h):
// readers see the old file or the whole new one. Throws Error("<path>: ...").
void export_onnx(const std::string& path, const Network& network, const ModelInfo& info);

}  // namespace digitpad
