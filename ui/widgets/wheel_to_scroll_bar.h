// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QScrollArea;
class QScrollBar;

namespace digitpad {

// Spin boxes and combo boxes in a scrolling form take the wheel only once
// clicked into: otherwise scrolling the settings past them would change them
// (a preset turning "Custom" under the pointer). The wheel goes to the scroll
// bar instead.
class WheelToScrollBar : public QObject {
 public:
  WheelToScrollBar(QScrollBar* bar, QObject* parent);

  // Guards every spin box and combo box inside `area`'s widget.
  static void guardFields(QScrollArea* area);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QScrollBar* bar_;
};

}  // namespace digitpad
