// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Uses each piece of the installed test kit as a user's test would: the
// status matchers, the gMock mock, and the contract suite run against the
// simulator (its tests are compiled into this binary by
// portres::contract_suite).

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/sim/host.h"
#include "portres/status.h"
#include "portres/fault_plan.h"
#include "portres/sim/profile.h"
#include "portres/testing/contract_suite.h"
#include "portres/testing/fault_injection.h"
#include "portres/testing/mock_port_reservations.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"

namespace {

using ::portres::testkit::HasWindowsCode;
using ::portres::testkit::IsOk;
// INSTANTIATE_TEST_SUITE_P pastes the fixture's name: it must be unqualified.
using ::portres::testkit::PortReservationsContractTest;
using ::testing::Return;

TEST(InstalledTestKit, MatchersNameTheWindowsCode) {
  portres::sim::Host host;
  auto ports = host.Process(host.SpawnProcess());
  auto s = ports->OpenSocket(portres::AddressFamily::kInet,
                             portres::SocketType::kDatagram, 0);
  ASSERT_THAT(s, IsOk());
  ASSERT_THAT(ports->Acquire(*s, {5000, 20}), IsOk());
  EXPECT_THAT(ports->Acquire(*s, {5010, 1}),
              HasWindowsCode(portres::kWsaEAddrInUse));
  EXPECT_EQ(::testing::DescribeMatcher<absl::Status>(
                HasWindowsCode(portres::kWsaEAcces)),
            "fails with WSAEACCES (10013)");
}

// Code under test: retries a wildcard acquire once on WSAENOBUFS.
absl::StatusOr<portres::Reservation> AcquireWithRetry(
    portres::PortReservations& ports, portres::SocketId socket) {
  absl::StatusOr<portres::Reservation> r = ports.Acquire(socket, {0, 8});
  if (portres::WindowsErrorCode(r) == portres::kWsaENoBufs) {
    r = ports.Acquire(socket, {0, 8});
  }
  return r;
}

// The same retry against the simulator, the failure scheduled by a plan.
TEST(InstalledTestKit, FaultPlanMakesTheFirstAcquireFail) {
  portres::sim::Host host(*portres::sim::ProfileOptions("windows-hyperv"));
  auto backend = host.Process(host.SpawnProcess());
  portres::FaultPlan plan;
  portres::testkit::FaultInjectingPortReservations ports(*backend, plan);
  auto s = ports.OpenSocket(portres::AddressFamily::kInet,
                            portres::SocketType::kStream, 0);
  ASSERT_THAT(s, IsOk());
  ASSERT_THAT(plan.FailNext(portres::Operation::kAcquire, portres::kWsaENoBufs),
              IsOk());
  EXPECT_THAT(AcquireWithRetry(ports, *s), IsOk());
  EXPECT_EQ(plan.Injected().size(), 1u);
}

TEST(InstalledTestKit, MockMakesACallFailAsWindowsWould) {
  portres::testkit::MockPortReservations ports;
  const portres::Reservation granted{{50000, 8}, portres::Token(42)};
  EXPECT_CALL(ports, Acquire(7, portres::PortRange{0, 8}))
      .WillOnce(Return(portres::WindowsError(portres::kWsaENoBufs, "full")))
      .WillOnce(Return(granted));
  absl::StatusOr<portres::Reservation> r = AcquireWithRetry(ports, 7);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, granted);
}

portres::testkit::ContractBackend Simulator() {
  return {.name = "installed_sim", .make = [] {
            struct Owner {
              portres::sim::Host host;
              std::unique_ptr<portres::PortReservations> view;
            };
            auto owner = std::make_shared<Owner>();
            owner->view = owner->host.Process(owner->host.SpawnProcess());
            return std::shared_ptr<portres::PortReservations>(
                owner, owner->view.get());
          }};
}

INSTANTIATE_TEST_SUITE_P(Installed, PortReservationsContractTest,
                         ::testing::Values(Simulator()),
                         portres::testkit::ContractBackendName);

}  // namespace
