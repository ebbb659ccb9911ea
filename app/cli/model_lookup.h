#pragma once

#include "io/model_file.h"

#include <string>
#include <vector>

namespace digitpad::cli {

// Loads a model and checks that it is a digit classifier (784 inputs, 10
// outputs), so that eval and predict fail with a clear message rather than a
// shape mismatch deep in a matrix product.
Model load_digit_model(const std::string& path);

// Where the shipped default model may be, in the order tried: beside an
// installed executable (../share/digitpad/models), a build tree's models/
// folder, the source tree (running from a build folder), the configured install
// prefix.
std::vector<std::string> default_model_candidates();

// The first candidate that exists, or Error listing where it looked.
std::string find_default_model();

}  // namespace digitpad::cli
