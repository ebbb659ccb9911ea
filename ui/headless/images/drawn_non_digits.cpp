// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/drawn_non_digits.h"

#include "core/image/non_digit_shapes.h"
#include "core/image/stroke_tracing.h"

#include <QTransform>

#include <algorithm>

namespace digitpad {
namespace {

// Of every 20 drawings, how many are letters and how many groups of digits.
constexpr int kCycle = 20;
constexpr int kLettersPerCycle = 6;
constexpr int kGroupsPerCycle = 3;

NonDigitDrawing shape(DrawingDice& dice, PenRange pens) {
  const std::vector<NonDigitShape>& shapes = non_digit_shapes();
  const NonDigitShape& kind = shapes[static_cast<std::size_t>(dice.integer(0, static_cast<int>(shapes.size()) - 1))];
  SketchDice sketch_dice(dice.engine());
  const SketchDrawing drawing = kind.draw(sketch_dice);
  const DrawingStyle style = sketch_style(drawing, random_style(dice, pens));
  return {draw_sketch(drawing, style), style, std::string(kind.name)};
}

NonDigitDrawing glyph_drawing(const QPainterPath& glyph, DrawingDice& dice, PenRange pens, std::string origin) {
  DrawingStyle style = random_style(dice, pens);
  style.pen_width = random_glyph_outline(dice, style.height_fraction * style.canvas_side, pens);
  return {draw_glyph(glyph, style), style, std::move(origin)};
}

NonDigitDrawing letter(DrawingDice& dice, const std::vector<HandwritingFont>& fonts, PenRange pens) {
  std::vector<const HandwritingFont*> with_letters;  // a font without any of the letters is not picked
  for (const HandwritingFont& font : fonts)
    if (!font.letters.empty()) with_letters.push_back(&font);
  const HandwritingFont& font =
      *with_letters[static_cast<std::size_t>(dice.integer(0, static_cast<int>(with_letters.size()) - 1))];
  const auto& [character, glyph] =
      font.letters[static_cast<std::size_t>(dice.integer(0, static_cast<int>(font.letters.size()) - 1))];
  return glyph_drawing(glyph, dice, pens, "letter-" + std::string(1, character));
}

// Two or three digits of one font, spaced as a person writes a number.
NonDigitDrawing font_digits(DrawingDice& dice, const std::vector<HandwritingFont>& fonts, PenRange pens) {
  const HandwritingFont& font = fonts[static_cast<std::size_t>(dice.integer(0, static_cast<int>(fonts.size()) - 1))];
  const int count = dice.integer(2, 3);
  QPainterPath group;
  double right = 0;
  for (int i = 0; i < count; ++i) {
    const QPainterPath& digit = font.digits[static_cast<std::size_t>(dice.integer(0, kClassCount - 1))];
    const QRectF box = digit.boundingRect();
    const double gap = i == 0 ? 0 : dice.uniform(0.05, 0.3) * box.height();
    group.addPath(QTransform::fromTranslate(right + gap - box.left(), 0).map(digit));
    right += gap + box.width();
  }
  return glyph_drawing(group, dice, pens, "font-digits");
}

// Two or three traced MNIST digits side by side, in 28x28 pixel units.
NonDigitDrawing traced_digits(DrawingDice& dice, const NonDigitSources& sources, PenRange pens) {
  const int count = dice.integer(2, 3);
  std::vector<Polyline> strokes;
  double right = 0;
  for (int placed = 0; placed < count;) {
    const int index = sources.mnist_indices[static_cast<std::size_t>(
        dice.integer(0, static_cast<int>(sources.mnist_indices.size()) - 1))];
    std::vector<Polyline> digit = strokes_from_digit(sources.mnist->images.col(index));
    if (digit.empty()) continue;
    const SketchFrame box = bounds_of(digit);
    const double shift = right + (placed == 0 ? 0 : dice.uniform(1.0, 6.0)) - box.left;
    for (Polyline& stroke : digit) {
      for (StrokePoint& p : stroke) p.x += static_cast<float>(shift);
      strokes.push_back(std::move(stroke));
    }
    right = box.right + shift;
    ++placed;
  }
  const DrawingStyle style = random_style(dice, pens);
  return {draw_strokes(strokes, style), style, "traced-digits"};
}

}  // namespace

NonDigitDrawing draw_non_digit(int serial, DrawingDice& dice, const NonDigitSources& sources, PenRange pens) {
  const bool have_fonts = sources.fonts && !sources.fonts->empty();
  const bool have_letters =
      have_fonts && std::any_of(sources.fonts->begin(), sources.fonts->end(),
                                [](const HandwritingFont& font) { return !font.letters.empty(); });
  const bool have_mnist = sources.mnist && !sources.mnist_indices.empty();
  const int slot = serial % kCycle;
  if (slot < kLettersPerCycle && have_letters) return letter(dice, *sources.fonts, pens);
  if (slot >= kLettersPerCycle && slot < kLettersPerCycle + kGroupsPerCycle && (have_fonts || have_mnist)) {
    // Traced and typeset groups in turn when both are there.
    const bool traced = have_mnist && (!have_fonts || slot % 2 == 0);
    return traced ? traced_digits(dice, sources, pens) : font_digits(dice, *sources.fonts, pens);
  }
  return shape(dice, pens);
}

}  // namespace digitpad
