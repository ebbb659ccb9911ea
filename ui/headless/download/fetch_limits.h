// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace digitpad {

// The bounds every download attempt runs within, so that no mirror, however
// broken or hostile, can fill the disk, hold the download forever or make it
// keep unbounded headers. The defaults are generous for the real MNIST files
// (the largest is 9.9 MB) on a slow link; tests shrink them to seconds.
struct FetchLimits {
  // The cap for a file whose size is not published (the test-only override):
  // 20 times the largest MNIST file.
  qint64 maxUnknownFileBytes = qint64{200} << 20;
  // Nothing at all arrives for this long: the transfer has stalled.
  int stallTimeoutMs = 30000;
  // A mirror must average at least this many bytes a second over each window
  // (a trickle of a byte a second would otherwise never stall).
  qint64 minimumBytesPerSecond = 1024;
  int rateWindowMs = 60000;
  // One attempt at one file, whatever the rate.
  int deadlineMs = 60 * 60 * 1000;
  // The response's header lines together, checked once they are complete.
  qint64 maxHeaderBytes = 64 * 1024;
  // Qt 6.4 gathers header lines without a limit of its own and shows none of
  // them until the last has come, so headers that never end are bounded by
  // time: they must be complete this long after the request.
  int headerTimeoutMs = 30000;
  // HTTP(S) redirects followed for one request.
  int maxRedirects = 5;
};

}  // namespace digitpad
