// digitpad-cli make-drawn end to end: the drawn-digit set has the promised
// layout, canvases and counts, is the same for the same seed, and a bad font is
// one clear line.

#include "cli_run.h"

#include "data/dataset.h"
#include "data/idx_file.h"

#include <QImage>
#include <QString>

#include <gtest/gtest.h>

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

  test::ScratchFolder scratch_{"digitpad-make-drawn"};
  const fs::path dir_ = scratch_.path();
};

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

TEST_F(MakeDrawnTest, WritesCanvasesInDigitFoldersReproducibly) {
  const std::string mnist = DIGITPAD_CLI_MNIST_DIR;
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

TEST_F(MakeDrawnTest, AFileThatIsNotAFontIsOneClearLine) {
  const fs::path bogus = dir_ / "bogus.ttf";
  std::ofstream(bogus) << "not a font";
  EXPECT_EQ(run("--out " + (dir_ / "set").string() + " --strokes 0 --font-digits 10 " + bogus.string()), 1);
  EXPECT_EQ(read_text(dir_ / "err.txt").find(bogus.string() + ": not a font Qt can read") != std::string::npos, true)
      << read_text(dir_ / "err.txt");
}

TEST_F(MakeDrawnTest, MissingOutIsAUsageError) {
  EXPECT_EQ(run("--strokes 0 --font-digits 0"), 2);
}

// The canvases go through the atomic writer: a FIFO planted at a canvas's name
// is refused at once (QImage::save used to block on it for ever).
TEST_F(MakeDrawnTest, FifoAtACanvasNameIsRefusedWithoutBlocking) {
  const std::string mnist = DIGITPAD_CLI_MNIST_DIR;
  if (!fs::exists(fs::path(mnist) / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "real MNIST not found in " << mnist;
  const fs::path out = dir_ / "set";
  for (int digit = 0; digit < 10; ++digit) {
    fs::create_directories(out / std::to_string(digit));
    ASSERT_EQ(::mkfifo((out / std::to_string(digit) / "strokes-00000.png").c_str(), 0600), 0);
  }
  const test::CliRun run = test::run_cli(
      dir_, {"make-drawn", "--out", out.string(), "--mnist", mnist, "--strokes", "10", "--seed", "1", "--font-digits", "0"},
      "timeout 60");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("strokes-00000.png: is a FIFO (named pipe), not a regular file"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace digitpad
