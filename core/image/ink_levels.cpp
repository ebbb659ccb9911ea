// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/ink_levels.h"

#include "core/image/pixel_passes.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

// Decisions worth knowing:
// - The background is the MEDIAN of the border ring, not the mean: a stroke that
//   runs off the edge of a photo, or a dark corner, moves a mean but not a median
//   as long as most of the border is background.
// - Ink is stretched so the strongest ink becomes 1. MNIST digits have
//   full-intensity cores (99% of the test set peaks at >= 254/255), a canvas drawn
//   in black gives 1 anyway, and a pencil scan or a photo of gray paper would
//   otherwise reach the network as a faint digit it never saw in training.
// - The "strongest ink" is the k-th strongest pixel with k growing with the image
//   (1 for a 28x28 image, 9 for a 400x400 canvas, 601 for a 12-megapixel photo),
//   so a few hot pixels or JPEG specks cannot set the scale. A digit has far more
//   than k pixels at full strength.
// - Below the noise threshold (the larger of 16 gray levels and 10% of the
//   contrast) ink is 0: paper texture and JPEG ringing must not widen the ink's
//   bounding box. Above it ink keeps its value, so anti-aliased edges survive.
// - A contrast under 32 gray levels (1/8 of the range) is "no ink": uniform gray,
//   all white, all black, a photo of an empty page.

namespace digitpad {
namespace {

constexpr int kBorderRing = 2;          // pixels of the outermost ring that vote on the background
constexpr int kMinContrast = 32;        // gray levels; less is a blank image
constexpr int kNoiseFloor = 16;         // gray levels always treated as noise
constexpr float kRelativeNoise = 0.1f;  // fraction of the contrast treated as noise
constexpr std::size_t kPixelsPerRobustRank = 20000;

using Histogram = LevelCounts;

struct Histograms {
  Histogram all{};
  Histogram border{};
  std::size_t all_count = 0;
  std::size_t border_count = 0;
};

Histograms count_all_and_border(const GrayImageView& image) {
  Histograms h;
  h.all = count_levels(image);
  h.all_count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  const int ring = std::min({kBorderRing, image.width, image.height});
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* row = image.pixels + static_cast<std::ptrdiff_t>(y) * image.stride;
    if (y < ring || y >= image.height - ring) {
      for (int x = 0; x < image.width; ++x) ++h.border[row[x]];
      h.border_count += static_cast<std::size_t>(image.width);
    } else {
      // Left and right edges; the right range starts after the left one so a
      // narrow image does not count a pixel twice.
      const int right_start = std::max(ring, image.width - ring);
      for (int x = 0; x < ring; ++x) ++h.border[row[x]];
      for (int x = right_start; x < image.width; ++x) ++h.border[row[x]];
      h.border_count += static_cast<std::size_t>(ring + image.width - right_start);
    }
  }
  return h;
}

int median_level(const Histogram& histogram, std::size_t count) {
  std::size_t seen = 0;
  for (int level = 0; level < 256; ++level) {
    seen += histogram[level];
    if (2 * seen >= count) return level;
  }
  return 255;
}

// The k-th darkest and k-th lightest levels (k >= 1).
int kth_darkest(const Histogram& histogram, std::size_t k) {
  std::size_t seen = 0;
  for (int level = 0; level < 256; ++level) {
    seen += histogram[level];
    if (seen >= k) return level;
  }
  return 255;
}

int kth_lightest(const Histogram& histogram, std::size_t k) {
  std::size_t seen = 0;
  for (int level = 255; level >= 0; --level) {
    seen += histogram[level];
    if (seen >= k) return level;
  }
  return 0;
}

}  // namespace

std::optional<InkScale> find_ink_scale(const GrayImageView& image, InkPolarity polarity) {
  const Histograms h = count_all_and_border(image);
  const int background = median_level(h.border, h.border_count);
  const std::size_t rank = std::min(h.all_count, 1 + h.all_count / kPixelsPerRobustRank);
  const int dark_contrast = background - kth_darkest(h.all, rank);
  const int light_contrast = kth_lightest(h.all, rank) - background;

  bool ink_is_dark = true;
  switch (polarity) {
    case InkPolarity::Auto:
      // Ties go to dark ink: pen on paper is the common case.
      ink_is_dark = dark_contrast >= light_contrast;
      break;
    case InkPolarity::DarkOnLight: ink_is_dark = true; break;
    case InkPolarity::LightOnDark: ink_is_dark = false; break;
  }
  const int contrast = ink_is_dark ? dark_contrast : light_contrast;
  if (contrast < kMinContrast) return std::nullopt;
  return InkScale{background, ink_is_dark, contrast};
}

InkTable make_ink_table(const InkScale& scale) {
  const float threshold =
      std::max(static_cast<float>(kNoiseFloor), kRelativeNoise * static_cast<float>(scale.contrast));
  InkTable table{};
  for (int level = 0; level < 256; ++level) {
    const int distance = scale.ink_is_dark ? scale.background - level : level - scale.background;
    const auto ink = static_cast<float>(distance);
    table[level] = ink >= threshold ? std::min(1.0f, ink / static_cast<float>(scale.contrast)) : 0.0f;
  }
  return table;
}

std::optional<InkTable> make_ink_table(const GrayImageView& image, InkPolarity polarity) {
  const std::optional<InkScale> scale = find_ink_scale(image, polarity);
  if (!scale) return std::nullopt;
  return make_ink_table(*scale);
}

}  // namespace digitpad
