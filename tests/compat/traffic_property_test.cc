// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Properties of the data path with traffic, reservations and processes
// mixed (issue 23): random sequences of Winsock calls by two simulated
// processes — open, bind, listen, connect, accept, send, recv, shutdown,
// close, wildcard acquires, a process's end — after each of which
//   - the machine's invariants hold (ports, reservations, sockets);
//   - every byte a socket receives is the next byte its peer sent, in order
//     (checked against a plain model of each connection's two directions);
//   - a port chosen by connect's implicit bind lies in the dynamic range and
//     in no reservation (DP5).
// Replay a failure with the RC_PARAMS seed rapidcheck prints.

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "portres/compat_host.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

enum class Kind {
  kOpen,
  kBindListen,
  kConnect,
  kAccept,
  kSend,
  kRecv,
  kShutdown,
  kClose,
  kAcquire,
  kExitProcess,
  kPair
};

struct Op {
  Kind kind;
  int process;  // 0: the initial process, 1: the second one
  int pick;     // which of that process's sockets (modulo their number)
  int port;     // an index into kPorts
  std::string bytes;
};

constexpr USHORT kPorts[] = {27015, 27016};

// How rapidcheck prints a failing sequence.
void showValue(const Op& op, std::ostream& out) {
  static constexpr const char* kNames[] = {
      "open",     "bind+listen", "connect", "accept", "send", "recv",
      "shutdown", "close",       "acquire", "exit",   "pair"};
  out << kNames[static_cast<int>(op.kind)] << "(process " << op.process
      << ", pick " << op.pick << ", port " << kPorts[op.port % 2] << ", \""
      << op.bytes << "\")";
}

// The model: what each open socket is, and the bytes in flight toward each
// end of each connection.
struct Socket {
  SOCKET handle;
  bool stream;
  bool listening = false;
  USHORT port = 0;      // a listener's port
  int connection = -1;  // index into Model::connections
  int side = 0;
};
struct Connection {
  std::string toward[2];  // bytes sent toward side i, not yet received
  bool fin_toward[2] = {false, false};  // the other side shut down sending
  bool unreliable = false;  // reset, or an end gone: bytes no longer modelled
};
struct Reservation {
  int process;
  SOCKET holder;
  USHORT first, last;
};
struct Model {
  DWORD pids[2];
  std::vector<Socket> sockets[2];
  std::vector<Connection> connections;
  // Per listening port, the connections accept has not taken, oldest first
  // (each port has one listener: they bind 127.0.0.1 without sharing).
  std::map<USHORT, std::vector<int>> backlog;
  std::vector<Reservation> reservations;
};

// A socket of process `p` goes: its reservations with it, a listener's
// unaccepted connections reset, its connection unreliable if `abortive`.
void Forget(Model& m, int p, const Socket& s, bool abortive) {
  std::erase_if(m.reservations, [&](const Reservation& r) {
    return r.process == p && r.holder == s.handle;
  });
  if (s.listening) {
    for (int id : m.backlog[s.port]) {
      m.connections[static_cast<size_t>(id)].unreliable = true;
    }
    m.backlog.erase(s.port);
  }
  if (abortive && s.connection >= 0) {
    m.connections[static_cast<size_t>(s.connection)].unreliable = true;
  }
}

bool ActAs(DWORD pid) { return PortresSimSwitchProcess(pid) != FALSE; }

void Start(DWORD pid) {
  WSADATA data;
  RC_ASSERT(ActAs(pid));
  RC_ASSERT(WSAStartup(MAKEWORD(2, 2), &data) == 0);
}

USHORT PortOf(SOCKET s) {
  sockaddr_in name = {};
  int length = sizeof(name);
  RC_ASSERT(getsockname(s, reinterpret_cast<sockaddr*>(&name), &length) == 0);
  return ntohs(name.sin_port);
}

// The socket's connection in the model, or nullptr when its bytes are not
// modelled any more.
Connection* Modelled(Model& m, const Socket& s) {
  if (s.connection < 0) return nullptr;
  Connection& c = m.connections[static_cast<size_t>(s.connection)];
  return c.unreliable ? nullptr : &c;
}

void Run(Model& m, const Op& op) {  // NOLINT(misc-no-recursion): kPair
  const int p = op.process;
  RC_ASSERT(ActAs(m.pids[p]));
  std::vector<Socket>& mine = m.sockets[p];
  if (op.kind == Kind::kOpen) {
    const bool stream = op.pick % 2 == 0;
    const SOCKET s = stream ? socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                            : socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    RC_ASSERT(s != INVALID_SOCKET);
    u_long on = 1;
    RC_ASSERT(ioctlsocket(s, FIONBIO, &on) == 0);
    mine.push_back({s, stream});
    return;
  }
  if (op.kind == Kind::kPair) {
    // A connection in one step, so that most sequences carry traffic: a
    // listener on the port (unless one exists), a client in either process,
    // connect, accept.
    const int q = op.pick % 2;
    Run(m, {Kind::kOpen, p, 0, op.port, ""});
    Run(m, {Kind::kBindListen, p, static_cast<int>(m.sockets[p].size() - 1),
            op.port, ""});
    Run(m, {Kind::kOpen, q, 0, op.port, ""});
    Run(m, {Kind::kConnect, q, static_cast<int>(m.sockets[q].size() - 1),
            op.port, ""});
    for (int r : {0, 1}) {
      for (size_t i = 0; i < m.sockets[r].size(); ++i) {
        const Socket& listener = m.sockets[r][i];
        if (listener.listening && listener.port == kPorts[op.port % 2]) {
          Run(m, {Kind::kAccept, r, static_cast<int>(i), op.port, ""});
          return;
        }
      }
    }
    return;
  }
  if (op.kind == Kind::kExitProcess) {
    if (p == 0) return;  // the initial process stays
    for (const Socket& s : mine) Forget(m, p, s, /*abortive=*/true);
    RC_ASSERT(PortresSimExitProcess(m.pids[1]));
    mine.clear();
    m.pids[1] = PortresSimSpawnProcess(FALSE);
    Start(m.pids[1]);
    return;
  }
  if (mine.empty()) return;
  const size_t index = static_cast<size_t>(op.pick) % mine.size();
  Socket& s = mine[index];
  const USHORT port = kPorts[op.port % 2];
  switch (op.kind) {
    case Kind::kBindListen: {
      sockaddr_in a = LoopbackV4(port);
      if (bind(s.handle, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
          s.stream) {
        RC_ASSERT(listen(s.handle, 4) == 0);
        s.listening = true;
        s.port = port;
      }
      return;
    }
    case Kind::kConnect: {
      if (!s.stream || s.listening || s.connection >= 0) return;
      sockaddr_in a = LoopbackV4(port);
      const int rc =
          connect(s.handle, reinterpret_cast<sockaddr*>(&a), sizeof(a));
      RC_ASSERT(rc == SOCKET_ERROR);  // non-blocking: always WSAEWOULDBLOCK
      RC_ASSERT(WSAGetLastError() == WSAEWOULDBLOCK);
      int error = 0;
      int length = sizeof(error);
      RC_ASSERT(getsockopt(s.handle, SOL_SOCKET, SO_ERROR,
                           reinterpret_cast<char*>(&error), &length) == 0);
      if (error != 0) {
        RC_ASSERT(error == WSAECONNREFUSED);
        return;
      }
      // DP5: the implicit bind's port: dynamic range, in no reservation.
      const USHORT local = PortOf(s.handle);
      RC_ASSERT(local >= 49152);
      for (const Reservation& r : m.reservations) {
        RC_ASSERT(local < r.first || local > r.last);
      }
      m.connections.emplace_back();
      s.connection = static_cast<int>(m.connections.size() - 1);
      s.side = 0;
      m.backlog[port].push_back(s.connection);
      return;
    }
    case Kind::kAccept: {
      if (!s.listening) return;
      const SOCKET accepted = accept(s.handle, nullptr, nullptr);
      if (accepted == INVALID_SOCKET) {
        RC_ASSERT(WSAGetLastError() == WSAEWOULDBLOCK);
        return;
      }
      // The oldest connection to this listener's port.
      std::vector<int>& waiting = m.backlog[s.port];
      RC_ASSERT(!waiting.empty());
      Socket server{accepted, true};
      server.connection = waiting.front();
      server.side = 1;
      waiting.erase(waiting.begin());
      mine.push_back(server);
      return;
    }
    case Kind::kSend: {
      const int n =
          send(s.handle, op.bytes.data(), static_cast<int>(op.bytes.size()), 0);
      Connection* c = Modelled(m, s);
      if (n == SOCKET_ERROR) {
        const int code = WSAGetLastError();
        RC_ASSERT(code == WSAENOTCONN || code == WSAEWOULDBLOCK ||
                  code == WSAESHUTDOWN || code == WSAECONNRESET);
        if (code == WSAECONNRESET && c != nullptr) c->unreliable = true;
        return;
      }
      RC_ASSERT(n >= 0 && static_cast<size_t>(n) <= op.bytes.size());
      if (c != nullptr)
        c->toward[1 - s.side] += op.bytes.substr(0, static_cast<size_t>(n));
      return;
    }
    case Kind::kRecv: {
      char buffer[256];
      const int want = 1 + op.port * 100 + op.pick % 50;
      const int n = recv(s.handle, buffer, want, 0);
      Connection* c = Modelled(m, s);
      if (n == SOCKET_ERROR) {
        const int code = WSAGetLastError();
        RC_ASSERT(code == WSAENOTCONN || code == WSAEWOULDBLOCK ||
                  code == WSAESHUTDOWN || code == WSAECONNRESET ||
                  code == WSAEINVAL);
        if (code == WSAECONNRESET && c != nullptr) c->unreliable = true;
        if (code == WSAEWOULDBLOCK && c != nullptr) {
          RC_ASSERT(c->toward[s.side].empty() && !c->fin_toward[s.side]);
        }
        return;
      }
      if (c == nullptr || !s.stream) return;
      std::string& pending = c->toward[s.side];
      // In order, nothing lost, nothing made up.
      RC_ASSERT(std::string(buffer, static_cast<size_t>(n)) ==
                pending.substr(0, static_cast<size_t>(n)));
      if (n == 0) RC_ASSERT(pending.empty() && c->fin_toward[s.side]);
      RC_ASSERT(n > 0 || want == 0 || pending.empty());
      pending.erase(0, static_cast<size_t>(n));
      return;
    }
    case Kind::kShutdown: {
      if (shutdown(s.handle, SD_SEND) == 0) {
        if (Connection* c = Modelled(m, s)) c->fin_toward[1 - s.side] = true;
      }
      return;
    }
    case Kind::kClose: {
      if (Connection* c = Modelled(m, s)) {
        // Unread data resets; otherwise the peer sees the stream end.
        if (!c->toward[s.side].empty()) {
          c->unreliable = true;
        } else {
          c->fin_toward[1 - s.side] = true;
        }
      }
      Forget(m, p, s, /*abortive=*/false);
      RC_ASSERT(closesocket(s.handle) == 0);
      mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(index));
      return;
    }
    case Kind::kAcquire: {
      // On a TCP socket: the pool connect's implicit bind takes ports from.
      if (!s.stream) return;
      INET_PORT_RANGE range = {0, 4};
      INET_PORT_RESERVATION_INSTANCE instance = {};
      DWORD bytes = 0;
      if (WSAIoctl(s.handle, SIO_ACQUIRE_PORT_RESERVATION, &range,
                   sizeof(range), &instance, sizeof(instance), &bytes, nullptr,
                   nullptr) == 0) {
        const USHORT first = ntohs(instance.Reservation.StartPort);
        m.reservations.push_back(
            {p, s.handle, first, static_cast<USHORT>(first + 3)});
      }
      return;
    }
    default:
      return;
  }
}

rc::Gen<Op> GenOp() {
  // Weighted towards the calls that make and use connections, so most
  // sequences carry traffic.
  return rc::gen::construct<Op>(
      rc::gen::weightedElement<Kind>({{3, Kind::kOpen},
                                      {2, Kind::kBindListen},
                                      {3, Kind::kConnect},
                                      {3, Kind::kAccept},
                                      {4, Kind::kSend},
                                      {4, Kind::kRecv},
                                      {1, Kind::kShutdown},
                                      {1, Kind::kClose},
                                      {1, Kind::kAcquire},
                                      {1, Kind::kExitProcess},
                                      {3, Kind::kPair}}),
      rc::gen::inRange(0, 2), rc::gen::inRange(0, 1000), rc::gen::inRange(0, 2),
      rc::gen::container<std::string>(rc::gen::inRange('a', 'z')));
}

RC_GTEST_PROP(TrafficProperties, BytesArriveInOrderAndInvariantsHold, ()) {
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  PortresSimReset();
  // A small dynamic range, so wildcard reservations and implicit binds
  // compete for it.
  RC_ASSERT(PortresSimSetDynamicPortRange(IPPROTO_TCP, 49152, 255));
  RC_ASSERT(PortresSimSetDynamicPortRange(IPPROTO_UDP, 49152, 255));
  Model m;
  m.pids[0] = GetCurrentProcessId();
  Start(m.pids[0]);
  m.pids[1] = PortresSimSpawnProcess(FALSE);
  Start(m.pids[1]);
  for (const Op& op : ops) {
    Run(m, op);
    RC_ASSERT(ActAs(m.pids[0]));
    RC_ASSERT(compat::SimulatedMachine().CheckInvariants().ok());
  }
}

}  // namespace
}  // namespace portres::testkit
