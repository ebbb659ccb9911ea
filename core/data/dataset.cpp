// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/dataset.h"

#include "core/util/error.h"
#include "core/util/random.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <utility>

namespace digitpad {
namespace {

std::string name_of(const Dataset& data) { return data.source.empty() ? std::string("dataset") : data.source; }

// Every function here indexes images by label position; a set whose matrix and
// labels disagree would read out of bounds, so it is refused up front.
void check_shape(const Dataset& data) {
  if (data.images.cols() != data.count() || (data.count() > 0 && data.images.rows() != kImagePixels))
    throw Error(name_of(data) + ": holds " + std::to_string(data.images.cols()) + " images of " +
                std::to_string(data.images.rows()) + " pixels but " + std::to_string(data.count()) + " labels");
}

}  // namespace

Dataset subset(const Dataset& data, const std::vector<int>& indices) {
  check_shape(data);
  Dataset out;
  out.source = data.source;
  out.images.resize(kImagePixels, static_cast<Eigen::Index>(indices.size()));
  out.labels.resize(indices.size());
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const int i = indices[k];
    if (i < 0 || i >= data.count())
      throw Error(name_of(data) + ": index " + std::to_string(i) + " is outside a set of " +
                  std::to_string(data.count()) + " digits");
    out.images.col(static_cast<Eigen::Index>(k)) = data.images.col(i);
    out.labels[k] = data.labels[static_cast<std::size_t>(i)];
  }
  return out;
}

Dataset concatenate(const std::vector<const Dataset*>& parts, std::string source) {
  Eigen::Index total = 0;
  for (const Dataset* part : parts) {
    if (part == nullptr) throw Error(source + ": cannot concatenate a missing set");
    check_shape(*part);
    total += part->count();
  }
  Dataset out;
  out.source = std::move(source);
  out.images.resize(kImagePixels, total);
  out.labels.reserve(static_cast<std::size_t>(total));
  Eigen::Index next = 0;
  for (const Dataset* part : parts) {
    if (part->empty()) continue;
    out.images.middleCols(next, part->count()) = part->images;
    out.labels.insert(out.labels.end(), part->labels.begin(), part->labels.end());
    next += part->count();
  }
  return out;
}

TrainTestSplit split_disjoint(const Dataset& data, int train_count, int test_count, std::uint64_t seed) {
  if (train_count < 0 || test_count < 0)
    throw Error(name_of(data) + ": cannot split into " + std::to_string(train_count) + " training and " +
                std::to_string(test_count) + " test digits (counts must not be negative)");
  const long long wanted = static_cast<long long>(train_count) + test_count;
  if (wanted > data.count())
    throw Error(name_of(data) + ": cannot take " + std::to_string(train_count) + " training + " +
                std::to_string(test_count) + " test digits from a set of " + std::to_string(data.count()));

  const std::vector<int> order = shuffled_indices(data.count(), seed);
  const auto train_end = order.begin() + train_count;
  const auto test_end = train_end + test_count;

  TrainTestSplit split;
  split.train = subset(data, std::vector<int>(order.begin(), train_end));
  split.test = subset(data, std::vector<int>(train_end, test_end));
  const std::string suffix = ", seed " + std::to_string(seed) + ")";
  split.train.source = name_of(data) + " (" + std::to_string(train_count) + " for training" + suffix;
  split.test.source = name_of(data) + " (" + std::to_string(test_count) + " for testing" + suffix;
  return split;
}

Eigen::MatrixXf one_hot(const std::vector<std::uint8_t>& labels, int classes) {
  Eigen::MatrixXf targets = Eigen::MatrixXf::Zero(classes, static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= classes)
      throw Error("labels: label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                  " is not one of the " + std::to_string(classes) + " classes");
    targets(labels[i], static_cast<Eigen::Index>(i)) = 1.0f;
  }
  return targets;
}

bool has_not_a_digit(const std::vector<std::uint8_t>& labels) {
  return std::find(labels.begin(), labels.end(), static_cast<std::uint8_t>(kNotADigitLabel)) != labels.end();
}

}  // namespace digitpad
