// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/mnist_source.h"

#include <QStringList>

#include <cctype>

namespace digitpad {

MnistSource standardMnistSource() {
  MnistSource source;
  source.mirrors = {
      QUrl("https://ossci-datasets.s3.amazonaws.com/mnist/"),
      QUrl("https://storage.googleapis.com/cvdf-datasets/mnist/"),
      QUrl("http://yann.lecun.com/exdb/mnist/"),
  };
  // SHA-256 of the published .gz files. For cross-checking by hand, their MD5
  // sums (torchvision's) are f68b3c2dcbeaaa9fbdd348bbdeb94873,
  // d53e105ee54ea40749a09fcbcd1e9432, 9fb629c4189551a2d022fa330f9573f3 and
  // ec29112dd5afa0611ce80d1b7f02629c in the same order.
  const auto sha256 = QCryptographicHash::Sha256;
  source.files = {
      {"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", sha256,
       9912422},
      {"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", sha256,
       28881},
      {"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", sha256,
       1648877},
      {"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", sha256, 4542},
  };
  return source;
}

std::optional<QCryptographicHash::Algorithm> algorithmForHexDigest(const QByteArray& hex) {
  for (const char c : hex)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
  if (hex.size() == 64) return QCryptographicHash::Sha256;
  if (hex.size() == 32) return QCryptographicHash::Md5;
  return std::nullopt;
}

QUrl asFolderUrl(QUrl base) {
  if (!base.path().endsWith('/')) base.setPath(base.path() + '/');
  return base;
}

std::optional<MnistSource> mnistSourceFromEnvironment(const MnistSource& fallback, QString& problem) {
  MnistSource source = fallback;
  const QString mirrors = qEnvironmentVariable("DIGITPAD_MNIST_MIRRORS");
  if (!mirrors.isEmpty()) {
    source.mirrors.clear();
    for (const QString& text : mirrors.split(',', Qt::SkipEmptyParts)) {
      const QUrl url(text.trimmed(), QUrl::StrictMode);
      if (!url.isValid() || url.scheme().isEmpty()) {
        problem = "DIGITPAD_MNIST_MIRRORS: '" + text + "' is not a URL";
        return std::nullopt;
      }
      source.mirrors.append(asFolderUrl(url));
    }
  }
  const QString checksums = qEnvironmentVariable("DIGITPAD_MNIST_CHECKSUMS");
  if (!checksums.isEmpty()) {
    source.files.clear();
    for (const QString& entry : checksums.split(',', Qt::SkipEmptyParts)) {
      const QStringList parts = entry.trimmed().split('=');
      const QByteArray hex = parts.size() == 2 ? parts[1].toLatin1().toLower() : QByteArray();
      const auto algorithm = algorithmForHexDigest(hex);
      if (parts.size() != 2 || parts[0].isEmpty() || parts[0].contains('/') || !algorithm) {
        problem = "DIGITPAD_MNIST_CHECKSUMS: '" + entry + "' is not NAME=SHA256-or-MD5-HEX";
        return std::nullopt;
      }
      source.files.append({parts[0], hex, *algorithm, -1});
    }
  }
  return source;
}

}  // namespace digitpad
