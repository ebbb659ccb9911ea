// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The data options that `train` and `bench` share, so that a benchmark
// measures exactly what the same options would train on.

#include "core/data/training_data.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {

// What the data options hold after parsing; unset means "not given".
struct DataOptions {
  std::vector<std::string> folders;        // --data, repeatable
  std::vector<std::string> image_folders;  // --image-folder, repeatable
  std::optional<std::string> train_images, train_labels, test_images, test_labels;
  std::optional<int> train_count, test_count;
  std::optional<std::uint64_t> split_seed;
};

// Declares --data, --image-folder, --train-images/--train-labels,
// --test-images/--test-labels, --train-count, --test-count and --split-seed in
// the "Data" group of `command`, bound to `options`, with the combinations
// CLI11 refuses (--data with an explicit pair, an image file without its labels).
void add_data_options(CLI::App& command, DataOptions& options);

// Without any data option: the default digits folder, or Error with the set-up
// hint when it is missing. Image folders (--image-folder) are decoded here,
// into request.extra_sets; a bad image throws Error naming its file.
DataRequest data_request_from(const DataOptions& options);

// A short description of where the data came from, for the model file.
std::string describe_data(const DataRequest& request);

}  // namespace digitpad::cli
