// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/shared/default_model.h"

#include "core/util/error.h"

#include <filesystem>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// The running program's folder; empty when /proc is not mounted.
fs::path program_folder() {
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : executable.parent_path();
}

bool is_inside(const fs::path& path, const fs::path& folder) {
  const fs::path relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

std::vector<std::string> default_model_candidates() {
  const fs::path relative = fs::path("models") / "default.dpm";
  const fs::path program = program_folder();
  std::vector<std::string> candidates;
  if (!program.empty() && is_inside(program, DIGITPAD_BINARY_DIR))
    candidates.push_back((fs::path(DIGITPAD_SOURCE_DIR) / relative).string());
  if (!program.empty())
    candidates.push_back((program / ".." / "share" / "digitpad" / relative).lexically_normal().string());
  const std::string installed = (fs::path(DIGITPAD_INSTALL_DATADIR) / "digitpad" / relative).string();
  if (candidates.empty() || candidates.back() != installed) candidates.push_back(installed);
  return candidates;
}

std::string find_default_model() {
  std::string looked;
  for (const std::string& candidate : default_model_candidates()) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    looked += (looked.empty() ? "" : ", ") + candidate;
  }
  throw Error("no default model found (looked for " + looked + ")");
}

}  // namespace digitpad
