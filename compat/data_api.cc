// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Winsock's data path over the simulated host: listen, accept, connect,
// send, recv, sendto, recvfrom, shutdown and getpeername, with Windows'
// blocking and non-blocking behaviour and error codes (docs §22).

#include <sys/types.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "compat/bridge.h"
#include "compat/compat_state.h"
#include "compat/data_path.h"
#include "compat/event_select.h"
#include "compat/network.h"
#include "portres_sim.h"
#include "winsock2.h"
#include "ws2ipdef.h"

namespace {

using portres::AddressFamily;
using portres::Protocol;
using portres::SocketType;
using portres::compat::internal::Connection;
using portres::compat::internal::Datagram;
using portres::compat::internal::DataState;
using portres::compat::internal::Endpoint;
using portres::compat::internal::Fail;
using portres::compat::internal::kReceiveWindow;
using portres::compat::internal::WinsockCall;
using portres::compat::internal::WinsockSocket;
namespace internal = portres::compat::internal;

using Mode = DataState::Mode;

// The largest datagram a UDP socket sends: 65535 less the IP and UDP
// headers (IPv6's header is not counted in its payload length).
size_t MaxDatagram(AddressFamily family) {
  return family == AddressFamily::kInet ? 65507 : 65527;
}

// A blocking call's wait ended with `socket` gone (another thread closed
// it, or its process ended): the call was interrupted (DP27).
constexpr int kInterrupted = WSAEINTR;

// The checks every data call starts with; nullptr with the last error set.
WinsockSocket* DataSocket(WinsockCall& call, SOCKET s) {
  if (!call.initialised()) return Fail(WSANOTINITIALISED, nullptr);
  WinsockSocket* socket = call.Socket(s);
  if (socket == nullptr) return Fail(WSAENOTSOCK, nullptr);
  // A shared machine's traffic with other programs goes through the bridge.
  if (call.shared_machine() && call.bridge() == nullptr) {
    return Fail(WSAENETDOWN, nullptr);
  }
  return socket;
}

// Where traffic for `destination` goes when this program's best receiver
// is `local` (nullptr: none): a receiver bound to the very address wins,
// here or in another program of a shared machine, then one bound to the
// wildcard (DP7). Empty `programs`: to `local`.
struct Route {
  std::vector<pid_t> programs;  // other programs to ask, in order
};
Route RouteFor(WinsockCall& call, Protocol protocol,
               const WinsockSocket* local, const Endpoint& destination) {
  internal::Bridge* bridge = call.bridge();
  if (bridge == nullptr) return {};
  if (local != nullptr && !internal::IsUnspecified(internal::LocalEndpoint(*local))) {
    return {};
  }
  internal::PortMap::Receivers there =
      bridge->port_map().Find(protocol, destination);
  if (!there.exact.empty()) return {std::move(there.exact)};
  if (local != nullptr) return {};
  return {std::move(there.wildcard)};
}

// TCP: queues `buf` toward the peer, waiting for room unless non-blocking.
int SendStream(WinsockCall& call, SOCKET s, const char* buf, int len) {
  WinsockSocket* socket = call.Socket(s);
  if (socket->data.mode != Mode::kConnected)
    return Fail(WSAENOTCONN, SOCKET_ERROR);
  const absl::Time deadline =
      internal::DeadlineAfter(socket->data.send_timeout_ms);
  size_t sent = 0;
  const size_t total = static_cast<size_t>(len);
  for (;;) {
    DataState& data = socket->data;
    if (data.send_shut) return Fail(WSAESHUTDOWN, SOCKET_ERROR);
    Connection& c = *data.connection;
    if (c.reset) return Fail(WSAECONNRESET, SOCKET_ERROR);
    const int peer = 1 - data.side;
    if (c.closed[peer] || c.receive_shut[peer]) {
      // Nobody will read it: the peer's stack answers with a reset, which
      // the next call sees (DP14).
      c.Reset();
      call.Notify();
      return len;
    }
    const size_t room =
        kReceiveWindow - std::min(kReceiveWindow, c.Unread(peer));
    const size_t take = std::min(room, total - sent);
    if (take > 0) {
      c.Deliver(peer, buf + sent, take);
      sent += take;
      call.Notify();
    }
    if (sent == total) return len;
    if (socket->non_blocking) {
      if (sent > 0) return static_cast<int>(sent);
      // FD_WRITE comes again once there is room (DP33).
      internal::Reenable(call, *socket, FD_WRITE);
      return Fail(WSAEWOULDBLOCK, SOCKET_ERROR);
    }
    if (!call.Wait(deadline)) return Fail(WSAETIMEDOUT, SOCKET_ERROR);
    socket = call.Socket(s);
    if (socket == nullptr) return Fail(kInterrupted, SOCKET_ERROR);
  }
}

// TCP: takes queued bytes, waiting for some unless non-blocking.
int ReceiveStream(WinsockCall& call, SOCKET s, char* buf, int len, int flags) {
  WinsockSocket* socket = call.Socket(s);
  if (socket->data.mode != Mode::kConnected)
    return Fail(WSAENOTCONN, SOCKET_ERROR);
  const absl::Time deadline =
      internal::DeadlineAfter(socket->data.receive_timeout_ms);
  for (;;) {
    size_t received = 0;
    const int code = internal::TryReceive(*socket, buf,
                                          static_cast<size_t>(len), flags,
                                          &received, nullptr);
    if (code == 0) {
      if (received > 0 && (flags & MSG_PEEK) == 0) call.Notify();  // room
      return static_cast<int>(received);
    }
    if (code != WSAEWOULDBLOCK || socket->non_blocking) {
      return Fail(code, SOCKET_ERROR);
    }
    if (!call.Wait(deadline)) return Fail(WSAETIMEDOUT, SOCKET_ERROR);
    socket = call.Socket(s);
    if (socket == nullptr) return Fail(kInterrupted, SOCKET_ERROR);
  }
}

// UDP: one datagram to `to`, through the implicit bind.
int SendDatagram(WinsockCall& call, SOCKET s, const char* buf, int len,
                 const Endpoint& to) {
  WinsockSocket* socket = call.Socket(s);
  if (static_cast<size_t>(len) > MaxDatagram(socket->family)) {
    return Fail(WSAEMSGSIZE, SOCKET_ERROR);
  }
  if (socket->data.send_shut) return Fail(WSAESHUTDOWN, SOCKET_ERROR);
  if (int code = internal::ReachAndBind(call, s, to)) {
    return Fail(code, SOCKET_ERROR);
  }
  socket = call.Socket(s);  // the bind may have moved the record
  const Endpoint from = internal::LocalEndpoint(*socket);
  WinsockSocket* receiver =
      internal::FindReceiver(call.processes(), Protocol::kUdp, to);
  const Route route = RouteFor(call, Protocol::kUdp, receiver, to);
  const size_t size = static_cast<size_t>(len);
  const bool delivered =
      route.programs.empty()
          ? receiver != nullptr
          : call.bridge()->SendDatagram(route.programs, from, to, buf, size);
  if (!delivered) {
    // ICMP port unreachable: the sender's next receive fails (DP22).
    socket->data.port_unreachable = true;
    call.Notify();
    return len;
  }
  if (route.programs.empty() &&
      internal::QueueDatagram(receiver->data, from, buf, size)) {
    call.Notify();
  }
  return len;
}

// UDP: one datagram, waiting for one unless non-blocking.
int ReceiveDatagram(WinsockCall& call, SOCKET s, char* buf, int len, int flags,
                    sockaddr* from, int* fromlen) {
  WinsockSocket* socket = call.Socket(s);
  // "The socket has not been bound with bind" [RECVFROM].
  if (!socket->bound) return Fail(WSAEINVAL, SOCKET_ERROR);
  if ((flags & MSG_WAITALL) != 0) return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  const absl::Time deadline =
      internal::DeadlineAfter(socket->data.receive_timeout_ms);
  for (;;) {
    size_t received = 0;
    Endpoint source;
    const int code = internal::TryReceive(*socket, buf,
                                          static_cast<size_t>(len), flags,
                                          &received, &source);
    if (code == 0 || code == WSAEMSGSIZE) {
      if (from != nullptr) (void)internal::WriteAddress(source, from, fromlen);
      return code == 0 ? static_cast<int>(received)
                       : Fail(code, SOCKET_ERROR);
    }
    if (code != WSAEWOULDBLOCK || socket->non_blocking) {
      return Fail(code, SOCKET_ERROR);
    }
    if (!call.Wait(deadline)) return Fail(WSAETIMEDOUT, SOCKET_ERROR);
    socket = call.Socket(s);
    if (socket == nullptr) return Fail(kInterrupted, SOCKET_ERROR);
  }
}

// Re-enables `events` on socket `s` when the call ends, whatever it
// answered (DP33): declared after the WinsockCall, so it runs first.
class ReenableAtEnd {
 public:
  ReenableAtEnd(WinsockCall& call, SOCKET s, long events)
      : call_(call), s_(s), events_(events) {}
  ~ReenableAtEnd() {
    if (WinsockSocket* socket = call_.Socket(s_)) {
      internal::Reenable(call_, *socket, events_);
    }
  }

 private:
  WinsockCall& call_;
  const SOCKET s_;
  const long events_;
};

// The buffer checks send and recv share: WSAEFAULT for a missing buffer,
// WSAEINVAL for a negative length.
int CheckBuffer(const void* buf, int len) {
  if (len < 0) return WSAEINVAL;
  if (buf == nullptr && len > 0) return WSAEFAULT;
  return 0;
}

// accept's checks and wait: 0 once a connection is queued on listener `s`
// (*next: the oldest), else the Windows code.
int WaitForConnection(WinsockCall& call, SOCKET s, sockaddr* addr, int* addrlen,
                      std::shared_ptr<Connection>* next) {
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return WSAGetLastError();
  if (addr != nullptr && (addrlen == nullptr ||
                          *addrlen < internal::AddressLength(socket->family))) {
    return WSAEFAULT;
  }
  if (socket->type != SocketType::kStream) return WSAEOPNOTSUPP;
  if (socket->data.mode != Mode::kListening) return WSAEINVAL;
  while (socket->data.pending.empty()) {
    if (socket->non_blocking) return WSAEWOULDBLOCK;
    (void)call.Wait(absl::InfiniteFuture());
    socket = call.Socket(s);
    if (socket == nullptr) return kInterrupted;
    if (socket->data.mode != Mode::kListening) return WSAEINVAL;
  }
  *next = socket->data.pending.front();
  return 0;
}

// Takes listener `s`'s oldest queued connection into a new socket.
SOCKET TakeConnection(WinsockCall& call, SOCKET s, sockaddr* addr,
                      int* addrlen) {
  const WinsockSocket* socket = call.Socket(s);
  absl::StatusOr<portres::SocketId> id = call.OpenSocket(
      socket->family, SocketType::kStream, IPPROTO_TCP, socket->overlapped);
  if (!id.ok()) return Fail(internal::CodeOf(id.status()), INVALID_SOCKET);
  // OpenSocket may have moved the listener's record: look it up again.
  WinsockSocket& accepted = *call.Socket(*id);
  internal::AcceptInto(*call.Socket(s), accepted);
  if (addr != nullptr) {
    (void)internal::WriteAddress(accepted.data.connection->endpoint[0], addr,
                                 addrlen);
  }
  call.Notify();
  return *id;
}

// connect's failure: at once for a blocking socket; a non-blocking one
// says it has begun and reports `code` through SO_ERROR, select's
// exceptfds and FD_CONNECT (DP10).
int Refused(WinsockCall& call, WinsockSocket& socket, int code) {
  if (!socket.non_blocking) return Fail(code, SOCKET_ERROR);
  socket.data.pending_error = code;
  socket.data.connect_done = true;
  socket.data.connect_error = code;
  call.Notify();
  return Fail(WSAEWOULDBLOCK, SOCKET_ERROR);
}

// connect's success: `connection` is in the listener's backlog.
int Established(WinsockCall& call, WinsockSocket& socket,
                std::shared_ptr<Connection> connection) {
  socket.data.mode = Mode::kConnected;
  socket.data.connection = std::move(connection);
  socket.data.side = 0;
  socket.data.connect_done = true;
  socket.data.connect_error = 0;
  call.Notify();
  // A non-blocking connect always reports that it has begun (DP10).
  return socket.non_blocking ? Fail(WSAEWOULDBLOCK, SOCKET_ERROR) : 0;
}

}  // namespace

extern "C" {

int portres_listen(SOCKET s, int backlog) {
  WinsockCall call;
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (socket->type != SocketType::kStream)
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  if (socket->data.mode == Mode::kConnected)
    return Fail(WSAEISCONN, SOCKET_ERROR);
  if (!socket->bound) return Fail(WSAEINVAL, SOCKET_ERROR);
  // DP3: SOMAXCONN is 200; SOMAXCONN_HINT(n) asks for n within [200, 65535];
  // other values are clamped to [1, 200].
  int limit;
  if (backlog == SOMAXCONN) {
    limit = 200;
  } else if (backlog < 0) {
    limit = backlog == INT_MIN ? 65535 : std::clamp(-backlog, 200, 65535);
  } else {
    limit = std::clamp(backlog, 1, 200);
  }
  socket->data.mode = Mode::kListening;
  socket->data.backlog = limit;
  // Other programs of a shared machine find it in the port map (DP35).
  if (internal::Bridge* bridge = call.bridge()) {
    socket->data.announcement = bridge->port_map().Announce(
        Protocol::kTcp, internal::LocalEndpoint(*socket));
  }
  call.Notify();  // PortresSimWaitForListener
  return 0;
}

SOCKET portres_accept(SOCKET s, struct sockaddr* addr, int* addrlen) {
  WinsockCall call;
  ReenableAtEnd reenable(call, s, FD_ACCEPT);
  std::shared_ptr<Connection> next;
  if (int code = WaitForConnection(call, s, addr, addrlen, &next)) {
    return Fail(code, INVALID_SOCKET);
  }
  return TakeConnection(call, s, addr, addrlen);
}

SOCKET WSAAccept(SOCKET s, struct sockaddr* addr, LPINT addrlen,
                 LPCONDITIONPROC lpfnCondition, DWORD_PTR dwCallbackData) {
  if (lpfnCondition == nullptr) return portres_accept(s, addr, addrlen);
  for (;;) {
    std::shared_ptr<Connection> next;
    {
      WinsockCall call;
      if (int code = WaitForConnection(call, s, addr, addrlen, &next)) {
        return Fail(code, INVALID_SOCKET);
      }
    }
    // The condition function runs without compat's lock: it may call
    // Winsock itself.
    sockaddr_in6 caller_name = {};
    sockaddr_in6 callee_name = {};
    int caller_length = sizeof(caller_name);
    int callee_length = sizeof(callee_name);
    (void)internal::WriteAddress(next->endpoint[0],
                                 reinterpret_cast<sockaddr*>(&caller_name),
                                 &caller_length);
    (void)internal::WriteAddress(next->endpoint[1],
                                 reinterpret_cast<sockaddr*>(&callee_name),
                                 &callee_length);
    WSABUF caller = {static_cast<ULONG>(caller_length),
                     reinterpret_cast<CHAR*>(&caller_name)};
    WSABUF callee = {static_cast<ULONG>(callee_length),
                     reinterpret_cast<CHAR*>(&callee_name)};
    GROUP group = 0;
    const int verdict = lpfnCondition(&caller, nullptr, nullptr, nullptr,
                                      &callee, nullptr, &group, dwCallbackData);
    WinsockCall call;
    ReenableAtEnd reenable(call, s, FD_ACCEPT);
    WinsockSocket* socket = DataSocket(call, s);
    if (socket == nullptr) return INVALID_SOCKET;
    if (socket->data.mode != Mode::kListening)
      return Fail(WSAEINVAL, INVALID_SOCKET);
    // Another thread took it meanwhile: ask about the next one.
    if (socket->data.pending.empty() || socket->data.pending.front() != next) {
      continue;
    }
    switch (verdict) {
      case CF_ACCEPT:
        return TakeConnection(call, s, addr, addrlen);
      case CF_REJECT:
        // The stack had established it: rejecting resets it (DP32).
        next->Reset();
        socket->data.pending.pop_front();
        call.Notify();
        return Fail(WSAECONNREFUSED, INVALID_SOCKET);
      case CF_DEFER:
        return Fail(WSATRY_AGAIN, INVALID_SOCKET);
      default:
        return Fail(WSAEINVAL, INVALID_SOCKET);
    }
  }
}

int portres_connect(SOCKET s, const struct sockaddr* name, int namelen) {
  Endpoint to;
  Endpoint from;
  Route route;
  internal::Bridge* bridge = nullptr;  // never destroyed once started
  {
    WinsockCall call;
    WinsockSocket* socket = DataSocket(call, s);
    if (socket == nullptr) return SOCKET_ERROR;
    if (int code = internal::ReadAddress(name, namelen, socket->family, &to)) {
      return Fail(code, SOCKET_ERROR);
    }
    if (socket->type == SocketType::kRaw)
      return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
    const bool stream = socket->type == SocketType::kStream;
    // A connect to another program is under way on this socket.
    if (socket->data.connecting) return Fail(WSAEALREADY, SOCKET_ERROR);
    if (stream && socket->data.mode == Mode::kListening) {
      return Fail(WSAEINVAL, SOCKET_ERROR);
    }
    if (stream && socket->data.mode == Mode::kConnected) {
      return Fail(WSAEISCONN, SOCKET_ERROR);
    }
    if (!stream && internal::IsUnspecified(to)) {
      socket->data.peer.reset();  // [CONNECT]: dissolves the association
      return 0;
    }
    if (int code = internal::ReachAndBind(call, s, to)) {
      return Fail(code, SOCKET_ERROR);
    }
    socket = call.Socket(s);  // the bind may have moved the record
    if (!stream) {
      socket->data.peer = to;
      return 0;
    }
    socket->data.pending_error = 0;
    socket->data.connect_done = false;
    WinsockSocket* listener =
        internal::FindReceiver(call.processes(), Protocol::kTcp, to);
    route = RouteFor(call, Protocol::kTcp, listener, to);
    from = internal::LocalEndpoint(*socket);
    if (route.programs.empty()) {
      if (listener == nullptr ||
          listener->data.pending.size() >=
              static_cast<size_t>(listener->data.backlog)) {
        return Refused(call, *socket, WSAECONNREFUSED);  // DP8, DP9
      }
      auto connection = std::make_shared<Connection>();
      connection->endpoint[0] = from;
      connection->endpoint[1] = to;
      listener->data.pending.push_back(connection);
      return Established(call, *socket, std::move(connection));
    }
    socket->data.connecting = true;
    bridge = call.bridge();
  }
  // The listener is in another program: ask it without holding the lock
  // (DP35). The socket may be closed meanwhile.
  internal::Bridge::Established made = bridge->Connect(route.programs, from, to);
  WinsockCall call;
  WinsockSocket* socket = call.Socket(s);
  // Closed meanwhile (a socket now holding the same handle is not marked).
  if (socket == nullptr || !socket->data.connecting) {
    return Fail(kInterrupted, SOCKET_ERROR);
  }
  socket->data.connecting = false;
  switch (made.outcome) {
    case internal::Bridge::Outcome::kEstablished:
      break;
    case internal::Bridge::Outcome::kRefused:
      return Refused(call, *socket, WSAECONNREFUSED);
    case internal::Bridge::Outcome::kTimedOut:
      return Refused(call, *socket, WSAETIMEDOUT);
    case internal::Bridge::Outcome::kNoBuffers:
      return Refused(call, *socket, WSAENOBUFS);
  }
  auto connection = std::make_shared<Connection>();
  connection->endpoint[0] = from;
  connection->endpoint[1] = to;
  bridge->Adopt(made.link, connection);
  return Established(call, *socket, std::move(connection));
}

int WSAConnect(SOCKET s, const struct sockaddr* name, int namelen,
               LPWSABUF lpCallerData, LPWSABUF lpCalleeData, LPQOS lpSQOS,
               LPQOS lpGQOS) {
  // "Connect data is not supported by TCP/IP"; nor is quality of service
  // here (DP32).
  const bool data = (lpCallerData != nullptr && lpCallerData->len != 0) ||
                    (lpCalleeData != nullptr && lpCalleeData->len != 0);
  if (data || lpSQOS != nullptr || lpGQOS != nullptr) {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
    if (call.Socket(s) == nullptr) return Fail(WSAENOTSOCK, SOCKET_ERROR);
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  }
  if (lpCalleeData != nullptr) lpCalleeData->len = 0;  // none came back
  return portres_connect(s, name, namelen);
}

int portres_send(SOCKET s, const char* buf, int len, int flags) {
  WinsockCall call;
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (int code = CheckBuffer(buf, len)) return Fail(code, SOCKET_ERROR);
  if ((flags & ~MSG_DONTROUTE) != 0) return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  if (socket->type == SocketType::kDatagram) {
    if (!socket->data.peer.has_value()) return Fail(WSAENOTCONN, SOCKET_ERROR);
    return SendDatagram(call, s, buf, len, *socket->data.peer);
  }
  return SendStream(call, s, buf, len);
}

int portres_recv(SOCKET s, char* buf, int len, int flags) {
  WinsockCall call;
  ReenableAtEnd reenable(call, s, FD_READ);
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (int code = CheckBuffer(buf, len)) return Fail(code, SOCKET_ERROR);
  if ((flags & ~(MSG_PEEK | MSG_WAITALL)) != 0 ||
      (flags & (MSG_PEEK | MSG_WAITALL)) == (MSG_PEEK | MSG_WAITALL)) {
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  }
  if (socket->type == SocketType::kDatagram) {
    return ReceiveDatagram(call, s, buf, len, flags, nullptr, nullptr);
  }
  return ReceiveStream(call, s, buf, len, flags);
}

int portres_sendto(SOCKET s, const char* buf, int len, int flags,
                   const struct sockaddr* to, int tolen) {
  WinsockCall call;
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (int code = CheckBuffer(buf, len)) return Fail(code, SOCKET_ERROR);
  if ((flags & ~MSG_DONTROUTE) != 0) return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  // A connected socket's destination is its peer; `to` is ignored [SENDTO].
  if (socket->type == SocketType::kStream) return SendStream(call, s, buf, len);
  if (socket->data.peer.has_value()) {
    return SendDatagram(call, s, buf, len, *socket->data.peer);
  }
  if (to == nullptr) return Fail(WSAENOTCONN, SOCKET_ERROR);
  Endpoint destination;
  if (int code =
          internal::ReadAddress(to, tolen, socket->family, &destination)) {
    return Fail(code, SOCKET_ERROR);
  }
  return SendDatagram(call, s, buf, len, destination);
}

int portres_recvfrom(SOCKET s, char* buf, int len, int flags,
                     struct sockaddr* from, int* fromlen) {
  WinsockCall call;
  ReenableAtEnd reenable(call, s, FD_READ);
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (int code = CheckBuffer(buf, len)) return Fail(code, SOCKET_ERROR);
  if ((flags & ~(MSG_PEEK | MSG_WAITALL)) != 0) {
    return Fail(WSAEOPNOTSUPP, SOCKET_ERROR);
  }
  // For a connection, `from` is ignored [RECVFROM].
  if (socket->type == SocketType::kStream) {
    return ReceiveStream(call, s, buf, len, flags);
  }
  if (from != nullptr && (fromlen == nullptr ||
                          *fromlen < internal::AddressLength(socket->family))) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  return ReceiveDatagram(call, s, buf, len, flags, from, fromlen);
}

int portres_shutdown(SOCKET s, int how) {
  WinsockCall call;
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (how < SD_RECEIVE || how > SD_BOTH) return Fail(WSAEINVAL, SOCKET_ERROR);
  DataState& data = socket->data;
  const bool stream = socket->type == SocketType::kStream;
  if (stream && data.mode != Mode::kConnected) {
    return Fail(WSAENOTCONN, SOCKET_ERROR);
  }
  if (how != SD_RECEIVE) {
    data.send_shut = true;
    if (stream) data.connection->Fin(data.side);
  }
  if (how != SD_SEND) {
    data.receive_shut = true;
    if (stream) {
      Connection& c = *data.connection;
      c.ShutReceive(data.side);
      // Data queued for a socket that will not read it resets the
      // connection [SHUTDOWN].
      if (!c.inbox[data.side].empty()) c.Reset();
    }
  }
  call.Notify();
  return 0;
}

int portres_getpeername(SOCKET s, struct sockaddr* name, int* namelen) {
  WinsockCall call;
  WinsockSocket* socket = DataSocket(call, s);
  if (socket == nullptr) return SOCKET_ERROR;
  if (name == nullptr || namelen == nullptr)
    return Fail(WSAEFAULT, SOCKET_ERROR);
  const DataState& data = socket->data;
  Endpoint peer;
  if (socket->type == SocketType::kStream && data.mode == Mode::kConnected) {
    peer = data.connection->endpoint[1 - data.side];
  } else if (socket->type == SocketType::kDatagram && data.peer.has_value()) {
    peer = *data.peer;
  } else {
    return Fail(WSAENOTCONN, SOCKET_ERROR);
  }
  if (int code = internal::WriteAddress(peer, name, namelen)) {
    return Fail(code, SOCKET_ERROR);
  }
  return 0;
}

BOOL PortresSimWaitForListener(int protocol, USHORT port, DWORD timeout_ms) {
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return FALSE;
  const Protocol wanted =
      protocol == IPPROTO_TCP ? Protocol::kTcp : Protocol::kUdp;
  const absl::Time deadline =
      timeout_ms == INFINITE ? absl::InfiniteFuture()
                             : absl::Now() + absl::Milliseconds(timeout_ms);
  WinsockCall call;
  for (;;) {
    const bool ready = call.processes().AnySocket(
        [&](portres::sim::Pid, portres::SocketId, WinsockSocket& socket) {
          return socket.protocol == wanted && socket.bound &&
                 socket.port == port && !socket.data.accepted &&
                 (wanted == Protocol::kUdp ||
                  socket.data.mode == Mode::kListening);
        });
    if (ready) return TRUE;
    // Another program's listener on 127.0.0.1 or the wildcard: announced
    // in the port map, which says nothing when it changes, so look again
    // every few milliseconds.
    internal::Bridge* bridge = call.bridge();
    if (bridge != nullptr) {
      Endpoint loopback{.port = port};
      loopback.address[0] = 127;
      loopback.address[3] = 1;
      const internal::PortMap::Receivers there =
          bridge->port_map().Find(wanted, loopback);
      if (!there.exact.empty() || !there.wildcard.empty()) return TRUE;
    }
    const absl::Time next =
        bridge == nullptr ? deadline
                          : std::min(deadline, absl::Now() + absl::Milliseconds(5));
    if (!call.Wait(next) && next == deadline) return FALSE;
  }
}

}  // extern "C"
