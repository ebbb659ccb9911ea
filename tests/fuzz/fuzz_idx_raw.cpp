// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the IDX readers (core/data/idx_file.h) on arbitrary bytes read as
// an uncompressed file, both as images and as labels. Every input must end in
// data or in digitpad::Error.

#include "core/data/idx_file.h"
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const Eigen::MatrixXf images = digitpad::parse_idx_images(bytes, "fuzz-images-idx3-ubyte");
    if (images.rows() != digitpad::kImagePixels) __builtin_trap();
    if (images.size() > 0 && (images.minCoeff() < 0.0f || images.maxCoeff() > 1.0f)) __builtin_trap();
  } catch (const digitpad::Error&) {
  }
  try {
    for (const std::uint8_t label : digitpad::parse_idx_labels(bytes, "fuzz-labels-idx1-ubyte"))
      if (label > digitpad::kNotADigitLabel) __builtin_trap();
  } catch (const digitpad::Error&) {
  }
  return 0;
}
