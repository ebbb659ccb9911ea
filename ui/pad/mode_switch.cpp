// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/mode_switch.h"

#include "ui/widgets/text_tool_button.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QToolButton>

namespace digitpad {

ModeSwitch::ModeSwitch(QWidget* parent) : QWidget(parent) {
  setObjectName("modeSwitch");
  group_ = new QActionGroup(this);
  group_->setExclusive(true);

  // The menu says "Digit mode", the button just "Digit" (its icon text).
  digit_action_ = new QAction(tr("&Digit mode"), group_);
  digit_action_->setIconText(tr("Digit"));
  digit_action_->setObjectName("digitModeAction");
  digit_action_->setCheckable(true);
  digit_action_->setChecked(true);
  digit_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  digit_action_->setToolTip(tr("Read one digit, with the ten probabilities (Ctrl+1)"));

  number_action_ = new QAction(tr("&Number mode"), group_);
  number_action_->setIconText(tr("Number"));
  number_action_->setObjectName("numberModeAction");
  number_action_->setCheckable(true);
  number_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
  number_action_->setToolTip(tr("Read several digits written side by side, e.g. a year (Ctrl+2)"));

  connect(group_, &QActionGroup::triggered, this, [this] { emit modeChanged(mode()); });

  auto* digit_button = makeTextToolButton(digit_action_, this);
  digit_button->setObjectName("digitModeButton");
  auto* number_button = makeTextToolButton(number_action_, this);
  number_button->setObjectName("numberModeButton");
  // No gap: the two read as one control with two halves.
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(0);
  row->addWidget(digit_button);
  row->addWidget(number_button);
}

PadMode ModeSwitch::mode() const { return number_action_->isChecked() ? PadMode::Number : PadMode::Digit; }

void ModeSwitch::setMode(PadMode mode) {
  if (mode == this->mode()) return;
  (mode == PadMode::Number ? number_action_ : digit_action_)->setChecked(true);
  emit modeChanged(mode);
}

}  // namespace digitpad
