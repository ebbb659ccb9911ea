// SPDX-License-Identifier: GPL-3.0-or-later
// split_number on synthetic drawings: strokes rasterized as round-pen lines on
// a white canvas, as the app's canvas draws them.

#include "core/image/number_split.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace digitpad {
namespace {

// A white canvas with black strokes drawn by a round pen.
class Canvas {
 public:
  Canvas(int width, int height)
      : width_(width), height_(height), pixels_(static_cast<std::size_t>(width) * height, 255) {}

  // A straight stroke from (x0, y0) to (x1, y1), `pen` pixels wide.
  Canvas& line(double x0, double y0, double x1, double y1, double pen = 4.0) {
    const double length = std::hypot(x1 - x0, y1 - y0);
    const int steps = std::max(1, static_cast<int>(length * 2));
    for (int s = 0; s <= steps; ++s) {
      const double t = static_cast<double>(s) / steps;
      dot(x0 + t * (x1 - x0), y0 + t * (y1 - y0), pen);
    }
    return *this;
  }
  // A filled disc (a blob, or a speck when small).
  Canvas& dot(double cx, double cy, double diameter) {
    const double r = diameter / 2.0;
    for (int y = static_cast<int>(cy - r) - 1; y <= static_cast<int>(cy + r) + 1; ++y)
      for (int x = static_cast<int>(cx - r) - 1; x <= static_cast<int>(cx + r) + 1; ++x)
        if (x >= 0 && y >= 0 && x < width_ && y < height_ && std::hypot(x + 0.5 - cx, y + 0.5 - cy) <= r)
          pixels_[static_cast<std::size_t>(y) * width_ + x] = 0;
    return *this;
  }
  // Ink white on black instead (MNIST's convention).
  Canvas& invert() {
    for (std::uint8_t& p : pixels_) p = static_cast<std::uint8_t>(255 - p);
    return *this;
  }

  GrayImageView view() const { return {pixels_.data(), width_, height_, width_}; }

 private:
  int width_, height_;
  std::vector<std::uint8_t> pixels_;
};

// The strokes of a "1" and a "7" with their left edges at `x`, 60 px tall from `top`.
Canvas& draw_one(Canvas& canvas, double x, double top) { return canvas.line(x + 2, top, x + 2, top + 60); }
Canvas& draw_seven(Canvas& canvas, double x, double top) {
  return canvas.line(x + 2, top, x + 40, top).line(x + 40, top, x + 12, top + 60);
}

TEST(NumberSplit, TwoBlobsWithAGapAreTwoDigits) {
  Canvas canvas(200, 100);
  canvas.dot(50, 50, 40).dot(110, 50, 40);  // 20 px apart
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_NEAR(digits[0].box.x + digits[0].box.width / 2.0, 50, 1.5);
  EXPECT_NEAR(digits[1].box.x + digits[1].box.width / 2.0, 110, 1.5);
  EXPECT_NEAR(digits[0].box.width, 40, 2);
}

TEST(NumberSplit, AOneNextToASevenAreTwoDigitsInOrder) {
  Canvas canvas(160, 100);
  draw_one(canvas, 30, 20);
  draw_seven(canvas, 44, 20);  // the 7's bar starts 10 px right of the 1's stroke
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_LT(digits[0].box.width, 8);   // the 1: a stroke 4 px wide
  EXPECT_GT(digits[1].box.width, 35);  // the 7: bar and stem together
  EXPECT_LT(digits[0].box.x + digits[0].box.width, digits[1].box.x);
}

TEST(NumberSplit, AFiveWhoseBarIsASeparateStrokeIsOneDigit) {
  Canvas canvas(120, 120);
  canvas
      .line(40, 30, 38, 55)  // the body: down...
      .line(38, 55, 60, 52)
      .line(60, 52, 68, 68)
      .line(68, 68, 58, 85)   // ...round the belly...
      .line(58, 85, 36, 82)   // ...and back
      .line(42, 20, 72, 20);  // the bar, lifted off the body
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_LE(digits[0].box.y, 19);                         // the bar's top...
  EXPECT_GE(digits[0].box.y + digits[0].box.height, 86);  // ...to the belly's bottom
  EXPECT_GE(digits[0].box.x + digits[0].box.width, 73);   // the bar's right end
}

TEST(NumberSplit, AFarSpeckIsDroppedAndPaintedOver) {
  Canvas canvas(200, 100);
  draw_seven(canvas, 30, 20);
  canvas.dot(170, 90, 2.5);  // dust far from the digit
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_LT(digits[0].box.x + digits[0].box.width, 80);
  EXPECT_LT(digits[0].box.y + digits[0].box.height, 85);
}

TEST(NumberSplit, ANearSpeckJoinsItsDigitAndOneInTheGapBridgesNothing) {
  Canvas canvas(200, 100);
  canvas.line(40, 20, 40, 80).line(100, 20, 100, 80);  // two 1s, far apart
  canvas.dot(44, 86, 3);                               // a dot just below the first
  canvas.dot(70, 50, 3);                               // a dot in the gap, touching neither
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_GE(digits[0].box.y + digits[0].box.height, 87);  // the near dot belongs to the first 1
  EXPECT_LT(digits[0].box.x + digits[0].box.width, 60);   // the gap's dot to neither
  EXPECT_GT(digits[1].box.x, 90);
}

TEST(NumberSplit, ASlantedStrokeBrokenInTheMiddleIsOneDigit) {
  Canvas canvas(200, 100);
  canvas.line(60, 20, 52, 48).line(50, 54, 42, 82);  // a slanted 1 whose halves share no column
  draw_seven(canvas, 90, 20);
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_LE(digits[0].box.y, 19);
  EXPECT_GE(digits[0].box.y + digits[0].box.height, 83);
}

TEST(NumberSplit, ADigitBrokenIntoShortDashesIsStillADigit) {
  Canvas canvas(200, 100);
  for (int dash = 0; dash < 4; ++dash) canvas.line(40, 20 + 16 * dash, 40, 30 + 16 * dash);  // a dashed 1
  draw_seven(canvas, 70, 20);
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_LT(digits[0].box.width, 8);
  EXPECT_GE(digits[0].box.height, 60);
}

TEST(NumberSplit, AnImageWithoutInkHasNoDigits) {
  const Canvas blank(100, 60);
  EXPECT_TRUE(split_number(blank.view()).empty());
  EXPECT_TRUE(split_number(GrayImageView{}).empty());
}

TEST(NumberSplit, DigitsAreOrderedLeftToRightWhateverTheirHeight) {
  Canvas canvas(260, 200);
  draw_seven(canvas, 150, 10);  // right, high
  draw_one(canvas, 20, 130);    // left, low
  canvas.dot(100, 60, 40);      // middle
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 3u);
  EXPECT_LT(digits[0].box.x, 30);
  EXPECT_GT(digits[0].box.y, 120);
  EXPECT_NEAR(digits[1].box.x, 80, 2);
  EXPECT_GT(digits[2].box.x, 140);
  EXPECT_LT(digits[2].box.y, 15);
}

TEST(NumberSplit, ACropPreprocessesExactlyAsTheDigitDrawnAlone) {
  Canvas number(160, 100), alone(160, 100);
  draw_one(number, 30, 20);
  draw_seven(number, 44, 20);
  draw_seven(alone, 44, 20);
  const std::vector<DigitCrop> digits = split_number(number.view());
  ASSERT_EQ(digits.size(), 2u);
  const std::optional<Eigen::VectorXf> from_crop = preprocess_digit(digits[1].view(), digits[1].polarity);
  const std::optional<Eigen::VectorXf> drawn_alone = preprocess_digit(alone.view());
  ASSERT_TRUE(from_crop && drawn_alone);
  EXPECT_EQ(*from_crop, *drawn_alone);
}

TEST(NumberSplit, LightInkOnDarkIsSplitTheSameWay) {
  Canvas canvas(160, 100);
  draw_one(canvas, 30, 20);
  draw_seven(canvas, 44, 20);
  canvas.invert();
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_EQ(digits[0].polarity, InkPolarity::LightOnDark);
  EXPECT_TRUE(preprocess_digit(digits[1].view(), digits[1].polarity).has_value());
}

// 500 scattered specks used to come back as a 60-digit "number".
TEST(NumberSplit, ScatteredSpecksAreTooManyMarksToBeANumber) {
  Canvas canvas(800, 400);
  std::mt19937 random(5);
  std::uniform_real_distribution<double> x(10, 790), y(10, 390);
  for (int speck = 0; speck < 500; ++speck) canvas.dot(x(random), y(random), 3);
  try {
    split_number(canvas.view());
    FAIL() << "500 specks were read as digits";
  } catch (const TooManyMarks& error) {
    EXPECT_EQ(std::string(error.what()).rfind("too many separate marks to be a number (", 0), 0u) << error.what();
  }
}

// Forty well-separated blobs, each a digit-sized piece: past the digit cap.
TEST(NumberSplit, MoreDigitsThanTheCapAreRefused) {
  Canvas canvas(40 * 30 + 20, 60);
  for (int blob = 0; blob < 40; ++blob) canvas.line(20 + 30 * blob, 10, 20 + 30 * blob, 50);
  EXPECT_THROW(split_number(canvas.view()), TooManyMarks);
}

// Specks far smaller than the digits are set aside before the cap is counted:
// a number on a noisy scan is still read, speck-free.
TEST(NumberSplit, TinySpecksBesideANumberAreSetAside) {
  Canvas canvas(400, 200);
  canvas.line(100, 20, 100, 180, 8);                            // a 1, 160 px tall
  canvas.line(160, 20, 260, 20, 8).line(260, 20, 190, 180, 8);  // a 7
  std::mt19937 random(9);
  std::uniform_real_distribution<double> x(5, 395), y(5, 195);
  for (int speck = 0; speck < 2000; ++speck) canvas.dot(x(random), y(random), 1.5);
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 2u);
  EXPECT_LT(digits[0].box.width, 30);
  EXPECT_GE(digits[0].box.height, 160);
}

// A grid of specks too few to pass the cap: each column of specks groups into
// one tall "digit" whose ink covers little of its height; none is a digit.
TEST(NumberSplit, ColumnsOfSpecksAreNoDigits) {
  Canvas canvas(400, 200);
  for (int column = 0; column < 10; ++column)
    for (int row = 0; row < 5; ++row) canvas.dot(20 + 40 * column, 20 + 40 * row, 3);
  try {
    split_number(canvas.view());
    FAIL() << "columns of specks were read as digits";
  } catch (const TooManyMarks& error) {
    EXPECT_STREQ(error.what(), "only scattered specks, no digit: not a number");
  }
}

// The same specks beside a real digit: the digit alone is read.
TEST(NumberSplit, ColumnsOfSpecksBesideADigitAreSetAside) {
  Canvas canvas(600, 200);
  for (int column = 0; column < 5; ++column)
    for (int row = 0; row < 5; ++row) canvas.dot(20 + 40 * column, 20 + 40 * row, 3);
  canvas.line(400, 20, 400, 180, 8);
  const std::vector<DigitCrop> digits = split_number(canvas.view());
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_GT(digits[0].box.x, 380);
}

}  // namespace
}  // namespace digitpad
