// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/model_file.h"

#include "core/io/atomic_file.h"
#include "core/io/byte_fields.h"
#include "core/io/crc32.h"
#include "core/nn/limits.h"
#include "core/util/error.h"
#include "core/util/printable.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The layout, the parameter order and every rule checked here are documented in
// docs/model-format.md; tests/test_model_file.cpp pins them byte for byte.

namespace digitpad {
namespace {

static_assert(std::numeric_limits<float>::is_iec559, "model files store IEEE-754 binary32 floats");

constexpr std::string_view kMagic = "DIGITPAD";  // 8 bytes, no terminator
// Version 1: dense layers only, described by their widths. Version 2: an input
// shape and one record per layer. Later versions add layer kinds, each kind
// saying in its row of core/nn/layer_kinds.h which version first holds it, so
// the newest version is the highest of those. Writers write the oldest version
// that holds the network, so a model without the new kinds stays readable by
// older programs and byte for byte what it was; readers read them all.
constexpr std::uint32_t kFirstLayerRecordVersion = 2;
// magic (8) + version (4) + header section length (4) + parameter count (8)
constexpr std::uint64_t kFixedHeaderBytes = 24;
constexpr std::uint64_t kChecksumBytes = 4;

// What a file may claim, checked before anything is allocated: a corrupt or
// hostile header must fail with a message, never with a multi-gigabyte
// allocation. The network's own limits (core/nn/limits.h) bound the rest.
constexpr std::uint64_t kMaxHeaderSectionBytes = 16u << 20;  // 16 MiB of architecture + text
constexpr std::uint64_t kMaxParameters = limits::kMaxParameters;
constexpr std::uint64_t kMaxLayers = limits::kMaxHiddenLayers + 2;  // version 1: plus inputs and outputs

[[noreturn]] void fail_with(const std::string& path, const std::string& problem) {
  throw Error(path + ": " + problem);
}

// ---- Version 1: a list of layer widths {inputs, hidden..., outputs}. ----

void check_v1_layer_count(std::uint64_t layer_count, const std::string& path) {
  if (layer_count < 2)
    fail_with(path, "layer count " + std::to_string(layer_count) + " is too small (need inputs and outputs)");
  if (layer_count > kMaxLayers)
    fail_with(path, "layer count " + std::to_string(layer_count) + " exceeds the limit of " +
                        std::to_string(kMaxLayers) + " (" + std::to_string(limits::kMaxHiddenLayers) +
                        " hidden layers)");
}

Architecture read_v1_architecture(ByteReader& in, const std::string& path) {
  const std::uint32_t layer_count = in.u32("layer count");
  check_v1_layer_count(layer_count, path);  // before the widths are read: it bounds them
  std::vector<int> widths;
  for (std::uint32_t layer = 0; layer < layer_count; ++layer) {
    const std::uint32_t width = in.u32("layer " + std::to_string(layer) + " width");
    if (width == 0) in.fail("layer " + std::to_string(layer) + " has width 0");
    if (width > static_cast<std::uint32_t>(limits::kMaxDenseUnits))
      in.fail("layer " + std::to_string(layer) + " width " + std::to_string(width) + " exceeds the limit of " +
              std::to_string(limits::kMaxDenseUnits));
    widths.push_back(static_cast<int>(width));
  }
  return Architecture::mlp(widths.front(), std::vector<int>(widths.begin() + 1, widths.end() - 1), widths.back());
}

// ---- Version 2 on: an input shape and one record per hidden layer. ----

// The version a network's file is written in.
std::uint32_t version_for(const Architecture& architecture) {
  std::uint32_t version = kFirstLayerRecordVersion;
  for (const LayerSpec& layer : architecture.layers) version = std::max(version, layer_kind(layer.kind).file_version);
  return version;
}

void write_layer_records(ByteWriter& out, const Architecture& architecture) {
  out.u32(static_cast<std::uint32_t>(architecture.input.channels));
  out.u32(static_cast<std::uint32_t>(architecture.input.height));
  out.u32(static_cast<std::uint32_t>(architecture.input.width));
  out.u32(static_cast<std::uint32_t>(architecture.layers.size()));
  for (const LayerSpec& layer : architecture.layers) {
    const LayerKindInfo& kind = layer_kind(layer.kind);
    out.u32(kind.file_code);
    kind.write_record(out, layer);
  }
  out.u32(static_cast<std::uint32_t>(architecture.outputs));
}

Architecture read_layer_records(ByteReader& in, std::uint32_t version) {
  Architecture architecture;
  architecture.input.channels = in.small_u32("input channels");
  architecture.input.height = in.small_u32("input height");
  architecture.input.width = in.small_u32("input width");
  const std::uint32_t count = in.u32("layer count");
  if (count > static_cast<std::uint32_t>(limits::kMaxHiddenLayers))
    in.fail("layer count " + std::to_string(count) + " exceeds the limit of " +
            std::to_string(limits::kMaxHiddenLayers) + " hidden layers");
  architecture.layers.clear();
  for (std::uint32_t index = 0; index < count; ++index) {
    const std::string what = "layer " + std::to_string(index + 1);
    const std::uint32_t code = in.u32(what + " kind");
    const LayerKindInfo* kind = layer_kind_of_code(code, version);
    if (!kind)
      in.fail(what + " has unknown kind " + std::to_string(code) + " (expected 1 to " +
              std::to_string(highest_layer_code(version)) + ")");
    architecture.layers.push_back(kind->read_record(in, what));
  }
  architecture.outputs = in.small_u32("output count");
  return architecture;
}

// The first NaN or infinity, named with its position, so that a diverged
// training run is neither saved nor loaded as if it were a model. The
// persistent state follows the parameters in the weights section, and is
// numbered on from them.
void check_finite(const Eigen::VectorXf& parameters, const std::string& path, std::string_view action) {
  for (Eigen::Index i = 0; i < parameters.size(); ++i) {
    if (std::isfinite(parameters[i])) continue;
    throw Error(path + ": " + std::string(action) + "weights contain " +
                (std::isnan(parameters[i]) ? "NaN" : "infinity") + " (parameter " + std::to_string(i) + " of " +
                std::to_string(parameters.size()) + ")");
  }
}

void check_count(int value, std::string_view what, const std::string& path, std::string_view action) {
  if (value < 0)
    throw Error(path + ": " + std::string(action) + std::string(what) + " is negative (" + std::to_string(value) +
                ")");
}

std::string encode_header_section(const Architecture& architecture, const ModelInfo& info) {
  ByteWriter out;
  write_layer_records(out, architecture);
  out.text(activation_name(architecture.activation));
  out.text(info.name);
  out.text(info.dataset);
  out.i32(info.train_count);
  out.i32(info.test_count);
  out.i32(info.iterations);
  out.f32(info.final_cost);
  out.f32(info.train_accuracy);
  out.f32(info.test_accuracy);
  out.text(info.created);
  out.u32(static_cast<std::uint32_t>(info.hyperparameters.size()));
  for (const auto& [key, value] : info.hyperparameters) {
    out.text(key);
    out.text(value);
  }
  return std::move(out.bytes());
}

// The floats of the weights section: the parameters, then the persistent state.
Eigen::VectorXf weights_section(const Network& network) {
  Eigen::VectorXf floats(network.parameters().size() + network.persistent().size());
  floats << network.parameters(), network.persistent();
  return floats;
}

// Everything load_model checks about the content, checked on the way out too.
void check_savable(const Network& network, const ModelInfo& info, const std::string& path) {
  const std::string action = "cannot save: ";
  try {
    network.architecture().validate();
  } catch (const Error& error) {
    throw Error(path + ": " + action + error.what());
  }
  const auto count = static_cast<std::uint64_t>(network.architecture().parameter_count());
  if (static_cast<std::uint64_t>(network.parameters().size()) != count)
    throw Error(path + ": " + action + "network holds " + std::to_string(network.parameters().size()) +
                " parameters but its architecture needs " + std::to_string(count));
  const auto state = static_cast<std::uint64_t>(network.architecture().persistent_count());
  if (static_cast<std::uint64_t>(network.persistent().size()) != state)
    throw Error(path + ": " + action + "network holds " + std::to_string(network.persistent().size()) +
                " values of persistent state but its architecture needs " + std::to_string(state));
  check_finite(weights_section(network), path, action);
  check_count(info.train_count, "train count", path, action);
  check_count(info.test_count, "test count", path, action);
  check_count(info.iterations, "iteration count", path, action);
}

// ---- Loading ----

struct HeaderSection {
  Architecture architecture;
  ModelInfo info;
};

HeaderSection decode_header_section(std::string_view bytes, std::uint32_t version, std::uint64_t float_count,
                                    const std::string& path) {
  ByteReader in(bytes, path, " inside the header section");
  HeaderSection header;
  Architecture& architecture = header.architecture;
  architecture = version == 1 ? read_v1_architecture(in, path) : read_layer_records(in, version);
  // The network's own rules: shapes that fit, sizes and a parameter count
  // within the limits, worked out without allocating anything.
  try {
    architecture.validate();
  } catch (const Error& error) {
    in.fail(error.what());
  }
  const auto needed = static_cast<std::uint64_t>(architecture.parameter_count());
  const auto state = static_cast<std::uint64_t>(architecture.persistent_count());
  if (needed + state != float_count)
    in.fail("architecture needs " + std::to_string(needed) + " parameters" +
            (state > 0 ? " and " + std::to_string(state) + " values of persistent state" : std::string()) +
            " but the file holds " + std::to_string(float_count));
  const std::string activation = in.text("activation");
  const std::optional<Activation> parsed = parse_activation(activation);
  if (!parsed) in.fail("unknown activation '" + printable(activation) + "' (expected tanh, relu or sigmoid)");
  architecture.activation = *parsed;

  ModelInfo& info = header.info;
  info.name = in.text("name");
  info.dataset = in.text("data set");
  info.train_count = in.i32("train count");
  info.test_count = in.i32("test count");
  info.iterations = in.i32("iteration count");
  info.final_cost = in.f32("final cost");
  info.train_accuracy = in.f32("train accuracy");
  info.test_accuracy = in.f32("test accuracy");
  info.created = in.text("creation date");
  check_count(info.train_count, "train count", path, "");
  check_count(info.test_count, "test count", path, "");
  check_count(info.iterations, "iteration count", path, "");
  const std::uint32_t pairs = in.u32("hyperparameter count");
  // Each pair takes at least 8 bytes (two empty texts): bounds the reservation.
  if (pairs > in.remaining() / 8)
    in.fail("hyperparameter count " + std::to_string(pairs) + " does not fit in the " +
            std::to_string(in.remaining()) + " remaining bytes of the header section");
  info.hyperparameters.reserve(pairs);
  for (std::uint32_t pair = 0; pair < pairs; ++pair) {
    const std::string what = "hyperparameter " + std::to_string(pair);
    std::string key = in.text(what + " key");
    std::string value = in.text(what + " value");
    info.hyperparameters.emplace_back(std::move(key), std::move(value));
  }
  if (in.remaining() != 0)
    in.fail("header section has " + std::to_string(in.remaining()) + " unused bytes at its end");
  return header;
}

Eigen::VectorXf decode_parameters(std::string_view bytes, std::uint64_t count, const std::string& path) {
  Eigen::VectorXf parameters(static_cast<Eigen::Index>(count));
  for (Eigen::Index i = 0; i < parameters.size(); ++i)
    parameters[i] = std::bit_cast<float>(get_u32(bytes.data() + 4 * i));
  check_finite(parameters, path, "");
  return parameters;
}

}  // namespace

void save_model(const std::string& path, const Network& network, const ModelInfo& info) {
  check_savable(network, info, path);
  const std::string header_section = encode_header_section(network.architecture(), info);
  if (header_section.size() > kMaxHeaderSectionBytes)
    throw Error(path + ": cannot save: model description is " + std::to_string(header_section.size()) +
                " bytes, over the limit of " + std::to_string(kMaxHeaderSectionBytes));

  const Eigen::VectorXf parameters = weights_section(network);
  ByteWriter out;
  out.bytes().reserve(kFixedHeaderBytes + header_section.size() + 4 * parameters.size() + kChecksumBytes);
  out.raw(kMagic);
  out.u32(version_for(network.architecture()));
  out.u32(static_cast<std::uint32_t>(header_section.size()));
  out.u64(static_cast<std::uint64_t>(parameters.size()));
  out.raw(header_section);
  for (Eigen::Index i = 0; i < parameters.size(); ++i) out.f32(parameters[i]);
  out.u32(crc32_of(out.bytes()));
  write_file_atomically(path, out.bytes());
}

namespace {

// The checks the first 24 bytes and the file's size allow: what the file is,
// its version, its two sizes within their limits, and the exact length they
// imply. `start` is the file's first bytes (all of them, in a shorter file).
// Returns that length, the file's size.
std::uint64_t check_fixed_header(std::string_view start, std::uint64_t file_size, const std::string& path) {
  auto fail = [&path](const std::string& problem) { fail_with(path, problem); };

  // What the file is first: a file of another kind is reported as such, even a short one.
  if (file_size == 0) fail("empty file (not a DigitPad model file)");
  const std::size_t magic_bytes_present = std::min(start.size(), kMagic.size());
  if (start.substr(0, magic_bytes_present) != kMagic.substr(0, magic_bytes_present))
    fail("not a DigitPad model file (it does not begin with \"DIGITPAD\")");
  if (start.size() < kMagic.size()) fail("truncated at magic");
  ByteReader fixed(start.substr(kMagic.size(), 8), path, "");  // version, header section length

  const std::uint32_t version = fixed.u32("version");
  if (version > newest_model_version())
    fail("version " + std::to_string(version) + " is newer than this program understands (" +
         std::to_string(newest_model_version()) + ")");
  if (version == 0) fail("version 0 is not a valid model version");
  const std::uint64_t header_bytes = fixed.u32("header section length");
  if (start.size() < kFixedHeaderBytes) fail("truncated at parameter count");
  const std::uint64_t parameter_count = get_u64(start.data() + 16);
  if (header_bytes > kMaxHeaderSectionBytes)
    fail("header section length " + std::to_string(header_bytes) + " exceeds the limit of " +
         std::to_string(kMaxHeaderSectionBytes));
  if (parameter_count > kMaxParameters)
    fail("parameter count " + std::to_string(parameter_count) + " exceeds the limit of " +
         std::to_string(kMaxParameters));

  // With both sizes bounded the file's length is known exactly (no overflow:
  // at most 24 + 16 MiB + 2 GB + 4), so truncation and trailing bytes are found
  // before the checksum is even computed.
  const std::uint64_t header_end = kFixedHeaderBytes + header_bytes;
  const std::uint64_t weights_end = header_end + 4 * parameter_count;
  const std::uint64_t expected_size = weights_end + kChecksumBytes;
  if (file_size < expected_size) {
    const char* part = file_size < header_end ? "header section" : file_size < weights_end ? "weights" : "checksum";
    fail("truncated at " + std::string(part) + " (file has " + std::to_string(file_size) +
         " bytes, its header says " + std::to_string(expected_size) + ")");
  }
  if (file_size > expected_size)
    fail(std::to_string(file_size - expected_size) + " trailing bytes after the checksum");
  return expected_size;
}

}  // namespace

Model load_model(const std::string& path) {
  // The fixed header and the file's size decide whether the rest is worth
  // reading: a file of the wrong kind or length is refused from its first 24
  // bytes, never read whole first (a 1 GB sparse file used to be).
  std::uint64_t file_size = 0;
  const std::string start = read_file_start(path, kFixedHeaderBytes, file_size);
  const std::uint64_t expected_size = check_fixed_header(start, file_size, path);
  // A file that grew since is refused by this limit; one that shrank, by the parser.
  return parse_model(read_whole_file(path, static_cast<std::size_t>(expected_size)), path);
}

Model parse_model(std::string_view bytes, const std::string& path) {
  auto fail = [&path](const std::string& problem) { fail_with(path, problem); };
  const std::uint64_t expected_size = check_fixed_header(bytes.substr(0, kFixedHeaderBytes), bytes.size(), path);
  const std::uint32_t version = get_u32(bytes.data() + 8);
  const std::uint64_t header_bytes = get_u32(bytes.data() + 12);
  const std::uint64_t parameter_count = get_u64(bytes.data() + 16);
  const std::uint64_t header_end = kFixedHeaderBytes + header_bytes;
  const std::uint64_t weights_end = expected_size - kChecksumBytes;

  // Every byte is checked before the header section is interpreted, so damage
  // anywhere after the sizes reads as what it is.
  if (crc32_of(bytes.substr(0, weights_end)) != get_u32(bytes.data() + weights_end))
    fail("checksum mismatch: file is corrupt");

  HeaderSection header =
      decode_header_section(bytes.substr(kFixedHeaderBytes, header_bytes), version, parameter_count, path);
  const Eigen::VectorXf floats =
      decode_parameters(bytes.substr(header_end, 4 * parameter_count), parameter_count, path);
  const Eigen::Index trained = header.architecture.parameter_count();
  return Model{Network(header.architecture, floats.head(trained), floats.tail(floats.size() - trained)),
               std::move(header.info)};
}

}  // namespace digitpad
