// SPDX-License-Identifier: GPL-3.0-or-later
// The user's digits on disk (data/my_digits_store.h): both files change in
// one atomic step, a damaged folder is recovered and never emptied, and a real
// process killed before every single disk step of its saves, or at random
// moments, never loses a digit whose save had returned.

#include "core/data/idx_file.h"
#include "core/data/my_digits_store.h"
#include "core/io/atomic_file.h"
#include "core/io/fault_injection.h"
#include "core/io/gzip.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Digit number `i` of a user's sequence: a pattern only it has (exact in
// bytes), and label i % 10.
Dataset digit(int i) {
  Dataset one;
  one.images.resize(kImagePixels, 1);
  for (int p = 0; p < kImagePixels; ++p)
    one.images(p, 0) = static_cast<float>((i * 37 + p * 11 + (i * p) % 7) % 256) / 255.0f;
  one.labels = {static_cast<std::uint8_t>(i % 10)};
  return one;
}

Dataset first_digits(int count) {
  Dataset data;
  data.images.resize(kImagePixels, count);
  for (int i = 0; i < count; ++i) {
    data.images.col(i) = digit(i).images.col(0);
    data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  }
  return data;
}

// How many digits from the start are exactly digits 0, 1, 2, ...; -1 when the
// set holds anything else.
int matching_prefix(const Dataset& data) {
  for (int i = 0; i < data.count(); ++i)
    if (data.labels[static_cast<std::size_t>(i)] != i % 10 || data.images.col(i) != digit(i).images.col(0)) return -1;
  return data.count();
}

class MyDigitsStoreTest : public ::testing::Test {
 protected:
  void TearDown() override { fault_injection::set_hook(nullptr); }

  std::string file(const std::string& name) const { return (fs::path(folder_) / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(folder_)) found.push_back(entry.path().filename().string());
    std::sort(found.begin(), found.end());
    return found;
  }
  std::vector<std::string> damaged_folders() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(folder_))
      if (entry.path().filename().string().rfind("damaged-", 0) == 0) found.push_back(entry.path().string());
    return found;
  }

  test::TempFolder scratch_{"digitpad-store"};
  const fs::path dir_ = scratch_.path();
  const std::string folder_ = (dir_ / "my-digits").string();
};

TEST_F(MyDigitsStoreTest, NoFolderIsAnEmptySetAndSavesRoundTrip) {
  EXPECT_EQ(load_my_digits(folder_).digits.count(), 0);
  EXPECT_FALSE(fs::exists(folder_)) << "loading must not create anything";
  save_my_digits(folder_, first_digits(7));
  const LoadedMyDigits loaded = load_my_digits(folder_);
  EXPECT_FALSE(loaded.recovery);
  EXPECT_EQ(matching_prefix(loaded.digits), 7);
  // Only the MNIST pair is left: other tools read the folder as it is.
  EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName}));
  EXPECT_EQ(read_idx_pair(file(kMyDigitsImagesName), file(kMyDigitsLabelsName)).count(), 7);
  save_my_digits(folder_, first_digits(0));
  EXPECT_EQ(load_my_digits(folder_).digits.count(), 0);
}

// The case this store was made safe for: an older DigitPad killed between its two renames left
// 6 images and 5 labels; the next start showed an empty set and the next
// taught digit overwrote all of them.
TEST_F(MyDigitsStoreTest, AHalfWrittenPairIsRecoveredNotDiscarded) {
  fs::create_directories(folder_);
  const Dataset six = first_digits(6);
  write_idx_images(file(kMyDigitsImagesName), six.images);
  write_idx_labels(file(kMyDigitsLabelsName), first_digits(5).labels);
  const std::string images_before = read_whole_file(file(kMyDigitsImagesName), 1 << 20);
  const std::string labels_before = read_whole_file(file(kMyDigitsLabelsName), 1 << 20);

  const LoadedMyDigits loaded = load_my_digits(folder_);
  ASSERT_TRUE(loaded.recovery);
  EXPECT_EQ(loaded.recovery->recovered, 5);
  EXPECT_NE(loaded.recovery->problem.find("6 images but"), std::string::npos) << loaded.recovery->problem;
  EXPECT_EQ(matching_prefix(loaded.digits), 5);
  // The files as they were are kept, byte for byte.
  ASSERT_EQ(damaged_folders().size(), 1u);
  EXPECT_EQ(loaded.recovery->damaged_folder, damaged_folders().front());
  const fs::path kept(loaded.recovery->damaged_folder);
  EXPECT_EQ(read_whole_file((kept / kMyDigitsImagesName).string(), 1 << 20), images_before);
  EXPECT_EQ(read_whole_file((kept / kMyDigitsLabelsName).string(), 1 << 20), labels_before);

  // The folder is whole again: the next digit is added to the five.
  Dataset next = first_digits(6);
  save_my_digits(folder_, next);
  const LoadedMyDigits again = load_my_digits(folder_);
  EXPECT_FALSE(again.recovery);
  EXPECT_EQ(matching_prefix(again.digits), 6);
}

TEST_F(MyDigitsStoreTest, ACutGzipStreamKeepsTheDigitsBeforeTheCut) {
  save_my_digits(folder_, first_digits(40));
  const std::string images = read_whole_file(file(kMyDigitsImagesName), 1 << 20);
  {
    std::ofstream cut(file(kMyDigitsImagesName), std::ios::binary | std::ios::trunc);
    cut.write(images.data(), static_cast<std::streamsize>(images.size() / 2));
  }
  const LoadedMyDigits loaded = load_my_digits(folder_);
  ASSERT_TRUE(loaded.recovery);
  EXPECT_NE(loaded.recovery->problem.find("corrupt gzip data"), std::string::npos) << loaded.recovery->problem;
  EXPECT_GT(loaded.recovery->recovered, 0);
  EXPECT_LT(loaded.recovery->recovered, 40);
  EXPECT_EQ(matching_prefix(loaded.digits), loaded.recovery->recovered);
  EXPECT_EQ(load_my_digits(folder_).digits.count(), loaded.recovery->recovered);
}

TEST_F(MyDigitsStoreTest, AMissingFileOrGarbageIsKeptAsideAndTheSetStartsOver) {
  save_my_digits(folder_, first_digits(3));
  fs::remove(file(kMyDigitsLabelsName));
  LoadedMyDigits loaded = load_my_digits(folder_);
  ASSERT_TRUE(loaded.recovery);
  EXPECT_EQ(loaded.recovery->recovered, 0);
  EXPECT_TRUE(fs::exists(fs::path(loaded.recovery->damaged_folder) / kMyDigitsImagesName));

  std::ofstream(file(kMyDigitsImagesName), std::ios::trunc) << "\x1b[2J not a digit file\n";
  loaded = load_my_digits(folder_);
  ASSERT_TRUE(loaded.recovery);
  EXPECT_EQ(damaged_folders().size(), 2u);
  EXPECT_EQ(loaded.recovery->problem.find('\n'), std::string::npos);
}

TEST_F(MyDigitsStoreTest, AFolderThatIsAFileIsAnErrorAndNothingChanges) {
  fs::create_directories(dir_);
  std::ofstream(folder_) << "precious";
  EXPECT_THROW(load_my_digits(folder_), Error);
  EXPECT_THROW(save_my_digits(folder_, first_digits(1)), Error);
  EXPECT_EQ(read_whole_file(folder_, 100), "precious");
}

// A failure (a full disk, an I/O error) at any one step of a save: the next
// load has the old digits or the new ones, never a mix, never none.
fault_injection::Step failing_kind;
int steps_seen = 0, fail_at = 0;
void fail_at_nth_step(fault_injection::Step step, const std::string& path) {
  if (++steps_seen == fail_at) {
    failing_kind = step;
    throw Error(path + ": No space left on device (injected)");
  }
}

TEST_F(MyDigitsStoreTest, AFailedStepAnywhereLeavesTheOldDigitsOrTheNew) {
  save_my_digits(folder_, first_digits(5));
  int rounds = 0;
  for (fail_at = 1;; ++fail_at) {
    steps_seen = 0;
    fault_injection::set_hook(&fail_at_nth_step);
    bool threw = false;
    try {
      save_my_digits(folder_, first_digits(6));
    } catch (const Error&) {
      threw = true;
    }
    fault_injection::set_hook(nullptr);
    const int count = matching_prefix(load_my_digits(folder_).digits);
    if (threw) {
      EXPECT_EQ(count, 5) << "failed at step " << fail_at << " (" << fault_injection::step_name(failing_kind) << ")";
    } else {
      EXPECT_EQ(count, 6) << "a save that returned must be kept (step " << fail_at << ")";
    }
    EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName})) << fail_at;
    save_my_digits(folder_, first_digits(5));  // back to the start for the next round
    ++rounds;
    if (steps_seen < fail_at) break;  // the save ran to its end without reaching the failure
  }
  EXPECT_GT(rounds, 10);
}

// ---- Killing a real process ----------------------------------------------

// The child's side: before its `kill_at`-th disk step, SIGKILL itself.
int child_steps = 0, child_kill_at = 0;
void kill_at_nth_step(fault_injection::Step, const std::string&) {
  if (++child_steps == child_kill_at) ::raise(SIGKILL);
}

// In a child process: load the folder (finishing whatever the last kill
// interrupted), then add `adds` digits one save at a time, writing the count
// to `report` after each save returned. Exits 0 when it got to the end.
[[noreturn]] void teach_in_child(const std::string& folder, int adds, int report, int kill_at) {
  child_steps = 0;
  child_kill_at = kill_at;
  if (kill_at > 0) fault_injection::set_hook(&kill_at_nth_step);
  try {
    Dataset digits = load_my_digits(folder).digits;
    for (int a = 0; a < adds; ++a) {
      const int next = digits.count();
      Dataset more = first_digits(next + 1);
      save_my_digits(folder, more);
      digits = std::move(more);
      const int count = digits.count();
      if (::write(report, &count, sizeof count) != sizeof count) ::_exit(3);
    }
  } catch (const std::exception&) {
    ::_exit(2);
  }
  ::_exit(0);
}

struct ChildRun {
  bool finished = false;  // exited 0 (not killed)
  int acknowledged = -1;  // the last count the child reported, -1 for none
};

// Runs teach_in_child in a fresh process; `kill_after_ms` >= 0 kills it from
// outside after that many milliseconds instead.
ChildRun run_child(const std::string& folder, int adds, int kill_at, int kill_after_ms = -1) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe");
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    teach_in_child(folder, adds, pipe_fds[1], kill_at);
  }
  ::close(pipe_fds[1]);
  if (kill_after_ms >= 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(kill_after_ms * 1000));
    ::kill(child, SIGKILL);
  }
  ChildRun run;
  int count = 0;
  while (::read(pipe_fds[0], &count, sizeof count) == sizeof count) run.acknowledged = count;
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  run.finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    ADD_FAILURE() << "the child failed with exit status " << WEXITSTATUS(status);
  return run;
}

// A save is 15 disk steps on a clean folder: the new images file (create,
// write, sync, rename), the new labels file (the same), the commit record (the
// same; its rename is the moment of the save), then two renames into place and
// the record's removal. Killed just before its commit, the save never happened;
// killed after it, it did, and readers see it before any load finishes it.
TEST_F(MyDigitsStoreTest, ASaveCountsFromItsCommitRecordOn) {
  save_my_digits(folder_, first_digits(2));
  run_child(folder_, 1, 12);  // before the commit record's rename
  EXPECT_EQ(matching_prefix(read_my_digits(folder_)), 2);
  EXPECT_EQ(matching_prefix(load_my_digits(folder_).digits), 2);
  EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName}))
      << "uncommitted files removed";

  run_child(folder_, 1, 14);  // committed, images renamed into place, labels not yet
  EXPECT_EQ(names(), (std::vector<std::string>{".next-commit", std::string(".next-") + kMyDigitsLabelsName,
                                               kMyDigitsImagesName, kMyDigitsLabelsName}));
  EXPECT_EQ(matching_prefix(read_my_digits(folder_)), 3) << "a reader must see the committed save";
  EXPECT_EQ(names().size(), 4u) << "reading changes nothing";
  const LoadedMyDigits loaded = load_my_digits(folder_);
  EXPECT_FALSE(loaded.recovery);
  EXPECT_EQ(matching_prefix(loaded.digits), 3);
  EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName}));
}

// A real process killed at every write and rename, since a crash or power
// loss can come at any step and none may lose a digit.
// One folder through all rounds; round k kills the child before the k-th disk
// step of its run (load, then two saves), so every step of a save and of the
// recovery after a kill is hit. After each kill the folder must hold every
// digit whose save returned, plus at most the one in flight, exactly.
TEST_F(MyDigitsStoreTest, KilledBeforeEveryDiskStepLosesNoDigit) {
  save_my_digits(folder_, first_digits(3));
  int durable = 3, rounds = 0, lost = 0;
  for (int kill_at = 1;; ++kill_at) {
    const ChildRun run = run_child(folder_, 3, kill_at);
    ++rounds;
    const int now = matching_prefix(read_my_digits(folder_));
    ASSERT_GE(now, 0) << "round " << rounds << ": the folder holds digits that were never taught";
    const int promised = std::max(durable, run.acknowledged);
    if (now < promised) lost += promised - now;
    EXPECT_GE(now, promised) << "round " << rounds << ": lost digits";
    EXPECT_LE(now, promised + 1) << "round " << rounds;
    durable = now;
    if (run.finished) break;
    ASSERT_LT(rounds, 500) << "the child never finished";
  }
  std::printf("[ figures  ] kill test at every disk step: %d rounds, %d digits lost, %d digits at the end\n", rounds,
              lost, durable);
  EXPECT_GT(rounds, 20);
  EXPECT_EQ(lost, 0);
  const LoadedMyDigits final_state = load_my_digits(folder_);
  EXPECT_FALSE(final_state.recovery);
  EXPECT_EQ(matching_prefix(final_state.digits), durable);
  EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName}));
}

// The same, killed from outside at random moments, as a crash would.
TEST_F(MyDigitsStoreTest, KilledAtRandomMomentsLosesNoDigit) {
  save_my_digits(folder_, first_digits(1));
  std::mt19937 random(10);
  int durable = 1, rounds = 0, lost = 0;
  for (; rounds < 60; ++rounds) {
    const ChildRun run = run_child(folder_, 1000, 0, static_cast<int>(random() % 40));
    const int now = matching_prefix(read_my_digits(folder_));
    ASSERT_GE(now, 0) << "round " << rounds;
    const int promised = std::max(durable, run.acknowledged);
    if (now < promised) lost += promised - now;
    EXPECT_GE(now, promised) << "round " << rounds;
    EXPECT_LE(now, promised + 1) << "round " << rounds;
    durable = now;
  }
  std::printf("[ figures  ] kill test at random moments: %d rounds, %d digits lost, %d digits at the end\n", rounds,
              lost, durable);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(matching_prefix(load_my_digits(folder_).digits), durable);
  EXPECT_EQ(names(), (std::vector<std::string>{kMyDigitsImagesName, kMyDigitsLabelsName})) << "no temporaries left";
}

}  // namespace
}  // namespace digitpad
