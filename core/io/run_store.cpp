// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/run_store.h"

#include "core/io/atomic_file.h"
#include "core/util/error.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <system_error>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// A summary is a few kilobytes; curves hold ~40 bytes an iteration. Anything
// far larger is not ours, and is refused before it is read.
constexpr std::size_t kMaxSummaryBytes = 1u << 20;
constexpr std::size_t kMaxCurvesBytes = 256u << 20;

std::string folderOf(const std::string& history_folder, const std::string& id) {
  return (fs::path(history_folder) / id).string();
}

// Removes the hidden folders of saves that a killed DigitPad left behind
// (".tmp-ID-PID" whose process is gone). Another window's save under way has
// a live process and is left alone. Best effort.
void removeStaleTemporaries(const std::string& history_folder) {
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(history_folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(".tmp-", 0) != 0) continue;
    const std::size_t dash = name.rfind('-');
    const long pid = std::strtol(name.c_str() + dash + 1, nullptr, 10);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    fs::remove_all(entry.path(), error);
  }
}

}  // namespace

std::string new_run_id() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::random_device random;
  char text[64];
  std::snprintf(text, sizeof text, "%04d%02d%02d-%02d%02d%02d-%08x", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<unsigned>(random()));
  return text;
}

void save_run(const std::string& history_folder, const RunSummary& run, const std::vector<RunPoint>& points,
              const Network& network, const ModelInfo& info) {
  if (run.id.empty() || run.id.front() == '.' || run.id.find('/') != std::string::npos)
    throw Error(history_folder + ": \"" + run.id + "\" cannot name a run");
  std::error_code error;
  fs::create_directories(history_folder, error);
  if (error) throw Error(history_folder + ": cannot create the run history folder (" + error.message() + ")");
  removeStaleTemporaries(history_folder);
  const fs::path final_folder = fs::path(history_folder) / run.id;
  // Hidden while it is written: readers skip names that start with a dot.
  const fs::path temporary = fs::path(history_folder) / (".tmp-" + run.id + "-" + std::to_string(::getpid()));
  fs::remove_all(temporary, error);
  if (!fs::create_directory(temporary, error) || error)
    throw Error(temporary.string() + ": cannot create (" + error.message() + ")");
  try {
    // The model first and the summary last: each file is itself written
    // atomically, and the folder appears only once all three are there.
    save_model((temporary / kRunModelFile).string(), network, info);
    write_file_atomically((temporary / kRunCurvesFile).string(), run_points_json(points));
    write_file_atomically((temporary / kRunSummaryFile).string(), run_summary_json(run));
    if (fs::exists(final_folder)) throw Error(final_folder.string() + ": a run of this name already exists");
    fs::rename(temporary, final_folder, error);
    if (error) throw Error(final_folder.string() + ": cannot move the run into place (" + error.message() + ")");
    sync_folder(history_folder);
  } catch (...) {
    fs::remove_all(temporary, error);
    throw;
  }
}

RunSummary load_run_summary(const std::string& history_folder, const std::string& id) {
  const std::string path = (fs::path(folderOf(history_folder, id)) / kRunSummaryFile).string();
  RunSummary run = parse_run_summary(read_whole_file(path, kMaxSummaryBytes), path);
  // The folder's name is the id: a copied folder is a run of its own.
  run.id = id;
  return run;
}

LoadedRuns load_runs(const std::string& history_folder) {
  LoadedRuns loaded;
  std::error_code error;
  if (!fs::is_directory(history_folder, error)) return loaded;
  fs::directory_iterator entries(history_folder, error);
  if (error) {
    loaded.problems.push_back(history_folder + ": cannot list the run history (" + error.message() + ")");
    return loaded;
  }
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // runs being written or deleted
    if (!entry.is_directory(error)) continue;
    try {
      loaded.runs.push_back(load_run_summary(history_folder, name));
    } catch (const Error& problem) {
      loaded.problems.push_back(problem.what());
    }
  }
  std::sort(loaded.runs.begin(), loaded.runs.end(), [](const RunSummary& a, const RunSummary& b) {
    return a.created != b.created ? a.created < b.created : a.id < b.id;
  });
  return loaded;
}

std::vector<RunPoint> load_run_points(const std::string& history_folder, const std::string& id) {
  const std::string path = (fs::path(folderOf(history_folder, id)) / kRunCurvesFile).string();
  return parse_run_points(read_whole_file(path, kMaxCurvesBytes), path);
}

std::string run_model_path(const std::string& history_folder, const std::string& id) {
  return (fs::path(folderOf(history_folder, id)) / kRunModelFile).string();
}

}  // namespace digitpad
