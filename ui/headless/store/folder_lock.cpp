// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/store/folder_lock.h"

#include "core/util/error.h"

#include <QLockFile>
#include <QString>

#include <filesystem>
#include <random>
#include <thread>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Between tries. QLockFile::tryLock(timeout) sleeps 100 ms, then doubles: far
// too long for changes that take a few milliseconds, so two busy writers
// would spend most of their time asleep. Short, randomised sleeps instead, so
// two waiters do not retry in step.
constexpr int kMinPauseUs = 500, kMaxPauseUs = 3000;

std::string holder_of(const QLockFile& lock) {
  qint64 pid = 0;
  QString host, app;
  if (!lock.getLockInfo(&pid, &host, &app)) return "another process";
  std::string who = app.isEmpty() ? std::string("process") : app.toStdString();
  who += " (process " + std::to_string(pid);
  if (!host.isEmpty()) who += " on " + host.toStdString();
  return who + ")";
}

std::string duration_text(std::chrono::milliseconds wait) {
  if (wait < std::chrono::seconds(1)) return std::to_string(wait.count()) + " ms";
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s";
}

}  // namespace

std::string FolderLock::lockPath(const std::string& folder) { return (fs::path(folder) / kLockName).string(); }

FolderLock::FolderLock(const std::string& folder, std::chrono::milliseconds wait) {
  const std::string path = lockPath(folder);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!fs::is_directory(folder, ec)) throw Error(folder + ": cannot create the folder");

  lock_ = std::make_unique<QLockFile>(QString::fromStdString(path));
  std::minstd_rand jitter(std::random_device{}());
  std::uniform_int_distribution<int> pause_us(kMinPauseUs, kMaxPauseUs);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    // One attempt; it also removes the lock of a holder that is gone.
    if (lock_->tryLock(0)) return;
    switch (lock_->error()) {
      case QLockFile::PermissionError: throw Error(path + ": cannot create the lock file (permission denied)");
      case QLockFile::UnknownError: throw Error(path + ": cannot create the lock file");
      case QLockFile::NoError:
      case QLockFile::LockFailedError: break;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error(path + ": held by " + holder_of(*lock_) + " for over " + duration_text(wait) +
                  "; nothing was changed");
    std::this_thread::sleep_for(std::chrono::microseconds(pause_us(jitter)));
  }
}

FolderLock::~FolderLock() = default;  // QLockFile unlocks in its destructor

}  // namespace digitpad
