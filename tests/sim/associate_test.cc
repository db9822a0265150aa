// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// SIO_ASSOCIATE_PORT_RESERVATION and bind() after association on the
// simulator: spec §4.2 and §4.3.

#include <initializer_list>

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class AssociateTest : public SimTest {};

// AS1: unbound socket, runtime token of the same process.
TEST_F(AssociateTest, OwnRuntimeTokenOnUnboundSocketSucceeds) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Associate(Udp(*a_), r.token), IsOk());
}

// AS2: persistent token, elevated caller.
TEST_F(AssociateTest, PersistentTokenWhenElevatedSucceeds) {
  absl::StatusOr<Token> t =
      admin_->CreatePersistent(Protocol::kTcp, {5000, 20});
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(admin_->Associate(Tcp(*admin_), *t), IsOk());
}

// AS3: persistent token, caller not elevated → WSAEACCES.
TEST_F(AssociateTest, PersistentTokenWhenNotElevatedIsAccessDenied) {
  absl::StatusOr<Token> t =
      admin_->CreatePersistent(Protocol::kTcp, {5000, 20});
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(a_->Associate(Tcp(*a_), *t), HasWindowsCode(kWsaEAcces));
}

// §4.2 "Socket neither TCP nor UDP" → WSAEOPNOTSUPP.
// Spec AS4.
TEST_F(AssociateTest, RawSocketIsNotSupported) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  absl::StatusOr<SocketId> raw =
      a_->OpenSocket(AddressFamily::kInet6, SocketType::kRaw, 58);
  ASSERT_THAT(raw, IsOk());
  EXPECT_THAT(a_->Associate(*raw, r.token), HasWindowsCode(kWsaEOpNotSupp));
}

// §4.2 "Not a socket" → WSAENOTSOCK.
TEST_F(AssociateTest, NonSocketIsNotSock) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Associate(999, r.token), HasWindowsCode(kWsaENotSock));
}

// U7: the socket is already bound → WSAEINVAL.
// Spec AS5.
TEST_F(AssociateTest, BoundSocketIsInvalid) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  SocketId s = Udp(*a_);
  ASSERT_THAT(a_->Bind(s, kIpv4Any, 0), IsOk());
  EXPECT_THAT(a_->Associate(s, r.token), HasWindowsCode(kWsaEInval));
}

// U7: zero, unknown and released tokens → WSAEINVAL.
// Spec AS7.
TEST_F(AssociateTest, ZeroUnknownOrReleasedTokenIsInvalid) {
  SocketId acquirer = Udp(*a_);
  Reservation r = MustAcquire(*a_, acquirer, {5000, 20});
  ASSERT_THAT(a_->Release(acquirer, r.token), IsOk());
  SocketId s = Udp(*a_);
  EXPECT_THAT(a_->Associate(s, Token()), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Associate(s, Token(0x1234)), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Associate(s, r.token), HasWindowsCode(kWsaEInval));
}

// U7 + M5: a UDP token on a TCP socket names nothing in TCP's pool.
TEST_F(AssociateTest, TokenOfOtherProtocolIsInvalid) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Associate(Tcp(*a_), r.token), HasWindowsCode(kWsaEInval));
}

// U7 / M3: another process's runtime token → WSAEACCES.
// Spec AS8.
TEST_F(AssociateTest, OtherProcessRuntimeTokenIsAccessDenied) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(b_->Associate(Udp(*b_), r.token), HasWindowsCode(kWsaEAcces));
  // Elevation does not help: runtime tokens are per process (M3).
  EXPECT_THAT(admin_->Associate(Udp(*admin_), r.token),
              HasWindowsCode(kWsaEAcces));
}

// U7: a system service's token is another process's runtime token.
TEST_F(AssociateTest, SystemReservationTokenIsAccessDenied) {
  absl::StatusOr<Reservation> winnat =
      host_.AddSystemReservation(Protocol::kUdp, {0, 100});
  ASSERT_THAT(winnat, IsOk());
  EXPECT_THAT(admin_->Associate(Udp(*admin_), winnat->token),
              HasWindowsCode(kWsaEAcces));
}

// U7: a second associate on the same socket → WSAEINVAL.
// Spec AS6.
TEST_F(AssociateTest, SecondAssociateIsInvalid) {
  SocketId acquirer = Udp(*a_);
  Reservation r1 = MustAcquire(*a_, acquirer, {5000, 20});
  Reservation r2 = MustAcquire(*a_, acquirer, {6000, 20});
  SocketId s = Udp(*a_);
  ASSERT_THAT(a_->Associate(s, r1.token), IsOk());
  EXPECT_THAT(a_->Associate(s, r2.token), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Associate(s, r1.token), HasWindowsCode(kWsaEInval));
  EXPECT_EQ(a_->Bind(s, kIpv4Any, 0).value_or(0), 5000);
}

// §4.1 "Multiple sockets" / O7 [MSQ-DP]: one token, several sockets.
TEST_F(AssociateTest, OneRuntimeTokenOnSeveralSockets) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(a_->Associate(Udp(*a_), r.token), IsOk());
  }
}

// AB1: bind(0) on an associated socket picks from the reservation,
// the lowest free port first (U10).
TEST_F(AssociateTest, BindZeroPicksLowestFreePortOfReservation) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 3});
  for (uint16_t expected : std::initializer_list<uint16_t>{5000, 5001, 5002}) {
    SocketId s = Udp(*a_);
    ASSERT_THAT(a_->Associate(s, r.token), IsOk());
    EXPECT_EQ(a_->Bind(s, kIpv4Any, 0).value_or(0), expected);
  }
}

// AB2 / U8: no free port left in the reservation → WSAENOBUFS.
TEST_F(AssociateTest, BindZeroWithReservationFullIsNoBufs) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 1});
  SocketId first = Udp(*a_);
  SocketId second = Udp(*a_);
  ASSERT_THAT(a_->Associate(first, r.token), IsOk());
  ASSERT_THAT(a_->Associate(second, r.token), IsOk());
  ASSERT_THAT(a_->Bind(first, kIpv4Any, 0), IsOk());
  EXPECT_THAT(a_->Bind(second, kIpv4Any, 0), HasWindowsCode(kWsaENoBufs));
}

// AB3: bind(P) with P inside the reservation succeeds. AB6, U26:
// association grants no sharing, so a second plain bind of P gets
// WSAEADDRINUSE as §16.3 says; sockets that share by the matrix
// (SO_REUSEADDR on both) or by msquic's SIO_CPU_AFFINITY (SO8) share it.
TEST_F(AssociateTest, U26ExplicitPortInsideReservationSharedOnlyByTheRules) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  auto associated = [&](SocketOption option) {
    SocketId s = Udp(*a_);
    EXPECT_THAT(a_->Associate(s, r.token), IsOk());
    if (option != SocketOption::kIpv6Only) {  // kIpv6Only: no option set
      EXPECT_THAT(a_->SetOption(s, option, 1), IsOk());
    }
    return s;
  };
  const SocketOption kPlain = SocketOption::kIpv6Only;
  EXPECT_EQ(a_->Bind(associated(kPlain), kIpv4Any, 5007).value_or(0), 5007);
  EXPECT_THAT(a_->Bind(associated(kPlain), kIpv4Any, 5007),
              HasWindowsCode(kWsaEAddrInUse));
  for (SocketOption sharing :
       {SocketOption::kReuseAddress, SocketOption::kCpuAffinity}) {
    const uint16_t port = sharing == SocketOption::kReuseAddress ? 5008 : 5009;
    EXPECT_EQ(a_->Bind(associated(sharing), kIpv4Any, port).value_or(0), port);
    EXPECT_EQ(a_->Bind(associated(sharing), kIpv4Any, port).value_or(0), port)
        << ToString(sharing);
  }
  // An unassociated socket of the owner still may not take it (U2).
  EXPECT_THAT(a_->Bind(Udp(*a_), kIpv4Any, 5007), HasWindowsCode(kWsaEAcces));
}

// AB4 / U9: bind(P) outside the reservation → WSAEINVAL.
TEST_F(AssociateTest, ExplicitPortOutsideReservationIsInvalid) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  SocketId s = Udp(*a_);
  ASSERT_THAT(a_->Associate(s, r.token), IsOk());
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 5020), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 4999), HasWindowsCode(kWsaEInval));
}

// Persistent tokens feed bind(0) the same way (E3/E5 flows).
TEST_F(AssociateTest, PersistentAssociationBindsInsideReservation) {
  absl::StatusOr<Token> t =
      admin_->CreatePersistent(Protocol::kTcp, {5000, 20});
  ASSERT_THAT(t, IsOk());
  SocketId s = Tcp(*admin_);
  ASSERT_THAT(admin_->Associate(s, *t), IsOk());
  EXPECT_EQ(admin_->Bind(s, kIpv4Any, 0).value_or(0), 5000);
}

// U12: released (or acquiring socket closed) after association: bound
// sockets keep their port; associated-but-unbound sockets get WSAEINVAL.
// Spec AB5, RL5.
TEST_F(AssociateTest, ReleaseAfterAssociationLeavesBoundAndStalesUnbound) {
  SocketId acquirer = Udp(*a_);
  Reservation r = MustAcquire(*a_, acquirer, {5000, 20});
  SocketId bound = Udp(*a_);
  SocketId unbound = Udp(*a_);
  ASSERT_THAT(a_->Associate(bound, r.token), IsOk());
  ASSERT_THAT(a_->Associate(unbound, r.token), IsOk());
  ASSERT_THAT(a_->Bind(bound, kIpv4Any, 0), IsOk());
  ASSERT_THAT(a_->CloseSocket(acquirer), IsOk());
  EXPECT_THAT(a_->Bind(unbound, kIpv4Any, 0), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 5000), HasWindowsCode(kWsaEAddrInUse))
      << "the bound socket keeps 5000";
}

// U17: Delete while associated: later binds with the old token fail.
TEST_F(AssociateTest, DeletedPersistentReservationStalesAssociation) {
  absl::StatusOr<Token> t = admin_->CreatePersistent(Protocol::kUdp, {5000, 2});
  ASSERT_THAT(t, IsOk());
  SocketId s = Udp(*admin_);
  ASSERT_THAT(admin_->Associate(s, *t), IsOk());
  ASSERT_THAT(admin_->DeletePersistent(Protocol::kUdp, {5000, 2}), IsOk());
  EXPECT_THAT(admin_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(admin_->Associate(Udp(*admin_), *t), HasWindowsCode(kWsaEInval));
}

// A failed associate changes nothing.
TEST_F(AssociateTest, FailedAssociateLeavesHostUnchanged) {
  Reservation r = MustAcquire(*a_, Udp(*a_), {5000, 20});
  SocketId s = Udp(*b_);
  const std::string before = host_.DumpState();
  EXPECT_THAT(b_->Associate(s, r.token), HasWindowsCode(kWsaEAcces));
  EXPECT_EQ(host_.DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
