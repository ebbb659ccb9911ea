// SPDX-License-Identifier: GPL-3.0-or-later
// IDX reading and writing (and the gzip layer under it): round trips through our
// writer, hand-built files byte by byte, every malformed-file case with its
// message, allocation bounds for hostile headers, and the real MNIST test set.

#include "core/data/idx_file.h"
#include "core/io/gzip.h"
#include "core/util/error.h"

#include "test_paths.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <string>

// Every operator new in this test binary records its size, so a test can prove
// that a lying header never turns into a huge allocation.
namespace {
std::atomic<std::size_t> largest_allocation{0};

void note_allocation(std::size_t size) {
  std::size_t seen = largest_allocation.load();
  while (size > seen && !largest_allocation.compare_exchange_weak(seen, size)) {
  }
}
}  // namespace

// noinline: once inlined, GCC sees free() on memory from operator new and warns
// (-Wmismatched-new-delete), although the pair is consistent by construction.
[[gnu::noinline]] void* operator new(std::size_t size) {
  note_allocation(size);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace digitpad {
namespace {

namespace fs = std::filesystem;

class IdxFileTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write_bytes(const std::string& name, const std::string& bytes) const {
    std::ofstream out(path(name), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path(name);
  }

  test::TempFolder scratch_{"digitpad-idx"};
  const fs::path dir_ = scratch_.path();
};

void append_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

std::string images_header(std::uint32_t count, std::uint32_t rows = 28, std::uint32_t cols = 28) {
  std::string h;
  append_be32(h, 0x00000803);
  append_be32(h, count);
  append_be32(h, rows);
  append_be32(h, cols);
  return h;
}

std::string labels_header(std::uint32_t count) {
  std::string h;
  append_be32(h, 0x00000801);
  append_be32(h, count);
  return h;
}

// `count` images whose pixel p of image i is (i * 31 + p) % 256.
std::string image_body(int count) {
  std::string body;
  for (int i = 0; i < count; ++i)
    for (int p = 0; p < kImagePixels; ++p) body.push_back(static_cast<char>((i * 31 + p) % 256));
  return body;
}

// Runs `action`, expects an Error, and checks that its message names the file
// and the problem.
template <typename Action>
void expect_error(Action action, const std::string& file, const std::string& problem) {
  try {
    action();
    ADD_FAILURE() << "no error; expected one about \"" << problem << "\"";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "message must be one line: " << message;
  }
}

Dataset small_dataset() {
  Dataset data;
  data.images.resize(kImagePixels, 3);
  for (int i = 0; i < 3; ++i)
    for (int p = 0; p < kImagePixels; ++p) data.images(p, i) = static_cast<float>((p * 7 + i * 13) % 256) / 255.0f;
  data.labels = {7, 0, 9};
  return data;
}

// --- gzip --------------------------------------------------------------------

TEST(Gzip, RoundTripIncludingEmptyAndBinary) {
  std::string binary;
  // Unsigned: i * i passes INT_MAX from i = 46341 on (UBSan's signed overflow).
  for (unsigned i = 0; i < 100000; ++i) binary.push_back(static_cast<char>((i * i) % 251));
  for (const std::string& original : {std::string(), std::string("hello"), binary}) {
    const std::string packed = gzip_compress(original);
    ASSERT_GE(packed.size(), 18u);  // a gzip header and trailer at least
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
    EXPECT_EQ(gzip_decompress(packed, original.size() + 1, "x.gz"), original);
  }
}

TEST(Gzip, ConcatenatedMembersAreOneStream) {
  const std::string both = gzip_compress("first ") + gzip_compress("second");
  EXPECT_EQ(gzip_decompress(both, 100, "two.gz"), "first second");
}

TEST(Gzip, RefusesToExpandBeyondTheCap) {
  const std::string packed = gzip_compress(std::string(10000, 'a'));
  EXPECT_EQ(gzip_decompress(packed, 10000, "a.gz").size(), 10000u);
  expect_error([&] { gzip_decompress(packed, 9999, "a.gz"); }, "a.gz", "more than 9999 bytes");
}

TEST(Gzip, TruncatedAndDamagedStreamsAreCorrupt) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += std::to_string(i * 7919 % 10007) + ",";
  const std::string packed = gzip_compress(text);
  expect_error([&] { gzip_decompress(packed.substr(0, packed.size() / 2), 1 << 20, "cut.gz"); }, "cut.gz",
               "corrupt gzip data (truncated");
  expect_error([&] { gzip_decompress(packed.substr(0, packed.size() - 4), 1 << 20, "cut.gz"); }, "cut.gz",
               "corrupt gzip data");
  std::string damaged = packed;
  for (std::size_t i = 100; i < 140; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
  expect_error([&] { gzip_decompress(damaged, 1 << 20, "bad.gz"); }, "bad.gz", "corrupt gzip data");
  expect_error([&] { gzip_decompress("plain text, not gzip", 1 << 20, "plain.gz"); }, "plain.gz",
               "corrupt gzip data");
  expect_error([&] { gzip_decompress("", 1 << 20, "empty.gz"); }, "empty.gz", "corrupt gzip data");
}

TEST(Gzip, ExtensionCheck) {
  EXPECT_TRUE(has_gzip_extension("a/train-images-idx3-ubyte.gz"));
  EXPECT_FALSE(has_gzip_extension("train-images-idx3-ubyte"));
  EXPECT_FALSE(has_gzip_extension("archive.tgz"));
  EXPECT_FALSE(has_gzip_extension("gz"));
}

// --- good files --------------------------------------------------------------

TEST_F(IdxFileTest, HandBuiltRawFilesAreReadExactly) {
  const std::string images = write_bytes("img", images_header(2) + image_body(2));
  const std::string labels = write_bytes("lbl", labels_header(2) + std::string("\x07\x02", 2));
  const Dataset data = read_idx_pair(images, labels);
  ASSERT_EQ(data.count(), 2);
  ASSERT_EQ(data.images.rows(), kImagePixels);
  ASSERT_EQ(data.images.cols(), 2);
  EXPECT_EQ(data.labels, (std::vector<std::uint8_t>{7, 2}));
  EXPECT_EQ(data.source, images);
  // Pixel (row 3, col 5) of image 1 is byte 1*784 + 89 of the body: (31 + 89) % 256 = 120.
  EXPECT_FLOAT_EQ(data.images(3 * 28 + 5, 1), 120.0f / 255.0f);
  EXPECT_FLOAT_EQ(data.images(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(data.images(255, 0), 1.0f);
  for (int i = 0; i < 2; ++i)
    for (int p = 0; p < kImagePixels; ++p)
      ASSERT_FLOAT_EQ(data.images(p, i), static_cast<float>((i * 31 + p) % 256) / 255.0f);
}

TEST_F(IdxFileTest, HandBuiltGzipFilesAreReadExactly) {
  const std::string images = write_bytes("img.gz", gzip_compress(images_header(2) + image_body(2)));
  const std::string labels = write_bytes("lbl.gz", gzip_compress(labels_header(2) + std::string("\x00\x09", 2)));
  const Dataset data = read_idx_pair(images, labels);
  EXPECT_EQ(data.labels, (std::vector<std::uint8_t>{0, 9}));
  EXPECT_FLOAT_EQ(data.images(3 * 28 + 5, 1), 120.0f / 255.0f);
}

TEST_F(IdxFileTest, ZeroItemsIsAValidEmptySet) {
  const Dataset data = read_idx_pair(write_bytes("img", images_header(0)), write_bytes("lbl", labels_header(0)));
  EXPECT_TRUE(data.empty());
  EXPECT_EQ(data.images.rows(), kImagePixels);
  EXPECT_EQ(data.images.cols(), 0);
}

TEST_F(IdxFileTest, GzipIsRecognisedByContentWhateverTheName) {
  // A browser may unpack a download but keep ".gz", or a user may drop the suffix.
  const std::string raw_named_gz = write_bytes("raw.gz", labels_header(1) + std::string("\x05", 1));
  EXPECT_EQ(read_idx_labels(raw_named_gz), (std::vector<std::uint8_t>{5}));
  const std::string gz_named_raw = write_bytes("packed", gzip_compress(labels_header(1) + std::string("\x06", 1)));
  EXPECT_EQ(read_idx_labels(gz_named_raw), (std::vector<std::uint8_t>{6}));
}

TEST_F(IdxFileTest, WriterRoundTripRawAndGzip) {
  const Dataset original = small_dataset();
  for (const std::string suffix : {"", ".gz"}) {
    const std::string images = path("images" + suffix);
    const std::string labels = path("labels" + suffix);
    write_idx_pair(images, labels, original);
    const Dataset back = read_idx_pair(images, labels);
    EXPECT_EQ(back.labels, original.labels);
    ASSERT_EQ(back.images.cols(), 3);
    EXPECT_EQ(back.images, original.images) << "values that are exact bytes must survive unchanged";
  }
}

TEST_F(IdxFileTest, WriterProducesTheStandardBytes) {
  write_idx_labels(path("lbl"), {3, 1, 4});
  std::ifstream in(path("lbl"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes, labels_header(3) + std::string("\x03\x01\x04", 3));

  write_idx_labels(path("lbl.gz"), {3, 1, 4});
  std::ifstream gz(path("lbl.gz"), std::ios::binary);
  const std::string packed((std::istreambuf_iterator<char>(gz)), std::istreambuf_iterator<char>());
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // really gzip, readable by `gunzip`
  EXPECT_EQ(gzip_decompress(packed, 100, "lbl.gz"), bytes);

  Eigen::MatrixXf one = Eigen::MatrixXf::Zero(kImagePixels, 1);
  write_idx_images(path("img"), one);
  EXPECT_EQ(fs::file_size(path("img")), 16u + 784u);
}

TEST_F(IdxFileTest, WriterClampsAndRoundsPixels) {
  Eigen::MatrixXf images = Eigen::MatrixXf::Zero(kImagePixels, 1);
  images(0, 0) = 1.7f;
  images(1, 0) = -0.3f;
  images(2, 0) = std::nanf("");
  images(3, 0) = 0.5f;    // 127.5 rounds to 128
  images(4, 0) = 0.499f;  // 127.245 rounds to 127
  write_idx_images(path("img.gz"), images);
  const Eigen::MatrixXf back = read_idx_images(path("img.gz"));
  EXPECT_FLOAT_EQ(back(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(back(1, 0), 0.0f);
  EXPECT_FLOAT_EQ(back(2, 0), 0.0f);
  EXPECT_FLOAT_EQ(back(3, 0), 128.0f / 255.0f);
  EXPECT_FLOAT_EQ(back(4, 0), 127.0f / 255.0f);
}

TEST_F(IdxFileTest, WriterRefusesWhatTheReaderWouldRefuse) {
  expect_error(
      [&] {
        write_idx_labels(path("lbl"), {1, 11});
      },
      path("lbl"), "label 11 at index 1 is neither a digit 0-9 nor 10 (not a digit)");
  expect_error([&] { write_idx_images(path("img"), Eigen::MatrixXf::Zero(100, 2)); }, path("img"),
               "100 pixels, expected 784");
  Dataset mismatched = small_dataset();
  mismatched.labels.pop_back();
  expect_error([&] { write_idx_pair(path("img"), path("lbl"), mismatched); }, path("img"), "3 images but 2 labels");
  EXPECT_FALSE(fs::exists(path("lbl")));
  EXPECT_FALSE(fs::exists(path("img")));
}

// --- bad files ---------------------------------------------------------------

TEST_F(IdxFileTest, MissingFile) {
  expect_error([&] { read_idx_images(path("nope.gz")); }, path("nope.gz"), "no such file");
}

TEST_F(IdxFileTest, SwappedFilesAreDetectedWithAHint) {
  const std::string labels = write_bytes("lbl", labels_header(1) + std::string("\x01", 1));
  const std::string images = write_bytes("img.gz", gzip_compress(images_header(1) + image_body(1)));
  expect_error(
      [&] { read_idx_images(labels); }, labels,
      "magic 0x00000801 = IDX labels, expected 0x00000803 = IDX images; are the images and labels files swapped?");
  expect_error([&] { read_idx_labels(images); }, images, "expected 0x00000801 = IDX labels; are the images");
  expect_error([&] { read_idx_pair(labels, images); }, "", "swapped");
}

TEST_F(IdxFileTest, ForeignMagic) {
  const std::string png = write_bytes("digit.png", std::string("\x89PNG\r\n\x1a\n....more....", 20));
  expect_error([&] { read_idx_images(png); }, png, "not an IDX images file (magic 0x89504E47, expected 0x00000803");
  const std::string text = write_bytes("labels.gz", "this is not gzip at all");
  expect_error([&] { read_idx_labels(text); }, text, "not gzip data");
}

TEST_F(IdxFileTest, TruncatedHeader) {
  const std::string images = write_bytes("img", images_header(5).substr(0, 10));
  expect_error([&] { read_idx_images(images); }, images,
               "truncated header (10 bytes, an IDX images header needs 16)");
  const std::string tiny = write_bytes("lbl", std::string("\x00\x00", 2));
  expect_error([&] { read_idx_labels(tiny); }, tiny, "truncated header (2 bytes");
  const std::string gz = write_bytes("lbl.gz", gzip_compress(labels_header(5).substr(0, 6)));
  expect_error([&] { read_idx_labels(gz); }, gz, "truncated header (6 bytes, an IDX labels header needs 8)");
}

TEST_F(IdxFileTest, WrongImageSize) {
  const std::string raw = write_bytes("img", images_header(1, 32, 32) + std::string(32 * 32, '\0'));
  expect_error([&] { read_idx_images(raw); }, raw, "images are 32x32, expected 28x28");
  const std::string gz = write_bytes("img.gz", gzip_compress(images_header(1, 28, 20) + std::string(28 * 20, '\0')));
  expect_error([&] { read_idx_images(gz); }, gz, "images are 28x20, expected 28x28");
}

TEST_F(IdxFileTest, TruncatedBody) {
  const std::string body = image_body(3).substr(0, 2 * 784 + 400);
  const std::string raw = write_bytes("img", images_header(3) + body);
  expect_error([&] { read_idx_images(raw); }, raw, "truncated: header says 3 images, file holds 2");
  const std::string gz = write_bytes("img.gz", gzip_compress(images_header(3) + body));
  expect_error([&] { read_idx_images(gz); }, gz, "truncated: header says 3 images, file holds 2");
  const std::string labels = write_bytes("lbl", labels_header(10000) + std::string(9876, '\x01'));
  expect_error([&] { read_idx_labels(labels); }, labels, "truncated: header says 10000 labels, file holds 9876");
}

TEST_F(IdxFileTest, TrailingBytesAreAnError) {
  // Extra bytes mean the header's count is wrong, so nothing after it can be trusted.
  const std::string raw = write_bytes("img", images_header(2) + image_body(2) + "extra");
  expect_error([&] { read_idx_images(raw); }, raw, "5 unexpected bytes after the 2 images the header announces");
  const std::string gz = write_bytes("lbl.gz", gzip_compress(labels_header(2) + std::string("\x01\x02\x03", 3)));
  expect_error([&] { read_idx_labels(gz); }, gz, "1 unexpected byte after the 2 labels");
}

TEST_F(IdxFileTest, LabelOutOfRange) {
  std::string values(400, '\x03');
  values[345] = 12;
  const std::string labels = write_bytes("lbl", labels_header(400) + values);
  expect_error([&] { read_idx_labels(labels); }, labels,
               "label 12 at index 345 is neither a digit 0-9 nor 10 (not a digit)");
}

TEST_F(IdxFileTest, PairCountMismatch) {
  const std::string images = write_bytes("img", images_header(3) + image_body(3));
  const std::string labels = write_bytes("lbl", labels_header(2) + std::string("\x01\x02", 2));
  expect_error([&] { read_idx_pair(images, labels); }, images, images + ": 3 images but " + labels + ": 2 labels");
}

TEST_F(IdxFileTest, CorruptGzipBody) {
  std::string packed = gzip_compress(images_header(20) + image_body(20));
  const std::string cut = write_bytes("cut.gz", packed.substr(0, packed.size() * 2 / 3));
  expect_error([&] { read_idx_images(cut); }, cut, "corrupt gzip data");
  for (std::size_t i = packed.size() / 2; i < packed.size() / 2 + 16; ++i) packed[i] = static_cast<char>(~packed[i]);
  const std::string damaged = write_bytes("damaged.gz", packed);
  expect_error([&] { read_idx_images(damaged); }, damaged, "corrupt gzip data");
}

TEST_F(IdxFileTest, AbsurdCountFailsFastWithoutAllocating) {
  // 4 billion images would be 3.4 TB; the header alone must be refused.
  const std::string raw = write_bytes("img", images_header(0xFFFFFFFFu) + image_body(1));
  const std::string gz = write_bytes("img.gz", gzip_compress(images_header(0xFFFFFFFFu) + image_body(1)));
  const std::string labels = write_bytes("lbl.gz", gzip_compress(labels_header(0xFFFFFFFFu) + "\x01"));
  largest_allocation = 0;
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { read_idx_images(raw); }, raw, "header says 4294967295 images, more than this reader accepts");
  expect_error([&] { read_idx_images(gz); }, gz, "header says 4294967295 images, more than this reader accepts");
  expect_error([&] { read_idx_labels(labels); }, labels, "header says 4294967295 labels");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_LT(largest_allocation.load(), std::size_t{1} << 20);
}

TEST_F(IdxFileTest, PlausibleButFalseCountIsCheckedAgainstRealSize) {
  // A million images (784 MB) is within limits, but this file holds one: the
  // reader must notice from the real size, never by allocating for a million.
  const std::string raw = write_bytes("img", images_header(1000000) + image_body(1));
  const std::string gz = write_bytes("img.gz", gzip_compress(images_header(1000000) + image_body(1)));
  largest_allocation = 0;
  expect_error([&] { read_idx_images(raw); }, raw, "truncated: header says 1000000 images, file holds 1");
  expect_error([&] { read_idx_images(gz); }, gz, "truncated: header says 1000000 images, file holds 1");
  EXPECT_LT(largest_allocation.load(), std::size_t{1} << 20);
}

TEST_F(IdxFileTest, GzipBombIsStoppedAtTheHeadersSize) {
  // An honest header for 2 images followed by 32 MB of zeros (a 32 KB file).
  const std::string bomb = write_bytes("bomb.gz", gzip_compress(images_header(2) + std::string(32 << 20, '\0')));
  ASSERT_LT(fs::file_size(bomb), 100u * 1024u);
  largest_allocation = 0;
  expect_error([&] { read_idx_images(bomb); }, bomb, "gzip data expands to more than");
  EXPECT_LT(largest_allocation.load(), std::size_t{1} << 20);
}

// --- real data ---------------------------------------------------------------

TEST(IdxRealMnist, TestSetReadsAsExpected) {
  const std::string dir = DIGITPAD_MNIST_DIR;
  const std::string images = dir + "/t10k-images-idx3-ubyte.gz";
  const std::string labels = dir + "/t10k-labels-idx1-ubyte.gz";
  if (!fs::exists(images) || !fs::exists(labels)) GTEST_SKIP() << "real MNIST not found in " << dir;

  const Dataset data = read_idx_pair(images, labels);
  ASSERT_EQ(data.count(), 10000);
  ASSERT_EQ(data.images.rows(), kImagePixels);
  ASSERT_EQ(data.images.cols(), 10000);
  EXPECT_EQ(data.labels[0], 7);  // the famous first test digit
  EXPECT_EQ(data.labels[1], 2);
  EXPECT_EQ(data.labels[2], 1);
  // (Comparisons rather than minCoeff/maxCoeff, which trip a GCC 12 false
  // -Wmaybe-uninitialized in its AVX-512 intrinsics under -march=native.)
  EXPECT_TRUE((data.images.array() >= 0.0f).all());
  EXPECT_TRUE((data.images.array() <= 1.0f).all());
  EXPECT_TRUE((data.images.array() == 1.0f).any()) << "full-ink pixels expected";
  EXPECT_TRUE((data.images.array() == 0.0f).any());
  EXPECT_NEAR(data.images.mean(), 0.1325, 0.001);  // MNIST's published test-set mean
  std::vector<int> per_class(kClassCount, 0);
  for (std::uint8_t label : data.labels) ++per_class.at(label);
  EXPECT_EQ(per_class[0], 980);
  EXPECT_EQ(per_class[1], 1135);
  EXPECT_EQ(per_class[9], 1009);
  // MNIST frames have a blank border: the corner pixel is background everywhere.
  EXPECT_TRUE((data.images.row(0).array() == 0.0f).all());
}

}  // namespace
}  // namespace digitpad
