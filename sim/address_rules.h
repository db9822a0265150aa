// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Windows' rules for two binds of one port (spec §16): which IP stack and
// address each bind occupies, and the SO_REUSEADDR / SO_EXCLUSIVEADDRUSE
// matrix that decides whether a second bind may join the first. Pure
// functions of the two sockets' records and the policy; sockets.cc applies
// them to every socket already on the port.

#ifndef PORTRES_SIM_ADDRESS_RULES_H_
#define PORTRES_SIM_ADDRESS_RULES_H_

#include <cstdint>

#include "portres/sim/policy.h"
#include "portres/types.h"
#include "sim/host_state.h"

namespace portres::sim {

// What a bind asks for, before it is recorded: the socket, the address and
// the reservation it binds through (0 if none).
struct BindRequest {
  const SocketRecord& socket;
  const IpAddress& address;
  Token group;
};

// The Windows code a new bind `incoming` gets from `existing`, a socket
// already bound to the same protocol and port; 0 when both may hold it.
uint32_t BindConflict(const Policy& policy, const SocketRecord& existing,
                      const BindRequest& incoming);

// The address a bound socket holds, as an IpAddress of its family.
IpAddress BoundAddress(const SocketRecord& socket);

}  // namespace portres::sim

#endif  // PORTRES_SIM_ADDRESS_RULES_H_
