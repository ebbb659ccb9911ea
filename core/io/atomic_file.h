#pragma once

#include <string>
#include <string_view>

namespace digitpad {

// Writes `bytes` to `path` so that readers only ever see the old file or the
// complete new one: the bytes go to a temporary file in the same folder, are
// flushed to disk, and the temporary is renamed over `path`. On any failure the
// temporary is removed, `path` is untouched, and Error("<path>: <problem>") is thrown.
void write_file_atomically(const std::string& path, std::string_view bytes);

// The whole file, or Error("<path>: <problem>"). Refuses files larger than
// `max_bytes` before reading them.
std::string read_whole_file(const std::string& path, std::size_t max_bytes);

}  // namespace digitpad
