// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/pad/pad_mode.h"

#include <QWidget>

class QAction;
class QActionGroup;

namespace digitpad {

// "Digit | Number": two checkable buttons side by side, one always checked,
// over an exclusive pair of actions. The same actions go into the window's
// View menu, so the buttons, the menu and the shortcuts (Ctrl+1, Ctrl+2)
// never disagree.
class ModeSwitch : public QWidget {
  Q_OBJECT

 public:
  explicit ModeSwitch(QWidget* parent = nullptr);

  PadMode mode() const;
  QAction* digitAction() const { return digit_action_; }
  QAction* numberAction() const { return number_action_; }

 public slots:
  // Checks the mode's action; emits modeChanged only when the mode changes.
  void setMode(PadMode mode);

 signals:
  void modeChanged(PadMode mode);

 private:
  QActionGroup* group_;
  QAction* digit_action_;
  QAction* number_action_;
};

}  // namespace digitpad
