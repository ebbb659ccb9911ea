// SPDX-License-Identifier: GPL-3.0-or-later
// Turning a grid of 20x20 digit cells (OpenCV's digits.png) into MNIST-style
// 28x28 digits: labels from rows, digits scaled and centred as canvas drawings
// are, size checks.
// Synthetic grids only: core has no PNG decoder.

#include "core/data/digit_grid.h"
#include "core/image/preprocess.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace digitpad {
namespace {

// A gray image with a row stride that may exceed its width.
struct Grid {
  int width, height, stride;
  std::vector<std::uint8_t> pixels;

  Grid(int w, int h, int padding = 0)
      : width(w), height(h), stride(w + padding), pixels(static_cast<std::size_t>(stride * h), 0) {}
  void fill(int x0, int y0, int w, int h, std::uint8_t value) {
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x) pixels[static_cast<std::size_t>(y * stride + x)] = value;
  }
  Dataset convert(const DigitGridLayout& layout) const {
    return digits_from_grid(pixels.data(), width, height, stride, "grid.png", layout);
  }
};

float at(const Dataset& data, int digit, int x, int y) { return data.images(y * kImageSide + x, digit); }

// Centre of mass of one 28x28 digit, in pixel-index coordinates.
Eigen::Vector2d centre_of_mass(const Dataset& data, int digit) {
  double mass = 0, mx = 0, my = 0;
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x) {
      mass += at(data, digit, x, y);
      mx += x * at(data, digit, x, y);
      my += y * at(data, digit, x, y);
    }
  return {mx / mass, my / mass};
}

template <typename Action>
void expect_error(Action action, const std::string& problem) {
  try {
    action();
    ADD_FAILURE() << "no error; expected one about \"" << problem << "\"";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("grid.png: "), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
  }
}

// One column of ten cells: one digit per class.
constexpr DigitGridLayout kOnePerClass{20, 1, 10, 1};

// A ring drawn into the cell at `size` px, as digits.png holds it: light on dark.
void draw_ring(Grid& grid, int cell_x, int cell_y, int size, std::uint8_t value) {
  const double centre = 9.5, outer = size / 2.0, inner = outer - 2.5;
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 20; ++x) {
      const double r = std::hypot(x - centre, y - centre);
      if (r <= outer && r >= inner)
        grid.pixels[static_cast<std::size_t>((cell_y + y) * grid.stride + cell_x + x)] = value;
    }
}

// Height and width of the ink's bounding box in one 28x28 digit.
std::pair<int, int> ink_box(const Dataset& data, int digit) {
  int top = kImageSide, bottom = -1, left = kImageSide, right = -1;
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x)
      if (at(data, digit, x, y) > 0.05f)
        top = std::min(top, y), bottom = std::max(bottom, y), left = std::min(left, x), right = std::max(right, x);
  return {bottom - top + 1, right - left + 1};
}

TEST(DigitGrid, OneDigitPerClassInRowOrder) {
  Grid grid(20, 200);
  for (int k = 0; k < 10; ++k) draw_ring(grid, 0, k * 20, 8 + k, 255);
  const Dataset data = grid.convert(kOnePerClass);
  ASSERT_EQ(data.count(), 10);
  ASSERT_EQ(data.images.rows(), kImagePixels);
  EXPECT_EQ(data.source, "grid.png");
  for (int k = 0; k < 10; ++k) EXPECT_EQ(data.labels[static_cast<std::size_t>(k)], k);
}

TEST(DigitGrid, CellsBecomeMnistSizedLikeCanvasDrawings) {
  // digits.png holds digits ~15 px tall; MNIST's (and the canvas path's) are 20.
  Grid grid(20, 200);
  draw_ring(grid, 0, 0, 15, 255);
  draw_ring(grid, 0, 20, 10, 200);
  const Dataset data = grid.convert(kOnePerClass);
  for (int digit : {0, 1}) {
    const auto [height, width] = ink_box(data, digit);
    EXPECT_NEAR(height, 20, 1) << "digit " << digit;
    EXPECT_NEAR(width, 20, 1) << "digit " << digit;
    const Eigen::Vector2d com = centre_of_mass(data, digit);
    EXPECT_NEAR(com.x(), 14.0, 0.6);
    EXPECT_NEAR(com.y(), 14.0, 0.6);
    EXPECT_FLOAT_EQ(data.images.col(digit).maxCoeff(), 1.0f);  // ink stretched like a canvas stroke
  }
  // Exactly what preprocess_digit makes of the cell.
  const std::optional<Eigen::VectorXf> direct =
      preprocess_digit(GrayImageView{grid.pixels.data(), 20, 20, grid.stride}, InkPolarity::LightOnDark);
  ASSERT_TRUE(direct.has_value());
  EXPECT_TRUE(data.images.col(0).isApprox(*direct));
}

TEST(DigitGrid, BlankCellStaysEmpty) {
  const Dataset data = Grid(20, 200).convert(kOnePerClass);
  EXPECT_FLOAT_EQ(data.images.col(4).sum(), 0.0f);
}

TEST(DigitGrid, ReadingOrderAndRowsPerClassWithAPaddedStride) {
  // 3 columns x 4 rows, 2 rows per class -> labels 0,0,0,0,0,0,1,1,1,1,1,1.
  Grid grid(60, 80, /*padding=*/13);
  draw_ring(grid, 20, 0, 12, 255);   // row 0, column 1 -> digit 1
  draw_ring(grid, 40, 60, 12, 255);  // row 3, column 2 -> digit 11
  // Padding bytes past each row's width must be ignored.
  for (int y = 0; y < 80; ++y)
    for (int x = 60; x < grid.stride; ++x) grid.pixels[static_cast<std::size_t>(y * grid.stride + x)] = 255;
  const Dataset data = grid.convert(DigitGridLayout{20, 3, 4, 2});
  ASSERT_EQ(data.count(), 12);
  EXPECT_EQ(data.labels, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
  for (int digit = 0; digit < 12; ++digit)
    EXPECT_EQ(data.images.col(digit).sum() > 1.0f, digit == 1 || digit == 11) << "digit " << digit;
}

TEST(DigitGrid, DefaultLayoutIsOpenCvsDigitsPng) {
  Grid grid(2000, 1000);
  draw_ring(grid, 99 * 20, 49 * 20, 14, 255);  // the last cell: bottom-right, digit 4999
  const Dataset data = digits_from_grid(grid.pixels.data(), 2000, 1000, 2000, "grid.png");
  ASSERT_EQ(data.count(), 5000);
  std::vector<int> per_class(kClassCount, 0);
  for (std::uint8_t label : data.labels) ++per_class.at(label);
  for (int count : per_class) EXPECT_EQ(count, 500);
  EXPECT_EQ(data.labels[0], 0);
  EXPECT_EQ(data.labels[499], 0);
  EXPECT_EQ(data.labels[500], 1);
  EXPECT_EQ(data.labels[4999], 9);
  EXPECT_GT(data.images.col(4999).sum(), 10.0f);
  EXPECT_FLOAT_EQ(data.images.col(4998).sum(), 0.0f);
}

TEST(DigitGrid, WrongImageSizeIsNamed) {
  const Grid grid(1999, 1000);
  expect_error([&] { digits_from_grid(grid.pixels.data(), 1999, 1000, 1999, "grid.png"); },
               "image is 1999x1000, expected 2000x1000 (100x50 cells of 20 px)");
  expect_error([&] { Grid(20, 180).convert(kOnePerClass); }, "image is 20x180, expected 20x200");
}

TEST(DigitGrid, BadLayoutOrBufferIsRefused) {
  const Grid grid(20, 200);
  expect_error([&] { grid.convert(DigitGridLayout{20, 1, 10, 0}); }, "invalid grid layout");
  expect_error([&] { grid.convert(DigitGridLayout{30, 1, 10, 1}); }, "invalid grid layout");
  expect_error([&] { Grid(20, 220).convert(DigitGridLayout{20, 1, 11, 1}); }, "more than 10 classes");
  expect_error([&] { digits_from_grid(nullptr, 20, 200, 20, "grid.png", kOnePerClass); }, "no pixel data");
  expect_error([&] { digits_from_grid(grid.pixels.data(), 20, 200, 19, "grid.png", kOnePerClass); },
               "row stride of 19");
}

}  // namespace
}  // namespace digitpad
