// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli eval: a model's accuracy and confusion matrix on a labelled set.

#include "commands.h"
#include "json.h"
#include "app/shared/default_model.h"
#include "model_lookup.h"
#include "option_checks.h"
#include "usage_error.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "core/nn/evaluation.h"
#include "core/io/atomic_file.h"
#include "core/nn/network.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

// The usual 15 equal-width bins of the calibration literature (Guo et al. 2017).
constexpr int kCalibrationBins = 15;

struct EvalOptions {
  std::optional<std::string> model, data, images, labels, confusion;
  bool json = false;
};

// The --data folder's test pair (else its only pair), or the explicit pair.
Dataset load_evaluation_set(const EvalOptions& options) {
  if (options.data) return load_evaluation_pair(*options.data);
  return read_idx_pair(*options.images, *options.labels);
}

std::string confusion_csv(const ConfusionMatrix& confusion) {
  std::string csv = "true\\predicted";
  for (std::size_t digit = 0; digit < confusion.size(); ++digit) {
    csv += ",";
    csv += std::to_string(digit);
  }
  csv += "\n";
  for (std::size_t truth = 0; truth < confusion.size(); ++truth) {
    csv += std::to_string(truth);
    for (const int count : confusion[truth]) {
      csv += ",";
      csv += std::to_string(count);
    }
    csv += "\n";
  }
  return csv;
}

std::string confusion_json(const ConfusionMatrix& confusion) {
  std::string json = "[";
  for (std::size_t truth = 0; truth < confusion.size(); ++truth) {
    json += truth == 0 ? "[" : ",[";
    for (std::size_t predicted = 0; predicted < confusion[truth].size(); ++predicted) {
      if (predicted > 0) json += ",";
      json += std::to_string(confusion[truth][predicted]);
    }
    json += "]";
  }
  return json + "]";
}

void print_confusion(const ConfusionMatrix& confusion) {
  // Columns as wide as the largest count, so the matrix lines up.
  int largest = 0;
  for (const auto& row : confusion)
    for (const int count : row) largest = std::max(largest, count);
  const int width = std::max(static_cast<int>(std::to_string(largest).size()), 1) + 1;

  std::printf("confusion matrix (rows: true digit, columns: predicted%s)\n",
              confusion.size() > kClassCount ? "; 10 = not a digit" : "");
  std::printf("true");
  for (std::size_t digit = 0; digit < confusion.size(); ++digit) std::printf("%*zu", width, digit);
  std::printf("\n");
  for (std::size_t truth = 0; truth < confusion.size(); ++truth) {
    std::printf("%4zu", truth);
    for (const int count : confusion[truth]) std::printf("%*d", width, count);
    std::printf("\n");
  }
}

int run_eval(const EvalOptions& options) {
  if (!options.data && !options.images) throw UsageError("give --data DIR, or both --images and --labels");
  const std::optional<std::string>& confusion_path = options.confusion;
  if (confusion_path) check_writable(*confusion_path);  // before the evaluation, not after

  const Dataset data = load_evaluation_set(options);
  const std::string model_path = options.model ? *options.model : find_default_model();
  const Model model = load_digit_model(model_path);

  // The one evaluation, as the app's Mistakes window makes it.
  const EvaluationReport report = naming_the_model(model_path, [&] { return evaluate_model(model.network, data); });
  const ConfusionMatrix& confusion = report.confusion;
  const int correct = report.correct;
  const int count = report.count();
  const double accuracy = count > 0 ? static_cast<double>(correct) / count : 0.0;

  if (confusion_path) write_file_atomically(*confusion_path, confusion_csv(confusion));

  if (options.json) {
    JsonObject object;
    object.add("accuracy", accuracy)
        .add("count", count)
        .add("calibration", static_cast<double>(report.calibration_error(kCalibrationBins)))
        .add_raw("confusion", confusion_json(confusion));
    std::printf("%s\n", object.str().c_str());
  } else {
    std::printf("model     %s\n", model_path.c_str());
    std::printf("data      %s\n", data.source.c_str());
    std::printf("accuracy  %.2f%% (%d of %d)\n", accuracy * 100.0, correct, count);
    std::printf("calibration error  %.2f%% (%d bins: how far the printed confidence is from the share right)\n\n",
                100.0 * static_cast<double>(report.calibration_error(kCalibrationBins)), kCalibrationBins);
    print_confusion(confusion);
  }
  return kExitOk;
}

}  // namespace

CommandRun configure_eval(CLI::App& command) {
  auto options = std::make_shared<EvalOptions>();
  command.footer(
      "Accuracy of a model on a labelled set, and its confusion matrix (rows: true digit,\n"
      "columns: predicted digit).");
  command.add_option("--model", options->model, "the model (default: the shipped default model)")
      ->type_name("FILE")
      ->check(not_empty());
  CLI::Option* data =
      command.add_option("--data", options->data, "an MNIST-layout folder: its t10k-* test pair, or its only pair")
          ->type_name("DIR")
          ->check(not_empty());
  CLI::Option* images = command.add_option("--images", options->images, "an explicit IDX pair: the images")
                            ->type_name("FILE")
                            ->check(not_empty());
  CLI::Option* labels =
      command.add_option("--labels", options->labels, "... and their labels")->type_name("FILE")->check(not_empty());
  images->needs(labels);
  labels->needs(images);
  data->excludes(images)->excludes(labels);
  command.add_flag("--json", options->json,
                   "print {\"accuracy\", \"count\", \"calibration\", \"confusion\"} as one JSON object\n"
                   "(calibration: the 15-bin expected calibration error, a fraction)");
  command.add_option("--confusion", options->confusion, "also write the confusion matrix as CSV")
      ->type_name("FILE.csv")
      ->check(not_empty());
  return [options] { return run_eval(*options); };
}

}  // namespace digitpad::cli
