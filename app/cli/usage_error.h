// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>

namespace digitpad::cli {

// A mistake in how the tool was called that only a command can see once CLI11
// has parsed its options (a layer list that does not fit a 28x28 digit, a flag
// that does not apply to bench). main() prints it exactly as it prints CLI11's
// own CLI::ParseError: one line, exit status 2, as opposed to digitpad::Error
// (a bad file or a failed run), which exits with status 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace digitpad::cli
