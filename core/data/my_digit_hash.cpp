// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/my_digit_hash.h"

#include "core/data/idx_file.h"

#include <map>

namespace digitpad {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
constexpr std::size_t kHashDigits = 16;

std::uint64_t mix(std::uint64_t hash, std::uint8_t byte) { return (hash ^ byte) * kFnvPrime; }

std::string hex_of(std::uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(kHashDigits, '0');
  for (std::size_t i = 0; i < kHashDigits; ++i) text[kHashDigits - 1 - i] = kHex[(hash >> (4 * i)) & 0xf];
  return text;
}

}  // namespace

std::string my_digit_hash(const Eigen::Ref<const Eigen::VectorXf>& image, std::uint8_t label) {
  std::uint64_t hash = kFnvOffset;
  for (Eigen::Index p = 0; p < image.size(); ++p) hash = mix(hash, idx_pixel_byte(image(p)));
  return hex_of(mix(hash, label));
}

std::string my_digit_hash_of_bytes(const std::uint8_t* pixels, std::uint8_t label) {
  std::uint64_t hash = kFnvOffset;
  for (int p = 0; p < kImagePixels; ++p) hash = mix(hash, pixels[p]);
  return hex_of(mix(hash, label));
}

std::vector<std::string> my_digit_hashes(const Dataset& digits) {
  std::vector<std::string> hashes;
  hashes.reserve(digits.labels.size());
  for (int i = 0; i < digits.count(); ++i)
    hashes.push_back(my_digit_hash(digits.images.col(i), digits.labels[static_cast<std::size_t>(i)]));
  return hashes;
}

bool is_my_digit_hash(std::string_view text) {
  if (text.size() != kHashDigits) return false;
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

RemovalChoice choose_removals(const std::vector<std::string>& present, const std::vector<std::string>& named) {
  std::map<std::string, int> wanted;  // hash -> copies still to remove
  for (const std::string& hash : named) ++wanted[hash];
  RemovalChoice choice;
  choice.removed.assign(present.size(), false);
  for (std::size_t i = 0; i < present.size(); ++i) {
    const auto found = wanted.find(present[i]);
    if (found != wanted.end() && found->second > 0) {
      --found->second;
      choice.removed[i] = true;
      ++choice.count;
    }
  }
  // What is left in `wanted` was named but not found, reported in the order named.
  for (const std::string& hash : named) {
    int& left = wanted[hash];
    if (left > 0) {
      choice.missing.push_back(hash);
      --left;
    }
  }
  return choice;
}

DigitsRemoval remove_digits_named(const Dataset& digits, const std::vector<std::string>& hashes) {
  RemovalChoice choice = choose_removals(my_digit_hashes(digits), hashes);
  std::vector<int> kept;
  for (int i = 0; i < digits.count(); ++i)
    if (!choice.removed[static_cast<std::size_t>(i)]) kept.push_back(i);
  DigitsRemoval removal;
  removal.kept = subset(digits, kept);
  removal.kept.source = digits.source;
  removal.removed = choice.count;
  removal.missing = std::move(choice.missing);
  return removal;
}

}  // namespace digitpad
