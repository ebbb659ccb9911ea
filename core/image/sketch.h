// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Building blocks for drawing templates (image/digit_styles.h,
// image/non_digit_shapes.h): random numbers for jitter, and lines and curves
// sampled into the polylines the drawn-digit set draws with a round pen.
// Coordinates are those of a template's unit box: x to the right, y down.
// Plain C++ (no Qt), so the geometry is unit-tested on its own.

#include "core/image/stroke_tracing.h"

#include <cstdint>
#include <random>
#include <vector>

namespace digitpad {

// The random numbers a template draws, from the caller's seeded engine
// through the portable helpers of util/random.h.
class SketchDice {
 public:
  explicit SketchDice(std::mt19937_64& engine) : engine_(engine) {}
  double uniform(double low, double high);
  int integer(int low, int high_inclusive);
  bool chance(double probability) { return uniform(0, 1) < probability; }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64& engine_;
};

// A box in template coordinates: a drawing's height is taken from its frame,
// not from its ink, so a horizontal line has a length rather than a height.
struct SketchFrame {
  double left = 0, top = 0, right = 1, bottom = 1;
};

// Strokes with the frame that sizes them on the canvas. `pen_of_height` > 0
// asks for a pen that wide relative to the drawing's ink height (a dot, a
// filled blob); `size_factor` shrinks the drawing below the style's height.
struct SketchDrawing {
  std::vector<Polyline> strokes;
  SketchFrame frame;
  double pen_of_height = 0;
  double size_factor = 1;
};

StrokePoint point(double x, double y);
// The point moved by up to `amount` each way.
StrokePoint jittered(SketchDice& dice, double x, double y, double amount);
Polyline segment(StrokePoint from, StrokePoint to);
// A cubic Bezier curve through `samples` + 1 points.
Polyline cubic(StrokePoint from, StrokePoint control1, StrokePoint control2, StrokePoint to, int samples = 24);
// An elliptic arc around (cx, cy) from angle `from_degrees` to `to_degrees`
// (0 = right, 90 = down; decreasing angles run anticlockwise on screen).
Polyline arc(double cx, double cy, double rx, double ry, double from_degrees, double to_degrees, int samples = 32);
// `more` appended to `line`, its first point dropped when it repeats the last.
void extend(Polyline& line, const Polyline& more);
// The strokes in a random order, each drawn forwards or backwards: how a hand
// may draw the same figure.
std::vector<Polyline> in_random_order(std::vector<Polyline> strokes, SketchDice& dice);
// The strokes' bounding box.
SketchFrame bounds_of(const std::vector<Polyline>& strokes);

}  // namespace digitpad
