// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/headless/images/heat_map_image.h"

#include "core/data/dataset.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace digitpad {
namespace {

// At most this opaque, so that the ink under the strongest pixels still shows.
constexpr float kMostOpaque = 0.8f;

}  // namespace

QColor heat_colour(float heat, float strongest) {
  if (!(strongest > 0.0f) || heat == 0.0f) return Qt::transparent;
  // The square root lifts weak but real reasons out of invisibility without
  // letting them look as strong as the strongest.
  const float share = std::sqrt(std::min(std::abs(heat) / strongest, 1.0f));
  QColor colour = heat > 0.0f ? QColor(0xe0, 0x20, 0x20) : QColor(0x20, 0x70, 0xf0);
  colour.setAlphaF(kMostOpaque * share);
  return colour;
}

QImage explanation_image(const Eigen::Ref<const Eigen::VectorXf>& input, const Explanation& explanation, int scale) {
  QImage image(kImageSide * scale, kImageSide * scale, QImage::Format_RGB32);
  QPainter painter(&image);
  const float strongest = explanation.strongest();
  for (int row = 0; row < kImageSide; ++row) {
    for (int column = 0; column < kImageSide; ++column) {
      const int pixel = row * kImageSide + column;
      const int level = static_cast<int>(std::lround(std::clamp(input(pixel), 0.0f, 1.0f) * 255.0f));
      const QRect square(column * scale, row * scale, scale, scale);
      painter.fillRect(square, QColor(level, level, level));
      if (!explanation.empty()) painter.fillRect(square, heat_colour(explanation.heat(pixel), strongest));
    }
  }
  return image;
}

}  // namespace digitpad
