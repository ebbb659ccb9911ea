// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/fine_tune.h"

namespace digitpad {

TrainingRecipe fine_tune_recipe(const Architecture& architecture) {
  TrainingRecipe recipe;
  recipe.architecture = architecture;
  recipe.init_scale = 0;  // unused: training starts from the given weights
  TrainingSettings& training = recipe.training;
  training.optimizer.kind = OptimizerKind::Adam;
  training.optimizer.learning_rate = 1e-3f;
  training.optimizer.weight_decay = 1e-4f;
  training.schedule = Schedule::Cosine;
  training.batch_size = 128;
  training.epochs = 8;
  training.seed = 1;
  training.eval_interval = 40;
  // A handful of drawings repeated many times would be learnt by heart;
  // distorted afresh in every batch they teach the style instead.
  training.augmentation = AugmentationSettings::recommended();
  return recipe;
}

}  // namespace digitpad
