#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace digitpad {

// gzip (RFC 1952) through zlib. `name` is used only in error messages.
std::string gzip_compress(std::string_view bytes);

// Inflates a gzip stream, refusing to produce more than `max_output` bytes (so a
// corrupt or hostile header cannot make us allocate gigabytes). Throws
// Error("<name>: corrupt gzip data (...)") on a damaged or truncated stream.
std::string gzip_decompress(std::string_view compressed, std::size_t max_output, const std::string& name);

// True when `path` ends in ".gz".
bool has_gzip_extension(std::string_view path);

}  // namespace digitpad
