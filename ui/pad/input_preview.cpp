// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/input_preview.h"

#include "ui/headless/images/heat_map_image.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

// Grid lines are one pixel wide, so a grid of n cells of c pixels needs
// n * c + 1 pixels.
int grid_extent(int cell) { return InputPreview::kSide * cell + 1; }

}  // namespace

InputPreview::InputPreview(QWidget* parent) : QWidget(parent) {
  setObjectName("inputPreview");
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  setToolTip(
      tr("The drawing after preprocessing: cropped, scaled to 20 px,\n"
         "centred by its centre of mass in 28×28 pixels, as in MNIST."));
}

void InputPreview::setInput(const std::optional<Eigen::VectorXf>& input) {
  if (input && input->size() == kSide * kSide) {
    input_ = input;
  } else {
    input_.reset();
  }
  update();
}

void InputPreview::setHeatMap(const Explanation& explanation) {
  if (explanation.heat.size() == kSide * kSide)
    heat_map_ = explanation;
  else
    heat_map_ = Explanation{};
  update();
}

QSize InputPreview::sizeHint() const { return {grid_extent(kMinimumCell), grid_extent(kMinimumCell)}; }

QSize InputPreview::minimumSizeHint() const { return sizeHint(); }

void InputPreview::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  // Whole pixels per cell keep every cell the same size: no smoothing, no
  // uneven rows.
  const int cell = std::max(2, (std::min(width(), height()) - 1) / kSide);
  const int extent = grid_extent(cell);
  const QPoint origin((width() - extent) / 2, (height() - extent) / 2);

  painter.fillRect(rect(), palette().window());
  painter.fillRect(QRect(origin, QSize(extent, extent)), QColor(0x28, 0x2c, 0x34));  // grid lines
  const float strongest = heat_map_.strongest();
  for (int row = 0; row < kSide; ++row) {
    for (int column = 0; column < kSide; ++column) {
      const float ink = input_ ? std::clamp((*input_)(row * kSide + column), 0.0f, 1.0f) : 0.0f;
      const int level = static_cast<int>(std::lround(ink * 255.0f));
      const QRect square(origin.x() + 1 + column * cell, origin.y() + 1 + row * cell, cell - 1, cell - 1);
      painter.fillRect(square, QColor(level, level, level));
      if (showsHeatMap()) painter.fillRect(square, heat_colour(heat_map_.heat(row * kSide + column), strongest));
    }
  }
}

}  // namespace digitpad
