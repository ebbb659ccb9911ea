// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's modal hooks: every file dialog and question box goes through
// these virtual functions, so that widget tests can answer them without a
// modal loop (tests/ui/answering_window.h).

#include "ui/shell/main_window.h"

#include "ui/shell/model_session.h"
#include "ui/widgets/dialog_folder.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>

namespace digitpad {

QString MainWindow::askOpenPath() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), dialogFolder(), tr(kModelFilter));
  rememberDialogChoice(path);
  return path;
}

QString MainWindow::askSavePath() {
  // The model's own file when it has one; the shipped model's is read-only or
  // in the source tree, so a new name goes to the last folder used instead.
  const QString suggestion = session_->path().isEmpty() || !QFileInfo(session_->path()).isWritable()
                                 ? dialogPath(session_->displayName() + QStringLiteral(".dpm"))
                                 : session_->path();
  const QString path = QFileDialog::getSaveFileName(this, tr("Save model as"), suggestion, tr(kModelFilter));
  rememberDialogChoice(path);
  return path;
}

QString MainWindow::askExportOnnxPath() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export ONNX"),
                                                    dialogPath(session_->displayName() + QStringLiteral(".onnx")),
                                                    tr("ONNX models (*.onnx)"));
  rememberDialogChoice(path);
  return path;
}

QMessageBox::StandardButton MainWindow::askToSaveChanges() {
  QMessageBox box(QMessageBox::Question, tr("Unsaved model"),
                  tr("The model \u201c%1\u201d has not been saved. Save it before going on?\n\n"
                     "Discarding throws away its trained weights; it cannot be brought back.")
                      .arg(session_->displayName()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setDefaultButton(QMessageBox::Save);
  // Buttons that say what they do, not "Discard" alone.
  box.button(QMessageBox::Save)->setText(tr("Save the model…"));
  box.button(QMessageBox::Discard)->setText(tr("Discard the model"));
  return static_cast<QMessageBox::StandardButton>(box.exec());
}

bool MainWindow::askKeepNewModel(const QString& title, const QString& text, const QString& keep_new,
                                 const QString& keep_current) {
  QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, this);
  QPushButton* keep = box.addButton(keep_new, QMessageBox::AcceptRole);
  QPushButton* current = box.addButton(keep_current, QMessageBox::RejectRole);
  box.setDefaultButton(current);  // the safe answer
  box.exec();
  return box.clickedButton() == keep;
}

bool MainWindow::askTeachAnyway(const QString& text) {
  QMessageBox box(QMessageBox::Question, tr("Teach it anyway?"), text, QMessageBox::NoButton, this);
  QPushButton* add = box.addButton(tr("Teach it"), QMessageBox::AcceptRole);
  box.addButton(tr("Don’t add it"), QMessageBox::RejectRole);
  box.exec();
  return box.clickedButton() == add;
}

void MainWindow::showError(const QString& title, const QString& message) {
  QMessageBox::warning(this, title, message);
}

void MainWindow::reportError(const QString& title, const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(message, kStatusTimeoutMs);
  showError(title, message);
}

}  // namespace digitpad
