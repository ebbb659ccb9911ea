// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/ink_levels.h"
#include "core/image/preprocess.h"

#include <vector>

namespace digitpad {

// A rectangle of pixels: columns [x, x + width), rows [y, y + height).
struct PixelBox {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// A small float image, row-major: values[row * width + col].
struct InkImage {
  int width = 0;
  int height = 0;
  std::vector<float> values;

  float at(int col, int row) const { return values[static_cast<std::size_t>(row) * width + col]; }
};

// Scales the ink inside `box` (gray levels turned into ink through `table`) by one
// factor on both axes so that the box's longer side becomes exactly `long_side`
// pixels; the shorter side keeps the aspect ratio, and its last pixel holds only
// the fraction of ink that really falls on it (a 1-pixel-wide line stays 1-2
// pixels wide). Shrinking averages each output pixel's exact footprint in the
// source (area averaging, the anti-aliasing MNIST had); enlarging interpolates
// bilinearly. Separable, so the cost is O(box pixels + output pixels).
// `box` must lie inside `image` and be non-empty.
InkImage scale_ink_box(const GrayImageView& image, const InkTable& table, const PixelBox& box, int long_side);

}  // namespace digitpad
