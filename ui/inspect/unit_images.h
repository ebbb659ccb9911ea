// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a network's first layer with weights looks like: its units' incoming
// weights and its output maps as pictures, in a diverging colour map
// (negative blue, zero white, positive red). Used by the Hidden units view
// and the Mistakes window.

#include "core/nn/network.h"

#include <Eigen/Core>

#include <QImage>

namespace digitpad {

// The first layer with weights and how its weights become pictures.
struct FirstWeightedLayer {
  int index = -1;  // -1: none
  bool conv = false;
  bool output = false;  // no hidden layer with weights: the output layer's templates
  Shape input, output_shape;
  int units = 0;
  int kernel = 0;                             // convolution
  int picture_height = 0, picture_width = 0;  // dense: its input as a picture; 0: not one
};
FirstWeightedLayer first_weighted_layer(const Network& network);

// `value` in [-1, 1] (clamped) as a colour: blue below zero, white at zero, red above.
QRgb diverging(float value);

// One unit's incoming weights as an RGB image, scaled so that its strongest
// weight is full colour: 28x28 for a dense first layer, K x K for a
// convolution's filter; white when there is no such unit.
QImage unit_image(const Network& network, int unit);

// Map `map` of a layer output `values` of shape `shape` (NCHW, one sample),
// height x width, coloured with |value| = `scale` as full colour.
QImage map_image(const Eigen::Ref<const Eigen::VectorXf>& values, const Shape& shape, int map, float scale);

}  // namespace digitpad
