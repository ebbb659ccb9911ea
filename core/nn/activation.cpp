// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/activation.h"

#include <algorithm>

#include "core/util/cpu_dispatch.h"

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
    case Activation::Relu:
      // A select rather than Eigen's (output > 0).cast<float>(), which it
      // does not vectorise: ten instructions a value, the profile found.
      for (Eigen::Index c = 0; c < gradient.cols(); ++c)
        copy_times_derivative(gradient.col(c).data(), output.col(c).data(), gradient.col(c).data(), gradient.rows(),
                              Activation::Relu);
      break;
    case Activation::Sigmoid: gradient.array() *= output.array() * (1.0f - output.array()); break;
  }
}

DIGITPAD_DISPATCH_AVX2
void add_bias_and_activate(const float* in, float bias, float* out, Eigen::Index n,
                           std::optional<Activation> activation) {
  if (activation == Activation::Relu) {
    for (Eigen::Index i = 0; i < n; ++i) out[i] = std::max(in[i] + bias, 0.0f);
    return;
  }
  for (Eigen::Index i = 0; i < n; ++i) out[i] = in[i] + bias;
  if (activation) activate(*activation, Eigen::Map<Eigen::MatrixXf>(out, n, 1));
}

DIGITPAD_DISPATCH_AVX2
void copy_times_derivative(const float* gradient, const float* output, float* out, Eigen::Index n,
                           std::optional<Activation> activation) {
  if (!activation) {
    std::copy(gradient, gradient + n, out);
  } else if (*activation == Activation::Relu) {
    for (Eigen::Index i = 0; i < n; ++i) out[i] = output[i] > 0.0f ? gradient[i] : 0.0f;
  } else {
    Eigen::Map<Eigen::MatrixXf> target(out, n, 1);
    target = Eigen::Map<const Eigen::MatrixXf>(gradient, n, 1);
    multiply_by_derivative(*activation, Eigen::Map<const Eigen::MatrixXf>(output, n, 1), target);
  }
}

}  // namespace digitpad
