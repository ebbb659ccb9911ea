// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/recognition/number_reading.h"

#include "core/data/dataset.h"
#include "core/image/number_split.h"

#include <algorithm>
#include <optional>

namespace digitpad {

std::string NumberReading::text() const {
  std::string text;
  for (const ReadDigit& digit : digits)
    text += digit.digit == kNotADigitLabel ? '?' : static_cast<char>('0' + digit.digit);
  return text;
}

float NumberReading::confidence() const {
  if (digits.empty()) return 0.0f;
  float lowest = 1.0f;
  for (const ReadDigit& digit : digits) lowest = std::min(lowest, digit.probability);
  return lowest;
}

NumberReading read_number(const Network& network, const GrayImageView& image, InkPolarity polarity) {
  NumberReading reading;
  std::vector<DigitCrop> crops;
  try {
    crops = split_number(image, polarity);
  } catch (const TooManyMarks& refusal) {
    reading.refusal = refusal.what();
    return reading;
  }
  for (const DigitCrop& crop : crops) {
    // A crop always holds ink above the drawing's threshold, but a very faint
    // digit can fall under the contrast preprocessing asks of a drawing of
    // its own; it is left out, as that digit alone would read as blank.
    std::optional<Eigen::VectorXf> input = preprocess_digit(crop.view(), crop.polarity);
    if (!input) continue;
    ReadDigit digit;
    digit.box = crop.box;
    digit.input = std::move(*input);
    reading.digits.push_back(std::move(digit));
  }
  if (reading.empty()) return reading;

  Eigen::MatrixXf batch(kImagePixels, static_cast<Eigen::Index>(reading.digits.size()));
  for (std::size_t i = 0; i < reading.digits.size(); ++i)
    batch.col(static_cast<Eigen::Index>(i)) = reading.digits[i].input;
  const Eigen::MatrixXf probabilities = network.probabilities(batch);
  for (std::size_t i = 0; i < reading.digits.size(); ++i) {
    ReadDigit& digit = reading.digits[i];
    digit.probabilities = probabilities.col(static_cast<Eigen::Index>(i));
    Eigen::Index best = 0;
    digit.probability = digit.probabilities.maxCoeff(&best);
    digit.digit = static_cast<int>(best);
  }
  return reading;
}

}  // namespace digitpad
