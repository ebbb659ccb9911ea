// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Running one MnistDownload to its end in a test: shared by the download test files.

#include "ui/headless/download/mnist_download.h"

#include <QByteArray>
#include <QFile>
#include <QSignalSpy>
#include <QString>

namespace digitpad::test {

struct DownloadOutcome {
  bool finished = false;
  bool ok = false;
  QString message;
};

// Starts `download` and runs the event loop (which also runs the local server)
// until it finishes or `timeout_ms` pass: not finishing by then is a hang.
inline DownloadOutcome run_download(MnistDownload& download, int timeout_ms) {
  QSignalSpy finished(&download, &MnistDownload::finished);
  download.start();
  DownloadOutcome outcome;
  outcome.finished = finished.wait(timeout_ms);
  if (outcome.finished) {
    outcome.ok = finished.first().at(0).toBool();
    outcome.message = finished.first().at(1).toString();
  }
  return outcome;
}

// A file's bytes, or none when it cannot be read.
inline QByteArray file_contents(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace digitpad::test
