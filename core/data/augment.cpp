// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/augment.h"

#include "core/data/dataset.h"
#include "core/util/error.h"
#include "core/util/parallel_for.h"
#include "core/util/random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace digitpad {
namespace {

using Image = std::array<float, kImagePixels>;

// Uniform in [-limit, limit).
float symmetric(std::mt19937_64& engine, float limit) {
  return static_cast<float>((2.0 * uniform01(engine) - 1.0) * limit);
}

// Grey-level dilation (max) or erosion (min) over the pixel and its four
// neighbours, outside the image counting as background. The plus-shaped
// neighbourhood rather than the full 3x3 square: MNIST strokes are only two to
// three pixels wide, and the square's diagonal reach makes them blobs or
// erases them outright.
template <typename Pick>
void morph(const float* in, float* out, Pick pick) {
  for (int y = 0; y < kImageSide; ++y) {
    for (int x = 0; x < kImageSide; ++x) {
      const int i = y * kImageSide + x;
      float v = in[i];
      v = pick(v, x > 0 ? in[i - 1] : 0.0f);
      v = pick(v, x + 1 < kImageSide ? in[i + 1] : 0.0f);
      v = pick(v, y > 0 ? in[i - kImageSide] : 0.0f);
      v = pick(v, y + 1 < kImageSide ? in[i + kImageSide] : 0.0f);
      out[i] = v;
    }
  }
}

// in + |amount| * (morphed - in): a fractional stroke change, so that the
// strength setting varies the pen width by less than a whole pixel.
void change_thickness(const float* in, float* out, float amount) {
  Image morphed;
  if (amount > 0)
    morph(in, morphed.data(), [](float a, float b) { return std::max(a, b); });
  else
    morph(in, morphed.data(), [](float a, float b) { return std::min(a, b); });
  const float blend = std::abs(amount);
  for (int i = 0; i < kImagePixels; ++i) out[i] = in[i] + blend * (morphed[i] - in[i]);
}

bool is_affine_identity(const DigitTransform& t) {
  return t.shift_x == 0 && t.shift_y == 0 && t.rotation_deg == 0 && t.scale == 1 && t.shear == 0;
}

void check_range(const char* name, float value, float low, float high) {
  if (!(value >= low && value <= high)) {
    std::ostringstream message;
    message << "augmentation: " << name << " must be between " << low << " and " << high << ", not " << value;
    throw Error(message.str());
  }
}

}  // namespace

AugmentationSettings AugmentationSettings::recommended() {
  AugmentationSettings s;
  s.enabled = true;
  s.max_shift_px = 2.5f;
  s.max_rotation_deg = 12.0f;
  s.min_scale = 0.85f;
  s.max_scale = 1.15f;
  s.max_shear = 0.25f;
  s.thickness_probability = 0.5f;
  s.thickness_strength = 0.6f;
  return s;
}

bool AugmentationSettings::is_identity() const {
  return !enabled || (max_shift_px == 0 && max_rotation_deg == 0 && min_scale == 1 && max_scale == 1 &&
                      max_shear == 0 && (thickness_probability == 0 || thickness_strength == 0));
}

void AugmentationSettings::validate() const {
  check_range("shift", max_shift_px, 0, 14);
  check_range("rotation", max_rotation_deg, 0, 180);
  check_range("minimum scale", min_scale, 0.1f, 4);
  check_range("maximum scale", max_scale, 0.1f, 4);
  if (min_scale > max_scale) throw Error("augmentation: the minimum scale is larger than the maximum");
  check_range("shear", max_shear, 0, 2);
  check_range("thickness probability", thickness_probability, 0, 1);
  check_range("thickness strength", thickness_strength, 0, 1);
}

DigitTransform draw_transform(const AugmentationSettings& s, std::mt19937_64& engine) {
  DigitTransform t;
  t.shift_x = symmetric(engine, s.max_shift_px);
  t.shift_y = symmetric(engine, s.max_shift_px);
  t.rotation_deg = symmetric(engine, s.max_rotation_deg);
  t.scale = static_cast<float>(s.min_scale + (s.max_scale - s.min_scale) * uniform01(engine));
  t.shear = symmetric(engine, s.max_shear);
  const bool change = uniform01(engine) < s.thickness_probability;
  const bool thicken = uniform01(engine) < 0.5;
  const float amount = static_cast<float>(s.thickness_strength * uniform01(engine));
  if (change) t.thickness = thicken ? amount : -amount;
  return t;
}

void transform_digit(const float* in, float* out, const DigitTransform& t) {
  Image thickened;
  const float* source = in;
  if (t.thickness != 0) {
    change_thickness(in, thickened.data(), t.thickness);
    source = thickened.data();
  }
  if (is_affine_identity(t)) {
    for (int i = 0; i < kImagePixels; ++i) out[i] = std::clamp(source[i], 0.0f, 1.0f);
    return;
  }

  // Inverse map: p_in = A^-1 (p_out - c - shift) + c with
  // A^-1 = shear^-1 * scale^-1 * rotation^-1. In image coordinates (y down), a
  // counter-clockwise turn on screen is [[cos, sin], [-sin, cos]]; its inverse
  // is the transpose.
  constexpr double kCentre = (kImageSide - 1) / 2.0;
  const double angle = t.rotation_deg * 3.14159265358979323846 / 180.0;
  const double c = std::cos(angle), s = std::sin(angle), k = 1.0 / t.scale, h = t.shear;
  // [[1, -h], [0, 1]] * k * [[c, -s], [s, c]]
  const float m00 = static_cast<float>(k * (c - h * s)), m01 = static_cast<float>(k * (-s - h * c));
  const float m10 = static_cast<float>(k * s), m11 = static_cast<float>(k * c);
  const float ox = static_cast<float>(kCentre + t.shift_x), oy = static_cast<float>(kCentre + t.shift_y);
  const float centre = static_cast<float>(kCentre);

  auto pixel = [source](int x, int y) {
    return x >= 0 && x < kImageSide && y >= 0 && y < kImageSide ? source[y * kImageSide + x] : 0.0f;
  };
  for (int y = 0; y < kImageSide; ++y) {
    const float dy = static_cast<float>(y) - oy;
    for (int x = 0; x < kImageSide; ++x) {
      const float dx = static_cast<float>(x) - ox;
      const float sx = m00 * dx + m01 * dy + centre;
      const float sy = m10 * dx + m11 * dy + centre;
      const float fx0 = std::floor(sx), fy0 = std::floor(sy);
      float value = 0;
      // Far outside: background without touching the source.
      if (fx0 >= -1 && fx0 < kImageSide && fy0 >= -1 && fy0 < kImageSide) {
        const int x0 = static_cast<int>(fx0), y0 = static_cast<int>(fy0);
        const float ax = sx - fx0, ay = sy - fy0;
        const float top = pixel(x0, y0) + ax * (pixel(x0 + 1, y0) - pixel(x0, y0));
        const float bottom = pixel(x0, y0 + 1) + ax * (pixel(x0 + 1, y0 + 1) - pixel(x0, y0 + 1));
        value = top + ay * (bottom - top);
      }
      out[y * kImageSide + x] = std::clamp(value, 0.0f, 1.0f);
    }
  }
}

void augment_batch(const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::MatrixXf& out,
                   const AugmentationSettings& settings, std::mt19937_64& engine) {
  if (in.rows() != kImagePixels)
    throw Error("augmentation: images have " + std::to_string(in.rows()) + " pixels, expected " +
                std::to_string(kImagePixels));
  if (settings.is_identity()) {
    out = in;
    return;
  }
  settings.validate();
  out.resize(in.rows(), in.cols());
  // The distortions are drawn in order on this thread, so the same seed gives
  // the same batch however many threads then apply them. A Ref<const
  // MatrixXf> has unit inner stride: each column is one contiguous image.
  std::vector<DigitTransform> transforms;
  transforms.reserve(static_cast<std::size_t>(in.cols()));
  for (Eigen::Index j = 0; j < in.cols(); ++j) transforms.push_back(draw_transform(settings, engine));
  // Applied in pieces of an eighth of the batch, which the threads take as they come free.
  parallel_chunks(in.cols(), (in.cols() + 7) / 8, [&](int, std::int64_t first, std::int64_t end) {
    for (Eigen::Index j = first; j < end; ++j)
      transform_digit(in.col(j).data(), out.col(j).data(), transforms[static_cast<std::size_t>(j)]);
  });
}

}  // namespace digitpad
