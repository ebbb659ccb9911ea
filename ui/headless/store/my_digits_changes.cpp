// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/store/my_digits_changes.h"

#include "ui/headless/store/folder_lock.h"

#include <QStandardPaths>

#include <cerrno>
#include <filesystem>
#include <optional>

#include <sys/stat.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

bool folder_exists(const std::string& folder) {
  std::error_code ec;
  return fs::exists(folder, ec);
}

// Whether a reader takes the folder's lock. A folder this user cannot write (a
// read-only copy, another user's) has no room for a lock file, and needs
// none: this process cannot change it. It is still read, as before there
// were locks.
bool takes_a_lock(const std::string& folder) {
  return ::access(folder.c_str(), W_OK) == 0 || (errno != EACCES && errno != EROFS);
}

MyDigitsChange missing_folder(const std::string& folder) {
  MyDigitsChange none;
  none.digits = empty_my_digits();
  none.stamp = my_digits_stamp(folder);
  return none;
}

// Under the lock, which it releases only after taking the stamp.
MyDigitsChange edited(const std::string& folder, const MyDigitsEdit& edit) {
  FolderLock lock(folder);
  MyDigitsEdited result = edit_my_digits(folder, edit);
  MyDigitsChange change;
  change.digits = std::move(result.digits);
  change.count = result.count;
  change.recovery = std::move(result.recovery);
  change.removed = result.removed;
  change.missing = std::move(result.missing);
  change.stamp = my_digits_stamp(folder);
  return change;
}

}  // namespace

MyDigitsChange read_my_digits_locked(const std::string& folder) {
  if (!folder_exists(folder)) return missing_folder(folder);
  std::optional<FolderLock> lock;
  if (takes_a_lock(folder)) lock.emplace(folder);
  LoadedMyDigits loaded = load_my_digits(folder);
  MyDigitsChange change;
  change.digits = std::move(loaded.digits);
  change.digits.source = kMyDigitsSource;
  change.count = change.digits.count();
  change.recovery = std::move(loaded.recovery);
  change.stamp = my_digits_stamp(folder);
  return change;
}

Dataset read_my_digits_whole(const std::string& folder) {
  std::error_code ec;
  // Nothing to lock (and nothing to create) where there is no folder: the
  // reader says what is missing.
  if (!fs::is_directory(folder, ec)) return read_my_digits(folder);
  std::optional<FolderLock> lock;
  if (takes_a_lock(folder)) lock.emplace(folder);
  return read_my_digits(folder);
}

MyDigitsChange add_my_digits(const std::string& folder, const Dataset& more, Want want) {
  MyDigitsEdit edit;
  edit.added = &more;
  edit.want_digits = want == Want::Digits;
  return edited(folder, edit);
}

MyDigitsChange remove_my_digits(const std::string& folder, const std::vector<std::string>& hashes,
                                WhenMissing when_missing, Want want) {
  if (!folder_exists(folder)) {
    MyDigitsChange none = missing_folder(folder);
    none.missing = hashes;
    return none;
  }
  MyDigitsEdit edit;
  edit.removed = hashes;
  edit.all_or_nothing = when_missing == WhenMissing::ChangeNothing;
  edit.want_digits = want == Want::Digits;
  return edited(folder, edit);
}

std::string my_digits_stamp(const std::string& folder) {
  std::string stamp;
  for (const std::string& name :
       {std::string(kMyDigitsImagesName), std::string(kMyDigitsLabelsName), std::string(kMyDigitsCommitName)}) {
    struct stat info {};
    if (::stat((fs::path(folder) / name).c_str(), &info) != 0) {
      stamp += "-;";
      continue;
    }
    stamp += std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
             std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + ";";
  }
  return stamp;
}

QString default_my_digits_folder() {
  for (const char* variable : {kMyDigitsFolderVariable, kOldMyDigitsFolderVariable}) {
    const QString overridden = qEnvironmentVariable(variable);
    if (!overridden.isEmpty()) return overridden;
  }
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/my-digits");
}

}  // namespace digitpad
