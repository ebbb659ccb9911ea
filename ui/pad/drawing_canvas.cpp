// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/drawing_canvas.h"

#include "ui/pad/picture.h"

#include <QCursor>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QTabletEvent>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

QPointF midpoint(const QPointF& a, const QPointF& b) { return (a + b) / 2.0; }

// A tablet pen thickens or thins the line by at most a quarter: enough to
// feel alive, not enough to make a light touch vanish after downscaling.
qreal pressure_factor(qreal pressure) { return 0.75 + 0.5 * std::clamp(pressure, 0.0, 1.0); }

// Pointer jitter below half a pixel adds points but no shape.
constexpr qreal kMinimumStepPixels = 0.5;

}  // namespace

DrawingCanvas::DrawingCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName("drawingCanvas");
  // Scribble's trick: on resize only the newly exposed area needs painting;
  // resizeEvent re-renders the strokes anyway, so nothing is lost.
  setAttribute(Qt::WA_StaticContents);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(kMinimumSide, kMinimumSide);
  setMaximumSize(kMaximumSide, kMaximumSide);
  QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
  resize(sizeHint());
  image_ = QImage(size(), QImage::Format_RGB32);
  image_.fill(Qt::white);
  updateCursor();
}

void DrawingCanvas::setPenWidth(int pixels) {
  const int clamped = std::clamp(pixels, kMinimumPenWidth, kMaximumPenWidth);
  if (clamped == pen_width_) return;
  pen_width_ = clamped;
  updateCursor();
  emit penWidthChanged(pen_width_);
}

double DrawingCanvas::penPixels() const { return pen_width_ * side() / kReferenceSide; }

void DrawingCanvas::clear() {
  if (isEmpty()) return;
  strokes_.clear();
  picture_ = QImage();
  drawing_ = false;
  base_ = QImage();
  renderAll();
  emit drawingChanged();
}

void DrawingCanvas::undo() {
  if (strokes_.isEmpty()) return clear();  // a picture is one step
  strokes_.removeLast();
  drawing_ = false;
  base_ = QImage();
  renderAll();
  emit drawingChanged();
}

void DrawingCanvas::showPicture(const QImage& picture) {
  if (picture.isNull()) return clear();
  strokes_.clear();
  drawing_ = false;
  base_ = QImage();
  picture_ = picture;
  renderAll();
  emit drawingChanged();
}

void DrawingCanvas::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  beginStroke(event->position(), 1.0);
  event->accept();
}

void DrawingCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (!drawing_ || !(event->buttons() & Qt::LeftButton)) return QWidget::mouseMoveEvent(event);
  extendStroke(event->position(), 1.0);
  event->accept();
}

void DrawingCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !drawing_) return QWidget::mouseReleaseEvent(event);
  extendStroke(event->position(), 1.0);
  endStroke();
  event->accept();
}

void DrawingCanvas::tabletEvent(QTabletEvent* event) {
  // Accepting stops Qt from also synthesising mouse events for the same pen.
  event->accept();
  const qreal factor = pressure_factor(event->pressure());
  switch (event->type()) {
    case QEvent::TabletPress:
      if (!drawing_) beginStroke(event->position(), factor);
      break;
    case QEvent::TabletMove:
      if (drawing_) extendStroke(event->position(), factor);
      break;
    case QEvent::TabletRelease:
      if (drawing_) {
        extendStroke(event->position(), factor);
        endStroke();
      }
      break;
    default: event->ignore(); break;
  }
}

void DrawingCanvas::beginStroke(const QPointF& position, qreal factor) {
  if (!picture_.isNull()) {  // drawing starts afresh on blank paper
    picture_ = QImage();
    renderAll();
  }
  drawing_ = true;
  base_ = image_;  // shared until the first paint detaches it
  strokes_.append(Stroke{samplePoint(position, factor)});
  repaintCurrentStroke(pieceRect(strokes_.last(), 0));
  emit drawingChanged();
}

void DrawingCanvas::extendStroke(const QPointF& position, qreal factor) {
  Stroke& stroke = strokes_.last();
  const StrokePoint point = samplePoint(position, factor);
  const QPointF step = (point.position - stroke.last().position) * side();
  if (QPointF::dotProduct(step, step) < kMinimumStepPixels * kMinimumStepPixels) return;
  stroke.append(point);
  repaintCurrentStroke(pieceRect(stroke, static_cast<int>(stroke.size()) - 1));
  emit drawingChanged();
}

void DrawingCanvas::endStroke() {
  drawing_ = false;
  // The whole stroke once more, with its tail: the pixels are then exactly
  // what renderAll() would paint, so Undo and resizes reproduce them.
  const Stroke& stroke = strokes_.last();
  QRect area;
  for (int i = 0; i < stroke.size(); ++i) area |= pieceRect(stroke, i);
  repaintCurrentStroke(area);
  base_ = QImage();
  emit drawingChanged();
  emit strokeFinished();
}

qreal DrawingCanvas::side() const { return std::max(1, std::min(width(), height())); }

DrawingCanvas::StrokePoint DrawingCanvas::samplePoint(const QPointF& position, qreal factor) const {
  const qreal s = side();
  return {position / s, pen_width_ * factor / kReferenceSide};
}

void DrawingCanvas::paintStroke(QPainter& painter, const Stroke& stroke, bool closed) const {
  const qreal s = side();
  const auto at = [&](int i) { return stroke[i].position * s; };
  // Half-pixel steps: a pressure-driven width changes the path only when the
  // change is visible, so a mouse stroke (constant width) is a single path.
  const auto quantised = [&](qreal width) { return std::max(0.5, std::round(width * s * 2) / 2); };

  if (stroke.size() == 1) {
    // A press alone already leaves a round dot, as a felt pen would.
    const qreal radius = quantised(stroke[0].width) / 2;
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    painter.drawEllipse(at(0), radius, radius);
    return;
  }

  // Quadratic pieces from midpoint to midpoint, each controlled by the sample
  // between them: the curve passes smoothly near every sample instead of
  // turning sharply at each one. Piece i ends at sample i's midpoint.
  painter.setBrush(Qt::NoBrush);
  QPainterPath path;
  qreal path_width = -1;
  const auto flush = [&] {
    if (path.isEmpty()) return;
    painter.setPen(QPen(Qt::black, path_width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(path);
  };
  const int last = static_cast<int>(stroke.size()) - 1;
  for (int i = 1; i <= last + (closed ? 1 : 0); ++i) {
    const bool tail = i > last;
    const QPointF from = i == 1 ? at(0) : midpoint(at(i - 2), at(i - 1));
    const qreal width = quantised(tail ? stroke[last].width : (stroke[i - 1].width + stroke[i].width) / 2);
    if (width != path_width) {
      flush();
      path = QPainterPath(from);
      path_width = width;
    }
    if (tail) {
      path.lineTo(at(last));
    } else if (i == 1) {
      path.lineTo(midpoint(at(0), at(1)));
    } else {
      path.quadTo(at(i - 1), midpoint(at(i - 1), at(i)));
    }
  }
  flush();
}

QRect DrawingCanvas::pieceRect(const Stroke& stroke, int index) const {
  // The piece ending at `index` stays within the samples around it; the
  // next piece and the tail start at its end, so they are covered too once
  // their own samples arrive.
  const qreal s = side();
  QRectF area(stroke[index].position * s, QSizeF(0, 0));
  qreal width = stroke[index].width;
  for (int i = std::max(0, index - 2); i <= index; ++i) {
    area |= QRectF(stroke[i].position * s, QSizeF(0, 0));
    width = std::max(width, stroke[i].width);
  }
  area = area.normalized();
  const qreal pad = width * s / 2 + 2;  // the pen radius plus anti-aliasing
  return area.adjusted(-pad, -pad, pad, pad).toAlignedRect();
}

void DrawingCanvas::repaintCurrentStroke(const QRect& area) {
  const QRect clipped = area & image_.rect();
  if (clipped.isEmpty()) return;
  {
    QPainter painter(&image_);
    painter.setClipRect(clipped);
    painter.drawImage(clipped.topLeft(), base_, clipped);
    painter.setRenderHint(QPainter::Antialiasing);
    paintStroke(painter, strokes_.last(), !drawing_);
  }
  update(clipped);
}

void DrawingCanvas::renderAll() {
  image_.fill(Qt::white);
  if (!picture_.isNull()) paint_picture_to_fit(image_, picture_);
  {
    QPainter painter(&image_);
    painter.setRenderHint(QPainter::Antialiasing);
    const qsizetype finished = drawing_ ? strokes_.size() - 1 : strokes_.size();
    for (qsizetype k = 0; k < finished; ++k) paintStroke(painter, strokes_[k], true);
    if (drawing_) {
      painter.end();
      base_ = image_.copy();
      repaintCurrentStroke(image_.rect());
    }
  }
  update();
}

void DrawingCanvas::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  const QRect dirty = event->rect();
  painter.drawImage(dirty, image_, dirty);
  // A thin frame marks the edge of the paper; it is drawn on the widget only,
  // never into the image the network reads.
  painter.setPen(QColor(0xb0, 0xb4, 0xbc));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(rect().adjusted(0, 0, -1, -1));
}

void DrawingCanvas::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (image_.size() == size()) return;
  image_ = QImage(size(), QImage::Format_RGB32);
  renderAll();
  updateCursor();  // the pen's outline on screen follows the canvas' scale; the setting stays
  // The strokes are the same, but the pixels (and so the network's input,
  // slightly) are not: let listeners re-read the image.
  if (!strokes_.isEmpty()) emit drawingChanged();
}

void DrawingCanvas::updateCursor() {
  // A round brush outline the size of the pen, dark with a light halo so it
  // shows on both paper and ink, and a centre dot for precise placing.
  const int diameter = std::max(static_cast<int>(std::lround(penPixels())), 6);
  const int extent = diameter + 4;
  QPixmap pixmap(extent, extent);
  pixmap.fill(Qt::transparent);
  {
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF circle(2, 2, diameter, diameter);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(255, 255, 255, 200), 3));
    painter.drawEllipse(circle);
    painter.setPen(QPen(QColor(40, 90, 200), 1.2));
    painter.drawEllipse(circle);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(40, 90, 200));
    painter.drawEllipse(circle.center(), 1.2, 1.2);
  }
  setCursor(QCursor(pixmap, extent / 2, extent / 2));
}

}  // namespace digitpad
