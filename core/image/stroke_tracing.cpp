// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/stroke_tracing.h"

#include "core/data/dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

namespace digitpad {
namespace {

// The 8 neighbours clockwise from north, as Zhang and Suen number them P2..P9.
constexpr std::array<int, 8> kDx = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> kDy = {-1, -1, 0, 1, 1, 1, 0, -1};

std::array<bool, 8> ring(const BitGrid& grid, int x, int y) {
  std::array<bool, 8> p{};
  for (int k = 0; k < 8; ++k) p[k] = grid.at(x + kDx[k], y + kDy[k]);
  return p;
}

int degree(const BitGrid& grid, int x, int y) {
  const std::array<bool, 8> p = ring(grid, x, y);
  return static_cast<int>(std::count(p.begin(), p.end(), true));
}

// One Zhang-Suen sub-iteration; returns whether any pixel was removed.
bool zhang_suen_pass(BitGrid& grid, bool first) {
  std::vector<int> doomed;
  for (int y = 0; y < grid.height; ++y) {
    for (int x = 0; x < grid.width; ++x) {
      if (!grid.at(x, y)) continue;
      const std::array<bool, 8> p = ring(grid, x, y);
      const int neighbours = static_cast<int>(std::count(p.begin(), p.end(), true));
      if (neighbours < 2 || neighbours > 6) continue;
      int transitions = 0;  // 0 -> 1 changes around the ring
      for (int k = 0; k < 8; ++k) transitions += (!p[k] && p[(k + 1) % 8]) ? 1 : 0;
      if (transitions != 1) continue;
      // p[0]=N, p[2]=E, p[4]=S, p[6]=W
      const bool remove = first ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                                : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
      if (remove) doomed.push_back(y * grid.width + x);
    }
  }
  for (const int index : doomed) grid.cells[static_cast<std::size_t>(index)] = 0;
  return !doomed.empty();
}

// Whether the set neighbours of a pixel form one 8-connected group among
// themselves, i.e. the pixel is not needed to connect them.
bool neighbours_connected_without(const std::array<bool, 8>& p) {
  std::array<int, 8> group;
  std::iota(group.begin(), group.end(), 0);
  const auto find = [&](int k) {
    while (group[k] != k) k = group[k] = group[group[k]];
    return k;
  };
  const auto adjacent = [](int a, int b) {
    const int dx = std::abs(kDx[a] - kDx[b]);
    const int dy = std::abs(kDy[a] - kDy[b]);
    return dx <= 1 && dy <= 1;
  };
  for (int a = 0; a < 8; ++a)
    for (int b = a + 1; b < 8; ++b)
      if (p[a] && p[b] && adjacent(a, b)) group[find(a)] = find(b);
  int roots = 0;
  for (int k = 0; k < 8; ++k) roots += (p[k] && find(k) == k) ? 1 : 0;
  return roots == 1;
}

StrokePoint centre_of(int index, int width) {
  return {static_cast<float>(index % width) + 0.5f, static_cast<float>(index / width) + 0.5f};
}

}  // namespace

int BitGrid::count() const { return static_cast<int>(std::count(cells.begin(), cells.end(), std::uint8_t{1})); }

BitGrid upscale_and_threshold(const Eigen::Ref<const Eigen::VectorXf>& digit, int scale, float threshold) {
  BitGrid grid(kImageSide * scale, kImageSide * scale);
  const auto value = [&](int col, int row) {
    col = std::clamp(col, 0, kImageSide - 1);
    row = std::clamp(row, 0, kImageSide - 1);
    return digit(row * kImageSide + col);
  };
  for (int y = 0; y < grid.height; ++y) {
    // Sample positions at the small image's pixel centres.
    const float sy = (static_cast<float>(y) + 0.5f) / static_cast<float>(scale) - 0.5f;
    const int row = static_cast<int>(std::floor(sy));
    const float fy = sy - static_cast<float>(row);
    for (int x = 0; x < grid.width; ++x) {
      const float sx = (static_cast<float>(x) + 0.5f) / static_cast<float>(scale) - 0.5f;
      const int col = static_cast<int>(std::floor(sx));
      const float fx = sx - static_cast<float>(col);
      const float top = value(col, row) * (1 - fx) + value(col + 1, row) * fx;
      const float bottom = value(col, row + 1) * (1 - fx) + value(col + 1, row + 1) * fx;
      grid.set(x, y, top * (1 - fy) + bottom * fy >= threshold);
    }
  }
  return grid;
}

void thin_to_skeleton(BitGrid& grid) {
  while (true) {
    const bool changed_first = zhang_suen_pass(grid, true);
    const bool changed_second = zhang_suen_pass(grid, false);
    if (!changed_first && !changed_second) break;
  }
  // Zhang-Suen leaves L-shaped corners on diagonal runs: pixels with three
  // mutually touching neighbours that a tracer would take for junctions.
  for (bool changed = true; changed;) {
    changed = false;
    for (int y = 0; y < grid.height; ++y) {
      for (int x = 0; x < grid.width; ++x) {
        if (!grid.at(x, y)) continue;
        const std::array<bool, 8> p = ring(grid, x, y);
        if (std::count(p.begin(), p.end(), true) < 2) continue;  // keep line ends
        if (!neighbours_connected_without(p)) continue;
        grid.set(x, y, false);
        changed = true;
      }
    }
  }
}

std::vector<Polyline> trace_skeleton(const BitGrid& skeleton, int min_spur_pixels) {
  const int width = skeleton.width;
  const auto is_node = [&](int index) { return degree(skeleton, index % width, index / width) != 2; };
  const auto neighbours = [&](int index) {
    std::vector<int> found;
    const int x = index % width;
    const int y = index / width;
    for (int k = 0; k < 8; ++k)
      if (skeleton.at(x + kDx[k], y + kDy[k])) found.push_back((y + kDy[k]) * width + x + kDx[k]);
    return found;
  };

  std::vector<Polyline> strokes;
  const auto emit = [&](const std::vector<int>& path) {
    Polyline line;
    line.reserve(path.size());
    for (const int index : path) line.push_back(centre_of(index, width));
    strokes.push_back(std::move(line));
  };

  std::vector<std::uint8_t> visited(skeleton.cells.size(), 0);
  std::set<std::pair<int, int>> used_steps;  // (node, first pixel) of paths already traced
  for (int start = 0; start < static_cast<int>(skeleton.cells.size()); ++start) {
    if (!skeleton.cells[static_cast<std::size_t>(start)] || !is_node(start)) continue;
    for (const int first : neighbours(start)) {
      if (used_steps.contains({start, first})) continue;
      std::vector<int> path = {start};
      int previous = start;
      int current = first;
      // A line pixel has exactly two neighbours, so the walk is forced; it ends
      // at the next node (there is always one: node-free loops are not reached
      // from a node).
      while (true) {
        path.push_back(current);
        if (is_node(current)) break;
        visited[static_cast<std::size_t>(current)] = 1;
        const std::vector<int> next = neighbours(current);
        const int step = next[0] == previous ? next[1] : next[0];
        previous = current;
        current = step;
      }
      used_steps.insert({start, first});
      used_steps.insert({current, previous});
      const int start_degree = degree(skeleton, start % width, start / width);
      const int end_degree = degree(skeleton, current % width, current / width);
      const bool spur = (start_degree == 1 && end_degree >= 3) || (start_degree >= 3 && end_degree == 1);
      if (spur && static_cast<int>(path.size()) < min_spur_pixels) continue;
      emit(path);
    }
  }

  // Closed loops with no node at all (an "0" drawn in one round stroke).
  for (int start = 0; start < static_cast<int>(skeleton.cells.size()); ++start) {
    if (!skeleton.cells[static_cast<std::size_t>(start)] || visited[static_cast<std::size_t>(start)] ||
        is_node(start))
      continue;
    std::vector<int> path = {start};
    visited[static_cast<std::size_t>(start)] = 1;
    int previous = start;
    int current = neighbours(start)[0];
    while (current != start) {
      path.push_back(current);
      visited[static_cast<std::size_t>(current)] = 1;
      const std::vector<int> next = neighbours(current);
      const int step = next[0] == previous ? next[1] : next[0];
      previous = current;
      current = step;
    }
    path.push_back(start);  // closed: the last point repeats the first
    emit(path);
  }
  return strokes;
}

Polyline smooth_polyline(const Polyline& line, int radius, int step) {
  const int n = static_cast<int>(line.size());
  if (n < 3 || radius < 1) return line;
  const bool closed = line.front().x == line.back().x && line.front().y == line.back().y;
  Polyline smoothed(line.size());
  if (closed) {
    const int period = n - 1;  // distinct points
    const int r = std::min(radius, (period - 1) / 2);
    for (int i = 0; i < period; ++i) {
      float sx = 0, sy = 0;
      for (int k = -r; k <= r; ++k) {
        const StrokePoint& p = line[static_cast<std::size_t>(((i + k) % period + period) % period)];
        sx += p.x;
        sy += p.y;
      }
      smoothed[static_cast<std::size_t>(i)] = {sx / static_cast<float>(2 * r + 1),
                                               sy / static_cast<float>(2 * r + 1)};
    }
    smoothed.back() = smoothed.front();
  } else {
    for (int i = 0; i < n; ++i) {
      // A window symmetric around i that shrinks near the ends keeps them in place.
      const int r = std::min({radius, i, n - 1 - i});
      float sx = 0, sy = 0;
      for (int k = -r; k <= r; ++k) {
        sx += line[static_cast<std::size_t>(i + k)].x;
        sy += line[static_cast<std::size_t>(i + k)].y;
      }
      smoothed[static_cast<std::size_t>(i)] = {sx / static_cast<float>(2 * r + 1),
                                               sy / static_cast<float>(2 * r + 1)};
    }
  }
  Polyline thinned;
  for (int i = 0; i < n - 1; i += std::max(step, 1)) thinned.push_back(smoothed[static_cast<std::size_t>(i)]);
  thinned.push_back(smoothed.back());
  return thinned;
}

std::vector<Polyline> strokes_from_digit(const Eigen::Ref<const Eigen::VectorXf>& digit) {
  // 8x: a one-pixel skeleton step is an eighth of an MNIST pixel, so the traced
  // line is as smooth as the outline; the threshold follows the middle of the
  // anti-aliased stroke edge.
  constexpr int kScale = 8;
  BitGrid grid = upscale_and_threshold(digit, kScale, 0.4f);
  thin_to_skeleton(grid);
  std::vector<Polyline> strokes = trace_skeleton(grid, 2 * kScale);
  for (Polyline& stroke : strokes) {
    stroke = smooth_polyline(stroke, kScale / 2, 2);
    for (StrokePoint& point : stroke) {
      point.x /= static_cast<float>(kScale);
      point.y /= static_cast<float>(kScale);
    }
  }
  return strokes;
}

}  // namespace digitpad
