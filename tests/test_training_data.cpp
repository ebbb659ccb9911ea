// SPDX-License-Identifier: GPL-3.0-or-later
// load_training_data: the one place where the CLI's data flags and the app's
// training panel turn into a train/test split; plus the default digits folder.

#include "core/data/mnist_folder.h"
#include "core/data/training_data.h"

#include "core/data/idx_file.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Each digit carries an id in pixels 0 and 1 (bytes, so it survives the IDX
// round trip): which digits landed where can then be traced exactly. `first_id`
// lets a test set use ids distinct from its training set. label = id % 10.
Dataset numbered(int count, int first_id) {
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  data.labels.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const int id = first_id + i;
    data.images(0, i) = static_cast<float>(id % 256) / 255.0f;
    data.images(1, i) = static_cast<float>(id / 256) / 255.0f;
    data.labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id % 10);
  }
  return data;
}

std::vector<int> ids_of(const Dataset& data) {
  std::vector<int> ids;
  for (int i = 0; i < data.count(); ++i) {
    const int id = static_cast<int>(std::lround(data.images(0, i) * 255.0f)) +
                   256 * static_cast<int>(std::lround(data.images(1, i) * 255.0f));
    EXPECT_EQ(data.labels[static_cast<std::size_t>(i)], id % 10) << "label travelled with a different image";
    ids.push_back(id);
  }
  return ids;
}

std::set<int> id_set(const Dataset& data) {
  const std::vector<int> ids = ids_of(data);
  return {ids.begin(), ids.end()};
}

class TrainingDataTest : public ::testing::Test {
 protected:
  // Writes images/labels files named `stem`-images-idx3-ubyte / -labels-idx1-ubyte.
  std::pair<std::string, std::string> write_pair(const std::string& stem, const Dataset& data,
                                                 const fs::path& where) {
    fs::create_directories(where);
    const std::string images = (where / (stem + "-images-idx3-ubyte")).string();
    const std::string labels = (where / (stem + "-labels-idx1-ubyte")).string();
    write_idx_pair(images, labels, data);
    return {images, labels};
  }

  test::TempFolder scratch_{"digitpad-training-data"};
  const fs::path folder_ = scratch_.path();
};

TEST_F(TrainingDataTest, OneExplicitPairIsSplitIntoDisjointDefaultSizedSubsets) {
  const auto [images, labels] = write_pair("train", numbered(1500, 0), folder_);
  DataRequest request;
  request.train_images = images;
  request.train_labels = labels;
  request.split_seed = 7;

  const TrainTestSplit split = load_training_data(request);
  ASSERT_EQ(split.train.count(), kDefaultTrainCount);
  ASSERT_EQ(split.test.count(), kDefaultTestCount);
  const std::set<int> train_ids = id_set(split.train), test_ids = id_set(split.test);
  EXPECT_EQ(train_ids.size(), 1000u) << "a digit was picked twice";
  EXPECT_EQ(test_ids.size(), 350u);
  for (const int id : test_ids) {
    EXPECT_FALSE(train_ids.contains(id)) << "digit " << id << " is in both sets";
    EXPECT_LT(id, 1500);
  }
}

TEST_F(TrainingDataTest, WholeSetUsesEveryDigitWithATenthHeldOut) {
  // A mini-batch recipe with Auto counts trained on 1,000 of the 5,000
  // default digits; with whole_set it trains on all of them but a tenth.
  const auto [images, labels] = write_pair("train", numbered(5000, 0), folder_);
  DataRequest request;
  request.train_images = images;
  request.train_labels = labels;
  request.whole_set = true;
  TrainTestSplit split = load_training_data(request);
  EXPECT_EQ(split.train.count(), 4500);
  EXPECT_EQ(split.test.count(), 500);
  const std::set<int> train_ids = id_set(split.train), test_ids = id_set(split.test);
  EXPECT_EQ(train_ids.size() + test_ids.size(), 5000u) << "every digit once, in one of the two";
  for (const int id : test_ids) EXPECT_FALSE(train_ids.contains(id));

  request.train_count = 4800;  // leaves 200 for testing
  split = load_training_data(request);
  EXPECT_EQ(split.train.count(), 4800);
  EXPECT_EQ(split.test.count(), 200);
  request.train_count.reset();
  request.test_count = 1000;
  split = load_training_data(request);
  EXPECT_EQ(split.train.count(), 4000);
  EXPECT_EQ(split.test.count(), 1000);

  // Without it, Auto is still the seed experiment's 1000/350.
  request = {};
  request.train_images = images;
  request.train_labels = labels;
  split = load_training_data(request);
  EXPECT_EQ(split.train.count(), kDefaultTrainCount);
  EXPECT_EQ(split.test.count(), kDefaultTestCount);
  EXPECT_EQ(whole_set_test_count(5000), 500);
  EXPECT_EQ(whole_set_test_count(7), 1);
  EXPECT_EQ(whole_set_test_count(1), 0);
}

TEST_F(TrainingDataTest, SplitIsDeterministicForASeedAndChangesWithIt) {
  const auto [images, labels] = write_pair("train", numbered(400, 0), folder_);
  DataRequest request;
  request.train_images = images;
  request.train_labels = labels;
  request.train_count = 100;
  request.test_count = 50;
  request.split_seed = 3;

  const TrainTestSplit first = load_training_data(request);
  const TrainTestSplit again = load_training_data(request);
  EXPECT_EQ(ids_of(first.train), ids_of(again.train));
  EXPECT_EQ(ids_of(first.test), ids_of(again.test));

  request.split_seed = 4;
  const TrainTestSplit other = load_training_data(request);
  EXPECT_NE(ids_of(first.train), ids_of(other.train));
}

TEST_F(TrainingDataTest, SeparateTrainAndTestFilesAreUsedWholeAndInOrderByDefault) {
  const auto [train_images, train_labels] = write_pair("train", numbered(30, 0), folder_);
  const auto [test_images, test_labels] = write_pair("t10k", numbered(20, 1000), folder_);
  DataRequest request;
  request.train_images = train_images;
  request.train_labels = train_labels;
  request.test_images = test_images;
  request.test_labels = test_labels;

  const TrainTestSplit split = load_training_data(request);
  std::vector<int> expected_train(30), expected_test(20);
  for (int i = 0; i < 30; ++i) expected_train[static_cast<std::size_t>(i)] = i;
  for (int i = 0; i < 20; ++i) expected_test[static_cast<std::size_t>(i)] = 1000 + i;
  EXPECT_EQ(ids_of(split.train), expected_train);
  EXPECT_EQ(ids_of(split.test), expected_test);
}

TEST_F(TrainingDataTest, SeparateSetsAreSubsampledWhenCountsAreGiven) {
  const auto [train_images, train_labels] = write_pair("train", numbered(60, 0), folder_);
  const auto [test_images, test_labels] = write_pair("t10k", numbered(40, 1000), folder_);
  DataRequest request;
  request.train_images = train_images;
  request.train_labels = train_labels;
  request.test_images = test_images;
  request.test_labels = test_labels;
  request.train_count = 25;
  request.test_count = 10;

  const TrainTestSplit split = load_training_data(request);
  const std::set<int> train_ids = id_set(split.train), test_ids = id_set(split.test);
  EXPECT_EQ(train_ids.size(), 25u);
  EXPECT_EQ(test_ids.size(), 10u);
  for (const int id : train_ids) EXPECT_LT(id, 60);
  for (const int id : test_ids) {
    EXPECT_GE(id, 1000);
    EXPECT_LT(id, 1040);
  }
}

TEST_F(TrainingDataTest, FolderWithOnlyTheTestPairIsSplit) {
  write_pair("t10k", numbered(1400, 0), folder_ / "mnist");
  DataRequest request;
  request.folder = (folder_ / "mnist").string();

  const TrainTestSplit split = load_training_data(request);
  ASSERT_EQ(split.train.count(), 1000);
  ASSERT_EQ(split.test.count(), 350);
  const std::set<int> train_ids = id_set(split.train);
  for (const int id : id_set(split.test)) EXPECT_FALSE(train_ids.contains(id));
}

TEST_F(TrainingDataTest, FolderWithBothPairsTrainsOnTrainAndTestsOnT10k) {
  write_pair("train", numbered(40, 0), folder_ / "mnist");
  write_pair("t10k", numbered(25, 1000), folder_ / "mnist");
  DataRequest request;
  request.folder = (folder_ / "mnist").string();

  const TrainTestSplit split = load_training_data(request);
  ASSERT_EQ(split.train.count(), 40);
  ASSERT_EQ(split.test.count(), 25);
  for (const int id : id_set(split.train)) EXPECT_LT(id, 1000);
  for (const int id : id_set(split.test)) EXPECT_GE(id, 1000);
}

TEST_F(TrainingDataTest, EvaluationTakesTheTestPairElseTheOnlyPair) {
  // One rule for `digitpad-cli eval --data` and the Mistakes window.
  write_pair("train", numbered(40, 0), folder_ / "both");
  write_pair("t10k", numbered(25, 1000), folder_ / "both");
  const Dataset test = load_evaluation_pair((folder_ / "both").string());
  ASSERT_EQ(test.count(), 25);
  for (const int id : id_set(test)) EXPECT_GE(id, 1000);
  write_pair("train", numbered(30, 0), folder_ / "train-only");
  EXPECT_EQ(load_evaluation_pair((folder_ / "train-only").string()).count(), 30);
  write_pair("t10k", numbered(20, 0), folder_ / "test-only");
  EXPECT_EQ(load_evaluation_pair((folder_ / "test-only").string()).count(), 20);
  EXPECT_THROW(load_evaluation_pair((folder_ / "nowhere").string()), Error);
}

// Runs `load` and returns the Error's message (failing the test when nothing is thrown).
template <typename Load>
std::string error_message(Load load) {
  try {
    load();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "no Error thrown";
  return {};
}

TEST_F(TrainingDataTest, MissingFolderIsNamedInTheError) {
  DataRequest request;
  request.folder = (folder_ / "no-such-folder").string();
  const std::string message = error_message([&] { load_training_data(request); });
  EXPECT_NE(message.find(request.folder), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "messages are one line";
}

TEST_F(TrainingDataTest, CountsLargerThanTheSetNameTheFileAndTheNumbers) {
  const auto [images, labels] = write_pair("train", numbered(100, 0), folder_);
  DataRequest request;
  request.train_images = images;
  request.train_labels = labels;
  request.train_count = 90;
  request.test_count = 20;
  const std::string message = error_message([&] { load_training_data(request); });
  EXPECT_NE(message.find("train-images-idx3-ubyte"), std::string::npos) << message;
  EXPECT_NE(message.find("100"), std::string::npos) << message;
  EXPECT_NE(message.find("90"), std::string::npos) << message;
}

TEST_F(TrainingDataTest, SubsetLargerThanASeparateSetIsRejected) {
  const auto [train_images, train_labels] = write_pair("train", numbered(30, 0), folder_);
  const auto [test_images, test_labels] = write_pair("t10k", numbered(20, 1000), folder_);
  DataRequest request;
  request.train_images = train_images;
  request.train_labels = train_labels;
  request.test_images = test_images;
  request.test_labels = test_labels;
  request.test_count = 21;
  const std::string message = error_message([&] { load_training_data(request); });
  EXPECT_NE(message.find("t10k-images-idx3-ubyte"), std::string::npos) << message;
}

TEST_F(TrainingDataTest, MalformedRequestsAreRejected) {
  const auto [images, labels] = write_pair("train", numbered(10, 0), folder_);

  DataRequest nothing;
  EXPECT_THROW(load_training_data(nothing), Error);

  DataRequest both;
  both.folder = folder_.string();
  both.train_images = images;
  both.train_labels = labels;
  EXPECT_THROW(load_training_data(both), Error);

  DataRequest images_only;
  images_only.train_images = images;
  EXPECT_THROW(load_training_data(images_only), Error);

  DataRequest zero_count;
  zero_count.train_images = images;
  zero_count.train_labels = labels;
  zero_count.train_count = 0;
  EXPECT_THROW(load_training_data(zero_count), Error);
}

TEST_F(TrainingDataTest, SeveralSourcesMakeOneTrainingSetThatIsSplitTogether) {
  // Three sources with distinct ids: a folder, another folder, an IDX pair and an in-memory set.
  write_pair("train", numbered(300, 0), folder_ / "first");
  write_pair("train", numbered(200, 1000), folder_ / "second");
  const auto [images, labels] = write_pair("extra", numbered(100, 2000), folder_);
  Dataset in_memory = numbered(50, 3000);
  in_memory.source = "image folder";

  DataRequest request;
  request.folder = (folder_ / "first").string();
  request.extra_folders = {(folder_ / "second").string()};
  request.extra_pairs = {{images, labels}};
  request.extra_sets = {in_memory, Dataset{}};  // an empty set is skipped, not an error
  request.train_count = 500;
  request.test_count = 150;
  const TrainTestSplit split = load_training_data(request);
  ASSERT_EQ(split.train.count(), 500);
  ASSERT_EQ(split.test.count(), 150);

  std::set<int> all = id_set(split.train);
  const std::set<int> test_ids = id_set(split.test);
  for (const int id : test_ids) EXPECT_FALSE(all.contains(id)) << "digit " << id << " is in both sets";
  all.insert(test_ids.begin(), test_ids.end());
  EXPECT_EQ(all.size(), 650u);
  // 650 of 650 digits: every source contributed all of its digits.
  int from_memory = 0, from_pair = 0;
  for (const int id : all) {
    from_memory += id >= 3000;
    from_pair += id >= 2000 && id < 3000;
  }
  EXPECT_EQ(from_memory, 50);
  EXPECT_EQ(from_pair, 100);
  EXPECT_NE(split.train.source.find("image folder"), std::string::npos) << split.train.source;
}

TEST_F(TrainingDataTest, CombinedSourcesTestOnTheT10kPartsOfFoldersThatHaveThem) {
  write_pair("train", numbered(40, 0), folder_ / "full");
  write_pair("t10k", numbered(20, 500), folder_ / "full");
  write_pair("train", numbered(30, 1000), folder_ / "train-only");

  DataRequest request;
  request.folder = (folder_ / "train-only").string();
  request.extra_folders = {(folder_ / "full").string()};
  const TrainTestSplit split = load_training_data(request);
  EXPECT_EQ(split.train.count(), 70) << "both training parts, whole, when no counts are given";
  const std::vector<int> test_ids = ids_of(split.test);
  ASSERT_EQ(test_ids.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(test_ids[static_cast<std::size_t>(i)], 500 + i);
  const std::vector<int> train_ids = ids_of(split.train);
  EXPECT_EQ(train_ids.front(), 1000) << "the main source comes first";
  EXPECT_EQ(train_ids.back(), 39);
}

TEST_F(TrainingDataTest, OnlyExtraSourcesAreEnoughAndBadOnesAreNamed) {
  DataRequest only_sets;
  only_sets.extra_sets = {numbered(30, 0)};
  only_sets.train_count = 20;
  only_sets.test_count = 10;
  const TrainTestSplit split = load_training_data(only_sets);
  EXPECT_EQ(split.train.count(), 20);
  EXPECT_EQ(split.test.count(), 10);

  DataRequest empty_sets;
  empty_sets.extra_sets = {Dataset{}};
  EXPECT_THROW(load_training_data(empty_sets), Error);

  DataRequest missing;
  missing.extra_sets = {numbered(30, 0)};
  missing.extra_folders = {(folder_ / "nowhere").string()};
  const std::string message = error_message([&] { load_training_data(missing); });
  EXPECT_NE(message.find("nowhere"), std::string::npos) << message;
}

// Sets or clears an environment variable for one scope, restoring it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DefaultDigitsFolder, FollowsXdgCacheHomeThenHome) {
  {
    const ScopedEnv cache("XDG_CACHE_HOME", "/tmp/some-cache");
    EXPECT_EQ(default_digits_folder(), "/tmp/some-cache/digitpad/opencv-digits");
    // One label for the default digits wherever a model or message names them.
    EXPECT_EQ(data_folder_label(default_digits_folder()), "opencv-digits");
    EXPECT_EQ(data_folder_label("/data/mnist"), "/data/mnist");
    EXPECT_EQ(data_folder_label(mnist_train_folder()), "mnist-train");
    EXPECT_EQ(data_folder_label("/tmp/some-cache/digitpad/font-digits"), "font-digits");
    // Only set-up's own folders, not one deeper or beside the cache.
    EXPECT_EQ(data_folder_label("/tmp/some-cache/digitpad/a/b"), "/tmp/some-cache/digitpad/a/b");
    EXPECT_EQ(data_folder_label("/tmp/some-cache/digitpad-other"), "/tmp/some-cache/digitpad-other");
  }
  {
    const ScopedEnv cache("XDG_CACHE_HOME", nullptr);
    const ScopedEnv home("HOME", "/home/someone");
    EXPECT_EQ(default_digits_folder(), "/home/someone/.cache/digitpad/opencv-digits");
  }
  // The README's real commands (there is no scripts/setup.sh).
  EXPECT_NE(default_digits_hint().find("./scripts/run.sh"), std::string::npos);
  EXPECT_NE(default_digits_hint().find("./scripts/test.sh"), std::string::npos);
  EXPECT_EQ(default_digits_hint().find("setup.sh"), std::string::npos);
}

}  // namespace
}  // namespace digitpad
