// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/sketch.h"

#include "core/util/random.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace digitpad {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

double SketchDice::uniform(double low, double high) { return low + (high - low) * uniform01(engine_); }

int SketchDice::integer(int low, int high_inclusive) {
  return low + static_cast<int>(uniform_below(engine_, static_cast<std::uint64_t>(high_inclusive - low + 1)));
}

StrokePoint point(double x, double y) { return {static_cast<float>(x), static_cast<float>(y)}; }

StrokePoint jittered(SketchDice& dice, double x, double y, double amount) {
  const double dx = dice.uniform(-amount, amount);
  const double dy = dice.uniform(-amount, amount);
  return point(x + dx, y + dy);
}

Polyline segment(StrokePoint from, StrokePoint to) { return {from, to}; }

Polyline cubic(StrokePoint from, StrokePoint control1, StrokePoint control2, StrokePoint to, int samples) {
  Polyline line;
  line.reserve(static_cast<std::size_t>(samples) + 1);
  for (int i = 0; i <= samples; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(samples), u = 1.0f - t;
    const float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    line.push_back({a * from.x + b * control1.x + c * control2.x + d * to.x,
                    a * from.y + b * control1.y + c * control2.y + d * to.y});
  }
  return line;
}

Polyline arc(double cx, double cy, double rx, double ry, double from_degrees, double to_degrees, int samples) {
  Polyline line;
  line.reserve(static_cast<std::size_t>(samples) + 1);
  for (int i = 0; i <= samples; ++i) {
    const double angle = (from_degrees + (to_degrees - from_degrees) * i / samples) * kPi / 180.0;
    line.push_back(point(cx + rx * std::cos(angle), cy + ry * std::sin(angle)));
  }
  return line;
}

void extend(Polyline& line, const Polyline& more) {
  auto first = more.begin();
  if (!line.empty() && first != more.end() && first->x == line.back().x && first->y == line.back().y) ++first;
  line.insert(line.end(), first, more.end());
}

std::vector<Polyline> in_random_order(std::vector<Polyline> strokes, SketchDice& dice) {
  for (std::size_t i = strokes.size(); i > 1; --i)
    std::swap(strokes[i - 1], strokes[static_cast<std::size_t>(dice.integer(0, static_cast<int>(i) - 1))]);
  for (Polyline& stroke : strokes)
    if (dice.chance(0.5)) std::reverse(stroke.begin(), stroke.end());
  return strokes;
}

SketchFrame bounds_of(const std::vector<Polyline>& strokes) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  SketchFrame frame{kInf, kInf, -kInf, -kInf};
  for (const Polyline& stroke : strokes)
    for (const StrokePoint& p : stroke) {
      frame.left = std::min(frame.left, static_cast<double>(p.x));
      frame.right = std::max(frame.right, static_cast<double>(p.x));
      frame.top = std::min(frame.top, static_cast<double>(p.y));
      frame.bottom = std::max(frame.bottom, static_cast<double>(p.y));
    }
  if (frame.left > frame.right) return {};
  return frame;
}

}  // namespace digitpad
