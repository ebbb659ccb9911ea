// SPDX-License-Identifier: GPL-3.0-or-later
// No lost or silently broken models: Train asks before replacing an
// unsaved model; a run that is worse on its test set than the model it would
// replace is offered, not forced; a fine-tune that costs more than a point on
// held-out digits says so in numbers and offers Keep / Revert; Edit ▸ Revert
// brings back the model a run replaced, Restore the newer one; a drawing that
// looks like another digit is taught only if the user says so; Auto counts
// train a mini-batch recipe on every digit the source has.

#include "qt_test_main.h"
#include "mouse_strokes.h"
#include "network_helpers.h"
#include "core/data/idx_file.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "fixture_digits.h"
#include "core/io/model_file.h"
#include "ui/shell/main_window.h"
#include "ui/shell/model_session.h"
#include "core/nn/trainer.h"
#include "test_paths.h"
#include "ui/training/training_panel.h"
#include "ui/digits/my_digits.h"

#include <QAction>
#include <QApplication>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace digitpad;
using digitpad::test::draw_line;

namespace {

// The window with its modal questions answered by the test.
class ScriptedWindow : public MainWindow {
 public:
  QMessageBox::StandardButton save_answer = QMessageBox::Cancel;
  int save_questions = 0;
  bool keep_new = true;
  QStringList keep_questions;  // the texts asked
  QStringList keep_buttons;
  bool teach_anyway = false;
  QStringList teach_questions;
  QString save_path;

 protected:
  QString askSavePath() override { return save_path; }
  QMessageBox::StandardButton askToSaveChanges() override {
    ++save_questions;
    return save_answer;
  }
  bool askKeepNewModel(const QString&, const QString& text, const QString& new_label,
                       const QString& current_label) override {
    keep_questions << text;
    keep_buttons << new_label << current_label;
    return keep_new;
  }
  bool askTeachAnyway(const QString& text) override {
    teach_questions << text;
    return teach_anyway;
  }
  void showError(const QString&, const QString& message) override { qWarning("error: %s", qPrintable(message)); }
};

QAction* action(QWidget& window, const char* name) {
  auto* found = window.findChild<QAction*>(QString::fromLatin1(name));
  if (found == nullptr) qFatal("no action %s", name);
  return found;
}

// A small perceptron trained in the test on the fixture's first 450 digits:
// good enough to be clearly better than a one-iteration run.
Model decentModel(const Dataset& digits) {
  std::vector<int> first(450);
  for (int i = 0; i < 450; ++i) first[static_cast<std::size_t>(i)] = i;
  const Dataset train_set = subset(digits, first);
  Network network(Architecture::mlp(784, {32}, 10, Activation::Relu), 0.0f, 3);
  TrainingSettings settings = test::adam_settings(2e-3f, 32);
  settings.epochs = 15;
  train(network, train_set, Dataset{}, settings);
  ModelInfo info;
  info.name = "decent";
  info.dataset = "fixture";
  return Model{std::move(network), info};
}

}  // namespace

class TestModelSafety : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void trainAsksBeforeReplacingAnUnsavedModel();
  void aWorseRunIsOfferedNotForced();
  void aBetterRunReplacesAndRevertBringsTheOldOneBack();
  void fineTuneThatCostsAccuracyOffersKeepOrRevert();
  void autoCountsTrainAMiniBatchRecipeOnEveryDigit();
  void teachAsksWhenTheDrawingLooksLikeAnotherDigit();

 private:
  // Points the panel at the fixture's 500 digits (one IDX pair: it gets split).
  void useFixture(TrainingPanel* panel);
  void startRun(ScriptedWindow& window);
  static void waitForRunEnd(TrainingPanel* panel, QSignalSpy& trained);

  QTemporaryDir dir_;
  QString images_, labels_, decent_path_;
  Dataset digits_;
};

void TestModelSafety::initTestCase() {
  QVERIFY(dir_.isValid());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());  // no default digits
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(dir_.filePath(QStringLiteral("cache")) + QStringLiteral("/runs")).toUtf8());
  QCoreApplication::setOrganizationName(QStringLiteral("DigitPadTest"));
  QCoreApplication::setApplicationName(QStringLiteral("test_model_safety"));
  digits_ = fixtureDigits(kFixtureDigitCount);
  images_ = dir_.filePath(QStringLiteral("digits-images-idx3-ubyte"));
  labels_ = dir_.filePath(QStringLiteral("digits-labels-idx1-ubyte"));
  write_idx_pair(images_.toStdString(), labels_.toStdString(), digits_);
  const Model decent = decentModel(digits_);
  decent_path_ = dir_.filePath(QStringLiteral("decent.dpm"));
  save_model(decent_path_.toStdString(), decent.network, decent.info);
}

void TestModelSafety::init() {
  QDir(dir_.filePath(QStringLiteral("my-digits"))).removeRecursively();
  qputenv(MyDigits::kFolderVariable, dir_.filePath(QStringLiteral("my-digits")).toUtf8());
}

void TestModelSafety::useFixture(TrainingPanel* panel) { panel->setIdxFiles(images_, labels_); }

void TestModelSafety::waitForRunEnd(TrainingPanel* panel, QSignalSpy& trained) {
  QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 120000);
  QTRY_VERIFY_WITH_TIMEOUT(!panel->isTraining(), 60000);
}

void TestModelSafety::trainAsksBeforeReplacingAnUnsavedModel() {
  ScriptedWindow window;
  TrainingPanel* panel = window.trainingPanel();
  useFixture(panel);
  panel->applyPreset(QStringLiteral("seed"));
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(300);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel->findChild<QSpinBox*>(QStringLiteral("iterationsSpin"))->setValue(2);
  window.session()->setTrainedModel(std::make_shared<const Model>(decentModel(digits_)));
  QVERIFY(window.session()->isModified());

  // Cancel: nothing starts, the unsaved model stays.
  window.save_answer = QMessageBox::Cancel;
  QSignalSpy started(panel, &TrainingPanel::trainingStarted);
  action(window, "actionTrain")->trigger();
  QCOMPARE(window.save_questions, 1);
  QCOMPARE(started.count(), 0);
  QVERIFY(!panel->isTraining());
  QVERIFY(panel->message().contains(QStringLiteral("not started")));

  // Save: written first, then the run starts. (Its two iterations make a
  // model worse than the saved one, which the test declines.)
  window.keep_new = false;
  window.save_answer = QMessageBox::Save;
  window.save_path = dir_.filePath(QStringLiteral("saved-before-training.dpm"));
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  action(window, "actionTrain")->trigger();
  QCOMPARE(window.save_questions, 2);
  QVERIFY(QFileInfo::exists(window.save_path));
  QCOMPARE(started.count(), 1);
  waitForRunEnd(panel, trained);

  // Nothing unsaved in use (the run's worse model was declined): no question.
  QCOMPARE(window.keep_questions.size(), 1);
  QVERIFY(!window.session()->isModified());
  QSignalSpy trained_again(panel, &TrainingPanel::modelTrained);
  action(window, "actionTrain")->trigger();
  QCOMPARE(window.save_questions, 2);
  waitForRunEnd(panel, trained_again);
}

void TestModelSafety::aWorseRunIsOfferedNotForced() {
  ScriptedWindow window;
  QVERIFY(window.openModel(decent_path_));
  const std::shared_ptr<const Model> decent = window.session()->model();
  TrainingPanel* panel = window.trainingPanel();
  useFixture(panel);
  // Two iterations of the seed's full-batch descent: far worse than "decent".
  panel->applyPreset(QStringLiteral("seed"));
  panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->setValue(300);
  panel->findChild<QSpinBox*>(QStringLiteral("testCountSpin"))->setValue(100);
  panel->findChild<QSpinBox*>(QStringLiteral("iterationsSpin"))->setValue(2);

  window.keep_new = false;
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  action(window, "actionTrain")->trigger();
  QCOMPARE(window.save_questions, 0);  // the current model is saved
  waitForRunEnd(panel, trained);

  // Asked, in numbers: the new model's and the current one's accuracy on the run's 100 test digits.
  QCOMPARE(window.keep_questions.size(), 1);
  const QString question = window.keep_questions.front();
  const AccuracyChange change = panel->lastComparisons().at(0);
  QCOMPARE(change.count, 100);
  QVERIFY2(change.after < change.before, qPrintable(question));
  const auto percent = [](float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); };
  QVERIFY2(question.contains(QStringLiteral("Keep the new model (%1) or the current one (%2)?")
                                 .arg(percent(change.after), percent(change.before))),
           qPrintable(question));
  QVERIFY2(question.contains(QStringLiteral("decent")), qPrintable(question));
  QCOMPARE(window.keep_buttons,
           (QStringList{QStringLiteral("Keep the new model"), QStringLiteral("Keep the current one")}));

  // Declined: the current model stays, saved as it was; the new one can still be had.
  QCOMPARE(window.session()->model(), decent);
  QVERIFY(!window.session()->isModified());
  QCOMPARE(window.session()->path(), decent_path_);
  QVERIFY(panel->message().contains(QStringLiteral("Kept")));
  QAction* restore = action(window, "actionRestoreModel");
  QVERIFY(restore->isEnabled());
  restore->trigger();
  QCOMPARE(window.session()->model(), panel->lastModel());
  QVERIFY(window.session()->isModified());
  // And back again.
  QAction* revert = action(window, "actionRevertModel");
  QVERIFY(revert->isEnabled());
  QVERIFY(revert->text().contains(QStringLiteral("decent")));
  revert->trigger();
  QCOMPARE(window.session()->model(), decent);
  QCOMPARE(window.session()->path(), decent_path_);
  QVERIFY(!window.session()->isModified());
}

void TestModelSafety::aBetterRunReplacesAndRevertBringsTheOldOneBack() {
  ScriptedWindow window;
  // A model that knows nothing yet (fresh weights), saved to a file.
  const QString weak_path = dir_.filePath(QStringLiteral("weak.dpm"));
  ModelInfo info;
  info.name = "weak";
  save_model(weak_path.toStdString(), Network(Architecture::mlp(784, {32}, 10, Activation::Relu), 0.0f, 9), info);
  QVERIFY(window.openModel(weak_path));
  const std::shared_ptr<const Model> weak = window.session()->model();
  QVERIFY(!action(window, "actionRevertModel")->isEnabled());

  TrainingPanel* panel = window.trainingPanel();
  useFixture(panel);
  panel->applyPreset(QStringLiteral("recommended"));
  panel->findChild<QSpinBox*>(QStringLiteral("epochsSpin"))->setValue(3);
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  action(window, "actionTrain")->trigger();
  waitForRunEnd(panel, trained);

  QVERIFY(window.keep_questions.isEmpty());  // better: no question
  const std::shared_ptr<const Model> trained_model = window.session()->model();
  QVERIFY(trained_model != weak);
  QCOMPARE(trained_model, panel->lastModel());
  QVERIFY(window.session()->isModified());
  QVERIFY(panel->message().contains(QStringLiteral("Revert")));

  // Edit ▸ Revert: the weak model, its file and saved state, as they were.
  QAction* revert = action(window, "actionRevertModel");
  QVERIFY(revert->isEnabled());
  QVERIFY(revert->text().contains(QStringLiteral("weak")));
  revert->trigger();
  QCOMPARE(window.session()->model(), weak);
  QCOMPARE(window.session()->path(), weak_path);
  QVERIFY(!window.session()->isModified());
  QCOMPARE(window.drawingPad()->network().get(), &weak->network);
  QVERIFY(!revert->isEnabled());
  // Restore: the trained one again, still unsaved.
  action(window, "actionRestoreModel")->trigger();
  QCOMPARE(window.session()->model(), trained_model);
  QVERIFY(window.session()->isModified());
}

void TestModelSafety::fineTuneThatCostsAccuracyOffersKeepOrRevert() {
  ScriptedWindow window;
  QVERIFY(window.openModel(decent_path_));
  const std::shared_ptr<const Model> decent = window.session()->model();
  TrainingPanel* panel = window.trainingPanel();
  useFixture(panel);

  // Forty real 1s taught as 7s: fine-tuning on them teaches the network to
  // read 1s as 7s, which the held-out digits show.
  int taught = 0;
  for (int i = 0; i < digits_.count() && taught < 40; ++i) {
    if (digits_.labels[static_cast<std::size_t>(i)] != 1) continue;
    window.myDigits()->add(digits_.images.col(i), 7);
    ++taught;
  }
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  window.keep_new = false;  // Revert
  window.fineTune();
  waitForRunEnd(panel, trained);

  QCOMPARE(window.keep_questions.size(), 1);
  const QString question = window.keep_questions.front();
  const AccuracyChange change = panel->lastComparisons().at(0);
  QCOMPARE(change.count, 50);  // Auto: a tenth of the 500 held out
  QVERIFY2(change.drop_points() > 1.0f, qPrintable(question));
  const auto percent = [](float fraction) { return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1); };
  QVERIFY2(question.contains(QStringLiteral("on 50 test digits of the run from %1 to %2")
                                 .arg(percent(change.before), percent(change.after))),
           qPrintable(question));
  // The class that lost most, named with its figures (of a few held-out digits each).
  const int worst = change.worst_class();
  QVERIFY(worst >= 0);
  QVERIFY2(question.contains(QStringLiteral("the %1s: %2 \u2192 %3")
                                 .arg(worst)
                                 .arg(percent(change.class_before[static_cast<std::size_t>(worst)]),
                                      percent(change.class_after[static_cast<std::size_t>(worst)]))),
           qPrintable(question));
  QVERIFY2(question.contains(QStringLiteral("\u201cdecent\u201d")), qPrintable(question));
  QCOMPARE(window.keep_buttons, (QStringList{QStringLiteral("Keep fine-tuned"), QStringLiteral("Revert")}));
  // Reverted: nothing replaced; the fine-tuned model can still be restored.
  QCOMPARE(window.session()->model(), decent);
  QVERIFY(!window.session()->isModified());
  QVERIFY(action(window, "actionRestoreModel")->isEnabled());

  // Keep: the fine-tuned model is in use, and Revert brings "decent" back.
  QSignalSpy trained_again(panel, &TrainingPanel::modelTrained);
  window.keep_new = true;
  window.fineTune();
  waitForRunEnd(panel, trained_again);
  QCOMPARE(window.keep_questions.size(), 2);
  QVERIFY(window.session()->model() != decent);
  QVERIFY(QString::fromStdString(window.session()->model()->info.name).contains(QStringLiteral("fine-tuned")));
  action(window, "actionRevertModel")->trigger();
  QCOMPARE(window.session()->model(), decent);
}

void TestModelSafety::autoCountsTrainAMiniBatchRecipeOnEveryDigit() {
  ScriptedWindow window;
  TrainingPanel* panel = window.trainingPanel();
  useFixture(panel);
  panel->applyPreset(QStringLiteral("recommended"));
  panel->findChild<QSpinBox*>(QStringLiteral("epochsSpin"))->setValue(1);
  QCOMPARE(panel->findChild<QSpinBox*>(QStringLiteral("trainCountSpin"))->value(), 0);  // Auto
  QSignalSpy trained(panel, &TrainingPanel::modelTrained);
  action(window, "actionTrain")->trigger();
  waitForRunEnd(panel, trained);
  // All 500 digits: 450 to train on, 50 held out (not the seed's 1000/350).
  QCOMPARE(panel->lastModel()->info.train_count, 450);
  QCOMPARE(panel->lastModel()->info.test_count, 50);

  // The full-batch Seed preset keeps the seed experiment's sizes, which 500
  // digits cannot give: the run says so.
  window.save_answer = QMessageBox::Discard;  // the first run's model is unsaved
  panel->applyPreset(QStringLiteral("seed"));
  QSignalSpy ended(panel, &TrainingPanel::trainingEnded);
  action(window, "actionTrain")->trigger();
  QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
  QCOMPARE(window.save_questions, 1);
  QVERIFY2(panel->message().contains(QStringLiteral("1000")), qPrintable(panel->message()));
}

void TestModelSafety::teachAsksWhenTheDrawingLooksLikeAnotherDigit() {
  const std::filesystem::path shipped = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  if (!std::filesystem::exists(shipped)) QSKIP("models/default.dpm is absent");
  ScriptedWindow window;
  window.resize(1280, 820);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openModel(QString::fromStdString(shipped.string())));
  DrawingCanvas* canvas = window.drawingPad()->canvas();

  // A plain 1, taught as 0: the network reads it as a 1, confidently.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  QCOMPARE(window.drawingPad()->predictedDigit(), 1);
  window.teach_anyway = false;
  window.teach(0);
  QCOMPARE(window.teach_questions.size(), 1);
  QVERIFY2(window.teach_questions.front().startsWith(QStringLiteral("This looks like a 1 to the network")),
           qPrintable(window.teach_questions.front()));
  QVERIFY(window.teach_questions.front().contains(QStringLiteral("Teach it as 0 anyway?")));
  QCOMPARE(window.myDigits()->count(), 0);  // not added
  QVERIFY(!canvas->isEmpty());              // the drawing stays

  // Anyway: added.
  window.teach_anyway = true;
  window.teach(0);
  QCOMPARE(window.teach_questions.size(), 2);
  QCOMPARE(window.myDigits()->count(), 1);
  QVERIFY(canvas->isEmpty());

  // Taught as what the network reads: no question.
  draw_line(canvas, {0.5, 0.15}, {0.5, 0.85});
  window.teach(1);
  QCOMPARE(window.teach_questions.size(), 2);
  QCOMPARE(window.myDigits()->count(), 2);
}

DIGITPAD_QTEST_MAIN(TestModelSafety)
#include "test_model_safety.moc"
