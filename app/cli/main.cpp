// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli: train, evaluate, benchmark and use DigitPad's digit classifier
// from the command line. This file builds one CLI11 app from the command table
// (commands.h), parses, runs the chosen command, and turns every failure into
// one line on stderr and an exit status.

#include "commands.h"
#include "help_formatter.h"
#include "usage_error.h"

#include "core/util/error.h"
#include "core/util/printable.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace digitpad::cli;

void report(std::string_view message) {
  std::fflush(stdout);  // keep stdout's lines before the error when both go to one terminal
  // One line, whatever a file name or a file's bytes held (newlines, escapes).
  const std::string line = digitpad::one_line(message);
  std::fprintf(stderr, "digitpad-cli: %s\n", line.c_str());
}

// A usage mistake: one line naming the command and where its options are listed.
int report_usage(const CLI::App* command, const std::string& message) {
  if (command == nullptr) {
    report(message + " (see 'digitpad-cli --help')");
  } else {
    const std::string name = command->get_name();
    report(name + ": " + message + " (see 'digitpad-cli " + name + " --help')");
  }
  return kExitUsage;
}

std::string command_names() {
  std::string names;
  for (const Command& command : kCommands) names += (names.empty() ? "" : ", ") + std::string(command.name);
  return names;
}

// The command CLI11 picked, or nullptr before one was named.
const CLI::App* chosen_command(const CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  return chosen.empty() ? nullptr : chosen.front();
}

// What a mistake before any command says: an unknown command by its name
// (CLI11 would say "argument not expected"), anything else in CLI11's words.
std::string top_level_message(const CLI::App& app, const CLI::ParseError& error) {
  const std::vector<std::string> rest = app.remaining();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && !rest.empty() && !rest.front().starts_with("-"))
    return "unknown command '" + rest.front() + "'; the commands are " + command_names();
  return error.what();
}

// Options renamed since scripts were written for them, each old spelling
// with its new one: the old still works, and only the new is in --help.
constexpr std::pair<std::string_view, std::string_view> kOldSpellings[] = {
    {"--user-digits", "--my-digits"},
    {"--user-share", "--my-digits-share"},
};

// `word` with an old option name replaced by its new one ("--user-digits=DIR" too).
std::string current_spelling(std::string word) {
  for (const auto& [old_name, new_name] : kOldSpellings)
    if (word == old_name || (word.starts_with(old_name) && word[old_name.size()] == '='))
      return std::string(new_name) + word.substr(old_name.size());
  return word;
}

int run(int argc, char** argv) {
  // Everything after "--" is an operand, never an option.
  std::vector<std::string> words;
  bool operands = false;
  for (int i = 0; i < argc; ++i) {
    words.push_back(i == 0 || operands ? std::string(argv[i]) : current_spelling(argv[i]));
    operands = operands || words.back() == "--";
  }
  std::vector<char*> spelled;
  for (std::string& word : words) spelled.push_back(word.data());

  CLI::App app("Trains, evaluates, benchmarks and uses DigitPad's handwritten-digit classifier.", "digitpad-cli");
  app.formatter(std::make_shared<HelpFormatter>());  // before the commands, which inherit it
  // As the tool always did: a repeated option's last value counts (options
  // meant to repeat, such as --data, keep every value instead).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_version_flag("--version", std::string("digitpad-cli ") + DIGITPAD_VERSION, "print the version and exit");
  app.require_subcommand(0, 1);
  app.footer("Run 'digitpad-cli COMMAND --help' for a command's options.");

  std::map<const CLI::App*, CommandRun> runs;
  for (const Command& command : kCommands) {
    CLI::App* subcommand = app.add_subcommand(std::string(command.name), std::string(command.summary));
    runs[subcommand] = command.configure(*subcommand);
  }

  try {
    app.parse(argc, spelled.data());
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);  // the chosen command's help, else the command list
    return kExitOk;
  } catch (const CLI::CallForVersion& version) {
    std::printf("%s\n", version.what());
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    const CLI::App* command = chosen_command(app);
    return report_usage(command, command ? std::string(error.what()) : top_level_message(app, error));
  }

  const CLI::App* command = chosen_command(app);
  if (command == nullptr) return report_usage(nullptr, "give a command: " + command_names());
  try {
    return runs.at(command)();
  } catch (const UsageError& error) {
    return report_usage(command, error.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int status = run(argc, argv);
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
