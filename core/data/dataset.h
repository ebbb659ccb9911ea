// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/digit_frame.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace digitpad {

// A labelled set of 28x28 digits. One digit per column (the layout every batch
// product in nn/ expects), pixels row-major within the column, float32 in [0,1]
// with 0 = background and 1 = ink, exactly as MNIST stores them.
struct Dataset {
  Eigen::MatrixXf images;            // kImagePixels x count
  std::vector<std::uint8_t> labels;  // count entries, each 0..9 or kNotADigitLabel
  std::string source;                // where it came from, for messages and metadata

  int count() const { return static_cast<int>(labels.size()); }
  bool empty() const { return labels.empty(); }
};

// The digits at `indices`, in that order.
Dataset subset(const Dataset& data, const std::vector<int>& indices);

// Concatenates several sets (e.g. default digits + a user's own digits).
Dataset concatenate(const std::vector<const Dataset*>& parts, std::string source);

struct TrainTestSplit {
  Dataset train;
  Dataset test;
};

// Two disjoint random subsets of one set: a seeded shuffle of all indices, the
// first `train_count` for training and the next `test_count` for testing.
// Throws Error when the set holds fewer than train_count + test_count digits.
TrainTestSplit split_disjoint(const Dataset& data, int train_count, int test_count, std::uint64_t seed);

// One-hot targets (classes x count) for a cross-entropy cost.
Eigen::MatrixXf one_hot(const std::vector<std::uint8_t>& labels, int classes = kClassCount);

// Whether any label is kNotADigitLabel: such a set trains a model with a
// not-a-digit output.
bool has_not_a_digit(const std::vector<std::uint8_t>& labels);

}  // namespace digitpad
