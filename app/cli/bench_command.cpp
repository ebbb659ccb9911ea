// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli bench: how long one training iteration takes for a given recipe
// and data, as the median over several runs (the first iterations of each run
// are a warm-up: page faults, allocator growth, thread start-up).

#include "commands.h"
#include "data_options.h"
#include "json.h"
#include "app/shared/default_model.h"
#include "model_lookup.h"
#include "option_checks.h"
#include "recipe_options.h"
#include "usage_error.h"

#include "core/data/training_data.h"
#include "ui/headless/images/digit_image.h"
#include "core/nn/network.h"
#include "core/nn/trainer.h"
#include "core/recognition/explanation.h"
#include "core/util/error.h"
#include "core/util/parallel_for.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct BenchOptions {
  DataOptions data;
  RecipeOptions recipe;  // its --iterations is the timed iterations per run
  std::optional<int> warmup, repeats;
  std::optional<std::string> predict, explain, model;
  bool json = false, quiet = false;
};

constexpr int kMaxTimed = 1'000'000;
constexpr int kMaxTrainingRuns = 10'000;

// Milliseconds per iteration over iterations warmup+1 .. warmup+timed of one
// run. Timestamps come from the progress callback, which runs after each
// update; the run is cancelled as soon as the last timed iteration reports, so
// the final accuracy evaluation is never part of a measurement.
double time_one_run(const TrainingRecipe& recipe, const TrainTestSplit& data, int warmup, int timed) {
  using Clock = std::chrono::steady_clock;
  Network network(recipe.architecture, recipe.init_scale, recipe.init_seed);
  TrainingSettings settings = recipe.training;
  settings.epochs = 0;
  settings.iterations = warmup + timed + 1;
  settings.eval_interval = 0;

  TrainingControl control;
  Clock::time_point start = Clock::now(), stop = start;
  const auto on_progress = [&](const TrainingProgress& progress) {
    if (progress.iteration == warmup) start = Clock::now();
    if (progress.iteration == warmup + timed) {
      stop = Clock::now();
      control.cancel();
    }
  };
  if (warmup == 0) start = Clock::now();
  // No test set: nothing but the training iterations should be timed.
  const TrainingResult result = train(network, data.train, Dataset{}, settings, on_progress, &control);
  if (result.status == TrainingStatus::Diverged)
    throw Error("the benchmark run diverged (" + result.message + "); lower --learning-rate");
  return std::chrono::duration<double, std::milli>(stop - start).count() / timed;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

// --predict: what one live prediction costs, preprocessing and forward pass
// of one digit, timed one prediction at a time. --explain: the same with the
// "Why?" heat map (explain_answer: one batched pass over the occluded copies,
// which includes the prediction itself), as the app computes it per stroke.
int bench_prediction(const BenchOptions& options, const std::string& image_path, bool explain) {
  using Clock = std::chrono::steady_clock;
  const int repeats = options.repeats.value_or(200);
  const int warmup = options.warmup.value_or(10);
  const std::string model_path = options.model ? *options.model : find_default_model();
  const Model model = load_digit_model(model_path);
  const QImage image = read_image_file(image_path);
  std::vector<double> times;
  ForwardCache scratch;  // as the app keeps one between strokes
  for (int run = 0; run < warmup + repeats; ++run) {
    const Clock::time_point start = Clock::now();
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(image, InkPolarity::Auto);
    if (!input) throw Error(image_path + ": no ink found (a blank image cannot be predicted)");
    if (explain)
      explain_answer(model.network, *input, scratch);
    else
      model.network.probabilities(*input);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (run >= warmup) times.push_back(ms);
  }
  const double median = median_of(times);
  const auto [low, high] = std::minmax_element(times.begin(), times.end());
  const std::string unit = explain ? "heat_map" : "prediction";
  if (options.json) {
    JsonObject object;
    object.add("ms_per_" + unit + "_median", median)
        .add("ms_per_" + unit + "_min", *low)
        .add("ms_per_" + unit + "_max", *high)
        .add("repeats", repeats)
        .add("model", model_path)
        .add("architecture", architecture_text(model.network.architecture()));
    std::printf("%s\n", object.str().c_str());
  } else {
    const std::string plural = explain ? "heat maps" : "predictions";
    std::printf("%.3f ms/%s median (min %.3f, max %.3f) over %d %s; %s (%s)\n", median,
                explain ? "heat map" : "prediction", *low, *high, repeats, plural.c_str(), model_path.c_str(),
                architecture_text(model.network.architecture()).c_str());
  }
  return kExitOk;
}

int run_bench(const BenchOptions& options) {
  if (options.predict) return bench_prediction(options, *options.predict, false);
  if (options.model && !options.explain) throw UsageError("--model requires --predict or --explain");
  if (options.explain) return bench_prediction(options, *options.explain, true);

  const TrainingRecipe recipe = recipe_from(options.recipe);
  const int timed = options.recipe.iterations.value_or(20);
  const int warmup = options.warmup.value_or(2);
  const int repeats = options.repeats.value_or(5);
  if (repeats > kMaxTrainingRuns)
    throw UsageError("--repeats: " + std::to_string(repeats) + " training runs are more than " +
                     std::to_string(kMaxTrainingRuns));
  const bool quiet = options.quiet;
  const DataRequest request = data_request_from(options.data);

  recipe.architecture.validate();
  const TrainTestSplit data = load_training_data(request);
  if (!quiet)
    std::fprintf(stderr, "bench: %s on %d digits, %d runs of %d+%d iterations, %d threads\n",
                 summarize(recipe, data.train.count()).c_str(), data.train.count(), repeats, warmup, timed,
                 parallel_part_count());

  std::vector<double> runs;
  for (int run = 0; run < repeats; ++run) {
    runs.push_back(time_one_run(recipe, data, warmup, timed));
    if (!quiet) std::fprintf(stderr, "run %d/%d: %.2f ms/iteration\n", run + 1, repeats, runs.back());
  }

  std::vector<double> sorted = runs;
  std::sort(sorted.begin(), sorted.end());
  const double median = median_of(runs);

  if (options.json) {
    std::string runs_json = "[";
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (i > 0) runs_json += ",";
      runs_json += json_number(runs[i]);
    }
    runs_json += "]";
    JsonObject object;
    object.add("ms_per_iteration_median", median)
        .add("ms_per_iteration_min", sorted.front())
        .add("ms_per_iteration_max", sorted.back())
        .add_raw("runs", runs_json)
        .add("iterations", timed)
        .add("warmup", warmup)
        .add("train_count", data.train.count())
        .add("recipe", summarize(recipe, data.train.count()))
        .add("threads", parallel_part_count());
    std::printf("%s\n", object.str().c_str());
  } else {
    std::printf("%.2f ms/iteration median (min %.2f, max %.2f) over %d runs of %d iterations, %d threads\n", median,
                sorted.front(), sorted.back(), repeats, timed, parallel_part_count());
  }
  return kExitOk;
}

// A whole-number option of the "Timing" group, in [min, kMaxTimed].
CLI::Option* add_timing_count(CLI::App& command, const std::string& name, std::optional<int>& value, int min,
                              const std::string& help) {
  return command.add_option(name, value, help)
      ->type_name("N")
      ->transform(whole_number())
      ->check(CLI::Range(min, kMaxTimed).description(""))
      ->group("Timing");
}

}  // namespace

CommandRun configure_bench(CLI::App& command) {
  auto options = std::make_shared<BenchOptions>();
  command.footer(
      "Times training iterations: R runs from the same initial weights, each of W untimed\n"
      "warm-up iterations then N timed ones; prints the median (and min/max) ms per iteration.\n"
      "With --predict IMAGE [--model FILE]: times one canvas prediction instead, as the app makes\n"
      "it while you draw (the shared preprocessing of IMAGE, already decoded, then a forward pass\n"
      "of that one digit), R times (default 200) after W untimed ones (default 10).\n"
      "With --explain IMAGE [--model FILE]: the same for the \"Why?\" heat map of IMAGE.");
  add_timing_count(command, "--warmup", options->warmup, 0, "untimed iterations first (default 2)");
  add_timing_count(command, "--repeats", options->repeats, 1, "runs (default 5, at most 10000)");
  CLI::Option* predict =
      command.add_option("--predict", options->predict, "time one canvas prediction of IMAGE instead")
          ->type_name("IMAGE")
          ->check(not_empty())
          ->group("Timing");
  command.add_option("--explain", options->explain, "time one \"Why?\" heat map of IMAGE instead")
      ->type_name("IMAGE")
      ->check(not_empty())
      ->excludes(predict)
      ->group("Timing");
  command.add_option("--model", options->model, "the model for --predict or --explain (default: the shipped model)")
      ->type_name("FILE")
      ->check(not_empty())
      ->group("Timing");
  command.add_flag("--json", options->json, "print one JSON object")->group("Timing");
  command.add_flag("--quiet", options->quiet, "no per-run lines on stderr")->group("Timing");
  add_data_options(command, options->data);
  // The recipe's --iterations, counted and bounded as the timed iterations per run.
  add_recipe_options(command, options->recipe);
  command.get_option("--iterations")
      ->description("timed iterations per run (default 20)")
      ->check(CLI::Range(1, kMaxTimed).description(""))
      ->group("Timing");
  // A timed run is a fixed number of iterations: say so rather than "not expected".
  // (Not hidden: CLI11 names a hidden option's errors with an empty name.)
  command.get_option("--epochs")
      ->description("not for bench: a timed run counts --iterations")
      ->check(CLI::Validator(
          [](const std::string&) { return std::string("does not apply to bench (use --iterations)"); }, ""))
      ->group("Timing");
  return [options] { return run_bench(*options); };
}

}  // namespace digitpad::cli
