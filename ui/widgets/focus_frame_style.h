// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProxyStyle>

namespace digitpad {

// The platform's style, with a focus frame a keyboard user can see: a
// 2-pixel outline in the highlight colour around the focused button, tool
// button, check box, radio button or tab, drawn over what the style draws.
// Fusion (the style on most Linux desktops without a theme) marks a focused
// push button only by a slightly bluer edge, which on the Train button is
// all but invisible.
class FocusFrameStyle : public QProxyStyle {
 public:
  using QProxyStyle::QProxyStyle;

  void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                     const QWidget* widget = nullptr) const override;
  void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                   const QWidget* widget = nullptr) const override;
  void drawComplexControl(ComplexControl control, const QStyleOptionComplex* option, QPainter* painter,
                          const QWidget* widget = nullptr) const override;
};

// Wraps the application's current style (the platform's choice, or -style)
// in a FocusFrameStyle. Called once at start, before any window is shown.
void installFocusFrameStyle();

}  // namespace digitpad
