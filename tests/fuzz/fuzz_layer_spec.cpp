// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the layer-list parser (core/nn/layer_spec.h) and
// Architecture::validate on arbitrary text, as typed into --layers or the
// app's network settings. Every input must end in a list or in
// digitpad::Error; a list that parses has a text form that parses back to the
// same text; one that validates has sizes that need no allocation to compute.

#include "core/nn/architecture.h"
#include "core/nn/layer_spec.h"
#include "core/nn/trainer.h"
#include "core/util/error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<digitpad::LayerSpec> layers;
  try {
    layers = digitpad::parse_layer_list(text);
  } catch (const digitpad::Error&) {
    return 0;
  }
  const std::string written = digitpad::layer_list_text(layers);
  try {
    if (digitpad::layer_list_text(digitpad::parse_layer_list(written)) != written) __builtin_trap();
  } catch (const digitpad::Error&) {
    __builtin_trap();  // the text form of a parsed list must parse
  }
  digitpad::Architecture architecture;
  architecture.layers = layers;
  try {
    architecture.validate();
    if (architecture.parameter_count() <= 0) __builtin_trap();
    digitpad::TrainingSettings settings;
    settings.batch_size = 128;
    (void)digitpad::training_memory_bytes(architecture, settings, 60000);
    (void)digitpad::architecture_text(architecture);
  } catch (const digitpad::Error&) {
  }
  return 0;
}
