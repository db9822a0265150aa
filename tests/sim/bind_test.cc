// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// bind() and automatic assignment against reservations on the simulator:
// spec §6 (and socket() argument checks).

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class BindTest : public SimTest {};

// UB1: bind(0) on an unassociated socket takes a port of the dynamic
// range (default 49152-65535), lowest first (U10).
TEST_F(BindTest, BindZeroTakesFromDynamicRange) {
  EXPECT_EQ(a_->Bind(Udp(*a_), kIpv4Any, 0).value_or(0), 49152);
  EXPECT_EQ(a_->Bind(Udp(*a_), kIpv4Any, 0).value_or(0), 49153);
}

// UB1 / M7: never a reserved port, of any kind.
TEST_F(BindTest, BindZeroNeverLandsInAReservation) {
  MustAcquire(*a_, Udp(*a_), {49152, 10});  // runtime
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kUdp, {49162, 10}), IsOk());
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kUdp, {49172, 10}), IsOk());
  EXPECT_EQ(b_->Bind(Udp(*b_), kIpv4Any, 0).value_or(0), 49182);
}

// UB1 + §11: bind(0) follows a changed dynamic range.
TEST_F(BindTest, BindZeroFollowsChangedDynamicRange) {
  ASSERT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {10000, 255}), IsOk());
  EXPECT_EQ(a_->Bind(Tcp(*a_), kIpv4Any, 0).value_or(0), 10000);
  EXPECT_EQ(a_->Bind(Udp(*a_), kIpv4Any, 0).value_or(0), 49152) << "UDP unchanged";
}

// UB3 / O1: explicit bind into a runtime reservation of another
// process → WSAEACCES.
TEST_F(BindTest, ExplicitPortInOtherProcessRuntimeReservationIsAccessDenied) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 5005), HasWindowsCode(kWsaEAcces));
}

// UB3 / O1: a system block refuses everyone, administrators too.
TEST_F(BindTest, ExplicitPortInSystemReservationIsAccessDeniedEvenForAdmin) {
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {50000, 100}), IsOk());
  EXPECT_THAT(admin_->Bind(Tcp(*admin_), kIpv4Any, 50050), HasWindowsCode(kWsaEAcces));
}

// U2: the acquiring process itself, unassociated → WSAEACCES by default.
TEST_F(BindTest, ExplicitPortInOwnReservationWithoutAssociationIsAccessDenied) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_THAT(a_->Bind(Udp(*a_), kIpv4Any, 5000), HasWindowsCode(kWsaEAcces));
}

// UB4 / U1: explicit bind into a persistent reservation is allowed by
// default [ADMIN-Q][MSQ-2891].
TEST_F(BindTest, ExplicitPortInPersistentReservationIsAllowedByDefault) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kTcp, {50000, 60}), IsOk());
  EXPECT_EQ(a_->Bind(Tcp(*a_), kIpv4Any, 50000).value_or(0), 50000);
}

// UB5 [BIND]: a port bound by another socket → WSAEADDRINUSE on the
// same stack; IPv4 and IPv6-only sockets are separate stacks (BA7), a
// dual-stack :: bind needs both (BA9); TCP and UDP never meet (BA5).
TEST_F(BindTest, PortBoundByAnotherSocketIsAddrInUse) {
  ASSERT_THAT(a_->Bind(Tcp(*a_), kIpv4Any, 8080), IsOk());
  EXPECT_THAT(b_->Bind(Tcp(*b_), kIpv4Any, 8080),
              HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(a_->Bind(Tcp(*a_, AddressFamily::kInet6), kIpv6Any, 8080),
              IsOk());
  SocketId dual = Tcp(*a_, AddressFamily::kInet6);
  ASSERT_THAT(a_->SetOption(dual, SocketOption::kIpv6Only, 0), IsOk());
  EXPECT_THAT(a_->Bind(dual, kIpv6Any, 8081), IsOk());
  EXPECT_THAT(a_->Bind(Udp(*a_), kIpv4Any, 8080), IsOk())
      << "UDP is another pool";
}

// UB7: a raw socket binds without taking a port of any pool.
TEST_F(BindTest, RawSocketBindsWithoutTakingAPort) {
  absl::StatusOr<SocketId> raw =
      a_->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 255);
  ASSERT_THAT(raw, IsOk());
  EXPECT_EQ(a_->Bind(*raw, kIpv4Loopback, 5000).value_or(1), 0);
  EXPECT_EQ(a_->Bind(Udp(*a_), kIpv4Loopback, 5000).value_or(0), 5000);
  EXPECT_EQ(a_->Bind(Tcp(*a_), kIpv4Loopback, 5000).value_or(0), 5000);
}

// UB2 / [KB196271]: bind(0) with the dynamic range exhausted →
// WSAENOBUFS.
TEST_F(BindTest, BindZeroWithDynamicRangeExhaustedIsNoBufs) {
  ASSERT_THAT(host_.SetDynamicPortRange(Protocol::kUdp, {60000, 255}), IsOk());
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kUdp, {60000, 255}), IsOk());
  EXPECT_THAT(a_->Bind(Udp(*a_), kIpv4Any, 0), HasWindowsCode(kWsaENoBufs));
}

// UB6 [BIND]: "The socket is already bound to an address" → WSAEINVAL.
TEST_F(BindTest, SecondBindIsInvalid) {
  SocketId s = Udp(*a_);
  ASSERT_THAT(a_->Bind(s, kIpv4Any, 0), IsOk());
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaEInval));
}

// Not a socket, closed socket, another process's socket → WSAENOTSOCK.
TEST_F(BindTest, NonSocketIsNotSock) {
  SocketId s = Udp(*a_);
  EXPECT_THAT(b_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(b_->CloseSocket(s), HasWindowsCode(kWsaENotSock));
  ASSERT_THAT(a_->CloseSocket(s), IsOk());
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(a_->CloseSocket(s), HasWindowsCode(kWsaENotSock));
}

// Closing a bound socket frees its port.
TEST_F(BindTest, CloseFreesThePort) {
  SocketId s = Tcp(*a_);
  ASSERT_THAT(a_->Bind(s, kIpv4Any, 8080), IsOk());
  ASSERT_THAT(a_->CloseSocket(s), IsOk());
  EXPECT_THAT(b_->Bind(Tcp(*b_), kIpv4Any, 8080), IsOk());
}

// socket(): protocol numbers must fit the type.
TEST_F(BindTest, SocketProtocolMustFitItsType) {
  EXPECT_THAT(
      a_->OpenSocket(AddressFamily::kInet, SocketType::kStream, kIpProtoUdp),
      HasWindowsCode(kWsaEProtoType));
  EXPECT_THAT(a_->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 99),
              HasWindowsCode(kWsaEProtoNoSupport));
  EXPECT_THAT(a_->OpenSocket(AddressFamily::kInet6, SocketType::kDatagram, 0),
              IsOk());
}

// A failed bind changes nothing.
TEST_F(BindTest, FailedBindLeavesHostUnchanged) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  SocketId s = Udp(*b_);
  const std::string before = host_.DumpState();
  EXPECT_THAT(b_->Bind(s, kIpv4Any, 5001), HasWindowsCode(kWsaEAcces));
  EXPECT_EQ(host_.DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
