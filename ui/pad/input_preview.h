// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/digit_frame.h"
#include "core/recognition/explanation.h"

#include <Eigen/Core>
#include <QWidget>

#include <optional>

namespace digitpad {

// The network's 28x28 input drawn large, one square per pixel with no
// smoothing and thin grid lines between them, white ink on black as in MNIST:
// it shows the user exactly what the preprocessing made of the drawing. Given
// more room than kMinimumCell pixels per cell, the cells grow by whole pixels.
// With a heat map set ("Why?"), each cell is tinted by it (heat_colour: red
// towards the answer, blue towards the runner-up).
class InputPreview : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kSide = kImageSide;
  static constexpr int kMinimumCell = 8;

  explicit InputPreview(QWidget* parent = nullptr);

  // A kSide*kSide row-major vector in [0,1], ink = 1; nullopt shows an empty grid.
  void setInput(const std::optional<Eigen::VectorXf>& input);
  const std::optional<Eigen::VectorXf>& input() const { return input_; }

  // The heat map drawn over the input; an empty one draws none. Kept when the
  // input changes, so that a stroke's map is replaced, not blinked away, when
  // the next one is ready.
  void setHeatMap(const Explanation& explanation);
  void clearHeatMap() { setHeatMap(Explanation{}); }
  bool showsHeatMap() const { return !heat_map_.empty(); }
  const Explanation& heatMap() const { return heat_map_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::optional<Eigen::VectorXf> input_;
  Explanation heat_map_;
};

}  // namespace digitpad
