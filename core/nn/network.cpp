// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/network.h"

#include "core/nn/finite_outputs.h"
#include "core/util/error.h"
#include "core/util/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace digitpad {
namespace {

// Softmax down each column, shifted by the column's maximum so that exp never
// overflows, however large the logits.
void softmax_columns(Eigen::MatrixXf& logits) {
  const Eigen::RowVectorXf column_max = logits.colwise().maxCoeff();
  logits.rowwise() -= column_max;
  logits.array() = logits.array().exp();
  const Eigen::RowVectorXf column_sum = logits.colwise().sum();
  logits.array().rowwise() /= column_sum.array();
}

std::shared_ptr<const Layer> make_layer(const PlannedLayer& planned, Activation activation) {
  const LayerKindInfo& kind = layer_kind(planned.spec.kind);
  const bool activated = kind.takes_activation && !planned.is_output;
  return kind.build(planned, activated ? std::optional<Activation>(activation) : std::nullopt);
}

void prepare(const Network& network, ForwardCache& cache) {
  const auto layers = static_cast<std::size_t>(network.layer_count());
  cache.outputs.resize(layers);
  if (cache.states.size() != layers) {
    cache.states.clear();
    for (int l = 0; l < network.layer_count(); ++l) cache.states.push_back(network.layer(l).make_state());
  }
}

// Activation values one slice may hold in its largest layer: 16M floats, 64 MB.
constexpr Eigen::Index kSliceValueBudget = Eigen::Index{1} << 24;
constexpr Eigen::Index kMaxEvaluationSlice = 2048;

}  // namespace

Network::Network(const Architecture& architecture, float init_scale, std::uint64_t seed)
    : architecture_(architecture) {
  parameters_ = Eigen::VectorXf::Zero(build_layers());
  NormalGenerator normal(seed);
  for (int l = 0; l < layer_count(); ++l) {
    const Layer& current = layer(l);
    if (current.weight_count() == 0) continue;
    float scale = init_scale;
    if (scale <= 0) {
      // Fan-in scaling keeps activations' variance steady through the layers:
      // He for ReLU, Xavier (LeCun) for the saturating ones.
      const float gain = architecture_.activation == Activation::Relu ? 2.0f : 1.0f;
      scale = std::sqrt(gain / static_cast<float>(current.fan_in()));
    }
    float* w = parameters_.data() + offsets_[l];
    for (Eigen::Index i = 0; i < current.weight_count(); ++i) w[i] = scale * normal.next();
  }
  for (int l = 0; l < layer_count(); ++l) layer(l).initialise_parameters(parameters_.data() + offsets_[l]);
}

Network::Network(const Architecture& architecture, Eigen::VectorXf parameters, Eigen::VectorXf persistent)
    : architecture_(architecture), parameters_(std::move(parameters)), persistent_(std::move(persistent)) {
  const Eigen::Index given_state = persistent_.size();
  const Eigen::Index needed = build_layers();
  if (parameters_.size() != needed)
    throw Error("network needs " + std::to_string(needed) + " parameters, got " + std::to_string(parameters_.size()));
  if (given_state != 0 && given_state != persistent_.size())
    throw Error("network needs " + std::to_string(persistent_.size()) + " values of persistent state, got " +
                std::to_string(given_state));
}

Eigen::Index Network::build_layers() {
  const std::vector<PlannedLayer> planned = plan_layers(architecture_);  // validates
  layers_.clear();
  offsets_.clear();
  persistent_offsets_.clear();
  Eigen::Index offset = 0, state = 0;
  for (const PlannedLayer& p : planned) {
    layers_.push_back(make_layer(p, architecture_.activation));
    offsets_.push_back(offset);
    persistent_offsets_.push_back(state);
    offset += layers_.back()->parameter_count();
    state += layers_.back()->persistent_count();
  }
  if (persistent_.size() != state) {
    persistent_ = Eigen::VectorXf::Zero(state);
    for (int l = 0; l < layer_count(); ++l)
      layers_[l]->initialise_persistent(persistent_.data() + persistent_offsets_[l]);
  }
  return offset;
}

bool Network::differs_in_training() const {
  for (const LayerSpec& layer : architecture_.layers)
    if (layer_kind(layer.kind).differs_in_training) return true;
  return false;
}

void Network::update_persistent(const ForwardCache& cache) {
  if (persistent_.size() == 0) return;
  for (int l = 0; l < layer_count(); ++l)
    if (layers_[l]->persistent_count() > 0)
      layers_[l]->update_persistent(persistent_.data() + persistent_offsets_[l], cache.states[l].get());
}

namespace {
// Rows and columns of a layer's weight matrix as weights_in() maps it.
std::pair<Eigen::Index, Eigen::Index> weight_matrix_size(const Layer& layer) {
  const Eigen::Index rows = layer.weight_rows();
  return {rows, rows == 0 ? 0 : layer.weight_count() / rows};
}
}  // namespace

Network::MatrixMap Network::weights_in(Eigen::VectorXf& flat, int layer) const {
  const auto [rows, cols] = weight_matrix_size(*layers_[layer]);
  return MatrixMap(flat.data() + offsets_[layer], rows, cols);
}
Network::ConstMatrixMap Network::weights_in(const Eigen::VectorXf& flat, int layer) const {
  const auto [rows, cols] = weight_matrix_size(*layers_[layer]);
  return ConstMatrixMap(flat.data() + offsets_[layer], rows, cols);
}
Network::VectorMap Network::biases_in(Eigen::VectorXf& flat, int layer) const {
  const Layer& l = *layers_[layer];
  return VectorMap(flat.data() + offsets_[layer] + l.weight_count(), l.parameter_count() - l.weight_count());
}
Network::ConstVectorMap Network::biases_in(const Eigen::VectorXf& flat, int layer) const {
  const Layer& l = *layers_[layer];
  return ConstVectorMap(flat.data() + offsets_[layer] + l.weight_count(), l.parameter_count() - l.weight_count());
}

void Network::forward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache,
                      const PassMode& mode) const {
  if (inputs.rows() != architecture_.input_size())
    throw Error("input has " + std::to_string(inputs.rows()) + " values per sample, network expects " +
                std::to_string(architecture_.input_size()));
  prepare(*this, cache);
  for (int l = 0; l < layer_count(); ++l) {
    const LayerValues values(parameters_.data() + offsets_[l], persistent_.data() + persistent_offsets_[l]);
    if (l == 0)
      layers_[l]->forward(values, inputs, cache.outputs[l], cache.states[l].get(), mode);
    else
      layers_[l]->forward(values, cache.outputs[l - 1], cache.outputs[l], cache.states[l].get(), mode);
    if (mode.stopping()) throw PassStopped();
  }
  softmax_columns(cache.outputs.back());
}

float Network::cross_entropy(const ForwardCache& cache, const Eigen::Ref<const Eigen::MatrixXf>& targets) {
  const Eigen::MatrixXf& probabilities = cache.outputs.back();
  // Clamped at the smallest normal float: a confidently wrong answer costs
  // -log(FLT_MIN) ~ 87 instead of infinity.
  const float tiny = std::numeric_limits<float>::min();
  const double total = (targets.array() * probabilities.array().max(tiny).log()).sum();
  return static_cast<float>(-total / static_cast<double>(targets.cols()));
}

void Network::backward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache,
                       const Eigen::Ref<const Eigen::MatrixXf>& targets, Eigen::VectorXf& gradient,
                       const PassMode& mode) const {
  const int last = layer_count() - 1;
  gradient.resize(parameters_.size());
  cache.deltas.resize(layers_.size());
  // Softmax fused with cross-entropy: d cost / d logits = (p - y) / m.
  cache.deltas[last] = (cache.outputs[last] - targets) * (1.0f / static_cast<float>(inputs.cols()));
  for (int l = last; l >= 0; --l) {
    // The input needs no gradient of its own: nothing upstream learns.
    Eigen::MatrixXf* below = l > 0 ? &cache.deltas[l - 1] : nullptr;
    const float* parameters = parameters_.data() + offsets_[l];
    float* layer_gradient = gradient.data() + offsets_[l];
    if (l == 0)
      layers_[l]->backward(parameters, inputs, cache.outputs[l], cache.deltas[l], below, layer_gradient,
                           cache.states[l].get());
    else
      layers_[l]->backward(parameters, cache.outputs[l - 1], cache.outputs[l], cache.deltas[l], below, layer_gradient,
                           cache.states[l].get());
    if (mode.stopping()) throw PassStopped();
  }
}

Eigen::MatrixXf Network::probabilities(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const {
  ForwardCache cache;
  forward(inputs, cache);
  require_finite_outputs(cache.outputs.back());
  return std::move(cache.outputs.back());
}

std::vector<int> Network::classify(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const {
  std::vector<int> classes(static_cast<std::size_t>(inputs.cols()));
  ForwardCache cache;
  const Eigen::Index slice = evaluation_slice(*this);
  for (Eigen::Index start = 0; start < inputs.cols(); start += slice) {
    const Eigen::Index count = std::min(slice, inputs.cols() - start);
    forward(inputs.middleCols(start, count), cache);
    const Eigen::MatrixXf& p = cache.outputs.back();
    for (Eigen::Index c = 0; c < count; ++c) {
      Eigen::Index best = 0;
      p.col(c).maxCoeff(&best);
      classes[static_cast<std::size_t>(start + c)] = static_cast<int>(best);
    }
  }
  return classes;
}

Eigen::Index evaluation_slice(const Network& network) {
  Eigen::Index widest = 1;
  for (int l = 0; l < network.layer_count(); ++l) widest = std::max(widest, network.layer(l).output_shape().size());
  return evaluation_slice_for(widest);
}

Eigen::Index evaluation_slice_for(Eigen::Index widest_layer_values) {
  return std::clamp<Eigen::Index>(kSliceValueBudget / std::max<Eigen::Index>(widest_layer_values, 1), 1,
                                  kMaxEvaluationSlice);
}

int count_correct(const Eigen::Ref<const Eigen::MatrixXf>& probabilities, const std::uint8_t* labels) {
  int correct = 0;
  for (Eigen::Index c = 0; c < probabilities.cols(); ++c) {
    Eigen::Index best = 0;
    probabilities.col(c).maxCoeff(&best);
    correct += best == labels[c];
  }
  return correct;
}

float accuracy(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
               const std::vector<std::uint8_t>& labels) {
  if (labels.empty()) return 0.0f;
  const std::vector<int> predicted = network.classify(inputs);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) correct += predicted[i] == labels[i];
  return static_cast<float>(correct) / static_cast<float>(labels.size());
}

ConfusionMatrix confusion_matrix(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                 const std::vector<std::uint8_t>& labels) {
  const int classes = network.architecture().outputs;
  ConfusionMatrix counts(classes, std::vector<int>(classes, 0));
  const std::vector<int> predicted = network.classify(inputs);
  for (std::size_t i = 0; i < labels.size(); ++i) ++counts[labels[i]][predicted[i]];
  return counts;
}

}  // namespace digitpad
