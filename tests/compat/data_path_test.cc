// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The data path's rules (docs §22, DP1-DP27), one test per situation, each
// asserting the Windows code.

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "mswsock.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

using DataPathTest = CompatTest;

int ConnectV4(SOCKET s, USHORT port) {
  const sockaddr_in to = LoopbackV4(port);
  return connect(s, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to));
}

SOCKET ListenOn(USHORT port, int backlog = SOMAXCONN) {
  const SOCKET s = Tcp();
  EXPECT_EQ(BindLoopbackV4(s, port), 0);
  EXPECT_EQ(listen(s, backlog), 0);
  return s;
}

// An established connection on 127.0.0.1:port: the client's socket and the
// one accept returned.
struct Connected {
  SOCKET listener, client, server;
};
Connected Connect(USHORT port) {
  Connected c;
  c.listener = ListenOn(port);
  c.client = Tcp();
  EXPECT_EQ(ConnectV4(c.client, port), 0);
  c.server = accept(c.listener, nullptr, nullptr);
  EXPECT_NE(c.server, INVALID_SOCKET);
  return c;
}

void SetNonBlocking(SOCKET s) {
  u_long on = 1;
  ASSERT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
}

int SendText(SOCKET s, const std::string& text) {
  return send(s, text.data(), static_cast<int>(text.size()), 0);
}

std::string Receive(SOCKET s, int most = 256) {
  std::string buffer(static_cast<size_t>(most), '\0');
  const int n = recv(s, buffer.data(), most, 0);
  if (n < 0) return "<error " + std::to_string(WSAGetLastError()) + ">";
  buffer.resize(static_cast<size_t>(n));
  return buffer;
}

// A new simulated process with Winsock started; the thread now acts as it.
DWORD StartOtherProcess() {
  const DWORD pid = PortresSimSpawnProcess(FALSE);
  EXPECT_TRUE(PortresSimSwitchProcess(pid));
  WSADATA data;
  EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  return pid;
}

// DP1, DP2: a connection carries bytes both ways, in order; each end's names
// are the other's peer names.
TEST_F(DataPathTest, AConnectionCarriesBytesBothWays) {
  Connected c = Connect(27015);
  EXPECT_EQ(SendText(c.client, "hello"), 5);
  EXPECT_EQ(SendText(c.client, " world"), 6);
  EXPECT_EQ(Receive(c.server), "hello world");
  EXPECT_EQ(SendText(c.server, "back"), 4);
  EXPECT_EQ(Receive(c.client), "back");

  sockaddr_in client_name = {}, server_peer = {};
  int length = sizeof(client_name);
  ASSERT_EQ(
      getsockname(c.client, reinterpret_cast<SOCKADDR*>(&client_name), &length),
      0);
  length = sizeof(server_peer);
  ASSERT_EQ(
      getpeername(c.server, reinterpret_cast<SOCKADDR*>(&server_peer), &length),
      0);
  EXPECT_EQ(length, static_cast<int>(sizeof(sockaddr_in)));
  EXPECT_EQ(server_peer.sin_port, client_name.sin_port);
  EXPECT_EQ(server_peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  // The accepted socket shares the listener's port [ACCEPT].
  EXPECT_EQ(LocalPort(c.server), 27015);
}

// DP5: connect's implicit bind takes a port from the dynamic range, for the
// loopback address.
TEST_F(DataPathTest, ConnectBindsImplicitlyInTheDynamicRange) {
  Connected c = Connect(27015);
  const USHORT port = LocalPort(c.client);
  EXPECT_GE(port, 49152);
  sockaddr_in name = {};
  int length = sizeof(name);
  ASSERT_EQ(getsockname(c.client, reinterpret_cast<SOCKADDR*>(&name), &length),
            0);
  EXPECT_EQ(name.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
}

// DP5: the implicit bind follows the reservation rules: an associated
// socket's connect takes its port from the reservation (RX4), and when the
// whole dynamic range is held the connect fails as bind(0) does.
TEST_F(DataPathTest, ConnectsImplicitBindFollowsTheReservationRules) {
  const SOCKET listener = ListenOn(27015);
  const SOCKET holder = Tcp();
  INET_PORT_RESERVATION_INSTANCE reservation = {};
  ASSERT_EQ(Acquire(holder, 40000, 16, &reservation), 0);
  const SOCKET associated = Tcp();
  ASSERT_EQ(TokenIoctl(associated, SIO_ASSOCIATE_PORT_RESERVATION,
                       reservation.Token.Token),
            0);
  ASSERT_EQ(ConnectV4(associated, 27015), 0);
  const USHORT port = LocalPort(associated);
  EXPECT_GE(port, 40000);
  EXPECT_LT(port, 40016);

  ASSERT_TRUE(PortresSimSetDynamicPortRange(IPPROTO_TCP, 50000, 255));
  ASSERT_NE(PortresSimAddSystemReservation(IPPROTO_TCP, 50000, 255), 0u);
  const SOCKET other = Tcp();
  EXPECT_EQ(BindV4(other, 0), SOCKET_ERROR);
  const int bind_code = WSAGetLastError();
  const SOCKET client = Tcp();
  EXPECT_EQ(ConnectV4(client, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), bind_code);
  EXPECT_EQ(bind_code, WSAENOBUFS);
  closesocket(listener);
}

// DP7: a connection goes to the listener bound to the address itself
// before one bound to the wildcard, whichever was bound first.
TEST_F(DataPathTest, TheSpecificListenerWinsOverTheWildcard) {
  for (const bool wildcard_first : {true, false}) {
    SCOPED_TRACE(wildcard_first ? "wildcard first" : "specific first");
    PortresSimReset();
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    const BOOL on = TRUE;
    SOCKET wildcard = INVALID_SOCKET, specific = INVALID_SOCKET;
    for (int i = 0; i < 2; ++i) {
      const SOCKET s = Tcp();
      ASSERT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR,
                           reinterpret_cast<const char*>(&on), sizeof(on)),
                0);
      if ((i == 0) == wildcard_first) {
        ASSERT_EQ(BindV4(s, 27015), 0);
        wildcard = s;
      } else {
        ASSERT_EQ(BindLoopbackV4(s, 27015), 0);
        specific = s;
      }
      ASSERT_EQ(listen(s, 5), 0);
    }
    const SOCKET client = Tcp();
    ASSERT_EQ(ConnectV4(client, 27015), 0);
    SetNonBlocking(wildcard);
    SetNonBlocking(specific);
    EXPECT_EQ(accept(wildcard, nullptr, nullptr), INVALID_SOCKET);
    EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    EXPECT_NE(accept(specific, nullptr, nullptr), INVALID_SOCKET);
  }
}

// DP8: nobody listens: refused, at once when blocking; a non-blocking
// connect reports WSAEWOULDBLOCK, then select's exceptfds and SO_ERROR
// (read once) tell the refusal.
TEST_F(DataPathTest, APortNobodyListensOnRefuses) {
  const SOCKET blocking = Tcp();
  EXPECT_EQ(ConnectV4(blocking, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);

  const SOCKET s = Tcp();
  SetNonBlocking(s);
  EXPECT_EQ(ConnectV4(s, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
  fd_set failed;
  FD_ZERO(&failed);
  FD_SET(s, &failed);
  timeval now = {0, 0};
  EXPECT_EQ(select(0, nullptr, nullptr, &failed, &now), 1);
  EXPECT_TRUE(FD_ISSET(s, &failed));
  int error = 0;
  int length = sizeof(error);
  ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error),
                       &length),
            0);
  EXPECT_EQ(error, WSAECONNREFUSED);
  ASSERT_EQ(getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error),
                       &length),
            0);
  EXPECT_EQ(error, 0);
}

// DP9: a full backlog refuses the next connection; accepting makes room.
TEST_F(DataPathTest, AFullBacklogRefuses) {
  const SOCKET listener = ListenOn(27015, 1);
  const SOCKET first = Tcp();
  const SOCKET second = Tcp();
  EXPECT_EQ(ConnectV4(first, 27015), 0);
  EXPECT_EQ(ConnectV4(second, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
  EXPECT_NE(accept(listener, nullptr, nullptr), INVALID_SOCKET);
  EXPECT_EQ(ConnectV4(second, 27015), 0);
}

// DP10: a non-blocking connect that will succeed also says WSAEWOULDBLOCK;
// select then finds it writable, and connecting again is WSAEISCONN.
TEST_F(DataPathTest, ANonBlockingConnectCompletesAsWritable) {
  const SOCKET listener = ListenOn(27015);
  const SOCKET s = Tcp();
  SetNonBlocking(s);
  EXPECT_EQ(ConnectV4(s, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
  fd_set writable;
  FD_ZERO(&writable);
  FD_SET(s, &writable);
  EXPECT_EQ(select(0, nullptr, &writable, nullptr, nullptr), 1);
  EXPECT_EQ(ConnectV4(s, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
  closesocket(listener);
}

// DP3, DP4, DP10 [LISTEN], [ACCEPT], [CONNECT]: the argument and state
// errors.
TEST_F(DataPathTest, ListenAcceptAndConnectRefuseWhatWindowsRefuses) {
  const SOCKET unbound = Tcp();
  EXPECT_EQ(listen(unbound, 5), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  const SOCKET udp = Udp();
  ASSERT_EQ(BindV4(udp, 0), 0);
  EXPECT_EQ(listen(udp, 5), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(accept(unbound, nullptr, nullptr), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);  // not listening
  EXPECT_EQ(listen(12345, 5), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);

  Connected c = Connect(27015);
  EXPECT_EQ(listen(c.client, 5), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
  // An accepted socket is bound already (found by compat_traffic_test).
  EXPECT_EQ(BindV4(c.server, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(ConnectV4(c.client, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEISCONN);
  EXPECT_EQ(ConnectV4(c.listener, 27015), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  sockaddr_in peer = {};
  int short_length = sizeof(peer) - 1;
  EXPECT_EQ(
      accept(c.listener, reinterpret_cast<SOCKADDR*>(&peer), &short_length),
      INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  SetNonBlocking(c.listener);
  EXPECT_EQ(accept(c.listener, nullptr, nullptr), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);

  const SOCKET s = Tcp();
  EXPECT_EQ(ConnectV4(s, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
  sockaddr_in any = LoopbackV4(27015);
  any.sin_addr.s_addr = htonl(INADDR_ANY);
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&any), sizeof(any)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&any), sizeof(any) - 1),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  sockaddr_in6 v6 = {};
  v6.sin6_family = AF_INET6;
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&v6), sizeof(v6)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
  // DP6: the simulation carries nothing off this machine.
  sockaddr_in away = LoopbackV4(80);
  away.sin_addr.s_addr = htonl(0x08080808);
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&away), sizeof(away)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENETUNREACH);
  // Nothing failed left the socket bound.
  sockaddr_in name = {};
  int length = sizeof(name);
  EXPECT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// [SEND], [RECV]: not connected, would block, bad buffers and flags.
TEST_F(DataPathTest, SendAndRecvRefuseWhatWindowsRefuses) {
  const SOCKET s = Tcp();
  char byte = 'x';
  EXPECT_EQ(send(s, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
  EXPECT_EQ(recv(s, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);

  Connected c = Connect(27015);
  EXPECT_EQ(recv(c.listener, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
  EXPECT_EQ(send(c.client, nullptr, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(send(c.client, &byte, 1, MSG_OOB), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(recv(c.client, &byte, 1, MSG_PEEK | MSG_WAITALL), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  SetNonBlocking(c.server);
  EXPECT_EQ(recv(c.server, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// DP11: a graceful close: the peer reads what was sent, then 0.
TEST_F(DataPathTest, AGracefulCloseEndsTheStreamAfterItsData) {
  Connected c = Connect(27015);
  EXPECT_EQ(SendText(c.client, "last words"), 10);
  EXPECT_EQ(closesocket(c.client), 0);
  EXPECT_EQ(Receive(c.server, 4), "last");
  EXPECT_EQ(Receive(c.server), " words");
  EXPECT_EQ(Receive(c.server), "");
  EXPECT_EQ(Receive(c.server), "");
}

// DP13: closing with unread data resets the connection.
TEST_F(DataPathTest, ClosingWithUnreadDataResets) {
  Connected c = Connect(27015);
  EXPECT_EQ(SendText(c.client, "unread"), 6);
  EXPECT_EQ(closesocket(c.server), 0);
  EXPECT_EQ(Receive(c.client), "<error 10054>");
  char byte = 'x';
  EXPECT_EQ(send(c.client, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
}

// DP13: SO_LINGER on with a zero time closes abortively [LINGER].
TEST_F(DataPathTest, AZeroLingerClosesAbortively) {
  Connected c = Connect(27015);
  const LINGER abortive = {1, 0};
  ASSERT_EQ(
      setsockopt(c.client, SOL_SOCKET, SO_LINGER,
                 reinterpret_cast<const char*>(&abortive), sizeof(abortive)),
      0);
  LINGER read_back = {};
  int length = sizeof(read_back);
  ASSERT_EQ(getsockopt(c.client, SOL_SOCKET, SO_LINGER,
                       reinterpret_cast<char*>(&read_back), &length),
            0);
  EXPECT_EQ(read_back.l_onoff, 1);
  EXPECT_EQ(read_back.l_linger, 0);
  EXPECT_EQ(SendText(c.client, "lost"), 4);
  EXPECT_EQ(closesocket(c.client), 0);
  EXPECT_EQ(Receive(c.server), "<error 10054>");
}

// DP14: data sent to a socket that closed is answered by a reset: the send
// succeeds, the next call fails.
TEST_F(DataPathTest, SendingToAClosedPeerResetsTheNextCall) {
  Connected c = Connect(27015);
  EXPECT_EQ(closesocket(c.server), 0);
  EXPECT_EQ(SendText(c.client, "anyone?"), 7);
  EXPECT_EQ(Receive(c.client), "<error 10054>");
}

// DP15, [SHUTDOWN]: SD_SEND ends the stream for the peer and refuses later
// sends; SD_RECEIVE refuses later receives, and data arriving after it
// resets the connection.
TEST_F(DataPathTest, ShutdownEndsOneDirection) {
  Connected c = Connect(27015);
  ASSERT_EQ(shutdown(c.client, SD_SEND), 0);
  EXPECT_EQ(Receive(c.server), "");
  char byte = 'x';
  EXPECT_EQ(send(c.client, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
  EXPECT_EQ(SendText(c.server, "still open"), 10);
  EXPECT_EQ(Receive(c.client), "still open");

  ASSERT_EQ(shutdown(c.client, SD_RECEIVE), 0);
  EXPECT_EQ(recv(c.client, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAESHUTDOWN);
  EXPECT_EQ(SendText(c.server, "late"), 4);
  EXPECT_EQ(send(c.server, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);

  EXPECT_EQ(shutdown(c.server, 3), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(shutdown(Tcp(), SD_BOTH), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

// DP12: a process's end closes its sockets abortively: its peers are reset,
// and a listener's unaccepted connections too.
TEST_F(DataPathTest, AProcessThatEndsResetsItsConnections) {
  const DWORD initial = GetCurrentProcessId();
  const SOCKET listener = ListenOn(27015);
  const DWORD other = StartOtherProcess();
  const SOCKET client = Tcp();
  ASSERT_EQ(ConnectV4(client, 27015), 0);
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
  const SOCKET server = accept(listener, nullptr, nullptr);
  ASSERT_NE(server, INVALID_SOCKET);
  ASSERT_TRUE(PortresSimExitProcess(other));
  EXPECT_EQ(Receive(server), "<error 10054>");

  const DWORD third = StartOtherProcess();
  const SOCKET waiting = Tcp();
  ASSERT_EQ(ConnectV4(waiting, 27015), 0);
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
  ASSERT_EQ(closesocket(listener), 0);
  ASSERT_TRUE(PortresSimSwitchProcess(third));
  EXPECT_EQ(Receive(waiting), "<error 10054>");
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
}

// DP16: SO_RCVTIMEO bounds a blocking receive: WSAETIMEDOUT.
TEST_F(DataPathTest, AReceiveTimeoutEndsAWait) {
  Connected c = Connect(27015);
  const DWORD timeout_ms = 20;
  ASSERT_EQ(setsockopt(c.server, SOL_SOCKET, SO_RCVTIMEO,
                       reinterpret_cast<const char*>(&timeout_ms),
                       sizeof(timeout_ms)),
            0);
  DWORD read_back = 0;
  int length = sizeof(read_back);
  ASSERT_EQ(getsockopt(c.server, SOL_SOCKET, SO_RCVTIMEO,
                       reinterpret_cast<char*>(&read_back), &length),
            0);
  EXPECT_EQ(read_back, timeout_ms);
  EXPECT_EQ(Receive(c.server), "<error 10060>");
}

// A blocking receive waits for data another thread sends; closing the
// socket under a blocked receive interrupts it (DP27).
TEST_F(DataPathTest, ABlockingReceiveWaitsForTheSender) {
  Connected c = Connect(27015);
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(SendText(c.client, "late"), 4);
  });
  EXPECT_EQ(Receive(c.server), "late");
  sender.join();

  std::atomic<int> code{0};
  std::thread receiver([&] {
    char byte;
    EXPECT_EQ(recv(c.server, &byte, 1, 0), SOCKET_ERROR);
    code = WSAGetLastError();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(closesocket(c.server), 0);
  receiver.join();
  EXPECT_EQ(code.load(), WSAEINTR);
}

// DP17: a stream holds 64 KiB toward a reader that does not read; a
// non-blocking send takes what fits, then WSAEWOULDBLOCK; FIONREAD counts
// what is queued.
TEST_F(DataPathTest, AFullWindowMakesANonBlockingSendWait) {
  Connected c = Connect(27015);
  SetNonBlocking(c.client);
  const std::string big(70000, 'b');
  EXPECT_EQ(send(c.client, big.data(), static_cast<int>(big.size()), 0), 65536);
  EXPECT_EQ(send(c.client, big.data(), 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
  u_long queued = 0;
  ASSERT_EQ(ioctlsocket(c.server, FIONREAD, &queued), 0);
  EXPECT_EQ(queued, 65536u);
  fd_set writable;
  FD_ZERO(&writable);
  FD_SET(c.client, &writable);
  timeval now = {0, 0};
  EXPECT_EQ(select(0, nullptr, &writable, nullptr, &now), 0);
  EXPECT_EQ(Receive(c.server, 100).size(), 100u);
  EXPECT_EQ(send(c.client, big.data(), 1000, 0), 100);
}

// DP18: MSG_PEEK leaves the bytes; MSG_WAITALL waits for all of them.
TEST_F(DataPathTest, PeekAndWaitAll) {
  Connected c = Connect(27015);
  EXPECT_EQ(SendText(c.client, "abc"), 3);
  char buffer[8] = {};
  EXPECT_EQ(recv(c.server, buffer, 8, MSG_PEEK), 3);
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(SendText(c.client, "def"), 3);
  });
  EXPECT_EQ(recv(c.server, buffer, 6, MSG_WAITALL), 6);
  sender.join();
  EXPECT_EQ(std::string(buffer, 6), "abcdef");
}

sockaddr_in BoundUdpName(SOCKET s) {
  sockaddr_in name = {};
  int length = sizeof(name);
  EXPECT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length), 0);
  return name;
}

// DP19, DP20: datagrams keep their boundaries and tell their source; sendto
// binds implicitly in the dynamic range.
TEST_F(DataPathTest, DatagramsKeepTheirBoundariesAndSource) {
  const SOCKET receiver = Udp();
  ASSERT_EQ(BindLoopbackV4(receiver, 27016), 0);
  const SOCKET sender = Udp();
  const sockaddr_in to = LoopbackV4(27016);
  EXPECT_EQ(sendto(sender, "one", 3, 0, reinterpret_cast<const SOCKADDR*>(&to),
                   sizeof(to)),
            3);
  EXPECT_EQ(sendto(sender, "two!", 4, 0, reinterpret_cast<const SOCKADDR*>(&to),
                   sizeof(to)),
            4);
  EXPECT_GE(LocalPort(sender), 49152);
  u_long queued = 0;
  ASSERT_EQ(ioctlsocket(receiver, FIONREAD, &queued), 0);
  EXPECT_EQ(queued, 7u);
  char buffer[16];
  sockaddr_in from = {};
  int from_length = sizeof(from);
  EXPECT_EQ(recvfrom(receiver, buffer, sizeof(buffer), 0,
                     reinterpret_cast<SOCKADDR*>(&from), &from_length),
            3);
  EXPECT_EQ(std::string(buffer, 3), "one");
  EXPECT_EQ(from.sin_port, BoundUdpName(sender).sin_port);
  EXPECT_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  // DP21: a buffer too small gets the start; the rest is lost.
  EXPECT_EQ(recvfrom(receiver, buffer, 2, 0, nullptr, nullptr), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEMSGSIZE);
  EXPECT_EQ(std::string(buffer, 2), "tw");
  SetNonBlocking(receiver);
  EXPECT_EQ(recvfrom(receiver, buffer, sizeof(buffer), 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// DP22: a datagram for a port nobody holds comes back as ICMP port
// unreachable: the sender's next receive fails with WSAECONNRESET, once.
TEST_F(DataPathTest, ADatagramToNobodyResetsTheNextReceive) {
  const SOCKET s = Udp();
  const sockaddr_in to = LoopbackV4(27016);
  EXPECT_EQ(
      sendto(s, "hi", 2, 0, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
      2);
  char buffer[4];
  EXPECT_EQ(recvfrom(s, buffer, sizeof(buffer), 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
  SetNonBlocking(s);
  EXPECT_EQ(recvfrom(s, buffer, sizeof(buffer), 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
}

// DP23: a connected UDP socket sends to its peer and hears only from it.
TEST_F(DataPathTest, AConnectedDatagramSocketHearsOnlyItsPeer) {
  const SOCKET a = Udp();
  ASSERT_EQ(BindLoopbackV4(a, 27016), 0);
  const SOCKET b = Udp();
  ASSERT_EQ(BindLoopbackV4(b, 27017), 0);
  const SOCKET stranger = Udp();
  ASSERT_EQ(ConnectV4(a, 27017), 0);
  const sockaddr_in to_a = LoopbackV4(27016);
  EXPECT_EQ(sendto(stranger, "no", 2, 0,
                   reinterpret_cast<const SOCKADDR*>(&to_a), sizeof(to_a)),
            2);
  EXPECT_EQ(sendto(b, "yes", 3, 0, reinterpret_cast<const SOCKADDR*>(&to_a),
                   sizeof(to_a)),
            3);
  EXPECT_EQ(Receive(a), "yes");
  EXPECT_EQ(send(a, "back", 4, 0), 4);
  EXPECT_EQ(Receive(b), "back");
  sockaddr_in peer = {};
  int length = sizeof(peer);
  ASSERT_EQ(getpeername(a, reinterpret_cast<SOCKADDR*>(&peer), &length), 0);
  EXPECT_EQ(ntohs(peer.sin_port), 27017);
  EXPECT_EQ(getpeername(b, reinterpret_cast<SOCKADDR*>(&peer), &length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

// [RECVFROM], [SENDTO]: an unbound receiver, an oversized datagram, no
// destination.
TEST_F(DataPathTest, DatagramCallsRefuseWhatWindowsRefuses) {
  const SOCKET s = Udp();
  char buffer[4];
  EXPECT_EQ(recvfrom(s, buffer, sizeof(buffer), 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(send(s, buffer, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
  const std::string huge(65508, 'h');
  const sockaddr_in to = LoopbackV4(27016);
  EXPECT_EQ(sendto(s, huge.data(), static_cast<int>(huge.size()), 0,
                   reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEMSGSIZE);
  sockaddr_in from = {};
  int short_length = sizeof(from) - 1;
  ASSERT_EQ(BindV4(s, 0), 0);
  EXPECT_EQ(recvfrom(s, buffer, sizeof(buffer), 0,
                     reinterpret_cast<SOCKADDR*>(&from), &short_length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// DP24, [SELECT]: readiness of listeners and connections; Windows' fd_set
// macros; the argument errors.
TEST_F(DataPathTest, SelectReportsReadinessInWindowsFdSets) {
  Connected c = Connect(27015);
  const SOCKET waiting = Tcp();
  ASSERT_EQ(ConnectV4(waiting, 27015), 0);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(c.listener, &readable);
  FD_SET(c.server, &readable);
  FD_SET(c.server, &readable);  // once only
  EXPECT_EQ(readable.fd_count, 2u);
  timeval now = {0, 0};
  EXPECT_EQ(select(0, &readable, nullptr, nullptr, &now), 1);
  EXPECT_EQ(readable.fd_count, 1u);
  EXPECT_EQ(readable.fd_array[0], c.listener);
  EXPECT_FALSE(FD_ISSET(c.server, &readable));

  EXPECT_EQ(SendText(c.client, "x"), 1);
  FD_ZERO(&readable);
  FD_SET(c.server, &readable);
  FD_SET(c.listener, &readable);
  FD_CLR(c.listener, &readable);
  EXPECT_EQ(readable.fd_count, 1u);
  EXPECT_EQ(select(0, &readable, nullptr, nullptr, nullptr), 1);
  EXPECT_TRUE(FD_ISSET(c.server, &readable));

  fd_set empty;
  FD_ZERO(&empty);
  EXPECT_EQ(select(0, &empty, nullptr, nullptr, &now), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(select(0, nullptr, nullptr, nullptr, &now), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  fd_set bogus;
  FD_ZERO(&bogus);
  FD_SET(static_cast<SOCKET>(12345), &bogus);
  EXPECT_EQ(select(0, &bogus, nullptr, nullptr, &now), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  // A timeout with nothing ready: 0, every set emptied.
  FD_ZERO(&readable);
  FD_SET(c.client, &readable);
  timeval short_wait = {0, 1000};
  EXPECT_EQ(select(0, &readable, nullptr, nullptr, &short_wait), 0);
  EXPECT_EQ(readable.fd_count, 0u);
}

// DP25, DP26, [WSAPOLL]: WSAPoll's flags for data, room, the peer's close and
// a reset; negative descriptors ignored; unknown ones POLLNVAL.
TEST_F(DataPathTest, WSAPollReportsWindowsFlags) {
  Connected c = Connect(27015);
  WSAPOLLFD fds[3] = {};
  fds[0].fd = c.server;
  fds[0].events = POLLRDNORM | POLLWRNORM;
  fds[1].fd = INVALID_SOCKET;
  fds[1].events = POLLRDNORM;
  fds[2].fd = static_cast<SOCKET>(12345);
  fds[2].events = POLLRDNORM;
  EXPECT_EQ(WSAPoll(fds, 3, 0), 2);
  EXPECT_EQ(fds[0].revents, POLLWRNORM);
  EXPECT_EQ(fds[1].revents, 0);
  EXPECT_EQ(fds[2].revents, POLLNVAL);

  EXPECT_EQ(SendText(c.client, "data"), 4);
  EXPECT_EQ(WSAPoll(fds, 1, -1), 1);
  EXPECT_EQ(fds[0].revents, POLLRDNORM | POLLWRNORM);
  EXPECT_EQ(Receive(c.server), "data");
  ASSERT_EQ(closesocket(c.client), 0);
  fds[0].events = POLLRDNORM;
  EXPECT_EQ(WSAPoll(fds, 1, 0), 1);
  EXPECT_EQ(fds[0].revents, POLLHUP);

  WSAPOLLFD listener = {c.listener, POLLRDNORM, 0};
  EXPECT_EQ(WSAPoll(&listener, 1, 1), 0);
  EXPECT_EQ(listener.revents, 0);
  const SOCKET next = Tcp();
  ASSERT_EQ(ConnectV4(next, 27015), 0);
  EXPECT_EQ(WSAPoll(&listener, 1, 0), 1);
  EXPECT_EQ(listener.revents, POLLRDNORM);

  WSAPOLLFD bad = {c.server, POLLERR, 0};
  EXPECT_EQ(WSAPoll(&bad, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  WSAPOLLFD none = {INVALID_SOCKET, POLLRDNORM, 0};
  EXPECT_EQ(WSAPoll(&none, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(WSAPoll(nullptr, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// A socket of another process is not this one's (WSAENOTSOCK), for the
// data calls too.
TEST_F(DataPathTest, AnotherProcesssSocketIsNotASocket) {
  Connected c = Connect(27015);
  const DWORD initial = GetCurrentProcessId();
  (void)StartOtherProcess();
  char byte = 'x';
  EXPECT_EQ(send(c.client, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
}

int CALLBACK RejectAll(LPWSABUF, LPWSABUF, LPQOS, LPQOS, LPWSABUF, LPWSABUF,
                       GROUP*, DWORD_PTR) {
  return CF_REJECT;
}
int CALLBACK AcceptFromCaller(LPWSABUF caller, LPWSABUF, LPQOS, LPQOS,
                              LPWSABUF callee, LPWSABUF, GROUP*,
                              DWORD_PTR expected_port) {
  sockaddr_in from = {};
  std::memcpy(&from, caller->buf, sizeof(from));
  sockaddr_in to = {};
  std::memcpy(&to, callee->buf, sizeof(to));
  return ntohs(from.sin_port) == expected_port && ntohs(to.sin_port) == 27015
             ? CF_ACCEPT
             : CF_DEFER;
}

// DP32: WSAAccept asks its condition function about the caller: CF_ACCEPT
// accepts, CF_REJECT resets the connection (WSAECONNREFUSED); WSAConnect
// refuses connect data.
TEST_F(DataPathTest, WSAAcceptAsksItsConditionFunction) {
  const SOCKET listener = ListenOn(27015);
  const SOCKET rejected = Tcp();
  ASSERT_EQ(ConnectV4(rejected, 27015), 0);
  EXPECT_EQ(WSAAccept(listener, nullptr, nullptr, RejectAll, 0),
            INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
  EXPECT_EQ(Receive(rejected), "<error 10054>");

  const SOCKET client = Tcp();
  const sockaddr_in to = LoopbackV4(27015);
  char data[1] = {'d'};
  WSABUF caller_data = {1, data};
  EXPECT_EQ(WSAConnect(client, reinterpret_cast<const SOCKADDR*>(&to),
                       sizeof(to), &caller_data, nullptr, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  ASSERT_EQ(WSAConnect(client, reinterpret_cast<const SOCKADDR*>(&to),
                       sizeof(to), nullptr, nullptr, nullptr, nullptr),
            0);
  const SOCKET server = WSAAccept(listener, nullptr, nullptr, AcceptFromCaller,
                                  LocalPort(client));
  ASSERT_NE(server, INVALID_SOCKET);
  EXPECT_EQ(SendText(client, "hi"), 2);
  EXPECT_EQ(Receive(server), "hi");
}

// DP34: the last WSACleanup resets and closes the process's sockets: the
// peer sees the reset, the port is free, the handle is gone.
TEST_F(DataPathTest, TheLastWsaCleanupResetsTheSockets) {
  Connected c = Connect(27015);
  const DWORD initial = GetCurrentProcessId();
  const DWORD other = StartOtherProcess();
  const SOCKET client = Tcp();
  ASSERT_EQ(ConnectV4(client, 27015), 0);
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
  const SOCKET server = accept(c.listener, nullptr, nullptr);
  ASSERT_NE(server, INVALID_SOCKET);
  ASSERT_TRUE(PortresSimSwitchProcess(other));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);  // a second reference
  ASSERT_EQ(WSACleanup(), 0);
  EXPECT_EQ(SendText(client, "still open"), 10);  // not the last one
  ASSERT_EQ(WSACleanup(), 0);
  ASSERT_TRUE(PortresSimSwitchProcess(initial));
  EXPECT_EQ(Receive(server), "<error 10054>");

  ASSERT_EQ(WSACleanup(), 0);  // the initial process's only reference
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  EXPECT_EQ(send(c.client, "x", 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  const SOCKET again = Tcp();
  EXPECT_EQ(BindLoopbackV4(again, 27015), 0) << "the listener's port is free";
}

// DP39: WSASend gathers its buffers in order, WSARecv scatters into its
// buffers in order; both report the count, WSARecv's flags come back 0.
TEST_F(DataPathTest, WSASendGathersAndWSARecvScatters) {
  Connected c = Connect(27015);
  char a[] = "one ", b[] = "two ", d[] = "three";
  WSABUF out[3] = {{4, a}, {4, b}, {5, d}};
  DWORD sent = 0;
  ASSERT_EQ(WSASend(c.client, out, 3, &sent, 0, nullptr, nullptr), 0);
  EXPECT_EQ(sent, 13u);
  char first[6] = {}, second[16] = {};
  WSABUF in[2] = {{6, first}, {sizeof(second), second}};
  DWORD received = 0, flags = 0;
  ASSERT_EQ(WSARecv(c.server, in, 2, &received, &flags, nullptr, nullptr), 0);
  EXPECT_EQ(received, 13u);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(std::string(first, 6), "one tw");
  EXPECT_EQ(std::string(second), "o three");
  // Windows' checks: no flags pointer, no count without overlapped.
  EXPECT_EQ(WSARecv(c.server, in, 2, &received, nullptr, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(WSASend(c.client, out, 3, nullptr, 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  const SOCKET idle = Tcp();
  EXPECT_EQ(WSARecv(idle, in, 2, &received, &flags, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTCONN);
}

// DP39: an overlapped WSARecv with nothing to read is pending (its event
// reset) until the data path brings bytes; then its event is set and
// WSAGetOverlappedResult tells the count. Two pending receives of one
// socket complete in the order issued.
TEST_F(DataPathTest, AnOverlappedWSARecvCompletesWhenDataArrives) {
  Connected c = Connect(27015);
  char first[3] = {}, second[8] = {};
  WSABUF in1 = {sizeof(first), first}, in2 = {sizeof(second), second};
  WSAOVERLAPPED o1 = {}, o2 = {};
  o1.hEvent = WSACreateEvent();
  o2.hEvent = WSACreateEvent();
  ASSERT_TRUE(WSASetEvent(o1.hEvent));
  DWORD flags1 = 0, flags2 = 0;
  EXPECT_EQ(WSARecv(c.server, &in1, 1, nullptr, &flags1, &o1, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  EXPECT_EQ(WSARecv(c.server, &in2, 1, nullptr, &flags2, &o2, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &o1.hEvent, TRUE, 0, FALSE),
            static_cast<DWORD>(WSA_WAIT_TIMEOUT));
  DWORD bytes = 0, flags = 0;
  EXPECT_FALSE(WSAGetOverlappedResult(c.server, &o1, &bytes, FALSE, &flags));
  EXPECT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE);

  ASSERT_EQ(SendText(c.client, "abcdefg"), 7);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &o1.hEvent, TRUE, 0, FALSE),
            static_cast<DWORD>(WSA_WAIT_EVENT_0));
  ASSERT_TRUE(WSAGetOverlappedResult(c.server, &o1, &bytes, FALSE, &flags));
  EXPECT_EQ(bytes, 3u);
  EXPECT_EQ(std::string(first, 3), "abc");
  ASSERT_TRUE(WSAGetOverlappedResult(c.server, &o2, &bytes, TRUE, &flags));
  EXPECT_EQ(bytes, 4u);
  EXPECT_EQ(std::string(second), "defg");
  WSACloseEvent(o1.hEvent);
  WSACloseEvent(o2.hEvent);
}

// An overlapped WSARecv into `buffer` on `s` that pends (nothing to read);
// `overlapped` gets a fresh event.
void StartPendingReceive(SOCKET s, WSABUF* buffer, WSAOVERLAPPED* overlapped) {
  *overlapped = {};
  overlapped->hEvent = WSACreateEvent();
  static DWORD flags;  // written when it completes, after this returns
  flags = 0;
  ASSERT_EQ(WSARecv(s, buffer, 1, nullptr, &flags, overlapped, nullptr),
            SOCKET_ERROR);
  ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
}

// DP39: an overlapped WSARecv on a connection the peer resets ends with
// WSAECONNRESET; one whose socket closes, with WSA_OPERATION_ABORTED.
TEST_F(DataPathTest, APendingWSARecvEndsWithItsSocket) {
  Connected c = Connect(27015);
  char buffer[4];
  WSABUF in = {sizeof(buffer), buffer};
  WSAOVERLAPPED overlapped;
  StartPendingReceive(c.server, &in, &overlapped);
  DWORD flags = 0, bytes = 0;
  const LINGER abortive = {1, 0};
  ASSERT_EQ(setsockopt(c.client, SOL_SOCKET, SO_LINGER,
                       reinterpret_cast<const char*>(&abortive),
                       sizeof(abortive)),
            0);
  ASSERT_EQ(closesocket(c.client), 0);
  EXPECT_FALSE(
      WSAGetOverlappedResult(c.server, &overlapped, &bytes, TRUE, &flags));
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);

  WSACloseEvent(overlapped.hEvent);
  Connected d = Connect(27016);
  StartPendingReceive(d.server, &in, &overlapped);
  ASSERT_EQ(closesocket(d.server), 0);
  // The handle is gone (WSAGetOverlappedResult would say WSAENOTSOCK): the
  // event and the status Windows leaves in Internal tell the end.
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 0, FALSE),
            static_cast<DWORD>(WSA_WAIT_EVENT_0));
  EXPECT_EQ(overlapped.Internal, 0xC0000120u);  // STATUS_CANCELLED
  EXPECT_EQ(overlapped.InternalHigh, 0u);
  WSACloseEvent(overlapped.hEvent);
}

// DP39, OV4: CancelIoEx ends a pending WSARecv with WSA_OPERATION_ABORTED;
// with nothing pending it fails with ERROR_NOT_FOUND.
TEST_F(DataPathTest, CancelIoExEndsAPendingWSARecv) {
  Connected c = Connect(27015);
  char buffer[4];
  WSABUF in = {sizeof(buffer), buffer};
  WSAOVERLAPPED overlapped;
  StartPendingReceive(c.server, &in, &overlapped);
  DWORD flags = 0, bytes = 0;
  ASSERT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(c.server), &overlapped));
  EXPECT_FALSE(
      WSAGetOverlappedResult(c.server, &overlapped, &bytes, TRUE, &flags));
  EXPECT_EQ(WSAGetLastError(), WSA_OPERATION_ABORTED);
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(c.server), &overlapped));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
  // The bytes that come later stay for the next receive.
  ASSERT_EQ(SendText(c.client, "late"), 4);
  EXPECT_EQ(Receive(c.server), "late");
  WSACloseEvent(overlapped.hEvent);
}

// DP39: a completion routine runs on the issuing thread's next alertable
// wait, with the count.
TEST_F(DataPathTest, AnOverlappedWSARecvQueuesItsCompletionRoutine) {
  Connected c = Connect(27015);
  static DWORD routine_bytes = 0;
  static DWORD routine_error = 1;
  routine_bytes = 0;
  routine_error = 1;
  char buffer[8];
  WSABUF in = {sizeof(buffer), buffer};
  WSAOVERLAPPED overlapped = {};
  DWORD flags = 0;
  ASSERT_EQ(WSARecv(c.server, &in, 1, nullptr, &flags, &overlapped,
                    [](DWORD error, DWORD bytes, LPWSAOVERLAPPED, DWORD) {
                      routine_error = error;
                      routine_bytes = bytes;
                    }),
            SOCKET_ERROR);
  ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  ASSERT_EQ(SendText(c.client, "hi"), 2);
  EXPECT_EQ(routine_bytes, 0u);  // not before an alertable wait
  EXPECT_EQ(SleepEx(0, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  EXPECT_EQ(routine_error, 0u);
  EXPECT_EQ(routine_bytes, 2u);
}

// DP40: WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) hands out AcceptEx,
// GetAcceptExSockaddrs and ConnectEx by their WSAIDs.
TEST_F(DataPathTest, WSAIoctlHandsOutTheExtensionFunctions) {
  const SOCKET s = Tcp();
  const auto pointer = [&](GUID id, void** out) {
    DWORD bytes = 0;
    return WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof(id),
                    out, sizeof(*out), &bytes, nullptr, nullptr) == 0
               ? 0
               : WSAGetLastError();
  };
  void* accept_ex = nullptr;
  void* sockaddrs = nullptr;
  void* connect_ex = nullptr;
  ASSERT_EQ(pointer(WSAID_ACCEPTEX, &accept_ex), 0);
  ASSERT_EQ(pointer(WSAID_GETACCEPTEXSOCKADDRS, &sockaddrs), 0);
  ASSERT_EQ(pointer(WSAID_CONNECTEX, &connect_ex), 0);
  EXPECT_EQ(accept_ex, reinterpret_cast<void*>(&AcceptEx));
  EXPECT_EQ(sockaddrs, reinterpret_cast<void*>(&GetAcceptExSockaddrs));
  EXPECT_NE(connect_ex, nullptr);
  void* none = nullptr;
  EXPECT_EQ(pointer(GUID{1, 2, 3, {4}}, &none), WSAEINVAL);
  GUID id = WSAID_ACCEPTEX;
  DWORD bytes = 0;
  EXPECT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof(id),
                     &none, 4, &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// DP40: AcceptEx with a receive length is pending until a connection comes
// and sends its first bytes; then the bytes and both addresses are in the
// output buffer, where GetAcceptExSockaddrs finds the addresses.
TEST_F(DataPathTest, AcceptExWaitsForAConnectionAndItsFirstBytes) {
  const SOCKET listener = ListenOn(27015);
  const SOCKET accepted = Tcp();
  constexpr DWORD kAddress = sizeof(sockaddr_in) + 16;
  char output[5 + 2 * kAddress] = {};
  WSAOVERLAPPED overlapped = {};
  overlapped.hEvent = WSACreateEvent();
  DWORD bytes = 0;
  EXPECT_FALSE(AcceptEx(listener, accepted, output, 5, kAddress, kAddress,
                        &bytes, &overlapped));
  ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  const SOCKET client = Tcp();
  ASSERT_EQ(ConnectV4(client, 27015), 0);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 0, FALSE),
            static_cast<DWORD>(WSA_WAIT_TIMEOUT));  // connected, no bytes yet
  ASSERT_EQ(SendText(client, "hello"), 5);
  DWORD flags = 0;
  ASSERT_TRUE(
      WSAGetOverlappedResult(listener, &overlapped, &bytes, FALSE, &flags));
  EXPECT_EQ(bytes, 5u);
  EXPECT_EQ(std::string(output, 5), "hello");
  sockaddr* local = nullptr;
  sockaddr* remote = nullptr;
  INT local_length = 0, remote_length = 0;
  GetAcceptExSockaddrs(output, 5, kAddress, kAddress, &local, &local_length,
                       &remote, &remote_length);
  ASSERT_EQ(local_length, static_cast<INT>(sizeof(sockaddr_in)));
  ASSERT_EQ(remote_length, static_cast<INT>(sizeof(sockaddr_in)));
  // Aligned, though the 5 bytes before them are not a multiple of 8.
  EXPECT_EQ(reinterpret_cast<uintptr_t>(local) % 8, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(remote) % 8, 0u);
  EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in*>(local)->sin_port), 27015);
  EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in*>(remote)->sin_port),
            LocalPort(client));
  const SOCKET context = listener;
  EXPECT_EQ(setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
                       reinterpret_cast<const char*>(&context),
                       sizeof(context)),
            0);
  ASSERT_EQ(SendText(accepted, "ok"), 2);
  EXPECT_EQ(Receive(client), "ok");
  WSACloseEvent(overlapped.hEvent);
}

// DP40: AcceptEx without a receive length completes at once when a
// connection waits; its checks answer Windows' codes.
TEST_F(DataPathTest, AcceptExTakesAWaitingConnectionAtOnce) {
  const SOCKET listener = ListenOn(27015);
  const SOCKET client = Tcp();
  ASSERT_EQ(ConnectV4(client, 27015), 0);
  constexpr DWORD kAddress = sizeof(sockaddr_in) + 16;
  char output[2 * kAddress];
  WSAOVERLAPPED overlapped = {};
  DWORD bytes = 7;
  const SOCKET bound = Tcp();
  ASSERT_EQ(BindLoopbackV4(bound, 27016), 0);
  EXPECT_FALSE(AcceptEx(listener, bound, output, 0, kAddress, kAddress, &bytes,
                        &overlapped));
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);  // not a fresh socket
  const SOCKET accepted = Tcp();
  EXPECT_FALSE(AcceptEx(listener, accepted, output, 0, kAddress - 1, kAddress,
                        &bytes, &overlapped));
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);  // no room for the address
  EXPECT_FALSE(AcceptEx(bound, accepted, output, 0, kAddress, kAddress, &bytes,
                        &overlapped));
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);  // not listening
  ASSERT_TRUE(AcceptEx(listener, accepted, output, 0, kAddress, kAddress,
                       &bytes, &overlapped));
  EXPECT_EQ(bytes, 0u);
  ASSERT_EQ(SendText(client, "hi"), 2);
  EXPECT_EQ(Receive(accepted), "hi");
}

// DP40: ConnectEx needs a bound socket; it connects, sends its data and
// completes at once; a refusal is its answer.
TEST_F(DataPathTest, ConnectExConnectsABoundSocketAndSends) {
  GUID id = WSAID_CONNECTEX;
  LPFN_CONNECTEX connect_ex = nullptr;
  DWORD bytes = 0;
  const SOCKET s = Tcp();
  ASSERT_EQ(WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof(id),
                     &connect_ex, sizeof(connect_ex), &bytes, nullptr, nullptr),
            0);
  const SOCKET listener = ListenOn(27015);
  const sockaddr_in to = LoopbackV4(27015);
  char data[] = "first";
  WSAOVERLAPPED overlapped = {};
  EXPECT_FALSE(connect_ex(s, reinterpret_cast<const SOCKADDR*>(&to),
                          sizeof(to), data, 5, &bytes, &overlapped));
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);  // not bound
  ASSERT_EQ(BindLoopbackV4(s, 0), 0);
  ASSERT_TRUE(connect_ex(s, reinterpret_cast<const SOCKADDR*>(&to),
                         sizeof(to), data, 5, &bytes, &overlapped));
  EXPECT_EQ(bytes, 5u);
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, nullptr, 0),
            0);
  const SOCKET server = accept(listener, nullptr, nullptr);
  EXPECT_EQ(Receive(server), "first");
  const SOCKET refused = Tcp();
  ASSERT_EQ(BindLoopbackV4(refused, 0), 0);
  const sockaddr_in nobody = LoopbackV4(27016);
  EXPECT_FALSE(connect_ex(refused, reinterpret_cast<const SOCKADDR*>(&nobody),
                          sizeof(nobody), nullptr, 0, &bytes, &overlapped));
  EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
}

}  // namespace
}  // namespace portres::testkit
