// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pad/picture.h"

#include <QColor>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace digitpad {
namespace {

// Files above this are refused before reading (a phone photo is a few MB).
constexpr qint64 kMaxPictureFileBytes = qint64{256} << 20;

// Messages name the file as the user knows it: by its name.
QString file_name(const QString& path) {
  const QString name = QFileInfo(path).fileName();
  return name.isEmpty() ? path : name;
}

// The colour around the digit: the ring pixel of median gray in the outermost
// two-pixel ring, the background preprocessing decides on (ink_levels.h),
// transparent pixels counting as white paper as in digit_input_from_image.
// Its own colour, not just its gray, so beige paper stays beige. Only the ring
// is looked at, so a resize of the canvas, which paints the picture again,
// stays cheap.
QColor background_colour(const QImage& picture) {
  struct RingPixel {
    int gray;
    QRgb colour;
  };
  std::vector<RingPixel> ring;
  const auto add = [&](int x, int y) {
    const QColor pixel = picture.pixelColor(x, y);
    const double alpha = pixel.alphaF();
    const auto on_white = [alpha](int channel) {
      return static_cast<int>(channel * alpha + 255 * (1 - alpha) + 0.5);
    };
    const QRgb opaque = qRgb(on_white(pixel.red()), on_white(pixel.green()), on_white(pixel.blue()));
    ring.push_back({qGray(opaque), opaque});
  };
  const int width = picture.width();
  const int height = picture.height();
  for (int y = 0; y < height; ++y) {
    if (y < 2 || y >= height - 2) {
      for (int x = 0; x < width; ++x) add(x, y);
    } else {
      for (int x = 0; x < std::min(2, width); ++x) add(x, y);
      for (int x = std::max(2, width - 2); x < width; ++x) add(x, y);
    }
  }
  if (ring.empty()) return Qt::white;
  auto middle = ring.begin() + static_cast<std::ptrdiff_t>(ring.size() / 2);
  std::nth_element(ring.begin(), middle, ring.end(),
                   [](const RingPixel& a, const RingPixel& b) { return a.gray < b.gray; });
  return QColor(middle->colour);
}

}  // namespace

bool is_picture_file(const QString& path) {
  // Checked first: QImageReader would block on a FIFO waiting for a writer.
  if (!QFileInfo(path).isFile()) return false;
  QImageReader reader(path);
  reader.setDecideFormatFromContent(true);
  return reader.canRead();
}

QImage read_picture_file(const QString& path, QString* error) {
  const auto fail = [&](const QString& why) {
    if (error) *error = why;
    return QImage();
  };
  const QFileInfo info(path);
  const QString name = file_name(path);
  if (!info.exists()) return fail(QObject::tr("%1: no such file").arg(name));
  if (!info.isFile()) return fail(QObject::tr("%1 is not a file").arg(name));
  if (info.size() > kMaxPictureFileBytes)
    return fail(QObject::tr("%1 is too large to be a picture of a digit (%2 MB)").arg(name).arg(info.size() >> 20));

  QImageReader reader(path);
  reader.setDecideFormatFromContent(true);  // a PNG named .dat is still a PNG, a text named .png is not
  reader.setAutoTransform(true);            // a phone photo taken sideways
  if (!reader.canRead())
    return fail(QObject::tr("%1 is not a picture DigitPad can read (PNG, JPEG, BMP, …)").arg(name));

  // The header's size decides before any pixel is decoded.
  const QSize size = reader.size();
  if (size.isValid()) {
    if (qint64{size.width()} * size.height() > kMaxPicturePixels)
      return fail(QObject::tr("%1 is too large: %2×%3 pixels (at most %4 megapixels)")
                      .arg(name)
                      .arg(size.width())
                      .arg(size.height())
                      .arg(kMaxPicturePixels >> 20));
    if (std::max(size.width(), size.height()) > kMaxPictureSide)
      reader.setScaledSize(size.scaled(kMaxPictureSide, kMaxPictureSide, Qt::KeepAspectRatio));
  }
  const QImage picture = reader.read();
  if (picture.isNull()) return fail(QObject::tr("%1: cannot read the picture (%2)").arg(name, reader.errorString()));
  return bounded_picture(picture);  // a format that did not report its size up front
}

QImage bounded_picture(const QImage& picture) {
  if (std::max(picture.width(), picture.height()) <= kMaxPictureSide) return picture;
  return picture.scaled(kMaxPictureSide, kMaxPictureSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void paint_picture_to_fit(QImage& target, const QImage& picture) {
  if (picture.isNull() || target.isNull()) return;
  target.fill(background_colour(picture));
  const QSize fitted = picture.size().scaled(target.size(), Qt::KeepAspectRatio);
  const QRect area(QPoint((target.width() - fitted.width()) / 2, (target.height() - fitted.height()) / 2), fitted);
  QPainter painter(&target);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(area, picture);
}

}  // namespace digitpad
