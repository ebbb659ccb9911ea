// SPDX-License-Identifier: GPL-3.0-or-later
// "Why?" on the 28x28 view, driven as a user would: draw with the mouse,
// press Why?, draw again; the view's pixels, its heat map and the legend are
// checked, with the shipped model reading the drawings.

#include "qt_test_main.h"
#include "core/io/model_file.h"
#include "mouse_strokes.h"
#include "ui/pad/answer_explainer.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/explanation_reader.h"
#include "ui/pad/input_preview.h"
#include "test_paths.h"

#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include <filesystem>
#include <memory>
#include <utility>

using namespace digitpad;

class TestWhy : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void offByDefaultAndNothingTinted();
  void showsWhyTheDrawingIsASeven();
  void followsANewStroke();
  void turningItOffRemovesTheTint();
  void theCanvasKeepsItsSizeWhenWhyIsTurnedOn();
  void aClearedCanvasHasNothingToExplain();
  void legendNamesTheNotADigitClassInWords();

 private:
  void drawSeven();
  QImage previewPixels() const { return preview_->grab().toImage().convertToFormat(QImage::Format_RGB32); }
  // The explainer's worker, to wait for the maps in flight.
  ExplanationReader* reader() const { return pad_->answerExplainer()->findChild<ExplanationReader*>(); }

  std::unique_ptr<DrawingPad> pad_;
  DrawingCanvas* canvas_ = nullptr;
  InputPreview* preview_ = nullptr;
  QToolButton* toggle_ = nullptr;
  QLabel* legend_ = nullptr;
};

void TestWhy::init() {
  const std::filesystem::path path = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  pad_ = std::make_unique<DrawingPad>();
  pad_->resize(1000, 640);
  pad_->setNetwork(std::make_shared<const Network>(load_model(path.string()).network));
  pad_->show();
  QVERIFY(QTest::qWaitForWindowExposed(pad_.get()));
  canvas_ = pad_->canvas();
  preview_ = pad_->findChild<InputPreview*>("inputPreview");
  toggle_ = pad_->findChild<QToolButton*>("whyToggle");
  legend_ = pad_->findChild<QLabel*>("whyLegend");
  QVERIFY(preview_ && toggle_ && legend_);
  QVERIFY(toggle_->isCheckable());
  QVERIFY(!toggle_->toolTip().isEmpty());
}

void TestWhy::cleanup() { pad_.reset(); }

void TestWhy::drawSeven() {
  test::draw_line(canvas_, {0.25, 0.18}, {0.75, 0.18});
  test::draw_line(canvas_, {0.75, 0.18}, {0.45, 0.85});
  QCOMPARE(pad_->predictedDigit(), 7);
}

void TestWhy::offByDefaultAndNothingTinted() {
  drawSeven();
  QVERIFY(!toggle_->isChecked());
  QVERIFY(!preview_->showsHeatMap());
  QVERIFY(legend_->isHidden());
}

void TestWhy::showsWhyTheDrawingIsASeven() {
  drawSeven();
  const QImage plain = previewPixels();
  QSignalSpy explained(pad_->answerExplainer(), &AnswerExplainer::explained);
  toggle_->click();
  QVERIFY(toggle_->isChecked());
  QTRY_VERIFY(preview_->showsHeatMap());
  QCOMPARE(explained.count(), 1);
  QCOMPARE(preview_->heatMap().answer, 7);
  QVERIFY(preview_->heatMap().strongest() > 0.0f);
  // The 7's own ink is what made it a 7: the heat on the inked pixels leans
  // towards the answer.
  const Eigen::VectorXf& input = *pad_->lastInput();
  QVERIFY(preview_->heatMap().heat.dot(input) > 0.0f);
  QVERIFY(previewPixels() != plain);
  QVERIFY(legend_->isVisible());
  QVERIFY2(legend_->text().contains("■</span> made it a 7<br>"), qPrintable(legend_->text()));
  QVERIFY2(legend_->text().contains("■</span> looked like"), qPrintable(legend_->text()));
  QVERIFY2(legend_->toolTip().startsWith("Red: what made it a 7; blue: what looked like "),
           qPrintable(legend_->toolTip()));
}

void TestWhy::followsANewStroke() {
  drawSeven();
  toggle_->click();
  QTRY_VERIFY(preview_->showsHeatMap());
  const Eigen::VectorXf before = preview_->heatMap().heat;
  const QImage tinted = previewPixels();
  QSignalSpy explained(pad_->answerExplainer(), &AnswerExplainer::explained);
  // A bar across the middle: a crossed 7, another input, another map.
  test::draw_line(canvas_, {0.4, 0.5}, {0.75, 0.5});
  QTRY_VERIFY(explained.count() >= 1);
  QTRY_VERIFY(preview_->heatMap().heat != before);
  QVERIFY(previewPixels() != tinted);
  QVERIFY(legend_->text().contains("made it"));
}

void TestWhy::turningItOffRemovesTheTint() {
  drawSeven();
  const QImage plain = previewPixels();
  toggle_->click();
  QTRY_VERIFY(preview_->showsHeatMap());
  toggle_->click();
  QVERIFY(!preview_->showsHeatMap());
  QVERIFY(legend_->isHidden());
  QCOMPARE(previewPixels(), plain);
  // Off, a new stroke computes nothing.
  QSignalSpy explained(pad_->answerExplainer(), &AnswerExplainer::explained);
  test::draw_line(canvas_, {0.4, 0.5}, {0.75, 0.5});
  // The pad predicted on release and told the explainer, which asked its
  // reader for nothing: no map is on its way.
  QVERIFY(!reader()->isBusy());
  QCOMPARE(explained.count(), 0);
  QVERIFY(!preview_->showsHeatMap());
}

void TestWhy::theCanvasKeepsItsSizeWhenWhyIsTurnedOn() {
  drawSeven();
  const QSize canvas = canvas_->size();
  const Eigen::VectorXf input = *pad_->lastInput();
  toggle_->click();
  QTRY_VERIFY(preview_->showsHeatMap());
  QCOMPARE(canvas_->size(), canvas);
  QVERIFY(*pad_->lastInput() == input);
}

void TestWhy::aClearedCanvasHasNothingToExplain() {
  drawSeven();
  toggle_->click();
  QTRY_VERIFY(preview_->showsHeatMap());
  pad_->clearAction()->trigger();
  QVERIFY(!preview_->showsHeatMap());
  QVERIFY(legend_->text().contains("Draw a digit"));
  // A map of the old drawing still on its way is not shown over the blank
  // view: once the reader is idle and its last result delivered, still none.
  QTRY_VERIFY(!reader()->isBusy());
  QCoreApplication::processEvents();
  QVERIFY(!preview_->showsHeatMap());
}

// The legend's two lines fit its room for every answer, the longest words
// included: nothing is cut off, and the view above never moves.
void TestWhy::legendNamesTheNotADigitClassInWords() {
  QVERIFY(AnswerExplainer::legendText(10, 4).contains("made it not a digit"));
  QVERIFY(AnswerExplainer::legendText(1, 10).contains("looked like no digit"));
  QVERIFY(AnswerExplainer::legendText(8, 3).contains("made it an 8"));
  QVERIFY(
      AnswerExplainer::legendSentence(10, 8).contains("Red: what made it not a digit; blue: what looked like an 8."));
  toggle_->click();
  const QSize room = legend_->size();
  for (const auto& [answer, runner_up] : {std::pair{10, 8}, std::pair{8, 10}, std::pair{7, 1}}) {
    legend_->setText(AnswerExplainer::legendText(answer, runner_up));
    QVERIFY2(legend_->heightForWidth(room.width()) <= room.height(), qPrintable(legend_->text()));
    QCOMPARE(legend_->size(), room);
  }
}

DIGITPAD_QTEST_MAIN(TestWhy)
#include "test_why.moc"
