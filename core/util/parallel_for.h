// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>

namespace digitpad {

// The project's one source of parallelism: a pool with a thread per core.
//
// Why our own and not OpenMP or OpenBLAS's threads: both spin after each
// parallel region or product (libgomp's default wait policy, OpenBLAS's
// sched_yield loop), and on these 2-core machines the spinning took the cores
// from whichever did the next piece of work: a convnet's training step spent
// a quarter of its time in the scheduler. So the matrix products run
// single-threaded (the pool sets Eigen and OpenBLAS to one thread when it
// starts) inside these workers, each on its own share of the batch, and the
// workers sleep on a condition variable between jobs.
//
// One job at a time: a call made while another thread's job runs (the GUI
// predicting while a training thread works) simply runs on its own thread.

// How many parts parallel_parts() splits work into (the number of cores).
int parallel_part_count();

// Splits [0, count) into at most parallel_part_count() contiguous ranges and
// runs body(part, begin, end) for each, the calling thread taking part 0;
// returns when all are done. `part` indexes per-thread scratch buffers.
void parallel_parts(std::int64_t count,
                    const std::function<void(int part, std::int64_t begin, std::int64_t end)>& body);

// Splits [0, count) into pieces of `grain` indices (the last one shorter),
// which the threads take one at a time, each its next as soon as it finishes
// its last, and runs body(worker, begin, end) for each; returns when all are
// done. On a shared machine a core that other programs hold takes fewer
// pieces instead of making the others wait at the end, as a fixed half would.
// The pieces depend on count and grain alone, never on the timing: work that
// keeps a result per piece (piece = begin / grain) and sums them in piece
// order gives the same floats on every run. `worker` indexes per-thread
// scratch buffers, in [0, parallel_part_count()).
void parallel_chunks(std::int64_t count, std::int64_t grain,
                     const std::function<void(int worker, std::int64_t begin, std::int64_t end)>& body);

// The same without the part index.
void parallel_for(std::int64_t count, const std::function<void(std::int64_t begin, std::int64_t end)>& body);

}  // namespace digitpad
