// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/error.h"

#include <Eigen/Core>

namespace digitpad {

// A model whose weights are finite can still overflow on the way through
// (weights of 3e38 multiply to infinity, and softmax turns that into NaN).
// Such outputs are no answer at all, so every use of a model's outputs (the
// CLI's predict, predict --number and eval, the app's pad) goes through this
// one check rather than printing "-nan" or counting every digit as a 0.
//
// The message names no file (a network does not know where it came from):
// callers that do know prefix it, "<model path>: ...".
class NonFiniteOutputs : public Error {
 public:
  NonFiniteOutputs();
};

// Throws NonFiniteOutputs unless every value of `outputs` is finite.
void require_finite_outputs(const Eigen::Ref<const Eigen::MatrixXf>& outputs);

}  // namespace digitpad
