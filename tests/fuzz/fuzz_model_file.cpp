// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the model-file reader (core/io/model_file.h) on arbitrary bytes.
// Every input must end in a model or in digitpad::Error, never in a crash, a
// sanitizer report or an allocation past the limits.

#include "core/io/model_file.h"
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const digitpad::Model model = digitpad::parse_model(bytes, "fuzz.dpm");
    // What was read must be usable as it is: the architecture is valid and the
    // parameters fit it.
    if (model.network.parameters().size() != model.network.architecture().parameter_count()) __builtin_trap();
  } catch (const digitpad::Error&) {
  }
  return 0;
}
