// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"
#include "core/recognition/number_reading.h"

#include <Eigen/Core>
#include <QImage>

#include <optional>
#include <string>

namespace digitpad {

// The network input for any QImage: a canvas, or a PNG/JPEG/BMP file the CLI
// decoded. Transparent pixels are composited onto white (a drawing saved with
// an alpha channel is ink on nothing, i.e. on paper), the result converted to
// 8-bit gray and handed to preprocess_digit, the one preprocessing path.
// nullopt when the image holds no ink.
std::optional<Eigen::VectorXf> digit_input_from_image(const QImage& image, InkPolarity polarity = InkPolarity::Auto);

// For an image already in MNIST's 28x28 form (MNIST as PNG files, an export
// of the user's digits): its pixels as they are, ink = distance from white
// (dark on light) or from black (light on dark), the polarity decided from
// the border as above. Nothing is cropped, rescaled or re-centred: doing that
// again would shift an MNIST digit by a pixel and drop its faintest ink, so
// an exported set would not read back as itself. nullopt for any other size,
// or an image with no ink.
std::optional<Eigen::VectorXf> ready_input_from_image(const QImage& image, InkPolarity polarity = InkPolarity::Auto);

// The one rule for an image file (predict, --image-folder): exactly 28x28 is
// MNIST's form already and taken pixel for pixel (ready_input_from_image);
// any other size is a drawing or a photo and goes through the canvas's
// preprocessing (digit_input_from_image).
std::optional<Eigen::VectorXf> input_from_image_file(const QImage& image, InkPolarity polarity = InkPolarity::Auto);

// The same for a number written side by side (read_number): the grayscale
// conversion above, then split, preprocessed and classified digit by digit.
// Empty when the image holds no ink.
NumberReading read_number_in_image(const Network& network, const QImage& image,
                                   InkPolarity polarity = InkPolarity::Auto);

// Decodes an image file in any format Qt reads (PNG, JPEG, BMP, ...), honouring
// a photo's EXIF orientation. Works without a QGuiApplication. Throws
// Error("<path>: <problem>") for a missing, unreadable or undecodable file,
// and at once for anything but a regular file (a FIFO never blocks it). Qt's
// and libpng's warnings while decoding end up in that one-line message, never
// on stderr.
QImage read_image_file(const std::string& path);

}  // namespace digitpad
