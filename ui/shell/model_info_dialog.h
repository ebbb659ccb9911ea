// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"

#include <QDialog>
#include <QString>

namespace digitpad {

// "784 → 1000 tanh → 10 softmax": the layers as a reader thinks of them.
QString architectureText(const Architecture& architecture);

// Everything a model file records about its network: architecture and size,
// the data it was trained on, how well it did, when, and every hyperparameter.
class ModelInfoDialog : public QDialog {
  Q_OBJECT

 public:
  ModelInfoDialog(const Model& model, const QString& path, QWidget* parent = nullptr);
};

}  // namespace digitpad
