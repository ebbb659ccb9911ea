// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Training data for the widget tests: 500 real handwritten digits committed
// in tests/data (opencv-digits-500-*, 50 of each class in a seeded random
// order; see tests/data/README.md for where they come from and their
// licence), so that every machine runs the tests on the same digits.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "test_paths.h"

#include <QtGlobal>

#include <numeric>
#include <string>
#include <vector>

namespace digitpad {

inline constexpr int kFixtureDigitCount = 500;

// The first `count` digits of the fixture (all ten classes are mixed from
// the start). Fails the calling test's process when the files are missing,
// which only a broken checkout does.
inline Dataset fixtureDigits(int count) {
  const std::string folder = std::string(DIGITPAD_SOURCE_DIR) + "/tests/data/";
  const Dataset all = read_idx_pair(folder + "opencv-digits-500-images-idx3-ubyte.gz",
                                    folder + "opencv-digits-500-labels-idx1-ubyte.gz");
  if (count > all.count()) qFatal("fixtureDigits: %d digits asked for, the fixture has %d", count, all.count());
  std::vector<int> first(static_cast<std::size_t>(count));
  std::iota(first.begin(), first.end(), 0);
  Dataset part = subset(all, first);
  part.source = "opencv-digits-500";
  return part;
}

}  // namespace digitpad
