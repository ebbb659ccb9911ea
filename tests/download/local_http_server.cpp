// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_http_server.h"

#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace digitpad::test {

LocalHttpServer::LocalHttpServer(QObject* parent) : QObject(parent) {
  connect(&server_, &QTcpServer::newConnection, this, &LocalHttpServer::onConnection);
}

LocalHttpServer::~LocalHttpServer() {
  // Sockets still open are deleted with server_, after the members their
  // handlers use: detach the handlers first.
  for (QTcpSocket* socket : server_.findChildren<QTcpSocket*>()) socket->disconnect(this);
}

bool LocalHttpServer::listen() { return server_.listen(QHostAddress::LocalHost, 0); }

QUrl LocalHttpServer::mirror(const QString& folder) const {
  return QUrl(QString("http://127.0.0.1:%1/%2/").arg(port()).arg(folder));
}

void LocalHttpServer::addFile(const QString& folder, const QString& name, const QByteArray& bytes) {
  files_[folder][name] = bytes;
}

void LocalHttpServer::setBehaviour(const QString& folder, Behaviour behaviour) { behaviours_[folder] = behaviour; }

int LocalHttpServer::requestCount(const QString& folder) const {
  const QByteArray prefix = "/" + folder.toUtf8() + "/";
  int count = 0;
  for (const Request& request : requests_)
    if (request.path.startsWith(prefix)) ++count;
  return count;
}

quint16 LocalHttpServer::unusedPort() {
  QTcpServer probe;
  probe.listen(QHostAddress::LocalHost, 0);
  const quint16 port = probe.serverPort();
  probe.close();
  return port;
}

void LocalHttpServer::onConnection() {
  while (QTcpSocket* socket = server_.nextPendingConnection()) {
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
      buffers_.remove(socket);
      socket->deleteLater();
    });
  }
}

void LocalHttpServer::onReadable(QTcpSocket* socket) {
  QByteArray& buffer = buffers_[socket];
  buffer += socket->readAll();
  const qsizetype end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return;  // the headers are not all here yet
  const QList<QByteArray> lines = buffer.left(end).split('\n');
  buffer.clear();
  const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
  QByteArray range;
  for (qsizetype i = 1; i < lines.size(); ++i) {
    const QByteArray line = lines[i].trimmed();
    if (line.toLower().startsWith("range:")) range = line.mid(6).trimmed();
  }
  if (requestLine.size() != 3 || requestLine[0] != "GET") {
    send(socket, 405, "Method Not Allowed", {}, {}, 0, true);
    return;
  }
  requests_.append({requestLine[1], range});
  answer(socket, requestLine[1], range);
}

void LocalHttpServer::answer(QTcpSocket* socket, const QByteArray& path, const QByteArray& range) {
  const QList<QByteArray> parts = path.split('/');  // "", folder, name
  const QString folder = QString::fromUtf8(parts.value(1));
  const QString name = QString::fromUtf8(parts.value(2));
  const Behaviour behaviour = behaviours_.value(folder, Behaviour::Serve);
  if (parts.size() != 3 || behaviour == Behaviour::NotFound || !files_.value(folder).contains(name)) {
    send(socket, 404, "Not Found", {"Content-Type: text/plain"}, "not found\n", -1, true);
    return;
  }
  const QByteArray& file = files_[folder][name];
  const qint64 size = file.size();
  switch (behaviour) {
    case Behaviour::EndlessBody:
      socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
      keepSending(socket, 5, [] { return QByteArray(64 * 1024, 'x'); });
      return;
    case Behaviour::HugeLength:
      socket->write("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\nConnection: close\r\n\r\n" + file);
      return;
    case Behaviour::Trickle: {
      socket->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(size) +
                    "\r\nConnection: close\r\n\r\n");
      auto next = std::make_shared<qint64>(0);
      keepSending(socket, 100, [file, next] { return *next < file.size() ? file.mid((*next)++, 1) : QByteArray(); });
      return;
    }
    case Behaviour::EndlessHeaders: {
      socket->write("HTTP/1.1 200 OK\r\n");
      auto line = std::make_shared<int>(0);
      keepSending(socket, 2, [line] {
        QByteArray lines;
        for (int i = 0; i < 64; ++i)
          lines += "X-Filler-" + QByteArray::number((*line)++) + ": " + QByteArray(200, 'h') + "\r\n";
        return lines;
      });
      return;
    }
    case Behaviour::BigHeaders:
    case Behaviour::ManyHeaders: {
      const int lines = behaviour == Behaviour::BigHeaders ? 90 : 500;
      QByteArray response =
          "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(size) + "\r\nConnection: close\r\n";
      for (int i = 0; i < lines; ++i)
        response += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(200, 'h') + "\r\n";
      socket->write(response + "\r\n" + file);
      socket->disconnectFromHost();
      return;
    }
    case Behaviour::RedirectToFile:
      send(socket, 302, "Found", {"Location: file:///etc/passwd"}, {}, -1, true);
      return;
    case Behaviour::RedirectLoop:
      // Kept alive, as a real server would: Qt follows redirects on the same connection.
      socket->write("HTTP/1.1 302 Found\r\nLocation: " + path + "\r\nContent-Length: 0\r\n\r\n");
      return;
    default: break;
  }

  qint64 first = 0;
  const bool ranged = behaviour != Behaviour::IgnoreRange && range.startsWith("bytes=") && range.endsWith("-");
  if (ranged) {
    bool ok = false;
    first = range.mid(6, range.size() - 7).toLongLong(&ok);
    if (!ok || first < 0) first = 0;
    if (first >= size) {
      send(socket, 416, "Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(size)}, {}, -1,
           true);
      return;
    }
  }
  const QByteArray body = file.mid(first);
  QList<QByteArray> headers = {"Content-Type: application/octet-stream", "Accept-Ranges: bytes"};
  if (ranged)
    headers.append("Content-Range: bytes " + QByteArray::number(first) + "-" + QByteArray::number(size - 1) + "/" +
                   QByteArray::number(size));
  const int status = ranged ? 206 : 200;
  const QByteArray reason = ranged ? "Partial Content" : "OK";

  const bool dropNow = behaviour == Behaviour::DropHalfway && !dropped_.contains(path);
  if (dropNow) dropped_.insert(path);
  if (dropNow || behaviour == Behaviour::StallHalfway) {
    send(socket, status, reason, headers, body, body.size() / 2, dropNow);
    return;
  }
  send(socket, status, reason, headers, body, -1, true);
}

void LocalHttpServer::keepSending(QTcpSocket* socket, int intervalMs, std::function<QByteArray()> piece) {
  // The timer belongs to the socket, so it stops when the client hangs up.
  auto* timer = new QTimer(socket);
  connect(timer, &QTimer::timeout, socket, [socket, piece = std::move(piece)] {
    if (socket->state() != QAbstractSocket::ConnectedState) return;
    // Not past what the kernel takes: a client that stopped reading must not grow our buffer.
    if (socket->bytesToWrite() < 1024 * 1024) socket->write(piece());
  });
  timer->start(intervalMs);
}

void LocalHttpServer::send(QTcpSocket* socket, int status, const QByteArray& reason, const QList<QByteArray>& headers,
                           const QByteArray& body, qint64 bodyBytesToSend, bool close) {
  QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\n";
  for (const QByteArray& header : headers) response += header + "\r\n";
  // Content-Length is always the whole body's: a shorter send is a dropped or stalled transfer.
  response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
  response += "Connection: close\r\n\r\n";
  response += bodyBytesToSend < 0 ? body : body.left(bodyBytesToSend);
  socket->write(response);
  if (close) socket->disconnectFromHost();  // after the pending bytes are written
}

}  // namespace digitpad::test
