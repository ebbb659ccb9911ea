#include "nn/presets.h"

#include <sstream>

namespace digitpad {
namespace {

std::string format_float(float value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string join_sizes(const std::vector<int>& sizes) {
  std::string text;
  for (std::size_t i = 0; i < sizes.size(); ++i) text += (i ? "," : "") + std::to_string(sizes[i]);
  return text;
}

Preset seed_preset() {
  Preset p;
  p.name = "seed";
  p.description =
      "The original NumPy design: 784-1000 tanh-10 softmax, weights N(0, 0.01^2), "
      "full-batch gradient descent at learning rate 0.5 for 100 iterations";
  p.recipe.architecture = Architecture{784, {1000}, 10, Activation::Tanh};
  p.recipe.init_scale = 0.01f;
  p.recipe.init_seed = 1;
  // Measured on 1000/350 splits of real MNIST: 100 iterations at 0.5 take the
  // training accuracy well past the seed's 95.3% and test past its 84.57%
  // without the long tail of overfitting that more iterations add.
  p.recipe.training.optimizer.kind = OptimizerKind::GradientDescent;
  p.recipe.training.optimizer.learning_rate = 0.5f;
  p.recipe.training.iterations = 100;
  p.recipe.training.batch_size = 0;
  p.recipe.training.eval_interval = 10;
  return p;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> describe(const TrainingRecipe& recipe) {
  const TrainingSettings& t = recipe.training;
  std::vector<std::pair<std::string, std::string>> items = {
      {"inputs", std::to_string(recipe.architecture.inputs)},
      {"hidden", join_sizes(recipe.architecture.hidden)},
      {"outputs", std::to_string(recipe.architecture.outputs)},
      {"activation", std::string(activation_name(recipe.architecture.activation))},
      {"init_scale", recipe.init_scale > 0 ? format_float(recipe.init_scale) : "fan-in"},
      {"init_seed", std::to_string(recipe.init_seed)},
      {"optimizer", std::string(optimizer_name(t.optimizer.kind))},
      {"learning_rate", format_float(t.optimizer.learning_rate)},
  };
  if (t.optimizer.kind == OptimizerKind::Momentum) items.emplace_back("momentum", format_float(t.optimizer.momentum));
  if (t.optimizer.kind == OptimizerKind::Adam) {
    items.emplace_back("beta1", format_float(t.optimizer.beta1));
    items.emplace_back("beta2", format_float(t.optimizer.beta2));
  }
  items.emplace_back("weight_decay", format_float(t.optimizer.weight_decay));
  if (t.epochs > 0)
    items.emplace_back("epochs", std::to_string(t.epochs));
  else
    items.emplace_back("iterations", std::to_string(t.iterations));
  items.emplace_back("batch_size", t.batch_size > 0 ? std::to_string(t.batch_size) : "full");
  items.emplace_back("shuffle_seed", std::to_string(t.seed));
  return items;
}

std::vector<Preset> presets() { return {seed_preset()}; }

std::optional<Preset> find_preset(std::string_view name) {
  for (Preset& p : presets())
    if (p.name == name) return p;
  return std::nullopt;
}

}  // namespace digitpad
