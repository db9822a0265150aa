// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A fixture for Win32-style tests: a fresh process-wide simulated host per
// test, WSAStartup done for the initial process, invariants checked after.

#ifndef PORTRES_TESTS_COMPAT_COMPAT_FIXTURE_H_
#define PORTRES_TESTS_COMPAT_COMPAT_FIXTURE_H_

#include <iphlpapi.h>
#include <mstcpip.h>
#include <portres_sim.h>
#include <winsock2.h>
#include <ws2ipdef.h>

#include "gtest/gtest.h"
#include "portres/compat_host.h"

namespace portres::testkit {

// Win32-call helpers shared by the compat tests.
inline SOCKET Udp() { return socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP); }
inline SOCKET Tcp() { return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP); }

// SIO_ACQUIRE_PORT_RESERVATION with `start` in host order; returns the
// WSAIoctl result and fills `out`.
inline int Acquire(SOCKET s, USHORT start, USHORT count,
                   INET_PORT_RESERVATION_INSTANCE* out) {
  INET_PORT_RANGE range = {htons(start), count};
  DWORD bytes = 0;
  return WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range), out,
                  sizeof(*out), &bytes, nullptr, nullptr);
}
// ASSOCIATE or RELEASE with a bare ULONG64, as the samples pass it.
inline int TokenIoctl(SOCKET s, DWORD code, ULONG64 token) {
  DWORD bytes = 0;
  return WSAIoctl(s, code, &token, sizeof(token), nullptr, 0, &bytes, nullptr,
                  nullptr);
}
// bind() to INADDR_ANY:`port` (host order).
inline int BindV4(SOCKET s, USHORT port) {
  sockaddr_in local = {};
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  return bind(s, reinterpret_cast<SOCKADDR*>(&local), sizeof(local));
}
// bind() to 127.0.0.1:`port` (host order).
inline int BindLoopbackV4(SOCKET s, USHORT port) {
  sockaddr_in local = {};
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return bind(s, reinterpret_cast<SOCKADDR*>(&local), sizeof(local));
}
// 127.0.0.1:`port` (host order), for connect and sendto.
inline sockaddr_in LoopbackV4(USHORT port) {
  sockaddr_in to = {};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return to;
}
inline USHORT LocalPort(SOCKET s) {
  sockaddr_in name = {};
  int length = sizeof(name);
  EXPECT_EQ(getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length), 0);
  return ntohs(name.sin_port);
}

class CompatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PortresSimReset();
    PortresSimClearFaults();
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  }
  void TearDown() override {
    EXPECT_TRUE(compat::SimulatedMachine().CheckInvariants().ok());
  }
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_COMPAT_COMPAT_FIXTURE_H_
