// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>

namespace digitpad {

// A picture of a digit to read instead of a drawing: a photo of ink on paper,
// a scan, a screenshot. The network reads it through digit_input_from_image
// like any drawing; these helpers only bound its size and show it.

// Larger pictures are scaled down to this side when read: preprocessing boils
// a digit down to 20x20 pixels, so more detail only costs time.
inline constexpr int kMaxPictureSide = 1600;
// Pictures of more pixels than this are refused before decoding: 64 MP is
// Qt's default allocation limit at 4 bytes a pixel, and more than any phone
// photo DigitPad needs. A file claiming more is likely broken or a trap.
inline constexpr qint64 kMaxPicturePixels = qint64{64} << 20;

// Decodes the image file at `path`, judged by its content, not its name, and
// honouring a photo's EXIF orientation. Formats that can (JPEG) decode
// straight at the reduced size; others are scaled after decoding. A null
// image and a one-line `error` naming the file when it is no regular file,
// not an image Qt reads, too large, or damaged.
QImage read_picture_file(const QString& path, QString* error);

// Whether `path` is a regular file whose first bytes say it is an image Qt
// can read (a quick look, no decoding).
bool is_picture_file(const QString& path);

// `picture` scaled down to kMaxPictureSide when larger (a pasted screenshot),
// else as it is.
QImage bounded_picture(const QImage& picture);

// Paints `picture` into `target` as large as fits, centred, keeping its
// aspect ratio, on its own background colour (its border's, as preprocessing
// decides it), so that a light-on-dark picture stays one and the result
// still reads as the same digit.
void paint_picture_to_fit(QImage& target, const QImage& picture);

}  // namespace digitpad
