// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A fresh folder for one test, removed when the test ends: the one fixture for
// tests that write files (GoogleTest and the CLI tests; widget tests use Qt's
// QTemporaryDir, which does the same on the Qt side).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace digitpad::test {

class TempFolder {
 public:
  // Named after `prefix`, the process, a counter, a random number and the
  // running test, so parallel ctest runs and repeated tests never share one.
  explicit TempFolder(const std::string& prefix = "digitpad-test") {
    static int counter = 0;
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(std::random_device{}()) + (test ? "-" + file_name_of(test->name()) : std::string()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;  // a test that made a file unreadable must not crash the teardown
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string, for the core's string-path functions.
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string string() const { return path_.string(); }

  // Every name in the folder, sorted (to prove no temporary file was left behind).
  std::vector<std::string> listing() const { return listing_of(path_); }
  static std::vector<std::string> listing_of(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  // A parameterized test's name holds '/' ("Case/0").
  static std::string file_name_of(std::string name) {
    std::replace(name.begin(), name.end(), '/', '_');
    return name;
  }

  std::filesystem::path path_;
};

}  // namespace digitpad::test
