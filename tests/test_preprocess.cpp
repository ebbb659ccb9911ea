// SPDX-License-Identifier: GPL-3.0-or-later
// The one preprocessing path (image/preprocess.h) from any grayscale image to
// MNIST's 28x28: ink detection, cropping, scaling, centring, against hand-worked
// images, MNIST's own digits and hostile sizes. One file for the one function.

#include "core/image/preprocess.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "test_paths.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

constexpr std::uint8_t kWhite = 255;
constexpr std::uint8_t kBlack = 0;

// An 8-bit canvas that owns its pixels; `padding` extra bytes per row (filled
// with `padding_value`) make the stride larger than the width.
struct Canvas {
  int width = 0;
  int height = 0;
  int stride = 0;
  std::vector<std::uint8_t> bytes;

  Canvas(int w, int h, std::uint8_t fill, int padding = 0, std::uint8_t padding_value = 0)
      : width(w), height(h), stride(w + padding), bytes(static_cast<std::size_t>(stride) * h, padding_value) {
    for (int y = 0; y < h; ++y) std::fill_n(&bytes[static_cast<std::size_t>(y) * stride], w, fill);
  }
  std::uint8_t& at(int x, int y) { return bytes[static_cast<std::size_t>(y) * stride + x]; }
  std::uint8_t at(int x, int y) const { return bytes[static_cast<std::size_t>(y) * stride + x]; }
  GrayImageView view() const { return {bytes.data(), width, height, stride}; }
};

struct Point {
  double x;
  double y;
};

double distance_to_segment(Point p, Point a, Point b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0.0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Paints pixels whose centre lies within `radius` of the shape, anti-aliased over
// one pixel, blending from the canvas's value towards `ink`.
template <typename Distance>
void paint(Canvas& canvas, double radius, std::uint8_t ink, Distance distance) {
  for (int y = 0; y < canvas.height; ++y) {
    for (int x = 0; x < canvas.width; ++x) {
      const double coverage = std::clamp(radius + 0.5 - distance(Point{x + 0.5, y + 0.5}), 0.0, 1.0);
      if (coverage <= 0) continue;
      const double value = canvas.at(x, y) + coverage * (ink - canvas.at(x, y));
      canvas.at(x, y) = static_cast<std::uint8_t>(std::lround(value));
    }
  }
}

// A "7" in a square of side `size` at (left, top): a top bar and a diagonal,
// with a pen whose width is proportional to the size (as on a canvas that scales).
void draw_seven(Canvas& canvas, double left, double top, double size, std::uint8_t ink) {
  const auto point = [&](double u, double v) { return Point{left + u * size, top + v * size}; };
  const Point a = point(0.15, 0.1);
  const Point b = point(0.85, 0.1);
  const Point c = point(0.4, 0.9);
  paint(canvas, 0.06 * size, ink,
        [&](Point p) { return std::min(distance_to_segment(p, a, b), distance_to_segment(p, b, c)); });
}

// A "0": an upright ellipse ring inside a square of side `size`.
void draw_zero(Canvas& canvas, double left, double top, double size, std::uint8_t ink) {
  const Point centre{left + 0.5 * size, top + 0.5 * size};
  const double rx = 0.3 * size;
  const double ry = 0.45 * size;
  paint(canvas, 0.05 * size, ink, [&](Point p) {
    // Distance to the ellipse, approximated by scaling the radial distance.
    const double dx = (p.x - centre.x) / rx;
    const double dy = (p.y - centre.y) / ry;
    const double r = std::hypot(dx, dy);
    const double radial_scale = r > 0 ? std::hypot(dx * rx, dy * ry) / r : rx;
    return std::abs(r - 1.0) * radial_scale;
  });
}

Canvas inverted(const Canvas& canvas) {
  Canvas out = canvas;
  for (auto& byte : out.bytes) byte = static_cast<std::uint8_t>(255 - byte);
  return out;
}

Eigen::VectorXf preprocess_or_fail(const Canvas& canvas, InkPolarity polarity = InkPolarity::Auto) {
  const std::optional<Eigen::VectorXf> result = preprocess_digit(canvas.view(), polarity);
  EXPECT_TRUE(result.has_value()) << "expected ink, got a blank";
  return result.value_or(Eigen::VectorXf::Zero(kImagePixels));
}

// Plain loops rather than Eigen's minCoeff/maxCoeff: with -march=native GCC 12
// warns falsely (-Wmaybe-uninitialized inside its AVX-512 intrinsics) on those.
float max_value(const Eigen::VectorXf& v) { return *std::max_element(v.data(), v.data() + v.size()); }
float min_value(const Eigen::VectorXf& v) { return *std::min_element(v.data(), v.data() + v.size()); }

float max_abs_difference(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
  float largest = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
  return largest;
}

float mean_abs_difference(const Eigen::VectorXf& a, const Eigen::VectorXf& b) { return (a - b).cwiseAbs().mean(); }

// Pearson correlation (plain loops for the same reason).
double correlation(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
  const double mean_a = a.mean();
  const double mean_b = b.mean();
  double ab = 0, aa = 0, bb = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double x = a[i] - mean_a;
    const double y = b[i] - mean_b;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / std::sqrt(aa * bb);
}

Eigen::VectorXf shifted(const Eigen::VectorXf& digit, int rows, int cols) {
  Eigen::VectorXf out = Eigen::VectorXf::Zero(kImagePixels);
  for (int r = 0; r < kImageSide; ++r) {
    for (int c = 0; c < kImageSide; ++c) {
      const int from_r = r - rows;
      const int from_c = c - cols;
      if (from_r >= 0 && from_r < kImageSide && from_c >= 0 && from_c < kImageSide) {
        out[r * kImageSide + c] = digit[from_r * kImageSide + from_c];
      }
    }
  }
  return out;
}

// The best correlation over whole-pixel shifts of `a` by at most one pixel.
double correlation_within_one_pixel(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
  double best = -1;
  for (int rows = -1; rows <= 1; ++rows) {
    for (int cols = -1; cols <= 1; ++cols) best = std::max(best, correlation(shifted(a, rows, cols), b));
  }
  return best;
}

struct Moments {
  double row = 0;  // centre of mass, index coordinates
  double col = 0;
  int ink_rows = 0;  // extent of pixels holding any ink
  int ink_cols = 0;
};

Moments moments(const Eigen::VectorXf& digit) {
  Moments m;
  double mass = 0;
  int min_row = kImageSide, max_row = -1, min_col = kImageSide, max_col = -1;
  for (int r = 0; r < kImageSide; ++r) {
    for (int c = 0; c < kImageSide; ++c) {
      const double ink = digit[r * kImageSide + c];
      mass += ink;
      m.row += ink * r;
      m.col += ink * c;
      if (ink > 0) {
        min_row = std::min(min_row, r);
        max_row = std::max(max_row, r);
        min_col = std::min(min_col, c);
        max_col = std::max(max_col, c);
      }
    }
  }
  if (mass > 0) {
    m.row /= mass;
    m.col /= mass;
    m.ink_rows = max_row - min_row + 1;
    m.ink_cols = max_col - min_col + 1;
  }
  return m;
}

TEST(Preprocess, SameDigitAtDifferentScalesAndPositionsGivesTheSameInput) {
  for (const auto draw : {draw_seven, draw_zero}) {
    Canvas small_in_corner(600, 600, kWhite);
    draw(small_in_corner, 30, 40, 120, kBlack);
    Canvas large_in_centre(280, 280, kWhite);
    draw(large_in_centre, 30, 30, 220, kBlack);

    const Eigen::VectorXf a = preprocess_or_fail(small_in_corner);
    const Eigen::VectorXf b = preprocess_or_fail(large_in_centre);
    EXPECT_LT(mean_abs_difference(a, b), 0.05f);
    EXPECT_GT(correlation(a, b), 0.95);
    EXPECT_NEAR(moments(a).row, moments(b).row, 0.5);
    EXPECT_NEAR(moments(a).col, moments(b).col, 0.5);
  }
}

TEST(Preprocess, LongerSideBecomesTwentyPixelsAndCentreOfMassGoesToTheCentre) {
  // A tall "0" (long axis vertical) and a wide bar (long axis horizontal).
  Canvas tall(400, 400, kWhite);
  draw_zero(tall, 50, 30, 300, kBlack);
  Canvas wide(500, 300, kWhite);
  paint(wide, 20, kBlack, [](Point p) { return distance_to_segment(p, {100, 150}, {400, 190}); });

  const Moments t = moments(preprocess_or_fail(tall));
  EXPECT_EQ(t.ink_rows, 20);
  EXPECT_NEAR(t.ink_cols, 20 * 0.7, 1.5);  // the ring's width/height ratio is kept
  const Moments w = moments(preprocess_or_fail(wide));
  EXPECT_EQ(w.ink_cols, 20);
  EXPECT_LE(w.ink_rows, 7);
  for (const Moments& m : {t, w}) {
    // MNIST's convention, measured on its test set: centre of mass at pixel (14, 14).
    EXPECT_NEAR(m.row, 14.0, 0.5);
    EXPECT_NEAR(m.col, 14.0, 0.5);
  }
}

TEST(Preprocess, AutoPolarityReadsDarkOnLightAndLightOnDarkAlike) {
  Canvas dark_on_light(300, 300, kWhite);
  draw_seven(dark_on_light, 40, 40, 200, kBlack);
  const Canvas light_on_dark = inverted(dark_on_light);

  const Eigen::VectorXf from_dark = preprocess_or_fail(dark_on_light);
  const Eigen::VectorXf from_light = preprocess_or_fail(light_on_dark);
  EXPECT_LT(max_abs_difference(from_dark, from_light), 1e-6f);

  // Explicit polarities agree with Auto, and the wrong one finds no ink.
  EXPECT_LT(max_abs_difference(preprocess_or_fail(dark_on_light, InkPolarity::DarkOnLight), from_dark), 1e-6f);
  EXPECT_LT(max_abs_difference(preprocess_or_fail(light_on_dark, InkPolarity::LightOnDark), from_dark), 1e-6f);
  EXPECT_FALSE(preprocess_digit(dark_on_light.view(), InkPolarity::LightOnDark).has_value());
  EXPECT_FALSE(preprocess_digit(light_on_dark.view(), InkPolarity::DarkOnLight).has_value());
}

TEST(Preprocess, MidGrayBackgroundWorksWithEitherInk) {
  Canvas reference(300, 300, kWhite);
  draw_seven(reference, 40, 40, 200, kBlack);
  const Eigen::VectorXf expected = preprocess_or_fail(reference);

  for (const std::uint8_t background : {std::uint8_t{127}, std::uint8_t{128}}) {
    Canvas black_ink(300, 300, background);
    draw_seven(black_ink, 40, 40, 200, kBlack);
    Canvas white_ink(300, 300, background);
    draw_seven(white_ink, 40, 40, 200, kWhite);
    EXPECT_LT(mean_abs_difference(preprocess_or_fail(black_ink), expected), 0.02f) << int{background};
    EXPECT_LT(mean_abs_difference(preprocess_or_fail(white_ink), expected), 0.02f) << int{background};
  }
}

TEST(Preprocess, FaintPencilIsStretchedToFullIntensity) {
  Canvas ink(300, 300, kWhite);
  draw_seven(ink, 40, 40, 200, kBlack);
  Canvas pencil(300, 300, 210);  // gray paper, gray pencil: 70 levels of contrast
  draw_seven(pencil, 40, 40, 200, 140);

  const Eigen::VectorXf from_pencil = preprocess_or_fail(pencil);
  EXPECT_GT(max_value(from_pencil), 0.99f);
  EXPECT_LT(mean_abs_difference(from_pencil, preprocess_or_fail(ink)), 0.02f);
}

TEST(Preprocess, BlankImagesHoldNoDigit) {
  for (const std::uint8_t level : {kWhite, kBlack, std::uint8_t{128}}) {
    const Canvas uniform(200, 150, level);
    EXPECT_FALSE(preprocess_digit(uniform.view()).has_value()) << int{level};
  }
  // Gray paper with sensor noise of +-10 levels is still blank.
  Canvas noisy(200, 150, 180);
  std::mt19937 random(7);
  std::uniform_int_distribution<int> noise(-10, 10);
  for (auto& byte : noisy.bytes) byte = static_cast<std::uint8_t>(180 + noise(random));
  EXPECT_FALSE(preprocess_digit(noisy.view()).has_value());

  EXPECT_FALSE(preprocess_digit(GrayImageView{}).has_value());  // an empty (null) image
}

TEST(Preprocess, VerticalLineStaysNarrow) {
  // A 1-pixel hairline would shrink to a faint line of ~20 units of ink; it is
  // widened as if drawn with a broader pen, to MNIST's ink, and stays 20 tall.
  Canvas hairline(400, 400, kWhite);
  for (int y = 50; y < 350; ++y) hairline.at(200, y) = kBlack;
  const Eigen::VectorXf thin_input = preprocess_or_fail(hairline);
  const Moments thin = moments(thin_input);
  EXPECT_EQ(thin.ink_rows, 20);
  EXPECT_LE(thin.ink_cols, 5);
  EXPECT_GE(thin_input.sum(), 50.0f);
  EXPECT_FLOAT_EQ(thin_input.maxCoeff(), 1.0f);

  Canvas stroke(400, 400, kWhite);  // a 24-pixel pen: 24 * 20/324 = 1.5 px wide
  paint(stroke, 12, kBlack, [](Point p) { return distance_to_segment(p, {200, 50}, {200, 350}); });
  const Moments thick = moments(preprocess_or_fail(stroke));
  EXPECT_EQ(thick.ink_rows, 20);
  EXPECT_LE(thick.ink_cols, 5);
  EXPECT_NEAR(thick.col, 14.0, 0.5);
}

TEST(Preprocess, MnistLikeStrokesAreNotWidened) {
  // A 48-pixel pen on a 300-pixel-tall line: ~3 px in the 20-pixel box, 60
  // units of ink, as thick as MNIST's strokes: left as it is.
  Canvas stroke(400, 400, kWhite);
  paint(stroke, 24, kBlack, [](Point p) { return distance_to_segment(p, {200, 50}, {200, 350}); });
  const Eigen::VectorXf input = preprocess_or_fail(stroke);
  const Moments m = moments(input);
  EXPECT_EQ(m.ink_rows, 20);
  EXPECT_LE(m.ink_cols, 4);
  EXPECT_LT(input.sum(), 80.0f);
}

TEST(Preprocess, StrideLargerThanWidthIsHonoured) {
  Canvas tight(257, 199, kWhite);
  draw_seven(tight, 20, 10, 170, kBlack);
  // Black padding bytes would read as ink (and as a dark border) if they were used.
  Canvas padded(257, 199, kWhite, 13, kBlack);
  draw_seven(padded, 20, 10, 170, kBlack);

  const Eigen::VectorXf expected = preprocess_or_fail(tight);
  EXPECT_LT(max_abs_difference(preprocess_or_fail(padded), expected), 1e-6f);
}

TEST(Preprocess, OutputIsMnistShapedWithValuesInUnitRange) {
  Canvas canvas(350, 410, kWhite);
  draw_zero(canvas, 10, 60, 330, kBlack);
  draw_seven(canvas, 0, 0, 350, 90);  // overlapping strokes of another gray
  const Eigen::VectorXf digit = preprocess_or_fail(canvas);
  ASSERT_EQ(digit.size(), kImagePixels);
  EXPECT_GE(min_value(digit), 0.0f);
  EXPECT_LE(max_value(digit), 1.0f);
  EXPECT_GT(max_value(digit), 0.99f);
  // MNIST's frame: the outer two rows and columns hold no ink for a 20-px digit
  // centred by mass (at most 6 px of shift each way).
  EXPECT_FLOAT_EQ(digit.head(kImageSide).sum(), 0.0f);
}

TEST(Preprocess, StraySpecksDoNotShrinkTheDigit) {
  Canvas clean(400, 400, kWhite);
  draw_seven(clean, 100, 100, 250, kBlack);
  const Eigen::VectorXf expected = preprocess_or_fail(clean);

  Canvas specked = clean;
  for (int y = 10; y < 13; ++y) {
    for (int x = 10; x < 13; ++x) specked.at(x, y) = kBlack;  // far from the digit on both axes
  }
  for (int y = 200; y < 204; ++y) specked.at(390, y) = 60;  // beside the digit, within its rows
  EXPECT_LT(max_abs_difference(preprocess_or_fail(specked), expected), 1e-6f);

  // A detached part holding more than a speck's share of the ink is kept: a
  // short stroke far to the right widens the box, so the digit itself shrinks.
  Canvas with_stroke = clean;
  paint(with_stroke, 5, kBlack, [](Point p) { return distance_to_segment(p, {385, 120}, {385, 200}); });
  EXPECT_GT(mean_abs_difference(preprocess_or_fail(with_stroke), expected), 0.02f);
}

TEST(Preprocess, TinyImagesAndSingleDotsWork) {
  Canvas dot(5, 5, kBlack);
  dot.at(2, 2) = kWhite;
  const Eigen::VectorXf digit = preprocess_or_fail(dot);
  EXPECT_NEAR(digit.sum(), 20.0f * 20.0f, 1e-3f);  // one pixel enlarged to the 20x20 box
  EXPECT_NEAR(moments(digit).row, 14.0, 0.5);
}

TEST(Preprocess, InvalidViewsThrowErrors) {
  const std::vector<std::uint8_t> bytes(100, kWhite);
  EXPECT_THROW(preprocess_digit(GrayImageView{bytes.data(), 10, 10, 9}), Error);
  EXPECT_THROW(preprocess_digit(GrayImageView{nullptr, 10, 10, 10}), Error);
  EXPECT_THROW(preprocess_digit(GrayImageView{bytes.data(), -1, 10, 10}), Error);
  try {
    preprocess_digit(GrayImageView{bytes.data(), 10, 10, 9});
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "preprocess_digit: image stride 9 is smaller than its width 10");
  }
}

// Speed is measured by benchmarks, not asserted here; this checks that a
// camera-sized image is handled at all.
TEST(Preprocess, HandlesALargePhoto) {
  Canvas photo(4000, 3000, 200);  // gray paper
  paint(photo, 60, 40, [](Point p) {
    return std::min(distance_to_segment(p, {1500, 700}, {2500, 700}),
                    distance_to_segment(p, {2500, 700}, {1800, 2300}));
  });
  const Moments m = moments(preprocess_or_fail(photo));
  EXPECT_EQ(m.ink_rows, 20);
}

// The key property: an MNIST digit drawn big on a white canvas comes back as the
// same MNIST digit. Real MNIST is read once for the tests below.
class PreprocessMnist : public ::testing::Test {
 protected:
  static constexpr int kDigits = 100;
  static constexpr int kScale = 10;
  static constexpr float kWidenedBelowInk = 35.0f;  // preprocess.cpp's kMinimumInk

  void SetUp() override {
    const std::string path = std::string(DIGITPAD_MNIST_DIR) + "/t10k-images-idx3-ubyte.gz";
    if (!std::filesystem::exists(path))
      GTEST_SKIP() << "real MNIST not found at " << path << ": round trip not checked";
    static const Eigen::MatrixXf images = read_idx_images(path);
    ASSERT_GE(images.cols(), kDigits);
    images_ = &images;
  }

  // The digit enlarged kScale times, black ink on white: by repeating pixels
  // (blocky) or interpolating bilinearly (smooth, like a soft brush).
  static Canvas enlarged_on_paper(const Eigen::VectorXf& digit, bool smooth) {
    const auto ink = [&](int r, int c) {
      return digit[std::clamp(r, 0, kImageSide - 1) * kImageSide + std::clamp(c, 0, kImageSide - 1)];
    };
    Canvas canvas(kImageSide * kScale, kImageSide * kScale, kWhite);
    for (int y = 0; y < canvas.height; ++y) {
      for (int x = 0; x < canvas.width; ++x) {
        float value = ink(y / kScale, x / kScale);
        if (smooth) {
          const double sy = (y + 0.5) / kScale - 0.5;
          const double sx = (x + 0.5) / kScale - 0.5;
          const int r = static_cast<int>(std::floor(sy));
          const int c = static_cast<int>(std::floor(sx));
          const auto fy = static_cast<float>(sy - r);
          const auto fx = static_cast<float>(sx - c);
          value = (1 - fy) * ((1 - fx) * ink(r, c) + fx * ink(r, c + 1)) +
                  fy * ((1 - fx) * ink(r + 1, c) + fx * ink(r + 1, c + 1));
        }
        canvas.at(x, y) = static_cast<std::uint8_t>(std::lround(255.0f * (1.0f - value)));
      }
    }
    return canvas;
  }

  struct Agreement {
    double mean_correlation = 0;
    double worst_correlation_within_one_pixel = 1;
    double mean_abs_difference = 0;
  };

  Agreement round_trip(bool smooth) const {
    Agreement agreement;
    for (int i = 0; i < kDigits; ++i) {
      const Eigen::VectorXf original = images_->col(i);
      const Eigen::VectorXf result = preprocess_or_fail(enlarged_on_paper(original, smooth));
      agreement.mean_correlation += correlation(result, original) / kDigits;
      agreement.mean_abs_difference += mean_abs_difference(result, original) / kDigits;
      // Digits with less ink than kWidenedBelowInk (0.5% of MNIST, nearly all
      // thin 1s) are widened on purpose; the worst case speaks for the others.
      if (original.sum() < kWidenedBelowInk) continue;
      // The centre of mass is rounded to whole pixels, as in MNIST; a digit whose
      // centre lies near a half pixel may land one pixel away (e.g. test digit 52).
      agreement.worst_correlation_within_one_pixel =
          std::min(agreement.worst_correlation_within_one_pixel, correlation_within_one_pixel(result, original));
    }
    std::printf("%s round trip of %d digits: mean correlation %.4f, worst within 1 px %.4f, mean |diff| %.4f\n",
                smooth ? "smooth" : "blocky", kDigits, agreement.mean_correlation,
                agreement.worst_correlation_within_one_pixel, agreement.mean_abs_difference);
    return agreement;
  }

  const Eigen::MatrixXf* images_ = nullptr;
};

TEST_F(PreprocessMnist, BlockyEnlargedInvertedDigitsComeBackAlmostExactly) {
  // Blocks of 10x10 shrink back exactly by area averaging: what is left is the
  // noise threshold (pixels under 0.1 dropped) and the rounding of the centre.
  const Agreement agreement = round_trip(false);
  EXPECT_GT(agreement.mean_correlation, 0.98);
  EXPECT_GT(agreement.worst_correlation_within_one_pixel, 0.95);
  EXPECT_LT(agreement.mean_abs_difference, 0.01);
}

TEST_F(PreprocessMnist, SmoothEnlargedInvertedDigitsStayMnistLike) {
  // Bilinear enlargement blurs and widens the ink a little, as a soft brush does.
  const Agreement agreement = round_trip(true);
  EXPECT_GT(agreement.mean_correlation, 0.92);
  EXPECT_GT(agreement.worst_correlation_within_one_pixel, 0.8);
  EXPECT_LT(agreement.mean_abs_difference, 0.05);
}

TEST_F(PreprocessMnist, DigitsAlreadyInMnistFormAreLeftAsTheyAre) {
  double difference = 0;
  for (int i = 0; i < kDigits; ++i) {
    const Eigen::VectorXf original = images_->col(i);
    Canvas native(kImageSide, kImageSide, kBlack);
    for (int p = 0; p < kImagePixels; ++p)
      native.bytes[p] = static_cast<std::uint8_t>(std::lround(255 * original[p]));
    difference += mean_abs_difference(preprocess_or_fail(native, InkPolarity::LightOnDark), original) / kDigits;
  }
  EXPECT_LT(difference, 0.01);
}

}  // namespace
}  // namespace digitpad
