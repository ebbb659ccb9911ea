// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/text_tool_button.h"

#include <QToolButton>

namespace digitpad {

QToolButton* makeTextToolButton(QAction* action, QWidget* parent) {
  auto* button = new QToolButton(parent);
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  button->setMinimumWidth(72);
  return button;
}

}  // namespace digitpad
