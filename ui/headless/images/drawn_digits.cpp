// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/drawn_digits.h"

#include <QPainter>
#include <QPen>
#include <QTransform>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

// Maps `shape` (a digit in any coordinates) onto the canvas: its height becomes
// the style's ink height minus `ink_margin` (what the pen adds around the
// path), then slant, aspect and tilt are applied and the result is placed in
// the room left on the canvas. Shrinks the digit if the tilted shape would not
// fit, so no ink is ever cut off at the border.
QTransform placement(const QRectF& shape, const DrawingStyle& style, double ink_margin) {
  const double side = style.canvas_side;
  const double target = std::max(style.height_fraction * side - ink_margin, 1.0);
  double scale = target / std::max(shape.height(), 1e-6);

  QTransform shape_to_origin;
  shape_to_origin.translate(-shape.center().x(), -shape.center().y());
  QTransform hand;
  hand.rotate(style.rotation_degrees);
  hand.shear(-style.slant, 0);  // x' = x - slant * y: with y pointing down, the top leans right

  const auto bounds_at = [&](double s) {
    QTransform sized = shape_to_origin * QTransform::fromScale(s * style.aspect, s) * hand;
    return sized.mapRect(shape).adjusted(-ink_margin / 2, -ink_margin / 2, ink_margin / 2, ink_margin / 2);
  };
  QRectF bounds = bounds_at(scale);
  const double room = side - 2.0;  // keep a pixel clear of each edge
  const double overflow = std::max(bounds.width() / room, bounds.height() / room);
  if (overflow > 1.0) {
    // A hair smaller than a perfect fit: anti-aliasing at an edge that lands
    // exactly on the last pixel would grey the border.
    scale /= overflow * 1.01;
    bounds = bounds_at(scale);
  }
  const double centre_x = (1.0 - bounds.left()) + style.place_x * std::max(room - bounds.width(), 0.0);
  const double centre_y = (1.0 - bounds.top()) + style.place_y * std::max(room - bounds.height(), 0.0);
  return shape_to_origin * QTransform::fromScale(scale * style.aspect, scale) * hand *
         QTransform::fromTranslate(centre_x, centre_y);
}

QImage blank_canvas(int side) {
  QImage canvas(side, side, QImage::Format_RGB32);
  canvas.fill(Qt::white);
  return canvas;
}

}  // namespace

double DrawingDice::log_uniform(double low, double high) { return std::exp(uniform(std::log(low), std::log(high))); }

int DrawingDice::integer(int low, int high_inclusive) {
  return low + static_cast<int>(uniform_below(engine_, static_cast<std::uint64_t>(high_inclusive - low + 1)));
}

DrawingStyle random_style(DrawingDice& dice, PenRange pens) {
  DrawingStyle style;
  style.canvas_side = dice.integer(200, 800);
  style.height_fraction = dice.uniform(0.15, 0.90);
  const double ink_height = style.height_fraction * style.canvas_side;
  const double canvas_widest = std::max(2.5, ink_height / 8.0);
  const double kind = pens == PenRange::Wide ? dice.uniform(0, 1) : 1.0;
  if (kind < 0.2)
    style.pen_width = dice.log_uniform(1.0, 2.0);
  else if (kind < 0.4)
    style.pen_width = dice.uniform(canvas_widest, std::max(canvas_widest, ink_height / 4.0));
  else
    style.pen_width = dice.log_uniform(2.0, canvas_widest);
  style.slant = dice.uniform(-0.25, 0.25);
  style.rotation_degrees = dice.uniform(-8.0, 8.0);
  style.aspect = dice.uniform(0.8, 1.2);
  style.place_x = dice.uniform(0.0, 1.0);
  style.place_y = dice.uniform(0.0, 1.0);
  return style;
}

double random_glyph_outline(DrawingDice& dice, double ink_height, PenRange pens) {
  if (dice.uniform(0, 1) < 0.4) return 0.0;
  const double widest = std::max(1.5, ink_height / 12.0);
  if (pens == PenRange::Wide && dice.uniform(0, 1) < 0.2)
    return dice.uniform(widest, std::max(widest, ink_height / 5.0));
  return dice.log_uniform(1.0, widest);
}

DrawingStyle sketch_style(const SketchDrawing& drawing, DrawingStyle style) {
  style.height_fraction *= drawing.size_factor;
  if (drawing.pen_of_height > 0)
    style.pen_width = std::max(3.0, drawing.pen_of_height * style.height_fraction * style.canvas_side);
  return style;
}

QImage draw_sketch(const SketchDrawing& drawing, const DrawingStyle& style) {
  const SketchFrame& frame = drawing.frame;
  return draw_strokes(drawing.strokes, style,
                      QRectF(QPointF(frame.left, frame.top), QPointF(frame.right, frame.bottom)));
}

QImage draw_strokes(const std::vector<Polyline>& strokes, const DrawingStyle& style, std::optional<QRectF> frame) {
  QPainterPath path;
  for (const Polyline& stroke : strokes) {
    if (stroke.empty()) continue;
    path.moveTo(stroke.front().x, stroke.front().y);
    for (std::size_t i = 1; i < stroke.size(); ++i) path.lineTo(stroke[i].x, stroke[i].y);
    if (stroke.size() == 1) path.lineTo(stroke.front().x, stroke.front().y);  // a dot
  }
  QImage canvas = blank_canvas(style.canvas_side);
  const QTransform transform =
      placement(frame ? frame->united(path.boundingRect()) : path.boundingRect(), style, style.pen_width);
  QPainter painter(&canvas);
  painter.setRenderHint(QPainter::Antialiasing);
  // As the app's canvas draws: black, round caps and joins.
  painter.setPen(QPen(Qt::black, style.pen_width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(transform.map(path));
  painter.end();
  return canvas;
}

QImage draw_glyph(const QPainterPath& glyph, const DrawingStyle& style) {
  QImage canvas = blank_canvas(style.canvas_side);
  const QTransform transform = placement(glyph.boundingRect(), style, style.pen_width);
  QPainter painter(&canvas);
  painter.setRenderHint(QPainter::Antialiasing);
  if (style.pen_width > 0)
    painter.setPen(QPen(Qt::black, style.pen_width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  else
    painter.setPen(Qt::NoPen);
  painter.setBrush(Qt::black);
  painter.drawPath(transform.map(glyph));
  painter.end();
  return canvas;
}

}  // namespace digitpad
