// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli train: loads data, trains a network from a preset plus
// overrides, shows progress, and optionally saves the model and a history CSV.

#include "commands.h"
#include "interrupt_flag.h"
#include "data_options.h"
#include "ui/headless/images/image_folder_dataset.h"
#include "ui/headless/store/my_digits_changes.h"
#include "json.h"
#include "option_checks.h"
#include "progress_bar.h"
#include "recipe_options.h"

#include "core/data/mnist_folder.h"
#include "core/data/oversample.h"
#include "core/data/training_data.h"
#include "core/data/my_digits_store.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/training_metadata.h"
#include "core/nn/fine_tune.h"
#include "core/nn/network.h"
#include "core/nn/trainer.h"
#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct TrainOptions {
  DataOptions data;
  RecipeOptions recipe;
  std::optional<std::string> init_model, my_digits, out, name, history;
  std::optional<double> my_digits_share;
  double not_a_digit_margin = 0;
  bool json = false, quiet = false;
};

struct HistoryRow {
  int iteration = 0;
  float cost = 0;
  std::optional<float> train_accuracy, test_accuracy, test_cost;
};

std::string cell(const std::optional<float>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", static_cast<double>(*value));
  return text;
}

std::string history_csv(const std::vector<HistoryRow>& rows) {
  std::string csv = "iteration,cost,train_accuracy,test_accuracy,test_cost\n";
  for (const HistoryRow& row : rows)
    csv += std::to_string(row.iteration) + "," + cell(row.cost) + "," + cell(row.train_accuracy) + "," +
           cell(row.test_accuracy) + "," + cell(row.test_cost) + "\n";
  return csv;
}

std::string status_name(TrainingStatus status) {
  switch (status) {
    case TrainingStatus::Finished: return "finished";
    case TrainingStatus::Cancelled: return "cancelled";
    case TrainingStatus::Diverged: return "diverged";
  }
  return "unknown";
}

std::string percent(float fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", static_cast<double>(fraction) * 100.0);
  return text;
}

// The user's own digits: an MNIST-layout folder (the app's my-digits), or
// images sorted into 0/ .. 9/.
Dataset load_my_digits(const std::string& dir) {
  std::error_code ec;
  for (int label = 0; label < kClassCount; ++label)
    if (std::filesystem::is_directory(std::filesystem::path(dir) / std::to_string(label), ec))
      return load_image_folder(dir);
  // The app's my-digits folder is read as the app would, also mid-save, and
  // under its lock, so not halfway through a window's change (which would
  // train on a pair whose images and labels disagree).
  return read_my_digits_whole(dir);
}

int run_train(const TrainOptions& options) {
  // Fine-tuning keeps the model's own shape; its weights are the starting point.
  std::optional<Model> initial;
  if (const auto& init = options.init_model) {
    initial = load_model(*init);
    if (const auto problem = digit_model_problem(initial->network.architecture()))
      throw Error(*init + ": " + *problem);
  }
  TrainingRecipe recipe = initial ? recipe_from(options.recipe, fine_tune_recipe(initial->network.architecture()))
                                  : recipe_from(options.recipe);
  const DataRequest request = data_request_from(options.data);
  const std::optional<std::string>& my_digits = options.my_digits;
  const double my_digits_share = options.my_digits_share.value_or(kMyDigitShare);
  const std::optional<std::string>& out = options.out;
  const std::optional<std::string>& history_path = options.history;
  // Every output is checked before the data is even loaded: a run of hours
  // must not end in "cannot write".
  if (out) check_writable(*out);
  if (history_path) check_writable(*history_path);
  const bool json = options.json;
  const bool quiet = options.quiet;

  recipe.architecture.validate();
  TrainTestSplit data = load_training_data(request);
  if (my_digits) data.train = oversample_into(data.train, load_my_digits(*my_digits), my_digits_share);
  recipe.architecture.outputs = fit_classes(data, initial ? &initial->network.architecture() : nullptr);
  Network network =
      initial ? std::move(initial->network) : Network(recipe.architecture, recipe.init_scale, recipe.init_seed);

  const ProgressBar::Style style = ProgressBar::style_for(stderr, quiet);
  // From here on Ctrl+C only raises the flag (before the first line is
  // printed, so whoever sees it can interrupt cleanly); the progress callback,
  // on the training thread, then cancels and the run ends with status 130.
  const InterruptFlag interrupt;
  if (style != ProgressBar::Style::Off)
    std::fprintf(stderr, "training %s on %d digits (%d test), %lld iterations\n",
                 summarize(recipe, data.train.count()).c_str(), data.train.count(), data.test.count(),
                 static_cast<long long>(recipe.training.total_iterations(data.train.count())));
  ProgressBar bar(style);
  std::vector<HistoryRow> history;
  TrainingControl control;
  // Seen inside an iteration too, not only when the next progress report comes.
  control.cancel_when(interrupt.flag());
  const auto on_progress = [&](const TrainingProgress& progress) {
    history.push_back(
        {progress.iteration, progress.cost, progress.train_accuracy, progress.test_accuracy, progress.test_cost});
    bar.update(progress);
    if (interrupt.raised()) control.cancel();
  };
  const TrainingResult result = train(network, data.train, data.test, recipe.training, on_progress, &control);
  bar.finish();

  // The model first, the extras after: a failing history write must not
  // cost a finished run.
  const bool finished = result.status == TrainingStatus::Finished;
  if (options.not_a_digit_margin > 0) lower_not_a_digit(network, static_cast<float>(options.not_a_digit_margin));
  if (finished && out) {
    const std::string name = options.name.value_or(std::filesystem::path(*out).stem().string());
    std::string dataset = describe_data(request);
    if (my_digits) dataset += " + " + *my_digits + " (oversampled)";
    ModelInfo info = training_metadata(name, recipe, dataset, data.train.count(), data.test.count(), result);
    if (options.init_model) info.hyperparameters.emplace_back("fine_tuned_from", *options.init_model);
    if (options.not_a_digit_margin > 0)
      info.hyperparameters.emplace_back("not_a_digit_margin", std::to_string(options.not_a_digit_margin));
    save_model(*out, network, info);
  }
  // The history records whatever ran, also for a stopped or diverged run.
  if (history_path) {
    try {
      write_file_atomically(*history_path, history_csv(history));
    } catch (const Error& error) {
      throw Error(std::string(error.what()) + (finished && out ? "; the model was saved to " + *out : ""));
    }
  }

  const double ms_per_iteration = result.iterations > 0 ? result.seconds * 1000.0 / result.iterations : 0.0;
  if (json) {
    JsonObject object;
    object.add("train_accuracy", static_cast<double>(result.train_accuracy))
        .add("test_accuracy", static_cast<double>(result.test_accuracy))
        .add("final_cost", static_cast<double>(result.final_cost))
        .add("iterations", result.iterations)
        .add("seconds", result.seconds)
        .add("ms_per_iteration", ms_per_iteration)
        .add("status", status_name(result.status));
    if (finished && out) object.add("model", *out);
    std::printf("%s\n", object.str().c_str());
  } else if (finished) {
    std::printf("train accuracy  %s (%d digits)\n", percent(result.train_accuracy).c_str(), data.train.count());
    if (!data.test.empty())
      std::printf("test accuracy   %s (%d digits)\n", percent(result.test_accuracy).c_str(), data.test.count());
    std::printf("final cost      %.4f\n", static_cast<double>(result.final_cost));
    std::printf("iterations      %d in %.1f s (%.1f ms/iteration)\n", result.iterations, result.seconds,
                ms_per_iteration);
    if (out) std::printf("model           %s\n", out->c_str());
  }
  std::fflush(stdout);

  const char* not_saved = out ? "; no model written" : "";
  switch (result.status) {
    case TrainingStatus::Finished: return kExitOk;
    case TrainingStatus::Cancelled:
      std::fprintf(stderr, "digitpad-cli: training cancelled after %d iterations%s\n", result.iterations, not_saved);
      return kExitInterrupted;
    case TrainingStatus::Diverged: {
      std::string message =
          result.message.empty() ? "training diverged (the cost became NaN or infinite)" : result.message;
      if (message.ends_with('.')) message.pop_back();  // the suffix below continues the sentence
      std::fprintf(stderr, "digitpad-cli: %s%s\n", message.c_str(), not_saved);
      return kExitFailure;
    }
  }
  return kExitFailure;
}

}  // namespace

CommandRun configure_train(CLI::App& command) {
  auto options = std::make_shared<TrainOptions>();
  command.footer(
      "Trains a digit classifier and reports its accuracy. Ctrl+C stops the run (exit 130,\n"
      "nothing saved).");
  add_data_options(command, options->data);
  add_recipe_options(command, options->recipe);

  const std::string fine_tuning = "Fine-tuning";
  command
      .add_option("--init-model", options->init_model,
                  "start from this model's weights and shape instead of new ones\n"
                  "(without --preset the recipe is fine-tuning's: Adam 0.001 falling\n"
                  "to 0 along a cosine, batches of 128, 8 epochs; the network keeps the\n"
                  "model's shape, so --hidden, --layers and --activation are refused)")
      ->type_name("FILE")
      ->check(not_empty())
      ->excludes("--hidden")
      ->excludes("--layers")
      ->excludes("--activation")
      ->group(fine_tuning);
  CLI::Option* my_digits = command
                               .add_option("--my-digits", options->my_digits,
                                           "your own digits: an MNIST-layout folder (e.g. the app's my-digits)\n"
                                           "or images in DIR/0/ .. DIR/9/, repeated so they make up\n"
                                           "--my-digits-share of the training digits; never part of the test set")
                               ->type_name("DIR")
                               ->check(not_empty())
                               ->group(fine_tuning);
  command
      .add_option("--my-digits-share", options->my_digits_share,
                  "that share, 0 < R < 1 (default 0.05, the app's: nn/fine_tune.h)")
      ->type_name("R")
      ->check(real_number(0.0, 1.0, Excluding::kBoth))
      ->needs(my_digits)
      ->group(fine_tuning);

  command
      .add_option("--not-a-digit-margin", options->not_a_digit_margin,
                  "after training, make 'not a digit' D less likely in log-odds (its output's\n"
                  "bias lowered by D): a threshold chosen on held-out digits (default 0)")
      ->type_name("D")
      ->check(real_number(0.0, 20.0));

  const std::string output = "Output";
  command.add_option("--out", options->out, "save the trained model (not written if the run is stopped or diverges)")
      ->type_name("FILE")
      ->check(not_empty())
      ->group(output);
  command.add_option("--name", options->name, "the model's display name (default: FILE's name without extension)")
      ->type_name("NAME")
      ->group(output);
  command.add_option("--history", options->history, "per-iteration cost and accuracies as CSV")
      ->type_name("FILE.csv")
      ->check(not_empty())
      ->group(output);
  command.add_flag("--json", options->json, "print one JSON object with the results instead of the summary")
      ->group(output);
  command.add_flag("--quiet", options->quiet, "no progress on stderr")->group(output);
  return [options] { return run_train(*options); };
}

}  // namespace digitpad::cli
