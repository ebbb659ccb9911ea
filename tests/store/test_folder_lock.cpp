// SPDX-License-Identifier: GPL-3.0-or-later
// The lock and the watch of folders several processes change
// (ui/headless/store/folder_lock.h, ui/headless/store/folder_watch.h): one holder at a
// time, a live holder is waited for and never pushed aside, a dead one does
// not block anybody, a reader (train --my-digits) waits for a change under
// way, and a watcher hears of changes, even to a folder that did not exist
// when it started.

#include "core/data/my_digits_store.h"
#include "ui/headless/store/folder_lock.h"
#include "ui/headless/store/folder_watch.h"
#include "ui/headless/store/my_digits_changes.h"
#include "core/util/error.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// A child process that takes the lock, says so through a pipe, and holds it
// until killed.
class Holder {
 public:
  explicit Holder(const std::string& folder) {
    int ready[2];
    if (::pipe(ready) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      try {
        FolderLock lock(folder);
        const char byte = 1;
        if (::write(ready[1], &byte, 1) != 1) ::_exit(3);
        ::pause();
      } catch (...) {
        ::_exit(2);
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    holding_ = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
  }
  ~Holder() { kill(); }
  bool holding() const { return holding_; }
  // SIGKILL, and reaped: a zombie would still count as a running process.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  bool holding_ = false;
};

class FolderLockTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dir_.isValid()); }
  std::string folder() const { return dir_.filePath(QStringLiteral("store")).toStdString(); }
  QTemporaryDir dir_;
};

TEST_F(FolderLockTest, HeldForItsScopeAndCreatesTheFolder) {
  {
    FolderLock lock(folder());
    EXPECT_TRUE(fs::is_directory(folder()));
    EXPECT_TRUE(fs::exists(FolderLock::lockPath(folder())));
  }
  EXPECT_FALSE(fs::exists(FolderLock::lockPath(folder()))) << "released when the change ends";
  FolderLock again(folder(), milliseconds(0));  // free at once
}

TEST_F(FolderLockTest, ALiveHolderIsWaitedForNeverPushedAside) {
  Holder holder(folder());
  ASSERT_TRUE(holder.holding());
  const auto start = std::chrono::steady_clock::now();
  try {
    FolderLock lock(folder(), milliseconds(300));
    FAIL() << "took a lock another live process holds";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(FolderLock::lockPath(folder()) + ": held by"), std::string::npos) << message;
    EXPECT_NE(message.find("300 ms; nothing was changed"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
  EXPECT_TRUE(fs::exists(FolderLock::lockPath(folder()))) << "the holder's lock file must stay";
}

TEST_F(FolderLockTest, AWaiterGetsTheLockSoonAfterItIsFreed) {
  Holder holder(folder());
  ASSERT_TRUE(holder.holding());
  // The holder keeps the lock a while (the sleep stands for its work); the
  // wait is measured from the moment it lets go, not from a guessed time.
  std::atomic<std::chrono::steady_clock::time_point> released{std::chrono::steady_clock::time_point::max()};
  std::thread release([&holder, &released] {
    std::this_thread::sleep_for(milliseconds(200));
    released = std::chrono::steady_clock::now();
    holder.kill();
  });
  EXPECT_NO_THROW(FolderLock lock(folder(), milliseconds(5000)));
  const auto taken = std::chrono::steady_clock::now();
  release.join();
  EXPECT_LT(taken - released.load(), milliseconds(2000)) << "short retries, not Qt's doubling sleeps";
}

// A process killed while holding the lock (a crash, a closed laptop) must not
// block the next writer for ever.
TEST_F(FolderLockTest, AKilledHolderDoesNotBlockTheNext) {
  Holder holder(folder());
  ASSERT_TRUE(holder.holding());
  holder.kill();
  ASSERT_TRUE(fs::exists(FolderLock::lockPath(folder()))) << "the killed holder left its lock file";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(FolderLock lock(folder(), milliseconds(1000)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
}

TEST_F(FolderLockTest, AFolderThatCannotBeMadeIsAnError) {
  QFile blocker(QString::fromStdString(folder()));
  ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
  blocker.write("precious");
  blocker.close();
  EXPECT_THROW(FolderLock lock(folder()), Error);
  ASSERT_TRUE(blocker.open(QIODevice::ReadOnly));
  EXPECT_EQ(blocker.readAll(), QByteArray("precious"));
}

// `train --my-digits` reads the folder under its lock: while a window's
// change holds it, the read waits rather than catching the pair halfway.
TEST_F(FolderLockTest, TrainingReadsMyDigitsOnlyBetweenChanges) {
  Dataset three = empty_my_digits();
  three.images = Eigen::MatrixXf::Constant(kImagePixels, 3, 0.5f);
  three.labels = {1, 2, 3};
  save_my_digits(folder(), three);
  Holder holder(folder());
  ASSERT_TRUE(holder.holding());
  // The holder keeps the lock a while (the sleep stands for its change); the
  // read must end after the holder let go, whenever that was.
  std::atomic<std::chrono::steady_clock::time_point> released{std::chrono::steady_clock::time_point::max()};
  std::thread release([&holder, &released] {
    std::this_thread::sleep_for(milliseconds(300));
    released = std::chrono::steady_clock::now();
    holder.kill();
    released = std::chrono::steady_clock::now();
  });
  const Dataset read = read_my_digits_whole(folder());
  const auto done = std::chrono::steady_clock::now();
  release.join();
  EXPECT_EQ(read.count(), 3);
  EXPECT_GT(done, released.load()) << "read while another process held the lock";
}

void write_file(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  ASSERT_TRUE(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

TEST_F(FolderLockTest, TheWatchHearsOfAFolderMadeLaterAndOfRenamesInIt) {
  const QString target = dir_.filePath(QStringLiteral("later/store"));
  FolderWatch watch(target);
  QSignalSpy changed(&watch, &FolderWatch::changed);
  EXPECT_TRUE(watch.watching());

  ASSERT_TRUE(QDir().mkpath(target));
  ASSERT_TRUE(changed.wait(1000)) << "the folder's making was not seen";
  // The watch moves to the folder itself (the settle timer rewatches);
  // wait until quiet, then a save's rename inside it must be seen.
  while (changed.wait(3 * FolderWatch::kSettleMs)) {
  }
  changed.clear();
  write_file(target + QStringLiteral("/.tmp"), "digits");
  ASSERT_TRUE(QFile::rename(target + QStringLiteral("/.tmp"), target + QStringLiteral("/digits")));
  ASSERT_TRUE(changed.wait(1000)) << "a rename in the folder was not seen";
}

TEST_F(FolderLockTest, ABurstOfChangesIsOneSignalPerSettlingTime) {
  const QString target = dir_.filePath(QStringLiteral("store"));
  ASSERT_TRUE(QDir().mkpath(target));
  FolderWatch watch(target);
  QSignalSpy changed(&watch, &FolderWatch::changed);
  for (int i = 0; i < 50; ++i) write_file(target + QStringLiteral("/f%1").arg(i), "x");
  ASSERT_TRUE(changed.wait(1000));
  while (changed.wait(3 * FolderWatch::kSettleMs)) {
  }
  EXPECT_LE(changed.count(), 3) << "50 files written at once";
}

}  // namespace
}  // namespace digitpad
