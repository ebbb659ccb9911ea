// SPDX-License-Identifier: GPL-3.0-or-later
// The drawing side of the window, driven as a user would: press, move with the
// button held, release; then the canvas pixels, the 28x28 input and the
// prediction are checked. Longer than most files: one Qt Test class per widget,
// its cases sharing the pad set-up below.

#include "qt_test_main.h"
#include "ui/headless/images/digit_image.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/input_preview.h"
#include "core/data/dataset.h"
#include "core/io/model_file.h"
#include "ui/pad/probability_bars.h"
#include "test_paths.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSlider>
#include <QTabletEvent>
#include <QToolButton>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>

using digitpad::DrawingCanvas;
using digitpad::DrawingPad;

namespace {

const QString kDrawHint = QString::fromUtf8("Draw a digit 0–9 in the box");

// Points given as fractions of the canvas side.
using UnitStroke = QVector<QPointF>;

void send_mouse(QWidget* widget, QEvent::Type type, const QPointF& position, Qt::MouseButton button,
                Qt::MouseButtons buttons) {
  QMouseEvent event(type, position, widget->mapToGlobal(position), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

QPointF to_canvas(const DrawingCanvas* canvas, const QPointF& unit) { return unit * canvas->width(); }

// QTest::mouseMove does not hold buttons, so a drag is sent by hand: press,
// moves with the left button held, release. With `release` false the stroke
// stays open (the user is still drawing).
void draw(DrawingCanvas* canvas, const UnitStroke& stroke, bool release = true) {
  send_mouse(canvas, QEvent::MouseButtonPress, to_canvas(canvas, stroke.first()), Qt::LeftButton, Qt::LeftButton);
  for (int i = 1; i < stroke.size(); ++i) {
    send_mouse(canvas, QEvent::MouseMove, to_canvas(canvas, stroke[i]), Qt::NoButton, Qt::LeftButton);
  }
  if (release) {
    send_mouse(canvas, QEvent::MouseButtonRelease, to_canvas(canvas, stroke.last()), Qt::LeftButton, Qt::NoButton);
  }
}

// A pen stroke at constant pressure, sent as tablet events.
void draw_with_pen(DrawingCanvas* canvas, const UnitStroke& stroke, qreal pressure) {
  const auto send = [&](QEvent::Type type, const QPointF& unit, Qt::MouseButton button, Qt::MouseButtons buttons) {
    const QPointF position = to_canvas(canvas, unit);
    QTabletEvent event(type, QPointingDevice::primaryPointingDevice(), position, canvas->mapToGlobal(position),
                       pressure, 0, 0, 0, 0, 0, Qt::NoModifier, button, buttons);
    QApplication::sendEvent(canvas, &event);
    QVERIFY(event.isAccepted());  // else Qt would also synthesise mouse events
  };
  send(QEvent::TabletPress, stroke.first(), Qt::LeftButton, Qt::LeftButton);
  for (int i = 1; i < stroke.size(); ++i) send(QEvent::TabletMove, stroke[i], Qt::NoButton, Qt::LeftButton);
  send(QEvent::TabletRelease, stroke.last(), Qt::LeftButton, Qt::NoButton);
}

UnitStroke line(QPointF from, QPointF to, int steps = 24) {
  UnitStroke points;
  for (int i = 0; i <= steps; ++i) points.append(from + (to - from) * (static_cast<double>(i) / steps));
  return points;
}

UnitStroke vertical_one() { return line({0.5, 0.15}, {0.5, 0.85}); }

UnitStroke ellipse_zero() {
  UnitStroke points;
  constexpr int kSteps = 64;
  for (int i = 0; i <= kSteps + 2; ++i) {  // a little past closing, as hands do
    const double angle = 2 * std::numbers::pi * i / kSteps - std::numbers::pi / 2;
    points.append({0.5 + 0.22 * std::cos(angle), 0.5 + 0.33 * std::sin(angle)});
  }
  return points;
}

int dark_pixels(const QImage& image) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) count += qGray(image.pixel(x, y)) < 128;
  }
  return count;
}

// Rows and columns of the 28x28 input that hold any ink.
QSize ink_extent(const Eigen::VectorXf& input) {
  int top = 28, bottom = -1, left = 28, right = -1;
  for (int r = 0; r < 28; ++r) {
    for (int c = 0; c < 28; ++c) {
      if (input(r * 28 + c) <= 0.0f) continue;
      top = std::min(top, r);
      bottom = std::max(bottom, r);
      left = std::min(left, c);
      right = std::max(right, c);
    }
  }
  return bottom < 0 ? QSize() : QSize(right - left + 1, bottom - top + 1);
}

Eigen::VectorXf probabilities_of(std::initializer_list<std::pair<int, float>> entries, int classes = 10) {
  Eigen::VectorXf p = Eigen::VectorXf::Zero(classes);
  for (const auto& [digit, probability] : entries) p(digit) = probability;
  return p;
}

}  // namespace

class TestDrawingPad : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();

  void startsBlankWithDrawHint();
  void withoutModelSaysHowToGetOne();
  void refusesANetworkOfTheWrongShape();
  void strokeInksTheCanvasAlongItsPathOnly();
  void inputIsThePreprocessedCanvas();
  void verticalStrokeBecomesANarrowTwentyPixelTallInput();
  void predictsWhileDrawingAndOnRelease();
  void undoRemovesTheStroke();
  void undoOfTwoStrokesKeepsTheFirst();
  void clearButtonEmptiesTheCanvas();
  void escapeClearsAndCtrlZUndoesWhileCanvasHasFocus();
  void widerPenInksMorePixels();
  void tabletPenPressureVariesTheWidthALittle();
  void resizeKeepsTheDrawingAndTheSquare();
  void verdictHedgesWhenUnsure();
  void barsHighlightTheTopDigit();
  void notADigitIsSaidInWordsWithTheBestGuessSmaller();
  void acceptsAnElevenClassModel();

  void defaultModelReadsAOne();
  void defaultModelReadsAZero();
  void defaultModelReadsASevenFromTwoStrokes();

 private:
  std::shared_ptr<const digitpad::Network> defaultModelOrSkip();

  std::unique_ptr<DrawingPad> pad_;
  DrawingCanvas* canvas_ = nullptr;
  std::shared_ptr<const digitpad::Network> tiny_network_;
};

void TestDrawingPad::init() {
  // A tiny deterministic network: its answers mean nothing, but they are
  // real softmax outputs of the real code path.
  tiny_network_ = std::make_shared<const digitpad::Network>(digitpad::Architecture::mlp(784, {16}, 10), 0.1f, 1);
  pad_ = std::make_unique<DrawingPad>();
  pad_->resize(1000, 640);
  pad_->setNetwork(tiny_network_);
  pad_->show();
  QVERIFY(QTest::qWaitForWindowExposed(pad_.get()));
  canvas_ = pad_->canvas();
  QVERIFY(canvas_ != nullptr);
  QCOMPARE(canvas_->objectName(), QString("drawingCanvas"));
}

void TestDrawingPad::cleanup() {
  pad_.reset();
  canvas_ = nullptr;
}

void TestDrawingPad::startsBlankWithDrawHint() {
  QVERIFY(canvas_->isEmpty());
  QCOMPARE(dark_pixels(canvas_->image()), 0);
  QVERIFY(!pad_->lastInput().has_value());
  QCOMPARE(pad_->lastProbabilities().size(), 0);
  QCOMPARE(pad_->predictedDigit(), -1);
  auto* verdict = pad_->findChild<QLabel*>("predictionVerdictLabel");
  QVERIFY(verdict);
  QCOMPARE(verdict->text(), kDrawHint);
  QVERIFY(!pad_->findChild<QLabel*>("predictedDigitLabel")->isVisible());
  QCOMPARE(pad_->findChild<QLabel*>("inputPreviewCaption")->text(),
           QString::fromUtf8("What the network sees (28×28)"));
}

void TestDrawingPad::withoutModelSaysHowToGetOne() {
  pad_->setNetwork(nullptr);
  draw(canvas_, vertical_one());
  QVERIFY(pad_->lastInput().has_value());  // the preview still shows the input
  QCOMPARE(pad_->predictedDigit(), -1);
  QCOMPARE(pad_->lastProbabilities().size(), 0);
  QVERIFY(pad_->findChild<QLabel*>("predictionVerdictLabel")->text().startsWith("No model loaded"));

  // Giving it a model predicts the drawing already there.
  pad_->setNetwork(tiny_network_);
  QCOMPARE(pad_->lastProbabilities().size(), 10);
  QVERIFY(pad_->predictedDigit() >= 0);
}

void TestDrawingPad::refusesANetworkOfTheWrongShape() {
  pad_->setNetwork(std::make_shared<const digitpad::Network>(digitpad::Architecture::mlp(100, {8}, 10), 0.1f, 1));
  QVERIFY(pad_->network() == nullptr);
  draw(canvas_, vertical_one());
  QCOMPARE(pad_->predictedDigit(), -1);
  QVERIFY(pad_->findChild<QLabel*>("predictionVerdictLabel")->text().contains("100 inputs"));
}

void TestDrawingPad::strokeInksTheCanvasAlongItsPathOnly() {
  draw(canvas_, vertical_one());
  QVERIFY(!canvas_->isEmpty());
  const QImage image = canvas_->image();
  QCOMPARE(image.size(), canvas_->size());
  QCOMPARE(canvas_->width(), canvas_->height());

  const int side = image.width();
  const int centre = side / 2;
  for (int y = int(0.15 * side); y <= int(0.85 * side); ++y) {
    QVERIFY2(qGray(image.pixel(centre, y)) < 64, qPrintable(QString("no ink at row %1").arg(y)));
  }
  // Outside the stroke (plus its round caps and a pixel of anti-aliasing)
  // the paper is untouched.
  const double reach = canvas_->penPixels() / 2.0 + 2;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const bool near_stroke =
          std::abs(x - 0.5 * side) <= reach && y >= 0.15 * side - reach && y <= 0.85 * side + reach;
      if (!near_stroke) QCOMPARE(image.pixel(x, y), qRgb(255, 255, 255));
    }
  }
  // The stroke is about as wide as the pen: a row through its middle.
  int row_ink = 0;
  for (int x = 0; x < side; ++x) row_ink += qGray(image.pixel(x, side / 2)) < 128;
  QVERIFY(std::abs(row_ink - canvas_->penPixels()) <= 2);
}

void TestDrawingPad::inputIsThePreprocessedCanvas() {
  draw(canvas_, vertical_one());
  QVERIFY(pad_->lastInput().has_value());
  const std::optional<Eigen::VectorXf> expected = digitpad::digit_input_from_image(canvas_->image());
  QVERIFY(expected.has_value());
  QCOMPARE(pad_->lastInput()->size(), 784);
  QVERIFY(*pad_->lastInput() == *expected);  // exactly: one preprocessing path

  auto* preview = pad_->findChild<digitpad::InputPreview*>("inputPreview");
  QVERIFY(preview && preview->input().has_value());
  QVERIFY(*preview->input() == *expected);

  const Eigen::MatrixXf p = tiny_network_->probabilities(*expected);
  QVERIFY(pad_->lastProbabilities().isApprox(p.col(0)));
  QCOMPARE(pad_->lastProbabilities().size(), 10);
  QVERIFY(std::abs(pad_->lastProbabilities().sum() - 1.0f) < 1e-5f);
  Eigen::Index best = 0;
  p.col(0).maxCoeff(&best);
  QCOMPARE(pad_->predictedDigit(), static_cast<int>(best));
}

void TestDrawingPad::verticalStrokeBecomesANarrowTwentyPixelTallInput() {
  draw(canvas_, vertical_one());
  QVERIFY(pad_->lastInput().has_value());
  const QSize extent = ink_extent(*pad_->lastInput());
  QCOMPARE(extent.height(), 20);
  QVERIFY2(extent.width() >= 1 && extent.width() <= 4, qPrintable(QString("width %1").arg(extent.width())));
  // Centred: the ink column sits in the middle of the 28.
  float column_mass = 0, mass = 0;
  for (int i = 0; i < 784; ++i) {
    column_mass += (*pad_->lastInput())(i) * (i % 28);
    mass += (*pad_->lastInput())(i);
  }
  QVERIFY(std::abs(column_mass / mass - 14.0f) <= 0.5f);
}

void TestDrawingPad::predictsWhileDrawingAndOnRelease() {
  QSignalSpy spy(pad_.get(), &DrawingPad::predictionChanged);
  const UnitStroke stroke = vertical_one();
  draw(canvas_, stroke, /*release=*/false);
  QVERIFY(canvas_->isDrawing());
  // Throttled: nothing computed synchronously on each move...
  QVERIFY(!pad_->lastInput().has_value());
  // ...but soon, while the button is still down.
  QTRY_VERIFY_WITH_TIMEOUT(pad_->lastInput().has_value(), 2000);
  QVERIFY(pad_->predictedDigit() >= 0);
  QCOMPARE(spy.count(), 1);
  QCOMPARE(spy.last().at(0).toInt(), pad_->predictedDigit());
  QCOMPARE(spy.last().at(1).toFloat(), pad_->lastProbabilities().maxCoeff());

  // Release predicts at once on the finished stroke.
  const Eigen::VectorXf while_drawing = *pad_->lastInput();
  send_mouse(canvas_, QEvent::MouseButtonRelease, to_canvas(canvas_, stroke.last()), Qt::LeftButton, Qt::NoButton);
  QVERIFY(!canvas_->isDrawing());
  QVERIFY(*pad_->lastInput() == *digitpad::digit_input_from_image(canvas_->image()));
  QVERIFY(*pad_->lastInput() != while_drawing);  // the round end cap landed
}

void TestDrawingPad::undoRemovesTheStroke() {
  QSignalSpy spy(pad_.get(), &DrawingPad::predictionChanged);
  draw(canvas_, vertical_one());
  QVERIFY(pad_->predictedDigit() >= 0);
  pad_->findChild<QToolButton*>("undoButton")->click();
  QVERIFY(canvas_->isEmpty());
  QCOMPARE(dark_pixels(canvas_->image()), 0);
  QVERIFY(!pad_->lastInput().has_value());
  QCOMPARE(pad_->predictedDigit(), -1);
  QCOMPARE(pad_->lastProbabilities().size(), 0);
  QCOMPARE(spy.last().at(0).toInt(), -1);
  QCOMPARE(spy.last().at(1).toFloat(), 0.0f);
  QCOMPARE(pad_->findChild<QLabel*>("predictionVerdictLabel")->text(), kDrawHint);
  QVERIFY(!pad_->undoAction()->isEnabled());
}

void TestDrawingPad::undoOfTwoStrokesKeepsTheFirst() {
  draw(canvas_, vertical_one());
  const QImage first_only = canvas_->image();
  const Eigen::VectorXf first_input = *pad_->lastInput();
  draw(canvas_, line({0.2, 0.5}, {0.8, 0.5}));
  QCOMPARE(canvas_->strokeCount(), 2);
  QVERIFY(canvas_->image() != first_only);
  canvas_->undo();
  QCOMPARE(canvas_->strokeCount(), 1);
  // Re-rendered from the kept points: the very same pixels as before.
  QVERIFY(canvas_->image() == first_only);
  QVERIFY(*pad_->lastInput() == first_input);
}

void TestDrawingPad::clearButtonEmptiesTheCanvas() {
  draw(canvas_, vertical_one());
  draw(canvas_, ellipse_zero());
  pad_->findChild<QToolButton*>("clearButton")->click();
  QVERIFY(canvas_->isEmpty());
  QCOMPARE(dark_pixels(canvas_->image()), 0);
  QVERIFY(!pad_->lastInput().has_value());
  QCOMPARE(pad_->predictedDigit(), -1);
}

void TestDrawingPad::escapeClearsAndCtrlZUndoesWhileCanvasHasFocus() {
  pad_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(pad_.get()));
  canvas_->setFocus();
  QTRY_VERIFY(canvas_->hasFocus());

  draw(canvas_, vertical_one());
  draw(canvas_, line({0.2, 0.5}, {0.8, 0.5}));
  QTest::keyClick(canvas_, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(canvas_->strokeCount(), 1);
  QTest::keyClick(canvas_, Qt::Key_Escape);
  QVERIFY(canvas_->isEmpty());
  QCOMPARE(pad_->predictedDigit(), -1);

  draw(canvas_, vertical_one());
  QTest::keyClick(canvas_, Qt::Key_Delete);
  QVERIFY(canvas_->isEmpty());
}

void TestDrawingPad::widerPenInksMorePixels() {
  auto* slider = pad_->findChild<QSlider*>("penWidthSlider");
  QVERIFY(slider);
  slider->setValue(10);
  QCOMPARE(canvas_->penWidth(), 10);
  draw(canvas_, vertical_one());
  const int thin = dark_pixels(canvas_->image());
  canvas_->clear();

  slider->setValue(30);
  QCOMPARE(canvas_->penWidth(), 30);
  draw(canvas_, vertical_one());
  const int thick = dark_pixels(canvas_->image());
  // Ink area grows with the width (the length is the same): about 3x.
  QVERIFY2(thick > 2.5 * thin && thick < 3.5 * thin, qPrintable(QString("%1 vs %2").arg(thin).arg(thick)));
}

void TestDrawingPad::tabletPenPressureVariesTheWidthALittle() {
  QSignalSpy finished(canvas_, &DrawingCanvas::strokeFinished);
  draw_with_pen(canvas_, vertical_one(), 1.0);
  QCOMPARE(finished.count(), 1);
  QCOMPARE(canvas_->strokeCount(), 1);
  QVERIFY(*pad_->lastInput() == *digitpad::digit_input_from_image(canvas_->image()));
  const int firm = dark_pixels(canvas_->image());
  canvas_->clear();

  draw_with_pen(canvas_, vertical_one(), 0.0);
  const int light = dark_pixels(canvas_->image());
  canvas_->clear();
  draw(canvas_, vertical_one());
  const int mouse = dark_pixels(canvas_->image());
  // Full pressure 1.25x the pen, none 0.75x; the mouse draws the pen itself.
  QVERIFY2(light < mouse && mouse < firm, qPrintable(QString("%1 %2 %3").arg(light).arg(mouse).arg(firm)));
  QVERIFY(firm < 1.5 * mouse && light > 0.6 * mouse);
}

void TestDrawingPad::resizeKeepsTheDrawingAndTheSquare() {
  const int pen_before = canvas_->penWidth();
  const int side_before = canvas_->width();
  draw(canvas_, vertical_one());
  const double share_before = double(dark_pixels(canvas_->image())) / (side_before * side_before);

  pad_->resize(680, 620);  // too short for the largest canvas
  QTRY_VERIFY(canvas_->width() != side_before);
  QCOMPARE(canvas_->width(), canvas_->height());
  QVERIFY(canvas_->width() >= DrawingCanvas::kMinimumSide);
  QCOMPARE(canvas_->image().size(), canvas_->size());
  // The strokes were scaled: the ink covers the same share.
  const double share_after = double(dark_pixels(canvas_->image())) / (canvas_->width() * canvas_->width());
  QVERIFY(std::abs(share_after - share_before) < 0.15 * share_before);
  // The pen is the user's setting: a resize never changes it (it went 29 ->
  // 21 px by itself), though its stroke on screen follows the canvas' scale.
  QCOMPARE(canvas_->penWidth(), pen_before);
  QCOMPARE(pad_->findChild<QSlider*>("penWidthSlider")->value(), pen_before);
  QCOMPARE(canvas_->penPixels(), double(pen_before) * canvas_->width() / DrawingCanvas::kReferenceSide);
  canvas_->clear();
  draw(canvas_, vertical_one());
  const double new_share = double(dark_pixels(canvas_->image())) / (canvas_->width() * canvas_->width());
  QVERIFY(std::abs(new_share - share_before) < 0.15 * share_before);  // a new stroke weighs the same too
  // And the prediction follows the re-rendered image.
  QVERIFY(*pad_->lastInput() == *digitpad::digit_input_from_image(canvas_->image()));
  QCOMPARE(ink_extent(*pad_->lastInput()).height(), 20);
}

void TestDrawingPad::verdictHedgesWhenUnsure() {
  using digitpad::prediction_verdict;
  using digitpad::summarize_prediction;

  const auto sure = summarize_prediction(probabilities_of({{7, 0.97f}, {1, 0.02f}, {9, 0.01f}}));
  QCOMPARE(sure.digit, 7);
  QCOMPARE(sure.runner_up, 1);
  QVERIFY(sure.sure);
  QCOMPARE(prediction_verdict(sure), QString("confident"));

  // 63 % with a 30 % runner-up was labelled "confident": it is a close call.
  const auto was_confident = summarize_prediction(probabilities_of({{6, 0.63f}, {1, 0.30f}, {0, 0.07f}}));
  QVERIFY(!was_confident.sure);
  QCOMPARE(prediction_verdict(was_confident), QString("6, or maybe 1"));

  // Likely, and the runner-up not worth naming, but not far enough behind.
  const auto fairly = summarize_prediction(probabilities_of({{2, 0.86f}, {7, 0.12f}, {3, 0.02f}}));
  QVERIFY(!fairly.sure);
  QCOMPARE(prediction_verdict(fairly), QString("fairly sure"));

  // Likely enough, but the runner-up is close.
  const auto close = summarize_prediction(probabilities_of({{4, 0.62f}, {9, 0.38f}}));
  QVERIFY(!close.sure);
  QCOMPARE(prediction_verdict(close), QString("4, or maybe 9"));

  // Clearly ahead, but not likely enough.
  const auto weak = summarize_prediction(probabilities_of({{3, 0.55f}, {5, 0.2f}, {8, 0.25f}}));
  QVERIFY(!weak.sure);
  QCOMPARE(weak.runner_up, 8);
  QCOMPARE(prediction_verdict(weak), QString("3, or maybe 8"));

  // Spread thin: no runner-up worth naming.
  Eigen::VectorXf flat = Eigen::VectorXf::Constant(10, 0.08f);
  flat(2) = 0.28f;
  QCOMPARE(prediction_verdict(summarize_prediction(flat)), QString("not sure"));

  QCOMPARE(summarize_prediction(Eigen::VectorXf()).digit, -1);
}

void TestDrawingPad::barsHighlightTheTopDigit() {
  auto* bars = pad_->findChild<digitpad::ProbabilityBars*>("probabilityBars");
  QVERIFY(bars);
  bars->setProbabilities(probabilities_of({{4, 0.62f}, {9, 0.38f}}));
  QCOMPARE(pad_->findChild<QLabel*>("predictedDigitLabel")->text(), QString("4"));
  QCOMPARE(pad_->findChild<QLabel*>("confidenceLabel")->text(), QString("62%"));
  QCOMPARE(pad_->findChild<QLabel*>("predictionVerdictLabel")->text(), QString("4, or maybe 9"));
  bars->showHint("hint");
  QCOMPARE(bars->probabilities().size(), 0);
  QVERIFY(!pad_->findChild<QLabel*>("predictedDigitLabel")->isVisible());
}

void TestDrawingPad::notADigitIsSaidInWordsWithTheBestGuessSmaller() {
  using digitpad::kNotADigitLabel;
  const auto summary =
      digitpad::summarize_prediction(probabilities_of({{kNotADigitLabel, 0.86f}, {4, 0.09f}, {1, 0.05f}}, 11));
  QVERIFY(summary.not_a_digit());
  QCOMPARE(summary.best_digit, 4);
  QCOMPARE(digitpad::prediction_verdict(summary), QString("if a digit, most like 4 (9%)"));
  // A digit whose runner-up is "not a digit" names it in words.
  const auto doubtful = digitpad::summarize_prediction(probabilities_of({{1, 0.6f}, {kNotADigitLabel, 0.4f}}, 11));
  QCOMPARE(digitpad::prediction_verdict(doubtful), QString("1, or maybe not a digit"));

  auto* bars = pad_->findChild<digitpad::ProbabilityBars*>("probabilityBars");
  QVERIFY(bars);
  auto* digit = pad_->findChild<QLabel*>("predictedDigitLabel");
  const int full_size = digit->font().pointSize();
  bars->setProbabilities(probabilities_of({{kNotADigitLabel, 0.86f}, {4, 0.09f}, {1, 0.05f}}, 11));
  QCOMPARE(pad_->findChild<QLabel*>("confidenceLabel")->text(), QString("Not a digit"));
  QCOMPARE(digit->text(), QString("4"));
  QVERIFY(digit->font().pointSize() < full_size);
  QCOMPARE(pad_->findChild<QLabel*>("predictionVerdictLabel")->text(),
           QString("86% sure; if a digit, most like 4 (9%)"));
  // Back to a digit: the big digit again.
  bars->setProbabilities(probabilities_of({{7, 0.97f}, {1, 0.03f}}, 11));
  QCOMPARE(digit->text(), QString("7"));
  QCOMPARE(digit->font().pointSize(), full_size);
  QCOMPARE(pad_->findChild<QLabel*>("confidenceLabel")->text(), QString("97%"));
}

void TestDrawingPad::acceptsAnElevenClassModel() {
  pad_->setNetwork(std::make_shared<const digitpad::Network>(
      digitpad::Architecture::mlp(digitpad::kImagePixels, {8}, digitpad::kClassCountWithNotADigit), 0.1f, 1));
  QVERIFY(pad_->network() != nullptr);
  draw(canvas_, vertical_one());
  QCOMPARE(pad_->lastProbabilities().size(), 11);
}

std::shared_ptr<const digitpad::Network> TestDrawingPad::defaultModelOrSkip() {
  const std::filesystem::path path = std::filesystem::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm";
  if (!std::filesystem::exists(path)) return nullptr;
  return std::make_shared<const digitpad::Network>(digitpad::load_model(path.string()).network);
}

void TestDrawingPad::defaultModelReadsAOne() {
  auto model = defaultModelOrSkip();
  if (!model) QSKIP("models/default.dpm is absent: train it to check real predictions");
  pad_->setNetwork(model);
  draw(canvas_, vertical_one());
  QCOMPARE(pad_->predictedDigit(), 1);
}

void TestDrawingPad::defaultModelReadsAZero() {
  auto model = defaultModelOrSkip();
  if (!model) QSKIP("models/default.dpm is absent: train it to check real predictions");
  pad_->setNetwork(model);
  draw(canvas_, ellipse_zero());
  QCOMPARE(pad_->predictedDigit(), 0);
}

void TestDrawingPad::defaultModelReadsASevenFromTwoStrokes() {
  auto model = defaultModelOrSkip();
  if (!model) QSKIP("models/default.dpm is absent: train it to check real predictions");
  pad_->setNetwork(model);
  draw(canvas_, line({0.25, 0.18}, {0.75, 0.18}));
  draw(canvas_, line({0.75, 0.18}, {0.45, 0.85}));
  QCOMPARE(canvas_->strokeCount(), 2);
  QCOMPARE(pad_->predictedDigit(), 7);
}

DIGITPAD_QTEST_MAIN(TestDrawingPad)
#include "test_drawing_pad.moc"
