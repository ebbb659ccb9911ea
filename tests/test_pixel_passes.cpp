// SPDX-License-Identifier: GPL-3.0-or-later
// The fast whole-image steps of a canvas prediction against the plain forms
// they stand for, which must give exactly the same numbers: the gray bytes
// (GrayPixels against Qt's convertToFormat(Grayscale8)), the histogram and the
// ink profiles (core/image/pixel_passes.h against one loop over every pixel),
// and so the same 28x28 input, float for float. On drawings as the canvas
// holds them (make-drawn's digit styles and shapes, 200-800 px) and on the
// edge cases of the fast paths: tiny images, widths either side of a span,
// padded rows with junk past the width, blank pages, colour, alpha and colour
// spaces.

#include "ui/headless/images/digit_image.h"
#include "ui/headless/images/drawn_digits.h"
#include "ui/headless/images/drawn_non_digits.h"
#include "ui/headless/images/gray_pixels.h"

#include "core/image/digit_styles.h"
#include "core/image/ink_levels.h"
#include "core/image/pixel_passes.h"
#include "core/image/preprocess.h"

#include <gtest/gtest.h>

#include <QColorSpace>
#include <QPainter>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

constexpr std::uint64_t kSeed = 4711;

// Drawings as the canvas holds them (Format_RGB32, gray ink on white).
std::vector<QImage> drawn_canvases() {
  std::vector<QImage> canvases;
  DrawingDice dice(kSeed);
  for (const DigitStyle& style : digit_styles()) {
    SketchDice sketch_dice(dice.engine());
    canvases.push_back(draw_strokes(style.draw(sketch_dice), random_style(dice)));
  }
  for (int i = 0; i < 12; ++i)
    canvases.push_back(draw_non_digit(i, dice, NonDigitSources{}, PenRange::Canvas).canvas);
  return canvases;
}

QImage gray_canvas(int width, int height, std::uint8_t paper) {
  QImage image(width, height, QImage::Format_RGB32);
  image.fill(qRgb(paper, paper, paper));
  return image;
}

// A gray image of random levels, runs of paper and spans that differ from
// paper in one pixel only (the first or the last of a 32-pixel span).
QImage speckled(int width, int height, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  QImage image = gray_canvas(width, height, 255);
  for (int y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
    const int kind = static_cast<int>(engine() % 4);
    for (int x = 0; x < width; ++x) {
      int level = 255;
      if (kind == 0) level = static_cast<int>(engine() % 256);
      if (kind == 1 && (x % 32 == 31 || x % 64 == 0)) level = static_cast<int>(engine() % 256);
      if (kind == 2 && x > width / 3 && x < width / 2) level = 0;
      row[x] = qRgb(level, level, level);
    }
  }
  return image;
}

std::vector<QImage> edge_cases() {
  std::vector<QImage> images;
  for (const QSize size : {QSize(1, 1), QSize(2, 3), QSize(3, 2), QSize(1, 40), QSize(40, 1), QSize(31, 5),
                           QSize(32, 5), QSize(33, 5), QSize(63, 9), QSize(64, 9), QSize(65, 9), QSize(97, 70)}) {
    images.push_back(
        speckled(size.width(), size.height(), static_cast<std::uint64_t>(size.width() * 1000 + size.height())));
  }
  images.push_back(gray_canvas(320, 320, 255));  // blank paper
  images.push_back(gray_canvas(100, 64, 0));     // all black
  images.push_back(gray_canvas(64, 64, 128));    // uniform gray
  QImage stripes = gray_canvas(70, 256, 255);    // runs of every level, a row each
  for (int y = 0; y < 256; ++y)
    for (int x = 0; x < 70; ++x) reinterpret_cast<QRgb*>(stripes.scanLine(y))[x] = qRgb(y, y, y);
  images.push_back(stripes);
  QImage chalkboard = gray_canvas(200, 150, 20);  // light ink on dark
  {
    QPainter painter(&chalkboard);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(230, 230, 230), 9, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(60, 20, 120, 130);
  }
  images.push_back(chalkboard);
  return images;
}

std::vector<std::uint8_t> bytes_of(const GrayImageView& view) {
  std::vector<std::uint8_t> bytes;
  for (int y = 0; y < view.height; ++y) {
    const std::uint8_t* row = view.pixels + static_cast<std::ptrdiff_t>(y) * view.stride;
    bytes.insert(bytes.end(), row, row + view.width);
  }
  return bytes;
}

GrayImageView view_of(const QImage& gray) {
  return {gray.constBits(), gray.width(), gray.height(), static_cast<int>(gray.bytesPerLine())};
}

// `gray` copied into rows `padding` bytes longer, the padding full of junk
// (levels that, counted, would change every answer).
struct PaddedCopy {
  std::vector<std::uint8_t> bytes;
  GrayImageView view;
};
PaddedCopy padded(const GrayImageView& gray, int padding) {
  PaddedCopy copy;
  const int stride = gray.width + padding;
  copy.bytes.assign(static_cast<std::size_t>(stride) * gray.height, 0);
  for (std::size_t i = 0; i < copy.bytes.size(); ++i) copy.bytes[i] = static_cast<std::uint8_t>(i * 37);
  for (int y = 0; y < gray.height; ++y)
    std::memcpy(copy.bytes.data() + static_cast<std::size_t>(y) * stride,
                gray.pixels + static_cast<std::ptrdiff_t>(y) * gray.stride, static_cast<std::size_t>(gray.width));
  copy.view = {copy.bytes.data(), gray.width, gray.height, stride};
  return copy;
}

LevelCounts plain_counts(const GrayImageView& image) {
  LevelCounts counts{};
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) ++counts[image.pixels[static_cast<std::ptrdiff_t>(y) * image.stride + x]];
  return counts;
}

InkProfiles plain_profiles(const GrayImageView& image, const InkTable& table) {
  InkProfiles profiles{std::vector<double>(static_cast<std::size_t>(image.height), 0.0),
                       std::vector<double>(static_cast<std::size_t>(image.width), 0.0)};
  for (int y = 0; y < image.height; ++y) {
    float sum = 0.0f;
    for (int x = 0; x < image.width; ++x) {
      const float ink = table[image.pixels[static_cast<std::ptrdiff_t>(y) * image.stride + x]];
      sum += ink;
      profiles.columns[static_cast<std::size_t>(x)] += ink;
    }
    profiles.rows[static_cast<std::size_t>(y)] = sum;
  }
  return profiles;
}

// The image's own tables (each polarity that finds ink) and tables no image
// gives, for the span skipping: ink in a middle band, ink on scattered levels,
// no ink at all.
std::vector<InkTable> tables_for(const GrayImageView& image) {
  std::vector<InkTable> tables;
  for (const InkPolarity polarity : {InkPolarity::Auto, InkPolarity::DarkOnLight, InkPolarity::LightOnDark})
    if (const std::optional<InkTable> table = make_ink_table(image, polarity)) tables.push_back(*table);
  InkTable band{}, scattered{}, none{};
  for (int level = 100; level <= 150; ++level) band[level] = static_cast<float>(level) / 300.0f;
  for (int level = 3; level < 256; level += 7) scattered[level] = 0.25f + static_cast<float>(level % 5) / 8.0f;
  tables.push_back(band);
  tables.push_back(scattered);
  tables.push_back(none);
  return tables;
}

void expect_passes_match_plain_loops(const GrayImageView& image, const std::string& what) {
  EXPECT_EQ(count_levels(image), plain_counts(image)) << what;
  int t = 0;
  for (const InkTable& table : tables_for(image)) {
    const InkProfiles fast = ink_profiles(image, table), plain = plain_profiles(image, table);
    // Exact: the same doubles bit for bit, not merely close.
    EXPECT_EQ(fast.rows, plain.rows) << what << ", table " << t;
    EXPECT_EQ(fast.columns, plain.columns) << what << ", table " << t;
    ++t;
  }
}

TEST(PixelPasses, CountsAndProfilesAreThePlainLoopsOnDrawings) {
  int i = 0;
  for (const QImage& canvas : drawn_canvases()) {
    const QImage gray = qt_grayscale(canvas);
    const std::string what = "drawing " + std::to_string(i++) + " (" + std::to_string(gray.width()) + " px)";
    expect_passes_match_plain_loops(view_of(gray), what);
    const PaddedCopy copy = padded(view_of(gray), 29);
    expect_passes_match_plain_loops(copy.view, what + ", padded rows");
  }
}

TEST(PixelPasses, CountsAndProfilesAreThePlainLoopsOnEdgeCases) {
  int i = 0;
  for (const QImage& image : edge_cases()) {
    const QImage gray = qt_grayscale(image);
    const std::string what = "edge case " + std::to_string(i++) + " (" + std::to_string(gray.width()) + "x" +
                             std::to_string(gray.height()) + ")";
    expect_passes_match_plain_loops(view_of(gray), what);
    for (const int padding : {1, 31, 64}) {
      const PaddedCopy copy = padded(view_of(gray), padding);
      expect_passes_match_plain_loops(copy.view, what + ", rows padded by " + std::to_string(padding));
    }
  }
}

// GrayPixels must give Qt's bytes for every image, reading the canvas directly.
void expect_qts_bytes(const QImage& image, bool read_directly, const std::string& what) {
  const GrayPixels gray(image);
  EXPECT_EQ(bytes_of(gray.view()), bytes_of(view_of(qt_grayscale(image)))) << what;
  EXPECT_EQ(gray.read_directly(), read_directly) << what;
}

TEST(GrayPixels, DrawnCanvasesAreReadDirectlyAsQtConvertsThem) {
  int i = 0;
  for (const QImage& canvas : drawn_canvases()) {
    ASSERT_EQ(canvas.format(), QImage::Format_RGB32);
    expect_qts_bytes(canvas, true, "drawing " + std::to_string(i++));
  }
  for (const QImage& image : edge_cases()) expect_qts_bytes(image, true, "edge case " + std::to_string(i++));
}

TEST(GrayPixels, EveryOtherImageGetsQtsBytes) {
  const QImage drawing = drawn_canvases().front();

  QImage one_colour_pixel = drawing;  // a single non-gray pixel sends the whole image to Qt
  one_colour_pixel.setPixel(drawing.width() - 1, drawing.height() - 1, qRgb(200, 40, 90));
  expect_qts_bytes(one_colour_pixel, false, "one colour pixel");

  QImage colour(300, 200, QImage::Format_RGB32);  // colour ink: Qt's luminance, not qGray
  colour.fill(Qt::white);
  {
    QPainter painter(&colour);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(30, 60, 200), 12));
    painter.drawEllipse(80, 40, 120, 120);
  }
  expect_qts_bytes(colour, false, "blue ink");

  QImage srgb = drawing;  // as a PNG with an sRGB chunk reads
  srgb.setColorSpace(QColorSpace::SRgb);
  expect_qts_bytes(srgb, true, "sRGB");
  QImage adobe = drawing;  // another space maps grays to other levels
  adobe.setColorSpace(QColorSpace::AdobeRgb);
  expect_qts_bytes(adobe, false, "Adobe RGB");

  QImage transparent(240, 180, QImage::Format_ARGB32);  // ink on nothing: composited onto white
  transparent.fill(Qt::transparent);
  {
    QPainter painter(&transparent);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::black, 10, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(100, 20, 130, 160);
  }
  expect_qts_bytes(transparent, true, "alpha");
  expect_qts_bytes(transparent.convertToFormat(QImage::Format_ARGB32_Premultiplied), true, "premultiplied alpha");
  QImage tinted = transparent;  // translucent colour over white is colour: Qt's conversion
  tinted.setPixel(5, 5, qRgba(250, 0, 0, 128));
  expect_qts_bytes(tinted, false, "alpha with colour");

  expect_qts_bytes(drawing.convertToFormat(QImage::Format_Grayscale8), false, "Grayscale8");
  expect_qts_bytes(drawing.convertToFormat(QImage::Format_RGB888), false, "RGB888");

  // Rows longer than the pixels (an image over someone else's buffer), junk in between.
  const int width = 70, height = 40, stride = width * 4 + 52;
  std::vector<uchar> buffer(static_cast<std::size_t>(stride) * height);
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<uchar>(i * 13);
  QImage wide_rows(buffer.data(), width, height, stride, QImage::Format_RGB32);
  {
    QPainter painter(&wide_rows);
    painter.fillRect(wide_rows.rect(), Qt::white);
    painter.setPen(QPen(Qt::black, 5));
    painter.drawLine(10, 5, 60, 35);
  }
  expect_qts_bytes(wide_rows, true, "padded rows");

  QImage odd_alpha_byte = gray_canvas(50, 50, 255);  // RGB32 ignores the top byte, and so do we
  for (int x = 0; x < 50; ++x) reinterpret_cast<QRgb*>(odd_alpha_byte.scanLine(25))[x] = 0x10404040u;
  expect_qts_bytes(odd_alpha_byte, true, "junk in RGB32's unused byte");
}

// The whole path: the same 28x28 input, float for float, as preprocessing
// Qt's own gray image.
TEST(CanvasInput, IsTheInputOfQtsGrayImage) {
  std::vector<QImage> images = drawn_canvases();
  for (QImage& image : edge_cases()) images.push_back(image);
  int i = 0, inked = 0;
  for (const QImage& image : images) {
    const QImage gray = qt_grayscale(image);
    const std::optional<Eigen::VectorXf> reference = preprocess_digit(view_of(gray));
    const std::optional<Eigen::VectorXf> input = digit_input_from_image(image);
    ASSERT_EQ(input.has_value(), reference.has_value()) << "image " << i;
    if (input) {
      EXPECT_TRUE(*input == *reference) << "image " << i;
      ++inked;
    }
    ++i;
  }
  EXPECT_GE(inked, 20);  // the drawings, and the edge cases with ink
}

}  // namespace
}  // namespace digitpad
