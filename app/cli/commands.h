// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// digitpad-cli's commands and how they plug into main().
//
// Each command is a CLI11 subcommand. Its file exposes one function,
//
//   CommandRun configure_NAME(CLI::App& command);
//
// which declares the command's options and positionals on `command` (its own
// CLI::App: help text per option, CLI11 checks, required options, needs and
// excludes) bound to a state object it owns through a shared_ptr, and returns
// the function main() calls once parsing succeeded. main() alone parses, answers
// --help/-h and --version, refuses unknown options and stray positionals (a
// command that takes none declares none), and prints every error as one line.
//
// To add a command (say `fetch`):
//   1. app/cli/fetch_command.cpp: `CommandRun configure_fetch(CLI::App& command)`,
//      modelled on export_command.cpp (the smallest); a usage mistake CLI11
//      cannot see throws UsageError (usage_error.h), a bad file or a failed run
//      throws digitpad::Error.
//   2. Declare it below and add a row to kCommands (the order is --help's).
//   3. Add the file to app/cli/CMakeLists.txt.
// Options shared with other commands come from data_options.h and
// recipe_options.h; numbers are checked with option_checks.h.

#include <CLI/CLI.hpp>

#include <functional>
#include <string_view>

namespace digitpad::cli {

// What runs a parsed command; returns the process exit status.
using CommandRun = std::function<int()>;

CommandRun configure_train(CLI::App& command);
CommandRun configure_eval(CLI::App& command);
CommandRun configure_predict(CLI::App& command);
CommandRun configure_bench(CLI::App& command);
CommandRun configure_import_digits(CLI::App& command);
CommandRun configure_make_drawn(CLI::App& command);
CommandRun configure_export(CLI::App& command);
CommandRun configure_fetch(CLI::App& command);
CommandRun configure_hold_out(CLI::App& command);
CommandRun configure_my_digits(CLI::App& command);

struct Command {
  std::string_view name;
  std::string_view summary;  // one line in `digitpad-cli --help`
  CommandRun (*configure)(CLI::App& command);
};

inline constexpr Command kCommands[] = {
    {"train", "train a network and optionally save it as a model file", configure_train},
    {"eval", "accuracy and confusion matrix of a model on a labelled set", configure_eval},
    {"predict", "classify image files (PNG, JPEG, BMP, ...) with a model", configure_predict},
    {"bench", "time training iterations (median ms per iteration)", configure_bench},
    {"import-digits", "convert OpenCV's digits.png or JSON digit files into MNIST IDX files",
     configure_import_digits},
    {"make-drawn", "write a drawn-digit set (canvas-style PNGs: digits, styles, non-digits)", configure_make_drawn},
    {"export", "write a model as an ONNX file for other tools", configure_export},
    {"fetch", "download MNIST (60,000 + 10,000 digits), checked, into a cache folder", configure_fetch},
    {"hold-out", "split an IDX pair into training digits and a fixed held-out tenth", configure_hold_out},
    {"my-digits", "add, list and remove My digits (the app's folder of your own digits)", configure_my_digits},
};

// Exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

}  // namespace digitpad::cli
