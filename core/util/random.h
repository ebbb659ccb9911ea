// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

namespace digitpad {

// Every random draw in the project (initial weights, splits, mini-batch order,
// augmentation) comes from a seeded std::mt19937_64, whose output the C++
// standard fixes, through the helpers below rather than the standard
// distributions and std::shuffle, whose algorithms differ between standard
// libraries: the same seed must give the same network and the same split on
// every machine.

// A uniform integer in [0, bound) by rejection (no modulo bias).
inline std::uint64_t uniform_below(std::mt19937_64& engine, std::uint64_t bound) {
  // Values below `threshold` would make the low residues more likely: skip them.
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t r = engine();
    if (r >= threshold) return r % bound;
  }
}

// A uniform double in [0, 1) from the top 53 bits.
inline double uniform01(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

// Fisher-Yates.
inline void shuffle_indices(std::vector<int>& indices, std::mt19937_64& engine) {
  for (std::size_t i = indices.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(uniform_below(engine, i));
    std::swap(indices[i - 1], indices[j]);
  }
}

// 0..count-1 in a seeded random order.
inline std::vector<int> shuffled_indices(int count, std::uint64_t seed) {
  std::vector<int> indices(static_cast<std::size_t>(count));
  std::iota(indices.begin(), indices.end(), 0);
  std::mt19937_64 engine(seed);
  shuffle_indices(indices, engine);
  return indices;
}

// Standard normal numbers by the Box-Muller transform.
class NormalGenerator {
 public:
  explicit NormalGenerator(std::uint64_t seed) : engine_(seed) {}

  float next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = 1.0 - uniform01(engine_);  // in (0,1]: log(0) would be -inf
    const double u2 = uniform01(engine_);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * 3.14159265358979323846 * u2;
    spare_ = static_cast<float>(radius * std::sin(angle));
    has_spare_ = true;
    return static_cast<float>(radius * std::cos(angle));
  }

 private:
  std::mt19937_64 engine_;
  float spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace digitpad
