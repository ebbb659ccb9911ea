// SPDX-License-Identifier: GPL-3.0-or-later
// The digit-style templates and non-digit shapes of make-drawn, and how the
// shipped model (models/default.dpm) reads them. Each style's drawing must
// come out of the app's preprocessing as a plausible digit; the shipped model
// must read each style (>= 97 %) and, when it has a not-a-digit output, answer
// it for the shapes (>= 90 %). Seeds here are never used for training data
// (set-up draws with 11-14). Painting on a QImage needs no application
// object as long as no font is used, and none is here.

#include "ui/headless/images/digit_image.h"
#include "ui/headless/images/drawn_digits.h"
#include "ui/headless/images/drawn_non_digits.h"

#include "core/data/dataset.h"
#include "core/image/digit_styles.h"
#include "core/image/non_digit_shapes.h"
#include "core/io/model_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include "test_paths.h"

namespace digitpad {
namespace {

constexpr std::uint64_t kTestSeed = 9001;
constexpr int kPerStyle = 200;  // 1 % of a style is two drawings, not a single miss
constexpr int kNonDigits = 220;

// The 28x28 input of one style drawing, drawn as make-drawn --styles draws it.
std::optional<Eigen::VectorXf> style_input(const DigitStyle& style, DrawingDice& dice) {
  SketchDice sketch_dice(dice.engine());
  const std::vector<Polyline> strokes = style.draw(sketch_dice);
  return digit_input_from_image(draw_strokes(strokes, random_style(dice)));
}

std::string shipped_model_path() { return std::string(DIGITPAD_SOURCE_DIR) + "/models/default.dpm"; }

TEST(DigitStyles, EachStyleIsAPlausibleDigitAfterPreprocessing) {
  ASSERT_GE(digit_styles().size(), 6u);
  for (const DigitStyle& style : digit_styles()) {
    DrawingDice dice(kTestSeed);
    for (int i = 0; i < 20; ++i) {
      const std::optional<Eigen::VectorXf> input = style_input(style, dice);
      ASSERT_TRUE(input) << style.name << ": no ink";
      // MNIST digits hold about 20 (a thin 1) to 250 units of ink; a drawing
      // outside that range would teach the model something no one draws.
      EXPECT_GT(input->sum(), 15.0f) << style.name << " #" << i;
      EXPECT_LT(input->sum(), 300.0f) << style.name << " #" << i;
    }
  }
}

TEST(DigitStyles, TheSameDiceDrawTheSameStrokesAndOthersDoNot) {
  for (const DigitStyle& style : digit_styles()) {
    std::mt19937_64 a(5), b(5), c(6);
    SketchDice dice_a(a), dice_b(b), dice_c(c);
    const std::vector<Polyline> first = style.draw(dice_a), again = style.draw(dice_b), other = style.draw(dice_c);
    ASSERT_EQ(first.size(), again.size());
    EXPECT_EQ(first.front().front().x, again.front().front().x) << style.name;
    EXPECT_NE(first.front().front().x, other.front().front().x) << style.name << ": no jitter";
  }
}

TEST(NonDigitShapes, EveryShapeHasInkAndAFrame) {
  std::mt19937_64 engine(kTestSeed);
  SketchDice dice(engine);
  for (const NonDigitShape& shape : non_digit_shapes()) {
    const SketchDrawing drawing = shape.draw(dice);
    ASSERT_FALSE(drawing.strokes.empty()) << shape.name;
    EXPECT_LE(drawing.frame.left, drawing.frame.right) << shape.name;
    DrawingDice style_dice(kTestSeed);
    const QImage canvas = draw_sketch(drawing, sketch_style(drawing, random_style(style_dice)));
    EXPECT_TRUE(digit_input_from_image(canvas)) << shape.name << ": no ink";
  }
}

TEST(ShippedModel, ReadsEveryDigitStyle) {
  if (!std::filesystem::exists(shipped_model_path())) GTEST_SKIP() << "no shipped model at " << shipped_model_path();
  const Model model = load_model(shipped_model_path());
  for (const DigitStyle& style : digit_styles()) {
    DrawingDice dice(kTestSeed);
    int right = 0;
    Eigen::VectorXi answers = Eigen::VectorXi::Zero(kClassCountWithNotADigit);
    for (int i = 0; i < kPerStyle; ++i) {
      const std::optional<Eigen::VectorXf> input = style_input(style, dice);
      ASSERT_TRUE(input);
      const int answer = model.network.classify(*input).front();
      right += answer == style.digit;
      ++answers(answer);
    }
    const double accuracy = static_cast<double>(right) / kPerStyle;
    std::string misread;
    for (int c = 0; c < answers.size(); ++c)
      if (c != style.digit && answers(c) > 0) misread += " " + std::to_string(c) + ":" + std::to_string(answers(c));
    std::printf("%-12s %5.1f %% of %d read as %d%s%s\n", std::string(style.name).c_str(), 100 * accuracy, kPerStyle,
                style.digit, misread.empty() ? "" : ", misread as", misread.c_str());
    EXPECT_GE(accuracy, 0.97) << style.name;
  }
}

TEST(ShippedModel, AnswersNotADigitForNonDigits) {
  if (!std::filesystem::exists(shipped_model_path())) GTEST_SKIP() << "no shipped model at " << shipped_model_path();
  const Model model = load_model(shipped_model_path());
  DrawingDice probe(kTestSeed);
  const int outputs = static_cast<int>(
      model.network.probabilities(*digit_input_from_image(draw_strokes({{{0, 0}, {1, 5}}}, random_style(probe))))
          .rows());
  if (outputs == kClassCount) GTEST_SKIP() << "the shipped model has 10 outputs, no not-a-digit answer to measure";
  ASSERT_EQ(outputs, kClassCountWithNotADigit);
  DrawingDice dice(kTestSeed);
  int answered = 0;
  for (int i = 0; i < kNonDigits; ++i) {
    const NonDigitDrawing drawing = draw_non_digit(i, dice, NonDigitSources{}, PenRange::Canvas);
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(drawing.canvas);
    ASSERT_TRUE(input) << drawing.origin;
    answered += model.network.classify(*input).front() == kNotADigitLabel;
  }
  const double share = static_cast<double>(answered) / kNonDigits;
  std::printf("not-a-digit answered for %.1f %% of %d non-digit shapes\n", 100 * share, kNonDigits);
  EXPECT_GE(share, 0.90);
}

}  // namespace
}  // namespace digitpad
