#include "digit_image.h"

#include "util/error.h"

#include <QImageReader>
#include <QPainter>
#include <QString>

#include <filesystem>

namespace digitpad {
namespace {

QImage opaque_grayscale(const QImage& image) {
  if (!image.hasAlphaChannel()) return image.convertToFormat(QImage::Format_Grayscale8);
  QImage on_white(image.size(), QImage::Format_RGB32);
  on_white.fill(Qt::white);
  QPainter painter(&on_white);
  painter.drawImage(0, 0, image);
  painter.end();
  return on_white.convertToFormat(QImage::Format_Grayscale8);
}

}  // namespace

std::optional<Eigen::VectorXf> digit_input_from_image(const QImage& image, InkPolarity polarity) {
  if (image.isNull()) return std::nullopt;
  const QImage gray = opaque_grayscale(image);
  const GrayImageView view{gray.constBits(), gray.width(), gray.height(),
                           static_cast<int>(gray.bytesPerLine())};
  return preprocess_digit(view, polarity);
}

QImage read_image_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a folder, not an image");
  QImageReader reader(QString::fromStdString(path));
  reader.setAutoTransform(true);
  QImage decoded = reader.read();
  if (decoded.isNull()) throw Error(path + ": cannot read the image (" + reader.errorString().toStdString() + ")");
  return decoded;
}

}  // namespace digitpad
