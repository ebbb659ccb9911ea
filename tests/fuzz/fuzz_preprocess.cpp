// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the one preprocessing path from pixels to the network's input
// (core/image/preprocess.h) on arbitrary grayscale images: the first bytes
// give the width, height and ink polarity, the rest the pixels. The input must
// be nothing (no ink) or 784 values in [0, 1], never a crash.

#include "core/image/preprocess.h"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  // Up to 64 x 64: large enough for every code path (scaling down and up,
  // cropping, centring), small enough to keep millions of runs per hour.
  const int width = 1 + data[0] % 64;
  const int height = 1 + data[1] % 64;
  const auto polarity = static_cast<digitpad::InkPolarity>(data[2] % 3);
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 255);
  // The bytes given fill the image from the top; a short input leaves white paper.
  for (std::size_t i = 3; i < size && i - 3 < pixels.size(); ++i) pixels[i - 3] = data[i];
  const digitpad::GrayImageView view{pixels.data(), width, height, width};
  const std::optional<Eigen::VectorXf> input = digitpad::preprocess_digit(view, polarity);
  if (input) {
    if (input->size() != 28 * 28) __builtin_trap();
    for (Eigen::Index i = 0; i < input->size(); ++i)
      if (!((*input)(i) >= 0.0f && (*input)(i) <= 1.0f)) __builtin_trap();
  }
  return 0;
}
