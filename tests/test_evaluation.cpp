// SPDX-License-Identifier: GPL-3.0-or-later
// evaluate_model: one pass that must agree with classify, probabilities,
// accuracy and confusion_matrix, digit by digit.

#include "core/data/mnist_folder.h"
#include "core/io/model_file.h"
#include "core/nn/evaluation.h"
#include "core/nn/model_comparison.h"
#include "test_paths.h"
#include "core/util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace digitpad;

namespace {

Dataset random_set(int pixels, int count, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  Dataset data;
  data.images.resize(pixels, count);
  for (Eigen::Index i = 0; i < data.images.size(); ++i) data.images.data()[i] = uniform(engine);
  for (int c = 0; c < count; ++c) data.labels.push_back(static_cast<std::uint8_t>((c * 7) % 10));
  data.source = "random.idx";
  return data;
}

}  // namespace

TEST(Evaluation, AgreesWithClassifyProbabilitiesAccuracyAndConfusion) {
  const Network net(Architecture::mlp(20, {8}, 10, Activation::Tanh), 0.6f, 5);
  const Dataset data = random_set(20, 5000, 11);  // more than two evaluation slices
  const EvaluationReport report = evaluate_model(net, data);

  ASSERT_EQ(report.count(), 5000);
  EXPECT_EQ(report.truth, data.labels);
  EXPECT_EQ(report.predicted, net.classify(data.images));
  const Eigen::MatrixXf p = net.probabilities(data.images);
  // The same digit in a batch of another size may be summed in another order
  // (each thread takes its share of the batch): equal to float rounding.
  for (int c = 0; c < 5000; ++c) EXPECT_NEAR(report.confidence[c], p.col(c).maxCoeff(), 2e-6f) << c;

  EXPECT_EQ(report.confusion, confusion_matrix(net, data.images, data.labels));
  EXPECT_FLOAT_EQ(report.accuracy(), accuracy(net, data.images, data.labels));
  int diagonal = 0;
  for (int d = 0; d < 10; ++d) diagonal += report.confusion[d][d];
  EXPECT_EQ(report.correct, diagonal);
  // A random network on random pixels is neither always right nor always wrong.
  EXPECT_GT(report.correct, 0);
  EXPECT_LT(report.correct, 5000);
}

TEST(Evaluation, CellsPartitionTheSetAndHoldTheRightDigits) {
  const Network net(Architecture::mlp(20, {8}, 10, Activation::Relu), 0.6f, 8);
  const Dataset data = random_set(20, 700, 3);
  const EvaluationReport report = evaluate_model(net, data);

  std::vector<int> seen(700, 0);
  for (int t = 0; t < 10; ++t)
    for (int q = 0; q < 10; ++q) {
      const std::vector<int> cell = report.samples_in_cell(t, q);
      EXPECT_EQ(static_cast<int>(cell.size()), report.confusion[t][q]);
      EXPECT_TRUE(std::is_sorted(cell.begin(), cell.end()));
      for (const int i : cell) {
        EXPECT_EQ(data.labels[i], t);
        EXPECT_EQ(report.predicted[i], q);
        ++seen[i];
      }
    }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 700);
}

TEST(Evaluation, MeanHiddenActivationByHand) {
  // 2 inputs -> 2 ReLU units -> 2 classes, weights set by hand:
  // unit 0 = relu(x0 - x1), unit 1 = relu(-x0 - x1) (always 0 for x >= 0).
  Network net(Architecture::mlp(2, {2}, 2, Activation::Relu), 0.1f, 1);
  net.parameters().setZero();
  net.weights(0) << 1, -1, -1, -1;
  net.weights(1) << 1, 0, -1, 0;  // class 0 when unit 0 fires, else a tie (-> class 0)
  Dataset data;
  data.images.resize(2, 3);
  data.images << 1.0f, 0.0f, 0.5f, 0.0f, 1.0f, 0.25f;
  data.labels = {0, 1, 0};
  data.source = "hand";
  const EvaluationReport report = evaluate_model(net, data);

  ASSERT_EQ(report.mean_abs_hidden_activation.size(), 2);
  EXPECT_FLOAT_EQ(report.mean_abs_hidden_activation[0], (1.0f + 0.0f + 0.25f) / 3.0f);
  EXPECT_FLOAT_EQ(report.mean_abs_hidden_activation[1], 0.0f);
  EXPECT_EQ(report.predicted, (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(report.confusion, (ConfusionMatrix{{2, 0}, {1, 0}}));
  EXPECT_NEAR(report.accuracy(), 2.0f / 3.0f, 1e-6f);
  // Unit 0 at 1: logits (1, -1) -> softmax 1 / (1 + e^-2).
  EXPECT_FLOAT_EQ(report.confidence[0], 1.0f / (1.0f + std::exp(-2.0f)));
  EXPECT_FLOAT_EQ(report.confidence[1], 0.5f);
}

TEST(Evaluation, EmptySetGivesAnEmptyReport) {
  const Network net(Architecture::mlp(784, {16}, 10, Activation::Tanh), 0.1f, 2);
  Dataset empty;
  empty.source = "empty";
  const EvaluationReport report = evaluate_model(net, empty);
  EXPECT_EQ(report.count(), 0);
  EXPECT_EQ(report.accuracy(), 0.0f);
  ASSERT_EQ(report.confusion.size(), 10u);
  EXPECT_EQ(report.confusion[3], std::vector<int>(10, 0));
  EXPECT_EQ(report.mean_abs_hidden_activation.size(), 0);
}

TEST(Evaluation, IncompatibleSetsAreErrorsNamingTheSource) {
  const Network net(Architecture::mlp(20, {8}, 3, Activation::Tanh), 0.1f, 2);
  Dataset wrong_size = random_set(30, 4, 1);
  wrong_size.labels = {0, 1, 2, 0};
  try {
    evaluate_model(net, wrong_size);
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "random.idx: images have 30 pixels but the model expects 20");
  }
  Dataset bad_label = random_set(20, 4, 1);
  bad_label.labels = {0, 1, 5, 0};
  try {
    evaluate_model(net, bad_label);
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "random.idx: label 5 is not one of the model's 3 classes");
  }
}

TEST(Evaluation, ShippedModelOnRealMnistAgreesWithTheOtherFunctions) {
  const std::filesystem::path model_path = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  if (!std::filesystem::exists(std::string(DIGITPAD_MNIST_DIR) + "/t10k-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "real MNIST not found in " << DIGITPAD_MNIST_DIR;
  if (!std::filesystem::exists(model_path)) GTEST_SKIP() << "no shipped model at " << model_path;
  const Model model = load_model(model_path.string());
  const Dataset test = load_mnist_folder(DIGITPAD_MNIST_DIR).train;  // the folder's only pair: t10k
  ASSERT_EQ(test.count(), 10000);

  const EvaluationReport report = evaluate_model(model.network, test);
  EXPECT_EQ(report.confusion, confusion_matrix(model.network, test.images, test.labels));
  EXPECT_FLOAT_EQ(report.accuracy(), accuracy(model.network, test.images, test.labels));
  // The shipped model reads real MNIST well, whatever it was trained on.
  EXPECT_GT(report.accuracy(), 0.85f);
  EXPECT_EQ(report.mean_abs_hidden_activation.size(), model.network.layer(0).output_shape().size());
}

TEST(Evaluation, ClassAccuraciesAreTheDiagonalOverEachRow) {
  const ConfusionMatrix confusion = {{3, 1, 0}, {0, 0, 0}, {2, 2, 4}};
  const std::vector<float> accuracies = class_accuracies(confusion);
  ASSERT_EQ(accuracies.size(), 3u);
  EXPECT_FLOAT_EQ(accuracies[0], 0.75f);
  EXPECT_FLOAT_EQ(accuracies[1], 0.0f);  // no digits of that class
  EXPECT_FLOAT_EQ(accuracies[2], 0.5f);
}

TEST(ModelComparison, MeasuresBothModelsOnTheSameDigitsAndFindsTheClassThatLostMost) {
  const Network before(Architecture::mlp(20, {8}, 10, Activation::Tanh), 0.6f, 5);
  const Network after(Architecture::mlp(20, {8}, 10, Activation::Tanh), 0.6f, 6);
  const Dataset data = random_set(20, 3000, 12);
  const AccuracyChange change = compare_models(before, after, data, "some digits");
  EXPECT_EQ(change.set, "some digits");
  EXPECT_EQ(change.count, 3000);
  EXPECT_FLOAT_EQ(change.before, evaluate_model(before, data).accuracy());
  EXPECT_FLOAT_EQ(change.after, evaluate_model(after, data).accuracy());
  EXPECT_FLOAT_EQ(change.drop_points(), 100.0f * (change.before - change.after));
  ASSERT_EQ(change.class_before.size(), 10u);
  EXPECT_EQ(change.class_before, class_accuracies(evaluate_model(before, data).confusion));
  EXPECT_EQ(change.class_after, class_accuracies(evaluate_model(after, data).confusion));
  int counted = 0;
  for (const int count : change.class_counts) counted += count;
  EXPECT_EQ(counted, 3000);

  // The worst class is the one with the largest fall.
  const int worst = change.worst_class();
  float largest = 0;
  for (int c = 0; c < 10; ++c) largest = std::max(largest, 100.0f * (change.class_before[c] - change.class_after[c]));
  if (largest > 0) {
    ASSERT_GE(worst, 0);
    EXPECT_FLOAT_EQ(change.worst_class_drop_points(), largest);
  } else {
    EXPECT_EQ(worst, -1);
  }

  // A model compared with itself lost nothing.
  const AccuracyChange same = compare_models(before, before, data, "same");
  EXPECT_FLOAT_EQ(same.drop_points(), 0.0f);
  EXPECT_EQ(same.worst_class(), -1);
  EXPECT_FLOAT_EQ(same.worst_class_drop_points(), 0.0f);

  EXPECT_THROW(compare_models(before, after, random_set(21, 10, 1), "wrong size"), Error);
}
