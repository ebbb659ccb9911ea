// SPDX-License-Identifier: GPL-3.0-or-later
// "Teach it" end to end: a digit drawn with the mouse is taught with a key or
// a Teach button, lands in the user's IDX files with its label, shows in the
// My digits tab, is removed again; Fine-tune trains the current model further
// in the worker thread and makes the result the current, unsaved model.

#include "qt_test_main.h"
#include "mouse_strokes.h"
#include "fixture_digits.h"
#include "core/data/idx_file.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "answering_window.h"
#include "ui/shell/main_window.h"
#include "ui/shell/model_session.h"
#include "core/nn/fine_tune.h"
#include "ui/digits/my_digits_view.h"
#include "ui/pad/teach_row.h"
#include "ui/training/training_panel.h"
#include "ui/digits/my_digits.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <cmath>
#include <random>

using namespace digitpad;
using digitpad::test::draw_line;

class TestTeach : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void keyAndButtonTeachIntoTheUserFiles();
  void teachingNeedsADrawing();
  void digitsAreListedRemovedAndCleared();
  void fineTuneTrainsTheCurrentModelFurther();

 private:
  QTemporaryDir user_dir_;
  QTemporaryDir cache_dir_;
  QTemporaryDir data_dir_;
  std::unique_ptr<AnsweringWindow> window_;
};

void TestTeach::initTestCase() {
  QVERIFY(user_dir_.isValid() && cache_dir_.isValid() && data_dir_.isValid());
  qputenv(MyDigits::kFolderVariable, user_dir_.filePath(QStringLiteral("my-digits")).toUtf8());
  qputenv("XDG_CACHE_HOME", cache_dir_.path().toUtf8());  // no default digits, whatever the machine has
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(cache_dir_.path() + QStringLiteral("/runs")).toUtf8());
  write_idx_pair(data_dir_.filePath(QStringLiteral("train-images-idx3-ubyte")).toStdString(),
                 data_dir_.filePath(QStringLiteral("train-labels-idx1-ubyte")).toStdString(),
                 digitpad::fixtureDigits(300));
}

void TestTeach::init() {
  QDir(user_dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
  window_ = std::make_unique<AnsweringWindow>();
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestTeach::cleanup() { window_.reset(); }

void TestTeach::keyAndButtonTeachIntoTheUserFiles() {
  DrawingPad* pad = window_->drawingPad();
  DrawingCanvas* canvas = pad->canvas();
  QCOMPARE(window_->myDigits()->folder(), user_dir_.filePath(QStringLiteral("my-digits")));

  // A "1" taught with its key while the canvas has focus.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  QVERIFY(pad->lastInput().has_value());
  const Eigen::VectorXf one = *pad->lastInput();
  window_->activateWindow();
  canvas->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  QTest::keyClick(canvas, Qt::Key_1);
  QTRY_VERIFY(canvas->isEmpty());  // teaching clears the canvas for the next drawing
  QCOMPARE(window_->statusBar()->currentMessage(), QStringLiteral("Added your 1 (1 of your digits)"));

  // A "7" taught with its button.
  draw_line(canvas, {0.2, 0.2}, {0.8, 0.2});
  draw_line(canvas, {0.8, 0.2}, {0.4, 0.85});
  const Eigen::VectorXf seven = *pad->lastInput();
  auto* button = pad->findChild<QToolButton*>(QStringLiteral("teachButton7"));
  QVERIFY(button != nullptr);
  QVERIFY(button->isEnabled());
  QTest::mouseClick(button, Qt::LeftButton);
  QVERIFY(canvas->isEmpty());
  QCOMPARE(window_->statusBar()->currentMessage(), QStringLiteral("Added your 7 (2 of your digits)"));

  // On disk, as an ordinary MNIST pair: the 28x28 inputs and their labels.
  const QString folder = user_dir_.filePath(QStringLiteral("my-digits"));
  const Dataset stored = read_idx_pair(folder.toStdString() + "/train-images-idx3-ubyte.gz",
                                       folder.toStdString() + "/train-labels-idx1-ubyte.gz");
  QCOMPARE(stored.count(), 2);
  QCOMPARE(static_cast<int>(stored.labels[0]), 1);
  QCOMPARE(static_cast<int>(stored.labels[1]), 7);
  // Bytes on disk: equal to within rounding to 1/255.
  QVERIFY((stored.images.col(0) - one).cwiseAbs().maxCoeff() <= 0.5f / 255.0f + 1e-6f);
  QVERIFY((stored.images.col(1) - seven).cwiseAbs().maxCoeff() <= 0.5f / 255.0f + 1e-6f);

  // A new window (a restart) reads them back.
  window_.reset();
  MainWindow again;
  QCOMPARE(again.myDigits()->count(), 2);
  QCOMPARE(again.myDigitsView()->list()->count(), 2);
}

void TestTeach::teachingNeedsADrawing() {
  DrawingPad* pad = window_->drawingPad();
  QSignalSpy taught(pad, &DrawingPad::teachRequested);
  QVERIFY(!pad->findChild<QToolButton*>(QStringLiteral("teachButton3"))->isEnabled());
  window_->activateWindow();
  pad->canvas()->setFocus();
  QTest::keyClick(pad->canvas(), Qt::Key_3);
  QCOMPARE(taught.count(), 0);
  QCOMPARE(window_->myDigits()->count(), 0);
  QVERIFY(!QFileInfo::exists(window_->myDigits()->imagesPath()));

  // The digit keys belong to the pad: typing a number into the panel teaches nothing.
  draw_line(pad->canvas(), {0.5, 0.15}, {0.5, 0.85});
  auto* spin = window_->trainingPanel()->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"));
  spin->setFocus();
  QTest::keyClick(spin, Qt::Key_3);
  QCOMPARE(taught.count(), 0);
  QVERIFY(!pad->canvas()->isEmpty());
}

void TestTeach::digitsAreListedRemovedAndCleared() {
  MyDigits* digits = window_->myDigits();
  MyDigitsView* view = window_->myDigitsView();
  for (int label : {3, 5, 3}) {
    draw_line(window_->drawingPad()->canvas(), {0.3 + 0.1 * label / 5.0, 0.2}, {0.5, 0.8});
    window_->teach(label);
  }
  QCOMPARE(digits->count(), 3);
  QListWidget* list = view->list();
  QCOMPARE(list->count(), 3);
  QCOMPARE(list->item(1)->text(), QStringLiteral("5"));
  QVERIFY(!list->item(1)->icon().isNull());
  QVERIFY(view->findChild<QLabel*>(QStringLiteral("myDigitsSummary"))->text().contains(QStringLiteral("3: 2")));

  // Remove the 5.
  auto* remove = view->findChild<QPushButton*>(QStringLiteral("removeDigitsButton"));
  QVERIFY(!remove->isEnabled());
  list->item(1)->setSelected(true);
  QVERIFY(remove->isEnabled());
  QTest::mouseClick(remove, Qt::LeftButton);
  QCOMPARE(list->count(), 2);
  MyDigits reread(digits->folder());
  reread.reload();
  QCOMPARE(reread.count(), 2);
  QCOMPARE(reread.digits().labels, (std::vector<std::uint8_t>{3, 3}));

  // Clear all asks first: No keeps them, Yes clears (files stay, empty).
  auto* clear = view->findChild<QPushButton*>(QStringLiteral("clearDigitsButton"));
  int asked = 0;
  view->setClearConfirmation([&asked] { return ++asked == 2; });
  QTest::mouseClick(clear, Qt::LeftButton);
  QCOMPARE(digits->count(), 2);
  QTest::mouseClick(clear, Qt::LeftButton);
  QCOMPARE(asked, 2);
  QCOMPARE(digits->count(), 0);
  QCOMPARE(list->count(), 0);
  reread.reload();
  QCOMPARE(reread.count(), 0);
}

void TestTeach::fineTuneTrainsTheCurrentModelFurther() {
  // A small trained model to start from, and bar digits as the base data.
  TrainingPanel* panel = window_->trainingPanel();
  panel->setIdxFiles(data_dir_.filePath(QStringLiteral("train-images-idx3-ubyte")),
                     data_dir_.filePath(QStringLiteral("train-labels-idx1-ubyte")));
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(200);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  Architecture shape = Architecture::mlp(784, {16}, 10, Activation::Relu);
  ModelInfo info;
  info.name = "small";
  const auto base = std::make_shared<const Model>(Model{Network(shape, 0, 4), info});
  window_->session()->setTrainedModel(base);

  auto* fine_tune = window_->myDigitsView()->findChild<QPushButton*>(QStringLiteral("fineTuneButton"));
  QVERIFY(!fine_tune->isEnabled());  // nothing taught yet
  for (int label : {2, 2, 2}) {
    draw_line(window_->drawingPad()->canvas(), {0.2, 0.5}, {0.8, 0.5});
    window_->teach(label);
  }
  QVERIFY(fine_tune->isEnabled());

  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  QTest::mouseClick(fine_tune, Qt::LeftButton);
  QVERIFY(panel->isTraining());
  QVERIFY(!fine_tune->isEnabled());  // one run at a time
  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 60000);
  QTRY_VERIFY(!panel->isTraining());

  const std::shared_ptr<const Model> tuned = window_->session()->model();
  QVERIFY(tuned != base);
  QCOMPARE(tuned->network.architecture(), shape);  // the model's shape, not the panel's recipe
  QVERIFY(QString::fromStdString(tuned->info.name).contains(QStringLiteral("fine-tuned")));
  QVERIFY(QString::fromStdString(tuned->info.dataset).contains(QStringLiteral("my digits")));
  QVERIFY(window_->session()->isModified());
  // It started from the base's weights and moved a little, not from new ones.
  const Eigen::VectorXf& before = base->network.parameters();
  const Eigen::VectorXf& after = tuned->network.parameters();
  const float moved = (after - before).norm() / before.norm();
  QVERIFY2(moved > 0.0f && moved < 0.5f, qPrintable(QStringLiteral("relative change %1").arg(moved)));
  // 200 base digits + 3 taught ones oversampled to kMyDigitShare of the
  // whole (10 %: 22 copies, 222 training digits).
  QCOMPARE(tuned->info.train_count,
           200 + static_cast<int>(std::llround(kMyDigitShare / (1.0 - kMyDigitShare) * 200)));
  QVERIFY(fine_tune->isEnabled());
}

DIGITPAD_QTEST_MAIN(TestTeach)
#include "test_teach.moc"
