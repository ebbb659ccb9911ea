// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

namespace digitpad {

// The CRC-32 of `bytes` (zlib's, as in gzip and PNG): model files and the
// my-digits store's commit record check their contents with it.
std::uint32_t crc32_of(std::string_view bytes);

}  // namespace digitpad
