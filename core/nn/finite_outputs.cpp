// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/finite_outputs.h"

namespace digitpad {

NonFiniteOutputs::NonFiniteOutputs()
    : Error("the model's outputs are not finite numbers (NaN) for this input: its weights are too large to use") {}

void require_finite_outputs(const Eigen::Ref<const Eigen::MatrixXf>& outputs) {
  if (!outputs.allFinite()) throw NonFiniteOutputs();
}

}  // namespace digitpad
