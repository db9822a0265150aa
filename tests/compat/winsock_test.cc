// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Winsock's socket life cycle through the compat headers: WSAStartup, the
// last error, socket/WSASocketW, bind, getsockname, closesocket.

#include <thread>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class WinsockTest : public CompatTest {};

TEST_F(WinsockTest, CallsBeforeWsaStartupAreNotInitialised) {
  ASSERT_EQ(WSACleanup(), 0);
  EXPECT_EQ(Udp(), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
  EXPECT_EQ(closesocket(0x104), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
  DWORD bytes;
  ULONG64 token = 1;
  EXPECT_EQ(WSAIoctl(0x104, SIO_RELEASE_PORT_RESERVATION, &token, 8, nullptr, 0,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
  EXPECT_EQ(WSACleanup(), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

TEST_F(WinsockTest, WsaStartupCountsAndReportsVersions) {
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);  // second reference
  EXPECT_EQ(data.wVersion, MAKEWORD(2, 2));
  EXPECT_EQ(data.wHighVersion, MAKEWORD(2, 2));
  EXPECT_EQ(WSAStartup(MAKEWORD(3, 0), &data), 0);
  EXPECT_EQ(data.wVersion, MAKEWORD(2, 2)) << "clamped to the highest";
  EXPECT_EQ(WSAStartup(MAKEWORD(1, 0), &data), WSAVERNOTSUPPORTED);
  EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), nullptr), WSAEFAULT);
  EXPECT_EQ(WSACleanup(), 0);
  EXPECT_EQ(WSACleanup(), 0);
  EXPECT_EQ(WSACleanup(), 0);
  EXPECT_EQ(WSACleanup(), SOCKET_ERROR) << "three startups, three cleanups";
}

TEST_F(WinsockTest, LastErrorIsPerThread) {
  WSASetLastError(WSAEINVAL);
  int other = -1;
  std::thread([&] { other = WSAGetLastError(); }).join();
  EXPECT_EQ(other, 0);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

TEST_F(WinsockTest, SocketArgumentErrors) {
  EXPECT_EQ(socket(99, SOCK_DGRAM, 0), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
  EXPECT_EQ(socket(AF_INET, 7, 0), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAESOCKTNOSUPPORT);
  EXPECT_EQ(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEPROTOTYPE);
  EXPECT_EQ(socket(AF_INET6, SOCK_DGRAM, 99), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEPROTONOSUPPORT);
  SOCKET raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
  EXPECT_NE(raw, INVALID_SOCKET);
  EXPECT_EQ(closesocket(raw), 0);
}

TEST_F(WinsockTest, BindAndGetsocknameReportThePort) {
  SOCKET s = Udp();
  ASSERT_NE(s, INVALID_SOCKET);
  ASSERT_EQ(BindV4(s, 0), 0);
  EXPECT_EQ(LocalPort(s), 49152) << "lowest of the dynamic range (U10)";
  SOCKET t = Udp();
  ASSERT_EQ(BindV4(t, 8080), 0);
  EXPECT_EQ(LocalPort(t), 8080);
  EXPECT_EQ(BindV4(t, 8081), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL) << "already bound";
  EXPECT_EQ(BindV4(Udp(), 8080), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
}

TEST_F(WinsockTest, Ipv6BindUsesSockaddrIn6) {
  SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in6 any = {};
  any.sin6_family = AF_INET6;
  any.sin6_port = htons(7000);
  ASSERT_EQ(bind(s, reinterpret_cast<SOCKADDR*>(&any), sizeof(any)), 0);
  sockaddr_in6 name = {};
  int length = sizeof(name);
  ASSERT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length), 0);
  EXPECT_EQ(length, 28);
  EXPECT_EQ(name.sin6_family, AF_INET6);
  EXPECT_EQ(ntohs(name.sin6_port), 7000);
  sockaddr_in short_name = {};
  length = sizeof(short_name);
  EXPECT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&short_name), &length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// [BIND] WSAEFAULT: namelen too small for the family (E1 with af=23), a
// family other than the socket's, or no name.
TEST_F(WinsockTest, BindNameErrorsAreFault) {
  SOCKET v6 = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
  sockaddr_in in = {};
  in.sin_family = AF_INET6;
  EXPECT_EQ(bind(v6, reinterpret_cast<SOCKADDR*>(&in), sizeof(in)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  in.sin_family = AF_INET6;
  SOCKET v4 = Udp();
  EXPECT_EQ(bind(v4, reinterpret_cast<SOCKADDR*>(&in), sizeof(in)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(bind(v4, nullptr, 16), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

TEST_F(WinsockTest, BindToNonLocalAddressIsAddrNotAvail) {
  SOCKET s = Udp();
  sockaddr_in remote = {};
  remote.sin_family = AF_INET;
  remote.sin_addr.s_addr = htonl(0x08080808);
  EXPECT_EQ(bind(s, reinterpret_cast<SOCKADDR*>(&remote), sizeof(remote)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
  remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(s, reinterpret_cast<SOCKADDR*>(&remote), sizeof(remote)), 0);
}

TEST_F(WinsockTest, GetsocknameOfUnboundSocketIsInvalid) {
  sockaddr_in name;
  int length = sizeof(name);
  EXPECT_EQ(getsockname(Udp(), reinterpret_cast<SOCKADDR*>(&name), &length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

TEST_F(WinsockTest, ClosedOrUnknownHandleIsNotSock) {
  SOCKET s = Udp();
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_EQ(closesocket(s), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  EXPECT_EQ(BindV4(s, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  EXPECT_EQ(BindV4(static_cast<SOCKET>(12345), 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
}

TEST_F(WinsockTest, WsaSocketWithoutOverlappedFlag) {
  SOCKET s = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0);
  ASSERT_NE(s, INVALID_SOCKET);
  EXPECT_EQ(BindV4(s, 0), 0);
  EXPECT_EQ(WSASocketW(AF_INET, SOCK_DGRAM, 0, nullptr, 1, 0), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

TEST_F(WinsockTest, IoctlsocketSetsNonBlocking) {
  SOCKET s = Udp();
  u_long on = 1;
  EXPECT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
  EXPECT_EQ(ioctlsocket(s, FIONBIO, nullptr), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

}  // namespace
}  // namespace portres::testkit
