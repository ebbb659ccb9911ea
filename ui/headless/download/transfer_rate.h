// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

#include <deque>
#include <utility>

namespace digitpad {

// Download speed over the last few seconds (not since the start, so that a
// stall or a faster mirror shows at once), and the time left at that speed.
class TransferRate {
 public:
  TransferRate();

  // `bytes` more arrived just now.
  void add(qint64 bytes);

  // Bytes per second over the window; 0 until two samples a moment apart exist.
  double bytesPerSecond() const;

  // Seconds to transfer `remaining` bytes at the current rate; -1 when unknown.
  double secondsLeft(qint64 remaining) const;

 private:
  QElapsedTimer clock_;
  qint64 total_ = 0;
  std::deque<std::pair<qint64, qint64>> samples_;  // (milliseconds, total bytes so far)
};

}  // namespace digitpad
