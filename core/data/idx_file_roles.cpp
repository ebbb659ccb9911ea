// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/idx_file_roles.h"

#include "core/util/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <utility>

namespace digitpad {

IdxFileRoles idx_file_roles(const std::vector<std::string>& paths) {
  IdxFileRoles roles;
  for (const std::string& path : paths) {
    std::string name = std::filesystem::path(path).filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool labels = name.find("label") != std::string::npos || name.find("idx1") != std::string::npos;
    const bool test = name.find("t10k") != std::string::npos || name.find("test") != std::string::npos;
    (test ? (labels ? roles.test_labels : roles.test_images) : (labels ? roles.train_labels : roles.train_images)) =
        path;
  }
  if (roles.train_images.empty() && roles.train_labels.empty()) {
    std::swap(roles.train_images, roles.test_images);
    std::swap(roles.train_labels, roles.test_labels);
  }
  if (roles.train_images.empty() || roles.train_labels.empty() ||
      roles.test_images.empty() != roles.test_labels.empty())
    throw Error(
        "choose an images file and a labels file (names with \"labels\" or \"idx1\" are labels; "
        "with \"t10k\" or \"test\", the test pair)");
  return roles;
}

}  // namespace digitpad
