// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Name resolution on the simulated machine (docs §22, DP29, DP41): numeric
// addresses, localhost, the machine's own names, and no name service.

#include <ws2tcpip.h>

#include <cstring>
#include <string>
#include <vector>

#include "portres_sim.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

using NamesTest = CompatTest;

// Each result's address as text and port, in order.
std::vector<std::string> Addresses(const ADDRINFOA* info) {
  std::vector<std::string> out;
  for (; info != nullptr; info = info->ai_next) {
    char text[INET6_ADDRSTRLEN];
    char port[NI_MAXSERV];
    EXPECT_EQ(
        getnameinfo(info->ai_addr, static_cast<socklen_t>(info->ai_addrlen),
                    text, sizeof(text), port, sizeof(port),
                    NI_NUMERICHOST | NI_NUMERICSERV),
        0);
    out.push_back(std::string(text) + " " + port);
  }
  return out;
}

int Lookup(const char* node, const char* service, int family, int flags,
           std::vector<std::string>* found, int socktype = SOCK_STREAM) {
  ADDRINFOA hints = {};
  hints.ai_family = family;
  hints.ai_socktype = socktype;
  hints.ai_flags = flags;
  ADDRINFOA* result = nullptr;
  const int code = getaddrinfo(node, service, &hints, &result);
  if (code == 0) {
    *found = Addresses(result);
    freeaddrinfo(result);
  }
  return code;
}

// DP29: no node: the wildcard with AI_PASSIVE, else loopback; both
// families IPv6 first; the protocol follows the socket type.
TEST_F(NamesTest, NoNodeIsTheWildcardOrLoopback) {
  std::vector<std::string> found;
  ASSERT_EQ(Lookup(nullptr, "27015", AF_INET, AI_PASSIVE, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"0.0.0.0 27015"});
  ASSERT_EQ(Lookup(nullptr, "27015", AF_UNSPEC, 0, &found), 0);
  EXPECT_EQ(found, (std::vector<std::string>{"::1 27015", "127.0.0.1 27015"}));

  ADDRINFOA hints = {};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  ADDRINFOA* result = nullptr;
  ASSERT_EQ(getaddrinfo("127.0.0.1", nullptr, &hints, &result), 0);
  EXPECT_EQ(result->ai_socktype, SOCK_DGRAM);
  EXPECT_EQ(result->ai_protocol, IPPROTO_UDP);
  EXPECT_EQ(result->ai_addrlen, sizeof(sockaddr_in));
  EXPECT_EQ(result->ai_next, nullptr);
  freeaddrinfo(result);
}

// DP29: localhost (any case, a trailing dot) and numeric addresses resolve;
// other names do not: there is no name service.
TEST_F(NamesTest, LocalhostAndNumericAddressesResolve) {
  std::vector<std::string> found;
  ASSERT_EQ(Lookup("LocalHost.", "80", AF_UNSPEC, 0, &found), 0);
  EXPECT_EQ(found, (std::vector<std::string>{"::1 80", "127.0.0.1 80"}));
  ASSERT_EQ(Lookup("localhost", "80", AF_INET, 0, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"127.0.0.1 80"});
  ASSERT_EQ(Lookup("fe80::1", "443", AF_UNSPEC, 0, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"fe80::1 443"});

  EXPECT_EQ(Lookup("example.com", "80", AF_UNSPEC, 0, &found), EAI_NONAME);
  EXPECT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
  EXPECT_EQ(Lookup("localhost", "80", AF_UNSPEC, AI_NUMERICHOST, &found),
            EAI_NONAME);
  EXPECT_EQ(Lookup("::1", "80", AF_INET, 0, &found), EAI_NONAME);
}

// DP41: gethostname gives the machine's name without a domain (WSAEFAULT
// without room for its terminator); GetHostNameW the same in UTF-16.
TEST_F(NamesTest, GethostnameGivesTheMachinesName) {
  char name[256] = {};
  ASSERT_EQ(gethostname(name, sizeof(name)), 0);
  const size_t length = std::strlen(name);
  ASSERT_GT(length, 0u);
  EXPECT_EQ(std::strchr(name, '.'), nullptr);
  char short_buffer[256];
  EXPECT_EQ(gethostname(short_buffer, static_cast<int>(length)), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(gethostname(short_buffer, static_cast<int>(length) + 1), 0);
  WCHAR wide[256] = {};
  ASSERT_EQ(GetHostNameW(wide, 256), 0);
  for (size_t i = 0; i <= length; ++i) {
    EXPECT_EQ(wide[i], static_cast<WCHAR>(static_cast<unsigned char>(name[i])));
  }
  WSACleanup();
  EXPECT_EQ(gethostname(name, sizeof(name)), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

// DP41: the machine's names (its host name in any case, "" and
// "..localmachine") resolve to its interface addresses, IPv6 first; with
// none, to its loopback addresses.
TEST_F(NamesTest, TheMachinesOwnNamesResolveToItsAddresses) {
  char name[256] = {};
  ASSERT_EQ(gethostname(name, sizeof(name)), 0);
  const std::vector<std::string> loopback = {"::1 80", "127.0.0.1 80"};
  for (const char* node : {static_cast<const char*>(name), "", "..localmachine"}) {
    SCOPED_TRACE(node);
    std::vector<std::string> found;
    ASSERT_EQ(Lookup(node, "80", AF_UNSPEC, 0, &found), 0);
    EXPECT_EQ(found, loopback);
  }
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  std::vector<std::string> found;
  ASSERT_EQ(Lookup(upper.c_str(), "80", AF_INET, 0, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"127.0.0.1 80"});

  const unsigned char v4[4] = {10, 0, 0, 7};
  const unsigned char v6[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0,
                                0,    0, 0, 0, 0, 0, 0, 7};
  ASSERT_TRUE(PortresSimAddLocalAddress(AF_INET, v4));
  ASSERT_TRUE(PortresSimAddLocalAddress(AF_INET6, v6));
  ASSERT_EQ(Lookup(name, "80", AF_UNSPEC, 0, &found), 0);
  EXPECT_EQ(found, (std::vector<std::string>{"fd00::7 80", "10.0.0.7 80"}));
  ASSERT_EQ(Lookup("", "80", AF_INET, 0, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"10.0.0.7 80"});
  // localhost stays loopback.
  ASSERT_EQ(Lookup("localhost", "80", AF_INET, 0, &found), 0);
  EXPECT_EQ(found, std::vector<std::string>{"127.0.0.1 80"});
}

// DP29: the argument errors, each Windows' code for its EAI_ name.
TEST_F(NamesTest, BadArgumentsGetWindowsCodes) {
  std::vector<std::string> found;
  EXPECT_EQ(Lookup(nullptr, nullptr, AF_UNSPEC, 0, &found), WSAHOST_NOT_FOUND);
  EXPECT_EQ(Lookup("localhost", "http", AF_UNSPEC, 0, &found),
            WSATYPE_NOT_FOUND);  // no services file
  EXPECT_EQ(Lookup("localhost", "70000", AF_UNSPEC, 0, &found),
            WSATYPE_NOT_FOUND);
  EXPECT_EQ(Lookup("localhost", "80", AF_UNSPEC, 0x40000000, &found),
            WSAEINVAL);
  EXPECT_EQ(Lookup(nullptr, "80", AF_UNSPEC, AI_CANONNAME, &found), WSAEINVAL);
  EXPECT_EQ(Lookup("localhost", "80", 99, 0, &found), WSAEAFNOSUPPORT);
  EXPECT_EQ(Lookup("localhost", "80", AF_UNSPEC, 0, &found, 99),
            WSAESOCKTNOSUPPORT);
  EXPECT_EQ(WSAGetLastError(), WSAESOCKTNOSUPPORT);
  EXPECT_EQ(EAI_NODATA, EAI_NONAME);

  ASSERT_EQ(WSACleanup(), 0);
  EXPECT_EQ(Lookup("localhost", "80", AF_UNSPEC, 0, &found), WSANOTINITIALISED);
}

TEST_F(NamesTest, TheCanonicalNameIsInTheFirstResult) {
  ADDRINFOA hints = {};
  hints.ai_flags = AI_CANONNAME;
  ADDRINFOA* result = nullptr;
  ASSERT_EQ(getaddrinfo("localhost", nullptr, &hints, &result), 0);
  ASSERT_NE(result->ai_canonname, nullptr);
  EXPECT_STREQ(result->ai_canonname, "localhost");
  ASSERT_NE(result->ai_next, nullptr);
  EXPECT_EQ(result->ai_next->ai_canonname, nullptr);
  freeaddrinfo(result);
}

TEST_F(NamesTest, TheWideFunctionsAnswerAlike) {
  ADDRINFOW hints = {};
  hints.ai_family = AF_INET;
  hints.ai_flags = AI_CANONNAME;
  ADDRINFOW* result = nullptr;
  ASSERT_EQ(GetAddrInfoW(L"localhost", L"8080", &hints, &result), 0);
  EXPECT_STREQ(result->ai_canonname, L"localhost");
  wchar_t host[NI_MAXHOST];
  wchar_t port[NI_MAXSERV];
  ASSERT_EQ(
      GetNameInfoW(result->ai_addr, static_cast<socklen_t>(result->ai_addrlen),
                   host, NI_MAXHOST, port, NI_MAXSERV, NI_NUMERICHOST),
      0);
  EXPECT_STREQ(host, L"127.0.0.1");
  EXPECT_STREQ(port, L"8080");
  FreeAddrInfoW(result);
  EXPECT_EQ(GetAddrInfoW(L"h\u00f6st", nullptr, &hints, &result),
            WSAHOST_NOT_FOUND);
}

// DP29: getnameinfo names loopback localhost, other addresses by number
// (no name service: NI_NAMEREQD fails), ports by number.
TEST_F(NamesTest, GetnameinfoNamesLoopbackOnly) {
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(27015);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  char host[NI_MAXHOST];
  char port[NI_MAXSERV];
  const auto* name = reinterpret_cast<const SOCKADDR*>(&address);
  ASSERT_EQ(getnameinfo(name, sizeof(address), host, sizeof(host), port,
                        sizeof(port), 0),
            0);
  EXPECT_STREQ(host, "localhost");
  EXPECT_STREQ(port, "27015");
  address.sin_addr.s_addr = htonl(0x0A010203);
  ASSERT_EQ(
      getnameinfo(name, sizeof(address), host, sizeof(host), nullptr, 0, 0), 0);
  EXPECT_STREQ(host, "10.1.2.3");
  EXPECT_EQ(getnameinfo(name, sizeof(address), host, sizeof(host), nullptr, 0,
                        NI_NAMEREQD),
            WSAHOST_NOT_FOUND);
  EXPECT_EQ(getnameinfo(name, sizeof(address), host, 4, nullptr, 0, 0),
            WSAEFAULT);
  EXPECT_EQ(
      getnameinfo(name, sizeof(address) - 1, host, sizeof(host), nullptr, 0, 0),
      WSAEFAULT);
  EXPECT_EQ(getnameinfo(name, sizeof(address), nullptr, 0, nullptr, 0, 0),
            WSAHOST_NOT_FOUND);
}

// gai_strerror is the system message with its line break as a space, as the
// Windows SDK's inline one gives it.
TEST_F(NamesTest, GaiStrerrorIsTheSystemMessage) {
  EXPECT_STREQ(gai_strerror(EAI_NONAME), "No such host is known. ");
  EXPECT_STREQ(gai_strerror(EAI_SERVICE),
               "The specified class was not found. ");
}

}  // namespace
}  // namespace portres::testkit
