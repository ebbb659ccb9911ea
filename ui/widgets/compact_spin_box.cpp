// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/compact_spin_box.h"

namespace digitpad {

CompactSpinBox::CompactSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
  setDecimals(12);
  setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
}

QString CompactSpinBox::textFromValue(double value) const { return locale().toString(value, 'g', 6); }

double CompactSpinBox::valueFromText(const QString& text) const {
  if (!specialValueText().isEmpty() && text == specialValueText()) return minimum();
  return locale().toDouble(text.trimmed());
}

QValidator::State CompactSpinBox::validate(QString& text, int&) const {
  if (!specialValueText().isEmpty() && text == specialValueText()) return QValidator::Acceptable;
  bool ok = false;
  const double value = locale().toDouble(text.trimmed(), &ok);
  if (!ok) return QValidator::Intermediate;  // "1e-", "0." while typing
  return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

}  // namespace digitpad
