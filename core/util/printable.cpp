// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/printable.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace digitpad {
namespace {

// Length of the well-formed UTF-8 sequence starting at `i` that encodes a
// character worth showing (not a C1 control, not a surrogate, not overlong),
// or 0.
std::size_t utf8_letter_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool invalid = code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF);
  const bool c1_control = code >= 0x80 && code <= 0x9F;
  // U+2028/2029 are line breaks to some terminals and widgets.
  const bool line_break = code == 0x2028 || code == 0x2029;
  if (overlong || invalid || c1_control || line_break) return 0;
  return length;
}

void escape_into(std::string& out, std::string_view s, std::size_t max_bytes) {
  for (std::size_t i = 0; i < s.size();) {
    if (out.size() >= max_bytes) {
      out += "...";
      return;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\') out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (const std::size_t length = c >= 0x80 ? utf8_letter_length(s, i) : 0; length > 0) {
      out.append(s.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(c));
        out += hex;
      }
    }
    ++i;
  }
}

}  // namespace

std::string printable(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(bytes.size(), max_bytes) + 8);
  escape_into(out, bytes, max_bytes);
  return out;
}

std::string one_line(std::string_view message) {
  // Messages keep their backslashes (Windows-looking paths, regex text); only
  // what would break the line or drive the terminal is escaped.
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size();) {
    const unsigned char c = static_cast<unsigned char>(message[i]);
    if (c == '\\' || (c >= 0x20 && c < 0x7F)) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t length = c >= 0x80 ? utf8_letter_length(message, i) : 0;
    if (length > 0) {
      out.append(message.substr(i, length));
      i += length;
      continue;
    }
    escape_into(out, message.substr(i, 1), std::string::npos);
    ++i;
  }
  return out;
}

}  // namespace digitpad
