// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The persistent reservation rules: Create/Delete/LookupPersistent{Tcp,Udp}-
// PortReservation (spec §7-§9), with the access and parameter checks in the
// U16 order and the U14 switch for platforms without the functions.

#ifndef PORTRES_SIM_PERSISTENT_RESERVATIONS_H_
#define PORTRES_SIM_PERSISTENT_RESERVATIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: PortReservations::CreatePersistent, DeletePersistent,
// LookupPersistent.
absl::StatusOr<Token> CreatePersistent(HostState& state, Pid pid,
                                       Protocol protocol, PortRange range);
absl::Status DeletePersistent(HostState& state, Pid pid, Protocol protocol,
                              PortRange range);
absl::StatusOr<Token> LookupPersistent(HostState& state, Pid pid,
                                       Protocol protocol, PortRange range);

}  // namespace portres::sim

#endif  // PORTRES_SIM_PERSISTENT_RESERVATIONS_H_
