// SPDX-License-Identifier: GPL-3.0-or-later
#include "digits/user_digits.h"

#include "data/user_digit_hash.h"
#include "data/user_digit_store.h"
#include "store/folder_watch.h"
#include "util/error.h"

#include <QDir>

#include <set>
#include <utility>

namespace digitpad {
QString UserDigits::defaultFolder() { return default_user_digits_folder(); }

UserDigits::UserDigits(QString folder, QObject* parent)
    : QObject(parent), folder_(std::move(folder)), digits_(empty_user_digits()) {}

UserDigits::~UserDigits() = default;

QString UserDigits::imagesPath() const { return QDir(folder_).filePath(QString::fromLatin1(kUserImagesName)); }
QString UserDigits::labelsPath() const { return QDir(folder_).filePath(QString::fromLatin1(kUserLabelsName)); }

void UserDigits::reload() {
  digits_ = empty_user_digits();
  recovery_.reset();
  stamp_.clear();
  try {
    UserDigitsChange loaded = read_user_digits_locked(folder_.toStdString());
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
    connect(watch_, &FolderWatch::changed, this, &UserDigits::readAgainIfChanged);
  }
  emit changed();
}

// Another window or the CLI may have changed the folder (or this one did,
// and the watch reports its own renames): read it again only when the files
// are not the ones shown.
void UserDigits::readAgainIfChanged() {
  // A folder that could not be read stays as reload() left it, until restart.
  if (!writable_ || user_digits_stamp(folder_.toStdString()) == stamp_) return;
  try {
    UserDigitsChange loaded = read_user_digits_locked(folder_.toStdString());
    if (loaded.recovery) recovery_ = std::move(loaded.recovery);
    adopt(std::move(loaded));
  } catch (const Error&) {
    // Kept as shown; the next change in the folder brings another try, and a
    // change made here reads the folder afresh under the lock anyway.
    return;
  }
  emit changed();
}

std::array<int, kClassCount> UserDigits::countsPerLabel() const {
  std::array<int, kClassCount> counts{};
  for (const std::uint8_t label : digits_.labels) ++counts[label];
  return counts;
}

std::vector<std::string> UserDigits::hashes() const { return user_digit_hashes(digits_); }

void UserDigits::add(const Eigen::VectorXf& input, int label) {
  if (label < 0 || label >= kClassCount)
    throw Error(imagesPath().toStdString() + ": label " + std::to_string(label) + " is not a digit 0-9");
  if (input.size() != kImagePixels)
    throw Error(imagesPath().toStdString() + ": a digit has " + std::to_string(kImagePixels) + " pixels, not " +
                std::to_string(input.size()));
  checkWritable();
  Dataset one;
  one.images = input;
  one.labels = {static_cast<std::uint8_t>(label)};
  adopt(add_user_digits(folder_.toStdString(), one));
  emit changed();
}

void UserDigits::remove(const std::vector<int>& indices) {
  std::vector<std::string> doomed;
  const std::vector<std::string> shown = hashes();
  for (const int i : std::set<int>(indices.begin(), indices.end()))
    if (i >= 0 && i < count()) doomed.push_back(shown[static_cast<std::size_t>(i)]);
  if (doomed.empty()) return;
  checkWritable();
  adopt(remove_user_digits(folder_.toStdString(), doomed, WhenMissing::RemoveTheRest));
  emit changed();
}

void UserDigits::clear() {
  if (count() == 0) return;
  checkWritable();
  adopt(remove_user_digits(folder_.toStdString(), hashes(), WhenMissing::RemoveTheRest));
  emit changed();
}

void UserDigits::checkWritable() const {
  if (!writable_)
    throw Error(unreadable_ + " (your digits are not changed until this is fixed and DigitPad restarted)");
}

void UserDigits::adopt(UserDigitsChange change) {
  digits_ = std::move(change.digits);
  digits_.source = kUserDigitsSource;
  stamp_ = std::move(change.stamp);
}

}  // namespace digitpad
