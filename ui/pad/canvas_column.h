// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

namespace digitpad {

class DrawingCanvas;

// The canvas with its tool row directly beneath it. Box layouts do not honour
// heightForWidth for a widget beside others, so the two are placed by hand.
//
// Square (Digit mode): the canvas kept square and as large as its limits and
// the space allow, the tools at the same width, the pair centred horizontally
// at the top; the column takes the pane's height.
//
// Wide (Number mode): the canvas spans the column's width and is kWideAspect
// as tall, like a line of writing; shorter when the window is. The pen
// scales with the canvas' height, so digits written about as tall as the
// canvas get the weight MNIST's have. The column then asks for just that
// height, and whatever is below it gets the rest.
class CanvasColumn : public QWidget {
 public:
  static constexpr int kSpacing = 8;
  static constexpr double kWideAspect = 0.5;
  static constexpr int kMinimumWideHeight = 180;

  CanvasColumn(DrawingCanvas* canvas, QWidget* tools, QWidget* parent);

  void setWide(bool wide);
  bool isWide() const { return wide_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QSize around(int canvas_height) const;
  void placeSquare();
  void placeWide();

  DrawingCanvas* canvas_;
  QWidget* tools_;
  bool wide_ = false;
};

}  // namespace digitpad
