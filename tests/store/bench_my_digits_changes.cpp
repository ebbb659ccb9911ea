// SPDX-License-Identifier: GPL-3.0-or-later
// How long one change to the user's digits takes with the lock free (issue
// 20's target: under 50 ms for a store of 5,000 digits). Each change is what
// a window's Teach or Remove, or one `digitpad-cli my-digits` run, does: take
// the folder's lock, read the pair from disk, apply the change, save it in one
// atomic step (flushed to disk), release the lock.
//
//   bench_my_digits_changes [DIGITS [CHANGES [FOLDER]]]
//
// FOLDER (default: a fresh folder in the temporary folder) decides the disk
// measured; it is removed afterwards when the benchmark made it.

#include "core/data/idx_file.h"
#include "core/data/my_digit_hash.h"
#include "core/data/my_digits_store.h"
#include "ui/headless/store/folder_lock.h"
#include "ui/headless/store/my_digits_changes.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <time.h>

#include <unistd.h>

namespace {

using namespace digitpad;
using Clock = std::chrono::steady_clock;

// Real handwriting, so that gzip meets the bytes a user's digits give: the
// 500 MNIST digits of tests/data, repeated, each copy made unique by one
// corner pixel (beyond gzip's 32 KB window, so the repeats do not compress
// better than real digits would).
Dataset real_digits(int count) {
  const std::string data = std::string(DIGITPAD_SOURCE_DIR) + "/tests/data/opencv-digits-500-";
  const Dataset source = read_idx_pair(data + "images-idx3-ubyte.gz", data + "labels-idx1-ubyte.gz");
  Dataset digits;
  digits.images.resize(kImagePixels, count);
  for (int i = 0; i < count; ++i) {
    const int from = i % source.count();
    digits.images.col(i) = source.images.col(from);
    digits.images(0, i) = static_cast<float>(i / source.count() + 1) / 255.0f;
    digits.labels.push_back(source.labels[static_cast<std::size_t>(from)]);
  }
  return digits;
}

std::vector<int> first_n(int n) {
  std::vector<int> indices(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) indices[static_cast<std::size_t>(i)] = i;
  return indices;
}

// This thread's CPU time: what the change costs whatever else the machine
// runs (the wall time also holds the waits for the disk's flushes, and, on a
// busy machine, for a core).
double cpu_ms() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Stopwatch {
  Clock::time_point wall = Clock::now();
  double cpu = cpu_ms();
};
struct Times {
  std::vector<double> wall, cpu;
  void add(const Stopwatch& since) {
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - since.wall).count());
    cpu.push_back(cpu_ms() - since.cpu);
  }
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void report(const char* what, const Times& times) {
  std::printf("%-38s wall: median %6.1f ms, max %6.1f ms   cpu: median %6.1f ms   (%zu runs)\n", what,
              median(times.wall), *std::max_element(times.wall.begin(), times.wall.end()), median(times.cpu),
              times.wall.size());
}

}  // namespace

int main(int argc, char** argv) {
  const int digits = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int changes = argc > 2 ? std::atoi(argv[2]) : 20;
  const bool own_folder = argc <= 3;
  const std::string folder =
      own_folder
          ? (std::filesystem::temp_directory_path() / ("digitpad-bench-" + std::to_string(::getpid()))).string()
          : argv[3];
  try {
    const Dataset store = real_digits(digits + changes);
    save_my_digits(folder, subset(store, first_n(digits)));
    std::printf(
        "store: %d digits in %s (images file %ju bytes)\n", digits, folder.c_str(),
        static_cast<std::uintmax_t>(std::filesystem::file_size(std::filesystem::path(folder) / kMyDigitsImagesName)));

    Times locks, reads, adds[2], removes[2];
    for (int c = 0; c < changes; ++c) {
      Stopwatch start;
      { FolderLock lock(folder); }
      locks.add(start);

      start = Stopwatch();
      const MyDigitsChange read = read_my_digits_locked(folder);
      reads.add(start);
      if (read.count != digits) throw std::runtime_error("the store changed size");

      // As the CLI asks (the count back), then as a window asks (the whole set back).
      for (const Want want : {Want::CountOnly, Want::Digits}) {
        const int w = want == Want::Digits ? 1 : 0;
        const Dataset one = subset(store, {digits + c});
        start = Stopwatch();
        const MyDigitsChange added = add_my_digits(folder, one, want);
        adds[w].add(start);
        start = Stopwatch();
        const MyDigitsChange removed = remove_my_digits(folder, {my_digit_hash(one.images.col(0), one.labels[0])},
                                                        WhenMissing::ChangeNothing, want);
        removes[w].add(start);
        if (added.count != digits + 1 || removed.removed != 1 || removed.count != digits)
          throw std::runtime_error("a change went wrong");
      }
    }
    report("lock taken and released", locks);
    report("whole read under the lock", reads);
    report("add one digit, count back (CLI)", adds[0]);
    report("remove one digit, count back (CLI)", removes[0]);
    report("add one digit, set back (window)", adds[1]);
    report("remove one digit, set back (window)", removes[1]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_my_digits_changes: %s\n", error.what());
    return 1;
  }
  if (own_folder) std::filesystem::remove_all(folder);
  return 0;
}
