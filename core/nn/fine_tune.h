#pragma once

#include "nn/network.h"
#include "nn/presets.h"

namespace digitpad {

// "Fine-tune": an existing network trained further, from its own weights, on a
// user's few digits mixed into the base digits (data/oversample.h), so that it
// learns one person's handwriting without forgetting everyone else's.

// The share of each epoch that the user's digits take after oversampling:
// enough that five drawings move the decision, little enough that the base
// digits still dominate every batch.
constexpr double kUserDigitShare = 0.3;

// The recipe for a network of `architecture`: Adam at a small learning rate
// (the weights are already good; a large step would undo them), mini-batches
// of 32, a few epochs, with the same mild L2 as the shipped model. The
// architecture is the network's own: fine-tuning never reshapes a model.
TrainingRecipe fine_tune_recipe(const Architecture& architecture);

}  // namespace digitpad
