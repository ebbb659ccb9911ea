// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/idx_file_roles.h"

#include "core/util/error.h"

#include <gtest/gtest.h>

using namespace digitpad;

TEST(IdxFileRoles, TellsTheFourMnistFilesApartInAnyOrder) {
  const IdxFileRoles roles = idx_file_roles({"/d/t10k-labels-idx1-ubyte.gz", "/d/train-images-idx3-ubyte",
                                             "/d/t10k-images-idx3-ubyte.gz", "/d/train-labels-idx1-ubyte"});
  EXPECT_EQ(roles.train_images, "/d/train-images-idx3-ubyte");
  EXPECT_EQ(roles.train_labels, "/d/train-labels-idx1-ubyte");
  EXPECT_EQ(roles.test_images, "/d/t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(roles.test_labels, "/d/t10k-labels-idx1-ubyte.gz");
  EXPECT_TRUE(roles.has_test());
}

TEST(IdxFileRoles, ALoneTestPairIsTrainedOn) {
  const IdxFileRoles roles = idx_file_roles({"/d/TEST-Images.idx", "/d/test-LABELS.idx"});
  EXPECT_EQ(roles.train_images, "/d/TEST-Images.idx");
  EXPECT_EQ(roles.train_labels, "/d/test-LABELS.idx");
  EXPECT_FALSE(roles.has_test());
}

TEST(IdxFileRoles, ReadsRolesFromTheFileNameNotTheFolder) {
  // A folder named "test" must not make the training pair a test pair.
  const IdxFileRoles roles = idx_file_roles({"/test/digits-images", "/test/digits-labels"});
  EXPECT_EQ(roles.train_images, "/test/digits-images");
  EXPECT_FALSE(roles.has_test());
}

TEST(IdxFileRoles, RejectsFilesThatDoNotMakeAPair) {
  EXPECT_THROW(idx_file_roles({"/d/train-images-idx3-ubyte"}), Error);
  EXPECT_THROW(idx_file_roles({}), Error);
  // A test images file without its labels.
  EXPECT_THROW(idx_file_roles({"/d/train-images", "/d/train-labels", "/d/t10k-images"}), Error);
  try {
    idx_file_roles({"/d/a", "/d/b"});  // two image files, no labels
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("labels"), std::string::npos) << error.what();
  }
}
