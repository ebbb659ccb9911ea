// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Turning a scanned digit back into pen strokes, for the drawn-digit benchmark
// (digitpad-cli make-drawn, via ui/headless/images/drawn_set.h): an MNIST digit is enlarged, binarised, thinned to
// a one-pixel skeleton and traced into smooth polylines, which can then be
// redrawn on a canvas with any pen, as a person drawing that digit would.
// Plain C++ (no Qt), so the geometry is unit-tested on its own.

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace digitpad {

// A binary image, 1 = ink. Reads outside the grid are 0.
struct BitGrid {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> cells;  // row-major

  BitGrid() = default;
  BitGrid(int w, int h) : width(w), height(h), cells(static_cast<std::size_t>(w) * h, 0) {}

  bool at(int x, int y) const {
    return x >= 0 && y >= 0 && x < width && y < height && cells[static_cast<std::size_t>(y) * width + x] != 0;
  }
  void set(int x, int y, bool ink) { cells[static_cast<std::size_t>(y) * width + x] = ink ? 1 : 0; }
  int count() const;
};

struct StrokePoint {
  float x = 0;
  float y = 0;
};
using Polyline = std::vector<StrokePoint>;

// The digit (kImagePixels values, row-major, ink = 1) enlarged `scale` times
// by bilinear interpolation and thresholded at `threshold`: smooth outlines
// without the 28x28 staircase, so the skeleton has few spurs.
BitGrid upscale_and_threshold(const Eigen::Ref<const Eigen::VectorXf>& digit, int scale, float threshold);

// Zhang-Suen thinning (1984) to an 8-connected skeleton, then removal of the
// staircase corners it leaves (a pixel whose neighbours stay connected without
// it), so every line pixel has exactly two neighbours. Connectivity and line
// ends are preserved.
void thin_to_skeleton(BitGrid& grid);

// Follows the skeleton from node to node (ends and junctions: pixels without
// exactly two neighbours) and around closed loops. Each pixel path becomes one
// polyline of pixel centres. Spurs, short branches from a junction to a free
// end (artefacts of thinning a blob), are dropped when shorter than
// `min_spur_pixels`.
std::vector<Polyline> trace_skeleton(const BitGrid& skeleton, int min_spur_pixels);

// Moving average over `radius` points on each side (ends stay fixed; a closed
// polyline, first point equal to last, is smoothed around), then every
// `step`-th point: pixel staircases become the smooth line a pen would draw.
Polyline smooth_polyline(const Polyline& line, int radius, int step);

// The whole path for one MNIST digit: strokes in 28x28 pixel coordinates.
std::vector<Polyline> strokes_from_digit(const Eigen::Ref<const Eigen::VectorXf>& digit);

}  // namespace digitpad
