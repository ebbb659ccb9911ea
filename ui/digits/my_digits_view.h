// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>
#include <QString>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace digitpad {

class MyDigits;

// "My digits": what the user has taught (count per digit, a thumbnail of each
// 28x28 input with its label), Remove selected, Clear all (after a
// confirmation), and Fine-tune, which asks the owner to train the current
// model further on them (fineTuneRequested). Shows a MyDigits it does not own.
class MyDigitsView : public QGroupBox {
  Q_OBJECT

 public:
  explicit MyDigitsView(MyDigits* digits, QWidget* parent = nullptr);

  // Whether Fine-tune can run now (a model, some digits, no run going on),
  // and why not when it cannot (shown as the button's tooltip).
  void setFineTuneAvailable(bool available, const QString& reason = {});
  // Replaces the "Clear all?" dialog (tests answer it without a modal loop).
  void setClearConfirmation(std::function<bool()> confirm) { confirm_clear_ = std::move(confirm); }

  QListWidget* list() const { return list_; }

 public slots:
  void removeSelected();
  void clearAll();
  void refresh();

 signals:
  void fineTuneRequested();
  // "Export…": the owner writes the digits as a folder of PNGs.
  void exportRequested();
  void statusMessage(const QString& text);

 private:
  void updateButtons();

  MyDigits* digits_;
  QLabel* summary_ = nullptr;
  QLabel* folder_label_ = nullptr;
  QListWidget* list_ = nullptr;
  QPushButton* remove_button_ = nullptr;
  QPushButton* clear_button_ = nullptr;
  QPushButton* export_button_ = nullptr;
  QPushButton* fine_tune_button_ = nullptr;
  bool fine_tune_available_ = false;
  QString fine_tune_reason_;
  std::function<bool()> confirm_clear_;
};

}  // namespace digitpad
