// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/idx_file.h"

#include "core/io/atomic_file.h"
#include "core/io/gzip.h"
#include "core/util/error.h"
#include "core/util/memory_budget.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

// Decisions worth knowing:
// - Compression is recognised by content (the gzip signature 1f 8b), not only by
//   the ".gz" name: browsers sometimes unpack a download and keep the name.
// - Bytes after the last image or label that the header announces are an error,
//   not ignored: they mean the header's count is wrong, so the data cannot be trusted.
// - A file, compressed or not, may hold at most kMaxIdxBytes (1 GiB; all of MNIST's
//   training images are 47 MB, EMNIST's largest set 550 MB). The header's count is
//   checked against that limit and against the bytes really present before any
//   buffer is sized from it, so a corrupt count cannot cause a huge allocation.

namespace digitpad {
namespace {

constexpr std::size_t kMaxIdxBytes = std::size_t{1} << 30;
constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension
constexpr std::size_t kImagesHeaderBytes = 16;
constexpr std::size_t kLabelsHeaderBytes = 8;
// Room past the announced end of a gzip body, so a few extra bytes are reported
// as such ("N unexpected bytes") rather than as an oversized stream.
constexpr std::size_t kTrailingSlack = 64 * 1024;
// Compressed bytes read to inflate a header: a header is tiny, and this is far
// more than any gzip header plus its first deflate block needs.
constexpr std::size_t kHeaderPeekBytes = std::size_t{1} << 20;

struct IdxKind {
  std::uint32_t magic;
  std::size_t header_bytes;
  std::size_t item_bytes;
  const char* item_name;  // plural, for messages: "images", "labels"
};
constexpr IdxKind kImagesKind{kImagesMagic, kImagesHeaderBytes, kImagePixels, "images"};
constexpr IdxKind kLabelsKind{kLabelsMagic, kLabelsHeaderBytes, 1, "labels"};

std::uint32_t read_be32(std::string_view bytes, std::size_t offset) {
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i]));
  };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

void append_be32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>(value >> 24));
  out.push_back(static_cast<char>(value >> 16));
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}

std::string hex32(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

bool looks_gzipped(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string describe_magic(std::uint32_t magic) {
  if (magic == kImagesMagic) return hex32(magic) + " = IDX images";
  if (magic == kLabelsMagic) return hex32(magic) + " = IDX labels";
  return hex32(magic);
}

void check_magic(const std::string& path, std::string_view header, const IdxKind& kind) {
  const std::uint32_t found = read_be32(header, 0);
  if (found == kind.magic) return;
  std::string message = path + ": not an IDX " + kind.item_name + " file (magic " + describe_magic(found) +
                        ", expected " + describe_magic(kind.magic);
  if (found == kImagesMagic || found == kLabelsMagic) message += "; are the images and labels files swapped?";
  message += ")";
  throw Error(message);
}

// The header's item count, after checking it against the size limit.
std::size_t checked_count(const std::string& path, std::string_view header, const IdxKind& kind) {
  const std::size_t count = read_be32(header, 4);
  const std::size_t limit = (kMaxIdxBytes - kind.header_bytes) / kind.item_bytes;
  if (count > limit)
    throw Error(path + ": header says " + std::to_string(count) + " " + kind.item_name +
                ", more than this reader accepts (" + std::to_string(limit) + ")");
  return count;
}

void check_image_size(const std::string& path, std::string_view header) {
  const std::uint32_t rows = read_be32(header, 8);
  const std::uint32_t cols = read_be32(header, 12);
  if (rows != kImageSide || cols != kImageSide)
    throw Error(path + ": images are " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected " +
                std::to_string(kImageSide) + "x" + std::to_string(kImageSide));
}

// Up to the first `wanted` bytes of a gzip stream (fewer when it ends sooner),
// without inflating the rest.
std::string gunzip_prefix(std::string_view compressed, std::size_t wanted, const std::string& path) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw Error(path + ": cannot start gzip decoder");
  std::string out(wanted, '\0');
  // A header is tiny; the first MiB of input is always more than enough for it.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), std::size_t{1} << 20));
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(wanted);
  int code = Z_OK;
  while (code == Z_OK && stream.avail_out > 0) code = inflate(&stream, Z_SYNC_FLUSH);
  const std::string reason = stream.msg != nullptr ? stream.msg : "zlib error " + std::to_string(code);
  out.resize(wanted - stream.avail_out);
  inflateEnd(&stream);
  if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR)
    throw Error(path + ": corrupt gzip data (" + reason + ")");
  return out;
}

// Checks every field of a header (`bytes` may hold more after it) and returns its count.
std::size_t check_header(const std::string& path, std::string_view bytes, const IdxKind& kind) {
  const auto truncated = [&] {
    return Error(path + ": truncated header (" + std::to_string(bytes.size()) + " bytes, an IDX " + kind.item_name +
                 " header needs " + std::to_string(kind.header_bytes) + ")");
  };
  if (bytes.size() < 4) throw truncated();
  check_magic(path, bytes, kind);
  if (bytes.size() < kind.header_bytes) throw truncated();
  if (kind.magic == kImagesMagic) check_image_size(path, bytes);
  return checked_count(path, bytes, kind);
}

// Memory to read `count` images: the file's bytes while they are converted,
// plus four bytes per pixel as floats.
std::uint64_t image_bytes_needed(std::size_t count) {
  return static_cast<std::uint64_t>(count) * kImagePixels * (sizeof(float) + 1);
}

void check_images_fit(const std::string& path, std::size_t count) {
  check_memory_budget(image_bytes_needed(count), path + ": " + std::to_string(count) + " images");
}

// The body of an IDX file of `kind` whose bytes (raw or gzip) are in
// `bytes`: exactly count * item_bytes bytes, with every header field checked.
std::string parse_idx_body(std::string bytes, const std::string& path, const IdxKind& kind, std::size_t& count) {
  if (looks_gzipped(bytes)) {
    // Inflate and check the header alone first, so its count sets a tight cap on
    // the full inflate: a few KB of hostile gzip cannot expand into a gigabyte.
    // A stream shorter than a header needs no more room than a header.
    const std::string header = gunzip_prefix(bytes, kind.header_bytes, path);
    std::size_t cap = kind.header_bytes;
    if (header.size() == kind.header_bytes) {
      const std::size_t announced = check_header(path, header, kind);
      if (kind.magic == kImagesMagic) check_images_fit(path, announced);
      cap = kind.header_bytes + announced * kind.item_bytes + kTrailingSlack;
    }
    bytes = gzip_decompress(bytes, cap, path);
  } else if (has_gzip_extension(path) && bytes.size() >= 4 && read_be32(bytes, 0) != kind.magic) {
    throw Error(path + ": not gzip data (the name ends in .gz, but the file starts with " +
                hex32(read_be32(bytes, 0)) + ")");
  }

  count = check_header(path, bytes, kind);
  if (kind.magic == kImagesMagic) check_images_fit(path, count);
  const std::size_t body_bytes = bytes.size() - kind.header_bytes;
  const std::size_t expected = count * kind.item_bytes;
  if (body_bytes < expected)
    throw Error(path + ": truncated: header says " + std::to_string(count) + " " + kind.item_name + ", file holds " +
                std::to_string(body_bytes / kind.item_bytes));
  if (body_bytes > expected)
    throw Error(path + ": " + std::to_string(body_bytes - expected) +
                (body_bytes - expected == 1 ? " unexpected byte" : " unexpected bytes") + " after the " +
                std::to_string(count) + " " + kind.item_name + " the header announces");
  bytes.erase(0, kind.header_bytes);
  return bytes;
}

// The item count a file's header announces, read from its first bytes only
// (a gzip file's header is inflated alone), every header field checked.
std::size_t peek_count(const std::string& path, const IdxKind& kind) {
  std::uint64_t file_size = 0;
  const std::string start = read_file_start(path, kHeaderPeekBytes, file_size);
  if (looks_gzipped(start)) {
    const std::string header = gunzip_prefix(start, kind.header_bytes, path);
    if (header.size() == kind.header_bytes) return check_header(path, header, kind);
    // Less than a header came out: the full read says why (a short or corrupt
    // stream), with the cap set by a header's size.
    std::size_t count = 0;
    parse_idx_body(read_whole_file(path, kMaxIdxBytes), path, kind, count);
    return count;
  }
  if (has_gzip_extension(path) && start.size() >= 4 && read_be32(start, 0) != kind.magic)
    throw Error(path + ": not gzip data (the name ends in .gz, but the file starts with " +
                hex32(read_be32(start, 0)) + ")");
  return check_header(path, start, kind);
}

// Reads one IDX file of `kind` and returns its body (exactly count * item_bytes
// bytes) with every header field checked. Images are checked against the
// memory budget from the header alone, before the body is read.
std::string read_idx_body(const std::string& path, const IdxKind& kind, std::size_t& count) {
  if (kind.magic == kImagesMagic) check_images_fit(path, peek_count(path, kind));
  return parse_idx_body(read_whole_file(path, kMaxIdxBytes), path, kind, count);
}

void check_label_values(const std::string& path, const std::vector<std::uint8_t>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] > kNotADigitLabel)
      throw Error(path + ": label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                  " is neither a digit 0-9 nor 10 (not a digit)");
}

void write_idx(const std::string& path, const std::string& raw) {
  write_file_atomically(path, has_gzip_extension(path) ? gzip_compress(raw) : raw);
}

std::uint32_t checked_write_count(const std::string& path, Eigen::Index count) {
  if (count < 0 || static_cast<std::uint64_t>(count) > 0xFFFFFFFFu)
    throw Error(path + ": " + std::to_string(count) + " items do not fit an IDX header");
  return static_cast<std::uint32_t>(count);
}

}  // namespace

namespace {

Eigen::MatrixXf images_from_body(const std::string& body, std::size_t count) {
  // IDX stores image after image, each row-major: exactly a column-major
  // 784 x count matrix of bytes, so one cast converts the whole body.
  using ByteMatrix = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Map<const ByteMatrix> pixels(reinterpret_cast<const std::uint8_t*>(body.data()), kImagePixels,
                                            static_cast<Eigen::Index>(count));
  Eigen::MatrixXf images = pixels.cast<float>() / 255.0f;
  return images;
}

std::vector<std::uint8_t> labels_from_body(const std::string& path, const std::string& body) {
  std::vector<std::uint8_t> labels(body.begin(), body.end());
  check_label_values(path, labels);
  return labels;
}

// What a damaged file still holds: its items up to the first damage (a bad
// header gives none), with the first problem met.
struct Readable {
  std::string body;  // whole items only
  std::size_t count = 0;
  std::string problem;
};

Readable readable_part(const std::string& path, const IdxKind& kind, std::size_t max_items) {
  Readable part;
  std::string bytes;
  std::size_t announced = 0;
  try {
    bytes = read_whole_file(path, kMaxIdxBytes);
    if (looks_gzipped(bytes)) {
      // Inflated no further than the items wanted: a damaged file's header
      // sets no allocation.
      announced = std::min(check_header(path, gunzip_prefix(bytes, kind.header_bytes, path), kind), max_items);
      std::string problem;
      bytes = gzip_decompress_partial(bytes, kind.header_bytes + announced * kind.item_bytes, path, problem);
      if (problem.find("expands to more than") == std::string::npos) part.problem = problem;
    }
    announced = std::min(check_header(path, bytes, kind), max_items);
  } catch (const Error& error) {
    part.problem = error.what();
    return part;
  }
  const std::size_t present = (bytes.size() - kind.header_bytes) / kind.item_bytes;
  part.count = std::min(announced, present);
  part.body = bytes.substr(kind.header_bytes, part.count * kind.item_bytes);
  return part;
}

}  // namespace

Eigen::MatrixXf parse_idx_images(std::string bytes, const std::string& name) {
  std::size_t count = 0;
  const std::string body = parse_idx_body(std::move(bytes), name, kImagesKind, count);
  return images_from_body(body, count);
}

std::vector<std::uint8_t> parse_idx_labels(std::string bytes, const std::string& name) {
  std::size_t count = 0;
  return labels_from_body(name, parse_idx_body(std::move(bytes), name, kLabelsKind, count));
}

Eigen::MatrixXf read_idx_images(const std::string& path) {
  std::size_t count = 0;
  const std::string body = read_idx_body(path, kImagesKind, count);
  return images_from_body(body, count);
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path) {
  std::size_t count = 0;
  return labels_from_body(path, read_idx_body(path, kLabelsKind, count));
}

Dataset read_idx_pair(const std::string& images_path, const std::string& labels_path) {
  // Both headers first: a pair that cannot match, or images that would not
  // fit in memory, fail before either body is read.
  const std::size_t label_count = peek_count(labels_path, kLabelsKind);
  const std::size_t image_count = peek_count(images_path, kImagesKind);
  if (image_count != label_count)
    throw Error(images_path + ": " + std::to_string(image_count) + " images but " + labels_path + ": " +
                std::to_string(label_count) + " labels");
  check_images_fit(images_path, image_count);

  Dataset data;
  data.labels = read_idx_labels(labels_path);  // the small file first: fail fast
  data.images = read_idx_images(images_path);
  // The files may have changed between the two looks; the counts must still agree.
  if (data.images.cols() != static_cast<Eigen::Index>(data.labels.size()))
    throw Error(images_path + ": " + std::to_string(data.images.cols()) + " images but " + labels_path + ": " +
                std::to_string(data.labels.size()) + " labels");
  data.source = images_path;
  return data;
}

SalvagedPair salvage_idx_pair(const std::string& images_path, const std::string& labels_path) {
  SalvagedPair salvaged;
  try {
    salvaged.data = read_idx_pair(images_path, labels_path);
    return salvaged;
  } catch (const Error& error) {
    salvaged.problem = error.what();
  }
  const Readable labels = readable_part(labels_path, kLabelsKind, std::numeric_limits<std::size_t>::max());
  std::size_t count = labels.count;
  for (std::size_t i = 0; i < labels.count; ++i)
    if (static_cast<unsigned char>(labels.body[i]) > kNotADigitLabel) {
      count = i;
      break;
    }
  Readable images;
  if (count > 0) {
    check_images_fit(images_path, count);
    images = readable_part(images_path, kImagesKind, count);
    count = std::min(count, images.count);
  }
  salvaged.data.labels.assign(labels.body.begin(), labels.body.begin() + static_cast<std::ptrdiff_t>(count));
  images.body.resize(count * kImagePixels);
  salvaged.data.images = images_from_body(images.body, count);
  salvaged.data.source = images_path;
  return salvaged;
}

void write_idx_images(const std::string& path, const Eigen::MatrixXf& images) {
  if (images.rows() != kImagePixels)
    throw Error(path + ": cannot write images with " + std::to_string(images.rows()) + " pixels, expected " +
                std::to_string(kImagePixels));
  const std::uint32_t count = checked_write_count(path, images.cols());
  std::string raw;
  raw.reserve(kImagesHeaderBytes + static_cast<std::size_t>(images.size()));
  append_be32(raw, kImagesMagic);
  append_be32(raw, count);
  append_be32(raw, kImageSide);
  append_be32(raw, kImageSide);
  const float* values = images.data();  // column-major: image after image, as IDX wants
  const std::size_t header = raw.size();
  raw.resize(header + static_cast<std::size_t>(images.size()));
  char* pixels = raw.data() + header;
  for (Eigen::Index i = 0; i < images.size(); ++i) pixels[i] = static_cast<char>(idx_pixel_byte(values[i]));
  write_idx(path, raw);
}

void write_idx_labels(const std::string& path, const std::vector<std::uint8_t>& labels) {
  // Refuse what read_idx_labels would refuse, so we never write a file we cannot read.
  check_label_values(path, labels);
  const std::uint32_t count = checked_write_count(path, static_cast<Eigen::Index>(labels.size()));
  std::string raw;
  raw.reserve(kLabelsHeaderBytes + labels.size());
  append_be32(raw, kLabelsMagic);
  append_be32(raw, count);
  raw.append(labels.begin(), labels.end());
  write_idx(path, raw);
}

void write_idx_pair(const std::string& images_path, const std::string& labels_path, const Dataset& data) {
  if (data.images.cols() != static_cast<Eigen::Index>(data.labels.size()))
    throw Error(images_path + ": " + std::to_string(data.images.cols()) + " images but " +
                std::to_string(data.labels.size()) + " labels to write");
  write_idx_images(images_path, data.images);
  write_idx_labels(labels_path, data.labels);
}

}  // namespace digitpad
