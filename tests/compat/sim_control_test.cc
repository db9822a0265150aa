// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The portres_sim.h controls and multi-process scenarios through
// Win32 calls: tokens and handles are per process, exit releases, reboot
// keeps persistent reservations under new tokens.

#include <cstdlib>
#include <thread>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class SimControlTest : public CompatTest {
 protected:
  // Spawns a process, makes this thread act as it, and starts Winsock there.
  DWORD SwitchToNew(BOOL elevated) {
    DWORD pid = PortresSimSpawnProcess(elevated);
    EXPECT_TRUE(PortresSimSwitchProcess(pid));
    WSADATA data;
    EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    return pid;
  }
};

TEST_F(SimControlTest, GetCurrentProcessIdFollowsSwitch) {
  const DWORD initial = GetCurrentProcessId();
  const DWORD other = PortresSimSpawnProcess(FALSE);
  EXPECT_NE(other, initial);
  ASSERT_TRUE(PortresSimSwitchProcess(other));
  EXPECT_EQ(GetCurrentProcessId(), other);
  DWORD seen_by_other_thread = 0;
  std::thread([&] { seen_by_other_thread = GetCurrentProcessId(); }).join();
  EXPECT_EQ(seen_by_other_thread, initial) << "the switch is per thread";
  EXPECT_FALSE(PortresSimSwitchProcess(12345));
}

// WSAStartup is per process, as on Windows.
TEST_F(SimControlTest, NewProcessNeedsItsOwnWsaStartup) {
  ASSERT_TRUE(PortresSimSwitchProcess(PortresSimSpawnProcess(FALSE)));
  EXPECT_EQ(Udp(), INVALID_SOCKET);
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

// H4: another process's handle, naming nothing in the caller, is WSAENOTSOCK.
TEST_F(SimControlTest, SocketHandleOfAnotherProcessIsNotSock) {
  SOCKET mine = Udp();
  SwitchToNew(FALSE);
  EXPECT_EQ(BindV4(mine, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  EXPECT_EQ(closesocket(mine), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
}

// M3 / U7 / U11: a runtime token from process A is refused in process B.
TEST_F(SimControlTest, RuntimeTokenOfAnotherProcessIsRefused) {
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(Udp(), 5000, 20, &out), 0);
  SwitchToNew(TRUE);
  SOCKET s = Udp();
  EXPECT_EQ(TokenIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION, out.Token.Token),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  EXPECT_EQ(TokenIoctl(s, SIO_RELEASE_PORT_RESERVATION, out.Token.Token),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  EXPECT_EQ(Acquire(s, 5005, 1, &out), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE) << "O5 [MSQ-5795]";
}

// §3.3: the process exits → its reservations go.
TEST_F(SimControlTest, ExitReleasesReservations) {
  const DWORD first = GetCurrentProcessId();
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(Udp(), 5000, 20, &out), 0);
  SwitchToNew(FALSE);
  ASSERT_TRUE(PortresSimExitProcess(first));
  EXPECT_FALSE(PortresSimExitProcess(first));
  EXPECT_EQ(Acquire(Udp(), 5000, 20, &out), 0);
}

// M10 / PL3: reboot keeps persistent reservations with new tokens and
// starts a fresh initial process.
TEST_F(SimControlTest, RebootKeepsPersistentWithNewToken) {
  SwitchToNew(TRUE);
  ULONG64 before = 0;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &before), 0u);
  PortresSimReboot();
  ULONG64 after = 0;
  ASSERT_EQ(LookupPersistentTcpPortReservation(htons(5000), 20, &after), 0u);
  EXPECT_NE(after, before);
  EXPECT_EQ(Udp(), INVALID_SOCKET) << "the new initial process has not "
                                      "called WSAStartup";
  EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

TEST_F(SimControlTest, ResetElevationFollowsEnvironment) {
  ULONG64 token = 0;
  ::setenv("PORTRES_SIM_ELEVATED", "1", 1);
  PortresSimReset();
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 1, &token), 0u);
  ::setenv("PORTRES_SIM_ELEVATED", "0", 1);
  PortresSimReset();
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 1, &token), 5u);
  ::unsetenv("PORTRES_SIM_ELEVATED");
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);  // for TearDown's peers
}

TEST_F(SimControlTest, SetDynamicPortRange) {
  EXPECT_TRUE(PortresSimSetDynamicPortRange(IPPROTO_UDP, 20000, 300));
  EXPECT_FALSE(PortresSimSetDynamicPortRange(IPPROTO_UDP, 20000, 254));
  EXPECT_FALSE(PortresSimSetDynamicPortRange(99, 20000, 300));
  ASSERT_EQ(BindV4(Udp(), 0), 0);
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(Udp(), 0, 10, &out), 0);
  EXPECT_EQ(ntohs(out.Reservation.StartPort), 20001);
}

// O1: a system service's block refuses binds with WSAEACCES.
TEST_F(SimControlTest, SystemReservationBlocksBind) {
  const ULONG64 token = PortresSimAddSystemReservation(IPPROTO_TCP, 50000, 100);
  EXPECT_NE(token, 0u);
  EXPECT_EQ(PortresSimAddSystemReservation(IPPROTO_TCP, 50050, 1), 0u);
  EXPECT_EQ(PortresSimAddSystemReservation(99, 1000, 1), 0u);
  EXPECT_EQ(BindV4(Tcp(), 50001), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  EXPECT_EQ(PortresSimAddSystemReservation(IPPROTO_UDP, 0, 100) != 0, true);
}

}  // namespace
}  // namespace portres::testkit
