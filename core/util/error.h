// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace digitpad {

// Every failure the user can cause (a bad file, a bad value) is reported as an
// Error whose message is one line, naming the file or value and the problem:
// "model.dpm: checksum mismatch (file is corrupt)". Callers show what() as is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace digitpad
