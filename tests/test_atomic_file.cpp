// write_file_atomically and read_whole_file: round trips, replacing, failures
// that must leave the target and the folder as they were, and the size limit.

#include "io/atomic_file.h"
#include "util/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("digitpad-atomic-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Every name in the folder, to prove no temporary was left behind.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
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

TEST_F(AtomicFileTest, FailedReplaceKeepsTheTargetAndLeavesNoTemporary) {
  // A target that cannot be replaced by a file (a non-empty folder) makes the
  // final rename fail after the temporary was fully written.
  fs::create_directories(dir_ / "target");
  std::ofstream(dir_ / "target" / "keep.txt") << "precious";
  expect_error([&] { write_file_atomically(path("target"), binary_bytes()); }, path("target"),
               "previous file kept");
  EXPECT_TRUE(fs::is_directory(dir_ / "target"));
  EXPECT_EQ(read_whole_file((dir_ / "target" / "keep.txt").string(), 100), "precious");
  EXPECT_EQ(listing(), (std::vector<std::string>{"target"})) << "the temporary must be removed";
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
