// SPDX-License-Identifier: GPL-3.0-or-later
// MnistDownload against what a hostile folder or mirror can do: a symbolic
// link, a FIFO or a device planted where the download writes or hashes, and a
// server that sends without end, announces absurd sizes, trickles, sends
// endless headers or redirects away. Every case must end, promptly, with a
// message that says what happened, and nothing outside the folder may change.

#include "fake_mnist.h"
#include "download_outcome.h"
#include "local_http_server.h"
#include "ui/headless/download/mnist_download.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QTest>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

namespace digitpad {
namespace {

using test::FakeMnist;
using test::LocalHttpServer;

// Far longer than any bound below: reaching it means the download hung.
constexpr int kTimeoutMs = 30000;

using Outcome = test::DownloadOutcome;
Outcome run(MnistDownload& download) { return test::run_download(download, kTimeoutMs); }
QByteArray contents(const QString& path) { return test::file_contents(path); }

class DownloadHostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server.listen());
    ASSERT_TRUE(target.isValid());
    folder = target.filePath("mnist");
    ASSERT_TRUE(QDir().mkpath(folder));
    // Bounds in seconds rather than minutes, so each case ends quickly.
    limits.rateWindowMs = 1000;
    limits.minimumBytesPerSecond = 1000;
    limits.deadlineMs = 5000;
    limits.stallTimeoutMs = 5000;
    limits.maxHeaderBytes = 16 * 1024;
    limits.headerTimeoutMs = 1000;
  }

  QUrl mirror(const QString& name, LocalHttpServer::Behaviour behaviour = LocalHttpServer::Behaviour::Serve) {
    for (const QString& file : fake.names) server.addFile(name, file, fake.files[file]);
    server.setBehaviour(name, behaviour);
    return server.mirror(name);
  }

  // The files with their sizes known, as the standard source publishes them.
  MnistSource sourceWithSizes(const QList<QUrl>& mirrors) const {
    MnistSource source = fake.source(mirrors);
    for (ExpectedFile& file : source.files) file.size = fake.files[file.name].size();
    return source;
  }

  Outcome download(const MnistSource& source) {
    MnistDownload download(folder, source);
    download.setFetchLimits(limits);
    return run(download);
  }

  QString inFolder(const QString& name) const { return QDir(folder).filePath(name); }

  const FakeMnist fake = FakeMnist::make();
  LocalHttpServer server;
  QTemporaryDir target;
  QString folder;
  FetchLimits limits;
};

// A .part that is a link to a file outside the folder: the download refuses to
// write through it and the file it points to keeps its bytes.
TEST_F(DownloadHostileTest, PartLinkIsNotWrittenThrough) {
  const QString victim = target.filePath("precious.txt");
  {
    QFile file(victim);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("keep me\n");
  }
  ASSERT_TRUE(QFile::link(victim, inFolder(fake.names[0] + ".part")));
  const Outcome outcome = download(fake.source({mirror("a")}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("symbolic link")) << outcome.message.toStdString();
  EXPECT_EQ(contents(victim), QByteArray("keep me\n"));
  EXPECT_EQ(server.requests().size(), 0);
}

// A FIFO planted as the .part fails at once instead of blocking.
TEST_F(DownloadHostileTest, PartFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(QFile::encodeName(inFolder(fake.names[0] + ".part")).constData(), 0600), 0);
  const Outcome outcome = download(fake.source({mirror("a")}));
  ASSERT_TRUE(outcome.finished) << "the download blocked on the FIFO";
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("FIFO")) << outcome.message.toStdString();
}

// A FIFO, and a link to /dev/zero, under final names: checking whether they are
// already downloaded neither blocks nor reads for ever; both are replaced by
// the verified files.
TEST_F(DownloadHostileTest, FifoAndDeviceAtFinalNamesAreNotHashed) {
  ASSERT_EQ(::mkfifo(QFile::encodeName(inFolder(fake.names[0])).constData(), 0600), 0);
  ASSERT_TRUE(QFile::link("/dev/zero", inFolder(fake.names[1])));
  QElapsedTimer clock;
  clock.start();
  const Outcome outcome = download(fake.source({mirror("a")}));
  ASSERT_TRUE(outcome.finished) << "the download blocked or hashed for ever";
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  for (const QString& name : fake.names) EXPECT_EQ(contents(inFolder(name)), fake.files[name]) << name.toStdString();
}

// A body longer than the file's known size is cut off at that size, and the
// mirror is reported; the .part never grows past the size.
TEST_F(DownloadHostileTest, EndlessBodyStopsAtTheKnownSize) {
  const Outcome outcome = download(sourceWithSizes({mirror("endless", LocalHttpServer::Behaviour::EndlessBody)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("the server sent more than the " +
                                       QString::number(fake.files[fake.names[0]].size()) + " bytes expected"))
      << outcome.message.toStdString();
  EXPECT_LE(QFileInfo(inFolder(fake.names[0] + ".part")).size(), fake.files[fake.names[0]].size());
}

// Without a published size, the cap for unknown sizes bounds the body instead.
TEST_F(DownloadHostileTest, EndlessBodyOfUnknownSizeStopsAtTheCap) {
  limits.maxUnknownFileBytes = 1 << 20;
  const Outcome outcome = download(fake.source({mirror("endless", LocalHttpServer::Behaviour::EndlessBody)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("more than the 1048576 bytes expected")) << outcome.message.toStdString();
  EXPECT_LE(QFileInfo(inFolder(fake.names[0] + ".part")).size(), 1 << 20);
}

// A Content-Length of 10^15 is refused before any of the body is kept, and the
// next mirror is tried.
TEST_F(DownloadHostileTest, AbsurdContentLengthIsRefusedAndTheNextMirrorServes) {
  const Outcome outcome =
      download(sourceWithSizes({mirror("huge", LocalHttpServer::Behaviour::HugeLength), mirror("a")}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_TRUE(outcome.ok) << outcome.message.toStdString();
  EXPECT_EQ(contents(inFolder(fake.names[0])), fake.files[fake.names[0]]);

  const Outcome alone = [&] {
    QDir(folder).removeRecursively();
    return download(sourceWithSizes({server.mirror("huge")}));
  }();
  ASSERT_TRUE(alone.finished);
  EXPECT_FALSE(alone.ok);
  EXPECT_TRUE(alone.message.contains("the server announced 1000000000000000 bytes")) << alone.message.toStdString();
}

// A mirror trickling a byte at a time is given up by the minimum rate.
TEST_F(DownloadHostileTest, TrickleIsGivenUpAsTooSlow) {
  QElapsedTimer clock;
  clock.start();
  const Outcome outcome = download(sourceWithSizes({mirror("slow", LocalHttpServer::Behaviour::Trickle)}));
  ASSERT_TRUE(outcome.finished) << "a trickling mirror was waited on for ever";
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("too slow")) << outcome.message.toStdString();
}

// The overall deadline ends an attempt whatever its rate.
TEST_F(DownloadHostileTest, DeadlineEndsAnAttempt) {
  limits.minimumBytesPerSecond = 0;
  limits.deadlineMs = 1500;
  const Outcome outcome = download(sourceWithSizes({mirror("slow", LocalHttpServer::Behaviour::Trickle)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("not finished within 2 s")) << outcome.message.toStdString();
}

// Header lines without end are not collected for ever.
TEST_F(DownloadHostileTest, EndlessHeadersAreRefused) {
  const Outcome outcome = download(sourceWithSizes({mirror("headers", LocalHttpServer::Behaviour::EndlessHeaders)}));
  ASSERT_TRUE(outcome.finished) << "endless headers were accepted for ever";
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("no complete response headers within 1 s")) << outcome.message.toStdString();
}

// Finite but oversized headers are refused once Qt has gathered them.
TEST_F(DownloadHostileTest, OversizedHeadersAreRefused) {
  const Outcome outcome = download(sourceWithSizes({mirror("big", LocalHttpServer::Behaviour::BigHeaders)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("the response's headers are larger than 16384 bytes"))
      << outcome.message.toStdString();
}

// More header lines than Qt keeps (it then drops them all) is refused too.
TEST_F(DownloadHostileTest, TooManyHeaderLinesAreRefused) {
  const Outcome outcome = download(sourceWithSizes({mirror("many", LocalHttpServer::Behaviour::ManyHeaders)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("the response's headers could not be read")) << outcome.message.toStdString();
}

// A redirect to file:// is not followed, and the message says so (not "HTTP 302").
TEST_F(DownloadHostileTest, RedirectToFileIsNotFollowed) {
  const Outcome outcome = download(sourceWithSizes({mirror("away", LocalHttpServer::Behaviour::RedirectToFile)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("redirected to file:///etc/passwd, which is not an http(s) address"))
      << outcome.message.toStdString();
  EXPECT_FALSE(QFile::exists(inFolder(fake.names[0])));
}

// A redirect loop is followed at most five times (Qt may repeat a request on a
// fresh connection, hence a looser bound on requests) and reported as such.
TEST_F(DownloadHostileTest, RedirectLoopIsReported) {
  const Outcome outcome = download(sourceWithSizes({mirror("loop", LocalHttpServer::Behaviour::RedirectLoop)}));
  ASSERT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.message.contains("more than 5 redirects")) << outcome.message.toStdString();
  EXPECT_LE(server.requestCount("loop"), 12) << "the loop was followed without a bound";
}

}  // namespace
}  // namespace digitpad
