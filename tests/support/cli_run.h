// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Running the built digitpad-cli from a test: shared by the CLI test files
// (tests/cli, and the export and fetch tests). DIGITPAD_CLI_PATH comes from
// add_cli_test() (tests/support/add_tests.cmake).

#include "temp_folder.h"
#include "text_files.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace digitpad::test {

struct CliRun {
  int status = -1;  // the exit status; -1 when the tool did not exit (a signal)
  std::string out, err;
  double seconds = 0;
};

// The shell line that runs `digitpad-cli ARGS`, each argument single-quoted.
inline std::string cli_command(const std::vector<std::string>& args) {
  std::string command = "'" + std::string(DIGITPAD_CLI_PATH) + "'";
  for (const std::string& arg : args) command += " '" + arg + "'";
  return command;
}

// `digitpad-cli ARGS` through the shell, each argument single-quoted so that
// paths may hold spaces; `prefix` goes before the tool as written ("NAME=value",
// "timeout 30"). stdout and stderr are captured through files in `scratch`.
inline CliRun run_cli(const std::filesystem::path& scratch, const std::vector<std::string>& args,
                      const std::string& prefix = "") {
  std::string command = prefix + " " + cli_command(args);
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

}  // namespace digitpad::test
