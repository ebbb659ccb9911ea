// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"
#include "core/data/my_digits_store.h"
#include "ui/headless/store/my_digits_changes.h"

#include <Eigen/Core>
#include <QObject>
#include <QString>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace digitpad {

class FolderWatch;

// The user's own digits: drawings the app misread, each with the digit the
// user said it is. Kept as an ordinary MNIST-layout folder (gzip IDX
// train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz), so that
// `digitpad-cli train --data FOLDER` or `--my-digits FOLDER` reads it as is.
//
// Every change replaces both files in one atomic step (save_my_digits in
// data/my_digits_store.h), so a kill or a failed write leaves the old set or
// the new one, never a mix; the set in memory changes only after the save
// counted. A damaged folder is recovered, never emptied (see reload()).
//
// Other windows and `digitpad-cli my-digits` may change the same folder at
// any time. So the set in memory is a view, never what is saved:
// each change is made to what is on disk, under the folder's lock
// (ui/headless/store/my_digits_changes.h), and a remove names digits by content, not by
// position. After reload() the folder is watched, and a change made elsewhere
// shows here within a second (changed() is emitted).
// Errors are digitpad::Error naming the file.
class MyDigits : public QObject {
  Q_OBJECT

 public:
  // Overrides the folder (tests, portable set-ups); see defaultFolder().
  static constexpr const char* kFolderVariable = kMyDigitsFolderVariable;

  // $DIGITPAD_MY_DIGITS_DIR when set, else the app's data folder
  // (QStandardPaths::AppDataLocation) + "/my-digits" (store/my_digits_changes.h).
  static QString defaultFolder();

  // Does not touch the disk; call reload() to read what is there.
  explicit MyDigits(QString folder = defaultFolder(), QObject* parent = nullptr);
  ~MyDigits() override;

  QString folder() const { return folder_; }
  QString imagesPath() const;
  QString labelsPath() const;

  // Reads the folder; no files yet means an empty set. Damaged files are
  // copied aside and the digits still readable kept (lastRecovery() says
  // what happened, for a dialog). Throws Error when the folder can be neither
  // read nor repaired: the set is then empty and read-only, so that nothing
  // the user taught is overwritten by a later add(). Starts watching the
  // folder for other writers' changes.
  void reload();
  // Set by the last reload() that recovered a damaged folder.
  const std::optional<MyDigitsRecovery>& lastRecovery() const { return recovery_; }
  // False after a reload() that failed: add/remove/clear then throw.
  bool writable() const { return writable_; }

  const Dataset& digits() const { return digits_; }
  int count() const { return digits_.count(); }
  // Digits taught per label 0..9.
  std::array<int, kClassCount> countsPerLabel() const;

  // Adds one 28x28 input (kImagePixels values in [0,1]) as `label`, after
  // whatever the folder holds now (other windows' digits included). Throws
  // Error for a label outside 0..9, an input of the wrong size, a write that
  // fails, or a folder another process keeps locked for over 10 s.
  void add(const Eigen::VectorXf& input, int label);
  // Removes the digits shown at these positions in digits() (any order;
  // duplicates and positions outside the set are ignored). They are removed
  // from the folder by content, so a change another window made meanwhile
  // neither shifts the choice nor is undone; a digit already removed
  // elsewhere is simply gone.
  void remove(const std::vector<int>& indices);
  // Removes every digit shown (the files stay). A digit another window taught
  // a moment ago, not shown here yet, stays: it was never the user's choice.
  void clear();
  // The content hash of each digit of digits(), as `digitpad-cli my-digits
  // list` prints it.
  std::vector<std::string> hashes() const;

 signals:
  // After every successful change and reload, and when a change made
  // elsewhere (another window, digitpad-cli) has been read.
  void changed();

 private:
  void checkWritable() const;
  void adopt(MyDigitsChange change);
  void readAgainIfChanged();

  QString folder_;
  FolderWatch* watch_ = nullptr;
  std::string stamp_;  // my_digits_stamp of what digits_ shows
  Dataset digits_;
  std::optional<MyDigitsRecovery> recovery_;
  bool writable_ = true;
  std::string unreadable_;  // why the folder could not be read, while not writable
};

}  // namespace digitpad
