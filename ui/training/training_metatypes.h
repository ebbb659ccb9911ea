// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The values that cross from the training thread to the GUI thread in queued
// signals. Declared once, before any class whose signals or slots use them,
// so that every translation unit sees the same QMetaTypeId specialisations.

#include "core/io/model_file.h"
#include "core/nn/model_comparison.h"
#include "core/nn/trainer.h"

#include <QMetaType>

#include <memory>
#include <vector>

Q_DECLARE_METATYPE(digitpad::TrainingProgress)
Q_DECLARE_METATYPE(digitpad::TrainingResult)
Q_DECLARE_METATYPE(std::shared_ptr<const digitpad::Model>)
Q_DECLARE_METATYPE(std::vector<digitpad::AccuracyChange>)
