// SPDX-License-Identifier: GPL-3.0-or-later
// oversample_into: a few digits repeated into a large set until they make up a
// given share of it (how fine-tuning gives a user's five drawings weight).

#include "core/data/oversample.h"

#include "core/nn/fine_tune.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

namespace digitpad {
namespace {

// `count` digits of one label, each marked by its index in pixel 0.
Dataset marked(int count, std::uint8_t label, const char* source) {
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  for (int i = 0; i < count; ++i) data.images(0, i) = static_cast<float>(i) / 1000.0f;
  data.labels.assign(static_cast<std::size_t>(count), label);
  data.source = source;
  return data;
}

TEST(Oversample, ExtraDigitsReachTheAskedShareWithEveryDigitRepeatedEvenly) {
  const Dataset base = marked(700, 1, "base");
  const Dataset mine = marked(7, 7, "mine");
  const Dataset mixed = oversample_into(base, mine, 0.3);
  // 0.3/0.7 * 700 = 300 of mine: 42 whole copies of 7 digits and 6 more.
  ASSERT_EQ(mixed.count(), 1000);
  int sevens = 0;
  std::vector<int> times(7, 0);
  for (int i = 0; i < mixed.count(); ++i) {
    if (mixed.labels[static_cast<std::size_t>(i)] != 7) continue;
    ++sevens;
    ++times[static_cast<std::size_t>(std::lround(mixed.images(0, i) * 1000.0f))];
  }
  EXPECT_EQ(sevens, 300);
  for (int t : times) {
    EXPECT_GE(t, 42);
    EXPECT_LE(t, 43);
  }
  // The base comes first, untouched.
  EXPECT_TRUE(mixed.images.leftCols(700).isApprox(base.images));
  EXPECT_NE(mixed.source.find("mine"), std::string::npos);
}

TEST(Oversample, EveryExtraDigitAppearsAtLeastOnceAndEmptyExtrasChangeNothing) {
  const Dataset base = marked(4, 1, "base");
  const Dataset mine = marked(5, 7, "mine");
  EXPECT_EQ(oversample_into(base, mine, 0.3).count(), 9);
  EXPECT_EQ(oversample_into(base, Dataset{}, 0.3).count(), 4);
}

TEST(Oversample, ShareOutsideZeroToOneIsRefused) {
  const Dataset base = marked(4, 1, "base");
  const Dataset mine = marked(5, 7, "mine");
  EXPECT_THROW(oversample_into(base, mine, 0.0), Error);
  EXPECT_THROW(oversample_into(base, mine, 1.0), Error);
}

TEST(FineTune, RecipeKeepsTheArchitectureAndSettlesAtTheEnd) {
  const Architecture shape = Architecture::mlp(784, {64, 32}, 10, Activation::Relu);
  const TrainingRecipe recipe = fine_tune_recipe(shape);
  EXPECT_EQ(recipe.architecture, shape);
  EXPECT_EQ(recipe.training.optimizer.kind, OptimizerKind::Adam);
  // No larger than the step the presets train with, and falling to zero:
  // the measured recipe (scripts/teach_acceptance.py).
  EXPECT_LE(recipe.training.optimizer.learning_rate, 1e-3f);
  EXPECT_EQ(recipe.training.schedule, Schedule::Cosine);
  EXPECT_GT(recipe.training.batch_size, 0);
  EXPECT_GT(recipe.training.epochs, 0);
  // The user's digits a minority of every batch.
  EXPECT_GE(kMyDigitShare, 0.05);
  EXPECT_LE(kMyDigitShare, 0.3);
  EXPECT_GT(kFineTuneAllowedDropPoints, 0.0f);
}

}  // namespace
}  // namespace digitpad
