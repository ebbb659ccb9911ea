// SPDX-License-Identifier: GPL-3.0-or-later
#include "pad/explanation_reader.h"

#include <QPromise>
#include <QThreadPool>

#include <utility>

namespace digitpad {

ExplanationReader::ExplanationReader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Explanation>::finished, this, &ExplanationReader::onFinished);
}

ExplanationReader::~ExplanationReader() { watcher_.waitForFinished(); }

void ExplanationReader::explain(std::shared_ptr<const Network> network, const Eigen::VectorXf& input) {
  Request request{std::move(network), input, ++generation_};
  if (watcher_.isRunning()) {
    pending_ = std::move(request);
  } else {
    start(std::move(request));
  }
}

void ExplanationReader::cancel() {
  ++generation_;
  pending_.reset();
}

void ExplanationReader::start(Request request) {
  running_generation_ = request.generation;
  auto promise = std::make_shared<QPromise<Explanation>>();
  watcher_.setFuture(promise->future());
  QThreadPool::globalInstance()->start(
      [promise, scratch = scratch_, network = std::move(request.network), input = std::move(request.input)] {
        promise->start();
        try {
          promise->addResult(explain_answer(*network, input, *scratch));
        } catch (...) {
          promise->addResult(Explanation{});  // no map rather than a wrong one
        }
        promise->finish();
      });
}

void ExplanationReader::onFinished() {
  const bool latest = running_generation_ == generation_;
  const Explanation explanation = watcher_.future().resultCount() > 0 ? watcher_.result() : Explanation{};
  if (pending_) {
    Request next = std::move(*pending_);
    pending_.reset();
    start(std::move(next));
  }
  if (latest) emit explained(explanation);
}

}  // namespace digitpad
