// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/focus_frame_style.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOption>

namespace digitpad {
namespace {

constexpr qreal kFrameWidth = 2.0;

void drawFrame(QPainter* painter, const QStyleOption* option, const QRect& rect) {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing, true);
  QPen pen(option->palette.color(QPalette::Highlight), kFrameWidth);
  painter->setPen(pen);
  painter->setBrush(Qt::NoBrush);
  const qreal inset = kFrameWidth / 2;
  painter->drawRoundedRect(QRectF(rect).adjusted(inset, inset, -inset, -inset), 3, 3);
  painter->restore();
}

bool hasKeyboardFocus(const QStyleOption* option) {
  return (option->state & QStyle::State_HasFocus) && (option->state & QStyle::State_Enabled);
}

}  // namespace

void FocusFrameStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                                    const QWidget* widget) const {
  // Check boxes, radio buttons, tabs and item views ask for this frame
  // around their label or item; the platform's may be a faint dotted line.
  if (element == PE_FrameFocusRect) {
    drawFrame(painter, option, option->rect);
    return;
  }
  QProxyStyle::drawPrimitive(element, option, painter, widget);
}

void FocusFrameStyle::drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                                  const QWidget* widget) const {
  QProxyStyle::drawControl(element, option, painter, widget);
  if (element == CE_PushButton && hasKeyboardFocus(option)) drawFrame(painter, option, option->rect);
}

void FocusFrameStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex* option, QPainter* painter,
                                         const QWidget* widget) const {
  QProxyStyle::drawComplexControl(control, option, painter, widget);
  if ((control == CC_ToolButton || control == CC_ComboBox || control == CC_SpinBox) && hasKeyboardFocus(option))
    drawFrame(painter, option, option->rect);
}

void installFocusFrameStyle() {
  // QProxyStyle without a base takes the application's style; the
  // application then owns the proxy.
  if (dynamic_cast<FocusFrameStyle*>(QApplication::style())) return;
  QApplication::setStyle(new FocusFrameStyle);
}

}  // namespace digitpad
