#include "user_digits.h"

#include "data/idx_file.h"
#include "util/error.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <set>
#include <utility>

namespace digitpad {
namespace {

const char* const kImagesName = "train-images-idx3-ubyte.gz";
const char* const kLabelsName = "train-labels-idx1-ubyte.gz";
const char* const kSourceName = "my digits";

Dataset empty_set() {
  Dataset data;
  data.images.resize(kImagePixels, 0);
  data.source = kSourceName;
  return data;
}

}  // namespace

QString UserDigits::defaultFolder() {
  const QString overridden = qEnvironmentVariable(kFolderVariable);
  if (!overridden.isEmpty()) return overridden;
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/my-digits");
}

UserDigits::UserDigits(QString folder, QObject* parent)
    : QObject(parent), folder_(std::move(folder)), digits_(empty_set()) {}

QString UserDigits::imagesPath() const { return QDir(folder_).filePath(QString::fromLatin1(kImagesName)); }
QString UserDigits::labelsPath() const { return QDir(folder_).filePath(QString::fromLatin1(kLabelsName)); }

void UserDigits::reload() {
  digits_ = empty_set();
  const bool has_images = QFileInfo::exists(imagesPath());
  const bool has_labels = QFileInfo::exists(labelsPath());
  if (has_images || has_labels) {
    if (!has_images || !has_labels)
      throw Error((has_images ? labelsPath() : imagesPath()).toStdString() + ": missing (the other file of the pair is there)");
    Dataset loaded = read_idx_pair(imagesPath().toStdString(), labelsPath().toStdString());
    loaded.source = kSourceName;
    digits_ = std::move(loaded);
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
  store(concatenate({&digits_, &one}, kSourceName));
}

void UserDigits::remove(const std::vector<int>& indices) {
  const std::set<int> doomed(indices.begin(), indices.end());
  std::vector<int> kept;
  for (int i = 0; i < count(); ++i)
    if (!doomed.contains(i)) kept.push_back(i);
  if (static_cast<int>(kept.size()) == count()) return;
  store(subset(digits_, kept));
}

void UserDigits::clear() { store(empty_set()); }

void UserDigits::store(Dataset next) {
  if (!QDir().mkpath(folder_)) throw Error(folder_.toStdString() + ": cannot create the folder");
  next.source = kSourceName;
  write_idx_pair(imagesPath().toStdString(), labelsPath().toStdString(), next);
  digits_ = std::move(next);
  emit changed();
}

}  // namespace digitpad
