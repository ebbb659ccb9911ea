// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Running the built digitpad-cli from a test: shared by the CLI test files.

#include "text_files.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace digitpad::test {

struct CliRun {
  int status = -1;  // the exit status; -1 when the tool did not exit (a signal)
  std::string out, err;
  double seconds = 0;
};

// `digitpad-cli ARGS` through the shell, each argument single-quoted so that
// paths may hold spaces; `prefix` goes before the tool as written ("NAME=value",
// "timeout 30"). stdout and stderr are captured through files in `scratch`.
inline CliRun run_cli(const std::filesystem::path& scratch, const std::vector<std::string>& args,
                      const std::string& prefix = "") {
  std::string command = prefix + " '" + std::string(DIGITPAD_CLI_PATH) + "'";
  for (const std::string& arg : args) command += " '" + arg + "'";
  const std::filesystem::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  command += " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  const auto start = std::chrono::steady_clock::now();
  const int raw = std::system(command.c_str());
  CliRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.out = read_text(out);
  run.err = read_text(err);
  return run;
}

// A fresh folder for one test, named after the process and the test, removed
// when the test ends.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& prefix) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace digitpad::test
