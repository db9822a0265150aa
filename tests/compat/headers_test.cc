// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The compat headers define Windows' values and layouts, not the host's
// (spec §1.1-§1.3).

#include <Windows.h>
#include <iphlpapi.h>
#include <mstcpip.h>
#include <windows.h>
#include <winsock2.h>
#include <ws2ipdef.h>
#include <ws2tcpip.h>

#include <cstddef>

#include "gtest/gtest.h"
#include "portres/windows_codes.h"

namespace portres::testkit {
namespace {

// Spec §1.1: the three control codes, as _WSAIOW(IOC_VENDOR, 100..102).
static_assert(SIO_ACQUIRE_PORT_RESERVATION == 0x98000064u);
static_assert(SIO_RELEASE_PORT_RESERVATION == 0x98000065u);
static_assert(SIO_ASSOCIATE_PORT_RESERVATION == 0x98000066u);
static_assert(SIO_ACQUIRE_PORT_RESERVATION == 2550136932u);  // [WINSYS]
static_assert(SIO_ASSOCIATE_PORT_RESERVATION == 2550136934u);

// Spec §1.2: structure layouts.
static_assert(sizeof(INET_PORT_RANGE) == 4);
static_assert(sizeof(INET_PORT_RESERVATION_TOKEN) == 8);
static_assert(sizeof(INET_PORT_RESERVATION_INSTANCE) == 16);
static_assert(alignof(INET_PORT_RESERVATION_INSTANCE) == 8);
static_assert(offsetof(INET_PORT_RESERVATION_INSTANCE, Token) == 8);
static_assert(sizeof(INET_PORT_RESERVATION_INFORMATION) == 4);
static_assert(INVALID_PORT_RESERVATION_TOKEN == 0);

// Windows' numbers, not the host's.
static_assert(AF_INET == 2 && AF_INET6 == 23);
static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOCK_RAW == 3);
static_assert(IPPROTO_TCP == 6 && IPPROTO_UDP == 17);
static_assert(sizeof(SOCKET) == sizeof(void*));
static_assert(static_cast<SOCKET>(-1) == INVALID_SOCKET);
static_assert(SOCKET_ERROR == -1);
static_assert(sizeof(sockaddr_in) == 16 && sizeof(sockaddr_in6) == 28);
static_assert(sizeof(DWORD) == 4 && sizeof(ULONG) == 4 && sizeof(ULONG64) == 8);
static_assert(sizeof(WCHAR) == sizeof(wchar_t));

// Spec §1.3: the header macros equal portres's code table.
static_assert(WSAEACCES == kWsaEAcces && WSAEFAULT == kWsaEFault);
static_assert(WSAEINVAL == kWsaEInval && WSAENOTSOCK == kWsaENotSock);
static_assert(WSAEOPNOTSUPP == kWsaEOpNotSupp);
static_assert(WSAEADDRINUSE == kWsaEAddrInUse && WSAENOBUFS == kWsaENoBufs);
static_assert(WSANOTINITIALISED == kWsaNotInitialised);
static_assert(WSA_IO_PENDING == kWsaIoPending);
static_assert(ERROR_ACCESS_DENIED == kErrorAccessDenied);
static_assert(ERROR_SHARING_VIOLATION == kErrorSharingViolation);
static_assert(ERROR_INVALID_PARAMETER == kErrorInvalidParameter);
static_assert(ERROR_NOT_FOUND == kErrorNotFound);
static_assert(ERROR_NOT_SUPPORTED == kErrorNotSupported);

// The SDK's C++ member names and the C spellings both reach the same bytes.
TEST(HeadersTest, InstanceMembersWithAndWithoutReservationName) {
  INET_PORT_RESERVATION_INSTANCE instance = {};
  instance.Reservation.StartPort = htons(5000);
  instance.NumberOfPorts = 20;
  instance.Token.Token = 7;
  EXPECT_EQ(instance.StartPort, htons(5000));
  EXPECT_EQ(instance.Reservation.NumberOfPorts, 20);
  unsigned char bytes[16];
  std::memcpy(bytes, &instance, sizeof(bytes));
  EXPECT_EQ(bytes[0], 0x13);  // 5000 = 0x1388, network order
  EXPECT_EQ(bytes[1], 0x88);
  EXPECT_EQ(bytes[8], 7);
}

TEST(HeadersTest, ByteOrderHelpers) {
  EXPECT_EQ(htons(0x1388), 0x8813);
  EXPECT_EQ(ntohs(htons(5000)), 5000);
  EXPECT_EQ(htonl(0x7f000001u), 0x0100007fu);
  EXPECT_EQ(ntohl(htonl(0x12345678u)), 0x12345678u);
  EXPECT_EQ(MAKEWORD(2, 2), 0x0202);
}

}  // namespace
}  // namespace portres::testkit
