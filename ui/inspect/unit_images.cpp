// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect/unit_images.h"

#include "core/data/dataset.h"
#include "core/nn/layer_spec.h"

#include <QColor>

#include <algorithm>

namespace digitpad {
namespace {

// ColorBrewer's RdBu ends: strong enough to read at a glance, and the blend
// through white keeps small weights visibly small.
const QColor kNegative(0x21, 0x66, 0xac);
const QColor kPositive(0xb2, 0x18, 0x2b);

QRgb blend_from_white(const QColor& end, float amount) {
  const auto channel = [amount](int value) { return static_cast<int>(255.0f + (value - 255.0f) * amount + 0.5f); };
  return qRgb(channel(end.red()), channel(end.green()), channel(end.blue()));
}

}  // namespace

QRgb diverging(float value) {
  value = std::clamp(value, -1.0f, 1.0f);
  return value >= 0.0f ? blend_from_white(kPositive, value) : blend_from_white(kNegative, -value);
}

FirstWeightedLayer first_weighted_layer(const Network& network) {
  FirstWeightedLayer first;
  const std::vector<LayerSpec>& hidden = network.architecture().layers;
  for (int l = 0; l < network.layer_count(); ++l) {
    const Layer& layer = network.layer(l);
    if (layer.weight_count() == 0) continue;  // pooling, dropout
    first.index = l;
    first.output = l == network.layer_count() - 1;
    first.conv = !first.output && hidden[static_cast<std::size_t>(l)].kind == LayerKind::Conv;
    first.input = layer.input_shape();
    first.output_shape = layer.output_shape();
    if (first.conv) {
      first.units = first.output_shape.channels;
      first.kernel = hidden[static_cast<std::size_t>(l)].kernel;
    } else {
      first.units = static_cast<int>(first.output_shape.size());
      // A single-channel map is a picture; so is a flat input of a digit's size.
      if (first.input.channels == 1 && first.input.height > 1) {
        first.picture_height = first.input.height;
        first.picture_width = first.input.width;
      } else if (first.input.size() == kImagePixels) {
        first.picture_height = first.picture_width = kImageSide;
      }
    }
    break;
  }
  return first;
}

QImage unit_image(const Network& network, int unit) {
  const FirstWeightedLayer first = first_weighted_layer(network);
  if (first.conv) {
    const int k = first.kernel;
    QImage image(k, k, QImage::Format_RGB32);
    if (first.input.channels != 1 || unit < 0 || unit >= first.units) {
      image.fill(Qt::white);
      return image;
    }
    // Column `unit` holds the filter channel by channel, row by row; one channel here.
    const Eigen::VectorXf weights = network.weights(first.index).col(unit);
    const float largest = weights.cwiseAbs().maxCoeff();
    const float scale = largest > 0.0f ? 1.0f / largest : 0.0f;
    for (int y = 0; y < k; ++y) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < k; ++x) line[x] = diverging(weights[y * k + x] * scale);
    }
    return image;
  }
  const int height = first.picture_height > 0 ? first.picture_height : kImageSide;
  const int width = first.picture_width > 0 ? first.picture_width : kImageSide;
  QImage image(width, height, QImage::Format_RGB32);
  if (first.index < 0 || first.picture_height == 0 || unit < 0 || unit >= first.units) {
    image.fill(Qt::white);
    return image;
  }
  const Eigen::VectorXf weights = network.weights(first.index).row(unit).transpose();
  const float largest = weights.cwiseAbs().maxCoeff();
  const float scale = largest > 0.0f ? 1.0f / largest : 0.0f;
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width; ++x) line[x] = diverging(weights[y * width + x] * scale);
  }
  return image;
}

QImage map_image(const Eigen::Ref<const Eigen::VectorXf>& values, const Shape& shape, int map, float scale) {
  QImage image(shape.width, shape.height, QImage::Format_RGB32);
  const Eigen::Index plane = Eigen::Index{shape.height} * shape.width;
  if (map < 0 || map >= shape.channels || values.size() != shape.size()) {
    image.fill(Qt::white);
    return image;
  }
  const float factor = scale > 0.0f ? 1.0f / scale : 0.0f;
  const float* start = values.data() + map * plane;
  for (int y = 0; y < shape.height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < shape.width; ++x) line[x] = diverging(start[y * shape.width + x] * factor);
  }
  return image;
}

}  // namespace digitpad
