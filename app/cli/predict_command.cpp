// digitpad-cli predict: classifies image files with the same preprocessing the
// app's canvas uses, one tab-separated line per file.

#include "arguments.h"
#include "commands.h"
#include "qtimage/digit_image.h"
#include "default_model.h"
#include "model_lookup.h"
#include "predict_number.h"

#include "data/dataset.h"
#include "image/preprocess.h"
#include "io/atomic_file.h"
#include "util/error.h"
#include "util/printable.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kPredictFlags = {
    {"model"}, {"polarity"}, {"top"}, {"dump-input"}, {"number", false}, {"help", false},
};

constexpr const char* kUsage =
    "Usage: digitpad-cli predict [--model FILE] [--polarity P] [--top K | --number] IMAGE...\n\n"
    "Classifies each image (any format Qt reads: PNG, JPEG, BMP, ...) and prints\n"
    "PATH<TAB>DIGIT<TAB>CONFIDENCE, or PATH<TAB>blank<TAB>0 for an image without ink.\n"
    "Unreadable images are reported on stderr; the others are still classified (exit 1).\n\n"
    "  --model FILE        the model (default: the shipped default model)\n"
    "  --polarity P        auto (from the border), dark-on-light or light-on-dark (default auto)\n"
    "  --top K             also print the next K-1 candidates as further DIGIT<TAB>CONFIDENCE columns\n"
    "  --dump-input F.pgm  write the 28x28 network input of the (single) image, for debugging\n"
    "  --number            read each image as a number (digits side by side): prints\n"
    "                      PATH<TAB>NUMBER<TAB>CONFIDENCE, the least sure digit's probability;\n"
    "                      an image without ink is an error\n";

InkPolarity parse_polarity(const std::string& text) {
  if (text == "auto") return InkPolarity::Auto;
  if (text == "dark-on-light") return InkPolarity::DarkOnLight;
  if (text == "light-on-dark") return InkPolarity::LightOnDark;
  throw UsageError("--polarity: unknown polarity '" + text + "' (auto, dark-on-light, light-on-dark)");
}

// Binary PGM, ink white on black as MNIST shows its digits.
std::string to_pgm(const Eigen::VectorXf& input) {
  std::string pgm = "P5\n" + std::to_string(kImageSide) + " " + std::to_string(kImageSide) + "\n255\n";
  for (Eigen::Index i = 0; i < input.size(); ++i)
    pgm += static_cast<char>(static_cast<unsigned char>(std::lround(std::clamp(input(i), 0.0f, 1.0f) * 255.0f)));
  return pgm;
}

// "7\t0.9812" plus the runners-up when asked for.
std::string ranked_candidates(const Eigen::VectorXf& probabilities, int top) {
  std::vector<int> order(static_cast<std::size_t>(probabilities.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return probabilities(a) > probabilities(b); });
  std::string line;
  const std::size_t shown = std::min(order.size(), static_cast<std::size_t>(top));
  for (std::size_t rank = 0; rank < shown; ++rank) {
    char text[48];
    std::snprintf(text, sizeof text, "%s%d\t%.4f", rank == 0 ? "" : "\t", order[rank],
                  static_cast<double>(probabilities(order[rank])));
    line += text;
  }
  return line;
}

}  // namespace

int run_predict(std::span<const std::string> raw_args) {
  const Arguments args = Arguments::parse(raw_args, kPredictFlags);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const std::vector<std::string>& images = args.positionals();
  if (images.empty()) throw UsageError("no image files given");
  const InkPolarity polarity = parse_polarity(args.text_or("polarity", "auto"));
  const int top = args.integer("top", 1, kClassCount).value_or(1);
  const std::optional<std::string> dump_path = args.text("dump-input");
  if (args.has("number") && (args.has("top") || dump_path))
    throw UsageError("--number works without --top and --dump-input");
  if (dump_path && images.size() != 1) throw UsageError("--dump-input works with exactly one image");
  if (dump_path) check_writable(*dump_path);

  const std::string model_path = args.has("model") ? *args.text("model") : find_default_model();
  const Model model = load_digit_model(model_path);
  if (args.has("number")) return predict_numbers(model.network, images, polarity);

  bool all_read = true;
  for (const std::string& path : images) {
    // A bad file is reported and skipped, so one typo does not lose a batch's results.
    std::optional<Eigen::VectorXf> input;
    try {
      input = digit_input_from_image(read_image_file(path), polarity);
    } catch (const Error& error) {
      std::fflush(stdout);
      std::fprintf(stderr, "digitpad-cli: %s\n", one_line(error.what()).c_str());
      all_read = false;
      continue;
    }
    if (!input) {
      std::printf("%s\tblank\t0\n", path.c_str());
      continue;
    }
    if (dump_path) write_file_atomically(*dump_path, to_pgm(*input));
    const Eigen::MatrixXf probabilities = model.network.probabilities(*input);
    std::printf("%s\t%s\n", path.c_str(), ranked_candidates(probabilities.col(0), top).c_str());
  }
  return all_read ? kExitOk : kExitFailure;
}

}  // namespace digitpad::cli
