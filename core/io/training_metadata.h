// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"
#include "core/nn/presets.h"
#include "core/nn/trainer.h"

#include <string>

namespace digitpad {

// The ModelInfo recorded for a finished run: the recipe's hyperparameters, the
// data, the result and the current UTC time. One place, used by the CLI and the app.
ModelInfo training_metadata(const std::string& name, const TrainingRecipe& recipe, const std::string& dataset,
                            int train_count, int test_count, const TrainingResult& result);

// Current UTC time as ISO 8601 ("2026-11-25T16:30:00Z").
std::string utc_timestamp_now();

}  // namespace digitpad
