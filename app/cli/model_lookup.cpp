// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_lookup.h"

#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

namespace digitpad::cli {

Model load_digit_model(const std::string& path) {
  Model model = load_model(path);
  if (const auto problem = digit_model_problem(model.network.architecture()))
    throw Error(path + ": not a digit classifier (" + *problem + ")");
  return model;
}

}  // namespace digitpad::cli
