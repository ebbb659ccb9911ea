// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The checks CLI11 runs on an option's text before converting it, for what its
// own conversions let through: CLI11 2.1 reads integers with strtoll base 0
// ("010" is 8, "0x10" is 16), wraps "-1" into an unsigned 2^64-1, and lets NaN
// through CLI::Range. These read only plain decimal numbers, whole-string.
// Integer bounds are then CLI::Range's; real numbers get their bounds here,
// because CLI::Range prints doubles as "0.000000 to 1000000.000000" and passes NaN.

#include <CLI/CLI.hpp>

#include <optional>
#include <string_view>

namespace digitpad::cli {

// A decimal whole number ("12x", "1e3", "0x10" are refused); the text is
// rewritten in canonical form ("010" -> "10") so CLI11 converts what was meant.
// Use with Option::transform, then ->check(CLI::Range(min, max)) for the bounds.
CLI::Validator whole_number();

// 0 to 2^64-1 in decimal: the seeds.
CLI::Validator seed_number();

// A finite decimal number in [min, max], or with its ends left out: (min, max] or (min, max).
enum class Excluding { kNeither, kMin, kBoth };
CLI::Validator real_number(double min, double max, Excluding excluded = Excluding::kNeither);

// Refuses an empty value (--data ''): a file or folder option needs a name.
CLI::Validator not_empty();

// The strict whole-string reader the checks above share with list values such
// as --scale MIN,MAX: nullopt unless all of `text` is one finite number.
std::optional<double> parse_real(std::string_view text);

}  // namespace digitpad::cli
