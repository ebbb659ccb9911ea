// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace digitpad {

// OpenCV's samples/data/digits.png (Debian: opencv-doc): 5,000 MNIST digits as a
// 2000x1000 8-bit grayscale grid of 20x20 cells, white ink on black, 100 cells per
// row; cell rows 5k..5k+4 hold class k.
struct DigitGridLayout {
  int cell = 20;
  int columns = 100;
  int rows = 50;
  int rows_per_class = 5;
};

// Converts the grid into MNIST form: each cell goes through preprocess_digit
// (light ink on dark), the path canvas drawings take, so its digit fills the
// 20-pixel box MNIST uses and its centre of mass sits at the frame's centre.
// (The cells hold whole MNIST frames shrunk to 20x20, not MNIST's 20-pixel
// boxes, so plain padding would leave the digits a third too small.)
// `pixels` is width*height bytes, row stride `stride`.
// Throws Error naming `source` when the image does not have the expected size.
Dataset digits_from_grid(const std::uint8_t* pixels, int width, int height, int stride, const std::string& source,
                         const DigitGridLayout& layout = {});

}  // namespace digitpad
