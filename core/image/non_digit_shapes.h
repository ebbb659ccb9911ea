// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shapes people draw to test a recognizer, none of which is a digit, as
// stroke templates for the drawn-digit set's non-digits (digitpad-cli
// make-drawn --non-digits): crosses, a star, a triangle, a square, a heart,
// an arrow, a check mark, a spiral, a scribble, horizontal and diagonal lines
// (never vertical: that is a 1), a dot and filled blobs. No circles or
// ellipses: those are 0s. Letters and several digits side by side need fonts
// or MNIST and are made in ui/headless/images/drawn_non_digits.h.
// Plain C++ (no Qt).

#include "core/image/sketch.h"

#include <string_view>
#include <vector>

namespace digitpad {

struct NonDigitShape {
  std::string_view name;  // as index.csv's origin column names it, e.g. "star"
  SketchDrawing (*draw)(SketchDice& dice);
};

// Every shape, in a fixed order.
const std::vector<NonDigitShape>& non_digit_shapes();

}  // namespace digitpad
