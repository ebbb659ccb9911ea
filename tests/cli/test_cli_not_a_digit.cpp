// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli and the not-a-digit class, end to end: a training set holding
// drawings labelled 10 gives a model the eleventh output, predict names it,
// eval counts and calibrates it, a ten-class model fine-tunes without it; and
// `hold-out`, which gives every set-up folder its fixed held-out tenth.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/io/model_file.h"
#include "core/recognition/digit_classes.h"

#include <QColor>
#include <QImage>
#include <QString>

#include "cli_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

// Vertical bars are 1s, horizontal bars 7s, and filled squares are not digits.
Dataset bars_and_blobs(int count, std::uint32_t seed) {
  std::mt19937 random(seed);
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  for (int i = 0; i < count; ++i) {
    const int kind = i % 3;
    const int shift = static_cast<int>(random() % 3) - 1;
    for (int row = 4; row < 24; ++row)
      for (int col = 4; col < 24; ++col) {
        const bool vertical_bar = col >= 12 + shift && col < 16 + shift;
        const bool horizontal_bar = row >= 12 + shift && row < 16 + shift;
        const bool ink = kind == 0   ? vertical_bar
                         : kind == 1 ? horizontal_bar
                                     : (row > 6 && row < 22 && col > 6 && col < 22);
        if (ink) data.images(row * kImageSide + col, i) = 1.0f;
      }
    data.labels.push_back(static_cast<std::uint8_t>(kind == 0 ? 1 : kind == 1 ? 7 : kNotADigitLabel));
  }
  return data;
}

class NotADigitCliTest : public ::testing::Test {
 protected:
  test::CliRun run(const std::vector<std::string>& args) const { return test::run_cli(dir_, args); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write_folder(const std::string& name, const Dataset& data) const {
    const fs::path folder = dir_ / name;
    fs::create_directories(folder);
    write_idx_pair((folder / "train-images-idx3-ubyte").string(), (folder / "train-labels-idx1-ubyte").string(),
                   data);
    return folder.string();
  }

  test::TempFolder scratch_{"digitpad-not-a-digit"};
  const fs::path dir_ = scratch_.path();
};

TEST_F(NotADigitCliTest, ElevenClassModelsAreTrainedPredictedAndEvaluated) {
  const std::string folder = write_folder("mixed", bars_and_blobs(300, 1));
  const std::string model = path("mixed.dpm");
  const test::CliRun trained =
      run({"train", "--data", folder, "--train-count", "240", "--test-count", "60", "--hidden", "32", "--iterations",
           "60", "--init-scale", "0.1", "--quiet", "--json", "--out", model});
  ASSERT_EQ(trained.status, 0) << trained.err;
  EXPECT_TRUE(answers_not_a_digit(load_model(model).network.architecture()));

  QImage blob(100, 100, QImage::Format_RGB32);
  blob.fill(Qt::white);
  for (int y = 20; y < 80; ++y)
    for (int x = 20; x < 80; ++x) blob.setPixelColor(x, y, Qt::black);
  QImage bar(100, 100, QImage::Format_RGB32);
  bar.fill(Qt::white);
  for (int y = 10; y < 90; ++y)
    for (int x = 45; x < 55; ++x) bar.setPixelColor(x, y, Qt::black);
  ASSERT_TRUE(blob.save(QString::fromStdString(path("blob.png"))));
  ASSERT_TRUE(bar.save(QString::fromStdString(path("bar.png"))));

  const test::CliRun read = run({"predict", "--model", model, path("blob.png"), path("bar.png")});
  ASSERT_EQ(read.status, 0) << read.err;
  const std::vector<std::string> lines = test::lines_of(read.out);
  ASSERT_EQ(lines.size(), 2u) << read.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(path("blob.png") + "\tnot-a-digit\t0\\.\\d{4}"))) << lines[0];
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(path("bar.png") + "\t1\t0\\.\\d{4}"))) << lines[1];

  // --top lists the runners-up after the answer, digits among them.
  const test::CliRun top = run({"predict", "--model", model, "--top", "3", path("blob.png")});
  ASSERT_EQ(top.status, 0) << top.err;
  EXPECT_TRUE(
      std::regex_match(top.out, std::regex(".*\tnot-a-digit\t0\\.\\d{4}\t\\d\t0\\.\\d{4}\t\\d\t0\\.\\d{4}\n")))
      << top.out;

  const test::CliRun eval = run({"eval", "--model", model, "--data", folder, "--json"});
  ASSERT_EQ(eval.status, 0) << eval.err;
  // Eleven rows of eleven counts, and a calibration figure between 0 and 1.
  const std::regex row(R"(\[\d+(,\d+){10}\])");
  const std::string confusion = eval.out.substr(eval.out.find("\"confusion\""));
  EXPECT_EQ(std::distance(std::sregex_iterator(confusion.begin(), confusion.end(), row), std::sregex_iterator()), 11);
  std::smatch calibration;
  ASSERT_TRUE(std::regex_search(eval.out, calibration, std::regex("\"calibration\":([0-9.eE+-]+)"))) << eval.out;
  EXPECT_GE(std::stod(calibration[1]), 0.0);
  EXPECT_LT(std::stod(calibration[1]), 0.2);
  const test::CliRun text = run({"eval", "--model", model, "--data", folder});
  EXPECT_NE(text.out.find("10 = not a digit"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("calibration error"), std::string::npos) << text.out;
}

TEST_F(NotADigitCliTest, ATenClassModelFineTunesOnTheDigitsAlone) {
  Dataset digits = bars_and_blobs(300, 2);
  const std::string mixed = write_folder("mixed", digits);
  const std::string only_digits = write_folder("digits", digits_only(digits));
  const std::string base = path("ten.dpm");
  ASSERT_EQ(run({"train", "--data", only_digits, "--train-count", "150", "--test-count", "50", "--hidden", "16",
                 "--iterations", "20", "--quiet", "--out", base})
                .status,
            0);
  ASSERT_FALSE(answers_not_a_digit(load_model(base).network.architecture()));
  const test::CliRun tuned = run({"train", "--init-model", base, "--data", mixed, "--train-count", "200",
                                  "--test-count", "60", "--iterations", "5", "--quiet", "--out", path("tuned.dpm")});
  ASSERT_EQ(tuned.status, 0) << tuned.err;
  EXPECT_EQ(load_model(path("tuned.dpm")).network.architecture().outputs, kClassCount);
}

TEST_F(NotADigitCliTest, HoldOutKeepsAFixedSeededTenthApart) {
  const Dataset all = bars_and_blobs(200, 3);
  const std::string folder = write_folder("all", all);
  const std::string images = folder + "/train-images-idx3-ubyte", labels = folder + "/train-labels-idx1-ubyte";
  const test::CliRun first = run({"hold-out", "--images", images, "--labels", labels, "--out", path("a")});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("180 digits for training, 20 held out"), std::string::npos) << first.out;
  const Dataset train =
      read_idx_pair(path("a") + "/train-images-idx3-ubyte.gz", path("a") + "/train-labels-idx1-ubyte.gz");
  const Dataset test =
      read_idx_pair(path("a") + "/t10k-images-idx3-ubyte.gz", path("a") + "/t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(train.count(), 180);
  EXPECT_EQ(test.count(), 20);
  // Every digit lands on exactly one side: the per-class counts add up.
  std::vector<int> before(kClassCountWithNotADigit), after(kClassCountWithNotADigit);
  for (const std::uint8_t label : all.labels) ++before[label];
  for (const std::uint8_t label : train.labels) ++after[label];
  for (const std::uint8_t label : test.labels) ++after[label];
  EXPECT_EQ(before, after);

  // The same seed holds out the same digits; another seed others.
  ASSERT_EQ(run({"hold-out", "--images", images, "--labels", labels, "--out", path("b")}).status, 0);
  EXPECT_EQ(test::read_text(path("a") + "/t10k-images-idx3-ubyte.gz"),
            test::read_text(path("b") + "/t10k-images-idx3-ubyte.gz"));
  ASSERT_EQ(run({"hold-out", "--images", images, "--labels", labels, "--out", path("c"), "--seed", "5"}).status, 0);
  EXPECT_NE(test::read_text(path("a") + "/t10k-labels-idx1-ubyte.gz"),
            test::read_text(path("c") + "/t10k-labels-idx1-ubyte.gz"));

  // The folder reads as a train pair and a test pair: eval uses the held-out one.
  const test::CliRun missing = run({"hold-out", "--images", path("nope"), "--labels", labels, "--out", path("d")});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find(path("nope")), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(path("d") + "/train-images-idx3-ubyte.gz"));
}

}  // namespace
}  // namespace digitpad
