// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/architecture.h"
#include "core/nn/layers/layer.h"

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace digitpad {

// Per-layer buffers of one batch: the forward pass's outputs and each layer's
// state, kept for the backward pass, and the backward pass's error terms.
// Owned by the caller so that repeated passes over same-sized batches reuse
// their memory, and so that one const network can serve several threads.
struct ForwardCache {
  std::vector<Eigen::MatrixXf> outputs;  // outputs[l]: layer l's output (last: softmax)
  std::vector<Eigen::MatrixXf> deltas;   // deltas[l]: d cost / d outputs[l]
  std::vector<std::unique_ptr<LayerState>> states;
};

// A network as a list of layers over one flat float32 parameter buffer (as
// mlpack and MiniDNN do): each layer owns a contiguous slice, weights then
// biases, so the optimizers, the gradient check and the model file each see one
// vector. Batches are matrices with one sample per column.
//
// Layer l of the network is hidden layer l of its architecture; the last one
// is the softmax output layer.
class Network {
 public:
  using MatrixMap = Eigen::Map<Eigen::MatrixXf>;
  using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf>;
  using VectorMap = Eigen::Map<Eigen::VectorXf>;
  using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;

  // Weights drawn from N(0, init_scale^2) by a generator seeded with `seed`
  // (same seed, same weights, on every machine); biases zero.
  // init_scale <= 0 selects a fan-in scaled default (Xavier for tanh/sigmoid,
  // He for ReLU). Throws Error when the architecture is not valid.
  Network(const Architecture& architecture, float init_scale, std::uint64_t seed);
  // Takes existing parameters (from a model file); size must be parameter_count().
  // The persistent state starts at its initial value, or is `persistent`
  // (size persistent_count()) when that is given.
  Network(const Architecture& architecture, Eigen::VectorXf parameters, Eigen::VectorXf persistent = {});

  const Architecture& architecture() const { return architecture_; }
  int layer_count() const { return static_cast<int>(layers_.size()); }
  const Layer& layer(int index) const { return *layers_[index]; }
  // True when a training pass and an inference pass differ (dropout, batch
  // normalisation): a training pass's outputs then say nothing about accuracy.
  bool differs_in_training() const;

  Eigen::VectorXf& parameters() { return parameters_; }
  const Eigen::VectorXf& parameters() const { return parameters_; }
  // Where layer l's slice starts in parameters() (or in a gradient).
  Eigen::Index parameter_offset(int layer) const { return offsets_[layer]; }

  // State the layers keep that is not trained, layer by layer (batch
  // normalisation's running mean and variance): saved in the model file,
  // read by inference passes, updated only by update_persistent() after a
  // training pass, never by an optimizer or the gradient check.
  Eigen::VectorXf& persistent() { return persistent_; }
  const Eigen::VectorXf& persistent() const { return persistent_; }
  Eigen::Index persistent_offset(int layer) const { return persistent_offsets_[layer]; }
  // Folds the statistics of the training pass that left `cache` into the
  // persistent state (the trainer calls it once per iteration).
  void update_persistent(const ForwardCache& cache);

  // Views of a dense or convolution layer's weights and biases in
  // parameters() or in any vector of the same layout, such as a gradient.
  // Dense: units x inputs. Convolution: (channels * K * K) x filters, one
  // column per filter, each filter channel by channel, row by row.
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
  // A training `mode` runs a training pass (dropout active, batch statistics).
  void forward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache, const PassMode& mode = {}) const;

  // Mean cross-entropy of the cached probabilities against one-hot targets.
  static float cross_entropy(const ForwardCache& cache, const Eigen::Ref<const Eigen::MatrixXf>& targets);

  // Backward pass after forward() on the same inputs: the gradient of the mean
  // cross-entropy with respect to every parameter, written into `gradient`
  // (resized to parameter_count()). `mode` is only asked whether to stop.
  void backward(const Eigen::Ref<const Eigen::MatrixXf>& inputs, ForwardCache& cache,
                const Eigen::Ref<const Eigen::MatrixXf>& targets, Eigen::VectorXf& gradient,
                const PassMode& mode = {}) const;

  // Class probabilities for a batch (outputs x batch); convenience over forward().
  // Throws NonFiniteOutputs (nn/finite_outputs.h) rather than return NaN.
  Eigen::MatrixXf probabilities(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const;
  // Most likely class of each column. Unchecked (a training run's own
  // statistics use it, and report divergence their own way).
  std::vector<int> classify(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const;

 private:
  // Makes the layers and their offsets; returns the parameter count and sizes
  // the persistent state (at its initial value unless it already fits).
  Eigen::Index build_layers();
  // Layers hold only shapes and settings, never weights: copies of a network
  // share them.
  Architecture architecture_;
  std::vector<std::shared_ptr<const Layer>> layers_;
  std::vector<Eigen::Index> offsets_;
  std::vector<Eigen::Index> persistent_offsets_;
  Eigen::VectorXf parameters_;
  Eigen::VectorXf persistent_;
};

// Large sets are evaluated in slices, so that 10,000 digits through a 1000-wide
// layer or a convolution do not need one huge activation matrix: at most 2048
// digits, fewer when a layer's output per digit is large.
Eigen::Index evaluation_slice(const Network& network);
// The same from the values per digit of the widest layer, for estimates made
// before a network exists (training_memory_bytes).
Eigen::Index evaluation_slice_for(Eigen::Index widest_layer_values);

// How many columns of `probabilities` have their most likely class equal to
// labels[column] (`labels` holds probabilities.cols() entries).
int count_correct(const Eigen::Ref<const Eigen::MatrixXf>& probabilities, const std::uint8_t* labels);

// Fraction of columns whose most likely class equals the label, evaluated in
// slices of evaluation_slice().
float accuracy(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
               const std::vector<std::uint8_t>& labels);

// counts[true][predicted] over a labelled set.
using ConfusionMatrix = std::vector<std::vector<int>>;
ConfusionMatrix confusion_matrix(const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& inputs,
                                 const std::vector<std::uint8_t>& labels);

}  // namespace digitpad
