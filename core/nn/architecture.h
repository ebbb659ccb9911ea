// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/digit_frame.h"
#include "core/nn/activation.h"
#include "core/nn/layer_spec.h"
#include "core/nn/shape.h"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace digitpad {

// The shape of a classifier: an input shape, a list of hidden layers, and a
// softmax output over `outputs` classes (implied, never in the list). The kinds
// that take an activation (dense, convolution) are followed by the one
// network-wide activation.
struct Architecture {
  Shape input{1, kImageSide, kImageSide};
  std::vector<LayerSpec> layers = {LayerSpec::dense(1000)};
  int outputs = kClassCount;
  Activation activation = Activation::Tanh;

  // A multilayer perceptron, the only kind version-1 files hold: `inputs`
  // values (784 are taken as a 1x28x28 digit), dense hidden layers, softmax.
  static Architecture mlp(int inputs, const std::vector<int>& hidden, int outputs,
                          Activation activation = Activation::Tanh);

  Eigen::Index input_size() const { return input.size(); }
  // True when every hidden layer is dense (what version-1 files can describe).
  bool dense_only() const;
  // Number of floats in all weights and biases; the architecture must be valid.
  Eigen::Index parameter_count() const;
  // Number of floats of persistent, untrained state (see Network::persistent()).
  Eigen::Index persistent_count() const;
  // Throws Error naming the first layer that does not fit (a 1x1 map pooled,
  // a zero-size layer, too many values or parameters; see core/nn/limits.h).
  void validate() const;

  bool operator==(const Architecture&) const = default;
};

// One layer of a valid architecture with the shapes it maps between; the last
// entry is the softmax output layer (a dense layer without activation).
struct PlannedLayer {
  LayerSpec spec;
  Shape input;
  Shape output;
  Eigen::Index parameters = 0;  // trained: weights, biases, scales
  Eigen::Index persistent = 0;  // kept but not trained: running statistics
  bool is_output = false;
};

// Works the shapes out layer by layer, checking each against the limits: the
// one place that decides whether a layer list fits its input.
std::vector<PlannedLayer> plan_layers(const Architecture& architecture);

// "784 → 1000 tanh → 10 softmax" for a perceptron,
// "1x28x28 → conv32@5 relu → pool2 → dense128 relu → 10 softmax" otherwise.
std::string architecture_text(const Architecture& architecture);

}  // namespace digitpad
