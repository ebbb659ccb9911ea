// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/digit_boxes_overlay.h"

#include <QEvent>
#include <QPainter>

namespace digitpad {
namespace {

// Clear of the ink, so that the outline never touches the strokes.
constexpr int kMargin = 6;

}  // namespace

DigitBoxesOverlay::DigitBoxesOverlay(QWidget* canvas) : QWidget(canvas) {
  setObjectName("digitBoxesOverlay");
  setAttribute(Qt::WA_TransparentForMouseEvents);
  setAttribute(Qt::WA_NoSystemBackground);
  setFocusPolicy(Qt::NoFocus);
  setGeometry(canvas->rect());
  canvas->installEventFilter(this);
}

void DigitBoxesOverlay::setBoxes(const QList<QRect>& boxes, const QList<bool>& sure) {
  if (boxes == boxes_ && sure == sure_) return;
  // Only the old and the new outlines need repainting, not the whole canvas.
  QRegion dirty;
  for (const QRect& box : boxes_) dirty += box.adjusted(-kMargin - 2, -kMargin - 2, kMargin + 2, kMargin + 2);
  boxes_ = boxes;
  sure_ = sure;
  for (const QRect& box : boxes_) dirty += box.adjusted(-kMargin - 2, -kMargin - 2, kMargin + 2, kMargin + 2);
  update(dirty);
}

bool DigitBoxesOverlay::eventFilter(QObject* watched, QEvent* event) {
  if (watched == parent() && event->type() == QEvent::Resize) setGeometry(parentWidget()->rect());
  return false;
}

void DigitBoxesOverlay::paintEvent(QPaintEvent*) {
  if (boxes_.isEmpty()) return;
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setBrush(Qt::NoBrush);
  for (qsizetype i = 0; i < boxes_.size(); ++i) {
    const bool sure = i < sure_.size() ? sure_[i] : true;
    QColor colour = sure ? QColor(0x2a, 0x6f, 0xdb) : QColor(0xe0, 0x8a, 0x1e);
    colour.setAlpha(sure ? 110 : 170);
    painter.setPen(QPen(colour, 1.5, Qt::DashLine));
    const QRectF box = QRectF(boxes_[i]).adjusted(-kMargin, -kMargin, kMargin, kMargin);
    painter.drawRoundedRect(box.intersected(QRectF(rect()).adjusted(1, 1, -1, -1)), 4, 4);
  }
}

}  // namespace digitpad
