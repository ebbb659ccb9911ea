// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Reading what a CLI run wrote: shared by the CLI test files.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace digitpad::test {

// The whole file, or "" when it cannot be read.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace digitpad::test
