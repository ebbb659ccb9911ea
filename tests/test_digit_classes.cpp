// SPDX-License-Identifier: GPL-3.0-or-later
// The digit-model rule and the not-a-digit class: which networks read digits,
// how an eleventh class is named, trained, compared, calibrated and saved.

#include "core/data/dataset.h"
#include "core/io/model_file.h"
#include "core/nn/evaluation.h"
#include "core/nn/model_comparison.h"
#include "core/nn/trainer.h"
#include "core/recognition/digit_classes.h"
#include "core/util/error.h"

#include "network_helpers.h"
#include "temp_folder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

using namespace digitpad;

namespace {

// `count` 28x28 "drawings" of each class in `classes`: a bright block at a
// place of its own per class, plus noise, so that a small network can learn
// every class (the not-a-digit one included) and a test can fail if it does not.
Dataset blocks(int classes, int count, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> noise(0.0f, 0.3f);
  Dataset data;
  data.source = "blocks";
  data.images.resize(kImagePixels, classes * count);
  for (int c = 0; c < classes; ++c) {
    for (int k = 0; k < count; ++k) {
      const Eigen::Index column = c * count + k;
      for (int p = 0; p < kImagePixels; ++p) data.images(p, column) = noise(engine);
      const int top = (c / 4) * 9, left = (c % 4) * 7;
      for (int row = top; row < top + 6; ++row)
        for (int col = left; col < left + 5; ++col) data.images(row * kImageSide + col, column) = 1.0f;
      data.labels.push_back(static_cast<std::uint8_t>(c));
    }
  }
  return data;
}

TrainingSettings quick_adam() {
  TrainingSettings settings = test::adam_settings(0.01f, 32);
  settings.epochs = 5;
  return settings;
}

}  // namespace

TEST(DigitClasses, DigitModelsTakeOneDigitAndTenOrElevenClasses) {
  EXPECT_TRUE(reads_digits(Architecture::mlp(kImagePixels, {8}, 10)));
  EXPECT_TRUE(reads_digits(Architecture::mlp(kImagePixels, {8}, 11)));
  Architecture conv;
  conv.layers = {LayerSpec::conv(4, 5), LayerSpec::max_pool(2)};
  conv.outputs = 11;
  EXPECT_TRUE(reads_digits(conv));
  EXPECT_TRUE(answers_not_a_digit(conv));
  EXPECT_FALSE(answers_not_a_digit(Architecture::mlp(kImagePixels, {8}, 10)));

  const auto wrong_inputs = digit_model_problem(Architecture::mlp(100, {8}, 10));
  ASSERT_TRUE(wrong_inputs);
  EXPECT_EQ(*wrong_inputs,
            "the network maps 100 inputs to 10 classes; digits need 784 (28x28) inputs and 10 "
            "classes, or 11 with not a digit");
  EXPECT_TRUE(digit_model_problem(Architecture::mlp(kImagePixels, {8}, 12)));
  conv.input = Shape{4, 14, 14};  // as many values as a digit, but not its shape
  EXPECT_TRUE(digit_model_problem(conv));
}

TEST(DigitClasses, NamesAndBestDigit) {
  EXPECT_EQ(class_name(0), "0");
  EXPECT_EQ(class_name(9), "9");
  EXPECT_EQ(class_name(kNotADigitLabel), "not-a-digit");
  Eigen::VectorXf p(11);
  p << 0.01f, 0.02f, 0.01f, 0.01f, 0.15f, 0.01f, 0.01f, 0.01f, 0.01f, 0.06f, 0.70f;
  EXPECT_EQ(best_digit(p), 4);  // not-a-digit is the top class, 4 the best digit
  EXPECT_EQ(best_digit(p.head(10)), 4);
}

TEST(DigitClasses, NewNetworksGetTheEleventhClassOnlyFromNonDigitData) {
  TrainTestSplit digits{blocks(10, 3, 1), blocks(10, 2, 2)};
  EXPECT_EQ(fit_classes(digits, nullptr), 10);
  TrainTestSplit mixed{blocks(11, 3, 1), blocks(11, 2, 2)};
  EXPECT_EQ(fit_classes(mixed, nullptr), 11);
  EXPECT_EQ(mixed.train.count(), 33);  // nothing dropped
}

TEST(DigitClasses, FineTuningKeepsTheModelsClasses) {
  const Architecture ten = Architecture::mlp(kImagePixels, {8}, 10);
  TrainTestSplit mixed{blocks(11, 3, 1), blocks(11, 2, 2)};
  EXPECT_EQ(fit_classes(mixed, &ten), 10);
  EXPECT_EQ(mixed.train.count(), 30);  // the three not-a-digit drawings left out
  EXPECT_EQ(mixed.test.count(), 20);
  EXPECT_FALSE(has_not_a_digit(mixed.train.labels));
  EXPECT_FALSE(has_not_a_digit(mixed.test.labels));

  const Architecture eleven = Architecture::mlp(kImagePixels, {8}, 11);
  TrainTestSplit kept{blocks(11, 3, 1), blocks(11, 2, 2)};
  EXPECT_EQ(fit_classes(kept, &eleven), 11);
  EXPECT_EQ(kept.train.count(), 33);
}

TEST(DigitClasses, ANetworkLearnsTheNotADigitClass) {
  TrainTestSplit data{blocks(11, 40, 3), blocks(11, 20, 4)};
  Architecture architecture = Architecture::mlp(kImagePixels, {32}, fit_classes(data, nullptr), Activation::Relu);
  Network network(architecture, 0, 7);
  const TrainingResult result = train(network, data.train, data.test, quick_adam());
  ASSERT_EQ(result.status, TrainingStatus::Finished);
  const EvaluationReport report = evaluate_model(network, data.test);
  ASSERT_EQ(report.confusion.size(), 11u);
  // Every held-out non-digit block is answered as such.
  EXPECT_EQ(report.confusion[kNotADigitLabel][kNotADigitLabel], 20);
  EXPECT_GE(report.accuracy(), 0.99f);
}

TEST(DigitClasses, ModelsAreComparedOnWhatBothCanAnswer) {
  const Dataset mixed = blocks(11, 10, 5);
  const Network ten(Architecture::mlp(kImagePixels, {8}, 10), 0.1f, 1);
  const Network eleven(Architecture::mlp(kImagePixels, {8}, 11), 0.1f, 2);
  EXPECT_EQ(compare_models(ten, eleven, mixed, "mixed").count, 100);
  EXPECT_EQ(compare_models(eleven, ten, mixed, "mixed").count, 100);
  EXPECT_EQ(compare_models(eleven, eleven, mixed, "mixed").count, 110);
  // A ten-class model alone cannot be measured on not-a-digit drawings.
  EXPECT_THROW(evaluate_model(ten, mixed), Error);
}

TEST(DigitClasses, ElevenClassModelsRoundTripThroughModelFiles) {
  Architecture conv;
  conv.layers = {LayerSpec::conv(4, 3), LayerSpec::max_pool(2), LayerSpec::dense(16)};
  conv.outputs = 11;
  conv.activation = Activation::Relu;
  const Network network(conv, 0, 3);
  const test::TempFolder folder("digitpad-eleven-classes");
  const std::string path = folder.file("eleven.dpm");
  save_model(path, network, ModelInfo{});
  const Model loaded = load_model(path);
  EXPECT_TRUE(answers_not_a_digit(loaded.network.architecture()));
  const Dataset data = blocks(11, 2, 9);
  EXPECT_TRUE(loaded.network.probabilities(data.images).isApprox(network.probabilities(data.images)));
}

TEST(Calibration, ExpectedCalibrationErrorByHand) {
  EvaluationReport report;
  // Bin [0.8, 0.867): four answers at 0.85, three right -> |3.4 - 3| = 0.4.
  // Bin [0.933, 1]: two answers at 1.0, both right -> 0.
  // Bin [0.4, 0.467): one answer at 0.45, wrong -> 0.45.
  report.truth = {1, 1, 1, 1, 2, 2, 3};
  report.predicted = {1, 1, 1, 0, 2, 2, 0};
  report.confidence = {0.85f, 0.85f, 0.85f, 0.85f, 1.0f, 1.0f, 0.45f};
  EXPECT_NEAR(report.calibration_error(15), (0.4 + 0.45) / 7.0, 1e-6);
  // A perfectly calibrated report: every 0.5 answer right half of the time.
  report.truth = {0, 0};
  report.predicted = {0, 1};
  report.confidence = {0.5f, 0.5f};
  EXPECT_NEAR(report.calibration_error(15), 0.0, 1e-6);
  EXPECT_EQ(EvaluationReport{}.calibration_error(), 0.0f);
}
