#include "digit_image.h"

#include <QPainter>

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

}  // namespace digitpad
