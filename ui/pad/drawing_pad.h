// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"
#include "ui/pad/pad_mode.h"
#include "core/recognition/number_reading.h"

#include <Eigen/Core>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QSlider;

namespace digitpad {

class AnswerExplainer;
class CanvasColumn;
class DigitBoxesOverlay;
class DrawingCanvas;
class InputPreview;
class PictureInput;
class ModeSwitch;
class NumberAnswer;
class NumberReader;
class ProbabilityBars;
class TeachRow;

// The drawing side of the window: the canvas with its tools (undo, clear, pen
// width), what the network sees, and its answer, updated while drawing.
//
// Prediction runs on the GUI thread (one 784x1000 product takes ~0.2 ms, the
// convnet preset's whole forward pass ~0.3 ms) but is throttled while a
// stroke moves: the first change starts a single-shot timer and further
// changes ride along with it, so the answer refreshes about every
// kLivePredictionMs without work on every mouse move. Release, undo, clear
// and a new model predict at once.
//
// Two modes (ModeSwitch, at the start of the tool row): Digit reads the drawing
// as one digit; Number widens the canvas and reads several digits side by
// side with read_number, the same preprocessing per digit, on the same
// timing, but off the GUI thread (NumberReader: a wide canvas takes 5-20 ms).
// Everything about a single digit (lastInput, the prediction, teaching)
// belongs to Digit mode; in Number mode lastInput() is empty.
class DrawingPad : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kLivePredictionMs = 60;

  explicit DrawingPad(QWidget* parent = nullptr);

  // nullptr = no model: the answer area explains how to get one. A network
  // that does not map a 28x28 digit to 10 classes (784 values for a
  // perceptron, a 1x28x28 map for a network with convolutions or pooling) is
  // refused the same way, with a hint saying why.
  void setNetwork(std::shared_ptr<const Network> network);
  const std::shared_ptr<const Network>& network() const { return network_; }

  DrawingCanvas* canvas() const { return canvas_; }
  // The 28x28 input last fed to the network; nullopt when the canvas is blank.
  const std::optional<Eigen::VectorXf>& lastInput() const { return last_input_; }
  // Size 10, or empty when blank or with no model.
  const Eigen::VectorXf& lastProbabilities() const { return last_probabilities_; }
  // -1 when blank or with no model.
  int predictedDigit() const { return predicted_digit_; }

  QAction* undoAction() const { return undo_action_; }
  QAction* clearAction() const { return clear_action_; }
  // "Teach it: 0 ... 9" under the canvas (enabled while there is a drawing).
  TeachRow* teachRow() const { return teach_row_; }
  // Pasted and dropped pictures of digits, read like drawings.
  PictureInput* pictureInput() const { return picture_input_; }

  // "Why?" on the 28x28 view: its toggle and the heat map it shows.
  AnswerExplainer* answerExplainer() const { return explainer_; }

  PadMode mode() const { return mode_; }
  // "Digit | Number" beside the tools; its two actions go in the View menu.
  ModeSwitch* modeSwitch() const { return mode_switch_; }
  NumberAnswer* numberAnswer() const { return number_answer_; }
  // Number mode: the number last read; empty when blank, with no model, or
  // in Digit mode.
  const NumberReading& lastNumber() const { return last_number_; }

 public slots:
  // Runs preprocessing and the network on the canvas now (in Number mode,
  // starts reading the number: numberChanged says when it is read).
  void predictNow();
  // Keeps the drawing, unless Digit mode's square would hide part of it.
  void setMode(PadMode mode);

 signals:
  // After a prediction whose answer differs from the previous one; -1, 0 when
  // blank or with no model.
  void predictionChanged(int digit, float confidence);
  // lastInput() changed: a stroke moved (as often as the live prediction
  // runs), ended, was undone, or the canvas was cleared.
  void inputChanged();
  // The user says the drawing is `digit` (a Teach button, or a digit key
  // anywhere in the window but a text field); lastInput() holds its 28x28 form. Only emitted with a
  // drawing on the canvas.
  void teachRequested(int digit);
  void modeChanged(PadMode mode);
  // Number mode: lastNumber() was read anew (as often as the live prediction runs).
  void numberChanged();

 private:
  static QString noModelHint();
  void onDrawingChanged();
  void updateActions();  // nothing to undo or clear on a blank canvas
  QWidget* buildTools();
  // drawing_pad_number.cpp: the Number mode.
  void applyMode(PadMode mode);
  void readNumberNow();
  void showNumber(const NumberReading& reading);

  DrawingCanvas* canvas_;
  InputPreview* preview_;
  AnswerExplainer* explainer_ = nullptr;
  ProbabilityBars* bars_;
  QSlider* pen_slider_ = nullptr;
  QLabel* pen_label_ = nullptr;
  QAction* undo_action_ = nullptr;
  QAction* clear_action_ = nullptr;
  TeachRow* teach_row_ = nullptr;
  PictureInput* picture_input_ = nullptr;
  QTimer live_timer_;
  CanvasColumn* canvas_column_ = nullptr;
  QWidget* digit_results_ = nullptr;  // the answer and the 28x28 view: Digit mode
  ModeSwitch* mode_switch_ = nullptr;
  NumberAnswer* number_answer_ = nullptr;
  DigitBoxesOverlay* digit_boxes_ = nullptr;
  PadMode mode_ = PadMode::Digit;
  NumberReader* number_reader_ = nullptr;
  NumberReading last_number_;

  std::shared_ptr<const Network> network_;
  QString no_model_hint_;
  std::optional<Eigen::VectorXf> last_input_;
  Eigen::VectorXf last_probabilities_;
  int predicted_digit_ = -1;
  float confidence_ = 0;
};

}  // namespace digitpad
