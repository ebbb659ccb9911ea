// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <memory>
#include <string>

class QLockFile;

namespace digitpad {

// One writer at a time in a folder that several processes change (two DigitPad
// windows, a window and `digitpad-cli my-digits`): a QLockFile, FOLDER/.lock,
// held for the length of one change and no longer, so the other writers wait
// milliseconds, not minutes. Reusable for any folder-backed store (the user's
// digits; the run history).
//
// A crash cannot block the folder: the file records its holder's process id
// and host, and a holder that is gone (killed, crashed) makes the lock stale,
// removed by the next taker. A live holder is never pushed aside: Qt removes a
// stale-looking file only while holding a kernel lock (flock) on it, which
// only a dead holder has released.
//
// The whole change goes under one lock: read what is on disk, apply the
// change to that, write. Never read before taking it, or a change by another
// writer in between is overwritten.
class FolderLock {
 public:
  static constexpr const char* kLockName = ".lock";
  // Long enough for another writer's change of a large store on a slow disk.
  static constexpr std::chrono::milliseconds kDefaultWait{10'000};

  // Takes the lock, creating FOLDER when missing. Throws Error("FOLDER/.lock:
  // ...") when the folder or the lock file cannot be made, or another live
  // process still holds the lock after `wait`.
  explicit FolderLock(const std::string& folder, std::chrono::milliseconds wait = kDefaultWait);
  ~FolderLock();  // releases (removes the file)

  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  static std::string lockPath(const std::string& folder);

 private:
  std::unique_ptr<QLockFile> lock_;
};

}  // namespace digitpad
