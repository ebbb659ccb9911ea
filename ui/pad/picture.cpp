#include "pad/picture.h"

#include "image/ink_levels.h"

#include <QColor>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>

#include <algorithm>

namespace digitpad {
namespace {

// Files above this are refused before reading (a phone photo is a few MB).
constexpr qint64 kMaxPictureFileBytes = qint64{256} << 20;

// Messages name the file as the user knows it: by its name.
QString file_name(const QString& path) {
  const QString name = QFileInfo(path).fileName();
  return name.isEmpty() ? path : name;
}

// The gray preprocessing takes as the background: transparent pixels count as
// white paper, as in digit_input_from_image.
int background_gray(const QImage& picture) {
  QImage opaque(picture.size(), QImage::Format_RGB32);
  opaque.fill(Qt::white);
  {
    QPainter painter(&opaque);
    painter.drawImage(0, 0, picture);
  }
  const QImage gray = opaque.convertToFormat(QImage::Format_Grayscale8);
  const GrayImageView view{gray.constBits(), gray.width(), gray.height(), static_cast<int>(gray.bytesPerLine())};
  const std::optional<InkScale> scale = find_ink_scale(view, InkPolarity::Auto);
  return scale ? scale->background : 255;
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
  const int gray = background_gray(picture);
  target.fill(QColor(gray, gray, gray));
  const QSize fitted = picture.size().scaled(target.size(), Qt::KeepAspectRatio);
  const QRect area(QPoint((target.width() - fitted.width()) / 2, (target.height() - fitted.height()) / 2), fitted);
  QPainter painter(&target);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(area, picture);
}

}  // namespace digitpad
