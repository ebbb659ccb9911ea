// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/canvas_column.h"

#include "ui/pad/drawing_canvas.h"

#include <QResizeEvent>

#include <algorithm>
#include <cmath>

namespace digitpad {

CanvasColumn::CanvasColumn(DrawingCanvas* canvas, QWidget* tools, QWidget* parent)
    : QWidget(parent), canvas_(canvas), tools_(tools) {
  canvas_->setParent(this);
  tools_->setParent(this);
  // Takes the pane's width and height; resizeEvent centres the square.
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void CanvasColumn::setWide(bool wide) {
  if (wide == wide_) return;
  wide_ = wide;
  if (wide_) {
    canvas_->setMinimumSize(DrawingCanvas::kMinimumSide, kMinimumWideHeight);
    canvas_->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    // As tall as its sizeHint (which follows the width), never taller.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
  } else {
    canvas_->setMinimumSize(DrawingCanvas::kMinimumSide, DrawingCanvas::kMinimumSide);
    canvas_->setMaximumSize(DrawingCanvas::kMaximumSide, DrawingCanvas::kMaximumSide);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  }
  updateGeometry();
  wide_ ? placeWide() : placeSquare();
}

QSize CanvasColumn::sizeHint() const {
  if (wide_)
    return around(static_cast<int>(std::lround(std::max(width(), DrawingCanvas::kMinimumSide) * kWideAspect)));
  return around(canvas_->sizeHint().width());
}

QSize CanvasColumn::minimumSizeHint() const {
  return around(wide_ ? kMinimumWideHeight : DrawingCanvas::kMinimumSide);
}

QSize CanvasColumn::around(int canvas_height) const {
  const QSize tools = tools_->minimumSizeHint();
  const int canvas_width = wide_ ? DrawingCanvas::kMinimumSide : canvas_height;
  return {std::max(canvas_width, tools.width()), canvas_height + kSpacing + tools_->sizeHint().height()};
}

void CanvasColumn::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (!wide_) return placeSquare();
  placeWide();
  // The height asked for follows the width.
  if (event->oldSize().width() != width()) updateGeometry();
}

void CanvasColumn::placeSquare() {
  const int tools_height = tools_->sizeHint().height();
  const int side = std::clamp(std::min(width(), height() - tools_height - kSpacing), DrawingCanvas::kMinimumSide,
                              DrawingCanvas::kMaximumSide);
  const int left = std::max(0, (width() - side) / 2);
  canvas_->setGeometry(left, 0, side, side);
  // As wide as the canvas, unless a short window makes the canvas narrower
  // than the tools need: then wider, still centred, so that no label is cut.
  const int tools_width = std::min(width(), std::max(side, tools_->minimumSizeHint().width()));
  tools_->setGeometry(std::max(0, (width() - tools_width) / 2), side + kSpacing, tools_width, tools_height);
}

void CanvasColumn::placeWide() {
  const int tools_height = tools_->sizeHint().height();
  const int wanted = static_cast<int>(std::lround(width() * kWideAspect));
  const int canvas_height = std::max(kMinimumWideHeight, std::min(wanted, height() - tools_height - kSpacing));
  canvas_->setGeometry(0, 0, width(), canvas_height);
  tools_->setGeometry(0, canvas_height + kSpacing, width(), tools_height);
}

}  // namespace digitpad
