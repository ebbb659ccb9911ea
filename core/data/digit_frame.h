// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one home of the digit's frame and classes: what MNIST made them and
// every reader of digits here (networks' default shape, data sets, the pad,
// the CLI) takes from this file rather than writing 28 or 10 again.

namespace digitpad {

constexpr int kImageSide = 28;
constexpr int kImagePixels = kImageSide * kImageSide;
// The ten digits, 0..9: what a user can teach, draw folders 0/..9/, per-digit tables.
constexpr int kClassCount = 10;
// Label 10 marks a drawing that is not a digit (a letter, a shape, a scribble).
// A model with kClassCount + 1 outputs answers it as its last class; data sets
// may hold it (make-drawn's non-digits), models with 10 outputs never see it.
constexpr int kNotADigitLabel = kClassCount;
constexpr int kClassCountWithNotADigit = kClassCount + 1;

}  // namespace digitpad
