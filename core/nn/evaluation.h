// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/nn/network.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace digitpad {

// Everything the app's "mistakes" view needs from one pass of a model over a
// labelled set: each digit's prediction and how sure the model was, the
// confusion matrix, and how busy each first-layer unit was (to pick the
// hidden units worth looking at).
struct EvaluationReport {
  std::vector<std::uint8_t> truth;  // the set's labels, one per digit
  std::vector<int> predicted;       // most likely class of each digit
  std::vector<float> confidence;    // its softmax probability, in (0,1]
  ConfusionMatrix confusion;        // counts[true][predicted], classes x classes
  int correct = 0;
  // Mean |output| of each value of the first hidden layer's output over the
  // set (a dense layer's units, a convolution's maps pixel by pixel); empty for
  // a network without hidden layers or an empty set.
  Eigen::VectorXf mean_abs_hidden_activation;

  int count() const { return static_cast<int>(truth.size()); }
  // Share of digits classified right; 0 for an empty set.
  float accuracy() const;
  // Indices of the digits with this true and predicted class, in set order.
  std::vector<int> samples_in_cell(int true_class, int predicted_class) const;
  // Expected calibration error: the digits binned by their confidence into
  // `bins` equal-width bins, and the gap between each bin's mean confidence
  // and its accuracy, weighted by its share of the set. 0.01 means a printed
  // "90 %" is right about 89-91 % of the time. 0 for an empty set.
  float calibration_error(int bins = 15) const;
};

// The share of each true class read right (row c: counts[c][c] / row total);
// 0 for a class with no digits.
std::vector<float> class_accuracies(const ConfusionMatrix& confusion);

// One batched pass of `network` over `data`. Throws Error("<source>: ...") when
// the set's images do not have the network's input size or a label is not
// one of its classes.
EvaluationReport evaluate_model(const Network& network, const Dataset& data);

}  // namespace digitpad
