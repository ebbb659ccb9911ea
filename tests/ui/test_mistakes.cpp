// SPDX-License-Identifier: GPL-3.0-or-later
// The Mistakes window: the heat map holds the model's confusion counts, a
// click on a cell fills the gallery with exactly that cell's digits, the
// hidden-unit images follow the weights' signs, and the window is reached
// from the Model menu and from the training panel after a run. One Qt Test
// class for the window, its cases sharing the evaluated model below.

#include "qt_test_main.h"
#include "ui/inspect/confusion_view.h"
#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/training_data.h"
#include "ui/inspect/digit_gallery.h"
#include "ui/inspect/digit_why_panel.h"
#include "ui/pad/input_preview.h"
#include "ui/inspect/hidden_units_view.h"
#include "answering_window.h"
#include "ui/shell/main_window.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/shell/model_session.h"
#include "core/nn/evaluation.h"
#include "core/nn/trainer.h"
#include "ui/headless/download/mnist_download.h"
#include "fixture_digits.h"
#include "test_paths.h"
#include "ui/training/training_panel.h"

#include <qcustomplot.h>

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace digitpad;

namespace {

constexpr int kTrainDigits = 300;
constexpr int kTestDigits = 200;

// See fixture_digits.h.
Dataset fixtureDigits() { return digitpad::fixtureDigits(kTrainDigits + kTestDigits); }

Dataset range(const Dataset& data, int first, int count) {
  std::vector<int> indices(count);
  for (int i = 0; i < count; ++i) indices[static_cast<std::size_t>(i)] = first + i;
  Dataset part = subset(data, indices);
  part.source = data.source;
  return part;
}

std::shared_ptr<const Model> trainedModel(const Dataset& train_set, int hidden, int iterations) {
  Architecture architecture;
  architecture.layers = dense_layers({hidden});
  architecture.activation = Activation::Tanh;
  Network network(architecture, 0.0f, 3);
  TrainingSettings settings;
  settings.optimizer.kind = OptimizerKind::GradientDescent;
  settings.optimizer.learning_rate = 0.5f;
  settings.iterations = iterations;
  settings.eval_interval = 0;
  train(network, train_set, Dataset{}, settings);
  ModelInfo info;
  info.name = "small";
  return std::make_shared<const Model>(Model{std::move(network), info});
}

void waitForEvaluation(MistakesWindow& window, QSignalSpy& finished, int count = 1) {
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= count, 60000);
  QVERIFY(!window.isEvaluating());
}

}  // namespace

class TestMistakes : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void heatMapHoldsTheConfusionCounts();
  void clickingACellShowsExactlyItsDigits();
  void diagonalCellShowsTheLeastConfidentFirst();
  void clickingADigitShowsWhyItGotItsAnswer();
  void badFilesAreReportedAndKeepTheLastReport();
  void aNewModelIsEvaluatedOnTheSameDigits();
  void hiddenUnitsFollowTheWeightsSigns();
  void hiddenUnitsPageAndOrderByActivity();
  void modelMenuOpensTheWindow();
  void trainingPanelButtonShowsTheRunsTestSet();
  void downloadedMnistIsOfferedOnceComplete();

 private:
  // The window on the small model, evaluated on the test digits: the set-up
  // of the cases that click through its matrix and gallery.
  void evaluateTestSet(MistakesWindow& window);

  QTemporaryDir dir_;
  QTemporaryDir empty_cache_;
  Dataset train_set_, test_set_;
  QString train_images_, train_labels_, test_images_, test_labels_;
  std::shared_ptr<const Model> model_;
};

void TestMistakes::initTestCase() {
  QVERIFY(dir_.isValid());
  QVERIFY(empty_cache_.isValid());
  // No default digits here, whatever the machine has set up.
  qputenv("XDG_CACHE_HOME", empty_cache_.path().toUtf8());
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(empty_cache_.path() + QStringLiteral("/runs")).toUtf8());
  const Dataset all = fixtureDigits();
  train_set_ = range(all, 0, kTrainDigits);
  test_set_ = range(all, kTrainDigits, kTestDigits);
  train_images_ = dir_.filePath(QStringLiteral("train-images-idx3-ubyte"));
  train_labels_ = dir_.filePath(QStringLiteral("train-labels-idx1-ubyte"));
  test_images_ = dir_.filePath(QStringLiteral("test-images-idx3-ubyte"));
  test_labels_ = dir_.filePath(QStringLiteral("test-labels-idx1-ubyte"));
  write_idx_pair(train_images_.toStdString(), train_labels_.toStdString(), train_set_);
  write_idx_pair(test_images_.toStdString(), test_labels_.toStdString(), test_set_);
  // IDX stores bytes: compare against the digits as they come back from disk.
  test_set_ = read_idx_pair(test_images_.toStdString(), test_labels_.toStdString());

  // A short run: right on most digits, wrong on some.
  model_ = trainedModel(train_set_, 16, 40);
  const float accuracy = digitpad::accuracy(model_->network, test_set_.images, test_set_.labels);
  QVERIFY2(accuracy > 0.5f && accuracy < 1.0f, qPrintable(QString::number(accuracy)));
}

void TestMistakes::evaluateTestSet(MistakesWindow& window) {
  window.setModel(model_, QStringLiteral("small"));
  QSignalSpy finished(&window, &MistakesWindow::evaluationFinished);
  window.evaluateDataset(std::make_shared<const Dataset>(test_set_));
  waitForEvaluation(window, finished);
}

void TestMistakes::heatMapHoldsTheConfusionCounts() {
  MistakesWindow window;
  window.setModel(model_, QStringLiteral("small"));
  QSignalSpy finished(&window, &MistakesWindow::evaluationFinished);
  window.evaluateIdxFiles(test_images_, test_labels_);
  QVERIFY(window.isEvaluating());  // off the GUI thread
  waitForEvaluation(window, finished);
  QCOMPARE(finished.first().first().toBool(), true);
  QCOMPARE(window.source(), MistakesWindow::Source::IdxFiles);

  const ConfusionMatrix expected = confusion_matrix(model_->network, test_set_.images, test_set_.labels);
  QVERIFY(window.report() != nullptr);
  QCOMPARE(window.report()->confusion, expected);
  ConfusionView* view = window.confusionView();
  QCOMPARE(view->confusion(), expected);

  QCPColorMapData* data = view->colorMap()->data();
  QCOMPARE(data->keySize(), 10);
  QCOMPARE(data->valueSize(), 10);
  int total = 0, correct = 0;
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p) {
      const int count = expected[t][p];
      total += count;
      correct += t == p ? count : 0;
      // Key = predicted column, value = true row.
      const double cell = data->cell(p, t);
      if (count == 0) {
        QVERIFY2(std::isnan(cell), qPrintable(QStringLiteral("cell %1,%2").arg(t).arg(p)));
        QCOMPARE(view->cellText(t, p), QString());
      } else {
        QCOMPARE(cell, static_cast<double>(count));
        QCOMPARE(view->cellText(t, p), QString::number(count));
      }
    }
  QCOMPARE(total, kTestDigits);
  const QString accuracy = QLocale().toString(100.0 * correct / kTestDigits, 'f', 2);
  QVERIFY2(view->title().contains(accuracy + QStringLiteral(" %")), qPrintable(view->title()));
  QVERIFY(window.statusText().contains(QStringLiteral("small")));
}

void TestMistakes::clickingACellShowsExactlyItsDigits() {
  MistakesWindow window;
  evaluateTestSet(window);
  if (QTest::currentTestFailed()) return;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  ConfusionView* view = window.confusionView();
  view->plot()->replot();

  // The largest mistake, found independently of the window.
  const std::vector<int> predicted = model_->network.classify(test_set_.images);
  const ConfusionMatrix counts = confusion_matrix(model_->network, test_set_.images, test_set_.labels);
  int truth = -1, guess = -1;
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p)
      if (t != p && (truth < 0 || counts[t][p] > counts[truth][guess])) truth = t, guess = p;
  QVERIFY(counts[truth][guess] > 0);
  // The window starts on the most common mistake.
  QCOMPARE(view->selectedTrue(), truth);
  QCOMPARE(view->selectedPredicted(), guess);

  // Now click another non-empty mistake cell (or the same if it is the only one).
  int click_true = truth, click_predicted = guess;
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p)
      if (t != p && counts[t][p] > 0 && (t != truth || p != guess)) click_true = t, click_predicted = p;
  QSignalSpy clicked(view, &ConfusionView::cellClicked);
  QTest::mouseClick(view->plot(), Qt::LeftButton, Qt::NoModifier,
                    view->cellCenter(click_true, click_predicted).toPoint());
  QCOMPARE(clicked.count(), 1);
  QCOMPARE(clicked.first().at(0).toInt(), click_true);
  QCOMPARE(clicked.first().at(1).toInt(), click_predicted);

  std::vector<int> expected;
  for (int i = 0; i < kTestDigits; ++i)
    if (test_set_.labels[i] == click_true && predicted[i] == click_predicted) expected.push_back(i);
  std::vector<int> shown = window.gallery()->shownIndices();
  QCOMPARE(static_cast<int>(shown.size()), counts[click_true][click_predicted]);
  std::sort(shown.begin(), shown.end());
  QCOMPARE(shown, expected);

  // Every thumbnail: its digit's pixels, and its labels in the caption.
  QListWidget* list = window.gallery()->list();
  QCOMPARE(list->count(), static_cast<int>(expected.size()));
  for (int row = 0; row < list->count(); ++row) {
    const int index = list->item(row)->data(Qt::UserRole).toInt();
    QVERIFY(list->item(row)->text().startsWith(
        QStringLiteral("predicted %1 / true %2\n").arg(click_predicted).arg(click_true)));
    const QImage image = DigitGallery::digitImage(test_set_.images.col(index));
    QCOMPARE(image.size(), QSize(28, 28));
    for (int p = 0; p < kImagePixels; p += 37)
      QCOMPARE(qGray(image.pixel(p % 28, p / 28)),
               static_cast<int>(255.0f - 255.0f * test_set_.images(p, index) + 0.5f));
  }
  // Mistakes: the most confident first.
  const EvaluationReport& report = *window.report();
  for (std::size_t i = 1; i < window.gallery()->shownIndices().size(); ++i)
    QVERIFY(report.confidence[window.gallery()->shownIndices()[i - 1]] >=
            report.confidence[window.gallery()->shownIndices()[i]]);

  // A click outside the matrix changes nothing.
  QTest::mouseClick(view->plot(), Qt::LeftButton, Qt::NoModifier, QPoint(2, 2));
  QCOMPARE(clicked.count(), 1);
}

void TestMistakes::diagonalCellShowsTheLeastConfidentFirst() {
  MistakesWindow window;
  evaluateTestSet(window);
  if (QTest::currentTestFailed()) return;
  const EvaluationReport& report = *window.report();
  int digit = 0;
  for (int d = 0; d < 10; ++d)
    if (report.confusion[d][d] > report.confusion[digit][digit]) digit = d;
  window.confusionView()->selectCell(digit, digit);
  const std::vector<int> shown = window.gallery()->shownIndices();
  QCOMPARE(static_cast<int>(shown.size()), report.confusion[digit][digit]);
  for (std::size_t i = 1; i < shown.size(); ++i)
    QVERIFY(report.confidence[shown[i - 1]] <= report.confidence[shown[i]]);
  QVERIFY(window.gallery()->heading().contains(QStringLiteral("read right")));
}

void TestMistakes::clickingADigitShowsWhyItGotItsAnswer() {
  MistakesWindow window;
  evaluateTestSet(window);
  if (QTest::currentTestFailed()) return;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  InputPreview* view = window.whyPanel()->view();
  QVERIFY(!view->showsHeatMap());

  // The window opens on its most common mistake: click its first digit.
  QListWidget* list = window.gallery()->list();
  QVERIFY(list->count() > 0);
  list->scrollToItem(list->item(0));
  QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, list->visualItemRect(list->item(0)).center());
  const int index = list->item(0)->data(Qt::UserRole).toInt();
  QVERIFY(view->showsHeatMap());
  QVERIFY(view->input() && *view->input() == Eigen::VectorXf(test_set_.images.col(index)));
  const EvaluationReport& report = *window.report();
  QCOMPARE(view->heatMap().answer, report.predicted[index]);
  QVERIFY(view->heatMap().strongest() > 0.0f);
  QCOMPARE(window.whyPanel()->title(),
           QStringLiteral("Why %1 (true %2)?").arg(report.predicted[index]).arg(report.truth[index]));

  // Another cell, other digits: nothing is explained until one is clicked.
  const int truth = report.truth[index];
  window.showCell(truth, truth);
  QVERIFY(!view->showsHeatMap());
}

void TestMistakes::badFilesAreReportedAndKeepTheLastReport() {
  MistakesWindow window;
  window.setModel(model_, QStringLiteral("small"));
  QSignalSpy finished(&window, &MistakesWindow::evaluationFinished);
  window.evaluateDataset(std::make_shared<const Dataset>(test_set_));
  waitForEvaluation(window, finished);

  const QString missing = dir_.filePath(QStringLiteral("missing-idx3-ubyte"));
  window.evaluateIdxFiles(missing, test_labels_);
  waitForEvaluation(window, finished, 2);
  QCOMPARE(finished.at(1).first().toBool(), false);
  QVERIFY2(window.statusText().contains(missing), qPrintable(window.statusText()));
  QCOMPARE(window.report()->count(), kTestDigits);

  // The default digits are absent here (empty cache): a clear message, no crash.
  window.evaluateDefaultDigits();
  waitForEvaluation(window, finished, 3);
  QCOMPARE(finished.at(2).first().toBool(), false);
  QVERIFY2(window.statusText().contains(QStringLiteral("default digits are missing")),
           qPrintable(window.statusText()));

  // No run yet: nothing starts, and the status says why.
  window.evaluateLastRun();
  QVERIFY(!window.isEvaluating());
  QVERIFY(window.statusText().contains(QStringLiteral("No training run")));
}

void TestMistakes::aNewModelIsEvaluatedOnTheSameDigits() {
  MistakesWindow window;
  window.setModel(model_, QStringLiteral("small"));
  QSignalSpy finished(&window, &MistakesWindow::evaluationFinished);
  window.evaluateIdxFiles(test_images_, test_labels_);
  // Replaced while running: only the newest request's result counts.
  const auto other = trainedModel(train_set_, 8, 5);
  window.setModel(other, QStringLiteral("other"));
  waitForEvaluation(window, finished);
  QTRY_VERIFY(!window.isEvaluating());
  QCOMPARE(finished.count(), 1);
  QCOMPARE(window.report()->confusion, confusion_matrix(other->network, test_set_.images, test_set_.labels));
  QCOMPARE(window.hiddenUnitsView()->list()->count(), 8);
}

void TestMistakes::hiddenUnitsFollowTheWeightsSigns() {
  constexpr int kUnits = 12;
  Architecture architecture;
  architecture.layers = dense_layers({kUnits});
  const auto network = std::make_shared<const Network>(architecture, 0.1f, 17);
  HiddenUnitsView view;
  view.setNetwork(network);
  QCOMPARE(view.list()->count(), kUnits);
  QCOMPARE(view.pageCount(), 1);
  std::vector<int> all(kUnits);
  for (int u = 0; u < kUnits; ++u) all[static_cast<std::size_t>(u)] = u;
  QCOMPARE(view.shownUnits(), all);

  for (int unit = 0; unit < kUnits; ++unit) {
    const QImage image = unit_image(*network, unit);
    QCOMPARE(image.size(), QSize(28, 28));
    const Eigen::VectorXf weights = network->weights(0).row(unit).transpose();
    const float largest = weights.cwiseAbs().maxCoeff();
    for (int p = 0; p < kImagePixels; ++p) {
      const QColor colour = image.pixelColor(p % 28, p / 28);
      const float w = weights[p];
      // Below 1 % of the unit's largest weight the colour rounds to (near) white.
      if (w > 0.01f * largest)
        QVERIFY(colour.red() > colour.blue());
      else if (w < -0.01f * largest)
        QVERIFY(colour.blue() > colour.red());
      else
        QVERIFY(std::abs(colour.red() - colour.blue()) <= 2 && colour.green() >= 250);
      if (std::abs(w) == largest)  // the strongest weight is full colour
        QVERIFY(w > 0 ? colour == QColor(0xb2, 0x18, 0x2b) : colour == QColor(0x21, 0x66, 0xac));
    }
  }
}

void TestMistakes::hiddenUnitsPageAndOrderByActivity() {
  Architecture architecture;
  architecture.layers = dense_layers({100});
  const auto network = std::make_shared<const Network>(architecture, 0.1f, 4);
  HiddenUnitsView view;
  view.setNetwork(network);
  QCOMPARE(view.pageCount(), 2);
  QCOMPARE(view.list()->count(), HiddenUnitsView::kUnitsPerPage);
  view.setPage(1);
  QCOMPARE(view.list()->count(), 100 - HiddenUnitsView::kUnitsPerPage);
  QCOMPARE(view.shownUnits().front(), 64);

  Eigen::VectorXf activity = Eigen::VectorXf::LinSpaced(100, 0.0f, 1.0f);
  activity[42] = 5.0f;
  view.setActivity(activity);
  view.setOrder(HiddenUnitsView::Order::MostActive);
  QCOMPARE(view.page(), 0);
  QCOMPARE(view.shownUnits()[0], 42);
  QCOMPARE(view.shownUnits()[1], 99);
  QCOMPARE(view.shownUnits()[2], 98);

  view.setOrder(HiddenUnitsView::Order::StrongestWeights);
  const Eigen::VectorXf norms = network->weights(0).rowwise().norm();
  Eigen::Index strongest = 0;
  norms.maxCoeff(&strongest);
  QCOMPARE(view.shownUnits()[0], static_cast<int>(strongest));
}

void TestMistakes::modelMenuOpensTheWindow() {
  AnsweringWindow window;
  auto* show_mistakes = window.findChild<QAction*>(QStringLiteral("actionShowMistakes"));
  auto* hidden_units = window.findChild<QAction*>(QStringLiteral("actionHiddenUnits"));
  QVERIFY(show_mistakes && hidden_units);
  QCOMPARE(show_mistakes->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_M));
  if (!window.session()->hasModel()) {
    QVERIFY(!show_mistakes->isEnabled());
    QVERIFY(!hidden_units->isEnabled());
  }
  window.session()->setTrainedModel(model_);
  QVERIFY(show_mistakes->isEnabled());

  hidden_units->trigger();
  MistakesWindow* mistakes = window.mistakesWindow();
  QVERIFY(mistakes != nullptr);
  QVERIFY(mistakes->isVisible());
  QCOMPARE(mistakes->hiddenUnitsView()->list()->count(), 16);
  // With no run and no default digits the first evaluation fails with a message.
  QTRY_VERIFY_WITH_TIMEOUT(!mistakes->isEvaluating(), 60000);
  QVERIFY(mistakes->statusText().contains(QStringLiteral("default digits")));

  QSignalSpy finished(mistakes, &MistakesWindow::evaluationFinished);
  mistakes->evaluateIdxFiles(test_images_, test_labels_);
  waitForEvaluation(*mistakes, finished);
  show_mistakes->trigger();  // already evaluated: shows, keeps the set
  QCOMPARE(window.mistakesWindow(), mistakes);
  QVERIFY(!mistakes->isEvaluating());
  QCOMPARE(mistakes->source(), MistakesWindow::Source::IdxFiles);

  // A new model in the session is evaluated on the same digits.
  const auto other = trainedModel(train_set_, 8, 5);
  window.session()->setTrainedModel(other);
  waitForEvaluation(*mistakes, finished, 2);
  QCOMPARE(mistakes->report()->confusion, confusion_matrix(other->network, test_set_.images, test_set_.labels));
}

void TestMistakes::trainingPanelButtonShowsTheRunsTestSet() {
  AnsweringWindow window;
  TrainingPanel* panel = window.trainingPanel();
  auto* button = panel->findChild<QPushButton*>(QStringLiteral("mistakesButton"));
  QVERIFY(button != nullptr);
  QVERIFY(!button->isEnabled());

  panel->setIdxFiles(train_images_, train_labels_, test_images_, test_labels_);
  TrainingRecipe recipe;
  recipe.architecture.layers = dense_layers({16});
  recipe.init_scale = 0;
  recipe.training.optimizer.learning_rate = 0.5f;
  recipe.training.iterations = 20;
  panel->setRecipe(recipe);
  QSignalSpy ended(panel, &TrainingPanel::trainingEnded);
  panel->startTraining();
  QVERIFY(!button->isEnabled());
  QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 60000);
  QVERIFY(panel->lastRunData().has_value());
  QVERIFY(button->isEnabled());

  QTest::mouseClick(button, Qt::LeftButton);
  MistakesWindow* mistakes = window.mistakesWindow();
  QVERIFY(mistakes != nullptr);
  QCOMPARE(mistakes->source(), MistakesWindow::Source::LastRun);
  QSignalSpy finished(mistakes, &MistakesWindow::evaluationFinished);
  waitForEvaluation(*mistakes, finished);
  QCOMPARE(finished.first().first().toBool(), true);
  // The run's test set is the explicit test pair, all of it.
  const std::shared_ptr<const Model> trained = window.session()->model();
  QCOMPARE(mistakes->report()->count(), kTestDigits);
  QCOMPARE(mistakes->report()->confusion, confusion_matrix(trained->network, test_set_.images, test_set_.labels));
  QCOMPARE(mistakes->report()->accuracy(), trained->info.test_accuracy);

  // One set split in two by the run: the window re-makes the same seeded split.
  panel->setIdxFiles(train_images_, train_labels_);
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(200);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel->findChild<QSpinBox*>(QStringLiteral("splitSeedSpin"))->setValue(7);
  panel->startTraining();
  QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 2, 60000);
  QTest::mouseClick(button, Qt::LeftButton);
  waitForEvaluation(*mistakes, finished, 2);
  const std::shared_ptr<const Model> split_model = window.session()->model();
  QVERIFY(split_model != trained);
  QCOMPARE(split_model->info.test_count, 100);
  QCOMPARE(mistakes->report()->count(), 100);
  QCOMPARE(mistakes->report()->accuracy(), split_model->info.test_accuracy);
  const TrainTestSplit split = load_training_data(*panel->lastRunData());
  QCOMPARE(mistakes->dataset()->images, split.test.images);
}

// Once MNIST is in the cache (the panel's Download or `fetch mnist`), its
// test set is one choice in the window, also when it arrived after the window
// was made; until then it is not offered. The real t10k files stand in for
// a download; the train files only need their published sizes here.
void TestMistakes::downloadedMnistIsOfferedOnceComplete() {
  const QString real = QStringLiteral(DIGITPAD_MNIST_DIR);
  if (!QFileInfo::exists(real + QStringLiteral("/t10k-images-idx3-ubyte.gz")))
    QSKIP(qPrintable(QStringLiteral("real MNIST not found in %1").arg(real)));
  QTemporaryDir cache;
  QVERIFY(cache.isValid());
  const QByteArray previous = qgetenv("XDG_CACHE_HOME");
  qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
  const QString folder = MnistDownload::cachedFolder();
  QVERIFY(folder.startsWith(cache.path()));

  MistakesWindow window;
  window.setModel(model_, QStringLiteral("small"));
  auto* combo = window.findChild<QComboBox*>(QStringLiteral("testSetCombo"));
  QVERIFY(combo != nullptr);
  const int item = static_cast<int>(MistakesWindow::Source::DownloadedMnist);
  QCOMPARE(combo->findData(item), -1);  // nothing downloaded yet

  QVERIFY(QDir().mkpath(folder));
  for (const char* name : {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
    QVERIFY(
        QFile::copy(real + QLatin1Char('/') + QLatin1String(name), folder + QLatin1Char('/') + QLatin1String(name)));
  for (const auto& [name, size] :
       {std::pair{"train-images-idx3-ubyte.gz", 9912422}, {"train-labels-idx1-ubyte.gz", 28881}}) {
    QFile file(folder + QLatin1Char('/') + QLatin1String(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(size));
  }
  QVERIFY(MnistDownload::isComplete(folder));

  window.show();  // offered when the window is shown again
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const int index = combo->findData(item);
  QVERIFY(index >= 0);
  QCOMPARE(combo->itemText(index), QStringLiteral("MNIST test set (10,000)"));

  QSignalSpy finished(&window, &MistakesWindow::evaluationFinished);
  combo->setCurrentIndex(index);
  emit combo->activated(index);
  waitForEvaluation(window, finished);
  QCOMPARE(finished.first().first().toBool(), true);
  QCOMPARE(window.source(), MistakesWindow::Source::DownloadedMnist);
  QVERIFY(window.report() != nullptr);
  int total = 0;
  for (const auto& row : window.report()->confusion)
    for (const int count : row) total += count;
  QCOMPARE(total, 10000);  // the t10k pair, not the (unreadable) train files
  QCOMPARE(combo->currentIndex(), index);

  window.close();
  qputenv("XDG_CACHE_HOME", previous);
}

DIGITPAD_QTEST_MAIN(TestMistakes)
#include "test_mistakes.moc"
