// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/settings_fields.h"

#include "ui/widgets/compact_spin_box.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

namespace digitpad {

QSpinBox* makeSpin(int minimum, int maximum, const QString& tooltip, const QString& special) {
  auto* spin = new QSpinBox;
  spin->setRange(minimum, maximum);
  spin->setToolTip(tooltip);
  spin->setGroupSeparatorShown(true);
  spin->setAccelerated(true);
  if (!special.isEmpty()) spin->setSpecialValueText(special);
  return spin;
}

QDoubleSpinBox* makeCompactSpin(double minimum, double maximum, const QString& tooltip, const QString& special) {
  auto* spin = new CompactSpinBox;
  spin->setRange(minimum, maximum);
  spin->setToolTip(tooltip);
  if (!special.isEmpty()) spin->setSpecialValueText(special);
  return spin;
}

QDoubleSpinBox* makeFixedSpin(double minimum, double maximum, int decimals, double step, const QString& tooltip) {
  auto* spin = new QDoubleSpinBox;
  spin->setRange(minimum, maximum);
  spin->setDecimals(decimals);
  spin->setSingleStep(step);
  spin->setToolTip(tooltip);
  return spin;
}

QFormLayout* makeWrappingForm() {
  auto* form = new QFormLayout;
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  // Rows a little closer than the style's 6 pixels: ten of them then show
  // in the settings on a 1024x700 screen, above the run controls and chart.
  form->setVerticalSpacing(3);
  return form;
}

void selectByData(QComboBox* combo, const QString& data) {
  const int index = combo->findData(data);
  if (index >= 0) combo->setCurrentIndex(index);
}

}  // namespace digitpad
