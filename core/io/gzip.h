// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace digitpad {

// gzip (RFC 1952) through zlib. `name` is used only in error messages.
std::string gzip_compress(std::string_view bytes);

// Inflates only the first gzip member of `compressed` (a file may hold several
// one after another) and sets `member_bytes` to its compressed length, where
// the next member starts. Throws Error("<name>: corrupt gzip data (...)") on a
// damaged or truncated member, or one that expands past `max_output`.
std::string gzip_decompress_member(std::string_view compressed, std::size_t max_output, const std::string& name,
                                   std::size_t& member_bytes);

// Inflates a gzip stream, refusing to produce more than `max_output` bytes (so a
// corrupt or hostile header cannot make us allocate gigabytes). Throws
// Error("<name>: corrupt gzip data (...)") on a damaged or truncated stream.
std::string gzip_decompress(std::string_view compressed, std::size_t max_output, const std::string& name);

// As gzip_decompress, but damage ends the output instead of throwing: returns
// what inflated before the damage and sets `problem` to the message
// gzip_decompress would have thrown (empty when the stream is whole). For
// recovering what is still readable in a damaged file.
std::string gzip_decompress_partial(std::string_view compressed, std::size_t max_output, const std::string& name,
                                    std::string& problem);

// True when `path` ends in ".gz".
bool has_gzip_extension(std::string_view path);

}  // namespace digitpad
