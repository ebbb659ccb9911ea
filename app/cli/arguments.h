#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace digitpad::cli {

// A mistake in how the tool was called (unknown flag, missing or malformed
// value). main() prints it as one line and exits with status 2, as opposed to
// digitpad::Error (a bad file or a failed run), which exits with status 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A flag a command accepts: "--name VALUE" / "--name=VALUE" when it takes a
// value, plain "--name" when it is a switch.
struct FlagSpec {
  std::string_view name;   // without the leading dashes
  bool takes_value = true;
};

// The parsed command line of one command. Numbers are parsed strictly on
// request: the whole text must be a number in range, else UsageError naming the
// flag and the value.
class Arguments {
 public:
  // Throws UsageError on an unknown flag, a missing value or a value given to a
  // switch. "--" ends the flags (so a file may start with "-"); a later repeat
  // of a flag overrides the earlier one for text() and the number readers,
  // while all() keeps every value (for flags meant to repeat, e.g. --data).
  // "-h" means "--help".
  static Arguments parse(std::span<const std::string> args, std::span<const FlagSpec> flags);

  bool has(std::string_view flag) const { return values_.contains(std::string(flag)); }
  std::optional<std::string> text(std::string_view flag) const;
  // `fallback` when the flag is absent.
  std::string text_or(std::string_view flag, std::string fallback) const;
  // Every value given to a repeatable flag, in command-line order.
  std::vector<std::string> all(std::string_view flag) const;

  std::optional<int> integer(std::string_view flag, int min, int max) const;
  std::optional<std::uint64_t> unsigned64(std::string_view flag) const;
  // A finite number in [min, max]; with `min_exclusive` the value must exceed min.
  std::optional<double> number(std::string_view flag, double min, double max,
                               bool min_exclusive = false) const;

  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::string> values_;   // switches map to ""
  std::map<std::string, std::vector<std::string>> repeated_;  // every value, in order
  std::vector<std::string> positionals_;
};

// Strict whole-string parsers shared with list flags such as --hidden.
std::optional<long long> parse_integer(std::string_view text);
std::optional<double> parse_number(std::string_view text);

}  // namespace digitpad::cli
