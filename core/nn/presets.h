// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"
#include "core/nn/trainer.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digitpad {

// Everything that determines a training run apart from the data: the network's
// shape, its initialisation, and how it is trained.
struct TrainingRecipe {
  Architecture architecture;
  float init_scale = 0.01f;     // std-dev of initial weights; <= 0: fan-in scaled
  std::uint64_t init_seed = 1;  // draws the initial weights
  TrainingSettings training;
};

// The recipe as ordered key/value text, for model files and history exports
// ("layers" -> "dense1000", "activation" -> "tanh", "optimizer" -> "gd", ...).
std::vector<std::pair<std::string, std::string>> describe(const TrainingRecipe& recipe);

// A named starting point.
struct Preset {
  std::string name;
  std::string description;
  TrainingRecipe recipe;
};

// kNumpyOriginalPreset ("seed"): the design of the NumPy project DigitPad grew
// from, its seed (784-1000 tanh-10, weights N(0, 0.01^2), full-batch gradient
// descent).
// "recommended": what the app should train with (ReLU, Adam, mini-batches,
// augmentation), chosen by measurement on real MNIST.
// "convnet": a small convolutional network (two conv + pool stages, dropout,
// one-cycle Adam, augmentation), for the best reading of drawn digits.
std::vector<Preset> presets();

// The NumPy original's preset is named "seed" on the command line, in the
// panel and in model files and run histories, which keep that name. In code
// it is the NumPy-original preset, so that it is not mistaken for the random
// seeds (init_seed, split_seed, --seed) that every recipe has.
inline constexpr std::string_view kNumpyOriginalPreset = "seed";
std::optional<Preset> find_preset(std::string_view name);

}  // namespace digitpad
