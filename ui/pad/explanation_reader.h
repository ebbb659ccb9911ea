// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "nn/network.h"
#include "recognition/explanation.h"

#include <Eigen/Core>
#include <QFutureWatcher>
#include <QObject>

#include <cstdint>
#include <memory>
#include <optional>

namespace digitpad {

// Computes "Why?" heat maps off the GUI thread: one takes 10-25 ms with the
// shipped convnet on two busy cores, too long to run on every live update
// while a stroke moves.
//
// As NumberReader does: at most one runs at a time (QThreadPool), a request
// made meanwhile waits and a newer one replaces it, and only the latest
// request's result is reported; cancel() drops whatever was asked before.
class ExplanationReader : public QObject {
  Q_OBJECT

 public:
  explicit ExplanationReader(QObject* parent = nullptr);
  ~ExplanationReader() override;  // waits for a running map: it holds the network

  void explain(std::shared_ptr<const Network> network, const Eigen::VectorXf& input);
  void cancel();
  // A map is being computed or waits to be.
  bool isBusy() const { return watcher_.isRunning() || pending_.has_value(); }

 signals:
  // On the GUI thread, for the latest request only; empty if it failed.
  void explained(const Explanation& explanation);

 private:
  struct Request {
    std::shared_ptr<const Network> network;
    Eigen::VectorXf input;
    std::uint64_t generation = 0;
  };

  void start(Request request);
  void onFinished();

  QFutureWatcher<Explanation> watcher_;
  std::optional<Request> pending_;
  std::uint64_t generation_ = 0;          // of the latest request
  std::uint64_t running_generation_ = 0;  // of the map being computed
  // The pass's buffers, kept between maps; only the one running task uses it.
  std::shared_ptr<ForwardCache> scratch_ = std::make_shared<ForwardCache>();
};

}  // namespace digitpad
