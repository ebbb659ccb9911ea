// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

namespace digitpad {

// Sets the Tab order of `widgets` to the list's order (QWidget::setTabOrder
// pair by pair; Qt 6.4 has no list form). The chain keeps its place: it
// starts where the first widget was. For a window whose widgets are made in
// another order than they are laid out (a canvas built before its tools,
// groups reparented into columns), so that Tab follows the screen.
inline void setTabChain(const QList<QWidget*>& widgets) {
  for (qsizetype i = 1; i < widgets.size(); ++i)
    if (widgets[i - 1] && widgets[i]) QWidget::setTabOrder(widgets[i - 1], widgets[i]);
}

}  // namespace digitpad
