// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Differential test (Windows only): the simulator against the real Win32
// backend, call by call, with the algorithm of tests/differential (which
// differential_replay_test checks on Linux: it passes a correct second
// simulator and fails broken ones). Differences declared there are printed,
// so the semantics document can be corrected from a real run; so are, until
// a probe report from real Windows is committed (tests/windows_reports),
// the differences a decision's alternative explains (a U row nobody has
// observed yet); any other difference fails. Skips where the platform lacks
// port reservations (Wine answers WSAEOPNOTSUPP).

#include <cstdio>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"
#include "portres/win32.h"
#include "portres/windows_codes.h"
#include "tests/differential/differential.h"

namespace portres::testkit {
namespace {

TEST(DifferentialTest, SimulatorAndWindowsAgreeCodeByCode) {
  absl::StatusOr<std::unique_ptr<PortReservations>> real =
      NewWin32PortReservations();
  ASSERT_THAT(real, IsOk());
  const bool elevated = Win32ProcessIsElevated();
  DifferentialOptions options;
  options.record_decision_differences = PORTRES_WINDOWS_REPORT_COMMITTED == 0;
  options.alternative = [elevated](const sim::Policy& policy) {
    sim::HostOptions host;
    host.policy = policy;
    return NewSimulatedProcess(host, elevated);
  };
  absl::StatusOr<DifferentialReport> report = RunDifferential(
      [elevated] { return NewSimulatedProcess({}, elevated); }, **real,
      options);
  if (WindowsErrorCode(report.status()) == kWsaEOpNotSupp) {
    GTEST_SKIP() << "this platform lacks port reservations (WSAEOPNOTSUPP)";
  }
  ASSERT_THAT(report, IsOk());
  for (const std::string& t : report->tolerated) {
    std::printf("declared divergence: %s\n", t.c_str());
  }
  for (const std::string& d : report->decided_otherwise) {
    std::printf("decided otherwise by Windows: %s\n", d.c_str());
  }
  std::printf("compared %d calls, %zu declared divergences, %zu decisions "
              "Windows takes otherwise\n",
              report->compared, report->tolerated.size(),
              report->decided_otherwise.size());
  EXPECT_TRUE(report->failures.empty())
      << absl::StrJoin(report->failures, "\n");
}

}  // namespace
}  // namespace portres::testkit
