// digitpad-cli eval: a model's accuracy and confusion matrix on a labelled set.

#include "arguments.h"
#include "commands.h"
#include "json.h"
#include "default_model.h"
#include "model_lookup.h"

#include "data/dataset.h"
#include "data/idx_file.h"
#include "data/mnist_folder.h"
#include "nn/evaluation.h"
#include "io/atomic_file.h"
#include "nn/network.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kEvalFlags = {
    {"model"}, {"data"}, {"images"}, {"labels"}, {"confusion"}, {"json", false}, {"help", false},
};

constexpr const char* kUsage =
    "Usage: digitpad-cli eval [--model FILE] (--data DIR | --images F --labels F) [--json] [--confusion FILE.csv]\n\n"
    "Accuracy of a model on a labelled set, and its confusion matrix (rows: true digit,\n"
    "columns: predicted digit).\n\n"
    "  --model FILE        the model (default: the shipped default model)\n"
    "  --data DIR          an MNIST-layout folder: its t10k-* test pair, or its only pair\n"
    "  --images F --labels F\n"
    "                      an explicit IDX pair\n"
    "  --json              print {\"accuracy\", \"count\", \"confusion\"} as one JSON object\n"
    "  --confusion FILE    also write the confusion matrix as CSV\n";

Dataset load_evaluation_set(const Arguments& args) {
  const std::string folder = args.text_or("data", "");
  const std::string images = args.text_or("images", "");
  const std::string labels = args.text_or("labels", "");
  if (!folder.empty() && (!images.empty() || !labels.empty()))
    throw UsageError("--data cannot be combined with --images/--labels");
  if (!folder.empty()) return load_evaluation_pair(folder);  // the test pair, else the only pair
  if (images.empty() || labels.empty()) throw UsageError("give --data DIR, or both --images and --labels");
  return read_idx_pair(images, labels);
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

  std::printf("confusion matrix (rows: true digit, columns: predicted)\n");
  std::printf("true");
  for (std::size_t digit = 0; digit < confusion.size(); ++digit) std::printf("%*zu", width, digit);
  std::printf("\n");
  for (std::size_t truth = 0; truth < confusion.size(); ++truth) {
    std::printf("%4zu", truth);
    for (const int count : confusion[truth]) std::printf("%*d", width, count);
    std::printf("\n");
  }
}

}  // namespace

int run_eval(std::span<const std::string> raw_args) {
  const Arguments args = Arguments::parse(raw_args, kEvalFlags);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  const std::optional<std::string> confusion_path = args.text("confusion");
  if (confusion_path && confusion_path->empty()) throw UsageError("--confusion needs a file name");
  if (confusion_path) check_writable(*confusion_path);  // before the evaluation, not after

  const Dataset data = load_evaluation_set(args);
  const std::string model_path = args.has("model") ? *args.text("model") : find_default_model();
  const Model model = load_digit_model(model_path);

  // The one evaluation, as the app's Mistakes window makes it.
  const EvaluationReport report = evaluate_model(model.network, data);
  const ConfusionMatrix& confusion = report.confusion;
  const int correct = report.correct;
  const int count = report.count();
  const double accuracy = count > 0 ? static_cast<double>(correct) / count : 0.0;

  if (confusion_path) write_file_atomically(*confusion_path, confusion_csv(confusion));

  if (args.has("json")) {
    JsonObject object;
    object.add("accuracy", accuracy).add("count", count).add_raw("confusion", confusion_json(confusion));
    std::printf("%s\n", object.str().c_str());
  } else {
    std::printf("model     %s\n", model_path.c_str());
    std::printf("data      %s\n", data.source.c_str());
    std::printf("accuracy  %.2f%% (%d of %d)\n\n", accuracy * 100.0, correct, count);
    print_confusion(confusion);
  }
  return kExitOk;
}

}  // namespace digitpad::cli
