// SPDX-License-Identifier: GPL-3.0-or-later
#include "nn/layer_spec.h"

#include "nn/limits.h"
#include "util/error.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

namespace digitpad {
namespace {

std::string format_rate(float rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(rate));
  return text;
}

// The whole of `text` as a decimal integer, or nothing.
std::optional<long long> whole_integer(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The whole of `text` as a finite decimal number (a rate such as 0.3), or nothing.
std::optional<float> whole_float(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  float value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

[[noreturn]] void fail(int index, std::string_view text, const std::string& problem) {
  throw Error("layer " + std::to_string(index + 1) + " '" + std::string(text) + "': " + problem);
}

// An integer field of a layer, within [1, limit].
int field(std::string_view digits, int index, std::string_view text, const char* what, int limit) {
  const auto value = whole_integer(digits);
  if (!value) fail(index, text, std::string(what) + " must be a whole number");
  if (*value < 1 || *value > limit) fail(index, text, std::string(what) + " must be 1 to " + std::to_string(limit));
  return static_cast<int>(*value);
}

LayerSpec parse_layer(std::string_view text, int index) {
  const auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
  if (text.empty()) fail(index, text, "empty (two commas in a row?)");
  LayerSpec layer;
  if (starts("dense")) {
    layer = LayerSpec::dense(field(text.substr(5), index, text, "the unit count", limits::kMaxDenseUnits));
  } else if (starts("conv")) {
    const std::string_view rest = text.substr(4);
    const std::size_t at = rest.find('@');
    if (at == std::string_view::npos) fail(index, text, "write a convolution as convF@K, e.g. conv32@5");
    layer = LayerSpec::conv(field(rest.substr(0, at), index, text, "the filter count", limits::kMaxFilters),
                            field(rest.substr(at + 1), index, text, "the kernel size", limits::kMaxKernel));
  } else if (starts("pool")) {
    layer = LayerSpec::max_pool(field(text.substr(4), index, text, "the pooling size", limits::kMaxPool));
  } else if (starts("drop")) {
    const auto rate = whole_float(text.substr(4));
    if (!rate) fail(index, text, "the dropout rate must be a number, e.g. drop0.3");
    layer = LayerSpec::dropout(*rate);
  } else {
    fail(index, text, "unknown layer (use denseN, convF@K, poolP or dropR, e.g. conv32@5,pool2,dense128)");
  }
  check_layer_fields(layer, index);
  return layer;
}

}  // namespace

std::string layer_text(const LayerSpec& layer) {
  switch (layer.kind) {
    case LayerKind::Dense: return "dense" + std::to_string(layer.units);
    case LayerKind::Conv: return "conv" + std::to_string(layer.units) + "@" + std::to_string(layer.kernel);
    case LayerKind::Pool: return "pool" + std::to_string(layer.pool);
    case LayerKind::Dropout: return "drop" + format_rate(layer.rate);
  }
  return "unknown";
}

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
  const std::string text = layer_text(layer);
  const auto within = [&](int value, int limit, const char* what) {
    if (value < 1 || value > limit) fail(index, text, std::string(what) + " must be 1 to " + std::to_string(limit));
  };
  switch (layer.kind) {
    case LayerKind::Dense: within(layer.units, limits::kMaxDenseUnits, "the unit count"); break;
    case LayerKind::Conv:
      within(layer.units, limits::kMaxFilters, "the filter count");
      within(layer.kernel, limits::kMaxKernel, "the kernel size");
      // "Same" padding is symmetric only for odd kernels.
      if (layer.kernel % 2 == 0) fail(index, text, "the kernel size must be odd (1, 3, 5, ...)");
      break;
    case LayerKind::Pool: within(layer.pool, limits::kMaxPool, "the pooling size"); break;
    case LayerKind::Dropout:
      if (!(layer.rate > 0.0f && layer.rate <= limits::kMaxDropout))
        fail(index, text, "the dropout rate must be above 0 and at most " + format_rate(limits::kMaxDropout));
      break;
  }
}

}  // namespace digitpad
