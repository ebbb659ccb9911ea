// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli given input built to mislead it: a valid model whose huge
// weights overflow to NaN, an empty --layers, a drawing of scattered specks
// given to predict --number, and Ctrl+C during one long training iteration.
// Each must end promptly with a clear one-line answer, never a made-up one.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/io/model_file.h"

#include <QImage>
#include <QPainter>

#include "cli_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using test::lines_of;
using test::read_text;

class CliHostileInputTest : public ::testing::Test {
 protected:
  test::CliRun run(const std::vector<std::string>& args, const std::string& prefix = "") const {
    return test::run_cli(dir_, args, prefix);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A digit model every weight of which is 3e38: finite, so it saves and
  // loads, but its outputs overflow to infinity and softmax makes them NaN.
  std::string overflowing_model() const {
    Network network(Architecture::mlp(kImagePixels, {16}, kClassCount, Activation::Relu), 0.1f, 1);
    network.parameters().setConstant(3e38f);
    const std::string model = path("huge.dpm");
    save_model(model, network, ModelInfo{});
    return model;
  }

  // A white image with a black bar: ink that any model reads as something.
  std::string drawing() const {
    QImage image(112, 112, QImage::Format_Grayscale8);
    image.fill(255);
    QPainter painter(&image);
    painter.fillRect(48, 16, 16, 80, Qt::black);
    painter.end();
    const std::string file = path("bar.png");
    EXPECT_TRUE(image.save(QString::fromStdString(file)));
    return file;
  }

  test::TempFolder scratch_{"digitpad-cli-hostile"};
  const fs::path dir_ = scratch_.path();
};

void expect_one_error_line(const test::CliRun& result, const std::string& part) {
  const std::vector<std::string> lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << "stderr: " << result.err;
  EXPECT_EQ(lines[0].rfind("digitpad-cli: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(part), std::string::npos) << lines[0];
}

// predict used to print "0 -nan", predict --number a confidence of 1.0000, and
// eval counted every digit as a 0 and exited 0.
TEST_F(CliHostileInputTest, AModelWhoseOutputsAreNaNIsRefusedByEveryCommand) {
  const std::string model = overflowing_model();
  const std::string image = drawing();
  const std::string expected = model + ": the model's outputs are not finite numbers (NaN)";

  const test::CliRun predict = run({"predict", "--model", model, image});
  EXPECT_EQ(predict.status, 1) << predict.out;
  EXPECT_EQ(predict.out, "");
  expect_one_error_line(predict, expected);

  const test::CliRun number = run({"predict", "--number", "--model", model, image});
  EXPECT_EQ(number.status, 1) << number.out;
  EXPECT_EQ(number.out, "");
  expect_one_error_line(number, expected);

  Dataset data;
  data.images = Eigen::MatrixXf::Constant(kImagePixels, 4, 0.5f);
  data.labels = {1, 2, 3, 4};
  const fs::path folder = dir_ / "set";
  fs::create_directories(folder);
  write_idx_pair((folder / "t10k-images-idx3-ubyte").string(), (folder / "t10k-labels-idx1-ubyte").string(), data);
  const test::CliRun eval = run({"eval", "--model", model, "--data", folder.string()});
  EXPECT_EQ(eval.status, 1) << eval.out;
  expect_one_error_line(eval, expected);
}

// --layers "" (an unset variable, say) used to train softmax regression
// without a word; only "none" means that.
TEST_F(CliHostileInputTest, AnEmptyLayerListIsAUsageError) {
  const test::CliRun run_empty = run({"train", "--layers", "", "--iterations", "1", "--quiet"});
  EXPECT_EQ(run_empty.status, 2) << run_empty.out;
  EXPECT_NE(run_empty.err.find("the layer list is empty: write 'none' for no hidden layer"), std::string::npos)
      << run_empty.err;
}

// 500 scattered specks came back as a 60-digit "number" with no word of
// doubt. Now the answer says it is no number, promptly (measured: well under
// 2 s; the bound here only catches work that grows with the square of the
// specks, not a slow machine).
TEST_F(CliHostileInputTest, ScatteredSpecksAreNotReadAsANumber) {
  QImage image(1200, 600, QImage::Format_Grayscale8);
  image.fill(255);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setBrush(Qt::black);
  std::mt19937 random(3);
  std::uniform_int_distribution<int> x(10, 1190), y(10, 590);
  for (int speck = 0; speck < 500; ++speck) painter.drawEllipse(QPoint(x(random), y(random)), 2, 2);
  painter.end();
  const std::string file = path("specks.png");
  ASSERT_TRUE(image.save(QString::fromStdString(file)));

  const test::CliRun result = run({"predict", "--number", file}, "timeout 60");
  EXPECT_EQ(result.status, 1) << "stdout: " << result.out;
  EXPECT_EQ(result.out, "");
  expect_one_error_line(result, file + ": too many separate marks to be a number");
  EXPECT_LT(result.seconds, 20.0);
}

// Ctrl+C used to be seen only between iterations: during one long full-batch
// iteration (here a 15x15 convolution over 64 maps of 400 digits, a minute or
// more on these machines) it waited for the whole iteration. The trainer now
// looks between layers and between chunks of a convolution. The bound is far
// above what it takes (well under a second) and far below one iteration.
TEST_F(CliHostileInputTest, CtrlCStopsInsideALongIteration) {
  Dataset data;
  data.images = Eigen::MatrixXf::Random(kImagePixels, 420).cwiseAbs();
  data.labels.resize(420);
  for (std::size_t i = 0; i < data.labels.size(); ++i) data.labels[i] = static_cast<std::uint8_t>(i % 10);
  const fs::path folder = dir_ / "set";
  fs::create_directories(folder);
  write_idx_pair((folder / "train-images-idx3-ubyte").string(), (folder / "train-labels-idx1-ubyte").string(), data);

  const std::string err = path("err.txt"), timing = path("seconds.txt");
  const std::string train =
      test::cli_command({"train", "--data", folder.string(), "--train-count", "400", "--test-count", "20", "--layers",
                         "conv64@1,conv64@15", "--batch-size", "0", "--iterations", "3", "--out", path("m.dpm")});
  // Waits for the "training ..." line (the run has begun), lets the first
  // iteration get going, then sends Ctrl+C and times how long the exit takes.
  const std::string script =
      train + " >/dev/null 2>'" + err + "' & pid=$!; " + "for i in $(seq 1200); do grep -q '^training ' '" + err +
      "' && break; sleep 0.05; done; sleep 1; start=$(date +%s.%N); kill -INT $pid; " +
      "wait $pid; status=$?; echo \"$(date +%s.%N) - $start\" | bc > '" + timing + "'; exit $status";
  const std::string script_path = path("interrupt.sh");
  std::ofstream(script_path) << script << "\n";
  const int raw = std::system(("timeout 300 bash '" + script_path + "'").c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 130) << read_text(err);
  const double seconds = std::stod("0" + read_text(timing));
  EXPECT_LT(seconds, 15.0) << "Ctrl+C waited for the iteration to end";
  const std::vector<std::string> lines = lines_of(read_text(err));
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("training cancelled after 0 iterations"), std::string::npos) << lines.back();
  EXPECT_FALSE(fs::exists(path("m.dpm")));
}

}  // namespace
}  // namespace digitpad
