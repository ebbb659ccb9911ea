#include "model_lookup.h"

#include "data/dataset.h"
#include "util/error.h"

#include <filesystem>

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

std::vector<std::string> default_model_candidates() {
  namespace fs = std::filesystem;
  std::vector<std::string> candidates;
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = executable.parent_path();
    candidates.push_back((bin / ".." / "share" / "digitpad" / "models" / "default.dpm").lexically_normal().string());
    // A build tree (build/app/cli/digitpad-cli) that keeps a copy in build/models.
    candidates.push_back((bin / ".." / ".." / "models" / "default.dpm").lexically_normal().string());
  }
  candidates.push_back(DIGITPAD_SOURCE_MODEL_PATH);
  candidates.push_back(DIGITPAD_INSTALLED_MODEL_PATH);
  return candidates;
}

std::string find_default_model() {
  const std::vector<std::string> candidates = default_model_candidates();
  std::string looked;
  for (const std::string& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    looked += (looked.empty() ? "" : ", ") + candidate;
  }
  throw Error("no --model given and no default model found (looked for " + looked + ")");
}

}  // namespace digitpad::cli
