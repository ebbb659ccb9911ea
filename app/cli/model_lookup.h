#pragma once

#include "io/model_file.h"

#include <string>

namespace digitpad::cli {

// Loads a model and checks that it is a digit classifier (784 inputs, 10
// outputs), so that eval and predict fail with a clear message rather than a
// shape mismatch deep in a matrix product.
Model load_digit_model(const std::string& path);

}  // namespace digitpad::cli
