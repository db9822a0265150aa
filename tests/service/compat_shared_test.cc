// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The compat layer on a shared machine (SV12): this test program is one
// process of a machine that a second connection also uses. PORTRES_SIM_HOST
// is set before the first compat call, as a user's environment would.

#include <stdlib.h>
#include <unistd.h>

#include <memory>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iphlpapi.h"
#include "mstcpip.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"
#include "tests/service/service_fixture.h"
#include "windows.h"
#include "winsock2.h"

namespace portres::service_test {
namespace {

using testkit::HasWindowsCode;
using testkit::IsOk;

class CompatSharedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = StartServer(TestServerOptions(*dir_)).release();
    ::setenv("PORTRES_SIM_HOST", dir_->path().c_str(), 1);
  }
  static void TearDownTestSuite() {
    delete server_;  // compat's connection now answers ERROR_INVALID_HANDLE
    delete dir_;
  }
  void SetUp() override {
    PortresSimReset();  // a fresh process of this program, others untouched
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    other_ = Connect(dir_->File("host.sock"));
  }
  // The block [start, start + count) acquired through WSAIoctl.
  static int AcquireBlock(SOCKET s, USHORT start, USHORT count) {
    INET_PORT_RANGE range{htons(start), count};
    INET_PORT_RESERVATION_INSTANCE instance;
    DWORD bytes = 0;
    return WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                    &instance, sizeof(instance), &bytes, nullptr, nullptr) == 0
               ? 0
               : WSAGetLastError();
  }

  static TempDir* dir_;
  static sim::service::Server* server_;
  std::unique_ptr<sim::SharedMachine> other_;
};
TempDir* CompatSharedTest::dir_ = nullptr;
sim::service::Server* CompatSharedTest::server_ = nullptr;

TEST_F(CompatSharedTest, ABlockThisProgramHoldsIsRefusedToAnotherProcess) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_NE(s, INVALID_SOCKET);
  ASSERT_EQ(AcquireBlock(s, 7000, 10), 0);
  PortReservations& theirs = other_->process();
  const SocketId t =
      *theirs.OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  EXPECT_THAT(theirs.Acquire(t, {7005, 1}), HasWindowsCode(kWsaEAddrInUse));
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_THAT(theirs.Acquire(t, {7005, 1}), IsOk());
}

TEST_F(CompatSharedTest, GetCurrentProcessIdIsTheSimulatedPidOthersSee) {
  SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  ASSERT_EQ(AcquireBlock(s, 7100, 2), 0);
  const std::string owners = *other_->Owners();
  EXPECT_TRUE(absl::StrContains(
      owners, absl::StrCat("\n", GetCurrentProcessId(), " ")))
      << owners;
  EXPECT_TRUE(absl::StrContains(owners, "7100-7101")) << owners;
}

TEST_F(CompatSharedTest, ResetEndsOnlyThisProgramsProcesses) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_EQ(AcquireBlock(s, 7200, 10), 0);
  PortReservations& theirs = other_->process();
  const SocketId t =
      *theirs.OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  ASSERT_THAT(theirs.Acquire(t, {7300, 1}), IsOk());
  const DWORD before = GetCurrentProcessId();
  PortresSimReset();
  EXPECT_NE(GetCurrentProcessId(), before);
  EXPECT_THAT(theirs.Acquire(t, {7205, 1}), IsOk());  // ours went
  EXPECT_EQ(other_->ExcludedPortRanges(Protocol::kTcp)->size(), 2u);
}

TEST_F(CompatSharedTest, PersistentBlocksAreTheMachines) {
  ULONG64 token = 0;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(7400), 4, &token),
            NO_ERROR);
  EXPECT_EQ(other_->process().LookupPersistent(Protocol::kTcp, {7400, 4})
                ->value(),
            token);
  EXPECT_EQ(DeletePersistentTcpPortReservation(htons(7400), 4), NO_ERROR);
}

TEST_F(CompatSharedTest, SpawnedProcessesAreSeparateProcessesOfTheMachine) {
  SOCKET mine = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_EQ(AcquireBlock(mine, 7500, 1), 0);
  const DWORD child = PortresSimSpawnProcess(FALSE);
  ASSERT_NE(child, 0u);
  ASSERT_TRUE(PortresSimSwitchProcess(child));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  EXPECT_EQ(closesocket(mine), SOCKET_ERROR);  // not its socket
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  SOCKET theirs = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  EXPECT_EQ(AcquireBlock(theirs, 7500, 1), WSAEADDRINUSE);
  ASSERT_TRUE(PortresSimExitProcess(child));
  EXPECT_FALSE(PortresSimSwitchProcess(child));
}

// The token says what the machine says of the process: an elevated
// spawned process is elevated, an unelevated one is not (W5, SV2).
TEST_F(CompatSharedTest, TheTokenTellsEachProcesssElevation) {
  auto elevated = [](DWORD pid) -> DWORD {
    if (!PortresSimSwitchProcess(pid)) return 99;
    HANDLE token = nullptr;
    TOKEN_ELEVATION elevation = {7};
    DWORD size = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token) ||
        !GetTokenInformation(token, TokenElevation, &elevation,
                             sizeof(elevation), &size)) {
      return 98;
    }
    CloseHandle(token);
    return elevation.TokenIsElevated;
  };
  const DWORD plain = PortresSimSpawnProcess(FALSE);
  ASSERT_NE(plain, 0u);
  EXPECT_EQ(elevated(plain), 0u);
  // Only a program the kernel calls elevated may spawn an elevated process.
  const DWORD admin = PortresSimSpawnProcess(TRUE);
  if (::geteuid() == 0) {
    ASSERT_NE(admin, 0u);
    EXPECT_EQ(elevated(admin), 1u);
  } else {
    EXPECT_EQ(admin, 0u);
  }
}

// DP28: the shared machine does not carry traffic between its processes
// yet; the data calls say so rather than pretend nobody listens.
TEST_F(CompatSharedTest, TheDataPathIsRefusedOnASharedMachine) {
  const SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in local = {};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(s, reinterpret_cast<SOCKADDR*>(&local), sizeof(local)), 0);
  EXPECT_EQ(listen(s, 5), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&local), sizeof(local)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(s, &readable);
  timeval now = {0, 0};
  EXPECT_EQ(select(0, &readable, nullptr, nullptr, &now), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(closesocket(s), 0);
}

TEST_F(CompatSharedTest, ControlsThatWouldChangeEveryonesMachineAreRefused) {
  EXPECT_FALSE(PortresSimResetProfile("wine-8"));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_SUPPORTED));
  const unsigned char address[4] = {10, 0, 0, 1};
  EXPECT_FALSE(PortresSimAddLocalAddress(AF_INET, address));
  EXPECT_FALSE(PortresSimImportNetsh(""));
}

}  // namespace
}  // namespace portres::service_test
