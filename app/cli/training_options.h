#pragma once

#include "arguments.h"

#include "data/training_data.h"
#include "nn/presets.h"

#include <optional>
#include <string>
#include <vector>

namespace digitpad::cli {

// The data and recipe flags that `train` and `bench` share, so that a benchmark
// measures exactly what the same flags would train.

// --data, --train-images/--train-labels, --test-images/--test-labels,
// --train-count, --test-count, --split-seed.
extern const std::vector<FlagSpec> kDataFlags;
std::string data_flags_help();

// Without any data flag: the default digits folder, or Error with the set-up
// hint when it is missing. Throws UsageError on malformed values. Image folders
// (--image-folder) are decoded here, into request.extra_sets; a bad image
// throws Error naming its file.
DataRequest data_request_from(const Arguments& args);

// A short description of where the data came from, for the model file.
std::string describe_data(const DataRequest& request);

// --preset and the flags that override the preset's recipe.
extern const std::vector<FlagSpec> kRecipeFlags;
std::string recipe_flags_help();

// The preset (default "seed"; `fallback` instead when given and no --preset
// is) with every given override applied. Throws UsageError for an unknown
// preset or a malformed value.
TrainingRecipe recipe_from(const Arguments& args, const std::optional<TrainingRecipe>& fallback = std::nullopt);

// "784-1000-10 tanh, gd lr 0.5, full batch" or
// "784-conv32@5-pool2-dense128-10 relu, adam lr 0.003, batch 128, onecycle" for summaries.
std::string summarize(const TrainingRecipe& recipe, int train_count);

// Concatenates flag lists (each command adds its own to the shared ones).
std::vector<FlagSpec> join_flags(std::initializer_list<const std::vector<FlagSpec>*> lists);

}  // namespace digitpad::cli
