// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli as an unlucky user or an attacker meets it: outputs
// that are FIFOs, devices or links; outputs that cannot be written, found
// before training; a history write that fails after a finished run; absurd
// epochs; a FIFO given to predict; damaged images whose decoder talks on
// stderr; bytes from files and names in messages; huge networks and initial
// weights. Runs the built tool through the shell, as test_cli.cpp does.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/io/model_file.h"

#include <QImage>

#include "cli_run.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using RunResult = test::CliRun;

using test::lines_of;
using test::read_text;

// Vertical strokes are 1s, horizontal ones 7s (as in test_cli.cpp).
Dataset strokes(int count) {
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  data.labels.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const bool vertical = i % 2 == 0;
    const int across = 12 + i % 3;
    for (int along = 4; along < 24; ++along)
      for (int t = 0; t < 3; ++t)
        data.images((vertical ? along : across + t) * kImageSide + (vertical ? across + t : along), i) = 1.0f;
    data.labels[static_cast<std::size_t>(i)] = vertical ? 1 : 7;
  }
  return data;
}

class CliReliabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = (dir_ / "strokes").string();
    fs::create_directories(data_);
    write_idx_pair(data_ + "/train-images-idx3-ubyte", data_ + "/train-labels-idx1-ubyte", strokes(1100));
  }

  // `prefix` goes before the tool ("timeout 30", a shell with limits).
  RunResult run(const std::vector<std::string>& args, const std::string& prefix = "") const {
    return test::run_cli(dir_, args, prefix);
  }

  // A small, quick run on the strokes, with `extra` flags.
  std::vector<std::string> train_args(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"train", "--data",   data_, "--train-count", "100", "--test-count",
                                     "20",    "--hidden", "8",   "--iterations",  "20",  "--init-scale",
                                     "0.1",   "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string trained_model() const {
    const std::string model = path("model.dpm");
    const RunResult result = run(train_args({"--out", model}));
    EXPECT_EQ(result.status, 0) << result.err;
    return model;
  }

  test::TempFolder scratch_{"digitpad-cli-reliability"};
  const fs::path dir_ = scratch_.path();
  std::string data_;
};

void expect_one_error_line(const RunResult& result, const std::string& part) {
  const std::vector<std::string> lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << "stderr: " << result.err;
  EXPECT_EQ(lines[0].rfind("digitpad-cli: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(part), std::string::npos) << lines[0];
}

// Failure 2: saving replaced whatever was at the path.
TEST_F(CliReliabilityTest, EveryOutputRefusesFifosAndDevicesAndLeavesThemAlone) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0644), 0);
  const bool have_device = ::mknod(path("device").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0;  // needs root
  const std::string model = trained_model();
  const std::string image = path("one.png");
  QImage canvas(60, 60, QImage::Format_Grayscale8);
  canvas.fill(255);
  for (int y = 10; y < 50; ++y)
    for (int x = 27; x < 33; ++x) canvas.setPixel(x, y, qRgb(0, 0, 0));
  ASSERT_TRUE(canvas.save(QString::fromStdString(image)));

  std::vector<std::string> targets = {path("fifo")};
  if (have_device) targets.push_back(path("device"));
  for (const std::string& target : targets) {
    const std::string what = target == path("fifo") ? "is a FIFO" : "is a character device";
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             train_args({"--out", target}),
             train_args({"--history", target}),
             {"eval", "--model", model, "--data", data_, "--confusion", target},
             {"predict", "--model", model, "--dump-input", target, image},
         }) {
      const RunResult result = run(args, "timeout 60");
      EXPECT_EQ(result.status, 1) << args[0] << " " << target << ": " << result.err;
      expect_one_error_line(result, what);
      EXPECT_EQ(result.out, "") << "refused before any work";
    }
  }
  EXPECT_TRUE(fs::is_fifo(path("fifo")));
  if (have_device) {
    EXPECT_TRUE(fs::is_character_file(path("device")));
  }
}

TEST_F(CliReliabilityTest, OutputThroughASymbolicLinkWritesItsTarget) {
  fs::create_directories(dir_ / "models");
  fs::create_symlink("models/real.dpm", dir_ / "link.dpm");
  const RunResult result = run(train_args({"--out", path("link.dpm")}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.dpm"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "models" / "real.dpm"));
  EXPECT_NO_THROW(load_model(path("models/real.dpm")));
}

// Failure 6: an unwritable --out was found only after training (and the
// history, written first, was there while the model was not).
TEST_F(CliReliabilityTest, AnUnwritableOutputFailsBeforeTraining) {
  for (const std::string& out : {std::string("/proc/digitpad-test.dpm"), path("missing/model.dpm")}) {
    const RunResult result = run(train_args({"--out", out, "--history", path("history.csv")}));
    EXPECT_EQ(result.status, 1) << result.err;
    expect_one_error_line(result, out);
    EXPECT_FALSE(fs::exists(path("history.csv"))) << "no training ran, so no history was written";
  }
}

// Failure 6: --history was written before the model, so a failing history
// write lost a finished run. Here the history cannot be written (a file size
// limit the small model fits under and the long history does not).
TEST_F(CliReliabilityTest, AFailingHistoryWriteKeepsTheTrainedModel) {
  const std::string model = path("kept.dpm"), history = path("history.csv");
  const RunResult result = run({"train",     "--data",       data_, "--train-count", "100",   "--test-count",
                                "20",        "--hidden",     "2",   "--iterations",  "1500",  "--eval-interval",
                                "1",         "--init-scale", "0.1", "--quiet",       "--out", model,
                                "--history", history},
                               "sh -c 'trap \"\" XFSZ; ulimit -f 60; exec \"$0\" \"$@\"'");
  EXPECT_EQ(result.status, 1) << result.err;
  expect_one_error_line(result, "the model was saved to " + model);
  EXPECT_NE(result.err.find("File too large"), std::string::npos) << result.err;
  ASSERT_TRUE(fs::exists(model));
  EXPECT_NO_THROW(load_model(model));
  EXPECT_FALSE(fs::exists(history));
}

// Failure 3: the iteration count overflowed, nothing was trained, and an
// untrained model was saved with exit status 0.
TEST_F(CliReliabilityTest, EpochsWhoseIterationsOverflowAreRefused) {
  const std::string model = path("never.dpm");
  // 3,000,000 epochs of 1,000 batches: 3e9 updates, negative as an int.
  const RunResult result = run({"train", "--data", data_, "--train-count", "1000", "--test-count", "20", "--hidden",
                                "8", "--epochs", "3000000", "--batch-size", "1", "--quiet", "--out", model});
  EXPECT_EQ(result.status, 1) << result.err;
  expect_one_error_line(result, "3000000 epochs of 1000 batches are 3000000000 iterations, more than a run may make");
  EXPECT_FALSE(fs::exists(model));
}

// Failure 4: predict waited forever on a FIFO.
TEST_F(CliReliabilityTest, PredictOnAFifoFailsAtOnce) {
  ASSERT_EQ(::mkfifo(path("drawing.png").c_str(), 0644), 0);
  const std::string model = trained_model();
  const RunResult result = run({"predict", "--model", model, path("drawing.png")}, "timeout 30");
  EXPECT_EQ(result.status, 1) << "124 means it hung: " << result.err;
  expect_one_error_line(result, "drawing.png: is a FIFO (named pipe), not a regular file");
  EXPECT_LT(result.seconds, 20);
}

// Failure 7: libpng's and Qt's messages broke the one-line error rule.
TEST_F(CliReliabilityTest, ADamagedImageIsOneLineWithTheDecodersWords) {
  const std::string model = trained_model();
  QImage image(40, 40, QImage::Format_Grayscale8);
  image.fill(255);
  ASSERT_TRUE(image.save(QString::fromStdString(path("good.png"))));
  std::string bytes = read_text(path("good.png"));
  const std::size_t idat = bytes.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  bytes[idat + 8] = static_cast<char>(bytes[idat + 8] ^ 0x55);  // the CRC no longer matches
  std::ofstream(path("damaged.png"), std::ios::binary) << bytes;
  const RunResult result = run({"predict", "--model", model, path("damaged.png")});
  EXPECT_EQ(result.status, 1);
  expect_one_error_line(result, "damaged.png: cannot read the image (");
  EXPECT_NE(result.err.find("libpng error"), std::string::npos) << "the decoder's own words, on the line";
}

// Failure 7: bytes from a file (and names) went raw into messages.
TEST_F(CliReliabilityTest, FileBytesInMessagesAreEscaped) {
  const std::string model = trained_model();
  const std::string evil = path("evil\n\x1b[31mname.png");
  const RunResult missing = run({"predict", "--model", model, evil});
  EXPECT_EQ(missing.status, 1);
  expect_one_error_line(missing, "evil\\n\\x1b[31mname.png: no such file");
  EXPECT_EQ(missing.err.find('\x1b'), std::string::npos);
}

// Failure 7: a 480-million-parameter network was accepted (8 GB with Adam).
TEST_F(CliReliabilityTest, AHugeNetworkIsRefusedUpFrontWithItsSize) {
  const RunResult result = run({"train", "--data", data_, "--hidden", "100000,4000", "--optimizer", "adam"});
  EXPECT_EQ(result.status, 2) << result.err;
  expect_one_error_line(result, "478544010 in all, 1.8 GB of weights and about 8.9 GB to train with Adam");
  EXPECT_LT(result.seconds, 20);
}

// Failure 7: --init-scale 1e300 advised "lower the learning rate" and claimed
// that good weights were kept.
TEST_F(CliReliabilityTest, InitialWeightsTooLargeAreNamedAsTheCause) {
  const RunResult overflow = run(train_args({"--init-scale", "1e300"}));
  EXPECT_EQ(overflow.status, 2) << overflow.err;
  expect_one_error_line(overflow, "--init-scale");
  const RunResult huge = run(train_args({"--init-scale", "3e38", "--out", path("m.dpm")}));
  EXPECT_EQ(huge.status, 1) << huge.err;
  expect_one_error_line(huge, "initial weight scale");
  EXPECT_EQ(huge.err.find("learning rate"), std::string::npos) << huge.err;
  EXPECT_EQ(huge.err.find("were kept"), std::string::npos) << huge.err;
  EXPECT_FALSE(fs::exists(path("m.dpm")));
}

}  // namespace
}  // namespace digitpad

namespace digitpad {
namespace {

// Ctrl+C during training: the run stops at the next iteration, says so in one
// line, keeps the history of what ran, writes no half-trained model in place
// of the one asked for, and exits 130 as shells expect.
TEST_F(CliReliabilityTest, CtrlCStopsTrainingCleanlyWithStatus130) {
  const std::string model = path("model.dpm"), history = path("history.csv"), err = path("err.txt");
  const std::string train =
      test::cli_command({"train", "--data", data_, "--train-count", "100", "--test-count", "20", "--hidden", "8",
                         "--iterations", "100000000", "--init-scale", "0.1", "--out", model, "--history", history});
  // The "training ..." line comes once Ctrl+C is handled; the polling only
  // waits for it (up to 60 s), it does not time the run.
  const std::string script = train + " >/dev/null 2>'" + err + "' & pid=$!; " +
                             "for i in $(seq 1200); do grep -q '^training ' '" + err +
                             "' && break; sleep 0.05; done; kill -INT $pid; wait $pid; exit $?";
  const std::string script_path = path("interrupt.sh");
  std::ofstream(script_path) << script << "\n";
  const int raw = std::system(("bash '" + script_path + "'").c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 130);
  const std::vector<std::string> lines = lines_of(test::read_text(err));
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("training cancelled after"), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find("no model written"), std::string::npos) << lines.back();
  EXPECT_FALSE(fs::exists(model));
  // The header and one row per iteration that ran, as many as the message
  // says: Ctrl+C may land before the first iteration ends on a busy machine,
  // and then the history is the header alone.
  const std::string& last = lines.back();
  const std::size_t after = last.find("after ");
  ASSERT_NE(after, std::string::npos) << last;
  const int ran = std::stoi(last.substr(after + 6));
  EXPECT_EQ(lines_of(test::read_text(history)).size(), static_cast<std::size_t>(ran) + 1) << last;
}

}  // namespace
}  // namespace digitpad
