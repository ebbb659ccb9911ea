// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/regular_file.h"

#include "core/util/error.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace digitpad {
namespace {

std::string system_error_text() { return std::strerror(errno); }

// After fstat showed a regular file, O_NONBLOCK is cleared: it means nothing
// for regular files on Linux, but a descriptor handed on should behave as an
// ordinary one everywhere.
void make_blocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

// fstat, then refuse anything but a regular file; closes `fd` when refusing.
void check_regular(int fd, const std::string& path, struct stat& info) {
  if (::fstat(fd, &info) != 0) {
    const std::string reason = system_error_text();
    ::close(fd);
    throw Error(path + ": cannot read (" + reason + ")");
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    if (S_ISDIR(info.st_mode)) throw Error(path + ": is a folder, not a file");
    throw Error(path + ": is " + std::string(file_kind(info.st_mode)) + ", not a regular file");
  }
  make_blocking(fd);
}

}  // namespace

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

int open_regular_file_for_reading(const std::string& path, struct stat& info) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) throw Error(path + ": no such file");
    if (errno == EISDIR) throw Error(path + ": is a folder, not a file");
    throw Error(path + ": cannot open (" + system_error_text() + ")");
  }
  check_regular(fd, path, info);
  return fd;
}

int open_regular_file_for_writing(const std::string& path, mode_t mode, struct stat& info) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, mode);
  if (fd < 0) {
    // O_NOFOLLOW reports a link at the last component as ELOOP.
    if (errno == ELOOP) throw Error(path + ": is a symbolic link; refusing to write through it");
    if (errno == EISDIR) throw Error(path + ": is a folder, not a file");
    if (errno == ENXIO) throw Error(path + ": is a FIFO (named pipe) or socket, not a regular file");
    throw Error(path + ": cannot open for writing (" + system_error_text() + ")");
  }
  check_regular(fd, path, info);
  return fd;
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

bool FileDescriptor::close() {
  const int fd = release();
  return fd < 0 || ::close(fd) == 0;
}

}  // namespace digitpad
