// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/ink_levels.h"
#include "core/image/preprocess.h"

#include <array>
#include <cstddef>
#include <vector>

namespace digitpad {

// The two passes of preprocessing that read every pixel of a drawing (a
// 746x746 canvas at 1920x1080), kept apart from the decisions made on their
// results so that their fast forms can be checked against the plain loops
// they stand for (tests/test_pixel_passes.cpp). Both give exactly the plain
// loops' numbers; `image` must be non-empty with a valid stride.

// How many pixels have each gray level:
//   for each pixel p: ++counts[p].
using LevelCounts = std::array<std::size_t, 256>;
LevelCounts count_levels(const GrayImageView& image);

// Each row's and each column's ink (table[pixel] summed), added in the plain
// loop's order, a row in float and into each column in double:
//   for y: { float sum = 0; for x: { sum += table[p]; columns[x] += table[p]; } rows[y] = sum; }
struct InkProfiles {
  std::vector<double> rows;
  std::vector<double> columns;
};
InkProfiles ink_profiles(const GrayImageView& image, const InkTable& table);

}  // namespace digitpad
