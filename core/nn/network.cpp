#include "nn/network.h"

#include "util/random.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace digitpad {
namespace {

// Far above any digit classifier, far below what would exhaust memory: a
// corrupt model file or a typo on the command line fails here, not in malloc.
constexpr int kMaxLayerWidth = 1'000'000;
constexpr int kMaxHiddenLayers = 16;
constexpr Eigen::Index kMaxParameters = 500'000'000;

// Softmax down each column, shifted by the column's maximum so that exp never
// overflows, however large the logits.
void softmax_columns(Eigen::MatrixXf& logits) {
  const Eigen::RowVectorXf column_max = logits.colwise().maxCoeff();
  logits.rowwise() -= column_max;
  logits.array() = logits.array().exp();
  const Eigen::RowVectorXf column_sum = logits.colwise().sum();
  logits.array().rowwise() /= column_sum.array();
}

// Below this fraction of non-blank input rows, gathering them into compact
// matrices (a copy of the rows and of the matching weight columns) costs less
// than the multiplications it saves.
constexpr double kCompactInputsBelow = 0.9;

// Fills cache.active_inputs with the rows of `inputs` that are non-zero in some
// column, or leaves it empty when too many are.
void find_active_inputs(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache) {
  cache.active_inputs.clear();
  const Eigen::Array<bool, Eigen::Dynamic, 1> used = (inputs.array() != 0.0f).rowwise().any();
  const Eigen::Index count = used.count();
  if (count >= kCompactInputsBelow * static_cast<double>(inputs.rows())) return;
  cache.active_inputs.reserve(static_cast<std::size_t>(count));
  for (Eigen::Index r = 0; r < inputs.rows(); ++r)
    if (used[r]) cache.active_inputs.push_back(static_cast<int>(r));
}


}  // namespace

std::vector<int> Architecture::layer_sizes() const {
  std::vector<int> sizes{inputs};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(outputs);
  return sizes;
}

Eigen::Index Architecture::parameter_count() const {
  const std::vector<int> sizes = layer_sizes();
  Eigen::Index count = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
    count += static_cast<Eigen::Index>(sizes[l] + 1) * sizes[l + 1];
  return count;
}

void Architecture::validate() const {
  if (static_cast<int>(hidden.size()) > kMaxHiddenLayers)
    throw Error("network has " + std::to_string(hidden.size()) + " hidden layers (at most " +
                std::to_string(kMaxHiddenLayers) + ")");
  for (int size : layer_sizes())
    if (size < 1 || size > kMaxLayerWidth)
      throw Error("layer size " + std::to_string(size) + " is out of range (1 to " +
                  std::to_string(kMaxLayerWidth) + ")");
  if (parameter_count() > kMaxParameters)
    throw Error("network would have " + std::to_string(parameter_count()) + " parameters (at most " +
                std::to_string(kMaxParameters) + ")");
}

Network::Network(const Architecture& architecture, float init_scale, std::uint64_t seed)
    : architecture_(architecture) {
  architecture_.validate();
  build_layers();
  parameters_ = Eigen::VectorXf::Zero(architecture_.parameter_count());
  NormalGenerator normal(seed);
  for (int l = 0; l < layer_count(); ++l) {
    float scale = init_scale;
    if (scale <= 0) {
      // Fan-in scaling keeps activations' variance steady through the layers:
      // He for ReLU, Xavier (LeCun) for the saturating ones.
      const float gain = architecture_.activation == Activation::Relu ? 2.0f : 1.0f;
      scale = std::sqrt(gain / static_cast<float>(layers_[l].inputs));
    }
    MatrixMap w = weights(l);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = scale * normal.next();
  }
}

Network::Network(const Architecture& architecture, Eigen::VectorXf parameters)
    : architecture_(architecture), parameters_(std::move(parameters)) {
  architecture_.validate();
  build_layers();
  if (parameters_.size() != architecture_.parameter_count())
    throw Error("network needs " + std::to_string(architecture_.parameter_count()) + " parameters, got " +
                std::to_string(parameters_.size()));
}

// The layer table holds only offsets, so copying is copying the buffer.
Network::Network(const Network& other) = default;
Network& Network::operator=(const Network& other) = default;

void Network::build_layers() {
  const std::vector<int> sizes = architecture_.layer_sizes();
  layers_.clear();
  Eigen::Index offset = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    LayerOffsets layer{sizes[l], sizes[l + 1], offset, offset + static_cast<Eigen::Index>(sizes[l]) * sizes[l + 1]};
    offset = layer.biases + layer.outputs;
    layers_.push_back(layer);
  }
}

Network::MatrixMap Network::weights_in(Eigen::VectorXf& flat, int layer) const {
  const LayerOffsets& l = layers_[layer];
  return MatrixMap(flat.data() + l.weights, l.outputs, l.inputs);
}
Network::ConstMatrixMap Network::weights_in(const Eigen::VectorXf& flat, int layer) const {
  const LayerOffsets& l = layers_[layer];
  return ConstMatrixMap(flat.data() + l.weights, l.outputs, l.inputs);
}
Network::VectorMap Network::biases_in(Eigen::VectorXf& flat, int layer) const {
  const LayerOffsets& l = layers_[layer];
  return VectorMap(flat.data() + l.biases, l.outputs);
}
Network::ConstVectorMap Network::biases_in(const Eigen::VectorXf& flat, int layer) const {
  const LayerOffsets& l = layers_[layer];
  return ConstVectorMap(flat.data() + l.biases, l.outputs);
}

void Network::forward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache) const {
  if (inputs.rows() != architecture_.inputs)
    throw Error("input has " + std::to_string(inputs.rows()) + " values per sample, network expects " +
                std::to_string(architecture_.inputs));
  cache.outputs.resize(layers_.size());
  for (int l = 0; l < layer_count(); ++l) {
    Eigen::MatrixXf& out = cache.outputs[l];
    // One product per layer for the whole batch; the bias broadcast over columns.
    if (l == 0) {
      find_active_inputs(inputs, cache);
      if (cache.active_inputs.empty()) {
        out.noalias() = weights(l) * inputs;
      } else {
        cache.compact_inputs = inputs(cache.active_inputs, Eigen::all);
        cache.compact_weights = weights(l)(Eigen::all, cache.active_inputs);
        out.noalias() = cache.compact_weights * cache.compact_inputs;
      }
    } else
      out.noalias() = weights(l) * cache.outputs[l - 1];
    out.colwise() += biases(l);
    if (l + 1 < layer_count())
      activate(architecture_.activation, out);
    else
      softmax_columns(out);
  }
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
                       const Eigen::Ref<const Eigen::MatrixXf>& targets, Eigen::VectorXf& gradient) const {
  const int last = layer_count() - 1;
  const float inverse_batch = 1.0f / static_cast<float>(inputs.cols());
  gradient.resize(parameters_.size());
  cache.deltas.resize(layers_.size());

  // Softmax fused with cross-entropy: d cost / d logits = (p - y) / m.
  cache.deltas[last] = (cache.outputs[last] - targets) * inverse_batch;
  for (int l = last; l >= 0; --l) {
    const Eigen::MatrixXf& delta = cache.deltas[l];
    if (l == 0 && !cache.active_inputs.empty()) {
      // Blank input rows contribute nothing: their weight columns get zero.
      MatrixMap first = weights_in(gradient, l);
      cache.compact_gradient.noalias() = delta * cache.compact_inputs.transpose();
      first.setZero();
      first(Eigen::all, cache.active_inputs) = cache.compact_gradient;
    } else if (l == 0)
      weights_in(gradient, l).noalias() = delta * inputs.transpose();
    else
      weights_in(gradient, l).noalias() = delta * cache.outputs[l - 1].transpose();
    biases_in(gradient, l) = delta.rowwise().sum();
    if (l > 0) {
      // The input layer needs no delta of its own: nothing upstream learns.
      Eigen::MatrixXf& below = cache.deltas[l - 1];
      below.noalias() = weights(l).transpose() * delta;
      multiply_by_derivative(architecture_.activation, cache.outputs[l - 1], below);
    }
  }
}

Eigen::MatrixXf Network::probabilities(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const {
  ForwardCache cache;
  forward(inputs, cache);
  return std::move(cache.outputs.back());
}

std::vector<int> Network::classify(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const {
  std::vector<int> classes(static_cast<std::size_t>(inputs.cols()));
  ForwardCache cache;
  for (Eigen::Index start = 0; start < inputs.cols(); start += kEvaluationSlice) {
    const Eigen::Index count = std::min(kEvaluationSlice, inputs.cols() - start);
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
