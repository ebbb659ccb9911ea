// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/number_reader.h"

#include "core/util/error.h"

#include "ui/headless/images/digit_image.h"

#include <utility>

namespace digitpad {

NumberReader::NumberReader(QObject* parent)
    : QObject(parent), reads_(this, [this](const NumberReading& reading) { emit numberRead(reading); }) {}

void NumberReader::read(std::shared_ptr<const Network> network, const QImage& image) {
  reads_.run([network = std::move(network), image] {
    try {
      return read_number_in_image(*network, image);
    } catch (const Error& error) {
      // No digits, and why (a model whose outputs are NaN, say): shown instead of an answer.
      NumberReading refused;
      refused.refusal = error.what();
      return refused;
    } catch (...) {
      return NumberReading{};  // nothing read, as for a blank canvas
    }
  });
}

void NumberReader::cancel() { reads_.cancel(); }

}  // namespace digitpad
