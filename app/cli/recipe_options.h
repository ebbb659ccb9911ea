// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The recipe options that `train` and `bench` share: a preset, then overrides
// of its network, optimizer, schedule and augmentation.

#include "core/nn/presets.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace digitpad::cli {

// What the recipe options hold after parsing; unset means "keep the preset's".
struct RecipeOptions {
  std::optional<std::string> preset, layers, hidden, activation, optimizer, schedule, scale;
  std::optional<double> learning_rate, momentum, weight_decay, init_scale;
  std::optional<std::uint64_t> seed, shuffle_seed;
  std::optional<int> iterations, epochs, batch_size, eval_interval;
  bool augment = false, no_augment = false;
  std::optional<double> shift, rotate, shear, thickness;
};

// Declares --preset and every override in the "Recipe" and "Augmentation"
// groups of `command`, bound to `options`. Names, layer lists and numbers are
// checked by CLI11 while parsing, each error naming its option.
void add_recipe_options(CLI::App& command, RecipeOptions& options);

// The preset (default "seed"; `fallback` instead when given and no --preset
// is) with every given override applied. Throws UsageError when the layers do
// not fit a digit, which is known only once the whole recipe is.
TrainingRecipe recipe_from(const RecipeOptions& options,
                           const std::optional<TrainingRecipe>& fallback = std::nullopt);

// "784-1000-10 tanh, gd lr 0.5, full batch" or
// "784-conv32@5-pool2-dense128-10 relu, adam lr 0.003, batch 128, onecycle" for summaries.
std::string summarize(const TrainingRecipe& recipe, int train_count);

}  // namespace digitpad::cli
