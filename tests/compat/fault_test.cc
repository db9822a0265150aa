// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Scheduled faults through portres_sim.h (docs §20, FI1-FI4): Win32 code's
// rare error paths, on demand.

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class FaultTest : public CompatTest {};

// FI1, FI3: "the second acquire fails with WSAENOBUFS" — and reserves
// nothing.
TEST_F(FaultTest, SecondAcquireFailsWithNoBufs) {
  const SOCKET s = Udp();
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(s, 0, 10, &out), 0);
  ASSERT_TRUE(PortresSimFailNext(PORTRES_SIM_OP_ACQUIRE, WSAENOBUFS, 1));
  const std::string before = *compat::SimulatedMachine().DumpState();
  EXPECT_EQ(Acquire(s, 0, 10, &out), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOBUFS);
  EXPECT_EQ(*compat::SimulatedMachine().DumpState(), before);
  EXPECT_EQ(Acquire(s, 0, 10, &out), 0);
  const DWORD last = PortresSimInjectedFaultCount() - 1;
  DWORD operation = 99, code = 0;
  ASSERT_TRUE(PortresSimInjectedFault(last, &operation, &code));
  EXPECT_EQ(operation, static_cast<DWORD>(PORTRES_SIM_OP_ACQUIRE));
  EXPECT_EQ(code, static_cast<DWORD>(WSAENOBUFS));
  EXPECT_FALSE(PortresSimInjectedFault(last + 1, &operation, &code));
}

// FI1: "every bind into 5000-5099 fails with WSAEACCES from now on", for
// TCP only here.
TEST_F(FaultTest, EveryBindIntoARangeFails) {
  ASSERT_TRUE(PortresSimFailPorts(PORTRES_SIM_OP_BIND, WSAEACCES, IPPROTO_TCP,
                                  5000, 5099));
  const SOCKET tcp = Tcp();
  EXPECT_EQ(BindV4(tcp, 5050), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  EXPECT_EQ(BindV4(Udp(), 5050), 0) << "UDP is not named";
  EXPECT_EQ(BindV4(tcp, 5100), 0);
  PortresSimReboot();
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  EXPECT_EQ(BindV4(Tcp(), 5000), SOCKET_ERROR) << "rules outlive a reboot";
  PortresSimClearFaults();
  EXPECT_EQ(BindV4(Tcp(), 5000), 0);
}

// FI1: the persistent functions return the injected code.
TEST_F(FaultTest, PersistentFunctionsReturnTheInjectedCode) {
  ASSERT_TRUE(PortresSimFailNext(PORTRES_SIM_OP_LOOKUP_PERSISTENT,
                                 ERROR_NOT_FOUND, 2));
  ULONG64 token = 0;
  EXPECT_EQ(LookupPersistentUdpPortReservation(htons(5000), 1, &token),
            static_cast<ULONG>(ERROR_NOT_FOUND));
}

// FI1: a seeded probability; WSAENETDOWN on socket() is documented.
TEST_F(FaultTest, RandomFailuresAreSeeded) {
  const DWORD injected_before = PortresSimInjectedFaultCount();
  ASSERT_TRUE(
      PortresSimFailRandomly(PORTRES_SIM_OP_SOCKET, WSAENETDOWN, 500000, 42));
  int failed = 0;
  for (int i = 0; i < 200; ++i) {
    const SOCKET s = Udp();
    if (s == INVALID_SOCKET) {
      EXPECT_EQ(WSAGetLastError(), WSAENETDOWN);
      ++failed;
    } else {
      closesocket(s);
    }
  }
  EXPECT_GT(failed, 50);
  EXPECT_LT(failed, 150);
  EXPECT_EQ(PortresSimInjectedFaultCount() - injected_before,
            static_cast<DWORD>(failed));
}

// FI2: a code Windows does not document for the call is refused.
TEST_F(FaultTest, UndocumentedCodesAreRefused) {
  EXPECT_FALSE(PortresSimFailNext(PORTRES_SIM_OP_ACQUIRE, WSAEADDRNOTAVAIL, 1));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_FALSE(PortresSimFailNext(99, WSAEINVAL, 1));
  EXPECT_FALSE(PortresSimFailPorts(PORTRES_SIM_OP_BIND, WSAEACCES, 99, 1, 2));
  EXPECT_FALSE(PortresSimFailPorts(PORTRES_SIM_OP_BIND, WSAEACCES, 0, 9, 2));
  EXPECT_FALSE(PortresSimFailRandomly(PORTRES_SIM_OP_BIND, WSAEACCES,
                                      1000001, 1));
  EXPECT_EQ(BindV4(Udp(), 5000), 0) << "nothing was added";
}

}  // namespace
}  // namespace portres::testkit
