// SPDX-License-Identifier: GPL-3.0-or-later
// Number mode, driven as a user would: the Number button, then digits drawn
// side by side with real mouse events (QTest::mousePress / mouseMove /
// mouseRelease), read by the shipped model. Checks the number shown, one tile
// per digit, how the drawing was split, and that Digit mode, Clear and the
// View menu still do what they did.

#include "qt_test_main.h"
#include "core/io/model_file.h"
#include "ui/pad/digit_boxes_overlay.h"
#include "ui/pad/digit_tile.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/mode_switch.h"
#include "ui/pad/number_answer.h"
#include "ui/pad/probability_bars.h"
#include "ui/pad/teach_row.h"
#include "ui/shell/main_window.h"
#include "ui/digits/my_digits.h"
#include "test_paths.h"

#include <QAction>
#include <QLabel>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numbers>

using namespace digitpad;

namespace {

// A digit's strokes, in a cell kCellWidth wide and 1 tall; the cell is
// placed on the canvas in units of the canvas' height (its shorter side).
using Stroke = QVector<QPointF>;
using Shape = QVector<Stroke>;
constexpr double kCellWidth = 0.5;

Stroke line(QPointF from, QPointF to, int steps = 16) {
  Stroke stroke;
  for (int i = 0; i <= steps; ++i) stroke << from + (to - from) * (static_cast<double>(i) / steps);
  return stroke;
}

Stroke joined(Stroke first, const Stroke& second) {
  first.append(second.mid(1));
  return first;
}

// Simple shapes a mouse draws, each checked alone in Digit mode
// (eachShapeReadsAloneInDigitMode) before the numbers rely on it.
Shape shape(QChar digit) {
  switch (digit.unicode()) {
    case '0': {  // an ellipse, from the top, clockwise
      Stroke ellipse;
      for (int i = 0; i <= 40; ++i) {
        const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * i / 40;
        ellipse << QPointF(0.25 + 0.22 * std::cos(angle), 0.5 + 0.4 * std::sin(angle));
      }
      return {ellipse};
    }
    case '1':  // a vertical bar
      return {line({0.25, 0.1}, {0.25, 0.9})};
    case '2': {  // an arc over the top, a diagonal down, a base line
      Stroke arc;
      for (int i = 0; i <= 20; ++i) {
        const double angle = std::numbers::pi * (1.0 + 1.25 * i / 20);
        arc << QPointF(0.25 + 0.22 * std::cos(angle), 0.32 + 0.22 * std::sin(angle));
      }
      return {joined(joined(arc, line(arc.last(), {0.03, 0.9})), line({0.03, 0.9}, {0.47, 0.9}))};
    }
    case '4':  // a slanted stroke into the bar, then the stem
      return {joined(line({0.36, 0.1}, {0.02, 0.62}), line({0.02, 0.62}, {0.48, 0.62})),
              line({0.36, 0.35}, {0.36, 0.9})};
    case '7':  // a bar and a diagonal, one stroke
      return {joined(line({0.02, 0.1}, {0.48, 0.1}), line({0.48, 0.1}, {0.18, 0.9}))};
    default: qFatal("no test shape for %c", digit.toLatin1());
  }
}

// Draws `stroke` with real mouse events: press, moves with the button held,
// release. The cell's top left is at `origin`, the digit `scale` as tall as the canvas.
void draw(DrawingCanvas* canvas, const Stroke& stroke, QPointF origin, double scale) {
  const double unit = std::min(canvas->width(), canvas->height());
  const auto at = [&](QPointF point) { return ((origin + point * scale) * unit).toPoint(); };
  QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, at(stroke.first()));
  for (qsizetype i = 1; i < stroke.size(); ++i) QTest::mouseMove(canvas, at(stroke[i]));
  QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, at(stroke.last()));
}

// Digits about as tall as people write them on a line: two thirds of it.
constexpr double kScale = 0.65;

// Writes `digits` left to right, each in its cell, `gap` apart (in units
// of the canvas' height), starting at `left`, vertically centred.
void write(DrawingCanvas* canvas, const QString& digits, double gap = 0.12, double left = 0.1) {
  const double top = (1.0 - kScale) / 2;
  for (qsizetype i = 0; i < digits.size(); ++i) {
    for (const Stroke& stroke : shape(digits[i]))
      draw(canvas, stroke, {left + i * (kCellWidth * kScale + gap), top}, kScale);
  }
}

}  // namespace

class TestNumberMode : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void eachShapeReadsAloneInDigitMode_data();
  void eachShapeReadsAloneInDigitMode();
  void numberModeWidensTheCanvasAndTurnsTeachingOff();
  void readsTheNumberWritten_data();
  void readsTheNumberWritten();
  void aOneCloseToASevenIsTwoDigits();
  void clearingEmptiesTheNumber();
  void backToDigitModeShowsOneDigit();
  void viewMenuAndShortcutsSwitchModes();
  void aSprinkleOfDotsIsTooManyMarksToBeANumber();
  void aModelWhoseOutputsAreNaNGivesNoAnswer();

 private:
  void switchTo(PadMode mode);

  std::shared_ptr<const Network> model_;
  std::unique_ptr<DrawingPad> pad_;
  DrawingCanvas* canvas_ = nullptr;
  NumberAnswer* answer_ = nullptr;
  QTemporaryDir dir_;
};

void TestNumberMode::initTestCase() {
  const std::filesystem::path path = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  QVERIFY2(std::filesystem::exists(path), "models/default.dpm, the shipped model, is missing");
  model_ = std::make_shared<const Network>(load_model(path.string()).network);
  QVERIFY(dir_.isValid());
  qputenv("XDG_CONFIG_HOME", dir_.filePath(QStringLiteral("config")).toUtf8());
  qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toUtf8());
  // Runs the window keeps (training/run_history.h) stay out of the user's data too.
  qputenv("DIGITPAD_RUN_HISTORY", QString(dir_.filePath(QStringLiteral("cache")) + QStringLiteral("/runs")).toUtf8());
  qputenv(MyDigits::kFolderVariable, dir_.filePath(QStringLiteral("my-digits")).toUtf8());
}

void TestNumberMode::init() {
  pad_ = std::make_unique<DrawingPad>();
  pad_->resize(900, 760);
  pad_->setNetwork(model_);
  pad_->show();
  QVERIFY(QTest::qWaitForWindowExposed(pad_.get()));
  canvas_ = pad_->canvas();
  answer_ = pad_->numberAnswer();
}

void TestNumberMode::cleanup() { pad_.reset(); }

// Through the button, as a user would.
void TestNumberMode::switchTo(PadMode mode) {
  auto* button = pad_->findChild<QToolButton*>(mode == PadMode::Number ? QStringLiteral("numberModeButton")
                                                                       : QStringLiteral("digitModeButton"));
  QVERIFY(button);
  QTest::mouseClick(button, Qt::LeftButton);
  QCOMPARE(pad_->mode(), mode);
  // The canvas takes its new shape once the layout has run.
  if (mode == PadMode::Number) {
    QTRY_VERIFY(canvas_->width() > canvas_->height() * 3 / 2);
  } else {
    QTRY_COMPARE(canvas_->width(), canvas_->height());
  }
}

void TestNumberMode::eachShapeReadsAloneInDigitMode_data() {
  QTest::addColumn<QString>("digit");
  for (const char* digit : {"0", "1", "2", "4", "7"}) QTest::newRow(digit) << QString::fromLatin1(digit);
}

void TestNumberMode::eachShapeReadsAloneInDigitMode() {
  QFETCH(QString, digit);
  // Centred in the square canvas, as large as in the numbers below.
  write(canvas_, digit, 0.0, (1.0 - kCellWidth * kScale) / 2);
  QTRY_COMPARE(pad_->predictedDigit(), digit.toInt());
}

void TestNumberMode::numberModeWidensTheCanvasAndTurnsTeachingOff() {
  QCOMPARE(pad_->mode(), PadMode::Digit);
  QVERIFY(!answer_->isVisible());
  switchTo(PadMode::Number);
  QVERIFY(answer_->isVisible());
  QVERIFY(!pad_->findChild<ProbabilityBars*>()->isVisible());
  QVERIFY(canvas_->width() >= pad_->width() - 40);                                        // spans the pad
  QVERIFY(pad_->findChild<QWidget*>(QStringLiteral("numberVerdictLabel"))->isVisible());  // the hint
  write(canvas_, QStringLiteral("17"));
  QTRY_COMPARE(answer_->number(), QStringLiteral("17"));
  // Teaching takes one digit: its keys and buttons are off, and say why.
  for (QAction* action : pad_->teachRow()->digitActions()) {
    QVERIFY(!action->isEnabled());
    QVERIFY2(action->toolTip().contains(QStringLiteral("Digit mode")), qPrintable(action->toolTip()));
  }
  QVERIFY(!pad_->lastInput().has_value());
}

void TestNumberMode::readsTheNumberWritten_data() {
  QTest::addColumn<QString>("number");
  QTest::newRow("17") << QStringLiteral("17");
  QTest::newRow("2024") << QStringLiteral("2024");
  QTest::newRow("1740") << QStringLiteral("1740");
}

void TestNumberMode::readsTheNumberWritten() {
  QFETCH(QString, number);
  switchTo(PadMode::Number);
  QSignalSpy read(pad_.get(), &DrawingPad::numberChanged);
  write(canvas_, number);
  QVERIFY(!read.isEmpty() || read.wait(2000));

  QTRY_COMPARE(answer_->number(), number);
  QCOMPARE(QString::fromStdString(pad_->lastNumber().text()), number);
  auto* label = answer_->findChild<QLabel*>(QStringLiteral("numberLabel"));
  QVERIFY(label->isVisible());
  QCOMPARE(label->text(), number);

  // One tile per digit, in order, each with its 28x28 input and probability.
  const QList<DigitTile*> tiles = answer_->tiles();
  QCOMPARE(tiles.size(), number.size());
  for (qsizetype i = 0; i < tiles.size(); ++i) {
    QCOMPARE(tiles[i]->digit(), number[i].digitValue());
    QTRY_VERIFY(tiles[i]->isVisible());  // shown by the layout on the next turn of the event loop
    QCOMPARE(tiles[i]->probability(), pad_->lastNumber().digits[static_cast<std::size_t>(i)].probability);
    QVERIFY(tiles[i]->findChild<QWidget*>(QStringLiteral("digitTileInput")));
  }

  // The split is outlined on the canvas: one box per digit, left to right.
  auto* boxes = canvas_->findChild<DigitBoxesOverlay*>();
  QVERIFY(boxes && boxes->isVisible());
  QCOMPARE(boxes->boxes().size(), number.size());
  for (qsizetype i = 1; i < boxes->boxes().size(); ++i)
    QVERIFY(boxes->boxes()[i - 1].right() < boxes->boxes()[i].left());
}

void TestNumberMode::aOneCloseToASevenIsTwoDigits() {
  switchTo(PadMode::Number);
  // The 7's bar starts 0.12 of the height right of the 1's centre line: with
  // the pen's width, a gap of about a twentieth of the height between the inks.
  const double unit = canvas_->height();
  const double top = (1.0 - kScale) / 2;
  const double one_x = 0.25 * kScale;  // the 1's centre line within its cell
  const double seven_bar = 0.02 * kScale;
  for (const Stroke& stroke : shape('1')) draw(canvas_, stroke, {0.3, top}, kScale);
  for (const Stroke& stroke : shape('7')) draw(canvas_, stroke, {0.3 + one_x + 0.12 - seven_bar, top}, kScale);
  QTRY_COMPARE(answer_->number(), QStringLiteral("17"));
  QCOMPARE(answer_->tiles().size(), 2);
  const NumberReading& reading = pad_->lastNumber();
  QCOMPARE(reading.digits.size(), std::size_t{2});
  const PixelBox one = reading.digits[0].box;
  const PixelBox seven = reading.digits[1].box;
  QVERIFY2(seven.x - (one.x + one.width) < 0.1 * unit,
           qPrintable(QStringLiteral("the 1 ends at %1, the 7 starts at %2").arg(one.x + one.width).arg(seven.x)));
  QVERIFY(one.width < seven.width / 2);  // the 1 alone, not the pair
}

void TestNumberMode::clearingEmptiesTheNumber() {
  switchTo(PadMode::Number);
  write(canvas_, QStringLiteral("17"));
  QTRY_COMPARE(answer_->number(), QStringLiteral("17"));

  pad_->activateWindow();
  canvas_->setFocus();
  QVERIFY(QTest::qWaitForWindowActive(pad_.get()));
  QTest::keyClick(canvas_, Qt::Key_Escape);
  QTRY_VERIFY(canvas_->isEmpty());
  QTRY_COMPARE(answer_->number(), QString());
  QCOMPARE(answer_->tiles().size(), 0);
  QVERIFY(pad_->lastNumber().empty());
  QVERIFY(canvas_->findChild<DigitBoxesOverlay*>()->boxes().isEmpty());
  QVERIFY(!answer_->findChild<QLabel*>(QStringLiteral("numberLabel"))->isVisible());

  write(canvas_, QStringLiteral("4"));
  QTRY_COMPARE(answer_->number(), QStringLiteral("4"));
  QTest::keyClick(canvas_, Qt::Key_Delete);
  QTRY_COMPARE(answer_->number(), QString());
}

void TestNumberMode::backToDigitModeShowsOneDigit() {
  switchTo(PadMode::Number);
  write(canvas_, QStringLiteral("2024"));
  QTRY_COMPARE(answer_->number(), QStringLiteral("2024"));

  switchTo(PadMode::Digit);
  // "2024" reaches past Digit mode's square: hidden there, so it is cleared.
  QVERIFY(canvas_->isEmpty());
  QVERIFY(!answer_->isVisible());
  QVERIFY(pad_->lastNumber().empty());
  auto* bars = pad_->findChild<ProbabilityBars*>();
  QVERIFY(bars->isVisible());
  QVERIFY(canvas_->findChild<DigitBoxesOverlay*>()->isHidden());

  write(canvas_, QStringLiteral("7"), 0.0, (1.0 - kCellWidth * kScale) / 2);
  QTRY_COMPARE(pad_->predictedDigit(), 7);
  // One probability per class of the model: ten digits and, for the shipped model, not-a-digit.
  QCOMPARE(bars->probabilities().size(), pad_->network()->architecture().outputs);
  QVERIFY(pad_->lastInput().has_value());
  QVERIFY(pad_->teachRow()->action(7)->isEnabled());
  QVERIFY(!pad_->teachRow()->action(7)->toolTip().contains(QStringLiteral("Digit mode")));

  // A digit drawn in Digit mode fits the wide canvas: it stays, read as a number.
  switchTo(PadMode::Number);
  QCOMPARE(canvas_->strokeCount(), 1);
  QTRY_COMPARE(answer_->number(), QStringLiteral("7"));
  QCOMPARE(pad_->predictedDigit(), -1);
}

void TestNumberMode::viewMenuAndShortcutsSwitchModes() {
  MainWindow window;
  window.resize(1280, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  DrawingPad* pad = window.drawingPad();
  auto* number_action = window.findChild<QAction*>(QStringLiteral("numberModeAction"));
  auto* digit_action = window.findChild<QAction*>(QStringLiteral("digitModeAction"));
  QVERIFY(number_action && digit_action);
  QVERIFY(!number_action->associatedObjects().isEmpty());

  number_action->trigger();  // View ▸ Number mode
  QCOMPARE(pad->mode(), PadMode::Number);
  QVERIFY(pad->modeSwitch()->findChild<QToolButton*>(QStringLiteral("numberModeButton"))->isChecked());
  QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
  QCOMPARE(pad->mode(), PadMode::Digit);
  QVERIFY(digit_action->isChecked());
  QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
  QCOMPARE(pad->mode(), PadMode::Number);
  pad->setMode(PadMode::Digit);
  QVERIFY(digit_action->isChecked());
}

// Dots clicked all over the canvas (they used to read as a row of 1s, one per
// column of dots): the answer says it is no number.
void TestNumberMode::aSprinkleOfDotsIsTooManyMarksToBeANumber() {
  switchTo(PadMode::Number);
  // A fine pen, so that the dots stay apart as specks do.
  canvas_->setPenWidth(DrawingCanvas::kMinimumPenWidth);
  const int columns = 20, rows = 8;
  for (int row = 0; row < rows; ++row)
    for (int column = 0; column < columns; ++column) {
      const QPoint at((column + 1) * canvas_->width() / (columns + 1), (row + 1) * canvas_->height() / (rows + 1));
      QTest::mousePress(canvas_, Qt::LeftButton, Qt::NoModifier, at);
      QTest::mouseMove(canvas_, at + QPoint(2, 0));
      QTest::mouseRelease(canvas_, Qt::LeftButton, Qt::NoModifier, at + QPoint(2, 0));
    }
  auto* verdict = answer_->findChild<QLabel*>(QStringLiteral("numberVerdictLabel"));
  QVERIFY(verdict);
  // Too many marks, or (once the canvas is scaled down and faint dots fade)
  // columns of specks that are no digits: either way, not a number.
  QTRY_VERIFY2(verdict->text().contains(QStringLiteral("not a number")) ||
                   verdict->text().contains(QStringLiteral("too many separate marks to be a number")),
               qPrintable(verdict->text() + " / number " + answer_->number()));
  QCOMPARE(answer_->number(), QString());
  QVERIFY(pad_->lastNumber().empty());
  canvas_->setPenWidth(DrawingCanvas::kDefaultPenWidth);
}

// A model whose huge weights overflow to NaN: both modes say so instead of
// showing bars or a number made of NaN.
void TestNumberMode::aModelWhoseOutputsAreNaNGivesNoAnswer() {
  auto overflowing = std::make_shared<Network>(*model_);
  overflowing->parameters().setConstant(3e38f);
  pad_->setNetwork(overflowing);

  write(canvas_, QStringLiteral("1"));
  auto* bars_verdict = pad_->findChild<QLabel*>(QStringLiteral("predictionVerdictLabel"));
  QVERIFY(bars_verdict);
  QTRY_VERIFY2(bars_verdict->text().contains(QStringLiteral("not finite numbers")), qPrintable(bars_verdict->text()));
  QCOMPARE(pad_->predictedDigit(), -1);

  switchTo(PadMode::Number);
  write(canvas_, QStringLiteral("17"));
  auto* verdict = answer_->findChild<QLabel*>(QStringLiteral("numberVerdictLabel"));
  QTRY_VERIFY2(verdict->text().contains(QStringLiteral("not finite numbers")), qPrintable(verdict->text()));
  QCOMPARE(answer_->number(), QString());
}

DIGITPAD_QTEST_MAIN(TestNumberMode)
#include "test_number_mode.moc"
