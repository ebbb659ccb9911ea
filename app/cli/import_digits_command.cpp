// digitpad-cli import-digits: converts OpenCV's digits.png (5,000 MNIST digits
// in a 20x20-cell grid, shipped by Debian's opencv-doc) into the MNIST IDX pair
// that `train --data` and the app read.

#include "arguments.h"
#include "commands.h"

#include "data/digit_grid.h"
#include "data/idx_file.h"
#include "qtimage/digit_image.h"
#include "util/error.h"

#include <QImage>
#include <QString>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

const std::vector<FlagSpec> kImportFlags = {{"png"}, {"out"}, {"help", false}};

constexpr const char* kUsage =
    "Usage: digitpad-cli import-digits --png digits.png --out DIR\n\n"
    "Converts OpenCV's digits.png (2000x1000, 5,000 digits in 20x20 cells) into\n"
    "DIR/train-images-idx3-ubyte.gz and DIR/train-labels-idx1-ubyte.gz (28x28, centred\n"
    "by centre of mass as MNIST is). DIR is created if needed.\n";

}  // namespace

int run_import_digits(std::span<const std::string> raw_args) {
  const Arguments args = Arguments::parse(raw_args, kImportFlags);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals().front() + "'");
  const std::string png = args.text_or("png", "");
  const std::string out = args.text_or("out", "");
  if (png.empty()) throw UsageError("--png FILE is required");
  if (out.empty()) throw UsageError("--out DIR is required");

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

}  // namespace digitpad::cli
