// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Create/Delete/LookupPersistent{Tcp,Udp}PortReservation on the simulator:
// spec §7, §8, §9 and U13, U16.

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

using sim::ExcludedRange;

class PersistentTest : public SimTest,
                       public ::testing::WithParamInterface<Protocol> {
 protected:
  Protocol protocol() const { return GetParam(); }
  SocketId Socket(PortReservations& ports) {
    return protocol() == Protocol::kTcp ? Tcp(ports) : Udp(ports);
  }
};

// PC4: elevated admin, free block → token, listed as administered.
TEST_P(PersistentTest, CreateByElevatedAdminSucceeds) {
  absl::StatusOr<Token> t = admin_->CreatePersistent(protocol(), {5000, 20});
  ASSERT_THAT(t, IsOk());
  EXPECT_TRUE(t->valid());
  EXPECT_EQ(host_.ExcludedPortRanges(protocol()),
            (std::vector<ExcludedRange>{{5000, 5019, true}}));
}

// PC1: not elevated → ERROR_ACCESS_DENIED (5).
TEST_P(PersistentTest, CreateWithoutElevationIsAccessDenied) {
  EXPECT_THAT(a_->CreatePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorAccessDenied));
}

// PC2 / M2: StartPort 0 or NumberOfPorts 0 → 87.
TEST_P(PersistentTest, CreateWithZeroStartOrCountIsInvalidParameter) {
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5000, 0}),
              HasWindowsCode(kErrorInvalidParameter));
}

// PC2 / U13: past 65535 → 87; ending at 65535 is fine.
TEST_P(PersistentTest, CreatePastMaxPortIsInvalidParameter) {
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {65530, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {65516, 20}), IsOk());
}

// U16: access is checked before parameters.
TEST_P(PersistentTest, AccessIsCheckedBeforeParameters) {
  EXPECT_THAT(a_->CreatePersistent(protocol(), {0, 0}),
              HasWindowsCode(kErrorAccessDenied));
  EXPECT_THAT(a_->DeletePersistent(protocol(), {0, 0}),
              HasWindowsCode(kErrorAccessDenied));
}

// PC3: a port of the block bound by a socket → 32.
TEST_P(PersistentTest, CreateOverBoundPortIsSharingViolation) {
  ASSERT_THAT(a_->Bind(Socket(*a_), kIpv4Any, 5019), IsOk());
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorSharingViolation));
}

// PC3: a runtime reservation of a process, or a system service's
// block (the winnat case [DFW-3171]) → 32.
TEST_P(PersistentTest, CreateOverRuntimeOrSystemReservationIsSharingViolation) {
  MustAcquire(*a_, Socket(*a_), {5000, 20});
  ASSERT_THAT(host_.AddSystemReservation(protocol(), {6000, 100}), IsOk());
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {4990, 11}),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {6099, 1}),
              HasWindowsCode(kErrorSharingViolation));
}

// PC3: same or overlapping persistent block → 32.
TEST_P(PersistentTest, CreateOverPersistentIsSharingViolation) {
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5010, 20}),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5020, 20}), IsOk())
      << "adjacent blocks do not overlap";
}

// PC4 / M5: the same block for the other protocol is independent.
TEST_P(PersistentTest, SameBlockOtherProtocolIsIndependent) {
  const Protocol other =
      protocol() == Protocol::kTcp ? Protocol::kUdp : Protocol::kTcp;
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_THAT(admin_->CreatePersistent(other, {5000, 20}), IsOk());
}

// PD4: exact block → removed; ports return to normal use.
TEST_P(PersistentTest, DeleteExactBlockRemovesIt) {
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  ASSERT_THAT(admin_->DeletePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_TRUE(host_.ExcludedPortRanges(protocol()).empty());
  EXPECT_THAT(a_->Acquire(Socket(*a_), {5000, 20}), IsOk());
}

// PD1: not elevated → 5, and nothing is removed.
TEST_P(PersistentTest, DeleteWithoutElevationIsAccessDenied) {
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_THAT(a_->DeletePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorAccessDenied));
  EXPECT_EQ(host_.ExcludedPortRanges(protocol()).size(), 1u);
}

// PD2: zero start or count → 87.
TEST_P(PersistentTest, DeleteWithZeroStartOrCountIsInvalidParameter) {
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 0}),
              HasWindowsCode(kErrorInvalidParameter));
}

// PD3: missing, sub-range, super-range → 1168.
TEST_P(PersistentTest, DeleteOfMissingOrInexactBlockIsNotFound) {
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorNotFound));
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 10}),
              HasWindowsCode(kErrorNotFound));
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 21}),
              HasWindowsCode(kErrorNotFound));
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5005, 15}),
              HasWindowsCode(kErrorNotFound));
}

// §8: a runtime or system block is not a persistent reservation → 1168.
TEST_P(PersistentTest, DeleteOfRuntimeBlockIsNotFound) {
  MustAcquire(*a_, Socket(*a_), {5000, 20});
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorNotFound));
}

// PL3: exact match → the token Create returned (same boot); no
// elevation needed (§9 "Privileges").
TEST_P(PersistentTest, LookupExactBlockReturnsCreateTokenWithoutElevation) {
  absl::StatusOr<Token> created =
      admin_->CreatePersistent(protocol(), {5000, 20});
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(a_->LookupPersistent(protocol(), {5000, 20}).value_or(Token()),
            *created);
}

// PL1: zero start or count → 87.
TEST_P(PersistentTest, LookupWithZeroStartOrCountIsInvalidParameter) {
  EXPECT_THAT(a_->LookupPersistent(protocol(), {0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(a_->LookupPersistent(protocol(), {5000, 0}),
              HasWindowsCode(kErrorInvalidParameter));
}

// PL2 / O12 [CN-LIB]: Lookup before Create, and inexact blocks → 1168.
TEST_P(PersistentTest, LookupOfMissingOrInexactBlockIsNotFound) {
  EXPECT_THAT(a_->LookupPersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorNotFound));
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  EXPECT_THAT(a_->LookupPersistent(protocol(), {5000, 19}),
              HasWindowsCode(kErrorNotFound));
  EXPECT_THAT(a_->LookupPersistent(protocol(), {5001, 19}),
              HasWindowsCode(kErrorNotFound));
}

// PL3 / M10: after reboot, Lookup succeeds with a new token; the old
// one no longer associates.
TEST_P(PersistentTest, RebootKeepsReservationUnderNewToken) {
  absl::StatusOr<Token> before =
      admin_->CreatePersistent(protocol(), {5000, 20});
  ASSERT_THAT(before, IsOk());
  host_.Reboot();
  auto admin = host_.Process(host_.SpawnProcess({.elevated = true}));
  absl::StatusOr<Token> after = admin->LookupPersistent(protocol(), {5000, 20});
  ASSERT_THAT(after, IsOk());
  EXPECT_NE(*after, *before);
  SocketId s = Socket(*admin);
  EXPECT_THAT(admin->Associate(s, *before), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(admin->Associate(s, *after), IsOk());
}

// M4: any elevated process may consume any persistent reservation.
TEST_P(PersistentTest, AnyElevatedProcessMayConsume) {
  absl::StatusOr<Token> t = admin_->CreatePersistent(protocol(), {5000, 20});
  ASSERT_THAT(t, IsOk());
  auto other_admin = host_.Process(host_.SpawnProcess({.elevated = true}));
  SocketId s = Socket(*other_admin);
  ASSERT_THAT(other_admin->Associate(s, *t), IsOk());
  EXPECT_EQ(other_admin->Bind(s, kIpv4Any, 0).value_or(0), 5000);
}

// A failed persistent call changes nothing.
TEST_P(PersistentTest, FailedCallsLeaveHostUnchanged) {
  ASSERT_THAT(admin_->CreatePersistent(protocol(), {5000, 20}), IsOk());
  const std::string before = host_.DumpState();
  EXPECT_THAT(admin_->CreatePersistent(protocol(), {5010, 1}),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_THAT(a_->DeletePersistent(protocol(), {5000, 20}),
              HasWindowsCode(kErrorAccessDenied));
  EXPECT_THAT(admin_->DeletePersistent(protocol(), {5000, 2}),
              HasWindowsCode(kErrorNotFound));
  EXPECT_EQ(host_.DumpState(), before);
}

INSTANTIATE_TEST_SUITE_P(Protocols, PersistentTest,
                         ::testing::Values(Protocol::kTcp, Protocol::kUdp),
                         [](const auto& test) { return ToString(test.param); });

}  // namespace
}  // namespace portres::testkit
