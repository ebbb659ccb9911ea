// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/download/durable_rename.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace digitpad {

QString flushToDisk(int fileDescriptor) {
  if (::fsync(fileDescriptor) != 0) return QString("flush to disk failed: ") + std::strerror(errno);
  return {};
}

QString renameIntoPlace(const QString& from, const QString& to) {
  // rename(2) rather than QFile::rename, which refuses to replace an existing file.
  if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
    return QString("rename failed: ") + std::strerror(errno);
  const int folder = ::open(QFile::encodeName(QFileInfo(to).absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
  if (folder >= 0) {
    ::fsync(folder);  // best effort: the file is in place either way
    ::close(folder);
  }
  return {};
}

}  // namespace digitpad
