// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The persistent functions through <iphlpapi.h> (spec §7-§9, U15): every
// code, StartPort in network byte order.

#include <cstdlib>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class IphlpapiTest : public CompatTest {
 protected:
  // The initial process is unelevated; this switches to an elevated one.
  void BecomeAdmin() {
    ASSERT_TRUE(PortresSimSwitchProcess(PortresSimSpawnProcess(TRUE)));
  }
};

TEST_F(IphlpapiTest, CreateLookupDeleteWithNetworkOrderStart) {
  BecomeAdmin();
  ULONG64 token = 0;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token),
            static_cast<ULONG>(NO_ERROR));
  EXPECT_NE(token, 0u);
  auto excluded =
      *compat::SimulatedMachine().ExcludedPortRanges(Protocol::kTcp);
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0].start, 5000);
  EXPECT_TRUE(excluded[0].administered);
  ULONG64 found = 0;
  EXPECT_EQ(LookupPersistentTcpPortReservation(htons(5000), 20, &found), 0u);
  EXPECT_EQ(found, token);
  EXPECT_EQ(DeletePersistentTcpPortReservation(htons(5000), 20), 0u);
  EXPECT_EQ(LookupPersistentTcpPortReservation(htons(5000), 20, &found),
            static_cast<ULONG>(ERROR_NOT_FOUND));
}

TEST_F(IphlpapiTest, UdpFunctionsUseTheUdpPool) {
  BecomeAdmin();
  ULONG64 token = 0;
  ASSERT_EQ(CreatePersistentUdpPortReservation(htons(6000), 5, &token), 0u);
  ULONG64 found = 0;
  EXPECT_EQ(LookupPersistentTcpPortReservation(htons(6000), 5, &found),
            static_cast<ULONG>(ERROR_NOT_FOUND));
  EXPECT_EQ(LookupPersistentUdpPortReservation(htons(6000), 5, &found), 0u);
  EXPECT_EQ(found, token);
  EXPECT_EQ(DeletePersistentUdpPortReservation(htons(6000), 5), 0u);
}

// PC1, PD1: unelevated → 5; PL4: Lookup needs no elevation.
TEST_F(IphlpapiTest, UnelevatedCreateAndDeleteAreAccessDenied) {
  ULONG64 token = 0;
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token),
            static_cast<ULONG>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(DeletePersistentUdpPortReservation(htons(5000), 20),
            static_cast<ULONG>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(LookupPersistentTcpPortReservation(htons(5000), 20, &token),
            static_cast<ULONG>(ERROR_NOT_FOUND));
}

// PC2, PD2, PL1: 87.
TEST_F(IphlpapiTest, BadRangesAreInvalidParameter) {
  BecomeAdmin();
  ULONG64 token = 0;
  EXPECT_EQ(CreatePersistentTcpPortReservation(0, 20, &token), 87u);
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 0, &token), 87u);
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(65530), 20, &token), 87u);
  EXPECT_EQ(DeletePersistentTcpPortReservation(0, 20), 87u);
  EXPECT_EQ(LookupPersistentUdpPortReservation(htons(5000), 0, &token), 87u);
}

// U15: a NULL Token pointer → 87.
// Spec PC5.
TEST_F(IphlpapiTest, NullTokenPointerIsInvalidParameter) {
  BecomeAdmin();
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, nullptr), 87u);
  EXPECT_EQ(LookupPersistentTcpPortReservation(htons(5000), 20, nullptr), 87u);
}

// PC3: in use or overlapping → 32.
TEST_F(IphlpapiTest, ConflictsAreSharingViolation) {
  BecomeAdmin();
  ULONG64 token = 0;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token), 0u);
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5019), 2, &token), 32u);
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  ASSERT_EQ(BindV4(Tcp(), 7000), 0);
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(6990), 20, &token), 32u);
}

// Spec PD3: Delete of a block that does not exist → 1168.
TEST_F(IphlpapiTest, DeleteOfMissingBlockIsNotFound) {
  BecomeAdmin();
  EXPECT_EQ(DeletePersistentTcpPortReservation(htons(5000), 20), 1168u);
}

// The IP Helper functions need no WSAStartup.
TEST_F(IphlpapiTest, NoWsaStartupNeeded) {
  ASSERT_EQ(WSACleanup(), 0);
  BecomeAdmin();
  ULONG64 token = 0;
  EXPECT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token), 0u);
}

}  // namespace
}  // namespace portres::testkit
