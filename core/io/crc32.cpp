// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/crc32.h"

#include <zlib.h>

namespace digitpad {

std::uint32_t crc32_of(std::string_view bytes) {
  // crc32_z takes a size_t length, so no need to feed a large file in pieces.
  return static_cast<std::uint32_t>(
      crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace digitpad
