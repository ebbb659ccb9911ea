// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/parallel_for.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#ifdef DIGITPAD_OPENBLAS
extern "C" void openblas_set_num_threads(int threads);  // OpenBLAS's own API (cblas.h)
#endif

namespace digitpad {
namespace {

// Set on a thread while it runs a part of a job: a parallel call from inside
// one runs on that thread alone instead of waiting for the pool it is in.
thread_local bool inside_job = false;

struct InsideJob {
  InsideJob() { inside_job = true; }
  ~InsideJob() { inside_job = false; }
};

// The helper threads (one fewer than the cores), started on first use and
// left to sleep for the life of the process.
class WorkerPool {
 public:
  static WorkerPool& instance() {
    static WorkerPool pool;
    return pool;
  }

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs job(part) for part in [0, threads()), part 0 on the calling thread.
  // False (and nothing run) when another job holds the pool.
  bool try_run(const std::function<void(int part)>& job) {
    std::unique_lock busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      pending_ = static_cast<int>(workers_.size());
      ++generation_;
    }
    wake_.notify_all();
    {
      const InsideJob marker;
      job(0);
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    return true;
  }

  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

 private:
  WorkerPool() {
    // Products run inside the workers, one thread each (see the header).
    Eigen::setNbThreads(1);
#ifdef DIGITPAD_OPENBLAS
    openblas_set_num_threads(1);
#endif
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned part = 1; part < cores; ++part)
      workers_.emplace_back([this, part] { work(static_cast<int>(part)); });
  }

  void work(int part) {
    std::uint64_t seen = 0;
    while (true) {
      const std::function<void(int)>* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        job = job_;
      }
      {
        const InsideJob marker;
        (*job)(part);
      }
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex busy_;  // held for the length of one job
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::uint64_t generation_ = 0;
  int pending_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

int parallel_part_count() { return WorkerPool::instance().threads(); }

void parallel_parts(std::int64_t count, const std::function<void(int, std::int64_t, std::int64_t)>& body) {
  if (count <= 0) return;
  if (inside_job) {
    body(0, 0, count);
    return;
  }
  WorkerPool& pool = WorkerPool::instance();
  const std::int64_t parts = std::min<std::int64_t>(pool.threads(), count);
  if (parts == 1) {
    body(0, 0, count);
    return;
  }
  const auto job = [&](int part) {
    if (part >= parts) return;
    body(part, count * part / parts, count * (part + 1) / parts);
  };
  if (!pool.try_run(job)) body(0, 0, count);
}

void parallel_chunks(std::int64_t count, std::int64_t grain,
                     const std::function<void(int, std::int64_t, std::int64_t)>& body) {
  if (count <= 0) return;
  grain = std::max<std::int64_t>(grain, 1);
  const std::int64_t pieces = (count + grain - 1) / grain;
  std::atomic<std::int64_t> next{0};
  const auto take_pieces = [&](int worker) {
    for (std::int64_t piece = next++; piece < pieces; piece = next++)
      body(worker, piece * grain, std::min(count, (piece + 1) * grain));
  };
  if (inside_job || pieces == 1) {
    take_pieces(0);
    return;
  }
  WorkerPool& pool = WorkerPool::instance();
  if (pool.threads() == 1 || !pool.try_run(take_pieces)) take_pieces(0);
}

void parallel_for(std::int64_t count, const std::function<void(std::int64_t, std::int64_t)>& body) {
  parallel_parts(count, [&](int, std::int64_t begin, std::int64_t end) { body(begin, end); });
}

}  // namespace digitpad
