// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where the shipped default model is: the one rule for the app (opened at
// start) and the CLI (used when no --model is given).

#include <string>
#include <vector>

namespace digitpad {

// The places tried, most specific first:
//   - the source tree's models/, when the running program is in this build tree;
//   - ../share/digitpad/models beside the program (an installed, relocatable tree);
//   - the configured install prefix's data folder.
std::vector<std::string> default_model_candidates();

// The first candidate that is a file, or Error listing where it looked.
std::string find_default_model();

}  // namespace digitpad
