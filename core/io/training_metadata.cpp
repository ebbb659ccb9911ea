// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/training_metadata.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace digitpad {

ModelInfo training_metadata(const std::string& name, const TrainingRecipe& recipe, const std::string& dataset,
                            int train_count, int test_count, const TrainingResult& result) {
  ModelInfo info;
  info.name = name;
  info.dataset = dataset;
  info.train_count = train_count;
  info.test_count = test_count;
  info.iterations = result.iterations;
  info.final_cost = result.final_cost;
  info.train_accuracy = result.train_accuracy;
  info.test_accuracy = test_count > 0 ? result.test_accuracy : 0.0f;
  info.created = utc_timestamp_now();
  info.hyperparameters = describe(recipe);
  return info;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);  // the re-entrant form: the app calls this from a worker thread
  char text[80];         // room for any int fields, so no truncation is possible
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

}  // namespace digitpad
