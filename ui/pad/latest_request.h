// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace digitpad {

// Latest-request-wins scheduling of work off the GUI thread, for work asked
// for on every live update of a stroke (NumberReader, ExplanationReader).
// At most one task runs at a time (QThreadPool); a task asked for meanwhile
// waits, and a newer one replaces it, so the intermediate states of a stroke
// are skipped, never queued. Only the latest request's result is reported,
// on the GUI thread; cancel() drops whatever was asked before.
//
// A task must not throw: it turns its failures into a Result (an empty map,
// a refusal), as only it knows what a failure should look like.
template <typename Result>
class LatestRequest {
 public:
  using Task = std::function<Result()>;

  // `on_latest` is called on `context`'s thread with the latest result.
  LatestRequest(QObject* context, std::function<void(const Result&)> on_latest) : on_latest_(std::move(on_latest)) {
    QObject::connect(&watcher_, &QFutureWatcher<Result>::finished, context, [this] { onFinished(); });
  }
  // Waits for a running task: it may hold what its owner is about to free.
  ~LatestRequest() { watcher_.waitForFinished(); }
  LatestRequest(const LatestRequest&) = delete;
  LatestRequest& operator=(const LatestRequest&) = delete;

  void run(Task task) {
    Request request{std::move(task), ++generation_};
    if (watcher_.isRunning())
      pending_ = std::move(request);
    else
      start(std::move(request));
  }
  void cancel() {
    ++generation_;
    pending_.reset();
  }
  // A task runs or waits.
  bool isBusy() const { return watcher_.isRunning() || pending_.has_value(); }

 private:
  struct Request {
    Task task;
    std::uint64_t generation = 0;
  };

  void start(Request request) {
    running_generation_ = request.generation;
    // QPromise (QtCore) rather than QtConcurrent::run, which would bring in a
    // library for one call. Shared: QThreadPool copies its task.
    auto promise = std::make_shared<QPromise<Result>>();
    watcher_.setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, task = std::move(request.task)] {
      promise->start();
      promise->addResult(task());
      promise->finish();
    });
  }

  void onFinished() {
    const bool latest = running_generation_ == generation_;
    const Result result = watcher_.future().resultCount() > 0 ? watcher_.result() : Result{};
    if (pending_) {
      Request next = std::move(*pending_);
      pending_.reset();
      start(std::move(next));
    }
    if (latest) on_latest_(result);
  }

  std::function<void(const Result&)> on_latest_;
  QFutureWatcher<Result> watcher_;
  std::optional<Request> pending_;
  std::uint64_t generation_ = 0;          // of the latest request
  std::uint64_t running_generation_ = 0;  // of the task that runs
};

}  // namespace digitpad
