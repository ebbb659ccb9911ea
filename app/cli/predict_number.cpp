// SPDX-License-Identifier: GPL-3.0-or-later
#include "predict_number.h"

#include "core/nn/finite_outputs.h"

#include "commands.h"
#include "ui/headless/images/digit_image.h"

#include "core/recognition/number_reading.h"
#include "core/util/error.h"
#include "core/util/printable.h"

#include <cstdio>

namespace digitpad::cli {
namespace {

void report_unread(const std::string& message) {
  std::fflush(stdout);  // keep stdout and stderr in order on a terminal
  std::fprintf(stderr, "digitpad-cli: %s\n", one_line(message).c_str());
}

}  // namespace

int predict_numbers(const Network& network, const std::vector<std::string>& images, InkPolarity polarity) {
  bool all_read = true;
  for (const std::string& path : images) {
    NumberReading reading;
    try {
      reading = read_number_in_image(network, read_image_file(path), polarity);
    } catch (const NonFiniteOutputs&) {
      throw;  // the model's fault, not this image's: no other image would fare better
    } catch (const Error& error) {
      report_unread(error.what());
      all_read = false;
      continue;
    }
    if (!reading.refusal.empty()) {
      report_unread(path + ": " + reading.refusal);
      all_read = false;
      continue;
    }
    // Unlike a single digit's "blank", a number without digits is no answer
    // a script could use as a number: it is an error for that file.
    if (reading.empty()) {
      report_unread(path + ": no ink, so no number to read");
      all_read = false;
      continue;
    }
    std::printf("%s\t%s\t%.4f\n", path.c_str(), reading.text().c_str(), static_cast<double>(reading.confidence()));
  }
  return all_read ? kExitOk : kExitFailure;
}

}  // namespace digitpad::cli
