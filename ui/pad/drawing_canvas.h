// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QPointF>
#include <QVector>
#include <QWidget>

class QMouseEvent;
class QPainter;
class QPaintEvent;
class QResizeEvent;
class QTabletEvent;

namespace digitpad {

// The box the user draws a digit in, after Qt's Scribble example: a QImage
// backing store (white paper, black ink) into which each new piece of a stroke
// is painted as it arrives, repainting only that piece's rectangle.
//
// Strokes are also kept as point lists in coordinates relative to the canvas
// side, so that Undo can re-render all strokes but the last, and a resize can
// re-render everything at the new size. A stroke is a smooth curve through the
// pointer positions (quadratic segments through the midpoints), anti-aliased,
// round-capped and round-joined; a tablet pen's pressure varies its width a
// little.
//
// Instead of strokes the canvas can show a picture (a pasted or dropped photo
// of a digit, see picture_input.h): scaled to fit on its own background
// colour, so the user sees what is read, until they draw or clear. The
// network then reads the picture itself (source()), not its scaled copy.
class DrawingCanvas : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMinimumSide = 280;
  static constexpr int kMaximumSide = 760;
  // The pen width is the user's setting, in pixels of a canvas of this side
  // (the canvas' natural size); on a canvas of another size the stroke is
  // drawn scaled by side / kReferenceSide, as the strokes already there are
  // when the canvas is resized. So a resize never changes the setting, and a
  // digit drawn across the box has the same weight at any window size.
  static constexpr int kReferenceSide = 320;
  // About 1/14 of the side, so that a digit drawn across most of the box has
  // MNIST's stroke weight once scaled down to 20 px.
  static constexpr int kDefaultPenWidth = 22;
  static constexpr int kMinimumPenWidth = 2;
  static constexpr int kMaximumPenWidth = 80;

  explicit DrawingCanvas(QWidget* parent = nullptr);

  // What is shown: white paper with black ink, or a picture, at the canvas' size.
  QImage image() const { return image_; }
  bool isEmpty() const { return strokes_.isEmpty() && picture_.isNull(); }
  // What the digit is read from: the picture as given while one is shown,
  // else image().
  QImage source() const { return picture_.isNull() ? image_ : picture_; }
  bool hasPicture() const { return !picture_.isNull(); }
  // True between press and release: the drawing is still changing.
  bool isDrawing() const { return drawing_; }
  // The setting (see kReferenceSide); penPixels() is the stroke's width on
  // screen at the current size.
  int penWidth() const { return pen_width_; }
  double penPixels() const;
  int strokeCount() const { return static_cast<int>(strokes_.size()); }

  QSize sizeHint() const override { return {kReferenceSide, kReferenceSide}; }
  QSize minimumSizeHint() const override { return {kMinimumSide, kMinimumSide}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override { return width; }

 public slots:
  // Clamped to [kMinimumPenWidth, kMaximumPenWidth]; kept as it is by resizes.
  void setPenWidth(int pixels);
  void clear();
  void undo();  // removes the last stroke, or the picture
  // Replaces the drawing (or picture) with `picture`; a null image clears.
  void showPicture(const QImage& picture);

 signals:
  void drawingChanged();             // while a stroke moves (every point) and after clear/undo/resize
  void strokeFinished();             // on release
  void penWidthChanged(int pixels);  // by setPenWidth only, never by a resize

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void tabletEvent(QTabletEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  // One pointer sample; position and width are fractions of the canvas side.
  struct StrokePoint {
    QPointF position;
    qreal width;
  };
  using Stroke = QVector<StrokePoint>;

  void beginStroke(const QPointF& position, qreal pressure_factor);
  void extendStroke(const QPointF& position, qreal pressure_factor);
  void endStroke();

  qreal side() const;
  StrokePoint samplePoint(const QPointF& position, qreal pressure_factor) const;
  // Paints a whole stroke as smooth paths; `closed` adds the tail to the last
  // sample, which an unfinished stroke does not have yet.
  void paintStroke(QPainter& painter, const Stroke& stroke, bool closed) const;
  // The widget rectangle that the piece of `stroke` ending at sample `index`
  // can touch (pen radius and anti-aliasing included).
  QRect pieceRect(const Stroke& stroke, int index) const;
  // Re-renders `area` from the finished strokes (base_) plus the current one,
  // and schedules a repaint of only that area.
  void repaintCurrentStroke(const QRect& area);
  void renderAll();
  void updateCursor();

  QImage image_;
  // While a stroke is drawn: the image without it. Each move re-renders the
  // current stroke over this in the changed area only, so the stroke is one
  // path (no seams where pieces overlap) yet the work stays local.
  QImage base_;
  QVector<Stroke> strokes_;
  QImage picture_;                    // shown instead of strokes; never both
  int pen_width_ = kDefaultPenWidth;  // in pixels of a kReferenceSide canvas
  bool drawing_ = false;
};

}  // namespace digitpad
