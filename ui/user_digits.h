#pragma once

#include "data/dataset.h"

#include <Eigen/Core>
#include <QObject>
#include <QString>

#include <array>
#include <vector>

namespace digitpad {

// The user's own digits: drawings the app misread, each with the digit the
// user said it is. Kept as an ordinary MNIST-layout folder (gzip IDX
// train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz), so that
// `digitpad-cli train --data FOLDER` or `--user-digits FOLDER` reads it as is.
//
// Every change rewrites both files through write_idx_pair (each written to a
// temporary and renamed), so a failed write never leaves a half-written file;
// the set in memory changes only after the write succeeded. Errors are
// digitpad::Error naming the file.
class UserDigits : public QObject {
  Q_OBJECT

 public:
  // Overrides the folder (tests, portable set-ups); see defaultFolder().
  static constexpr const char* kFolderVariable = "DIGITPAD_USER_DIGITS_DIR";

  // $DIGITPAD_USER_DIGITS_DIR when set, else the app's data folder
  // (QStandardPaths::AppDataLocation) + "/my-digits".
  static QString defaultFolder();

  // Does not touch the disk; call reload() to read what is there.
  explicit UserDigits(QString folder = defaultFolder(), QObject* parent = nullptr);

  QString folder() const { return folder_; }
  QString imagesPath() const;
  QString labelsPath() const;

  // Reads the folder; no files yet means an empty set. Throws Error for
  // corrupt files (the set in memory is then left empty).
  void reload();

  const Dataset& digits() const { return digits_; }
  int count() const { return digits_.count(); }
  // Digits taught per label 0..9.
  std::array<int, kClassCount> countsPerLabel() const;

  // Adds one 28x28 input (kImagePixels values in [0,1]) as `label`. Throws
  // Error for a label outside 0..9, an input of the wrong size, or a write
  // that fails.
  void add(const Eigen::VectorXf& input, int label);
  // Removes the digits at these positions (any order; duplicates and
  // positions outside the set are ignored).
  void remove(const std::vector<int>& indices);
  // Removes every digit (the files stay, holding an empty set).
  void clear();

 signals:
  // After every successful change and reload.
  void changed();

 private:
  void store(Dataset next);

  QString folder_;
  Dataset digits_;
};

}  // namespace digitpad
