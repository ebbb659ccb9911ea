// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/digit_styles.h"

#include <cmath>

namespace digitpad {
namespace {

constexpr double kPi = 3.14159265358979323846;
// How far each control point may move, as a fraction of the digit's height.
constexpr double kJitter = 0.035;

StrokePoint jit(SketchDice& dice, double x, double y) { return jittered(dice, x, y, kJitter); }

// A nearly straight line: a cubic whose controls bend it a little, as a hand does.
Polyline hand_line(SketchDice& dice, StrokePoint from, StrokePoint to, double bend = 0.04) {
  const double dx = to.x - from.x, dy = to.y - from.y;
  const double length = std::hypot(dx, dy);
  const double nx = length > 0 ? -dy / length : 0, ny = length > 0 ? dx / length : 0;
  const double b1 = dice.uniform(-bend, bend) * length, b2 = dice.uniform(-bend, bend) * length;
  return cubic(from, point(from.x + dx / 3 + nx * b1, from.y + dy / 3 + ny * b1),
               point(from.x + 2 * dx / 3 + nx * b2, from.y + 2 * dy / 3 + ny * b2), to, 12);
}

// The stem of a 1 and its flag: a stroke from the flag's tip up to the top and
// down, or the flag and the stem as two strokes.
std::vector<Polyline> flagged_one(SketchDice& dice) {
  const StrokePoint top = jit(dice, 0.6, 0.0);
  const StrokePoint bottom = jit(dice, 0.6, 1.0);
  const double length = dice.uniform(0.22, 0.45);
  const double angle = dice.uniform(20, 60) * kPi / 180;  // below the horizontal, to the left
  const StrokePoint tip = point(top.x - length * std::cos(angle), top.y + length * std::sin(angle));
  Polyline flag = hand_line(dice, tip, top, 0.08);
  const Polyline stem = hand_line(dice, top, bottom, 0.03);
  if (dice.chance(0.6)) {
    extend(flag, stem);
    return {flag};
  }
  return {flag, stem};
}

std::vector<Polyline> flag_one(SketchDice& dice) { return in_random_order(flagged_one(dice), dice); }

std::vector<Polyline> flag_foot_one(SketchDice& dice) {
  std::vector<Polyline> strokes = flagged_one(dice);
  const double x = strokes.back().back().x, y = strokes.back().back().y;
  const double left = dice.uniform(0.15, 0.35), right = dice.uniform(0.15, 0.35);
  strokes.push_back(hand_line(dice, jittered(dice, x - left, y, 0.02), jittered(dice, x + right, y, 0.02), 0.03));
  return in_random_order(std::move(strokes), dice);
}

std::vector<Polyline> plain_one(SketchDice& dice) {
  return in_random_order({hand_line(dice, jit(dice, 0.5, 0.0), jit(dice, 0.5, 1.0), 0.05)}, dice);
}

std::vector<Polyline> crossed_seven(SketchDice& dice) {
  const double width = dice.uniform(0.55, 0.85);
  const StrokePoint left = jit(dice, 0.1, 0.0), right = jit(dice, 0.1 + width, 0.0);
  const StrokePoint foot = jit(dice, 0.1 + width * dice.uniform(0.25, 0.55), 1.0);
  Polyline seven;
  if (dice.chance(0.3)) seven.push_back(jit(dice, left.x, 0.12));  // a small tick down at the start
  extend(seven, hand_line(dice, left, right, 0.04));
  extend(seven, hand_line(dice, right, foot, 0.06));
  // The crossbar through the stem, about halfway down.
  const double t = dice.uniform(0.4, 0.6);
  const double x = right.x + (foot.x - right.x) * t, y = right.y + (foot.y - right.y) * t;
  const double half = dice.uniform(0.15, 0.3) * std::max(width, 0.6);
  const Polyline bar = hand_line(dice, jittered(dice, x - half * dice.uniform(0.8, 1.2), y, 0.03),
                                 jittered(dice, x + half * dice.uniform(0.8, 1.2), y, 0.03), 0.04);
  return in_random_order({seven, bar}, dice);
}

std::vector<Polyline> closed_four(SketchDice& dice) {
  const double stem_x = dice.uniform(0.55, 0.75), bar_y = dice.uniform(0.55, 0.72);
  const StrokePoint apex = jit(dice, stem_x, 0.0);
  const StrokePoint corner = jit(dice, 0.05, bar_y);
  const StrokePoint bar_end = jit(dice, stem_x + dice.uniform(0.15, 0.3), bar_y);
  Polyline triangle = hand_line(dice, apex, corner, 0.04);
  extend(triangle, hand_line(dice, corner, bar_end, 0.03));
  // The stem starts at the apex (or just above it), closing the triangle.
  const StrokePoint stem_top = jittered(dice, apex.x, apex.y - dice.uniform(0, 0.05), 0.015);
  const Polyline stem = hand_line(dice, stem_top, jit(dice, stem_x, 1.0), 0.03);
  return in_random_order({triangle, stem}, dice);
}

std::vector<Polyline> flat_three(SketchDice& dice) {
  const double width = dice.uniform(0.55, 0.8);
  const StrokePoint start = jit(dice, 0.1, 0.0), corner = jit(dice, 0.1 + width, 0.0);
  const StrokePoint middle = jit(dice, 0.1 + width * dice.uniform(0.35, 0.6), dice.uniform(0.36, 0.46));
  const double right = 0.1 + width * dice.uniform(0.95, 1.15);
  Polyline three = hand_line(dice, start, corner, 0.03);
  extend(three, hand_line(dice, corner, middle, 0.05));
  const StrokePoint belly = jit(dice, right, dice.uniform(0.62, 0.72));
  extend(three, cubic(middle, jit(dice, (middle.x + right) / 2 + 0.1, middle.y - 0.02),
                      jit(dice, right, belly.y - 0.2), belly, 16));
  const StrokePoint end = jit(dice, 0.08, dice.uniform(0.8, 0.92));
  extend(three, cubic(belly, jit(dice, right, belly.y + 0.3), jit(dice, (end.x + right) / 2, 1.08), end, 16));
  return in_random_order({three}, dice);
}

std::vector<Polyline> straight_nine(SketchDice& dice) {
  const double rx = dice.uniform(0.25, 0.36), ry = dice.uniform(0.2, 0.28);
  const double cx = 0.5, cy = ry + dice.uniform(-0.02, 0.02);
  // The loop from its right side, anticlockwise and slightly past the start.
  Polyline nine = arc(cx, cy, rx, ry, dice.uniform(0, 30), dice.uniform(-370, -350));
  for (StrokePoint& p : nine) p = jittered(dice, p.x, p.y, 0.008);
  const StrokePoint joint = point(cx + rx, cy);
  extend(nine, hand_line(dice, joint, jit(dice, cx + rx - dice.uniform(-0.02, 0.1), 1.0), 0.02));
  return in_random_order({nine}, dice);
}

std::vector<Polyline> loop_two(SketchDice& dice) {
  const double width = dice.uniform(0.6, 0.85);
  const StrokePoint start = jit(dice, 0.1, 0.3), peak = jit(dice, 0.1 + width * 0.5, 0.0);
  const StrokePoint shoulder = jit(dice, 0.1 + width, 0.28);
  const StrokePoint low = jit(dice, 0.2, 0.9);
  Polyline two = cubic(start, jit(dice, 0.1, 0.08), jit(dice, peak.x - 0.2, peak.y), peak, 10);
  extend(two, cubic(peak, jit(dice, peak.x + 0.25, peak.y), jit(dice, shoulder.x, 0.1), shoulder, 10));
  extend(two, cubic(shoulder, jit(dice, shoulder.x, 0.5), jit(dice, 0.45, 0.7), low, 14));
  // The loop: on past the base line, round and back up across the stroke.
  const double r = dice.uniform(0.06, 0.12);
  extend(two, cubic(low, point(low.x - 0.05, low.y + r * 1.5), point(low.x - r * 2.2, low.y + r * 0.4),
                    point(low.x - r, low.y - r * 0.5), 10));
  const StrokePoint cross = point(low.x + r * 0.6, low.y + r * 0.3);
  extend(two, cubic(point(low.x - r, low.y - r * 0.5), point(low.x - r * 0.2, low.y - r * 1.2),
                    point(low.x + r * 0.2, low.y), cross, 10));
  extend(two, hand_line(dice, cross, jit(dice, 0.1 + width + dice.uniform(0, 0.1), low.y + r * 0.3), 0.03));
  return in_random_order({two}, dice);
}

}  // namespace

const std::vector<DigitStyle>& digit_styles() {
  static const std::vector<DigitStyle> styles = {
      {"flag-1", 1, flag_one},          {"flag-foot-1", 1, flag_foot_one}, {"plain-1", 1, plain_one},
      {"crossed-7", 7, crossed_seven},  {"closed-4", 4, closed_four},      {"flat-3", 3, flat_three},
      {"straight-9", 9, straight_nine}, {"loop-2", 2, loop_two},
  };
  return styles;
}

}  // namespace digitpad
