#pragma once

#include "nn/network.h"
#include "nn/trainer.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace digitpad {

// A named starting point: an architecture, its initialisation and how to train it.
struct Preset {
  std::string name;
  std::string description;
  Architecture architecture;
  float init_scale = 0.01f;
  std::uint64_t init_seed = 1;
  TrainingSettings training;
};

// "seed": the original NumPy project's design (784-1000 tanh-10, weights
// N(0, 0.01^2), full-batch gradient descent).
std::vector<Preset> presets();
std::optional<Preset> find_preset(std::string_view name);

}  // namespace digitpad
