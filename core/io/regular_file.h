// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include <sys/stat.h>

namespace digitpad {

// Opening a path that a user named, or that DigitPad expects a file at,
// without ever blocking and without being led elsewhere: a FIFO would wait for
// a writer forever, a character device (/dev/zero) never ends, and a symbolic
// link planted where DigitPad writes could send its bytes to any file.

// Opens `path` read-only and checks it is a regular file; returns the
// descriptor (close-on-exec, blocking again) and fills `info`. Throws
// Error("<path>: is a FIFO (named pipe), not a regular file") and the like.
// Symbolic links are followed: a user may name a link to their model.
int open_regular_file_for_reading(const std::string& path, struct stat& info);

// Opens `path` for reading and writing, creating it with `mode` if missing,
// without following a symbolic link at the last component, and checks it is a
// regular file. For files DigitPad writes in place (a download's .part).
// Throws Error("<path>: is a symbolic link; refusing to write through it").
int open_regular_file_for_writing(const std::string& path, mode_t mode, struct stat& info);

// "a FIFO (named pipe)", "a character device", ...: what a non-regular file is.
const char* file_kind(mode_t mode);

// Closes a descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now; false when close() reported an error (a delayed write error).
  bool close();

 private:
  int fd_;
};

}  // namespace digitpad
