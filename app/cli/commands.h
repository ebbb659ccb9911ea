#pragma once

#include <filesystem>
#include <span>
#include <string>

namespace digitpad::cli {

// Each command takes the arguments after its name and returns the process exit
// status. They throw UsageError (status 2) for a malformed command line and
// digitpad::Error (status 1) for a bad file or a failed run; main() prints either
// as one line.
int run_train(std::span<const std::string> args);
int run_eval(std::span<const std::string> args);
int run_predict(std::span<const std::string> args);
int run_bench(std::span<const std::string> args);
int run_import_digits(std::span<const std::string> args);
int run_make_drawn(std::span<const std::string> args);
int run_export(std::span<const std::string> args);
int run_fetch(std::span<const std::string> args);

// The work of `fetch mnist`, apart from its command-line parsing: downloads
// MNIST into `destination` with a progress line on stderr (none when `quiet`),
// prints where it is and how to train on it. Throws digitpad::Error on failure;
// returns kExitInterrupted after Ctrl+C.
int fetch_mnist(const std::filesystem::path& destination, bool quiet = false);

// Exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

}  // namespace digitpad::cli
