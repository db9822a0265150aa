// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// SIO_ACQUIRE_PORT_RESERVATION on the simulator: spec §3.2 (conditions →
// results) and §3.3 (lifetime). Each test names the row it checks.

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

using sim::ExcludedRange;

class AcquireTest : public SimTest {};

// AQ1: valid socket, free specific block.
TEST_F(AcquireTest, FreeSpecificBlockIsGrantedWithNonZeroToken) {
  SocketId s = Udp(*a_);
  absl::StatusOr<Reservation> r = a_->Acquire(s, {.start = 5000, .count = 20});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->range, (PortRange{5000, 20}));
  EXPECT_TRUE(r->token.valid());
  EXPECT_EQ(host_.ExcludedPortRanges(Protocol::kUdp),
            (std::vector<ExcludedRange>{{5000, 5019, false}}));
}

// AQ1 with an IPv6 socket: both families share the pool (M6).
TEST_F(AcquireTest, Ipv6SocketReservesInTheSharedPool) {
  SocketId v6 = Tcp(*a_, AddressFamily::kInet6);
  MustAcquire(*a_, v6, {6000, 10});
  SocketId v4 = Tcp(*b_);
  EXPECT_THAT(b_->Acquire(v4, {6005, 1}), HasWindowsCode(kWsaEAddrInUse));
}

// AQ2: StartPort 0 → a contiguous block from the dynamic range,
// first fit by default (U18).
TEST_F(AcquireTest, WildcardTakesFirstFreeBlockOfDynamicRange) {
  SocketId s = Udp(*a_);
  Reservation first = MustAcquire(*a_, s, {0, 64});
  Reservation second = MustAcquire(*a_, s, {0, 64});
  EXPECT_EQ(first.range, (PortRange{49152, 64}));
  EXPECT_EQ(second.range, (PortRange{49216, 64}));
  EXPECT_NE(first.token, second.token);
}

// §3.2 "Wildcard: where the block comes from": avoids reservations and
// bound ports; blocks are contiguous.
TEST_F(AcquireTest, WildcardSkipsReservedAndBoundPorts) {
  SocketId bound = Udp(*b_);
  ASSERT_THAT(b_->Bind(bound, kIpv4Any, 49155), IsOk());
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kUdp, {49160, 10}), IsOk());
  SocketId s = Udp(*a_);
  // Free runs: 49152-49154 (3 ports), 49156-49159 (4), 49170-... (many).
  EXPECT_EQ(MustAcquire(*a_, s, {0, 4}).range, (PortRange{49156, 4}));
  EXPECT_EQ(MustAcquire(*a_, s, {0, 5}).range, (PortRange{49170, 5}));
  EXPECT_EQ(MustAcquire(*a_, s, {0, 3}).range, (PortRange{49152, 3}));
}

// §3.2 "Wildcard" + M11: the block follows the configured dynamic range.
TEST_F(AcquireTest, WildcardFollowsChangedDynamicRange) {
  ASSERT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {1025, 1000}), IsOk());
  SocketId s = Tcp(*a_);
  EXPECT_EQ(MustAcquire(*a_, s, {0, 100}).range, (PortRange{1025, 100}));
}

// U6: no contiguous free block for a wildcard request → WSAENOBUFS.
// Spec AQ11.
TEST_F(AcquireTest, WildcardWithoutRoomFailsWithNoBufs) {
  ASSERT_THAT(host_.SetDynamicPortRange(Protocol::kUdp, {60000, 300}), IsOk());
  SocketId s = Udp(*a_);
  MustAcquire(*a_, s, {60100, 1});  // splits 300 into 100 + 199
  EXPECT_THAT(a_->Acquire(s, {0, 200}), HasWindowsCode(kWsaENoBufs));
  EXPECT_THAT(a_->Acquire(s, {0, 199}), IsOk());
}

// §3.2 "socket is neither TCP nor UDP" → WSAEOPNOTSUPP.
// Spec AQ7.
TEST_F(AcquireTest, RawSocketIsNotSupported) {
  absl::StatusOr<SocketId> raw =
      a_->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 255);
  ASSERT_THAT(raw, IsOk());
  EXPECT_THAT(a_->Acquire(*raw, {5000, 20}), HasWindowsCode(kWsaEOpNotSupp));
}

// §3.2 "`s` is not a socket" → WSAENOTSOCK, for a never-opened, a closed
// and another process's handle that names nothing in the caller (H4, H6).
// Spec AQ6.
TEST_F(AcquireTest, NonSocketHandlesAreNotSockets) {
  SocketId closed = Udp(*a_);
  ASSERT_THAT(a_->CloseSocket(closed), IsOk());
  SocketId foreign = Udp(*b_);
  EXPECT_THAT(a_->Acquire(12345, {5000, 1}), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(a_->Acquire(closed, {5000, 1}), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(a_->Acquire(foreign, {5000, 1}), HasWindowsCode(kWsaENotSock));
}

// §3.2 "overlaps an existing runtime reservation (another process)",
// O5 [MSQ-5795] → WSAEADDRINUSE.
// Spec AQ8.
TEST_F(AcquireTest, OverlapWithOtherProcessReservationIsAddrInUse) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(b_->Acquire(Udp(*b_), {5019, 5}), HasWindowsCode(kWsaEAddrInUse));
}

// §3.2 "overlaps a runtime reservation of the same process" [MSQ-TEST].
TEST_F(AcquireTest, OverlapWithOwnReservationIsAddrInUse) {
  SocketId s = Udp(*a_);
  MustAcquire(*a_, s, {5000, 20});
  EXPECT_THAT(a_->Acquire(s, {4990, 11}), HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(a_->Acquire(Udp(*a_), {5000, 20}),
              HasWindowsCode(kWsaEAddrInUse));
}

// §3.2 "overlaps a persistent/administered reservation", O4 [MSQ-2891]:
// WSAEADDRINUSE even though a plain bind there succeeds (U1 default).
TEST_F(AcquireTest, OverlapWithPersistentIsAddrInUseWhileBindWorks) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kUdp, {50000, 60}), IsOk());
  EXPECT_THAT(a_->Acquire(Udp(*a_), {50009, 1}),
              HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(a_->Bind(Udp(*a_), kIpv4Any, 50009), IsOk());
}

// §15 "runtime vs anything reserved": a system (WinNAT) block, O1.
TEST_F(AcquireTest, OverlapWithSystemReservationIsAddrInUse) {
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {50060, 100}), IsOk());
  EXPECT_THAT(a_->Acquire(Tcp(*a_), {50100, 1}),
              HasWindowsCode(kWsaEAddrInUse));
}

// §3.2 "contains a port bound by an ordinary socket", U5 → WSAEADDRINUSE.
// Spec AQ9.
TEST_F(AcquireTest, BlockContainingBoundPortIsAddrInUse) {
  ASSERT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 5010), IsOk());
  EXPECT_THAT(a_->Acquire(Udp(*a_), {5000, 20}),
              HasWindowsCode(kWsaEAddrInUse));
}

// M5: TCP and UDP pools are independent.
TEST_F(AcquireTest, SameBlockInOtherProtocolIsIndependent) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Acquire(Tcp(*a_), {5000, 20}), IsOk());
}

// U6: NumberOfPorts == 0 → WSAEINVAL, specific or wildcard.
// Spec AQ10.
TEST_F(AcquireTest, ZeroPortsIsInvalid) {
  SocketId s = Udp(*a_);
  EXPECT_THAT(a_->Acquire(s, {5000, 0}), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Acquire(s, {0, 0}), HasWindowsCode(kWsaEInval));
}

// U6: StartPort + NumberOfPorts − 1 > 65535 → WSAEINVAL; the block ending
// exactly at 65535 is fine.
TEST_F(AcquireTest, BlockPastPort65535IsInvalid) {
  SocketId s = Udp(*a_);
  EXPECT_THAT(a_->Acquire(s, {65530, 7}), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Acquire(s, {65535, 65535}), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Acquire(s, {65530, 6}), IsOk());
}

// §3.2 "Several ACQUIREs on one socket" [PS-SCRIPT]: 10 × 64 ports.
// Spec AQ12.
TEST_F(AcquireTest, SeveralReservationsOnOneSocketAllReleasedOnClose) {
  SocketId s = Udp(*a_);
  for (int i = 0; i < 10; ++i) {
    Reservation r = MustAcquire(*a_, s, {0, 64});
    EXPECT_EQ(r.range.start, 49152 + 64 * i);
  }
  EXPECT_EQ(host_.ExcludedPortRanges(Protocol::kUdp).size(), 10u);
  ASSERT_THAT(a_->CloseSocket(s), IsOk());
  EXPECT_TRUE(host_.ExcludedPortRanges(Protocol::kUdp).empty());
}

// §3.2 "ACQUIRE on a socket that is later associated and bound itself".
TEST_F(AcquireTest, AcquiringSocketCanAssociateAndBindItself) {
  SocketId s = Udp(*a_);
  Reservation r = MustAcquire(*a_, s, {5000, 20});
  ASSERT_THAT(a_->Associate(s, r.token), IsOk());
  EXPECT_EQ(a_->Bind(s, kIpv4Any, 0).value_or(0), 5000);
}

// §3.2 / O13: a 1024-port wildcard block [RUST-BRIDGE].
TEST_F(AcquireTest, LargeWildcardBlockIsContiguousInsideDynamicRange) {
  Reservation r = MustAcquire(*a_, Tcp(*a_), {0, 1024});
  EXPECT_NE(r.range.start, 0);
  EXPECT_GE(r.range.start, 49152);
  EXPECT_LE(r.range.last(), 65535u);
}

// U19: no limit but free space — one wildcard block may take the whole
// dynamic range, after which even one port is refused (U6).
TEST_F(AcquireTest, WildcardBlockMayFillTheWholeDynamicRange) {
  SocketId s = Udp(*a_);
  Reservation all = MustAcquire(*a_, s, {0, 16384});
  EXPECT_EQ(all.range, (PortRange{49152, 16384}));
  EXPECT_THAT(a_->Acquire(s, {0, 1}), HasWindowsCode(kWsaENoBufs));
}

// §3.3 "Acquiring socket closed → reservations released".
TEST_F(AcquireTest, ClosingAcquiringSocketReleasesReservation) {
  SocketId s = Udp(*a_);
  MustAcquire(*a_, s, {5000, 20});
  ASSERT_THAT(a_->CloseSocket(s), IsOk());
  EXPECT_THAT(b_->Acquire(Udp(*b_), {5000, 20}), IsOk());
}

// §3.3 "SIO_RELEASE_PORT_RESERVATION with the token → released".
TEST_F(AcquireTest, ReleaseFreesTheBlock) {
  SocketId s = Udp(*a_);
  Reservation r = MustAcquire(*a_, s, {5000, 20});
  ASSERT_THAT(a_->Release(s, r.token), IsOk());
  EXPECT_THAT(b_->Acquire(Udp(*b_), {5000, 20}), IsOk());
}

// §3.3 "Owning process exits" (I: implied by socket closure).
TEST_F(AcquireTest, ProcessExitReleasesItsReservations) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  ASSERT_THAT(host_.ExitProcess(pid_a_), IsOk());
  EXPECT_THAT(b_->Acquire(Udp(*b_), {5000, 20}), IsOk());
}

// §3.3 "System service stops": its unmarked range disappears.
TEST_F(AcquireTest, StoppedServiceBlockDisappears) {
  absl::StatusOr<Reservation> winnat =
      host_.AddSystemReservation(Protocol::kTcp, {0, 100});
  ASSERT_THAT(winnat, IsOk());
  EXPECT_EQ(winnat->range, (PortRange{49152, 100}));
  ASSERT_THAT(host_.RemoveSystemReservation(Protocol::kTcp, winnat->token),
              IsOk());
  EXPECT_TRUE(host_.ExcludedPortRanges(Protocol::kTcp).empty());
  EXPECT_THAT(host_.RemoveSystemReservation(Protocol::kTcp, winnat->token),
              HasWindowsCode(kWsaEInval));
}

// A failed acquire changes nothing, not even the token sequence.
TEST_F(AcquireTest, FailedAcquireLeavesHostUnchanged) {
  SocketId s = Udp(*a_);
  MustAcquire(*a_, s, {5000, 20});
  const std::string before = host_.DumpState();
  EXPECT_THAT(a_->Acquire(s, {5010, 20}), HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(a_->Acquire(s, {0, 0}), HasWindowsCode(kWsaEInval));
  EXPECT_EQ(host_.DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
