// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// FaultInjectingPortReservations over the simulator (docs §20, FI1-FI4):
// the planned calls fail with the planned code and leave the host exactly
// as it was; the others behave as always.

#include "portres/testing/fault_injection.h"

#include <initializer_list>
#include <string>

#include "gtest/gtest.h"
#include "portres/fault_plan.h"
#include "portres/windows_codes.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class FaultInjectionTest : public SimTest {
 protected:
  FaultPlan plan_;
  FaultInjectingPortReservations ports_{*a_, plan_, pid_a_};
};

// FI1, FI3: "the second acquire fails with WSAENOBUFS" — and reserves
// nothing; the third, unplanned, succeeds as the rules say.
TEST_F(FaultInjectionTest, SecondAcquireFailsWithNoBufsAndChangesNothing) {
  const SocketId s = Udp(ports_);
  ASSERT_THAT(ports_.Acquire(s, {0, 10}), IsOk());
  ASSERT_THAT(plan_.FailNext(Operation::kAcquire, kWsaENoBufs), IsOk());
  const std::string before = host_.DumpState();
  EXPECT_THAT(ports_.Acquire(s, {0, 10}), HasWindowsCode(kWsaENoBufs));
  EXPECT_EQ(host_.DumpState(), before);
  absl::StatusOr<Reservation> third = ports_.Acquire(s, {0, 10});
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->range.start, 49162) << "next to the first block (U18)";
  ASSERT_EQ(plan_.Injected().size(), 1u);
  EXPECT_EQ(plan_.Injected()[0].call.process, pid_a_);
  EXPECT_EQ(plan_.Injected()[0].call.protocol, Protocol::kUdp);
}

// FI1: "every bind into 5000-5099 fails with WSAEACCES from now on".
TEST_F(FaultInjectionTest, EveryBindIntoARangeFails) {
  ASSERT_THAT(plan_.FailWhen(Operation::kBind, kWsaEAcces,
                             TouchesPorts(5000, 5099)),
              IsOk());
  const SocketId s = Tcp(ports_);
  for (uint16_t port : std::initializer_list<uint16_t>{5000, 5042, 5099}) {
    EXPECT_THAT(ports_.Bind(s, IpAddress::Any(AddressFamily::kInet), port),
                HasWindowsCode(kWsaEAcces));
  }
  EXPECT_THAT(ports_.Bind(s, IpAddress::Any(AddressFamily::kInet), 5100),
              IsOk());
  EXPECT_EQ(plan_.Injected().size(), 3u);
}

// FI1: rules can select by protocol and by socket.
TEST_F(FaultInjectionTest, PredicateSeesTheSocketAndItsProtocol) {
  const SocketId tcp = Tcp(ports_);
  const SocketId udp = Udp(ports_);
  ASSERT_THAT(plan_.FailWhen(Operation::kCloseSocket, kWsaENetDown,
                             [](const FaultCall& call) {
                               return call.protocol == Protocol::kUdp;
                             }),
              IsOk());
  EXPECT_THAT(ports_.CloseSocket(udp), HasWindowsCode(kWsaENetDown));
  EXPECT_THAT(ports_.CloseSocket(tcp), IsOk());
  plan_.Clear();
  EXPECT_THAT(ports_.CloseSocket(udp), IsOk()) << "the failed close did not";
}

// FI3: a faulted persistent call changes nothing either; FI2: an
// undocumented code is refused.
TEST_F(FaultInjectionTest, PersistentCallsAndRefusedCodes) {
  FaultInjectingPortReservations admin(*admin_, plan_, pid_admin_);
  EXPECT_THAT(plan_.FailNext(Operation::kCreatePersistent, kWsaENoBufs),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_THAT(plan_.FailNext(Operation::kCreatePersistent,
                             kErrorSharingViolation),
              IsOk());
  EXPECT_THAT(admin.CreatePersistent(Protocol::kTcp, {5000, 10}),
              HasWindowsCode(kErrorSharingViolation));
  EXPECT_THAT(admin.LookupPersistent(Protocol::kTcp, {5000, 10}),
              HasWindowsCode(kErrorNotFound));
  EXPECT_THAT(admin.CreatePersistent(Protocol::kTcp, {5000, 10}), IsOk());
}

}  // namespace
}  // namespace portres::testkit
