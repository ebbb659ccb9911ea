// digitpad-cli make-drawn: the project's drawn-digit evaluation set. Writes PNG
// files as a user's canvas holds them (white, black anti-aliased ink, any size,
// place and pen) from two sources: pen strokes traced from real MNIST digits,
// and digits typeset in handwriting-style fonts. Seeded and reproducible. Used
// by scripts/bench-drawn.sh; nothing it writes belongs in the repository.

#include "commands.h"
#include "digit_image.h"
#include "drawn_digits.h"
#include "option_checks.h"
#include "stroke_tracing.h"
#include "usage_error.h"

#include "data/dataset.h"
#include "data/idx_file.h"
#include "data/mnist_folder.h"
#include "io/atomic_file.h"
#include "util/random.h"
#include "util/error.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QRawFont>
#include <QString>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {
namespace {

struct MakeDrawnOptions {
  std::string out;
  std::optional<std::string> mnist;
  int strokes = 1000, font_digits = 1000;
  std::uint64_t seed = 1;
  int mnist_first = 0, mnist_last = 1000000;
  std::vector<std::string> font_paths;
};

constexpr const char* kSourceStrokes = "strokes";
constexpr const char* kSourceFonts = "fonts";

// The drawings of one source, kept as the two 28x28 forms for the IDX pairs.
struct SourceSet {
  std::vector<Eigen::VectorXf> shared;  // through digit_input_from_image
  std::vector<Eigen::VectorXf> plain;   // the canvas shrunk to 28x28
  std::vector<std::uint8_t> labels;
};

// What a network sees when a canvas is not preprocessed: the whole canvas
// area-averaged down to 28x28, ink = 1 - gray.
Eigen::VectorXf plain_resize(const QImage& canvas) {
  const QImage small = canvas.convertToFormat(QImage::Format_Grayscale8)
                           .scaled(kImageSide, kImageSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  Eigen::VectorXf input(kImagePixels);
  for (int row = 0; row < kImageSide; ++row) {
    const uchar* line = small.constScanLine(row);
    for (int col = 0; col < kImageSide; ++col) input(row * kImageSide + col) = 1.0f - static_cast<float>(line[col]) / 255.0f;
  }
  return input;
}

class DrawnSetWriter {
 public:
  explicit DrawnSetWriter(std::filesystem::path out) : out_(std::move(out)) {
    for (int digit = 0; digit < kClassCount; ++digit) {
      std::error_code ec;
      std::filesystem::create_directories(out_ / std::to_string(digit), ec);
      if (ec) throw Error((out_ / std::to_string(digit)).string() + ": cannot create the folder (" + ec.message() + ")");
    }
    index_ = "file,label,source,origin,canvas,height_fraction,pen_width\n";
  }

  void add(const QImage& canvas, int label, const std::string& source, const std::string& origin,
           const DrawingStyle& style) {
    char name[64];
    std::snprintf(name, sizeof name, "%s-%05d.png", source.c_str(), serial_++);
    const std::filesystem::path relative = std::filesystem::path(std::to_string(label)) / name;
    const std::string path = (out_ / relative).string();
    if (!canvas.save(QString::fromStdString(path), "PNG")) throw Error(path + ": cannot write the image");
    char row[512];
    std::snprintf(row, sizeof row, "%s,%d,%s,%s,%d,%.3f,%.2f\n", relative.string().c_str(), label, source.c_str(),
                  origin.c_str(), style.canvas_side, style.height_fraction, style.pen_width);
    index_ += row;

    SourceSet& set = sets_[source];
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(canvas);
    set.shared.push_back(input ? *input : Eigen::VectorXf::Zero(kImagePixels));
    set.plain.push_back(plain_resize(canvas));
    set.labels.push_back(static_cast<std::uint8_t>(label));
  }

  void finish() {
    write_file_atomically((out_ / "index.csv").string(), index_);
    for (const auto& [source, set] : sets_) {
      write_pair("shared-" + source, set.shared, set.labels);
      write_pair("plain-" + source, set.plain, set.labels);
    }
  }

  int count(const std::string& source) const {
    const auto found = sets_.find(source);
    return found == sets_.end() ? 0 : static_cast<int>(found->second.labels.size());
  }

 private:
  void write_pair(const std::string& name, const std::vector<Eigen::VectorXf>& images,
                  const std::vector<std::uint8_t>& labels) {
    const std::filesystem::path folder = out_ / "idx" / name;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder.string() + ": cannot create the folder (" + ec.message() + ")");
    Dataset data;
    data.images.resize(kImagePixels, static_cast<Eigen::Index>(images.size()));
    for (std::size_t i = 0; i < images.size(); ++i) data.images.col(static_cast<Eigen::Index>(i)) = images[i];
    data.labels = labels;
    write_idx_pair((folder / "t10k-images-idx3-ubyte").string(), (folder / "t10k-labels-idx1-ubyte").string(), data);
  }

  std::filesystem::path out_;
  std::string index_;
  int serial_ = 0;
  std::map<std::string, SourceSet> sets_;
};

// `per_digit` digits of each class from t10k[first..last], in a seeded random
// order, each traced into strokes and redrawn with a random style.
void draw_mnist_strokes(const std::string& mnist_dir, int per_digit, int first, int last, DrawingDice& dice,
                        DrawnSetWriter& writer) {
  const MnistFolder found = find_mnist_files(mnist_dir);
  if (!found.has_test()) throw Error(mnist_dir + ": no t10k-images/t10k-labels pair");
  const Dataset mnist = read_idx_pair(*found.test_images, *found.test_labels);
  last = std::min(last, mnist.count() - 1);
  if (first > last) throw Error(mnist_dir + ": --mnist-first is beyond the " + std::to_string(mnist.count()) + " digits");

  std::vector<int> order(static_cast<std::size_t>(last - first + 1));
  std::iota(order.begin(), order.end(), first);
  shuffle_indices(order, dice.engine());
  std::array<int, kClassCount> drawn{};
  for (const int index : order) {
    const int label = mnist.labels[static_cast<std::size_t>(index)];
    if (drawn[static_cast<std::size_t>(label)] >= per_digit) continue;
    const std::vector<Polyline> strokes = strokes_from_digit(mnist.images.col(index));
    if (strokes.empty()) continue;
    const DrawingStyle style = random_style(dice);
    writer.add(draw_strokes(strokes, style), label, kSourceStrokes, "t10k:" + std::to_string(index), style);
    ++drawn[static_cast<std::size_t>(label)];
  }
  for (int digit = 0; digit < kClassCount; ++digit)
    if (drawn[static_cast<std::size_t>(digit)] < per_digit)
      std::fprintf(stderr, "digitpad-cli: make-drawn: only %d MNIST %d's in the range\n",
                   drawn[static_cast<std::size_t>(digit)], digit);
}

struct DigitFont {
  std::string name;
  std::array<QPainterPath, kClassCount> glyphs;
};

// Font files above this are refused unread (the largest CJK fonts are ~20 MB).
constexpr std::size_t kMaxFontFileBytes = std::size_t{64} << 20;

// The fonts' outlines of 0..9; a font without all ten digits is skipped with a note.
std::vector<DigitFont> load_digit_fonts(const std::vector<std::string>& paths) {
  std::vector<DigitFont> fonts;
  for (const std::string& path : paths) {
    // Read by us (regular files only, never blocking on a FIFO), then handed to Qt.
    const QRawFont raw(QByteArray::fromStdString(read_whole_file(path, kMaxFontFileBytes)), 200.0);
    if (!raw.isValid()) throw Error(path + ": not a font Qt can read");
    DigitFont font{QFileInfo(QString::fromStdString(path)).completeBaseName().toStdString(), {}};
    bool complete = true;
    for (int digit = 0; digit < kClassCount && complete; ++digit) {
      const QChar character(static_cast<char16_t>(u'0' + digit));
      const QList<quint32> glyph = raw.glyphIndexesForString(QString(character));
      complete = raw.supportsCharacter(character) && glyph.size() == 1 && glyph[0] != 0;
      if (complete) font.glyphs[static_cast<std::size_t>(digit)] = raw.pathForGlyph(glyph[0]);
      complete = complete && !font.glyphs[static_cast<std::size_t>(digit)].isEmpty();
    }
    if (!complete) {
      std::fprintf(stderr, "digitpad-cli: make-drawn: %s lacks some digits, skipped\n", path.c_str());
      continue;
    }
    fonts.push_back(std::move(font));
  }
  return fonts;
}

void draw_font_digits(const std::vector<DigitFont>& fonts, int per_digit, DrawingDice& dice, DrawnSetWriter& writer) {
  for (int digit = 0; digit < kClassCount; ++digit) {
    for (int i = 0; i < per_digit; ++i) {
      // Round-robin over the fonts, so each appears about equally often.
      const DigitFont& font = fonts[static_cast<std::size_t>(i) % fonts.size()];
      DrawingStyle style = random_style(dice);
      // The glyph is already inked; an outline pen makes it bolder, sometimes none.
      const double ink_height = style.height_fraction * style.canvas_side;
      style.pen_width = dice.uniform(0, 1) < 0.4 ? 0.0 : dice.log_uniform(1.0, std::max(1.5, ink_height / 12.0));
      writer.add(draw_glyph(font.glyphs[static_cast<std::size_t>(digit)], style), digit, kSourceFonts, font.name, style);
    }
  }
}

int run_make_drawn(const MakeDrawnOptions& options) {
  const std::string& out = options.out;
  const int strokes = options.strokes, font_digits = options.font_digits;
  const std::uint64_t seed = options.seed;
  if (strokes > 0 && !options.mnist) throw UsageError("--mnist DIR is required for --strokes (or give --strokes 0)");
  const std::vector<std::string>& font_paths = options.font_paths;
  if (font_digits > 0 && font_paths.empty())
    throw UsageError("give FONT_FILEs for --font-digits (or give --font-digits 0)");

  // QRawFont needs the platform's font machinery, i.e. a QGuiApplication; the
  // offscreen platform needs no display.
  std::unique_ptr<QGuiApplication> application;
  if (!QGuiApplication::instance()) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "digitpad-cli";
    static char* argv[] = {name, nullptr};
    application = std::make_unique<QGuiApplication>(argc, argv);
  }

  DrawnSetWriter writer(out);
  // One generator per source: changing how many of one are drawn does not
  // change the other's drawings.
  if (strokes > 0) {
    DrawingDice dice(seed);
    draw_mnist_strokes(*options.mnist, strokes / kClassCount, options.mnist_first, options.mnist_last, dice, writer);
  }
  if (font_digits > 0) {
    const std::vector<DigitFont> fonts = load_digit_fonts(font_paths);
    if (fonts.empty()) throw Error("make-drawn: none of the fonts has all ten digits");
    DrawingDice dice(seed + 1000003);
    draw_font_digits(fonts, font_digits / kClassCount, dice, writer);
  }
  writer.finish();
  std::printf("wrote %d stroke drawings and %d font digits to %s\n", writer.count(kSourceStrokes),
              writer.count(kSourceFonts), out.c_str());
  return kExitOk;
}

// A whole-number option in [min, max].
void add_count(CLI::App& command, const std::string& name, auto& value, int max, const std::string& help) {
  command.add_option(name, value, help)
      ->type_name("N")->transform(whole_number())->check(CLI::Range(0, max).description(""));
}

}  // namespace

CommandRun configure_make_drawn(CLI::App& command) {
  auto options = std::make_shared<MakeDrawnOptions>();
  command.footer(
      "Writes a drawn-digit evaluation set into DIR:\n"
      "  DIR/0/ .. DIR/9/       PNG canvases (200-800 px, white, black anti-aliased ink, the digit\n"
      "                         15-90% of the canvas high anywhere on it, pens from 2 px to 1/8 of\n"
      "                         its height, slanted and tilted a little)\n"
      "  DIR/index.csv          file,label,source,origin,canvas,height_fraction,pen_width\n"
      "  DIR/idx/<mode>-<source>/t10k-{images,labels}-*  the same drawings as 28x28 IDX pairs:\n"
      "                         mode 'shared' through the app's preprocessing, mode 'plain' the\n"
      "                         whole canvas shrunk to 28x28 (what skipping preprocessing gives)");
  command.add_option("FONT_FILE", options->font_paths, "fonts to typeset digits in (for --font-digits)")->type_name("FILE");
  command.add_option("--out", options->out, "the folder to write")->type_name("DIR")->required()->check(not_empty());
  command.add_option("--mnist", options->mnist, "MNIST folder whose t10k digits are traced into pen strokes")
      ->type_name("DIR")->check(not_empty());
  add_count(command, "--strokes", options->strokes, 100000,
            "drawings traced from MNIST, N/10 per digit (default 1000; 0 = none)");
  add_count(command, "--mnist-first", options->mnist_first, 1000000, "the first t10k index to draw from (default 0)");
  add_count(command, "--mnist-last", options->mnist_last, 1000000, "the last t10k index to draw from (default 9999)");
  add_count(command, "--font-digits", options->font_digits, 100000,
            "digits typeset in the FONT_FILEs, N/10 per digit (default 1000)");
  command.add_option("--seed", options->seed, "random seed (default 1)")->type_name("S")->transform(seed_number());
  return [options] { return run_make_drawn(*options); };
}

}  // namespace digitpad::cli
