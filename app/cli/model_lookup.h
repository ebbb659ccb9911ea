// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"
#include "core/nn/finite_outputs.h"

#include <string>

namespace digitpad::cli {

// Loads a model and checks that it is a digit classifier (784 inputs, 10
// outputs), so that eval and predict fail with a clear message rather than a
// shape mismatch deep in a matrix product.
Model load_digit_model(const std::string& path);

// Runs `use` (whatever reads the model's outputs), turning a NonFiniteOutputs
// into the one-line Error that names the model's file, so the command exits 1
// with "<model path>: the model's outputs are not finite numbers ...".
template <typename Use>
auto naming_the_model(const std::string& model_path, Use&& use) -> decltype(use()) {
  try {
    return use();
  } catch (const NonFiniteOutputs& error) {
    throw Error(model_path + ": " + error.what());
  }
}

}  // namespace digitpad::cli
