// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <optional>
#include <string>

namespace digitpad {

// The standard MNIST file names inside one folder, each found with or without
// ".gz": train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte. A pair is present only when both of its files are.
struct MnistFolder {
  std::string folder;
  std::optional<std::string> train_images, train_labels;
  std::optional<std::string> test_images, test_labels;

  bool has_train() const { return train_images && train_labels; }
  bool has_test() const { return test_images && test_labels; }
};

// Throws Error("<dir>: ...") when the folder does not exist or holds neither pair
// (the message lists the names it looked for).
MnistFolder find_mnist_files(const std::string& dir);

// The sets found in a folder; `test` is empty when only one pair is there.
struct LoadedFolder {
  Dataset train;  // the train-* pair, or the t10k-* pair when that is the only one
  Dataset test;   // the t10k-* pair when both pairs are present, else empty
};
LoadedFolder load_mnist_folder(const std::string& dir);

// The digits to evaluate a model on from one folder: its t10k-* test pair when
// it has one, else its only pair. The one rule for `digitpad-cli eval --data`
// and the app's Mistakes window. Reads only that pair.
Dataset load_evaluation_pair(const std::string& dir);

}  // namespace digitpad
