// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <optional>
#include <string>
#include <vector>

namespace digitpad {

// The user's own digits on disk: drawings the app misread, each with the
// digit the user said it is. The folder is an ordinary MNIST-layout pair,
// train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz, so that
// `digitpad-cli train --data FOLDER` or `--my-digits FOLDER` reads it as is.
//
// Both files change in one atomic step, by a commit record (SQLite's atomic
// commit, in small): a save writes the new pair beside the old one as
// .next-train-images-idx3-ubyte.gz and .next-train-labels-idx1-ubyte.gz, each
// flushed, then writes .next-commit (counts, sizes and CRC-32s of both) with
// one rename: that rename is the moment the save happens. Only then are the
// two files renamed over the pair and the record removed. Whoever finds
// .next-commit finishes those renames (they are repeatable); whoever finds
// .next-* files without it removes them, as the save never happened. So a
// kill or a full disk at any point leaves the old pair or the new one.
//
// Why not one file holding both, or a folder swapped by a rename: either would
// stop the folder being the MNIST layout every other tool reads.
//
// A pair that does not read whole (a file cut short, or written by an older
// DigitPad killed between its two renames) is never thrown away: the files
// are copied into FOLDER/damaged-<UTC time>/, the digits from the start that
// still have both an image and a label are written back as the pair, and the
// caller is told, to tell the user.

struct MyDigitsRecovery {
  std::string problem;         // why the pair did not read whole (one line, naming the file)
  int recovered = 0;           // digits kept
  std::string damaged_folder;  // where the files as they were are kept
};

struct LoadedMyDigits {
  Dataset digits;
  std::optional<MyDigitsRecovery> recovery;  // set when the pair was damaged
};

// How the user's digits are named as a data set ("my digits"), and the empty set.
extern const char* const kMyDigitsSource;
Dataset empty_my_digits();

// The pair's file names inside the folder.
extern const char* const kMyDigitsImagesName;  // "train-images-idx3-ubyte.gz"
extern const char* const kMyDigitsLabelsName;  // "train-labels-idx1-ubyte.gz"
// The commit record a save writes for a moment (".next-commit").
extern const char* const kMyDigitsCommitName;

// Finishes or undoes an interrupted save, then reads the pair, recovering a
// damaged one as described above. A missing folder or no files is an empty
// set. Throws Error only when the folder can be neither read nor repaired
// (for example it is read-only); nothing on disk was removed then.
LoadedMyDigits load_my_digits(const std::string& folder);

// Replaces the pair with `digits` in one atomic step, creating the folder if
// needed. On Error the previous digits are what the next load reads; once the
// commit record is written the save counts, and renames left undone by a
// failure are finished by the next load or save.
void save_my_digits(const std::string& folder, const Dataset& digits);

// One change to the pair as it is on disk, so that a change made meanwhile by
// another window or a script is kept, not overwritten: `removed` digits taken
// out (named by content hash, one digit per name, data/my_digit_hash.h),
// then `added` appended. The caller holds the folder's lock
// (ui/headless/store/folder_lock.h), so that what is read here is still what is on disk
// when the change is saved.
//
// The images file is kept as gzip members (data/image_members.h), so that a
// change compresses only the digits it adds or the member it removes from,
// not all of them. A pair written any other way (other tools, an earlier
// DigitPad) or damaged is read by load_my_digits (recovering a damaged one)
// and saved in that layout: the first change costs a whole save, the later
// ones not. The save is the same atomic step as save_my_digits'.
struct MyDigitsEdit {
  const Dataset* added = nullptr;    // may be null or empty
  std::vector<std::string> removed;  // content hashes
  bool all_or_nothing = false;       // a hash with no digit: nothing is changed
  bool want_digits = true;           // fill `digits` (a window shows them; the CLI needs the count)
};
struct MyDigitsEdited {
  int count = 0;  // digits in the folder afterwards
  int removed = 0;
  std::vector<std::string> missing;          // hashes named with no digit left, as named
  std::optional<MyDigitsRecovery> recovery;  // the pair was damaged and recovered first
  Dataset digits;                            // the set afterwards, when want_digits
};
// Throws Error for a label outside 0..9, or when the folder cannot be read,
// repaired or written (on a failed save the previous digits stay, as for
// save_my_digits).
MyDigitsEdited edit_my_digits(const std::string& folder, const MyDigitsEdit& edit);

// What load_my_digits would return, without changing anything on disk, for
// readers such as `digitpad-cli train --my-digits`: a committed save that
// was interrupted is read where its files lie. Any other folder is read as an
// MNIST folder (data/mnist_folder.h). Throws Error for a damaged pair.
Dataset read_my_digits(const std::string& folder);

}  // namespace digitpad
