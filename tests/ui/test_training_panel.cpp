// SPDX-License-Identifier: GPL-3.0-or-later
// The training panel end to end: a real (small) run from the Train button in
// the worker thread, Stop, Pause/Resume, presets, validation and bad data.
// Longer than most files: one Qt Test class per widget (as KeePassXC keeps
// them), its cases sharing the window and small-run set-up below.

#include "qt_test_main.h"
#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/training_data.h"
#include "core/nn/presets.h"
#include "fixture_digits.h"
#include "small_recipe.h"
#include "test_paths.h"
#include "ui/training/training_chart.h"
#include "ui/training/training_panel.h"
#include "ui/training/training_worker.h"
#include "core/util/error.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <random>

using namespace digitpad;

namespace {

constexpr int kDigits = 300;  // 200 to train on, 100 to test on

// See fixture_digits.h.
Dataset fixtureDigits() { return digitpad::fixtureDigits(kDigits); }

}  // namespace

class TestTrainingPanel : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void missingDefaultDigitsDisableTrain();
  void setUpMnistIsASourceOnceSetUpMadeIt();
  void presetFillsFieldsAndEditsMakeItCustom();
  void augmentationControlsFollowPresetsAndEdits();
  void hiddenSizesAreValidated();
  void scheduleComboFollowsTheRecipe();
  void convnetPresetFillsEveryField();
  void wheelScrollsPastFieldsWithoutChangingThem();
  void shortRunTrainsInTheWorkerThread();
  void stopKeepsTheNetworkTrainedSoFar();
  void pauseHoldsTheRunAndResumeContinues();
  void badDataIsReportedWithoutAModel();
  void divergenceIsExplained();
  void chartKeepsItsLastMarkersInside();

 private:
  // A panel set up to train on the fixture files.
  void prepare(TrainingPanel& panel, int iterations);
  static void waitForProgress(TrainingPanel& panel, int points);

  QTemporaryDir dir_;
  QTemporaryDir empty_cache_;
  QString images_, labels_;
};

void TestTrainingPanel::initTestCase() {
  QVERIFY(dir_.isValid());
  QVERIFY(empty_cache_.isValid());
  // No default digits here, whatever the machine has set up.
  qputenv("XDG_CACHE_HOME", empty_cache_.path().toUtf8());
  images_ = dir_.filePath(QStringLiteral("digits-images-idx3-ubyte"));
  labels_ = dir_.filePath(QStringLiteral("digits-labels-idx1-ubyte"));
  write_idx_pair(images_.toStdString(), labels_.toStdString(), fixtureDigits());
}

void TestTrainingPanel::prepare(TrainingPanel& panel, int iterations) {
  panel.setIdxFiles(images_, labels_);
  panel.findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(200);
  panel.findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel.setRecipe(smallRecipe(iterations));
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
}

void TestTrainingPanel::waitForProgress(TrainingPanel& panel, int points) {
  QTRY_VERIFY_WITH_TIMEOUT(static_cast<int>(panel.chart()->history().size()) >= points, 60000);
}

void TestTrainingPanel::missingDefaultDigitsDisableTrain() {
  TrainingPanel panel;
  QCOMPARE(panel.dataSource(), TrainingPanel::DataSource::DefaultDigits);
  QVERIFY(!panel.dataReady());
  auto* hint = panel.findChild<QLabel*>(QStringLiteral("dataHintLabel"));
  QVERIFY(!hint->isHidden());
  QVERIFY(hint->text().contains(QString::fromStdString(default_digits_hint())));
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());

  panel.setIdxFiles(images_, labels_);
  QVERIFY(hint->isHidden());
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());
}

void TestTrainingPanel::setUpMnistIsASourceOnceSetUpMadeIt() {
  TrainingPanel panel;
  auto* combo = panel.findChild<QComboBox*>(QStringLiteral("dataSourceCombo"));
  auto* hint = panel.findChild<QLabel*>(QStringLiteral("dataHintLabel"));
  auto* train = panel.findChild<QPushButton*>(QStringLiteral("trainButton"));
  const int item = static_cast<int>(TrainingPanel::DataSource::SetUpMnist);
  QVERIFY(combo->itemText(item).contains(QStringLiteral("MNIST training digits")));

  // Before set-up: chosen, but not ready, and the hint says how to get it.
  combo->setCurrentIndex(item);
  QCOMPARE(panel.dataSource(), TrainingPanel::DataSource::SetUpMnist);
  QVERIFY(!panel.dataReady());
  QVERIFY(!hint->isHidden());
  QVERIFY(!train->isEnabled());

  // What set-up leaves (scripts/common.sh, fetch_mnist_train): a train pair in
  // cache_folder()/mnist-train. Choosing the source again finds it.
  const QString folder = QString::fromStdString(mnist_train_folder());
  QVERIFY(QDir().mkpath(folder));
  write_idx_pair((folder + QStringLiteral("/train-images-idx3-ubyte")).toStdString(),
                 (folder + QStringLiteral("/train-labels-idx1-ubyte")).toStdString(), fixtureDigits());
  combo->setCurrentIndex(static_cast<int>(TrainingPanel::DataSource::MnistFolder));
  combo->setCurrentIndex(item);
  QVERIFY(panel.dataReady());
  QVERIFY(hint->isHidden());
  QVERIFY(train->isEnabled());
  QCOMPARE(QString::fromStdString(panel.dataRequest().folder), folder);
  QVERIFY(QDir(folder).removeRecursively());
}

void TestTrainingPanel::presetFillsFieldsAndEditsMakeItCustom() {
  const std::optional<Preset> seed = find_preset("seed");
  QVERIFY(seed.has_value());
  TrainingPanel panel;
  panel.setRecipe(smallRecipe(7));
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));

  panel.applyPreset(QStringLiteral("seed"));
  QCOMPARE(panel.presetName(), QStringLiteral("seed"));
  QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenEdit"))->text(), QStringLiteral("dense1000"));
  const TrainingRecipe filled = panel.recipe();
  QCOMPARE(filled.architecture, seed->recipe.architecture);
  QCOMPARE(filled.training.iterations, seed->recipe.training.iterations);
  QCOMPARE(filled.training.batch_size, seed->recipe.training.batch_size);
  QCOMPARE(filled.training.optimizer.kind, seed->recipe.training.optimizer.kind);
  QCOMPARE(filled.training.optimizer.learning_rate, seed->recipe.training.optimizer.learning_rate);
  QCOMPARE(filled.init_scale, seed->recipe.init_scale);

  // Any edit by hand leaves the preset behind.
  panel.findChild<QSpinBox*>(QStringLiteral("iterationsSpin"))->setValue(321);
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));
  QCOMPARE(panel.recipe().training.iterations, 321);
}

void TestTrainingPanel::augmentationControlsFollowPresetsAndEdits() {
  TrainingPanel panel;
  auto* check = panel.findChild<QCheckBox*>(QStringLiteral("augmentCheck"));
  auto* shift = panel.findChild<QDoubleSpinBox*>(QStringLiteral("shiftSpin"));
  auto* rotation = panel.findChild<QDoubleSpinBox*>(QStringLiteral("rotationSpin"));
  QVERIFY(check && shift && rotation);
  QVERIFY(panel.findChild<QDoubleSpinBox*>(QStringLiteral("scaleMinSpin")));
  QVERIFY(panel.findChild<QDoubleSpinBox*>(QStringLiteral("shearSpin")));
  QVERIFY(panel.findChild<QDoubleSpinBox*>(QStringLiteral("thicknessSpin")));

  panel.applyPreset(QStringLiteral("seed"));
  QVERIFY(!check->isChecked());
  QVERIFY(!shift->isEnabled());
  QVERIFY(!panel.recipe().training.augmentation.enabled);  // the seed stays as it was

  panel.applyPreset(QStringLiteral("recommended"));
  QCOMPARE(panel.presetName(), QStringLiteral("recommended"));
  QVERIFY(check->isChecked());
  QVERIFY(shift->isEnabled());
  const AugmentationSettings expected = find_preset("recommended")->recipe.training.augmentation;
  QCOMPARE(panel.recipe().training.augmentation, expected);

  // Editing a distortion leaves the preset behind and reaches the recipe.
  rotation->setValue(20.0);
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));
  QCOMPARE(panel.recipe().training.augmentation.max_rotation_deg, 20.0f);
  panel.applyPreset(QStringLiteral("recommended"));
  check->setChecked(false);
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));
  QVERIFY(!panel.recipe().training.augmentation.enabled);
  QVERIFY(!shift->isEnabled());
}

void TestTrainingPanel::hiddenSizesAreValidated() {
  TrainingPanel panel;
  panel.setIdxFiles(images_, labels_);
  auto* hidden = panel.findChild<QLineEdit*>(QStringLiteral("hiddenEdit"));
  auto* train = panel.findChild<QPushButton*>(QStringLiteral("trainButton"));

  auto* problem = panel.findChild<QLabel*>(QStringLiteral("layersProblem"));

  hidden->setText(QStringLiteral("dense256, dense128"));
  QVERIFY(train->isEnabled());
  QCOMPARE(panel.recipe().architecture.layers, dense_layers({256, 128}));
  QVERIFY(problem->isHidden());

  hidden->setText(QStringLiteral("conv8@3,pool2,drop0.25,dense32"));
  QVERIFY(train->isEnabled());
  QCOMPARE(panel.recipe().architecture.layers,
           (std::vector<LayerSpec>{LayerSpec::conv(8, 3), LayerSpec::max_pool(2), LayerSpec::dropout(0.25f),
                                   LayerSpec::dense(32)}));

  hidden->setText(QStringLiteral("none"));
  QVERIFY(panel.recipe().architecture.layers.empty());

  hidden->setText(QStringLiteral("dense256,"));  // unfinished: not trainable
  QVERIFY(!train->isEnabled());
  QVERIFY_THROWS_EXCEPTION(Error, panel.recipe());

  // A list that does not fit a 28x28 digit: the problem in words, naming the layer.
  hidden->setText(QStringLiteral("pool2,pool2,pool2,pool2,pool2"));
  QVERIFY(!train->isEnabled());
  QVERIFY(!problem->isHidden());
  QCOMPARE(problem->text(),
           QStringLiteral("layer 5 'pool2': cannot pool a 1x1 map by 2 (it is a single value per channel)"));
}

void TestTrainingPanel::scheduleComboFollowsTheRecipe() {
  TrainingPanel panel;
  auto* schedule = panel.findChild<QComboBox*>(QStringLiteral("scheduleCombo"));
  QVERIFY(schedule != nullptr);
  QVERIFY(!schedule->toolTip().isEmpty());
  QCOMPARE(schedule->count(), 3);

  // Both ways: setRecipe() shows the recipe's schedule, recipe() reads it back.
  for (const Schedule kind : {Schedule::Cosine, Schedule::OneCycle, Schedule::Constant}) {
    TrainingRecipe recipe = smallRecipe(7);
    recipe.training.schedule = kind;
    panel.setRecipe(recipe);
    QCOMPARE(schedule->currentData().toString(), QString::fromStdString(std::string(schedule_name(kind))));
    QCOMPARE(panel.recipe().training.schedule, kind);
  }
  QCOMPARE(schedule->currentText(), QStringLiteral("Constant"));

  // Choosing one by hand reaches the recipe and leaves the preset behind.
  panel.applyPreset(QStringLiteral("recommended"));
  schedule->setCurrentIndex(schedule->findData(QStringLiteral("cosine")));
  QCOMPARE(schedule->currentText(), QStringLiteral("Cosine"));
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));
  QCOMPARE(panel.recipe().training.schedule, Schedule::Cosine);
}

void TestTrainingPanel::convnetPresetFillsEveryField() {
  const std::optional<Preset> convnet = find_preset("convnet");
  QVERIFY(convnet.has_value());
  TrainingPanel panel;
  auto* presets = panel.findChild<QComboBox*>(QStringLiteral("presetCombo"));
  const int index = presets->findData(QStringLiteral("convnet"));
  QVERIFY(index >= 0);  // listed from the core's presets()
  QCOMPARE(presets->itemText(index), QStringLiteral("Convnet"));

  panel.applyPreset(QStringLiteral("seed"));
  presets->setCurrentIndex(index);
  emit presets->activated(index);  // as a click on the item does
  QCOMPARE(panel.presetName(), QStringLiteral("convnet"));
  QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenEdit"))->text(),
           QStringLiteral("conv32@5,pool2,conv64@5,pool2,drop0.3,dense128,drop0.3"));
  QVERIFY(panel.findChild<QLabel*>(QStringLiteral("layersProblem"))->isHidden());
  QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("scheduleCombo"))->currentText(), QStringLiteral("One-cycle"));
  QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("activationCombo"))->currentData().toString(),
           QStringLiteral("relu"));
  QVERIFY(panel.findChild<QLabel*>(QStringLiteral("presetDescription"))
              ->text()
              .startsWith(QStringLiteral("Convolutional")));

  // Every field of the recipe, read back from the widgets.
  const TrainingRecipe& want = convnet->recipe;
  const TrainingRecipe got = panel.recipe();
  QCOMPARE(got.architecture, want.architecture);
  QCOMPARE(got.init_scale, want.init_scale);
  QCOMPARE(got.init_seed, want.init_seed);
  const TrainingSettings& w = want.training;
  const TrainingSettings& g = got.training;
  QCOMPARE(g.optimizer.kind, w.optimizer.kind);
  QCOMPARE(g.optimizer.learning_rate, w.optimizer.learning_rate);
  QCOMPARE(g.optimizer.momentum, w.optimizer.momentum);
  QCOMPARE(g.optimizer.beta1, w.optimizer.beta1);
  QCOMPARE(g.optimizer.beta2, w.optimizer.beta2);
  QCOMPARE(g.optimizer.epsilon, w.optimizer.epsilon);
  QCOMPARE(g.optimizer.weight_decay, w.optimizer.weight_decay);
  QCOMPARE(g.schedule, Schedule::OneCycle);
  QCOMPARE(g.schedule, w.schedule);
  QCOMPARE(g.epochs, w.epochs);
  QCOMPARE(g.batch_size, w.batch_size);
  QCOMPARE(g.seed, w.seed);
  QCOMPARE(g.eval_interval, w.eval_interval);
  QCOMPARE(g.augmentation, w.augmentation);
  if (w.epochs == 0) QCOMPARE(g.iterations, w.iterations);  // else iterations are ignored

  // And back to a perceptron preset: the schedule goes with it.
  panel.applyPreset(QStringLiteral("seed"));
  QCOMPARE(panel.recipe().training.schedule, find_preset("seed")->recipe.training.schedule);
  QCOMPARE(panel.recipe().architecture, find_preset("seed")->recipe.architecture);
}

void TestTrainingPanel::wheelScrollsPastFieldsWithoutChangingThem() {
  TrainingPanel panel;
  panel.resize(600, 500);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  panel.applyPreset(QStringLiteral("seed"));
  auto* presets = panel.findChild<QComboBox*>(QStringLiteral("presetCombo"));
  auto* iterations = panel.findChild<QSpinBox*>(QStringLiteral("iterationsSpin"));
  // Shown alone, the panel gives its first field (Preset) the focus; in the
  // window the canvas has it. Nothing focused, as when the user scrolls by.
  if (QWidget* focused = QApplication::focusWidget()) focused->clearFocus();
  const auto wheel = [](QWidget* widget) {
    const QPointF centre(widget->width() / 2.0, widget->height() / 2.0);
    QWheelEvent event(centre, widget->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
  };
  // Scrolling the settings past a field leaves it alone...
  wheel(presets);
  wheel(iterations);
  QCOMPARE(panel.presetName(), QStringLiteral("seed"));
  QCOMPARE(iterations->value(), find_preset("seed")->recipe.training.iterations);
  // ...a field clicked into takes the wheel as usual.
  iterations->setFocus();
  QTRY_VERIFY(iterations->hasFocus());
  const int before = iterations->value();
  wheel(iterations);
  QVERIFY(iterations->value() != before);
  QCOMPARE(panel.presetName(), QStringLiteral("custom"));
}

void TestTrainingPanel::shortRunTrainsInTheWorkerThread() {
  TrainingPanel panel;
  prepare(panel, 50);

  std::atomic<QThread*> emitting_thread{nullptr};
  connect(
      panel.worker(), &TrainingWorker::progress, panel.worker(),
      [&emitting_thread] { emitting_thread = QThread::currentThread(); }, Qt::DirectConnection);
  int progress_on_gui_thread = 0;
  connect(panel.worker(), &TrainingWorker::progress, &panel, [&progress_on_gui_thread] { ++progress_on_gui_thread; });
  QSignalSpy trained(&panel, &TrainingPanel::modelTrained);
  QSignalSpy ended(&panel, &TrainingPanel::trainingEnded);

  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
  QVERIFY(panel.isTraining());
  QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());

  QTRY_VERIFY_WITH_TIMEOUT(progress_on_gui_thread > 0, 60000);
  QVERIFY(emitting_thread.load() != nullptr);
  QVERIFY(emitting_thread.load() != QThread::currentThread());
  QCOMPARE(emitting_thread.load(), panel.workerThread());
  QCOMPARE(panel.worker()->thread(), panel.workerThread());

  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 120000);
  QCOMPARE(ended.count(), 1);
  QVERIFY(!panel.isTraining());
  QCOMPARE(progress_on_gui_thread, 50);

  const auto model = trained.at(0).at(0).value<std::shared_ptr<const Model>>();
  QVERIFY(model != nullptr);
  QCOMPARE(model->network.architecture(), Architecture::mlp(784, {32}, 10, Activation::Tanh));
  QCOMPARE(model->network.architecture().activation, Activation::Tanh);
  QCOMPARE(model->info.train_count, 200);
  QCOMPARE(model->info.test_count, 100);
  QCOMPARE(model->info.iterations, 50);
  QVERIFY(!model->info.hyperparameters.empty());
  QVERIFY(model->info.train_accuracy > 0.3f);  // well above chance (0.1) after 50 updates

  const std::optional<TrainingResult> result = panel.lastResult();
  QVERIFY(result.has_value());
  QCOMPARE(result->status, TrainingStatus::Finished);
  QCOMPARE(result->iterations, 50);

  auto* progress = panel.findChild<QProgressBar*>(QStringLiteral("progressBar"));
  QCOMPARE(progress->maximum(), 50);
  QCOMPARE(progress->value(), progress->maximum());

  // The chart has every iteration's cost, and accuracy at the evaluations.
  QCOMPARE(panel.chart()->trainCostGraph()->dataCount(), 50);
  QCOMPARE(static_cast<int>(panel.chart()->history().size()), 50);
  const QStringList csv = panel.chart()->historyCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  QCOMPARE(csv.size(), 51);
  QCOMPARE(csv.front(), QStringLiteral("iteration,cost,train_accuracy,test_accuracy,test_cost"));
  QVERIFY(csv.at(10).startsWith(QStringLiteral("10,")));  // an evaluation row: every column filled
  QCOMPARE(csv.at(10).split(QLatin1Char(',')).size(), 5);
  QVERIFY(!csv.at(10).split(QLatin1Char(',')).at(3).isEmpty());
  const QString png = dir_.filePath(QStringLiteral("chart.png"));
  QVERIFY(panel.chart()->savePng(png));
  QVERIFY(QImage(png).width() >= 800);

  QVERIFY(panel.findChild<QLabel*>(QStringLiteral("messageLabel"))->text().contains(QStringLiteral("Finished 50")));
}

void TestTrainingPanel::stopKeepsTheNetworkTrainedSoFar() {
  TrainingPanel panel;
  prepare(panel, 200000);
  QSignalSpy trained(&panel, &TrainingPanel::modelTrained);

  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
  waitForProgress(panel, 5);
  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("stopButton")), Qt::LeftButton);

  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 60000);
  QTRY_VERIFY(!panel.isTraining());
  const std::optional<TrainingResult> result = panel.lastResult();
  QVERIFY(result.has_value());
  QCOMPARE(result->status, TrainingStatus::Cancelled);
  QVERIFY(result->iterations >= 5);
  QVERIFY(result->iterations < 200000);
  const auto model = trained.at(0).at(0).value<std::shared_ptr<const Model>>();
  QCOMPARE(model->info.iterations, result->iterations);
  QVERIFY(panel.message().contains(QStringLiteral("Stopped after")));
  QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("trainButton"))->isEnabled());
}

void TestTrainingPanel::pauseHoldsTheRunAndResumeContinues() {
  TrainingPanel panel;
  prepare(panel, 200000);
  auto* pause = panel.findChild<QPushButton*>(QStringLiteral("pauseButton"));
  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
  waitForProgress(panel, 5);

  QTest::mouseClick(pause, Qt::LeftButton);
  QVERIFY(panel.isPaused());
  QCOMPARE(pause->text(), QStringLiteral("Resume"));
  // The iteration under way finishes and the worker holds; its last report
  // was sent before it did, so once delivered nothing more arrives.
  QTRY_VERIFY_WITH_TIMEOUT(panel.isHeld(), 60000);
  QCoreApplication::sendPostedEvents();
  const auto held = panel.chart()->history().size();
  QCoreApplication::processEvents();
  QCOMPARE(panel.chart()->history().size(), held);
  QVERIFY(panel.isHeld());
  QVERIFY(panel.isTraining());

  QTest::mouseClick(pause, Qt::LeftButton);
  QVERIFY(!panel.isPaused());
  QCOMPARE(pause->text(), QStringLiteral("Pause"));
  QTRY_VERIFY_WITH_TIMEOUT(panel.chart()->history().size() > held + 3, 60000);

  QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("stopButton")), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(!panel.isTraining(), 60000);
  QCOMPARE(panel.lastResult()->status, TrainingStatus::Cancelled);
}

void TestTrainingPanel::badDataIsReportedWithoutAModel() {
  TrainingPanel panel;
  const QString missing = dir_.filePath(QStringLiteral("missing-images-idx3-ubyte"));
  panel.setIdxFiles(missing, labels_);
  panel.setRecipe(smallRecipe(5));
  QSignalSpy trained(&panel, &TrainingPanel::modelTrained);
  QSignalSpy ended(&panel, &TrainingPanel::trainingEnded);
  panel.startTraining();
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
  QCOMPARE(trained.count(), 0);
  QVERIFY(panel.message().contains(missing));
  QVERIFY(!panel.lastResult().has_value());
}

void TestTrainingPanel::divergenceIsExplained() {
  // A diverging run is hard to provoke reliably (the core's cost is guarded),
  // so the worker's report of one is played to the panel directly.
  TrainingPanel panel;
  QSignalSpy trained(&panel, &TrainingPanel::modelTrained);
  TrainingResult diverged;
  diverged.status = TrainingStatus::Diverged;
  diverged.iterations = 17;
  Architecture architecture;
  architecture.layers = dense_layers({8});
  auto kept = std::make_shared<const Model>(Model{Network(architecture, 0.1f, 1), ModelInfo{}});
  emit panel.worker()->finished(kept, diverged);

  QCOMPARE(panel.message(), QStringLiteral("Training diverged at iteration 18 (cost became NaN); lower the learning "
                                           "rate. The last good weights were kept."));
  QCOMPARE(trained.count(), 1);  // the last good weights become the model
  QCOMPARE(panel.lastResult()->status, TrainingStatus::Diverged);

  emit panel.worker()->finished(nullptr, TrainingResult{TrainingStatus::Diverged, 0, 0, 0, 0, 0, {}});
  QVERIFY(panel.message().contains(QStringLiteral("at iteration 1 ")));
  QVERIFY(panel.message().contains(QStringLiteral("current model was kept")));
  QCOMPARE(trained.count(), 1);
}

void TestTrainingPanel::chartKeepsItsLastMarkersInside() {
  // The last evaluation's markers (at the last iteration, and at 100 %) were
  // drawn half outside the axis rectangle; they are drawn whole now.
  TrainingChart chart;
  chart.resize(640, 360);
  chart.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  constexpr int kLast = 50;
  for (int i = 1; i <= kLast; ++i) {
    TrainingProgress progress;
    progress.iteration = i;
    progress.total_iterations = kLast;
    progress.cost = 2.0f / static_cast<float>(i);
    if (i % 10 == 0) {
      progress.train_accuracy = 1.0f;
      progress.test_accuracy = 1.0f;
      progress.test_cost = 2.2f / static_cast<float>(i);
    }
    chart.addProgress(progress);
  }
  QCustomPlot* plot = chart.plot();
  QTRY_VERIFY(plot->xAxis->range().upper >= kLast);  // the redraw timer followed the data
  plot->replot();
  const QRect area = plot->axisRect()->rect();
  constexpr double kRadius = 2.5;  // the markers are 5 px across
  const double x = plot->xAxis->coordToPixel(kLast);
  QVERIFY2(x + kRadius <= area.right(),
           qPrintable(QStringLiteral("marker at x %1, axes end at %2").arg(x).arg(area.right())));
  const double top = plot->yAxis2->coordToPixel(100.0);
  QVERIFY2(top - kRadius >= area.top(),
           qPrintable(QStringLiteral("100 % at y %1, axes start at %2").arg(top).arg(area.top())));
  // The axes still start at 0 and show every point.
  QCOMPARE(plot->xAxis->range().lower, 0.0);
  QVERIFY(plot->yAxis->range().upper >= 2.0);
}

DIGITPAD_QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
