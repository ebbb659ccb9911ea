// SPDX-License-Identifier: GPL-3.0-or-later
#include "nn/activation.h"

namespace digitpad {

std::string_view activation_name(Activation activation) {
  switch (activation) {
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
    case Activation::Sigmoid: return "sigmoid";
  }
  return "unknown";
}

std::optional<Activation> parse_activation(std::string_view name) {
  for (Activation a : {Activation::Tanh, Activation::Relu, Activation::Sigmoid})
    if (activation_name(a) == name) return a;
  return std::nullopt;
}

void activate(Activation activation, Eigen::Ref<Eigen::MatrixXf> values) {
  switch (activation) {
    case Activation::Tanh: values.array() = values.array().tanh(); break;
    case Activation::Relu: values.array() = values.array().max(0.0f); break;
    // 1/(1+e^-z) written through tanh, which Eigen vectorises and which cannot
    // overflow for large |z| the way exp(-z) can.
    case Activation::Sigmoid: values.array() = 0.5f * ((0.5f * values.array()).tanh() + 1.0f); break;
  }
}

void multiply_by_derivative(Activation activation, const Eigen::Ref<const Eigen::MatrixXf>& output,
                            Eigen::Ref<Eigen::MatrixXf> gradient) {
  switch (activation) {
    case Activation::Tanh: gradient.array() *= 1.0f - output.array().square(); break;
    case Activation::Relu: gradient.array() *= (output.array() > 0.0f).cast<float>(); break;
    case Activation::Sigmoid: gradient.array() *= output.array() * (1.0f - output.array()); break;
  }
}

}  // namespace digitpad
