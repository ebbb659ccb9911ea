// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/shared/default_model.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_paths.h"

namespace fs = std::filesystem;

// This test runs from the build tree, as the CLI and the app do in
// development: the shipped model is then the source tree's.
TEST(DefaultModel, ProgramsInTheBuildTreeUseTheSourceTreesModel) {
  const std::vector<std::string> candidates = digitpad::default_model_candidates();
  ASSERT_GE(candidates.size(), 2u);
  EXPECT_EQ(fs::path(candidates.front()), fs::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm");
  EXPECT_EQ(fs::path(digitpad::find_default_model()), fs::path(DIGITPAD_SOURCE_DIR) / "models" / "default.dpm");
}

TEST(DefaultModel, AnInstalledProgramLooksBesideItsPrefixThenTheConfiguredOne) {
  const std::vector<std::string> candidates = digitpad::default_model_candidates();
  const fs::path program = fs::read_symlink("/proc/self/exe").parent_path();
  const fs::path beside = (program / ".." / "share" / "digitpad" / "models" / "default.dpm").lexically_normal();
  ASSERT_GE(candidates.size(), 3u);
  EXPECT_EQ(fs::path(candidates[1]), beside);
  EXPECT_EQ(fs::path(candidates.back()).filename(), "default.dpm");
  EXPECT_NE(candidates.back().find("/share/digitpad/models/"), std::string::npos);
}
