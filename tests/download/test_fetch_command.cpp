// SPDX-License-Identifier: GPL-3.0-or-later
// `digitpad-cli fetch mnist --to DIR` run as a user would, against a local
// HTTP server through the test-only mirror override: success, no server,
// Ctrl+C, usage errors, and the fetched folder read by `eval --data`.

#include "fake_mnist.h"
#include "local_http_server.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <gtest/gtest.h>

#include <csignal>

namespace digitpad {
namespace {

using test::FakeMnist;
using test::LocalHttpServer;

constexpr int kTimeoutMs = 30000;

struct CliRun {
  bool finished = false;
  int exitCode = -1;
  QString out, err;
};

QByteArray contents(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class FetchCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server.listen());
    ASSERT_TRUE(home.isValid());
    folder = home.filePath("fetched mnist");  // a space, as a user's folder may have
    for (const QString& name : fake.names) server.addFile("a", name, fake.files[name]);
    for (const QString& name : fake.names) server.addFile("stall", name, fake.files[name]);
    server.setBehaviour("stall", LocalHttpServer::Behaviour::StallHalfway);
  }

  // The CLI with the override pointing at `mirrors`, and a cache folder of the test's own.
  void startCli(QProcess& process, const QStringList& args, const QString& mirrors) const {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("DIGITPAD_MNIST_MIRRORS", mirrors);
    environment.insert("DIGITPAD_MNIST_CHECKSUMS", fake.checksumsVariable());
    environment.insert("XDG_CACHE_HOME", home.filePath("cache"));
    process.setProcessEnvironment(environment);
    process.start(DIGITPAD_CLI_PATH, args);
  }

  // Runs the CLI to its end while this thread's event loop keeps the server answering.
  CliRun runCli(const QStringList& args, const QString& mirrors) const {
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCli(process, args, mirrors);
    CliRun run;
    run.finished = finished.wait(kTimeoutMs);
    if (!run.finished) process.kill();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
  }

  const FakeMnist fake = FakeMnist::make();
  LocalHttpServer server;
  QTemporaryDir home;
  QString folder;
};

// (g) and the data's use: exit 0, the files, the train hint; then `eval --data` reads them.
TEST_F(FetchCommandTest, FetchesAndTheFolderEvaluates) {
  const CliRun run = runCli({"fetch", "mnist", "--to", folder}, server.mirror("a").toString());
  ASSERT_TRUE(run.finished);
  EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
  for (const QString& name : fake.names) EXPECT_EQ(contents(QDir(folder).filePath(name)), fake.files[name]);
  EXPECT_TRUE(run.out.contains("MNIST is in " + folder)) << run.out.toStdString();
  EXPECT_TRUE(run.out.contains("digitpad-cli train --data " + folder)) << run.out.toStdString();

  const CliRun eval = runCli({"eval", "--data", folder, "--json"}, {});
  ASSERT_TRUE(eval.finished);
  EXPECT_EQ(eval.exitCode, 0) << eval.err.toStdString();
  EXPECT_TRUE(eval.out.contains(QString("\"count\":%1").arg(FakeMnist::kTestCount))) << eval.out.toStdString();
}

// Without --to: the cache folder ($XDG_CACHE_HOME/digitpad/mnist).
TEST_F(FetchCommandTest, DefaultsToTheCacheFolder) {
  const CliRun run = runCli({"fetch", "mnist", "--quiet"}, server.mirror("a").toString());
  ASSERT_TRUE(run.finished);
  EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
  EXPECT_TRUE(QFile::exists(home.filePath("cache/digitpad/mnist/t10k-labels-idx1-ubyte.gz")));
  EXPECT_TRUE(run.err.isEmpty()) << run.err.toStdString();
}

// (g) No server: exit 1 and one line on stderr naming the file and the problem.
TEST_F(FetchCommandTest, NoServerExitsOneWithOneLine) {
  const QString nowhere = QString("http://127.0.0.1:%1/").arg(LocalHttpServer::unusedPort());
  const CliRun run = runCli({"fetch", "mnist", "--to", folder}, nowhere);
  ASSERT_TRUE(run.finished);
  EXPECT_EQ(run.exitCode, 1);
  const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 1) << run.err.toStdString();
  EXPECT_TRUE(lines[0].startsWith("digitpad-cli: train-images-idx3-ubyte.gz: every mirror failed ("))
      << lines[0].toStdString();
  EXPECT_TRUE(lines[0].contains("connection refused")) << lines[0].toStdString();
  EXPECT_FALSE(QFile::exists(QDir(folder).filePath("train-images-idx3-ubyte.gz")));
}

// Ctrl+C mid-file: exit 130, only the .part left, and a rerun finishes the job.
TEST_F(FetchCommandTest, InterruptExits130AndRerunResumes) {
  const QString part = QDir(folder).filePath(fake.names[0] + ".part");
  QProcess process;
  QSignalSpy finished(&process, &QProcess::finished);
  startCli(process, {"fetch", "mnist", "--to", folder}, server.mirror("stall").toString());
  ASSERT_TRUE(QTest::qWaitFor([&] { return QFileInfo(part).size() > 0; }, kTimeoutMs));
  ::kill(static_cast<pid_t>(process.processId()), SIGINT);
  ASSERT_TRUE(finished.wait(kTimeoutMs));
  EXPECT_EQ(process.exitStatus(), QProcess::NormalExit);
  EXPECT_EQ(process.exitCode(), 130) << process.readAllStandardError().toStdString();
  EXPECT_FALSE(QFile::exists(QDir(folder).filePath(fake.names[0])));
  EXPECT_TRUE(QFile::exists(part));

  const CliRun rerun = runCli({"fetch", "mnist", "--to", folder}, server.mirror("a").toString());
  ASSERT_TRUE(rerun.finished);
  EXPECT_EQ(rerun.exitCode, 0) << rerun.err.toStdString();
  EXPECT_EQ(contents(QDir(folder).filePath(fake.names[0])), fake.files[fake.names[0]]);
  EXPECT_FALSE(QFile::exists(part));
  EXPECT_TRUE(server.requests()[server.requests().size() - 4].range.startsWith("bytes=")) << "the rerun resumed";
}

// A .part planted as a link to a file outside the folder: fetch refuses to
// write through it (it used to overwrite the file and exit 0).
TEST_F(FetchCommandTest, PlantedPartLinkIsNotFollowed) {
  const QString victim = home.filePath("notes.txt");
  {
    QFile file(victim);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("my notes\n");
  }
  ASSERT_TRUE(QDir().mkpath(folder));
  ASSERT_TRUE(QFile::link(victim, QDir(folder).filePath(fake.names[0] + ".part")));
  const CliRun run = runCli({"fetch", "mnist", "--to", folder}, server.mirror("a").toString());
  ASSERT_TRUE(run.finished);
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_TRUE(run.err.contains("is a symbolic link; refusing to write through it")) << run.err.toStdString();
  EXPECT_EQ(contents(victim), QByteArray("my notes\n"));
}

// A full disk is called that, not "Unknown error". The CLI runs in a mount
// namespace of its own with a 16 KB tmpfs as its folder (skipped where
// unshare or mount is not allowed, as for a user without root).
TEST_F(FetchCommandTest, DiskFullIsReportedAsSuch) {
  const QString script = "mount -t tmpfs -o size=16k tmpfs \"$1\" || exit 77; shift; exec \"$@\"";
  ASSERT_TRUE(QDir().mkpath(folder));
  QProcess process;
  QSignalSpy finished(&process, &QProcess::finished);
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert("DIGITPAD_MNIST_MIRRORS", server.mirror("a").toString());
  environment.insert("DIGITPAD_MNIST_CHECKSUMS", fake.checksumsVariable());
  process.setProcessEnvironment(environment);
  process.start("unshare", {"-m", "--propagation", "private", "sh", "-c", script, "sh", folder, DIGITPAD_CLI_PATH,
                            "fetch", "mnist", "--to", folder});
  ASSERT_TRUE(finished.wait(kTimeoutMs));
  const QString err = QString::fromUtf8(process.readAllStandardError());
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() == 77 || err.contains("unshare:") ||
      err.contains("mount:"))
    GTEST_SKIP() << "no private tmpfs here: " << err.toStdString();
  EXPECT_EQ(process.exitCode(), 1) << err.toStdString();
  EXPECT_TRUE(err.contains(": disk full")) << err.toStdString();
  EXPECT_FALSE(err.contains("Unknown error")) << err.toStdString();
}

TEST_F(FetchCommandTest, UsageErrorsExitTwo) {
  for (const QStringList& args : {QStringList{"fetch"}, QStringList{"fetch", "cifar"}}) {
    const CliRun run = runCli(args, server.mirror("a").toString());
    ASSERT_TRUE(run.finished);
    EXPECT_EQ(run.exitCode, 2) << args.join(' ').toStdString();
    EXPECT_EQ(run.err.count('\n'), 1) << run.err.toStdString();
  }
  EXPECT_EQ(server.requests().size(), 0);
}

}  // namespace
}  // namespace digitpad
