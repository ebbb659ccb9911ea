// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/transfer_rate.h"

namespace digitpad {
namespace {

constexpr qint64 kWindowMs = 3000;

}  // namespace

TransferRate::TransferRate() {
  clock_.start();
  samples_.emplace_back(0, 0);
}

void TransferRate::add(qint64 bytes) {
  total_ += bytes;
  const qint64 now = clock_.elapsed();
  samples_.emplace_back(now, total_);
  // Keep one sample older than the window, so the window is always spanned.
  while (samples_.size() > 2 && samples_[1].first < now - kWindowMs) samples_.pop_front();
}

double TransferRate::bytesPerSecond() const {
  const auto& [first_ms, first_bytes] = samples_.front();
  const auto& [last_ms, last_bytes] = samples_.back();
  const qint64 span = last_ms - first_ms;
  if (span < 50) return 0;  // too short to mean anything
  return static_cast<double>(last_bytes - first_bytes) * 1000.0 / static_cast<double>(span);
}

double TransferRate::secondsLeft(qint64 remaining) const {
  const double rate = bytesPerSecond();
  if (remaining < 0 || rate <= 0) return -1;
  return static_cast<double>(remaining) / rate;
}

}  // namespace digitpad
