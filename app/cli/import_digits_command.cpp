// digitpad-cli import-digits: converts OpenCV's digits.png (5,000 MNIST digits
// in a 20x20-cell grid, shipped by Debian's opencv-doc) into the MNIST IDX pair
// that `train --data` and the app read.

#include "commands.h"
#include "option_checks.h"

#include "data/digit_grid.h"
#include "data/idx_file.h"
#include "qtimage/digit_image.h"
#include "util/error.h"

#include <QImage>
#include <QString>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace digitpad::cli {
namespace {

struct ImportOptions {
  std::string png, out;
};

int run_import_digits(const ImportOptions& options) {
  const std::string& png = options.png;
  const std::string& out = options.out;
  // digits.png is already 8-bit gray; this only normalises other encodings of it.
  const QImage gray = read_image_file(png).convertToFormat(QImage::Format_Grayscale8);

  const Dataset digits = digits_from_grid(gray.constBits(), gray.width(), gray.height(),
                                          static_cast<int>(gray.bytesPerLine()), png);

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
  for (int digit = 0; digit < kClassCount; ++digit) std::printf(" %d:%d", digit, per_class[static_cast<std::size_t>(digit)]);
  std::printf("\n");
  return kExitOk;
}

}  // namespace

CommandRun configure_import_digits(CLI::App& command) {
  auto options = std::make_shared<ImportOptions>();
  command.footer(
      "Converts OpenCV's digits.png (2000x1000, 5,000 digits in 20x20 cells) into\n"
      "DIR/train-images-idx3-ubyte.gz and DIR/train-labels-idx1-ubyte.gz (28x28, centred\n"
      "by centre of mass as MNIST is). DIR is created if needed.");
  command.add_option("--png", options->png, "OpenCV's digits.png (Debian's opencv-doc ships it)")
      ->type_name("FILE")->required()->check(not_empty());
  command.add_option("--out", options->out, "the folder for the IDX pair")
      ->type_name("DIR")->required()->check(not_empty());
  return [options] { return run_import_digits(*options); };
}

}  // namespace digitpad::cli
