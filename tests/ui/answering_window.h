// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The main window with every modal question answered by the test (KeePassXC's
// approach: the window asks through protected virtual hooks), so that a test
// that trains, fine-tunes or teaches never blocks in a dialog. The answers
// default to going ahead; the counts tell a test whether it was asked.

#include "ui/shell/main_window.h"

#include <QMessageBox>
#include <QString>
#include <QStringList>

namespace digitpad {

class AnsweringWindow : public MainWindow {
 public:
  // Train with an unsaved model: Save / Discard / Cancel.
  QMessageBox::StandardButton save_answer = QMessageBox::Discard;
  QString save_path;
  // A run's network worse than the model in use: keep the new one?
  bool keep_new = true;
  // A drawing that looks like another digit: teach it anyway?
  bool teach_anyway = true;
  int save_questions = 0;
  QStringList keep_questions, teach_questions, errors;

 protected:
  QString askSavePath() override { return save_path; }
  QMessageBox::StandardButton askToSaveChanges() override {
    ++save_questions;
    return save_answer;
  }
  bool askKeepNewModel(const QString&, const QString& text, const QString&, const QString&) override {
    keep_questions << text;
    return keep_new;
  }
  bool askTeachAnyway(const QString& text) override {
    teach_questions << text;
    return teach_anyway;
  }
  void showError(const QString&, const QString& message) override { errors << message; }
};

}  // namespace digitpad
