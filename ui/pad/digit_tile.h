// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Eigen/Core>
#include <QFontMetrics>
#include <QFrame>

class QLabel;

namespace digitpad {

struct ReadDigit;

// One digit of a number as the network read it: its 28x28 input, small and
// pixel for pixel (white ink on black, as in the Digit mode's large view),
// and under it the digit and its probability. A digit the network is not
// sure of (summarize_prediction's `sure`, the same rule that turns the Digit
// mode's answer orange) gets an orange frame and text, and a tooltip naming
// the runner-up.
class DigitTile : public QFrame {
  Q_OBJECT

 public:
  // `cell`: screen pixels per input pixel (2 or 3: the tile is 56 or 84 wide).
  DigitTile(const ReadDigit& digit, int cell, QWidget* parent = nullptr);

  // The tile's height for a cell size, label, frame and margins included.
  static int heightFor(int cell, const QFontMetrics& metrics);

  int digit() const { return digit_; }
  float probability() const { return probability_; }
  bool isSure() const { return sure_; }

 private:
  int digit_;
  float probability_;
  bool sure_;
};

}  // namespace digitpad
