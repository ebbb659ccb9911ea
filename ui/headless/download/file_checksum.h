// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/headless/download/mnist_source.h"

#include <QString>

namespace digitpad {

// The file's hex digest with `file`'s algorithm, read in chunks (the largest
// MNIST file is 9.9 MB); empty when the file cannot be read.
QByteArray fileDigest(const QString& path, QCryptographicHash::Algorithm algorithm);

// True when `path` is a readable file whose digest is `file.hash`.
bool hasExpectedChecksum(const QString& path, const ExpectedFile& file);

}  // namespace digitpad
