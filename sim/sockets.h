// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The socket rules: socket(), closesocket() and bind(), with the port choice
// of spec §4.3 (associated sockets) and §6 (unassociated ones) and the
// address rules of §16 (address_rules.h).

#ifndef PORTRES_SIM_SOCKETS_H_
#define PORTRES_SIM_SOCKETS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: PortReservations::OpenSocket, CloseSocket, Bind.
absl::StatusOr<SocketId> OpenSocket(HostState& state, Pid pid,
                                    AddressFamily family, SocketType type,
                                    int protocol);
absl::Status CloseSocket(HostState& state, Pid pid, SocketId socket);
absl::StatusOr<uint16_t> Bind(HostState& state, Pid pid, SocketId socket,
                              const IpAddress& address, uint16_t port);

// Closes a live socket: its port is freed and the runtime reservations
// acquired on it are released (spec §3.3). For closesocket() and for a
// process's exit.
void CloseSocketSlot(HostState& state, uint32_t slot);

}  // namespace portres::sim

#endif  // PORTRES_SIM_SOCKETS_H_
