// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Each Policy switch (one per spec U row) moved off its default changes the
// behaviour it names, and only that. The defaults are checked by the per-row
// tests of the other files.

#include "portres/sim/policy.h"

#include <memory>

#include <string>

#include "gtest/gtest.h"
#include "portres/sim/host.h"
#include "portres/testing/status_matchers.h"

namespace portres::testkit {
namespace {

using sim::Choice;
using sim::Host;
using sim::Policy;

// One host with a policy tweak, an unelevated process `a`, a second one `b`
// and an elevated `admin`.
struct PolicyHost {
  explicit PolicyHost(void (*tweak)(Policy&)) : host(Options(tweak)) {
    a = host.Process(host.SpawnProcess());
    b = host.Process(host.SpawnProcess());
    admin = host.Process(host.SpawnProcess({.elevated = true}));
  }
  static sim::HostOptions Options(void (*tweak)(Policy&)) {
    sim::HostOptions options;
    tweak(options.policy);
    return options;
  }
  static SocketId Udp(PortReservations& p) {
    return p.OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0)
        .value_or(0);
  }
  ~PolicyHost() { EXPECT_THAT(host.CheckInvariants(), IsOk()); }
  Host host;
  std::unique_ptr<PortReservations> a, b, admin;
};

// U1 switched on (msquic's CIBIR doc): persistent blocks unassociated binds.
TEST(PolicyTest, U1PersistentBlocksUnassociatedBind) {
  PolicyHost h([](Policy& p) { p.persistent_blocks_unassociated_bind = true; });
  ASSERT_THAT(h.admin->CreatePersistent(Protocol::kUdp, {50000, 60}), IsOk());
  EXPECT_THAT(h.a->Bind(h.Udp(*h.a), kIpv4Any, 50000), HasWindowsCode(kWsaEAcces));
}

// U2 switched off: the acquiring process may bind its own block unassociated.
TEST(PolicyTest, U2OwnerMayBindOwnReservationUnassociated) {
  PolicyHost h(
      [](Policy& p) { p.runtime_blocks_owner_unassociated_bind = false; });
  ASSERT_THAT(h.a->Acquire(h.Udp(*h.a), {5000, 20}), IsOk());
  EXPECT_THAT(h.a->Bind(h.Udp(*h.a), kIpv4Any, 5000), IsOk());
  EXPECT_THAT(h.b->Bind(h.Udp(*h.b), kIpv4Any, 5001), HasWindowsCode(kWsaEAcces));
}

// U5 alternative code for acquiring over a bound port.
TEST(PolicyTest, U5AcquireOverBoundPortCode) {
  PolicyHost h([](Policy& p) { p.acquire_over_bound_port_error = kWsaEAcces; });
  ASSERT_THAT(h.b->Bind(h.Udp(*h.b), kIpv4Any, 5005), IsOk());
  EXPECT_THAT(h.a->Acquire(h.Udp(*h.a), {5000, 20}),
              HasWindowsCode(kWsaEAcces));
}

// U6 alternative: exhausted wildcard gives WSAEADDRINUSE.
TEST(PolicyTest, U6WildcardExhaustedCode) {
  PolicyHost h([](Policy& p) { p.wildcard_exhausted_error = kWsaEAddrInUse; });
  EXPECT_THAT(h.a->Acquire(h.Udp(*h.a), {0, 16385}),
              HasWindowsCode(kWsaEAddrInUse));
}

// U7 alternative: a second associate replaces the first.
TEST(PolicyTest, U7ReassociateReplaces) {
  PolicyHost h([](Policy& p) { p.reassociate_replaces = true; });
  SocketId acquirer = h.Udp(*h.a);
  Reservation r1 = *h.a->Acquire(acquirer, {5000, 20});
  Reservation r2 = *h.a->Acquire(acquirer, {6000, 20});
  SocketId s = h.Udp(*h.a);
  ASSERT_THAT(h.a->Associate(s, r1.token), IsOk());
  ASSERT_THAT(h.a->Associate(s, r2.token), IsOk());
  EXPECT_EQ(h.a->Bind(s, kIpv4Any, 0).value_or(0), 6000);
}

// U8 alternative: a full reservation gives WSAEADDRINUSE on bind(0).
TEST(PolicyTest, U8AssociatedBindExhaustedCode) {
  PolicyHost h(
      [](Policy& p) { p.associated_bind_exhausted_error = kWsaEAddrInUse; });
  Reservation r = *h.a->Acquire(h.Udp(*h.a), {5000, 1});
  SocketId s1 = h.Udp(*h.a), s2 = h.Udp(*h.a);
  ASSERT_THAT(h.a->Associate(s1, r.token), IsOk());
  ASSERT_THAT(h.a->Associate(s2, r.token), IsOk());
  ASSERT_THAT(h.a->Bind(s1, kIpv4Any, 0), IsOk());
  EXPECT_THAT(h.a->Bind(s2, kIpv4Any, 0), HasWindowsCode(kWsaEAddrInUse));
}

// U9 alternative code for bind(P) outside the associated reservation.
TEST(PolicyTest, U9BindOutsideReservationCode) {
  PolicyHost h(
      [](Policy& p) { p.bind_outside_reservation_error = kWsaEAddrNotAvail; });
  Reservation r = *h.a->Acquire(h.Udp(*h.a), {5000, 20});
  SocketId s = h.Udp(*h.a);
  ASSERT_THAT(h.a->Associate(s, r.token), IsOk());
  EXPECT_THAT(h.a->Bind(s, kIpv4Any, 7000), HasWindowsCode(kWsaEAddrNotAvail));
}

// U10 random mode: ports stay inside the reservation, are distinct, and are
// not simply ascending; the same seed gives the same ports.
TEST(PolicyTest, U10RandomPortChoiceIsSeededAndInsideReservation) {
  auto ports_of = [] {
    PolicyHost h([](Policy& p) { p.port_choice = Choice::kRandom; });
    Reservation r = *h.a->Acquire(h.Udp(*h.a), {5000, 100});
    std::vector<uint16_t> ports;
    for (int i = 0; i < 100; ++i) {
      SocketId s = h.Udp(*h.a);
      EXPECT_THAT(h.a->Associate(s, r.token), IsOk());
      ports.push_back(h.a->Bind(s, kIpv4Any, 0).value_or(0));
    }
    return ports;
  };
  std::vector<uint16_t> ports = ports_of();
  EXPECT_EQ(ports, ports_of());
  std::vector<uint16_t> sorted = ports;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NE(sorted, ports);
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_EQ(sorted.front(), 5000);
  EXPECT_EQ(sorted.back(), 5099) << "all 100 ports handed out exactly once";
}

// U11 alternative code for releasing another process's token.
TEST(PolicyTest, U11ReleaseForeignTokenCode) {
  PolicyHost h([](Policy& p) { p.release_foreign_token_error = kWsaEInval; });
  Reservation r = *h.a->Acquire(h.Udp(*h.a), {5000, 20});
  EXPECT_THAT(h.b->Release(h.Udp(*h.b), r.token), HasWindowsCode(kWsaEInval));
}

// U12 alternative code for binding through a stale association.
TEST(PolicyTest, U12StaleAssociationCode) {
  PolicyHost h(
      [](Policy& p) { p.stale_association_bind_error = kWsaEAddrNotAvail; });
  SocketId acquirer = h.Udp(*h.a);
  Reservation r = *h.a->Acquire(acquirer, {5000, 20});
  SocketId s = h.Udp(*h.a);
  ASSERT_THAT(h.a->Associate(s, r.token), IsOk());
  ASSERT_THAT(h.a->Release(acquirer, r.token), IsOk());
  EXPECT_THAT(h.a->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaEAddrNotAvail));
}

// U13: a lower maximum port.
TEST(PolicyTest, U13MaxPort) {
  PolicyHost h([](Policy& p) { p.max_port = 60000; });
  EXPECT_THAT(h.admin->CreatePersistent(Protocol::kTcp, {59990, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(h.a->Acquire(h.Udp(*h.a), {59990, 20}),
              HasWindowsCode(kWsaEInval));
}

// U14: a platform without the persistent functions answers 50.
// Spec PC6.
TEST(PolicyTest, U14PersistentApiUnsupported) {
  PolicyHost h([](Policy& p) { p.persistent_api = sim::PersistentApi::kReturnsNotSupported; });
  EXPECT_THAT(h.admin->CreatePersistent(Protocol::kTcp, {5000, 20}),
              HasWindowsCode(kErrorNotSupported));
  EXPECT_THAT(h.a->LookupPersistent(Protocol::kTcp, {5000, 20}),
              HasWindowsCode(kErrorNotSupported));
}

// U16 alternative: parameters are checked before access.
TEST(PolicyTest, U16ParametersBeforeAccess) {
  PolicyHost h([](Policy& p) { p.persistent_access_check_first = false; });
  EXPECT_THAT(h.a->CreatePersistent(Protocol::kTcp, {0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(h.a->CreatePersistent(Protocol::kTcp, {5000, 20}),
              HasWindowsCode(kErrorAccessDenied));
}

// U18 random placement: wildcard blocks land anywhere in the dynamic range,
// never overlapping, reproducibly for a seed.
TEST(PolicyTest, U18RandomWildcardPlacement) {
  auto starts_of = [] {
    PolicyHost h([](Policy& p) { p.wildcard_placement = Choice::kRandom; });
    SocketId s = h.Udp(*h.a);
    std::vector<uint16_t> starts;
    for (int i = 0; i < 50; ++i) {
      absl::StatusOr<Reservation> r = h.a->Acquire(s, {0, 100});
      EXPECT_THAT(r, IsOk());
      EXPECT_GE(r->range.start, 49152);
      starts.push_back(r->range.start);
    }
    return starts;
  };
  std::vector<uint16_t> starts = starts_of();
  EXPECT_EQ(starts, starts_of());
  EXPECT_NE(starts.front(), 49152)
      << "seed 0 places the first block away from the start";
}

// U26 switched to the permissive reading (O7): sockets of one reservation
// share a port without any option.
TEST(PolicyTest, U26SharingWithinReservation) {
  PolicyHost h([](Policy& p) { p.share_port_within_reservation = true; });
  Reservation r = *h.a->Acquire(h.Udp(*h.a), {5000, 20});
  SocketId s1 = h.Udp(*h.a), s2 = h.Udp(*h.a);
  ASSERT_THAT(h.a->Associate(s1, r.token), IsOk());
  ASSERT_THAT(h.a->Associate(s2, r.token), IsOk());
  ASSERT_THAT(h.a->Bind(s1, kIpv4Any, 5007), IsOk());
  EXPECT_EQ(h.a->Bind(s2, kIpv4Any, 5007).value_or(0), 5007);
  // An unassociated socket gets nothing from it.
  EXPECT_THAT(h.a->Bind(h.Udp(*h.a), kIpv4Any, 5007),
              HasWindowsCode(kWsaEAcces));
}

// U23 switched to Wine 8's answer: a v4-mapped address on an IPV6_V6ONLY
// socket is WSAEINVAL.
TEST(PolicyTest, U23V4MappedOnIpv6OnlyCode) {
  PolicyHost h(
      [](Policy& p) { p.v4_mapped_on_ipv6_only_bind_error = kWsaEInval; });
  SocketId v6 =
      *h.a->OpenSocket(AddressFamily::kInet6, SocketType::kDatagram, 0);
  EXPECT_THAT(h.a->Bind(v6, IpAddress::V4Mapped(kIpv4Loopback), 5000),
              HasWindowsCode(kWsaEInval));
}

// U24 switched to an error: SO_REUSEADDR after bind is refused.
TEST(PolicyTest, U24ReuseOptionAfterBindCode) {
  PolicyHost h([](Policy& p) { p.reuse_option_after_bind_error = kWsaEInval; });
  SocketId s = h.Udp(*h.a);
  ASSERT_THAT(h.a->Bind(s, kIpv4Any, 5000), IsOk());
  EXPECT_THAT(h.a->SetOption(s, SocketOption::kReuseAddress, 1),
              HasWindowsCode(kWsaEInval));
  EXPECT_EQ(h.a->GetOption(s, SocketOption::kReuseAddress).value_or(9), 0u);
}

// U25 with another code: IPV6_V6ONLY on an AF_INET socket.
TEST(PolicyTest, U25Ipv6OnlyMisuseCode) {
  PolicyHost h([](Policy& p) {
    p.ipv6_only_misuse_error = kWsaENoProtoOpt;
    p.ipv6_only_set_on_ipv4_error = kWsaEFault;
  });
  SocketId v4 = h.Udp(*h.a);
  EXPECT_THAT(h.a->SetOption(v4, SocketOption::kIpv6Only, 0),
              HasWindowsCode(kWsaEFault));
  EXPECT_THAT(h.a->GetOption(v4, SocketOption::kIpv6Only),
              HasWindowsCode(kWsaENoProtoOpt));
}

// U25 as Wine 8 answers it (PF3): set on an AF_INET socket is accepted and
// changes nothing.
TEST(PolicyTest, U25Ipv6OnlySetOnIpv4Accepted) {
  PolicyHost h([](Policy& p) { p.ipv6_only_set_on_ipv4_error = 0; });
  SocketId v4 = h.Udp(*h.a);
  const std::string before = h.host.DumpState();
  EXPECT_THAT(h.a->SetOption(v4, SocketOption::kIpv6Only, 1), IsOk());
  EXPECT_EQ(h.host.DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
