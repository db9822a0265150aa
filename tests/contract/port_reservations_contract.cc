// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/testing/contract_suite.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/testing/free_ports.h"
#include "portres/testing/status_matchers.h"

namespace portres::testkit {
namespace {

constexpr uint16_t kPorts = 200;  // the ports each test may use

}  // namespace

void PortReservationsContractTest::SetUp() {
  if (std::string reason = GetParam().unsupported(); !reason.empty()) {
    GTEST_SKIP() << reason;
  }
  ports_ = GetParam().make();
  base_ = GetParam().base;
  if (base_ == 0) {
    absl::StatusOr<uint16_t> window = FindFreePorts(*ports_, kPorts);
    ASSERT_THAT(window, IsOk());
    base_ = *window;
  }
}

void PortReservationsContractTest::TearDown() {
  if (ports_ == nullptr) return;
  // Sockets first: a persistent block is deleted with nothing bound in it.
  for (SocketId s : opened_) (void)ports_->CloseSocket(s);
  for (const auto& [protocol, range] : created_) {
    (void)ports_->DeletePersistent(protocol, range);
  }
}

SocketId PortReservationsContractTest::Open(SocketType type,
                                           AddressFamily family) {
  absl::StatusOr<SocketId> s = ports_->OpenSocket(family, type, 0);
  EXPECT_THAT(s, IsOk());
  if (s.ok()) opened_.push_back(*s);
  return s.value_or(0);
}

void PortReservationsContractTest::Created(Protocol protocol,
                                           PortRange range) {
  created_.emplace_back(protocol, range);
}

void PortReservationsContractTest::ExpectDecision(const char* row,
                                                  const absl::Status& status,
                                                  uint32_t code) {
  if (GetParam().asserts_decisions) {
    if (code == 0) {
      EXPECT_THAT(status, IsOk()) << "decision " << row;
    } else {
      EXPECT_THAT(status, HasWindowsCode(code)) << "decision " << row;
    }
    return;
  }
  const std::optional<uint32_t> got =
      status.ok() ? std::optional<uint32_t>(0) : WindowsErrorCode(status);
  const std::string answer =
      got ? absl::StrCat(*got) : absl::StrCat("no code (", status.ToString(), ")");
  RecordProperty(absl::StrCat("decision_", row), answer);
  std::printf("decision %s: expected %u, got %s%s\n", row, code,
              answer.c_str(), got == code ? "" : " (differs)");
}

namespace {

constexpr SocketType kUdp = SocketType::kDatagram;
constexpr SocketType kTcp = SocketType::kStream;

// Spec AQ1, AS1, AB1, RL1: the documentation sample's flow.
TEST_P(PortReservationsContractTest, AcquireAssociateBindRelease) {
  SocketId s = Open(kUdp);
  absl::StatusOr<Reservation> r = ports_->Acquire(s, {base(), 20});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->range, (PortRange{base(), 20}));
  EXPECT_TRUE(r->token.valid());
  ASSERT_THAT(ports_->Associate(s, r->token), IsOk());
  absl::StatusOr<uint16_t> port = ports_->Bind(s, kIpv4Any, 0);
  ASSERT_THAT(port, IsOk());
  EXPECT_TRUE(r->range.Contains(*port));
  EXPECT_THAT(ports_->Release(s, r->token), IsOk());
  EXPECT_THAT(ports_->CloseSocket(s), IsOk());
}

// Spec AQ2 / O13: wildcard blocks have a real start port, in host byte
// order: the port a later associated bind(0) gets lies inside the block.
TEST_P(PortReservationsContractTest, WildcardAcquireReturnsNonZeroStart) {
  SocketId s = Open(kTcp);
  absl::StatusOr<Reservation> r = ports_->Acquire(s, {0, 8});
  ASSERT_THAT(r, IsOk());
  EXPECT_NE(r->range.start, 0);
  EXPECT_EQ(r->range.count, 8);
  SocketId user = Open(kTcp);
  ASSERT_THAT(ports_->Associate(user, r->token), IsOk());
  absl::StatusOr<uint16_t> port = ports_->Bind(user, kIpv4Any, 0);
  ASSERT_THAT(port, IsOk());
  EXPECT_TRUE(r->range.Contains(*port))
      << *port << " outside " << ToString(r->range);
  EXPECT_THAT(ports_->CloseSocket(s), IsOk());
}

// Spec §3.2 [MSQ-TEST]: overlapping the process's own reservation.
TEST_P(PortReservationsContractTest, OverlappingOwnReservationIsAddrInUse) {
  SocketId s = Open(kUdp);
  ASSERT_THAT(ports_->Acquire(s, {base(), 20}), IsOk());
  EXPECT_THAT(
      ports_->Acquire(Open(kUdp), {static_cast<uint16_t>(base() + 10), 20}),
      HasWindowsCode(kWsaEAddrInUse));
}

// Spec §3.3: closing the acquiring socket releases the block.
TEST_P(PortReservationsContractTest, CloseReleasesReservation) {
  SocketId s = Open(kUdp);
  ASSERT_THAT(ports_->Acquire(s, {base(), 20}), IsOk());
  ASSERT_THAT(ports_->CloseSocket(s), IsOk());
  EXPECT_THAT(ports_->Acquire(Open(kUdp), {base(), 20}), IsOk());
}

// Spec U6: zero ports, and blocks past 65535.
TEST_P(PortReservationsContractTest, BadRangesAreInvalid) {
  SocketId s = Open(kUdp);
  ExpectDecision("U6", ports_->Acquire(s, {base(), 0}).status(), kWsaEInval);
  ExpectDecision("U6", ports_->Acquire(s, {65535, 2}).status(), kWsaEInval);
}

// Spec §3.2, §4.2, §5: raw sockets cannot use the ioctls.
TEST_P(PortReservationsContractTest, RawSocketIsNotSupported) {
  absl::StatusOr<SocketId> raw =
      ports_->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 255);
  if (!raw.ok()) GTEST_SKIP() << "raw sockets unavailable: " << raw.status();
  EXPECT_THAT(ports_->Acquire(*raw, {base(), 1}),
              HasWindowsCode(kWsaEOpNotSupp));
  // Token 1 names nothing: which check comes first is decided.
  ExpectDecision("U7", ports_->Associate(*raw, Token(1)), kWsaEOpNotSupp);
  ExpectDecision("U11", ports_->Release(*raw, Token(1)), kWsaEOpNotSupp);
  EXPECT_THAT(ports_->CloseSocket(*raw), IsOk());
}

// Spec §3.2, §4.2, §5: a closed handle is not a socket.
TEST_P(PortReservationsContractTest, ClosedHandleIsNotSock) {
  SocketId s = Open(kUdp);
  ASSERT_THAT(ports_->CloseSocket(s), IsOk());
  EXPECT_THAT(ports_->Acquire(s, {base(), 1}), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(ports_->Associate(s, Token(1)), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(ports_->Release(s, Token(1)), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(ports_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaENotSock));
}

// Spec U7, U11: the invalid token 0, and a released token.
TEST_P(PortReservationsContractTest, ZeroAndReleasedTokensAreInvalid) {
  SocketId s = Open(kUdp);
  absl::StatusOr<Reservation> r = ports_->Acquire(s, {base(), 4});
  ASSERT_THAT(r, IsOk());
  ASSERT_THAT(ports_->Release(s, r->token), IsOk());
  ExpectDecision("U11", ports_->Release(s, r->token), kWsaEInval);
  ExpectDecision("U11", ports_->Release(s, Token()), kWsaEInval);
  ExpectDecision("U7", ports_->Associate(Open(kUdp), Token()), kWsaEInval);
}

// Spec U7: associate after bind.
TEST_P(PortReservationsContractTest, AssociateAfterBindIsInvalid) {
  SocketId s = Open(kUdp);
  absl::StatusOr<Reservation> r = ports_->Acquire(s, {base(), 4});
  ASSERT_THAT(r, IsOk());
  SocketId bound = Open(kUdp);
  ASSERT_THAT(ports_->Bind(bound, kIpv4Any, 0), IsOk());
  ExpectDecision("U7", ports_->Associate(bound, r->token), kWsaEInval);
}

// Spec §4.3 [MSQ-DP]: explicit port inside the reservation; U9 outside.
TEST_P(PortReservationsContractTest, ExplicitBindInsideAndOutsideReservation) {
  SocketId s = Open(kTcp);
  absl::StatusOr<Reservation> r = ports_->Acquire(s, {base(), 4});
  ASSERT_THAT(r, IsOk());
  SocketId inside = Open(kTcp);
  ASSERT_THAT(ports_->Associate(inside, r->token), IsOk());
  EXPECT_EQ(ports_->Bind(inside, kIpv4Any, base() + 3).value_or(0), base() + 3);
  SocketId outside = Open(kTcp);
  ASSERT_THAT(ports_->Associate(outside, r->token), IsOk());
  ExpectDecision("U9", ports_->Bind(outside, kIpv4Any, base() + 4).status(),
                 kWsaEInval);
}

// Spec U2, O1: an unassociated bind into a runtime block.
TEST_P(PortReservationsContractTest,
       UnassociatedBindIntoRuntimeBlockIsAccessDenied) {
  SocketId s = Open(kUdp);
  ASSERT_THAT(ports_->Acquire(s, {base(), 4}), IsOk());
  ExpectDecision("U2",
                 ports_->Bind(Open(kUdp), kIpv4Any, base() + 1).status(),
                 kWsaEAcces);
}

// Spec §7-§9 in one flow; unelevated processes get 5 from Create/Delete
// while Lookup needs no privilege.
TEST_P(PortReservationsContractTest, PersistentCreateLookupDelete) {
  const PortRange range{static_cast<uint16_t>(base() + 100), 20};
  if (!GetParam().elevated) {
    EXPECT_THAT(ports_->CreatePersistent(Protocol::kTcp, range),
                HasWindowsCode(kErrorAccessDenied));
    EXPECT_THAT(ports_->DeletePersistent(Protocol::kTcp, range),
                HasWindowsCode(kErrorAccessDenied));
    EXPECT_THAT(ports_->LookupPersistent(Protocol::kTcp, range),
                HasWindowsCode(kErrorNotFound));
    return;
  }
  absl::StatusOr<Token> t = ports_->CreatePersistent(Protocol::kTcp, range);
  ASSERT_THAT(t, IsOk());
  Created(Protocol::kTcp, range);  // deleted at TearDown if an assert fails
  EXPECT_THAT(ports_->CreatePersistent(Protocol::kTcp, range),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_EQ(ports_->LookupPersistent(Protocol::kTcp, range).value_or(Token()),
            *t);
  SocketId s = Open(kTcp);
  ASSERT_THAT(ports_->Associate(s, *t), IsOk());
  absl::StatusOr<uint16_t> port = ports_->Bind(s, kIpv4Any, 0);
  ASSERT_THAT(port, IsOk());
  EXPECT_TRUE(range.Contains(*port));
  // Deleting while a socket is bound inside: decided (U17).
  const absl::Status deleted = ports_->DeletePersistent(Protocol::kTcp, range);
  ExpectDecision("U17", deleted, 0);
  if (!deleted.ok()) return;  // recorded; TearDown closes and deletes
  EXPECT_THAT(ports_->LookupPersistent(Protocol::kTcp, range),
              HasWindowsCode(kErrorNotFound));
  EXPECT_THAT(ports_->DeletePersistent(Protocol::kTcp, range),
              HasWindowsCode(kErrorNotFound));
}

// Spec §7-§9: parameter checks of the persistent functions.
TEST_P(PortReservationsContractTest,
       PersistentZeroArgumentsAreInvalidParameter) {
  EXPECT_THAT(ports_->LookupPersistent(Protocol::kUdp, {0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(ports_->LookupPersistent(Protocol::kUdp, {base(), 0}),
              HasWindowsCode(kErrorInvalidParameter));
  if (GetParam().elevated) {
    EXPECT_THAT(ports_->CreatePersistent(Protocol::kUdp, {0, 20}),
                HasWindowsCode(kErrorInvalidParameter));
    ExpectDecision(
        "U13",
        ports_->CreatePersistent(Protocol::kUdp, {65530, 20}).status(),
        kErrorInvalidParameter);
  }
}

// ---- Addresses and options (spec §16): documented rows only ----

// Spec BA1, BA3: an address of no interface; one of the other family.
TEST_P(PortReservationsContractTest, BindChecksTheAddress) {
  EXPECT_THAT(ports_->Bind(Open(kUdp), IpAddress::V4(192, 0, 2, 1), base()),
              HasWindowsCode(kWsaEAddrNotAvail));
  EXPECT_THAT(ports_->Bind(Open(kUdp), kIpv6Any, base()),
              HasWindowsCode(kWsaEFault));
}

// Spec BA6, BA7, §16.3: different loopback addresses, IPv4 beside
// IPv6-only, and a wildcard after specific binds.
TEST_P(PortReservationsContractTest, SeparateAddressesAndStacksShareAPort) {
  ASSERT_THAT(ports_->Bind(Open(kUdp), IpAddress::V4(127, 0, 0, 1), base()),
              IsOk());
  EXPECT_THAT(ports_->Bind(Open(kUdp), IpAddress::V4(127, 0, 0, 2), base()),
              IsOk());
  EXPECT_THAT(ports_->Bind(Open(kUdp, AddressFamily::kInet6), kIpv6Any, base()), IsOk());
  // [REUSE]: a plain wildcard bind after plain specific ones succeeds.
  EXPECT_THAT(ports_->Bind(Open(kUdp), kIpv4Any, base()), IsOk());
}

// Spec §16.3 [REUSE]: three cells; SO5 [ROTOR].
TEST_P(PortReservationsContractTest, ReuseMatrixCells) {
  const uint16_t port = static_cast<uint16_t>(base() + 1);
  SocketId exclusive = Open(kTcp);
  ASSERT_THAT(ports_->SetOption(exclusive, SocketOption::kExclusiveAddressUse,
                                1),
              IsOk());
  EXPECT_THAT(ports_->SetOption(exclusive, SocketOption::kReuseAddress, 1),
              HasWindowsCode(kWsaEInval));
  ASSERT_THAT(ports_->Bind(exclusive, kIpv4Any, port), IsOk());
  EXPECT_THAT(ports_->Bind(Open(kTcp), kIpv4Loopback, port),
              HasWindowsCode(kWsaEAcces));  // Exclusive W, Default S
  EXPECT_THAT(ports_->Bind(Open(kTcp), kIpv4Any, port),
              HasWindowsCode(kWsaEAddrInUse));  // Exclusive W, Default W
  SocketId reuse = Open(kTcp);
  ASSERT_THAT(ports_->SetOption(reuse, SocketOption::kReuseAddress, 1),
              IsOk());
  EXPECT_THAT(ports_->Bind(reuse, kIpv4Any, port),
              HasWindowsCode(kWsaEAcces));  // Exclusive W, Reuse W
}

// Spec BA8: IPV6_V6ONLY is on by default.
TEST_P(PortReservationsContractTest, Ipv6OnlyIsOnByDefault) {
  EXPECT_EQ(ports_->GetOption(Open(kUdp, AddressFamily::kInet6), SocketOption::kIpv6Only)
                .value_or(9),
            1u);
  EXPECT_EQ(ports_->GetOption(Open(kUdp), SocketOption::kReuseAddress)
                .value_or(9),
            0u);
}

}  // namespace
}  // namespace portres::testkit
