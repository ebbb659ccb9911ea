// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>
#include <QString>
#include <QWidget>

class QCPBars;
class QCustomPlot;
class QLabel;

namespace digitpad {

// What a softmax output says, in the terms shown to the user.
struct PredictionSummary {
  int digit = -1;  // the most likely class, -1 for an empty vector; kNotADigitLabel for "not a digit"
  float confidence = 0;
  int runner_up = -1;  // the second most likely, -1 with fewer than two classes
  float runner_up_confidence = 0;
  // Sure when the top class is likely (>= 0.8) and the runner-up far behind
  // (<= 0.1); otherwise the display hedges.
  bool sure = false;
  // The most likely of the ten digits, whatever the top class: the guess still
  // shown, smaller, when the answer is "not a digit".
  int best_digit = -1;
  float best_digit_confidence = 0;

  bool not_a_digit() const;
};

PredictionSummary summarize_prediction(const Eigen::VectorXf& probabilities);

// How a class reads in a sentence: "4", or "not a digit".
QString class_words(int class_index);

// The line under the big digit: "confident" (sure, above), "4, or maybe 9"
// (a runner-up of 15 % or more), "fairly sure" (60 % or more, no runner-up
// worth naming) or "not sure" (probability spread over many digits). For
// "not a digit" it names the closest digit instead: "if a digit, most like 4 (6%)".
QString prediction_verdict(const PredictionSummary& summary);

// The network's answer: the top digit large with its confidence and a verdict,
// over one bar per digit (QCustomPlot, 0-100 %, the top bar highlighted), and
// an eleventh bar, "✗", for a model that can answer "not a digit"; that answer
// is said in words, its best digit guess shown smaller and grey.
// Without an answer (blank canvas, no model) the bars sit at zero and a hint
// takes the digit's place.
class ProbabilityBars : public QWidget {
  Q_OBJECT

 public:
  explicit ProbabilityBars(QWidget* parent = nullptr);

  // One probability per class (10 digits, or 11 with not-a-digit; summing to 1).
  void setProbabilities(const Eigen::VectorXf& probabilities);
  // Clears the bars and shows `hint` instead of a digit.
  void showHint(const QString& hint);

  const Eigen::VectorXf& probabilities() const { return probabilities_; }

 private:
  void plotBars(const Eigen::VectorXf& values, int highlighted);
  // Ten ticks, or eleven with the not-a-digit bar.
  void setClassCount(int classes);

  QLabel* digit_label_;
  QLabel* confidence_label_;
  QLabel* verdict_label_;
  QCustomPlot* plot_;
  QCPBars* other_bars_;
  QCPBars* top_bar_;
  Eigen::VectorXf probabilities_;
  int class_count_ = 0;
  QFont digit_font_;
  QFont guess_font_;
  QFont confidence_font_;
  QFont words_font_;
};

}  // namespace digitpad
