// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>

#include <string>

namespace digitpad {

// The shape of one sample as it flows through a network: channels x height x
// width. A batch is a matrix with one sample per column, each column holding
// the channels one after another, each channel row by row (NCHW, as PyTorch
// and ONNX lay tensors out), so a dense layer simply sees a flat vector.
struct Shape {
  int channels = 1;
  int height = 1;
  int width = 1;

  // A plain vector of `size` values, a 1x1 map with that many channels.
  static Shape flat(int size) { return {size, 1, 1}; }
  Eigen::Index size() const { return Eigen::Index{channels} * height * width; }
  // "1x28x28"
  std::string text() const {
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
  }

  bool operator==(const Shape&) const = default;
};

}  // namespace digitpad
