// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Renders digits as a user's canvas would hold them, for the drawn-digit
// benchmark (digitpad-cli make-drawn): white background, black anti-aliased
// ink, the digit anywhere on the canvas at any size, with any pen.

#include "core/image/sketch.h"
#include "core/image/stroke_tracing.h"

#include "core/util/random.h"

#include <QImage>
#include <QPainterPath>

#include <cstdint>
#include <optional>
#include <random>

namespace digitpad {

// Random numbers for drawings, through the project's portable helpers
// (util/random.h): the same seed makes the same drawings everywhere.
class DrawingDice {
 public:
  explicit DrawingDice(std::uint64_t seed) : engine_(seed) {}
  double uniform(double low, double high) { return low + (high - low) * uniform01(engine_); }
  // Spread evenly over scales: as many thin pens as thick ones.
  double log_uniform(double low, double high);
  int integer(int low, int high_inclusive);
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// How one drawing is placed and drawn: a square canvas, the digit's ink height
// as a fraction of it, the pen, and the slant and tilt of the hand.
struct DrawingStyle {
  int canvas_side = 280;
  double height_fraction = 0.5;
  double pen_width = 8;  // pixels; for fonts the extra outline that makes the glyph bolder
  double slant = 0;      // horizontal shear per unit of height (positive leans right)
  double rotation_degrees = 0;
  double aspect = 1;     // width stretch
  double place_x = 0.5;  // where in the free room the digit lands, 0..1 each way
  double place_y = 0.5;
};

// The pens a set is drawn with. Canvas: 2 px to an eighth of the digit's
// height, what the benchmark measures. Wide, for training data: a fifth of the
// drawings with a hairline (1-2 px, however big the canvas) and a fifth with a
// very bold pen (an eighth to a quarter of the height), the rest as Canvas, so
// a model meets the extremes some users draw with.
enum class PenRange { Canvas, Wide };

// Random style over the ranges a drawing pad sees: canvases of 200-800 px, the
// digit 15-90% of the canvas high anywhere on it, the pens of `pens`, a slant
// of up to about 15 degrees either way.
DrawingStyle random_style(DrawingDice& dice, PenRange pens = PenRange::Canvas);

// The outline that makes a font's glyph bolder (0: none, 40% of the time), for
// a glyph `ink_height` pixels high: up to a twelfth of its height, or with
// Wide pens a fifth of the outlines between a twelfth and a fifth.
double random_glyph_outline(DrawingDice& dice, double ink_height, PenRange pens);

// Traced strokes (as strokes_from_digit gives them) drawn with a round pen.
// The style sizes and places their bounding box, or `frame` (in the strokes'
// coordinates) when given, joined with that box.
QImage draw_strokes(const std::vector<Polyline>& strokes, const DrawingStyle& style,
                    std::optional<QRectF> frame = std::nullopt);

// A template drawing (image/sketch.h) drawn like traced strokes; its frame,
// not its ink, is what style.height_fraction sizes. Use sketch_style first.
QImage draw_sketch(const SketchDrawing& drawing, const DrawingStyle& style);

// The style a sketch is drawn with: `style` with the height shrunk by the
// sketch's size_factor and, for a dot or blob, the pen it asks for.
DrawingStyle sketch_style(const SketchDrawing& drawing, DrawingStyle style);

// A glyph outline (for example QRawFont::pathForGlyph) filled, and outlined
// with style.pen_width to make it bolder when that is above zero.
QImage draw_glyph(const QPainterPath& glyph, const DrawingStyle& style);

}  // namespace digitpad
