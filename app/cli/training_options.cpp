#include "training_options.h"

#include "nn/activation.h"
#include "nn/optimizer.h"
#include "util/error.h"

#include <filesystem>
#include <limits>

namespace digitpad::cli {
namespace {

// Far beyond any sensible layer or run, but small enough that arithmetic on
// them cannot overflow an int.
constexpr int kMaxLayerWidth = 100000;
constexpr int kMaxCount = 100000000;

std::vector<int> parse_hidden(const std::string& text) {
  if (text == "none") return {};  // no hidden layer: softmax regression
  std::vector<int> widths;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto width = parse_integer(part);
    if (!width || *width < 1 || *width > kMaxLayerWidth)
      throw UsageError("--hidden: '" + text + "' is not a list of layer widths (1 to " +
                       std::to_string(kMaxLayerWidth) + ", comma-separated, or 'none')");
    widths.push_back(static_cast<int>(*width));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return widths;
}

std::string preset_names() {
  std::string names;
  for (const Preset& preset : presets()) names += (names.empty() ? "" : ", ") + preset.name;
  return names;
}

std::string compact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

const std::vector<FlagSpec> kDataFlags = {
    {"data"},        {"train-images"}, {"train-labels"}, {"test-images"},
    {"test-labels"}, {"train-count"},  {"test-count"},   {"split-seed"},
};

std::string data_flags_help() {
  return "Data (default: the OpenCV digits in " + default_digits_folder() + "):\n"
         "  --data DIR               an MNIST-layout folder (train-*/t10k-* IDX files, .gz or not)\n"
         "  --train-images F --train-labels F\n"
         "                           an explicit IDX pair\n"
         "  --test-images F --test-labels F\n"
         "                           an explicit test pair (optional)\n"
         "  --train-count N          training digits (one set: default 1000; two sets: all)\n"
         "  --test-count N           test digits (one set: default 350, disjoint from training)\n"
         "  --split-seed S           seed of the random subsets (default 0)\n";
}

DataRequest data_request_from(const Arguments& args) {
  DataRequest request;
  request.folder = args.text_or("data", "");
  request.train_images = args.text_or("train-images", "");
  request.train_labels = args.text_or("train-labels", "");
  request.test_images = args.text_or("test-images", "");
  request.test_labels = args.text_or("test-labels", "");
  request.train_count = args.integer("train-count", 1, kMaxCount);
  request.test_count = args.integer("test-count", 1, kMaxCount);
  request.split_seed = args.unsigned64("split-seed").value_or(0);

  const bool has_folder = !request.folder.empty();
  const bool has_train = !request.train_images.empty() || !request.train_labels.empty();
  const bool has_test = !request.test_images.empty() || !request.test_labels.empty();
  if (has_folder && (has_train || has_test))
    throw UsageError("--data cannot be combined with --train-images/--test-images");
  if (has_train && (request.train_images.empty() || request.train_labels.empty()))
    throw UsageError("--train-images and --train-labels must be given together");
  if (has_test && (request.test_images.empty() || request.test_labels.empty()))
    throw UsageError("--test-images and --test-labels must be given together");
  if (has_test && !has_train) throw UsageError("--test-images needs --train-images and --train-labels");

  if (!has_folder && !has_train) {
    request.folder = default_digits_folder();
    std::error_code ec;
    if (!std::filesystem::is_directory(request.folder, ec))
      throw Error(request.folder + ": default digits not found; " + default_digits_hint() +
                  ", or pass --data DIR");
  }
  return request;
}

std::string describe_data(const DataRequest& request) {
  if (!request.folder.empty()) {
    if (request.folder == default_digits_folder()) return "opencv-digits";
    return request.folder;
  }
  std::string text = request.train_images;
  if (!request.test_images.empty()) text += ", " + request.test_images;
  return text;
}

const std::vector<FlagSpec> kRecipeFlags = {
    {"preset"},      {"hidden"},       {"activation"},   {"learning-rate"}, {"iterations"},
    {"epochs"},      {"batch-size"},   {"optimizer"},    {"momentum"},      {"weight-decay"},
    {"init-scale"},  {"seed"},         {"shuffle-seed"}, {"eval-interval"},
};

std::string recipe_flags_help() {
  std::string text = "Recipe (a preset, then any overrides):\n";
  text += "  --preset NAME            one of: " + preset_names() + " (default seed)\n";
  for (const Preset& preset : presets()) text += "                             " + preset.name + ": " + preset.description + "\n";
  text +=
      "  --hidden W[,W...]        hidden layer widths, e.g. 1000 or 500,300 ('none': no hidden layer)\n"
      "  --activation NAME        tanh, relu or sigmoid\n"
      "  --optimizer NAME         gd, momentum or adam\n"
      "  --learning-rate R        step size (> 0)\n"
      "  --momentum M             velocity decay for momentum, in [0, 1)\n"
      "  --weight-decay D         L2 penalty (>= 0)\n"
      "  --iterations N           parameter updates\n"
      "  --epochs N               passes over the training set (overrides --iterations)\n"
      "  --batch-size N           digits per update (0 = full batch)\n"
      "  --init-scale S           std-dev of the initial weights (0 = fan-in scaled)\n"
      "  --seed S                 seed of the initial weights\n"
      "  --shuffle-seed S         seed of the mini-batch shuffle\n"
      "  --eval-interval N        accuracies every N iterations (0 = only at the end)\n";
  return text;
}

TrainingRecipe recipe_from(const Arguments& args) {
  const std::string preset_name = args.text_or("preset", "seed");
  const auto preset = find_preset(preset_name);
  if (!preset) throw UsageError("--preset: unknown preset '" + preset_name + "' (known: " + preset_names() + ")");
  TrainingRecipe recipe = preset->recipe;
  TrainingSettings& training = recipe.training;
  OptimizerSettings& optimizer = training.optimizer;

  if (const auto hidden = args.text("hidden")) recipe.architecture.hidden = parse_hidden(*hidden);
  if (const auto name = args.text("activation")) {
    const auto activation = parse_activation(*name);
    if (!activation) throw UsageError("--activation: unknown activation '" + *name + "' (tanh, relu, sigmoid)");
    recipe.architecture.activation = *activation;
  }
  if (const auto name = args.text("optimizer")) {
    const auto kind = parse_optimizer(*name);
    if (!kind) throw UsageError("--optimizer: unknown optimizer '" + *name + "' (gd, momentum, adam)");
    optimizer.kind = *kind;
  }
  constexpr double kHuge = std::numeric_limits<double>::max();
  if (const auto rate = args.number("learning-rate", 0.0, 1e6, true)) optimizer.learning_rate = static_cast<float>(*rate);
  if (const auto momentum = args.number("momentum", 0.0, 0.999999)) optimizer.momentum = static_cast<float>(*momentum);
  if (const auto decay = args.number("weight-decay", 0.0, 1e6)) optimizer.weight_decay = static_cast<float>(*decay);
  if (const auto scale = args.number("init-scale", 0.0, kHuge)) recipe.init_scale = static_cast<float>(*scale);
  if (const auto seed = args.unsigned64("seed")) recipe.init_seed = *seed;
  if (const auto seed = args.unsigned64("shuffle-seed")) training.seed = *seed;
  if (const auto iterations = args.integer("iterations", 1, kMaxCount)) {
    training.iterations = *iterations;
    training.epochs = 0;  // an explicit iteration count wins over a preset's epochs
  }
  if (const auto epochs = args.integer("epochs", 1, kMaxCount)) training.epochs = *epochs;
  if (const auto batch = args.integer("batch-size", 0, kMaxCount)) training.batch_size = *batch;
  if (const auto interval = args.integer("eval-interval", 0, kMaxCount)) training.eval_interval = *interval;
  return recipe;
}

std::string summarize(const TrainingRecipe& recipe, int train_count) {
  std::string shape;
  for (const int width : recipe.architecture.layer_sizes()) {
    if (!shape.empty()) shape += "-";
    shape += std::to_string(width);
  }
  const TrainingSettings& training = recipe.training;
  std::string text = shape + " " + std::string(activation_name(recipe.architecture.activation)) + ", " +
                     std::string(optimizer_name(training.optimizer.kind)) + " lr " +
                     compact(training.optimizer.learning_rate) + ", ";
  text += training.batch_size == 0 || training.batch_size >= train_count
              ? std::string("full batch")
              : "batch " + std::to_string(training.batch_size);
  return text;
}

std::vector<FlagSpec> join_flags(std::initializer_list<const std::vector<FlagSpec>*> lists) {
  std::vector<FlagSpec> all;
  for (const auto* list : lists) all.insert(all.end(), list->begin(), list->end());
  return all;
}

}  // namespace digitpad::cli
