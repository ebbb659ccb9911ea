#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace digitpad {

// Standard normal numbers from a seeded 64-bit Mersenne Twister through our own
// Box-Muller transform. std::normal_distribution is not used because its
// algorithm differs between standard libraries: the same seed must give the
// same network on every machine.
class NormalGenerator {
 public:
  explicit NormalGenerator(std::uint64_t seed) : engine_(seed) {}

  float next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    // u1 in (0,1]: log(0) would be -inf.
    const double u1 = (static_cast<double>(engine_() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
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

// A uniformly random permutation of 0..count-1 by Fisher-Yates, with our own
// bounded draw (std::shuffle and std::uniform_int_distribution also vary
// between standard libraries).
template <typename Index>
void shuffle_indices(std::vector<Index>& indices, std::mt19937_64& engine) {
  for (std::size_t i = indices.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(engine() % i);  // bias < 2^-40 for our sizes
    std::swap(indices[i - 1], indices[j]);
  }
}

}  // namespace digitpad
