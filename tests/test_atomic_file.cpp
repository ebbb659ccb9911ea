// SPDX-License-Identifier: GPL-3.0-or-later
// write_file_atomically and read_whole_file: round trips, replacing, failures
// that must leave the target and the folder as they were, and the size limit;
// only regular files replaced (devices, FIFOs, sockets and folders refused),
// symbolic links followed, the file mode kept, stale temporaries removed, and
// no read ever blocking on a FIFO.

#include "core/io/atomic_file.h"
#include "core/io/fault_injection.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Every name in the folder, to prove no temporary was left behind.
  std::vector<std::string> listing() const { return scratch_.listing(); }

  test::TempFolder scratch_{"digitpad-atomic"};
  const fs::path dir_ = scratch_.path();
};

template <typename Action>
void expect_error(Action action, const std::string& file, const std::string& problem) {
  try {
    action();
    ADD_FAILURE() << "no error; expected one about \"" << problem << "\"";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(file + ": ", 0), 0u) << "message must start with the path: " << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
  }
}

std::string binary_bytes() {
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes.push_back(static_cast<char>(i * 37 % 256));  // includes NULs
  return bytes;
}

TEST_F(AtomicFileTest, RoundTripBinaryAndEmpty) {
  const std::string bytes = binary_bytes();
  write_file_atomically(path("model.dpm"), bytes);
  EXPECT_EQ(read_whole_file(path("model.dpm"), bytes.size()), bytes);
  write_file_atomically(path("empty"), "");
  EXPECT_EQ(read_whole_file(path("empty"), 0), "");
  EXPECT_EQ(listing(), (std::vector<std::string>{"empty", "model.dpm"}));
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileWholly) {
  write_file_atomically(path("a"), std::string(5000, 'x'));
  write_file_atomically(path("a"), "short");
  EXPECT_EQ(read_whole_file(path("a"), 1 << 20), "short") << "no tail of the longer old file may remain";
  EXPECT_EQ(listing(), (std::vector<std::string>{"a"}));
}

TEST_F(AtomicFileTest, MissingFolderFailsWithoutCreatingAnything) {
  const std::string target = path("no-such-folder/model.dpm");
  expect_error([&] { write_file_atomically(target, "data"); }, target, "does not exist");
  EXPECT_FALSE(fs::exists(dir_ / "no-such-folder"));
  EXPECT_TRUE(listing().empty());
}

// A hook that makes one kind of step fail, as a full disk or a lost rename would.
fault_injection::Step failing_step = fault_injection::Step::Rename;
void fail_at_step(fault_injection::Step step, const std::string& path) {
  if (step == failing_step) throw Error(path + ": injected failure at " + fault_injection::step_name(step));
}

TEST_F(AtomicFileTest, FailedStepKeepsTheTargetAndLeavesNoTemporary) {
  using fault_injection::Step;
  for (const Step step : {Step::Create, Step::Write, Step::Sync, Step::Rename}) {
    write_file_atomically(path("target"), "precious");
    failing_step = step;
    fault_injection::set_hook(&fail_at_step);
    EXPECT_THROW(write_file_atomically(path("target"), binary_bytes()), Error) << fault_injection::step_name(step);
    fault_injection::set_hook(nullptr);
    EXPECT_EQ(read_whole_file(path("target"), 100), "precious") << fault_injection::step_name(step);
    EXPECT_EQ(listing(), (std::vector<std::string>{"target"})) << "the temporary must be removed";
  }
}

TEST_F(AtomicFileTest, RefusesAFolderAndKeepsIt) {
  fs::create_directories(dir_ / "target");
  std::ofstream(dir_ / "target" / "keep.txt") << "precious";
  expect_error([&] { write_file_atomically(path("target"), binary_bytes()); }, path("target"),
               "is a folder, not a regular file");
  EXPECT_TRUE(fs::is_directory(dir_ / "target"));
  EXPECT_EQ(read_whole_file((dir_ / "target" / "keep.txt").string(), 100), "precious");
  EXPECT_EQ(listing(), (std::vector<std::string>{"target"}));
}

// Once, `--out` over a FIFO, a device node or a socket replaced it with a
// regular file (as root, /dev/full itself).
TEST_F(AtomicFileTest, RefusesFifosSocketsAndDevicesAndLeavesThemAsTheyWere) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0644), 0);
  expect_error([&] { write_file_atomically(path("fifo"), "data"); }, path("fifo"), "is a FIFO (named pipe)");
  EXPECT_TRUE(fs::is_fifo(dir_ / "fifo"));

  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string socket_path = path("sock");
  ASSERT_LT(socket_path.size(), sizeof address.sun_path);
  std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  expect_error([&] { write_file_atomically(socket_path, "data"); }, socket_path, "is a socket");
  EXPECT_TRUE(fs::is_socket(socket_path));
  ::close(sock);

  // A character device of our own (the same numbers as /dev/full); making one
  // needs root, as replacing the real one did.
  if (::mknod(path("full").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) {
    expect_error([&] { write_file_atomically(path("full"), "data"); }, path("full"), "is a character device");
    EXPECT_TRUE(fs::is_character_file(dir_ / "full"));
  }
  // And the real one, through a link, is refused the same way (never written).
  fs::create_symlink("/dev/full", dir_ / "link-to-full");
  expect_error([&] { write_file_atomically(path("link-to-full"), "data"); }, path("link-to-full"),
               "is a character device");
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(AtomicFileTest, FollowsASymbolicLinkAndKeepsTheLink) {
  fs::create_directories(dir_ / "real");
  write_file_atomically(path("real/model.dpm"), "old");
  fs::create_symlink("real/model.dpm", dir_ / "link.dpm");  // relative, as users make them
  write_file_atomically(path("link.dpm"), "new");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.dpm"));
  EXPECT_EQ(read_whole_file(path("real/model.dpm"), 100), "new");
  // A dangling link creates the file it names.
  fs::create_symlink("real/later.dpm", dir_ / "later.dpm");
  write_file_atomically(path("later.dpm"), "made");
  EXPECT_TRUE(fs::is_symlink(dir_ / "later.dpm"));
  EXPECT_EQ(read_whole_file(path("real/later.dpm"), 100), "made");
  // A loop is an error, not a hang.
  fs::create_symlink("loop-b", dir_ / "loop-a");
  fs::create_symlink("loop-a", dir_ / "loop-b");
  EXPECT_THROW(write_file_atomically(path("loop-a"), "x"), Error);
}

TEST_F(AtomicFileTest, KeepsTheModeOfTheReplacedFile) {
  for (const fs::perms mode : {fs::perms(0600), fs::perms(0755), fs::perms(0640)}) {
    write_file_atomically(path("file"), "old");
    fs::permissions(path("file"), mode);
    write_file_atomically(path("file"), "new");
    EXPECT_EQ(fs::status(path("file")).permissions() & fs::perms::mask, mode);
  }
  // A new file: 0666 less the umask, like any other program's.
  const mode_t mask = ::umask(022);
  write_file_atomically(path("fresh"), "x");
  ::umask(mask);
  EXPECT_EQ(fs::status(path("fresh")).permissions() & fs::perms::mask, fs::perms(0644));
}

// Temporaries of killed saves once piled up: they were never removed.
TEST_F(AtomicFileTest, RemovesStaleTemporariesOfItsOwnNaming) {
  // The PID of a process that has ended.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child);
  const std::string alive = std::to_string(::getppid());
  const std::vector<std::string> stale = {".model.dpm.tmp-" + dead + "-12345", ".model.dpm.tmp-" + alive + "-99"};
  const std::vector<std::string> kept = {
      ".model.dpm.tmp-" + alive + "-7",  // a live writer's, young: may be a save under way
      ".other.dpm.tmp-" + dead + "-1",   // another target's: not ours to judge now
      ".model.dpm.tmp-" + dead + "-x1",  // not our naming
      "model.dpm.tmp-" + dead + "-1",
  };
  for (const std::string& name : stale) std::ofstream(dir_ / name) << "junk";
  for (const std::string& name : kept) std::ofstream(dir_ / name) << "junk";
  // The live writer's second file is two days old: no save takes that long.
  fs::last_write_time(dir_ / stale[1], fs::file_time_type::clock::now() - std::chrono::hours(48));
  write_file_atomically(path("model.dpm"), "fresh");
  for (const std::string& name : stale) EXPECT_FALSE(fs::exists(dir_ / name)) << name;
  for (const std::string& name : kept) EXPECT_TRUE(fs::exists(dir_ / name)) << name;
}

TEST_F(AtomicFileTest, CheckWritableFindsProblemsBeforeAnyWork) {
  EXPECT_NO_THROW(check_writable(path("new.dpm")));
  write_file_atomically(path("old.dpm"), "x");
  EXPECT_NO_THROW(check_writable(path("old.dpm")));
  expect_error([&] { check_writable(path("missing/m.dpm")); }, path("missing/m.dpm"), "does not exist");
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0644), 0);
  expect_error([&] { check_writable(path("fifo")); }, path("fifo"), "is a FIFO");
  // /proc refuses new files even to root.
  expect_error([&] { check_writable("/proc/digitpad-test.dpm"); }, "/proc/digitpad-test.dpm", "cannot create a file");
  EXPECT_EQ(listing(), (std::vector<std::string>{"fifo", "old.dpm"})) << "the probe must be removed";
}

// Reading a FIFO once blocked forever.
TEST_F(AtomicFileTest, ReadingAFifoFailsAtOnce) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0644), 0);
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { read_whole_file(path("fifo"), 100); }, path("fifo"),
               "is a FIFO (named pipe), not a regular file");
  std::uint64_t size = 0;
  expect_error([&] { read_file_start(path("fifo"), 16, size); }, path("fifo"), "is a FIFO");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(AtomicFileTest, ReadLimitIsCheckedBeforeReading) {
  write_file_atomically(path("ten"), "0123456789");
  EXPECT_EQ(read_whole_file(path("ten"), 10), "0123456789");  // exactly at the limit is fine
  expect_error([&] { read_whole_file(path("ten"), 9); }, path("ten"), "file is too large (10 bytes, limit 9)");
}

TEST_F(AtomicFileTest, ReadErrorsNameTheFile) {
  expect_error([&] { read_whole_file(path("absent"), 100); }, path("absent"), "no such file");
  expect_error([&] { read_whole_file(dir_.string(), 100); }, dir_.string(), "is a folder, not a file");
}

}  // namespace
}  // namespace digitpad
