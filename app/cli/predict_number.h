// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/image/preprocess.h"
#include "core/nn/network.h"

#include <string>
#include <vector>

namespace digitpad::cli {

// `digitpad-cli predict --number`: reads each image as a number written side
// by side and prints PATH<TAB>NUMBER<TAB>CONFIDENCE, the confidence being the
// least sure digit's probability. An unreadable image or one without ink is
// reported on stderr as one line naming the file, and the others are still
// read. Returns the exit status: kExitFailure when any image was not read.
int predict_numbers(const Network& network, const std::vector<std::string>& images, InkPolarity polarity);

}  // namespace digitpad::cli
