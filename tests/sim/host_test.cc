// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The simulated machine's own controls: processes, reboot, dynamic ranges,
// tokens, system reservations, invariants.

#include "portres/sim/host.h"

#include <set>

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class HostTest : public SimTest {};

TEST_F(HostTest, SpawnedProcessesAreLiveUntilTheyExit) {
  EXPECT_EQ(host_.LiveProcesses(),
            (std::vector<sim::Pid>{pid_a_, pid_b_, pid_admin_}));
  ASSERT_THAT(host_.ExitProcess(pid_b_), IsOk());
  EXPECT_FALSE(host_.IsAlive(pid_b_));
  EXPECT_THAT(host_.ExitProcess(pid_b_), StatusIs(absl::StatusCode::kNotFound));
}

// An exited process's record is freed (a service's peers connect and exit
// for ever: 200,000 cycles once kept 15.5 MB of dead records), and its pid
// names nothing though the slot lives on under the next one.
TEST_F(HostTest, ExitedProcessesLeaveNoRecordAndTheirPidsNameNothing) {
  // DumpState's first line counts the process table's records.
  const auto records = [&] {
    const std::string dump = host_.DumpState();
    return dump.substr(0, dump.find('\n'));
  };
  EXPECT_EQ(records(), "processes=3");
  std::set<sim::Pid> seen;
  sim::Pid last = 0;
  for (int i = 0; i < 511; ++i) {
    last = host_.SpawnProcess();
    EXPECT_TRUE(seen.insert(last).second) << "pid " << last << " came back";
    std::unique_ptr<PortReservations> view = host_.Process(last);
    ASSERT_THAT(view->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0),
                IsOk());
    ASSERT_THAT(host_.ExitProcess(last), IsOk());
  }
  // One slot, reused by every cycle: one record for 511 processes.
  EXPECT_EQ(records(), "processes=4");
  const sim::Pid next = host_.SpawnProcess();
  EXPECT_FALSE(host_.IsAlive(last));
  EXPECT_THAT(host_.Process(last)->OpenSocket(AddressFamily::kInet,
                                              SocketType::kStream, 0),
              HasWindowsCode(kErrorInvalidHandle));
  EXPECT_THAT(host_.ExitProcess(last), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_TRUE(host_.IsAlive(next));
  EXPECT_THAT(host_.CheckInvariants(), IsOk());
}

// host.h, Process(): a view of an exited process fails every call with
// ERROR_INVALID_HANDLE and changes nothing.
TEST_F(HostTest, ExitedProcessViewFailsEveryCall) {
  SocketId s = Udp(*a_);
  ASSERT_THAT(host_.ExitProcess(pid_a_), IsOk());
  const std::string before = host_.DumpState();
  constexpr uint32_t kGone = kErrorInvalidHandle;
  EXPECT_THAT(a_->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0),
              HasWindowsCode(kGone));
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 0), HasWindowsCode(kGone));
  EXPECT_THAT(a_->Acquire(s, {5000, 1}), HasWindowsCode(kGone));
  EXPECT_THAT(a_->LookupPersistent(Protocol::kTcp, {5000, 1}),
              HasWindowsCode(kGone));
  EXPECT_EQ(host_.DumpState(), before);
}

// §3.3 / host.h, ExitProcess(): exit closes the process's sockets and frees its
// ports.
TEST_F(HostTest, ExitClosesSocketsAndFreesPorts) {
  ASSERT_THAT(a_->Bind(Tcp(*a_), kIpv4Any, 8080), IsOk());
  ASSERT_THAT(host_.ExitProcess(pid_a_), IsOk());
  EXPECT_THAT(b_->Bind(Tcp(*b_), kIpv4Any, 8080), IsOk());
}

// host.h, Reboot(): processes end, runtime and system state vanishes,
// persistent reservations stay (M10), dynamic ranges stay.
TEST_F(HostTest, RebootKeepsOnlyPersistentStateAndSettings) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kTcp, {50000, 60}), IsOk());
  MustAcquire(*a_, Tcp(*a_), {5000, 20});
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {0, 100}), IsOk());
  ASSERT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 7000), IsOk());
  ASSERT_THAT(host_.SetDynamicPortRange(Protocol::kUdp, {20000, 1000}), IsOk());
  host_.Reboot();
  EXPECT_TRUE(host_.LiveProcesses().empty());
  EXPECT_EQ(host_.ExcludedPortRanges(Protocol::kTcp),
            (std::vector<sim::ExcludedRange>{{50000, 50059, true}}));
  EXPECT_EQ(host_.GetDynamicPortRange(Protocol::kUdp),
            (sim::DynamicPortRange{20000, 1000}));
  auto fresh = host_.Process(host_.SpawnProcess());
  EXPECT_THAT(fresh->Bind(Udp(*fresh), kIpv4Any, 7000), IsOk());
  EXPECT_THAT(a_->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0),
              HasWindowsCode(kErrorInvalidHandle));
}

// §10.1 / §11 [KB929851]: dynamic range needs ≥ 255 ports, ≤ 65535.
TEST_F(HostTest, DynamicRangeValidation) {
  EXPECT_EQ(host_.GetDynamicPortRange(Protocol::kTcp),
            (sim::DynamicPortRange{49152, 16384}));
  EXPECT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {10000, 254}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {65281, 256}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {0, 1000}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(host_.SetDynamicPortRange(Protocol::kTcp, {65281, 255}), IsOk());
  EXPECT_EQ(host_.GetDynamicPortRange(Protocol::kUdp),
            (sim::DynamicPortRange{49152, 16384}))
      << "TCP and UDP ranges are separate";
}

// host.h: tokens are non-zero, unique, opaque (not sequential) and a
// function of the seed.
TEST(HostTokens, TokensAreUniqueOpaqueAndSeedDeterministic) {
  auto tokens_of = [](uint64_t seed) {
    sim::Host host({.seed = seed});
    auto ports = host.Process(host.SpawnProcess());
    SocketId s =
        *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
    std::vector<uint64_t> tokens;
    for (int i = 0; i < 200; ++i) {
      tokens.push_back(ports->Acquire(s, {0, 1})->token.value());
    }
    return tokens;
  };
  std::vector<uint64_t> first = tokens_of(7);
  EXPECT_EQ(first, tokens_of(7));
  EXPECT_NE(first, tokens_of(8));
  std::set<uint64_t> distinct(first.begin(), first.end());
  EXPECT_EQ(distinct.size(), first.size());
  EXPECT_EQ(distinct.count(0), 0u);
  EXPECT_NE(first[1] - first[0], first[2] - first[1]) << "not a counter";
}

// O2: system reservations are placed like wildcard acquires and refused
// over existing reservations.
TEST_F(HostTest, SystemReservationConflictsAreAddrInUse) {
  MustAcquire(*a_, Tcp(*a_), {5000, 20});
  EXPECT_THAT(host_.AddSystemReservation(Protocol::kTcp, {5010, 100}),
              HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(host_.AddSystemReservation(Protocol::kTcp, {0, 0}),
              HasWindowsCode(kWsaEInval));
}

// M1, M8, O3: the three kinds of reservation side by side — persistent
// (administered, marked in netsh), runtime and a one-port system block such
// as a published container port (both unmarked).
TEST_F(HostTest, ThreeKindsOfReservationShowInNetshAsWindowsListsThem) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kTcp, {50000, 60}), IsOk());
  MustAcquire(*a_, Tcp(*a_), {5000, 20});
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {8080, 1}), IsOk());
  EXPECT_EQ(
      host_.ExcludedPortRanges(Protocol::kTcp),
      (std::vector<sim::ExcludedRange>{
          {5000, 5019, false}, {8080, 8080, false}, {50000, 50059, true}}));
  EXPECT_TRUE(host_.ExcludedPortRanges(Protocol::kUdp).empty()) << "M5";
  // The container's port refuses an ordinary bind, as Docker's does (O1).
  EXPECT_THAT(b_->Bind(Tcp(*b_), kIpv4Any, 8080), HasWindowsCode(kWsaEAcces));
}

TEST_F(HostTest, DumpStateIsCanonical) {
  sim::Host other;
  other.SpawnProcess();
  other.SpawnProcess();
  other.SpawnProcess({.elevated = true});
  EXPECT_EQ(other.DumpState(), host_.DumpState());
  Udp(*a_);
  EXPECT_NE(other.DumpState(), host_.DumpState());
}

}  // namespace
}  // namespace portres::testkit
