// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"

#include <QImage>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace digitpad {

// An image's 8-bit gray pixels for preprocess_digit: transparent pixels
// composited onto white, then exactly the bytes of Qt's
// convertToFormat(QImage::Format_Grayscale8) (a colour-managed luminance,
// not qGray's weights). The canvas, a Format_RGB32 image of gray pixels
// only, is read without Qt's conversion: for such an image Qt's bytes are
// the pixels' own gray levels. Any other image goes through Qt.
class GrayPixels {
 public:
  explicit GrayPixels(const QImage& image);

  GrayImageView view() const { return view_; }
  // True when the pixels were read directly rather than converted by Qt.
  bool read_directly() const { return read_directly_; }

  GrayPixels(const GrayPixels&) = delete;
  GrayPixels& operator=(const GrayPixels&) = delete;

 private:
  QImage qt_gray_;  // Qt's conversion, when it was needed
  // The gray levels, when read directly; never zeroed first (every byte is
  // written), which had cost as much as reading them.
  std::unique_ptr<std::uint8_t[]> levels_;
  GrayImageView view_;
  bool read_directly_ = false;
};

// Qt's conversion, for every image: the reference GrayPixels must match.
QImage qt_grayscale(const QImage& image);

}  // namespace digitpad
