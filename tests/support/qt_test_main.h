// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DIGITPAD_QTEST_MAIN(TestClass): QTEST_MAIN for the widget tests, except that
// a run in which a test function skipped (QSKIP) and none failed exits with
// DIGITPAD_TEST_SKIP_CODE, which ctest reports as skipped (add_widget_test in
// tests/support/add_tests.cmake). Qt Test itself exits 0 then, and ctest would
// count the skipped test as passed.

#include <QApplication>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

namespace digitpad::test {

// QTest::qExec with the usual text on stdout and a TAP copy of the results in
// a temporary file, whose "# SKIP" lines are counted. A command line that
// chooses its own outputs (-o) or only lists things runs exactly as given.
inline int exec_counting_skips(QObject* test, int argc, char** argv) {
  QStringList args;
  for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  for (const QString& arg : args.mid(1))
    if (arg == "-o" || arg.startsWith("-functions") || arg == "-datatags" || arg == "-help" || arg == "--help")
      return QTest::qExec(test, args);
  const QTemporaryDir dir;
  const QString tap = dir.filePath("results.tap");
  args << "-o" << tap + ",tap"
       << "-o"
       << "-,txt";
  const int failed = QTest::qExec(test, args);
  if (failed != 0) return failed;
  QFile results(tap);
  if (!results.open(QIODevice::ReadOnly)) return 0;
  int skipped = 0;
  for (const QByteArray& line : results.readAll().split('\n'))
    if (line.startsWith("ok ") && line.contains("# SKIP")) ++skipped;
  if (skipped == 0) return 0;
  std::printf("%d test function(s) skipped (the SKIP lines above say why): exit %d, skipped for ctest\n", skipped,
              DIGITPAD_TEST_SKIP_CODE);
  return DIGITPAD_TEST_SKIP_CODE;
}

}  // namespace digitpad::test

#define DIGITPAD_QTEST_MAIN(TestObject)                                \
  int main(int argc, char* argv[]) {                                   \
    QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>(); \
    QApplication app(argc, argv);                                      \
    app.setAttribute(Qt::AA_Use96Dpi, true);                           \
    TestObject tc;                                                     \
    QTEST_SET_MAIN_SOURCE_PATH                                         \
    return digitpad::test::exec_counting_skips(&tc, argc, argv);       \
  }
