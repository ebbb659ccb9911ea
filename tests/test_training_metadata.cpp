// SPDX-License-Identifier: GPL-3.0-or-later
// training_metadata: what a model file records about the run that made it.

#include "core/io/training_metadata.h"

#include "core/nn/presets.h"

#include <gtest/gtest.h>

#include <regex>

namespace digitpad {
namespace {

TEST(TrainingMetadata, RecordsTheRunTheDataAndTheRecipe) {
  TrainingRecipe recipe;
  recipe.architecture.layers = dense_layers({64, 32});
  recipe.training.optimizer.learning_rate = 0.25f;
  TrainingResult result;
  result.iterations = 42;
  result.final_cost = 0.125f;
  result.train_accuracy = 0.97f;
  result.test_accuracy = 0.875f;

  const ModelInfo info = training_metadata("mine", recipe, "opencv-digits", 1000, 350, result);
  EXPECT_EQ(info.name, "mine");
  EXPECT_EQ(info.dataset, "opencv-digits");
  EXPECT_EQ(info.train_count, 1000);
  EXPECT_EQ(info.test_count, 350);
  EXPECT_EQ(info.iterations, 42);
  EXPECT_FLOAT_EQ(info.final_cost, 0.125f);
  EXPECT_FLOAT_EQ(info.train_accuracy, 0.97f);
  EXPECT_FLOAT_EQ(info.test_accuracy, 0.875f);
  EXPECT_EQ(info.hyperparameters, describe(recipe));
  EXPECT_TRUE(std::regex_match(info.created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << info.created;
}

TEST(TrainingMetadata, NoTestSetMeansNoTestAccuracy) {
  TrainingResult result;
  result.test_accuracy = 0.5f;  // whatever the trainer left there
  const ModelInfo info = training_metadata("m", TrainingRecipe{}, "d", 10, 0, result);
  EXPECT_EQ(info.test_accuracy, 0.0f);
}

TEST(UtcTimestamp, IsIso8601UtcAndCurrent) {
  const std::string stamp = utc_timestamp_now();
  ASSERT_TRUE(std::regex_match(stamp, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << stamp;
  const int year = std::stoi(stamp.substr(0, 4));
  EXPECT_GE(year, 2024);
  EXPECT_LT(year, 2200);
}

}  // namespace
}  // namespace digitpad
