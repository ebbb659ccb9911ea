// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/data/my_digits_store.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace digitpad {

// Every change to a my-digits folder, for the app's windows and for
// `digitpad-cli my-digits` alike, so that any number of them may change one
// folder at once without losing a digit. Each change takes the
// folder's lock (store/folder_lock.h), applies itself to the pair as it is on
// disk (edit_my_digits: read, change, one atomic save) and releases the
// lock. So a change made meanwhile by another writer is part of what is read
// and kept; no writer saves a copy it read earlier. Only the lock holder ever
// writes the folder's .next-* files.

// What the folder holds after a change, and what the change found.
struct MyDigitsChange {
  Dataset digits;                            // the set afterwards (when asked for)
  int count = 0;                             // digits in the folder afterwards
  std::optional<MyDigitsRecovery> recovery;  // the pair was damaged and recovered first
  int removed = 0;                           // remove: digits removed
  std::vector<std::string> missing;          // remove: hashes named with no digit left
  std::string stamp;                         // my_digits_stamp, taken before the lock was released
};

// Whether a change's caller wants the whole set back (a window shows it) or
// only the count (the CLI), which spares turning every pixel into a float.
enum class Want { Digits, CountOnly };

// The folder as load_my_digits reads it, under the lock (a load may finish
// or recover a save, which writes). A missing folder is an empty set and is
// not created.
MyDigitsChange read_my_digits_locked(const std::string& folder);

// read_my_digits (which changes nothing on disk: `train --my-digits`),
// holding the lock while it reads, so that a change under way in a window is
// not read halfway (the images of one moment with the labels of another).
// A folder this user cannot write is read without it.
Dataset read_my_digits_whole(const std::string& folder);

// Appends `more` to the digits on disk, creating the folder if needed.
MyDigitsChange add_my_digits(const std::string& folder, const Dataset& more, Want want = Want::Digits);

// What remove_my_digits does when a named digit is not (or no longer) there.
enum class WhenMissing {
  RemoveTheRest,  // a window: another window removed it already, which is what was asked
  ChangeNothing,  // the CLI: a mistyped hash is reported and nothing removed
};

// Removes one digit per hash named (data/my_digit_hash.h). With
// ChangeNothing and any hash missing, nothing is written.
MyDigitsChange remove_my_digits(const std::string& folder, const std::vector<std::string>& hashes,
                                WhenMissing when_missing, Want want = Want::Digits);

// A cheap token of the pair's state on disk (each file's inode, size and
// modification time, and whether a commit is pending): equal tokens mean
// there is nothing new to read, so a window need not reread (and lock) the
// folder on every change it is told about, its own included.
std::string my_digits_stamp(const std::string& folder);

// $DIGITPAD_MY_DIGITS_DIR when set (else $DIGITPAD_USER_DIGITS_DIR, its name
// in older DigitPads, so existing set-ups keep working), else the app's data
// folder (QStandardPaths::AppDataLocation, which the application and
// organisation names decide) + "/my-digits".
inline constexpr const char* kMyDigitsFolderVariable = "DIGITPAD_MY_DIGITS_DIR";
inline constexpr const char* kOldMyDigitsFolderVariable = "DIGITPAD_USER_DIGITS_DIR";
QString default_my_digits_folder();

}  // namespace digitpad
