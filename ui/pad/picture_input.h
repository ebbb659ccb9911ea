// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QMimeData;

namespace digitpad {

class DrawingCanvas;

// Pictures onto the canvas: Edit ▸ Paste image (Ctrl+V, enabled while the
// clipboard holds an image or an image file) and files or image data dropped
// onto the canvas. A picture is shown on the canvas (DrawingCanvas::
// showPicture), which makes the pad read it as it reads a drawing; each is
// decoded once, its size bounded (picture.h).
//
// Whatever cannot be shown (a file that is no image, a damaged one, an empty
// clipboard) is reported by refused() with one line naming the file, and
// the canvas is left as it was.
class PictureInput : public QObject {
  Q_OBJECT

 public:
  PictureInput(DrawingCanvas* canvas, QObject* parent);

  // Ctrl+V; its owner adds it to the widget whose shortcuts it shares.
  QAction* pasteAction() const { return paste_action_; }

  // Files someone else opens when dropped on the canvas (the window's .dpm
  // models): asked first for every dropped file; true means taken.
  void setFileClaim(std::function<bool(const QString& path)> claim) { file_claim_ = std::move(claim); }

  // Whether `mime` is something a drop can bring: image data or one local file.
  static bool canTake(const QMimeData* mime);

 public slots:
  bool showFile(const QString& path);
  bool showImage(const QImage& image, const QString& origin);
  // What the clipboard holds: image data, or an image file copied in a file manager.
  bool paste();
  // A drop's content (see canTake), shown once the drop event has returned;
  // a file is offered to the claim first. False when there is nothing to take.
  bool takeDrop(const QMimeData* mime);

 signals:
  // `origin` is the file's name or "the clipboard".
  void pictureShown(const QString& origin);
  void refused(const QString& message);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updatePasteAction();

  DrawingCanvas* canvas_;
  QAction* paste_action_;
  std::function<bool(const QString&)> file_claim_;
};

}  // namespace digitpad
