// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/image_members.h"

#include "core/data/idx_file.h"
#include "core/io/gzip.h"
#include "core/util/error.h"

#include <cstdint>

namespace digitpad {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // as data/idx_file.cpp writes it
constexpr std::size_t kHeaderBytes = 16;
// One member never holds more than kImagesPerMember images; members written
// by one large add may (pack_image_members splits them), so the bound is the
// file's, not the member's.
constexpr std::size_t kMaxImagesBytes = std::size_t{1} << 30;

void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

std::uint32_t be32_at(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
  return value;
}

std::string header_for(std::size_t count) {
  std::string header;
  append_be32(header, kImagesMagic);
  append_be32(header, static_cast<std::uint32_t>(count));
  append_be32(header, kImageSide);
  append_be32(header, kImageSide);
  return header;
}

}  // namespace

std::optional<std::vector<ImageMember>> read_image_members(std::string_view file, const std::string& name) {
  try {
    std::size_t used = 0;
    const std::string header = gzip_decompress_member(file, kHeaderBytes + 1, name, used);
    if (header.size() != kHeaderBytes || be32_at(header, 0) != kImagesMagic || be32_at(header, 8) != kImageSide ||
        be32_at(header, 12) != kImageSide)
      return std::nullopt;
    const std::size_t count = be32_at(header, 4);
    std::vector<ImageMember> members;
    std::size_t images = 0;
    while (used < file.size()) {
      std::size_t member_bytes = 0;
      ImageMember member;
      member.pixels = gzip_decompress_member(file.substr(used), kMaxImagesBytes, name, member_bytes);
      if (member.pixels.empty() || member.pixels.size() % kImagePixels != 0) return std::nullopt;
      member.compressed = std::string(file.substr(used, member_bytes));
      used += member_bytes;
      images += static_cast<std::size_t>(member.count());
      members.push_back(std::move(member));
    }
    if (images != count) return std::nullopt;
    return members;
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::vector<ImageMember> pack_image_members(std::string_view pixels) {
  std::vector<ImageMember> members;
  constexpr std::size_t kMemberBytes = static_cast<std::size_t>(kImagesPerMember) * kImagePixels;
  for (std::size_t at = 0; at < pixels.size(); at += kMemberBytes) {
    ImageMember member;
    member.pixels = std::string(pixels.substr(at, kMemberBytes));
    member.compressed = gzip_compress(member.pixels);
    members.push_back(std::move(member));
  }
  return members;
}

std::string image_members_file(const std::vector<ImageMember>& members) {
  std::size_t count = 0, bytes = 0;
  for (const ImageMember& member : members) {
    count += static_cast<std::size_t>(member.count());
    bytes += member.compressed.size();
  }
  std::string file = gzip_compress(header_for(count));
  file.reserve(file.size() + bytes);
  for (const ImageMember& member : members) file += member.compressed;
  return file;
}

std::string image_bytes(const Eigen::MatrixXf& images) {
  std::string bytes(static_cast<std::size_t>(images.size()), '\0');
  const float* values = images.data();  // column-major: image after image
  for (Eigen::Index i = 0; i < images.size(); ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(idx_pixel_byte(values[i]));
  return bytes;
}

Eigen::MatrixXf images_from_members(const std::vector<ImageMember>& members) {
  Eigen::Index count = 0;
  for (const ImageMember& member : members) count += member.count();
  Eigen::MatrixXf images(kImagePixels, count);
  float* out = images.data();
  for (const ImageMember& member : members)
    for (const char byte : member.pixels) *out++ = static_cast<float>(static_cast<std::uint8_t>(byte)) / 255.0f;
  return images;
}

}  // namespace digitpad
