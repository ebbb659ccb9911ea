// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRect>
#include <QWidget>

namespace digitpad {

// Light outlines over the canvas around each digit the Number mode found, so
// that the user sees how the drawing was split (a 1 too close to a 7 shows as
// one box). A transparent child of the canvas that takes no input: the mouse
// and the pen go through to the canvas, and nothing is painted into the
// canvas' image, which the network reads.
class DigitBoxesOverlay : public QWidget {
  Q_OBJECT

 public:
  // Sits on `canvas` and follows its size.
  explicit DigitBoxesOverlay(QWidget* canvas);

  // In the canvas' coordinates; unsure digits are outlined in orange.
  void setBoxes(const QList<QRect>& boxes, const QList<bool>& sure);
  void clear() { setBoxes({}, {}); }
  const QList<QRect>& boxes() const { return boxes_; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  QList<QRect> boxes_;
  QList<bool> sure_;
};

}  // namespace digitpad
