#include "data/training_data.h"

#include "data/idx_file.h"
#include "data/mnist_folder.h"
#include "util/error.h"

#include <cstdlib>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

namespace digitpad {
namespace {

void check_count(const std::optional<int>& count, const char* what) {
  if (count && *count <= 0)
    throw Error(std::string(what) + " must be positive (got " + std::to_string(*count) + ")");
}

// `count` digits of `data` picked by a seeded shuffle, or all of them in file
// order when no count was asked for. The Fisher-Yates draw is written out
// (rather than std::shuffle) so that a seed picks the same digits with every
// standard library.
Dataset seeded_sample(const Dataset& data, std::optional<int> count, std::uint64_t seed,
                      const char* what) {
  if (!count) return data;
  if (*count > data.count())
    throw Error(data.source + ": " + what + " of " + std::to_string(*count) +
                " digits asked for, but the set holds only " + std::to_string(data.count()));
  std::vector<int> indices(static_cast<std::size_t>(data.count()));
  std::iota(indices.begin(), indices.end(), 0);
  std::mt19937_64 engine(seed);
  for (std::size_t i = indices.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(engine() % i);
    std::swap(indices[i - 1], indices[j]);
  }
  indices.resize(static_cast<std::size_t>(*count));
  return subset(data, indices);
}

// One set: two disjoint seeded subsets of it, with the seed project's sizes by default.
TrainTestSplit split_one_set(const Dataset& data, const DataRequest& request) {
  const int train_count = request.train_count.value_or(kDefaultTrainCount);
  const int test_count = request.test_count.value_or(kDefaultTestCount);
  // Checked here too so that the message names the set rather than only the numbers.
  if (static_cast<long long>(train_count) + test_count > data.count())
    throw Error(data.source + ": holds " + std::to_string(data.count()) + " digits, fewer than the " +
                std::to_string(train_count) + " training + " + std::to_string(test_count) +
                " test digits asked for");
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

}  // namespace

TrainTestSplit load_training_data(const DataRequest& request) {
  check_count(request.train_count, "the number of training digits");
  check_count(request.test_count, "the number of test digits");

  const bool has_folder = !request.folder.empty();
  const bool has_train_files = !request.train_images.empty() || !request.train_labels.empty();
  const bool has_test_files = !request.test_images.empty() || !request.test_labels.empty();
  if (has_folder && (has_train_files || has_test_files))
    throw Error(request.folder + ": give either a data folder or explicit image/label files, not both");
  if (!has_folder && !has_train_files)
    throw Error("no training data given (a data folder or a training image/label pair is needed)");

  if (has_folder) {
    const LoadedFolder loaded = load_mnist_folder(request.folder);
    if (loaded.test.empty()) return split_one_set(loaded.train, request);
    return sample_both(loaded.train, loaded.test, request);
  }

  if (request.train_images.empty() || request.train_labels.empty())
    throw Error((request.train_images.empty() ? request.train_labels : request.train_images) +
                ": training images and labels must be given together");
  if (has_test_files && (request.test_images.empty() || request.test_labels.empty()))
    throw Error((request.test_images.empty() ? request.test_labels : request.test_images) +
                ": test images and labels must be given together");

  const Dataset train = read_idx_pair(request.train_images, request.train_labels);
  if (!has_test_files) return split_one_set(train, request);
  const Dataset test = read_idx_pair(request.test_images, request.test_labels);
  return sample_both(train, test, request);
}

std::string default_digits_folder() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  std::string base;
  if (cache != nullptr && *cache != '\0') {
    base = cache;
  } else {
    const char* home = std::getenv("HOME");
    base = std::string(home != nullptr && *home != '\0' ? home : ".") + "/.cache";
  }
  return base + "/digitpad/opencv-digits";
}

std::string default_digits_hint() {
  return "run ./scripts/setup.sh (it fetches OpenCV's digits.png from Debian's opencv-doc package "
         "and converts it)";
}

}  // namespace digitpad
