// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/training/layer_list_validator.h"

#include "core/util/error.h"

QValidator::State LayerListValidator::validate(QString& input, int&) const {
  return check(input).problem ? Intermediate : Acceptable;
}

LayerListValidator::Result LayerListValidator::check(const QString& text) {
  Result result;
  try {
    digitpad::Architecture architecture;
    architecture.layers = digitpad::parse_layer_list(text.toStdString());
    architecture.validate();
    result.layers = std::move(architecture.layers);
  } catch (const digitpad::Error& error) {
    result.problem = error.what();
  }
  return result;
}
