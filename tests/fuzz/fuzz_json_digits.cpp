// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the JSON digit reader (core/data/json_digits.h) on arbitrary
// bytes, as a changed or hostile npm package could hand it. Every input must
// end in whole 28x28 digits with values in [0, 1] and the given label, or in
// digitpad::Error.

#include "core/data/json_digits.h"
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const digitpad::Dataset digits = digitpad::parse_json_digits(bytes, "fuzz.json", 7);
    if (digits.images.rows() != digitpad::kImagePixels || digits.images.cols() != digits.count()) __builtin_trap();
    if (digits.empty()) __builtin_trap();
    if (digits.images.minCoeff() < 0.0f || digits.images.maxCoeff() > 1.0f) __builtin_trap();
    for (const std::uint8_t label : digits.labels)
      if (label != 7) __builtin_trap();
  } catch (const digitpad::Error&) {
  }
  return 0;
}
