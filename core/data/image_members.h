// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/dataset.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace digitpad {

// The user's images file (data/my_digits_store.h) as a run of gzip members,
// so that one change does not compress every digit again (a change to 5,000
// digits must take under 50 ms to feel instant; compressing 3.9 MB takes
// several times that). gzip allows members one after another, and every gzip reader
// (zcat, Python's gzip, this project's) reads them as one stream, so the file
// is still an ordinary MNIST train-images-idx3-ubyte.gz:
//
//   member 0: the 16-byte IDX images header (magic, count, 28, 28);
//   then members of whole images, at most kImagesPerMember each.
//
// Adding digits appends a member and rewrites the tiny header member; removing
// one compresses again only the member that held it; every other member is
// copied as it is, compressed bytes and all.
inline constexpr int kImagesPerMember = 64;

struct ImageMember {
  std::string compressed;  // the gzip member, as it is in the file
  std::string pixels;      // its images' bytes, kImagePixels per image
  int count() const { return static_cast<int>(pixels.size() / kImagePixels); }
};

// Splits a file laid out as above. nullopt for any other file (one member, as
// other tools and earlier DigitPads write it; a header that does not match
// the images; damage): the caller reads that the ordinary way.
std::optional<std::vector<ImageMember>> read_image_members(std::string_view file, const std::string& name);

// Compresses images' bytes (kImagePixels each) into members of kImagesPerMember.
std::vector<ImageMember> pack_image_members(std::string_view pixels);

// The whole file: a header member for the members' images, then the members.
std::string image_members_file(const std::vector<ImageMember>& members);

// Images' bytes as the IDX file stores them (idx_pixel_byte), and back.
std::string image_bytes(const Eigen::MatrixXf& images);
Eigen::MatrixXf images_from_members(const std::vector<ImageMember>& members);

}  // namespace digitpad
