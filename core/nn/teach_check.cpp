// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/teach_check.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace digitpad {

std::vector<int> nearest_labels(const Dataset& examples, const Eigen::VectorXf& input, int k) {
  if (examples.empty() || input.size() != examples.images.rows() || k <= 0) return {};
  // |x - e|^2 = |e|^2 - 2 e.x + |x|^2; the last term is the same for all.
  const Eigen::VectorXf distances =
      examples.images.colwise().squaredNorm().transpose() - 2.0f * (examples.images.transpose() * input);
  std::vector<int> order(static_cast<std::size_t>(examples.count()));
  std::iota(order.begin(), order.end(), 0);
  const auto middle = order.begin() + std::min<std::ptrdiff_t>(k, examples.count());
  std::partial_sort(order.begin(), middle, order.end(), [&](int a, int b) { return distances[a] < distances[b]; });
  std::vector<int> labels;
  for (auto it = order.begin(); it != middle; ++it) labels.push_back(examples.labels[static_cast<std::size_t>(*it)]);
  return labels;
}

std::optional<TeachDoubt> doubt_about_teaching(const Eigen::VectorXf& input, int digit,
                                               const Eigen::VectorXf& probabilities, const Dataset* examples) {
  if (probabilities.size() > 0) {
    Eigen::Index read = 0;
    const float confidence = probabilities.maxCoeff(&read);
    if (read == digit) return std::nullopt;
    if (confidence >= kTeachDoubtConfidence) {
      TeachDoubt doubt;
      doubt.reason = TeachDoubt::Reason::ReadAsAnother;
      doubt.other_digit = static_cast<int>(read);
      doubt.confidence = confidence;
      return doubt;
    }
  }
  if (examples == nullptr || examples->empty()) return std::nullopt;
  const std::vector<int> labels = nearest_labels(*examples, input, kTeachNeighbours);
  std::array<int, kClassCount> votes{};
  for (const int label : labels)
    if (label >= 0 && label < kClassCount) ++votes[static_cast<std::size_t>(label)];
  const auto most = std::max_element(votes.begin(), votes.end());
  const int other = static_cast<int>(most - votes.begin());
  if (other == digit || *most < kTeachNeighboursAgainst) return std::nullopt;
  TeachDoubt doubt;
  doubt.reason = TeachDoubt::Reason::AmongOthers;
  doubt.other_digit = other;
  doubt.neighbours_like_other = *most;
  doubt.neighbours = static_cast<int>(labels.size());
  return doubt;
}

}  // namespace digitpad
