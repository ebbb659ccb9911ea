// SPDX-License-Identifier: GPL-3.0-or-later
// Every way a model file can be bad, each reported as one line naming the
// file and the problem, before any large allocation (docs/model-format.md).
// The golden files are broken one byte at a time.

#include "model_file/file_bytes.h"
#include "model_file/goldens.h"

#include <sys/resource.h>
#include <unistd.h>

namespace digitpad {
namespace {

using namespace model_file_test;

// ---- Loading bad files ----

class BadModelFileTest : public ModelFileTest {
 protected:
  void SetUp() override {
    ModelFileTest::SetUp();
    good_file_ = path("good.dpm");
    ModelInfo info;
    info.name = "small";
    info.hyperparameters = {{"optimizer", "gd"}};
    save_model(good_file_, make_network(Architecture::mlp(2, {3}, 2, Activation::Tanh), 5), info);
    good_ = read_bytes(good_file_);
    bad_file_ = path("bad.dpm");
  }
  // Writes `bytes` as the bad file and returns load_model's message without the path.
  std::string problem_with(const std::string& bytes) {
    write_bytes(bad_file_, bytes);
    const std::string message = load_error(bad_file_);
    if (message == "<loaded without error>") return message;
    const std::string prefix = bad_file_ + ": ";
    if (message.rfind(prefix, 0) != 0) return "<message does not start with the path> " + message;
    if (message.find('\n') != std::string::npos) return "<message is not one line> " + message;
    return message.substr(prefix.size());
  }
  // The problem with a version-2 file of `header` and `parameter_count` zero
  // weights, with a valid checksum. Where the architecture is what fails, the
  // count hardly matters: it is compared only after the architecture is valid.
  std::string v2_problem(const std::string& header, std::uint64_t parameter_count = 0) {
    return problem_with(craft_file(2, header, parameter_count, zero_weights(parameter_count)));
  }

  std::string good_file_;
  std::string good_;  // version 2, a 2-3-2 network
  std::string bad_file_;
};

TEST_F(BadModelFileTest, TheUnmodifiedFileLoads) {
  // Header section: 100 bytes, the empty one's 76 + "small" + 1 pair.
  EXPECT_EQ(good_.size(), 24u + 100u + 4u * 17u + 4u);
  EXPECT_EQ(good_.substr(8, 4), le32(2));
  EXPECT_EQ(load_error(good_file_), "<loaded without error>");
}

TEST_F(BadModelFileTest, MissingFile) {
  EXPECT_EQ(load_error(path("absent.dpm")), path("absent.dpm") + ": no such file");
}

TEST_F(BadModelFileTest, WrongMagic) {
  EXPECT_EQ(problem_with("\x89PNG\r\n\x1a\n" + good_.substr(8)),
            "not a DigitPad model file (it does not begin with \"DIGITPAD\")");
  EXPECT_EQ(problem_with("hello"), "not a DigitPad model file (it does not begin with \"DIGITPAD\")");
  EXPECT_EQ(problem_with(""), "empty file (not a DigitPad model file)");
}

TEST_F(BadModelFileTest, UnknownVersion) {
  // The newest version is the highest any layer kind needs, so it grows as
  // kinds are added; the test follows it.
  const std::uint32_t newest = newest_model_version();
  const std::string understood = " is newer than this program understands (" + std::to_string(newest) + ")";
  std::string bytes = good_;
  bytes.replace(8, 4, le32(newest + 1));
  EXPECT_EQ(problem_with(bytes), "version " + std::to_string(newest + 1) + understood);
  bytes.replace(8, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(bytes), "version 4294967295" + understood);
  bytes.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(bytes), "version 0 is not a valid model version");
}

// The version decides how the architecture is read: a file relabelled (with a
// valid checksum) is read as the other layout and fails cleanly, not as a crash.
TEST_F(BadModelFileTest, AFileUnderTheOtherVersionNumberFailsCleanly) {
  // Version 2 read as version 1: the input shape 2x1x1 reads as widths {1, 1}.
  EXPECT_EQ(problem_with(relabelled(good_, 1)), "architecture needs 2 parameters but the file holds 17");
  // Version 1 read as version 2: the widths {3, 2, 3, 2} read as input 3x2x3
  // and 2 layers; the activation's length 4 as a dropout record whose rate is
  // "tanh"; the name's length 6 as the next record's kind.
  EXPECT_EQ(problem_with(relabelled(golden_v1_bytes(), 2)), "layer 2 has unknown kind 6 (expected 1 to 4)");
}

TEST_F(BadModelFileTest, EveryTruncationIsReported) {
  ASSERT_EQ(good_.size(), 196u);
  for (const std::string& file : {good_, golden_conv_bytes()})
    for (std::size_t length = 1; length < file.size(); ++length) {
      const std::string problem = problem_with(file.substr(0, length));
      EXPECT_EQ(problem.rfind("truncated at ", 0), 0u) << "length " << length << ": " << problem;
    }
  EXPECT_EQ(problem_with(good_.substr(0, 5)), "truncated at magic");
  EXPECT_EQ(problem_with(good_.substr(0, 10)), "truncated at version");
  EXPECT_EQ(problem_with(good_.substr(0, 14)), "truncated at header section length");
  EXPECT_EQ(problem_with(good_.substr(0, 20)), "truncated at parameter count");
  EXPECT_EQ(problem_with(good_.substr(0, 24)),
            "truncated at header section (file has 24 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 123)),
            "truncated at header section (file has 123 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 124)), "truncated at weights (file has 124 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 191)), "truncated at weights (file has 191 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 192)), "truncated at checksum (file has 192 bytes, its header says 196)");
  EXPECT_EQ(problem_with(good_.substr(0, 195)), "truncated at checksum (file has 195 bytes, its header says 196)");
}

TEST_F(BadModelFileTest, TrailingBytes) {
  EXPECT_EQ(problem_with(good_ + "xyz"), "3 trailing bytes after the checksum");
}

TEST_F(BadModelFileTest, AnyFlippedByteAfterTheSizesIsAChecksumMismatch) {
  // Header section (layer records included), weights and the checksum itself:
  // all covered by the CRC.
  for (const std::string& file : {good_, golden_conv_bytes()})
    for (std::size_t offset = 24; offset < file.size(); ++offset) {
      std::string bytes = file;
      bytes[offset] = static_cast<char>(bytes[offset] ^ 0x10);
      EXPECT_EQ(problem_with(bytes), "checksum mismatch: file is corrupt") << "offset " << offset;
    }
}

TEST_F(BadModelFileTest, AnyFlippedByteInTheFixedHeaderIsAnError) {
  for (const std::string& file : {good_, golden_conv_bytes(), golden_v1_bytes()})
    for (std::size_t offset = 0; offset < 24; ++offset) {
      for (const int bit : {0x01, 0x02, 0x80}) {
        std::string bytes = file;
        bytes[offset] = static_cast<char>(bytes[offset] ^ bit);
        const std::string problem = problem_with(bytes);
        EXPECT_EQ(problem.find('<'), std::string::npos) << "offset " << offset << ": " << problem;
      }
    }
}

TEST_F(BadModelFileTest, HugeSizesInTheFixedHeaderFailBeforeAnyAllocation) {
  std::string bytes = good_;
  bytes.replace(16, 8, le64(std::uint64_t{1} << 40));
  EXPECT_EQ(problem_with(bytes), "parameter count 1099511627776 exceeds the limit of 50000000");
  bytes.replace(16, 8, le64(50'000'001));
  EXPECT_EQ(problem_with(bytes), "parameter count 50000001 exceeds the limit of 50000000");
  bytes = good_;
  bytes.replace(12, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(bytes), "header section length 4294967295 exceeds the limit of 16777216");
}

// ---- Bad version-1 architectures, with a valid checksum ----

TEST_F(BadModelFileTest, Version1HugeLayerCount) {
  const std::string header = le32(1'000'000'000) + le32(2) + le32(3);
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer count 1000000000 exceeds the limit of 18 (16 hidden layers)");
  EXPECT_EQ(problem_with(craft_file(1, le32(19) + le32(2), 0, "")),
            "layer count 19 exceeds the limit of 18 (16 hidden layers)");
  EXPECT_EQ(problem_with(craft_file(1, le32(1) + le32(5), 0, "")),
            "layer count 1 is too small (need inputs and outputs)");
}

TEST_F(BadModelFileTest, Version1HugeOrZeroLayerWidth) {
  std::string header = v1_header_section();
  header.replace(8, 4, le32(100'001));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer 1 width 100001 exceeds the limit of 100000");
  header.replace(8, 4, le32(0xFFFFFFFFu));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "layer 1 width 4294967295 exceeds the limit of 100000");
  header.replace(8, 4, le32(0));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))), "layer 1 has width 0");
  // Widths within the limits that the network's own rules reject.
  header = v1_header_section();
  header.replace(12, 4, le32(1001));  // outputs
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "output count 1001 is out of range (1 to 1000)");
  header = le32(4) + le32(784) + le32(50'000) + le32(1000) + le32(10) + text("tanh") + empty_info();
  EXPECT_EQ(problem_with(craft_file(1, header, 0, "")),
            "the network would have over 50000000 parameters (reached at layer 2 'dense1000'): 89261010 in all, "
            "340.5 MB of weights and about 1.7 GB to train with Adam");
}

TEST_F(BadModelFileTest, ParameterCountDisagreeingWithTheArchitecture) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 18, zero_weights(18))),
            "architecture needs 17 parameters but the file holds 18");
  const std::string conv = golden_conv_bytes();
  const std::string conv_header = conv.substr(24, 153);
  EXPECT_EQ(v2_problem(conv_header, 54), "architecture needs 55 parameters but the file holds 54");
  EXPECT_EQ(v2_problem(conv_header, 0), "architecture needs 55 parameters but the file holds 0");
  EXPECT_EQ(v2_problem(conv_header, 55), "<loaded without error>");
}

// ---- Bad version-2 architectures, with a valid checksum ----

TEST_F(BadModelFileTest, Version2ValidRecordsLoad) {
  // The smallest of each kind, and the largest dropout rate: the limits' edges.
  const std::vector<std::string> smallest = {conv_record(1, 1), pool_record(1), dropout_record(0.95f),
                                             dense_record(1)};
  EXPECT_EQ(v2_problem(v2_header_section(1, 2, 2, smallest, 1), (1 + 1) * 1 + (4 + 1) * 1 + (1 + 1) * 1),
            "<loaded without error>");
  EXPECT_EQ(v2_problem(v2_header_section(3, 1, 1, {}, 2), (3 + 1) * 2), "<loaded without error>");
}

TEST_F(BadModelFileTest, Version2UnknownLayerKind) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {le32(5) + le32(3)}, 2)),
            "layer 1 has unknown kind 5 (expected 1 to 4)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3), le32(0) + le32(3)}, 2)),
            "layer 2 has unknown kind 0 (expected 1 to 4)");
}

TEST_F(BadModelFileTest, Version2BadConvolution) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(0, 3)}, 2)),
            "layer 1 'conv0@3': the filter count must be 1 to 1024");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(1025, 3)}, 2)),
            "layer 1 'conv1025@3': the filter count must be 1 to 1024");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(2), conv_record(2, 4)}, 2)),
            "layer 2 'conv2@4': the kernel size must be odd (1, 3, 5, ...)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 0)}, 2)),
            "layer 1 'conv2@0': the kernel size must be 1 to 15");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 17)}, 2)),
            "layer 1 'conv2@17': the kernel size must be 1 to 15");
}

TEST_F(BadModelFileTest, Version2BadDensePoolOrDropout) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(0)}, 2)),
            "layer 1 'dense0': the unit count must be 1 to 100000");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(100'001)}, 2)),
            "layer 1 'dense100001': the unit count must be 1 to 100000");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(0)}, 2)),
            "layer 1 'pool0': the pooling size must be 1 to 28");
  EXPECT_EQ(v2_problem(v2_header_section(1, 40, 40, {pool_record(29)}, 2)),
            "layer 1 'pool29': the pooling size must be 1 to 28");
  const auto dropout_problem = [&](float rate) {
    return v2_problem(v2_header_section(1, 4, 4, {dense_record(3), dropout_record(rate)}, 2));
  };
  EXPECT_EQ(dropout_problem(std::numeric_limits<float>::quiet_NaN()),
            "layer 2 'dropnan': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(1.5f), "layer 2 'drop1.5': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(1.0f), "layer 2 'drop1': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(0.0f), "layer 2 'drop0': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(-0.25f), "layer 2 'drop-0.25': the dropout rate must be above 0 and at most 0.95");
  EXPECT_EQ(dropout_problem(std::numeric_limits<float>::infinity()),
            "layer 2 'dropinf': the dropout rate must be above 0 and at most 0.95");
}

TEST_F(BadModelFileTest, Version2PoolThatDoesNotFitTheMap) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(2, 3), pool_record(5)}, 2)),
            "layer 2 'pool5': cannot pool a 4x4 map by 5");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 9, {pool_record(2), pool_record(2), pool_record(2)}, 2)),
            "layer 3 'pool2': cannot pool a 1x2 map by 2");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3), pool_record(2)}, 2)),
            "layer 2 'pool2': cannot pool a 1x1 map by 2 (it is a single value per channel)");
}

// Sizes that would need gigabytes fail from the header alone: the file holds no
// weights (P = 0), so nothing of the claimed size can have been allocated.
TEST_F(BadModelFileTest, Version2HugeLayersFailNamingTheLayer) {
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(0xFFFFFFFFu, 3)}, 2)),
            "layer 1 filters 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {conv_record(3, 0x80000000u)}, 2)),
            "layer 1 kernel size 2147483648 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(0xFFFFFFFFu)}, 2)),
            "layer 1 units 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {pool_record(0xFFFFFFFFu)}, 2)),
            "layer 1 pooling size 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {conv_record(1024, 15), conv_record(1024, 15)}, 10)),
            "the network would have over 50000000 parameters (reached at layer 2 'conv1024@15'): 244190218 in all, "
            "931.5 MB of weights and about 4.5 GB to train with Adam");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {dense_record(100'000)}, 10)),
            "the network would have over 50000000 parameters (reached at layer 1 'dense100000'): 79500010 in all, "
            "303.3 MB of weights and about 1.5 GB to train with Adam");
  EXPECT_EQ(v2_problem(v2_header_section(1, 64, 64, {conv_record(8, 3), conv_record(1024, 3)}, 10)),
            "layer 2 'conv1024@3': would produce 4194304 values per digit (at most 1048576)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 28, 28, {dense_record(60'000)}, 1000)),
            "the network would have over 50000000 parameters (reached at the output layer): 107101000 in all, "
            "408.6 MB of weights and about 2.0 GB to train with Adam");
}

TEST_F(BadModelFileTest, Version2BadInputShapeOrOutputCount) {
  const std::string range = " is out of range (height and width 1 to 4096, at most 4194304 values)";
  EXPECT_EQ(v2_problem(v2_header_section(4096, 4096, 4096, {dense_record(3)}, 2)),
            "input shape 4096x4096x4096" + range);
  EXPECT_EQ(v2_problem(v2_header_section(1, 4097, 1, {}, 2)), "input shape 1x4097x1" + range);
  EXPECT_EQ(v2_problem(v2_header_section(0, 28, 28, {}, 10)), "input shape 0x28x28" + range);
  EXPECT_EQ(v2_problem(v2_header_section(5'000'000, 1, 1, {}, 10)), "input shape 5000000x1x1" + range);
  EXPECT_EQ(v2_problem(v2_header_section(0x80000000u, 1, 1, {}, 10)), "input channels 2147483648 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 0xFFFFFFFFu, 1, {}, 10)), "input height 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 1, 0xFFFFFFFFu, {}, 10)), "input width 4294967295 is out of range");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 0)),
            "output count 0 is out of range (1 to 1000)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 1001)),
            "output count 1001 is out of range (1 to 1000)");
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, {dense_record(3)}, 0xFFFFFFFFu)),
            "output count 4294967295 is out of range");
}

TEST_F(BadModelFileTest, Version2TooManyLayers) {
  const std::vector<std::string> seventeen(17, dropout_record(0.5f));
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, seventeen, 2)),
            "layer count 17 exceeds the limit of 16 hidden layers");
  // Checked before any record is read: a count of 4 billion allocates nothing.
  EXPECT_EQ(v2_problem(le32(1) + le32(4) + le32(4) + le32(0xFFFFFFFFu)),
            "layer count 4294967295 exceeds the limit of 16 hidden layers");
  const std::vector<std::string> sixteen(16, dropout_record(0.5f));
  EXPECT_EQ(v2_problem(v2_header_section(1, 4, 4, sixteen, 2), (16 + 1) * 2), "<loaded without error>");
}

TEST_F(BadModelFileTest, Version2RecordsCutShortByTheHeaderSection) {
  const std::string start = le32(1) + le32(4) + le32(4) + le32(2);
  EXPECT_EQ(v2_problem(le32(1) + le32(4)), "truncated at input width inside the header section");
  EXPECT_EQ(v2_problem(start), "truncated at layer 1 kind inside the header section");
  EXPECT_EQ(v2_problem(start + le32(2) + le32(2)), "truncated at layer 1 kernel size inside the header section");
  EXPECT_EQ(v2_problem(start + conv_record(2, 3) + le32(4)),
            "truncated at layer 2 dropout rate inside the header section");
  EXPECT_EQ(v2_problem(start + conv_record(2, 3) + pool_record(2)),
            "truncated at output count inside the header section");
}

// ---- Bad information, either version ----

TEST_F(BadModelFileTest, HugeStringLengthWithAValidChecksum) {
  const std::string header = le32(3) + le32(2) + le32(3) + le32(2) + le32(0xFFFFFFF0u) + "tanh";
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "activation claims 4294967280 bytes but only 4 remain inside the header section");
  const std::string v2_header = v2_architecture(2, 1, 1, {dense_record(3)}, 2) + le32(0xFFFFFFF0u) + "tanh";
  EXPECT_EQ(v2_problem(v2_header, 17),
            "activation claims 4294967280 bytes but only 4 remain inside the header section");
}

TEST_F(BadModelFileTest, HugeHyperparameterCountWithAValidChecksum) {
  std::string header = v1_header_section();
  header.replace(header.size() - 4, 4, le32(0x7FFFFFFFu));
  EXPECT_EQ(problem_with(craft_file(1, header, 17, zero_weights(17))),
            "hyperparameter count 2147483647 does not fit in the 0 remaining bytes of the header section");
  header = v2_header_section(2, 1, 1, {dense_record(3)}, 2);
  header.replace(header.size() - 4, 4, le32(0x7FFFFFFFu));
  EXPECT_EQ(v2_problem(header, 17),
            "hyperparameter count 2147483647 does not fit in the 0 remaining bytes of the header section");
}

TEST_F(BadModelFileTest, HeaderSectionEndingEarlyOrLate) {
  for (const std::uint32_t version : {1u, 2u}) {
    const std::string header = version == 1 ? v1_header_section() : v2_header_section(2, 1, 1, {dense_record(3)}, 2);
    EXPECT_EQ(problem_with(craft_file(version, header, 17, zero_weights(17))), "<loaded without error>");
    EXPECT_EQ(problem_with(craft_file(version, header.substr(0, header.size() - 2), 17, zero_weights(17))),
              "truncated at hyperparameter count inside the header section")
        << "version " << version;
    EXPECT_EQ(problem_with(craft_file(version, header + "??", 17, zero_weights(17))),
              "header section has 2 unused bytes at its end")
        << "version " << version;
  }
}

TEST_F(BadModelFileTest, UnknownActivation) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section("swish"), 17, zero_weights(17))),
            "unknown activation 'swish' (expected tanh, relu or sigmoid)");
  const std::string v2_header = v2_architecture(2, 1, 1, {dense_record(3)}, 2) + text("gelu") + empty_info();
  EXPECT_EQ(v2_problem(v2_header, 17), "unknown activation 'gelu' (expected tanh, relu or sigmoid)");
}

TEST_F(BadModelFileTest, NegativeCount) {
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section("relu", -3), 17, zero_weights(17))),
            "train count is negative (-3)");
}

TEST_F(BadModelFileTest, NonFiniteWeights) {
  std::string weights = zero_weights(17);
  weights.replace(4 * 5, 4, f32(std::numeric_limits<float>::quiet_NaN()));
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 17, weights)), "weights contain NaN (parameter 5 of 17)");
  weights = zero_weights(17);
  weights.replace(4 * 16, 4, f32(-std::numeric_limits<float>::infinity()));
  EXPECT_EQ(problem_with(craft_file(1, v1_header_section(), 17, weights)),
            "weights contain infinity (parameter 16 of 17)");
  // In a convolution's slice too.
  std::string conv = golden_conv_bytes();
  const std::string conv_header = conv.substr(24, 153);
  std::string conv_weights = conv.substr(24 + 153, 4 * 55);
  conv_weights.replace(4 * 7, 4, f32(std::numeric_limits<float>::infinity()));
  EXPECT_EQ(problem_with(craft_file(2, conv_header, 55, conv_weights)),
            "weights contain infinity (parameter 7 of 55)");
}

TEST_F(BadModelFileTest, AFolderIsNotAModel) {
  EXPECT_EQ(load_error(folder_.string()), folder_.string() + ": is a folder, not a file");
}

// A 1 GB sparse file is refused from its first 24 bytes and its size, without
// being read: the process's peak memory stays far below the file's size (it
// used to read all of it, 1.05 GB, before refusing it).
TEST_F(BadModelFileTest, HugeFilesAreRefusedWithoutBeingRead) {
  constexpr off_t kGigabyte = off_t{1} << 30;
  // A valid model's header with a sparse gigabyte after it, and a gigabyte of zeros.
  write_bytes(bad_file_, good_);
  ASSERT_EQ(::truncate(bad_file_.c_str(), kGigabyte - 1), 0);
  const std::string zeros_file = path("zeros.dpm");
  write_bytes(zeros_file, "");
  ASSERT_EQ(::truncate(zeros_file.c_str(), kGigabyte - 1), 0);

  EXPECT_EQ(load_error(bad_file_),
            bad_file_ + ": " + std::to_string(kGigabyte - 1 - good_.size()) + " trailing bytes after the checksum");
  EXPECT_EQ(load_error(zeros_file), zeros_file + ": not a DigitPad model file (it does not begin with \"DIGITPAD\")");
  struct rusage usage {};
  ASSERT_EQ(::getrusage(RUSAGE_SELF, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, 200L * 1024) << "peak resident memory, KB: the file was read";
}

}  // namespace
}  // namespace digitpad
