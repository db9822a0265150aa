// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The machine's own controls, which no process's interface offers:
// processes starting and ending, reboot (spec M10), the dynamic port ranges
// (spec §10.1, §11) and what netsh lists as excluded (spec M8, §10.2).

#ifndef PORTRES_SIM_MACHINE_CONTROLS_H_
#define PORTRES_SIM_MACHINE_CONTROLS_H_

#include <vector>

#include "absl/status/status.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: the Host methods of the same names (portres/sim/host.h).
Pid SpawnProcess(HostState& state, bool elevated);
absl::Status ExitProcess(HostState& state, Pid pid);
std::vector<Pid> LiveProcesses(const HostState& state);
void Reboot(HostState& state);
absl::Status AddLocalAddress(HostState& state, const IpAddress& address);
absl::Status SetDynamicPortRange(HostState& state, Protocol protocol,
                                 DynamicPortRange range);
std::vector<ExcludedRange> ExcludedPortRanges(const HostState& state,
                                              Protocol protocol);
std::vector<ProcessHoldings> Holdings(const HostState& state);

}  // namespace portres::sim

#endif  // PORTRES_SIM_MACHINE_CONTROLS_H_
