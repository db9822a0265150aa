// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The socket option rules: setsockopt()/getsockopt() of the options that
// decide binding (spec §16.5), and msquic's SIO_CPU_AFFINITY (SO8).

#ifndef PORTRES_SIM_SOCKET_OPTIONS_H_
#define PORTRES_SIM_SOCKET_OPTIONS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// Contracts: PortReservations::SetOption, GetOption.
absl::Status SetOption(HostState& state, Pid pid, SocketId socket,
                       SocketOption option, uint32_t value);
absl::StatusOr<uint32_t> GetOption(HostState& state, Pid pid, SocketId socket,
                                   SocketOption option);

}  // namespace portres::sim

#endif  // PORTRES_SIM_SOCKET_OPTIONS_H_
