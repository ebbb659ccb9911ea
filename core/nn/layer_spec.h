// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/layer_kinds.h"

#include <string>
#include <string_view>
#include <vector>

namespace digitpad {

// One hidden layer as the user writes it. The text form is the one syntax that
// the CLI's --layers, the app's network settings, describe() and the model
// info all share; each kind's row in core/nn/layer_kinds.h gives its syntax
// (denseN, convF@K, poolP, dropR, ...) and reads and writes it.
struct LayerSpec {
  LayerKind kind = LayerKind::Dense;
  int units = 0;   // dense: units; conv: filters
  int kernel = 0;  // conv: kernel side
  int pool = 0;    // pool: window side
  float rate = 0;  // dropout: the share of values dropped

  static LayerSpec dense(int units) { return {LayerKind::Dense, units, 0, 0, 0}; }
  static LayerSpec conv(int filters, int kernel) { return {LayerKind::Conv, filters, kernel, 0, 0}; }
  static LayerSpec max_pool(int size) { return {LayerKind::Pool, 0, 0, size, 0}; }
  static LayerSpec dropout(float rate) { return {LayerKind::Dropout, 0, 0, 0, rate}; }

  bool operator==(const LayerSpec&) const = default;
};

// "conv32@5", "pool2", "drop0.3", "dense128".
std::string layer_text(const LayerSpec& layer);
// Comma-separated layer texts; "none" for an empty list (softmax regression).
std::string layer_list_text(const std::vector<LayerSpec>& layers);

// Parses a comma-separated layer list ("none" for no hidden layer; an empty
// list is refused).
// Checks each entry's syntax and its own limits (core/nn/limits.h); whether
// the list fits an input shape is Architecture::validate()'s business. Throws
// Error("layer 2 'conv32@4': the kernel size must be odd ...").
std::vector<LayerSpec> parse_layer_list(std::string_view text);

// Dense layers of these widths, the form --hidden and version-1 files give.
std::vector<LayerSpec> dense_layers(const std::vector<int>& widths);

// Checks one layer's own fields against the limits; throws Error naming it as
// "layer N 'text'". Shared by the parser, validate() and the model reader.
void check_layer_fields(const LayerSpec& layer, int index);

}  // namespace digitpad
