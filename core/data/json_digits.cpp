// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/json_digits.h"

#include "core/io/atomic_file.h"
#include "core/util/error.h"
#include "core/util/memory_budget.h"
#include "core/util/printable.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kExpectedShape = "expected {\"data\": [numbers]}";

// Reads {"data": [numbers]} event by event (nlohmann's SAX interface): the
// values go straight into floats and the shape is checked as the text goes.
// A parsed document would hold every value as a 16-byte json node first, and
// a hostile file could nest or mix anything in it.
class DigitValuesReader {
 public:
  explicit DigitValuesReader(std::size_t text_size) : text_size_(text_size) {}

  std::vector<float> values;
  std::string problem;  // the first one met; empty while the text is as expected

  bool finished() const { return state_ == State::kDone; }

  bool null() { return unexpected("null"); }
  bool boolean(bool) { return unexpected("true or false"); }
  bool number_integer(json::number_integer_t value) {
    return number(static_cast<double>(value), std::to_string(value));
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return number(static_cast<double>(value), std::to_string(value));
  }
  bool number_float(json::number_float_t value, const json::string_t& text) { return number(value, text); }
  bool string(json::string_t&) { return unexpected("a string"); }
  bool binary(json::binary_t&) { return unexpected("binary data"); }

  bool start_object(std::size_t) {
    if (state_ != State::kStart) return unexpected("an object");
    state_ = State::kInObject;
    return true;
  }
  bool key(json::string_t& name) {
    if (name == "data" && state_ == State::kInObject) {
      state_ = State::kBeforeArray;
      return true;
    }
    return fail(name == "data" ? "\"data\" is given twice"
                               : "unexpected key \"" + printable(name, 40) + "\" (" + kExpectedShape + ")");
  }
  bool end_object() {
    if (state_ == State::kInObject) return fail(std::string("no \"data\" key (") + kExpectedShape + ")");
    state_ = State::kDone;  // the parser only ends the object it started, after "data"'s array
    return true;
  }
  bool start_array(std::size_t) {
    if (state_ != State::kBeforeArray) return unexpected("an array");
    state_ = State::kInArray;
    return true;
  }
  bool end_array() {
    state_ = State::kAfterArray;  // only "data"'s array can be open: start_array refuses any other
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    return fail("not valid JSON (error at byte " + std::to_string(position) + " of " + std::to_string(text_size_) +
                ")");
  }

 private:
  enum class State { kStart, kInObject, kBeforeArray, kInArray, kAfterArray, kDone };

  bool number(double value, const std::string& text) {
    if (state_ != State::kInArray) return unexpected("a number");
    if (!(value >= 0.0 && value <= 1.0)) {
      return fail("digit " + std::to_string(values.size() / kImagePixels) + ", pixel " +
                  std::to_string(values.size() % kImagePixels) + ": value " + printable(text, 40) +
                  " is outside [0, 1]");
    }
    values.push_back(static_cast<float>(value));
    return true;
  }

  bool unexpected(const std::string& found) {
    const std::string where =
        state_ == State::kInArray ? " at value " + std::to_string(values.size()) + " of \"data\"" : "";
    return fail(std::string(kExpectedShape) + ", found " + found + where);
  }

  bool fail(std::string what) {
    if (problem.empty()) problem = std::move(what);
    return false;
  }

  std::size_t text_size_;
  State state_ = State::kStart;
};

}  // namespace

Dataset parse_json_digits(const std::string& bytes, const std::string& name, int label) {
  DigitValuesReader reader(bytes.size());
  const bool parsed = json::sax_parse(bytes, &reader);
  if (!reader.problem.empty()) throw Error(name + ": " + reader.problem);
  if (!parsed || !reader.finished()) throw Error(name + ": " + kExpectedShape);

  const std::vector<float>& values = reader.values;
  if (values.empty()) throw Error(name + ": holds no digits (\"data\" is empty)");
  if (values.size() % kImagePixels != 0) {
    throw Error(name + ": " + std::to_string(values.size()) + " values, not a whole number of 28x28 digits (" +
                std::to_string(kImagePixels) + " values each)");
  }
  const auto count = static_cast<Eigen::Index>(values.size() / kImagePixels);
  Dataset digits;
  digits.images = Eigen::Map<const Eigen::MatrixXf>(values.data(), kImagePixels, count);
  digits.labels.assign(static_cast<std::size_t>(count), static_cast<std::uint8_t>(label));
  digits.source = name;
  return digits;
}

Dataset read_json_digits(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw Error(folder + (fs::exists(folder, ec) ? ": is not a folder" : ": no such folder") +
                " (a folder holding 0.json .. 9.json)");
  }
  std::vector<Dataset> classes;
  std::uint64_t values_so_far = 0;
  for (int digit = 0; digit < kClassCount; ++digit) {
    const std::string path = (fs::path(folder) / (std::to_string(digit) + ".json")).string();
    if (fs::symlink_status(path, ec).type() == fs::file_type::not_found) {
      throw Error(path + ": no such file (a digits folder holds 0.json .. 9.json)");
    }
    classes.push_back(parse_json_digits(read_whole_file(path, kJsonDigitsFileLimit), path, digit));
    // Twice: the classes are held while concatenate copies them into one matrix.
    values_so_far += static_cast<std::uint64_t>(classes.back().images.size());
    check_memory_budget(2 * values_so_far * sizeof(float), path + ": the digits read so far");
  }
  std::vector<const Dataset*> parts;
  for (const Dataset& part : classes) parts.push_back(&part);
  return concatenate(parts, folder);
}

}  // namespace digitpad
