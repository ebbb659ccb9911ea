// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the IDX readers through gzip (core/data/idx_file.h, core/io/gzip.h)
// on arbitrary bytes named like a ".gz" download, and the gzip decoder itself,
// strict and salvaging. Every input must end in data or in digitpad::Error,
// and inflate no more than its cap.

#include "core/data/idx_file.h"
#include "core/io/gzip.h"
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const Eigen::MatrixXf images = digitpad::parse_idx_images(bytes, "fuzz-images-idx3-ubyte.gz");
    if (images.rows() != digitpad::kImagePixels) __builtin_trap();
  } catch (const digitpad::Error&) {
  }
  try {
    digitpad::parse_idx_labels(bytes, "fuzz-labels-idx1-ubyte.gz");
  } catch (const digitpad::Error&) {
  }
  constexpr std::size_t kCap = 1 << 20;
  std::string strict;
  bool strict_ok = true;
  try {
    strict = digitpad::gzip_decompress(bytes, kCap, "fuzz.gz");
    if (strict.size() > kCap) __builtin_trap();
  } catch (const digitpad::Error&) {
    strict_ok = false;
  }
  std::string problem;
  const std::string salvaged = digitpad::gzip_decompress_partial(bytes, kCap, "fuzz.gz", problem);
  if (salvaged.size() > kCap) __builtin_trap();
  // Salvaging a whole stream gives what the strict decoder gives, and a
  // damaged one is reported as such.
  if (strict_ok && (!problem.empty() || salvaged != strict)) __builtin_trap();
  if (!strict_ok && problem.empty()) __builtin_trap();
  return 0;
}
