// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/png_file.h"

#include "core/io/atomic_file.h"
#include "core/util/error.h"

#include <QBuffer>
#include <QByteArray>

#include <string_view>

namespace digitpad {

void write_png_file(const QImage& image, const std::string& path) {
  if (image.isNull()) throw Error(path + ": there is no image to write");
  // Encoded in memory first: a failure to encode leaves no file at all.
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, "PNG")) throw Error(path + ": cannot encode the image as PNG");
  write_file_atomically(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace digitpad
