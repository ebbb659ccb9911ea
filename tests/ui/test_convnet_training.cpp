// SPDX-License-Identifier: GPL-3.0-or-later
// A convolutional network through the app: trained from the panel in the
// worker thread (the GUI thread keeps handling events, progress reaches it
// there, the chart and progress bar fill), paused, resumed and stopped; the
// Mistakes window evaluates it and shows its filters and what they see; and
// fine-tuning it on the user's digits keeps its layers.

#include "qt_test_main.h"
#include "mouse_strokes.h"
#include "core/data/idx_file.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "fixture_digits.h"
#include "ui/inspect/hidden_units_view.h"
#include "answering_window.h"
#include "ui/shell/main_window.h"
#include "ui/inspect/mistakes_window.h"
#include "ui/shell/model_session.h"
#include "ui/digits/my_digits_view.h"
#include "core/nn/layer_spec.h"
#include "ui/training/training_chart.h"
#include "ui/training/training_panel.h"
#include "ui/training/training_worker.h"
#include "ui/digits/my_digits.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <atomic>

using namespace digitpad;
using digitpad::test::draw_line;

namespace {

constexpr int kDigits = 300;  // 200 to train on, 100 to test on
constexpr int kFilters = 4;
const char* const kLayers = "conv4@5,pool2,dense16";

TrainingRecipe convRecipe(int iterations) {
  TrainingRecipe recipe;
  recipe.architecture.layers = parse_layer_list(kLayers);
  recipe.architecture.activation = Activation::Relu;
  recipe.init_scale = 0;  // He
  recipe.init_seed = 3;
  recipe.training.optimizer.kind = OptimizerKind::Adam;
  recipe.training.optimizer.learning_rate = 0.003f;
  recipe.training.schedule = Schedule::Cosine;
  recipe.training.iterations = iterations;
  recipe.training.batch_size = 50;
  recipe.training.eval_interval = 10;
  return recipe;
}

// Re-emits the worker's progress in the GUI thread (a QSignalSpy waits there).
class ProgressRelay : public QObject {
  Q_OBJECT
 signals:
  void reported();
};

// Ticks of a GUI-thread timer: the longest gap between two is how long the
// GUI thread was kept from its events.
class EventLoopWatch : public QObject {
 public:
  EventLoopWatch() {
    timer_.setInterval(10);
    connect(&timer_, &QTimer::timeout, this, [this] {
      longest_gap_ = std::max(longest_gap_, clock_.restart());
      ++ticks_;
    });
  }
  void start() {
    ticks_ = 0;
    longest_gap_ = 0;
    clock_.start();
    timer_.start();
  }
  void stop() { timer_.stop(); }
  int ticks() const { return ticks_; }
  qint64 longestGapMs() const { return longest_gap_; }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  int ticks_ = 0;
  qint64 longest_gap_ = 0;
};

}  // namespace

class TestConvnetTraining : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void convnetTrainsWithoutBlockingTheGui();
  void convnetPausesResumesAndStops();
  void mistakesWindowShowsTheTrainedFilters();
  void fineTuningAConvnetKeepsItsLayers();

 private:
  void prepare(TrainingPanel* panel, int iterations);

  QTemporaryDir dir_;
  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
  QString images_, labels_;
  std::unique_ptr<AnsweringWindow> window_;
};

void TestConvnetTraining::initTestCase() {
  QVERIFY(dir_.isValid() && user_dir_.isValid() && cache_dir_.isValid());
  qputenv(MyDigits::kFolderVariable, user_dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());  // no default digits, whatever the machine has
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(cache_dir_.path() + QStringLiteral("/runs")).toUtf8());
  images_ = dir_.filePath(QStringLiteral("digits-images-idx3-ubyte"));
  labels_ = dir_.filePath(QStringLiteral("digits-labels-idx1-ubyte"));
  write_idx_pair(images_.toStdString(), labels_.toStdString(), fixtureDigits(kDigits));
}

void TestConvnetTraining::init() {
  QDir(user_dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
  window_ = std::make_unique<AnsweringWindow>();
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestConvnetTraining::cleanup() { window_.reset(); }

void TestConvnetTraining::prepare(TrainingPanel* panel, int iterations) {
  panel->setIdxFiles(images_, labels_);
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(200);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel->setRecipe(convRecipe(iterations));
  QCOMPARE(panel->findChild<QLineEdit*>(QStringLiteral("hiddenEdit"))->text(), QString::fromLatin1(kLayers));
}

void TestConvnetTraining::convnetTrainsWithoutBlockingTheGui() {
  TrainingPanel* panel = window_->trainingPanel();
  prepare(panel, 60);

  std::atomic<QThread*> emitting_thread{nullptr};
  connect(
      panel->worker(), &TrainingWorker::progress, panel->worker(),
      [&emitting_thread] { emitting_thread = QThread::currentThread(); }, Qt::DirectConnection);
  int progress_on_gui_thread = 0, progress_elsewhere = 0;
  connect(panel->worker(), &TrainingWorker::progress, panel,
          [&] { (QThread::currentThread() == qApp->thread() ? progress_on_gui_thread : progress_elsewhere)++; });
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  EventLoopWatch watch;
  watch.start();

  QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
  QVERIFY(panel->isTraining());
  QTRY_VERIFY_WITH_TIMEOUT(progress_on_gui_thread > 0, 60000);
  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 120000);
  watch.stop();

  // The work ran in the worker's thread, its reports were handled in the GUI
  // thread, and the GUI thread kept running its timers all along.
  QCOMPARE(emitting_thread.load(), panel->workerThread());
  QCOMPARE(progress_elsewhere, 0);
  QCOMPARE(progress_on_gui_thread, 60);
  QVERIFY2(watch.ticks() >= 5, qPrintable(QStringLiteral("%1 ticks").arg(watch.ticks())));
  QVERIFY2(watch.longestGapMs() < 1000,
           qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(watch.longestGapMs())));

  const auto model = trained.at(0).at(0).value<std::shared_ptr<const Model>>();
  QCOMPARE(model->network.architecture().layers, parse_layer_list(kLayers));
  QCOMPARE(model->network.architecture().input, (Shape{1, 28, 28}));
  QCOMPARE(model->info.iterations, 60);
  QVERIFY2(model->info.train_accuracy > 0.3f, qPrintable(QString::number(model->info.train_accuracy)));
  // The recipe's schedule is recorded with the model.
  bool schedule_recorded = false;
  for (const auto& [key, value] : model->info.hyperparameters)
    schedule_recorded = schedule_recorded || (key == "schedule" && value == "cosine");
  QVERIFY(schedule_recorded);

  QCOMPARE(static_cast<int>(panel->chart()->history().size()), 60);
  auto* progress = panel->findChild<QProgressBar*>(QStringLiteral("progressBar"));
  QCOMPARE(progress->maximum(), 60);
  QCOMPARE(progress->value(), 60);
  QVERIFY(panel->message().contains(QStringLiteral("Finished 60")));
  // The canvas reads with the new convnet at once.
  QCOMPARE(window_->session()->model(), model);
  draw_line(window_->drawingPad()->canvas(), {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(window_->drawingPad()->predictedDigit() >= 0);
}

void TestConvnetTraining::convnetPausesResumesAndStops() {
  TrainingPanel* panel = window_->trainingPanel();
  prepare(panel, 200000);
  auto* pause = panel->findChild<QPushButton*>(QStringLiteral("pauseButton"));
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  EventLoopWatch watch;
  QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
  watch.start();
  QTRY_VERIFY_WITH_TIMEOUT(panel->chart()->history().size() >= 20, 60000);
  QVERIFY2(watch.longestGapMs() < 1000,
           qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(watch.longestGapMs())));

  // Paused: once the iteration under way has reported, no more reports.
  ProgressRelay relay;
  connect(panel->worker(), &TrainingWorker::progress, &relay, &ProgressRelay::reported);
  QSignalSpy reports(&relay, &ProgressRelay::reported);
  QTest::mouseClick(pause, Qt::LeftButton);
  QVERIFY(panel->isPaused());
  QCOMPARE(pause->text(), QStringLiteral("Resume"));
  int late = 0;
  while (reports.wait(500)) QVERIFY2(++late <= 3, "still training while paused");
  const std::size_t held = panel->chart()->history().size();
  QVERIFY(!reports.wait(500));
  QCOMPARE(panel->chart()->history().size(), held);
  QVERIFY(panel->isTraining());

  QTest::mouseClick(pause, Qt::LeftButton);
  QVERIFY(!panel->isPaused());
  QTRY_VERIFY_WITH_TIMEOUT(panel->chart()->history().size() > held + 3, 60000);

  QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("stopButton")), Qt::LeftButton);
  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 60000);
  QTRY_VERIFY(!panel->isTraining());
  watch.stop();
  QVERIFY2(watch.longestGapMs() < 1000,
           qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(watch.longestGapMs())));
  QCOMPARE(panel->lastResult()->status, TrainingStatus::Cancelled);
  const auto model = trained.at(0).at(0).value<std::shared_ptr<const Model>>();
  QCOMPARE(model->network.architecture().layers, parse_layer_list(kLayers));
  QCOMPARE(model->info.iterations, panel->lastResult()->iterations);
  QVERIFY(panel->message().contains(QStringLiteral("Stopped after")));
}

void TestConvnetTraining::mistakesWindowShowsTheTrainedFilters() {
  TrainingPanel* panel = window_->trainingPanel();
  prepare(panel, 40);
  QSignalSpy ended(panel, &TrainingPanel::trainingEnded);
  panel->startTraining();
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
  auto* button = panel->findChild<QPushButton*>(QStringLiteral("mistakesButton"));
  QVERIFY(button->isEnabled());

  // A digit on the canvas before the window opens.
  draw_line(window_->drawingPad()->canvas(), {0.5, 0.15}, {0.5, 0.85});
  QTest::mouseClick(button, Qt::LeftButton);
  MistakesWindow* mistakes = window_->mistakesWindow();
  QVERIFY(mistakes != nullptr);
  QSignalSpy finished(mistakes, &MistakesWindow::evaluationFinished);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
  QCOMPARE(finished.last().first().toBool(), true);
  const std::shared_ptr<const Model> model = window_->session()->model();
  QCOMPARE(mistakes->report()->count(), 100);
  QCOMPARE(mistakes->report()->accuracy(), model->info.test_accuracy);

  // The filters' tab: one tile per filter, one map per filter for the drawing,
  // and "most active" known from the evaluation.
  mistakes->showTab(MistakesWindow::Tab::HiddenUnits);
  HiddenUnitsView* view = mistakes->hiddenUnitsView();
  QVERIFY(view->showsFilters());
  QCOMPARE(view->list()->count(), kFilters);
  QTRY_COMPARE(static_cast<int>(view->shownMaps().size()), kFilters);
  for (const QImage& map : view->shownMaps()) QCOMPARE(map.size(), QSize(28, 28));
  auto* order = view->findChild<QComboBox*>(QStringLiteral("unitOrderCombo"));
  QVERIFY(qobject_cast<QStandardItemModel*>(order->model())->item(1)->isEnabled());
  view->setOrder(HiddenUnitsView::Order::MostActive);
  QCOMPARE(static_cast<int>(view->shownUnits().size()), kFilters);
  QCOMPARE(static_cast<int>(view->shownMaps().size()), kFilters);

  // Cleared canvas, no maps; the filters stay.
  window_->drawingPad()->canvas()->clear();
  QTRY_VERIFY(view->shownMaps().empty());
  QCOMPARE(view->list()->count(), kFilters);
}

void TestConvnetTraining::fineTuningAConvnetKeepsItsLayers() {
  TrainingPanel* panel = window_->trainingPanel();
  panel->setIdxFiles(images_, labels_);
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(200);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel->applyPreset(QStringLiteral("seed"));  // a perceptron in the panel: not what gets tuned
  Architecture shape;
  shape.layers = parse_layer_list("conv4@5,pool2,drop0.2,dense16");
  shape.activation = Activation::Relu;
  ModelInfo info;
  info.name = "small conv";
  const auto base = std::make_shared<const Model>(Model{Network(shape, 0, 4), info});
  window_->session()->setTrainedModel(base);

  for (int label : {4, 4, 4}) {
    draw_line(window_->drawingPad()->canvas(), {0.3, 0.2}, {0.6, 0.8});
    window_->teach(label);
  }
  auto* fine_tune = window_->myDigitsView()->findChild<QPushButton*>(QStringLiteral("fineTuneButton"));
  QVERIFY(fine_tune->isEnabled());
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  EventLoopWatch watch;
  watch.start();
  QTest::mouseClick(fine_tune, Qt::LeftButton);
  QVERIFY(panel->isTraining());
  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 120000);
  QTRY_VERIFY(!panel->isTraining());
  watch.stop();
  QVERIFY2(watch.longestGapMs() < 1000,
           qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(watch.longestGapMs())));

  const std::shared_ptr<const Model> tuned = window_->session()->model();
  QVERIFY(tuned != base);
  QCOMPARE(tuned->network.architecture(), shape);
  QVERIFY(QString::fromStdString(tuned->info.name).contains(QStringLiteral("fine-tuned")));
  const float moved =
      (tuned->network.parameters() - base->network.parameters()).norm() / base->network.parameters().norm();
  QVERIFY2(moved > 0.0f && moved < 0.5f, qPrintable(QStringLiteral("relative change %1").arg(moved)));
  // The panel's own fields were left as they were.
  QCOMPARE(panel->presetName(), QStringLiteral("seed"));
  QVERIFY(window_->drawingPad()->network() != nullptr);
}

DIGITPAD_QTEST_MAIN(TestConvnetTraining)
#include "test_convnet_training.moc"
