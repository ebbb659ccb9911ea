// SPDX-License-Identifier: GPL-3.0-or-later
// Skeleton tracing behind `digitpad-cli make-drawn`: thinning, tracing into
// polylines, smoothing, on synthetic shapes whose answers are known.

#include "core/image/stroke_tracing.h"

#include "core/data/dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace digitpad {
namespace {

BitGrid shape(int width, int height, const std::function<bool(int, int)>& inside) {
  BitGrid grid(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) grid.set(x, y, inside(x, y));
  return grid;
}

int neighbour_count(const BitGrid& grid, int x, int y) {
  int count = 0;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) count += (dx != 0 || dy != 0) && grid.at(x + dx, y + dy) ? 1 : 0;
  return count;
}

double length(const Polyline& line) {
  double total = 0;
  for (std::size_t i = 1; i < line.size(); ++i)
    total += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  return total;
}

TEST(StrokeTracing, ThickBarThinsToOneLineAlongItsMiddle) {
  // A 9-pixel-thick bar from x=10 to x=49 around row 10.
  BitGrid grid = shape(60, 21, [](int x, int y) { return x >= 10 && x < 50 && y >= 6 && y <= 14; });
  thin_to_skeleton(grid);
  ASSERT_GT(grid.count(), 25);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x)
      if (grid.at(x, y)) {
        EXPECT_LE(neighbour_count(grid, x, y), 2) << "at " << x << "," << y;
        EXPECT_NEAR(y, 10, 1) << "at " << x << "," << y;
      }

  const std::vector<Polyline> strokes = trace_skeleton(grid, 4);
  ASSERT_EQ(strokes.size(), 1u);
  EXPECT_GT(length(strokes[0]), 25.0);
  EXPECT_LT(length(strokes[0]), 41.0);
}

TEST(StrokeTracing, RingBecomesOneClosedStroke) {
  BitGrid grid = shape(60, 60, [](int x, int y) {
    const double r = std::hypot(x - 29.5, y - 29.5);
    return r >= 17 && r <= 22;
  });
  thin_to_skeleton(grid);
  const std::vector<Polyline> strokes = trace_skeleton(grid, 4);
  ASSERT_EQ(strokes.size(), 1u);
  const Polyline& ring = strokes[0];
  EXPECT_EQ(ring.front().x, ring.back().x);
  EXPECT_EQ(ring.front().y, ring.back().y);
  // Circumference of the middle circle (radius 19.5) is about 122.5.
  EXPECT_NEAR(length(ring), 2 * 3.14159 * 19.5, 15.0);
  for (const StrokePoint& point : ring) EXPECT_NEAR(std::hypot(point.x - 30, point.y - 30), 19.5, 2.5);
}

TEST(StrokeTracing, CrossSplitsAtTheJunctionAndShortSpursAreDropped) {
  // A one-pixel "T": a bar across and a stem down; the stem is 20 pixels long.
  BitGrid tee =
      shape(41, 41, [](int x, int y) { return (y == 10 && x >= 5 && x <= 35) || (x == 20 && y >= 10 && y <= 30); });
  thin_to_skeleton(tee);
  EXPECT_EQ(trace_skeleton(tee, 4).size(), 3u);  // left arm, right arm, stem
  // Each branch runs from a free end to the junction, so each counts as a spur:
  // a limit of 18 pixels drops the 16-pixel arms and keeps the 20-pixel stem.
  EXPECT_EQ(trace_skeleton(tee, 18).size(), 1u);
}

TEST(StrokeTracing, SmoothingKeepsEndsAndFlattensStaircases) {
  Polyline staircase;
  for (int i = 0; i <= 40; ++i) staircase.push_back({static_cast<float>(i), static_cast<float>(i / 2 + (i % 2))});
  const Polyline smooth = smooth_polyline(staircase, 3, 2);
  EXPECT_EQ(smooth.front().x, staircase.front().x);
  EXPECT_EQ(smooth.back().x, staircase.back().x);
  EXPECT_EQ(smooth.back().y, staircase.back().y);
  EXPECT_EQ(smooth.size(), 21u);  // every second point plus the last
  // Inside, points lie close to the straight line y = x / 2 + 0.5.
  for (std::size_t i = 3; i + 3 < smooth.size(); ++i) EXPECT_NEAR(smooth[i].y, smooth[i].x / 2 + 0.5, 0.3);
}

TEST(StrokeTracing, SmoothedClosedStrokeStaysClosed) {
  Polyline square = {{0, 0}, {4, 0}, {8, 0}, {8, 4}, {8, 8}, {4, 8}, {0, 8}, {0, 4}, {0, 0}};
  const Polyline smooth = smooth_polyline(square, 1, 1);
  ASSERT_EQ(smooth.size(), square.size());
  EXPECT_EQ(smooth.front().x, smooth.back().x);
  EXPECT_EQ(smooth.front().y, smooth.back().y);
  EXPECT_NEAR(smooth[0].x, 4.0f / 3.0f, 1e-5);  // the corner is rounded: (0,4)+(0,0)+(4,0) over 3
}

TEST(StrokeTracing, MnistStyleOneBecomesAVerticalStroke) {
  Eigen::VectorXf digit = Eigen::VectorXf::Zero(kImagePixels);
  for (int row = 4; row < 24; ++row)
    for (int col = 13; col <= 15; ++col) digit(row * kImageSide + col) = col == 14 ? 1.0f : 0.6f;
  const std::vector<Polyline> strokes = strokes_from_digit(digit);
  ASSERT_EQ(strokes.size(), 1u);
  for (const StrokePoint& point : strokes[0]) EXPECT_NEAR(point.x, 14.5, 0.3);
  // 20 pixels high; thinning eats about half the stroke width at each end
  // (the redrawing pen's round caps put it back).
  EXPECT_GT(length(strokes[0]), 15.0);
  EXPECT_LT(length(strokes[0]), 20.0);
}

TEST(StrokeTracing, BlankDigitHasNoStrokes) {
  EXPECT_TRUE(strokes_from_digit(Eigen::VectorXf::Zero(kImagePixels)).empty());
}

}  // namespace
}  // namespace digitpad
