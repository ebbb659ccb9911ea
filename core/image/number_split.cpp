#include "image/number_split.h"

#include "image/ink_levels.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>

// The rules, and why:
// - Ink is what preprocessing calls ink: the same table (background from the
//   border, polarity, noise threshold), so a pixel is part of a digit here
//   exactly when preprocessing would see it.
// - Pieces of ink are 8-connected components: a diagonal stroke drawn with a
//   thin pen touches only at corners and is still one piece.
// - Pieces whose column spans overlap belong to one digit: a 5's flag, a 4
//   drawn in two strokes, the gaps of a broken vertical stroke all sit above,
//   below or across the rest of their digit, while digits written side by side
//   follow one another. "Overlap" means at least kMinOverlap of the narrower
//   span: slanted handwriting lets a tail graze the next digit's edge by a
//   pixel or two, while the parts of one digit overlap far more. Merging is
//   transitive (a group's span grows as pieces join it).
// - Specks (pieces with under kSpeckFraction of the largest piece's ink) take
//   no part in that grouping: a dot in the gap between two digits would
//   otherwise bridge them. Each speck then joins the nearest digit when it is
//   within kSpeckReach of a digit's height from it (the dots of a broken
//   stroke, a short flag), and is dropped otherwise (dust, a slip of the pen).
//   A dropped speck is painted over in the crops, so it cannot stretch a box.
// - Digits are ordered by the centre of their column span, so a digit written
//   higher or lower than its neighbours keeps its place.
// - Touching digits are one piece and stay one "digit" in this version.

namespace digitpad {
namespace {

constexpr double kMinOverlap = 0.25;    // of the narrower column span
constexpr double kSpeckFraction = 0.08; // of the largest piece's ink
constexpr double kSpeckReach = 0.25;    // of the median digit height
constexpr int kCropMargin = 4;          // background pixels around a crop (preprocessing reads a 2-pixel ring)

// Inclusive bounds, easier to grow than a PixelBox.
struct Bounds {
  int left = 0, top = 0, right = -1, bottom = -1;

  void add(int x, int y) {
    if (right < left) {
      left = right = x;
      top = bottom = y;
      return;
    }
    left = std::min(left, x);
    right = std::max(right, x);
    top = std::min(top, y);
    bottom = std::max(bottom, y);
  }
  void add(const Bounds& other) {
    add(other.left, other.top);
    add(other.right, other.bottom);
  }
  int width() const { return right - left + 1; }
  int height() const { return bottom - top + 1; }
};

struct Piece {
  Bounds bounds;
  double ink = 0.0;
};

void check_view(const GrayImageView& image) {
  if (image.width < 0 || image.height < 0)
    throw Error("split_number: image size " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                " is negative");
  if (image.width == 0 || image.height == 0) return;
  if (image.pixels == nullptr) throw Error("split_number: the image has no pixel data");
  if (image.stride < image.width)
    throw Error("split_number: image stride " + std::to_string(image.stride) + " is smaller than its width " +
                std::to_string(image.width));
}

// Labels every ink pixel with its piece's index (-1 for background) and
// returns the pieces. An explicit stack, not recursion: one piece may hold
// millions of pixels in a photo.
std::vector<Piece> label_pieces(const GrayImageView& image, const InkTable& table, std::vector<int>& labels) {
  const int w = image.width, h = image.height;
  auto ink_at = [&](int x, int y) { return table[image.pixels[static_cast<std::ptrdiff_t>(y) * image.stride + x]]; };
  labels.assign(static_cast<std::size_t>(w) * h, -1);
  std::vector<Piece> pieces;
  std::vector<int> stack;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (labels[static_cast<std::size_t>(y) * w + x] >= 0 || ink_at(x, y) <= 0.0f) continue;
      const int id = static_cast<int>(pieces.size());
      Piece piece;
      labels[static_cast<std::size_t>(y) * w + x] = id;
      stack.push_back(y * w + x);
      while (!stack.empty()) {
        const int at = stack.back();
        stack.pop_back();
        const int px = at % w, py = at / w;
        piece.bounds.add(px, py);
        piece.ink += ink_at(px, py);
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = px + dx, ny = py + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
            int& label = labels[static_cast<std::size_t>(ny) * w + nx];
            if (label >= 0 || ink_at(nx, ny) <= 0.0f) continue;
            label = id;
            stack.push_back(ny * w + nx);
          }
        }
      }
      pieces.push_back(piece);
    }
  }
  return pieces;
}

bool columns_overlap(const Bounds& a, const Bounds& b) {
  const int overlap = std::min(a.right, b.right) - std::max(a.left, b.left) + 1;
  return overlap > 0 && overlap >= kMinOverlap * std::min(a.width(), b.width());
}

// Gap between two boxes (0 when they touch or overlap), in pixels.
double gap_between(const Bounds& a, const Bounds& b) {
  const int dx = std::max({0, a.left - b.right, b.left - a.right});
  const int dy = std::max({0, a.top - b.bottom, b.top - a.bottom});
  return std::hypot(static_cast<double>(dx), static_cast<double>(dy));
}

struct Group {
  Bounds bounds;
  std::vector<int> pieces;
};

// Groups the non-speck pieces by column overlap, repeating until no two
// groups overlap (a merged group is wider and may now reach another).
std::vector<Group> group_by_columns(const std::vector<Piece>& pieces, const std::vector<int>& members) {
  std::vector<Group> groups;
  for (int index : members) groups.push_back(Group{pieces[index].bounds, {index}});
  bool merged = true;
  while (merged) {
    merged = false;
    for (std::size_t i = 0; i < groups.size() && !merged; ++i) {
      for (std::size_t j = i + 1; j < groups.size(); ++j) {
        if (!columns_overlap(groups[i].bounds, groups[j].bounds)) continue;
        groups[i].bounds.add(groups[j].bounds);
        groups[i].pieces.insert(groups[i].pieces.end(), groups[j].pieces.begin(), groups[j].pieces.end());
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(j));
        merged = true;
        break;
      }
    }
  }
  return groups;
}

double median_height(const std::vector<Group>& groups) {
  std::vector<int> heights;
  for (const Group& group : groups) heights.push_back(group.bounds.height());
  std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
  return heights[heights.size() / 2];
}

// Each speck joins the nearest group within reach; the others are dropped.
void attach_specks(const std::vector<Piece>& pieces, const std::vector<int>& specks, std::vector<Group>& groups) {
  const double reach = std::max(2.0, kSpeckReach * median_height(groups));
  for (int speck : specks) {
    std::size_t nearest = 0;
    double nearest_gap = gap_between(pieces[speck].bounds, groups[0].bounds);
    for (std::size_t g = 1; g < groups.size(); ++g) {
      const double gap = gap_between(pieces[speck].bounds, groups[g].bounds);
      if (gap < nearest_gap) {
        nearest_gap = gap;
        nearest = g;
      }
    }
    if (nearest_gap > reach) continue;
    groups[nearest].bounds.add(pieces[speck].bounds);
    groups[nearest].pieces.push_back(speck);
  }
}

DigitCrop cut_out(const GrayImageView& image, const std::vector<int>& labels, const std::vector<int>& group_of_piece,
                  int group, const Bounds& bounds, const InkScale& scale) {
  DigitCrop crop;
  crop.box = PixelBox{bounds.left, bounds.top, bounds.width(), bounds.height()};
  crop.width = bounds.width() + 2 * kCropMargin;
  crop.height = bounds.height() + 2 * kCropMargin;
  crop.polarity = scale.ink_is_dark ? InkPolarity::DarkOnLight : InkPolarity::LightOnDark;
  crop.pixels.assign(static_cast<std::size_t>(crop.width) * crop.height, static_cast<std::uint8_t>(scale.background));
  for (int row = 0; row < crop.height; ++row) {
    const int y = bounds.top - kCropMargin + row;
    if (y < 0 || y >= image.height) continue;
    for (int col = 0; col < crop.width; ++col) {
      const int x = bounds.left - kCropMargin + col;
      if (x < 0 || x >= image.width) continue;
      // Background and faint pixels are kept as drawn (the crop's own ink
      // table decides about them); ink of any other digit or speck is not.
      const int label = labels[static_cast<std::size_t>(y) * image.width + x];
      if (label >= 0 && group_of_piece[label] != group) continue;
      crop.pixels[static_cast<std::size_t>(row) * crop.width + col] =
          image.pixels[static_cast<std::ptrdiff_t>(y) * image.stride + x];
    }
  }
  return crop;
}

}  // namespace

std::vector<DigitCrop> split_number(const GrayImageView& image, InkPolarity polarity) {
  check_view(image);
  if (image.width == 0 || image.height == 0) return {};
  const std::optional<InkScale> scale = find_ink_scale(image, polarity);
  if (!scale) return {};
  const InkTable table = make_ink_table(*scale);

  std::vector<int> labels;
  const std::vector<Piece> pieces = label_pieces(image, table, labels);
  if (pieces.empty()) return {};

  double largest = 0.0;
  for (const Piece& piece : pieces) largest = std::max(largest, piece.ink);
  std::vector<int> solid, specks;
  for (int i = 0; i < static_cast<int>(pieces.size()); ++i)
    (pieces[i].ink < kSpeckFraction * largest ? specks : solid).push_back(i);

  std::vector<Group> groups = group_by_columns(pieces, solid);  // never empty: the largest piece is solid
  attach_specks(pieces, specks, groups);
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    return a.bounds.left + a.bounds.right < b.bounds.left + b.bounds.right;
  });

  std::vector<int> group_of_piece(pieces.size(), -1);  // -1: a dropped speck
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int piece : groups[g].pieces) group_of_piece[piece] = static_cast<int>(g);

  std::vector<DigitCrop> crops;
  crops.reserve(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g)
    crops.push_back(cut_out(image, labels, group_of_piece, static_cast<int>(g), groups[g].bounds, *scale));
  return crops;
}

}  // namespace digitpad
