// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/layers/layer.h"

namespace digitpad {

// Max pooling over P x P windows with stride P, each channel on its own. A
// map whose side is not a multiple of P loses its last rows and columns, as in
// PyTorch, Keras and ONNX (floor). The backward pass routes each output's
// gradient to the input that was the maximum (the first one, on ties).
class MaxPoolLayer final : public Layer {
 public:
  MaxPoolLayer(const Shape& input, int size);

  int size() const { return size_; }
  std::unique_ptr<LayerState> make_state() const override;

  void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
               const PassMode& mode) const override;
  void backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                LayerState* state) const override;

 private:
  int size_;
};

}  // namespace digitpad
