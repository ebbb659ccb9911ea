// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace digitpad {

// The one helper every writer in DigitPad uses (models, IDX files, the user's
// digits, history and confusion CSVs, --dump-input, the app's Save): readers
// only ever see the old file or the complete new one.
//
//  - The bytes go to a temporary file in the target's folder
//    (".NAME.tmp-PID-RANDOM"), are flushed to disk, and the temporary is
//    renamed over the target; the folder is flushed too, so the rename lasts.
//  - Only a regular file is ever replaced. A device node (/dev/full), a FIFO,
//    a socket or a folder at the target is refused before anything is written.
//  - A symbolic link is followed, as editors do: its target is rewritten and
//    the link stays a link (it was made to point somewhere on purpose).
//  - The replaced file's permission bits (and, for root, its owner) are kept;
//    a new file gets 0666 less the umask, like any other program's.
//  - Temporaries of this naming for the same target that a killed save left
//    behind (their process is gone, or they are over a day old) are removed.
//  - On any failure the temporary is removed, the target is untouched, and
//    Error("<path>: <problem>") is thrown.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Throws the Error write_file_atomically would throw for reasons that are
// known before writing: a missing or unwritable folder, or something other
// than a regular file at the path. Creates and removes a temporary to find
// out, so a long training run fails before it starts, not after.
void check_writable(const std::string& path);

// The whole file, or Error("<path>: <problem>"). Refuses files larger than
// `max_bytes` before reading them, and anything but a regular file (a folder,
// a FIFO, a device) without blocking on it.
std::string read_whole_file(const std::string& path, std::size_t max_bytes);

// At most the first `count` bytes of a regular file, and its full size in
// `file_size`; refuses what read_whole_file refuses. For reading a header
// before deciding whether the rest is worth reading.
std::string read_file_start(const std::string& path, std::size_t count, std::uint64_t& file_size);

// Removes the temporaries of write_file_atomically's naming for `path` that a
// killed save left behind (their process is gone, or they are over a day
// old). write_file_atomically does this itself; a reader that owns a folder
// (the user's digits) calls it on load. Best effort, never throws.
void remove_stale_temporaries(const std::string& path);

// Flushes a folder's entries (renames, new and removed files) to disk.
void sync_folder(const std::string& folder);

}  // namespace digitpad
