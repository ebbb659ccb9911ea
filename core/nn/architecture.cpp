// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/architecture.h"

#include "core/nn/limits.h"
#include "core/util/error.h"
#include "core/util/memory_budget.h"

namespace digitpad {
namespace {

[[noreturn]] void fail(int index, const LayerSpec& layer, const std::string& problem) {
  throw Error("layer " + std::to_string(index + 1) + " '" + layer_text(layer) + "': " + problem);
}

void check_input(const Architecture& a) {
  const Shape& s = a.input;
  // Channels are bounded only by the total: a version-1 perceptron's input is
  // a flat N x 1 x 1 vector.
  if (s.channels < 1 || s.height < 1 || s.width < 1 || s.height > limits::kMaxInputSide ||
      s.width > limits::kMaxInputSide || s.channels > limits::kMaxInputSize || s.size() > limits::kMaxInputSize)
    throw Error("input shape " + s.text() + " is out of range (height and width 1 to " +
                std::to_string(limits::kMaxInputSide) + ", at most " + std::to_string(limits::kMaxInputSize) +
                " values)");
  if (a.outputs < 1 || a.outputs > limits::kMaxOutputs)
    throw Error("output count " + std::to_string(a.outputs) + " is out of range (1 to " +
                std::to_string(limits::kMaxOutputs) + ")");
  if (static_cast<int>(a.layers.size()) > limits::kMaxHiddenLayers)
    throw Error("network has " + std::to_string(a.layers.size()) + " hidden layers (at most " +
                std::to_string(limits::kMaxHiddenLayers) + ")");
}

// The output shape of `layer` on `in`, and the parameters it owns.
PlannedLayer plan(const LayerSpec& layer, const Shape& in, int index) {
  check_layer_fields(layer, index);
  PlannedLayer planned{layer, in, in, 0, 0, false};
  layer_kind(layer.kind).plan(planned, SpecFields(layer_text(layer), index));
  if (planned.output.size() > limits::kMaxLayerOutput)
    fail(index, layer,
         "would produce " + std::to_string(planned.output.size()) + " values per digit (at most " +
             std::to_string(limits::kMaxLayerOutput) + ")");
  return planned;
}

}  // namespace

Architecture Architecture::mlp(int inputs, const std::vector<int>& hidden, int outputs, Activation activation) {
  Architecture a;
  a.input = inputs == kImagePixels ? Shape{1, kImageSide, kImageSide} : Shape::flat(inputs);
  a.layers = dense_layers(hidden);
  a.outputs = outputs;
  a.activation = activation;
  return a;
}

bool Architecture::dense_only() const {
  for (const LayerSpec& layer : layers)
    if (layer.kind != LayerKind::Dense) return false;
  return true;
}

std::vector<PlannedLayer> plan_layers(const Architecture& architecture) {
  check_input(architecture);
  std::vector<PlannedLayer> planned;
  planned.reserve(architecture.layers.size() + 1);
  Shape shape = architecture.input;
  Eigen::Index parameters = 0;
  const int hidden = static_cast<int>(architecture.layers.size());
  const auto layer_name = [&](int index, const LayerSpec& spec) {
    return index < hidden ? "layer " + std::to_string(index + 1) + " '" + layer_text(spec) + "'"
                          : std::string("the output layer");
  };
  // Where the parameter limit was first passed; the rest is still planned, so
  // that the message can give the whole network's size.
  std::string over_at;
  bool total_known = true;
  const auto add = [&](PlannedLayer layer, int index) {
    parameters += layer.parameters;
    if (parameters > limits::kMaxParameters && over_at.empty()) over_at = layer_name(index, layer.spec);
    shape = layer.output;
    planned.push_back(layer);
  };
  try {
    for (int i = 0; i < hidden; ++i) add(plan(architecture.layers[static_cast<std::size_t>(i)], shape, i), i);
    PlannedLayer output{LayerSpec::dense(architecture.outputs),    shape, Shape::flat(architecture.outputs),
                        (shape.size() + 1) * architecture.outputs, 0,     true};
    add(output, hidden);
  } catch (const Error&) {
    if (over_at.empty()) throw;
    total_known = false;  // a later layer does not fit either; the size so far says enough
  }
  if (!over_at.empty()) {
    const auto bytes = static_cast<std::uint64_t>(parameters) * sizeof(float);
    throw Error("the network would have over " + std::to_string(limits::kMaxParameters) + " parameters (reached at " +
                over_at + "): " + (total_known ? "" : "at least ") + std::to_string(parameters) + " in all, " +
                format_bytes(bytes) + " of weights and about " +
                format_bytes(bytes * limits::kTrainingCopiesWithAdam) + " to train with Adam");
  }
  return planned;
}

Eigen::Index Architecture::parameter_count() const {
  Eigen::Index count = 0;
  for (const PlannedLayer& layer : plan_layers(*this)) count += layer.parameters;
  return count;
}

Eigen::Index Architecture::persistent_count() const {
  Eigen::Index count = 0;
  for (const PlannedLayer& layer : plan_layers(*this)) count += layer.persistent;
  return count;
}

void Architecture::validate() const { plan_layers(*this); }

std::string architecture_text(const Architecture& architecture) {
  const std::string activation(activation_name(architecture.activation));
  // A perceptron reads as its widths, as it always has ("784 → 1000 tanh → 10
  // softmax"); a network with maps shows its input shape and layer names.
  const bool widths_only = architecture.dense_only();
  std::string text = widths_only ? std::to_string(architecture.input_size()) : architecture.input.text();
  for (const LayerSpec& layer : architecture.layers) {
    text += " → " + (widths_only ? std::to_string(layer.units) : layer_text(layer));
    if (layer_kind(layer.kind).takes_activation) text += " " + activation;
  }
  return text + " → " + std::to_string(architecture.outputs) + " softmax";
}

}  // namespace digitpad
