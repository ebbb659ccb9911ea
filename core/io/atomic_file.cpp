// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/atomic_file.h"

#include "core/io/fault_injection.h"
#include "core/io/regular_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;
using fault_injection::Step;

constexpr int kMaxSymlinkHops = 40;  // as the kernel's own limit
constexpr std::time_t kStaleTemporarySeconds = 24 * 60 * 60;

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

// Where a save to `path` really goes: symbolic links followed to the file
// they name (which may not exist yet), as editors do.
fs::path resolve_links(const std::string& path) {
  fs::path current(path);
  for (int hop = 0; hop < kMaxSymlinkHops; ++hop) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    std::error_code ec;
    const fs::path link = fs::read_symlink(current, ec);
    if (ec) throw Error(path + ": cannot read the symbolic link (" + ec.message() + ")");
    current = link.is_absolute() ? link : current.parent_path() / link;
  }
  throw Error(path + ": too many levels of symbolic links");
}

// "is" or "leads to /dev/full, which is": the start of a sentence about
// what is at the target, saying where a link led.
std::string what_is(const std::string& path, const fs::path& resolved) {
  return resolved == fs::path(path) ? "is " : "is a link to " + resolved.string() + ", which is ";
}

fs::path folder_of(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

// What is at the resolved target now: nothing, or a regular file (its stat).
// Anything else is refused.
std::optional<struct stat> check_target(const std::string& path, const fs::path& resolved) {
  struct stat info {};
  if (::lstat(resolved.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      std::error_code ec;
      const fs::path folder = folder_of(resolved);
      if (!fs::is_directory(folder, ec)) throw Error(path + ": folder " + folder.string() + " does not exist");
      return std::nullopt;
    }
    throw Error(path + ": cannot check the file (" + system_error_text() + ")");
  }
  if (!S_ISREG(info.st_mode))
    throw Error(path + ": " + what_is(path, resolved) + file_kind(info.st_mode) +
                ", not a regular file; nothing was written (only regular files are replaced)");
  return info;
}

std::string temporary_prefix(const fs::path& target) { return "." + target.filename().string() + ".tmp-"; }

fs::path temporary_for(const fs::path& target) {
  // A name unique enough that two writers of the same target do not collide.
  std::random_device entropy;
  return folder_of(target) /
         (temporary_prefix(target) + std::to_string(::getpid()) + "-" + std::to_string(entropy()));
}

// Removes ".NAME.tmp-PID-N" files a killed save of `target` left: their
// process is gone, or they are older than any save takes. Best effort.
void remove_stale_temporaries(const fs::path& target) noexcept {
  const std::string prefix = temporary_prefix(target);
  std::error_code ec;
  const std::time_t now = std::time(nullptr);
  for (fs::directory_iterator it(folder_of(target), ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    // PID, '-', a number, nothing else: our own naming only.
    const std::string rest = name.substr(prefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash + 1 == rest.size() ||
        rest.find_first_not_of("0123456789-") != std::string::npos || rest.find('-', dash + 1) != std::string::npos)
      continue;
    struct stat info {};
    if (::lstat(entry.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    const long long pid = std::atoll(rest.substr(0, dash).c_str());
    const bool process_gone =
        pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    const bool old = now - info.st_mtime > kStaleTemporarySeconds;
    if (process_gone || old) ::unlink(entry.path().c_str());
  }
}

// A temporary file that removes itself unless it was renamed into place.
class Temporary {
 public:
  explicit Temporary(fs::path path) : path_(std::move(path)) {}
  ~Temporary() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) ::unlink(path_.c_str());
  }
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;

  const fs::path& path() const { return path_; }
  int fd() const { return fd_; }
  bool open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0) renamed_ = true;  // nothing was created: nothing to remove
    return fd_ >= 0;
  }
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void renamed() { renamed_ = true; }

 private:
  fs::path path_;
  int fd_ = -1;
  bool renamed_ = false;
};

// Reads exactly `count` bytes (fewer only at the end of the file).
std::string read_up_to(int fd, std::size_t count, const std::string& path) {
  std::string bytes(count, '\0');
  std::size_t done = 0;
  while (done < count) {
    const ssize_t got = ::read(fd, bytes.data() + done, count - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(path + ": read failed (" + system_error_text() + ")");
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  const fs::path target = resolve_links(path);
  const std::string& name = path;
  const std::optional<struct stat> existing = check_target(path, target);
  remove_stale_temporaries(target);

  Temporary temporary(temporary_for(target));
  fault_injection::before(Step::Create, temporary.path().string());
  if (!temporary.open()) throw Error(name + ": cannot create a file here (" + system_error_text() + ")");
  if (existing) {
    // Keep what the replaced file was: owner (only root may give a file away),
    // then the permission bits (chown clears set-id bits, so after it).
    if (::geteuid() == 0) (void)::fchown(temporary.fd(), existing->st_uid, existing->st_gid);
    (void)::fchmod(temporary.fd(), existing->st_mode & 07777);
  }
  fault_injection::before(Step::Write, temporary.path().string());
  if (!write_all(temporary.fd(), bytes))
    throw Error(name + ": write failed (" + system_error_text() + "); previous file kept");
  fault_injection::before(Step::Sync, temporary.path().string());
  if (::fsync(temporary.fd()) != 0)
    throw Error(name + ": write failed (" + system_error_text() + "); previous file kept");
  if (!temporary.close()) throw Error(name + ": write failed (" + system_error_text() + "); previous file kept");

  fault_injection::before(Step::Rename, target.string());
  if (::rename(temporary.path().c_str(), target.c_str()) != 0)
    throw Error(name + ": cannot replace the file (" + system_error_text() + "); previous file kept");
  temporary.renamed();
  sync_folder(folder_of(target).string());
}

void check_writable(const std::string& path) {
  const fs::path target = resolve_links(path);
  check_target(path, target);
  Temporary probe(temporary_for(target));
  if (!probe.open())
    throw Error(path + ": cannot create a file in " + folder_of(target).string() + " (" + system_error_text() + ")");
}

std::string read_whole_file(const std::string& path, std::size_t max_bytes) {
  struct stat info {};
  const FileDescriptor file(open_regular_file_for_reading(path, info));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes)
    throw Error(path + ": file is too large (" + std::to_string(size) + " bytes, limit " + std::to_string(max_bytes) +
                ")");
  std::string bytes = read_up_to(file.get(), static_cast<std::size_t>(size), path);
  if (bytes.size() != size) throw Error(path + ": read failed (the file shrank while being read)");
  return bytes;
}

std::string read_file_start(const std::string& path, std::size_t count, std::uint64_t& file_size) {
  struct stat info {};
  const FileDescriptor file(open_regular_file_for_reading(path, info));
  file_size = static_cast<std::uint64_t>(info.st_size);
  return read_up_to(file.get(), static_cast<std::size_t>(std::min<std::uint64_t>(count, file_size)), path);
}

void remove_stale_temporaries(const std::string& path) { remove_stale_temporaries(fs::path(path)); }

void sync_folder(const std::string& folder) {
  // Best effort: some file systems refuse fsync on a folder, and the data
  // itself was already flushed.
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace digitpad
