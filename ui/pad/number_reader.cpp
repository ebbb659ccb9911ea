// SPDX-License-Identifier: GPL-3.0-or-later
#include "pad/number_reader.h"

#include "util/error.h"

#include "qtimage/digit_image.h"

#include <QPromise>
#include <QThreadPool>

#include <utility>

namespace digitpad {

NumberReader::NumberReader(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<NumberReading>::finished, this, &NumberReader::onFinished);
}

NumberReader::~NumberReader() { watcher_.waitForFinished(); }

void NumberReader::read(std::shared_ptr<const Network> network, const QImage& image) {
  Request request{std::move(network), image, ++generation_};
  if (watcher_.isRunning()) {
    pending_ = std::move(request);
  } else {
    start(std::move(request));
  }
}

void NumberReader::cancel() {
  ++generation_;
  pending_.reset();
}

void NumberReader::start(Request request) {
  running_generation_ = request.generation;
  // QPromise (QtCore) rather than QtConcurrent::run, which would bring in a
  // library for one call. Shared: QThreadPool copies its task.
  auto promise = std::make_shared<QPromise<NumberReading>>();
  watcher_.setFuture(promise->future());
  QThreadPool::globalInstance()->start([promise, network = std::move(request.network), image = request.image] {
    promise->start();
    try {
      promise->addResult(read_number_in_image(*network, image));
    } catch (const Error& error) {
      // No digits, and why (a model whose outputs are NaN, say): shown instead of an answer.
      NumberReading refused;
      refused.refusal = error.what();
      promise->addResult(std::move(refused));
    } catch (...) {
      promise->addResult(NumberReading{});  // nothing read, as for a blank canvas
    }
    promise->finish();
  });
}

void NumberReader::onFinished() {
  const bool latest = running_generation_ == generation_;
  const NumberReading reading = watcher_.future().resultCount() > 0 ? watcher_.result() : NumberReading{};
  if (pending_) {
    Request next = std::move(*pending_);
    pending_.reset();
    start(std::move(next));
  }
  if (latest) emit numberRead(reading);
}

}  // namespace digitpad
