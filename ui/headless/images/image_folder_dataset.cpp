// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/image_folder_dataset.h"

#include "ui/headless/images/digit_image.h"
#include "core/util/error.h"

#include <QByteArray>
#include <QImageReader>
#include <QList>
#include <QSize>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// The file extensions Qt can decode here ("png", "jpg", ...), lower case.
std::set<std::string> readable_extensions() {
  std::set<std::string> extensions;
  for (const QByteArray& format : QImageReader::supportedImageFormats())
    extensions.insert(format.toLower().toStdString());
  return extensions;
}

std::string lower_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  if (!extension.empty()) extension.erase(0, 1);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// The image files directly inside `folder`, sorted by name.
std::vector<fs::path> image_files_in(const fs::path& folder, const std::set<std::string>& extensions) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with('.')) continue;
    if (!it->is_regular_file(ec)) continue;
    if (extensions.contains(lower_extension(path))) files.push_back(path);
  }
  if (ec) throw Error(folder.string() + ": cannot list the folder (" + ec.message() + ")");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Dataset load_image_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(dir + ": no such folder");
  const std::set<std::string> extensions = readable_extensions();

  std::vector<Eigen::VectorXf> inputs;
  std::vector<std::uint8_t> labels;
  for (int label = 0; label < kClassCount; ++label) {
    const fs::path folder = fs::path(dir) / std::to_string(label);
    if (!fs::is_directory(folder, ec)) continue;
    for (const fs::path& file : image_files_in(folder, extensions)) {
      const QImage image = read_image_file(file.string());
      std::optional<Eigen::VectorXf> input = input_from_image_file(image);
      if (!input) throw Error(file.string() + ": the image holds no ink (an empty or one-colour picture)");
      inputs.push_back(std::move(*input));
      labels.push_back(static_cast<std::uint8_t>(label));
    }
  }
  if (inputs.empty())
    throw Error(dir + ": no images found in subfolders 0/ .. 9/ (expected e.g. " +
                (fs::path(dir) / "7" / "a.png").string() + ")");

  Dataset data;
  data.source = dir;
  data.images.resize(kImagePixels, static_cast<Eigen::Index>(inputs.size()));
  for (std::size_t i = 0; i < inputs.size(); ++i) data.images.col(static_cast<Eigen::Index>(i)) = inputs[i];
  data.labels = std::move(labels);
  return data;
}

}  // namespace digitpad
