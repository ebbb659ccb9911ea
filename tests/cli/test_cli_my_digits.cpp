// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli my-digits end to end, and two writers on one folder at once
// (a window and a script may both change it): processes each adding digits, one removing while the other
// adds, and a writer killed while it holds the lock. After every run the
// folder must hold exactly the digits taught and not removed: none lost, none
// twice.

#include "cli_run.h"

#include "core/data/my_digit_hash.h"
#include "core/data/my_digits_store.h"
#include "ui/headless/store/folder_lock.h"

#include <QImage>
#include <QString>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::lines_of;
using test::run_cli;
using test::TempFolder;

constexpr int kSide = 28;

// Pixel (x, y) of test digit `i`: light ink on a black border (so taken as
// light-on-dark), two pixels spelling `i` out so that every digit differs.
int pixel(int i, int x, int y) {
  if (x < 4 || y < 4 || x >= kSide - 4 || y >= kSide - 4) return 0;
  if (y == 4 && x == 4) return 55 + i % 200;
  if (y == 4 && x == 5) return 55 + i / 200;
  return 55 + (i * 37 + x * 11 + y * 7 + (i * x * y) % 13) % 200;
}

// Test digit `i` as a 28x28 PNG, which my-digits takes pixel for pixel.
fs::path write_digit_png(const fs::path& folder, int i) {
  QImage image(kSide, kSide, QImage::Format_Grayscale8);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) image.scanLine(y)[x] = static_cast<uchar>(pixel(i, x, y));
  const fs::path path = folder / ("digit-" + std::to_string(i) + ".png");
  EXPECT_TRUE(image.save(QString::fromStdString(path.string())));
  return path;
}

// The hash the folder must hold for test digit `i` taught as `label`,
// computed here from the pixels, not by the tool.
std::string expected_hash(int i, int label) {
  Eigen::VectorXf input(kSide * kSide);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) input(y * kSide + x) = static_cast<float>(pixel(i, x, y)) / 255.0f;
  return my_digit_hash(input, static_cast<std::uint8_t>(label));
}

struct Listed {
  std::vector<int> labels;
  std::vector<std::string> hashes;
  std::string last_line;
};

Listed list_folder(const fs::path& scratch, const fs::path& folder) {
  const CliRun run = run_cli(scratch, {"my-digits", "list", "--folder", folder.string()});
  EXPECT_EQ(run.status, 0) << run.err;
  Listed listed;
  const std::vector<std::string> lines = lines_of(run.out);
  for (std::size_t n = 0; n + 1 < lines.size(); ++n) {
    int index = -1, label = -1;
    char hash[32] = {};
    EXPECT_EQ(std::sscanf(lines[n].c_str(), "%d\t%d\t%31s", &index, &label, hash), 3) << lines[n];
    EXPECT_EQ(index, static_cast<int>(n));
    listed.labels.push_back(label);
    listed.hashes.push_back(hash);
  }
  if (!lines.empty()) listed.last_line = lines.back();
  return listed;
}

// Writes a shell script running `commands` (one CLI run per line) in order,
// stopping at the first failure.
fs::path loop_script(const fs::path& scratch, const std::string& name, const std::vector<std::string>& commands) {
  const fs::path script = scratch / name;
  std::ofstream out(script);
  out << "set -e\n";
  for (const std::string& command : commands) out << command << " >/dev/null\n";
  return script;
}

// Runs the scripts at the same moment, each in its own shell; true when all
// ended with status 0.
bool run_at_once(const std::vector<fs::path>& scripts, const fs::path& scratch) {
  std::string command = "cd '" + scratch.string() + "' && ";
  for (std::size_t s = 0; s < scripts.size(); ++s)
    command +=
        "sh '" + scripts[s].string() + "' 2>'" + scripts[s].string() + ".err' & p" + std::to_string(s) + "=$!; ";
  command += "status=0; ";
  for (std::size_t s = 0; s < scripts.size(); ++s) command += "wait $p" + std::to_string(s) + " || status=1; ";
  command += "exit $status";
  const int raw = std::system(command.c_str());
  for (const fs::path& script : scripts) {
    const std::string err = test::read_text(script.string() + ".err");
    EXPECT_TRUE(err.empty()) << script << ": " << err;
  }
  return WIFEXITED(raw) && WEXITSTATUS(raw) == 0;
}

int rounds_wanted() {
  const char* text = std::getenv("DIGITPAD_CONCURRENT_ROUNDS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 1;
}

TEST(CliMyDigits, AddListAndRemoveByContent) {
  TempFolder scratch("cli-my-digits");
  const fs::path folder = scratch.path() / "my digits";
  const fs::path a = write_digit_png(scratch.path(), 1), b = write_digit_png(scratch.path(), 2),
                 c = write_digit_png(scratch.path(), 3);

  const Listed none = list_folder(scratch.path(), folder);
  EXPECT_EQ(none.last_line, "0 digits");
  EXPECT_FALSE(fs::exists(folder)) << "listing creates nothing";

  CliRun run = run_cli(scratch.path(),
                       {"my-digits", "add", "--digit", "7", "--folder", folder.string(), a.string(), b.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find(expected_hash(1, 7) + "\t" + a.string()), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("added 2 digits (2 in "), std::string::npos) << run.out;
  run = run_cli(scratch.path(), {"my-digits", "add", "--folder", folder.string(), "--digit", "4", c.string()});
  ASSERT_EQ(run.status, 0) << run.err;

  Listed listed = list_folder(scratch.path(), folder);
  EXPECT_EQ(listed.labels, (std::vector<int>{7, 7, 4}));
  EXPECT_EQ(listed.hashes, (std::vector<std::string>{expected_hash(1, 7), expected_hash(2, 7), expected_hash(3, 4)}));
  EXPECT_EQ(listed.last_line, "3 digits");
  // The folder is still the MNIST pair any tool reads, and the lock is gone.
  EXPECT_EQ(read_my_digits(folder.string()).count(), 3);
  EXPECT_FALSE(fs::exists(folder / FolderLock::kLockName));

  // By content: the middle digit, wherever it is.
  run = run_cli(scratch.path(), {"my-digits", "remove", "--folder", folder.string(), expected_hash(2, 7)});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("removed 1 digits (2 in "), std::string::npos) << run.out;
  listed = list_folder(scratch.path(), folder);
  EXPECT_EQ(listed.hashes, (std::vector<std::string>{expected_hash(1, 7), expected_hash(3, 4)}));

  // The same image under another label is another digit.
  EXPECT_NE(expected_hash(1, 7), expected_hash(1, 1));
}

TEST(CliMyDigits, ADrawingIsPreprocessedAndTheSameDigitTwiceIsTwoDigits) {
  TempFolder scratch("cli-my-digits");
  const fs::path folder = scratch.path() / "mine";
  // A 200x200 drawing, dark on white: cropped, scaled and centred as the canvas's are.
  QImage drawing(200, 200, QImage::Format_Grayscale8);
  drawing.fill(255);
  for (int y = 40; y < 160; ++y)
    for (int x = 90; x < 110; ++x) drawing.scanLine(y)[x] = 0;
  const fs::path one = scratch.path() / "one.png";
  ASSERT_TRUE(drawing.save(QString::fromStdString(one.string())));
  CliRun run = run_cli(scratch.path(),
                       {"my-digits", "add", "--digit", "1", "--folder", folder.string(), one.string(), one.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  const Dataset kept = read_my_digits(folder.string());
  ASSERT_EQ(kept.count(), 2);
  // MNIST's form: the stroke fills the 20-pixel box's height, not the 200 px canvas's.
  int inked_rows = 0;
  for (int y = 0; y < kSide; ++y) {
    bool inked = false;
    for (int x = 0; x < kSide; ++x) inked = inked || kept.images(y * kSide + x, 0) > 0.5f;
    inked_rows += inked ? 1 : 0;
  }
  EXPECT_GE(inked_rows, 18);
  EXPECT_LE(inked_rows, 21);

  // Two copies: one hash named once removes one of them, named twice both.
  const std::string hash = my_digit_hash(kept.images.col(0), 1);
  run = run_cli(scratch.path(), {"my-digits", "remove", "--folder", folder.string(), hash});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(list_folder(scratch.path(), folder).last_line, "1 digits");
}

TEST(CliMyDigits, BadInputIsOneLineNamingTheFileAndChangesNothing) {
  TempFolder scratch("cli-my-digits");
  const fs::path folder = scratch.path() / "mine";
  const fs::path good = write_digit_png(scratch.path(), 5);
  ASSERT_EQ(run_cli(scratch.path(), {"my-digits", "add", "--digit", "5", "--folder", folder.string(), good.string()})
                .status,
            0);

  QImage blank(28, 28, QImage::Format_Grayscale8);
  blank.fill(0);
  const fs::path empty = scratch.path() / "blank.png";
  ASSERT_TRUE(blank.save(QString::fromStdString(empty.string())));
  const fs::path missing = scratch.path() / "missing.png";
  const fs::path garbage = scratch.path() / "garbage.png";
  std::ofstream(garbage) << "not an image";

  for (const fs::path& bad : {empty, missing, garbage}) {
    const CliRun run = run_cli(scratch.path(), {"my-digits", "add", "--digit", "5", "--folder", folder.string(),
                                                good.string(), bad.string()});
    EXPECT_EQ(run.status, 1) << bad;
    EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
    EXPECT_NE(run.err.find(bad.string()), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_EQ(list_folder(scratch.path(), folder).last_line, "1 digits") << "all or nothing";

  // A hash that is not there: named, nothing removed, exit 1.
  const std::string absent = expected_hash(99, 5);
  CliRun run =
      run_cli(scratch.path(), {"my-digits", "remove", "--folder", folder.string(), expected_hash(5, 5), absent});
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find(absent), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(folder.string()), std::string::npos) << run.err;
  EXPECT_EQ(list_folder(scratch.path(), folder).last_line, "1 digits") << "all or nothing";

  // Usage mistakes: exit 2, one line naming the command.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"my-digits", "remove", "--folder", folder.string(), "not-a-hash"},
           {"my-digits", "add", "--digit", "10", "--folder", folder.string(), good.string()},
           {"my-digits", "add", "--folder", folder.string(), good.string()},
           {"my-digits", "add", "--digit", "3", "--folder", folder.string()},
           {"my-digits"},
           {"my-digits", "frobnicate"}}) {
    run = run_cli(scratch.path(), args);
    EXPECT_EQ(run.status, 2) << args.back() << ": " << run.err;
    EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
    EXPECT_NE(run.err.find("my-digits"), std::string::npos) << run.err;
  }
  EXPECT_EQ(list_folder(scratch.path(), folder).last_line, "1 digits");

  // The default folder is the app's, which $DIGITPAD_MY_DIGITS_DIR moves (as
  // for the app); the name older DigitPads read, $DIGITPAD_USER_DIGITS_DIR, still does.
  for (const std::string variable : {"DIGITPAD_MY_DIGITS_DIR", "DIGITPAD_USER_DIGITS_DIR"}) {
    const fs::path other = scratch.path() / ("from-" + variable);
    run = run_cli(scratch.path(), {"my-digits", "add", "--digit", "2", good.string()},
                  variable + "='" + other.string() + "'");
    ASSERT_EQ(run.status, 0) << variable << ": " << run.err;
    EXPECT_EQ(read_my_digits(other.string()).count(), 1) << variable;
  }
}

// The concurrency target: two processes each adding 200 digits, one change per
// digit, at once; every round must end with all 400 on disk, each once.
// DIGITPAD_CONCURRENT_ROUNDS=20 runs the target's 20 rounds.
TEST(CliMyDigits, TwoWritersAddingAtOnceLoseNothing) {
  TempFolder scratch("cli-my-digits");
  constexpr int kEach = 200;
  std::vector<fs::path> images;
  for (int i = 0; i < 2 * kEach; ++i) images.push_back(write_digit_png(scratch.path(), i));
  std::multiset<std::string> expected;
  for (int i = 0; i < 2 * kEach; ++i) expected.insert(expected_hash(i, i % 10));

  const int rounds = rounds_wanted();
  int lost = 0, doubled = 0;
  for (int round = 0; round < rounds; ++round) {
    const fs::path folder = scratch.path() / ("round-" + std::to_string(round));
    std::vector<std::string> first, second;
    for (int i = 0; i < kEach; ++i) {
      first.push_back(test::cli_command({"my-digits", "add", "--digit", std::to_string(i % 10), "--folder",
                                         folder.string(), images[static_cast<std::size_t>(i)].string()}));
      const int j = kEach + i;
      second.push_back(test::cli_command({"my-digits", "add", "--digit", std::to_string(j % 10), "--folder",
                                          folder.string(), images[static_cast<std::size_t>(j)].string()}));
    }
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(run_at_once(
        {loop_script(scratch.path(), "first.sh", first), loop_script(scratch.path(), "second.sh", second)},
        scratch.path()));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const Listed listed = list_folder(scratch.path(), folder);
    const std::multiset<std::string> found(listed.hashes.begin(), listed.hashes.end());
    for (const std::string& hash : expected) lost += found.count(hash) == 0 ? 1 : 0;
    for (const std::string& hash : found) doubled += found.count(hash) > 1 ? 1 : 0;
    EXPECT_EQ(found, expected) << "round " << round;
    EXPECT_EQ(listed.last_line, std::to_string(2 * kEach) + " digits") << "round " << round;
    std::printf("[ figures  ] round %d: %d digits from two writers in %.1f s\n", round,
                static_cast<int>(listed.labels.size()), seconds);
    std::error_code ignored;
    fs::remove_all(folder, ignored);
  }
  std::printf("[ figures  ] two writers x %d adds, %d rounds: %d digits lost, %d duplicated\n", kEach, rounds, lost,
              doubled);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
}

// One process removes digits by hash, one change each, while another adds:
// the removed ones are gone, the others and every added one are there.
TEST(CliMyDigits, RemovingWhileAnotherAddsKeepsEveryOtherDigit) {
  TempFolder scratch("cli-my-digits");
  const fs::path folder = scratch.path() / "mine";
  constexpr int kStart = 200, kAdded = 200, kRemoved = 100;
  std::vector<fs::path> images;
  for (int i = 0; i < kStart + kAdded; ++i) images.push_back(write_digit_png(scratch.path(), i));
  std::vector<std::string> first_batch = {"my-digits", "add", "--digit", "3", "--folder", folder.string()};
  for (int i = 0; i < kStart; ++i) first_batch.push_back(images[static_cast<std::size_t>(i)].string());
  ASSERT_EQ(run_cli(scratch.path(), first_batch).status, 0);

  std::vector<std::string> adds, removes;
  std::multiset<std::string> expected;
  for (int i = 0; i < kStart; ++i)
    if (i % 2 == 1) expected.insert(expected_hash(i, 3));  // the even ones are removed
  for (int i = 0; i < kRemoved; ++i)
    removes.push_back(
        test::cli_command({"my-digits", "remove", "--folder", folder.string(), expected_hash(2 * i, 3)}));
  for (int i = kStart; i < kStart + kAdded; ++i) {
    adds.push_back(test::cli_command({"my-digits", "add", "--digit", "8", "--folder", folder.string(),
                                      images[static_cast<std::size_t>(i)].string()}));
    expected.insert(expected_hash(i, 8));
  }
  EXPECT_TRUE(
      run_at_once({loop_script(scratch.path(), "adds.sh", adds), loop_script(scratch.path(), "removes.sh", removes)},
                  scratch.path()));
  const Listed listed = list_folder(scratch.path(), folder);
  EXPECT_EQ(std::multiset<std::string>(listed.hashes.begin(), listed.hashes.end()), expected);
  EXPECT_EQ(listed.last_line, std::to_string(kStart - kRemoved + kAdded) + " digits");
}

// A writer killed while it holds the lock (here: stopped for good inside its
// change) leaves FOLDER/.lock behind; the next change takes it over at once
// instead of waiting or failing.
TEST(CliMyDigits, AWriterKilledHoldingTheLockDoesNotBlockTheNext) {
  TempFolder scratch("cli-my-digits");
  const fs::path folder = scratch.path() / "mine";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    try {
      FolderLock lock(folder.string());
      const char byte = 1;
      if (::write(ready[1], &byte, 1) != 1) ::_exit(3);
      ::pause();  // holds the lock until killed
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the child never took the lock";
  ::close(ready[0]);
  ASSERT_TRUE(fs::exists(folder / FolderLock::kLockName));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_TRUE(fs::exists(folder / FolderLock::kLockName)) << "a killed holder leaves its lock file";

  const fs::path image = write_digit_png(scratch.path(), 9);
  const CliRun run =
      run_cli(scratch.path(), {"my-digits", "add", "--digit", "9", "--folder", folder.string(), image.string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_LT(run.seconds, 5.0) << "the stale lock must be taken over, not waited out";
  EXPECT_EQ(list_folder(scratch.path(), folder).hashes, std::vector<std::string>{expected_hash(9, 9)});
  EXPECT_FALSE(fs::exists(folder / FolderLock::kLockName));
}

}  // namespace
}  // namespace digitpad
