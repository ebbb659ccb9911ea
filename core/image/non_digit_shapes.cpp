// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/non_digit_shapes.h"

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kJitter = 0.04;

StrokePoint jit(SketchDice& dice, double x, double y) { return jittered(dice, x, y, kJitter); }

// A drawing framed by its own ink.
SketchDrawing framed(std::vector<Polyline> strokes, SketchDice& dice) {
  SketchDrawing drawing;
  drawing.strokes = in_random_order(std::move(strokes), dice);
  drawing.frame = bounds_of(drawing.strokes);
  return drawing;
}

// A closed polygon through `corners` as one stroke.
Polyline closed(const std::vector<StrokePoint>& corners) {
  Polyline line = corners;
  line.push_back(corners.front());
  return line;
}

SketchDrawing cross_x(SketchDice& dice) {
  const double w = dice.uniform(0.6, 1.2);
  return framed({segment(jit(dice, 0, 0), jit(dice, w, 1)), segment(jit(dice, w, 0), jit(dice, 0, 1))}, dice);
}

SketchDrawing plus(SketchDice& dice) {
  const double w = dice.uniform(0.7, 1.3), across = dice.uniform(0.35, 0.65), along = dice.uniform(0.35, 0.65);
  return framed({segment(jit(dice, 0, across), jit(dice, w, across)),
                 segment(jit(dice, w * along, 0), jit(dice, w * along, 1))},
                dice);
}

SketchDrawing star(SketchDice& dice) {
  // A five-pointed star in one stroke: every second point of a pentagon.
  const double turn = dice.uniform(-15, 15);
  std::vector<StrokePoint> corners;
  for (int k = 0; k < 5; ++k) {
    const double angle = (-90 + turn + 144.0 * k) * kPi / 180;
    corners.push_back(jit(dice, 0.5 + 0.5 * std::cos(angle), 0.5 + 0.5 * std::sin(angle)));
  }
  return framed({closed(corners)}, dice);
}

SketchDrawing triangle(SketchDice& dice) {
  const double apex = dice.uniform(0.2, 0.8), w = dice.uniform(0.8, 1.3);
  return framed({closed({jit(dice, apex * w, 0), jit(dice, w, 1), jit(dice, 0, 1)})}, dice);
}

SketchDrawing square(SketchDice& dice) {
  const double w = dice.uniform(0.7, 1.4);
  return framed({closed({jit(dice, 0, 0), jit(dice, w, 0), jit(dice, w, 1), jit(dice, 0, 1)})}, dice);
}

SketchDrawing heart(SketchDice& dice) {
  const StrokePoint top = jit(dice, 0.5, 0.25), bottom = jit(dice, 0.5, 1.0);
  Polyline left = cubic(top, jit(dice, 0.35, -0.15), jit(dice, -0.2, 0.25), bottom, 20);
  const Polyline right = cubic(bottom, jit(dice, 1.2, 0.25), jit(dice, 0.65, -0.15), top, 20);
  extend(left, right);
  return framed({left}, dice);
}

// Angles well away from the vertical: a line within 30 degrees of it reads as
// a 1, and the drawing's style may still turn it by up to about 22 degrees.
double non_vertical_angle(SketchDice& dice) {
  const double angle = dice.uniform(-45, 45);
  return dice.chance(0.5) ? angle : angle + 180;
}

SketchDrawing arrow(SketchDice& dice) {
  const double angle = non_vertical_angle(dice) * kPi / 180;
  const double dx = std::cos(angle) * 0.5, dy = std::sin(angle) * 0.5;
  const StrokePoint tail = jit(dice, 0.5 - dx, 0.5 - dy), head = jit(dice, 0.5 + dx, 0.5 + dy);
  const double barb = dice.uniform(0.2, 0.35), spread = dice.uniform(25, 45) * kPi / 180;
  std::vector<Polyline> strokes = {segment(tail, head)};
  Polyline barbs;
  for (const double side : {-1.0, 1.0}) {
    const double back = angle + kPi + side * spread;
    const StrokePoint end = point(head.x + barb * std::cos(back), head.y + barb * std::sin(back));
    if (barbs.empty()) {
      barbs = {end, head};
    } else {
      barbs.push_back(end);
    }
  }
  strokes.push_back(barbs);
  SketchDrawing drawing = framed(std::move(strokes), dice);
  drawing.frame = {0, 0, 1, 1};  // sized by its length: a flat arrow has little height
  for (const Polyline& stroke : drawing.strokes)
    for (const StrokePoint& p : stroke) {
      drawing.frame.left = std::min(drawing.frame.left, static_cast<double>(p.x));
      drawing.frame.right = std::max(drawing.frame.right, static_cast<double>(p.x));
      drawing.frame.top = std::min(drawing.frame.top, static_cast<double>(p.y));
      drawing.frame.bottom = std::max(drawing.frame.bottom, static_cast<double>(p.y));
    }
  return drawing;
}

SketchDrawing check_mark(SketchDice& dice) {
  const StrokePoint start = jit(dice, 0, dice.uniform(0.45, 0.7));
  const StrokePoint low = jit(dice, dice.uniform(0.25, 0.4), 1.0);
  const StrokePoint end = jit(dice, dice.uniform(0.9, 1.3), 0.0);
  Polyline check = segment(start, low);
  check.push_back(end);
  return framed({check}, dice);
}

SketchDrawing spiral(SketchDice& dice) {
  const double turns = dice.uniform(2.0, 3.5), start = dice.uniform(0, 360);
  const double direction = dice.chance(0.5) ? 1 : -1;
  Polyline line;
  const int samples = static_cast<int>(turns * 36);
  for (int i = 0; i <= samples; ++i) {
    const double t = static_cast<double>(i) / samples;
    const double angle = (start + direction * 360 * turns * t) * kPi / 180;
    const double r = 0.05 + 0.45 * t;
    line.push_back(jittered(dice, 0.5 + r * std::cos(angle), 0.5 + r * std::sin(angle), 0.006));
  }
  return framed({line}, dice);
}

SketchDrawing scribble(SketchDice& dice) {
  // Quick back-and-forth strokes across a box, as someone testing the pad might.
  const int turns = dice.integer(5, 14);
  const double w = dice.uniform(0.8, 1.8);
  Polyline line;
  StrokePoint from = jit(dice, dice.uniform(0, w), dice.uniform(0, 1));
  for (int i = 0; i < turns; ++i) {
    const StrokePoint to = point(dice.uniform(0, w), dice.uniform(0, 1));
    const StrokePoint bend =
        point((from.x + to.x) / 2 + dice.uniform(-0.3, 0.3), (from.y + to.y) / 2 + dice.uniform(-0.3, 0.3));
    extend(line, cubic(from, bend, bend, to, 8));
    from = to;
  }
  return framed({line}, dice);
}

// A line sized by its length, not its (small) height.
SketchDrawing line_at(SketchDice& dice, double angle_degrees) {
  const double angle = angle_degrees * kPi / 180;
  const double dx = std::cos(angle) * 0.5, dy = std::sin(angle) * 0.5;
  SketchDrawing drawing;
  const StrokePoint a = point(0.5 - dx, 0.5 - dy), b = point(0.5 + dx, 0.5 + dy);
  const StrokePoint middle = jittered(dice, (a.x + b.x) / 2, (a.y + b.y) / 2, 0.03);
  drawing.strokes = in_random_order({cubic(a, middle, middle, b, 12)}, dice);
  // The frame's height is a fraction of the length, so lines come out longer than digits are high.
  const double half_height = 0.5 * dice.uniform(0.4, 1.0);
  const SketchFrame ink = bounds_of(drawing.strokes);
  drawing.frame = {ink.left, std::min(ink.top, 0.5 - half_height), ink.right,
                   std::max(ink.bottom, 0.5 + half_height)};
  return drawing;
}

SketchDrawing horizontal_line(SketchDice& dice) { return line_at(dice, dice.uniform(-8, 8)); }

SketchDrawing diagonal_line(SketchDice& dice) {
  const double angle = dice.uniform(15, 40);  // see non_vertical_angle
  return line_at(dice, dice.chance(0.5) ? angle : 180 - angle);
}

SketchDrawing dot(SketchDice& dice) {
  SketchDrawing drawing;
  // A very short segment: Qt's stroker draws nothing for a zero-length one.
  drawing.strokes = {{point(0.49, 0.5), point(0.51, 0.5)}};
  // A unit frame, not a point's empty one: the pen fills the drawing's height,
  // and the frame shrinks to a pixel.
  drawing.frame = {0, 0, 1, 1};
  drawing.pen_of_height = 1;  // the dot is as wide as the drawing is high
  drawing.size_factor = dice.uniform(0.06, 0.25);
  return drawing;
}

// A filled blob: a short jittery stroke under a pen about as wide as the blob.
SketchDrawing blob(SketchDice& dice, double size_low, double size_high) {
  Polyline line;
  const int points = dice.integer(3, 7);
  for (int i = 0; i < points; ++i) line.push_back(point(dice.uniform(0, 1), dice.uniform(0, 1)));
  SketchDrawing drawing = framed({line}, dice);
  drawing.pen_of_height = dice.uniform(0.45, 0.75);
  drawing.size_factor = dice.uniform(size_low, size_high);
  return drawing;
}

SketchDrawing small_blob(SketchDice& dice) { return blob(dice, 0.15, 0.4); }
SketchDrawing large_blob(SketchDice& dice) { return blob(dice, 0.6, 1.0); }

}  // namespace

const std::vector<NonDigitShape>& non_digit_shapes() {
  static const std::vector<NonDigitShape> shapes = {
      {"cross", cross_x},
      {"plus", plus},
      {"star", star},
      {"triangle", triangle},
      {"square", square},
      {"heart", heart},
      {"arrow", arrow},
      {"check", check_mark},
      {"spiral", spiral},
      {"scribble", scribble},
      {"horizontal-line", horizontal_line},
      {"diagonal-line", diagonal_line},
      {"dot", dot},
      {"small-blob", small_blob},
      {"large-blob", large_blob},
  };
  return shapes;
}

}  // namespace digitpad
