// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Drawings that are not digits, for make-drawn --non-digits: what people draw
// to test a recognizer. Shapes (image/non_digit_shapes.h), letters that look
// like no digit in the given fonts, and two or three digits side by side in
// one box (font glyphs, or strokes traced from MNIST), each with a random
// canvas, size, place and pen, as the digits are drawn.

#include "ui/headless/images/drawn_digits.h"
#include "ui/headless/images/handwriting_fonts.h"

#include "core/data/dataset.h"

#include <QImage>

#include <string>
#include <vector>

namespace digitpad {

// Where letters and digits come from; either may be empty, and then those
// kinds are not drawn.
struct NonDigitSources {
  const std::vector<HandwritingFont>* fonts = nullptr;
  const Dataset* mnist = nullptr;  // whose digits are traced for "traced-digits"
  std::vector<int> mnist_indices;  // the digits of `mnist` that may be used
};

struct NonDigitDrawing {
  QImage canvas;
  DrawingStyle style;
  std::string origin;  // the kind: a shape's name, "letter-<font>-<letter>", "font-digits", "traced-digits"
};

// The `serial`-th non-digit of a set. Over every 20 drawings: 6 letters, 3
// groups of digits, 11 shapes (the shapes taking the place of whatever kind
// has no source), each shape picked at random.
NonDigitDrawing draw_non_digit(int serial, DrawingDice& dice, const NonDigitSources& sources, PenRange pens);

}  // namespace digitpad
