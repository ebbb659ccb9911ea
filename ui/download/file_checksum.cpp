#include "download/file_checksum.h"

#include <QFile>

namespace digitpad {

QByteArray fileDigest(const QString& path, QCryptographicHash::Algorithm algorithm) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(algorithm);
  if (!hash.addData(&file)) return {};
  return hash.result().toHex();
}

bool hasExpectedChecksum(const QString& path, const ExpectedFile& file) {
  const QByteArray digest = fileDigest(path, file.algorithm);
  return !digest.isEmpty() && digest == file.hash.toLower();
}

}  // namespace digitpad
