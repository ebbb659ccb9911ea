// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAction;
class QToolButton;
class QWidget;

namespace digitpad {

// A flat button that shows its action's text (and follows its enabled and
// checked state), wide enough that short words such as "Undo" or "Digit" all
// look alike in a tool row.
QToolButton* makeTextToolButton(QAction* action, QWidget* parent);

}  // namespace digitpad
