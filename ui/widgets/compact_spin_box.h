// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDoubleSpinBox>

namespace digitpad {

// A spin box for values that span decades (learning rate, epsilon, weight
// decay): shows "0.5" and "1e-08" rather than fixed decimals, and steps by
// one unit of the value's leading digit (0.5 -> 0.6, 0.01 -> 0.011).
class CompactSpinBox : public QDoubleSpinBox {
 public:
  explicit CompactSpinBox(QWidget* parent = nullptr);

  QString textFromValue(double value) const override;
  double valueFromText(const QString& text) const override;
  QValidator::State validate(QString& text, int& position) const override;
};

}  // namespace digitpad
