// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

#include <string>

namespace digitpad {

// Writes `image` as a PNG file through write_file_atomically (io/atomic_file.h):
// readers see the old file or the whole new one, a symlink's target is
// rewritten, a file's mode is kept, a folder or device is refused. Throws
// Error("<path>: <problem>") on any failure, leaving the target as it was.
void write_png_file(const QImage& image, const std::string& path);

}  // namespace digitpad
