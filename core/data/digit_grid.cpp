// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/digit_grid.h"

#include "core/image/preprocess.h"
#include "core/util/error.h"

#include <optional>

namespace digitpad {
namespace {

void check_layout(const std::string& source, const DigitGridLayout& layout) {
  if (layout.cell <= 0 || layout.cell > kImageSide || layout.columns <= 0 || layout.rows <= 0 ||
      layout.rows_per_class <= 0)
    throw Error(source + ": invalid grid layout (cell " + std::to_string(layout.cell) + " px, " +
                std::to_string(layout.columns) + "x" + std::to_string(layout.rows) + " cells, " +
                std::to_string(layout.rows_per_class) + " rows per class; cells must be 1-" +
                std::to_string(kImageSide) + " px)");
  if ((layout.rows - 1) / layout.rows_per_class >= kClassCount)
    throw Error(source + ": invalid grid layout (" + std::to_string(layout.rows) + " rows of " +
                std::to_string(layout.rows_per_class) + " per class would need more than " +
                std::to_string(kClassCount) + " classes)");
}

// One cell in MNIST form through the same preprocessing as a canvas drawing
// (crop, longer side to 20 px, centre of mass at the frame's centre). The cells
// are not MNIST's 20-pixel boxes: measured on digits.png, each is a whole 28x28
// MNIST frame shrunk to 20x20 (median ink box 15x12 px against MNIST's 20x15),
// so padding them would train the network on digits a third smaller than what
// users draw. A blank cell stays blank.
void place_cell(const std::uint8_t* cell_pixels, int stride, int cell, Eigen::Ref<Eigen::VectorXf> frame) {
  const std::optional<Eigen::VectorXf> digit =
      preprocess_digit(GrayImageView{cell_pixels, cell, cell, stride}, InkPolarity::LightOnDark);
  if (digit)
    frame = *digit;
  else
    frame.setZero();
}

}  // namespace

Dataset digits_from_grid(const std::uint8_t* pixels, int width, int height, int stride, const std::string& source,
                         const DigitGridLayout& layout) {
  check_layout(source, layout);
  // 64-bit products: a silly layout must give an error, not an overflow.
  const long long expected_width = static_cast<long long>(layout.cell) * layout.columns;
  const long long expected_height = static_cast<long long>(layout.cell) * layout.rows;
  if (width != expected_width || height != expected_height)
    throw Error(source + ": image is " + std::to_string(width) + "x" + std::to_string(height) + ", expected " +
                std::to_string(expected_width) + "x" + std::to_string(expected_height) + " (" +
                std::to_string(layout.columns) + "x" + std::to_string(layout.rows) + " cells of " +
                std::to_string(layout.cell) + " px)");
  if (pixels == nullptr || stride < width)
    throw Error(source + ": no pixel data (or a row stride of " + std::to_string(stride) + " bytes for " +
                std::to_string(width) + " pixels)");

  const int count = layout.columns * layout.rows;
  Dataset data;
  data.source = source;
  data.images.resize(kImagePixels, count);
  data.labels.resize(static_cast<std::size_t>(count));
  // Reading order: cell row by cell row, left to right within a row.
  for (int row = 0; row < layout.rows; ++row) {
    for (int column = 0; column < layout.columns; ++column) {
      const int index = row * layout.columns + column;
      const std::uint8_t* cell_pixels = pixels + static_cast<std::ptrdiff_t>(row) * layout.cell * stride +
                                        static_cast<std::ptrdiff_t>(column) * layout.cell;
      place_cell(cell_pixels, stride, layout.cell, data.images.col(index));
      data.labels[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(row / layout.rows_per_class);
    }
  }
  return data;
}

}  // namespace digitpad
