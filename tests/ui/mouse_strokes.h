// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Drawing on the canvas in widget tests with real mouse events, as a user's
// hand would: press, a run of moves, release.

#include "ui/pad/drawing_canvas.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPointF>

namespace digitpad::test {

// One mouse event at `position` (widget coordinates); moves carry no button
// of their own, only the buttons held.
inline void send_mouse(QWidget* widget, QEvent::Type type, const QPointF& position, Qt::MouseButtons buttons) {
  const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

// A straight stroke between two points given as fractions of the canvas side.
inline void draw_line(DrawingCanvas* canvas, QPointF from, QPointF to) {
  const double side = canvas->width();
  constexpr int kSteps = 20;
  send_mouse(canvas, QEvent::MouseButtonPress, from * side, Qt::LeftButton);
  for (int i = 1; i <= kSteps; ++i)
    send_mouse(canvas, QEvent::MouseMove, (from + (to - from) * (static_cast<double>(i) / kSteps)) * side,
               Qt::LeftButton);
  send_mouse(canvas, QEvent::MouseButtonRelease, to * side, Qt::NoButton);
}

}  // namespace digitpad::test
