// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/file_checksum.h"

#include "core/io/regular_file.h"
#include "core/util/error.h"

#include <QFile>

#include <cerrno>

#include <unistd.h>

namespace digitpad {

QByteArray fileDigest(const QString& path, QCryptographicHash::Algorithm algorithm) {
  // Only a regular file is hashed: a FIFO at the name would block the open,
  // and a link to /dev/zero would be read forever.
  FileDescriptor file;
  try {
    struct stat info {};
    file = FileDescriptor(open_regular_file_for_reading(QFile::encodeName(path).toStdString(), info));
  } catch (const Error&) {
    return {};
  }
  QCryptographicHash hash(algorithm);
  QByteArray chunk(1 << 16, Qt::Uninitialized);
  for (;;) {
    const ssize_t got = ::read(file.get(), chunk.data(), static_cast<std::size_t>(chunk.size()));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return {};
    if (got == 0) break;
    hash.addData(QByteArrayView(chunk.constData(), got));
  }
  return hash.result().toHex();
}

bool hasExpectedChecksum(const QString& path, const ExpectedFile& file) {
  const QByteArray digest = fileDigest(path, file.algorithm);
  return !digest.isEmpty() && digest == file.hash.toLower();
}

}  // namespace digitpad
