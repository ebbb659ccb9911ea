// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"

#include <array>
#include <optional>

namespace digitpad {

// How much ink each of the 256 gray levels of one image holds, in [0,1], with
// 0 for background, noise and the wrong polarity. Deciding this once per image
// from a histogram lets every later pass turn a byte into ink with one lookup.
using InkTable = std::array<float, 256>;

// Builds the table for `image` (which must be non-empty with a valid stride):
//   - the background is the median gray of the outermost two-pixel ring;
//   - Auto polarity picks the direction (darker or lighter than the background)
//     whose strongest ink is stronger, so paper, chalkboards and gray canvases
//     all work; explicit polarities only allow their own direction;
//   - ink = distance from the background, stretched so the strongest ink
//     (a robust maximum that ignores a few hot pixels) becomes 1;
//   - distances below a noise threshold become 0.
// Returns nullopt when the contrast is too low for any ink (a blank image).
std::optional<InkTable> make_ink_table(const GrayImageView& image, InkPolarity polarity);

// The decisions behind an image's table: its background gray, which way ink
// goes from it, and how far the strongest ink is. Splitting a number needs
// them to cut each digit out onto the same background and to preprocess every
// digit with the polarity decided for the whole drawing.
struct InkScale {
  int background = 255;
  bool ink_is_dark = true;
  int contrast = 0;  // gray levels from the background to the strongest ink
};

// nullopt exactly when make_ink_table returns nullopt.
std::optional<InkScale> find_ink_scale(const GrayImageView& image, InkPolarity polarity);
InkTable make_ink_table(const InkScale& scale);

}  // namespace digitpad
