// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Which networks read digits and what their classes mean: the one place the
// CLI, the app, the comparisons and the training runs ask.
//
// A digit model takes one digit as MNIST draws it (784 values for a
// perceptron, a 1x28x28 map for a convolutional network) and answers either
// the ten digits or eleven classes, the last of which (kNotADigitLabel) means
// "this drawing is not a digit". Every model file of versions 1 and 2 written
// before the eleventh class existed has ten outputs and reads as it always did.

#include "core/data/dataset.h"
#include "core/nn/architecture.h"
#include "core/nn/network.h"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace digitpad {

// Why `architecture` cannot read drawn digits ("the network maps 100 inputs to
// 10 classes; digits need 784 (28x28) inputs and 10 classes, or 11 with not a
// digit"), or nothing when it can.
std::optional<std::string> digit_model_problem(const Architecture& architecture);
inline bool reads_digits(const Architecture& architecture) { return !digit_model_problem(architecture); }

// Whether the model has the not-a-digit output.
inline bool answers_not_a_digit(const Architecture& architecture) {
  return architecture.outputs == kClassCountWithNotADigit;
}

// How a class is printed: "0".."9", or "not-a-digit" for kNotADigitLabel.
std::string class_name(int class_index);

// The set without its not-a-digit drawings (for a ten-output model).
Dataset digits_only(const Dataset& data);

// The classes of a training run, decided in one place for the CLI and the app:
// a new network gets the not-a-digit output when its training set holds such
// drawings; a model being fine-tuned (`fine_tuned`) keeps its classes, so a
// ten-class one is trained and tested on the digits alone. Returns the output
// count and drops from `data` what that network cannot learn.
int fit_classes(TrainTestSplit& data, const Architecture* fine_tuned);

// The digits of `data` that both networks can answer: all of it when both
// have the not-a-digit output, else the digits alone.
Dataset common_classes(const Dataset& data, const Architecture& a, const Architecture& b);

// Makes "not a digit" `margin` less likely in log-odds against every digit, by
// lowering that output's bias: a drawing must then look clearly unlike any
// digit to be waved away. A decision threshold, chosen on held-out data
// (models/README.md), folded into the weights so that every reader of the
// model file, ONNX included, answers alike. Nothing for a ten-class network.
void lower_not_a_digit(Network& network, float margin);

// The most likely digit among the first ten classes, ignoring not-a-digit:
// the best guess the app still shows beside "not a digit".
int best_digit(const Eigen::Ref<const Eigen::VectorXf>& probabilities);

}  // namespace digitpad
