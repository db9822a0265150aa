// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The differential algorithm: the same generated single-process sequences of
// socket, bind, acquire, release and associate calls run on a reference
// simulator and on a subject backend (real Windows through the Win32
// backend, or on Linux a second simulator), compared call by call — the
// Windows code of every call, the range of every acquire and the port of
// every bind.
//
// It is written so that a correct subject passes:
// - Handles: each side keeps its own open sockets; a closed socket leaves
//   both lists at once, so no call ever goes through a stale handle, whose
//   meaning depends on how each side reuses values (docs §18, U27).
// - Choices the sources leave open are compared by their rules, not their
//   values: a wildcard block must have the requested size, and bind(0) on a
//   socket associated with it must get a port inside that side's block
//   (U10, U18); an unassociated bind(0) must get a non-zero port.
// - A difference is tolerated only if it is declared for that operation and
//   that pair of codes (kTolerated in differential.cc, each naming the U row
//   and the policy switch whose alternative Windows would be taking). After
//   one in which a side succeeded, the states differ, so the sequence ends.
//
// Ports: explicit ports come from a window the subject hands out itself
// (FindFreePorts, portres/testing/free_ports.h), so they are free on the
// subject's machine whatever its excluded ranges.

#ifndef PORTRES_TESTS_DIFFERENTIAL_DIFFERENTIAL_H_
#define PORTRES_TESTS_DIFFERENTIAL_DIFFERENTIAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"

namespace portres::testkit {

// A simulated process whose host follows `policy` (one host per call).
using PolicyFactory =
    std::function<std::unique_ptr<PortReservations>(const sim::Policy&)>;

struct DifferentialOptions {
  uint64_t seed = 20261126;
  int sequences = 40;
  int steps = 40;
  int window = 32;  // ports in the explicit-port window
  // For a subject whose answers to the open decisions nobody has observed
  // yet (real Windows, until a probe report from it is committed): a
  // difference not declared in kTolerated is replayed against each
  // decision's alternative (a U row's policy switch set another way, on a
  // fresh simulator from `alternative`); if one reproduces every answer of
  // the subject in the sequence so far, the difference is recorded in
  // `decided_otherwise`, naming the row, instead of failing.
  bool record_decision_differences = false;
  PolicyFactory alternative;  // default: an unelevated simulated process
};

struct DifferentialReport {
  int compared = 0;                   // calls compared
  std::vector<std::string> failures;  // one per failed sequence, with trace
  std::vector<std::string> tolerated; // declared divergences met
  std::vector<std::string> decided_otherwise;  // see record_decision_...
};

// A fresh reference per sequence (the simulator, one process).
using ReferenceFactory = std::function<std::unique_ptr<PortReservations>()>;

// One process of a host of its own, which the result owns.
std::unique_ptr<PortReservations> NewSimulatedProcess(
    const sim::HostOptions& options = {}, bool elevated = false);

// Runs the sequences. `subject` is shared by all of them; every socket a
// sequence opened on it is closed before the next. Fails (status) only when
// the subject cannot hand out the port window.
absl::StatusOr<DifferentialReport> RunDifferential(
    const ReferenceFactory& reference, PortReservations& subject,
    const DifferentialOptions& options = {});

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_DIFFERENTIAL_DIFFERENTIAL_H_
