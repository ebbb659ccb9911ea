// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli predict --number end to end: a PNG of a 3-digit number made of
// real handwritten digits (the committed fixture, so every machine runs it),
// read through the shell as a user would.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/io/model_file.h"

#include <QImage>
#include <QString>

#include "cli_run.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using test::lines_of;
using test::read_text;

using RunResult = test::CliRun;

class PredictNumberTest : public ::testing::Test {
 protected:
  RunResult run(const std::vector<std::string>& args) const { return test::run_cli(dir_, args); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  test::TempFolder scratch_{"digitpad-predict-number"};
  const fs::path dir_ = scratch_.path();
};

// For each wanted class, the first fixture digit the shipped model reads right
// on its own: this test is about splitting a number, not about hard digits.
std::vector<int> readable_digits(const Dataset& digits, const Network& network, const std::vector<int>& classes) {
  std::vector<int> chosen;
  for (int wanted : classes) {
    for (int i = 0; i < digits.count(); ++i) {
      if (digits.labels[static_cast<std::size_t>(i)] != wanted) continue;
      Eigen::Index best = 0;
      network.probabilities(digits.images.col(i)).col(0).maxCoeff(&best);
      if (best != wanted) continue;
      chosen.push_back(i);
      break;
    }
  }
  return chosen;
}

// The digits side by side, each twice its 28-px size, dark on white, as on the
// canvas; the empty edges of their 28-px frames keep the ink apart.
QImage number_image(const Dataset& digits, const std::vector<int>& indices) {
  constexpr int kScale = 2, kStep = kImageSide * kScale, kMargin = 20;
  QImage image(2 * kMargin + kStep * static_cast<int>(indices.size()), kImageSide * kScale + 2 * kMargin,
               QImage::Format_Grayscale8);
  image.fill(255);
  for (std::size_t d = 0; d < indices.size(); ++d)
    for (int y = 0; y < kImageSide * kScale; ++y)
      for (int x = 0; x < kImageSide * kScale; ++x) {
        const float ink = digits.images((y / kScale) * kImageSide + x / kScale, indices[d]);
        uchar& pixel = image.scanLine(kMargin + y)[kMargin + static_cast<int>(d) * kStep + x];
        pixel = std::min(pixel, static_cast<uchar>(255 - std::lround(ink * 255.0f)));
      }
  return image;
}

TEST_F(PredictNumberTest, ReadsANumberOfRealDigitsAndReportsABlankImage) {
  const fs::path data = fs::path(DIGITPAD_SOURCE_DIR) / "tests" / "data";
  const Dataset digits = read_idx_pair((data / "opencv-digits-500-images-idx3-ubyte.gz").string(),
                                       (data / "opencv-digits-500-labels-idx1-ubyte.gz").string());
  const Model model = load_model((fs::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm").string());
  const std::vector<int> chosen = readable_digits(digits, model.network, {4, 0, 7});
  ASSERT_EQ(chosen.size(), 3u);

  const std::string number = path("number 407.png"), blank = path("blank.png");
  ASSERT_TRUE(number_image(digits, chosen).save(QString::fromStdString(number)));
  QImage white(120, 60, QImage::Format_Grayscale8);
  white.fill(255);
  ASSERT_TRUE(white.save(QString::fromStdString(blank)));

  const RunResult read = run({"predict", "--number", number});
  ASSERT_EQ(read.status, 0) << read.err;
  EXPECT_TRUE(std::regex_match(read.out, std::regex(number + "\t407\t[01]\\.\\d{4}\n"))) << read.out;

  // A blank image is one line on stderr naming it; the other images are still read.
  const RunResult with_blank = run({"predict", "--number", blank, number});
  EXPECT_EQ(with_blank.status, 1);
  const std::vector<std::string> errors = lines_of(with_blank.err);
  ASSERT_EQ(errors.size(), 1u) << with_blank.err;
  EXPECT_EQ(errors[0], "digitpad-cli: " + blank + ": no ink, so no number to read");
  EXPECT_EQ(with_blank.out, read.out);

  const RunResult with_top = run({"predict", "--number", "--top", "2", number});
  EXPECT_EQ(with_top.status, 2);
  EXPECT_EQ(lines_of(with_top.err).size(), 1u) << with_top.err;
}

}  // namespace
}  // namespace digitpad
