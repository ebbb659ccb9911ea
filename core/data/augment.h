// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <random>

namespace digitpad {

// Random distortions of 28x28 training digits, drawn afresh for every batch so
// that the network sees a digit in a different pose each epoch: the variety of
// drawings on a canvas (off-centre, slanted, small or large, thick or thin pen)
// that a fixed training set lacks.
struct AugmentationSettings {
  bool enabled = false;
  float max_shift_px = 0;              // shift per axis, uniform in [-max, max] pixels
  float max_rotation_deg = 0;          // rotation uniform in [-max, max] degrees
  float min_scale = 1, max_scale = 1;  // uniform scale factor in [min, max]
  float max_shear = 0;                 // horizontal shear x += s*y, s uniform in [-max, max]
  float thickness_probability = 0;     // chance that a digit's strokes are thickened or thinned
  float thickness_strength = 0.6f;     // largest blend toward the dilated/eroded image, in [0, 1]

  // Moderate distortions that keep every digit readable: what the Recommended
  // preset and `--augment` use.
  static AugmentationSettings recommended();

  // Whether no setting changes a digit (then augment_batch only copies).
  bool is_identity() const;
  // Throws Error naming the first setting out of range.
  void validate() const;

  bool operator==(const AugmentationSettings&) const = default;
};

// One digit's distortion. The affine part maps input pixel coordinates p to
// output coordinates  A (p - c) + c + shift  with c the image centre and
// A = rotation * scale * shear.
struct DigitTransform {
  float shift_x = 0, shift_y = 0;  // pixels; +x right, +y down
  float rotation_deg = 0;          // counter-clockwise as seen on screen
  float scale = 1;
  float shear = 0;
  float thickness = 0;  // > 0 thickens, < 0 thins; |t| in [0, 1] is the blend
};

// Draws one digit's transform. Always consumes the same number of draws, so
// changing one setting does not change the values the others get; uses its
// own uniform draws (not std::uniform_real_distribution, whose algorithm
// varies between standard libraries) so a seed gives the same digits everywhere.
DigitTransform draw_transform(const AugmentationSettings& settings, std::mt19937_64& engine);

// Applies `t` to one 28x28 image (kImagePixels floats, row-major): the stroke
// change on the input grid, then the affine map by inverse mapping with
// bilinear sampling (outside the image counts as background). `in` and `out`
// must not overlap. Results are clamped to [0, 1].
void transform_digit(const float* in, float* out, const DigitTransform& t);

// `out` (resized to in's shape) = every column of `in` (784 x B) distorted by
// its own draw from `engine`. Disabled or identity settings copy `in` as is.
void augment_batch(const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::MatrixXf& out,
                   const AugmentationSettings& settings, std::mt19937_64& engine);

}  // namespace digitpad
