// SPDX-License-Identifier: GPL-3.0-or-later
// Bounded resources and honest messages on any input, so that a hostile or
// mistaken file cannot exhaust the machine: iteration counts in 64 bits with a limit, IDX pairs compared before
// any bulk read and checked against a memory budget tied to the machine's RAM,
// networks too large refused up front with the size they would need, file
// bytes escaped in messages, and divergence advice that matches its cause.

#include "core/data/idx_file.h"
#include "core/io/gzip.h"
#include "core/io/model_file.h"
#include "core/nn/architecture.h"
#include "core/nn/limits.h"
#include "core/nn/network.h"
#include "core/nn/trainer.h"
#include "core/util/error.h"
#include "core/util/memory_budget.h"
#include "core/util/parallel_for.h"
#include "core/nn/layer_spec.h"
#include "core/util/printable.h"

#include "temp_folder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <functional>
#include <optional>
#include <random>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace digitpad {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

Dataset blank_digits(int count) {
  Dataset data;
  data.images = Eigen::MatrixXf::Zero(kImagePixels, count);
  data.labels.assign(static_cast<std::size_t>(count), 0);
  for (int i = 0; i < count; ++i) data.labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 10);
  return data;
}

// ---- Iterations (failure 3) ---------------------------------------------------

TEST(IterationLimit, CountsIn64BitsAndRefusesMoreThanTheLimitBeforeTraining) {
  TrainingSettings settings;
  settings.epochs = 3'000'000;
  settings.batch_size = 1;
  EXPECT_EQ(settings.total_iterations(60'000), std::int64_t{180'000'000'000});
  EXPECT_EQ(settings.total_iterations(1000), std::int64_t{3'000'000'000});

  // --epochs 3000000 --batch-size 1 computed a negative count, trained
  // nothing and reported success.
  Network network(Architecture::mlp(kImagePixels, {4}, kClassCount), 0.1f, 1);
  const Eigen::VectorXf before = network.parameters();
  const std::string message = error_of([&] { train(network, blank_digits(1000), Dataset(), settings); });
  EXPECT_NE(message.find("3000000000 iterations, more than a run may make (1000000000)"), std::string::npos)
      << message;
  EXPECT_EQ(network.parameters(), before);

  settings.epochs = 1000;  // 1,000,000 iterations: allowed
  EXPECT_LE(settings.total_iterations(1000), limits::kMaxIterations);
}

// ---- Networks too large (failure 7) -------------------------------------------

TEST(NetworkSize, A480MillionParameterNetworkIsRefusedWithTheSizeItWouldNeed) {
  Architecture architecture = Architecture::mlp(kImagePixels, {100'000, 4'000}, kClassCount);
  const std::string message = error_of([&] { architecture.validate(); });
  // 785 * 100,000 + 100,001 * 4,000 + 4,001 * 10 parameters.
  EXPECT_EQ(message,
            "the network would have over 50000000 parameters (reached at layer 1 'dense100000'): 478544010 in all, "
            "1.8 GB of weights and about 8.9 GB to train with Adam");
}

TEST(NetworkSize, TrainingBeyondTheMemoryBudgetIsRefusedBeforeAnyWork) {
  const ScopedEnv budget("DIGITPAD_MEMORY_BUDGET_MB", "16");
  EXPECT_EQ(memory_budget_bytes(), std::uint64_t{16} << 20);
  Network network(Architecture::mlp(kImagePixels, {2000}, kClassCount), 0.1f, 1);
  TrainingSettings settings;
  settings.optimizer.kind = OptimizerKind::Adam;
  settings.iterations = 1;
  const Eigen::VectorXf before = network.parameters();
  const std::string message = error_of([&] { train(network, blank_digits(500), Dataset(), settings); });
  EXPECT_NE(message.find("would need"), std::string::npos) << message;
  EXPECT_NE(message.find("set by DIGITPAD_MEMORY_BUDGET_MB"), std::string::npos) << message;
  EXPECT_EQ(network.parameters(), before);
}

// conv1024@1,conv1@15 was accepted and reached 4.3 GB: one digit of its second
// layer unrolls to 784 x 230400 floats (0.7 GB), and so does the gradient of
// that, in every thread. The estimate now counts them, and the budget refuses
// the run before any work.
TEST(NetworkSize, ConvolutionWorkBuffersCountTowardsTheBudget) {
  Architecture architecture;
  architecture.layers = parse_layer_list("conv1024@1,conv1@15");
  TrainingSettings settings;
  settings.batch_size = 32;
  const std::uint64_t unrolled_digit_bytes = std::uint64_t{784} * 1024 * 15 * 15 * sizeof(float);
  EXPECT_GE(training_memory_bytes(architecture, settings, 1000),
            static_cast<std::uint64_t>(parallel_part_count()) * 2 * unrolled_digit_bytes);

  const ScopedEnv budget("DIGITPAD_MEMORY_BUDGET_MB", "1024");
  Network network(architecture, 0.1f, 1);
  const Eigen::VectorXf before = network.parameters();
  const std::string message = error_of([&] { train(network, blank_digits(100), Dataset(), settings); });
  EXPECT_NE(message.find("would need"), std::string::npos) << message;
  EXPECT_EQ(network.parameters(), before);
}

TEST(MemoryBudget, IsHalfTheMachinesRamAndFormatsSizes) {
  ::unsetenv("DIGITPAD_MEMORY_BUDGET_MB");
  EXPECT_EQ(memory_budget_bytes(), physical_memory_bytes() / 2);
  EXPECT_GT(physical_memory_bytes(), std::uint64_t{256} << 20);
  EXPECT_EQ(format_bytes(512), "512 bytes");
  EXPECT_EQ(format_bytes(1536), "1.5 KB");
  EXPECT_EQ(format_bytes(std::uint64_t{5} << 30), "5.0 GB");
  const std::string message = error_of([] { check_memory_budget(physical_memory_bytes(), "this set"); });
  EXPECT_NE(message.find("this set would need"), std::string::npos) << message;
  EXPECT_NE(message.find("half of its"), std::string::npos) << message;
}

// ---- Divergence advice (failure 7) --------------------------------------------

TEST(DivergenceAdvice, HugeStartingWeightsAreBlamedNotTheLearningRate) {
  // --init-scale 1e300 (then infinity as a float) advised "lower the learning
  // rate" and claimed good weights were kept.
  Dataset digits = blank_digits(50);
  digits.images.setConstant(0.5f);
  TrainingSettings settings;
  settings.iterations = 5;
  {
    Network network(Architecture::mlp(kImagePixels, {16}, kClassCount), std::numeric_limits<float>::infinity(), 1);
    const std::string message = error_of([&] { train(network, digits, Dataset(), settings); });
    EXPECT_NE(message.find("starting weights are not all finite"), std::string::npos) << message;
    EXPECT_NE(message.find("initial weight scale"), std::string::npos) << message;
  }
}

TEST(DivergenceAdvice, ALaterOverflowKeepsTheWeightsBeforeIt) {
  // Weight decay times learning rate of 1000: every update multiplies the
  // weights by -999, so they overflow within a few iterations. The weights
  // kept are finite, and the advice is about the learning rate.
  Dataset digits = blank_digits(50);
  digits.images.setConstant(0.5f);
  Network network(Architecture::mlp(kImagePixels, {16}, kClassCount), 0.1f, 1);
  TrainingSettings settings;
  settings.iterations = 200;
  settings.optimizer.learning_rate = 1.0f;
  settings.optimizer.weight_decay = 1000.0f;
  const TrainingResult result = train(network, digits, Dataset(), settings);
  ASSERT_EQ(result.status, TrainingStatus::Diverged);
  EXPECT_TRUE(network.parameters().allFinite());
  EXPECT_NE(result.message.find("lower the learning rate"), std::string::npos) << result.message;
  EXPECT_GT(result.iterations, 0);
  EXPECT_LT(result.iterations, 30);
}

TEST(DivergenceAdvice, NonFiniteInputsAreRefusedUpFront) {
  Network network(Architecture::mlp(kImagePixels, {4}, kClassCount), 0.1f, 1);
  Dataset digits = blank_digits(10);
  digits.images(3, 4) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(error_of([&] { train(network, digits, Dataset(), TrainingSettings()); }),
            "training images hold NaN or infinite values");
}

// ---- IDX pairs: counts first, memory budget (failure 5) -----------------------

class IdxBudgetTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string be32(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
  }
  // A valid gzip file of an IDX header and `body_bytes` zero bytes, about
  // 1 KB per MB: gzip members one after another (RFC 1952), each a
  // compressed MiB of zeros, so nothing large is ever in memory here.
  static std::string zero_idx_gz(const std::string& header, std::uint64_t body_bytes) {
    const std::uint64_t mib = std::uint64_t{1} << 20;
    const std::string zeros_member = gzip_compress(std::string(mib, '\0'));
    std::string out = gzip_compress(header);
    for (std::uint64_t left = body_bytes; left > 0;) {
      if (left >= mib) {
        out += zeros_member;
        left -= mib;
      } else {
        out += gzip_compress(std::string(left, '\0'));
        left = 0;
      }
    }
    return out;
  }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
  }

  // The peak resident memory of a child process running `action`, in MB; the
  // child exits 0 when `action` threw Error with `expected` in its message.
  static long child_peak_mb(const std::function<void()>& action, const std::string& expected, bool& as_expected) {
    const pid_t child = ::fork();
    if (child == 0) {
      int code = 1;
      try {
        action();
      } catch (const Error& error) {
        const std::string message = error.what();
        code = message.find(expected) != std::string::npos ? 0 : 2;
        if (code != 0) std::fprintf(stderr, "unexpected message: %s\n", message.c_str());
      } catch (...) {
        code = 3;
      }
      ::_exit(code);
    }
    int status = 0;
    rusage usage{};
    ::wait4(child, &status, 0, &usage);
    as_expected = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return usage.ru_maxrss / 1024;  // kilobytes on Linux
  }

  static long own_rss_mb() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
  }

  test::TempFolder scratch_{"digitpad-limits"};
  const fs::path dir_ = scratch_.path();
};

// A hostile file once seen: 1 MB of gzip whose header claims 1,369,568 images (all
// that fits 1 GiB) took 5 GB before the label count was compared.
TEST_F(IdxBudgetTest, MismatchedCountsFailBeforeAnyBulkRead) {
  constexpr std::uint32_t kClaimed = 1'369'568;
  write("images.gz",
        zero_idx_gz(be32(0x803) + be32(kClaimed) + be32(28) + be32(28), std::uint64_t{kClaimed} * kImagePixels));
  write("labels", be32(0x801) + be32(5) + std::string(5, '\0'));
  EXPECT_LT(fs::file_size(path("images.gz")), 2u << 20);
  bool as_expected = false;
  const long peak =
      child_peak_mb([&] { read_idx_pair(path("images.gz"), path("labels")); }, "1369568 images but", as_expected);
  EXPECT_TRUE(as_expected);
  std::printf("[ figures  ] peak memory reading the 1 MB gzip claiming %u images: %ld MB (this process: %ld MB)\n",
              kClaimed, peak, own_rss_mb());
  EXPECT_LT(peak, own_rss_mb() + 100);
}

TEST_F(IdxBudgetTest, ImagesBeyondTheMemoryBudgetAreRefusedFromTheHeader) {
  constexpr std::uint32_t kClaimed = 1'369'568;
  write("images.gz",
        zero_idx_gz(be32(0x803) + be32(kClaimed) + be32(28) + be32(28), std::uint64_t{kClaimed} * kImagePixels));
  write("labels.gz", zero_idx_gz(be32(0x801) + be32(kClaimed), kClaimed));
  const ScopedEnv budget("DIGITPAD_MEMORY_BUDGET_MB", "512");
  bool as_expected = false;
  const long peak = child_peak_mb([&] { read_idx_pair(path("images.gz"), path("labels.gz")); },
                                  "1369568 images would need 5.0 GB of memory", as_expected);
  EXPECT_TRUE(as_expected);
  EXPECT_LT(peak, own_rss_mb() + 100);
  // Alone, too.
  bool alone = false;
  child_peak_mb([&] { read_idx_images(path("images.gz")); }, "would need 5.0 GB", alone);
  EXPECT_TRUE(alone);
}

// ---- Messages show file bytes escaped (failure 7) ------------------------------

TEST(Printable, EscapesControlBytesAndKeepsLetters) {
  EXPECT_EQ(printable("tanh"), "tanh");
  EXPECT_EQ(printable("a\nb\r\tc"), "a\\nb\\r\\tc");
  EXPECT_EQ(printable("\x1b[2J\x07"), "\\x1b[2J\\x07");
  EXPECT_EQ(printable("back\\slash"), "back\\\\slash");
  EXPECT_EQ(printable("zw\xc3\xb6lf \xe2\x82\xac"), "zw\xc3\xb6lf \xe2\x82\xac");  // UTF-8 letters stay
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m"),
            "\\xc2\\x9b31m");                                 // a C1 escape does not
  EXPECT_EQ(printable("\xff\xc3"), "\\xff\\xc3");             // not UTF-8
  EXPECT_EQ(printable(std::string(1000, 'x')).size(), 203u);  // cut, with "..."
  EXPECT_EQ(one_line("C:\\models\\a.dpm: bad\nline"), "C:\\models\\a.dpm: bad\\nline");
}

std::string le32(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFFu);
  return out;
}
std::string text(const std::string& value) { return le32(static_cast<std::uint32_t>(value.size())) + value; }

TEST(Printable, AModelFilesActivationIsShownEscaped) {
  // Version 1, widths {2, 3, 2}, then an activation of terminal escapes.
  const std::string header = le32(3) + le32(2) + le32(3) + le32(2) + text("\x1b[2J\x1b]0;owned\x07\nrelu") +
                             text("") + text("") + le32(0) + le32(0) + le32(0) + le32(0) + le32(0) + le32(0) +
                             text("") + le32(0);
  std::string body = "DIGITPAD" + le32(1) + le32(static_cast<std::uint32_t>(header.size())) + le32(17) + le32(0) +
                     header + std::string(17 * 4, '\0');
  // The file's CRC-32 (zlib's, the format's) of everything before it.
  const std::string compressed = gzip_compress(body);  // gzip's trailer holds the same CRC-32
  const std::string trailer_crc = compressed.substr(compressed.size() - 8, 4);
  body += trailer_crc;
  const std::string message = error_of([&] { parse_model(body, "evil.dpm"); });
  EXPECT_NE(message.find("unknown activation '\\x1b[2J\\x1b]0;owned\\x07\\nrelu'"), std::string::npos) << message;
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace digitpad
