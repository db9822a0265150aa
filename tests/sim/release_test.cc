// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// SIO_RELEASE_PORT_RESERVATION on the simulator: spec §5 and U11.

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class ReleaseTest : public SimTest {};

// RL1: the acquiring process's runtime token, via the acquiring socket
// even after it was associated and bound [REL] sample.
TEST_F(ReleaseTest, OwnTokenViaAcquiringSocketAfterBindSucceeds) {
  SocketId s = Udp(*a_);
  Reservation r = MustAcquire(*a_, s, {5000, 20});
  ASSERT_THAT(a_->Associate(s, r.token), IsOk());
  ASSERT_THAT(a_->Bind(s, kIpv4Any, 0), IsOk());
  EXPECT_THAT(a_->Release(s, r.token), IsOk());
  EXPECT_TRUE(host_.ExcludedPortRanges(Protocol::kUdp).empty());
}

// §5 "Must the release be issued on the acquiring socket?": the rule is per
// process, so any socket of that process and protocol may release.
TEST_F(ReleaseTest, AnySocketOfTheAcquiringProcessMayRelease) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Release(Udp(*a_), r.token), IsOk());
}

// RL4 / U11: another process's runtime token → WSAEACCES, and the
// reservation stays.
TEST_F(ReleaseTest, OtherProcessTokenIsAccessDenied) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(b_->Release(Udp(*b_), r.token), HasWindowsCode(kWsaEAcces));
  EXPECT_EQ(host_.ExcludedPortRanges(Protocol::kUdp).size(), 1u);
}

// U11: a system service's block cannot be released by a process.
TEST_F(ReleaseTest, SystemTokenIsAccessDenied) {
  absl::StatusOr<Reservation> winnat =
      host_.AddSystemReservation(Protocol::kTcp, {0, 100});
  ASSERT_THAT(winnat, IsOk());
  EXPECT_THAT(admin_->Release(Tcp(*admin_), winnat->token),
              HasWindowsCode(kWsaEAcces));
}

// RL3 / U11: a persistent token is not released by this ioctl.
TEST_F(ReleaseTest, PersistentTokenIsInvalid) {
  absl::StatusOr<Token> t =
      admin_->CreatePersistent(Protocol::kTcp, {5000, 20});
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(admin_->Release(Tcp(*admin_), *t), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(admin_->LookupPersistent(Protocol::kTcp, {5000, 20}), IsOk());
}

// U11: release twice, unknown token, zero token → WSAEINVAL.
TEST_F(ReleaseTest, ReleasedUnknownOrZeroTokenIsInvalid) {
  SocketId s = Udp(*a_);
  Reservation r = MustAcquire(*a_, s, {5000, 20});
  ASSERT_THAT(a_->Release(s, r.token), IsOk());
  EXPECT_THAT(a_->Release(s, r.token), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Release(s, Token(42)), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Release(s, Token()), HasWindowsCode(kWsaEInval));
}

// U11 + M5: a UDP token released through a TCP socket names nothing there.
TEST_F(ReleaseTest, TokenOfOtherProtocolIsInvalid) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Release(Tcp(*a_), r.token), HasWindowsCode(kWsaEInval));
}

// §5 "Not TCP/UDP" → WSAEOPNOTSUPP; "Not a socket" → WSAENOTSOCK.
// Spec RL2.
TEST_F(ReleaseTest, RawSocketAndNonSocketAreRefused) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  absl::StatusOr<SocketId> raw =
      a_->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 0);
  ASSERT_THAT(raw, IsOk());
  EXPECT_THAT(a_->Release(*raw, r.token), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(a_->Release(7, r.token), HasWindowsCode(kWsaENotSock));
}

// U12: sockets already bound from the reservation keep their port.
TEST_F(ReleaseTest, BoundSocketsKeepTheirPortAfterRelease) {
  SocketId s = Udp(*a_);
  Reservation r = MustAcquire(*a_, s, {5000, 20});
  SocketId user = Udp(*a_);
  ASSERT_THAT(a_->Associate(user, r.token), IsOk());
  ASSERT_THAT(a_->Bind(user, kIpv4Any, 5003), IsOk());
  ASSERT_THAT(a_->Release(s, r.token), IsOk());
  EXPECT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 5003), HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 5004), IsOk());
}

// A release returns the pool to exactly its state before the acquire.
TEST_F(ReleaseTest, AcquireThenReleaseRestoresThePools) {
  SocketId s = Udp(*a_);
  const std::string before = host_.DumpPools();
  Reservation r = MustAcquire(*a_, s, {0, 8});
  ASSERT_NE(host_.DumpPools(), before);
  ASSERT_THAT(a_->Release(s, r.token), IsOk());
  EXPECT_EQ(host_.DumpPools(), before);
}

}  // namespace
}  // namespace portres::testkit
