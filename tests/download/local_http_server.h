// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace digitpad::test {

// Just enough HTTP/1.1 on 127.0.0.1 for the download tests (which must not
// need the internet, nor depend on a real server's answers): GET with "Range: bytes=N-" answered 206 with
// Content-Range, 404 for unknown paths, Content-Length always, one request per connection. Runs in the test's own
// thread and event loop: wait with QSignalSpy::wait or QTest::qWaitFor, never with a blocking call.
//
// Files are served under folders ("/a/NAME"), one per mirror, each folder
// with a behaviour, so one server plays several mirrors.
class LocalHttpServer : public QObject {
  Q_OBJECT

 public:
  enum class Behaviour {
    Serve,           // as a good mirror
    NotFound,        // 404 for everything
    DropHalfway,     // the first request for each file: half the body, then close
    IgnoreRange,     // always 200 and the whole file, whatever the Range header
    StallHalfway,    // half the body, then nothing more, connection kept open
    EndlessBody,     // 200 without Content-Length, then bytes until the client hangs up
    HugeLength,      // 200 announcing Content-Length 10^15, then the file
    Trickle,         // 200 with the right Content-Length, then one byte every 100 ms
    EndlessHeaders,  // a status line, then header lines until the client hangs up
    BigHeaders,      // 200 with 90 header lines of 200 bytes, then the file
    ManyHeaders,     // 200 with 500 header lines, then the file
    RedirectToFile,  // 302 to file:///etc/passwd
    RedirectLoop,    // 302 to the same path, for ever
  };

  struct Request {
    QByteArray path;   // "/a/train-images-idx3-ubyte.gz"
    QByteArray range;  // the Range header's value, empty when absent
  };

  explicit LocalHttpServer(QObject* parent = nullptr);
  ~LocalHttpServer() override;

  // Listens on a free port of 127.0.0.1; false on failure.
  bool listen();
  quint16 port() const { return server_.serverPort(); }

  // "http://127.0.0.1:PORT/FOLDER/": a mirror's base URL.
  QUrl mirror(const QString& folder) const;

  void addFile(const QString& folder, const QString& name, const QByteArray& bytes);
  void setBehaviour(const QString& folder, Behaviour behaviour);

  const QList<Request>& requests() const { return requests_; }
  // Requests whose path starts with "/FOLDER/".
  int requestCount(const QString& folder) const;

  // A port on 127.0.0.1 that nothing listens on (bound, then released).
  static quint16 unusedPort();

 private:
  void onConnection();
  void onReadable(QTcpSocket* socket);
  void answer(QTcpSocket* socket, const QByteArray& path, const QByteArray& range);
  // Writes `piece()` to the socket every `intervalMs` until it closes.
  void keepSending(QTcpSocket* socket, int intervalMs, std::function<QByteArray()> piece);
  static void send(QTcpSocket* socket, int status, const QByteArray& reason, const QList<QByteArray>& headers,
                   const QByteArray& body, qint64 bodyBytesToSend, bool close);

  QTcpServer server_;
  QHash<QString, QHash<QString, QByteArray>> files_;  // folder -> name -> bytes
  QHash<QString, Behaviour> behaviours_;
  QSet<QByteArray> dropped_;  // paths already dropped once
  QHash<QTcpSocket*, QByteArray> buffers_;
  QList<Request> requests_;
};

}  // namespace digitpad::test
