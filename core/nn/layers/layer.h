// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>
#include <functional>
#include <memory>
#include <random>

#include "core/nn/shape.h"

namespace digitpad {

// What a layer keeps between its forward and backward pass over one batch
// beyond its output (a dropout mask, the positions of the pooled maxima, the
// compacted inputs of a dense layer). Owned by the caller's ForwardCache, so a
// const network can run passes from several threads at once.
struct LayerState {
  virtual ~LayerState() = default;
};

// How a forward pass runs. `training` says which pass it is: a training pass
// (dropout drops values, batch normalisation uses the batch's own statistics)
// or an inference pass (every layer deterministic, using what training left).
// The dropout generator is separate: a training pass must have one.
struct PassMode {
  bool training = false;
  std::mt19937_64* dropout_rng = nullptr;
  // Asked between layers, and between chunks of a layer's work, so that a
  // long pass over a big batch can be cancelled inside one iteration: once it
  // says true, Network::forward and backward throw PassStopped, leaving the
  // weights untouched.
  const std::function<bool()>* stop_requested = nullptr;

  static PassMode for_training(std::mt19937_64& dropout_rng, const std::function<bool()>* stop_requested = nullptr) {
    return {true, &dropout_rng, stop_requested};
  }
  static PassMode for_inference(const std::function<bool()>* stop_requested = nullptr) {
    return {false, nullptr, stop_requested};
  }
  bool stopping() const { return stop_requested && (*stop_requested)(); }
};

// What Network::forward and backward throw when the PassMode's stop_requested
// said stop: not an Error, since nothing went wrong; the trainer catches it.
struct PassStopped {};

using ConstMatrixRef = Eigen::Ref<const Eigen::MatrixXf>;

// What a layer reads in a forward pass besides its input: its slice of the
// network's trained parameters and of its persistent state (Network::persistent()).
// Made from the parameters alone for layers that keep no state.
struct LayerValues {
  LayerValues(const float* parameters, const float* persistent = nullptr)  // NOLINT: implicit on purpose
      : parameters(parameters), persistent(persistent) {}
  const float* parameters;
  const float* persistent;
};

// One layer of a network (MiniDNN's and mlpack's interface): forward and
// backward over a whole batch (one sample per column, NCHW within a column),
// and a parameter count. A layer holds only its configuration and shapes; its
// weights live in the network's one flat buffer, passed in as a pointer to
// this layer's slice (weights first, then biases), so the optimizers, the
// gradient check and the model file all see one vector. State that is kept
// but not trained (batch normalisation's running mean and variance) lives in
// a second flat buffer, Network::persistent(), that the optimizers never see.
class Layer {
 public:
  Layer(Shape input, Shape output) : input_(input), output_(output) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const Shape& input_shape() const { return input_; }
  const Shape& output_shape() const { return output_; }

  // Floats this layer owns in the flat buffer: weights, then biases.
  virtual Eigen::Index parameter_count() const { return 0; }
  virtual Eigen::Index weight_count() const { return 0; }
  // Rows of the weight matrix as Network::weights() maps it (0: no weights).
  virtual Eigen::Index weight_rows() const { return 0; }
  // Inputs feeding each output unit, for fan-in scaled initialisation.
  virtual Eigen::Index fan_in() const { return 0; }

  // Sets starting values the normal draw for weights would get wrong (a
  // scale of 1); `parameters` is this layer's slice, weights already drawn.
  virtual void initialise_parameters(float* /*parameters*/) const {}

  // Floats of persistent state this layer keeps in Network::persistent().
  virtual Eigen::Index persistent_count() const { return 0; }
  // Its value in a new network.
  virtual void initialise_persistent(float* /*persistent*/) const {}
  // Folds what a training pass left in `state` into the persistent state;
  // Network::update_persistent calls it after each training forward pass.
  virtual void update_persistent(float* /*persistent*/, const LayerState* /*state*/) const {}

  virtual std::unique_ptr<LayerState> make_state() const { return nullptr; }

  // out = f(in) for a batch; `state` is this layer's from make_state().
  virtual void forward(const LayerValues& values, const ConstMatrixRef& in, Eigen::MatrixXf& out, LayerState* state,
                       const PassMode& mode) const = 0;

  // Given d cost / d out in `grad_out` (which the layer may overwrite), writes
  // d cost / d parameters into `gradient` (this layer's slice, every entry) and,
  // unless `grad_in` is null (nothing upstream learns), d cost / d in.
  // `in`, `out` and `state` are what the last forward pass saw and left.
  virtual void backward(const float* parameters, const ConstMatrixRef& in, const Eigen::MatrixXf& out,
                        Eigen::MatrixXf& grad_out, Eigen::MatrixXf* grad_in, float* gradient,
                        LayerState* state) const = 0;

 private:
  Shape input_;
  Shape output_;
};

}  // namespace digitpad
