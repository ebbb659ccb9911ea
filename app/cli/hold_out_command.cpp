// SPDX-License-Identifier: GPL-3.0-or-later
// digitpad-cli hold-out: splits one IDX pair into an MNIST-layout folder whose
// t10k pair is a fixed, seeded tenth of the digits. Set-up passes every data
// set it makes through it, so the shipped model (trained on the train pairs
// only), a run in the app and `eval --data DIR` all measure on digits that no
// model made from that folder has trained on, and can be compared fairly.

#include "commands.h"
#include "option_checks.h"

#include "core/data/dataset.h"
#include "core/data/idx_file.h"
#include "core/data/training_data.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace digitpad::cli {
namespace {

struct HoldOutOptions {
  std::string images, labels, out;
  std::uint64_t seed = 0;
};

int run_hold_out(const HoldOutOptions& options) {
  const Dataset all = read_idx_pair(options.images, options.labels);
  if (all.count() < 2)
    throw Error(options.images + ": holds " + std::to_string(all.count()) +
                " digits; at least 2 are needed to hold some out");
  // The same tenth a whole-set run would hold out (data/training_data.h).
  const int test_count = whole_set_test_count(all.count());
  const TrainTestSplit split = split_disjoint(all, all.count() - test_count, test_count, options.seed);

  std::error_code ec;
  std::filesystem::create_directories(options.out, ec);
  if (ec) throw Error(options.out + ": cannot create the folder (" + ec.message() + ")");
  const std::filesystem::path folder(options.out);
  write_idx_pair((folder / "t10k-images-idx3-ubyte.gz").string(), (folder / "t10k-labels-idx1-ubyte.gz").string(),
                 split.test);
  write_idx_pair((folder / "train-images-idx3-ubyte.gz").string(), (folder / "train-labels-idx1-ubyte.gz").string(),
                 split.train);
  std::printf("%s: %d digits for training, %d held out (seed %llu)\n", options.out.c_str(), split.train.count(),
              split.test.count(), static_cast<unsigned long long>(options.seed));
  return kExitOk;
}

}  // namespace

CommandRun configure_hold_out(CLI::App& command) {
  auto options = std::make_shared<HoldOutOptions>();
  command.footer(
      "Writes DIR/train-{images,labels}-* with nine tenths of the digits and DIR/t10k-* with\n"
      "the other tenth, picked by a seeded shuffle (the same seed always holds out the same\n"
      "digits). `train --data DIR`, `eval --data DIR` and the app then test on the t10k pair.");
  command.add_option("--images", options->images, "the IDX images to split")
      ->type_name("FILE")
      ->required()
      ->check(not_empty());
  command.add_option("--labels", options->labels, "... and their labels")
      ->type_name("FILE")
      ->required()
      ->check(not_empty());
  command.add_option("--out", options->out, "the MNIST-layout folder to write")
      ->type_name("DIR")
      ->required()
      ->check(not_empty());
  command.add_option("--seed", options->seed, "shuffle seed (default 0)")->type_name("S")->transform(seed_number());
  return [options] { return run_hold_out(*options); };
}

}  // namespace digitpad::cli
