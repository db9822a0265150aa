// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Address types and text conversions with Windows' numbers: inet_pton and
// inet_ntop take AF_INET6 = 23, not the host's 10; SOCKADDR_STORAGE,
// SOCKADDR_INET and SCOPE_ID have the SDK's layout; mstcpip's helpers build
// the v4-mapped addresses dual-stack code binds.

#include <mstcpip.h>
#include <ws2tcpip.h>

#include <cstddef>
#include <string>

#include "gtest/gtest.h"

namespace portres::testkit {
namespace {

static_assert(sizeof(SOCKADDR_STORAGE) == 128 && alignof(SOCKADDR_STORAGE) == 8);
static_assert(offsetof(SOCKADDR_STORAGE, ss_family) == 0);
static_assert(sizeof(SOCKADDR_IN6) == 28 &&
              offsetof(SOCKADDR_IN6, sin6_scope_id) == 24 &&
              offsetof(SOCKADDR_IN6, sin6_scope_struct) == 24);
static_assert(sizeof(SOCKADDR_INET) == 28 &&
              offsetof(SOCKADDR_INET, si_family) == 0);
static_assert(sizeof(SCOPE_ID) == 4);
static_assert(sizeof(IN6_ADDR) == 16 && sizeof(IN_ADDR) == 4);
static_assert(SO_EXCLUSIVEADDRUSE == ~SO_REUSEADDR && SO_REUSEADDR == 4);
static_assert(SOL_SOCKET == 0xffff && IPPROTO_IPV6 == 41 && IPV6_V6ONLY == 27);
static_assert(INET_ADDRSTRLEN == 22 && INET6_ADDRSTRLEN == 65);

std::string Ntop(int family, const void* address) {
  char text[INET6_ADDRSTRLEN];
  const char* result = inet_ntop(family, address, text, sizeof(text));
  return result == nullptr ? "<null>" : result;
}

IN6_ADDR Pton6(const char* text) {
  IN6_ADDR address = {};
  EXPECT_EQ(inet_pton(AF_INET6, text, &address), 1) << text;
  return address;
}

// Spec W4: u_long stays the C library's type (64-bit here, 32-bit on
// Windows); ioctlsocket takes it either way, IN_ADDR keeps 32 bits.
static_assert(sizeof(u_long) == sizeof(unsigned long));
static_assert(sizeof(IN_ADDR::S_un.S_addr) == 4);

// Spec W3 [INETPTON] [INETNTOP]: the conversions below.
TEST(AddressTextTest, Ipv4RoundTrips) {
  IN_ADDR address;
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &address), 1);
  EXPECT_EQ(address.s_addr, htonl(INADDR_LOOPBACK));
  EXPECT_EQ(Ntop(AF_INET, &address), "127.0.0.1");
}

TEST(AddressTextTest, Ipv6FormsAndCanonicalText) {
  EXPECT_EQ(Ntop(AF_INET6, &in6addr_any), "::");
  EXPECT_EQ(Ntop(AF_INET6, &in6addr_loopback), "::1");
  const IN6_ADDR doc = Pton6("2001:DB8:0:0:0:0:0:1");
  EXPECT_EQ(Ntop(AF_INET6, &doc), "2001:db8::1");
  const IN6_ADDR one_zero = Pton6("1:0:2:3:4:5:6:7");  // one zero group stays
  EXPECT_EQ(Ntop(AF_INET6, &one_zero), "1:0:2:3:4:5:6:7");
  const IN6_ADDR first_run = Pton6("1:0:0:2:0:0:3:4");  // first of equal runs
  EXPECT_EQ(Ntop(AF_INET6, &first_run), "1::2:0:0:3:4");
  const IN6_ADDR mapped = Pton6("::ffff:127.0.0.1");
  EXPECT_TRUE(IN6_IS_ADDR_V4MAPPED(&mapped));
  EXPECT_EQ(IN6_GET_ADDR_V4MAPPED(&mapped)->s_addr, htonl(INADDR_LOOPBACK));
  EXPECT_EQ(Ntop(AF_INET6, &mapped), "::ffff:127.0.0.1");
}

TEST(AddressTextTest, MalformedTextIsZero) {
  unsigned char buffer[16];
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.x",
                           "01234.1.1.1", " 1.2.3.4"}) {
    EXPECT_EQ(inet_pton(AF_INET, text, buffer), 0) << text;
  }
  for (const char* text : {"", ":", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9",
                           "::ffff:1.2.3", "g::", "1:2:3:4:5:6:7"}) {
    EXPECT_EQ(inet_pton(AF_INET6, text, buffer), 0) << text;
  }
}

TEST(AddressTextTest, ErrorsCarryTheDocumentedCodes) {
  unsigned char buffer[16];
  EXPECT_EQ(inet_pton(10, "::1", buffer), -1);  // Linux's AF_INET6 number
  EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
  EXPECT_EQ(inet_pton(AF_INET, nullptr, buffer), -1);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  char small[8];
  EXPECT_EQ(inet_ntop(AF_INET6, &in6addr_loopback, small, 3), nullptr);
  EXPECT_EQ(WSAGetLastError(), ERROR_INVALID_PARAMETER);
  EXPECT_EQ(inet_ntop(AF_INET6, &in6addr_loopback, nullptr, 0), nullptr);
  EXPECT_EQ(WSAGetLastError(), ERROR_INVALID_PARAMETER);
  EXPECT_EQ(inet_ntop(99, &in6addr_loopback, small, sizeof(small)), nullptr);
  EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
}

TEST(AddressTextTest, WideVariants) {
  IN6_ADDR address;
  ASSERT_EQ(InetPtonW(AF_INET6, L"::1", &address), 1);
  EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&address));
  wchar_t text[INET6_ADDRSTRLEN];
  ASSERT_NE(InetNtopW(AF_INET6, &address, text, INET6_ADDRSTRLEN), nullptr);
  EXPECT_EQ(std::wstring(text), L"::1");
  EXPECT_EQ(InetPtonW(AF_INET, L"1.2.3.\u00e9", &address), 0);
}

TEST(AddressTextTest, InetAddrAcceptsTheClassicForms) {
  EXPECT_EQ(inet_addr("127.0.0.1"), htonl(0x7f000001));
  EXPECT_EQ(inet_addr("127.1"), htonl(0x7f000001));      // a.b: b fills 24 bits
  EXPECT_EQ(inet_addr("0x7f.0.0.01"), htonl(0x7f000001));  // hex and octal
  EXPECT_EQ(inet_addr("10.1.258"), htonl(0x0a010102));
  EXPECT_EQ(inet_addr("256.0.0.1"), INADDR_NONE);
  EXPECT_EQ(inet_addr("1.2.3.4.5"), INADDR_NONE);
  EXPECT_EQ(inet_addr("08.1.1.1"), INADDR_NONE);  // 8 is not octal
  EXPECT_EQ(inet_addr(""), INADDR_NONE);
  EXPECT_EQ(inet_addr(nullptr), INADDR_NONE);
  IN_ADDR address;
  address.s_addr = htonl(0xc0a80001);
  EXPECT_STREQ(inet_ntoa(address), "192.168.0.1");
}

// mstcpip's helpers, as a dual-stack listener builds its addresses.
TEST(AddressTextTest, MstcpipHelpersBuildDualStackAddresses) {
  IN_ADDR loopback;
  loopback.s_addr = htonl(INADDR_LOOPBACK);
  SOCKADDR_IN6 mapped;
  SCOPE_ID scope = SCOPEID_UNSPECIFIED_INIT;
  IN6ADDR_SETV4MAPPED(&mapped, &loopback, scope, htons(4433));
  EXPECT_EQ(mapped.sin6_family, AF_INET6);
  EXPECT_EQ(Ntop(AF_INET6, &mapped.sin6_addr), "::ffff:127.0.0.1");
  EXPECT_EQ(INETADDR_PORT(reinterpret_cast<SOCKADDR*>(&mapped)), htons(4433));
  EXPECT_FALSE(INETADDR_ISANY(reinterpret_cast<SOCKADDR*>(&mapped)));

  SOCKADDR_INET any = {};
  any.si_family = AF_INET6;
  INETADDR_SETANY(reinterpret_cast<SOCKADDR*>(&any));
  EXPECT_TRUE(IN6ADDR_ISANY(&any.Ipv6));
  any.si_family = AF_INET;
  INETADDR_SETLOOPBACK(reinterpret_cast<SOCKADDR*>(&any));
  EXPECT_TRUE(IN4ADDR_ISLOOPBACK(&any.Ipv4));
  INETADDR_SET_PORT(reinterpret_cast<SOCKADDR*>(&any), htons(80));
  EXPECT_EQ(any.Ipv4.sin_port, htons(80));
  EXPECT_EQ(INETADDR_ADDRESS(reinterpret_cast<SOCKADDR*>(&any))[0], 127);

  SOCKADDR_STORAGE storage = {};
  storage.ss_family = AF_INET6;
  IN6ADDR_SETLOOPBACK(reinterpret_cast<SOCKADDR_IN6*>(&storage));
  EXPECT_TRUE(INETADDR_ISLOOPBACK(reinterpret_cast<SOCKADDR*>(&storage)));
}

TEST(AddressTextTest, In6AddrInitMacrosMatchTheConstants) {
  const IN6_ADDR any = IN6ADDR_ANY_INIT;
  const IN6_ADDR loopback = IN6ADDR_LOOPBACK_INIT;
  EXPECT_TRUE(IN6_ADDR_EQUAL(&any, &in6addr_any));
  EXPECT_TRUE(IN6_ADDR_EQUAL(&loopback, &in6addr_loopback));
  EXPECT_TRUE(IN6_IS_ADDR_UNSPECIFIED(&any));
  EXPECT_FALSE(IN6_IS_ADDR_V4COMPAT(&loopback));
}

}  // namespace
}  // namespace portres::testkit
