#include "arguments.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace digitpad::cli {
namespace {

const FlagSpec* find_flag(std::span<const FlagSpec> flags, std::string_view name) {
  const auto found = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
  return found == flags.end() ? nullptr : &*found;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

std::optional<long long> parse_integer(std::string_view text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

Arguments Arguments::parse(std::span<const std::string> args, std::span<const FlagSpec> flags) {
  Arguments parsed;
  bool flags_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || !arg.starts_with("-")) {
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h") {
      parsed.values_["help"] = "";
      continue;
    }
    if (!arg.starts_with("--")) throw UsageError("unknown flag " + arg);

    const std::string_view body = std::string_view(arg).substr(2);
    const std::size_t equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    const FlagSpec* spec = find_flag(flags, name);
    if (spec == nullptr) throw UsageError("unknown flag --" + std::string(name));

    if (!spec->takes_value) {
      if (equals != std::string_view::npos) throw UsageError("--" + std::string(name) + " takes no value");
      parsed.values_[std::string(name)] = "";
    } else if (equals != std::string_view::npos) {
      parsed.values_[std::string(name)] = std::string(body.substr(equals + 1));
      parsed.repeated_[std::string(name)].push_back(std::string(body.substr(equals + 1)));
    } else {
      if (i + 1 >= args.size()) throw UsageError("--" + std::string(name) + " needs a value");
      parsed.values_[std::string(name)] = args[++i];
      parsed.repeated_[std::string(name)].push_back(args[i]);
    }
  }
  return parsed;
}

std::optional<std::string> Arguments::text(std::string_view flag) const {
  const auto found = values_.find(std::string(flag));
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::string Arguments::text_or(std::string_view flag, std::string fallback) const {
  auto value = text(flag);
  return value ? std::move(*value) : std::move(fallback);
}

std::vector<std::string> Arguments::all(std::string_view flag) const {
  const auto found = repeated_.find(std::string(flag));
  return found == repeated_.end() ? std::vector<std::string>{} : found->second;
}

std::optional<int> Arguments::integer(std::string_view flag, int min, int max) const {
  const auto value_text = text(flag);
  if (!value_text) return std::nullopt;
  const auto value = parse_integer(*value_text);
  if (!value) throw UsageError("--" + std::string(flag) + ": " + quoted(*value_text) + " is not a whole number");
  if (*value < min || *value > max)
    throw UsageError("--" + std::string(flag) + ": " + *value_text + " is out of range (" + std::to_string(min) +
                     " to " + std::to_string(max) + ")");
  return static_cast<int>(*value);
}

std::optional<std::uint64_t> Arguments::unsigned64(std::string_view flag) const {
  const auto value_text = text(flag);
  if (!value_text) return std::nullopt;
  std::uint64_t value = 0;
  const char* end = value_text->data() + value_text->size();
  const auto [stop, error] = std::from_chars(value_text->data(), end, value);
  if (value_text->empty() || error != std::errc() || stop != end)
    throw UsageError("--" + std::string(flag) + ": " + quoted(*value_text) +
                     " is not a non-negative whole number (up to 2^64-1)");
  return value;
}

std::optional<double> Arguments::number(std::string_view flag, double min, double max, bool min_exclusive) const {
  const auto value_text = text(flag);
  if (!value_text) return std::nullopt;
  const auto value = parse_number(*value_text);
  if (!value) throw UsageError("--" + std::string(flag) + ": " + quoted(*value_text) + " is not a finite number");
  const bool below = min_exclusive ? *value <= min : *value < min;
  if (below || *value > max) {
    std::string range = min_exclusive ? "greater than " : "at least ";
    char low[32], high[32];
    *std::to_chars(low, low + sizeof low - 1, min).ptr = '\0';
    *std::to_chars(high, high + sizeof high - 1, max).ptr = '\0';
    range += low;
    if (max < std::numeric_limits<double>::max()) range += std::string(" and at most ") + high;
    throw UsageError("--" + std::string(flag) + ": " + *value_text + " is out of range (must be " + range + ")");
  }
  return value;
}

}  // namespace digitpad::cli
