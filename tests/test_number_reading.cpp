// SPDX-License-Identifier: GPL-3.0-or-later
// read_number on real handwriting: 4-digit numbers made of real digits placed
// side by side on a canvas, read with the shipped model.
//
// MNIST's digits (and the fixture's, which are OpenCV's copy of them) are
// already centred 28x28 crops, so laying them side by side at a random scale,
// gap and baseline is a fair picture of a number written on the canvas. Gaps
// are measured between the digits' ink, so digits never overlap: touching
// digits are not split in this version.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "core/io/model_file.h"
#include "core/recognition/number_reading.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

constexpr int kDigitsPerNumber = 4;

// Portable draws (std's distributions differ between standard libraries).
double uniform(std::mt19937& random, double low, double high) {
  return low + (high - low) * (static_cast<double>(random()) / 4294967296.0);
}
int uniform_int(std::mt19937& random, int low, int high) {  // inclusive
  return low + static_cast<int>(random() % static_cast<std::uint32_t>(high - low + 1));
}

// A 28x28 digit (one column of a Dataset) scaled by `scale`, bilinearly.
struct Scaled {
  int side = 0;
  std::vector<float> ink;  // side x side, row-major
  float at(int x, int y) const { return ink[static_cast<std::size_t>(y) * side + x]; }
};

Scaled scale_digit(const Eigen::Ref<const Eigen::VectorXf>& digit, double scale) {
  Scaled out;
  out.side = static_cast<int>(std::lround(kImageSide * scale));
  out.ink.resize(static_cast<std::size_t>(out.side) * out.side);
  auto source = [&](int x, int y) {
    x = std::clamp(x, 0, kImageSide - 1);
    y = std::clamp(y, 0, kImageSide - 1);
    return digit(y * kImageSide + x);
  };
  for (int y = 0; y < out.side; ++y)
    for (int x = 0; x < out.side; ++x) {
      const double sx = (x + 0.5) / scale - 0.5, sy = (y + 0.5) / scale - 0.5;
      const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
      const double fx = sx - x0, fy = sy - y0;
      const double value = (1 - fy) * ((1 - fx) * source(x0, y0) + fx * source(x0 + 1, y0)) +
                           fy * ((1 - fx) * source(x0, y0 + 1) + fx * source(x0 + 1, y0 + 1));
      out.ink[static_cast<std::size_t>(y) * out.side + x] = static_cast<float>(value);
    }
  return out;
}

// First and last columns holding any ink that survives 8-bit rounding.
std::pair<int, int> ink_columns(const Scaled& digit) {
  int first = digit.side, last = -1;
  for (int y = 0; y < digit.side; ++y)
    for (int x = 0; x < digit.side; ++x)
      if (std::lround(digit.at(x, y) * 255.0f) > 0) {
        first = std::min(first, x);
        last = std::max(last, x);
      }
  return {first, last};
}

// A number drawn dark on light, as on the canvas.
struct DrawnNumber {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
  std::string text;
  GrayImageView view() const { return {pixels.data(), width, height, width}; }
};

DrawnNumber draw_number(const Dataset& digits, const std::vector<int>& indices, std::mt19937& random) {
  constexpr int kMargin = 10, kHeight = 28 * 14 / 10 + 2 * 4 + 2 * kMargin;
  std::vector<Scaled> scaled;
  std::vector<int> lefts, tops;
  int next_ink_column = kMargin;
  for (int index : indices) {
    scaled.push_back(scale_digit(digits.images.col(index), uniform(random, 0.8, 1.4)));
    const auto [first, last] = ink_columns(scaled.back());
    if (!lefts.empty()) next_ink_column += uniform_int(random, 2, 12);  // the gap between two digits' ink
    lefts.push_back(next_ink_column - first);
    next_ink_column += last - first + 1;
    const int baseline_shift = uniform_int(random, -4, 4);
    tops.push_back((kHeight - scaled.back().side) / 2 + baseline_shift);
  }
  DrawnNumber number;
  number.width = next_ink_column + kMargin;
  number.height = kHeight;
  std::vector<float> ink(static_cast<std::size_t>(number.width) * number.height, 0.0f);
  for (std::size_t d = 0; d < scaled.size(); ++d)
    for (int y = 0; y < scaled[d].side; ++y)
      for (int x = 0; x < scaled[d].side; ++x) {
        const int cx = lefts[d] + x, cy = tops[d] + y;
        if (cx < 0 || cx >= number.width) continue;  // only a digit's empty frame can fall off
        float& pixel = ink[static_cast<std::size_t>(cy) * number.width + cx];
        pixel = std::max(pixel, scaled[d].at(x, y));  // frames may overlap; ink never does
      }
  number.pixels.resize(ink.size());
  for (std::size_t i = 0; i < ink.size(); ++i)
    number.pixels[i] = static_cast<std::uint8_t>(255 - std::lround(std::clamp(ink[i], 0.0f, 1.0f) * 255.0f));
  for (int index : indices) number.text += static_cast<char>('0' + digits.labels[static_cast<std::size_t>(index)]);
  return number;
}

struct NumberScore {
  double numbers_right = 0;  // read exactly
  double digits_right = 0;   // digits read right in numbers split into the right count
  double single_digits = 0;  // the same digits, classified alone (as the data set holds them)
  int miscounted = 0;        // numbers split into the wrong number of digits
  int numbers = 0;
};

NumberScore score_numbers(const Network& network, const Dataset& digits, int numbers, std::uint32_t seed) {
  std::mt19937 random(seed);
  int numbers_right = 0, digits_right = 0, singles_right = 0, miscounted = 0;
  for (int n = 0; n < numbers; ++n) {
    std::vector<int> indices;
    for (int d = 0; d < kDigitsPerNumber; ++d) indices.push_back(uniform_int(random, 0, digits.count() - 1));
    const DrawnNumber number = draw_number(digits, indices, random);
    const NumberReading reading = read_number(network, number.view());
    const std::string read = reading.text();
    numbers_right += read == number.text;
    if (read.size() == number.text.size()) {
      for (std::size_t d = 0; d < read.size(); ++d) digits_right += read[d] == number.text[d];
    } else {
      ++miscounted;
    }
    for (int index : indices) {
      Eigen::Index best = 0;
      network.probabilities(digits.images.col(index)).col(0).maxCoeff(&best);
      singles_right += best == digits.labels[static_cast<std::size_t>(index)];
    }
  }
  const double digit_count = static_cast<double>(numbers) * kDigitsPerNumber;
  return {static_cast<double>(numbers_right) / numbers, digits_right / digit_count, singles_right / digit_count,
          miscounted, numbers};
}

void report(const char* set, const NumberScore& score) {
  std::printf(
      "%s: %d %d-digit numbers: %.1f%% read exactly, %.2f%% of their digits right "
      "(%.2f%% of the same digits alone), %d split into the wrong count\n",
      set, score.numbers, kDigitsPerNumber, 100 * score.numbers_right, 100 * score.digits_right,
      100 * score.single_digits, score.miscounted);
}

const fs::path kModelPath = fs::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";

TEST(NumberReading, ReadsFourDigitNumbersOfRealMnistDigits) {
  if (!fs::exists(std::string(DIGITPAD_MNIST_DIR) + "/t10k-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "real MNIST not found in " << DIGITPAD_MNIST_DIR << " (set DIGITPAD_MNIST_DIR)";
  const Model model = load_model(kModelPath.string());
  const Dataset t10k = load_mnist_folder(DIGITPAD_MNIST_DIR).train;  // the folder's only pair: t10k
  // 2000 numbers (8000 digits, 8 s): with 500 the figure moves by a point
  // from seed to seed. Measured: 97.2% read exactly, 98.84% of their digits
  // right, 99.46% of the same digits alone. The floor sits under the goal
  // (97%) by the seed-to-seed spread; the split itself lost or added a digit
  // in 12 numbers of 2000 (a 5 in fragments, a stray stroke beside an 8 read
  // as a 1: MNIST holds a few).
  const NumberScore score = score_numbers(model.network, t10k, 2000, 2024);
  report("MNIST t10k", score);
  EXPECT_GE(score.numbers_right, 0.965);
  // Splitting loses (almost) nothing: digits inside numbers read nearly as
  // well as the same digits alone.
  EXPECT_GE(score.digits_right, score.single_digits - 0.01);
}

TEST(NumberReading, ReadsFourDigitNumbersOfTheFixtureDigits) {
  const fs::path data = fs::path(DIGITPAD_SOURCE_DIR) / "tests" / "data";
  const Dataset digits = read_idx_pair((data / "opencv-digits-500-images-idx3-ubyte.gz").string(),
                                       (data / "opencv-digits-500-labels-idx1-ubyte.gz").string());
  const Model model = load_model(kModelPath.string());
  // Measured: 99.0% of 500 numbers read exactly, 99.6% of their digits right,
  // 99.85% of the same digits alone; the floor sits a little under that.
  const NumberScore score = score_numbers(model.network, digits, 500, 2024);
  report("opencv-digits-500 fixture", score);
  EXPECT_GE(score.numbers_right, 0.97);
  EXPECT_GE(score.digits_right, score.single_digits - 0.01);
}

TEST(NumberReading, ANumbersConfidenceIsItsLeastSureDigit) {
  NumberReading reading;
  EXPECT_EQ(reading.text(), "");
  EXPECT_EQ(reading.confidence(), 0.0f);
  const std::pair<int, float> digits[] = {{4, 0.99f}, {0, 0.62f}, {7, 0.95f}};
  for (const auto& [digit, probability] : digits) {
    ReadDigit read;
    read.digit = digit;
    read.probability = probability;
    reading.digits.push_back(read);
  }
  EXPECT_EQ(reading.text(), "407");
  EXPECT_FLOAT_EQ(reading.confidence(), 0.62f);
}

TEST(NumberReading, ABlankDrawingReadsAsNoDigits) {
  const Model model = load_model(kModelPath.string());
  const std::vector<std::uint8_t> white(64 * 32, 255);
  const NumberReading reading = read_number(model.network, GrayImageView{white.data(), 64, 32, 64});
  EXPECT_TRUE(reading.empty());
}

}  // namespace
}  // namespace digitpad
