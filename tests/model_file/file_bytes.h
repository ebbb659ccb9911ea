// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The model-file tests' helpers: a scratch folder per test, reading and
// writing raw bytes, and building files field by field (both versions) to
// break them one way at a time. Shared by test_model_file.cpp and
// test_model_file_bad.cpp.

#include "core/io/model_file.h"

#include "core/data/mnist_folder.h"
#include "core/nn/layer_spec.h"
#include "test_paths.h"
#include "core/util/error.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace digitpad::model_file_test {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class ModelFileTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return scratch_.file(name); }
  std::vector<std::string> folder_entries() const { return scratch_.listing(); }

  test::TempFolder scratch_{"digitpad-model-test"};
  const fs::path folder_ = scratch_.path();
};

// The committed fixtures: tests/data/<name>.
inline std::string test_data(const std::string& name) {
  return (fs::path(DIGITPAD_SOURCE_DIR) / "tests" / "data" / name).string();
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// load_model's error message, or a marker when it unexpectedly succeeds. Any
// exception other than Error fails the test (a crash would end it).
inline std::string load_error(const std::string& path) {
  try {
    load_model(path);
  } catch (const Error& error) {
    return error.what();
  }
  return "<loaded without error>";
}

// Deterministic parameters that also exercise the float encoding's corners.
inline Network make_network(const Architecture& architecture, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Eigen::VectorXf parameters(architecture.parameter_count());
  for (Eigen::Index i = 0; i < parameters.size(); ++i) parameters[i] = normal(generator);
  const float corners[] = {-0.0f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                           std::numeric_limits<float>::lowest(), std::numeric_limits<float>::epsilon()};
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(5, parameters.size()); ++i) parameters[i] = corners[i];
  return Network(architecture, parameters);
}

// An architecture from an input shape and a layer list in the CLI's syntax.
inline Architecture layered(Shape input, const std::string& layers, int outputs, Activation activation) {
  Architecture architecture;
  architecture.input = input;
  architecture.layers = parse_layer_list(layers);
  architecture.outputs = outputs;
  architecture.activation = activation;
  return architecture;
}

inline ModelInfo full_info() {
  ModelInfo info;
  info.name = "café ✓";  // UTF-8 passes through as bytes
  info.dataset = "/data/train-images-idx3-ubyte.gz";
  info.train_count = 60000;
  info.test_count = 10000;
  info.iterations = 1234;
  info.final_cost = 0.0421f;
  info.train_accuracy = 0.9871f;
  info.test_accuracy = 0.9712f;
  info.created = "2026-11-25T16:30:00Z";
  info.hyperparameters = {{"optimizer", "adam"}, {"learning_rate", "0.001"}, {"", ""}, {"batch", "64"}};
  return info;
}

// Bitwise CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and
// final xor 0xFFFFFFFF), written independently of zlib to pin the algorithm.
inline std::uint32_t reference_crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// Little-endian pieces for crafting files by hand.
inline std::string le32(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
  return out;
}
inline std::string le64(std::uint64_t value) {
  return le32(static_cast<std::uint32_t>(value)) + le32(static_cast<std::uint32_t>(value >> 32));
}
inline std::string f32(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return le32(bits);
}
inline std::string floats(std::initializer_list<float> values) {
  std::string out;
  for (const float value : values) out += f32(value);
  return out;
}
inline std::string text(const std::string& value) { return le32(static_cast<std::uint32_t>(value.size())) + value; }
inline std::string bytes_of(const std::vector<std::uint8_t>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// The header section after the activation, every field empty or zero.
inline std::string empty_info(std::int32_t train_count = 0) {
  return text("") + text("") + le32(static_cast<std::uint32_t>(train_count)) + le32(0) + le32(0) + f32(0) + f32(0) +
         f32(0) + text("") + le32(0);
}

// Version 1: a header section for widths {2, 3, 2}, `activation`, and empty information.
inline std::string v1_header_section(const std::string& activation = "tanh", std::int32_t train_count = 0) {
  return le32(3) + le32(2) + le32(3) + le32(2) + text(activation) + empty_info(train_count);
}

// Version 2: layer records, and a header section of an input shape, records,
// an output count, "tanh" and empty information.
inline std::string dense_record(std::uint32_t units) { return le32(1) + le32(units); }
inline std::string conv_record(std::uint32_t filters, std::uint32_t kernel) {
  return le32(2) + le32(filters) + le32(kernel);
}
inline std::string pool_record(std::uint32_t size) { return le32(3) + le32(size); }
inline std::string dropout_record(float rate) { return le32(4) + f32(rate); }

inline std::string v2_architecture(std::uint32_t channels, std::uint32_t height, std::uint32_t width,
                                   const std::vector<std::string>& records, std::uint32_t outputs) {
  std::string out = le32(channels) + le32(height) + le32(width) + le32(static_cast<std::uint32_t>(records.size()));
  for (const std::string& record : records) out += record;
  return out + le32(outputs);
}
inline std::string v2_header_section(std::uint32_t channels, std::uint32_t height, std::uint32_t width,
                                     const std::vector<std::string>& records, std::uint32_t outputs) {
  return v2_architecture(channels, height, width, records, outputs) + text("tanh") + empty_info();
}

// A whole file around a header section and weights, with a valid checksum, so
// that the loader's checks after the checksum are exercised.
inline std::string craft_file(std::uint32_t version, const std::string& header, std::uint64_t parameter_count,
                              const std::string& weights) {
  std::string body = "DIGITPAD" + le32(version) + le32(static_cast<std::uint32_t>(header.size())) +
                     le64(parameter_count) + header + weights;
  return body + le32(reference_crc32(body));
}

inline std::string zero_weights(std::uint64_t count) { return std::string(4 * count, '\0'); }

// `bytes` with a new version number and the checksum made valid again.
inline std::string relabelled(const std::string& bytes, std::uint32_t version) {
  std::string body = bytes.substr(0, bytes.size() - 4);
  body.replace(8, 4, le32(version));
  return body + le32(reference_crc32(body));
}

// Probabilities compared within 1e-6 and, so that tiny ones count too, their
// logarithms within 1e-4 (a relative difference of 0.01%).
inline void expect_probabilities(const Eigen::MatrixXf& actual, const std::vector<std::vector<double>>& expected) {
  ASSERT_EQ(actual.cols(), static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index c = 0; c < actual.cols(); ++c) {
    ASSERT_EQ(actual.rows(), static_cast<Eigen::Index>(expected[c].size()));
    for (Eigen::Index r = 0; r < actual.rows(); ++r) {
      const double want = expected[c][r];
      EXPECT_NEAR(actual(r, c), want, 1e-6) << "class " << r << " of input " << c;
      EXPECT_NEAR(std::log(static_cast<double>(actual(r, c))), std::log(want), 1e-4)
          << "class " << r << " of input " << c;
    }
  }
}

}  // namespace digitpad::model_file_test
