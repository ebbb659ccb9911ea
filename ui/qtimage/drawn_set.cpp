#include "qtimage/drawn_set.h"

#include "qtimage/digit_image.h"
#include "qtimage/drawn_digits.h"
#include "qtimage/png_file.h"

#include "data/dataset.h"
#include "data/idx_file.h"
#include "data/mnist_folder.h"
#include "image/stroke_tracing.h"
#include "io/atomic_file.h"
#include "util/error.h"
#include "util/random.h"

#include <QFileInfo>
#include <QRawFont>
#include <QString>

#include <array>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>

namespace digitpad {
namespace {

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
  std::map<std::string, SourceSet> sets_;
};

// `per_digit` digits of each class from t10k[first..last], in a seeded random
// order, each traced into strokes and redrawn with a random style.
void draw_mnist_strokes(const std::string& mnist_dir, int per_digit, int first, int last, DrawingDice& dice,
                        DrawnSetWriter& writer, const DrawnSetNote& note) {
  const MnistFolder found = find_mnist_files(mnist_dir);
  if (!found.has_test()) throw Error(mnist_dir + ": no t10k-images/t10k-labels pair");
  const Dataset mnist = read_idx_pair(*found.test_images, *found.test_labels);
  last = std::min(last, mnist.count() - 1);
  if (first > last) throw Error(mnist_dir + ": the first index is beyond the " + std::to_string(mnist.count()) + " digits");

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
      note("only " + std::to_string(drawn[static_cast<std::size_t>(digit)]) + " MNIST " + std::to_string(digit) +
           "'s in the range");
}

struct DigitFont {
  std::string name;
  std::array<QPainterPath, kClassCount> glyphs;
};

// Font files above this are refused unread (the largest CJK fonts are ~20 MB).
constexpr std::size_t kMaxFontFileBytes = std::size_t{64} << 20;

// The fonts' outlines of 0..9; a font without all ten digits is skipped with a note.
std::vector<DigitFont> load_digit_fonts(const std::vector<std::string>& paths, const DrawnSetNote& note) {
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
      note(path + " lacks some digits, skipped");
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

}  // namespace

DrawnSetCounts write_drawn_set(const DrawnSetRequest& request, const DrawnSetNote& note) {
  DrawnSetWriter writer(request.out);
  // One generator per source: changing how many of one are drawn does not
  // change the other's drawings.
  if (request.strokes > 0) {
    DrawingDice dice(request.seed);
    draw_mnist_strokes(request.mnist_dir, request.strokes / kClassCount, request.mnist_first, request.mnist_last,
                       dice, writer, note);
  }
  if (request.font_digits > 0) {
    const std::vector<DigitFont> fonts = load_digit_fonts(request.font_paths, note);
    if (fonts.empty()) throw Error("none of the fonts has all ten digits");
    DrawingDice dice(request.seed + 1000003);
    draw_font_digits(fonts, request.font_digits / kClassCount, dice, writer);
  }
  writer.finish();
  return {writer.count(kSourceStrokes), writer.count(kSourceFonts)};
}

}  // namespace digitpad
