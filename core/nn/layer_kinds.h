// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/activation.h"
#include "core/nn/shape.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace digitpad {

// Every kind of hidden layer. Each has one row in the table below, and that row
// is all the parser, the help texts, the model file, the ONNX export, the
// memory budget and the app know about it: docs/adding-a-layer.md.
enum class LayerKind { Dense, Conv, Pool, Dropout, BatchNorm };

struct LayerSpec;
struct PlannedLayer;
class Layer;
class Network;
class ByteReader;
class ByteWriter;
class OnnxGraph;

// One layer's text and position, for reading its fields and naming it in
// errors as "layer N 'text'" (N from 1), the form every layer error takes.
class SpecFields {
 public:
  SpecFields(std::string_view text, int index) : text_(text), index_(index) {}
  // `digits` as a whole number in [1, limit]; `what` names it ("the unit count").
  int whole(std::string_view digits, const char* what, int limit) const;
  // `digits` as a finite decimal number; `problem` is the error otherwise.
  float number(std::string_view digits, const char* problem) const;
  // Fails unless 1 <= value <= limit.
  void within(int value, int limit, const char* what) const;
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::string text_;
  int index_;
};

// The batch sizes the memory budget (training_memory_bytes) gives each layer's
// work buffers: each thread's share of a training batch and of an evaluation
// slice, and the thread count.
struct WorkSizes {
  std::int64_t batch_share = 0;
  std::int64_t slice_share = 0;
  std::uint64_t threads = 1;
};

// What one layer kind is, everywhere. Plain data and captureless functions so
// that a kind is one constant in its own file (core/nn/layers/), and a missing
// piece is a compile error in that file rather than a forgotten switch.
struct LayerKindInfo {
  LayerKind kind;
  std::string_view prefix;       // how its text starts: "conv"
  std::string_view syntax;       // its text with placeholders: "convF@K"
  std::string_view help;         // the placeholders explained, for --help and the recipe form
  std::string_view name;         // for the app's Model info and tooltips: "Convolution"
  std::string_view description;  // one line, for the same places
  std::uint32_t file_code;       // its record's kind in the model file
  std::uint32_t file_version;    // the first model-file version that holds it
  bool takes_activation;         // followed by the network's activation (not as the output layer)
  bool differs_in_training;      // a training pass and an inference pass give different outputs

  // Its text after the prefix, checked field by field, into a spec.
  LayerSpec (*parse)(std::string_view rest, const SpecFields& fields);
  std::string (*text)(const LayerSpec& spec);
  // Its own fields against core/nn/limits.h (parser, validate() and the model reader share it).
  void (*check)(const LayerSpec& spec, const SpecFields& fields);
  // Given layer.input, sets layer.output, layer.parameters and layer.persistent,
  // or fails when the layer does not fit its input.
  void (*plan)(PlannedLayer& layer, const SpecFields& fields);
  // Its model-file record after the kind code: its fields only; the weights
  // and persistent state go in the file's weights section.
  void (*write_record)(ByteWriter& out, const LayerSpec& spec);
  LayerSpec (*read_record)(ByteReader& in, const std::string& what);
  // The runtime layer; `activation` is empty for the output layer and for
  // kinds that do not take it.
  std::shared_ptr<const Layer> (*build)(const PlannedLayer& layer, std::optional<Activation> activation);
  // Its ONNX nodes for network layer `index` (an inference graph); the
  // activation, when it takes one, is added after them.
  void (*export_onnx)(OnnxGraph& graph, const Network& network, int index, const LayerSpec& spec,
                      const std::string& prefix);
  // Floats of work buffers beyond its output and gradient while training (the
  // memory budget); nullptr: none.
  std::uint64_t (*work_floats)(const PlannedLayer& layer, const WorkSizes& sizes);
};

extern const LayerKindInfo kDenseKind;
extern const LayerKindInfo kConvKind;
extern const LayerKindInfo kPoolKind;
extern const LayerKindInfo kDropoutKind;
extern const LayerKindInfo kBatchNormKind;

// The table, in the order help texts list the kinds.
inline constexpr const LayerKindInfo* kLayerKinds[] = {&kDenseKind, &kConvKind, &kPoolKind, &kDropoutKind,
                                                       &kBatchNormKind};

const LayerKindInfo& layer_kind(LayerKind kind);
// The kind whose text `text` starts with, or nullptr.
const LayerKindInfo* layer_kind_of_text(std::string_view text);
// The kind a model-file record code stands for in a file of `version`, or nullptr.
const LayerKindInfo* layer_kind_of_code(std::uint32_t code, std::uint32_t version);
// The highest record code a file of `version` may hold (codes run from 1).
std::uint32_t highest_layer_code(std::uint32_t version);
// The newest model-file version: the highest any kind needs.
std::uint32_t newest_model_version();

// "denseN (N fully connected units), convF@K (...), ... or dropR (...)", for help texts.
std::string layer_kinds_help();
// "denseN, convF@K, poolP or dropR".
std::string layer_kinds_syntax();

}  // namespace digitpad
