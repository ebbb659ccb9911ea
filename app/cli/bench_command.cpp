// digitpad-cli bench: how long one training iteration takes for a given recipe
// and data, as the median over several runs (the first iterations of each run
// are a warm-up: page faults, allocator growth, thread start-up).

#include "arguments.h"
#include "commands.h"
#include "json.h"
#include "default_model.h"
#include "model_lookup.h"
#include "training_options.h"

#include "data/training_data.h"
#include "qtimage/digit_image.h"
#include "nn/network.h"
#include "nn/trainer.h"
#include "util/error.h"
#include "util/parallel_for.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kBenchOwnFlags = {
    {"warmup"}, {"repeats"}, {"json", false}, {"quiet", false}, {"help", false}, {"predict"}, {"model"},
};

std::string usage() {
  return "Usage: digitpad-cli bench [DATA] [RECIPE] [--iterations N] [--warmup W] [--repeats R] [--json]\n"
         "       digitpad-cli bench --predict IMAGE [--model FILE] [--repeats R] [--json]\n\n"
         "Times training iterations: R runs from the same initial weights, each of W untimed\n"
         "warm-up iterations then N timed ones; prints the median (and min/max) ms per iteration.\n\n"
         "  --iterations N           timed iterations per run (default 20)\n"
         "  --warmup W               untimed iterations first (default 2)\n"
         "  --repeats R              runs (default 5)\n"
         "  --json                   print one JSON object\n"
         "  --predict IMAGE          instead: time one canvas prediction, as the app makes it while you\n"
         "                           draw (the shared preprocessing of IMAGE, already decoded, then a\n"
         "                           forward pass of that one digit), R times (default 200) after W\n"
         "                           untimed ones; prints the median (and min/max) ms per prediction\n"
         "  --model FILE             the model for --predict (default: the shipped model)\n"
         "  --quiet                  no per-run lines on stderr\n\n" +
         data_flags_help() + "\n" + recipe_flags_help();
}

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
// of one digit, timed one prediction at a time.
int bench_prediction(const Arguments& args, const std::string& image_path) {
  using Clock = std::chrono::steady_clock;
  const int repeats = args.integer("repeats", 1, 1000000).value_or(200);
  const int warmup = args.integer("warmup", 0, 1000000).value_or(10);
  const std::string model_path = args.has("model") ? *args.text("model") : find_default_model();
  const Model model = load_digit_model(model_path);
  const QImage image = read_image_file(image_path);
  std::vector<double> times;
  for (int run = 0; run < warmup + repeats; ++run) {
    const Clock::time_point start = Clock::now();
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(image, InkPolarity::Auto);
    if (!input) throw Error(image_path + ": no ink found (a blank image cannot be predicted)");
    const Eigen::MatrixXf probabilities = model.network.probabilities(*input);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (run >= warmup) times.push_back(ms);
  }
  const double median = median_of(times);
  const auto [low, high] = std::minmax_element(times.begin(), times.end());
  if (args.has("json")) {
    JsonObject object;
    object.add("ms_per_prediction_median", median)
        .add("ms_per_prediction_min", *low)
        .add("ms_per_prediction_max", *high)
        .add("repeats", repeats)
        .add("model", model_path)
        .add("architecture", architecture_text(model.network.architecture()));
    std::printf("%s\n", object.str().c_str());
  } else {
    std::printf("%.3f ms/prediction median (min %.3f, max %.3f) over %d predictions; %s (%s)\n", median, *low,
                *high, repeats, model_path.c_str(), architecture_text(model.network.architecture()).c_str());
  }
  return kExitOk;
}

}  // namespace

int run_bench(std::span<const std::string> raw_args) {
  const auto flags = join_flags({&kDataFlags, &kRecipeFlags, &kBenchOwnFlags});
  const Arguments args = Arguments::parse(raw_args, flags);
  if (args.has("help")) {
    std::fputs(usage().c_str(), stdout);
    return kExitOk;
  }
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  if (args.has("epochs")) throw UsageError("--epochs does not apply to bench (use --iterations)");
  if (const auto image = args.text("predict")) {
    if (image->empty()) throw UsageError("--predict needs an image file");
    return bench_prediction(args, *image);
  }
  if (args.has("model")) throw UsageError("--model applies only to --predict");

  const TrainingRecipe recipe = recipe_from(args);
  const int timed = args.integer("iterations", 1, 1000000).value_or(20);
  const int warmup = args.integer("warmup", 0, 1000000).value_or(2);
  const int repeats = args.integer("repeats", 1, 10000).value_or(5);
  const bool quiet = args.has("quiet");
  const DataRequest request = data_request_from(args);

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

  if (args.has("json")) {
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
    std::printf("%.2f ms/iteration median (min %.2f, max %.2f) over %d runs of %d iterations, %d threads\n",
                median, sorted.front(), sorted.back(), repeats, timed, parallel_part_count());
  }
  return kExitOk;
}

}  // namespace digitpad::cli
