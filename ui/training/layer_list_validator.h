// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/architecture.h"

#include <QString>
#include <QValidator>

#include <optional>
#include <string>

// Checks a layer list ("conv32@5,pool2,dense128") as it is typed, with the
// core's own parser and shape rules (core/nn/layer_spec.h, architecture.h), so
// the panel accepts exactly what `digitpad-cli train --layers` accepts.
// Anything that is not yet valid is Intermediate: the user may keep typing.
class LayerListValidator : public QValidator {
  Q_OBJECT
 public:
  explicit LayerListValidator(QObject* parent = nullptr) : QValidator(parent) {}

  State validate(QString& input, int& position) const override;

  // The layers of `text` on a 28x28 digit, or the problem in words
  // ("layer 3 'pool2': cannot pool a 1x1 map by 2").
  struct Result {
    std::vector<digitpad::LayerSpec> layers;
    std::optional<std::string> problem;
  };
  static Result check(const QString& text);
};
