// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/layer_kinds.h"

#include "core/util/error.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace digitpad {

int SpecFields::whole(std::string_view digits, const char* what, int limit) const {
  long long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  // Twelve digits bound the value long before long long could overflow.
  if (digits.empty() || digits.size() > 12 || error != std::errc() || end != digits.data() + digits.size())
    fail(std::string(what) + " must be a whole number");
  if (value < 1 || value > limit) fail(std::string(what) + " must be 1 to " + std::to_string(limit));
  return static_cast<int>(value);
}

float SpecFields::number(std::string_view digits, const char* problem) const {
  float value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || digits.size() > 16 || error != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value))
    fail(problem);
  return value;
}

void SpecFields::within(int value, int limit, const char* what) const {
  if (value < 1 || value > limit) fail(std::string(what) + " must be 1 to " + std::to_string(limit));
}

void SpecFields::fail(const std::string& problem) const {
  throw Error("layer " + std::to_string(index_ + 1) + " '" + text_ + "': " + problem);
}

const LayerKindInfo& layer_kind(LayerKind kind) {
  for (const LayerKindInfo* info : kLayerKinds)
    if (info->kind == kind) return *info;
  throw Error("unknown layer kind " + std::to_string(static_cast<int>(kind)));
}

const LayerKindInfo* layer_kind_of_text(std::string_view text) {
  // The longest matching prefix, so that no kind's prefix can shadow a longer one.
  const LayerKindInfo* found = nullptr;
  for (const LayerKindInfo* info : kLayerKinds)
    if (text.starts_with(info->prefix) && (!found || info->prefix.size() > found->prefix.size())) found = info;
  return found;
}

const LayerKindInfo* layer_kind_of_code(std::uint32_t code, std::uint32_t version) {
  for (const LayerKindInfo* info : kLayerKinds)
    if (info->file_code == code && info->file_version <= version) return info;
  return nullptr;
}

std::uint32_t highest_layer_code(std::uint32_t version) {
  std::uint32_t highest = 0;
  for (const LayerKindInfo* info : kLayerKinds)
    if (info->file_version <= version) highest = std::max(highest, info->file_code);
  return highest;
}

std::uint32_t newest_model_version() {
  std::uint32_t newest = 2;  // the first with layer records
  for (const LayerKindInfo* info : kLayerKinds) newest = std::max(newest, info->file_version);
  return newest;
}

namespace {

// "a, b, c or d"
template <typename Part>
std::string listed(Part part) {
  std::string text;
  const std::size_t count = std::size(kLayerKinds);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += i + 1 == count ? " or " : ", ";
    text += part(*kLayerKinds[i]);
  }
  return text;
}

}  // namespace

std::string layer_kinds_help() {
  return listed([](const LayerKindInfo& info) {
    return std::string(info.syntax) + (info.help.empty() ? "" : " (" + std::string(info.help) + ")");
  });
}

std::string layer_kinds_syntax() {
  return listed([](const LayerKindInfo& info) { return std::string(info.syntax); });
}

}  // namespace digitpad
