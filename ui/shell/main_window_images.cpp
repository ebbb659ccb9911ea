// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's pictures in and out, kept apart from the model code in
// main_window.cpp: pasted and dropped pictures (the pad reads them, the
// window reports what it cannot read and keeps .dpm drops for itself),
// File ▸ Save drawing as PNG… and File ▸ Export my digits….

#include "ui/shell/main_window.h"

#include "ui/digits/my_digits_view.h"
#include "ui/digits/my_digits.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/picture_input.h"
#include "ui/headless/images/image_folder_export.h"
#include "ui/headless/images/png_file.h"
#include "core/util/error.h"
#include "ui/widgets/dialog_folder.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStandardPaths>
#include <QStatusBar>

namespace digitpad {
namespace {

// Where an export into `chosen` goes: `chosen` itself when it is new or
// empty; else a new "my-digits" folder inside it (numbered when taken), so
// that what is there already is never touched.
QString fresh_export_folder(const QString& chosen) {
  const QDir dir(chosen);
  if (!dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
    return chosen;
  QString candidate = dir.filePath(QStringLiteral("my-digits"));
  for (int n = 2; QFileInfo::exists(candidate) || QFileInfo(candidate).isSymLink(); ++n)
    candidate = dir.filePath(QStringLiteral("my-digits-%1").arg(n));
  return candidate;
}

}  // namespace

void MainWindow::createImageActions(QMenu* file) {
  // Ctrl+Shift+S saves the model, so the drawing has D for its key.
  save_drawing_action_ = file->addAction(tr("Save &drawing as PNG…"), this, &MainWindow::saveDrawing);
  save_drawing_action_->setObjectName("actionSaveDrawing");
  save_drawing_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
  save_drawing_action_->setStatusTip(tr("Save the canvas as you see it (black ink on white) as a PNG image"));
  export_digits_action_ = file->addAction(tr("Export &my digits…"), this, &MainWindow::exportMyDigits);
  export_digits_action_->setObjectName("actionExportDigits");
  export_digits_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  export_digits_action_->setStatusTip(
      tr("Write My digits as folders 0 … 9 of 28×28 PNGs (digitpad-cli train --image-folder reads them)"));
}

void MainWindow::connectPictures() {
  PictureInput* pictures = pad_->pictureInput();
  // A model dropped on the canvas is still opened as a model.
  pictures->setFileClaim([this](const QString& path) {
    if (!isModelFile(path)) return false;
    if (maybeSaveChanges()) openModel(path);
    return true;
  });
  connect(pictures, &PictureInput::refused, this,
          [this](const QString& message) { reportError(tr("Cannot read this picture"), message); });
  connect(pictures, &PictureInput::pictureShown, this, [this](const QString& origin) {
    statusBar()->showMessage(
        tr("Reading the picture from %1. Draw, or press Esc, to go back to drawing.").arg(origin), kStatusTimeoutMs);
  });

  const auto update_save_drawing = [this] { save_drawing_action_->setEnabled(!pad_->canvas()->isEmpty()); };
  connect(pad_->canvas(), &DrawingCanvas::drawingChanged, this, update_save_drawing);
  update_save_drawing();
  const auto update_export = [this] { export_digits_action_->setEnabled(my_digits_->count() > 0); };
  connect(my_digits_, &MyDigits::changed, this, update_export);
  update_export();
  connect(my_digits_view_, &MyDigitsView::exportRequested, this, &MainWindow::exportMyDigits);
}

bool MainWindow::saveDrawingTo(const QString& path) {
  if (pad_->canvas()->isEmpty()) return false;
  try {
    write_png_file(pad_->canvas()->image(), path.toStdString());
  } catch (const Error& error) {
    reportError(tr("Could not save the drawing"), QString::fromStdString(error.what()));
    return false;
  }
  statusBar()->showMessage(tr("Saved the drawing to %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
  return true;
}

bool MainWindow::saveDrawing() {
  if (pad_->canvas()->isEmpty()) return false;
  QString path = askSaveDrawingPath();
  if (path.isEmpty()) return false;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".png");
  return saveDrawingTo(path);
}

bool MainWindow::exportMyDigitsTo(const QString& folder) {
  if (my_digits_->count() == 0) return false;
  const QString target = fresh_export_folder(folder);
  int written = 0;
  try {
    written = write_image_folder(my_digits_->digits(), target.toStdString());
  } catch (const Error& error) {
    reportError(tr("Could not export your digits"), QString::fromStdString(error.what()));
    return false;
  }
  statusBar()->showMessage(
      tr("Exported %n of your digits to %1", nullptr, written).arg(QDir::toNativeSeparators(target)),
      kStatusTimeoutMs);
  return true;
}

bool MainWindow::exportMyDigits() {
  if (my_digits_->count() == 0) return false;
  const QString folder = askExportDigitsFolder();
  if (folder.isEmpty()) return false;
  return exportMyDigitsTo(folder);
}

QString MainWindow::askSaveDrawingPath() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save drawing as PNG"), dialogPath(QStringLiteral("digit.png")), tr("PNG images (*.png)"));
  rememberDialogChoice(path);
  return path;
}

QString MainWindow::askExportDigitsFolder() {
  // A folder that already holds files gets a new "my-digits" folder inside it.
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Export my digits into a folder"), dialogFolder());
  rememberDialogChoice(folder);
  return folder;
}

}  // namespace digitpad
