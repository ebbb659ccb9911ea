// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <array>

class QAction;
class QLabel;

namespace digitpad {

// "Teach it: 0 1 2 ... 9" under the canvas: the user's answer when the app
// misreads a drawing. Each digit is an action with the digit's key (main row
// and keypad) as its shortcut; the owner adds the actions to the widget that
// owns the keys and sets their context (the drawing pad: the whole window,
// except a field being typed into, so typing a number in a spin box never
// teaches).
class TeachRow : public QWidget {
  Q_OBJECT

 public:
  explicit TeachRow(QWidget* parent = nullptr);

  QAction* action(int digit) const { return actions_.at(static_cast<std::size_t>(digit)); }
  const std::array<QAction*, 10>& digitActions() const { return actions_; }
  // Non-empty: teaching is off for this reason (the Number mode), which the
  // row and every button's tooltip then give; empty restores the usual tips.
  // Enabling the actions stays the owner's job.
  void setUnavailableReason(const QString& reason);

 signals:
  void digitChosen(int digit);

 private:
  QString digitTip(int digit) const;

  std::array<QAction*, 10> actions_{};
  QLabel* caption_ = nullptr;
};

}  // namespace digitpad
