// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace digitpad {

// MNIST's IDX format: a big-endian header (magic 0x00000803 for images with
// count, rows, cols; 0x00000801 for labels with count) followed by one byte per
// pixel or label. Files ending in ".gz" are read through zlib.
//
// Every reader checks everything and throws Error("<path>: <problem>") on: a
// missing/unreadable file, wrong magic, truncated header or body, rows/cols not
// 28, a label above 9, a corrupt gzip stream, and a header whose counts would
// need an absurd allocation (checked against the file's real size before any
// buffer is sized from the header).
Eigen::MatrixXf read_idx_images(const std::string& path);  // 784 x count, [0,1]
std::vector<std::uint8_t> read_idx_labels(const std::string& path);

// Reads both files and checks that their counts agree. Both headers are read
// and compared first, and the images checked against the memory budget
// (util/memory_budget.h), before either body is read: a header claiming a
// million images costs nothing when the labels file says five.
Dataset read_idx_pair(const std::string& images_path, const std::string& labels_path);

// The same parsing over bytes already in memory (raw or gzip; `name` is used
// in messages and, ending in ".gz", as the file's name would be): what the
// file readers use, and what the fuzz targets in tests/fuzz/ feed.
Eigen::MatrixXf parse_idx_images(std::string bytes, const std::string& name);
std::vector<std::uint8_t> parse_idx_labels(std::string bytes, const std::string& name);

// What can still be read of a pair that read_idx_pair refuses: the digits
// from the start whose image and label are both whole (a truncated or corrupt
// gzip stream ends them; a label above 9 ends them; a missing file has none),
// and read_idx_pair's message. A whole pair comes back complete, with no
// problem. For recovering the user's own digits (data/my_digits_store.h).
struct SalvagedPair {
  Dataset data;
  std::string problem;  // empty when the pair read whole
};
SalvagedPair salvage_idx_pair(const std::string& images_path, const std::string& labels_path);

// How a pixel in [0,1] is stored: clamped (NaN as 0) and rounded to a byte,
// halves up (std::lround). write_idx_images uses it, and so does anything that
// must agree with the bytes on disk (the content hash of a user's digit,
// data/my_digit_hash.h). Inline and free of libm calls: it runs once per
// pixel of every save, which for a user's 5,000 digits is 4 million times.
inline std::uint8_t idx_pixel_byte(float value) {
  // `!(value > 0)` also catches NaN, which would make the conversion undefined.
  const float clamped = !(value > 0.0f) ? 0.0f : (value > 1.0f ? 1.0f : value);
  // In double, x + 0.5 is exact for every float x in [0, 255], so truncating
  // it is lround's half-up rounding exactly (in float it is not: 0.49999997f
  // + 0.5f rounds to 1).
  return static_cast<std::uint8_t>(static_cast<double>(clamped * 255.0f) + 0.5);
}

// Writers (gzip when the path ends in ".gz"); atomic: a temporary file in the same
// folder renamed over the target, so a failure never leaves a half-written file.
// Pixels are clamped to [0,1] and rounded to bytes.
void write_idx_images(const std::string& path, const Eigen::MatrixXf& images);
void write_idx_labels(const std::string& path, const std::vector<std::uint8_t>& labels);
void write_idx_pair(const std::string& images_path, const std::string& labels_path, const Dataset& data);

}  // namespace digitpad
