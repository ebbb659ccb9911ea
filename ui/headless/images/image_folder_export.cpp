// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/image_folder_export.h"

#include "core/io/atomic_file.h"
#include "ui/headless/images/png_file.h"
#include "core/util/error.h"

#include <QImage>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Ink 1 = white, as in MNIST's files; round() so that 8-bit values read back
// as themselves (k/255 -> k).
QImage digit_image(const Eigen::Ref<const Eigen::VectorXf>& input) {
  QImage image(kImageSide, kImageSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kImageSide; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < kImageSide; ++x)
      line[x] = static_cast<uchar>(std::lround(255.0f * std::clamp(input(y * kImageSide + x), 0.0f, 1.0f)));
  }
  return image;
}

std::string file_name_for(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "%05d.png", index);
  return name;
}

// `dir` must be absent or an empty folder: nothing of the user's is replaced.
void check_free(const fs::path& dir) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(dir, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) throw Error(dir.string() + ": exists and is not a folder");
  if (!fs::is_empty(dir, ec) || ec)
    throw Error(dir.string() +
                ": the folder is not empty (choose an empty or new folder, so nothing is overwritten)");
}

// A hidden folder beside the target, removed with everything in it unless
// released.
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& target)
      : path_(target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))) {
    std::error_code ec;
    fs::remove_all(path_, ec);  // left by an earlier export of this process that died mid-way
    if (!fs::create_directory(path_, ec))
      throw Error(target.string() + ": cannot create a folder beside it (" + (ec ? ec.message() : "exists") + ")");
  }
  ~StagingFolder() {
    std::error_code ec;
    if (!released_) fs::remove_all(path_, ec);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  const fs::path& path() const { return path_; }
  void release() { released_ = true; }

 private:
  fs::path path_;
  bool released_ = false;
};

}  // namespace

int write_image_folder(const Dataset& digits, const std::string& dir) {
  if (digits.images.rows() != kImagePixels || digits.images.cols() != digits.count())
    throw Error(dir + ": the digits are not 28x28 images");
  for (std::uint8_t label : digits.labels)
    if (label >= kClassCount) throw Error(dir + ": label " + std::to_string(label) + " is not a digit");
  fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();  // "out/" is "out"
  check_free(target);

  StagingFolder staging(target);
  for (int label = 0; label < kClassCount; ++label) {
    std::error_code ec;
    if (!fs::create_directory(staging.path() / std::to_string(label), ec))
      throw Error(target.string() + ": cannot create the subfolder " + std::to_string(label) + " (" +
                  (ec ? ec.message() : "exists") + ")");
  }
  for (int i = 0; i < digits.count(); ++i) {
    const fs::path file =
        staging.path() / std::to_string(digits.labels[static_cast<std::size_t>(i)]) / file_name_for(i);
    write_png_file(digit_image(digits.images.col(i)), file.string());
  }

  // The one step that makes the set appear. An empty folder at the target
  // (made by a folder dialog, typically) gives way; one that filled up
  // meanwhile makes the export fail instead.
  check_free(target);
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(target, ec))) fs::remove(target, ec);
  fs::rename(staging.path(), target, ec);
  if (ec) throw Error(target.string() + ": cannot move the exported digits into place (" + ec.message() + ")");
  staging.release();
  sync_folder(target.parent_path().string());
  return digits.count();
}

}  // namespace digitpad
