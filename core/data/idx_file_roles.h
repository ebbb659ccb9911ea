// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace digitpad {

// Which chosen IDX file is which, told apart by their names as MNIST names
// them: "label" or "idx1" marks labels, "t10k" or "test" the test pair. The
// one rule for a user picking loose IDX files (the training panel's Browse).
struct IdxFileRoles {
  std::string train_images, train_labels;
  std::string test_images, test_labels;  // both empty: no separate test pair

  bool has_test() const { return !test_images.empty(); }
};

// Throws Error (the message says how names are read) unless the files make
// an images/labels pair, optionally with a test pair. A lone test pair is the
// training pair (it gets split into training and test digits).
IdxFileRoles idx_file_roles(const std::vector<std::string>& paths);

}  // namespace digitpad
