// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace digitpad::cli {

// CLI11's help, with each option's left column kept to its name and value
// ("--data DIR ...", "--activation NAME:{tanh,relu,sigmoid}"). CLI11 would also
// append "Needs: ..." and "Excludes: ..." lists there, which run far past the
// column; the descriptions say which options go together, and CLI11 still
// enforces it while parsing.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override {
    if (option->get_type_size() == 0) return {};  // a switch
    std::string text = " " + option->get_type_name();
    // Only positionals take several values at once; --data and the like repeat instead.
    if (!option->nonpositional() && option->get_expected_max() == CLI::detail::expected_max_vector_size)
      text += " ...";
    if (option->get_required()) text += " REQUIRED";
    return text;
  }
};

}  // namespace digitpad::cli
