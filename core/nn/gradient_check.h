#pragma once

#include "nn/network.h"

#include <Eigen/Core>

namespace digitpad {

struct GradientCheckResult {
  float max_relative_error = 0;   // max over checked parameters of |a - n| / max(|a| + |n|, floor)
  int checked = 0;
};

// Compares Network::backward against central finite differences of the mean
// cross-entropy for `samples` parameters spread over every layer (all of them
// when samples <= 0). Computed in float; use small networks and inputs.
GradientCheckResult check_gradient(Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                   const Eigen::Ref<const Eigen::MatrixXf>& targets, int samples,
                                   float step = 1e-2f);

}  // namespace digitpad
