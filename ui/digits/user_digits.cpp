// SPDX-License-Identifier: GPL-3.0-or-later
#include "digits/user_digits.h"

#include "data/user_digit_store.h"
#include "util/error.h"

#include <QDir>
#include <QStandardPaths>

#include <algorithm>
#include <set>
#include <utility>

namespace digitpad {
QString UserDigits::defaultFolder() {
  const QString overridden = qEnvironmentVariable(kFolderVariable);
  if (!overridden.isEmpty()) return overridden;
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/my-digits");
}

UserDigits::UserDigits(QString folder, QObject* parent)
    : QObject(parent), folder_(std::move(folder)), digits_(empty_user_digits()) {}

QString UserDigits::imagesPath() const { return QDir(folder_).filePath(QString::fromLatin1(kUserImagesName)); }
QString UserDigits::labelsPath() const { return QDir(folder_).filePath(QString::fromLatin1(kUserLabelsName)); }

void UserDigits::reload() {
  digits_ = empty_user_digits();
  recovery_.reset();
  try {
    LoadedUserDigits loaded = load_user_digits(folder_.toStdString());
    loaded.digits.source = kUserDigitsSource;
    digits_ = std::move(loaded.digits);
    recovery_ = std::move(loaded.recovery);
    writable_ = true;
    unreadable_.clear();
  } catch (const Error& error) {
    writable_ = false;
    unreadable_ = error.what();
    emit changed();
    throw;
  }
  emit changed();
}

std::array<int, kClassCount> UserDigits::countsPerLabel() const {
  std::array<int, kClassCount> counts{};
  for (const std::uint8_t label : digits_.labels) ++counts[label];
  return counts;
}

void UserDigits::add(const Eigen::VectorXf& input, int label) {
  if (label < 0 || label >= kClassCount)
    throw Error(imagesPath().toStdString() + ": label " + std::to_string(label) + " is not a digit 0-9");
  if (input.size() != kImagePixels)
    throw Error(imagesPath().toStdString() + ": a digit has " + std::to_string(kImagePixels) + " pixels, not " +
                std::to_string(input.size()));
  Dataset one;
  one.images = input;
  one.labels = {static_cast<std::uint8_t>(label)};
  store(concatenate({&digits_, &one}, kUserDigitsSource));
}

void UserDigits::remove(const std::vector<int>& indices) {
  const std::set<int> doomed(indices.begin(), indices.end());
  std::vector<int> kept;
  for (int i = 0; i < count(); ++i)
    if (!doomed.contains(i)) kept.push_back(i);
  if (static_cast<int>(kept.size()) == count()) return;
  store(subset(digits_, kept));
}

void UserDigits::clear() { store(empty_user_digits()); }

void UserDigits::store(Dataset next) {
  if (!writable_)
    throw Error(unreadable_ + " (your digits are not changed until this is fixed and DigitPad restarted)");
  next.source = kUserDigitsSource;
  save_user_digits(folder_.toStdString(), next);
  digits_ = std::move(next);
  emit changed();
}

}  // namespace digitpad
