// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The differential algorithm (differential.h) replayed on Linux: against a
// second simulator that differs from the reference only where Windows may
// (how handle values are reused, U27) it must find nothing, and against a
// subject with a real bug — a wrong byte order, a wrong code — it must
// fail. This is what makes a green Windows run mean something.

#include <cstdint>
#include <string>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/testing/forwarding_port_reservations.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"
#include "tests/differential/differential.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

using ::testing::HasSubstr;

DifferentialReport Replay(PortReservations& subject) {
  absl::StatusOr<DifferentialReport> report =
      RunDifferential([] { return NewSimulatedProcess(); }, subject);
  EXPECT_THAT(report, IsOk());
  return report.value_or(DifferentialReport{});
}

class HandleReuseTest : public ::testing::TestWithParam<sim::HandleReuse> {};

// Windows' handle order is unknown (U27): whichever a second machine uses,
// a correct one agrees with the reference everywhere.
TEST_P(HandleReuseTest, AgreesWhateverTheHandleOrder) {
  std::unique_ptr<PortReservations> subject =
      NewSimulatedProcess(WithHandleReuse(GetParam()));
  const DifferentialReport report = Replay(*subject);
  EXPECT_TRUE(report.failures.empty()) << absl::StrJoin(report.failures, "\n");
  EXPECT_TRUE(report.tolerated.empty());
  EXPECT_EQ(report.compared, 40 * 40) << "every sequence runs to its end";
}

INSTANTIATE_TEST_SUITE_P(Orders, HandleReuseTest,
                         ::testing::Values(sim::HandleReuse::kLifo,
                                           sim::HandleReuse::kLowest,
                                           sim::HandleReuse::kNever));

// A backend that reports acquired blocks in network byte order (the bug
// msquic's first attempt had, docs [MSQ-2017]).
class SwappedByteOrder : public ForwardingPortReservations {
 public:
  using ForwardingPortReservations::ForwardingPortReservations;
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    absl::StatusOr<Reservation> r =
        ForwardingPortReservations::Acquire(socket, range);
    if (r.ok()) {
      r->range.start = static_cast<uint16_t>((r->range.start >> 8) |
                                             (r->range.start << 8));
    }
    return r;
  }
};

// A backend that answers an overlapping acquire with WSAEACCES, not AQ7's
// WSAEADDRINUSE.
class WrongOverlapCode : public ForwardingPortReservations {
 public:
  using ForwardingPortReservations::ForwardingPortReservations;
  absl::StatusOr<Reservation> Acquire(SocketId socket,
                                      PortRange range) override {
    absl::StatusOr<Reservation> r =
        ForwardingPortReservations::Acquire(socket, range);
    if (WindowsErrorCode(r.status()) == kWsaEAddrInUse) {
      return WindowsError(kWsaEAcces, "acquire: wrong code on purpose");
    }
    return r;
  }
};

// A divergence is declared for a pair of codes, not for an operation: bind
// may answer WSAEADDRINUSE where the simulator gives WSAENOBUFS (U8), but
// not where it gives WSAEINVAL.
class WrongBindCode : public ForwardingPortReservations {
 public:
  using ForwardingPortReservations::ForwardingPortReservations;
  absl::StatusOr<uint16_t> Bind(SocketId socket, const IpAddress& address,
                                uint16_t port) override {
    absl::StatusOr<uint16_t> r =
        ForwardingPortReservations::Bind(socket, address, port);
    if (WindowsErrorCode(r.status()) == kWsaEInval) {
      return WindowsError(kWsaEAddrInUse, "bind: alternative code");
    }
    return r;
  }
};

// The first failure the replay reports against a `Broken` simulator, or "".
template <typename Broken>
std::string FirstFailure() {
  std::unique_ptr<PortReservations> machine = NewSimulatedProcess();
  Broken subject(*machine);
  const DifferentialReport report = Replay(subject);
  return report.failures.empty() ? "" : report.failures[0];
}

TEST(DifferentialTest, FindsAWrongByteOrder) {
  EXPECT_THAT(FirstFailure<SwappedByteOrder>(), HasSubstr("acquired"));
}

TEST(DifferentialTest, FindsAWrongCode) {
  EXPECT_THAT(FirstFailure<WrongOverlapCode>(),
              HasSubstr("reference=10048 subject=10013"));
}

TEST(DifferentialTest, ToleratesOnlyTheDeclaredPairOfCodes) {
  EXPECT_THAT(FirstFailure<WrongBindCode>(),
              HasSubstr("reference=10022 subject=10048"));
}


// Until a report from real Windows is committed, a difference that a
// decision's alternative explains is recorded, naming the row, not failed:
// a second simulator that took U9 the other way is one such subject.
TEST(DifferentialTest, RecordsADifferenceADecisionExplains) {
  sim::HostOptions other;
  other.policy.bind_outside_reservation_error = kWsaEAddrInUse;
  std::unique_ptr<PortReservations> subject = NewSimulatedProcess(other);
  EXPECT_FALSE(Replay(*subject).failures.empty())
      << "without recording, the difference fails";
  absl::StatusOr<DifferentialReport> report =
      RunDifferential([] { return NewSimulatedProcess(); }, *subject,
                      {.record_decision_differences = true});
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->failures.empty())
      << absl::StrJoin(report->failures, "\n");
  ASSERT_FALSE(report->decided_otherwise.empty());
  EXPECT_THAT(report->decided_otherwise[0],
              HasSubstr("U9 (bind_outside_reservation_error = 10048)"));
}

// A difference no decision explains still fails when recording.
TEST(DifferentialTest, RecordsNothingNoDecisionExplains) {
  std::unique_ptr<PortReservations> machine = NewSimulatedProcess();
  WrongOverlapCode subject(*machine);
  absl::StatusOr<DifferentialReport> report =
      RunDifferential([] { return NewSimulatedProcess(); }, subject,
                      {.record_decision_differences = true});
  ASSERT_THAT(report, IsOk());
  ASSERT_FALSE(report->failures.empty());
  EXPECT_THAT(report->failures[0], HasSubstr("reference=10048 subject=10013"));
}

}  // namespace
}  // namespace portres::testkit
