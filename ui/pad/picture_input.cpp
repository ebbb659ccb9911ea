// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/picture_input.h"

#include "ui/pad/drawing_canvas.h"
#include "ui/pad/picture.h"

#include <QAction>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>
#include <QUrl>

namespace digitpad {
namespace {

// The one local file `mime` carries, else empty.
QString single_local_file(const QMimeData* mime) {
  if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QUrl url = mime->urls().front();
  return url.isLocalFile() ? url.toLocalFile() : QString();
}

}  // namespace

PictureInput::PictureInput(DrawingCanvas* canvas, QObject* parent) : QObject(parent), canvas_(canvas) {
  paste_action_ = new QAction(tr("&Paste image"), this);
  paste_action_->setObjectName("pasteImageAction");
  paste_action_->setShortcut(QKeySequence::Paste);
  paste_action_->setShortcutContext(Qt::WindowShortcut);
  paste_action_->setStatusTip(tr("Read a picture of a digit from the clipboard (a photo, a scan, a screenshot)"));
  connect(paste_action_, &QAction::triggered, this, &PictureInput::paste);
  connect(QGuiApplication::clipboard(), &QClipboard::dataChanged, this, &PictureInput::updatePasteAction);
  updatePasteAction();

  canvas_->setAcceptDrops(true);
  canvas_->installEventFilter(this);
}

bool PictureInput::canTake(const QMimeData* mime) {
  return mime != nullptr && (mime->hasImage() || !single_local_file(mime).isEmpty());
}

bool PictureInput::showFile(const QString& path) {
  QString error;
  const QImage picture = read_picture_file(path, &error);
  if (picture.isNull()) {
    emit refused(error);
    return false;
  }
  return showImage(picture, QFileInfo(path).fileName());
}

bool PictureInput::showImage(const QImage& image, const QString& origin) {
  if (image.isNull()) {
    emit refused(tr("%1 holds no picture").arg(origin));
    return false;
  }
  canvas_->showPicture(bounded_picture(image));
  emit pictureShown(origin);
  return true;
}

bool PictureInput::paste() {
  const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
  if (mime != nullptr && mime->hasImage())
    return showImage(qvariant_cast<QImage>(mime->imageData()), tr("the clipboard"));
  if (const QString path = single_local_file(mime); !path.isEmpty()) return showFile(path);
  emit refused(tr("The clipboard holds no picture: copy an image, or an image file, first."));
  return false;
}

bool PictureInput::takeDrop(const QMimeData* mime) {
  if (!canTake(mime)) return false;
  // Read once the drop is over: a dialog about a bad file must not open while
  // the program the drag came from still waits for the drop to finish. The
  // mime data lives only as long as the event, so its content is copied.
  const QString path = single_local_file(mime);
  const QImage image = path.isEmpty() ? qvariant_cast<QImage>(mime->imageData()) : QImage();
  QTimer::singleShot(0, this, [this, path, image] {
    if (path.isEmpty()) {
      showImage(image, tr("the dropped picture"));
    } else if (!file_claim_ || !file_claim_(path)) {
      showFile(path);
    }
  });
  return true;
}

void PictureInput::updatePasteAction() {
  const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
  const bool has_picture = mime != nullptr && (mime->hasImage() || is_picture_file(single_local_file(mime)));
  paste_action_->setEnabled(has_picture);
}

bool PictureInput::eventFilter(QObject* watched, QEvent* event) {
  if (watched != canvas_) return false;
  switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
      auto* drag = static_cast<QDragMoveEvent*>(event);
      if (!canTake(drag->mimeData())) return false;  // left to the window, which may want it
      drag->acceptProposedAction();
      return true;
    }
    case QEvent::Drop: {
      auto* drop = static_cast<QDropEvent*>(event);
      if (!takeDrop(drop->mimeData())) return false;
      drop->acceptProposedAction();
      return true;
    }
    default: return false;
  }
}

}  // namespace digitpad
