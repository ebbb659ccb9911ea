// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli predict: classifies image files with the same preprocessing the
// app's canvas uses, one tab-separated line per file.

#include "commands.h"
#include "ui/headless/images/digit_image.h"
#include "ui/headless/images/heat_map_image.h"
#include "ui/headless/images/png_file.h"
#include "app/shared/default_model.h"
#include "model_lookup.h"
#include "option_checks.h"
#include "predict_number.h"
#include "usage_error.h"

#include "core/data/dataset.h"
#include "core/image/preprocess.h"
#include "core/io/atomic_file.h"
#include "core/recognition/digit_classes.h"
#include "core/recognition/explanation.h"
#include "core/util/error.h"
#include "core/util/printable.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct PredictOptions {
  std::vector<std::string> images;
  std::optional<std::string> model, dump_input, explain;
  std::string polarity = "auto";
  int top = 1;
  bool number = false;
};

InkPolarity polarity_named(const std::string& name) {
  if (name == "dark-on-light") return InkPolarity::DarkOnLight;
  if (name == "light-on-dark") return InkPolarity::LightOnDark;
  return InkPolarity::Auto;
}

// Binary PGM, ink white on black as MNIST shows its digits.
std::string to_pgm(const Eigen::VectorXf& input) {
  std::string pgm = "P5\n" + std::to_string(kImageSide) + " " + std::to_string(kImageSide) + "\n255\n";
  for (Eigen::Index i = 0; i < input.size(); ++i)
    pgm += static_cast<char>(static_cast<unsigned char>(std::lround(std::clamp(input(i), 0.0f, 1.0f) * 255.0f)));
  return pgm;
}

// Each pixel of the --explain picture is this many pixels wide: 280x280.
constexpr int kExplainScale = 10;

// "7\t0.9812" (or "not-a-digit\t0.9645") plus the runners-up when asked for.
std::string ranked_candidates(const Eigen::VectorXf& probabilities, int top) {
  std::vector<int> order(static_cast<std::size_t>(probabilities.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return probabilities(a) > probabilities(b); });
  std::string line;
  const std::size_t shown = std::min(order.size(), static_cast<std::size_t>(top));
  for (std::size_t rank = 0; rank < shown; ++rank) {
    char text[48];
    std::snprintf(text, sizeof text, "%s%s\t%.4f", rank == 0 ? "" : "\t", class_name(order[rank]).c_str(),
                  static_cast<double>(probabilities(order[rank])));
    line += text;
  }
  return line;
}

int run_predict(const PredictOptions& options) {
  const std::vector<std::string>& images = options.images;
  const InkPolarity polarity = polarity_named(options.polarity);
  const int top = options.top;
  const std::optional<std::string>& dump_path = options.dump_input;
  if (dump_path && images.size() != 1) throw UsageError("--dump-input works with exactly one image");
  if (dump_path) check_writable(*dump_path);
  const std::optional<std::string>& explain_path = options.explain;
  if (explain_path && images.size() != 1) throw UsageError("--explain works with exactly one image");
  if (explain_path) check_writable(*explain_path);

  const std::string model_path = options.model ? *options.model : find_default_model();
  const Model model = load_digit_model(model_path);
  if (options.number)
    return naming_the_model(model_path, [&] { return predict_numbers(model.network, images, polarity); });

  bool all_read = true;
  for (const std::string& path : images) {
    // A bad file is reported and skipped, so one typo does not lose a batch's results.
    std::optional<Eigen::VectorXf> input;
    try {
      // A 28x28 image is MNIST's form and taken as it is, as --image-folder takes it.
      input = input_from_image_file(read_image_file(path), polarity);
    } catch (const Error& error) {
      std::fflush(stdout);
      std::fprintf(stderr, "digitpad-cli: %s\n", one_line(error.what()).c_str());
      all_read = false;
      continue;
    }
    if (!input) {
      std::printf("%s\tblank\t0\n", path.c_str());
      if (explain_path) {
        std::fflush(stdout);
        std::fprintf(stderr, "digitpad-cli: %s: no ink, so nothing to explain (%s not written)\n", path.c_str(),
                     explain_path->c_str());
        all_read = false;
      }
      continue;
    }
    if (dump_path) write_file_atomically(*dump_path, to_pgm(*input));
    const Eigen::MatrixXf probabilities =
        naming_the_model(model_path, [&] { return model.network.probabilities(*input); });
    std::printf("%s\t%s\n", path.c_str(), ranked_candidates(probabilities.col(0), top).c_str());
    if (explain_path)
      write_png_file(explanation_image(*input, explain_answer(model.network, *input), kExplainScale), *explain_path);
  }
  return all_read ? kExitOk : kExitFailure;
}

}  // namespace

CommandRun configure_predict(CLI::App& command) {
  auto options = std::make_shared<PredictOptions>();
  command.footer(
      "Classifies each image (any format Qt reads: PNG, JPEG, BMP, ...) and prints\n"
      "PATH<TAB>DIGIT<TAB>CONFIDENCE, or PATH<TAB>blank<TAB>0 for an image without ink.\n"
      "A model with a not-a-digit output prints PATH<TAB>not-a-digit<TAB>CONFIDENCE for a\n"
      "drawing it takes for no digit (a letter, a shape, a scribble).\n"
      "Unreadable images are reported on stderr; the others are still classified (exit 1).\n"
      "An image whose name starts with '-' goes after '--'.");
  // Not CLI::ExistingFile: a missing image is reported by the reader, named,
  // and the other images are still classified.
  command.add_option("IMAGE", options->images, "the images to classify")->type_name("FILE")->required();
  command.add_option("--model", options->model, "the model (default: the shipped default model)")
      ->type_name("FILE")
      ->check(not_empty());
  command
      .add_option("--polarity", options->polarity,
                  "ink and paper: auto (from the border), dark-on-light or light-on-dark")
      ->type_name("P")
      ->check(CLI::IsMember({"auto", "dark-on-light", "light-on-dark"}));
  command
      .add_option("--top", options->top,
                  "also print the next K-1 candidates as further DIGIT<TAB>CONFIDENCE columns\n"
                  "(not-a-digit among them for a model that has it; 1 to " +
                      std::to_string(kClassCount) + ")")
      ->type_name("K")
      ->transform(whole_number())
      ->check(CLI::Range(1, kClassCount).description(""));
  command
      .add_option("--dump-input", options->dump_input,
                  "write the 28x28 network input of the (single) image, for debugging")
      ->type_name("F.pgm")
      ->check(not_empty());
  command
      .add_option("--explain", options->explain,
                  "write a PNG of the (single) image's 28x28 input, 10x larger, with why it got its answer "
                  "over it:\nred: the ink that made it the answer; blue: the ink that looked like the "
                  "runner-up")
      ->type_name("OUT.png")
      ->check(not_empty());
  command
      .add_flag("--number", options->number,
                "read each image as a number (digits side by side, left to right): prints "
                "PATH<TAB>NUMBER<TAB>CONFIDENCE, the confidence being the least sure digit's;\n"
                "'?' in NUMBER marks a piece the model takes for no digit")
      ->excludes("--top")
      ->excludes("--dump-input")
      ->excludes("--explain");
  return [options] { return run_predict(*options); };
}

}  // namespace digitpad::cli
