// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/layers/layer.h"

namespace digitpad {

// Inverted dropout: while training, each value is zeroed with probability R
// and the rest scaled by 1 / (1 - R), so that inference is the identity and
// needs no rescaling.
class DropoutLayer final : public Layer {
 public:
  DropoutLayer(const Shape& input, float rate);

  float rate() const { return rate_; }
  std::unique_ptr<LayerState> make_state() const override;

  void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
               const PassMode& mode) const override;
  void backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                LayerState* state) const override;

 private:
  float rate_;
};

}  // namespace digitpad
