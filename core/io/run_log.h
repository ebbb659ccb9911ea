// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digitpad {

// One iteration of a training run as the chart draws it and the history keeps
// it: the batch cost every iteration, the accuracies and test cost at
// evaluation iterations only.
struct RunPoint {
  int iteration = 0;
  float cost = 0;                       // NaN for a diverging iteration (stored as null)
  std::optional<float> train_accuracy;  // in [0,1]
  std::optional<float> test_accuracy;
  std::optional<float> test_cost;

  bool operator==(const RunPoint&) const = default;
};

// What the run history lists about one run, without its curves (which can
// be long: they are read only when the run is ticked for comparison).
struct RunSummary {
  std::string id;       // the run's folder name, unique (new_run_id())
  std::string created;  // ISO 8601 UTC, when the run ended
  bool fine_tune = false;
  std::string preset;   // the preset the settings came from, "custom" after edits
  std::string dataset;  // how the model file names the data
  int train_count = 0;
  int test_count = 0;
  std::uint64_t split_seed = 0;
  // The recipe as key/value text (describe(recipe)): layers, optimizer,
  // learning rate, seeds...
  std::vector<std::pair<std::string, std::string>> recipe;
  // The outcome (TrainingResult).
  std::string status;  // "finished", "stopped", "diverged"
  int iterations = 0;
  float final_cost = 0;
  float train_accuracy = 0;
  float test_accuracy = 0;
  double seconds = 0;
  std::string message;

  bool operator==(const RunSummary&) const = default;
};

// The JSON texts of a run's two files, and their readers. The readers throw
// Error("<path>: <problem>") for anything but what the writers make (bad
// JSON, a missing or mistyped field, a newer format version).
std::string run_summary_json(const RunSummary& run);
RunSummary parse_run_summary(std::string_view text, const std::string& path);
std::string run_points_json(const std::vector<RunPoint>& points);
std::vector<RunPoint> parse_run_points(std::string_view text, const std::string& path);

// The curves as CSV, one row an iteration: iteration,cost,train_accuracy,
// test_accuracy,test_cost (empty cells where there was no evaluation).
std::string run_points_csv(const std::vector<RunPoint>& points);

}  // namespace digitpad
