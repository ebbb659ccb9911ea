// SPDX-License-Identifier: GPL-3.0-or-later
// How digitpad-cli reads its command line (CLI11): --help and --version on
// stdout with status 0, and every usage mistake as one line on stderr with
// status 2 that names the command, the option and the value. Runs the built
// tool through the shell, as test_cli.cpp does; nothing here trains.

#include "cli_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using test::lines_of;
using test::read_text;

using RunResult = test::CliRun;

class CliUsageTest : public ::testing::Test {
 protected:
  RunResult run(const std::vector<std::string>& args) const { return test::run_cli(dir_, args); }

  test::TempFolder scratch_{"digitpad-cli-usage"};
  const fs::path dir_ = scratch_.path();
};

std::string joined(const std::vector<std::string>& args) {
  std::string text;
  for (const std::string& arg : args) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// Status 2, nothing on stdout, and one stderr line "digitpad-cli: ..." holding every part.
void expect_usage_error(const RunResult& result, const std::vector<std::string>& args,
                        const std::vector<std::string>& parts) {
  SCOPED_TRACE(joined(args));
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.out, "");
  const std::vector<std::string> lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << "stderr: " << result.err;
  EXPECT_EQ(lines[0].rfind("digitpad-cli: ", 0), 0u) << lines[0];
  for (const std::string& part : parts) EXPECT_NE(lines[0].find(part), std::string::npos) << lines[0];
}

constexpr const char* kCommands[] = {"train", "eval", "predict", "bench", "import-digits", "make-drawn", "export"};

TEST_F(CliUsageTest, HelpListsCommandsAndPresets) {
  for (const char* flag : {"--help", "-h"}) {
    const RunResult top = run({flag});
    EXPECT_EQ(top.status, 0);
    EXPECT_EQ(top.err, "");
    for (const char* command : kCommands) EXPECT_NE(top.out.find(command), std::string::npos) << command;
  }
  const RunResult train = run({"train", "--help"});
  EXPECT_EQ(train.status, 0);
  EXPECT_NE(train.out.find("--preset"), std::string::npos);
  EXPECT_NE(train.out.find("seed"), std::string::npos);
}

TEST_F(CliUsageTest, EveryCommandsHelpGoesToStdoutWithStatus0) {
  for (const char* command : kCommands) {
    for (const char* flag : {"--help", "-h"}) {
      const RunResult result = run({command, flag});
      EXPECT_EQ(result.status, 0) << command << " " << flag;
      EXPECT_EQ(result.err, "") << command << " " << flag;
      EXPECT_NE(result.out.find(std::string("digitpad-cli ") + command), std::string::npos) << result.out;
      EXPECT_NE(result.out.find("--"), std::string::npos) << "lists its options: " << result.out;
    }
  }
  // --help wins over anything else on the line, even a mistake or a missing required option.
  const RunResult with_mistake = run({"export", "--help", "--no-such-flag"});
  EXPECT_EQ(with_mistake.status, 0) << with_mistake.err;
  EXPECT_NE(with_mistake.out.find("--onnx"), std::string::npos);
}

TEST_F(CliUsageTest, VersionGoesToStdout) {
  const RunResult result = run({"--version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(result.out.rfind("digitpad-cli ", 0), 0u) << result.out;
  EXPECT_EQ(lines_of(result.out).size(), 1u) << result.out;
}

TEST_F(CliUsageTest, UsageErrorsExitWithStatus2AndOneLine) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"train", "--no-such-flag"},
           {"train", "--iterations", "12x"},
           {"train", "--iterations", "0"},
           {"train", "--learning-rate", "nan"},
           {"train", "--iterations"},
           {"train", "--activation", "softsign"},
           {"train", "--layers", "conv32@4"},
           {"train", "--layers", "pool2,pool2,pool2,pool2,pool2"},
           {"train", "--layers", "dense10,lstm20"},
           {"train", "--layers", "conv1024@15,dense100000"},
           {"train", "--hidden", "10", "--layers", "dense10"},
           {"train", "--schedule", "sometimes"},
           {"eval", "--model"},
           {"predict"},
           {"frobnicate"},
       })
    expect_usage_error(run(args), args, {});
}

TEST_F(CliUsageTest, AValueOutOfRangeNamesTheOptionAndTheValue) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"train", "--iterations", "0"}, {"train: ", "--iterations", "0", "1 to 100000000"}},
      {{"train", "--test-count", "-3"}, {"--test-count", "-3"}},
      {{"train", "--learning-rate", "0"}, {"--learning-rate", "0", "greater than 0"}},
      {{"train", "--rotate", "181"}, {"--rotate", "181", "at most 180"}},
      {{"train", "--my-digits-share", "1"}, {"--my-digits-share", "below 1"}},
      {{"predict", "--top", "11", "a.png"}, {"predict: ", "--top", "11", "1 to 10"}},
      {{"bench", "--repeats", "0"}, {"bench: ", "--repeats", "0"}},
      {{"make-drawn", "--out", "x", "--strokes", "100001"}, {"--strokes", "100001"}},
  };
  for (const auto& [args, parts] : cases) expect_usage_error(run(args), args, parts);
}

// Only plain decimal numbers: CLI11's own conversions would read "010" as 8,
// "0x10" as 16 and "-1" as 2^64-1, and let NaN through a range.
TEST_F(CliUsageTest, NumbersAreReadStrictly) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"train", "--iterations", "12x"}, {"--iterations", "'12x' is not a whole number"}},
      {{"train", "--iterations", "0x10"}, {"--iterations", "0x10"}},
      {{"train", "--iterations", "1e3"}, {"--iterations", "1e3"}},
      {{"train", "--iterations", "99999999999999999999999"}, {"--iterations", "too large"}},
      {{"train", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"train", "--learning-rate", "nan"}, {"--learning-rate", "'nan' is not a finite number"}},
      {{"train", "--init-scale", "inf"}, {"--init-scale", "inf"}},
      {{"train", "--scale", "0.9"}, {"--scale", "'0.9' is not MIN,MAX"}},
  };
  for (const auto& [args, parts] : cases) expect_usage_error(run(args), args, parts);
}

TEST_F(CliUsageTest, AnUnknownOptionOrCommandIsNamed) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"train", "--no-such-flag"}, {"train: ", "--no-such-flag", "'digitpad-cli train --help'"}},
      {{"eval", "-x"}, {"eval: ", "-x"}},
      {{"predict", "--hidden", "10", "a.png"}, {"predict: ", "--hidden"}},
      {{"frobnicate"}, {"unknown command 'frobnicate'", "train, eval"}},
      {{"--no-such-flag"}, {"--no-such-flag", "'digitpad-cli --help'"}},
      {{}, {"give a command"}},
  };
  for (const auto& [args, parts] : cases) expect_usage_error(run(args), args, parts);
}

TEST_F(CliUsageTest, AMissingValueOrRequiredOptionIsNamed) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"train", "--iterations"}, {"--iterations", "missing"}},
      {{"eval", "--model"}, {"eval: ", "--model", "missing"}},
      {{"train", "--data", ""}, {"--data", "''"}},
      {{"export"}, {"export: ", "--onnx is required"}},
      {{"import-digits", "--png", "digits.png"}, {"--out is required"}},
      {{"import-digits", "--out", "dir"}, {"import-digits: ", "give --png FILE or --json-digits DIR"}},
      {{"predict"}, {"predict: ", "IMAGE is required"}},
      {{"train", "--train-images", "a"}, {"--train-images requires --train-labels"}},
      {{"bench", "--model", "m.dpm"}, {"--model requires --predict"}},
  };
  for (const auto& [args, parts] : cases) expect_usage_error(run(args), args, parts);
}

TEST_F(CliUsageTest, OptionsThatCannotGoTogetherAreNamed) {
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"train", "--hidden", "10", "--layers", "dense10"}, {"--hidden", "--layers"}},
      {{"train", "--augment", "--no-augment"}, {"--augment", "--no-augment"}},
      {{"train", "--data", "d", "--train-images", "a", "--train-labels", "b"}, {"--data", "--train-images"}},
      {{"train", "--init-model", "m.dpm", "--activation", "relu"}, {"--init-model", "--activation"}},
      {{"eval", "--data", "d", "--images", "a", "--labels", "b"}, {"--data", "--images"}},
      {{"bench", "--epochs", "3"}, {"--epochs", "does not apply to bench"}},
      {{"import-digits", "--png", "a.png", "--json-digits", "d", "--out", "o"}, {"--png", "--json-digits"}},
  };
  for (const auto& [args, parts] : cases) expect_usage_error(run(args), args, parts);
}

TEST_F(CliUsageTest, AnUnexpectedPositionalIsNamed) {
  // Each with its required options, which CLI11 checks first.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"train", "stray.png"},
           {"eval", "stray.png"},
           {"bench", "stray.png"},
           {"import-digits", "--png", "digits.png", "--out", "dir", "stray.png"},
           {"export", "--onnx", "out.onnx", "stray.png"},
       })
    expect_usage_error(run(args), args, {args[0] + ": ", "not expected: stray.png"});
  const std::vector<std::string> after_value = {"eval", "--data", "d", "extra"};
  expect_usage_error(run(after_value), after_value, {"extra"});
}

}  // namespace
}  // namespace digitpad
