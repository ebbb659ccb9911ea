// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace digitpad::cli {

// Just enough JSON for --json output: one flat-or-nested object built field by
// field, keys in insertion order. Numbers use up to 6 significant digits;
// non-finite numbers become null (JSON has no NaN).
std::string json_string(std::string_view text);
std::string json_number(double value);

class JsonObject {
 public:
  JsonObject& add(std::string_view key, double value) { return add_raw(key, json_number(value)); }
  JsonObject& add(std::string_view key, int value) { return add_raw(key, std::to_string(value)); }
  JsonObject& add(std::string_view key, std::string_view value) { return add_raw(key, json_string(value)); }
  JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  // `json` must already be valid JSON (an array or nested object).
  JsonObject& add_raw(std::string_view key, std::string_view json);

  std::string str() const { return "{" + body_ + "}"; }

 private:
  std::string body_;
};

}  // namespace digitpad::cli
