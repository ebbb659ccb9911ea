#include "io/atomic_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <unistd.h>

namespace digitpad {
namespace {

std::string system_error_text() { return std::strerror(errno); }

// POSIX write() may write less than asked; loop until done or failed.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw Error(path + ": folder " + folder.string() + " does not exist");

  // A name unique enough that two writers of the same target do not collide.
  std::random_device entropy;
  const fs::path temporary =
      folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                std::to_string(entropy()));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(path + ": cannot create a file here (" + system_error_text() + ")");

  const bool ok = write_all(fd, bytes) && ::fsync(fd) == 0;
  const std::string failure = ok ? std::string() : system_error_text();
  const bool closed = ::close(fd) == 0;
  if (!ok || !closed) {
    ::unlink(temporary.c_str());
    throw Error(path + ": write failed (" + (ok ? system_error_text() : failure) + "); previous file kept");
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const std::string reason = system_error_text();
    ::unlink(temporary.c_str());
    throw Error(path + ": cannot replace the file (" + reason + "); previous file kept");
  }
}

std::string read_whole_file(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file");
  if (fs::is_directory(path, ec)) throw Error(path + ": is a folder, not a file");
  const auto size = fs::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read (" + ec.message() + ")");
  if (size > max_bytes)
    throw Error(path + ": file is too large (" + std::to_string(size) + " bytes, limit " +
                std::to_string(max_bytes) + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open (" + system_error_text() + ")");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) throw Error(path + ": read failed");
  return bytes;
}

}  // namespace digitpad
