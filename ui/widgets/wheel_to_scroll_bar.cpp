// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/wheel_to_scroll_bar.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>

namespace digitpad {

WheelToScrollBar::WheelToScrollBar(QScrollBar* bar, QObject* parent) : QObject(parent), bar_(bar) {}

void WheelToScrollBar::guardFields(QScrollArea* area) {
  auto* guard = new WheelToScrollBar(area->verticalScrollBar(), area);
  for (QWidget* field : area->widget()->findChildren<QWidget*>()) {
    if (!qobject_cast<QAbstractSpinBox*>(field) && !qobject_cast<QComboBox*>(field)) continue;
    field->setFocusPolicy(Qt::StrongFocus);  // not Qt::WheelFocus
    field->installEventFilter(guard);
  }
}

bool WheelToScrollBar::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::Wheel) return false;
  auto* widget = qobject_cast<QWidget*>(watched);
  if (widget == nullptr || widget->hasFocus()) return false;
  QCoreApplication::sendEvent(bar_, event);
  return true;
}

}  // namespace digitpad
