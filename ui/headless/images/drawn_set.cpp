// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/drawn_set.h"

#include "ui/headless/images/digit_image.h"
#include "ui/headless/images/drawn_digits.h"
#include "ui/headless/images/drawn_non_digits.h"
#include "ui/headless/images/handwriting_fonts.h"
#include "ui/headless/images/png_file.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "core/image/digit_styles.h"
#include "core/image/stroke_tracing.h"
#include "core/io/atomic_file.h"
#include "core/util/error.h"
#include "core/util/random.h"

#include <QString>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>

namespace digitpad {
namespace {

constexpr const char* kSourceStrokes = "strokes";
constexpr const char* kSourceFonts = "fonts";
constexpr const char* kSourceStyles = "styles";
constexpr const char* kSourceNonDigits = "non-digits";

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
    for (int col = 0; col < kImageSide; ++col)
      input(row * kImageSide + col) = 1.0f - static_cast<float>(line[col]) / 255.0f;
  }
  return input;
}

class DrawnSetWriter {
 public:
  explicit DrawnSetWriter(std::filesystem::path out) : out_(std::move(out)) {
    for (int digit = 0; digit < kClassCount; ++digit) {
      std::error_code ec;
      std::filesystem::create_directories(out_ / std::to_string(digit), ec);
      if (ec)
        throw Error((out_ / std::to_string(digit)).string() + ": cannot create the folder (" + ec.message() + ")");
    }
    index_ = "file,label,source,origin,canvas,height_fraction,pen_width\n";
  }

  void add(const QImage& canvas, int label, const std::string& source, const std::string& origin,
           const DrawingStyle& style) {
    char name[64];
    std::snprintf(name, sizeof name, "%s-%05d.png", source.c_str(), serial_++);
    const std::string folder = label == kNotADigitLabel ? "not-a-digit" : std::to_string(label);
    if (label == kNotADigitLabel && !non_digit_folder_made_) {  // made only for a set that has non-digits
      non_digit_folder_made_ = true;
      std::error_code ec;
      std::filesystem::create_directories(out_ / folder, ec);
      if (ec) throw Error((out_ / folder).string() + ": cannot create the folder (" + ec.message() + ")");
    }
    const std::filesystem::path relative = std::filesystem::path(folder) / name;
    const std::string path = (out_ / relative).string();
    // Through the atomic writer, never QImage::save: a FIFO or device planted
    // at the name is refused instead of blocking or being written to.
    write_png_file(canvas, path);
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
  bool non_digit_folder_made_ = false;
  std::map<std::string, SourceSet> sets_;
};

// The t10k digits of an MNIST folder, and the indices first..last of them.
struct MnistRange {
  Dataset digits;
  std::vector<int> indices;
};

MnistRange read_mnist_range(const std::string& mnist_dir, int first, int last) {
  const MnistFolder found = find_mnist_files(mnist_dir);
  if (!found.has_test()) throw Error(mnist_dir + ": no t10k-images/t10k-labels pair");
  MnistRange range{read_idx_pair(*found.test_images, *found.test_labels), {}};
  last = std::min(last, range.digits.count() - 1);
  if (first > last)
    throw Error(mnist_dir + ": the first index is beyond the " + std::to_string(range.digits.count()) + " digits");
  range.indices.resize(static_cast<std::size_t>(last - first + 1));
  std::iota(range.indices.begin(), range.indices.end(), first);
  return range;
}

// `per_digit` digits of each class from the range, in a seeded random order,
// each traced into strokes and redrawn with a random style.
void draw_mnist_strokes(const MnistRange& range, int per_digit, PenRange pens, DrawingDice& dice,
                        DrawnSetWriter& writer, const DrawnSetNote& note) {
  const Dataset& mnist = range.digits;
  std::vector<int> order = range.indices;
  shuffle_indices(order, dice.engine());
  std::array<int, kClassCount> drawn{};
  for (const int index : order) {
    const int label = mnist.labels[static_cast<std::size_t>(index)];
    if (drawn[static_cast<std::size_t>(label)] >= per_digit) continue;
    const std::vector<Polyline> strokes = strokes_from_digit(mnist.images.col(index));
    if (strokes.empty()) continue;
    const DrawingStyle style = random_style(dice, pens);
    writer.add(draw_strokes(strokes, style), label, kSourceStrokes, "t10k:" + std::to_string(index), style);
    ++drawn[static_cast<std::size_t>(label)];
  }
  for (int digit = 0; digit < kClassCount; ++digit)
    if (drawn[static_cast<std::size_t>(digit)] < per_digit)
      note("only " + std::to_string(drawn[static_cast<std::size_t>(digit)]) + " MNIST " + std::to_string(digit) +
           "'s in the range");
}

void draw_font_digits(const std::vector<HandwritingFont>& fonts, int per_digit, PenRange pens, DrawingDice& dice,
                      DrawnSetWriter& writer) {
  for (int digit = 0; digit < kClassCount; ++digit) {
    for (int i = 0; i < per_digit; ++i) {
      // Round-robin over the fonts, so each appears about equally often.
      const HandwritingFont& font = fonts[static_cast<std::size_t>(i) % fonts.size()];
      DrawingStyle style = random_style(dice, pens);
      // The glyph is already inked; an outline pen makes it bolder, sometimes none.
      style.pen_width = random_glyph_outline(dice, style.height_fraction * style.canvas_side, pens);
      writer.add(draw_glyph(font.digits[static_cast<std::size_t>(digit)], style), digit, kSourceFonts, font.name,
                 style);
    }
  }
}

// The styles named (all of them when none is), in digit_styles()' order.
std::vector<DigitStyle> chosen_styles(const std::vector<std::string>& names) {
  std::vector<DigitStyle> chosen;
  for (const DigitStyle& style : digit_styles())
    if (names.empty() || std::find(names.begin(), names.end(), style.name) != names.end()) chosen.push_back(style);
  for (const std::string& name : names)
    if (std::none_of(chosen.begin(), chosen.end(), [&](const DigitStyle& style) { return style.name == name; }))
      throw Error("no digit style is called '" + name + "'");
  return chosen;
}

// `count` template digits, round-robin over the styles, so each style is drawn
// count / styles times (the first ones once more when it does not divide).
void draw_style_digits(int count, const std::vector<std::string>& names, PenRange pens, DrawingDice& dice,
                       DrawnSetWriter& writer) {
  const std::vector<DigitStyle> styles = chosen_styles(names);
  SketchDice sketch_dice(dice.engine());
  for (int i = 0; i < count; ++i) {
    const DigitStyle& kind = styles[static_cast<std::size_t>(i) % styles.size()];
    const std::vector<Polyline> strokes = kind.draw(sketch_dice);
    const DrawingStyle style = random_style(dice, pens);
    writer.add(draw_strokes(strokes, style), kind.digit, kSourceStyles, std::string(kind.name), style);
  }
}

void draw_non_digits(int count, const NonDigitSources& sources, PenRange pens, DrawingDice& dice,
                     DrawnSetWriter& writer) {
  for (int i = 0; i < count; ++i) {
    const NonDigitDrawing drawing = draw_non_digit(i, dice, sources, pens);
    writer.add(drawing.canvas, kNotADigitLabel, kSourceNonDigits, drawing.origin, drawing.style);
  }
}

}  // namespace

DrawnSetCounts write_drawn_set(const DrawnSetRequest& request, const DrawnSetNote& note) {
  DrawnSetWriter writer(request.out);
  std::optional<MnistRange> mnist;
  if (!request.mnist_dir.empty() && (request.strokes > 0 || request.non_digits > 0))
    mnist = read_mnist_range(request.mnist_dir, request.mnist_first, request.mnist_last);
  std::vector<HandwritingFont> fonts;
  if (request.font_digits > 0 || request.non_digits > 0) fonts = load_handwriting_fonts(request.font_paths, note);

  // One generator per source: changing how many of one are drawn does not
  // change the others' drawings.
  if (request.strokes > 0) {
    if (!mnist) throw Error("no MNIST folder to trace strokes from");
    DrawingDice dice(request.seed);
    draw_mnist_strokes(*mnist, request.strokes / kClassCount, request.pens, dice, writer, note);
  }
  if (request.font_digits > 0) {
    if (fonts.empty()) throw Error("none of the fonts has all ten digits");
    DrawingDice dice(request.seed + 1000003);
    draw_font_digits(fonts, request.font_digits / kClassCount, request.pens, dice, writer);
  }
  if (request.styles > 0) {
    DrawingDice dice(request.seed + 2000003);
    draw_style_digits(request.styles, request.style_names, request.pens, dice, writer);
  }
  if (request.non_digits > 0) {
    if (fonts.empty()) note("no fonts with all ten digits: non-digits without letters");
    if (!mnist) note("no MNIST folder: non-digits without traced digits side by side");
    NonDigitSources sources{&fonts, mnist ? &mnist->digits : nullptr, mnist ? mnist->indices : std::vector<int>{}};
    DrawingDice dice(request.seed + 3000017);
    draw_non_digits(request.non_digits, sources, request.pens, dice, writer);
  }
  writer.finish();
  return {writer.count(kSourceStrokes), writer.count(kSourceFonts), writer.count(kSourceStyles),
          writer.count(kSourceNonDigits)};
}

}  // namespace digitpad
