// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Ways of writing digits that MNIST's American writers rarely used, as stroke
// templates for the drawn-digit set (digitpad-cli make-drawn --styles): a 1
// with a flag (European), with or without a foot; a 7 with a crossbar; a
// closed 4; a 3 with a flat, Z-like top; a 9 with a straight stem; a 1 as a
// plain line; a 2 with a loop at the bottom. Every control point, proportion
// and the stroke order are jittered, so no two drawings are alike.
// Plain C++ (no Qt): the strokes are drawn by ui/headless/images/drawn_digits.h.

#include "core/image/sketch.h"

#include <string_view>
#include <vector>

namespace digitpad {

struct DigitStyle {
  std::string_view name;  // as index.csv's origin column names it, e.g. "flag-1"
  int digit;
  // Strokes in a unit-high box (x about 0..1, y 0..1 down).
  std::vector<Polyline> (*draw)(SketchDice& dice);
};

// Every style, in a fixed order (make-drawn draws them round-robin).
const std::vector<DigitStyle>& digit_styles();

}  // namespace digitpad
