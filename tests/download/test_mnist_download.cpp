// SPDX-License-Identifier: GPL-3.0-or-later
// MnistDownload against a local HTTP server serving small made-up MNIST files:
// good, corrupt, dropped, missing, absent, ignored-range and cancelled
// downloads, and the fetched folder read back by core's loader.

#include "fake_mnist.h"
#include "download_outcome.h"
#include "local_http_server.h"
#include "ui/headless/download/mnist_download.h"

#include "core/data/mnist_folder.h"
#include "test_paths.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <gtest/gtest.h>

namespace digitpad {
namespace {

using test::FakeMnist;
using test::LocalHttpServer;

// Long enough for a slow machine, short enough that a hang fails the test.
constexpr int kTimeoutMs = 20000;

using Outcome = test::DownloadOutcome;
Outcome run(MnistDownload& download) { return test::run_download(download, kTimeoutMs); }
QByteArray contents(const QString& path) { return test::file_contents(path); }

QStringList partFiles(const QString& folder) { return QDir(folder).entryList({"*.part"}, QDir::Files); }

class MnistDownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server.listen());
    ASSERT_TRUE(target.isValid());
    folder = target.filePath("mnist");
  }

  // The made-up files in a server folder (a mirror), with a behaviour.
  QUrl mirror(const QString& name, LocalHttpServer::Behaviour behaviour = LocalHttpServer::Behaviour::Serve) {
    for (const QString& file : fake.names) server.addFile(name, file, fake.files[file]);
    server.setBehaviour(name, behaviour);
    return server.mirror(name);
  }

  void expectAllFilesCorrect() {
    for (const QString& name : fake.names)
      EXPECT_EQ(contents(QDir(folder).filePath(name)), fake.files[name]) << name.toStdString();
    EXPECT_TRUE(partFiles(folder).isEmpty()) << partFiles(folder).join(' ').toStdString();
  }

  // Requests for `folder` that continued a file: "Range: bytes=N-" with N > 0.
  QList<qint64> resumedAt(const QString& mirrorFolder) const {
    QList<qint64> offsets;
    for (const LocalHttpServer::Request& request : server.requests()) {
      if (!request.path.startsWith("/" + mirrorFolder.toUtf8() + "/") || !request.range.startsWith("bytes="))
        continue;
      const qint64 offset = request.range.mid(6, request.range.size() - 7).toLongLong();
      if (offset > 0) offsets.append(offset);
    }
    return offsets;
  }

  const FakeMnist fake = FakeMnist::make();
  LocalHttpServer server;
  QTemporaryDir target;
  QString folder;
};

// (a) Four files, the right bytes, no .part left, progress reaching the total;
// a second run finds them verified and asks the server for nothing.
TEST_F(MnistDownloadTest, DownloadsTheFourFilesAndSkipsThemNextTime) {
  const MnistSource source = fake.source({mirror("a")});
  MnistDownload download(folder, source);
  QSignalSpy progress(&download, &MnistDownload::progress);
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  EXPECT_EQ(download.result(), MnistDownload::Result::Succeeded);
  expectAllFilesCorrect();
  EXPECT_TRUE(MnistDownload::isComplete(folder, source));
  EXPECT_EQ(server.requestCount("a"), 4);

  qint64 totalBytes = 0;
  for (const QByteArray& bytes : fake.files) totalBytes += bytes.size();
  ASSERT_FALSE(progress.isEmpty());
  EXPECT_EQ(progress.last().at(0).toLongLong(), totalBytes);
  EXPECT_EQ(progress.last().at(1).toLongLong(), totalBytes);

  MnistDownload again(folder, source);
  const Outcome second = run(again);
  ASSERT_TRUE(second.finished);
  EXPECT_TRUE(second.ok) << second.message.toStdString();
  EXPECT_EQ(server.requestCount("a"), 4) << "files already verified were fetched again";
}

// The data is usable: core's loader (what `--data DIR` uses) reads the fetched folder.
TEST_F(MnistDownloadTest, FetchedFolderLoadsAsTrainingData) {
  MnistDownload download(folder, fake.source({mirror("a")}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
  const LoadedFolder loaded = load_mnist_folder(folder.toStdString());
  EXPECT_EQ(loaded.train.count(), FakeMnist::kTrainCount);
  EXPECT_EQ(loaded.test.count(), FakeMnist::kTestCount);
}

// (b) A file whose bytes do not match its checksum never gets its final name.
TEST_F(MnistDownloadTest, WrongChecksumNamesTheFileAndLeavesNoFile) {
  MnistSource source = fake.source({mirror("a")});
  source.files[1].hash = QByteArray(64, '0');  // train-labels
  MnistDownload download(folder, source);
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(download.result(), MnistDownload::Result::Failed);
  EXPECT_TRUE(outcome.message.contains("train-labels-idx1-ubyte.gz")) << outcome.message.toStdString();
  EXPECT_TRUE(outcome.message.contains("checksum mismatch")) << outcome.message.toStdString();
  EXPECT_FALSE(QFile::exists(QDir(folder).filePath("train-labels-idx1-ubyte.gz")));
  EXPECT_FALSE(QFile::exists(QDir(folder).filePath("train-labels-idx1-ubyte.gz.part")));
  EXPECT_TRUE(QFile::exists(QDir(folder).filePath("train-images-idx3-ubyte.gz")));  // the one before it is fine
}

// (c) A server that closes the connection halfway through each file: each is
// continued with a range request from where it stopped.
TEST_F(MnistDownloadTest, DroppedConnectionResumesWithRangeRequest) {
  MnistDownload download(folder, fake.source({mirror("a", LocalHttpServer::Behaviour::DropHalfway)}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  expectAllFilesCorrect();
  const QList<qint64> offsets = resumedAt("a");
  ASSERT_EQ(offsets.size(), 4) << "one resume per file";
  EXPECT_EQ(offsets[0], fake.files[fake.names[0]].size() / 2);
  EXPECT_EQ(server.requestCount("a"), 8);
}

// (d) A 404 from the first mirror sends each file to the next one.
TEST_F(MnistDownloadTest, MissingOnFirstMirrorFetchesFromSecond) {
  MnistDownload download(folder, fake.source({mirror("gone", LocalHttpServer::Behaviour::NotFound), mirror("b")}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  expectAllFilesCorrect();
  EXPECT_EQ(server.requestCount("gone"), 4);
  EXPECT_EQ(server.requestCount("b"), 4);
}

// Every mirror failing: one message naming the file and each mirror's reason.
TEST_F(MnistDownloadTest, EveryMirrorFailingListsEachReason) {
  MnistSource source = fake.source({mirror("gone", LocalHttpServer::Behaviour::NotFound), mirror("b")});
  source.files[0].hash = QByteArray(64, 'a');
  MnistDownload download(folder, source);
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  const std::string message = outcome.message.toStdString();
  const std::string gone = server.mirror("gone").toString().toStdString();
  const std::string b = server.mirror("b").toString().toStdString();
  EXPECT_EQ(message,
            "train-images-idx3-ubyte.gz: every mirror failed (" + gone + ": HTTP 404; " + b + ": checksum mismatch)");
}

// (e) Nothing listening: a clear message, no crash, no files.
TEST_F(MnistDownloadTest, NoServerSaysConnectionRefused) {
  const QUrl nowhere(QString("http://127.0.0.1:%1/").arg(LocalHttpServer::unusedPort()));
  MnistDownload download(folder, fake.source({nowhere}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.startsWith("train-images-idx3-ubyte.gz: every mirror failed"))
      << outcome.message.toStdString();
  EXPECT_TRUE(outcome.message.contains("connection refused")) << outcome.message.toStdString();
  EXPECT_FALSE(outcome.message.contains('\n'));
  EXPECT_FALSE(MnistDownload::isComplete(folder, fake.source({})));
}

// A server that ignores Range (200 with the whole file) replaces the .part's bytes, not appends to them.
TEST_F(MnistDownloadTest, ServerIgnoringRangeStartsOver) {
  ASSERT_TRUE(QDir().mkpath(folder));
  QFile stale(QDir(folder).filePath("train-images-idx3-ubyte.gz.part"));
  ASSERT_TRUE(stale.open(QIODevice::WriteOnly));
  stale.write(QByteArray(100, 'x'));
  stale.close();
  MnistDownload download(folder, fake.source({mirror("a", LocalHttpServer::Behaviour::IgnoreRange)}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  expectAllFilesCorrect();
  EXPECT_EQ(server.requests().first().range, "bytes=100-");
}

// A stale .part that a range request continued but whose checksum then fails
// is fetched once more from the first byte.
TEST_F(MnistDownloadTest, CorruptPartIsFetchedAgainFromTheStart) {
  ASSERT_TRUE(QDir().mkpath(folder));
  QFile stale(QDir(folder).filePath("train-images-idx3-ubyte.gz.part"));
  ASSERT_TRUE(stale.open(QIODevice::WriteOnly));
  stale.write(QByteArray(100, 'x'));
  stale.close();
  MnistDownload download(folder, fake.source({mirror("a")}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  expectAllFilesCorrect();
  ASSERT_GE(server.requests().size(), 2);
  EXPECT_EQ(server.requests()[0].range, "bytes=100-");
  EXPECT_EQ(server.requests()[1].range, "");
}

// (f) Cancel mid-file: no final file, the .part kept; the next run continues it.
TEST_F(MnistDownloadTest, CancelKeepsThePartAndALaterRunResumes) {
  const QString first = fake.names[0];
  MnistDownload download(folder, fake.source({mirror("stall", LocalHttpServer::Behaviour::StallHalfway)}));
  // Cancelled from inside the progress signal, as directly as a Cancel button could.
  QObject::connect(&download, &MnistDownload::progress, &download, [&](qint64 done) {
    if (done > 0) download.cancel();
  });
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(download.result(), MnistDownload::Result::Cancelled);
  EXPECT_TRUE(outcome.message.contains("cancelled")) << outcome.message.toStdString();
  EXPECT_FALSE(QFile::exists(QDir(folder).filePath(first)));
  const qint64 kept = QFileInfo(QDir(folder).filePath(first + ".part")).size();
  EXPECT_GT(kept, 0);

  MnistDownload later(folder, fake.source({mirror("b")}));
  const Outcome resumed = run(later);
  ASSERT_TRUE(resumed.finished);
  EXPECT_TRUE(resumed.ok) << resumed.message.toStdString();
  expectAllFilesCorrect();
  EXPECT_EQ(resumedAt("b"), QList<qint64>{kept});
}

// A .part that cannot be written (here a folder in its place): the problem, once, no other mirror tried.
TEST_F(MnistDownloadTest, WriteFailureNamesThePart) {
  ASSERT_TRUE(QDir().mkpath(QDir(folder).filePath("train-images-idx3-ubyte.gz.part")));
  MnistDownload download(folder, fake.source({mirror("a"), mirror("b")}));
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.startsWith("train-images-idx3-ubyte.gz: cannot write "))
      << outcome.message.toStdString();
  EXPECT_EQ(server.requests().size(), 0);
}

// The test-only environment override: a malformed value fails the run with a message naming the variable.
TEST_F(MnistDownloadTest, MalformedOverrideIsReported) {
  qputenv("DIGITPAD_MNIST_CHECKSUMS", "train-images-idx3-ubyte.gz=not-hex");
  MnistDownload download(folder);
  qunsetenv("DIGITPAD_MNIST_CHECKSUMS");
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.startsWith("DIGITPAD_MNIST_CHECKSUMS: ")) << outcome.message.toStdString();
}

// The published checksums and sizes in the code, checked against the real t10k
// files (the train pair is not on these machines): served locally, they must
// download, verify and count as complete.
TEST_F(MnistDownloadTest, RealTestFilesMatchThePublishedChecksums) {
  const QDir real(DIGITPAD_MNIST_DIR);
  if (!real.exists("t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "no real MNIST in " << DIGITPAD_MNIST_DIR;
  MnistSource source = standardMnistSource();
  source.files.removeIf([](const ExpectedFile& file) { return !file.name.startsWith("t10k-"); });
  ASSERT_EQ(source.files.size(), 2);
  for (const ExpectedFile& file : source.files) server.addFile("real", file.name, contents(real.filePath(file.name)));
  source.mirrors = {server.mirror("real")};
  MnistDownload download(folder, source);
  const Outcome outcome = run(download);
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  EXPECT_TRUE(MnistDownload::isComplete(folder, source));
  EXPECT_EQ(load_evaluation_pair(folder.toStdString()).count(), 10000);
}

// No server answered: no empty .part is left behind.
TEST_F(MnistDownloadTest, NoEmptyPartLeftWhenNothingArrived) {
  const QUrl nowhere(QString("http://127.0.0.1:%1/").arg(LocalHttpServer::unusedPort()));
  MnistDownload download(folder, fake.source({nowhere}));
  ASSERT_TRUE(run(download).finished);
  EXPECT_TRUE(partFiles(folder).isEmpty()) << partFiles(folder).join(' ').toStdString();
}

TEST(MnistSource, StandardFilesAndMirrors) {
  const MnistSource source = standardMnistSource();
  ASSERT_EQ(source.files.size(), 4);
  EXPECT_EQ(source.mirrors.size(), 3);
  for (const ExpectedFile& file : source.files) {
    EXPECT_EQ(file.algorithm, QCryptographicHash::Sha256);
    EXPECT_EQ(algorithmForHexDigest(file.hash), QCryptographicHash::Sha256) << file.name.toStdString();
    EXPECT_GT(file.size, 0);
  }
  EXPECT_TRUE(MnistDownload::cachedFolder().endsWith("/digitpad/mnist"));
}

}  // namespace
}  // namespace digitpad
