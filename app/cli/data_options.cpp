// SPDX-License-Identifier: GPL-3.0-or-later
#include "data_options.h"

#include "ui/headless/images/image_folder_dataset.h"
#include "option_checks.h"
#include "core/util/error.h"

#include <filesystem>

namespace digitpad::cli {
namespace {

// Far beyond any data set, and small enough that arithmetic on it cannot
// overflow an int.
constexpr int kMaxDigits = 100'000'000;

}  // namespace

void add_data_options(CLI::App& command, DataOptions& options) {
  const std::string group = "Data (default: the OpenCV digits in " + default_digits_folder() + ")";
  // allow_extra_args(false): each --data takes one folder, so a stray word
  // after it is reported instead of being read as a second folder.
  command
      .add_option("--data", options.folders,
                  "an MNIST-layout folder (train-*/t10k-* IDX files, .gz or not);\n"
                  "repeat to combine several into one training set")
      ->type_name("DIR")
      ->check(not_empty())
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(group);
  command
      .add_option("--image-folder", options.image_folders,
                  "images sorted into DIR/0/ .. DIR/9/ (PNG, JPEG, ...), each prepared\n"
                  "as a drawing is (28x28 ones, MNIST's form, taken as they are);\n"
                  "repeatable, combined with the above")
      ->type_name("DIR")
      ->check(not_empty())
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(group);
  CLI::Option* train_images =
      command.add_option("--train-images", options.train_images, "an explicit IDX pair: the images")
          ->type_name("FILE")
          ->check(not_empty())
          ->group(group);
  CLI::Option* train_labels = command.add_option("--train-labels", options.train_labels, "... and their labels")
                                  ->type_name("FILE")
                                  ->check(not_empty())
                                  ->group(group);
  CLI::Option* test_images =
      command.add_option("--test-images", options.test_images, "an explicit test pair (optional): the images")
          ->type_name("FILE")
          ->check(not_empty())
          ->group(group);
  CLI::Option* test_labels = command.add_option("--test-labels", options.test_labels, "... and their labels")
                                 ->type_name("FILE")
                                 ->check(not_empty())
                                 ->group(group);
  command.add_option("--train-count", options.train_count, "training digits (one set: default 1000; two sets: all)")
      ->type_name("N")
      ->transform(whole_number())
      ->check(CLI::Range(1, kMaxDigits).description(""))
      ->group(group);
  command
      .add_option("--test-count", options.test_count, "test digits (one set: default 350, disjoint from training)")
      ->type_name("N")
      ->transform(whole_number())
      ->check(CLI::Range(1, kMaxDigits).description(""))
      ->group(group);
  command.add_option("--split-seed", options.split_seed, "seed of the random subsets (default 0)")
      ->type_name("S")
      ->transform(seed_number())
      ->group(group);

  train_images->needs(train_labels);
  train_labels->needs(train_images);
  test_images->needs(test_labels)->needs(train_images);
  test_labels->needs(test_images);
  for (CLI::Option* pair_file : {train_images, train_labels, test_images, test_labels})
    command.get_option("--data")->excludes(pair_file);
}

DataRequest data_request_from(const DataOptions& options) {
  DataRequest request;
  if (!options.folders.empty()) {
    request.folder = options.folders.front();
    request.extra_folders.assign(options.folders.begin() + 1, options.folders.end());
  }
  request.train_images = options.train_images.value_or("");
  request.train_labels = options.train_labels.value_or("");
  request.test_images = options.test_images.value_or("");
  request.test_labels = options.test_labels.value_or("");
  request.train_count = options.train_count;
  request.test_count = options.test_count;
  request.split_seed = options.split_seed.value_or(0);

  // Decoded here, on the Qt side: the core that combines the sets has no image codecs.
  for (const std::string& folder : options.image_folders) request.extra_sets.push_back(load_image_folder(folder));

  if (request.folder.empty() && request.train_images.empty() && options.image_folders.empty()) {
    request.folder = default_digits_folder();
    std::error_code ec;
    if (!std::filesystem::is_directory(request.folder, ec))
      throw Error(request.folder + ": default digits not found; " + default_digits_hint() + ", or pass --data DIR");
  }
  return request;
}

std::string describe_data(const DataRequest& request) {
  std::string text;
  if (!request.folder.empty()) {
    text = data_folder_label(request.folder);
  } else if (!request.train_images.empty()) {
    text = request.train_images;
    if (!request.test_images.empty()) text += ", " + request.test_images;
  }
  for (const std::string& folder : request.extra_folders)
    text += (text.empty() ? "" : " + ") + data_folder_label(folder);
  for (const Dataset& set : request.extra_sets) text += (text.empty() ? "" : " + ") + set.source;
  return text;
}

}  // namespace digitpad::cli
