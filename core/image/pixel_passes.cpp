// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/pixel_passes.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

// Most of a canvas is paper: one gray level (255), in long runs. Both passes
// look at the pixels kSpan at a time and take a span that is all paper in one
// step, which is exact:
// - count_levels adds kSpan to the level's count at once. Mixed spans are
//   counted into four histograms in turn: with one, neighbours of the same
//   level each wait for the other's increment of the same counter (a chain of
//   stores and loads that cost a quarter of a whole prediction).
// - ink_profiles skips a span in which no pixel has ink: those pixels would
//   add exactly 0 to their row's and column's sums, so the sums, made of the
//   same inked pixels in the same order, are the same floats bit for bit.
// On a 746x746 canvas the two passes took 7.9 M instructions a prediction
// before and take 1.0 M (callgrind; docs/measuring.md).

namespace digitpad {
namespace {

constexpr int kSpan = 32;

bool is_one_level(const std::uint8_t* pixels) {
  const std::uint64_t repeated = 0x0101010101010101ull * pixels[0];
  std::uint64_t words[kSpan / 8];
  std::memcpy(words, pixels, sizeof words);
  std::uint64_t differ = 0;
  for (const std::uint64_t word : words) differ |= word ^ repeated;
  return differ == 0;
}

// The levels [first, first + width] hold every level with ink (a non-zero
// table entry); pixels outside them have none.
struct InkedLevels {
  std::uint8_t first = 0;
  std::uint8_t width = 0;
};

InkedLevels inked_levels(const InkTable& table) {
  int first = 255, last = 0;
  for (int level = 0; level < 256; ++level) {
    if (table[level] == 0.0f) continue;
    first = std::min(first, level);
    last = std::max(last, level);
  }
  if (first > last) return {0, 0};  // no ink anywhere: skipping any span is exact
  return {static_cast<std::uint8_t>(first), static_cast<std::uint8_t>(last - first)};
}

// No pixel of the span lies in `levels`. Written to vectorise: the smallest
// distance above levels.first, in bytes, so that levels below it wrap round.
bool has_no_ink(const std::uint8_t* pixels, InkedLevels levels) {
  std::uint8_t nearest = 255;
  for (int i = 0; i < kSpan; ++i) nearest = std::min(nearest, static_cast<std::uint8_t>(pixels[i] - levels.first));
  return nearest > levels.width;
}

}  // namespace

LevelCounts count_levels(const GrayImageView& image) {
  std::array<LevelCounts, 4> part{};
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* row = image.pixels + static_cast<std::ptrdiff_t>(y) * image.stride;
    int x = 0;
    for (; x + kSpan <= image.width; x += kSpan) {
      const std::uint8_t* span = row + x;
      if (is_one_level(span)) {
        part[0][span[0]] += kSpan;
        continue;
      }
      for (int i = 0; i < kSpan; i += 4) {
        ++part[0][span[i]];
        ++part[1][span[i + 1]];
        ++part[2][span[i + 2]];
        ++part[3][span[i + 3]];
      }
    }
    for (; x < image.width; ++x) ++part[0][row[x]];
  }
  LevelCounts counts{};
  for (int level = 0; level < 256; ++level)
    counts[level] = part[0][level] + part[1][level] + part[2][level] + part[3][level];
  return counts;
}

InkProfiles ink_profiles(const GrayImageView& image, const InkTable& table) {
  InkProfiles profiles;
  profiles.rows.assign(static_cast<std::size_t>(image.height), 0.0);
  profiles.columns.assign(static_cast<std::size_t>(image.width), 0.0);
  double* columns = profiles.columns.data();
  const InkedLevels levels = inked_levels(table);
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* row = image.pixels + static_cast<std::ptrdiff_t>(y) * image.stride;
    float sum = 0.0f;  // one row holds at most a few thousand pixels: float is exact enough
    int x = 0;
    for (; x + kSpan <= image.width; x += kSpan) {
      if (has_no_ink(row + x, levels)) continue;
      for (int i = x; i < x + kSpan; ++i) {
        const float ink = table[row[i]];
        sum += ink;
        columns[i] += ink;
      }
    }
    for (; x < image.width; ++x) {
      const float ink = table[row[x]];
      sum += ink;
      columns[x] += ink;
    }
    profiles.rows[static_cast<std::size_t>(y)] = sum;
  }
  return profiles;
}

}  // namespace digitpad
