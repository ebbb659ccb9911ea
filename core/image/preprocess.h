// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <optional>

namespace digitpad {

// A view of an 8-bit grayscale image owned by the caller (a QImage's bits, a
// decoded file, a canvas). 0 = black, 255 = white.
struct GrayImageView {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes per row
};

enum class InkPolarity {
  Auto,         // decided from the border: the border's colour is the background
  DarkOnLight,  // pen on paper, a canvas
  LightOnDark,  // MNIST's own convention
};

// The one path from a drawing to the network's input, shared by the canvas and
// `digitpad-cli predict`, following how MNIST itself was made:
//   1. ink = distance from the background (inverted when dark on light),
//      faint noise below a threshold ignored;
//   2. crop to the ink's bounding box;
//   3. scale (area-averaging, i.e. anti-aliased) so the longer side is 20 px,
//      keeping the aspect ratio;
//   4. place in a 28x28 frame so that the centre of mass is at the centre.
// Returns a kImagePixels vector in [0,1] (row-major, ink = 1), or nullopt when
// the image holds no ink: a blank canvas is not a digit.
std::optional<Eigen::VectorXf> preprocess_digit(const GrayImageView& image, InkPolarity polarity = InkPolarity::Auto);

}  // namespace digitpad
