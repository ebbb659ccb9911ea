// digitpad-cli: train, evaluate, benchmark and use DigitPad's digit classifier
// from the command line. This file only dispatches to the commands and turns
// every failure into one line on stderr and an exit status.

#include "arguments.h"
#include "commands.h"

#include "util/error.h"
#include "util/printable.h"

#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace digitpad::cli;

struct Command {
  std::string_view name;
  int (*run)(std::span<const std::string>);
  std::string_view summary;
};

constexpr Command kCommands[] = {
    {"train", run_train, "train a network and optionally save it as a model file"},
    {"eval", run_eval, "accuracy and confusion matrix of a model on a labelled set"},
    {"predict", run_predict, "classify image files (PNG, JPEG, BMP, ...) with a model"},
    {"bench", run_bench, "time training iterations (median ms per iteration)"},
    {"import-digits", run_import_digits, "convert OpenCV's digits.png into MNIST IDX files"},
    {"make-drawn", run_make_drawn, "write the drawn-digit evaluation set (canvas-style PNGs)"},
    {"export", run_export, "write a model as an ONNX file for other tools"},
    {"fetch", run_fetch, "download MNIST (checked, resumable) into ~/.cache/digitpad/mnist"},
};

void print_usage(std::FILE* stream) {
  std::fprintf(stream, "Usage: digitpad-cli COMMAND [OPTIONS]\n\nCommands:\n");
  for (const Command& command : kCommands)
    std::fprintf(stream, "  %-15s %s\n", std::string(command.name).c_str(), std::string(command.summary).c_str());
  std::fprintf(stream, "\nRun 'digitpad-cli COMMAND --help' for a command's options.\n"
                       "'digitpad-cli --version' prints the version.\n");
}

void report(std::string_view message) {
  std::fflush(stdout);  // keep stdout's lines before the error when both go to one terminal
  // One line, whatever a file name or a file's bytes held (newlines, escapes).
  const std::string line = digitpad::one_line(message);
  std::fprintf(stderr, "digitpad-cli: %s\n", line.c_str());
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    print_usage(stderr);
    return kExitUsage;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return kExitOk;
  }
  if (name == "--version") {
    std::printf("digitpad-cli %s\n", DIGITPAD_VERSION);
    return kExitOk;
  }
  for (const Command& command : kCommands) {
    if (command.name != name) continue;
    try {
      return command.run(std::span<const std::string>(args).subspan(1));
    } catch (const UsageError& error) {
      report(std::string(command.name) + ": " + error.what() + " (see 'digitpad-cli " + std::string(command.name) +
             " --help')");
      return kExitUsage;
    }
  }
  report("unknown command '" + name + "' (see 'digitpad-cli --help')");
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int status = dispatch(args);
    std::fflush(stdout);
    return status;
  } catch (const digitpad::Error& error) {
    report(error.what());
  } catch (const std::bad_alloc&) {
    report("out of memory");
  } catch (const std::exception& error) {
    report(std::string("unexpected error: ") + error.what());
  }
  return kExitFailure;
}
