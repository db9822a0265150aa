// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAEventSelect and WSAEnumNetworkEvents over the data path (docs §22,
// DP33), the way event-driven Windows servers use them.

#include <string>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

using EventSelectTest = CompatTest;

bool Signaled(WSAEVENT event) {
  return WSAWaitForMultipleEvents(1, &event, FALSE, 0, FALSE) ==
         WSA_WAIT_EVENT_0;
}

// The recorded events, read (and cleared) with the event reset.
WSANETWORKEVENTS Enum(SOCKET s, WSAEVENT event) {
  WSANETWORKEVENTS events = {};
  EXPECT_EQ(WSAEnumNetworkEvents(s, event, &events), 0);
  return events;
}

// DP33: recorded once, again after the re-enabling call.
TEST_F(EventSelectTest, AListenerRecordsFdAcceptUntilAcceptReenablesIt) {
  const SOCKET listener = Tcp();
  ASSERT_EQ(BindLoopbackV4(listener, 27015), 0);
  ASSERT_EQ(listen(listener, 5), 0);
  const WSAEVENT event = WSACreateEvent();
  ASSERT_EQ(WSAEventSelect(listener, event, FD_ACCEPT | FD_CLOSE), 0);
  EXPECT_FALSE(Signaled(event));

  const sockaddr_in to = LoopbackV4(27015);
  const SOCKET first = Tcp();
  const SOCKET second = Tcp();
  ASSERT_EQ(connect(first, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
            0);
  EXPECT_TRUE(Signaled(event));
  EXPECT_EQ(Enum(listener, event).lNetworkEvents, FD_ACCEPT);
  EXPECT_FALSE(Signaled(event));
  // Not recorded again before accept re-enables it.
  ASSERT_EQ(connect(second, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
            0);
  EXPECT_FALSE(Signaled(event));
  EXPECT_NE(accept(listener, nullptr, nullptr), INVALID_SOCKET);
  EXPECT_TRUE(Signaled(event));  // one still waits
  EXPECT_EQ(Enum(listener, event).lNetworkEvents, FD_ACCEPT);
  WSACloseEvent(event);
}

TEST_F(EventSelectTest, AConnectionRecordsWriteReadAndClose) {
  const SOCKET listener = Tcp();
  ASSERT_EQ(BindLoopbackV4(listener, 27015), 0);
  ASSERT_EQ(listen(listener, 5), 0);
  const WSAEVENT server_event = WSACreateEvent();
  ASSERT_EQ(WSAEventSelect(listener, server_event,
                           FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE),
            0);
  const SOCKET client = Tcp();
  const sockaddr_in to = LoopbackV4(27015);
  ASSERT_EQ(connect(client, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
            0);
  (void)Enum(listener, server_event);
  // The accepted socket inherits the selection: FD_WRITE at once.
  const SOCKET server = accept(listener, nullptr, nullptr);
  ASSERT_NE(server, INVALID_SOCKET);
  EXPECT_EQ(Enum(server, server_event).lNetworkEvents, FD_WRITE);
  // ... and is non-blocking, as WSAEventSelect made its listener.
  char buffer[8];
  EXPECT_EQ(recv(server, buffer, sizeof(buffer), 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);

  ASSERT_EQ(send(client, "abcdef", 6, 0), 6);
  EXPECT_EQ(Enum(server, server_event).lNetworkEvents, FD_READ);
  ASSERT_EQ(recv(server, buffer, 2, 0), 2);  // re-enables; data remains
  EXPECT_EQ(Enum(server, server_event).lNetworkEvents, FD_READ);
  ASSERT_EQ(closesocket(client), 0);
  ASSERT_EQ(recv(server, buffer, sizeof(buffer), 0), 4);
  // A graceful close once everything is read, with no error.
  const WSANETWORKEVENTS closed = Enum(server, server_event);
  EXPECT_EQ(closed.lNetworkEvents, FD_CLOSE);
  EXPECT_EQ(closed.iErrorCode[FD_CLOSE_BIT], 0);
  WSACloseEvent(server_event);
}

TEST_F(EventSelectTest, FdConnectAndFdCloseCarryTheirErrors) {
  const WSAEVENT event = WSACreateEvent();
  const SOCKET refused = Tcp();
  ASSERT_EQ(WSAEventSelect(refused, event, FD_CONNECT), 0);
  const sockaddr_in to = LoopbackV4(27015);
  EXPECT_EQ(
      connect(refused, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
      SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
  WSANETWORKEVENTS events = Enum(refused, event);
  EXPECT_EQ(events.lNetworkEvents, FD_CONNECT);
  EXPECT_EQ(events.iErrorCode[FD_CONNECT_BIT], WSAECONNREFUSED);

  const SOCKET listener = Tcp();
  ASSERT_EQ(BindLoopbackV4(listener, 27015), 0);
  ASSERT_EQ(listen(listener, 5), 0);
  const SOCKET client = Tcp();
  ASSERT_EQ(WSAEventSelect(client, event, FD_CONNECT | FD_WRITE | FD_CLOSE), 0);
  EXPECT_EQ(connect(client, reinterpret_cast<const SOCKADDR*>(&to), sizeof(to)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
  events = Enum(client, event);
  EXPECT_EQ(events.lNetworkEvents, FD_CONNECT | FD_WRITE);
  EXPECT_EQ(events.iErrorCode[FD_CONNECT_BIT], 0);
  const SOCKET server = accept(listener, nullptr, nullptr);
  const LINGER abortive = {1, 0};
  ASSERT_EQ(
      setsockopt(server, SOL_SOCKET, SO_LINGER,
                 reinterpret_cast<const char*>(&abortive), sizeof(abortive)),
      0);
  ASSERT_EQ(closesocket(server), 0);
  events = Enum(client, event);
  EXPECT_EQ(events.lNetworkEvents, FD_CLOSE);
  EXPECT_EQ(events.iErrorCode[FD_CLOSE_BIT], WSAECONNRESET);
  WSACloseEvent(event);
}

TEST_F(EventSelectTest, BadArgumentsAreRefused) {
  const SOCKET s = Tcp();
  const WSAEVENT event = WSACreateEvent();
  EXPECT_EQ(WSAEventSelect(s, event, 1 << 12), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(WSAEventSelect(s, WSA_INVALID_EVENT, FD_READ), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(WSAEventSelect(12345, event, FD_READ), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  EXPECT_EQ(WSAEnumNetworkEvents(s, event, nullptr), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  WSACloseEvent(event);
}

}  // namespace
}  // namespace portres::testkit
