// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include "core/nn/activation.h"
#include "core/nn/layers/layer.h"

namespace digitpad {

// Fully connected: out = f(W in + b), W units x inputs (column-major, as in
// version-1 model files), then b. The output layer has no activation: the
// network applies the softmax.
class DenseLayer final : public Layer {
 public:
  DenseLayer(const Shape& input, int units, std::optional<Activation> activation);

  Eigen::Index parameter_count() const override { return weight_count() + output_shape().size(); }
  Eigen::Index weight_count() const override { return output_shape().size() * input_shape().size(); }
  Eigen::Index weight_rows() const override { return output_shape().size(); }
  Eigen::Index fan_in() const override { return input_shape().size(); }
  std::unique_ptr<LayerState> make_state() const override;

  void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
               const PassMode& mode) const override;
  void backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                LayerState* state) const override;

 private:
  std::optional<Activation> activation_;
};

}  // namespace digitpad
