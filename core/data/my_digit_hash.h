// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digitpad {

// A user's digit named by what it is, not where it sits: with two
// windows or a script changing the same my-digits folder, position 12 in one
// window's copy can be another digit on disk by the time a remove arrives,
// whereas the content names the same digit everywhere.
//
// The hash covers exactly what the folder keeps: the 784 pixel bytes as the
// IDX file stores them (idx_pixel_byte), then the label byte. So a digit in
// memory, before its save, and the same digit read back hash alike. FNV-1a,
// 64 bits, written as 16 lowercase hex digits: not cryptographic (nobody
// gains by forging one of their own digits), and collisions are negligible
// at the thousands of digits a user teaches.
std::string my_digit_hash(const Eigen::Ref<const Eigen::VectorXf>& image, std::uint8_t label);
// The same from the stored bytes (kImagePixels of them).
std::string my_digit_hash_of_bytes(const std::uint8_t* pixels, std::uint8_t label);

// The hash of every digit of the set, in order.
std::vector<std::string> my_digit_hashes(const Dataset& digits);

// Whether `text` looks like a hash my_digit_hash writes (for the CLI's checks).
bool is_my_digit_hash(std::string_view text);

// Which of the digits named by `present` (their hashes, in order) go when
// `named` are removed, one digit per name, the first copies first; and the
// names with no copy left, in the order named.
struct RemovalChoice {
  std::vector<bool> removed;  // one per present digit
  int count = 0;
  std::vector<std::string> missing;
};
RemovalChoice choose_removals(const std::vector<std::string>& present, const std::vector<std::string>& named);

struct DigitsRemoval {
  Dataset kept;  // the set without the removed digits, order kept
  int removed = 0;
  std::vector<std::string> missing;  // hashes named with no digit left to remove, as named
};

// Removes one digit per hash named: naming a hash twice removes two copies of
// that digit (a user can teach the same drawing twice, and selecting one of
// the two thumbnails must remove one). A hash with no copy left is reported
// in `missing`, not an error: a change decides what that means.
DigitsRemoval remove_digits_named(const Dataset& digits, const std::vector<std::string>& hashes);

}  // namespace digitpad
