// MainWindow's modal hooks: every file dialog and question box goes through
// these virtual functions, so that widget tests can answer them without a
// modal loop (tests/ui/answering_window.h).

#include "shell/main_window.h"

#include "shell/model_session.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>

namespace digitpad {

QString MainWindow::askOpenPath() {
  const QString start = session_->path().isEmpty() ? QString() : QFileInfo(session_->path()).path();
  return QFileDialog::getOpenFileName(this, tr("Open model"), start, tr(kModelFilter));
}

QString MainWindow::askSavePath() {
  const QString suggestion = session_->path().isEmpty()
                                 ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
                                       QStringLiteral("/digits.dpm")
                                 : session_->path();
  return QFileDialog::getSaveFileName(this, tr("Save model as"), suggestion, tr(kModelFilter));
}

QString MainWindow::askExportOnnxPath() {
  const QString folder = session_->path().isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                             : QFileInfo(session_->path()).path();
  const QString suggestion = folder + QLatin1Char('/') + session_->displayName() + QStringLiteral(".onnx");
  return QFileDialog::getSaveFileName(this, tr("Export ONNX"), suggestion, tr("ONNX models (*.onnx)"));
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
