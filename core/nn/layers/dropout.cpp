// SPDX-License-Identifier: GPL-3.0-or-later
#include "nn/layers/dropout.h"

#include "util/random.h"

namespace digitpad {
namespace {

struct DropoutState final : LayerState {
  bool active = false;   // the last forward pass was a training one
  Eigen::MatrixXf mask;  // 0 or 1 / (1 - rate)
};

}  // namespace

DropoutLayer::DropoutLayer(const Shape& input, float rate) : Layer(input, input), rate_(rate) {}

std::unique_ptr<LayerState> DropoutLayer::make_state() const { return std::make_unique<DropoutState>(); }

void DropoutLayer::forward(const float*, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                           const PassMode& mode) const {
  auto& s = static_cast<DropoutState&>(*state);
  s.active = mode.training();
  if (!s.active) {
    out = in;
    return;
  }
  const float keep_scale = 1.0f / (1.0f - rate_);
  s.mask.resize(in.rows(), in.cols());
  float* mask = s.mask.data();
  for (Eigen::Index i = 0; i < s.mask.size(); ++i) mask[i] = uniform01(*mode.dropout_rng) < rate_ ? 0.0f : keep_scale;
  out.noalias() = (in.array() * s.mask.array()).matrix();
}

void DropoutLayer::backward(const float*, const ConstMatrixRef&, const Eigen::MatrixXf&, Eigen::MatrixXf& grad_out,
                            Eigen::MatrixXf* grad_in, float*, LayerState* state) const {
  if (!grad_in) return;
  const auto& s = static_cast<const DropoutState&>(*state);
  if (s.active)
    grad_in->noalias() = (grad_out.array() * s.mask.array()).matrix();
  else
    *grad_in = grad_out;
}

}  // namespace digitpad
