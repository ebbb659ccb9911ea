// SPDX-License-Identifier: GPL-3.0-or-later
// The drawing pad's Number mode: switching modes and reading a number. Kept
// apart from drawing_pad.cpp, which is about the pad as a whole and Digit mode.

#include "ui/pad/canvas_column.h"
#include "ui/pad/digit_boxes_overlay.h"
#include "ui/pad/drawing_canvas.h"
#include "ui/pad/drawing_pad.h"
#include "ui/pad/mode_switch.h"
#include "ui/pad/number_answer.h"
#include "ui/pad/number_reader.h"
#include "ui/pad/probability_bars.h"
#include "ui/pad/teach_row.h"
#include "ui/headless/images/digit_image.h"

#include <QBoxLayout>
#include <QColor>

namespace digitpad {
namespace {

// Whether `image` has ink right of `column`. The canvas keeps strokes in
// fractions of its shorter side, so the wide canvas' leftmost square (its
// height wide) is exactly what the square canvas of Digit mode will show.
bool has_ink_right_of(const QImage& image, int column) {
  for (int y = 0; y < image.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
    for (int x = std::max(0, column); x < image.width(); ++x) {
      if (qGray(line[x]) < 250) return true;
    }
  }
  return false;
}

}  // namespace

void DrawingPad::setMode(PadMode mode) { mode_switch_->setMode(mode); }  // emits modeChanged: applyMode

void DrawingPad::applyMode(PadMode mode) {
  if (mode == mode_) return;
  const QImage drawing = canvas_->image();
  if (mode == PadMode::Digit && drawing.width() > drawing.height() && has_ink_right_of(drawing, drawing.height())) {
    // Digits beyond the square would be hidden there and read as part of one digit.
    canvas_->clear();
  }
  mode_ = mode;
  if (!number_reader_) {
    number_reader_ = new NumberReader(this);
    connect(number_reader_, &NumberReader::numberRead, this, &DrawingPad::showNumber);
  }
  number_reader_->cancel();  // a read begun before a switch is of no use after it
  const bool number = mode == PadMode::Number;
  canvas_column_->setWide(number);
  digit_results_->setVisible(!number);
  number_answer_->setVisible(number);
  digit_boxes_->setVisible(number);
  digit_boxes_->clear();
  // Digit mode: the canvas takes the height. Number mode: the canvas is a
  // line of writing and the answer below takes what is left.
  if (auto* box = qobject_cast<QBoxLayout*>(layout())) box->setStretchFactor(canvas_column_, number ? 0 : 1);
  teach_row_->setUnavailableReason(
      number ? tr("Teaching takes one digit at a time: switch to Digit mode (Ctrl+1) to teach") : QString());

  if (number) {
    // What Digit mode knew about "the digit" no longer holds: nothing to
    // teach, nothing for the Mistakes window's filter maps.
    const bool had_input = last_input_.has_value();
    last_input_.reset();
    last_probabilities_.resize(0);
    if (predicted_digit_ != -1) {
      predicted_digit_ = -1;
      confidence_ = 0;
      emit predictionChanged(-1, 0);
    }
    if (had_input) emit inputChanged();
  } else {
    last_number_ = NumberReading{};
  }
  predictNow();
  emit modeChanged(mode);
}

void DrawingPad::readNumberNow() {
  if (network_ && !canvas_->isEmpty()) return number_reader_->read(network_, canvas_->image());
  // Nothing to read: said at once, and no read still under way may say otherwise.
  number_reader_->cancel();
  showNumber(NumberReading{});
}

void DrawingPad::showNumber(const NumberReading& reading) {
  last_number_ = reading;
  if (!network_) {
    number_answer_->showHint(no_model_hint_);
  } else if (!last_number_.refusal.empty()) {
    number_answer_->showHint(QString::fromStdString(last_number_.refusal));
  } else if (last_number_.empty()) {
    number_answer_->showHint(tr("Write a number in the box, its digits side by side"));
  } else {
    number_answer_->setReading(last_number_);
  }
  QList<QRect> boxes;
  QList<bool> sure;
  for (const ReadDigit& digit : last_number_.digits) {
    boxes << QRect(digit.box.x, digit.box.y, digit.box.width, digit.box.height);
    const PredictionSummary summary = summarize_prediction(digit.probabilities);
    sure << (summary.sure && !summary.not_a_digit());
  }
  digit_boxes_->setBoxes(boxes, sure);
  updateActions();
  emit numberChanged();
}

}  // namespace digitpad
