// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace digitpad {

// One file to fetch and the checksum it must have before it is used.
struct ExpectedFile {
  QString name;     // e.g. "train-images-idx3-ubyte.gz"; the same name on every mirror
  QByteArray hash;  // lower-case hex digest
  QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
  qint64 size = -1;  // bytes, when published (for the progress total before a server says)
};

// Where the files come from: base URLs tried in order, each ending in "/".
struct MnistSource {
  QList<QUrl> mirrors;
  QList<ExpectedFile> files;
};

// The four standard MNIST files with their published SHA-256 sums (the values
// TensorFlow Datasets and torchvision's mirrors are checked against; the t10k
// pair was checked here against the real files too), and well-known mirrors
// in order: PyTorch's S3 copy, TensorFlow's Google Cloud copy, then the
// original site (which has at times refused anonymous downloads).
MnistSource standardMnistSource();

// TEST-ONLY override, for tests that serve made-up files from a local server
// (a machine here has no internet). Reads:
//   DIGITPAD_MNIST_MIRRORS    comma-separated base URLs, tried in order
//   DIGITPAD_MNIST_CHECKSUMS  comma-separated NAME=HEX (64 hex digits: SHA-256,
//                             32: MD5), replacing the list of files
// Each variable replaces its part of `fallback` when set. Returns `fallback`
// when neither is set, or nullopt with `problem` set when one is malformed.
std::optional<MnistSource> mnistSourceFromEnvironment(const MnistSource& fallback, QString& problem);

// The digest algorithm a hex digest of this length belongs to (SHA-256 or MD5),
// or nullopt.
std::optional<QCryptographicHash::Algorithm> algorithmForHexDigest(const QByteArray& hex);

// A base URL with the trailing "/" that resolving a file name against it needs.
QUrl asFolderUrl(QUrl base);

}  // namespace digitpad
