// SPDX-License-Identifier: GPL-3.0-or-later
// Digits named by content (data/my_digit_hash.h), so that a remove from one
// window means the same digit in every other: the name is the
// same before a save and after, differs with the pixels or the label, and a
// remove by name takes one copy per name, wherever the copy sits.

#include "core/data/idx_file.h"
#include "core/data/my_digit_hash.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include <unistd.h>

namespace digitpad {
namespace {

Dataset numbered(int count, int seed = 0) {
  Dataset data;
  data.images.resize(kImagePixels, count);
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < kImagePixels; ++p)
      data.images(p, i) = static_cast<float>(((i + seed) * 31 + p * 7 + (i * p) % 5) % 256) / 255.0f;
    // Two pixels spell the number out, so that no two digits are alike.
    data.images(0, i) = static_cast<float>((i + seed) % 256) / 255.0f;
    data.images(1, i) = static_cast<float>((i + seed) / 256 % 256) / 255.0f;
    data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  }
  return data;
}

TEST(MyDigitHash, IsSixteenHexDigitsAndNamesTheStoredBytes) {
  const Dataset data = numbered(3);
  const std::string hash = my_digit_hash(data.images.col(0), 0);
  EXPECT_TRUE(is_my_digit_hash(hash)) << hash;
  EXPECT_FALSE(is_my_digit_hash(hash.substr(1)));
  EXPECT_FALSE(is_my_digit_hash("0123456789ABCDEF"));
  EXPECT_FALSE(is_my_digit_hash("0123456789abcdeg"));

  // What a canvas gives (floats between the byte steps) and what the IDX file
  // reads back are the same digit.
  Eigen::VectorXf drawn = data.images.col(1);
  drawn.array() += 0.3f / 255.0f;
  const test::TempFolder dir("digitpad-hash");
  Eigen::MatrixXf one = drawn;
  write_idx_images(dir.file("images"), one);
  const Eigen::MatrixXf read_back = read_idx_images(dir.file("images"));
  EXPECT_EQ(my_digit_hash(drawn, 1), my_digit_hash(read_back.col(0), 1));

  // Another label, or one pixel one step darker, is another digit.
  EXPECT_NE(my_digit_hash(data.images.col(1), 1), my_digit_hash(data.images.col(1), 2));
  Eigen::VectorXf darker = data.images.col(1);
  darker(400) = darker(400) > 0.5f ? darker(400) - 1.0f / 255.0f : darker(400) + 1.0f / 255.0f;
  EXPECT_NE(my_digit_hash(data.images.col(1), 1), my_digit_hash(darker, 1));
}

TEST(MyDigitHash, ThousandsOfDigitsHaveThousandsOfNames) {
  const std::vector<std::string> hashes = my_digit_hashes(numbered(5000));
  EXPECT_EQ(std::set<std::string>(hashes.begin(), hashes.end()).size(), 5000u);
}

TEST(MyDigitHash, RemovingByNameTakesOneCopyPerNameWhereverItIs) {
  Dataset data = numbered(5);
  // Digit 2 twice: the user taught the same drawing again.
  Dataset twice = subset(data, {0, 1, 2, 3, 2, 4});
  const std::vector<std::string> names = my_digit_hashes(twice);

  DigitsRemoval removal = remove_digits_named(twice, {names[2], names[4]});
  EXPECT_EQ(removal.removed, 2);
  EXPECT_TRUE(removal.missing.empty());
  EXPECT_EQ(my_digit_hashes(removal.kept), (std::vector<std::string>{names[0], names[1], names[3], names[5]}));

  removal = remove_digits_named(twice, {names[2]});
  EXPECT_EQ(removal.removed, 1);
  EXPECT_EQ(removal.kept.count(), 5);
  EXPECT_EQ(my_digit_hashes(removal.kept),
            (std::vector<std::string>{names[0], names[1], names[3], names[2], names[5]}));

  // Named three times, there twice; and a digit that is not there at all.
  const std::string absent = my_digit_hash(numbered(1, 99).images.col(0), 0);
  removal = remove_digits_named(twice, {names[2], absent, names[2], names[2]});
  EXPECT_EQ(removal.removed, 2);
  EXPECT_EQ(removal.missing, (std::vector<std::string>{names[2], absent}));
  EXPECT_EQ(removal.kept.count(), 4);

  // The set's order is kept, whatever order the names come in.
  removal = remove_digits_named(twice, {names[5], names[0]});
  EXPECT_EQ(my_digit_hashes(removal.kept), (std::vector<std::string>{names[1], names[2], names[3], names[4]}));
}

}  // namespace
}  // namespace digitpad
