// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"
#include "core/image/resample.h"
#include "core/util/error.h"

#include <cstdint>
#include <vector>

namespace digitpad {

// One digit cut out of a drawing of several: the drawing's pixels around the
// digit, with every other digit's ink and every dropped mark (dust) painted over in
// the background gray, and a margin of background on every side (preprocessing
// reads the background off a crop's border, as off any drawing). Feeding
// view() to preprocess_digit with `polarity` gives the digit's network input,
// exactly as if it had been drawn alone.
inline constexpr int kMaxNumberDigits = 32;
inline constexpr int kMaxNumberPieces = 4 * kMaxNumberDigits;  // a digit drawn in up to four strokes
inline constexpr double kDustSize = 0.03;                      // of the tallest piece's height

// "too many separate marks to be a number (500 pieces of ink ...)".
class TooManyMarks : public Error {
 public:
  using Error::Error;
};

struct DigitCrop {
  PixelBox box;   // the digit's ink, in the drawing's coordinates
  int width = 0;  // of `pixels`: the box plus the margin
  int height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, one byte per pixel, no padding
  // Decided once for the whole drawing (never Auto), so that a digit whose
  // crop is mostly ink cannot flip it.
  InkPolarity polarity = InkPolarity::DarkOnLight;

  GrayImageView view() const { return {pixels.data(), width, height, width}; }
};

// Finds the digits of a number written side by side, left to right, in the
// same grayscale representation preprocess_digit takes. The rules (and why)
// are in number_split.cpp; in short: connected pieces of ink, grouped into one
// digit when their column spans overlap, short marks (flags, bars, dots)
// given to the digit they overlap or are near, or dropped. Touching digits
// stay one "digit" in this version.
// Specks far smaller than the largest piece (under kDustSize of its height
// both ways) are set aside before anything else, as dust. A drawing with more
// than kMaxNumberPieces other pieces, or more than kMaxNumberDigits digits, is
// no number anyone wrote: TooManyMarks is thrown, before any work that grows
// faster than the number of pieces.
// Empty when the image holds no ink.
std::vector<DigitCrop> split_number(const GrayImageView& image, InkPolarity polarity = InkPolarity::Auto);

}  // namespace digitpad
