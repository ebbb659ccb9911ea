// SPDX-License-Identifier: GPL-3.0-or-later
#include "option_checks.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace digitpad::cli {
namespace {

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// "%g" keeps limits readable: 1e+06, not 1000000.000000.
std::string compact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// Parses all of `text` as a T in base 10; nullopt and `error` otherwise.
template <typename T>
std::optional<T> parse_entire(std::string_view text, std::errc& error) {
  T value{};
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  error = result.ec;
  if (text.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

// The validators below describe nothing: the option's help text says the
// range, and an empty description keeps CLI11 from appending one to "N".
template <typename T>
CLI::Validator canonical_whole(std::string what) {
  return CLI::Validator(
      [what](std::string& text) -> std::string {
        std::errc error{};
        const auto value = parse_entire<T>(text, error);
        if (!value) {
          if (error == std::errc::result_out_of_range) return in_quotes(text) + " is too large";
          return in_quotes(text) + " is not " + what;
        }
        text = std::to_string(*value);
        return {};
      },
      "");
}

}  // namespace

std::optional<double> parse_real(std::string_view text) {
  std::errc error{};
  const auto value = parse_entire<double>(text, error);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

CLI::Validator whole_number() { return canonical_whole<long long>("a whole number"); }

CLI::Validator seed_number() { return canonical_whole<std::uint64_t>("a whole number from 0 to 2^64-1"); }

CLI::Validator real_number(double min, double max, Excluding excluded) {
  return CLI::Validator(
      [min, max, excluded](const std::string& text) -> std::string {
        const auto value = parse_real(text);
        if (!value) return in_quotes(text) + " is not a finite number";
        const bool below = excluded == Excluding::kNeither ? *value < min : *value <= min;
        const bool above = excluded == Excluding::kBoth ? *value >= max : *value > max;
        if (!below && !above) return {};
        std::string range = (excluded == Excluding::kNeither ? "at least " : "greater than ") + compact(min);
        if (max < std::numeric_limits<double>::max())
          range += (excluded == Excluding::kBoth ? " and below " : " and at most ") + compact(max);
        return text + " is out of range (must be " + range + ")";
      },
      "");
}

CLI::Validator not_empty() {
  return CLI::Validator(
      [](const std::string& text) { return text.empty() ? std::string("needs a name, not ''") : std::string(); }, "");
}

}  // namespace digitpad::cli
