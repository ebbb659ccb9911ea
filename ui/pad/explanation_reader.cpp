// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/explanation_reader.h"

#include <utility>

namespace digitpad {

ExplanationReader::ExplanationReader(QObject* parent)
    : QObject(parent), maps_(this, [this](const Explanation& explanation) { emit explained(explanation); }) {}

void ExplanationReader::explain(std::shared_ptr<const Network> network, const Eigen::VectorXf& input) {
  maps_.run([scratch = scratch_, network = std::move(network), input] {
    try {
      return explain_answer(*network, input, *scratch);
    } catch (...) {
      return Explanation{};  // no map rather than a wrong one
    }
  });
}

void ExplanationReader::cancel() { maps_.cancel(); }

}  // namespace digitpad
