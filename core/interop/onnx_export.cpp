// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/interop/onnx_export.h"

#include "core/io/atomic_file.h"
#include "core/nn/architecture.h"
#include "core/nn/onnx_graph.h"
#include "core/util/error.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <bit>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <vector>
#include <string>

namespace digitpad {
namespace {

// ONNX keeps raw tensor data little-endian; the weights are copied as they lie.
static_assert(std::endian::native == std::endian::little, "raw ONNX tensor data is little-endian");

// The IR version that goes with opset 13 (ONNX 1.8); readers older than the
// ONNX 1.12 that Debian ships accept it too.
constexpr std::int64_t kIrVersion = 7;

// A digit model whose input is a flat 784-vector is still shown to other
// tools as a 28x28 image; flattening before the first dense layer makes the
// two the same.
Shape declared_input(const Shape& input) {
  if (input.height == 1 && input.width == 1 && input.channels == 28 * 28) return Shape{1, 28, 28};
  return input;
}

// The tensor flowing out of the last node: its name, and its shape as a
// batch of one map [1, C, H, W] or a batch of one vector [1, N].
struct Tensor {
  std::string name;
  Shape shape;
  bool is_map = true;
};

// Appends nodes and initializers to one graph, naming each layer's pieces
// "layerN_kind" and "layerN.weight" / "layerN.bias", as Netron then shows them.
class GraphBuilder {
 public:
  explicit GraphBuilder(onnx::GraphProto& graph) : graph_(graph) {}

  onnx::NodeProto& node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                        const std::string& output) {
    onnx::NodeProto& node = *graph_.add_node();
    node.set_op_type(op);
    node.set_name(name);
    for (const std::string& input : inputs) node.add_input(input);
    node.add_output(output);
    return node;
  }

  static void ints(onnx::NodeProto& node, const std::string& name, const std::vector<std::int64_t>& values) {
    onnx::AttributeProto& attribute = *node.add_attribute();
    attribute.set_name(name);
    attribute.set_type(onnx::AttributeProto::INTS);
    for (const std::int64_t value : values) attribute.add_ints(value);
  }

  static void integer(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
    onnx::AttributeProto& attribute = *node.add_attribute();
    attribute.set_name(name);
    attribute.set_type(onnx::AttributeProto::INT);
    attribute.set_i(value);
  }

  void floats(const std::string& name, const std::vector<std::int64_t>& dims, const float* data, Eigen::Index count) {
    onnx::TensorProto& tensor = *graph_.add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    for (const std::int64_t dim : dims) tensor.add_dims(dim);
    tensor.set_raw_data(reinterpret_cast<const char*>(data), static_cast<std::size_t>(count) * sizeof(float));
  }

  void int64s(const std::string& name, std::initializer_list<std::int64_t> values) {
    onnx::TensorProto& tensor = *graph_.add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::INT64);
    tensor.add_dims(static_cast<std::int64_t>(values.size()));
    for (const std::int64_t value : values) tensor.add_int64_data(value);
  }

  static void float_value(onnx::ValueInfoProto& value, const std::string& name,
                          std::initializer_list<std::int64_t> dims, const std::string& doc) {
    value.set_name(name);
    value.set_doc_string(doc);
    onnx::TypeProto::Tensor& type = *value.mutable_type()->mutable_tensor_type();
    type.set_elem_type(onnx::TensorProto::FLOAT);
    for (const std::int64_t dim : dims) type.mutable_shape()->add_dim()->set_dim_value(dim);
  }

 private:
  onnx::GraphProto& graph_;
};

const char* activation_op(Activation activation) {
  switch (activation) {
    case Activation::Tanh: return "Tanh";
    case Activation::Relu: return "Relu";
    case Activation::Sigmoid: return "Sigmoid";
  }
  throw Error("ONNX export: unknown activation");
}

// The graph the layer kinds write their nodes into (nn/onnx_graph.h), keeping
// track of the tensor that flows out of the last node.
class GraphWriter final : public OnnxGraph {
 public:
  GraphWriter(GraphBuilder& graph, Tensor input) : graph_(graph), x_(std::move(input)) {}

  const Tensor& current() const { return x_; }

  // A batch of one vector [1, N], from a map by Flatten (NCHW order, as the
  // dense layers read it).
  std::string as_vector(const std::string& prefix) override {
    if (!x_.is_map) return x_.name;
    const std::string out = prefix + "_flat";
    GraphBuilder::integer(graph_.node("Flatten", out, {x_.name}, out), "axis", 1);
    x_ = {out, Shape::flat(static_cast<int>(x_.shape.size())), false};
    return out;
  }

  // A batch of one map [1, C, H, W] of `shape`, by Reshape when the values
  // arrive as a vector or as a map of another shape.
  std::string as_map(const Shape& shape, const std::string& prefix) override {
    if (x_.is_map && x_.shape == shape) return x_.name;
    const std::string out = prefix + "_map";
    graph_.int64s(prefix + ".shape", {1, shape.channels, shape.height, shape.width});
    graph_.node("Reshape", out, {x_.name, prefix + ".shape"}, out);
    x_ = {out, shape, true};
    return out;
  }

  void floats(const std::string& name, const std::vector<std::int64_t>& dims, const float* data,
              Eigen::Index count) override {
    graph_.floats(name, dims, data, count);
  }

  void node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
            const std::vector<OnnxAttribute>& attributes, const Shape& shape, bool is_map) override {
    onnx::NodeProto& node = graph_.node(op, name, inputs, name);
    for (const OnnxAttribute& attribute : attributes) {
      if (attribute.single)
        GraphBuilder::integer(node, attribute.name, attribute.values.at(0));
      else
        GraphBuilder::ints(node, attribute.name, attribute.values);
    }
    x_ = {name, shape, is_map};
  }

  void activation(Activation activation, const std::string& prefix) {
    const std::string out = prefix + "_" + std::string(activation_name(activation));
    graph_.node(activation_op(activation), out, {x_.name}, out);
    x_.name = out;
  }

 private:
  GraphBuilder& graph_;
  Tensor x_;
};

void add_metadata(onnx::ModelProto& model, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  onnx::StringStringEntryProto& entry = *model.add_metadata_props();
  entry.set_key(key);
  entry.set_value(value);
}

onnx::ModelProto build_model(const Network& network, const ModelInfo& info) {
  const Architecture& architecture = network.architecture();
  onnx::ModelProto model;
  model.set_ir_version(kIrVersion);
  model.set_producer_name("DigitPad");
  model.set_producer_version(DIGITPAD_VERSION);
  model.set_doc_string(architecture_text(architecture));
  onnx::OperatorSetIdProto& opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(kOnnxOpset);
  add_metadata(model, "name", info.name);
  add_metadata(model, "dataset", info.dataset);
  add_metadata(model, "created", info.created);
  if (info.test_count > 0) add_metadata(model, "test_accuracy", std::to_string(info.test_accuracy));
  add_metadata(model, "input",
               "one digit as MNIST shows it: 28x28 values in 0..1, ink high, centred by its mass in a 20x20 box "
               "(DigitPad's canvas preprocessing)");

  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name(info.name.empty() ? "digitpad" : "digitpad_" + info.name);
  GraphBuilder builder(graph);

  const Shape input = declared_input(architecture.input);
  GraphBuilder::float_value(*graph.add_input(), kOnnxInputName, {1, input.channels, input.height, input.width},
                            "batch of one image, values in 0..1, ink high");
  GraphWriter writer(builder, Tensor{kOnnxInputName, input, true});

  // Network layer l is hidden layer l of the architecture; the last is the output.
  for (int l = 0; l < network.layer_count(); ++l) {
    const bool is_output = l + 1 == network.layer_count();
    const LayerSpec spec = is_output ? LayerSpec::dense(architecture.outputs) : architecture.layers[l];
    const std::string prefix = is_output ? std::string("output") : "layer" + std::to_string(l + 1);
    const LayerKindInfo& kind = layer_kind(spec.kind);
    kind.export_onnx(writer, network, l, spec, prefix);
    if (!is_output && kind.takes_activation) writer.activation(architecture.activation, prefix);
  }
  onnx::NodeProto& softmax = builder.node("Softmax", "softmax", {writer.current().name}, kOnnxOutputName);
  GraphBuilder::integer(softmax, "axis", 1);
  GraphBuilder::float_value(*graph.add_output(), kOnnxOutputName, {1, architecture.outputs},
                            "class probabilities (softmax), one per digit 0..9");
  return model;
}

}  // namespace

std::string onnx_model_bytes(const Network& network, const ModelInfo& info) {
  const onnx::ModelProto model = build_model(network, info);
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& error) {
    throw Error(std::string("ONNX export: the ONNX checker rejected the graph: ") + error.what());
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw Error("ONNX export: could not serialize the model");
  return bytes;
}

void export_onnx(const std::string& path, const Network& network, const ModelInfo& info) {
  write_file_atomically(path, onnx_model_bytes(network, info));
}

}  // namespace digitpad
