// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/gradient_check.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace digitpad {
namespace {

constexpr std::uint64_t kMaskSeed = 12345;
// How far apart the one-sided slopes may be, relative to their size, before
// the cost counts as kinked at a parameter.
constexpr float kKinkTolerance = 0.05f;

// One forward pass; in training mode with the masks of a freshly seeded
// generator, so every pass of one check drops the same values.
void run_forward(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache,
                 bool training) {
  std::mt19937_64 masks(kMaskSeed);
  network.forward(inputs, cache, training ? PassMode::for_training(masks) : PassMode::for_inference());
}

float cost_of(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
              const Eigen::Ref<const Eigen::MatrixXf>& targets, ForwardCache& cache, bool training) {
  run_forward(network, inputs, cache, training);
  return Network::cross_entropy(cache, targets);
}

}  // namespace

GradientCheckResult check_gradient(Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                   const Eigen::Ref<const Eigen::MatrixXf>& targets, int samples, float step,
                                   bool training) {
  ForwardCache cache;
  Eigen::VectorXf analytic;
  run_forward(network, inputs, cache, training);
  network.backward(inputs, cache, targets, analytic);
  return compare_gradient(network, inputs, targets, analytic, samples, step, training);
}

GradientCheckResult compare_gradient(Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                     const Eigen::Ref<const Eigen::MatrixXf>& targets,
                                     const Eigen::VectorXf& analytic, int samples, float step, bool training) {
  ForwardCache cache;
  Eigen::VectorXf& parameters = network.parameters();
  const Eigen::Index count = parameters.size();
  const Eigen::Index checks = samples <= 0 ? count : std::min<Eigen::Index>(samples, count);
  // Evenly strided indices reach every layer's weights and biases.
  const double stride = static_cast<double>(count) / static_cast<double>(checks);

  const float center = cost_of(network, inputs, targets, cache, training);
  GradientCheckResult result;
  for (Eigen::Index k = 0; k < checks; ++k) {
    const Eigen::Index i = std::min<Eigen::Index>(count - 1, static_cast<Eigen::Index>(k * stride));
    const float original = parameters[i];
    parameters[i] = original + step;
    const float plus = cost_of(network, inputs, targets, cache, training);
    parameters[i] = original - step;
    const float minus = cost_of(network, inputs, targets, cache, training);
    parameters[i] = original;
    // The floor keeps near-zero gradients from inflating the relative error
    // with float rounding noise.
    const auto error = [&](float numeric) {
      return std::abs(analytic[i] - numeric) / std::max(std::abs(analytic[i]) + std::abs(numeric), 1e-3f);
    };
    float relative_error = error((plus - minus) / (2.0f * step));
    // On a smooth stretch the one-sided slopes differ by about step * f'';
    // across a kink by the jump in the slope. The analytic gradient holds on
    // the side where the pass's choices (maxima, active units) stay the same.
    const float right = (plus - center) / step, left = (center - minus) / step;
    if (std::abs(right - left) > kKinkTolerance * std::max(std::abs(right) + std::abs(left), 1e-3f)) {
      const float one_sided = std::min(error(right), error(left));
      if (one_sided < relative_error) {
        relative_error = one_sided;
        ++result.kinks;
      }
    }
    result.max_relative_error = std::max(result.max_relative_error, relative_error);
    ++result.checked;
  }
  return result;
}

}  // namespace digitpad
