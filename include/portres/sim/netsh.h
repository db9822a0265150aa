// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: netsh.h
//
// The exact text `netsh int ipv4 show excludedportrange protocol=tcp|udp` and
// `netsh int ipv4 show dynamicport tcp|udp` print (English UI, spec §10.2 and
// §10.3), for the simulator's state, so that scripts and tests that parse
// netsh output can run against it.
//
// Example:
//   std::cout << portres::sim::FormatExcludedPortRanges(
//       portres::Protocol::kTcp,
//       host.ExcludedPortRanges(portres::Protocol::kTcp));
//
// Thread safety: pure functions.

#ifndef PORTRES_SIM_NETSH_H_
#define PORTRES_SIM_NETSH_H_

#include <string>

#include "absl/types/span.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim {

// Rows are printed in the order given; Host::ExcludedPortRanges() already
// returns them ascending by start port, as netsh does.
std::string FormatExcludedPortRanges(Protocol protocol,
                                     absl::Span<const ExcludedRange> rows);

// `netsh int ipv4 show dynamicport tcp|udp`'s text.
std::string FormatDynamicPortRange(Protocol protocol, DynamicPortRange range);

}  // namespace portres::sim

#endif  // PORTRES_SIM_NETSH_H_
