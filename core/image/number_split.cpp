// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/number_split.h"

#include "core/image/ink_levels.h"
#include "core/util/error.h"

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
//   follow one another. So do pieces stacked one on top of the other (their
//   rows overlap by under kMinOverlap) within kMarkReach: a slanted stroke
//   broken in the middle shares no columns, but digits are never stacked. "Overlap" means at least kMinOverlap of the
//   narrower span: slanted handwriting lets a tail graze the next digit's edge by a pixel or two, while the parts of
//   one digit overlap far more. Merging is transitive (a group's span grows as pieces join it).
// - Marks (pieces both shorter than kMarkHeight of the tallest piece and
//   holding under kMarkInk of the most ink in one piece) are never digits on
//   their own, and take no part in that grouping: a 5's flag drawn off to the
//   right overlaps its body by too little, and a dot in the gap between two
//   digits would bridge them. Both must be small: a thin 1 next to a bold 8
//   holds little ink but is as tall as any digit, and a 2 written small and
//   flat is short but holds a digit's ink. Each mark joins the digit whose columns it
//   overlaps most; failing that, the nearest digit within kMarkReach of the
//   tallest piece's height (the dots of a broken stroke, a flag lifted off
//   its 5). Marks left over are grouped among themselves by the same rules
//   (a digit broken into short pieces); a group as tall as a digit is one,
//   the rest is dropped (dust, a slip of the pen) and painted over in the
//   crops, so that it cannot stretch a box.
// - Specks under kDustSize of the tallest piece both ways are dust from the
//   start (a 1-pixel speck beside a 60-pixel digit), dropped before the
//   grouping, which compares pieces pairwise. What is left is capped
//   (kMaxNumberPieces pieces, kMaxNumberDigits digits): 500 specks of one
//   size are noise, not a 500-digit number, and saying so beats reading one.
// - Digits are ordered by the centre of their column span, so a digit written
//   higher or lower than its neighbours keeps its place.
// - Touching digits are one piece and stay one "digit" in this version.

namespace digitpad {
namespace {

constexpr double kMinOverlap = 0.25;     // of the narrower column span
constexpr double kMarkHeight = 0.4;      // of the tallest piece's height
constexpr double kMarkInk = 0.2;         // of the most ink in one piece
constexpr double kMarkReach = 0.25;      // of the tallest piece's height
constexpr double kMinRowCoverage = 0.3;  // of a digit's height, covered by its pieces' rows
constexpr int kCropMargin = 4;           // background pixels around a crop (preprocessing reads a 2-pixel ring)

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

int column_overlap(const Bounds& a, const Bounds& b) {
  return std::max(0, std::min(a.right, b.right) - std::max(a.left, b.left) + 1);
}

bool columns_overlap(const Bounds& a, const Bounds& b) {
  const int overlap = column_overlap(a, b);
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

// Rows shared by two boxes.
int row_overlap(const Bounds& a, const Bounds& b) {
  return std::max(0, std::min(a.bottom, b.bottom) - std::max(a.top, b.top) + 1);
}

// The share of a group's rows that hold some of its pieces' ink.
double row_coverage(const std::vector<Piece>& pieces, const Group& group) {
  std::vector<std::pair<int, int>> spans;
  spans.reserve(group.pieces.size());
  for (int index : group.pieces) spans.emplace_back(pieces[index].bounds.top, pieces[index].bounds.bottom);
  std::sort(spans.begin(), spans.end());
  int covered = 0, reached = group.bounds.top - 1;
  for (const auto& [top, bottom] : spans) {
    if (bottom <= reached) continue;
    covered += bottom - std::max(top, reached + 1) + 1;
    reached = bottom;
  }
  return static_cast<double>(covered) / group.bounds.height();
}

// Whether two groups are parts of one digit: their columns overlap, or one
// sits on top of the other within `reach` (a slanted stroke broken in the
// middle has no columns in common, but digits are never written stacked).
bool belong_together(const Bounds& a, const Bounds& b, double reach) {
  if (columns_overlap(a, b)) return true;
  const bool stacked = row_overlap(a, b) < kMinOverlap * std::min(a.height(), b.height());
  return stacked && gap_between(a, b) <= reach;
}

// Groups `members` by belong_together, repeating until no two groups belong
// together (a merged group is larger and may now reach another).
std::vector<Group> group_pieces(const std::vector<Piece>& pieces, const std::vector<int>& members, double reach) {
  std::vector<Group> groups;
  for (int index : members) groups.push_back(Group{pieces[index].bounds, {index}});
  bool merged = true;
  while (merged) {
    merged = false;
    for (std::size_t i = 0; i < groups.size() && !merged; ++i) {
      for (std::size_t j = i + 1; j < groups.size(); ++j) {
        if (!belong_together(groups[i].bounds, groups[j].bounds, reach)) continue;
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

// The group a mark belongs to (see the rules above), or -1 to drop it.
int owner_of_mark(const Bounds& mark, const std::vector<Group>& groups, double reach) {
  int owner = -1;
  int most_overlap = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const int overlap = column_overlap(mark, groups[g].bounds);
    if (overlap > most_overlap) {
      most_overlap = overlap;
      owner = static_cast<int>(g);
    }
  }
  if (owner >= 0) return owner;
  double nearest_gap = reach;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double gap = gap_between(mark, groups[g].bounds);
    if (gap <= nearest_gap) {
      nearest_gap = gap;
      owner = static_cast<int>(g);
    }
  }
  return owner;
}

// Gives each mark to its owner and returns the marks nobody owns.
std::vector<int> attach_marks(const std::vector<Piece>& pieces, const std::vector<int>& marks,
                              std::vector<Group>& groups, double reach) {
  // Owners are chosen against the digits' own boxes, before any mark widens
  // them, so that the order of the marks does not matter.
  std::vector<int> owners;
  for (int mark : marks) owners.push_back(owner_of_mark(pieces[mark].bounds, groups, reach));
  std::vector<int> unowned;
  for (std::size_t m = 0; m < marks.size(); ++m) {
    if (owners[m] < 0) {
      unowned.push_back(marks[m]);
      continue;
    }
    groups[owners[m]].bounds.add(pieces[marks[m]].bounds);
    groups[owners[m]].pieces.push_back(marks[m]);
  }
  return unowned;
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
      // table decides about them); ink of another digit or a dropped mark is not.
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

  int tallest = 0;
  for (const Piece& piece : pieces) tallest = std::max(tallest, piece.bounds.height());
  // Dust is set aside first, in one pass: scanner noise or a sprinkle of
  // specks must cost no more than the pixels it covers, and must not count
  // towards the limit on pieces below.
  std::vector<int> kept;
  double most_ink = 0.0;
  for (int i = 0; i < static_cast<int>(pieces.size()); ++i) {
    const Bounds& bounds = pieces[i].bounds;
    if (bounds.height() < kDustSize * tallest && bounds.width() < kDustSize * tallest) continue;
    kept.push_back(i);
    most_ink = std::max(most_ink, pieces[i].ink);
  }
  // Grouping compares pieces pairwise: bounded here, before it starts.
  if (static_cast<int>(kept.size()) > kMaxNumberPieces)
    throw TooManyMarks("too many separate marks to be a number (" + std::to_string(kept.size()) +
                       " pieces of ink; a number of at most " + std::to_string(kMaxNumberDigits) +
                       " digits is read)");
  std::vector<int> solid, marks;
  for (const int i : kept) {
    const bool mark = pieces[i].bounds.height() < kMarkHeight * tallest && pieces[i].ink < kMarkInk * most_ink;
    (mark ? marks : solid).push_back(i);
  }

  const double reach = std::max(2.0, kMarkReach * tallest);
  std::vector<Group> groups = group_pieces(pieces, solid, reach);  // never empty: the tallest piece is solid
  // Marks nobody owns may still make a digit together (one broken into short
  // pieces); what stays short is dust.
  for (Group& leftover : group_pieces(pieces, attach_marks(pieces, marks, groups, reach), reach))
    if (leftover.bounds.height() >= kMarkHeight * tallest) groups.push_back(std::move(leftover));
  // A column of specks (their columns overlap, so they group) is no digit:
  // its ink covers little of its height, where a digit's strokes, even a
  // dashed one's, cover most of it.
  const std::size_t before_specks = groups.size();
  std::erase_if(groups, [&](const Group& group) { return row_coverage(pieces, group) < kMinRowCoverage; });
  if (groups.empty() && before_specks > 0) throw TooManyMarks("only scattered specks, no digit: not a number");
  if (static_cast<int>(groups.size()) > kMaxNumberDigits)
    throw TooManyMarks("too many separate marks to be a number (" + std::to_string(groups.size()) +
                       " apparent digits; at most " + std::to_string(kMaxNumberDigits) + " are read)");
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    return a.bounds.left + a.bounds.right < b.bounds.left + b.bounds.right;
  });

  std::vector<int> group_of_piece(pieces.size(), -1);  // -1: a dropped mark
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (int piece : groups[g].pieces) group_of_piece[piece] = static_cast<int>(g);

  std::vector<DigitCrop> crops;
  crops.reserve(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g)
    crops.push_back(cut_out(image, labels, group_of_piece, static_cast<int>(g), groups[g].bounds, *scale));
  return crops;
}

}  // namespace digitpad
