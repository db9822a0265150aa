// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Generators for the model suite's command arguments, biased toward the
// interesting paths: collisions inside a small port window, recent and live
// tokens, own sockets, stale and foreign handles, elevation flips, and the
// next step of acquire -> associate -> bind flows.

#ifndef PORTRES_TESTS_MODEL_GENERATORS_H_
#define PORTRES_TESTS_MODEL_GENERATORS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "portres/types.h"
#include "rapidcheck.h"
#include "tests/model/model.h"

namespace portres::testkit {

// Ports the commands aim at: a 24-port window where blocks collide often.
inline constexpr uint16_t kWindow = 5000;

rc::Gen<int> PickSocket(const model::Model& m);
// Like PickSocket, leaning harder toward the current process's open,
// unbound sockets: those whose options and binds the rules still decide.
rc::Gen<int> PickUnboundSocket(const model::Model& m);
rc::Gen<int> PickToken(const model::Model& m);
rc::Gen<int> PickProcess(const model::Model& m);
rc::Gen<uint16_t> PickCount();
// A port inside a live reservation, or some open socket's port.
rc::Gen<uint16_t> PortInReservation(const model::Model& m);
rc::Gen<uint16_t> BoundPort(const model::Model& m);
rc::Gen<uint16_t> PickStart(const model::Model& m, bool allow_wildcard);
rc::Gen<PortRange> PickRange(const model::Model& m, bool allow_wildcard);
rc::Gen<Protocol> PickProtocol();
// How many ports of the protocol's dynamic range are neither reserved nor
// bound.
uint16_t FreeDynamicPorts(const model::Model& m, Protocol protocol);
// An address for socket `socket` to bind to `port`: often one a socket
// already bound to `port` holds (in this socket's family's spelling), else
// its family's wildcard or loopback, another loopback address, a v4-mapped
// one, a non-local one, or one of the other family (spec §16).
rc::Gen<IpAddress> PickAddress(const model::Model& m, int socket,
                               uint16_t port);
// An option to set or read on socket `socket`: on an IPv6 socket mostly
// IPV6_V6ONLY, the way to a dual-stack socket.
rc::Gen<SocketOption> PickOption(const model::Model& m, int socket);

// The current process's associated, unbound sockets with the ports a bind
// through their reservation would use.
std::vector<std::pair<int, uint16_t>> BindsThroughReservations(
    const model::Model& m);
// (socket, token) pairs the current process may associate.
std::vector<std::pair<int, int>> UsableAssociations(const model::Model& m);

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_MODEL_GENERATORS_H_
