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
rc::Gen<int> PickToken(const model::Model& m);
rc::Gen<int> PickProcess(const model::Model& m);
rc::Gen<uint16_t> PickCount();
// A port inside a live reservation, or some open socket's port.
rc::Gen<uint16_t> PortInReservation(const model::Model& m);
rc::Gen<uint16_t> BoundPort(const model::Model& m);
rc::Gen<uint16_t> PickStart(const model::Model& m, bool allow_wildcard);
rc::Gen<PortRange> PickRange(const model::Model& m, bool allow_wildcard);
rc::Gen<Protocol> PickProtocol();

// The current process's associated, unbound sockets with the ports a bind
// through their reservation would use.
std::vector<std::pair<int, uint16_t>> BindsThroughReservations(
    const model::Model& m);
// (socket, token) pairs the current process may associate.
std::vector<std::pair<int, int>> UsableAssociations(const model::Model& m);

}  // namespace portres::testkit

#endif  // PORTRES_TESTS_MODEL_GENERATORS_H_
