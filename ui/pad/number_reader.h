// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "nn/network.h"
#include "recognition/number_reading.h"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>

#include <cstdint>
#include <memory>
#include <optional>

namespace digitpad {

// Reads a number off the GUI thread. read_number on a wide canvas takes
// 5-20 ms (splitting ~400,000 pixels, then one preprocessing per digit),
// too long to run on every live update while a stroke moves.
//
// At most one read runs at a time (QThreadPool). A request made while one
// runs waits, and a newer request replaces it: the intermediate states of a
// stroke are skipped, never queued. Only the latest request's result is
// reported; cancel() drops whatever was asked before (a cleared canvas, a
// mode switch).
class NumberReader : public QObject {
  Q_OBJECT

 public:
  explicit NumberReader(QObject* parent = nullptr);
  ~NumberReader() override;  // waits for a running read: it holds the network

  void read(std::shared_ptr<const Network> network, const QImage& image);
  void cancel();
  // A read is running or waiting.
  bool isBusy() const { return watcher_.isRunning() || pending_.has_value(); }

 signals:
  // On the GUI thread, for the latest request only.
  void numberRead(const NumberReading& reading);

 private:
  struct Request {
    std::shared_ptr<const Network> network;
    QImage image;
    std::uint64_t generation = 0;
  };

  void start(Request request);
  void onFinished();

  QFutureWatcher<NumberReading> watcher_;
  std::optional<Request> pending_;
  std::uint64_t generation_ = 0;          // of the latest request
  std::uint64_t running_generation_ = 0;  // of the read that runs
};

}  // namespace digitpad
