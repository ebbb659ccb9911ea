// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/mnist_folder.h"

#include "core/data/idx_file.h"
#include "core/util/error.h"

#include <filesystem>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTrainImages = "train-images-idx3-ubyte";
constexpr const char* kTrainLabels = "train-labels-idx1-ubyte";
constexpr const char* kTestImages = "t10k-images-idx3-ubyte";
constexpr const char* kTestLabels = "t10k-labels-idx1-ubyte";

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// The ".gz" file wins when both exist: it is the original download, while an
// unpacked copy next to it may be what an interrupted `gunzip` left behind.
std::optional<std::string> find_one(const fs::path& folder, const std::string& name) {
  for (const fs::path& candidate : {folder / (name + ".gz"), folder / name})
    if (is_file(candidate)) return candidate.string();
  return std::nullopt;
}

// "found X but not Y" for a half pair, to say what is missing rather than "nothing".
std::string half_pair_note(const std::optional<std::string>& images, const std::optional<std::string>& labels,
                           const char* images_name, const char* labels_name) {
  if (images && !labels) return "; found " + fs::path(*images).filename().string() + " but not " + labels_name;
  if (labels && !images) return "; found " + fs::path(*labels).filename().string() + " but not " + images_name;
  return "";
}

}  // namespace

MnistFolder find_mnist_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(dir + ": no such folder");
  if (!fs::is_directory(dir, ec)) throw Error(dir + ": is a file, not a folder");

  MnistFolder found;
  found.folder = dir;
  found.train_images = find_one(dir, kTrainImages);
  found.train_labels = find_one(dir, kTrainLabels);
  found.test_images = find_one(dir, kTestImages);
  found.test_labels = find_one(dir, kTestLabels);
  if (!found.has_train() && !found.has_test())
    throw Error(dir + ": no MNIST files (looked for " + kTrainImages + " + " + kTrainLabels + " or " + kTestImages +
                " + " + kTestLabels + ", each with or without .gz" +
                half_pair_note(found.train_images, found.train_labels, kTrainImages, kTrainLabels) +
                half_pair_note(found.test_images, found.test_labels, kTestImages, kTestLabels) + ")");
  return found;
}

LoadedFolder load_mnist_folder(const std::string& dir) {
  const MnistFolder files = find_mnist_files(dir);
  LoadedFolder loaded;
  // Each set's source is its images file: the most precise thing to name in a message.
  if (files.has_train()) {
    loaded.train = read_idx_pair(*files.train_images, *files.train_labels);
    if (files.has_test()) loaded.test = read_idx_pair(*files.test_images, *files.test_labels);
  } else {
    loaded.train = read_idx_pair(*files.test_images, *files.test_labels);
  }
  return loaded;
}

Dataset load_evaluation_pair(const std::string& dir) {
  const MnistFolder files = find_mnist_files(dir);
  if (files.has_test()) return read_idx_pair(*files.test_images, *files.test_labels);
  return read_idx_pair(*files.train_images, *files.train_labels);
}

}  // namespace digitpad
