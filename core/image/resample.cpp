// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/resample.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace digitpad {
namespace {

// For each output pixel along one axis, the source pixels it reads and their
// weights: taps [offsets[j], offsets[j + 1]) starting at source index first[j].
// With area averaging the weights of a fully covered output pixel sum to 1; a
// pixel that sticks out past the end of the source gets only its covered share.
struct AxisWeights {
  std::vector<int> first;
  std::vector<int> offsets;
  std::vector<float> weights;
};

// `step` is the source length one output pixel spans (1 / scale).
AxisWeights area_weights(int source_length, double step, int output_length) {
  AxisWeights axis;
  axis.offsets.push_back(0);
  for (int j = 0; j < output_length; ++j) {
    const double lo = j * step;
    const double hi = std::min((j + 1) * step, static_cast<double>(source_length));
    const int begin = std::min(static_cast<int>(std::floor(lo)), source_length - 1);
    const int end = std::max(begin + 1, std::min(static_cast<int>(std::ceil(hi)), source_length));
    axis.first.push_back(begin);
    for (int i = begin; i < end; ++i) {
      const double overlap = std::min<double>(i + 1, hi) - std::max<double>(i, lo);
      axis.weights.push_back(static_cast<float>(std::max(0.0, overlap) / step));
    }
    axis.offsets.push_back(static_cast<int>(axis.weights.size()));
  }
  return axis;
}

AxisWeights bilinear_weights(int source_length, double step, int output_length) {
  AxisWeights axis;
  axis.offsets.push_back(0);
  const double extent = source_length / step;  // the source's length in output pixels
  for (int j = 0; j < output_length; ++j) {
    // Pixel centres are at i + 0.5 on both grids. Sampling is clamped to the box,
    // so the ink fills its whole extent instead of fading into the border.
    const double centre = std::clamp((j + 0.5) * step - 0.5, 0.0, static_cast<double>(source_length - 1));
    const int left = static_cast<int>(std::floor(centre));
    const double right_weight = centre - left;
    const double coverage = std::min(1.0, extent - j);
    axis.first.push_back(left);
    axis.weights.push_back(static_cast<float>((1.0 - right_weight) * coverage));
    if (left + 1 < source_length) axis.weights.push_back(static_cast<float>(right_weight * coverage));
    axis.offsets.push_back(static_cast<int>(axis.weights.size()));
  }
  return axis;
}

AxisWeights axis_weights(int source_length, double step, int output_length) {
  return step >= 1.0 ? area_weights(source_length, step, output_length)
                     : bilinear_weights(source_length, step, output_length);
}

// Output pixels along an axis of `source_length`: the long axis gets exactly
// `long_side`; the short one as many as its scaled length touches (the epsilon
// keeps 20.0000001 from becoming 21).
int output_length(int source_length, int longest, int long_side) {
  if (source_length == longest) return long_side;
  const double scaled = static_cast<double>(source_length) * long_side / longest;
  return std::clamp(static_cast<int>(std::ceil(scaled - 1e-6)), 1, long_side);
}

}  // namespace

InkImage scale_ink_box(const GrayImageView& image, const InkTable& table, const PixelBox& box, int long_side) {
  const int longest = std::max(box.width, box.height);
  const double step = static_cast<double>(longest) / long_side;

  InkImage out;
  out.width = output_length(box.width, longest, long_side);
  out.height = output_length(box.height, longest, long_side);
  const AxisWeights columns = axis_weights(box.width, step, out.width);
  const AxisWeights rows = axis_weights(box.height, step, out.height);

  // Pass 1: every source row of the box, resampled horizontally.
  std::vector<float> narrow(static_cast<std::size_t>(box.height) * out.width);
  for (int y = 0; y < box.height; ++y) {
    const std::uint8_t* source = image.pixels + static_cast<std::ptrdiff_t>(box.y + y) * image.stride + box.x;
    float* target = narrow.data() + static_cast<std::size_t>(y) * out.width;
    for (int j = 0; j < out.width; ++j) {
      const std::uint8_t* taps = source + columns.first[j];
      float sum = 0.0f;
      for (int t = columns.offsets[j]; t < columns.offsets[j + 1]; ++t) {
        sum += columns.weights[t] * table[*taps++];
      }
      target[j] = sum;
    }
  }

  // Pass 2: vertically, whole rows at a time (contiguous in `narrow`).
  out.values.assign(static_cast<std::size_t>(out.width) * out.height, 0.0f);
  for (int r = 0; r < out.height; ++r) {
    float* target = out.values.data() + static_cast<std::size_t>(r) * out.width;
    int y = rows.first[r];
    for (int t = rows.offsets[r]; t < rows.offsets[r + 1]; ++t, ++y) {
      const float weight = rows.weights[t];
      const float* source = narrow.data() + static_cast<std::size_t>(y) * out.width;
      for (int j = 0; j < out.width; ++j) target[j] += weight * source[j];
    }
  }
  return out;
}

}  // namespace digitpad
