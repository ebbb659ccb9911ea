// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/headless/download/mnist_source.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

namespace digitpad::test {

// Four small made-up MNIST files under the standard names, real gzip'd IDX
// (60 training and 20 test digits of random pixels), so that a fetched folder
// can be loaded by core's reader like the real thing.
struct FakeMnist {
  static constexpr int kTrainCount = 60;
  static constexpr int kTestCount = 20;

  QMap<QString, QByteArray> files;  // name -> bytes, in no particular order
  QList<QString> names;             // in the standard order

  static FakeMnist make();

  // The files with their SHA-256 sums (sizes left unknown, as the environment
  // override leaves them), from these mirrors.
  MnistSource source(const QList<QUrl>& mirrors) const;
  // "NAME=HEX,..." for DIGITPAD_MNIST_CHECKSUMS.
  QString checksumsVariable() const;
};

}  // namespace digitpad::test
