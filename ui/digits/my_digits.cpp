// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/digits/my_digits.h"

#include "core/data/my_digit_hash.h"
#include "core/data/my_digits_store.h"
#include "ui/headless/store/folder_watch.h"
#include "core/util/error.h"

#include <QDir>

#include <set>
#include <utility>

namespace digitpad {
QString MyDigits::defaultFolder() { return default_my_digits_folder(); }

MyDigits::MyDigits(QString folder, QObject* parent)
    : QObject(parent), folder_(std::move(folder)), digits_(empty_my_digits()) {}

MyDigits::~MyDigits() = default;

QString MyDigits::imagesPath() const { return QDir(folder_).filePath(QString::fromLatin1(kMyDigitsImagesName)); }
QString MyDigits::labelsPath() const { return QDir(folder_).filePath(QString::fromLatin1(kMyDigitsLabelsName)); }

void MyDigits::reload() {
  digits_ = empty_my_digits();
  recovery_.reset();
  stamp_.clear();
  try {
    MyDigitsChange loaded = read_my_digits_locked(folder_.toStdString());
    recovery_ = std::move(loaded.recovery);
    adopt(std::move(loaded));
    writable_ = true;
    unreadable_.clear();
  } catch (const Error& error) {
    writable_ = false;
    unreadable_ = error.what();
    emit changed();
    throw;
  }
  if (watch_ == nullptr) {
    watch_ = new FolderWatch(folder_, this);
    connect(watch_, &FolderWatch::changed, this, &MyDigits::readAgainIfChanged);
  }
  emit changed();
}

// Another window or the CLI may have changed the folder (or this one did,
// and the watch reports its own renames): read it again only when the files
// are not the ones shown.
void MyDigits::readAgainIfChanged() {
  // A folder that could not be read stays as reload() left it, until restart.
  if (!writable_ || my_digits_stamp(folder_.toStdString()) == stamp_) return;
  try {
    MyDigitsChange loaded = read_my_digits_locked(folder_.toStdString());
    if (loaded.recovery) recovery_ = std::move(loaded.recovery);
    adopt(std::move(loaded));
  } catch (const Error&) {
    // Kept as shown; the next change in the folder brings another try, and a
    // change made here reads the folder afresh under the lock anyway.
    return;
  }
  emit changed();
}

std::array<int, kClassCount> MyDigits::countsPerLabel() const {
  std::array<int, kClassCount> counts{};
  for (const std::uint8_t label : digits_.labels) ++counts[label];
  return counts;
}

std::vector<std::string> MyDigits::hashes() const { return my_digit_hashes(digits_); }

void MyDigits::add(const Eigen::VectorXf& input, int label) {
  if (label < 0 || label >= kClassCount)
    throw Error(imagesPath().toStdString() + ": label " + std::to_string(label) + " is not a digit 0-9");
  if (input.size() != kImagePixels)
    throw Error(imagesPath().toStdString() + ": a digit has " + std::to_string(kImagePixels) + " pixels, not " +
                std::to_string(input.size()));
  checkWritable();
  Dataset one;
  one.images = input;
  one.labels = {static_cast<std::uint8_t>(label)};
  adopt(add_my_digits(folder_.toStdString(), one));
  emit changed();
}

void MyDigits::remove(const std::vector<int>& indices) {
  std::vector<std::string> doomed;
  const std::vector<std::string> shown = hashes();
  for (const int i : std::set<int>(indices.begin(), indices.end()))
    if (i >= 0 && i < count()) doomed.push_back(shown[static_cast<std::size_t>(i)]);
  if (doomed.empty()) return;
  checkWritable();
  adopt(remove_my_digits(folder_.toStdString(), doomed, WhenMissing::RemoveTheRest));
  emit changed();
}

void MyDigits::clear() {
  if (count() == 0) return;
  checkWritable();
  adopt(remove_my_digits(folder_.toStdString(), hashes(), WhenMissing::RemoveTheRest));
  emit changed();
}

void MyDigits::checkWritable() const {
  if (!writable_)
    throw Error(unreadable_ + " (your digits are not changed until this is fixed and DigitPad restarted)");
}

void MyDigits::adopt(MyDigitsChange change) {
  digits_ = std::move(change.digits);
  digits_.source = kMyDigitsSource;
  stamp_ = std::move(change.stamp);
}

}  // namespace digitpad
