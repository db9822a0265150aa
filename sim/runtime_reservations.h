// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The runtime reservation rules: the SIO_ACQUIRE, SIO_ASSOCIATE and
// SIO_RELEASE_PORT_RESERVATION ioctls (spec §3-§5), where an acquired block
// is placed, and the blocks simulated system services hold (spec O1-O3).

#ifndef PORTRES_SIM_RUNTIME_RESERVATIONS_H_
#define PORTRES_SIM_RUNTIME_RESERVATIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: PortReservations::Acquire, Release, Associate.
absl::StatusOr<Reservation> Acquire(HostState& state, Pid pid, SocketId socket,
                                    PortRange range);
absl::Status Release(HostState& state, Pid pid, SocketId socket, Token token);
absl::Status Associate(HostState& state, Pid pid, SocketId socket, Token token);

// Contracts: Host::AddSystemReservation, RemoveSystemReservation.
absl::StatusOr<Reservation> AddSystemReservation(HostState& state,
                                                 Protocol protocol,
                                                 PortRange range);
absl::Status RemoveSystemReservation(HostState& state, Protocol protocol,
                                     Token token);

// Up to `blocks` system blocks of `size` ports at random free places of the
// dynamic range (spec O2, PF4): a machine's services at boot. Fewer when
// the range has no room left.
void StartSystemServices(HostState& state, Protocol protocol, uint16_t blocks,
                         uint16_t size);

}  // namespace portres::sim

#endif  // PORTRES_SIM_RUNTIME_RESERVATIONS_H_
