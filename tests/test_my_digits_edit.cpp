// SPDX-License-Identifier: GPL-3.0-or-later
// One change to the user's digits as it is on disk (edit_my_digits, issue
// 20), and the images file kept as gzip members (data/image_members.h): still
// an ordinary gzip MNIST file, but a change compresses only what it touches.

#include "core/data/idx_file.h"
#include "core/data/image_members.h"
#include "core/data/my_digit_hash.h"
#include "core/data/my_digits_store.h"
#include "core/io/atomic_file.h"
#include "core/io/gzip.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Digits `first` .. `first + count - 1`: each unlike any other, label i % 10.
Dataset digits(int first, int count) {
  Dataset data;
  data.images.resize(kImagePixels, count);
  for (int k = 0; k < count; ++k) {
    const int i = first + k;
    for (int p = 0; p < kImagePixels; ++p)
      data.images(p, k) = static_cast<float>((i * 29 + p * 5 + (i * p) % 7) % 256) / 255.0f;
    data.images(0, k) = static_cast<float>(i % 256) / 255.0f;
    data.images(1, k) = static_cast<float>(i / 256 % 256) / 255.0f;
    data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  }
  return data;
}

std::vector<std::string> hashes_of(const Dataset& data) { return my_digit_hashes(data); }

class MyDigitsEditTest : public ::testing::Test {
 protected:
  std::string images() const { return (fs::path(folder_) / kMyDigitsImagesName).string(); }
  std::string bytes_of(const std::string& path) const { return read_whole_file(path, 1 << 26); }

  test::TempFolder scratch_{"digitpad-edit"};
  const fs::path dir_ = scratch_.path();
  const std::string folder_ = (dir_ / "my-digits").string();
};

TEST_F(MyDigitsEditTest, TheImagesFileIsMembersAndStillAnOrdinaryGzipMnistFile) {
  save_my_digits(folder_, digits(0, 150));
  const std::optional<std::vector<ImageMember>> members = read_image_members(bytes_of(images()), images());
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 3u);  // 64 + 64 + 22
  EXPECT_EQ((*members)[2].count(), 22);
  // Any reader of gzip streams reads it whole: ours, and gzip(1).
  EXPECT_EQ(hashes_of(read_idx_pair(images(), (fs::path(folder_) / kMyDigitsLabelsName).string())),
            hashes_of(digits(0, 150)));
  if (std::system("command -v gzip >/dev/null") == 0) {
    const std::string check = "gzip -dc '" + images() + "' | wc -c > '" + (dir_ / "size").string() + "'";
    ASSERT_EQ(std::system(check.c_str()), 0);
    std::ifstream size(dir_ / "size");
    std::size_t bytes = 0;
    size >> bytes;
    EXPECT_EQ(bytes, 16u + 150u * kImagePixels);
  }
}

TEST_F(MyDigitsEditTest, AddingAppendsAndCopiesEveryMemberAsItIs) {
  save_my_digits(folder_, digits(0, 130));
  const std::string before = bytes_of(images());
  const Dataset more = digits(500, 3);
  MyDigitsEdit edit;
  edit.added = &more;
  const MyDigitsEdited edited = edit_my_digits(folder_, edit);
  EXPECT_EQ(edited.count, 133);
  Dataset expected = digits(0, 130);
  expected = concatenate({&expected, &more}, "");
  EXPECT_EQ(hashes_of(edited.digits), hashes_of(expected));
  EXPECT_EQ(hashes_of(read_my_digits(folder_)), hashes_of(expected));
  // Everything after the old header member is still there, byte for byte.
  std::size_t header = 0;
  gzip_decompress_member(before, 64, "before", header);
  EXPECT_NE(bytes_of(images()).find(before.substr(header)), std::string::npos);
}

TEST_F(MyDigitsEditTest, RemovingRecompressesOnlyTheMemberThatHeldTheDigit) {
  const Dataset start = digits(0, 200);
  save_my_digits(folder_, start);
  const auto before = *read_image_members(bytes_of(images()), images());
  const std::vector<std::string> names = hashes_of(start);
  MyDigitsEdit edit;
  edit.removed = {names[70], names[71]};
  const MyDigitsEdited edited = edit_my_digits(folder_, edit);
  EXPECT_EQ(edited.removed, 2);
  EXPECT_EQ(edited.count, 198);
  const auto after = *read_image_members(bytes_of(images()), images());
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after[0].compressed, before[0].compressed);
  EXPECT_NE(after[1].compressed, before[1].compressed);
  EXPECT_EQ(after[1].count(), 62);
  EXPECT_EQ(after[2].compressed, before[2].compressed);
  EXPECT_EQ(after[3].compressed, before[3].compressed);
  std::vector<std::string> left = names;
  left.erase(left.begin() + 70, left.begin() + 72);
  EXPECT_EQ(hashes_of(read_my_digits(folder_)), left);
}

TEST_F(MyDigitsEditTest, AllOrNothingWithAMissingHashWritesNothing) {
  const Dataset start = digits(0, 10);
  save_my_digits(folder_, start);
  const std::string before = bytes_of(images());
  const Dataset more = digits(50, 1);
  MyDigitsEdit edit;
  edit.added = &more;
  edit.removed = {hashes_of(start)[3], hashes_of(digits(99, 1))[0]};
  edit.all_or_nothing = true;
  const MyDigitsEdited edited = edit_my_digits(folder_, edit);
  EXPECT_EQ(edited.removed, 0);
  EXPECT_EQ(edited.missing, std::vector<std::string>{hashes_of(digits(99, 1))[0]});
  EXPECT_EQ(edited.count, 10);
  EXPECT_EQ(bytes_of(images()), before);
}

// A pair written by other tools (or an earlier DigitPad): one gzip member.
// The first change reads it the ordinary way and writes members.
TEST_F(MyDigitsEditTest, APairInOneMemberIsReadAndRewrittenAsMembers) {
  fs::create_directories(folder_);
  const Dataset start = digits(0, 70);
  write_idx_pair(images(), (fs::path(folder_) / kMyDigitsLabelsName).string(), start);
  ASSERT_FALSE(read_image_members(bytes_of(images()), images()));
  const Dataset more = digits(100, 1);
  MyDigitsEdit edit;
  edit.added = &more;
  edit.want_digits = false;
  const MyDigitsEdited edited = edit_my_digits(folder_, edit);
  EXPECT_EQ(edited.count, 71);
  EXPECT_EQ(edited.digits.count(), 0) << "not asked for";
  EXPECT_FALSE(edited.recovery);
  ASSERT_TRUE(read_image_members(bytes_of(images()), images()));
  const Dataset all = concatenate({&start, &more}, "");
  EXPECT_EQ(hashes_of(read_my_digits(folder_)), hashes_of(all));
}

// A damaged pair is recovered first (kept aside, what reads kept), and the
// new digit goes after what was recovered: nothing the user taught is lost.
TEST_F(MyDigitsEditTest, AddingToADamagedPairRecoversItFirst) {
  save_my_digits(folder_, digits(0, 6));
  write_idx_labels((fs::path(folder_) / kMyDigitsLabelsName).string(), digits(0, 5).labels);
  const Dataset more = digits(100, 1);
  MyDigitsEdit edit;
  edit.added = &more;
  const MyDigitsEdited edited = edit_my_digits(folder_, edit);
  ASSERT_TRUE(edited.recovery);
  EXPECT_EQ(edited.recovery->recovered, 5);
  EXPECT_TRUE(fs::exists(edited.recovery->damaged_folder));
  const Dataset five = digits(0, 5);
  EXPECT_EQ(hashes_of(read_my_digits(folder_)), hashes_of(concatenate({&five, &more}, "")));
}

TEST_F(MyDigitsEditTest, ALabelThatIsNoDigitIsRefusedAndNothingWritten) {
  save_my_digits(folder_, digits(0, 3));
  const std::string before = bytes_of(images());
  Dataset bad = digits(10, 1);
  bad.labels[0] = 10;
  MyDigitsEdit edit;
  edit.added = &bad;
  EXPECT_THROW(edit_my_digits(folder_, edit), Error);
  EXPECT_EQ(bytes_of(images()), before);
}

}  // namespace
}  // namespace digitpad
