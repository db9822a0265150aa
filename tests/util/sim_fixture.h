// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A fixture with one simulated host and two unelevated processes (a, b) plus
// one elevated one (admin), and helpers that open sockets and fail the test
// on unexpected errors. After every test it checks the host's invariants.

#ifndef PORTRES_TESTS_UTIL_SIM_FIXTURE_H_
#define PORTRES_TESTS_UTIL_SIM_FIXTURE_H_

#include <memory>

#include "gtest/gtest.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"
#include "portres/testing/status_matchers.h"

namespace portres::testkit {

// Host options with handle values reused as `reuse` says (U27).
inline sim::HostOptions WithHandleReuse(sim::HandleReuse reuse) {
  sim::HostOptions options;
  options.policy.handle_reuse = reuse;
  return options;
}

class SimTest : public ::testing::Test {
 protected:
  explicit SimTest(sim::HostOptions options = {})
      : host_(options),
        pid_a_(host_.SpawnProcess()),
        pid_b_(host_.SpawnProcess()),
        pid_admin_(host_.SpawnProcess({.elevated = true})),
        a_(host_.Process(pid_a_)),
        b_(host_.Process(pid_b_)),
        admin_(host_.Process(pid_admin_)) {}

  void TearDown() override { EXPECT_THAT(host_.CheckInvariants(), IsOk()); }

  static SocketId Udp(PortReservations& ports,
                      AddressFamily family = AddressFamily::kInet) {
    absl::StatusOr<SocketId> s =
        ports.OpenSocket(family, SocketType::kDatagram, kIpProtoUdp);
    EXPECT_THAT(s, IsOk());
    return s.value_or(0);
  }
  static SocketId Tcp(PortReservations& ports,
                      AddressFamily family = AddressFamily::kInet) {
    absl::StatusOr<SocketId> s =
        ports.OpenSocket(family, SocketType::kStream, kIpProtoTcp);
    EXPECT_THAT(s, IsOk());
    return s.value_or(0);
  }
  // Acquires `range` on `socket`, failing the test if that fails.
  static Reservation MustAcquire(PortReservations& ports, SocketId socket,
                                 PortRange range) {
    absl::StatusOr<Reservation> r = ports.Acquire(socket, range);
    EXPECT_THAT(r, IsOk());
    return r.value_or(Reservation{});
  }

  sim::Host host_;
  sim::Pid pid_a_, pid_b_, pid_admin_;
  std::unique_ptr<PortReservations> a_, b_, admin_;
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_UTIL_SIM_FIXTURE_H_
