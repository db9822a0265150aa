// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Address-aware bind through Winsock, in the shapes real code uses: an
// msquic-style dual-stack UDP listener that acquires a runtime block and
// binds one socket per processor to a v4-mapped address, a driver-sample
// style set of helpers returning HRESULTs, and setsockopt/getsockopt's own
// codes (spec §16).

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>

#include "gtest/gtest.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

// msquic defines this itself; the SDK does not (spec SO8).
#define SIO_CPU_AFFINITY _WSAIOW(IOC_VENDOR, 21)

using DualStackTest = CompatTest;

// ---- An msquic-style listener ----

SOCKET DualStackUdpSocket() {
  SOCKET s = WSASocketW(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
                        WSA_FLAG_OVERLAPPED);
  EXPECT_NE(s, INVALID_SOCKET);
  DWORD v6only = FALSE;
  EXPECT_EQ(setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY,
                       reinterpret_cast<const char*>(&v6only), sizeof(v6only)),
            0);
  return s;
}

// Spec U26, SO8, BA12, BA13, RX4 [MSQ-DP]: the listener acquires a block on
// one socket, then each per-processor socket sets its affinity, associates
// with the token and binds ::ffff:127.0.0.1 at the block's first port.
TEST_F(DualStackTest, MsquicStyleListenerSharesItsReservedPort) {
  SOCKET owner = DualStackUdpSocket();
  INET_PORT_RESERVATION_INSTANCE reservation;
  ASSERT_EQ(Acquire(owner, 0, 8, &reservation), 0);
  const USHORT port = reservation.Reservation.StartPort;  // network order

  IN_ADDR loopback;
  loopback.s_addr = htonl(INADDR_LOOPBACK);
  SOCKADDR_INET local = {};
  SCOPE_ID scope = SCOPEID_UNSPECIFIED_INIT;
  IN6ADDR_SETV4MAPPED(&local.Ipv6, &loopback, scope, port);
  for (USHORT processor = 0; processor < 4; ++processor) {
    SOCKET s = DualStackUdpSocket();
    DWORD bytes = 1;
    ASSERT_EQ(WSAIoctl(s, SIO_CPU_AFFINITY, &processor, sizeof(processor),
                       NULL, 0, &bytes, NULL, NULL),
              0);
    EXPECT_EQ(bytes, 0u);
    ASSERT_EQ(TokenIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION,
                         reservation.Token.Token),
              0);
    ASSERT_EQ(bind(s, reinterpret_cast<const SOCKADDR*>(&local),
                   sizeof(local.Ipv6)),
              0)
        << "processor " << processor << ": " << WSAGetLastError();
    SOCKADDR_STORAGE name = {};
    int length = sizeof(name);
    ASSERT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length), 0);
    EXPECT_EQ(length, static_cast<int>(sizeof(SOCKADDR_IN6)));  // BA13
    EXPECT_EQ(name.ss_family, AF_INET6);
    const SOCKADDR_IN6& bound = reinterpret_cast<const SOCKADDR_IN6&>(name);
    EXPECT_TRUE(IN6_IS_ADDR_V4MAPPED(&bound.sin6_addr));
    EXPECT_EQ(bound.sin6_port, port);
  }
  // Without affinity, association alone grants no sharing (U26).
  SOCKET plain = DualStackUdpSocket();
  ASSERT_EQ(TokenIoctl(plain, SIO_ASSOCIATE_PORT_RESERVATION,
                       reservation.Token.Token),
            0);
  EXPECT_EQ(bind(plain, reinterpret_cast<const SOCKADDR*>(&local),
                 sizeof(local.Ipv6)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
  // An unassociated IPv4 socket of the owner gets WSAEACCES (U2, RX1).
  sockaddr_in v4 = {};
  v4.sin_family = AF_INET;
  v4.sin_port = port;
  v4.sin_addr = loopback;
  SOCKET other = Udp();
  EXPECT_EQ(bind(other, reinterpret_cast<SOCKADDR*>(&v4), sizeof(v4)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
}

// Spec SO8: the ioctl's own checks.
TEST_F(DualStackTest, CpuAffinityIoctlCodes) {
  USHORT processor = 0;
  DWORD bytes = 0;
  EXPECT_EQ(WSAIoctl(Tcp(), SIO_CPU_AFFINITY, &processor, sizeof(processor),
                     NULL, 0, &bytes, NULL, NULL),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(WSAIoctl(Udp(), SIO_CPU_AFFINITY, &processor, 1, NULL, 0, &bytes,
                     NULL, NULL),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// The failing line: a dual-stack socket binding ::ffff:127.0.0.1.
TEST_F(DualStackTest, BA12DualStackBindsV4MappedLoopback) {
  SOCKET s = DualStackUdpSocket();
  SOCKADDR_IN6 mapped = {};
  mapped.sin6_family = AF_INET6;
  mapped.sin6_port = htons(4433);
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr), 1);
  EXPECT_EQ(bind(s, reinterpret_cast<SOCKADDR*>(&mapped), sizeof(mapped)), 0);
  // And it holds IPv4 127.0.0.1:4433.
  EXPECT_EQ(BindLoopbackV4(Udp(), 4433), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
}

// ---- Driver-sample style helpers: HRESULTs over Winsock ----

HRESULT CreateBoundSocket(_In_ ADDRESS_FAMILY family, _In_ USHORT port,
                          _In_ BOOL exclusive, _Out_ SOCKET* out) {
  *out = INVALID_SOCKET;
  SOCKET s = WSASocket(family, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
                       WSA_FLAG_OVERLAPPED);
  if (s == INVALID_SOCKET) return HRESULT_FROM_WIN32(WSAGetLastError());
  if (exclusive) {
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                   reinterpret_cast<const char*>(&on), sizeof(on)) != 0) {
      HRESULT hr = HRESULT_FROM_WIN32(WSAGetLastError());
      closesocket(s);
      return hr;
    }
  }
  SOCKADDR_STORAGE local;
  ZeroMemory(&local, sizeof(local));
  local.ss_family = family;
  INETADDR_SETANY(reinterpret_cast<PSOCKADDR>(&local));
  INETADDR_SET_PORT(reinterpret_cast<PSOCKADDR>(&local), htons(port));
  const int length = family == AF_INET6 ? sizeof(SOCKADDR_IN6)
                                        : sizeof(SOCKADDR_IN);
  if (bind(s, reinterpret_cast<PSOCKADDR>(&local), length) != 0) {
    HRESULT hr = HRESULT_FROM_WIN32(WSAGetLastError());
    closesocket(s);
    return hr;
  }
  *out = s;
  return S_OK;
}

// Spec BA7, §16.3: an exclusive IPv4 listener, a plain IPv6-only one on the
// same port, then a second IPv4 one refused with the exact HRESULT.
TEST_F(DualStackTest, DriverSampleHelpersReportExactHresults) {
  SOCKET v4 = INVALID_SOCKET, v6 = INVALID_SOCKET, again = INVALID_SOCKET;
  ASSERT_EQ(CreateBoundSocket(AF_INET, 8443, TRUE, &v4), S_OK);
  ASSERT_EQ(CreateBoundSocket(AF_INET6, 8443, FALSE, &v6), S_OK);
  const HRESULT hr = CreateBoundSocket(AF_INET, 8443, FALSE, &again);
  EXPECT_TRUE(FAILED(hr));
  EXPECT_EQ(hr, HRESULT_FROM_WIN32(WSAEADDRINUSE));
  EXPECT_EQ(HRESULT_CODE(hr), WSAEADDRINUSE);
  EXPECT_EQ(again, INVALID_SOCKET);
  EXPECT_EQ(CreateBoundSocket(AF_INET, 0, FALSE, &again), S_OK);
}

// ---- setsockopt / getsockopt ----

TEST_F(DualStackTest, SetsockoptArgumentCodes) {
  SOCKET s = Udp();
  const int on = 1;
  const char* value = reinterpret_cast<const char*>(&on);
  // Spec SO1.
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, NULL, sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, value, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  // Spec SO2: options the simulation has no data path for.
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_RCVBUF, value, sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_TYPE, value, sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOPROTOOPT);
  // Spec SO3.
  EXPECT_EQ(setsockopt(s, 12345, SO_REUSEADDR, value, sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  // Spec SO4.
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, value, sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
}

TEST_F(DualStackTest, GetsockoptReadsTypeAndDefaults) {
  int value = -1;
  int length = sizeof(value);
  ASSERT_EQ(getsockopt(Udp(), SOL_SOCKET, SO_TYPE,
                       reinterpret_cast<char*>(&value), &length),
            0);
  EXPECT_EQ(value, SOCK_DGRAM);
  EXPECT_EQ(length, static_cast<int>(sizeof(int)));
  SOCKET v6 = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_EQ(getsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY,
                       reinterpret_cast<char*>(&value), &length),
            0);
  EXPECT_EQ(value, 1);  // BA8
  ASSERT_EQ(getsockopt(v6, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                       reinterpret_cast<char*>(&value), &length),
            0);
  EXPECT_EQ(value, 0);
  length = 2;
  EXPECT_EQ(getsockopt(v6, SOL_SOCKET, SO_TYPE,
                       reinterpret_cast<char*>(&value), &length),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// §16.3 through Winsock: an exclusive wildcard bind refuses a specific one
// with WSAEACCES; SO5 keeps the two options apart.
TEST_F(DualStackTest, ExclusiveWildcardRefusesSpecificWithAccess) {
  SOCKET first = Tcp();
  BOOL on = TRUE;
  ASSERT_EQ(setsockopt(first, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                       reinterpret_cast<const char*>(&on), sizeof(on)),
            0);
  EXPECT_EQ(setsockopt(first, SOL_SOCKET, SO_REUSEADDR,
                       reinterpret_cast<const char*>(&on), sizeof(on)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  ASSERT_EQ(BindV4(first, 9000), 0);
  EXPECT_EQ(BindLoopbackV4(Tcp(), 9000), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
}

// Spec BA1: an address that is not the machine's, until it is.
TEST_F(DualStackTest, NonLocalAddressUntilAdded) {
  sockaddr_in far = {};
  far.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "192.0.2.7", &far.sin_addr), 1);
  EXPECT_EQ(bind(Udp(), reinterpret_cast<SOCKADDR*>(&far), sizeof(far)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRNOTAVAIL);
  ASSERT_TRUE(PortresSimAddLocalAddress(AF_INET, &far.sin_addr));
  EXPECT_EQ(bind(Udp(), reinterpret_cast<SOCKADDR*>(&far), sizeof(far)), 0);
  EXPECT_FALSE(PortresSimAddLocalAddress(AF_INET, &in6addr_any));
  EXPECT_FALSE(PortresSimAddLocalAddress(AF_INET6, &in6addr_loopback));
}

}  // namespace
}  // namespace portres::testkit
