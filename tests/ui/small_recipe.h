// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The recipe the training widget tests run: a 784-32-10 tanh perceptron,
// full-batch gradient descent, fan-in scaled weights of a fixed seed, so that
// a run of a few dozen iterations on the fixture digits finishes in moments
// and learns enough to draw a falling curve.

#include "core/nn/layer_spec.h"
#include "core/nn/presets.h"

namespace digitpad {

inline TrainingRecipe smallRecipe(int iterations) {
  TrainingRecipe recipe;
  recipe.architecture.layers = dense_layers({32});
  recipe.architecture.activation = Activation::Tanh;
  recipe.init_scale = 0;  // fan-in scaled
  recipe.init_seed = 3;
  recipe.training.optimizer.kind = OptimizerKind::GradientDescent;
  recipe.training.optimizer.learning_rate = 0.5f;
  recipe.training.iterations = iterations;
  recipe.training.batch_size = 0;
  recipe.training.eval_interval = 10;
  return recipe;
}

}  // namespace digitpad
