// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/recognition/explanation.h"

#include <Eigen/Core>
#include <QColor>
#include <QImage>

namespace digitpad {

// How the "Why?" heat map looks, shared by the app's 28x28 view and
// `digitpad-cli predict --explain`: red where the ink pushed the network
// towards its answer, blue where it pushed towards the runner-up, more opaque
// the stronger, relative to the map's strongest pixel; transparent where it
// did neither.
QColor heat_colour(float heat, float strongest);

// The 28x28 input (white ink on black, as the view shows it) with the heat
// map over it, each pixel a `scale` x `scale` square.
QImage explanation_image(const Eigen::Ref<const Eigen::VectorXf>& input, const Explanation& explanation, int scale);

}  // namespace digitpad
