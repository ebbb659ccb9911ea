// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli make-drawn end to end: the drawn-digit set has the promised
// layout, canvases and counts, is the same for the same seed, and a bad font is
// one clear line; style digits and non-digits land in their folders with their
// labels and index rows, and --pen-range wide widens the pens.

#include "cli_run.h"
#include "test_paths.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"

#include <QImage>
#include <QString>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using test::read_text;

class MakeDrawnTest : public ::testing::Test {
 protected:
  // Exit status of the tool with `args`; stderr goes to dir_/err.txt.
  int run(const std::string& args) {
    const std::string command = std::string(DIGITPAD_CLI_PATH) + " make-drawn " + args + " >" +
                                (dir_ / "out.txt").string() + " 2>" + (dir_ / "err.txt").string();
    const int raw = std::system(command.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }

  test::TempFolder scratch_{"digitpad-make-drawn"};
  const fs::path dir_ = scratch_.path();
};

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

TEST_F(MakeDrawnTest, WritesCanvasesInDigitFoldersReproducibly) {
  const std::string mnist = DIGITPAD_MNIST_DIR;
  if (!fs::exists(fs::path(mnist) / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "real MNIST not found in " << mnist;
  const bool with_font = fs::exists(kFont);
  const std::string fonts = with_font ? std::string(" --font-digits 20 ") + kFont : " --font-digits 0";
  const int font_count = with_font ? 20 : 0;

  for (const char* name : {"a", "b"})
    ASSERT_EQ(run("--out " + (dir_ / name).string() + " --mnist " + mnist + " --strokes 30 --seed 7" + fonts), 0)
        << read_text(dir_ / "err.txt");

  const fs::path set = dir_ / "a";
  int pngs = 0;
  for (int digit = 0; digit < kClassCount; ++digit) {
    for (const auto& entry : fs::directory_iterator(set / std::to_string(digit))) {
      ++pngs;
      const QImage image(QString::fromStdString(entry.path().string()));
      ASSERT_FALSE(image.isNull()) << entry.path();
      EXPECT_EQ(image.width(), image.height());
      EXPECT_GE(image.width(), 200);
      EXPECT_LE(image.width(), 800);
      EXPECT_EQ(image.pixel(0, 0), 0xffffffffu) << "white background, no ink at the border: " << entry.path();
      // Same seed, same drawing, byte for byte.
      EXPECT_EQ(read_text(entry.path()), read_text(dir_ / "b" / std::to_string(digit) / entry.path().filename()));
    }
  }
  EXPECT_EQ(pngs, 30 + font_count);
  EXPECT_EQ(read_text(set / "index.csv"), read_text(dir_ / "b" / "index.csv"));

  const Dataset shared = read_idx_pair((set / "idx/shared-strokes/t10k-images-idx3-ubyte").string(),
                                       (set / "idx/shared-strokes/t10k-labels-idx1-ubyte").string());
  ASSERT_EQ(shared.count(), 30);
  for (int digit = 0; digit < kClassCount; ++digit)
    EXPECT_EQ(std::count(shared.labels.begin(), shared.labels.end(), digit), 3);
  // Preprocessed inputs are centred digits, wherever they were drawn: the
  // outer 2-pixel frame holds little of the ink (centring by centre of mass
  // may push a lopsided digit's edge into it, as in MNIST).
  for (int i = 0; i < shared.count(); ++i) {
    float frame = 0;
    for (int row = 0; row < kImageSide; ++row)
      for (int col = 0; col < kImageSide; ++col)
        if (row < 2 || row >= 26 || col < 2 || col >= 26) frame += shared.images(row * kImageSide + col, i);
    EXPECT_LT(frame, 0.1f * shared.images.col(i).sum()) << "digit " << i;
  }
  // Shrinking the whole canvas instead leaves most digits far smaller.
  const Dataset plain = read_idx_pair((set / "idx/plain-strokes/t10k-images-idx3-ubyte").string(),
                                      (set / "idx/plain-strokes/t10k-labels-idx1-ubyte").string());
  EXPECT_LT(plain.images.sum(), 0.8f * shared.images.sum());
}

// index.csv as rows of columns, the header dropped.
std::vector<std::vector<std::string>> index_rows(const fs::path& set) {
  std::istringstream lines(read_text(set / "index.csv"));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> columns;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) columns.push_back(field);
    rows.push_back(columns);
  }
  return rows;
}

// Whether the canvas holds ink, none of it on its outermost pixels.
bool ink_inside(const QImage& image) {
  bool ink = false;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      if (qGray(image.pixel(x, y)) == 255) continue;
      if (x == 0 || y == 0 || x == image.width() - 1 || y == image.height() - 1) return false;
      ink = true;
    }
  return ink;
}

TEST_F(MakeDrawnTest, StyleDigitsAndNonDigitsHaveTheirFoldersLabelsAndRows) {
  const bool with_font = fs::exists(kFont);
  const std::string fonts = with_font ? std::string(" ") + kFont : "";
  for (const char* name : {"a", "b"})
    ASSERT_EQ(run("--out " + (dir_ / name).string() +
                  " --strokes 0 --font-digits 0 --styles 24 --non-digits 40 "
                  "--seed 3" +
                  fonts),
              0)
        << read_text(dir_ / "err.txt");
  const fs::path set = dir_ / "a";
  EXPECT_EQ(read_text(set / "index.csv"), read_text(dir_ / "b" / "index.csv"));

  const std::vector<std::string> styles = {"flag-1",   "flag-foot-1", "plain-1",    "crossed-7",
                                           "closed-4", "flat-3",      "straight-9", "loop-2"};
  int style_rows = 0, non_digit_rows = 0;
  std::vector<std::string> origins;
  for (const std::vector<std::string>& row : index_rows(set)) {
    ASSERT_EQ(row.size(), 7u);
    const fs::path file = set / row[0];
    if (row[2] == "styles") {
      ++style_rows;
      const auto style = std::find(styles.begin(), styles.end(), row[3]);
      ASSERT_NE(style, styles.end()) << row[3];
      // The style's name ends in its digit, which is its label and its folder.
      EXPECT_EQ(row[1], row[3].substr(row[3].size() - 1)) << row[0];
      EXPECT_EQ(fs::path(row[0]).parent_path().string(), row[1]) << row[0];
    } else {
      ASSERT_EQ(row[2], "non-digits") << row[0];
      ++non_digit_rows;
      EXPECT_EQ(row[1], "10") << row[0];
      EXPECT_EQ(fs::path(row[0]).parent_path().string(), "not-a-digit") << row[0];
    }
    origins.push_back(row[3]);
    const QImage image(QString::fromStdString(file.string()));
    ASSERT_FALSE(image.isNull()) << file;
    EXPECT_TRUE(ink_inside(image)) << "ink, and none at the border: " << file;
    EXPECT_EQ(read_text(file), read_text(dir_ / "b" / row[0])) << "same seed, same drawing: " << row[0];
  }
  EXPECT_EQ(style_rows, 24);
  EXPECT_EQ(non_digit_rows, 40);
  for (const std::string& style : styles)  // 24 round-robin over 8 styles: 3 each
    EXPECT_EQ(std::count(origins.begin(), origins.end(), style), 3) << style;
  if (with_font) {
    EXPECT_TRUE(
        std::any_of(origins.begin(), origins.end(), [](const std::string& o) { return o.rfind("letter-", 0) == 0; }));
  }

  const Dataset non_digits = read_idx_pair((set / "idx/shared-non-digits/t10k-images-idx3-ubyte").string(),
                                           (set / "idx/shared-non-digits/t10k-labels-idx1-ubyte").string());
  ASSERT_EQ(non_digits.count(), 40);
  EXPECT_EQ(std::count(non_digits.labels.begin(), non_digits.labels.end(), kNotADigitLabel), 40);
  const Dataset style_digits = read_idx_pair((set / "idx/shared-styles/t10k-images-idx3-ubyte").string(),
                                             (set / "idx/shared-styles/t10k-labels-idx1-ubyte").string());
  ASSERT_EQ(style_digits.count(), 24);
  EXPECT_EQ(std::count(style_digits.labels.begin(), style_digits.labels.end(), 1), 9);  // three styles of 1
}

TEST_F(MakeDrawnTest, WidePenRangeAddsHairlinesAndBoldPens) {
  const auto pens_of = [&](const std::string& range) {
    const fs::path set = dir_ / range;
    EXPECT_EQ(run("--out " + set.string() + " --strokes 0 --font-digits 0 --styles 200 --pen-range " + range), 0)
        << read_text(dir_ / "err.txt");
    int hairlines = 0, bold = 0;
    for (const std::vector<std::string>& row : index_rows(set)) {
      const double ink_height = std::stod(row[4]) * std::stod(row[5]), pen = std::stod(row[6]);
      hairlines += pen < 2.0;
      bold += pen > ink_height / 8.0 + 0.5 && pen > 2.5;
    }
    return std::pair{hairlines, bold};
  };
  const auto [canvas_hairlines, canvas_bold] = pens_of("canvas");
  EXPECT_EQ(canvas_hairlines, 0);
  EXPECT_EQ(canvas_bold, 0);
  const auto [wide_hairlines, wide_bold] = pens_of("wide");
  EXPECT_GT(wide_hairlines, 20);  // a fifth of 200 expected
  EXPECT_GT(wide_bold, 20);
}

TEST_F(MakeDrawnTest, AFileThatIsNotAFontIsOneClearLine) {
  const fs::path bogus = dir_ / "bogus.ttf";
  std::ofstream(bogus) << "not a font";
  EXPECT_EQ(run("--out " + (dir_ / "set").string() + " --strokes 0 --font-digits 10 " + bogus.string()), 1);
  EXPECT_EQ(read_text(dir_ / "err.txt").find(bogus.string() + ": not a font Qt can read") != std::string::npos, true)
      << read_text(dir_ / "err.txt");
}

TEST_F(MakeDrawnTest, MissingOutIsAUsageError) { EXPECT_EQ(run("--strokes 0 --font-digits 0"), 2); }

// The canvases go through the atomic writer: a FIFO planted at a canvas's name
// is refused at once (QImage::save used to block on it for ever).
TEST_F(MakeDrawnTest, FifoAtACanvasNameIsRefusedWithoutBlocking) {
  const std::string mnist = DIGITPAD_MNIST_DIR;
  if (!fs::exists(fs::path(mnist) / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "real MNIST not found in " << mnist;
  const fs::path out = dir_ / "set";
  for (int digit = 0; digit < 10; ++digit) {
    fs::create_directories(out / std::to_string(digit));
    ASSERT_EQ(::mkfifo((out / std::to_string(digit) / "strokes-00000.png").c_str(), 0600), 0);
  }
  const test::CliRun run = test::run_cli(
      dir_,
      {"make-drawn", "--out", out.string(), "--mnist", mnist, "--strokes", "10", "--seed", "1", "--font-digits", "0"},
      "timeout 60");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("strokes-00000.png: is a FIFO (named pipe), not a regular file"), std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace digitpad
