// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <optional>
#include <string>
#include <string_view>

namespace digitpad {

enum class Activation { Tanh, Relu, Sigmoid };

std::string_view activation_name(Activation activation);  // "tanh", "relu", "sigmoid"
std::optional<Activation> parse_activation(std::string_view name);

// In place: z -> f(z). Element-wise over a whole batch.
void activate(Activation activation, Eigen::Ref<Eigen::MatrixXf> values);

// In place: gradient *= f'(z), with f' written in terms of the activation's
// output a = f(z) (tanh: 1 - a^2, sigmoid: a(1 - a), relu: a > 0), so the
// backward pass needs only what the forward pass cached.
void multiply_by_derivative(Activation activation, const Eigen::Ref<const Eigen::MatrixXf>& output,
                            Eigen::Ref<Eigen::MatrixXf> gradient);

// The same two fused with the copies a convolution makes between its matrix
// products and its output (one pass over the values instead of two):
//   out[i] = f(in[i] + bias), for n values (no activation: in[i] + bias);
void add_bias_and_activate(const float* in, float bias, float* out, Eigen::Index n,
                           std::optional<Activation> activation);
//   out[i] = gradient[i] * f'(output[i]) (no activation: gradient[i]).
void copy_times_derivative(const float* gradient, const float* output, float* out, Eigen::Index n,
                           std::optional<Activation> activation);

}  // namespace digitpad
