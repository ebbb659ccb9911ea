// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/run_log.h"

#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

namespace digitpad {
namespace {

using json = nlohmann::json;

// Bumped when a field changes meaning; a newer file is refused by name, not
// misread.
constexpr int kFormatVersion = 1;

json optionalNumber(const std::optional<float>& value) {
  return value && std::isfinite(*value) ? json(*value) : json(nullptr);
}

std::optional<float> readOptional(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<float>();
}

std::string csvNumber(std::optional<float> value) {
  if (!value) return {};
  char text[32];
  std::snprintf(text, sizeof text, "%.7g", static_cast<double>(*value));
  return text;
}

json parseDocument(std::string_view text, const std::string& path) {
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) throw Error(path + ": not valid JSON (the file is damaged)");
  if (!document.is_object()) throw Error(path + ": not a DigitPad run file (expected a JSON object)");
  const auto version = document.find("version");
  if (version == document.end() || !version->is_number_integer())
    throw Error(path + ": not a DigitPad run file (no format version)");
  if (version->get<int>() > kFormatVersion)
    throw Error(path + ": written by a newer DigitPad (run format " + std::to_string(version->get<int>()) +
                "); update DigitPad to read it");
  return document;
}

}  // namespace

std::string run_summary_json(const RunSummary& run) {
  json recipe = json::array();
  for (const auto& [key, value] : run.recipe) recipe.push_back({key, value});
  const json document = {
      {"version", kFormatVersion},
      {"id", run.id},
      {"created", run.created},
      {"kind", run.fine_tune ? "fine-tune" : "train"},
      {"preset", run.preset},
      {"dataset", run.dataset},
      {"train_count", run.train_count},
      {"test_count", run.test_count},
      {"split_seed", run.split_seed},
      {"recipe", recipe},
      {"status", run.status},
      {"iterations", run.iterations},
      {"final_cost", std::isfinite(run.final_cost) ? json(run.final_cost) : json(nullptr)},
      {"train_accuracy", run.train_accuracy},
      {"test_accuracy", run.test_accuracy},
      {"seconds", run.seconds},
      {"message", run.message},
  };
  return document.dump(2) + "\n";
}

RunSummary parse_run_summary(std::string_view text, const std::string& path) {
  const json document = parseDocument(text, path);
  try {
    RunSummary run;
    run.id = document.at("id").get<std::string>();
    run.created = document.at("created").get<std::string>();
    run.fine_tune = document.at("kind").get<std::string>() == "fine-tune";
    run.preset = document.at("preset").get<std::string>();
    run.dataset = document.at("dataset").get<std::string>();
    run.train_count = document.at("train_count").get<int>();
    run.test_count = document.at("test_count").get<int>();
    run.split_seed = document.at("split_seed").get<std::uint64_t>();
    for (const json& pair : document.at("recipe"))
      run.recipe.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
    run.status = document.at("status").get<std::string>();
    run.iterations = document.at("iterations").get<int>();
    const json& final_cost = document.at("final_cost");
    run.final_cost = final_cost.is_null() ? std::numeric_limits<float>::quiet_NaN() : final_cost.get<float>();
    run.train_accuracy = document.at("train_accuracy").get<float>();
    run.test_accuracy = document.at("test_accuracy").get<float>();
    run.seconds = document.at("seconds").get<double>();
    run.message = document.at("message").get<std::string>();
    return run;
  } catch (const json::exception& error) {
    // nlohmann names the field's problem ("key 'seconds' not found", "type must be number").
    throw Error(path + ": not a complete DigitPad run file (" + error.what() + ")");
  }
}

std::string run_points_json(const std::vector<RunPoint>& points) {
  // Rows of [iteration, cost, train accuracy, test accuracy, test cost]:
  // a tenth of the size of one object a row, for runs of 10,000 iterations.
  json rows = json::array();
  for (const RunPoint& point : points)
    rows.push_back({point.iteration, optionalNumber(point.cost), optionalNumber(point.train_accuracy),
                    optionalNumber(point.test_accuracy), optionalNumber(point.test_cost)});
  const json document = {{"version", kFormatVersion},
                         {"columns", {"iteration", "cost", "train_accuracy", "test_accuracy", "test_cost"}},
                         {"points", rows}};
  return document.dump() + "\n";
}

std::vector<RunPoint> parse_run_points(std::string_view text, const std::string& path) {
  const json document = parseDocument(text, path);
  try {
    std::vector<RunPoint> points;
    const json& rows = document.at("points");
    points.reserve(rows.size());
    for (const json& row : rows) {
      RunPoint point;
      point.iteration = row.at(0).get<int>();
      point.cost = row.at(1).is_null() ? std::numeric_limits<float>::quiet_NaN() : row.at(1).get<float>();
      point.train_accuracy = readOptional(row.at(2));
      point.test_accuracy = readOptional(row.at(3));
      point.test_cost = readOptional(row.at(4));
      points.push_back(point);
    }
    return points;
  } catch (const json::exception& error) {
    throw Error(path + ": not a complete DigitPad run file (" + error.what() + ")");
  }
}

std::string run_points_csv(const std::vector<RunPoint>& points) {
  std::string text = "iteration,cost,train_accuracy,test_accuracy,test_cost\n";
  for (const RunPoint& point : points) {
    text += std::to_string(point.iteration) + ',' +
            (std::isfinite(point.cost) ? csvNumber(point.cost) : std::string()) + ',' +
            csvNumber(point.train_accuracy) + ',' + csvNumber(point.test_accuracy) + ',' +
            csvNumber(point.test_cost) + '\n';
  }
  return text;
}

}  // namespace digitpad
