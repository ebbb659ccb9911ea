// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <cstdint>

namespace digitpad::limits {

// The one place where the sizes a network may have are set. The layer-list
// parser, Architecture::validate(), the model-file reader, the CLI and the
// app's network settings all read these: a typo or a corrupt file fails with a
// message naming the layer, never in malloc.

// Hidden layers in a layer list (the softmax output is implied).
constexpr int kMaxHiddenLayers = 16;
// Units of one dense layer.
constexpr int kMaxDenseUnits = 100'000;
// Filters of one convolution and the side of its (odd, square) kernel.
constexpr int kMaxFilters = 1024;
constexpr int kMaxKernel = 15;
// Side of a pooling window.
constexpr int kMaxPool = 28;
// Dropout rate: strictly between 0 and this.
constexpr float kMaxDropout = 0.95f;
// Values one layer may produce per digit: bounds a batch's activations (a
// 128-digit batch of the largest layer needs 512 MB).
constexpr Eigen::Index kMaxLayerOutput = Eigen::Index{1} << 20;
// Channels, height and width of the input.
constexpr int kMaxInputSide = 4096;
constexpr Eigen::Index kMaxInputSize = Eigen::Index{1} << 22;
// Classes at the output.
constexpr int kMaxOutputs = 1000;
// Weights and biases of the whole network: 50 million floats are 200 MB, and
// Adam keeps two more copies; far beyond any digit classifier.
constexpr Eigen::Index kMaxParameters = 50'000'000;
// Copies of the parameters a training run keeps: the weights, their gradient,
// the last good weights (restored on divergence), and the optimizer's state
// (Adam: two; momentum: one). Used to say what a network would need.
constexpr int kTrainingCopiesWithAdam = 5;

// Parameter updates in one run: far beyond any useful run (a billion updates
// of one digit each take days), and small enough for an int. An --epochs and
// --batch-size whose product is larger are refused before training starts.
constexpr std::int64_t kMaxIterations = 1'000'000'000;

// Memory: besides these fixed limits, a network's training run and a data set
// are checked against the machine's memory budget (util/memory_budget.h,
// half of its RAM) before anything is allocated; see training_memory_bytes()
// in nn/trainer.h and read_idx_pair() in data/idx_file.h.

}  // namespace digitpad::limits
