// SPDX-License-Identifier: GPL-3.0-or-later
// "Teach it" asks first when a drawing is probably taught by mistake: the
// network reads it with high confidence as another digit, or it sits among
// another digit's examples (thin zeros that sit among the 1s).

#include "core/nn/teach_check.h"

#include <gtest/gtest.h>

using namespace digitpad;

namespace {

// Digits drawn as a bar on row band `label` (a few rows each), so that the
// nearest examples of a bar are bars of the same label.
Eigen::VectorXf bar(int label, float ink = 1.0f) {
  Eigen::VectorXf image = Eigen::VectorXf::Zero(kImagePixels);
  for (int row = 2 + 2 * label; row < 4 + 2 * label; ++row)
    for (int col = 4; col < 24; ++col) image(row * kImageSide + col) = ink;
  return image;
}

Dataset bars(const std::vector<int>& labels) {
  Dataset data;
  data.images.resize(kImagePixels, static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    data.images.col(static_cast<Eigen::Index>(i)) = bar(labels[i], 0.8f + 0.02f * static_cast<float>(i % 10));
    data.labels.push_back(static_cast<std::uint8_t>(labels[i]));
  }
  return data;
}

Eigen::VectorXf probabilities(int digit, float p) {
  Eigen::VectorXf result = Eigen::VectorXf::Constant(10, (1.0f - p) / 9.0f);
  result(digit) = p;
  return result;
}

}  // namespace

TEST(TeachCheck, NearestLabelsComeNearestFirst) {
  const Dataset examples = bars({3, 1, 1, 7, 1, 3, 3});
  const std::vector<int> nearest = nearest_labels(examples, bar(1), 3);
  EXPECT_EQ(nearest, (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(nearest_labels(examples, bar(7), 1), std::vector<int>{7});
  EXPECT_EQ(nearest_labels(examples, bar(3), 20).size(), 7u);  // no more than there are
  EXPECT_TRUE(nearest_labels(Dataset{}, bar(3), 5).empty());
}

TEST(TeachCheck, ADigitReadConfidentlyAsAnotherIsDoubted) {
  // A plain 1 taught as 0, read as 1 at 97 %.
  const auto doubt = doubt_about_teaching(bar(1), 0, probabilities(1, 0.97f), nullptr);
  ASSERT_TRUE(doubt.has_value());
  EXPECT_EQ(doubt->reason, TeachDoubt::Reason::ReadAsAnother);
  EXPECT_EQ(doubt->other_digit, 1);
  EXPECT_FLOAT_EQ(doubt->confidence, 0.97f);
  // Read as another digit, but unsure: nothing to say without examples.
  EXPECT_FALSE(doubt_about_teaching(bar(1), 0, probabilities(1, 0.6f), nullptr).has_value());
  // Read as the digit taught: nothing to doubt.
  EXPECT_FALSE(doubt_about_teaching(bar(1), 1, probabilities(1, 0.99f), nullptr).has_value());
}

TEST(TeachCheck, ADigitAmongAnotherDigitsExamplesIsDoubted) {
  std::vector<int> labels;
  for (int i = 0; i < 20; ++i) labels.push_back(i % 2 == 0 ? 1 : 5);
  const Dataset examples = bars(labels);
  // Drawn like the 1s, taught as 0, the network unsure: its 7 neighbours are 1s.
  const auto doubt = doubt_about_teaching(bar(1), 0, probabilities(1, 0.55f), &examples);
  ASSERT_TRUE(doubt.has_value());
  EXPECT_EQ(doubt->reason, TeachDoubt::Reason::AmongOthers);
  EXPECT_EQ(doubt->other_digit, 1);
  EXPECT_EQ(doubt->neighbours, kTeachNeighbours);
  EXPECT_GE(doubt->neighbours_like_other, kTeachNeighboursAgainst);
  // No model at all: the neighbours alone.
  EXPECT_TRUE(doubt_about_teaching(bar(1), 0, Eigen::VectorXf(), &examples).has_value());
  // Among its own digit's examples: fine.
  EXPECT_FALSE(doubt_about_teaching(bar(5), 5, Eigen::VectorXf(), &examples).has_value());
  // Neighbours split between digits: no single other digit to name.
  const Dataset mixed = bars({1, 2, 3, 4, 6, 7, 8, 9, 1, 2});
  EXPECT_FALSE(doubt_about_teaching(bar(0), 0, Eigen::VectorXf(), &mixed).has_value());
}
