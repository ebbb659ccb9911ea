// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layers/dense.h"

#include <vector>

#include "core/io/byte_fields.h"
#include "core/nn/architecture.h"
#include "core/nn/limits.h"
#include "core/nn/network.h"
#include "core/nn/onnx_graph.h"
#include "core/util/parallel_for.h"

namespace digitpad {
namespace {

using MatrixMap = Eigen::Map<Eigen::MatrixXf>;
using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf>;

// Below this fraction of non-blank input rows, gathering them into compact
// matrices (a copy of the rows and of the matching weight columns) costs less
// than the multiplications it saves. A quarter of MNIST's pixels, its blank
// border, are zero in a whole batch of digits.
constexpr double kCompactInputsBelow = 0.9;

struct DenseState final : LayerState {
  std::vector<int> active_inputs;  // rows of `in` used; empty: all of them
  Eigen::MatrixXf compact_inputs;
  Eigen::MatrixXf compact_weights;
};

// The rows of `in` that are non-zero in some column, or none when too many are.
void find_active_inputs(const ConstMatrixRef& in, std::vector<int>& active) {
  active.clear();
  const Eigen::Array<bool, Eigen::Dynamic, 1> used = (in.array() != 0.0f).rowwise().any();
  const Eigen::Index count = used.count();
  if (count >= kCompactInputsBelow * static_cast<double>(in.rows())) return;
  active.reserve(static_cast<std::size_t>(count));
  for (Eigen::Index r = 0; r < in.rows(); ++r)
    if (used[r]) active.push_back(static_cast<int>(r));
}

}  // namespace

DenseLayer::DenseLayer(const Shape& input, int units, std::optional<Activation> activation)
    : Layer(input, Shape::flat(units)), activation_(activation) {}

std::unique_ptr<LayerState> DenseLayer::make_state() const { return std::make_unique<DenseState>(); }

// The batch's columns (forward, input gradient) or the weight matrix's rows
// (weight gradient) are shared among the threads, each running its own
// single-threaded product (util/parallel_for.h says why).
void DenseLayer::forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                         const PassMode&) const {
  const float* parameters = values.parameters;
  auto& s = static_cast<DenseState&>(*state);
  const Eigen::Index units = output_shape().size(), inputs = input_shape().size();
  const ConstMatrixMap weights(parameters, units, inputs);
  const Eigen::Map<const Eigen::VectorXf> biases(parameters + weight_count(), units);
  find_active_inputs(in, s.active_inputs);
  if (!s.active_inputs.empty()) {
    s.compact_inputs = in(s.active_inputs, Eigen::all);
    s.compact_weights = weights(Eigen::all, s.active_inputs);
  }
  out.resize(units, in.cols());
  parallel_for(in.cols(), [&](std::int64_t first, std::int64_t end) {
    const Eigen::Index count = end - first;
    auto part = out.middleCols(first, count);
    // One product per share of the batch; the bias broadcast over columns.
    if (s.active_inputs.empty())
      part.noalias() = weights * in.middleCols(first, count);
    else
      part.noalias() = s.compact_weights * s.compact_inputs.middleCols(first, count);
    part.colwise() += biases;
    if (activation_) activate(*activation_, part);
  });
}

void DenseLayer::backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                          Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                          LayerState* state) const {
  auto& s = static_cast<DenseState&>(*state);
  const Eigen::Index units = output_shape().size(), inputs = input_shape().size();
  MatrixMap weight_gradient(gradient, units, inputs);
  Eigen::Map<Eigen::VectorXf> bias_gradient(gradient + weight_count(), units);
  parallel_for(units, [&](std::int64_t first, std::int64_t end) {
    const Eigen::Index count = end - first;
    auto delta = grad_out.middleRows(first, count);
    if (activation_) multiply_by_derivative(*activation_, out.middleRows(first, count), delta);
    if (s.active_inputs.empty()) {
      weight_gradient.middleRows(first, count).noalias() = delta * in.transpose();
    } else {
      // Blank input rows contribute nothing: their weight columns get zero.
      weight_gradient.middleRows(first, count).setZero();
      weight_gradient(Eigen::seqN(first, count), s.active_inputs) = delta * s.compact_inputs.transpose();
    }
    bias_gradient.segment(first, count) = delta.rowwise().sum();
  });
  if (!grad_in) return;
  grad_in->resize(inputs, in.cols());
  const ConstMatrixMap weights(parameters, units, inputs);
  parallel_for(in.cols(), [&](std::int64_t first, std::int64_t end) {
    grad_in->middleCols(first, end - first).noalias() = weights.transpose() * grad_out.middleCols(first, end - first);
  });
}

// ---- The kind: denseN ----

namespace {

void export_dense(OnnxGraph& graph, const Network& network, int index, const LayerSpec&, const std::string& prefix) {
  const std::string x = graph.as_vector(prefix);
  const Layer& layer = network.layer(index);
  // Network::weights() is units x inputs, column-major; ONNX wants the
  // [units, inputs] tensor row-major, the same numbers transposed.
  const Eigen::MatrixXf transposed = network.weights(index).transpose();
  const Network::ConstVectorMap biases = network.biases(index);
  const auto units = static_cast<std::int64_t>(layer.output_shape().size());
  const auto inputs = static_cast<std::int64_t>(layer.input_shape().size());
  graph.floats(prefix + ".weight", {units, inputs}, transposed.data(), transposed.size());
  graph.floats(prefix + ".bias", {units}, biases.data(), biases.size());
  graph.node("Gemm", prefix + "_dense", {x, prefix + ".weight", prefix + ".bias"}, {{"transB", {1}, true}},
             layer.output_shape(), false);
}

}  // namespace

const LayerKindInfo kDenseKind = {
    .kind = LayerKind::Dense,
    .prefix = "dense",
    .syntax = "denseN",
    .help = "N units",
    .name = "Dense",
    .description = "every unit weighs every input, adds a bias, then the activation",
    .file_code = 1,
    .file_version = 2,
    .takes_activation = true,
    .differs_in_training = false,
    .parse =
        [](std::string_view rest, const SpecFields& fields) {
          return LayerSpec::dense(fields.whole(rest, "the unit count", limits::kMaxDenseUnits));
        },
    .text = [](const LayerSpec& spec) { return "dense" + std::to_string(spec.units); },
    .check = [](const LayerSpec& spec,
                const SpecFields& fields) { fields.within(spec.units, limits::kMaxDenseUnits, "the unit count"); },
    .plan =
        [](PlannedLayer& layer, const SpecFields&) {
          layer.output = Shape::flat(layer.spec.units);
          layer.parameters = (layer.input.size() + 1) * layer.spec.units;
        },
    .write_record = [](ByteWriter& out, const LayerSpec& spec) { out.u32(static_cast<std::uint32_t>(spec.units)); },
    .read_record = [](ByteReader& in,
                      const std::string& what) { return LayerSpec::dense(in.small_u32(what + " units")); },
    .build = [](const PlannedLayer& layer, std::optional<Activation> activation) -> std::shared_ptr<const Layer> {
      return std::make_shared<DenseLayer>(layer.input, layer.spec.units, activation);
    },
    .export_onnx = export_dense,
    .work_floats = nullptr,
};

}  // namespace digitpad
