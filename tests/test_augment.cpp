// SPDX-License-Identifier: GPL-3.0-or-later
// Training-time augmentation: each distortion does what its name says (moves,
// turns, scales, slants, thickens or thins the strokes), nothing happens when
// it is off, and a seed always gives the same digits.
#include "core/data/augment.h"
#include "core/data/dataset.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace digitpad {
namespace {

using Pixels = std::vector<float>;

// A digit-like test image: a "7" of two-pixel strokes with soft edges, well
// inside the 20x20 box MNIST digits occupy.
Pixels seven() {
  Pixels image(kImagePixels, 0.0f);
  auto ink = [&](int x, int y, float v) { image[static_cast<std::size_t>(y * kImageSide + x)] = v; };
  for (int x = 8; x <= 19; ++x) {
    ink(x, 7, 1.0f);
    ink(x, 8, 1.0f);
    ink(x, 9, 0.4f);
  }
  for (int y = 9; y <= 21; ++y) {
    const int x = 19 - (y - 9) / 2;
    ink(x, y, 1.0f);
    ink(x - 1, y, 1.0f);
    ink(x - 2, y, 0.3f);
  }
  return image;
}

float mass(const Pixels& image) {
  double sum = 0;
  for (float v : image) sum += v;
  return static_cast<float>(sum);
}

struct Moments {
  double x = 0, y = 0;    // centre of mass
  double xx = 0, yy = 0;  // variances about it
};
Moments moments(const Pixels& image) {
  Moments m;
  double total = 0;
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x) {
      const double v = image[static_cast<std::size_t>(y * kImageSide + x)];
      total += v;
      m.x += v * x;
      m.y += v * y;
    }
  m.x /= total;
  m.y /= total;
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x) {
      const double v = image[static_cast<std::size_t>(y * kImageSide + x)];
      m.xx += v * (x - m.x) * (x - m.x) / total;
      m.yy += v * (y - m.y) * (y - m.y) / total;
    }
  return m;
}

Pixels transformed(const Pixels& in, const DigitTransform& t) {
  Pixels out(kImagePixels, -1.0f);
  transform_digit(in.data(), out.data(), t);
  return out;
}

// `count` copies of the seven plus random images, as one batch.
Eigen::MatrixXf batch_of(int count) {
  Eigen::MatrixXf batch(kImagePixels, count);
  const Pixels digit = seven();
  std::mt19937 engine(5);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  for (int c = 0; c < count; ++c)
    for (int p = 0; p < kImagePixels; ++p)
      batch(p, c) = c % 2 == 0 ? digit[static_cast<std::size_t>(p)] : unit(engine);
  return batch;
}

TEST(Augment, IdentitySettingsGiveTheInputBackExactly) {
  const Eigen::MatrixXf in = batch_of(6);
  std::mt19937_64 engine(1);
  Eigen::MatrixXf out;

  AugmentationSettings off = AugmentationSettings::recommended();
  off.enabled = false;  // every range set, but switched off
  augment_batch(in, out, off, engine);
  EXPECT_EQ(out, in);

  AugmentationSettings zero;  // switched on, but every range empty
  zero.enabled = true;
  EXPECT_TRUE(zero.is_identity());
  augment_batch(in, out, zero, engine);
  EXPECT_EQ(out, in);

  // The transform itself, not only the shortcut, is exact when it is the identity.
  const Pixels digit = seven();
  EXPECT_EQ(transformed(digit, DigitTransform{}), digit);
  EXPECT_FALSE(AugmentationSettings::recommended().is_identity());
}

TEST(Augment, ShiftMovesTheCentreOfMassByTheShift) {
  const Pixels digit = seven();
  const Moments before = moments(digit);
  for (const auto& [dx, dy] : std::vector<std::pair<float, float>>{{2, -3}, {-1.5f, 0.5f}, {0.25f, 2.75f}}) {
    DigitTransform t;
    t.shift_x = dx;
    t.shift_y = dy;
    const Pixels out = transformed(digit, t);
    const Moments after = moments(out);
    EXPECT_NEAR(after.x - before.x, dx, 1e-4) << dx << "," << dy;
    EXPECT_NEAR(after.y - before.y, dy, 1e-4) << dx << "," << dy;
    EXPECT_NEAR(mass(out), mass(digit), 1e-3);  // nothing pushed off the image
  }
}

TEST(Augment, RandomShiftsStayWithinTheirRange) {
  AugmentationSettings s;
  s.enabled = true;
  s.max_shift_px = 3;
  const Pixels digit = seven();
  Eigen::MatrixXf in(kImagePixels, 50);
  for (int c = 0; c < 50; ++c) in.col(c) = Eigen::Map<const Eigen::VectorXf>(digit.data(), kImagePixels);
  std::mt19937_64 engine(9);
  Eigen::MatrixXf out;
  augment_batch(in, out, s, engine);
  const Moments before = moments(digit);
  double smallest_x = 99, largest_x = -99;
  for (int c = 0; c < 50; ++c) {
    const Pixels column(out.col(c).data(), out.col(c).data() + kImagePixels);
    const Moments after = moments(column);
    EXPECT_LE(std::abs(after.x - before.x), 3.0 + 1e-4);
    EXPECT_LE(std::abs(after.y - before.y), 3.0 + 1e-4);
    smallest_x = std::min(smallest_x, after.x - before.x);
    largest_x = std::max(largest_x, after.x - before.x);
  }
  // Fifty draws spread over most of [-3, 3].
  EXPECT_LT(smallest_x, -1.5);
  EXPECT_GT(largest_x, 1.5);
}

TEST(Augment, RotationKeepsMassAndTurnsTheShape) {
  const Pixels digit = seven();
  for (float degrees : {-15.0f, 8.0f, 15.0f}) {
    DigitTransform t;
    t.rotation_deg = degrees;
    EXPECT_NEAR(mass(transformed(digit, t)) / mass(digit), 1.0, 0.03) << degrees;
  }
  // A horizontal bar through the centre turned by 90 degrees is a vertical one.
  Pixels bar(kImagePixels, 0.0f);
  for (int x = 6; x <= 21; ++x) bar[static_cast<std::size_t>(13 * kImageSide + x)] = 1.0f;
  DigitTransform quarter;
  quarter.rotation_deg = 90;
  const Moments turned = moments(transformed(bar, quarter));
  EXPECT_GT(turned.yy, 10 * turned.xx);
  EXPECT_NEAR(mass(transformed(bar, quarter)), mass(bar), 0.05);
  // Counter-clockwise on screen: a bar from the centre to the right ends up pointing up.
  Pixels arm(kImagePixels, 0.0f);
  for (int x = 16; x <= 22; ++x) arm[static_cast<std::size_t>(14 * kImageSide + x)] = 1.0f;
  EXPECT_LT(moments(transformed(arm, quarter)).y, 13.5 - 3);
}

TEST(Augment, ScaleAndShearChangeSizeAndSlant) {
  const Pixels digit = seven();
  const Moments before = moments(digit);
  DigitTransform small;
  small.scale = 0.8f;
  const Pixels shrunk = transformed(digit, small);
  // Area, and so ink, goes with scale^2; spread with scale.
  EXPECT_NEAR(mass(shrunk) / mass(digit), 0.64, 0.03);
  EXPECT_NEAR(std::sqrt(moments(shrunk).yy / before.yy), 0.8, 0.05);

  // Shear x += s*(y - centre): the bottom of the 7 moves right, the top left.
  DigitTransform slant;
  slant.shear = 0.3f;
  const Pixels slanted = transformed(digit, slant);
  auto row_centre = [](const Pixels& image, int y) {
    double sum = 0, weighted = 0;
    for (int x = 0; x < kImageSide; ++x) {
      sum += image[static_cast<std::size_t>(y * kImageSide + x)];
      weighted += x * image[static_cast<std::size_t>(y * kImageSide + x)];
    }
    return weighted / sum;
  };
  EXPECT_NEAR(row_centre(slanted, 20) - row_centre(digit, 20), 0.3 * (20 - 13.5), 0.2);
  EXPECT_NEAR(row_centre(slanted, 8) - row_centre(digit, 8), 0.3 * (8 - 13.5), 0.2);
}

TEST(Augment, ThickenAddsInkAndThinRemovesIt) {
  const Pixels digit = seven();
  DigitTransform thick, thin;
  thick.thickness = 0.6f;
  thin.thickness = -0.6f;
  EXPECT_GT(mass(transformed(digit, thick)), 1.2f * mass(digit));
  EXPECT_LT(mass(transformed(digit, thin)), 0.8f * mass(digit));

  // Full strength is a dilation by the plus-shaped neighbourhood: one dot
  // becomes a five-pixel cross; erosion removes it.
  Pixels dot(kImagePixels, 0.0f);
  dot[static_cast<std::size_t>(10 * kImageSide + 10)] = 1.0f;
  DigitTransform full;
  full.thickness = 1.0f;
  const Pixels cross = transformed(dot, full);
  EXPECT_FLOAT_EQ(mass(cross), 5.0f);
  EXPECT_FLOAT_EQ(cross[static_cast<std::size_t>(9 * kImageSide + 10)], 1.0f);
  EXPECT_FLOAT_EQ(cross[static_cast<std::size_t>(9 * kImageSide + 9)], 0.0f);
  full.thickness = -1.0f;
  EXPECT_FLOAT_EQ(mass(transformed(dot, full)), 0.0f);
}

TEST(Augment, SameSeedSameDigitsOtherSeedOtherDigits) {
  const Eigen::MatrixXf in = batch_of(20);
  const AugmentationSettings s = AugmentationSettings::recommended();
  Eigen::MatrixXf a, b, c;
  std::mt19937_64 first(123), second(123), third(124);
  augment_batch(in, a, s, first);
  augment_batch(in, b, s, second);
  augment_batch(in, c, s, third);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // The next batch from the same generator differs: a fresh draw per batch.
  augment_batch(in, b, s, second);
  EXPECT_NE(a, b);
}

TEST(Augment, DrawsDoNotDependOnTheStandardLibrary) {
  // Pinned values: mt19937_64 is fully specified by the standard and the
  // draws are our own arithmetic, so these hold on every machine.
  AugmentationSettings s = AugmentationSettings::recommended();
  std::mt19937_64 engine(42);
  std::mt19937_64 reference(42);
  const double u = static_cast<double>(reference() >> 11) * 0x1.0p-53;
  const DigitTransform t = draw_transform(s, engine);
  EXPECT_FLOAT_EQ(t.shift_x, static_cast<float>((2 * u - 1) * 2.5));
  // Every draw takes the same eight numbers whatever the settings.
  std::mt19937_64 other(42);
  AugmentationSettings none;
  draw_transform(none, other);
  reference.discard(7);
  EXPECT_EQ(other(), reference());
}

TEST(Augment, OutputStaysInTheUnitRange) {
  AugmentationSettings strong;
  strong.enabled = true;
  strong.max_shift_px = 4;
  strong.max_rotation_deg = 30;
  strong.min_scale = 0.6f;
  strong.max_scale = 1.4f;
  strong.max_shear = 0.5f;
  strong.thickness_probability = 1;
  strong.thickness_strength = 1;
  const Eigen::MatrixXf in = batch_of(40);
  std::mt19937_64 engine(3);
  Eigen::MatrixXf out;
  augment_batch(in, out, strong, engine);
  ASSERT_EQ(out.rows(), in.rows());
  ASSERT_EQ(out.cols(), in.cols());
  EXPECT_GE(out.minCoeff(), 0.0f);
  EXPECT_LE(out.maxCoeff(), 1.0f);
  EXPECT_GT(out.sum(), 0.0f);
}

TEST(Augment, RejectsBadSettingsAndShapes) {
  AugmentationSettings s = AugmentationSettings::recommended();
  s.min_scale = 1.2f;
  s.max_scale = 0.9f;
  EXPECT_THROW(s.validate(), Error);
  s = AugmentationSettings::recommended();
  s.thickness_probability = 1.5f;
  EXPECT_THROW(s.validate(), Error);
  s = AugmentationSettings::recommended();
  s.max_rotation_deg = std::nanf("");
  EXPECT_THROW(s.validate(), Error);
  EXPECT_NO_THROW(AugmentationSettings::recommended().validate());

  std::mt19937_64 engine(1);
  Eigen::MatrixXf out;
  EXPECT_THROW(augment_batch(Eigen::MatrixXf::Zero(10, 3), out, AugmentationSettings::recommended(), engine), Error);
}

}  // namespace
}  // namespace digitpad
