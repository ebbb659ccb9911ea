// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/teach_row.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace digitpad {

TeachRow::TeachRow(QWidget* parent) : QWidget(parent) {
  setObjectName("teachRow");
  caption_ = new QLabel(tr("Teach it:"), this);
  auto* caption = caption_;
  setUnavailableReason(QString());

  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(2);
  row->addWidget(caption);
  row->addSpacing(4);
  for (int digit = 0; digit < 10; ++digit) {
    auto* action = new QAction(QString::number(digit), this);
    action->setObjectName(QStringLiteral("teachAction%1").arg(digit));
    const auto key = static_cast<Qt::Key>(Qt::Key_0 + digit);
    action->setShortcuts({QKeySequence(key), QKeySequence(Qt::KeypadModifier | key)});
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(digitTip(digit));
    connect(action, &QAction::triggered, this, [this, digit] { emit digitChosen(digit); });
    actions_[static_cast<std::size_t>(digit)] = action;

    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("teachButton%1").arg(digit));
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setMinimumWidth(24);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    row->addWidget(button, 1);
  }
}

void TeachRow::setUnavailableReason(const QString& reason) {
  caption_->setEnabled(reason.isEmpty());  // greyed like the buttons
  caption_->setToolTip(
      reason.isEmpty() ? tr("Misread? Click the right digit (or press its key) to add this drawing to your digits")
                       : reason);
  for (int digit = 0; digit < 10; ++digit) {
    if (QAction* action = actions_[static_cast<std::size_t>(digit)])
      action->setToolTip(reason.isEmpty() ? digitTip(digit) : reason);
  }
}

QString TeachRow::digitTip(int digit) const {
  return tr("This drawing is a %1: add it to your digits (key %1)").arg(digit);
}

}  // namespace digitpad
