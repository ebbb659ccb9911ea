// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <string>

namespace digitpad {

// A folder of digit images sorted into subfolders by label, the layout image
// tools and Keras' image_dataset_from_directory use:
//
//   dir/0/*.png   dir/1/*.jpg   ...   dir/9/*
//
// Every image file (any format Qt reads, found by extension; hidden files and
// other subfolders are ignored) is decoded and turned into a 28x28 input by
// digit_input_from_image, the same path drawings take, so a photographed or
// scanned digit is cropped and centred as MNIST's were; an image that is
// 28x28 already (MNIST as PNGs, write_image_folder's export) is taken pixel
// for pixel (ready_input_from_image), so such a folder reads back exactly.
// Files are read in name order, labels 0..9, so a folder always gives the
// same set.
//
// Throws Error("<path>: <problem>") for a missing folder, a folder with no
// images in any of 0/..9/, an undecodable file, or an image with no ink.
Dataset load_image_folder(const std::string& dir);

}  // namespace digitpad
