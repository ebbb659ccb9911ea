// SPDX-License-Identifier: GPL-3.0-or-later
#include "recipe_options.h"

#include "option_checks.h"
#include "usage_error.h"

#include "core/nn/activation.h"
#include "core/nn/layer_spec.h"
#include "core/nn/limits.h"
#include "core/nn/optimizer.h"
#include "core/nn/schedule.h"
#include "core/util/error.h"

#include <cstdio>
#include <limits>
#include <utility>
#include <vector>

namespace digitpad::cli {
namespace {

// Counts beyond any sensible run, but small enough that arithmetic on them
// cannot overflow an int. (Layer sizes have their limits in core/nn/limits.h.)
constexpr int kMaxCount = 100'000'000;

constexpr const char* kRecipe = "Recipe (a preset, then any overrides)";
constexpr const char* kAugmentation =
    "Augmentation (random distortions of each training batch; test digits are never changed)";

// --hidden W[,W...]: shorthand for --layers denseW[,denseW...], checked by the
// same core parser (and its limits) as --layers.
std::optional<std::vector<LayerSpec>> parse_hidden(const std::string& text) {
  if (text == "none") return std::vector<LayerSpec>{};  // no hidden layer: softmax regression
  std::string layers;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    layers += (layers.empty() ? "dense" : ",dense") +
              text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  try {
    return parse_layer_list(layers);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// "0.85,1.15" -> {0.85, 1.15}: the range of the random scale factor.
std::optional<std::pair<float, float>> parse_scale_range(const std::string& text) {
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos) return std::nullopt;
  const auto low = parse_real(std::string_view(text).substr(0, comma));
  const auto high = parse_real(std::string_view(text).substr(comma + 1));
  if (!low || !high || *low < 0.1 || *high > 4 || *low > *high) return std::nullopt;
  return std::pair{static_cast<float>(*low), static_cast<float>(*high)};
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const Preset& preset : presets()) names.push_back(preset.name);
  return names;
}

std::string preset_help() {
  std::string text = "one of the presets below (default seed)";
  for (const Preset& preset : presets()) text += "\n" + preset.name + ": " + preset.description;
  return text;
}

// The names core gives each kind, so the accepted list cannot drift from the parsers.
std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const Activation kind : {Activation::Tanh, Activation::Relu, Activation::Sigmoid})
    names.emplace_back(activation_name(kind));
  return names;
}
std::vector<std::string> optimizer_names() {
  std::vector<std::string> names;
  for (const OptimizerKind kind : {OptimizerKind::GradientDescent, OptimizerKind::Momentum, OptimizerKind::Adam})
    names.emplace_back(optimizer_name(kind));
  return names;
}
std::vector<std::string> schedule_names() {
  std::vector<std::string> names;
  for (const Schedule kind : {Schedule::Constant, Schedule::Cosine, Schedule::OneCycle})
    names.emplace_back(schedule_name(kind));
  return names;
}

CLI::Validator layer_list_check() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        try {
          parse_layer_list(text);
          return {};
        } catch (const Error& error) {
          return error.what();
        }
      },
      "");
}

CLI::Validator hidden_check() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        if (parse_hidden(text)) return {};
        return "'" + text + "' is not a list of layer widths (1 to " + std::to_string(limits::kMaxDenseUnits) +
               ", comma-separated, or 'none')";
      },
      "");
}

CLI::Validator scale_check() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        return parse_scale_range(text) ? std::string() : "'" + text + "' is not MIN,MAX with 0.1 <= MIN <= MAX <= 4";
      },
      "");
}

// A whole-number option in [min, max]: the text checked strictly, the bounds by CLI::Range.
CLI::Option* add_count(CLI::App& command, const std::string& name, std::optional<int>& value, int min,
                       const std::string& help) {
  return command.add_option(name, value, help)
      ->type_name("N")
      ->transform(whole_number())
      ->check(CLI::Range(min, kMaxCount).description(""))
      ->group(kRecipe);
}

CLI::Option* add_real(CLI::App& command, const std::string& name, std::optional<double>& value,
                      const std::string& type, CLI::Validator check, const std::string& help,
                      const std::string& group) {
  return command.add_option(name, value, help)->type_name(type)->check(std::move(check))->group(group);
}

// --augment switches on the Recommended distortions; each single option switches
// augmentation on too and sets its own distortion (on top of the preset's or
// --augment's, else of none at all); --no-augment switches it off.
void apply_augmentation(const RecipeOptions& options, AugmentationSettings& augmentation) {
  if (options.augment) augmentation = AugmentationSettings::recommended();
  const auto scale = options.scale ? parse_scale_range(*options.scale) : std::nullopt;
  if (options.shift || options.rotate || scale || options.shear || options.thickness) {
    if (!augmentation.enabled) {
      augmentation = AugmentationSettings{};
      augmentation.enabled = true;
    }
    if (options.shift) augmentation.max_shift_px = static_cast<float>(*options.shift);
    if (options.rotate) augmentation.max_rotation_deg = static_cast<float>(*options.rotate);
    if (scale) std::tie(augmentation.min_scale, augmentation.max_scale) = *scale;
    if (options.shear) augmentation.max_shear = static_cast<float>(*options.shear);
    if (options.thickness) augmentation.thickness_probability = static_cast<float>(*options.thickness);
  }
  if (options.no_augment) augmentation.enabled = false;
}

std::string compact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

void add_recipe_options(CLI::App& command, RecipeOptions& options) {
  command.add_option("--preset", options.preset, preset_help())
      ->type_name("NAME")
      ->check(CLI::IsMember(preset_names()))
      ->group(kRecipe);
  CLI::Option* layers = command
                            .add_option("--layers", options.layers,
                                        "hidden layers, comma-separated (the 10-way softmax output is implied):\n" +
                                            layer_kinds_help() +
                                            ";\ne.g. conv32@5,pool2,conv64@5,pool2,dense128 ('none': no hidden "
                                            "layer)")
                            ->type_name("LIST")
                            ->check(layer_list_check())
                            ->group(kRecipe);
  command
      .add_option("--hidden", options.hidden,
                  "shorthand for dense layers: --hidden 500,300 is --layers dense500,dense300")
      ->type_name("W[,W...]")
      ->check(hidden_check())
      ->excludes(layers)
      ->group(kRecipe);
  command.add_option("--activation", options.activation, "the hidden layers' activation")
      ->type_name("NAME")
      ->check(CLI::IsMember(activation_names()))
      ->group(kRecipe);
  command.add_option("--optimizer", options.optimizer, "how the weights are updated")
      ->type_name("NAME")
      ->check(CLI::IsMember(optimizer_names()))
      ->group(kRecipe);
  add_real(command, "--learning-rate", options.learning_rate, "R", real_number(0.0, 1e6, Excluding::kMin),
           "step size (> 0); the peak when a schedule is used", kRecipe);
  command.add_option("--schedule", options.schedule, "learning rate over the run")
      ->type_name("NAME")
      ->check(CLI::IsMember(schedule_names()))
      ->group(kRecipe);
  add_real(command, "--momentum", options.momentum, "M", real_number(0.0, 0.999999),
           "velocity decay for momentum, in [0, 1)", kRecipe);
  add_real(command, "--weight-decay", options.weight_decay, "D", real_number(0.0, 1e6), "L2 penalty (>= 0)", kRecipe);
  add_count(command, "--iterations", options.iterations, 1, "parameter updates");
  add_count(command, "--epochs", options.epochs, 1, "passes over the training set (overrides --iterations)");
  add_count(command, "--batch-size", options.batch_size, 0, "digits per update (0 = full batch)");
  // A float must hold it, or it would become infinity.
  add_real(command, "--init-scale", options.init_scale, "S", real_number(0.0, std::numeric_limits<float>::max()),
           "std-dev of the initial weights (0 = fan-in scaled)", kRecipe);
  command.add_option("--seed", options.seed, "seed of the initial weights")
      ->type_name("S")
      ->transform(seed_number())
      ->group(kRecipe);
  command.add_option("--shuffle-seed", options.shuffle_seed, "seed of the mini-batch shuffle")
      ->type_name("S")
      ->transform(seed_number())
      ->group(kRecipe);
  add_count(command, "--eval-interval", options.eval_interval, 0,
            "accuracies every N iterations (0 = only at the end)");

  CLI::Option* augment = command
                             .add_flag("--augment", options.augment,
                                       "switch on the recommended distortions (shift 2.5 px, rotation 12 deg,\n"
                                       "scale 0.85-1.15, shear 0.25, thickness 0.5); each distortion option\n"
                                       "below also switches augmentation on, adding to --augment's or the preset's")
                             ->group(kAugmentation);
  CLI::Option* no_augment =
      command.add_flag("--no-augment", options.no_augment, "switch off a preset's augmentation")
          ->group(kAugmentation);
  const std::vector<CLI::Option*> distortions = {
      add_real(command, "--shift", options.shift, "PX", real_number(0.0, 14.0),
               "largest shift in pixels per axis (0 to 14)", kAugmentation),
      add_real(command, "--rotate", options.rotate, "DEG", real_number(0.0, 180.0),
               "largest rotation either way in degrees (0 to 180)", kAugmentation),
      command.add_option("--scale", options.scale, "range of the size factor, e.g. 0.85,1.15 (0.1 to 4)")
          ->type_name("MIN,MAX")
          ->check(scale_check())
          ->group(kAugmentation),
      add_real(command, "--shear", options.shear, "S", real_number(0.0, 2.0),
               "largest horizontal slant, x += S*y (0 to 2)", kAugmentation),
      add_real(command, "--thickness", options.thickness, "P", real_number(0.0, 1.0),
               "chance that a digit's strokes are thickened or thinned (0 to 1)", kAugmentation),
  };
  no_augment->excludes(augment);
  for (CLI::Option* distortion : distortions) no_augment->excludes(distortion);
}

TrainingRecipe recipe_from(const RecipeOptions& options, const std::optional<TrainingRecipe>& fallback) {
  // Every name and number was checked while parsing; what is left is applying them.
  TrainingRecipe recipe =
      fallback && !options.preset ? *fallback : find_preset(options.preset.value_or("seed"))->recipe;
  TrainingSettings& training = recipe.training;
  OptimizerSettings& optimizer = training.optimizer;

  if (options.hidden) recipe.architecture.layers = *parse_hidden(*options.hidden);
  if (options.layers) recipe.architecture.layers = parse_layer_list(*options.layers);
  if (options.schedule) training.schedule = *parse_schedule(*options.schedule);
  if (options.activation) recipe.architecture.activation = *parse_activation(*options.activation);
  if (options.optimizer) optimizer.kind = *parse_optimizer(*options.optimizer);
  if (options.learning_rate) optimizer.learning_rate = static_cast<float>(*options.learning_rate);
  if (options.momentum) optimizer.momentum = static_cast<float>(*options.momentum);
  if (options.weight_decay) optimizer.weight_decay = static_cast<float>(*options.weight_decay);
  if (options.init_scale) recipe.init_scale = static_cast<float>(*options.init_scale);
  if (options.seed) recipe.init_seed = *options.seed;
  if (options.shuffle_seed) training.seed = *options.shuffle_seed;
  if (options.iterations) {
    training.iterations = *options.iterations;
    training.epochs = 0;  // an explicit iteration count wins over a preset's epochs
  }
  if (options.epochs) training.epochs = *options.epochs;
  if (options.batch_size) training.batch_size = *options.batch_size;
  if (options.eval_interval) training.eval_interval = *options.eval_interval;
  apply_augmentation(options, training.augmentation);
  // Whether the layers fit a 28x28 digit is known only now: say so as an option error.
  try {
    recipe.architecture.validate();
  } catch (const Error& error) {
    throw UsageError(std::string(options.hidden ? "--hidden: " : "--layers: ") + error.what());
  }
  return recipe;
}

std::string summarize(const TrainingRecipe& recipe, int train_count) {
  const Architecture& architecture = recipe.architecture;
  std::string shape = std::to_string(architecture.input_size());
  for (const LayerSpec& layer : architecture.layers)
    shape += "-" + (layer.kind == LayerKind::Dense ? std::to_string(layer.units) : layer_text(layer));
  shape += "-" + std::to_string(architecture.outputs);
  const TrainingSettings& training = recipe.training;
  std::string text = shape + " " + std::string(activation_name(recipe.architecture.activation)) + ", " +
                     std::string(optimizer_name(training.optimizer.kind)) + " lr " +
                     compact(training.optimizer.learning_rate) + ", ";
  text += training.batch_size == 0 || training.batch_size >= train_count
              ? std::string("full batch")
              : "batch " + std::to_string(training.batch_size);
  if (training.schedule != Schedule::Constant) text += ", " + std::string(schedule_name(training.schedule));
  if (!training.augmentation.is_identity()) text += ", augmented";
  return text;
}

}  // namespace digitpad::cli
