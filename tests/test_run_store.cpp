// SPDX-License-Identifier: GPL-3.0-or-later
// The run history on disk (io/run_store.h, io/run_log.h): a run round-trips
// with its curves and model, ids are unique, a damaged run is skipped and
// named while the others load, a newer format is refused by name, and a
// failed save leaves nothing behind.

#include "core/io/atomic_file.h"
#include "core/io/run_store.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <set>

#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

RunSummary sampleRun(const std::string& id, const std::string& created) {
  RunSummary run;
  run.id = id;
  run.created = created;
  run.preset = "seed";
  run.dataset = "opencv-digits (5000)";
  run.train_count = 1000;
  run.test_count = 350;
  run.split_seed = 7;
  run.recipe = {{"layers", "dense1000"}, {"learning_rate", "0.5"}};
  run.status = "finished";
  run.iterations = 3;
  run.final_cost = 0.25f;
  run.train_accuracy = 0.9f;
  run.test_accuracy = 0.875f;
  run.seconds = 1.5;
  return run;
}

std::vector<RunPoint> samplePoints() {
  return {{1, 2.3f, std::nullopt, std::nullopt, std::nullopt},
          {2, 1.1f, 0.5f, 0.25f, 1.2f},
          {3, 0.5f, std::nullopt, std::nullopt, std::nullopt}};
}

class RunStoreTest : public ::testing::Test {
 protected:
  void save(const RunSummary& run) {
    const Network network(Architecture::mlp(4, {3}, 2, Activation::Tanh), 0.1f, 1);
    ModelInfo info;
    info.name = "untitled";
    save_run(dir_.string(), run, samplePoints(), network, info);
  }

  test::TempFolder scratch_{"digitpad-runs"};
  const fs::path dir_ = scratch_.path() / "runs";  // made by the first save
};

TEST_F(RunStoreTest, RunRoundTripsWithCurvesAndModel) {
  const RunSummary run = sampleRun("20261203-120000-00000001", "2026-12-03T12:00:00Z");
  save(run);
  const LoadedRuns loaded = load_runs(dir_.string());
  ASSERT_EQ(loaded.runs.size(), 1u);
  EXPECT_TRUE(loaded.problems.empty());
  EXPECT_EQ(loaded.runs[0], run);
  EXPECT_EQ(load_run_points(dir_.string(), run.id), samplePoints());
  const Model model = load_model(run_model_path(dir_.string(), run.id));
  EXPECT_EQ(model.network.architecture().outputs, 2);
  // Only the run's folder: the temporary it was written in is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(RunStoreTest, RunsListOldestFirst) {
  save(sampleRun("b", "2026-12-03T12:00:02Z"));
  save(sampleRun("a", "2026-12-03T12:00:05Z"));
  save(sampleRun("c", "2026-12-03T12:00:01Z"));
  const LoadedRuns loaded = load_runs(dir_.string());
  ASSERT_EQ(loaded.runs.size(), 3u);
  EXPECT_EQ(loaded.runs[0].id, "c");
  EXPECT_EQ(loaded.runs[1].id, "b");
  EXPECT_EQ(loaded.runs[2].id, "a");
}

TEST_F(RunStoreTest, DamagedRunIsSkippedAndNamedOthersLoad) {
  save(sampleRun("good", "2026-12-03T12:00:00Z"));
  save(sampleRun("bad", "2026-12-03T12:00:01Z"));
  save(sampleRun("truncated", "2026-12-03T12:00:02Z"));
  write_file_atomically((dir_ / "bad" / kRunSummaryFile).string(), "{ this is not json");
  write_file_atomically((dir_ / "truncated" / kRunSummaryFile).string(), R"({"version": 1, "id": "x"})");
  fs::create_directories(dir_ / "empty-folder");
  const LoadedRuns loaded = load_runs(dir_.string());
  ASSERT_EQ(loaded.runs.size(), 1u);
  EXPECT_EQ(loaded.runs[0].id, "good");
  ASSERT_EQ(loaded.problems.size(), 3u);
  for (const std::string& problem : loaded.problems) EXPECT_NE(problem.find(dir_.string()), std::string::npos);
  bool named_json = false;
  for (const std::string& problem : loaded.problems)
    named_json |= problem.find("bad/run.json: not valid JSON") != std::string::npos;
  EXPECT_TRUE(named_json);
}

TEST_F(RunStoreTest, NewerFormatIsRefusedByName) {
  save(sampleRun("new", "2026-12-03T12:00:00Z"));
  write_file_atomically((dir_ / "new" / kRunSummaryFile).string(), R"({"version": 99})");
  const LoadedRuns loaded = load_runs(dir_.string());
  ASSERT_EQ(loaded.problems.size(), 1u);
  EXPECT_NE(loaded.problems[0].find("newer DigitPad"), std::string::npos) << loaded.problems[0];
}

TEST_F(RunStoreTest, HiddenFoldersBeingWrittenAreNotRuns) {
  save(sampleRun("one", "2026-12-03T12:00:00Z"));
  fs::create_directories(dir_ / ".tmp-two-123");
  const LoadedRuns loaded = load_runs(dir_.string());
  EXPECT_EQ(loaded.runs.size(), 1u);
  EXPECT_TRUE(loaded.problems.empty());
}

TEST_F(RunStoreTest, KilledSavesAreClearedLiveOnesKept) {
  save(sampleRun("one", "2026-12-03T12:00:00Z"));
  // A save whose process is gone (pid 0x7ffffffe is beyond any pid_max),
  // and one of a live process (this test's parent).
  fs::create_directories(dir_ / ".tmp-dead-2147483646");
  const std::string live = ".tmp-live-" + std::to_string(::getppid());
  fs::create_directories(dir_ / live);
  save(sampleRun("two", "2026-12-03T12:00:01Z"));
  EXPECT_FALSE(fs::exists(dir_ / ".tmp-dead-2147483646"));
  EXPECT_TRUE(fs::exists(dir_ / live));
}

TEST_F(RunStoreTest, MissingHistoryIsEmpty) {
  const LoadedRuns loaded = load_runs((dir_ / "nowhere").string());
  EXPECT_TRUE(loaded.runs.empty());
  EXPECT_TRUE(loaded.problems.empty());
}

TEST_F(RunStoreTest, ExistingRunIsNeverOverwritten) {
  save(sampleRun("same", "2026-12-03T12:00:00Z"));
  EXPECT_THROW(save(sampleRun("same", "2026-12-03T12:00:09Z")), Error);
  EXPECT_EQ(load_runs(dir_.string()).runs.at(0).created, "2026-12-03T12:00:00Z");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(RunStoreTest, IdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(new_run_id());
  EXPECT_EQ(ids.size(), 100u);
}

TEST(RunLog, CsvHasEmptyCellsWithoutEvaluation) {
  EXPECT_EQ(run_points_csv(samplePoints()),
            "iteration,cost,train_accuracy,test_accuracy,test_cost\n"
            "1,2.3,,,\n"
            "2,1.1,0.5,0.25,1.2\n"
            "3,0.5,,,\n");
}

TEST(RunLog, NanCostSurvivesAsNull) {
  std::vector<RunPoint> points = {{1, std::nanf(""), std::nullopt, std::nullopt, std::nullopt}};
  const std::vector<RunPoint> read = parse_run_points(run_points_json(points), "curves.json");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_TRUE(std::isnan(read[0].cost));
}

}  // namespace
}  // namespace digitpad
