// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/gray_pixels.h"

#include "core/util/cpu_dispatch.h"

#include <QColorSpace>
#include <QPainter>

#include <cstring>

// Why not always Qt's conversion: a live prediction converts the whole canvas
// (746x746 at 1920x1080) and Qt 6 does it through its colour transform, per
// pixel and channel: 40 % of a prediction's time. For a gray pixel
// (R = G = B) of an sRGB or unmarked image that transform gives back the
// level itself, so the canvas, which only ever holds gray pixels, needs
// nothing but its blue bytes. That identity is Qt's behaviour, not a
// promise: it is checked once per process against Qt itself, and any image
// it does not cover (colour pixels, other colour spaces and formats) is
// converted by Qt exactly as before.

namespace digitpad {
namespace {

// Qt's gray for every level v of a pixel (v, v, v) in colour space `space` is v.
bool qt_keeps_gray_levels(const QColorSpace& space) {
  QImage ramp(256, 1, QImage::Format_RGB32);
  auto* pixels = reinterpret_cast<QRgb*>(ramp.scanLine(0));
  for (int v = 0; v < 256; ++v) pixels[v] = qRgb(v, v, v);
  ramp.setColorSpace(space);
  const QImage gray = ramp.convertToFormat(QImage::Format_Grayscale8);
  for (int v = 0; v < 256; ++v)
    if (gray.constScanLine(0)[v] != v) return false;
  return true;
}

bool reads_directly(const QImage& image) {
  if (image.format() != QImage::Format_RGB32) return false;
  static const bool unmarked = qt_keeps_gray_levels(QColorSpace());
  static const bool srgb = qt_keeps_gray_levels(QColorSpace(QColorSpace::SRgb));
  const QColorSpace space = image.colorSpace();
  if (!space.isValid()) return unmarked;
  return space == QColorSpace(QColorSpace::SRgb) && srgb;
}

// One row of Format_RGB32 pixels (0xffRRGGBB) into `gray`; false when a
// pixel is not gray. Written to vectorise: no early exit.
DIGITPAD_DISPATCH_AVX2
bool gray_row(const std::uint32_t* pixels, int width, std::uint8_t* gray) {
  std::uint32_t colour = 0;
  for (int x = 0; x < width; ++x) {
    const std::uint32_t p = pixels[x];
    const std::uint32_t blue = p & 0xffu;
    colour |= (blue ^ ((p >> 8) & 0xffu)) | (blue ^ ((p >> 16) & 0xffu));
    gray[x] = static_cast<std::uint8_t>(blue);
  }
  return colour == 0;
}

QImage on_white(const QImage& image) {
  QImage composited(image.size(), QImage::Format_RGB32);
  composited.fill(Qt::white);
  QPainter painter(&composited);
  painter.drawImage(0, 0, image);
  painter.end();
  return composited;
}

}  // namespace

QImage qt_grayscale(const QImage& image) {
  if (!image.hasAlphaChannel()) return image.convertToFormat(QImage::Format_Grayscale8);
  return on_white(image).convertToFormat(QImage::Format_Grayscale8);
}

GrayPixels::GrayPixels(const QImage& image) {
  const QImage opaque = image.hasAlphaChannel() ? on_white(image) : image;
  bool direct = reads_directly(opaque);
  if (direct) {
    const int width = opaque.width(), height = opaque.height();
    levels_ = std::make_unique_for_overwrite<std::uint8_t[]>(static_cast<std::size_t>(width) *
                                                             static_cast<std::size_t>(height));
    for (int y = 0; y < height && direct; ++y)
      direct = gray_row(reinterpret_cast<const std::uint32_t*>(opaque.constScanLine(y)), width,
                        levels_.get() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width));
    if (direct) {
      view_ = GrayImageView{levels_.get(), width, height, width};
      read_directly_ = true;
      return;
    }
  }
  levels_.reset();
  qt_gray_ = opaque.convertToFormat(QImage::Format_Grayscale8);
  view_ = GrayImageView{qt_gray_.constBits(), qt_gray_.width(), qt_gray_.height(),
                        static_cast<int>(qt_gray_.bytesPerLine())};
}

}  // namespace digitpad
