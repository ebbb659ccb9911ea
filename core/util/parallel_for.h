#pragma once

#include <cstdint>
#include <functional>

namespace digitpad {

// Splits [0, count) into one contiguous range per core and runs body(begin,
// end) on each, the calling thread taking the first; returns when all are done.
//
// Why our own and not OpenMP: OpenMP threads spin after each parallel region
// (libgomp's default wait policy, fixed when the library loads), and on these
// 2-core machines that spinning takes the cores from OpenBLAS's threads in the
// matrix products that follow: a convnet's training step ran 2x slower. These
// workers sleep on a condition variable between jobs instead.
//
// One job at a time: a call made while another thread's job runs (the GUI
// predicting while a training thread works) simply runs serially.
void parallel_for(std::int64_t count, const std::function<void(std::int64_t begin, std::int64_t end)>& body);

}  // namespace digitpad
