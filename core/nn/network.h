#pragma once

#include "nn/activation.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace digitpad {

// The shape of a fully connected classifier: inputs -> hidden... -> outputs, the
// hidden layers sharing one activation, the output layer a softmax.
struct Architecture {
  int inputs = 784;
  std::vector<int> hidden = {1000};
  int outputs = 10;
  Activation activation = Activation::Tanh;

  // Layer widths from input to output: {inputs, hidden..., outputs}.
  std::vector<int> layer_sizes() const;
  // Number of floats in all weights and biases.
  Eigen::Index parameter_count() const;
  // Throws Error when a size is not positive or absurdly large.
  void validate() const;

  bool operator==(const Architecture&) const = default;
};

// Per-layer buffers of one batch: the forward pass's outputs, kept for the
// backward pass, and the backward pass's error terms. Owned by the caller so that
// repeated passes over same-sized batches reuse their memory.
struct ForwardCache {
  std::vector<Eigen::MatrixXf> outputs;  // outputs[l]: layer l's output (last: softmax)
  std::vector<Eigen::MatrixXf> deltas;   // deltas[l]: d cost / d pre-activation of layer l

  // The first layer's products skip input rows that are zero in the whole
  // batch (a quarter of MNIST's pixels, its blank border, are): these hold the
  // rows used and the inputs, weights and gradient restricted to them. Empty when the
  // batch is too dense for that to pay.
  std::vector<int> active_inputs;
  Eigen::MatrixXf compact_inputs;
  Eigen::MatrixXf compact_weights;
  Eigen::MatrixXf compact_gradient;
};

// A multilayer perceptron whose weights and biases all live in one flat
// float32 buffer (as mlpack does): layer views are Eigen::Maps into it, so the
// optimizers, the gradient check and the model file each see one vector.
// Batches are matrices with one sample per column.
class Network {
 public:
  using MatrixMap = Eigen::Map<Eigen::MatrixXf>;
  using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf>;
  using VectorMap = Eigen::Map<Eigen::VectorXf>;
  using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;

  // Weights drawn from N(0, init_scale^2) by a generator seeded with `seed`
  // (same seed, same weights, on every machine); biases zero.
  // init_scale <= 0 selects a fan-in scaled default (Xavier for tanh/sigmoid,
  // He for ReLU).
  Network(const Architecture& architecture, float init_scale, std::uint64_t seed);
  // Takes existing parameters (from a model file); size must be parameter_count().
  Network(const Architecture& architecture, Eigen::VectorXf parameters);

  Network(const Network& other);
  Network& operator=(const Network& other);
  Network(Network&&) noexcept = default;
  Network& operator=(Network&&) noexcept = default;

  const Architecture& architecture() const { return architecture_; }
  int layer_count() const { return static_cast<int>(layers_.size()); }

  Eigen::VectorXf& parameters() { return parameters_; }
  const Eigen::VectorXf& parameters() const { return parameters_; }

  // Views into parameters() (or into any vector of the same layout, such as a
  // gradient): layer l maps sizes[l] inputs to sizes[l+1] outputs.
  MatrixMap weights(int layer) { return weights_in(parameters_, layer); }
  ConstMatrixMap weights(int layer) const { return weights_in(parameters_, layer); }
  VectorMap biases(int layer) { return biases_in(parameters_, layer); }
  ConstVectorMap biases(int layer) const { return biases_in(parameters_, layer); }
  MatrixMap weights_in(Eigen::VectorXf& flat, int layer) const;
  ConstMatrixMap weights_in(const Eigen::VectorXf& flat, int layer) const;
  VectorMap biases_in(Eigen::VectorXf& flat, int layer) const;
  ConstVectorMap biases_in(const Eigen::VectorXf& flat, int layer) const;

  // Forward pass over a batch (inputs x batch). Leaves every layer's output in
  // `cache`; the last one is the softmax probabilities (outputs x batch).
  void forward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache) const;

  // Mean cross-entropy of the cached probabilities against one-hot targets.
  static float cross_entropy(const ForwardCache& cache, const Eigen::Ref<const Eigen::MatrixXf>& targets);

  // Backward pass: the gradient of the mean cross-entropy with respect to every
  // parameter, written into `gradient` (resized to parameter_count()).
  void backward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache,
                const Eigen::Ref<const Eigen::MatrixXf>& targets, Eigen::VectorXf& gradient) const;

  // Class probabilities for a batch (outputs x batch); convenience over forward().
  Eigen::MatrixXf probabilities(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const;
  // Most likely class of each column.
  std::vector<int> classify(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const;

 private:
  struct LayerOffsets {
    int inputs, outputs;
    Eigen::Index weights, biases;  // offsets into the flat buffer
  };
  void build_layers();

  Architecture architecture_;
  std::vector<LayerOffsets> layers_;
  Eigen::VectorXf parameters_;
};

// Large sets are evaluated in slices of this many digits, so that a 10,000-digit
// set through a 1000-wide layer does not need one 40 MB activation matrix.
constexpr Eigen::Index kEvaluationSlice = 2048;

// How many columns of `probabilities` have their most likely class equal to
// labels[column] (`labels` holds probabilities.cols() entries).
int count_correct(const Eigen::Ref<const Eigen::MatrixXf>& probabilities, const std::uint8_t* labels);

// Fraction of columns whose most likely class equals the label, evaluated in
// slices of kEvaluationSlice.
float accuracy(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
               const std::vector<std::uint8_t>& labels);

// counts[true][predicted] over a labelled set.
using ConfusionMatrix = std::vector<std::vector<int>>;
ConfusionMatrix confusion_matrix(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                 const std::vector<std::uint8_t>& labels);

}  // namespace digitpad
