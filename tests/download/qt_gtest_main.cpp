// SPDX-License-Identifier: GPL-3.0-or-later
// GoogleTest's main with a QCoreApplication, which Qt's network classes and
// QSignalSpy::wait need.

#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  QCoreApplication application(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
