// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Makers for the fields of a settings form, so that every number field of
// the training panel looks and behaves alike (range, tooltip, "Auto"-style
// special text at the minimum).

#include <QString>

#include <climits>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace digitpad {

// Seeds are 64-bit in the core; a spin box holds an int.
constexpr int kSeedFieldMax = INT_MAX;

// An integer field; `special` is shown instead of the minimum ("Auto").
QSpinBox* makeSpin(int minimum, int maximum, const QString& tooltip, const QString& special = {});
// A CompactSpinBox, for values that span decades.
QDoubleSpinBox* makeCompactSpin(double minimum, double maximum, const QString& tooltip, const QString& special = {});
QDoubleSpinBox* makeFixedSpin(double minimum, double maximum, int decimals, double step, const QString& tooltip);

// A form whose fields move under their labels when the panel is too narrow
// for both side by side (a 1024-pixel window), instead of being clipped.
QFormLayout* makeWrappingForm();

// Selects the item whose data is `data`; leaves the combo as it is when none is.
void selectByData(QComboBox* combo, const QString& data);

}  // namespace digitpad
