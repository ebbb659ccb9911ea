#include "model_lookup.h"

#include "data/dataset.h"
#include "util/error.h"

namespace digitpad::cli {

Model load_digit_model(const std::string& path) {
  Model model = load_model(path);
  const Architecture& architecture = model.network.architecture();
  if (architecture.input_size() != kImagePixels || architecture.outputs != kClassCount)
    throw Error(path + ": not a digit classifier (the network has " + std::to_string(architecture.input_size()) +
                " inputs and " + std::to_string(architecture.outputs) + " outputs; expected " +
                std::to_string(kImagePixels) + " and " + std::to_string(kClassCount) + ")");
  return model;
}

}  // namespace digitpad::cli
