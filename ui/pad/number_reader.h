// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/nn/network.h"
#include "ui/pad/latest_request.h"
#include "core/recognition/number_reading.h"

#include <QImage>
#include <QObject>

#include <memory>

namespace digitpad {

// Reads a number off the GUI thread. read_number on a wide canvas takes
// 5-20 ms (splitting ~400,000 pixels, then one preprocessing per digit),
// too long to run on every live update while a stroke moves.
//
// Latest request wins (pad/latest_request.h): a read asked for while one
// runs waits, a newer one replaces it, and only the latest is reported;
// cancel() drops whatever was asked before (a cleared canvas, a mode switch).
class NumberReader : public QObject {
  Q_OBJECT

 public:
  explicit NumberReader(QObject* parent = nullptr);

  void read(std::shared_ptr<const Network> network, const QImage& image);
  void cancel();
  // A read is running or waiting.
  bool isBusy() const { return reads_.isBusy(); }

 signals:
  // On the GUI thread, for the latest request only.
  void numberRead(const NumberReading& reading);

 private:
  // Waits, when destroyed, for a running read: it holds the network.
  LatestRequest<NumberReading> reads_;
};

}  // namespace digitpad
