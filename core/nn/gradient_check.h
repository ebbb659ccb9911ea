// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"

#include <Eigen/Core>

namespace digitpad {

struct GradientCheckResult {
  float max_relative_error = 0;  // max over checked parameters of |a - n| / max(|a| + |n|, floor)
  int checked = 0;               // parameters compared
  // Parameters where the cost has a kink within one step (a pooled maximum
  // moving to another pixel, a ReLU switching): the central difference
  // averages two slopes there, so the analytic gradient was compared with the
  // one-sided difference on the side where nothing switched.
  int kinks = 0;
};

// Compares Network::backward against central finite differences of the mean
// cross-entropy for `samples` parameters spread over every layer (all of them
// when samples <= 0). Computed in float; use small networks and inputs.
// At a kink (see GradientCheckResult) the closer one-sided difference is used.
// With `training`, every pass runs in training mode with the same dropout
// masks (a generator re-seeded before each pass), so dropout is checked too.
GradientCheckResult check_gradient(Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                   const Eigen::Ref<const Eigen::MatrixXf>& targets, int samples, float step = 1e-2f,
                                   bool training = false);

// The same comparison for a gradient computed elsewhere (a deliberately wrong
// one, in the tests that show the check can fail).
GradientCheckResult compare_gradient(Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                     const Eigen::Ref<const Eigen::MatrixXf>& targets,
                                     const Eigen::VectorXf& analytic, int samples, float step = 1e-2f,
                                     bool training = false);

}  // namespace digitpad
