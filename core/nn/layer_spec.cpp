// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layer_spec.h"

#include "core/nn/limits.h"
#include "core/util/error.h"

namespace digitpad {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

LayerSpec parse_layer(std::string_view text, int index) {
  const SpecFields fields(text, index);
  if (text.empty()) fields.fail("empty (two commas in a row?)");
  const LayerKindInfo* kind = layer_kind_of_text(text);
  if (!kind) fields.fail("unknown layer (use " + layer_kinds_syntax() + ", e.g. conv32@5,pool2,dense128)");
  const LayerSpec layer = kind->parse(text.substr(kind->prefix.size()), fields);
  check_layer_fields(layer, index);
  return layer;
}

}  // namespace

std::string layer_text(const LayerSpec& layer) { return layer_kind(layer.kind).text(layer); }

std::string layer_list_text(const std::vector<LayerSpec>& layers) {
  if (layers.empty()) return "none";
  std::string text;
  for (const LayerSpec& layer : layers) text += (text.empty() ? "" : ",") + layer_text(layer);
  return text;
}

std::vector<LayerSpec> parse_layer_list(std::string_view text) {
  text = trimmed(text);
  // Only "none" means no hidden layer: an empty list is more likely a
  // variable that was not set (--layers "$LAYERS") than a wish for softmax
  // regression, and training the wrong network for an hour is the cost.
  if (text.empty())
    throw Error("the layer list is empty: write 'none' for no hidden layer, or layers such as dense128");
  if (text == "none") return {};
  std::vector<LayerSpec> layers;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view part = trimmed(text.substr(0, comma));
    if (static_cast<int>(layers.size()) == limits::kMaxHiddenLayers)
      throw Error("more than " + std::to_string(limits::kMaxHiddenLayers) + " hidden layers");
    layers.push_back(parse_layer(part, static_cast<int>(layers.size())));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return layers;
}

std::vector<LayerSpec> dense_layers(const std::vector<int>& widths) {
  std::vector<LayerSpec> layers;
  layers.reserve(widths.size());
  for (const int width : widths) layers.push_back(LayerSpec::dense(width));
  return layers;
}

void check_layer_fields(const LayerSpec& layer, int index) {
  const LayerKindInfo& kind = layer_kind(layer.kind);
  kind.check(layer, SpecFields(kind.text(layer), index));
}

}  // namespace digitpad
