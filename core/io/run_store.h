// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/io/model_file.h"
#include "core/io/run_log.h"

#include <string>
#include <vector>

namespace digitpad {

// The run history on disk: one folder a run, named by its id, in a history
// folder, holding
//   run.json     the summary (RunSummary)
//   curves.json  the per-iteration points
//   model.dpm    the run's network
// A run is written whole into a hidden temporary folder and renamed into
// place, so a reader (another DigitPad window) sees all of it or nothing, and
// two windows never write the same folder: ids are unique.

inline constexpr const char* kRunSummaryFile = "run.json";
inline constexpr const char* kRunCurvesFile = "curves.json";
inline constexpr const char* kRunModelFile = "model.dpm";

// A new unique id: the UTC time, then random hex ("20261203-121618-3fa9c2d1"),
// so that folders sort by time and two windows ending a run in the same
// second still differ.
std::string new_run_id();

// Writes the run (run.id names its folder) into `history_folder`, creating
// it when missing. Throws Error("<path>: <problem>"); nothing is left behind
// on failure.
void save_run(const std::string& history_folder, const RunSummary& run, const std::vector<RunPoint>& points,
              const Network& network, const ModelInfo& info);

struct LoadedRuns {
  std::vector<RunSummary> runs;       // oldest first
  std::vector<std::string> problems;  // "<path>: <problem>", one a damaged run
};

// Every run's summary in `history_folder` (none when it does not exist). A
// damaged run is skipped and named in `problems`; the others load.
LoadedRuns load_runs(const std::string& history_folder);
// One run's summary; throws Error.
RunSummary load_run_summary(const std::string& history_folder, const std::string& id);
// One run's curves; throws Error.
std::vector<RunPoint> load_run_points(const std::string& history_folder, const std::string& id);
std::string run_model_path(const std::string& history_folder, const std::string& id);

}  // namespace digitpad
