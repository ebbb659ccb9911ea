// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset helpers (subset, concatenate, the seeded disjoint split, one-hot) and
// finding/loading the standard MNIST files in a folder.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/mnist_folder.h"
#include "core/util/error.h"

#include "test_paths.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// `count` digits that carry their own index in pixels 0 and 1 (as byte values,
// so it survives an IDX round trip) and a check value in the last pixel, so any
// reordering or mix-up can be traced; label = index % 10.
float byte_value(int byte) { return static_cast<float>(byte) / 255.0f; }
int byte_of(float value) { return static_cast<int>(std::lround(value * 255.0f)); }

Dataset numbered(int count, const std::string& source = "numbered") {
  Dataset data;
  data.source = source;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  data.labels.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    data.images(0, i) = byte_value(i % 256);
    data.images(1, i) = byte_value(i / 256);
    data.images(kImagePixels - 1, i) = byte_value(i * 7 % 256);
    data.labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 10);
  }
  return data;
}

int id_of(const Dataset& data, int column) {
  return byte_of(data.images(0, column)) + 256 * byte_of(data.images(1, column));
}

std::vector<int> ids(const Dataset& data) {
  std::vector<int> out;
  for (int i = 0; i < data.count(); ++i) out.push_back(id_of(data, i));
  return out;
}

// Every digit still carries its own label and pixels: nothing was mixed up.
void expect_consistent(const Dataset& data) {
  ASSERT_EQ(data.images.cols(), data.count());
  for (int i = 0; i < data.count(); ++i) {
    const int id = id_of(data, i);
    EXPECT_EQ(data.labels[static_cast<std::size_t>(i)], id % 10);
    EXPECT_EQ(byte_of(data.images(kImagePixels - 1, i)), id * 7 % 256);
  }
}

template <typename Action>
void expect_error(Action action, const std::string& problem) {
  try {
    action();
    ADD_FAILURE() << "no error; expected one about \"" << problem << "\"";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
  }
}

// --- subset / concatenate / one_hot ------------------------------------------

TEST(Dataset, SubsetKeepsTheGivenOrderAndRepeats) {
  const Dataset data = numbered(10);
  const Dataset picked = subset(data, {7, 2, 2, 9});
  EXPECT_EQ(ids(picked), (std::vector<int>{7, 2, 2, 9}));
  EXPECT_EQ(picked.source, "numbered");
  expect_consistent(picked);
  EXPECT_TRUE(subset(data, {}).empty());
}

TEST(Dataset, SubsetRefusesIndicesOutsideTheSet) {
  const Dataset data = numbered(10);
  expect_error([&] { subset(data, {1, 10}); }, "numbered: index 10 is outside a set of 10 digits");
  expect_error([&] { subset(data, {-1}); }, "index -1 is outside");
}

TEST(Dataset, ConcatenateAppendsInOrder) {
  const Dataset a = numbered(3);
  Dataset b = subset(numbered(8), {5, 6, 7});
  const Dataset empty;
  const Dataset both = concatenate({&a, &empty, &b}, "mnist + mine");
  EXPECT_EQ(both.source, "mnist + mine");
  EXPECT_EQ(ids(both), (std::vector<int>{0, 1, 2, 5, 6, 7}));
  expect_consistent(both);
  EXPECT_EQ(both.images.rows(), kImagePixels);
  EXPECT_TRUE(concatenate({}, "nothing").empty());
}

TEST(Dataset, ConcatenateRefusesMalformedParts) {
  Dataset broken = numbered(3, "broken");
  broken.labels.pop_back();
  const Dataset good = numbered(2);
  expect_error([&] { concatenate({&good, &broken}, "all"); }, "broken: holds 3 images of 784 pixels but 2 labels");
  expect_error([&] { concatenate({&good, nullptr}, "all"); }, "all: cannot concatenate a missing set");
}

TEST(Dataset, OneHot) {
  const Eigen::MatrixXf targets = one_hot({3, 0, 9});
  ASSERT_EQ(targets.rows(), kClassCount);
  ASSERT_EQ(targets.cols(), 3);
  EXPECT_FLOAT_EQ(targets.sum(), 3.0f);
  EXPECT_FLOAT_EQ(targets(3, 0), 1.0f);
  EXPECT_FLOAT_EQ(targets(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(targets(9, 2), 1.0f);
  expect_error([] { one_hot({1, 2, 10}); }, "label 10 at index 2 is not one of the 10 classes");
  EXPECT_EQ(one_hot({10, 3}, kClassCountWithNotADigit)(kNotADigitLabel, 0), 1.0f);
}

// --- split_disjoint -----------------------------------------------------------

TEST(SplitDisjoint, SizesDisjointAndConsistent) {
  const Dataset data = numbered(1000);
  const TrainTestSplit split = split_disjoint(data, 600, 300, 7);
  ASSERT_EQ(split.train.count(), 600);
  ASSERT_EQ(split.test.count(), 300);
  expect_consistent(split.train);
  expect_consistent(split.test);
  std::set<int> seen;
  for (int id : ids(split.train)) seen.insert(id);
  for (int id : ids(split.test)) EXPECT_EQ(seen.count(id), 0u) << "digit " << id << " is in both sets";
  for (int id : ids(split.test)) seen.insert(id);
  EXPECT_EQ(seen.size(), 900u) << "no digit may be drawn twice";
  EXPECT_NE(split.train.source.find("numbered (600 for training, seed 7)"), std::string::npos);
  EXPECT_NE(split.test.source.find("numbered (300 for testing, seed 7)"), std::string::npos);
}

TEST(SplitDisjoint, SameSeedSameSplitOtherSeedOtherSplit) {
  const Dataset data = numbered(500);
  const TrainTestSplit a = split_disjoint(data, 100, 50, 123);
  const TrainTestSplit b = split_disjoint(data, 100, 50, 123);
  const TrainTestSplit c = split_disjoint(data, 100, 50, 124);
  EXPECT_EQ(ids(a.train), ids(b.train));
  EXPECT_EQ(ids(a.test), ids(b.test));
  EXPECT_NE(ids(a.train), ids(c.train));
}

TEST(SplitDisjoint, IsTheSameOnEveryMachine) {
  // Pinned values: the shuffle is our own Fisher-Yates over std::mt19937_64
  // (whose output the standard fixes), so these must never change with the
  // compiler or standard library. If this fails, saved splits are no longer reproducible.
  const TrainTestSplit split = split_disjoint(numbered(20), 5, 3, 42);
  EXPECT_EQ(ids(split.train), (std::vector<int>{7, 1, 11, 13, 2}));
  EXPECT_EQ(ids(split.test), (std::vector<int>{19, 16, 14}));
}

TEST(SplitDisjoint, ShuffleIsRoughlyUniform) {
  // Over many seeds every digit should lead the training set about equally often.
  const Dataset data = numbered(10);
  std::vector<int> first(10, 0);
  for (std::uint64_t seed = 0; seed < 2000; ++seed) ++first[ids(split_disjoint(data, 1, 0, seed).train)[0]];
  for (int count : first) {
    EXPECT_GT(count, 140);  // expected 200; 140 is more than 4 standard deviations away
    EXPECT_LT(count, 260);
  }
}

TEST(SplitDisjoint, UsesEverythingWhenAsked) {
  const TrainTestSplit split = split_disjoint(numbered(10), 7, 3, 1);
  std::vector<int> all = ids(split.train);
  for (int id : ids(split.test)) all.push_back(id);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_TRUE(split_disjoint(numbered(10), 0, 0, 1).train.empty());
}

TEST(SplitDisjoint, RefusesImpossibleCounts) {
  const Dataset data = numbered(100);
  expect_error([&] { split_disjoint(data, 80, 21, 1); },
               "numbered: cannot take 80 training + 21 test digits from a set of 100");
  expect_error([&] { split_disjoint(data, -1, 10, 1); }, "counts must not be negative");
  expect_error([&] { split_disjoint(data, 10, -5, 1); }, "counts must not be negative");
  // int overflow of the sum must not sneak past the check.
  expect_error([&] { split_disjoint(data, 2147483647, 2147483647, 1); }, "cannot take");
}

// --- MNIST folders ------------------------------------------------------------

class MnistFolderTest : public ::testing::Test {
 protected:
  std::string dir() const { return dir_.string(); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  void write_pair(const std::string& prefix, const std::string& suffix, int count) const {
    write_idx_pair(file(prefix + "-images-idx3-ubyte" + suffix), file(prefix + "-labels-idx1-ubyte" + suffix),
                   numbered(count));
  }

  test::TempFolder scratch_{"digitpad-folder"};
  const fs::path dir_ = scratch_.path();
};

TEST_F(MnistFolderTest, MissingFolderOrAFile) {
  expect_error([&] { find_mnist_files(file("absent")); }, file("absent") + ": no such folder");
  std::ofstream(file("plain.txt")) << "x";
  expect_error([&] { find_mnist_files(file("plain.txt")); }, file("plain.txt") + ": is a file, not a folder");
}

TEST_F(MnistFolderTest, EmptyFolderListsTheNamesItLookedFor) {
  expect_error([&] { find_mnist_files(dir()); },
               dir() +
                   ": no MNIST files (looked for train-images-idx3-ubyte + train-labels-idx1-ubyte or "
                   "t10k-images-idx3-ubyte + t10k-labels-idx1-ubyte, each with or without .gz)");
}

TEST_F(MnistFolderTest, HalfAPairIsNamed) {
  write_idx_images(file("t10k-images-idx3-ubyte.gz"), numbered(2).images);
  expect_error([&] { find_mnist_files(dir()); }, "found t10k-images-idx3-ubyte.gz but not t10k-labels-idx1-ubyte");
}

TEST_F(MnistFolderTest, FindsEitherSpellingAndPrefersGzip) {
  write_pair("t10k", "", 3);
  write_pair("train", ".gz", 4);
  MnistFolder found = find_mnist_files(dir());
  EXPECT_EQ(found.folder, dir());
  ASSERT_TRUE(found.has_train());
  ASSERT_TRUE(found.has_test());
  EXPECT_EQ(*found.train_images, file("train-images-idx3-ubyte.gz"));
  EXPECT_EQ(*found.train_labels, file("train-labels-idx1-ubyte.gz"));
  EXPECT_EQ(*found.test_images, file("t10k-images-idx3-ubyte"));
  EXPECT_EQ(*found.test_labels, file("t10k-labels-idx1-ubyte"));

  // Both spellings present: the .gz (the original download) wins over an
  // unpacked copy that an interrupted gunzip may have left half-written.
  write_pair("t10k", ".gz", 5);
  found = find_mnist_files(dir());
  EXPECT_EQ(*found.test_images, file("t10k-images-idx3-ubyte.gz"));
}

TEST_F(MnistFolderTest, OnlyTheTestPairBecomesTheTrainingSet) {
  write_pair("t10k", ".gz", 6);
  const MnistFolder found = find_mnist_files(dir());
  EXPECT_FALSE(found.has_train());
  EXPECT_TRUE(found.has_test());
  const LoadedFolder loaded = load_mnist_folder(dir());
  EXPECT_EQ(loaded.train.count(), 6);
  EXPECT_EQ(loaded.train.source, file("t10k-images-idx3-ubyte.gz"));
  EXPECT_TRUE(loaded.test.empty());
  expect_consistent(loaded.train);
}

TEST_F(MnistFolderTest, BothPairsLoadAsTrainAndTest) {
  write_pair("train", "", 8);
  write_pair("t10k", ".gz", 3);
  const LoadedFolder loaded = load_mnist_folder(dir());
  EXPECT_EQ(loaded.train.count(), 8);
  EXPECT_EQ(loaded.test.count(), 3);
  EXPECT_EQ(loaded.train.source, file("train-images-idx3-ubyte"));
  expect_consistent(loaded.train);
  expect_consistent(loaded.test);
}

TEST_F(MnistFolderTest, ABadFileInTheFolderIsNamedInTheError) {
  write_pair("t10k", "", 3);
  std::ofstream(file("t10k-labels-idx1-ubyte"), std::ios::trunc) << "garbage!";
  expect_error([&] { load_mnist_folder(dir()); }, file("t10k-labels-idx1-ubyte") + ": not an IDX labels file");
}

TEST(MnistFolderReal, FindsTheSharedTestSet) {
  const std::string dir = DIGITPAD_MNIST_DIR;
  if (!fs::exists(fs::path(dir) / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "real MNIST not found in " << dir;
  const MnistFolder found = find_mnist_files(dir);
  ASSERT_TRUE(found.has_test());
  const LoadedFolder loaded = load_mnist_folder(dir);
  const Dataset& t10k = found.has_train() ? loaded.test : loaded.train;
  EXPECT_EQ(t10k.count(), 10000);
  EXPECT_EQ(t10k.labels[0], 7);
}

}  // namespace
}  // namespace digitpad
