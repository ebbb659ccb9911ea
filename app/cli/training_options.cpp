#include "training_options.h"

#include "qtimage/image_folder_dataset.h"
#include "nn/activation.h"
#include "nn/layer_spec.h"
#include "nn/limits.h"
#include "nn/schedule.h"
#include "nn/optimizer.h"
#include "util/error.h"

#include <filesystem>
#include <limits>
#include <tuple>
#include <utility>

namespace digitpad::cli {
namespace {

// Far beyond any sensible run, but small enough that arithmetic on it cannot
// overflow an int. (Layer sizes have their limits in core/nn/limits.h.)
constexpr int kMaxCount = 100000000;

// --hidden W[,W...]: shorthand for --layers denseW[,denseW...], checked by the
// same core parser (and its limits) as --layers.
std::vector<LayerSpec> parse_hidden(const std::string& text) {
  if (text == "none") return {};  // no hidden layer: softmax regression
  std::string layers;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    layers += (layers.empty() ? "dense" : ",dense") + text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  try {
    return parse_layer_list(layers);
  } catch (const Error&) {
    throw UsageError("--hidden: '" + text + "' is not a list of layer widths (1 to " +
                     std::to_string(limits::kMaxDenseUnits) + ", comma-separated, or 'none')");
  }
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

// "0.85,1.15" -> {0.85, 1.15}: the range of the random scale factor.
std::pair<float, float> parse_scale_range(const std::string& text) {
  const std::size_t comma = text.find(',');
  const auto low = comma == std::string::npos ? std::nullopt : parse_number(text.substr(0, comma));
  const auto high = comma == std::string::npos ? std::nullopt : parse_number(text.substr(comma + 1));
  if (!low || !high || *low < 0.1 || *high > 4 || *low > *high)
    throw UsageError("--scale: '" + text + "' is not MIN,MAX with 0.1 <= MIN <= MAX <= 4");
  return {static_cast<float>(*low), static_cast<float>(*high)};
}

// --augment switches on the Recommended distortions; each single flag switches
// augmentation on too and sets its own distortion (on top of the preset's or
// --augment's, else of none at all); --no-augment switches it off.
void apply_augmentation_flags(const Arguments& args, AugmentationSettings& augmentation) {
  if (args.has("augment")) augmentation = AugmentationSettings::recommended();
  const auto shift = args.number("shift", 0.0, 14.0);
  const auto rotation = args.number("rotate", 0.0, 180.0);
  const auto scale = args.text("scale");
  const auto shear = args.number("shear", 0.0, 2.0);
  const auto thickness = args.number("thickness", 0.0, 1.0);
  if (shift || rotation || scale || shear || thickness) {
    if (!augmentation.enabled) {
      augmentation = AugmentationSettings{};
      augmentation.enabled = true;
    }
    if (shift) augmentation.max_shift_px = static_cast<float>(*shift);
    if (rotation) augmentation.max_rotation_deg = static_cast<float>(*rotation);
    if (scale) std::tie(augmentation.min_scale, augmentation.max_scale) = parse_scale_range(*scale);
    if (shear) augmentation.max_shear = static_cast<float>(*shear);
    if (thickness) augmentation.thickness_probability = static_cast<float>(*thickness);
  }
  if (args.has("no-augment")) {
    if (args.has("augment") || shift || rotation || scale || shear || thickness)
      throw UsageError("--no-augment cannot be combined with --augment or a distortion flag");
    augmentation.enabled = false;
  }
}

}  // namespace

const std::vector<FlagSpec> kDataFlags = {
    {"data"},        {"train-images"}, {"train-labels"}, {"test-images"},
    {"test-labels"}, {"train-count"},  {"test-count"},   {"split-seed"}, {"image-folder"},
};

std::string data_flags_help() {
  return "Data (default: the OpenCV digits in " + default_digits_folder() + "):\n"
         "  --data DIR               an MNIST-layout folder (train-*/t10k-* IDX files, .gz or not);\n"
         "                           repeat to combine several into one training set\n"
         "  --image-folder DIR       images sorted into DIR/0/ .. DIR/9/ (PNG, JPEG, ...), each\n"
         "                           prepared as a drawing is; repeatable, combined with the above\n"
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
  const std::vector<std::string> folders = args.all("data");
  for (const std::string& folder : folders)
    if (folder.empty()) throw UsageError("--data needs a folder");
  if (!folders.empty()) {
    request.folder = folders.front();
    request.extra_folders.assign(folders.begin() + 1, folders.end());
  }
  const std::vector<std::string> image_folders = args.all("image-folder");
  for (const std::string& folder : image_folders)
    if (folder.empty()) throw UsageError("--image-folder needs a folder");
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

  // Decoded here, on the Qt side: the core that combines the sets has no image codecs.
  for (const std::string& folder : image_folders) request.extra_sets.push_back(load_image_folder(folder));

  if (!has_folder && !has_train && image_folders.empty()) {
    request.folder = default_digits_folder();
    std::error_code ec;
    if (!std::filesystem::is_directory(request.folder, ec))
      throw Error(request.folder + ": default digits not found; " + default_digits_hint() +
                  ", or pass --data DIR");
  }
  return request;
}

std::string describe_data(const DataRequest& request) {
  const auto folder_name = [](const std::string& folder) { return data_folder_label(folder); };
  std::string text;
  if (!request.folder.empty()) {
    text = folder_name(request.folder);
  } else if (!request.train_images.empty()) {
    text = request.train_images;
    if (!request.test_images.empty()) text += ", " + request.test_images;
  }
  for (const std::string& folder : request.extra_folders) text += (text.empty() ? "" : " + ") + folder_name(folder);
  for (const Dataset& set : request.extra_sets) text += (text.empty() ? "" : " + ") + set.source;
  return text;
}

const std::vector<FlagSpec> kRecipeFlags = {
    {"preset"},      {"hidden"},       {"layers"},       {"schedule"},      {"activation"},   {"learning-rate"}, {"iterations"},
    {"epochs"},      {"batch-size"},   {"optimizer"},    {"momentum"},      {"weight-decay"},
    {"init-scale"},  {"seed"},         {"shuffle-seed"}, {"eval-interval"},
    {"augment", false}, {"no-augment", false}, {"shift"}, {"rotate"}, {"scale"}, {"shear"}, {"thickness"},
};

std::string recipe_flags_help() {
  std::string text = "Recipe (a preset, then any overrides):\n";
  text += "  --preset NAME            one of: " + preset_names() + " (default seed)\n";
  for (const Preset& preset : presets()) text += "                             " + preset.name + ": " + preset.description + "\n";
  text +=
      "  --layers LIST            hidden layers, comma-separated (the 10-way softmax output is implied):\n"
      "                           denseN (N units), convF@K (F filters of KxK, K odd, 'same' padding),\n"
      "                           poolP (PxP max pooling), dropR (dropout at rate R while training);\n"
      "                           e.g. conv32@5,pool2,conv64@5,pool2,dense128 ('none': no hidden layer)\n"
      "  --hidden W[,W...]        shorthand for dense layers: --hidden 500,300 is --layers dense500,dense300\n"
      "  --activation NAME        tanh, relu or sigmoid\n"
      "  --optimizer NAME         gd, momentum or adam\n"
      "  --learning-rate R        step size (> 0); the peak when a schedule is used\n"
      "  --schedule NAME          learning rate over the run: constant, cosine or onecycle\n"
      "  --momentum M             velocity decay for momentum, in [0, 1)\n"
      "  --weight-decay D         L2 penalty (>= 0)\n"
      "  --iterations N           parameter updates\n"
      "  --epochs N               passes over the training set (overrides --iterations)\n"
      "  --batch-size N           digits per update (0 = full batch)\n"
      "  --init-scale S           std-dev of the initial weights (0 = fan-in scaled)\n"
      "  --seed S                 seed of the initial weights\n"
      "  --shuffle-seed S         seed of the mini-batch shuffle\n"
      "  --eval-interval N        accuracies every N iterations (0 = only at the end)\n"
      "\nAugmentation (random distortions of each training batch; test digits are never changed):\n"
      "  --augment                switch on the recommended distortions (shift 2.5 px, rotation 12 deg,\n"
      "                           scale 0.85-1.15, shear 0.25, thickness 0.5)\n"
      "  --no-augment             switch off a preset's augmentation\n"
      "  --shift PX               largest shift in pixels per axis (0 to 14)\n"
      "  --rotate DEG             largest rotation either way in degrees (0 to 180)\n"
      "  --scale MIN,MAX          range of the size factor, e.g. 0.85,1.15 (0.1 to 4)\n"
      "  --shear S                largest horizontal slant, x += S*y (0 to 2)\n"
      "  --thickness P            chance that a digit's strokes are thickened or thinned (0 to 1)\n"
      "  Each distortion flag also switches augmentation on, adding to --augment's or the preset's.\n";
  return text;
}

TrainingRecipe recipe_from(const Arguments& args, const std::optional<TrainingRecipe>& fallback) {
  TrainingRecipe recipe;
  if (fallback && !args.has("preset")) {
    recipe = *fallback;
  } else {
    const std::string preset_name = args.text_or("preset", "seed");
    const auto preset = find_preset(preset_name);
    if (!preset) throw UsageError("--preset: unknown preset '" + preset_name + "' (known: " + preset_names() + ")");
    recipe = preset->recipe;
  }
  TrainingSettings& training = recipe.training;
  OptimizerSettings& optimizer = training.optimizer;

  if (args.has("hidden") && args.has("layers")) throw UsageError("--hidden and --layers cannot be combined");
  if (const auto hidden = args.text("hidden")) recipe.architecture.layers = parse_hidden(*hidden);
  if (const auto layers = args.text("layers")) {
    try {
      recipe.architecture.layers = parse_layer_list(*layers);
    } catch (const Error& error) {
      throw UsageError("--layers: " + std::string(error.what()));
    }
  }
  if (const auto name = args.text("schedule")) {
    const auto schedule = parse_schedule(*name);
    if (!schedule) throw UsageError("--schedule: unknown schedule '" + *name + "' (constant, cosine, onecycle)");
    training.schedule = *schedule;
  }
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
  if (const auto rate = args.number("learning-rate", 0.0, 1e6, true)) optimizer.learning_rate = static_cast<float>(*rate);
  if (const auto momentum = args.number("momentum", 0.0, 0.999999)) optimizer.momentum = static_cast<float>(*momentum);
  if (const auto decay = args.number("weight-decay", 0.0, 1e6)) optimizer.weight_decay = static_cast<float>(*decay);
  // A float holds it, or it would become infinity.
  if (const auto scale = args.number("init-scale", 0.0, std::numeric_limits<float>::max()))
    recipe.init_scale = static_cast<float>(*scale);
  if (const auto seed = args.unsigned64("seed")) recipe.init_seed = *seed;
  if (const auto seed = args.unsigned64("shuffle-seed")) training.seed = *seed;
  if (const auto iterations = args.integer("iterations", 1, kMaxCount)) {
    training.iterations = *iterations;
    training.epochs = 0;  // an explicit iteration count wins over a preset's epochs
  }
  if (const auto epochs = args.integer("epochs", 1, kMaxCount)) training.epochs = *epochs;
  if (const auto batch = args.integer("batch-size", 0, kMaxCount)) training.batch_size = *batch;
  if (const auto interval = args.integer("eval-interval", 0, kMaxCount)) training.eval_interval = *interval;
  apply_augmentation_flags(args, training.augmentation);
  // Whether the layers fit a 28x28 digit is known only now: say so as a flag error.
  try {
    recipe.architecture.validate();
  } catch (const Error& error) {
    throw UsageError(std::string(args.has("hidden") ? "--hidden: " : "--layers: ") + error.what());
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

std::vector<FlagSpec> join_flags(std::initializer_list<const std::vector<FlagSpec>*> lists) {
  std::vector<FlagSpec> all;
  for (const auto* list : lists) all.insert(all.end(), list->begin(), list->end());
  return all;
}

}  // namespace digitpad::cli
