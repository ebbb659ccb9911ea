// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"
#include "core/image/resample.h"
#include "core/nn/network.h"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace digitpad {

// One digit of a number as the network read it.
struct ReadDigit {
  PixelBox box;                   // where its ink is in the drawing
  Eigen::VectorXf input;          // its 28x28 network input (row-major, ink = 1)
  Eigen::VectorXf probabilities;  // one per class
  int digit = 0;                  // the most likely class (kNotADigitLabel: this piece is no digit)
  float probability = 0.0f;       // ...and its probability
};

// A number read from a drawing: its digits left to right.
struct NumberReading {
  std::vector<ReadDigit> digits;
  // Why there are no digits although there is ink, when the drawing is no
  // number at all ("too many separate marks to be a number (...)"); "" otherwise.
  std::string refusal;

  bool empty() const { return digits.empty(); }
  // The digits as text, e.g. "407", with '?' for a piece that is not a
  // digit ("4?7"); "" for a drawing without ink.
  std::string text() const;
  // The lowest digit's probability: a number is only as sure as its least sure
  // digit. 0 for a drawing without ink.
  float confidence() const;
};

// Reads a number written side by side: split_number finds the digits, each
// goes through preprocess_digit unchanged, and all are classified in one
// batched forward pass. `network` must take kImagePixels inputs.
// Empty when the drawing holds no ink; empty with a refusal when it is too
// many separate marks to be a number (image/number_split.h).
NumberReading read_number(const Network& network, const GrayImageView& image,
                          InkPolarity polarity = InkPolarity::Auto);

}  // namespace digitpad
