// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <string>

namespace digitpad {

// Writes a set of 28x28 digits as the folder load_image_folder reads back
// (image_folder_dataset.h):
//
//   dir/0/00003.png  dir/0/00017.png  ...  dir/9/00041.png
//
// One 8-bit grayscale PNG per digit, 28x28, ink white on black as MNIST stores
// it, so other tools (Keras' image_dataset_from_directory, torchvision's
// ImageFolder) see MNIST's convention; the name is the digit's position in
// `digits`, so name order is the set's order. All ten subfolders are made,
// empty ones too, so that tools numbering classes by folder give digit d
// class d.
//
// Never overwrites: `dir` must not exist or be an empty folder. The files are
// written into a hidden folder beside it, flushed, and the folder renamed to
// `dir` in one step, so `dir` holds either nothing or the whole set. Throws
// Error("<path>: <problem>"), leaving nothing behind, on any failure.
// Returns the number of files written (digits.count()).
int write_image_folder(const Dataset& digits, const std::string& dir);

}  // namespace digitpad
