// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The simulator's safety net: CheckInvariants() cross-checks every table,
// list and index of the state against the others and against a brute-force
// recomputation of the free space; the dumps are the canonical texts tests
// compare (a failed call must leave DumpState() unchanged).

#ifndef PORTRES_SIM_STATE_CHECKS_H_
#define PORTRES_SIM_STATE_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: Host::CheckInvariants, DumpState, DumpPools.
absl::Status CheckInvariants(const HostState& state);
std::string DumpState(const HostState& state);
std::string DumpPools(const HostState& state);

}  // namespace portres::sim

#endif  // PORTRES_SIM_STATE_CHECKS_H_
