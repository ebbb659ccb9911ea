// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Little-endian fields written and read byte by byte, so that files move
// between machines: the model file's encoding (io/model_file.cpp).

#include "core/util/error.h"

#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace digitpad {

inline void put_u32(char* out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
}

inline std::uint32_t get_u32(const char* in) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= std::uint32_t{static_cast<unsigned char>(in[i])} << (8 * i);
  return value;
}

inline std::uint64_t get_u64(const char* in) {
  return std::uint64_t{get_u32(in)} | (std::uint64_t{get_u32(in + 4)} << 32);
}

class ByteWriter {
 public:
  void u32(std::uint32_t value) {
    char buffer[4];
    put_u32(buffer, value);
    bytes_.append(buffer, 4);
  }
  void u64(std::uint64_t value) {
    u32(static_cast<std::uint32_t>(value & 0xFFFFFFFFu));
    u32(static_cast<std::uint32_t>(value >> 32));
  }
  // Two's complement, which C++20 guarantees for the conversion.
  void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
  void f32(float value) { u32(std::bit_cast<std::uint32_t>(value)); }
  void text(std::string_view value) {
    u32(static_cast<std::uint32_t>(value.size()));  // callers keep texts short enough
    bytes_.append(value);
  }
  void raw(std::string_view value) { bytes_.append(value); }

  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

// Reads fields from a byte range; running out names the field being read.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, const std::string& path, std::string_view place)
      : bytes_(bytes), path_(path), place_(place) {}

  std::uint64_t remaining() const { return bytes_.size() - position_; }

  std::uint32_t u32(std::string_view what) {
    need(4, what);
    const std::uint32_t value = get_u32(bytes_.data() + position_);
    position_ += 4;
    return value;
  }
  std::int32_t i32(std::string_view what) { return static_cast<std::int32_t>(u32(what)); }
  float f32(std::string_view what) { return std::bit_cast<float>(u32(what)); }
  // A u32 that must fit an int before it is used as a size (the limits then
  // decide whether the size is sensible).
  int small_u32(const std::string& what) {
    const std::uint32_t value = u32(what);
    if (value > static_cast<std::uint32_t>(std::numeric_limits<int>::max()))
      fail(what + " " + std::to_string(value) + " is out of range");
    return static_cast<int>(value);
  }

  // A u32 byte count then that many bytes; the count is checked against what
  // is left before the string is allocated.
  std::string text(std::string_view what) {
    const std::uint32_t length = u32(what);
    if (length > remaining())
      fail(std::string(what) + " claims " + std::to_string(length) + " bytes but only " +
           std::to_string(remaining()) + " remain" + std::string(place_));
    std::string value(bytes_.substr(position_, length));
    position_ += length;
    return value;
  }

  [[noreturn]] void fail(const std::string& problem) const { throw Error(path_ + ": " + problem); }

 private:
  void need(std::uint64_t count, std::string_view what) const {
    if (remaining() < count) fail("truncated at " + std::string(what) + std::string(place_));
  }

  std::string_view bytes_;
  const std::string& path_;
  std::string_view place_;  // appended to truncation messages, e.g. " inside the header section"
  std::size_t position_ = 0;
};

}  // namespace digitpad
