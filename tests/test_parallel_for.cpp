// SPDX-License-Identifier: GPL-3.0-or-later
// The worker pool: every index exactly once, nested and concurrent calls.
#include "core/util/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace digitpad {
namespace {

std::vector<int> visits(std::int64_t count) {
  std::vector<int> seen(static_cast<std::size_t>(count), 0);
  parallel_for(count, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) ++seen[static_cast<std::size_t>(i)];
  });
  return seen;
}

TEST(ParallelFor, VisitsEveryIndexExactlyOnce) {
  for (std::int64_t count : {0, 1, 2, 3, 7, 1000}) EXPECT_EQ(visits(count), std::vector<int>(count, 1)) << count;
}

TEST(ParallelFor, PartsAreContiguousAndNumberedWithinThePartCount) {
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges(static_cast<std::size_t>(parallel_part_count()));
  std::atomic<int> calls{0};
  parallel_parts(100, [&](int part, std::int64_t begin, std::int64_t end) {
    ASSERT_GE(part, 0);
    ASSERT_LT(part, parallel_part_count());
    ranges[static_cast<std::size_t>(part)] = {begin, end};
    ++calls;
  });
  std::int64_t next = 0;
  for (int part = 0; part < calls; ++part) {
    EXPECT_EQ(ranges[static_cast<std::size_t>(part)].first, next);
    next = ranges[static_cast<std::size_t>(part)].second;
  }
  EXPECT_EQ(next, 100);
}

TEST(ParallelChunks, VisitsEveryPieceOnceAtItsFixedBoundaries) {
  for (std::int64_t count : {1, 2, 7, 100, 129}) {
    for (std::int64_t grain : {1, 3, 16, 200}) {
      std::vector<int> seen(static_cast<std::size_t>(count), 0);
      std::atomic<int> bad{0};
      parallel_chunks(count, grain, [&](int worker, std::int64_t begin, std::int64_t end) {
        // Pieces start at multiples of the grain and are whole but for the last.
        if (worker < 0 || worker >= parallel_part_count() || begin % grain != 0 ||
            end != std::min(count, begin + grain))
          ++bad;
        for (std::int64_t i = begin; i < end; ++i) ++seen[static_cast<std::size_t>(i)];
      });
      EXPECT_EQ(bad, 0) << count << " by " << grain;
      EXPECT_EQ(seen, std::vector<int>(static_cast<std::size_t>(count), 1)) << count << " by " << grain;
    }
  }
}

TEST(ParallelFor, ANestedCallRunsOnItsOwnThreadInsteadOfWaitingForThePool) {
  std::atomic<int> inner{0};
  parallel_for(4, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i)
      parallel_for(10, [&](std::int64_t b, std::int64_t e) { inner += static_cast<int>(e - b); });
  });
  EXPECT_EQ(inner, 40);
}

TEST(ParallelFor, CallsFromSeveralThreadsAllComplete) {
  // As the GUI predicting while a training thread works: whoever finds the
  // pool busy runs alone.
  std::atomic<long> total{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round)
        parallel_for(50, [&](std::int64_t b, std::int64_t e) { total += e - b; });
    });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(total, 4L * 200 * 50);
}

}  // namespace
}  // namespace digitpad
