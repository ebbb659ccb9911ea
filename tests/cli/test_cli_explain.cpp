// SPDX-License-Identifier: GPL-3.0-or-later
// `digitpad-cli predict --explain OUT.png` and `bench --explain`, end to end
// with the shipped model: the picture of why a drawing got its answer.

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QString>

#include "cli_run.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

constexpr int kPictureSide = 280;  // 28 pixels, 10x

class ExplainCliTest : public ::testing::Test {
 protected:
  test::CliRun run(std::vector<std::string> args) const {
    args.insert(args.begin() + 1, {"--model", model_});
    return test::run_cli(dir_, args);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A 7 drawn as on the canvas: a bar across the top and a stroke down to the left.
  std::string seven() const {
    QImage canvas(320, 320, QImage::Format_RGB32);
    canvas.fill(Qt::white);
    QPainter painter(&canvas);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::black, 22, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(QPolygon({QPoint(80, 70), QPoint(240, 70), QPoint(150, 270)}));
    painter.end();
    const std::string file = path("seven.png");
    EXPECT_TRUE(canvas.save(QString::fromStdString(file)));
    return file;
  }

  static void expect_one_error_line(const test::CliRun& result, const std::string& part) {
    const std::vector<std::string> lines = test::lines_of(result.err);
    ASSERT_EQ(lines.size(), 1u) << "stderr: " << result.err;
    EXPECT_EQ(lines[0].rfind("digitpad-cli: ", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find(part), std::string::npos) << lines[0];
  }

  test::TempFolder scratch_{"digitpad-explain"};
  const fs::path dir_ = scratch_.path();
  const std::string model_ = std::string(DIGITPAD_SOURCE_DIR) + "/models/default.dpm";
};

TEST_F(ExplainCliTest, WritesAPngOfTheInputWithRedWhereTheInkMadeTheAnswer) {
  const std::string image = seven();
  const std::string out = path("why.png");
  const test::CliRun result = run({"predict", "--explain", out, image});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.rfind(image + "\t7\t", 0), 0u) << result.out;

  std::ifstream file(out, std::ios::binary);
  char signature[8] = {};
  file.read(signature, sizeof signature);
  EXPECT_EQ(std::string(signature, sizeof signature), std::string("\x89PNG\r\n\x1a\n", 8));
  QImage picture;
  ASSERT_TRUE(picture.load(QString::fromStdString(out), "PNG"));
  EXPECT_EQ(picture.size(), QSize(kPictureSide, kPictureSide));

  // The 7's ink shows through red (the answer's reasons); the corners, far
  // from the ink, stay the input's black.
  int red = 0;
  for (int y = 0; y < kPictureSide; ++y)
    for (int x = 0; x < kPictureSide; ++x) {
      const QColor pixel = picture.pixelColor(x, y);
      if (pixel.red() > pixel.green() + 60 && pixel.red() > pixel.blue() + 60) ++red;
    }
  EXPECT_GT(red, kPictureSide * kPictureSide / 20);
  EXPECT_EQ(picture.pixelColor(0, 0), QColor(Qt::black));
  EXPECT_EQ(picture.pixelColor(kPictureSide - 1, kPictureSide - 1), QColor(Qt::black));

  // Written in one step: nothing but the picture joins the input.
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "seven.png" || name == "why.png" || name == "stdout.txt" || name == "stderr.txt") << name;
  }
}

TEST_F(ExplainCliTest, AnUnwritablePathIsOneLineAndExitOneBeforeAnyWork) {
  const std::string image = seven();
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0644), 0);
  for (const std::string& out : {path("no/such/folder/why.png"), dir_.string(), path("fifo")}) {
    const test::CliRun result = run({"predict", "--explain", out, image});
    EXPECT_EQ(result.status, 1) << out << ": " << result.err;
    expect_one_error_line(result, out);
    EXPECT_EQ(result.out, "") << "refused before predicting";
  }
  EXPECT_TRUE(fs::is_fifo(path("fifo"))) << "left alone";
}

TEST_F(ExplainCliTest, ABlankImageHasNothingToExplain) {
  QImage blank(100, 100, QImage::Format_RGB32);
  blank.fill(Qt::white);
  ASSERT_TRUE(blank.save(QString::fromStdString(path("blank.png"))));
  const test::CliRun result = run({"predict", "--explain", path("why.png"), path("blank.png")});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, path("blank.png") + "\tblank\t0\n");
  expect_one_error_line(result, "nothing to explain");
  EXPECT_FALSE(fs::exists(path("why.png")));
}

TEST_F(ExplainCliTest, TakesExactlyOneImage) {
  const std::string image = seven();
  const test::CliRun result = run({"predict", "--explain", path("why.png"), image, image});
  EXPECT_EQ(result.status, 2);
  expect_one_error_line(result, "--explain works with exactly one image");
  EXPECT_FALSE(fs::exists(path("why.png")));
}

// The time itself is a benchmark's business (README); here only that the mode runs.
TEST_F(ExplainCliTest, BenchTimesTheHeatMap) {
  const test::CliRun result = run({"bench", "--explain", seven(), "--repeats", "3", "--warmup", "1", "--json"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(std::regex_search(result.out, std::regex("\"ms_per_heat_map_median\":[0-9]"))) << result.out;
}

}  // namespace
}  // namespace digitpad
