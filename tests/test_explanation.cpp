// SPDX-License-Identifier: GPL-3.0-or-later
// The "Why?" heat map on networks whose reasons are known by construction,
// and its one batched pass against occluding one patch at a time.

#include "core/data/dataset.h"
#include "core/io/model_file.h"
#include "core/recognition/digit_classes.h"
#include "core/recognition/explanation.h"
#include "test_paths.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace digitpad {
namespace {

constexpr int kThree = 3;
constexpr int kFive = 5;
constexpr int kHalf = kImageSide / 2;

// Softmax regression (no hidden layer) in which class 3 is driven only by
// ink in the left half of the digit and class 5 only by ink in the right
// half; every other class has zero weights.
Network left_three_right_five(int classes = kClassCount) {
  Network network(Architecture::mlp(kImagePixels, {}, classes), 0.0f, 1);
  network.weights(0).setZero();
  network.biases(0).setZero();
  for (int y = 0; y < kImageSide; ++y) {
    for (int x = 0; x < kImageSide; ++x) {
      const int pixel = y * kImageSide + x;
      network.weights(0)(x < kHalf ? kThree : kFive, pixel) = 1.0f;
    }
  }
  return network;
}

// A filled rectangle of ink, rows [top, bottom) and columns [left, right).
void ink(Eigen::VectorXf& input, int top, int bottom, int left, int right) {
  for (int y = top; y < bottom; ++y)
    for (int x = left; x < right; ++x) input(y * kImageSide + x) = 1.0f;
}

float heat_at(const Explanation& explanation, int y, int x) { return explanation.heat(y * kImageSide + x); }

// More ink on the left (a 4x10 bar) than on the right (a 4x4 square): read as
// 3 with 5 the runner-up. The ink sits in rows 10..20, leaving rows 0..5 blank.
Eigen::VectorXf more_left_than_right() {
  Eigen::VectorXf input = Eigen::VectorXf::Zero(kImagePixels);
  ink(input, 10, 20, 3, 7);
  ink(input, 12, 16, 20, 24);
  return input;
}

TEST(Explanation, LeftInkMadeItAThreeRightInkLookedLikeAFive) {
  const Network network = left_three_right_five();
  const Explanation explanation = explain_answer(network, more_left_than_right());
  ASSERT_EQ(explanation.answer, kThree);
  ASSERT_EQ(explanation.runner_up, kFive);
  ASSERT_EQ(explanation.heat.size(), kImagePixels);
  for (int y = 10; y < 20; ++y)
    for (int x = 3; x < 7; ++x) EXPECT_GT(heat_at(explanation, y, x), 0.5f) << "left ink at " << y << "," << x;
  for (int y = 12; y < 16; ++y)
    for (int x = 20; x < 24; ++x) EXPECT_LT(heat_at(explanation, y, x), -0.5f) << "right ink at " << y << "," << x;
  // Blank rows far from any ink: no patch there held ink to remove.
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < kImageSide; ++x) EXPECT_EQ(heat_at(explanation, y, x), 0.0f) << y << "," << x;
  EXPECT_GT(explanation.strongest(), 0.5f);
}

TEST(Explanation, SameReasonsWithTheNotADigitClass) {
  const Explanation explanation =
      explain_answer(left_three_right_five(kClassCountWithNotADigit), more_left_than_right());
  EXPECT_EQ(explanation.answer, kThree);
  EXPECT_EQ(explanation.runner_up, kFive);
  EXPECT_GT(heat_at(explanation, 15, 5), 0.5f);
  EXPECT_LT(heat_at(explanation, 14, 22), -0.5f);
}

// A softmax regression's margin log p(3) - log p(5) is linear in the input,
// so a patch's fall is exactly the ink it removes: +1 per pixel of left ink,
// -1 per pixel of right ink.
TEST(Explanation, FallsAreTheMarginTheRemovedInkCarried) {
  static_assert(kOcclusionPatchSide == 4 && kOcclusionStride == 3, "the pixels below assume this patch grid");
  const Explanation explanation = explain_answer(left_three_right_five(), more_left_than_right());
  // Pixel (14, 5) lies under one patch only, rows 12..15 and columns 3..6:
  // 16 pixels of the bar.
  EXPECT_NEAR(heat_at(explanation, 14, 5), 16.0f, 1e-3f);
  // Pixel (14, 22) lies under one patch only, rows 12..15 and columns 21..24:
  // 4 rows and 3 columns of the square.
  EXPECT_NEAR(heat_at(explanation, 14, 22), -12.0f, 1e-3f);
  // Pixel (14, 6) lies under two, columns 3..6 (16 pixels of the bar) and
  // 6..9 (4 of them), rows 12..15 for both.
  EXPECT_NEAR(heat_at(explanation, 14, 6), (16.0f + 4.0f) / 2.0f, 1e-3f);
}

TEST(Explanation, BlankInputHasNoExplanation) {
  const Explanation explanation = explain_answer(left_three_right_five(), Eigen::VectorXf::Zero(kImagePixels));
  EXPECT_TRUE(explanation.empty());
  EXPECT_EQ(explanation.strongest(), 0.0f);
}

TEST(Explanation, RefusesANetworkThatDoesNotReadDigits) {
  const Network network(Architecture::mlp(100, {}, 10), 0.0f, 1);
  EXPECT_THROW(explain_answer(network, more_left_than_right()), Error);
}

// The heat map computed the slow way: one forward pass per blanked patch.
Explanation explain_one_at_a_time(const Network& network, const Eigen::VectorXf& input) {
  Explanation explanation;
  const Eigen::VectorXf original = network.probabilities(input).col(0);
  Eigen::Index answer = 0;
  original.maxCoeff(&answer);
  Eigen::VectorXf others = original;
  others(answer) = -1.0f;
  Eigen::Index runner_up = 0;
  others.maxCoeff(&runner_up);
  explanation.answer = static_cast<int>(answer);
  explanation.runner_up = static_cast<int>(runner_up);
  const float margin = answer_margin(original, explanation.answer, explanation.runner_up);
  const std::vector<OcclusionPatch> patches = inked_patches(input);
  std::vector<float> falls;
  for (const OcclusionPatch& patch : patches) {
    Eigen::VectorXf occluded = input;
    blank_patch(occluded, patch);
    falls.push_back(margin -
                    answer_margin(network.probabilities(occluded).col(0), explanation.answer, explanation.runner_up));
  }
  explanation.heat = heat_from_falls(patches, falls);
  return explanation;
}

void expect_same_heat(const Explanation& batched, const Explanation& single) {
  ASSERT_EQ(batched.answer, single.answer);
  ASSERT_EQ(batched.runner_up, single.runner_up);
  ASSERT_EQ(batched.heat.size(), single.heat.size());
  const float tolerance = 1e-4f + 1e-3f * single.strongest();
  for (Eigen::Index i = 0; i < single.heat.size(); ++i)
    EXPECT_NEAR(batched.heat(i), single.heat(i), tolerance) << "pixel " << i;
}

TEST(Explanation, BatchedPassMatchesOnePatchAtATime) {
  const Network network = left_three_right_five();
  expect_same_heat(explain_answer(network, more_left_than_right()),
                   explain_one_at_a_time(network, more_left_than_right()));
}

// The same through the shipped convnet (convolutions, pooling, dropout off),
// on a hand-made 7: a bar across the top and a stroke down to the left.
TEST(Explanation, BatchedPassMatchesOnePatchAtATimeThroughTheShippedConvnet) {
  const std::filesystem::path path = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  const Model model = load_model(path.string());
  Eigen::VectorXf seven = Eigen::VectorXf::Zero(kImagePixels);
  ink(seven, 5, 8, 7, 21);
  for (int y = 8; y < 24; ++y) ink(seven, y, y + 1, 19 - (y - 8) / 2, 22 - (y - 8) / 2);
  const Explanation batched = explain_answer(model.network, seven);
  EXPECT_GT(batched.strongest(), 0.0f);
  expect_same_heat(batched, explain_one_at_a_time(model.network, seven));
}

}  // namespace
}  // namespace digitpad
