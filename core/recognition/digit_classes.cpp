// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/recognition/digit_classes.h"

#include <algorithm>

namespace digitpad {

std::optional<std::string> digit_model_problem(const Architecture& architecture) {
  // A perceptron sees 784 values in a row; convolutions and pooling see the
  // input's shape, which must then be the digit's own.
  const bool takes_digits = architecture.dense_only() ? architecture.input_size() == kImagePixels
                                                      : architecture.input == Shape{1, kImageSide, kImageSide};
  const bool has_digit_classes =
      architecture.outputs == kClassCount || architecture.outputs == kClassCountWithNotADigit;
  if (takes_digits && has_digit_classes) return std::nullopt;
  const std::string inputs =
      architecture.dense_only() ? std::to_string(architecture.input_size()) : architecture.input.text();
  return "the network maps " + inputs + " inputs to " + std::to_string(architecture.outputs) +
         " classes; digits need " + std::to_string(kImagePixels) + " (28x28) inputs and " +
         std::to_string(kClassCount) + " classes, or " + std::to_string(kClassCountWithNotADigit) +
         " with not a digit";
}

std::string class_name(int class_index) {
  return class_index == kNotADigitLabel ? std::string("not-a-digit") : std::to_string(class_index);
}

Dataset digits_only(const Dataset& data) {
  if (!has_not_a_digit(data.labels)) return data;
  std::vector<int> kept;
  for (int i = 0; i < data.count(); ++i)
    if (data.labels[static_cast<std::size_t>(i)] != kNotADigitLabel) kept.push_back(i);
  return subset(data, kept);
}

int fit_classes(TrainTestSplit& data, const Architecture* fine_tuned) {
  if (fine_tuned && !answers_not_a_digit(*fine_tuned)) {
    data.train = digits_only(data.train);
    data.test = digits_only(data.test);
    return fine_tuned->outputs;
  }
  if (fine_tuned) return fine_tuned->outputs;
  return has_not_a_digit(data.train.labels) ? kClassCountWithNotADigit : kClassCount;
}

Dataset common_classes(const Dataset& data, const Architecture& a, const Architecture& b) {
  return answers_not_a_digit(a) && answers_not_a_digit(b) ? data : digits_only(data);
}

void lower_not_a_digit(Network& network, float margin) {
  if (!answers_not_a_digit(network.architecture())) return;
  network.biases(network.layer_count() - 1)(kNotADigitLabel) -= margin;
}

int best_digit(const Eigen::Ref<const Eigen::VectorXf>& probabilities) {
  Eigen::Index best = 0;
  probabilities.head(std::min<Eigen::Index>(kClassCount, probabilities.size())).maxCoeff(&best);
  return static_cast<int>(best);
}

}  // namespace digitpad
