// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// rapidcheck properties of the simulated host over random operation
// sequences on several processes (host.h):
//  - CheckInvariants() holds after every step;
//  - a failed call changes nothing and carries a Windows code that its
//    operation can give (portres/operations.h);
//  - releasing a reservation, closing a process's sockets, or its exit
//    returns the pools to their earlier state.
// Replay a failure with the seed it prints:
//   RC_PARAMS="reproduce=<string>" build/tests/property_test

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "rapidcheck/gtest.h"
#include "tests/property/random_ops.h"

namespace portres::testkit {
namespace {

// Runs `ops`, checking invariants and failure atomicity at every step.
void RunChecked(OpDriver& driver, const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    const std::string before = driver.host().DumpState();
    absl::Status status = driver.Apply(op);
    if (!status.ok()) {
      RC_ASSERT(driver.host().DumpState() == before);
      // ExitProcess of a dead pid is NOT_FOUND without a Windows code.
      if (op.kind != Operation::kExitProcess) {
        const std::optional<uint32_t> code = WindowsErrorCode(status);
        RC_ASSERT(code.has_value());
        if (!IsFailureCode(op.kind, *code)) {
          RC_FAIL(absl::StrCat(OperationName(op.kind), " failed with ", *code,
                               ", a code it cannot give: ", status.ToString()));
        }
      }
    }
    absl::Status invariants = driver.host().CheckInvariants();
    if (!invariants.ok()) RC_FAIL(std::string(invariants.message()));
  }
}

RC_GTEST_PROP(HostProperties, InvariantsHoldAndFailedCallsChangeNothing,
              (uint64_t seed)) {
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  OpDriver driver(seed);
  RunChecked(driver, ops);
}

RC_GTEST_PROP(HostProperties, ReleaseRestoresThePools, (uint64_t seed)) {
  const auto prefix = *rc::gen::container<std::vector<Op>>(GenOp());
  const Op acquire = *rc::gen::construct<Op>(
      rc::gen::just(Operation::kAcquire), rc::gen::just(0), rc::gen::just(0),
      rc::gen::inRange(0, 41), rc::gen::inRange(1, 9), rc::gen::just(0),
      rc::gen::just(false));
  OpDriver driver(seed);
  RunChecked(driver, prefix);
  const sim::Pid pid = driver.SpawnFocused(/*elevated=*/false);
  PortReservations& ports = driver.View(pid);
  absl::StatusOr<SocketId> s =
      ports.OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  RC_ASSERT(s.ok());
  const std::string pools = driver.host().DumpPools();
  const PortRange range =
      acquire.port == 0
          ? PortRange{0, static_cast<uint16_t>(acquire.count)}
          : PortRange{static_cast<uint16_t>(5000 + acquire.port - 1),
                      static_cast<uint16_t>(acquire.count)};
  absl::StatusOr<Reservation> r = ports.Acquire(*s, range);
  RC_CLASSIFY(r.ok());
  if (!r.ok()) return;
  RC_ASSERT(driver.host().DumpPools() != pools);
  RC_ASSERT(ports.Release(*s, r->token).ok());
  RC_ASSERT(driver.host().DumpPools() == pools);
}

RC_GTEST_PROP(HostProperties, ClosingAllSocketsOrExitRestoresThePools,
              (uint64_t seed, bool exit_instead)) {
  const auto prefix = *rc::gen::container<std::vector<Op>>(GenOp());
  const auto own = *rc::gen::container<std::vector<Op>>(GenOwnSocketOp());
  OpDriver driver(seed);
  RunChecked(driver, prefix);
  const sim::Pid pid = driver.SpawnFocused(/*elevated=*/false);
  const std::string pools = driver.host().DumpPools();
  RunChecked(driver, own);
  if (exit_instead) {
    RC_ASSERT(driver.host().ExitProcess(pid).ok());
  } else {
    for (SocketId s : driver.SocketsOf(pid)) {
      (void)driver.View(pid).CloseSocket(s);  // some are closed already
    }
  }
  RC_ASSERT(driver.host().CheckInvariants().ok());
  RC_ASSERT(driver.host().DumpPools() == pools);
}

}  // namespace
}  // namespace portres::testkit
